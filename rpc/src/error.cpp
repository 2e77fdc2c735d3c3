// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/error.hpp>

#include <sockrpc/detail/code_table.hpp>

namespace sockrpc::rpc {
namespace {

constexpr condition kProtocol = condition::protocol_failure;

constexpr detail::code_entry rpc_texts[] = {
    {static_cast<int>(errc::xml_parse_error), "XML parse error", std::errc::protocol_error,
     kProtocol},
    {static_cast<int>(errc::invalid_document), "invalid XML-RPC document",
     std::errc::protocol_error, kProtocol},
    {static_cast<int>(errc::limit_exceeded), "limit exceeded", std::errc::value_too_large,
     kProtocol},
    {static_cast<int>(errc::type_mismatch), "type mismatch", std::errc::invalid_argument},
    {static_cast<int>(errc::unrepresentable), "value cannot be represented in XML-RPC",
     std::errc::illegal_byte_sequence},
    {static_cast<int>(errc::protocol_error), "protocol error", std::errc::protocol_error,
     kProtocol},
    {static_cast<int>(errc::http_status), "unexpected HTTP status", std::errc{}, kProtocol},
    {static_cast<int>(errc::unavailable), "service unavailable",
     std::errc::resource_unavailable_try_again},
    {static_cast<int>(errc::cancelled), "operation cancelled", std::errc::operation_canceled},
    {static_cast<int>(errc::fault), "fault answer", std::errc{}, condition::fault},
};

class rpc_category final : public detail::code_table_category {
 public:
  constexpr rpc_category() noexcept
      : code_table_category("sockrpc.rpc", rpc_texts, "unknown rpc error") {}
};

}  // namespace

const std::error_category& category() noexcept {
  static const rpc_category instance;
  return instance;
}

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/error.hpp>

#include <sockrpc/detail/code_table.hpp>

namespace sockrpc::rpc {
namespace {

constexpr condition kProtocol = condition::protocol_failure;

constexpr detail::code_entry rpc_texts[] = {
    {errc::xml_parse_error, "XML parse error", std::errc::protocol_error, kProtocol},
    {errc::invalid_document, "invalid XML-RPC document", std::errc::protocol_error, kProtocol},
    {errc::limit_exceeded, "limit exceeded", std::errc::value_too_large, kProtocol},
    {errc::type_mismatch, "type mismatch", std::errc::invalid_argument},
    {errc::unrepresentable, "value cannot be represented in XML-RPC",
     std::errc::illegal_byte_sequence},
    {errc::protocol_error, "protocol error", std::errc::protocol_error, kProtocol},
    {errc::http_status, "unexpected HTTP status", std::errc{}, kProtocol},
    {errc::unavailable, "service unavailable", std::errc::resource_unavailable_try_again},
    {errc::cancelled, "operation cancelled", std::errc::operation_canceled},
    {errc::fault, "fault answer", std::errc{}, condition::fault},
};

}  // namespace

const std::error_category& category() noexcept {
  static const detail::code_table_category instance("sockrpc.rpc", rpc_texts, "unknown rpc error");
  return instance;
}

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#include <sockrpc/transport/error.hpp>

#include <sockrpc/detail/code_table.hpp>

#include <netdb.h>

namespace sockrpc::transport {
namespace {

constexpr condition kTransport = condition::transport_failure;

constexpr detail::code_entry transport_texts[] = {
    {errc::timeout, "operation timed out", std::errc::timed_out, kTransport},
    {errc::unexpected_eof, "connection closed by peer before the data was complete", std::errc{},
     kTransport},
    {errc::frame_too_large, "frame larger than the configured maximum", std::errc::message_size,
     kTransport},
    {errc::message_too_long, "message longer than the configured maximum", std::errc::message_size,
     kTransport},
    {errc::bad_address, "malformed address", std::errc::invalid_argument, kTransport},
    {errc::socket_closed, "socket is closed", std::errc::bad_file_descriptor, kTransport},
    {errc::too_many_connections, "too many connections", std::errc::resource_unavailable_try_again,
     kTransport},
    {errc::would_block, "operation would block", std::errc::operation_would_block, kTransport},
    {errc::invalid_argument, "invalid argument", std::errc::invalid_argument, kTransport},
};

class netdb_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.netdb"; }
  std::string message(int value) const override { return ::gai_strerror(value); }
  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    // Every resolver error is a transport failure.
    if (cond.category() == condition_category()) return cond == condition::transport_failure;
    return default_error_condition(value) == cond;
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const detail::code_table_category instance("sockrpc.transport", transport_texts,
                                                    "unknown transport error");
  return instance;
}

const std::error_category& netdb_category() noexcept {
  static const netdb_category_impl instance;
  return instance;
}

}  // namespace sockrpc::transport

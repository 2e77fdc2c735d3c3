// SPDX-License-Identifier: MIT
#include <sockrpc/error.hpp>

#include <netdb.h>

#include <cerrno>

namespace sockrpc {
namespace {

class sockrpc_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::timeout:
        return "operation timed out";
      case errc::unexpected_eof:
        return "connection closed by peer before the data was complete";
      case errc::frame_too_large:
        return "frame larger than the configured maximum";
      case errc::message_too_long:
        return "message longer than the configured maximum";
      case errc::bad_address:
        return "malformed address";
      case errc::socket_closed:
        return "socket is closed";
      case errc::too_many_connections:
        return "too many connections";
      case errc::would_block:
        return "operation would block";
      case errc::invalid_argument:
        return "invalid argument";
      case errc::xml_parse_error:
        return "XML parse error";
      case errc::invalid_document:
        return "invalid XML-RPC document";
      case errc::limit_exceeded:
        return "limit exceeded";
      case errc::type_mismatch:
        return "type mismatch";
      case errc::unrepresentable:
        return "value cannot be represented in XML-RPC";
      case errc::protocol_error:
        return "protocol error";
      case errc::http_status:
        return "unexpected HTTP status";
      case errc::unavailable:
        return "service unavailable";
      case errc::cancelled:
        return "operation cancelled";
    }
    return "unknown sockrpc error";
  }

  std::error_condition default_error_condition(int value) const noexcept override {
    switch (static_cast<errc>(value)) {
      case errc::timeout:
        return std::errc::timed_out;
      case errc::socket_closed:
        return std::errc::bad_file_descriptor;
      case errc::would_block:
        return std::errc::operation_would_block;
      case errc::invalid_argument:
      case errc::bad_address:
        return std::errc::invalid_argument;
      case errc::message_too_long:
      case errc::frame_too_large:
        return std::errc::message_size;
      case errc::cancelled:
        return std::errc::operation_canceled;
      case errc::protocol_error:
      case errc::xml_parse_error:
      case errc::invalid_document:
        return std::errc::protocol_error;
      case errc::limit_exceeded:
        return std::errc::value_too_large;
      case errc::type_mismatch:
        return std::errc::invalid_argument;
      case errc::unrepresentable:
        return std::errc::illegal_byte_sequence;
      case errc::too_many_connections:
      case errc::unavailable:
        return std::errc::resource_unavailable_try_again;
      case errc::unexpected_eof:
      case errc::http_status:
        break;
    }
    return {value, *this};
  }
};

class netdb_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.netdb"; }
  std::string message(int value) const override { return ::gai_strerror(value); }
};

}  // namespace

const std::error_category& category() noexcept {
  static const sockrpc_category instance;
  return instance;
}

const std::error_category& netdb_category() noexcept {
  static const netdb_category_impl instance;
  return instance;
}

namespace detail {

void throw_if(const std::error_code& ec, const char* what) {
  if (ec) throw_error(ec, what);
}

void throw_error(const std::error_code& ec, const char* what) {
  throw std::system_error(ec, what);
}

std::error_code last_error() noexcept {
  return {errno, std::system_category()};
}

}  // namespace detail
}  // namespace sockrpc

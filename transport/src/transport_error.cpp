// SPDX-License-Identifier: MIT
#include <sockrpc/transport/error.hpp>

#include <netdb.h>

namespace sockrpc::transport {
namespace {

// Both categories answer condition::transport_failure for each of their codes.
bool is_transport_condition(const std::error_condition& cond) noexcept {
  return cond == condition::transport_failure;
}

class transport_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.transport"; }

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
    }
    return "unknown transport error";
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
      case errc::too_many_connections:
        return std::errc::resource_unavailable_try_again;
      case errc::unexpected_eof:
        break;
    }
    return {value, *this};
  }

  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    if (cond.category() == condition_category()) return is_transport_condition(cond);
    return default_error_condition(value) == cond;
  }
};

class netdb_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.netdb"; }
  std::string message(int value) const override { return ::gai_strerror(value); }
  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    if (cond.category() == condition_category()) return is_transport_condition(cond);
    return default_error_condition(value) == cond;
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const transport_category instance;
  return instance;
}

const std::error_category& netdb_category() noexcept {
  static const netdb_category_impl instance;
  return instance;
}

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
#include <sockrpc/error.hpp>

#include <cerrno>

namespace sockrpc {
namespace {

class condition_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.condition"; }

  std::string message(int value) const override {
    switch (static_cast<condition>(value)) {
      case condition::transport_failure:
        return "transport failure";
      case condition::protocol_failure:
        return "protocol failure";
      case condition::fault:
        return "fault answer";
    }
    return "unknown sockrpc condition";
  }

  // Codes of the other layers answer for themselves (their categories override
  // equivalent(int, const error_condition&)); what the OS reports is a transport failure.
  bool equivalent(const std::error_code& code, int value) const noexcept override {
    if (!code) return false;
    if (code.category() == std::system_category() || code.category() == std::generic_category())
      return static_cast<condition>(value) == condition::transport_failure;
    return false;
  }
};

}  // namespace

const std::error_category& condition_category() noexcept {
  static const condition_category_impl instance;
  return instance;
}

error::error(std::error_code code, std::string_view message)
    : std::system_error(code), message_(std::make_shared<const std::string>(message)) {}

error::error(std::error_code code)
    : std::system_error(code), message_(std::make_shared<const std::string>(code.message())) {}

const char* error::what() const noexcept {
  return message_->c_str();
}

std::string status::message() const {
  if (!code_ || !message_.empty()) return message_;
  return code_.message();
}

void status::raise() const {
  throw error(code_, message());
}

namespace detail {

void throw_if(const std::error_code& ec, const char* what) {
  if (ec) throw_error(ec, what);
}

void throw_error(const std::error_code& ec, const char* what) {
  std::string message(what);
  message += ": ";
  message += ec.message();
  throw error(ec, message);
}

std::error_code last_error() noexcept {
  return {errno, std::system_category()};
}

}  // namespace detail
}  // namespace sockrpc

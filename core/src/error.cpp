// SPDX-License-Identifier: MIT
#include <sockrpc/error.hpp>

#include <sockrpc/detail/code_table.hpp>

#include <cerrno>

namespace sockrpc {
namespace {

constexpr detail::code_entry condition_texts[] = {
    {condition::transport_failure, "transport failure"},
    {condition::protocol_failure, "protocol failure"},
    {condition::fault, "fault answer"},
};

class condition_category_impl final : public detail::code_table_category {
 public:
  constexpr condition_category_impl() noexcept
      : code_table_category("sockrpc.condition", condition_texts, "unknown sockrpc condition") {}

  using code_table_category::equivalent;
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

const code_entry* code_table_category::find(int value) const noexcept {
  for (const code_entry& entry : entries_)
    if (entry.value == value) return &entry;
  return nullptr;
}

std::string code_table_category::message(int value) const {
  const code_entry* entry = find(value);
  return entry != nullptr ? entry->message : unknown_;
}

std::error_condition code_table_category::default_error_condition(int value) const noexcept {
  const code_entry* entry = find(value);
  if (entry != nullptr && entry->portable != std::errc{}) return entry->portable;
  return {value, *this};
}

bool code_table_category::equivalent(int value, const std::error_condition& cond) const noexcept {
  if (cond.category() == *this) return cond.value() == value;
  if (cond.category() == condition_category()) {
    const code_entry* entry = find(value);
    return entry != nullptr && entry->cross != condition{} &&
           static_cast<int>(entry->cross) == cond.value();
  }
  return default_error_condition(value) == cond;
}

void throw_if(const std::error_code& ec, const char* what) {
  if (ec) throw_error(ec, what);
}

void throw_error(const std::error_code& ec, const char* what) {
  throw operation_error(ec, what);
}

error operation_error(const std::error_code& ec, const char* what) {
  std::string message(what);
  message += ": ";
  message += ec.message();
  return error(ec, message);
}

std::error_code last_error() noexcept {
  return {errno, std::system_category()};
}

}  // namespace detail
}  // namespace sockrpc

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/error.hpp>

#include <span>
#include <string>
#include <system_error>
#include <type_traits>

/// Not API: the one `std::error_category` shape the layers' `errc` categories share, so
/// that each layer states its codes as a table (value, message, portable `std::errc`,
/// cross-layer `sockrpc::condition`) instead of three parallel switches.
namespace sockrpc::detail {

/// One code of a layer's category.
struct code_entry {
  /// A row for `code` (an enumerator of the layer's `errc`).
  template <class Enum>
  requires std::is_enum_v<Enum>
  constexpr code_entry(Enum code, const char* text, std::errc portable_condition = {},
                       condition cross_condition = {}) noexcept
      : value(static_cast<int>(code)),
        message(text),
        portable(portable_condition),
        cross(cross_condition) {}

  /// The code's value in its `errc`.
  int value;
  /// What `message(value)` returns.
  const char* message;
  /// The portable condition `default_error_condition(value)` maps to; `std::errc{}` for
  /// none (the code is then its own condition).
  std::errc portable;
  /// The cross-layer condition the code is equivalent to; `condition{}` for none.
  condition cross;
};

/// A category whose codes are a static table. `equivalent()` answers
/// `sockrpc::condition` questions from `code_entry::cross` and everything else through
/// `default_error_condition()`. Immutable after construction, so thread-safe; construct
/// one as a function-local static, or derive to add behaviour.
class code_table_category : public std::error_category {
 public:
  /// `name`, `entries` and `unknown` (the message of a value not in the table) must have
  /// static storage duration.
  constexpr code_table_category(const char* name, std::span<const code_entry> entries,
                                const char* unknown) noexcept
      : name_(name), entries_(entries), unknown_(unknown) {}

  [[nodiscard]] const char* name() const noexcept override { return name_; }
  [[nodiscard]] std::string message(int value) const override;
  [[nodiscard]] std::error_condition default_error_condition(int value) const noexcept override;
  [[nodiscard]] bool equivalent(int value,
                                const std::error_condition& cond) const noexcept override;

 private:
  [[nodiscard]] const code_entry* find(int value) const noexcept;

  const char* name_;
  std::span<const code_entry> entries_;
  const char* unknown_;
};

}  // namespace sockrpc::detail

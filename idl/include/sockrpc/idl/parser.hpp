// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>
#include <sockrpc/idl/error.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sockrpc::idl {

/// What the `noexcept` parse() and parse_file() report when they fail: the same code,
/// location and message a `parse_error` would carry. A value type; empty until a call fails.
/// Thread safety: distinct objects safe; concurrent const access safe.
struct parse_failure {
  /// An `idl::errc`, or the OS error when the file could not be read (then `where` has
  /// the file name and line 0). Empty on success.
  std::error_code code;
  source_location where;
  /// The message without the location prefix: "expected ';'"; for an unreadable file
  /// "cannot read FILE: REASON".
  std::string message;

  /// True when the call failed.
  explicit operator bool() const noexcept { return static_cast<bool>(code); }
  /// Exactly the `what()` of the exception the throwing form would raise:
  /// "file:line:col: message", or just `message` when there is no line (unreadable file).
  [[nodiscard]] std::string what() const;
};

/// A syntax or semantic error in an interface file. `what()` is
/// "file:line:col: message", e.g. "calc.sidl:3:14: expected ';'" or
/// "calc.sidl:7:9: unknown type 'pont'"; `code()` is an `idl::errc`. A `sockrpc::error`
/// whose location and message are shared and immutable: copying never throws.
/// Thread safety: distinct objects safe; concurrent const access safe.
class parse_error : public sockrpc::error {
 public:
  /// An error `code` at `where`.
  parse_error(std::error_code code, source_location where, std::string_view message);
  /// The exception for a failure with a location (`failure.where.line > 0`).
  explicit parse_error(const parse_failure& failure);

  /// Where in the file: file name, line and column (from 1).
  [[nodiscard]] const source_location& where() const noexcept { return data_->where; }
  /// The message without the location prefix.
  [[nodiscard]] const std::string& message() const noexcept { return data_->message; }

 private:
  struct data {
    source_location where;
    std::string message;
  };
  std::shared_ptr<const data> data_;
};

/// Parses and checks an interface. `file` is used in locations and errors only.
/// Checks: unknown types, duplicate names (structs, fields, faults, services, methods,
/// parameters, XML-RPC names), `raises` naming an undeclared fault, `void` outside a
/// result, map keys other than `string`, recursive structs by value or through
/// `optional` (a C++ std::optional holds its value inline; recursion goes through `list`
/// or `map`), names that are reserved (C++ keywords, the language's keywords, `std`,
/// `sockrpc`, ...).
/// @throws parse_error on the first error in the file: `errc::syntax_error`,
///   `errc::invalid_interface` or `errc::limit_exceeded`.
/// Thread safety: reentrant.
document parse(std::string_view text, std::string_view file = "<input>");

/// Same as above, reporting the first error through `failure` (cleared on success)
/// instead of throwing. Returns the document, or nullopt on failure.
std::optional<document> parse(std::string_view text, std::string_view file,
                              parse_failure& failure) noexcept;

/// Reads and parses `path`.
/// @throws parse_error as parse(); `sockrpc::error` with the OS error code (e.g.
///   `std::errc::no_such_file_or_directory`) and the message "cannot read PATH: REASON"
///   if the file cannot be read.
document parse_file(const std::filesystem::path& path);

/// Same as above, reporting the first error through `failure` (cleared on success)
/// instead of throwing. Returns the document, or nullopt on failure.
std::optional<document> parse_file(const std::filesystem::path& path,
                                   parse_failure& failure) noexcept;

/// Writes `doc` back as IDL text in canonical layout: declarations in order, doc
/// comments as `///`, two-space indent, `as "..."` only where the XML-RPC name differs
/// from the default. parse(print(d)) == d up to locations.
std::string print(const document& doc);

}  // namespace sockrpc::idl

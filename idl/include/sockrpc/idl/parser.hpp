// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sockrpc::idl {

/// A syntax or semantic error in an interface file. `what()` is
/// "file:line:col: message", e.g. "calc.sidl:3:14: expected ';'" or
/// "calc.sidl:7:9: unknown type 'pont'".
class parse_error : public std::runtime_error {
 public:
  parse_error(source_location where, const std::string& message);
  const source_location& where() const noexcept { return where_; }
  /// The message without the location prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  source_location where_;
  std::string message_;
};

/// Parses and checks an interface. `file` is used in locations and errors only.
/// Checks: unknown types, duplicate names (structs, fields, faults, services, methods,
/// parameters, XML-RPC names), `raises` naming an undeclared fault, `void` outside a
/// result, map keys other than `string`, recursive structs by value or through
/// `optional` (a C++ std::optional holds its value inline; recursion goes through `list`
/// or `map`), names that are C++ keywords or `std` / `sockrpc`.
/// @throws parse_error on the first error.
/// Thread safety: reentrant.
document parse(std::string_view text, std::string_view file = "<input>");

/// Reads and parses `path`. @throws parse_error, or std::system_error if unreadable.
document parse_file(const std::filesystem::path& path);

/// Writes `doc` back as IDL text in canonical layout: declarations in order, doc
/// comments as `///`, two-space indent, `as "..."` only where the XML-RPC name differs
/// from the default. parse(print(d)) == d up to locations.
std::string print(const document& doc);

}  // namespace sockrpc::idl

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <array>
#include <string_view>

// Private to the idl library: the one table of the scalar types, read by the parser's
// checks, the printer and the generator.
namespace sockrpc::idl::detail {

/// How a scalar type is spelled in the interface language, in generated C++ and on the
/// wire (system.methodSignature).
struct scalar_spelling {
  type_kind kind;
  std::string_view idl;
  std::string_view cpp;
  std::string_view wire;
};

inline constexpr std::array<scalar_spelling, 10> scalar_spellings{{
    {type_kind::int32, "int", "std::int32_t", "int"},
    {type_kind::int64, "i8", "std::int64_t", "i8"},
    {type_kind::boolean, "bool", "bool", "boolean"},
    {type_kind::float64, "double", "double", "double"},
    {type_kind::string, "string", "std::string", "string"},
    {type_kind::bytes, "bytes", "std::vector<std::byte>", "base64"},
    {type_kind::datetime, "datetime", "std::chrono::system_clock::time_point", "dateTime.iso8601"},
    {type_kind::any, "any", "sockrpc::rpc::value", "undef"},
    {type_kind::nil, "nil", "sockrpc::rpc::nil_t", "nil"},
    {type_kind::void_, "void", "void", "nil"},
}};

/// The spellings of `kind`, nullptr for list, map, optional and named types.
constexpr const scalar_spelling* scalar_of(type_kind kind) noexcept {
  for (const auto& s : scalar_spellings) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

}  // namespace sockrpc::idl::detail

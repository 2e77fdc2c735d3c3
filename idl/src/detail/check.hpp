// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Private to the idl library: the semantic checks of parse() and the name tables they
// share with the grammar's actions.
namespace sockrpc::idl::detail {

/// The kind of a scalar type name ("int", "string", ...), nullopt for other names.
std::optional<type_kind> scalar_kind(std::string_view name) noexcept;

/// True for the reserved words (reserved_words()) and for names C++ reserves to the
/// implementation ("__x", "_X"): they cannot name anything (every name becomes a C++
/// identifier).
bool is_reserved(std::string_view name) noexcept;

/// The reserved words: C++ keywords, `std`, `sockrpc`, a few macros and the words of the
/// interface language. parse() rejects them as names; from_introspection() adds a '_'.
std::span<const std::string_view> reserved_words() noexcept;

/// The structs of `doc` by name (pointers into `doc`).
std::map<std::string, const struct_decl*> structs_by_name(const document& doc);

/// The struct a member of type `type` holds inline: its name when `type` is a struct name,
/// possibly under `optional<...>` (std::optional holds its value inline); nullptr for
/// everything else, structs reached through `list` or `map` included. Points into `type`.
const std::string* held_by_value(const type_ref& type) noexcept;

/// The semantic checks listed at parse(). `raise_locs` holds the location of every name
/// after `raises`, in document order. @throws parse_error for the first error in the file.
void check(const document& doc, const std::vector<source_location>& raise_locs);

}  // namespace sockrpc::idl::detail

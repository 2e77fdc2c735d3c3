// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace sockrpc::idl::detail {

/// `s` as a double-quoted C++ string literal (printer.cpp): '"' and '\' get a backslash,
/// a line feed is "\n", a tab "\t", other control characters (and DEL) three-digit octal
/// escapes, which no following character can extend; all other bytes (UTF-8 included) go
/// through as they are. The generator writes every string of the header this way; the
/// printer writes `as "..."` names this way, which parse() only reads back when they hold
/// none of '"', '\', a tab or a line break (IDL strings have no escapes).
std::string string_literal(std::string_view s);

}  // namespace sockrpc::idl::detail

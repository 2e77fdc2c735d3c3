// SPDX-License-Identifier: MIT
// docs/idl.md "Parse errors in code": both forms of idl::parse(). Runs to completion: the
// text has an error, which both forms report the same way.
#include <sockrpc/idl/parser.hpp>

#include <iostream>
#include <optional>
#include <string_view>

namespace idl = sockrpc::idl;

int main() {
  const std::string_view text = "struct point {\n  x: pont;\n}\n";
  int reported = 0;
  // [snippet:throwing]
  try {
    idl::document doc = idl::parse(text, "calc.sidl");
  } catch (const idl::parse_error& e) {
    std::cerr << e.what() << '\n';  // calc.sidl:2:6: unknown type 'pont'
    if (e.code() == idl::errc::invalid_interface && e.where().line == 2) ++reported;
  }
  // [snippet:end]
  // [snippet:noexcept]
  idl::parse_failure failure;
  if (std::optional<idl::document> doc = idl::parse(text, "calc.sidl", failure)) {
    // ... use *doc
  } else {
    std::cerr << failure.what() << '\n';  // the same line; failure.code, .where, .message
  }
  // [snippet:end]
  if (failure.code == idl::errc::invalid_interface && failure.message == "unknown type 'pont'")
    ++reported;
  return reported == 2 ? 0 : 1;
}

// sockrpc — SPDX-License-Identifier: MIT
// sockrpc-idl: generate C++ from an interface file, check two versions for compatibility.
//
//   sockrpc-idl generate IN.sidl -o OUT.hpp
//   sockrpc-idl check OLD.sidl NEW.sidl      exit 0 compatible, 1 breaking changes
//   sockrpc-idl format IN.sidl               canonical IDL on stdout
// Errors (unreadable file, syntax): "file:line:col: message" on stderr, exit 2.
// Bad usage: exit 64.
#include <sockrpc/idl/compat.hpp>
#include <sockrpc/idl/generator.hpp>
#include <sockrpc/idl/parser.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"sockrpc-idl: typed C++ stubs from sockrpc interface files"};
  app.require_subcommand(1);
  // TODO(issue 6): subcommands generate / check / format.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return e.get_exit_code() == 0 ? rc : 64;
  }
  return 0;
}

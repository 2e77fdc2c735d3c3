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
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>

namespace {

namespace idl = sockrpc::idl;

constexpr int exit_ok = 0;
constexpr int exit_breaking = 1;
constexpr int exit_error = 2;

// ---- shared -------------------------------------------------------------------------

// Parses `path`; on failure prints "file:line:col: message" (or "file: reason") to stderr
// and returns nullopt.
std::optional<idl::document> load(const std::string& path) {
  try {
    return idl::parse_file(path);
  } catch (const idl::parse_error& e) {
    std::cerr << e.what() << '\n';
  } catch (const std::system_error& e) {
    std::cerr << path << ": " << e.code().message() << '\n';
  } catch (const std::exception& e) {
    std::cerr << path << ": " << e.what() << '\n';
  }
  return std::nullopt;
}

// ---- check --------------------------------------------------------------------------

struct check_args {
  std::string old_path;
  std::string new_path;
};

void add_check(CLI::App& app, check_args& args) {
  auto* cmd = app.add_subcommand(
      "check", "report changes from OLD to NEW; exit 1 when one breaks existing clients");
  cmd->add_option("OLD", args.old_path, "the deployed interface")->required();
  cmd->add_option("NEW", args.new_path, "the changed interface")->required();
}

int run_check(const check_args& args) {
  const auto old_doc = load(args.old_path);
  if (!old_doc) return exit_error;
  const auto new_doc = load(args.new_path);
  if (!new_doc) return exit_error;
  bool breaking = false;
  for (const auto& c : idl::compare(*old_doc, *new_doc)) {
    const bool b = c.severity == idl::change_severity::breaking;
    breaking = breaking || b;
    std::cout << (b ? "BREAKING " : "safe ") << c.where << ": " << c.message << '\n';
  }
  std::cout << std::flush;
  return breaking ? exit_breaking : exit_ok;
}

// ---- format -------------------------------------------------------------------------

struct format_args {
  std::string path;
};

void add_format(CLI::App& app, format_args& args) {
  auto* cmd = app.add_subcommand("format", "print FILE in canonical layout");
  cmd->add_option("FILE", args.path, "an interface file")->required();
}

int run_format(const format_args& args) {
  const auto doc = load(args.path);
  if (!doc) return exit_error;
  std::cout << idl::print(*doc) << std::flush;
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sockrpc-idl: typed C++ stubs from sockrpc interface files"};
  app.require_subcommand(1);
  // TODO(issue 6): subcommand generate.
  check_args check;
  add_check(app, check);
  format_args format;
  add_format(app, format);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return e.get_exit_code() == 0 ? rc : 64;
  }
  if (app.got_subcommand("check")) return run_check(check);
  if (app.got_subcommand("format")) return run_format(format);
  return 0;
}

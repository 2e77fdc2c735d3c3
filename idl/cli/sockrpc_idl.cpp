// SPDX-License-Identifier: MIT
// sockrpc-idl: generate C++ from an interface file, check two versions for compatibility.
//
//   sockrpc-idl generate IN.sidl -o OUT.hpp [--header-name NAME]
//   sockrpc-idl check OLD.sidl NEW.sidl      exit 0 compatible, 1 breaking changes
//   sockrpc-idl format IN.sidl               canonical IDL on stdout
// Errors (unreadable file, syntax): "file:line:col: message" on stderr, exit 2.
// Bad usage: exit 64.
#include <sockrpc/idl/compat.hpp>
#include <sockrpc/idl/generator.hpp>
#include <sockrpc/idl/parser.hpp>

#include "command_line.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>

namespace {

namespace idl = sockrpc::idl;

constexpr int exit_ok = 0;
constexpr int exit_breaking = 1;
constexpr int exit_error = 2;
using sockrpc::support::exit_usage;

// Each subcommand: its options (bound to a struct of its own) and a run function
// returning the exit code. main() dispatches to the one chosen.

// ---- generate ----------------------------------------------------------------------

struct generate_options {
  std::string input;
  std::string output;
  std::string header_name;
};

sockrpc::support::command add_generate(sockrpc::support::command& app, generate_options& o) {
  auto cmd = app.add_subcommand("generate", "write the C++ header for an interface file");
  cmd.add("input", o.input, "interface file (.sidl)").required();
  cmd.add("-o,--output", o.output, "header to write").required();
  cmd.add("--header-name", o.header_name,
          "name consumers include it by (default: the output's file name)");
  return cmd;
}

/// Writes `text` to `path` (always: build tools compare its time with the inputs').
/// @throws std::system_error.
void write_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    throw std::system_error(std::make_error_code(std::errc::io_error),
                            "cannot write " + path.string());
  }
}

int run_generate(const generate_options& o) {
  const idl::document doc = idl::parse_file(o.input);
  idl::generator_options g;
  g.header_name =
      o.header_name.empty() ? std::filesystem::path(o.output).filename().string() : o.header_name;
  write_file(o.output, idl::generate_cpp(doc, g));
  return 0;
}

// ---- shared -------------------------------------------------------------------------

// Parses `path`; on failure prints "file:line:col: message" (or "file: reason") to stderr
// and returns nullopt.
std::optional<idl::document> load(const std::string& path) {
  idl::parse_failure failure;
  auto doc = idl::parse_file(path, failure);
  if (doc) return doc;
  if (failure.code.category() == idl::category()) {
    std::cerr << failure.what() << '\n';
  } else {
    std::cerr << path << ": " << failure.code.message() << '\n';
  }
  return std::nullopt;
}

// ---- check --------------------------------------------------------------------------

struct check_args {
  std::string old_path;
  std::string new_path;
};

sockrpc::support::command add_check(sockrpc::support::command& app, check_args& args) {
  auto cmd = app.add_subcommand(
      "check", "report changes from OLD to NEW; exit 1 when one breaks existing clients");
  cmd.add("OLD", args.old_path, "the deployed interface").required();
  cmd.add("NEW", args.new_path, "the changed interface").required();
  return cmd;
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

sockrpc::support::command add_format(sockrpc::support::command& app, format_args& args) {
  auto cmd = app.add_subcommand("format", "print FILE in canonical layout");
  cmd.add("FILE", args.path, "an interface file").required();
  return cmd;
}

int run_format(const format_args& args) {
  const auto doc = load(args.path);
  if (!doc) return exit_error;
  std::cout << idl::print(*doc) << std::flush;
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  sockrpc::support::command_line app{"sockrpc-idl: typed C++ stubs from sockrpc interface files"};
  app.show_defaults(false);
  app.require_subcommand(1);
  generate_options generate;
  const auto generate_cmd = add_generate(app, generate);
  check_args check;
  const auto check_cmd = add_check(app, check);
  format_args format;
  const auto format_cmd = add_format(app, format);
  const auto parsed = app.parse(argc, argv);
  if (!parsed) {
    const int rc = app.report(parsed);
    return rc == 0 ? rc : exit_usage;
  }
  try {
    if (generate_cmd.parsed()) return run_generate(generate);
    if (check_cmd.parsed()) return run_check(check);
    if (format_cmd.parsed()) return run_format(format);
  } catch (const idl::parse_error& e) {
    std::cerr << e.what() << "\n";
    return exit_error;
  } catch (const std::exception& e) {
    std::cerr << "sockrpc-idl: " << e.what() << "\n";
    return exit_error;
  }
  return exit_usage;
}

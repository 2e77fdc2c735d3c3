// sockrpc — SPDX-License-Identifier: MIT
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

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <system_error>

namespace {

namespace idl = sockrpc::idl;

constexpr int exit_error = 2;
constexpr int exit_usage = 64;

// Each subcommand: its options (bound to a struct of its own) and a run function
// returning the exit code. main() dispatches to the one chosen.

// ---- generate ----------------------------------------------------------------------

struct generate_options {
  std::string input;
  std::string output;
  std::string header_name;
};

void add_generate(CLI::App& app, generate_options& o) {
  auto* cmd = app.add_subcommand("generate", "write the C++ header for an interface file");
  cmd->add_option("input", o.input, "interface file (.sidl)")->required();
  cmd->add_option("-o,--output", o.output, "header to write")->required();
  cmd->add_option("--header-name", o.header_name,
                  "name consumers include it by (default: the output's file name)");
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sockrpc-idl: typed C++ stubs from sockrpc interface files"};
  app.require_subcommand(1);
  generate_options generate;
  add_generate(app, generate);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return e.get_exit_code() == 0 ? rc : exit_usage;
  }
  try {
    if (app.got_subcommand("generate")) return run_generate(generate);
  } catch (const idl::parse_error& e) {
    std::cerr << e.what() << "\n";
    return exit_error;
  } catch (const std::exception& e) {
    std::cerr << "sockrpc-idl: " << e.what() << "\n";
    return exit_error;
  }
  return exit_usage;
}

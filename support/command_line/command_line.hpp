// SPDX-License-Identifier: MIT
// Command lines of the programs (tools, sockrpc-idl, examples): a thin wrapper over CLI11,
// compiled once in command_line.cpp. CLI11 is header-only and costs ~20 s of compile time per
// program that includes it, so no program includes it. Internal to the build; never installed.
// Depends on no sockrpc layer (support/ is below them all).
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace sockrpc::support {

/// Exit code for bad usage (BSD sysexits EX_USAGE), see docs/programs.md "Common rules".
inline constexpr int exit_usage = 64;

/// A command or subcommand: options, flags, positional arguments and subcommands, bound to
/// variables that must outlive the parse. A non-owning handle; command_line owns the tree.
/// Not thread-safe; build and parse on one thread.
class command {
 public:
  /// One declared option or positional argument; refine it with the chained calls.
  class option {
   public:
    explicit option(CLI::Option* impl) noexcept : impl_(impl) {}
    option& required();
    /// Accepts only numbers in [low, high], read as T (double or std::size_t); T also
    /// names the range in --help (FLOAT, UINT).
    template <class T = double>
    option& range(std::type_identity_t<T> low, std::type_identity_t<T> high);
    /// Accepts only numbers > 0.
    option& positive();

   private:
    CLI::Option* impl_;
  };

  /// `name` is "--flag" (or "-f,--flag") for an option or "NAME" for a positional
  /// argument. With show_defaults() on (the default), options show their variable's
  /// initial value as the default in --help.
  option add(const std::string& name, std::string& into, const std::string& help);
  option add(const std::string& name, std::uint16_t& into, const std::string& help);
  option add(const std::string& name, int& into, const std::string& help);
  option add(const std::string& name, std::size_t& into, const std::string& help);
  option add(const std::string& name, double& into, const std::string& help);
  option add(const std::string& name, std::vector<std::string>& into, const std::string& help);
  /// A flag without value: `into` becomes true when given.
  void add_flag(const std::string& name, bool& into, const std::string& help);

  /// Whether options added from now on (here and in subcommands added from now on) show
  /// their initial value in --help.
  void show_defaults(bool show) noexcept { show_defaults_ = show; }

  /// A subcommand `name`, parsed when it is the first positional word.
  command add_subcommand(const std::string& name, const std::string& description);
  /// Exactly `n` subcommands must be given.
  void require_subcommand(int n);
  /// The first word that is not an option and all after it are kept as given, for
  /// remaining().
  void prefix_command();
  /// True after a parse in which this (sub)command was given.
  bool parsed() const;
  /// The words left unparsed (see prefix_command()).
  std::vector<std::string> remaining() const;

  /// The usage text.
  std::string help() const;

 protected:
  explicit command(CLI::App* app, bool show_defaults) noexcept
      : app_(app), show_defaults_(show_defaults) {}

  CLI::App* app_;
  bool show_defaults_;
};

/// What command_line::parse() found.
struct parse_result {
  enum class kind { ok, help, error };
  kind status = kind::ok;
  /// The parse error (CLI11's text), for kind::error.
  std::string message;
  /// The CLI11 exception, for command_line::report().
  std::exception_ptr cause;

  explicit operator bool() const noexcept { return status == kind::ok; }
};

/// The top-level command of a program; owns every subcommand.
class command_line : public command {
 public:
  /// `name` is the program name in messages; empty: argv[0] at parse time.
  explicit command_line(std::string description, std::string name = {});
  ~command_line();
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;

  /// Parses the command line, reporting nothing.
  parse_result parse(int argc, char** argv);
  /// CLI11's own report of a parse result: the usage on stdout for --help (returns 0), or
  /// the error and a --help hint on stderr (returns CLI11's nonzero exit code).
  int report(const parse_result& result) const;
  /// Parses the command line. `--help` prints usage and exits 0; any parse error prints
  /// "NAME: error", then the usage, to stderr and exits 64.
  void parse_or_exit(int argc, char** argv);

 private:
  std::unique_ptr<CLI::App> owner_;
};

}  // namespace sockrpc::support

// SPDX-License-Identifier: MIT
// The one translation unit of the programs that includes CLI11.
#include "command_line.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <utility>

namespace sockrpc::support {
namespace {

template <class T>
CLI::Option* add_to(CLI::App& app, bool show_defaults, const std::string& name, T& into,
                    const std::string& help) {
  auto* opt = app.add_option(name, into, help);
  // Positional arguments have no default worth showing; options may.
  if (show_defaults && name.starts_with("-")) opt->capture_default_str();
  return opt;
}

}  // namespace

command::option& command::option::required() {
  impl_->required();
  return *this;
}

template <class T>
command::option& command::option::range(std::type_identity_t<T> low, std::type_identity_t<T> high) {
  impl_->check(CLI::Range(low, high));
  return *this;
}
template command::option& command::option::range<double>(double, double);
template command::option& command::option::range<std::size_t>(std::size_t, std::size_t);

command::option& command::option::positive() {
  impl_->check(CLI::PositiveNumber);
  return *this;
}

command::option command::add(const std::string& name, std::string& into, const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}
command::option command::add(const std::string& name, std::uint16_t& into,
                             const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}
command::option command::add(const std::string& name, int& into, const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}
command::option command::add(const std::string& name, std::size_t& into, const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}
command::option command::add(const std::string& name, double& into, const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}
command::option command::add(const std::string& name, std::vector<std::string>& into,
                             const std::string& help) {
  return option(add_to(*app_, show_defaults_, name, into, help));
}

void command::add_flag(const std::string& name, bool& into, const std::string& help) {
  app_->add_flag(name, into, help);
}

command command::add_subcommand(const std::string& name, const std::string& description) {
  return command(app_->add_subcommand(name, description), show_defaults_);
}

void command::require_subcommand(int n) {
  app_->require_subcommand(n);
}

void command::prefix_command() {
  app_->prefix_command();
}

bool command::parsed() const {
  return app_->parsed();
}

std::vector<std::string> command::remaining() const {
  return app_->remaining();
}

std::string command::help() const {
  return app_->help();
}

command_line::command_line(std::string description, std::string name)
    : command(nullptr, true),
      owner_(std::make_unique<CLI::App>(std::move(description), std::move(name))) {
  app_ = owner_.get();
}

command_line::~command_line() = default;

parse_result command_line::parse(int argc, char** argv) {
  parse_result result;
  try {
    app_->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    result.status = parse_result::kind::help;
    result.cause = std::current_exception();
  } catch (const CLI::CallForAllHelp&) {
    result.status = parse_result::kind::help;
    result.cause = std::current_exception();
  } catch (const CLI::ParseError& e) {
    result.status = parse_result::kind::error;
    result.message = e.what();
    result.cause = std::current_exception();
  }
  return result;
}

int command_line::report(const parse_result& result) const {
  if (!result.cause) return 0;
  try {
    std::rethrow_exception(result.cause);
  } catch (const CLI::Error& e) {
    return app_->exit(e);
  }
}

void command_line::parse_or_exit(int argc, char** argv) {
  const parse_result r = parse(argc, argv);
  if (r.status == parse_result::kind::help) std::exit(report(r));
  if (r.status == parse_result::kind::error) {
    std::cerr << app_->get_name() << ": " << r.message << "\n" << app_->help();
    std::exit(exit_usage);
  }
}

}  // namespace sockrpc::support

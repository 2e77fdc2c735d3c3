// SPDX-License-Identifier: MIT
// The one translation unit of the examples that includes CLI11.
#include "example_support.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace example {
namespace {

// Positional arguments have no default worth showing; options do.
template <class T>
CLI::Option* add_to(CLI::App& app, const std::string& name, T& into, const std::string& help) {
  auto* opt = app.add_option(name, into, help);
  if (name.starts_with("-")) opt->capture_default_str();
  return opt;
}

}  // namespace

command_line::option& command_line::option::required() {
  impl_->required();
  return *this;
}

command_line::option& command_line::option::range(double low, double high) {
  impl_->check(CLI::Range(low, high));
  return *this;
}

command_line::option& command_line::option::positive() {
  impl_->check(CLI::PositiveNumber);
  return *this;
}

command_line::command_line(std::string description)
    : app_(std::make_unique<CLI::App>(std::move(description))) {}

command_line::~command_line() = default;

command_line::option command_line::add(const std::string& name, std::string& into,
                                       const std::string& help) {
  return option(add_to(*app_, name, into, help));
}
command_line::option command_line::add(const std::string& name, std::uint16_t& into,
                                       const std::string& help) {
  return option(add_to(*app_, name, into, help));
}
command_line::option command_line::add(const std::string& name, int& into,
                                       const std::string& help) {
  return option(add_to(*app_, name, into, help));
}
command_line::option command_line::add(const std::string& name, double& into,
                                       const std::string& help) {
  return option(add_to(*app_, name, into, help));
}
command_line::option command_line::add(const std::string& name, std::vector<std::string>& into,
                                       const std::string& help) {
  return option(add_to(*app_, name, into, help));
}

void command_line::add_flag(const std::string& name, bool& into, const std::string& help) {
  app_->add_flag(name, into, help);
}

void command_line::parse_or_exit(int argc, char** argv) {
  try {
    app_->parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    std::exit(app_->exit(e));
  } catch (const CLI::ParseError& e) {
    std::cerr << app_->get_name() << ": " << e.what() << "\n" << app_->help();
    std::exit(exit_usage);
  }
}

std::string command_line::help() const {
  return app_->help();
}

}  // namespace example

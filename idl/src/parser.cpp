// sockrpc — SPDX-License-Identifier: MIT
#include <sockrpc/idl/parser.hpp>

#include <stdexcept>

namespace sockrpc::idl {
// TODO: PEGTL grammar (issue 6).
parse_error::parse_error(source_location where, const std::string& message)
    : std::runtime_error(where.file + ":" + std::to_string(where.line) + ":" +
                         std::to_string(where.column) + ": " + message),
      where_(std::move(where)),
      message_(message) {}

document parse(std::string_view, std::string_view) {
  throw std::logic_error("idl::parse: not implemented");
}
document parse_file(const std::filesystem::path&) {
  throw std::logic_error("idl::parse_file: not implemented");
}
}  // namespace sockrpc::idl

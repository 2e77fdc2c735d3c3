// sockrpc — SPDX-License-Identifier: MIT
#include <sockrpc/idl/generator.hpp>

#include <stdexcept>

namespace sockrpc::idl {
std::string generate_cpp(const document&, const generator_options&) {
  throw std::logic_error("idl::generate_cpp: not implemented");
}
}  // namespace sockrpc::idl

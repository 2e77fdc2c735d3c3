// sockrpc — SPDX-License-Identifier: MIT
#include <sockrpc/idl/parser.hpp>

#include <stdexcept>

namespace sockrpc::idl {
std::string print(const document&) {
  throw std::logic_error("idl::print: not implemented");
}
}  // namespace sockrpc::idl

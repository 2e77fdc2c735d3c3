// sockrpc — SPDX-License-Identifier: MIT
#include <sockrpc/idl/compat.hpp>

#include <stdexcept>

namespace sockrpc::idl {
std::vector<change> compare(const document&, const document&) {
  throw std::logic_error("idl::compare: not implemented");
}
}  // namespace sockrpc::idl

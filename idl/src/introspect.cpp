// sockrpc — SPDX-License-Identifier: MIT
#include <sockrpc/idl/introspect.hpp>

#include <sockrpc/rpc/client.hpp>

#include <stdexcept>

namespace sockrpc::idl {
document from_introspection(const std::vector<introspected_method>&, const introspection_options&) {
  throw std::logic_error("idl::from_introspection: not implemented");
}
document from_introspection(rpc::client&, const introspection_options&) {
  throw std::logic_error("idl::from_introspection: not implemented");
}
}  // namespace sockrpc::idl

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <string>

namespace sockrpc::idl::detail {

/// A type as IDL text: "int", "list<point>", "map<string, optional<i8>>" (printer.cpp).
std::string type_text(const type_ref& type);

/// The XML-RPC name a method gets without `as "..."`: "prefix.name", or "name" when the
/// service prefix is empty.
std::string default_rpc_name(const service_decl& service, const method_decl& method);

/// `method.rpc_name`, or the default when it is empty (hand-built documents).
std::string rpc_name_of(const service_decl& service, const method_decl& method);

}  // namespace sockrpc::idl::detail

// sockrpc — SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sockrpc::rpc {
class client;
}

namespace sockrpc::idl {

/// What a server said about one method through system.methodSignature / methodHelp.
struct introspected_method {
  std::string name;
  /// Each signature is {result type, parameter types...} in XML-RPC type names; nullopt
  /// when the server does not know (Python answers "signatures not supported").
  std::optional<std::vector<std::vector<std::string>>> signatures;
  std::string help;
};

struct introspection_options {
  std::string package;                ///< package of the written IDL ("" = none)
  std::string root_service = "root";  ///< service holding methods without a dot
  bool include_system = false;        ///< keep system.* methods
};

/// Builds an interface from introspection answers. Methods are grouped into services by
/// the part of their name before the last dot ("validator1.easyStructTest" -> service
/// `validator1`); names that are not identifiers are made into ones and keep their
/// XML-RPC name through `as "..."`. XML-RPC types map to IDL types (int/i4 -> int,
/// struct -> map<string, any>, array -> list<any>, unknown -> any); a method without
/// signatures becomes `(...) -> any`; with several signatures the first is used and the
/// others are listed in the doc comment.
document from_introspection(const std::vector<introspected_method>& methods,
                            const introspection_options& options);

/// Asks a running server (system.listMethods, system.methodSignature,
/// system.methodHelp) and builds its interface as above.
/// @throws rpc::fault / std::system_error as rpc::client::call does.
document from_introspection(rpc::client& client, const introspection_options& options);

}  // namespace sockrpc::idl

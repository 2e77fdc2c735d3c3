// sockrpc — SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <string>
#include <vector>

namespace sockrpc::idl {

/// How a change between two versions of an interface affects deployed peers.
enum class change_severity {
  safe,      ///< old clients and old servers keep working
  breaking,  ///< some existing client or server fails (wrong type, missing method...)
};

/// One difference between OLD and NEW, e.g. {breaking, "calc.add", "parameter 'b'
/// changed type from int to double"}. `where` names the XML-RPC method or the struct
/// (and member) concerned; `loc` points into NEW when the item exists there, else OLD.
struct change {
  change_severity severity = change_severity::safe;
  std::string where;
  std::string message;
  source_location loc;
};

/// Compares two interfaces, matching methods by XML-RPC name and structs by name.
/// Breaking: a removed method, a changed parameter or result type, a parameter added
/// or removed, a removed struct member that clients send, a new required (non-optional)
/// member, a changed member type, a removed fault. Safe: a new method, struct or fault, a
/// new optional member, doc changes, a renamed C++ name with the same XML-RPC name.
/// The result lists breaking changes first, then safe ones, each group in file order.
std::vector<change> compare(const document& old_doc, const document& new_doc);

}  // namespace sockrpc::idl

// SPDX-License-Identifier: MIT
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
/// `validator1`), in order of first appearance; names without a dot go to
/// `root_service` with the empty prefix. system.* methods are dropped unless
/// `include_system`; a repeated name is ignored, and so is a name an IDL string cannot
/// hold (with '"', '\\', a tab or a line break).
/// Names are made into identifiers: other characters become '_' (runs collapse, none
/// leading or trailing), a leading digit gets a prefix ("1st" -> "method_1st"), the
/// reserved words parse() rejects (C++ keywords, `std`, `sockrpc`, the IDL's keywords) and
/// IDL type names get a '_' suffix ("delete" -> "delete_", "fault" -> "fault_"), clashes
/// get "_2", "_3"...; such a method keeps its XML-RPC name through
/// `as "..."`, such a service its prefix.
/// XML-RPC types map to IDL types (int/i4 -> int, i8 -> i8, boolean -> bool, double,
/// string, base64 -> bytes, dateTime.iso8601 -> datetime, struct -> map<string, any>,
/// array -> list<any>, nil -> nil (void as a result), an `ex:` prefix is ignored,
/// anything else such as "undef" -> any). Parameters are named arg1, arg2, ...
/// A method without usable signatures becomes `(...) -> any`; with several, the first is
/// used and each other one is added to the doc comment as "Also accepts (i8, i8) -> i8".
/// The help text is the doc comment (trailing blanks, blank edge lines and the
/// indentation common to all lines removed).
document from_introspection(const std::vector<introspected_method>& methods,
                            const introspection_options& options);

/// Asks a running server (system.listMethods, then system.methodSignature and
/// system.methodHelp for each method kept) and builds its interface as above. A
/// signature answer that is not an array of arrays of strings (Python's "signatures not
/// supported", "undef") or a fault means "unknown"; a faulting methodHelp means no help.
/// Blocks for 1 + 2N calls, each under the client's timeout.
/// @throws rpc::fault  system.listMethods faulted (the server lacks introspection).
/// @throws sockrpc::error  transport or protocol failure, as rpc::client::call.
/// @throws rpc::conversion_error  system.listMethods did not answer an array of strings.
document from_introspection(rpc::client& client, const introspection_options& options);

}  // namespace sockrpc::idl

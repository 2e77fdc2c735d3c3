// SPDX-License-Identifier: MIT
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

/// Compares two interfaces, matching methods by XML-RPC name, structs and faults by name.
///
/// The question answered: can a server built from NEW replace one built from OLD while
/// clients built against OLD keep calling it? Values flow in two directions, and the
/// rules differ: parameters go from old clients to the new server (NEW must accept all
/// OLD sends), results go from the new server to old clients (OLD must accept all NEW
/// sends). A struct is judged by where it travels in either version, transitively
/// through members and list/map/optional: in parameters, in results, or both (then both
/// rules apply). A struct no method uses is judged as if it travelled both ways.
///
/// Types ("accepts R <- W": a reader of R decodes every value a writer of W sends):
/// same type; R = `any`; R = `optional<T>` and W = `nil`, `T` or `optional<T>`;
/// R = `i8`, W = `int` (widening); list/map elementwise; R = `map<string, T>` and W a
/// struct whose members are all accepted by T; R a struct of another name whose required
/// members W sends with accepted types (a renamed struct). A `void` result accepts
/// anything (the client ignores it); a `void` result sent is `nil`. Nothing else, so
/// `int -> double` is breaking (many XML-RPC servers do not coerce), as is W = `any`.
///
/// | change | parameter (in) | result (out) |
/// |---|---|---|
/// | type T -> U | safe iff U accepts T | safe iff T accepts U |
/// | e.g. int -> i8, T -> optional<T>, T -> any | safe | breaking |
/// | e.g. i8 -> int, optional<T> -> T, any -> T | breaking | safe |
/// | struct member added, required | breaking (old clients do not send it) | safe |
/// | struct member added, optional | safe | safe |
/// | struct member removed, required | breaking (old clients send it) | breaking |
/// | struct member removed, optional | breaking (old clients may send it) | safe |
///
/// Also breaking: a removed method, a parameter added (unless `optional<T>`: callers may
/// omit trailing optional parameters) or removed, `(...)` -> typed parameters, a removed
/// fault (unless another fault keeps its code), a changed fault code. Also safe: a new
/// method, struct or fault, typed -> `(...)`, a renamed parameter (XML-RPC passes them by
/// position), `raises` changes (any call may fault), a removed struct (what used it is
/// judged where it is used), doc changes, a new C++ name or service for the same
/// XML-RPC name, a new package.
///
/// The result lists breaking changes first, then safe ones; within each group package,
/// structs, faults, then methods, in OLD's order with additions after in NEW's order.
/// `where` is "package", "struct NAME", "fault NAME", "service NAME" (doc changes) or
/// the method's XML-RPC name; messages name members, parameters and both types, e.g.
/// "parameter 'b' changed type from int to double".
/// Thread safety: reentrant.
std::vector<change> compare(const document& old_doc, const document& new_doc);

}  // namespace sockrpc::idl

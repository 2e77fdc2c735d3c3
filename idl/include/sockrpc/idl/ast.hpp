// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

/// The syntax tree of a sockrpc interface file (`.sidl`), shared by the parser, the C++
/// generator, the IDL printer, reverse generation from introspection and the
/// compatibility checker. Plain value types: copyable, comparable, no behaviour.
///
/// The language (docs/idl.md has the full grammar):
/// ```
/// // calc.sidl
/// package demo.calc;                 // C++ namespace demo::calc
///
/// /// A point on the plane.          (`///` comments are doc comments)
/// struct point {
///   x: double;
///   y: double;
///   label: optional<string>;         // may be absent or nil
///   tags: list<string>;
///   attrs: map<string, i8>;
/// }
///
/// /// Raised when dividing by zero.
/// fault division_by_zero = 1001;
///
/// /// Arithmetic.
/// service calc {                     // methods are called "calc.<name>"
///   /// Adds two integers.
///   add(a: int, b: int) -> int;
///   divide(a: double, b: double) -> double raises division_by_zero;
///   sum(values: list<int>) -> i8 as "math.sum";   // XML-RPC name given by hand
///   ping() -> void;
///   legacy(...) -> any;              // untyped parameters (from a server without signatures)
/// }
///
/// service root as "" { echo(x: any) -> any; }   // empty prefix: methods keep bare names
/// ```
/// Scalar types: `int` (i4), `i8`, `bool`, `double`, `string`, `bytes` (base64),
/// `datetime` (dateTime.iso8601), `any` (an rpc::value of any type), `nil`, and `void` as
/// a result only (the server answers `<nil/>`, the client ignores whatever comes back).
/// Generic types: `list<T>`, `map<string, T>`, `optional<T>`.
/// Names are C++ identifiers that are not C++ keywords; keywords of the language
/// (`package struct service fault raises as optional list map`) are reserved.
namespace sockrpc::idl {

/// A position in an interface file; line and column count from 1 (0 = unknown, e.g.
/// for declarations built from introspection).
struct source_location {
  std::string file;
  int line = 0;
  int column = 0;
  friend bool operator==(const source_location&, const source_location&) = default;
};

enum class type_kind : std::uint8_t {
  int32,     ///< `int`  — XML-RPC int/i4
  int64,     ///< `i8`
  boolean,   ///< `bool`
  float64,   ///< `double`
  string,    ///< `string`
  bytes,     ///< `bytes` — base64
  datetime,  ///< `datetime` — dateTime.iso8601
  any,       ///< `any`  — rpc::value
  nil,       ///< `nil`
  void_,     ///< `void` — results only
  list,      ///< `list<T>`            args = {T}
  map,       ///< `map<string, T>`     args = {T}
  optional,  ///< `optional<T>`        args = {T}
  named,     ///< a struct declared in the same file; `name` says which
};

/// A use of a type. Comparison ignores `loc`.
struct type_ref {
  type_kind kind = type_kind::any;
  std::string name;            ///< struct name when kind == named
  std::vector<type_ref> args;  ///< element type of list/map/optional
  source_location loc;

  friend bool operator==(const type_ref& a, const type_ref& b) {
    return a.kind == b.kind && a.name == b.name && a.args == b.args;
  }
};

/// A struct member. A member whose type is `optional<T>` may be absent on the wire.
struct field_decl {
  std::string name;
  type_ref type;
  std::string doc;  ///< text of the `///` comments above it, lines joined by '\n'
  source_location loc;
};

struct struct_decl {
  std::string name;
  std::vector<field_decl> fields;
  std::string doc;
  source_location loc;
};

/// `fault NAME = CODE;` — a named fault code methods may declare with `raises`.
struct fault_decl {
  std::string name;
  std::int32_t code = 0;
  std::string doc;
  source_location loc;
};

struct param_decl {
  std::string name;
  type_ref type;
  source_location loc;
};

struct method_decl {
  std::string name;      ///< C++ name, an identifier
  std::string rpc_name;  ///< full XML-RPC name ("calc.add"); filled in by the parser
  std::vector<param_decl> params;
  bool variadic = false;  ///< `(...)`: parameters unknown, `params` empty
  type_ref result;
  std::vector<std::string> raises;  ///< fault names
  std::string doc;
  source_location loc;
};

struct service_decl {
  std::string name;    ///< C++ class name stem: `<name>_client`, `<name>_service`
  std::string prefix;  ///< XML-RPC name prefix; `name` unless `as "..."` was given
  std::vector<method_decl> methods;
  std::string doc;
  source_location loc;
};

/// One interface file. `package` is dotted ("demo.calc"), empty when absent.
struct document {
  std::string file;
  std::string package;
  std::vector<struct_decl> structs;
  std::vector<fault_decl> faults;
  std::vector<service_decl> services;
};

}  // namespace sockrpc::idl

// SPDX-License-Identifier: MIT
// Small builders for hand-made syntax trees in the idl tests (no parser needed).
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockrpc::idl::test {

/// A type from its IDL spelling: "int", "list<point>", "map<string, optional<i8>>".
inline type_ref t(std::string_view text) {
  const auto strip = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ')
      s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
      s.remove_suffix(1);
    return s;
  };
  text = strip(text);
  const auto lt = text.find('<');
  if (lt != std::string_view::npos) {
    const auto head = text.substr(0, lt);
    auto inner = text.substr(lt + 1, text.size() - lt - 2);
    type_ref r;
    if (head == "list") {
      r.kind = type_kind::list;
    } else if (head == "optional") {
      r.kind = type_kind::optional;
    } else if (head == "map") {
      r.kind = type_kind::map;
      inner = inner.substr(inner.find(',') + 1);
    } else {
      throw std::invalid_argument("bad generic type");
    }
    r.args.push_back(t(inner));
    return r;
  }
  static const std::pair<std::string_view, type_kind> scalars[] = {
      {"int", type_kind::int32},         {"i8", type_kind::int64},
      {"bool", type_kind::boolean},      {"double", type_kind::float64},
      {"string", type_kind::string},     {"bytes", type_kind::bytes},
      {"datetime", type_kind::datetime}, {"any", type_kind::any},
      {"nil", type_kind::nil},           {"void", type_kind::void_}};
  for (const auto& [name, kind] : scalars) {
    if (text == name) return type_ref{kind, {}, {}, {}};
  }
  return type_ref{type_kind::named, std::string(text), {}, {}};
}

/// A struct: fields as {name, type text}.
inline struct_decl strukt(std::string name, std::vector<std::pair<std::string, std::string>> fields,
                          std::string doc = {}) {
  struct_decl s;
  s.name = std::move(name);
  s.doc = std::move(doc);
  for (auto& [n, ty] : fields)
    s.fields.push_back(field_decl{n, t(ty), {}, {}});
  return s;
}

/// A method of service `prefix` (rpc_name filled in as the parser does).
inline method_decl method(std::string_view prefix, std::string name,
                          std::vector<std::pair<std::string, std::string>> params,
                          std::string result, std::string doc = {}) {
  method_decl m;
  m.name = std::move(name);
  m.rpc_name = prefix.empty() ? m.name : std::string(prefix) + "." + m.name;
  for (auto& [n, ty] : params)
    m.params.push_back(param_decl{n, t(ty), {}});
  m.result = t(result);
  m.doc = std::move(doc);
  return m;
}

inline service_decl service(std::string name, std::vector<method_decl> methods,
                            std::string doc = {}) {
  service_decl s;
  s.prefix = name;
  s.name = std::move(name);
  s.methods = std::move(methods);
  s.doc = std::move(doc);
  return s;
}

/// Structural equality of documents, ignoring source locations (ast types compare
/// type_ref only; the rest is spelled out here).
inline bool same(const document& a, const document& b) {
  const auto same_vec = [](const auto& x, const auto& y, auto eq) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!eq(x[i], y[i])) return false;
    }
    return true;
  };
  const auto field_eq = [](const field_decl& x, const field_decl& y) {
    return x.name == y.name && x.type == y.type && x.doc == y.doc;
  };
  const auto struct_eq = [&](const struct_decl& x, const struct_decl& y) {
    return x.name == y.name && x.doc == y.doc && same_vec(x.fields, y.fields, field_eq);
  };
  const auto fault_eq = [](const fault_decl& x, const fault_decl& y) {
    return x.name == y.name && x.code == y.code && x.doc == y.doc;
  };
  const auto param_eq = [](const param_decl& x, const param_decl& y) {
    return x.name == y.name && x.type == y.type;
  };
  const auto method_eq = [&](const method_decl& x, const method_decl& y) {
    return x.name == y.name && x.rpc_name == y.rpc_name && x.variadic == y.variadic &&
           x.result == y.result && x.raises == y.raises && x.doc == y.doc &&
           same_vec(x.params, y.params, param_eq);
  };
  const auto service_eq = [&](const service_decl& x, const service_decl& y) {
    return x.name == y.name && x.prefix == y.prefix && x.doc == y.doc &&
           same_vec(x.methods, y.methods, method_eq);
  };
  return a.package == b.package && same_vec(a.structs, b.structs, struct_eq) &&
         same_vec(a.faults, b.faults, fault_eq) && same_vec(a.services, b.services, service_eq);
}

}  // namespace sockrpc::idl::test

namespace sockrpc::idl {
/// GoogleTest prints types as IDL text ("list<point>") instead of bytes.
inline void PrintTo(const type_ref& type, std::ostream* os) {
  static constexpr const char* names[] = {"int",   "i8",       "bool", "double", "string",
                                          "bytes", "datetime", "any",  "nil",    "void"};
  switch (type.kind) {
    case type_kind::list:
    case type_kind::map:
    case type_kind::optional:
      *os << (type.kind == type_kind::list  ? "list<"
              : type.kind == type_kind::map ? "map<string, "
                                            : "optional<");
      if (!type.args.empty()) PrintTo(type.args.front(), os);
      *os << '>';
      return;
    case type_kind::named:
      *os << type.name;
      return;
    default:
      *os << names[static_cast<int>(type.kind)];
  }
}
}  // namespace sockrpc::idl

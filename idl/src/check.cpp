// SPDX-License-Identifier: MIT
#include "detail/check.hpp"
#include "detail/scalars.hpp"

#include <sockrpc/idl/parser.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace sockrpc::idl::detail {
namespace {

// The one list of reserved words. Every name in an interface becomes a C++ identifier in
// the generated header, so parse() rejects these and from_introspection() gives them a '_'
// suffix (idl/tests/reserved_words_test.cpp checks both agree on every word).
constexpr std::string_view reserved[] = {
    // C++20 keywords and alternative tokens
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
    "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef",
    "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t",
    "while", "xor", "xor_eq",
    // identifiers with special meaning, and macros of the standard library
    "final", "override", "import", "module", "NULL", "assert", "errno",
    // namespaces the generated code names unqualified
    "std", "sockrpc",
    // the interface language's keywords (its type names are scalar_spellings[])
    "package", "service", "fault", "raises", "as", "optional", "list", "map"};

/// Collects errors; the one earliest in the file is thrown.
class reporter {
 public:
  void add(const source_location& loc, std::string message) {
    if (!first_ ||
        std::pair(loc.line, loc.column) < std::pair(first_->first.line, first_->first.column)) {
      first_.emplace(loc, std::move(message));
    }
  }
  /// Records `name` in `seen`; a name seen before is "duplicate WHAT 'NAME'CONTEXT".
  void once(std::set<std::string>& seen, const std::string& name, const source_location& loc,
            std::string_view what, std::string_view context = {}) {
    if (!seen.insert(name).second) {
      add(loc, "duplicate " + std::string(what) + " '" + name + "'" + std::string(context));
    }
  }
  void throw_first() const {
    if (first_) throw parse_error(errc::invalid_interface, first_->first, first_->second);
  }

 private:
  std::optional<std::pair<source_location, std::string>> first_;
};

void check_type(const type_ref& t, bool is_result, const std::set<std::string>& structs,
                reporter& r) {
  if (t.kind == type_kind::void_ && !is_result) {
    r.add(t.loc, "'void' is only allowed as a result type");
  }
  if (t.kind == type_kind::named && !structs.contains(t.name)) {
    r.add(t.loc, "unknown type '" + t.name + "'");
  }
  for (const auto& arg : t.args)
    check_type(arg, false, structs, r);
}

/// Structs containing each other by value form a cycle no C++ struct can have. So does
/// optional<T>: std::optional holds its value inline. Through list or map it is fine.
void check_recursion(const document& doc, reporter& r) {
  const auto by_name = structs_by_name(doc);
  std::map<std::string, int> colour;  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path;
  auto visit = [&](auto& self, const struct_decl& s) -> void {
    colour[s.name] = 1;
    path.push_back(s.name);
    for (const auto& f : s.fields) {
      const std::string* held = held_by_value(f.type);
      if (held == nullptr) continue;
      auto it = by_name.find(*held);
      if (it == by_name.end()) continue;
      const int c = colour[*held];
      if (c == 1) {
        std::string cycle;
        auto start = std::find(path.begin(), path.end(), *held);
        for (auto p = start; p != path.end(); ++p)
          cycle += *p + " -> ";
        r.add(f.type.loc, "struct '" + *held + "' contains itself by value (" + cycle + *held +
                              "); use list or map");
      } else if (c == 0) {
        self(self, *it->second);
      }
    }
    path.pop_back();
    colour[s.name] = 2;
  };
  for (const auto& s : doc.structs) {
    if (colour[s.name] == 0) visit(visit, s);
  }
}

}  // namespace

std::optional<type_kind> scalar_kind(std::string_view name) noexcept {
  for (const auto& s : scalar_spellings) {
    if (s.idl == name) return s.kind;
  }
  return std::nullopt;
}

bool is_reserved(std::string_view name) noexcept {
  if (name.starts_with("__") ||
      (name.size() > 1 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z')) {
    return true;  // reserved to the C++ implementation
  }
  return std::find(std::begin(reserved), std::end(reserved), name) != std::end(reserved);
}

std::span<const std::string_view> reserved_words() noexcept {
  return reserved;
}

std::map<std::string, const struct_decl*> structs_by_name(const document& doc) {
  std::map<std::string, const struct_decl*> by_name;
  for (const auto& s : doc.structs)
    by_name.emplace(s.name, &s);
  return by_name;
}

const std::string* held_by_value(const type_ref& type) noexcept {
  const type_ref* t = &type;
  while (t->kind == type_kind::optional && !t->args.empty())
    t = &t->args.front();
  return t->kind == type_kind::named ? &t->name : nullptr;
}

void check(const document& doc, const std::vector<source_location>& raise_locs) {
  reporter r;
  std::set<std::string> structs;
  for (const auto& s : doc.structs) {
    if (scalar_kind(s.name)) r.add(s.loc, "'" + s.name + "' is a built-in type name");
    r.once(structs, s.name, s.loc, "struct");
  }
  for (const auto& s : doc.structs) {
    std::set<std::string> fields;
    for (const auto& f : s.fields) {
      r.once(fields, f.name, f.loc, "member", " in struct " + s.name);
      check_type(f.type, false, structs, r);
    }
  }
  check_recursion(doc, r);

  std::set<std::string> faults;
  for (const auto& f : doc.faults) {
    r.once(faults, f.name, f.loc, "fault");
  }

  std::set<std::string> services;
  std::set<std::string> rpc_names;
  std::size_t raise_index = 0;
  for (const auto& svc : doc.services) {
    r.once(services, svc.name, svc.loc, "service");
    std::set<std::string> methods;
    for (const auto& m : svc.methods) {
      r.once(methods, m.name, m.loc, "method", " in service " + svc.name);
      r.once(rpc_names, m.rpc_name, m.loc, "XML-RPC name");
      std::set<std::string> params;
      for (const auto& p : m.params) {
        r.once(params, p.name, p.loc, "parameter", " in method " + m.name);
        check_type(p.type, false, structs, r);
      }
      check_type(m.result, true, structs, r);
      std::set<std::string> raised;
      for (const auto& name : m.raises) {
        const source_location& loc = raise_locs.at(raise_index++);
        if (!faults.contains(name)) r.add(loc, "fault '" + name + "' is not declared");
        if (!raised.insert(name).second) r.add(loc, "fault '" + name + "' is listed twice");
      }
    }
    // The client's asynchronous form of `m` is `m_async`.
    for (const auto& m : svc.methods) {
      if (m.name.ends_with("_async") &&
          methods.contains(m.name.substr(0, m.name.size() - std::string_view("_async").size()))) {
        r.add(m.loc, "method '" + m.name + "' clashes with the asynchronous form of '" +
                         m.name.substr(0, m.name.size() - 6) + "'");
      }
    }
  }
  r.throw_first();
}

}  // namespace sockrpc::idl::detail

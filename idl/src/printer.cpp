// SPDX-License-Identifier: MIT
// print(): the canonical IDL layout. Top-level declarations come in a fixed order
// (package, structs, faults, services, each in document order) separated by one blank
// line (a run of undocumented faults stays one block); inside a body a blank line comes before
// every member that has a doc comment (except the first), so documented methods read as paragraphs.
#include <sockrpc/idl/parser.hpp>

#include "detail/literal.hpp"
#include "detail/scalars.hpp"
#include "detail/type_text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sockrpc::idl {
namespace detail {

std::string type_text(const type_ref& type) {
  if (const auto* s = scalar_of(type.kind)) return std::string(s->idl);
  if (type.kind == type_kind::named) return type.name;
  // list<T>, map<string, T> or optional<T>
  const std::string arg = type.args.empty() ? "any" : type_text(type.args.front());
  if (type.kind == type_kind::list) return "list<" + arg + ">";
  if (type.kind == type_kind::map) return "map<string, " + arg + ">";
  return "optional<" + arg + ">";
}

std::string default_rpc_name(const service_decl& service, const method_decl& method) {
  return service.prefix.empty() ? method.name : service.prefix + "." + method.name;
}

std::string rpc_name_of(const service_decl& service, const method_decl& method) {
  return method.rpc_name.empty() ? default_rpc_name(service, method) : method.rpc_name;
}

std::string string_literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + (u >> 6));
      out += static_cast<char>('0' + ((u >> 3) & 7));
      out += static_cast<char>('0' + (u & 7));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

}  // namespace detail

namespace {

// `///` lines for `doc` at `indent`; nothing for an empty doc.
void put_doc(std::string& out, std::string_view doc, std::string_view indent) {
  if (doc.empty()) return;
  std::size_t start = 0;
  while (true) {
    const auto end = doc.find('\n', start);
    const auto line = doc.substr(start, end == std::string_view::npos ? end : end - start);
    out += indent;
    out += line.empty() ? "///" : "/// ";
    out += line;
    out += '\n';
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

// A body `{ ... }` after a head: "{}" when empty, else one member per line with a blank
// line before every documented member but the first. `put` writes a member.
template <class Member, class Put>
void put_body(std::string& out, const std::vector<Member>& members, Put put) {
  if (members.empty()) {
    out += " {}\n";
    return;
  }
  out += " {\n";
  bool first = true;
  for (const auto& m : members) {
    if (!first && !m.doc.empty()) out += '\n';
    first = false;
    put(m);
  }
  out += "}\n";
}

void put_struct(std::string& out, const struct_decl& s) {
  put_doc(out, s.doc, "");
  out += "struct " + s.name;
  put_body(out, s.fields, [&](const field_decl& f) {
    put_doc(out, f.doc, "  ");
    out += "  " + f.name + ": " + detail::type_text(f.type) + ";\n";
  });
}

void put_fault(std::string& out, const fault_decl& f) {
  put_doc(out, f.doc, "");
  out += "fault " + f.name + " = " + std::to_string(f.code) + ";\n";
}

void put_method(std::string& out, const service_decl& s, const method_decl& m) {
  put_doc(out, m.doc, "  ");
  out += "  " + m.name + "(";
  if (m.variadic) {
    out += "...";
  } else {
    for (std::size_t i = 0; i < m.params.size(); ++i)
      out += (i > 0 ? ", " : "") + m.params[i].name + ": " + detail::type_text(m.params[i].type);
  }
  out += ") -> " + detail::type_text(m.result);
  for (std::size_t i = 0; i < m.raises.size(); ++i)
    out += (i > 0 ? ", " : " raises ") + m.raises[i];
  const auto rpc_name = detail::rpc_name_of(s, m);
  if (rpc_name != detail::default_rpc_name(s, m)) out += " as " + detail::string_literal(rpc_name);
  out += ";\n";
}

void put_service(std::string& out, const service_decl& s) {
  put_doc(out, s.doc, "");
  out += "service " + s.name;
  if (s.prefix != s.name) out += " as " + detail::string_literal(s.prefix);
  put_body(out, s.methods, [&](const method_decl& m) { put_method(out, s, m); });
}

}  // namespace

std::string print(const document& doc) {
  std::string out;
  const auto separate = [&] {
    if (!out.empty()) out += '\n';
  };
  if (!doc.package.empty()) out += "package " + doc.package + ";\n";
  for (const auto& s : doc.structs) {
    separate();
    put_struct(out, s);
  }
  bool first_fault = true;  // undocumented faults stack up as one block
  for (const auto& f : doc.faults) {
    if (first_fault || !f.doc.empty()) separate();
    first_fault = false;
    put_fault(out, f);
  }
  for (const auto& s : doc.services) {
    separate();
    put_service(out, s);
  }
  return out;
}

}  // namespace sockrpc::idl

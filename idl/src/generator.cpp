// SPDX-License-Identifier: MIT
#include <sockrpc/idl/generator.hpp>

#include "detail/check.hpp"
#include "detail/literal.hpp"
#include "detail/scalars.hpp"

#include <filesystem>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// The generated header's layout is this file's: two-space indent, one declaration per
// line, a parameter list broken one per line when a line would pass 100 columns. It is
// fenced with `// clang-format off` so a project's formatter leaves it alone.
namespace sockrpc::idl {
namespace {

constexpr std::size_t column_limit = 100;

using detail::string_literal;

/// The C++ type of `t`.
std::string cpp_type(const type_ref& t) {
  if (const auto* s = detail::scalar_of(t.kind)) return std::string(s->cpp);
  if (t.kind == type_kind::named) return t.name;
  // list<T>, map<string, T> or optional<T>
  const std::string arg = cpp_type(t.args.at(0));
  if (t.kind == type_kind::list) return "std::vector<" + arg + ">";
  if (t.kind == type_kind::map) return "std::map<std::string, " + arg + ">";
  return "std::optional<" + arg + ">";
}

/// The XML-RPC type name of `t` for system.methodSignature.
std::string wire_type(const type_ref& t) {
  if (const auto* s = detail::scalar_of(t.kind)) return std::string(s->wire);
  if (t.kind == type_kind::optional) return wire_type(t.args.at(0));
  return t.kind == type_kind::list ? "array" : "struct";  // a map or a named struct
}

/// Small scalars travel by value, everything else by const reference.
std::string param_type(const type_ref& t) {
  switch (t.kind) {
    case type_kind::int32:
    case type_kind::int64:
    case type_kind::boolean:
    case type_kind::float64:
    case type_kind::nil:
      return cpp_type(t);
    default:
      return "const " + cpp_type(t) + "&";
  }
}

class writer {
 public:
  void line(int indent, std::string_view text) {
    if (!text.empty()) out_.append(static_cast<std::size_t>(indent) * 2, ' ').append(text);
    out_ += '\n';
  }
  void blank() { out_ += '\n'; }

  /// `doc` as `///` lines. A line ending in a backslash would continue the comment onto
  /// the next source line, so it gets a closing mark.
  void doc(int indent, std::string_view doc) {
    if (doc.empty()) return;
    std::size_t begin = 0;
    for (;;) {
      const std::size_t end = doc.find('\n', begin);
      std::string text(doc.substr(begin, end == std::string_view::npos ? end : end - begin));
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
      if (!text.empty() && text.back() == '\\') text += " //";
      line(indent, text.empty() ? "///" : "/// " + text);
      if (end == std::string_view::npos) break;
      begin = end + 1;
    }
  }

  /// `head(p1, p2, ...)tail` on one line when it fits, else one parameter per line.
  void call_like(int indent, const std::string& head, const std::vector<std::string>& params,
                 const std::string& tail) {
    std::string joined;
    for (const auto& p : params)
      joined += (joined.empty() ? "" : ", ") + p;
    const std::string one = head + "(" + joined + ")" + tail;
    if (static_cast<std::size_t>(indent) * 2 + one.size() <= column_limit || params.empty()) {
      line(indent, one);
      return;
    }
    line(indent, head + "(");
    for (std::size_t i = 0; i < params.size(); ++i) {
      line(indent + 2, params[i] + (i + 1 < params.size() ? "," : ")" + tail));
    }
  }

  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Structs in an order C++ accepts: a struct held by value or in an optional is defined
/// before its holder (lists and maps take incomplete types). parse() rejects cycles.
std::vector<const struct_decl*> definition_order(const document& doc) {
  const auto by_name = detail::structs_by_name(doc);
  std::vector<const struct_decl*> order;
  std::set<std::string> seen;
  auto visit = [&](auto& self, const struct_decl& s) -> void {
    if (!seen.insert(s.name).second) return;
    for (const auto& f : s.fields) {
      const std::string* held = detail::held_by_value(f.type);
      if (held == nullptr) continue;
      if (auto it = by_name.find(*held); it != by_name.end()) self(self, *it->second);
    }
    order.push_back(&s);
  };
  for (const auto& s : doc.structs)
    visit(visit, s);
  return order;
}

void write_struct(writer& w, const struct_decl& s) {
  w.doc(0, s.doc);
  w.line(0, "struct " + s.name + " {");
  for (const auto& f : s.fields) {
    w.doc(1, f.doc);
    w.line(1, cpp_type(f.type) + " " + f.name + "{};");
  }
  if (!s.fields.empty()) w.blank();
  w.line(1, "friend bool operator==(const " + s.name + "&, const " + s.name + "&) = default;");
  w.line(0, "};");
  std::vector<std::string> args{s.name};
  for (const auto& f : s.fields)
    args.push_back(f.name);
  w.call_like(0, "SOCKRPC_STRUCT", args, "");
  w.blank();
}

std::vector<std::string> typed_params(const method_decl& m) {
  std::vector<std::string> out;
  for (const auto& p : m.params)
    out.push_back(param_type(p.type) + " " + p.name);
  return out;
}

/// The XML-RPC name, then the parameter names: the arguments of rpc::client::call.
std::vector<std::string> call_args(const method_decl& m) {
  std::vector<std::string> out{string_literal(m.rpc_name)};
  for (const auto& p : m.params)
    out.push_back(p.name);
  return out;
}

/// Opens `class cls {` up to ` public:`, documented by the service's doc comment and then
/// `about` (one comment line each).
void open_class(writer& w, const service_decl& svc, const std::string& cls,
                std::initializer_list<std::string> about) {
  w.doc(0, svc.doc);
  if (!svc.doc.empty()) w.line(0, "///");
  for (const auto& line : about)
    w.line(0, "/// " + line);
  w.line(0, "class " + cls + " {");
  w.line(0, " public:");
}

void write_client(writer& w, const service_decl& svc) {
  const std::string cls = svc.name + "_client";
  open_class(w, svc, cls,
             {"Typed client of service " + svc.name + ".",
              "Borrows an rpc::client, which must outlive it. Timeouts, connections and errors",
              "are the rpc::client's: calls throw rpc::fault for a fault answer and",
              "sockrpc::error for a transport failure. Thread-safe as rpc::client calls are."});
  w.line(1, "explicit " + cls + "(sockrpc::rpc::client& client) noexcept : client_(&client) {}");
  for (const auto& m : svc.methods) {
    const std::string result = cpp_type(m.result);
    const std::string name = string_literal(m.rpc_name);
    w.blank();
    w.doc(1, m.doc);
    if (m.variadic) {
      w.line(1, "/// Untyped parameters: each argument is converted with rpc::to_value.");
      w.line(1, "template <class... Args>");
      w.line(1, result + " " + m.name + "(Args&&... args) {");
      w.line(2, "return client_->call<" + result + ">(" + name + ", std::forward<Args>(args)...);");
      w.line(1, "}");
      w.line(1, "/// " + m.name + "() without blocking, on the client's I/O threads.");
      w.line(1, "template <class... Args>");
      w.line(1, "std::future<" + result + "> " + m.name + "_async(Args&&... args) {");
      w.line(2, "return client_->async_call<" + result + ">(" + name +
                    ", std::forward<Args>(args)...);");
      w.line(1, "}");
      continue;
    }
    const auto params = typed_params(m);
    const auto args = call_args(m);
    w.call_like(1, result + " " + m.name, params, " {");
    w.call_like(2,
                std::string(m.result.kind == type_kind::void_ ? "" : "return ") + "client_->call<" +
                    result + ">",
                args, ";");
    w.line(1, "}");
    w.line(1, "/// " + m.name + "() without blocking; the future holds the result or");
    w.line(1, "/// the exception " + m.name + "() would throw.");
    w.call_like(1, "std::future<" + result + "> " + m.name + "_async", params, " {");
    w.call_like(2, "return client_->async_call<" + result + ">", args, ";");
    w.line(1, "}");
  }
  w.blank();
  w.line(0, " private:");
  w.line(1, "sockrpc::rpc::client* client_;");
  w.line(0, "};");
  w.blank();
}

void write_service(writer& w, const service_decl& svc) {
  const std::string cls = svc.name + "_service";
  open_class(w, svc, cls,
             {"Server side of service " + svc.name + ".",
              "Implement every method, then call register_" + svc.name + "(). Methods run",
              "concurrently on the server's threads. Throw rpc::fault to answer with a fault",
              "(see namespace faults); any other exception becomes fault -32500."});
  w.line(1, "virtual ~" + cls + "() = default;");
  for (const auto& m : svc.methods) {
    w.blank();
    w.doc(1, m.doc);
    const std::string head = "virtual " + cpp_type(m.result) + " " + m.name;
    if (m.variadic) {
      w.line(1, "/// Untyped parameters: all of the call's, unchecked.");
      w.line(1, head + "(const sockrpc::rpc::array& params) = 0;");
    } else {
      w.call_like(1, head, typed_params(m), " = 0;");
    }
  }
  w.line(0, "};");
  w.blank();

  w.line(0, "/// Registers every method of `service` in `registry` under its XML-RPC name, with");
  w.line(0, "/// its help text and signature for system.methodHelp / system.methodSignature.");
  w.line(0, "/// `service` must outlive the registrations.");
  w.line(0, "inline void register_" + svc.name + "(sockrpc::rpc::method_registry& registry, " +
                cls + "& service) {");
  w.line(1, "namespace rpc = sockrpc::rpc;");
  w.line(1, "using sigs = std::vector<rpc::signature>;");
  for (const auto& m : svc.methods) {
    std::string sigs = "sigs{";
    if (!m.variadic) {  // no signature: system.methodSignature answers "undef"
      sigs += "rpc::signature{" + string_literal(wire_type(m.result));
      for (const auto& p : m.params)
        sigs += ", " + string_literal(wire_type(p.type));
      sigs += "}";
    }
    sigs += "}";
    w.line(1, "registry.add(" + string_literal(m.rpc_name) + ", &" + cls + "::" + m.name +
                  ", &service,");
    const std::string info = "             rpc::method_info{" + string_literal(m.doc) + ",";
    if (2 + info.size() + 1 + sigs.size() + 3 <= column_limit) {
      w.line(1, info + " " + sigs + "});");
    } else {
      w.line(1, info);
      w.line(1, std::string(info.find('{') + 1, ' ') + sigs + "});");
    }
  }
  w.line(0, "}");
  w.blank();
}

std::string namespace_of(const std::string& package) {
  std::string out = package;
  for (std::size_t i = out.find('.'); i != std::string::npos; i = out.find('.', i + 2))
    out.replace(i, 1, "::");
  return out;
}

}  // namespace

std::string generate_cpp(const document& doc, const generator_options& options) {
  writer w;
  // The file name only: the header must not carry the build machine's paths.
  const std::string source = std::filesystem::path(doc.file).filename().string();
  w.line(0, "// Generated by sockrpc-idl from " + source + ". Do not edit.");
  if (!options.header_name.empty()) w.line(0, "// Include as \"" + options.header_name + "\".");
  w.line(0, "// clang-format off");
  w.line(0, "#pragma once");
  w.blank();
  for (const char* h :
       {"client/client", "dispatch/registry", "value/convert", "value/fault", "value/value"})
    w.line(0, std::string("#include <sockrpc/rpc/") + h + ".hpp>");
  w.blank();
  for (const char* h :
       {"chrono", "cstddef", "cstdint", "future", "map", "optional", "string", "utility", "vector"})
    w.line(0, std::string("#include <") + h + ">");
  w.blank();
  const std::string ns = namespace_of(doc.package);
  if (!ns.empty()) {
    w.line(0, "namespace " + ns + " {");
    w.blank();
  }
  if (!doc.structs.empty()) {
    for (const auto& s : doc.structs)
      w.line(0, "struct " + s.name + ";");
    w.blank();
    for (const auto* s : definition_order(doc))
      write_struct(w, *s);
  }
  if (!doc.faults.empty()) {
    w.line(0, "/// The fault codes declared in the interface.");
    w.line(0, "namespace faults {");
    for (const auto& f : doc.faults) {
      w.doc(0, f.doc);
      w.line(0, "inline constexpr int " + f.name + " = " + std::to_string(f.code) + ";");
    }
    w.line(0, "}  // namespace faults");
    w.blank();
  }
  for (const auto& svc : doc.services) {
    write_client(w, svc);
    write_service(w, svc);
  }
  if (!ns.empty()) w.line(0, "}  // namespace " + ns);
  w.line(0, "// clang-format on");
  return w.take();
}

}  // namespace sockrpc::idl

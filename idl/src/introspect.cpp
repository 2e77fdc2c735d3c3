// SPDX-License-Identifier: MIT
// Reverse generation: an interface document from what a server says about itself.
#include <sockrpc/idl/introspect.hpp>

#include <sockrpc/rpc/client/client.hpp>

#include "detail/check.hpp"
#include "detail/type_text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

namespace sockrpc::idl {
namespace {

// A name parse() would reject, or a type name (kept out of method and service names so
// the interface reads unambiguously): it gets a '_' suffix.
bool needs_suffix(std::string_view s) {
  return detail::is_reserved(s) || detail::scalar_kind(s).has_value();
}

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// `name` made into an identifier: other characters become '_', runs of '_' collapse
// (C++ reserves "__"), no leading '_' or digit, keywords get a '_' suffix.
std::string identifier(std::string_view name, std::string_view fallback) {
  std::string out;
  for (const char c : name) {
    const char x = is_ident_char(c) && static_cast<unsigned char>(c) < 0x80 ? c : '_';
    if (x == '_' && (out.empty() || out.back() == '_')) continue;
    out += x;
  }
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  if (out.empty()) out = fallback;
  if (std::isdigit(static_cast<unsigned char>(out.front())) != 0)
    out = std::string(fallback) + "_" + out;
  if (needs_suffix(out)) out += '_';
  return out;
}

// A unique variant of `name` among `taken` (name, name_2, name_3, ...); records it.
std::string unique(std::string name, std::set<std::string>& taken) {
  std::string candidate = name;
  for (int n = 2; !taken.insert(candidate).second; ++n)
    candidate = name + "_" + std::to_string(n);
  return candidate;
}

type_ref scalar(type_kind k) {
  return type_ref{k, {}, {}, {}};
}
type_ref generic(type_kind k, type_ref arg) {
  return type_ref{k, {}, {std::move(arg)}, {}};
}

// An XML-RPC type name (as introspection reports it) as an IDL type.
type_ref type_of(std::string_view xmlrpc, bool result) {
  std::string t(xmlrpc);
  if (t.starts_with("ex:")) t.erase(0, 3);
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "int" || t == "i4") return scalar(type_kind::int32);
  if (t == "i8") return scalar(type_kind::int64);
  if (t == "boolean") return scalar(type_kind::boolean);
  if (t == "double") return scalar(type_kind::float64);
  if (t == "string") return scalar(type_kind::string);
  if (t == "base64") return scalar(type_kind::bytes);
  if (t == "datetime.iso8601") return scalar(type_kind::datetime);
  if (t == "struct") return generic(type_kind::map, scalar(type_kind::any));
  if (t == "array") return generic(type_kind::list, scalar(type_kind::any));
  if (t == "nil" || t == "void") return scalar(result ? type_kind::void_ : type_kind::nil);
  return scalar(type_kind::any);  // "undef", "any", "mixed", unknown names
}

// Help text as a doc comment: trailing blanks, blank edge lines and common indentation go.
std::string trim_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0)
      line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  std::size_t first = 0;
  while (first < lines.size() && lines[first].empty())
    ++first;
  // Remove the indentation all lines share (as Python's inspect.cleandoc does).
  std::size_t indent = std::string::npos;
  for (std::size_t i = first; i < lines.size(); ++i) {
    if (!lines[i].empty()) indent = std::min(indent, lines[i].find_first_not_of(" \t"));
  }
  std::string out;
  for (std::size_t i = first; i < lines.size(); ++i)
    out += (i > first ? "\n" : "") + (lines[i].empty() ? lines[i] : lines[i].substr(indent));
  return out;
}

// "(int, int) -> int": one more signature, for the doc comment.
std::string signature_text(const std::vector<std::string>& sig) {
  std::string s = "(";
  for (std::size_t i = 1; i < sig.size(); ++i)
    s += (i > 1 ? ", " : "") + sig[i];
  return s + ") -> " + sig.front();
}

method_decl make_method(const introspected_method& im, std::string_view last_part,
                        std::set<std::string>& taken) {
  method_decl m;
  m.name = unique(identifier(last_part, "method"), taken);
  m.rpc_name = im.name;
  m.doc = trim_lines(im.help);
  std::vector<std::vector<std::string>> usable;
  if (im.signatures) {
    for (const auto& sig : *im.signatures) {
      if (!sig.empty()) usable.push_back(sig);
    }
  }
  if (usable.empty()) {
    m.variadic = true;
    m.result = scalar(type_kind::any);
    return m;
  }
  const auto& sig = usable.front();
  m.result = type_of(sig.front(), true);
  for (std::size_t i = 1; i < sig.size(); ++i)
    m.params.push_back(param_decl{"arg" + std::to_string(i), type_of(sig[i], false), {}});
  for (std::size_t i = 1; i < usable.size(); ++i)
    m.doc += (m.doc.empty() ? ""
              : i == 1      ? "\n\n"
                            : "\n") +
             ("Also accepts " + signature_text(usable[i]));
  return m;
}

}  // namespace

document from_introspection(const std::vector<introspected_method>& methods,
                            const introspection_options& options) {
  document doc;
  doc.package = options.package;
  std::set<std::string> rpc_names;
  std::set<std::string> service_names;
  std::vector<std::set<std::string>> method_names;  // per service
  for (const auto& im : methods) {
    if (im.name.empty() || !rpc_names.insert(im.name).second) continue;
    if (!options.include_system && im.name.starts_with("system.")) continue;
    // IDL strings cannot hold these (no escapes): such a method cannot be described.
    if (im.name.find_first_of("\"\\\n\r\t") != std::string::npos) continue;
    const auto dot = im.name.rfind('.');
    const std::string prefix = dot == std::string::npos ? "" : im.name.substr(0, dot);
    const std::string_view last = dot == std::string::npos
                                      ? std::string_view(im.name)
                                      : std::string_view(im.name).substr(dot + 1);
    auto it = std::find_if(doc.services.begin(), doc.services.end(),
                           [&](const service_decl& s) { return s.prefix == prefix; });
    if (it == doc.services.end()) {
      service_decl s;
      s.name = unique(identifier(prefix.empty() ? options.root_service : prefix, "service"),
                      service_names);
      s.prefix = prefix;
      doc.services.push_back(std::move(s));
      method_names.emplace_back();
      it = doc.services.end() - 1;
    }
    auto& taken = method_names[static_cast<std::size_t>(it - doc.services.begin())];
    it->methods.push_back(make_method(im, last, taken));
  }
  return doc;
}

document from_introspection(rpc::client& client, const introspection_options& options) {
  const auto listed = client.call<std::vector<std::string>>("system.listMethods");
  std::vector<introspected_method> methods;
  for (const auto& name : listed) {
    if (!options.include_system && name.starts_with("system.")) continue;
    introspected_method im;
    im.name = name;
    // Servers answer "undef" or a string such as "signatures not supported" (Python)
    // instead of an array, or fault: all mean "unknown".
    const auto sig = client.try_call("system.methodSignature", name);
    if (!sig.is_fault() && sig.result().is_array()) {
      std::vector<std::vector<std::string>> sigs;
      bool well_formed = true;
      for (const auto& s : sig.result().as_array()) {
        if (!s.is_array()) {
          well_formed = false;
          break;
        }
        std::vector<std::string> names;
        for (const auto& t : s.as_array()) {
          if (!t.is_string()) {
            well_formed = false;
            break;
          }
          names.push_back(t.as_string());
        }
        sigs.push_back(std::move(names));
      }
      if (well_formed) im.signatures = std::move(sigs);
    }
    const auto help = client.try_call("system.methodHelp", name);
    if (!help.is_fault() && help.result().is_string()) im.help = help.result().as_string();
    methods.push_back(std::move(im));
  }
  return from_introspection(methods, options);
}

}  // namespace sockrpc::idl

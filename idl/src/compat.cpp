// SPDX-License-Identifier: MIT
// compare(): what changed between two versions of an interface, and whether clients
// built against OLD keep working against a server built from NEW. The rules are listed
// in compat.hpp; the core is accepts(reader, writer): can a peer reading type R decode
// every value a peer writing type W sends? Parameters flow from old clients to the new
// server (reader = NEW), results from the new server to old clients (reader = OLD).
#include <sockrpc/idl/compat.hpp>

#include "detail/type_text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace sockrpc::idl {
namespace {

using detail::type_text;

/// Where values of a struct travel: in parameters (client -> server), results, or both.
struct usage {
  bool in = false;
  bool out = false;
};

const struct_decl* find_struct(const document& d, const std::string& name) {
  for (const auto& s : d.structs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const field_decl* find_field(const struct_decl& s, const std::string& name) {
  for (const auto& f : s.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const fault_decl* find_fault(const document& d, const std::string& name) {
  for (const auto& f : d.faults) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool is_optional(const type_ref& t) {
  return t.kind == type_kind::optional;
}

const type_ref& arg_of(const type_ref& t) {
  static const type_ref any_type{};  // immutable; a malformed generic reads as any
  return t.args.empty() ? any_type : t.args.front();
}

// Marks every struct reachable from `t` as travelling in direction in/out.
void mark(const document& d, const type_ref& t, bool in, std::map<std::string, usage>& uses) {
  for (const auto& a : t.args)
    mark(d, a, in, uses);
  if (t.kind != type_kind::named) return;
  auto& u = uses[t.name];
  bool& flag = in ? u.in : u.out;
  if (flag) return;
  flag = true;
  if (const auto* s = find_struct(d, t.name)) {
    for (const auto& f : s->fields)
      mark(d, f.type, in, uses);
  }
}

std::map<std::string, usage> struct_usage(const document& d) {
  std::map<std::string, usage> uses;
  for (const auto& s : d.services) {
    for (const auto& m : s.methods) {
      for (const auto& p : m.params)
        mark(d, p.type, true, uses);
      mark(d, m.result, false, uses);
    }
  }
  return uses;
}

class checker {
 public:
  checker(const document& old_doc, const document& new_doc) : old_(old_doc), new_(new_doc) {}

  std::vector<change> run() {
    if (old_.package != new_.package) {
      add(change_severity::safe, "package",
          "package changed from '" + old_.package + "' to '" + new_.package +
              "' (C++ namespace only)",
          {});
    }
    compare_structs();
    compare_faults();
    compare_methods();
    std::stable_partition(changes_.begin(), changes_.end(),
                          [](const change& c) { return c.severity == change_severity::breaking; });
    return std::move(changes_);
  }

 private:
  // Can a peer reading `r` (declared in `rd`) decode every value of `w` (declared in
  // `wd`)? Same-named structs are compatible here: their members are compared by
  // compare_structs, once, with the directions they travel in.
  bool accepts(const type_ref& r, const document& rd, const type_ref& w, const document& wd) {
    if (r.kind == type_kind::void_ || r.kind == type_kind::any) return true;
    if (w.kind == type_kind::void_) return accepts(r, rd, type_ref{type_kind::nil, {}, {}, {}}, wd);
    if (r.kind == type_kind::optional) {
      if (w.kind == type_kind::nil) return true;
      return accepts(arg_of(r), rd, is_optional(w) ? arg_of(w) : w, wd);
    }
    switch (w.kind) {
      case type_kind::optional:
      case type_kind::any:
        return false;  // may send nil / anything
      default:
        break;
    }
    if (r.kind == type_kind::int64 && w.kind == type_kind::int32) return true;
    if (r.kind == type_kind::map && w.kind == type_kind::named) {
      const auto* ws = find_struct(wd, w.name);
      if (!ws) return false;
      for (const auto& f : ws->fields) {  // an optional member may come as nil
        if (!accepts(arg_of(r), rd, f.type, wd)) return false;
      }
      return true;
    }
    if (r.kind != w.kind) return false;
    switch (r.kind) {
      case type_kind::list:
      case type_kind::map:
        return accepts(arg_of(r), rd, arg_of(w), wd);
      case type_kind::named:
        return r.name == w.name || struct_accepts(r.name, rd, w.name, wd);
      default:
        return true;  // the same scalar
    }
  }

  // Structural check for structs of different names (a renamed struct): every member the
  // reader requires is sent with a type it accepts; extra members are ignored.
  bool struct_accepts(const std::string& rn, const document& rd, const std::string& wn,
                      const document& wd) {
    const auto* rs = find_struct(rd, rn);
    const auto* ws = find_struct(wd, wn);
    if (!rs || !ws) return false;
    // A recursive struct: assume the pair compatible while checking it (coinduction).
    if (!seen_.insert({rn, wn}).second) return true;
    bool ok = true;
    for (const auto& rf : rs->fields) {
      const auto* wf = find_field(*ws, rf.name);
      ok = wf ? accepts(rf.type, rd, wf->type, wd) : is_optional(rf.type);
      if (!ok) break;
    }
    seen_.erase({rn, wn});
    return ok;
  }

  void add(change_severity sev, std::string where, std::string message, source_location loc) {
    changes_.push_back(change{sev, std::move(where), std::move(message), std::move(loc)});
  }
  static change_severity severity(bool ok) {
    return ok ? change_severity::safe : change_severity::breaking;
  }

  void compare_structs() {
    auto uses = struct_usage(old_);
    for (const auto& [name, u] : struct_usage(new_)) {
      uses[name].in = uses[name].in || u.in;
      uses[name].out = uses[name].out || u.out;
    }
    for (const auto& os : old_.structs) {
      const auto where = "struct " + os.name;
      const auto* ns = find_struct(new_, os.name);
      if (!ns) {
        // What used it changed type: that is reported (and judged) at each method.
        add(change_severity::safe, where, "struct removed", os.loc);
        continue;
      }
      usage u{};
      if (const auto it = uses.find(os.name); it != uses.end()) u = it->second;
      if (!u.in && !u.out) u = usage{true, true};  // not used by any method: be strict
      compare_struct(os, *ns, u, where);
    }
    for (const auto& ns : new_.structs) {
      if (!find_struct(old_, ns.name))
        add(change_severity::safe, "struct " + ns.name, "new struct", ns.loc);
    }
  }

  void compare_struct(const struct_decl& os, const struct_decl& ns, usage u,
                      const std::string& where) {
    if (os.doc != ns.doc) add(change_severity::safe, where, "doc comment changed", ns.loc);
    for (const auto& of : os.fields) {
      const auto* nf = find_field(ns, of.name);
      const auto member = "member '" + of.name + "'";
      if (!nf) {
        const bool optional = is_optional(of.type);
        std::string why;
        if (u.in) why = optional ? "old clients may still send it" : "old clients still send it";
        if (u.out && !optional)
          why += std::string(why.empty() ? "" : "; ") + "old clients expect it";
        add(severity(why.empty()), where,
            member + " (" + type_text(of.type) + ") removed" + (why.empty() ? "" : ": " + why),
            ns.loc);
        continue;
      }
      if (!(of.type == nf->type)) {
        const bool ok = (!u.in || accepts(nf->type, new_, of.type, old_)) &&
                        (!u.out || accepts(of.type, old_, nf->type, new_));
        add(severity(ok), where,
            member + " changed type from " + type_text(of.type) + " to " + type_text(nf->type),
            nf->loc);
      }
      if (of.doc != nf->doc)
        add(change_severity::safe, where, "doc comment of " + member + " changed", nf->loc);
    }
    for (const auto& nf : ns.fields) {
      if (find_field(os, nf.name)) continue;
      const auto text = " '" + nf.name + "' (" + type_text(nf.type) + ")";
      if (is_optional(nf.type)) {
        add(change_severity::safe, where, "new optional member" + text, nf.loc);
      } else if (u.in) {
        add(change_severity::breaking, where,
            "new required member" + text + ": old clients do not send it", nf.loc);
      } else {
        add(change_severity::safe, where, "new member" + text + " (results only)", nf.loc);
      }
    }
  }

  void compare_faults() {
    for (const auto& of : old_.faults) {
      const auto where = "fault " + of.name;
      const auto* nf = find_fault(new_, of.name);
      if (!nf) {
        const auto same_code = std::find_if(new_.faults.begin(), new_.faults.end(),
                                            [&](const fault_decl& f) { return f.code == of.code; });
        if (same_code != new_.faults.end() && !find_fault(old_, same_code->name)) {
          add(change_severity::safe, where,
              "renamed to '" + same_code->name + "' (same code " + std::to_string(of.code) + ")",
              same_code->loc);
        } else {
          add(change_severity::breaking, where,
              "fault removed (code " + std::to_string(of.code) + ")", of.loc);
        }
        continue;
      }
      if (of.code != nf->code) {
        add(change_severity::breaking, where,
            "code changed from " + std::to_string(of.code) + " to " + std::to_string(nf->code),
            nf->loc);
      }
      if (of.doc != nf->doc) add(change_severity::safe, where, "doc comment changed", nf->loc);
    }
    for (const auto& nf : new_.faults) {
      if (find_fault(old_, nf.name)) continue;
      const bool renamed = std::any_of(
          old_.faults.begin(), old_.faults.end(),
          [&](const fault_decl& f) { return f.code == nf.code && !find_fault(new_, f.name); });
      if (!renamed) add(change_severity::safe, "fault " + nf.name, "new fault", nf.loc);
    }
  }

  struct method_ref {
    const service_decl* service;
    const method_decl* method;
  };
  static std::vector<std::pair<std::string, method_ref>> methods_of(const document& d) {
    std::vector<std::pair<std::string, method_ref>> out;
    for (const auto& s : d.services) {
      for (const auto& m : s.methods)
        out.emplace_back(detail::rpc_name_of(s, m), method_ref{&s, &m});
    }
    return out;
  }
  static const method_ref* find_method(const std::vector<std::pair<std::string, method_ref>>& v,
                                       const std::string& name) {
    for (const auto& [n, ref] : v) {
      if (n == name) return &ref;
    }
    return nullptr;
  }

  void compare_methods() {
    const auto olds = methods_of(old_);
    const auto news = methods_of(new_);
    for (const auto& [name, o] : olds) {
      const auto* n = find_method(news, name);
      if (!n) {
        add(change_severity::breaking, name, "method removed", o.method->loc);
        continue;
      }
      compare_method(name, o, *n);
    }
    for (const auto& [name, n] : news) {
      if (!find_method(olds, name)) add(change_severity::safe, name, "new method", n.method->loc);
    }
    for (const auto& os : old_.services) {
      for (const auto& ns : new_.services) {
        if (os.name == ns.name && os.doc != ns.doc)
          add(change_severity::safe, "service " + ns.name, "doc comment changed", ns.loc);
      }
    }
  }

  static std::string param_list(const method_decl& m) {
    if (m.variadic) return "(...)";
    std::string s = "(";
    for (const auto& p : m.params)
      s += (s.size() > 1 ? ", " : "") + p.name + ": " + type_text(p.type);
    return s + ")";
  }

  void compare_method(const std::string& where, const method_ref& o, const method_ref& n) {
    const auto& om = *o.method;
    const auto& nm = *n.method;
    const auto& loc = nm.loc;
    if (om.variadic || nm.variadic) {
      if (om.variadic != nm.variadic) {
        add(severity(nm.variadic), where,
            "parameters changed from " + param_list(om) + " to " + param_list(nm), loc);
      }
    } else {
      compare_params(where, om, nm);
    }
    if (!(om.result == nm.result)) {
      add(severity(accepts(om.result, old_, nm.result, new_)), where,
          "result changed type from " + type_text(om.result) + " to " + type_text(nm.result), loc);
    }
    for (const auto& r : om.raises) {
      if (std::find(nm.raises.begin(), nm.raises.end(), r) == nm.raises.end())
        add(change_severity::safe, where, "no longer raises " + r, loc);
    }
    for (const auto& r : nm.raises) {
      if (std::find(om.raises.begin(), om.raises.end(), r) == om.raises.end())
        add(change_severity::safe, where, "now raises " + r, loc);
    }
    if (o.service->name != n.service->name) {
      add(change_severity::safe, where,
          "moved from service " + o.service->name + " to " + n.service->name + " (C++ only)", loc);
    }
    if (om.name != nm.name) {
      add(change_severity::safe, where,
          "C++ name changed from " + om.name + " to " + nm.name + " (same XML-RPC name)", loc);
    }
    if (om.doc != nm.doc) add(change_severity::safe, where, "doc comment changed", loc);
  }

  void compare_params(const std::string& where, const method_decl& om, const method_decl& nm) {
    const auto& loc = nm.loc;
    const auto common = std::min(om.params.size(), nm.params.size());
    for (std::size_t i = 0; i < common; ++i) {
      const auto& op = om.params[i];
      const auto& np = nm.params[i];
      if (!(op.type == np.type)) {
        add(severity(accepts(np.type, new_, op.type, old_)), where,
            "parameter '" + np.name + "' changed type from " + type_text(op.type) + " to " +
                type_text(np.type),
            np.loc);
      }
      if (op.name != np.name) {
        add(change_severity::safe, where,
            "parameter " + std::to_string(i + 1) + " renamed from '" + op.name + "' to '" +
                np.name + "'",
            np.loc);
      }
    }
    for (std::size_t i = common; i < nm.params.size(); ++i) {
      const auto& np = nm.params[i];
      const auto text = " '" + np.name + "' (" + type_text(np.type) + ")";
      // The server lets callers omit trailing optional parameters.
      if (is_optional(np.type)) {
        add(change_severity::safe, where, "new optional parameter" + text, np.loc);
      } else {
        add(change_severity::breaking, where,
            "new required parameter" + text + ": old clients do not send it", np.loc);
      }
    }
    for (std::size_t i = common; i < om.params.size(); ++i) {
      const auto& op = om.params[i];
      add(change_severity::breaking, where,
          "parameter '" + op.name + "' (" + type_text(op.type) +
              ") removed: old clients still send it",
          loc);
    }
  }

  const document& old_;
  const document& new_;
  std::vector<change> changes_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace

std::vector<change> compare(const document& old_doc, const document& new_doc) {
  return checker(old_doc, new_doc).run();
}

}  // namespace sockrpc::idl

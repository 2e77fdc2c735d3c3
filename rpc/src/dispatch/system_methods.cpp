// SPDX-License-Identifier: MIT
// The standard system.* methods: introspection, capabilities and multicall.
#include <sockrpc/rpc/dispatch/registry.hpp>

#include <atomic>
#include <cstdint>

namespace sockrpc::rpc {

namespace {

constexpr std::string_view multicall_name = "system.multicall";

fault_info not_found(std::string_view name) {
  std::string message("method not found: ");
  message += name;
  return fault_info{fault_code::method_not_found, std::move(message)};
}

/// {"specUrl": url, "specVersion": version}
value capability(std::string_view url, std::int32_t version) {
  return members{{"specUrl", url}, {"specVersion", version}};
}

/// One multicall slot: [result] or {faultCode, faultString}.
value multicall_slot(call_result r) {
  if (r.is_fault()) return convert<fault_info>::to_value(r.fault());
  array slot;  // not array{...}: an initializer_list would copy the result
  slot.push_back(std::move(r).result());
  return slot;
}

fault_info bad_entry(std::size_t index, std::string_view what) {
  std::string m(multicall_name);
  m += ": entry ";
  m += std::to_string(index + 1);
  m += ": ";
  m += what;
  return fault_info{fault_code::invalid_params, std::move(m)};
}

/// The state of one system.multicall: the entries run one after the other; a sub-call
/// that completes later (asynchronously) continues the loop on its completing thread.
struct multicall_run {
  multicall_run(const method_registry& reg, const call_context& c, array cs, responder r)
      : registry(reg), ctx(c), calls(std::move(cs)), outer(std::move(r)) {
    results.resize(calls.size());
  }

  enum : std::uint8_t { running, done_inline, went_async };

  const method_registry& registry;
  call_context ctx;
  array calls;
  array results;
  std::size_t next = 0;
  responder outer;
  // Per sub-call handshake between the loop and the sub-call's completion.
  std::atomic<std::uint8_t> phase{running};

  /// Checks entry `i`; returns the method name and params (null: none given), or sets the
  /// fault slot.
  bool prepare(std::size_t i, const std::string*& name, array*& params) {
    value& entry = calls[i];
    if (!entry.is_struct()) {
      results[i] = multicall_slot(
          bad_entry(i, "expected struct, got " + std::string(value::kind_name(entry.type()))));
      return false;
    }
    const value* n = entry.as_struct().find("methodName");
    if (n == nullptr) {
      results[i] = multicall_slot(bad_entry(i, "missing member \"methodName\""));
      return false;
    }
    if (!n->is_string()) {
      results[i] = multicall_slot(bad_entry(
          i, "methodName: expected string, got " + std::string(value::kind_name(n->type()))));
      return false;
    }
    value* p = entry.as_struct().find("params");
    if (p != nullptr && !p->is_array()) {
      results[i] = multicall_slot(
          bad_entry(i, "params: expected array, got " + std::string(value::kind_name(p->type()))));
      return false;
    }
    if (n->as_string() == multicall_name) {
      results[i] = multicall_slot(fault_info{
          fault_code::invalid_request, "system.multicall: recursive system.multicall forbidden"});
      return false;
    }
    name = &n->as_string();
    params = p != nullptr ? &p->as_array() : nullptr;
    return true;
  }

  /// Runs entries from `next` until one goes asynchronous or all are done.
  static void step(const std::shared_ptr<multicall_run>& self) {
    multicall_run& s = *self;
    while (s.next < s.calls.size()) {
      const std::size_t i = s.next++;
      const std::string* name = nullptr;
      array* params = nullptr;
      if (!s.prepare(i, name, params)) continue;
      s.phase.store(running, std::memory_order_relaxed);
      // Each entry runs once: its params are handed over, not copied (`name` lives in
      // another member of the same entry and stays valid).
      array p = params != nullptr ? std::move(*params) : array();
      s.registry.dispatch(*name, std::move(p), s.ctx, [self, i](call_result r) {
        self->results[i] = multicall_slot(std::move(r));
        if (self->phase.exchange(done_inline, std::memory_order_acq_rel) == went_async) {
          step(self);  // the loop has returned: continue it here
        }
      });
      if (s.phase.exchange(went_async, std::memory_order_acq_rel) == running) return;
    }
    s.outer.reply(value(std::move(s.results)));
  }
};

}  // namespace

method_registry& method_registry::add_introspection() {
  add(
      "system.listMethods", [this] { return list(); },
      method_info{"Returns the names of the methods this server provides, as an array of "
                  "strings.",
                  {}});
  add(
      "system.methodHelp",
      [this](const std::string& name) -> call_result {
        auto i = info(name);
        if (!i) return call_result(not_found(name));
        return call_result(value(std::move(i->help)));
      },
      method_info{"Returns the help text of the method named by the parameter, a string.",
                  std::vector<signature>{{"string", "string"}}});
  add(
      "system.methodSignature",
      [this](const std::string& name) -> call_result {
        auto i = info(name);
        if (!i) return call_result(not_found(name));
        if (!i->signatures || i->signatures->empty()) return call_result(value("undef"));
        return call_result(to_value(*i->signatures));
      },
      method_info{"Returns the signatures of the method named by the parameter: an array of "
                  "arrays of type names, the result's first, or the string \"undef\" when "
                  "unknown.",
                  std::vector<signature>{{"array", "string"}}});
  add(
      "system.getCapabilities",
      [this] {
        members caps{
            {"xmlrpc", capability("http://www.xmlrpc.com/spec", 1)},
            {"faults_interop",
             capability("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", 20010516)},
            {"introspection", capability("http://xmlrpc-c.sourceforge.net/introspection.html", 1)},
        };
        if (contains(multicall_name)) {
          caps.emplace_back("system.multicall",
                            capability("http://www.xmlrpc.com/discuss/msgReader$1208", 1));
        }
        return caps;
      },
      method_info{"Returns a struct describing the specifications this server implements.", {}});
  return *this;
}

method_registry& method_registry::add_multicall() {
  return add(
      std::string(multicall_name),
      [this](const call_context& ctx, array calls, responder r) {
        multicall_async(ctx, std::move(calls), std::move(r));
      },
      method_info{"Runs several calls in one request. The parameter is an array of structs "
                  "{methodName, params}; the result has, per call and in order, a "
                  "one-element array holding its result or a struct {faultCode, faultString}.",
                  std::vector<signature>{{"array", "array"}}});
}

method_registry& method_registry::add_system_methods() {
  add_introspection();
  return add_multicall();
}

void method_registry::multicall_async(const call_context& ctx, array calls, responder r) const {
  auto run = std::make_shared<multicall_run>(*this, ctx, std::move(calls), std::move(r));
  multicall_run::step(run);
}

}  // namespace sockrpc::rpc

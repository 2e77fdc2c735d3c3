// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/dispatch/call_context.hpp>
#include <sockrpc/rpc/dispatch/detail/bind_handler.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

/// The method registry: binds C++ callables to XML-RPC method names and dispatches calls
/// to them, values in and values out. Transport-independent: the server decodes a
/// methodCall, calls `dispatch`, and encodes the outcome it is handed.
namespace sockrpc::rpc {

/// One introspection signature: the result's XML-RPC type name, then each parameter's
/// ("int", "i8", "boolean", "string", "double", "dateTime.iso8601", "base64", "array",
/// "struct", "nil"), e.g. {"int", "int", "int"} for `int add(int, int)`.
using signature = std::vector<std::string>;

/// Introspection data for a method: its help text and signatures.
struct method_info {
  /// What system.methodHelp returns. May be empty.
  std::string help;
  /// What system.methodSignature returns. Unset: derived from the C++ types at `add`
  /// (and left unset when they do not determine it: raw or asynchronous handlers, or a
  /// `value` parameter); system.methodSignature then answers "undef". Set to give them by
  /// hand (an empty list also answers "undef").
  std::optional<std::vector<signature>> signatures;

  friend bool operator==(const method_info&, const method_info&) = default;
};

/// Maps method names to handlers and dispatches calls to them.
///
/// **Binding.** `add(name, callable, help)` accepts free functions, lambdas, function
/// objects, `std::function`, and member functions with an object. Parameters are
/// converted from the call's values with `from_value<T>` and the result back with
/// `to_value` (convert.hpp): any type with a conversion works, including user structs
/// described with SOCKRPC_STRUCT. A handler's parameter list is
///   1. optionally `const call_context&` first (peer, headers, deadline, user);
///   2. then either typed parameters (by value or const reference; trailing
///      `std::optional<T>` ones may be omitted by the caller), or exactly one
///      `const array&` or `std::span<const value>` receiving all params unchecked (raw
///      form), or `array&` / `std::span<value>` (mutable raw form: the handler may move
///      elements, or the whole array, out; note that `array` and `array&&` are one typed
///      parameter that is an array);
///   3. optionally a `responder` last (asynchronous form, see responder.hpp; returns
///      void).
/// It returns `void` (answers nil), a `value`, a `call_result` (a fault without
/// throwing), or any type with a `to_value` conversion. Handlers are called concurrently
/// from many threads through a const reference, so mutable lambdas do not compile; the
/// callable is copied (moved) into the registry.
///
/// **Ownership, no copies.** `dispatch` owns the call's params. Each typed parameter is
/// converted from its element with the rvalue `try_from_value` (convert_try.hpp), which
/// moves out of it: a `std::string`, `binary`, `array`, `members`, `value`, container or
/// SOCKRPC_STRUCT parameter, by value or by const reference, takes over the decoded
/// storage rather than copying it (each element is converted once and not read again).
/// A result returned by value is moved into the outcome the same way. So an echo,
/// `[](value x) { return x; }`, hands the decoded parameter to the encoder without
/// copying it; `[](const value& x) { return x; }` copies once, on return.
///
/// **Errors become faults**, never exceptions out of `dispatch`:
/// - unknown method: -32601 "method not found: NAME";
/// - wrong parameter count: -32602 "NAME: expected 2 parameters, got 3";
/// - wrong parameter type: -32602 "NAME: parameter 2: expected int, got string" (with a
///   path inside the parameter: "NAME: parameter 1 at [2].name: expected ..."); the
///   parameters count from 1;
/// - a result that cannot be converted: -32603 "NAME: cannot convert the result: ...";
/// - `rpc::fault` thrown by a handler: its code and message;
/// - `std::bad_alloc`: -32603 "out of memory";
/// - any other exception: -32500 with its what() ("unknown exception" for non-std ones);
/// - an asynchronous handler whose responder is dropped unanswered: -32603
///   "NAME: handler finished without a reply".
///
/// **Thread safety:** thread-safe. `dispatch`, `call`, `contains`, `list` and `info` may run
/// concurrently with each other and with `add`/`remove`. The table is copy-on-write:
/// a reader copies the current table pointer under a shared lock (held for that copy
/// only) and looks up without any lock; writers serialise on their own mutex, build the
/// new table aside (O(n) in the number of methods) and take the exclusive lock only to
/// swap the pointer, so a reader never waits for a table being built. A call already dispatched
/// keeps its handler alive and runs to completion even if the method is removed meanwhile.
///
/// Non-copyable and non-movable (the system methods refer to it). Must outlive every call
/// it dispatches, including pending asynchronous ones.
///
/// Example:
/// ```
/// method_registry r;
/// r.add("math.add", [](int a, int b) { return a + b; }, "Adds two integers.")
///  .add("math.div", &calculator::div, &calc)
///  .add_system_methods();
/// r.dispatch("math.add", array{2, 3}, call_context{},
///            [](call_result res) { assert(res.result() == value(5)); });
/// ```
class method_registry {
 public:
  /// An empty registry (not even the system methods: see add_system_methods).
  method_registry();
  ~method_registry();
  method_registry(const method_registry&) = delete;
  method_registry& operator=(const method_registry&) = delete;

  /// Registers `handler` as `name` (see the class docs for the accepted forms), replacing
  /// any method of that name. The signature is deduced from `handler`'s call operator,
  /// or given as `Sig` for generic lambdas: `add<int(int, int)>("add", [](auto a, auto b)
  /// { return a + b; })`. Returns *this.
  /// @throws std::invalid_argument  `name` is empty.
  template <class Sig = void, class F>
  requires(!std::is_member_function_pointer_v<std::decay_t<F>>)
      method_registry& add(std::string name, F&& handler, std::string help = {}) {
    return add<Sig>(std::move(name), std::forward<F>(handler), method_info{std::move(help), {}});
  }
  /// Same as above with introspection data given by hand (`info.signatures` unset: the
  /// derived ones).
  template <class Sig = void, class F>
  requires(!std::is_member_function_pointer_v<std::decay_t<F>>)
      method_registry& add(std::string name, F&& handler, method_info info) {
    return add_bound(std::move(name), detail::bind<Sig>(std::forward<F>(handler)), std::move(info));
  }

  /// Registers member function `fn` called on `object`: a pointer or reference (the
  /// object must then outlive the registration) or a `std::shared_ptr` (shared
  /// ownership). `fn` may be const or not; it is called concurrently.
  /// @throws std::invalid_argument  `name` is empty or `object` is a null pointer.
  template <class M, class Obj>
  requires std::is_member_function_pointer_v<M> method_registry& add(std::string name, M fn,
                                                                     Obj&& object,
                                                                     std::string help = {}) {
    return add(std::move(name), fn, std::forward<Obj>(object), method_info{std::move(help), {}});
  }
  /// Same as above with introspection data given by hand.
  template <class M, class Obj>
  requires std::is_member_function_pointer_v<M> method_registry& add(std::string name, M fn,
                                                                     Obj&& object,
                                                                     method_info info) {
    using C = typename detail::callable_signature<M>::class_type;
    using O = std::remove_cvref_t<Obj>;
    if constexpr (std::is_pointer_v<O> || requires { typename O::element_type; }) {
      if (object == nullptr) throw std::invalid_argument("method_registry::add: null object");
      return add_bound(std::move(name), detail::bind_member(fn, std::forward<Obj>(object)),
                       std::move(info));
    } else {
      static_assert(std::is_convertible_v<std::remove_reference_t<Obj>*, C*>,
                    "the object's type does not have this member function");
      C* ptr = &object;
      return add_bound(std::move(name), detail::bind_member(fn, ptr), std::move(info));
    }
  }

  /// Registers system.listMethods, system.methodHelp, system.methodSignature and
  /// system.getCapabilities (they see the table at the time of each call). Returns *this.
  method_registry& add_introspection();
  /// Registers system.multicall: params one array of structs {methodName: string,
  /// params: array}; answers an array with, per entry and in order, a one-element array
  /// holding the result or a struct {faultCode, faultString}. Entries run one after the
  /// other (an asynchronous one finishes before the next starts). A nested
  /// system.multicall answers fault -32600 in its slot; a malformed entry -32602.
  /// Returns *this.
  method_registry& add_multicall();
  /// add_introspection() and add_multicall(). Returns *this.
  method_registry& add_system_methods();

  /// Removes method `name`. Returns whether it existed. Calls already dispatched to it
  /// complete normally.
  bool remove(std::string_view name);
  /// True if method `name` is registered.
  [[nodiscard]] bool contains(std::string_view name) const;
  /// The registered method names, sorted (byte-wise).
  [[nodiscard]] std::vector<std::string> list() const;
  /// The introspection data of `name` (signatures as system.methodSignature sees them),
  /// or nullopt when not registered.
  [[nodiscard]] std::optional<method_info> info(std::string_view name) const;
  /// The number of registered methods.
  [[nodiscard]] std::size_t size() const;

  /// Calls method `method` with `params` and hands the outcome to `done`, exactly once:
  /// before returning for synchronous handlers (and every error), possibly later and on
  /// another thread for asynchronous ones. Never throws (errors become faults, see the
  /// class docs) unless copying `method` into the context throws std::bad_alloc before
  /// anything ran. `ctx.method` is set to `method`. `params` is a sink: pass it with
  /// std::move so the handler's parameters take over its storage (see "Ownership" in the
  /// class docs); an lvalue is copied first and stays intact. The params live until the
  /// synchronous part of the call returns; `ctx` is borrowed for that long.
  /// `done` must not throw. Thread-safe.
  void dispatch(std::string_view method, array params, call_context ctx,
                completion_handler done) const;
  /// Same as above with an empty context.
  void dispatch(std::string_view method, array params, completion_handler done) const {
    dispatch(method, std::move(params), call_context{}, std::move(done));
  }

  /// Calls `method` and waits for the outcome: blocks until an asynchronous handler
  /// answers (so do not call it from a thread that handler needs). `params` is a sink,
  /// as for dispatch. For tests and in-process use. Thread-safe.
  [[nodiscard]] call_result call(std::string_view method, array params,
                                 call_context ctx = {}) const;

 private:
  struct entry {
    detail::sync_invoker sync;
    detail::async_invoker async;
    method_info info;
  };
  using table = std::map<std::string, std::shared_ptr<const entry>, std::less<>>;

  method_registry& add_bound(std::string name, detail::bound_handler h, method_info info);
  [[nodiscard]] std::shared_ptr<const table> snapshot() const noexcept {
    const std::shared_lock lock(table_mutex_);
    return table_;
  }
  void publish(std::shared_ptr<const table> next) noexcept;
  /// Runs `e` for one call; `done` is called exactly once.
  static void run(const entry& e, array& params, const call_context& ctx,
                  completion_handler done) noexcept;

  void multicall_async(const call_context& ctx, array calls, responder r) const;

  // Not std::atomic<std::shared_ptr>: libstdc++ 12's load() unlocks with relaxed order,
  // a data race ThreadSanitizer reports. The lock guards the pointer copy/swap only.
  mutable std::shared_mutex table_mutex_;
  std::shared_ptr<const table> table_;
  std::mutex write_mutex_;  // serialises writers (read-copy-publish)
};

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

/// The outcome of a call (`call_result`), how the dispatcher reports it
/// (`completion_handler`) and how an asynchronous handler produces it later (`responder`).
namespace sockrpc::rpc {

/// The outcome of one call: a result value or a fault. A value type (copies, compares,
/// prints). Thread safety: distinct objects safe.
///
/// Handlers may return a call_result to answer with a fault without throwing:
/// `return call_result(fault_info{42, "no such user"});`
class call_result {
 public:
  /// A nil result.
  call_result() noexcept = default;
  /// A successful result.
  call_result(value result) noexcept : v_(std::in_place_index<0>, std::move(result)) {}
  /// A fault.
  call_result(fault_info f) noexcept : v_(std::in_place_index<1>, std::move(f)) {}

  /// True when the call failed with a fault.
  [[nodiscard]] bool is_fault() const noexcept { return v_.index() == 1; }
  /// The result. @throws std::bad_variant_access  the call failed (is_fault()).
  [[nodiscard]] const value& result() const& { return std::get<0>(v_); }
  /// Same as above, mutable.
  [[nodiscard]] value& result() & { return std::get<0>(v_); }
  /// The result, moved out. @throws std::bad_variant_access  is_fault().
  [[nodiscard]] value result() && { return std::get<0>(std::move(v_)); }
  /// The fault. @throws std::bad_variant_access  the call succeeded (!is_fault()).
  [[nodiscard]] const fault_info& fault() const { return std::get<1>(v_); }

  friend bool operator==(const call_result&, const call_result&) = default;

 private:
  std::variant<value, fault_info> v_;
};

/// "fault CODE: message", or the result's to_string().
std::string to_string(const call_result& r);
/// Writes `to_string(r)`.
std::ostream& operator<<(std::ostream& os, const call_result& r);
/// GoogleTest printer.
void PrintTo(const call_result& r, std::ostream* os);

/// Receives the outcome of a dispatched call, exactly once, on the thread that completes
/// it: the dispatching thread for synchronous handlers, the replying thread for
/// asynchronous ones. It must not throw (the library calls it from noexcept code, so an
/// escaping exception terminates the process).
using completion_handler = std::function<void(call_result)>;

namespace detail {
/// Shared between a responder and the dispatcher while the handler runs (see
/// method_registry::dispatch); lets the dispatcher report an exception thrown by a handler
/// that dropped its responder while unwinding.
struct responder_state {
  enum phase : std::uint8_t {
    in_dispatch,  // the handler is still running on the dispatching thread
    released,     // the handler returned; the responder alone completes the call
    abandoned,    // dropped unanswered during the handler call; the dispatcher completes
    completed,    // `done` has been called (or will be by whoever set this)
  };

  responder_state(completion_handler d, std::string m) noexcept
      : done(std::move(d)), method(std::move(m)) {}

  completion_handler done;
  std::string method;
  std::atomic<std::uint8_t> state{in_dispatch};

  /// Calls `done` with `r` unless the call already completed. Returns true if it did.
  bool complete(call_result r) noexcept;
  /// The fault for a handler that finished without a reply.
  fault_info no_reply_fault() const;
};
}  // namespace detail

/// The completion object of an asynchronous handler: a handler whose last parameter is a
/// `responder` may return at once and answer later, from any thread, so a slow call does
/// not hold a worker thread:
/// ```
/// registry.add("slow.double", [&pool](int x, responder r) {
///   pool.post([x, r = std::make_shared<responder>(std::move(r))] { r->reply(2 * x); });
/// });
/// ```
/// Answer exactly once with `reply` or `fail`. A responder destroyed without an answer
/// answers fault -32603 ("NAME: handler finished without a reply"); if that happens
/// while an exception thrown by the handler unwinds, the exception's fault is answered
/// instead. A handler that replies and then throws has its exception ignored; one that
/// throws while still holding (or having stored) the responder answers the exception's
/// fault and any later reply is dropped.
///
/// Move-only. Moved-from and answered responders are empty (`pending()` is false).
/// Thread safety: one responder is used by one thread at a time; distinct responders of
/// the same call do not exist.
class responder {
 public:
  /// An empty responder (not attached to a call).
  responder() noexcept = default;
  responder(responder&& other) noexcept = default;
  /// Answers the call held by *this with the no-reply fault if still pending, then takes
  /// over `other`'s call.
  responder& operator=(responder&& other) noexcept;
  responder(const responder&) = delete;
  responder& operator=(const responder&) = delete;
  /// Answers the no-reply fault if still pending (see class docs).
  ~responder();

  /// True while attached to a call that has not been answered through this object.
  [[nodiscard]] bool pending() const noexcept { return state_ != nullptr; }
  /// The method being answered (empty when not pending). Valid while pending.
  [[nodiscard]] std::string_view method() const noexcept {
    return state_ ? std::string_view(state_->method) : std::string_view();
  }

  /// Answers with `result`. The completion handler runs on this thread, before return.
  /// @throws std::logic_error  not pending (already answered, moved from, or empty).
  void reply(value result);
  /// Answers with `to_value(x)`; a conversion failure answers fault -32603
  /// ("NAME: cannot convert the result: ...").
  /// @throws std::logic_error  not pending.
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, value> &&
           !std::is_same_v<std::remove_cvref_t<T>, call_result>) void reply(T&& x);
  /// Answers with a fault. @throws std::logic_error  not pending.
  void fail(fault_info f);
  /// Answers with fault `code`, `message`. @throws std::logic_error  not pending.
  void fail(int code, std::string message) { fail(fault_info{code, std::move(message)}); }
  /// Answers with either. @throws std::logic_error  not pending.
  void complete(call_result r);

 private:
  friend class method_registry;
  explicit responder(std::shared_ptr<detail::responder_state> s) noexcept : state_(std::move(s)) {}
  void drop() noexcept;
  [[noreturn]] static void throw_not_pending();

  // Shared with the dispatcher only during the synchronous part of the handler call;
  // afterwards this is the only owner that answers.
  std::shared_ptr<detail::responder_state> state_;
};

namespace detail {
/// fault -32603 "NAME: cannot convert the result: WHAT".
fault_info result_conversion_fault(std::string_view method, const std::exception& e);
}  // namespace detail

template <class T>
requires(!std::is_same_v<std::remove_cvref_t<T>, value> &&
         !std::is_same_v<std::remove_cvref_t<T>, call_result>) void responder::reply(T&& x) {
  if (!state_) throw_not_pending();
  value v;
  try {
    v = rpc::to_value(std::forward<T>(x));
  } catch (const std::exception& e) {
    fail(detail::result_conversion_fault(state_->method, e));
    return;
  }
  reply(std::move(v));
}

}  // namespace sockrpc::rpc

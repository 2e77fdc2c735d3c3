// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/dispatch/responder.hpp>

#include <ostream>
#include <stdexcept>

namespace sockrpc::rpc {

std::string to_string(const call_result& r) {
  return r.is_fault() ? to_string(r.fault()) : r.result().to_string();
}

std::ostream& operator<<(std::ostream& os, const call_result& r) {
  return os << to_string(r);
}

void PrintTo(const call_result& r, std::ostream* os) {
  *os << to_string(r);
}

namespace detail {

bool responder_state::complete(call_result r) noexcept {
  if (state.exchange(completed, std::memory_order_acq_rel) == completed) return false;
  done(std::move(r));
  return true;
}

fault_info responder_state::no_reply_fault() const {
  return fault_info{fault_code::internal_error, method + ": handler finished without a reply"};
}

fault_info result_conversion_fault(std::string_view method, const std::exception& e) {
  std::string message(method);
  message += ": cannot convert the result: ";
  message += e.what();
  return fault_info{fault_code::internal_error, std::move(message)};
}

}  // namespace detail

responder& responder::operator=(responder&& other) noexcept {
  if (this != &other) {
    if (state_) drop();
    state_ = std::move(other.state_);
  }
  return *this;
}

responder::~responder() {
  if (state_) drop();
}

void responder::throw_not_pending() {
  throw std::logic_error("responder: no pending call (already answered, moved from or empty)");
}

void responder::reply(value result) {
  complete(call_result(std::move(result)));
}

void responder::fail(fault_info f) {
  complete(call_result(std::move(f)));
}

void responder::complete(call_result r) {
  if (!state_) throw_not_pending();
  const auto s = std::move(state_);
  s->complete(std::move(r));
}

void responder::drop() noexcept {
  using detail::responder_state;
  const auto s = std::move(state_);
  std::uint8_t cur = s->state.load(std::memory_order_acquire);
  for (;;) {
    if (cur == responder_state::in_dispatch) {
      // The handler is still on the dispatching thread's stack (returning, or unwinding
      // an exception): the dispatcher answers, with the exception's fault if there is one.
      if (s->state.compare_exchange_weak(cur, responder_state::abandoned,
                                         std::memory_order_acq_rel)) {
        return;
      }
    } else if (cur == responder_state::released) {
      if (s->state.compare_exchange_weak(cur, responder_state::completed,
                                         std::memory_order_acq_rel)) {
        s->done(call_result(s->no_reply_fault()));
        return;
      }
    } else {
      return;  // already answered
    }
  }
}

}  // namespace sockrpc::rpc

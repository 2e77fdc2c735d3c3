// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/dispatch/registry.hpp>

#include <future>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <utility>

namespace sockrpc::rpc {

namespace {

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

/// The fault for the exception being handled (call only inside a catch block).
fault_info current_exception_fault() {
  try {
    throw;
  } catch (const fault& f) {
    return f.info();
  } catch (const std::bad_alloc&) {
    return fault_info{fault_code::internal_error, "out of memory"};
  } catch (const std::exception& e) {
    return fault_info{fault_code::application_error, e.what()};
  } catch (...) {
    return fault_info{fault_code::application_error, "unknown exception"};
  }
}

}  // namespace

const std::string* call_context::header_value(std::string_view name) const noexcept {
  for (const auto& h : headers) {
    if (iequals(h.first, name)) return &h.second;
  }
  return nullptr;
}

namespace detail {

fault_info param_count_fault(std::string_view method, std::size_t min, std::size_t max,
                             std::size_t got) {
  std::string m(method);
  m += ": expected ";
  m += std::to_string(min);
  if (min != max) {
    m += " to ";
    m += std::to_string(max);
  }
  m += max == 1 ? " parameter, got " : " parameters, got ";
  m += std::to_string(got);
  return fault_info{fault_code::invalid_params, std::move(m)};
}

fault_info param_type_fault(std::string_view method, std::size_t index,
                            const conversion_failure& e) {
  std::string m(method);
  m += ": parameter ";
  m += std::to_string(index);
  if (!e.path.empty()) {
    m += " at ";
    m += e.path;
  }
  m += ": ";
  m += e.detail;
  return fault_info{fault_code::invalid_params, std::move(m)};
}

}  // namespace detail

method_registry::method_registry() : table_(std::make_shared<const table>()) {}

void method_registry::publish(std::shared_ptr<const table> next) noexcept {
  std::shared_ptr<const table> old;
  {
    const std::unique_lock lock(table_mutex_);
    old = std::exchange(table_, std::move(next));
  }
  // `old` (possibly the last reference) is released outside the lock.
}

method_registry::~method_registry() = default;

method_registry& method_registry::add_bound(std::string name, detail::bound_handler h,
                                            method_info info) {
  if (name.empty()) throw std::invalid_argument("method_registry::add: empty method name");
  auto e = std::make_shared<entry>();
  e->sync = std::move(h.sync);
  e->async = std::move(h.async);
  e->info = std::move(info);
  if (!e->info.signatures) e->info.signatures = std::move(h.signatures);

  const std::lock_guard lock(write_mutex_);
  auto next = std::make_shared<table>(*snapshot());
  (*next)[std::move(name)] = std::move(e);
  publish(std::move(next));
  return *this;
}

bool method_registry::remove(std::string_view name) {
  const std::lock_guard lock(write_mutex_);
  const auto current = snapshot();
  const auto it = current->find(name);
  if (it == current->end()) return false;
  auto next = std::make_shared<table>(*current);
  next->erase(next->find(name));
  publish(std::move(next));
  return true;
}

bool method_registry::contains(std::string_view name) const {
  const auto t = snapshot();
  return t->find(name) != t->end();
}

std::vector<std::string> method_registry::list() const {
  const auto t = snapshot();
  std::vector<std::string> out;
  out.reserve(t->size());
  for (const auto& [name, e] : *t)
    out.push_back(name);  // std::map: already sorted
  return out;
}

std::optional<method_info> method_registry::info(std::string_view name) const {
  const auto t = snapshot();
  const auto it = t->find(name);
  if (it == t->end()) return std::nullopt;
  return it->second->info;
}

std::size_t method_registry::size() const {
  return snapshot()->size();
}

void method_registry::dispatch(std::string_view method, array params, call_context ctx,
                               completion_handler done) const {
  // The snapshot keeps the entry (and so the handler) alive for the whole synchronous
  // part of the call, even if it is removed meanwhile.
  const auto t = snapshot();
  const auto it = t->find(method);
  if (it == t->end()) {
    std::string message("method not found: ");
    message += method;
    done(call_result(fault_info{fault_code::method_not_found, std::move(message)}));
    return;
  }
  if (ctx.method != method) ctx.method.assign(method);
  run(*it->second, params, ctx, std::move(done));
}

void method_registry::run(const entry& e, array& params, const call_context& ctx,
                          completion_handler done) noexcept {
  if (e.sync) {
    call_result r;
    try {
      r = e.sync(params, ctx);
    } catch (...) {
      r = call_result(current_exception_fault());
    }
    done(std::move(r));
    return;
  }

  using detail::responder_state;
  std::shared_ptr<responder_state> state;
  try {
    state = std::make_shared<responder_state>(std::move(done), ctx.method);
  } catch (const std::bad_alloc&) {
    // make_shared allocates before it moves `done` in.
    done(call_result(fault_info{fault_code::internal_error, "out of memory"}));
    return;
  }
  responder r(state);
  try {
    e.async(params, ctx, r);
  } catch (...) {
    // Answers unless the handler already did; a responder it dropped while unwinding
    // left the answer to us (state abandoned).
    state->complete(call_result(current_exception_fault()));
    return;  // `r`, if still pending, sees `completed` and stays silent
  }
  std::uint8_t expected = responder_state::in_dispatch;
  if (!state->state.compare_exchange_strong(expected, responder_state::released,
                                            std::memory_order_acq_rel) &&
      expected == responder_state::abandoned) {
    state->complete(call_result(state->no_reply_fault()));
  }
  // `r` is destroyed here; if the handler took it by reference and left it, it answers the
  // no-reply fault now (state released).
}

call_result method_registry::call(std::string_view method, array params, call_context ctx) const {
  // Shared: the completion may run on another thread after the future is ready.
  auto promise = std::make_shared<std::promise<call_result>>();
  auto future = promise->get_future();
  dispatch(method, std::move(params), std::move(ctx),
           [promise](call_result r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace sockrpc::rpc

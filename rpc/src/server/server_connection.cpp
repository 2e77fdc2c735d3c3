// SPDX-License-Identifier: MIT
// The part of a server connection common to HTTP and framed TCP: timers, the call
// hand-off to the registry and the serialisation of the answer.
#include "server/server_impl.hpp"

#include <utility>

namespace sockrpc::rpc::detail {

namespace {
// Capacity of the per-thread output scratch kept between calls.
constexpr std::size_t scratch_keep = 256 * 1024;
}  // namespace

connection::connection(server_impl& srv, asio::ip::tcp::socket sock, transport::address peer)
    : srv_(srv), sock_(std::move(sock)), timer_(sock_.get_executor()), peer_(std::move(peer)) {}

connection::~connection() {
  srv_.remove_connection(this);
}

void connection::begin_shutdown() noexcept {
  shutting_down_ = true;
  if (!in_call_) close();
}

void connection::close() noexcept {
  if (closed_) return;
  closed_ = true;
  std::error_code ignored;
  sock_.shutdown(asio::socket_base::shutdown_both, ignored);
  sock_.close(ignored);
  timer_.cancel();
}

void connection::start_timer() {
  timer_.expires_at(deadline_);
  timer_.async_wait([self = shared_from_this()](const std::error_code& ec) { self->on_timer(ec); });
}

void connection::set_deadline(clock::time_point d) {
  deadline_ = d;
  if (closed_ || d >= timer_.expiry()) return;  // lazy: the timer re-checks when it fires
  timer_.expires_at(d);                         // cancels the pending wait
  timer_.async_wait([self = shared_from_this()](const std::error_code& ec) { self->on_timer(ec); });
}

void connection::on_timer(const std::error_code& ec) {
  if (closed_ || ec == asio::error::operation_aborted) return;
  auto now = clock::now();
  if (in_call_ && !writing_) {
    // A handler is running: its duration is not ours to limit (shutdown has its own).
    timer_.expires_at(now + srv_.opts.idle_timeout);
  } else if (now >= deadline_) {
    close();
    return;
  } else {
    timer_.expires_at(deadline_);
  }
  timer_.async_wait([self = shared_from_this()](const std::error_code& e) { self->on_timer(e); });
}

void connection::fill_headers(const http::header_fields* headers) {
  // Reuse the strings of the previous call's context where the counts match.
  std::size_t n = headers ? headers->size() : 0;
  ctx_.headers.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto f = (*headers)[i];
    ctx_.headers[i].first.assign(f.name);
    ctx_.headers[i].second.assign(f.value);
  }
}

void connection::run_call(std::string_view body, const http::header_fields* headers,
                          const std::string* user) {
  in_call_ = true;
  sockrpc::status bad;
  // Handlers always run on one of the server's I/O threads; the fallback is for safety.
  auto* st = srv_.thread_state();
  method_call call = st != nullptr ? st->parser.parse_call(body, bad)
                                   : rpc::parse_call(body, bad, srv_.parse_limits());
  if (bad) {
    result_ = call_result(fault_info{
        bad.code() == errc::xml_parse_error ? fault_code::parse_error : fault_code::invalid_request,
        bad.message()});
    complete_call();
    return;
  }
  ctx_.peer = peer_;
  if (user != nullptr) {
    ctx_.user = *user;
  } else {
    ctx_.user.reset();
  }
  fill_headers(headers);
  if (srv_.stopping()) {
    ctx_.deadline = srv_.stop_deadline();
  } else {
    ctx_.deadline.reset();
  }
  call_state_.store(dispatching, std::memory_order_relaxed);
  // `call.params` is handed over (the handler's parameters take over its storage);
  // `ctx_` is borrowed for the synchronous part only.
  // The completion holds the connection weakly: while a call runs the connection is kept
  // alive by its (always armed) timer, which the server's context owns. It may run on any
  // thread, at any time: under the server's completion gate it either finds the context
  // alive for its whole run, or the gate closed (server finished: nothing to answer).
  srv_.registry.dispatch(call.method, std::move(call.params), ctx_,
                         [weak = weak_from_this(), gate = srv_.gate()](call_result r) {
                           std::shared_lock gate_lock(gate->mu);
                           if (!gate->open) return;
                           auto self = weak.lock();
                           if (!self) return;
                           self->result_ = std::move(r);
                           int prev =
                               self->call_state_.exchange(completed, std::memory_order_acq_rel);
                           // Still inside dispatch: the dispatching thread continues.
                           if (prev == returned) {
                             auto ex = self->executor();  // before `self` is moved into the handler
                             asio::post(ex, [self = std::move(self)] { self->complete_call(); });
                           }
                         });
  if (call_state_.exchange(returned, std::memory_order_acq_rel) == completed) complete_call();
}

void connection::complete_call() {
  call_state_.store(idle, std::memory_order_relaxed);
  std::string local;
  auto* st = srv_.thread_state();
  std::string& xml_out = st != nullptr ? st->xml_out : local;
  xml_out.clear();
  sockrpc::status bad;
  if (result_.is_fault()) {
    serialize_fault(xml_out, result_.fault().code, result_.fault().message, bad);
    if (bad) {
      serialize_fault(xml_out, fault_code::internal_error, "fault message not representable in XML",
                      bad);
    }
  } else {
    serialize_response(xml_out, result_.result(), bad);
    if (bad) {
      serialize_fault(xml_out, fault_code::internal_error,
                      "result not representable in XML-RPC: " + bad.message(), bad);
    }
  }
  result_ = call_result();
  if (closed_) return;
  if (writing_) {  // the thread's scratch is reused before the write ends: keep a copy
    deferred_xml_.assign(xml_out);
    answer_deferred_ = true;
  } else {
    on_call_done(xml_out);
  }
  // Keep the scratch of a thread that answered one huge call from holding its size.
  if (xml_out.capacity() > scratch_keep) std::string().swap(xml_out);
}

void connection::deliver_deferred_answer() {
  if (!answer_deferred_) return;
  answer_deferred_ = false;
  const std::string xml = std::exchange(deferred_xml_, std::string());
  on_call_done(xml);
}

}  // namespace sockrpc::rpc::detail

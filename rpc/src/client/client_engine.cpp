// SPDX-License-Identifier: MIT
// The async engine of rpc::client: its io_context and I/O threads, the async idle pool, the
// registry of calls in flight (so the destructor can cancel them) and the lazy start.
#include "client/client_engine.hpp"

#include "client/client_async_call.hpp"
#include "detail/asio_loop.hpp"

#include <algorithm>

namespace sockrpc::rpc::detail {

void async_engine_deleter::operator()(async_engine* e) const noexcept {
  delete e;
}

async_engine::async_engine(const client_impl& config)
    : cfg(config), work_(asio::make_work_guard(ctx)) {
  const auto n = std::max<std::size_t>(cfg.async_threads_, 1);
  threads_.reserve(n);
  try {
    for (std::size_t i = 0; i < n; ++i)
      threads_.emplace_back([this] { run_io_loop(ctx); });
  } catch (...) {
    work_.reset();
    for (auto& t : threads_)
      t.join();
    throw;
  }
}

async_engine::~async_engine() {
  shutdown();
}

void async_engine::shutdown() noexcept {
  std::vector<std::shared_ptr<async_call>> live;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    live.reserve(calls_.size());
    try {
      live.reserve(calls_.size());
      for (auto* c : calls_) {
        // A call whose last reference is gone waits in its destructor to unregister.
        if (auto sp = c->weak_from_this().lock()) live.push_back(std::move(sp));
      }
    } catch (...) {  // out of memory: those calls finish or time out instead
    }
  }
  for (auto& c : live) {
    try {
      auto ex = c->executor();
      asio::post(ex, [c] {
        c->fail(make_error_code(errc::cancelled), "client destroyed with the call in flight");
      });
    } catch (...) {
    }
  }
  live.clear();
  // Without the guard, run() returns once every call has completed and released its handlers.
  work_.reset();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  std::vector<std::unique_ptr<async_connection>> doomed;
  std::lock_guard lock(mu_);
  doomed.swap(pool_);  // before the io_context its sockets belong to
}

void async_engine::start(std::string method, std::vector<rpc::value> params,
                         client::completion_handler handler) {
  std::error_code ec;
  std::string message;
  std::string request;
  try {
    cfg.build_request(request, method, params);
  } catch (const std::system_error& e) {
    ec = e.code();
    message = e.what();
  } catch (const std::exception& e) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    message = e.what();
  }
  auto call = std::make_shared<async_call>(*this, std::move(request), std::move(handler),
                                           cfg.call_deadline());
  if (!add_call(call.get())) {
    ec = make_error_code(errc::cancelled);
    message = "client destroyed before the call started";
  }
  auto ex = call->executor();
  if (ec) {
    asio::post(ex, [call = std::move(call), ec, message = std::move(message)]() mutable {
      call->fail(ec, std::move(message));
    });
    return;
  }
  asio::post(ex, [call = std::move(call)] { call->start(); });
}

bool async_engine::add_call(async_call* c) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  calls_.insert(c);
  return true;
}

void async_engine::remove_call(async_call* c) noexcept {
  std::lock_guard lock(mu_);
  calls_.erase(c);
}

std::unique_ptr<async_connection> async_engine::take_idle() {
  return take_live(mu_, pool_);
}

void async_engine::give_back(std::unique_ptr<async_connection> c) noexcept {
  std::lock_guard lock(mu_);
  if (!stopping_ && pool_.size() < cfg.max_idle_) {
    try {
      pool_.push_back(std::move(c));
    } catch (...) {  // cannot grow the pool: just close the connection
    }
  }
}

std::size_t async_engine::idle_connections() const noexcept {
  std::lock_guard lock(mu_);
  return pool_.size();
}

void async_engine::close_idle() noexcept {
  std::vector<std::unique_ptr<async_connection>> doomed;
  std::lock_guard lock(mu_);
  doomed.swap(pool_);
}

// ---- client_impl's view of the engine ------------------------------------------------------

client_impl::~client_impl() {
  // Completes unfinished async calls and joins the I/O threads while `engine_` still
  // points at the engine: a completion handler calling the client meanwhile finds it.
  if (engine_) engine_->shutdown();
}

async_engine& client_impl::engine() {
  std::lock_guard lock(engine_mutex_);
  if (!engine_) engine_.reset(new async_engine(*this));
  return *engine_;
}

std::size_t client_impl::async_idle_connections() const noexcept {
  std::lock_guard lock(engine_mutex_);
  return engine_ ? engine_->idle_connections() : 0;
}

void client_impl::close_async_idle() noexcept {
  std::lock_guard lock(engine_mutex_);
  if (engine_) engine_->close_idle();
}

}  // namespace sockrpc::rpc::detail

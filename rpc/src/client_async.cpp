// SPDX-License-Identifier: MIT
// Asynchronous calls on a small worker pool running the synchronous path.
// TODO(perf): run async calls on asio over adopted transport sockets instead, so that a
// pending call does not occupy a worker thread.
#include <sockrpc/rpc/client.hpp>

#include "detail/client_impl.hpp"

namespace sockrpc::rpc {

void detail::client_impl::post(task t) {
  std::unique_lock lock(queue_mutex_);
  if (stopping_) {
    lock.unlock();
    t(true);
    return;
  }
  queue_.push_back(std::move(t));
  // Workers start lazily, up to async_threads_.
  if (workers_.size() < async_threads_) {
    workers_.emplace_back([this] {
      std::unique_lock worker_lock(queue_mutex_);
      for (;;) {
        queue_cv_.wait(worker_lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        task next = std::move(queue_.front());
        queue_.pop_front();
        worker_lock.unlock();
        try {
          next(false);
        } catch (...) {  // a throwing completion handler must not end the worker
        }
        worker_lock.lock();
      }
    });
  }
  queue_cv_.notify_one();
}

void detail::client_impl::stop_workers() noexcept {
  std::deque<task> pending;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
    pending.swap(queue_);
    threads.swap(workers_);
  }
  queue_cv_.notify_all();
  for (auto& t : threads)
    t.join();
  for (auto& t : pending) {
    try {
      t(true);
    } catch (...) {  // a handler that throws must not escape a destructor
    }
  }
}

void client::async_call_value(std::string method, std::vector<rpc::value> params,
                              completion_handler handler) {
  auto* impl = impl_.get();
  impl->post([impl, method = std::move(method), params = std::move(params),
              handler = std::move(handler)](bool cancelled) {
    if (cancelled) {
      handler(make_error_code(errc::cancelled), "client destroyed before the call started",
              call_result(rpc::value()));
      return;
    }
    detail::exchange_result out;
    auto resp = impl->invoke(method, params, out);
    if (out.ec) {
      handler(out.ec, out.message, call_result(rpc::value()));
    } else if (resp.fault) {
      handler({}, {}, call_result(std::move(*resp.fault)));
    } else {
      handler({}, {}, call_result(std::move(resp.result)));
    }
  });
}

}  // namespace sockrpc::rpc

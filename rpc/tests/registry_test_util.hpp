// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/dispatch/registry.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace sockrpc::rpc::test {

/// Upper bound for any wait in these tests (nothing may hang).
inline constexpr std::chrono::seconds wait_limit{10};

/// Dispatches and expects the completion to have run before dispatch returned, exactly
/// once.
inline call_result dispatch_inline(const method_registry& r, std::string_view method,
                                   const array& params, call_context ctx = {}) {
  int calls = 0;
  call_result out;
  r.dispatch(method, params, std::move(ctx), [&](call_result res) {
    ++calls;
    out = std::move(res);
  });
  EXPECT_EQ(calls, 1) << "completion did not run inline exactly once for " << method;
  return out;
}

/// Collects one completion that may arrive on another thread, and counts completions.
class completion_probe {
 public:
  completion_handler handler() {
    return [this](call_result r) {
      const std::lock_guard lock(mutex_);
      ++count_;
      if (count_ == 1) result_ = std::move(r);
      cv_.notify_all();
    };
  }
  /// Waits (bounded) for the first completion; nullopt on timeout.
  std::optional<call_result> wait() {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait_limit, [&] { return count_ > 0; })) return std::nullopt;
    return result_;
  }
  int count() const {
    const std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
  call_result result_;
};

/// One background thread running posted tasks in order; joins on destruction after
/// running what was posted.
class worker {
 public:
  worker() : thread_([this] { loop(); }) {}
  ~worker() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  void post(std::function<void()> task) {
    {
      const std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_all();
  }

  std::thread::id id() const { return thread_.get_id(); }

 private:
  void loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::thread thread_;
};

/// A fault result with that code and message.
inline call_result fault_result(int code, std::string message) {
  return call_result(fault_info{code, std::move(message)});
}

}  // namespace sockrpc::rpc::test

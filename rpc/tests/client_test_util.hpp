// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/dispatch/registry.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>

#include <atomic>
#include <exception>
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

/// Pieces the client tests share beyond the scripted server (client_test_server.hpp):
/// proof of concurrent calls and a pool of calling threads.
namespace sockrpc_test {

/// The `rendezvous(n)` method: it holds each call until `n` are waiting, then answers them
/// all with `n`. Calls complete only if the client really runs `n` of them at once, so
/// tests of concurrency need no clock. Copies share the waiting calls; thread-safe.
class rendezvous {
 public:
  rendezvous() : gate_(std::make_shared<gate>()) {}

  /// Registers `rendezvous` on `methods` (which keeps a copy of the shared state).
  void add_to(sockrpc::rpc::method_registry& methods) const {
    methods.add("rendezvous", [g = gate_](int n, sockrpc::rpc::responder r) {
      std::vector<sockrpc::rpc::responder> ready;
      {
        std::lock_guard lock(g->m);
        g->waiting.push_back(std::move(r));
        if (static_cast<int>(g->waiting.size()) < n) return;
        ready.swap(g->waiting);
      }
      for (auto& w : ready)
        w.reply(sockrpc::rpc::value(n));
    });
  }

  /// Drops the calls still waiting (each is answered with the no-reply fault): after a
  /// failed test, while the server still runs.
  void release() const {
    std::lock_guard lock(gate_->m);
    gate_->waiting.clear();
  }

 private:
  struct gate {
    std::mutex m;
    std::vector<sockrpc::rpc::responder> waiting;
  };
  std::shared_ptr<gate> gate_;
};

/// Starts `threads` threads together, thread `t` running `body(t)`; returns the sum of
/// what they return once all have finished.
inline int sum_over_threads(int threads, const std::function<int(int)>& body) {
  std::atomic<int> sum{0};
  std::latch start(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      start.arrive_and_wait();
      sum += body(t);
    });
  }
  for (auto& th : pool)
    th.join();
  return sum.load();
}

/// `call()` is true; false also when it throws (a wrong answer, not a test crash).
inline bool answered_right(const std::function<bool()>& call) {
  try {
    return call();
  } catch (const std::exception&) {
    return false;
  }
}

/// Starts `threads` threads together; each makes `calls` calls `call(t, i)`. Returns how
/// many returned true (an exception counts as a wrong answer).
inline int count_correct_calls(int threads, int calls, const std::function<bool(int, int)>& call) {
  return sum_over_threads(threads, [&](int t) {
    int correct = 0;
    for (int i = 0; i < calls; ++i)
      correct += answered_right([&] { return call(t, i); }) ? 1 : 0;
    return correct;
  });
}

}  // namespace sockrpc_test

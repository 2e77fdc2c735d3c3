// SPDX-License-Identifier: MIT
// Runs the servers' jobs (one per connection or datagram) in the three server modes, with
// a bound on jobs in flight (queued + running).
#pragma once

#include <sockrpc/transport/server.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sockrpc::transport::detail {

/// One unit of work; run() must not throw (the servers catch handler exceptions inside).
struct job {
  virtual ~job() = default;
  virtual void run() noexcept = 0;
};

/// Executes jobs on worker threads according to a `server_mode`.
/// Thread safety: `submit`, `has_capacity` from one thread (the server loop); the rest
/// thread-safe. `on_finished` runs on the worker thread after each job, with no lock held.
class task_runner {
 public:
  task_runner(server_mode mode, std::size_t threads, std::size_t queue_limit,
              std::size_t max_in_flight, std::function<void()> on_finished);
  /// Joins every thread (see join()).
  ~task_runner();
  task_runner(const task_runner&) = delete;
  task_runner& operator=(const task_runner&) = delete;

  /// True if another job may be submitted without exceeding the bound.
  bool has_capacity() const;
  /// Queues or starts `j`. @throws sockrpc::error (thread creation), std::bad_alloc;
  /// on throw the job is destroyed and not counted.
  void submit(std::unique_ptr<job> j);
  /// Destroys the jobs that have not started.
  void drop_queued() noexcept;
  /// Waits until no job is in flight or `until` passes; true if idle.
  bool wait_idle(std::chrono::steady_clock::time_point until);
  /// Jobs queued or running.
  std::size_t in_flight() const;
  /// Lets workers finish the queue and exit, and joins all threads. Idempotent.
  void join() noexcept;
  /// Joins the per-job threads whose job has finished (thread_per_connection), so idle
  /// servers do not keep exited threads around. Called from the server loop.
  void reap() noexcept;

 private:
  void worker_loop();
  void finished() noexcept;

  server_mode mode_;
  std::size_t capacity_;
  std::function<void()> on_finished_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<std::unique_ptr<job>> queue_;
  std::size_t in_flight_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;                    // sequential / thread_pool
  std::list<std::thread> per_job_;                      // thread_per_connection: running or done
  std::vector<std::list<std::thread>::iterator> done_;  // per_job_ entries that finished
};

}  // namespace sockrpc::transport::detail

// SPDX-License-Identifier: MIT
#include "task_runner.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace sockrpc::transport::detail {

task_runner::task_runner(server_mode mode, std::size_t threads, std::size_t queue_limit,
                         std::size_t max_in_flight, std::function<void()> on_finished)
    : mode_(mode), on_finished_(std::move(on_finished)) {
  std::size_t workers = 0;
  switch (mode) {
    case server_mode::sequential:
      workers = 1;
      capacity_ = 1;
      break;
    case server_mode::thread_pool:
      workers = std::max<std::size_t>(threads, 1);
      capacity_ = workers + queue_limit;
      break;
    case server_mode::thread_per_connection:
      capacity_ = std::numeric_limits<std::size_t>::max();
      break;
  }
  if (max_in_flight != 0) capacity_ = std::min(capacity_, max_in_flight);
  workers_.reserve(workers);
  try {
    for (std::size_t i = 0; i < workers; ++i)
      workers_.emplace_back([this] { worker_loop(); });
  } catch (...) {
    join();
    throw;
  }
}

task_runner::~task_runner() {
  join();
}

bool task_runner::has_capacity() const {
  std::lock_guard lock(mu_);
  return in_flight_ < capacity_;
}

std::size_t task_runner::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

void task_runner::submit(std::unique_ptr<job> j) {
  if (mode_ != server_mode::thread_per_connection) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(j));
      ++in_flight_;
    }
    work_cv_.notify_one();
    return;
  }
  reap();
  std::lock_guard lock(mu_);
  auto it = per_job_.emplace(per_job_.end());
  try {
    // The new thread blocks in finished() on mu_ until this assignment is done.
    *it = std::thread([this, it, owned = std::move(j)]() mutable {
      owned->run();
      owned.reset();
      {
        std::lock_guard inner(mu_);
        done_.push_back(it);
      }
      finished();
    });
  } catch (...) {
    per_job_.erase(it);
    throw;
  }
  ++in_flight_;
}

void task_runner::worker_loop() {
  for (;;) {
    std::unique_ptr<job> j;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      j = std::move(queue_.front());
      queue_.pop_front();
    }
    j->run();
    j.reset();
    finished();
  }
}

void task_runner::finished() noexcept {
  {
    std::lock_guard lock(mu_);
    if (--in_flight_ == 0) idle_cv_.notify_all();
  }
  if (on_finished_) on_finished_();
}

void task_runner::reap() noexcept {
  std::list<std::thread> done;
  {
    std::lock_guard lock(mu_);
    for (auto it : done_)
      done.splice(done.end(), per_job_, it);
    done_.clear();
  }
  // These threads have left their job; join only waits for them to exit.
  for (auto& t : done)
    t.join();
}

void task_runner::drop_queued() noexcept {
  std::deque<std::unique_ptr<job>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(queue_);
    in_flight_ -= dropped.size();
    if (in_flight_ == 0) idle_cv_.notify_all();
  }
  // Destroyed here, outside the lock (closing their sockets).
}

bool task_runner::wait_idle(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_until(lock, until, [this] { return in_flight_ == 0; });
}

void task_runner::join() noexcept {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
  std::list<std::thread> rest;
  {
    std::lock_guard lock(mu_);
    rest.swap(per_job_);
    done_.clear();
  }
  for (auto& t : rest) {
    if (t.joinable()) t.join();
  }
}

}  // namespace sockrpc::transport::detail

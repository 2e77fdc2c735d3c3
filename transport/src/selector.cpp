// SPDX-License-Identifier: MIT
#include <sockrpc/transport/selector.hpp>

#include "detail/io_wait.hpp"

#include <poll.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <new>
#include <utility>

namespace sockrpc::transport {
namespace {

const selector_key invalid_key{};  // returned by reference on errors; immutable

using steady = std::chrono::steady_clock;

// Milliseconds for poll/epoll_wait: -1 = forever; never rounds a positive wait down to 0.
int to_ms(std::optional<steady::time_point> until) {
  if (!until) return -1;
  const auto left = *until - steady::now();
  if (left <= steady::duration::zero()) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

short to_poll(event e) {
  short out = 0;
  if (has(e, event::read)) out |= POLLIN;
  if (has(e, event::write)) out |= POLLOUT;
  return out;
}

// Like Python's selectors: any condition besides "writable" counts as readable and any
// besides "readable" as writable, so errors and hang-ups wake both directions.
event from_bits(unsigned bits, unsigned in_bit, unsigned out_bit) {
  event e = event::none;
  if (bits & ~in_bit) e |= event::write;
  if (bits & ~out_bit) e |= event::read;
  return e;
}

#ifdef __linux__
std::uint32_t to_epoll(event e) {
  std::uint32_t out = 0;
  if (has(e, event::read)) out |= EPOLLIN;
  if (has(e, event::write)) out |= EPOLLOUT;
  return out;
}

// epoll_ctl `op` (ADD or MOD) of `fd` for `events`; false with the OS error in `ec`.
bool epoll_set(int epfd, int op, int fd, event events, std::error_code& ec) noexcept {
  epoll_event ev{};
  ev.events = to_epoll(events);
  ev.data.fd = fd;
  if (::epoll_ctl(epfd, op, fd, &ev) == 0) return true;
  ec = sockrpc::detail::last_error();
  return false;
}
#endif

bool valid_events(event e) {
  return e != event::none && (e & (event::read | event::write)) == e;
}

}  // namespace

void selector::init(selector_backend backend, std::error_code& ec) noexcept {
  ec.clear();
#ifdef __linux__
  if (backend == selector_backend::automatic) backend = selector_backend::epoll;
  if (backend == selector_backend::epoll) {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) {
      ec = sockrpc::detail::last_error();
      return;
    }
  }
#else
  if (backend == selector_backend::epoll) {
    ec = errc::invalid_argument;
    return;
  }
  backend = selector_backend::poll;
#endif
  backend_ = backend;
  open_ = true;
}

selector::selector(selector_backend backend, std::error_code& ec) noexcept {
  init(backend, ec);
}

selector::selector(selector_backend backend) {
  detail::or_throw("selector", [&](std::error_code& ec) { init(backend, ec); });
}

selector::~selector() {
  close();
}

selector::selector(selector&& other) noexcept
    : backend_(other.backend_),
      open_(std::exchange(other.open_, false)),
      epfd_(std::exchange(other.epfd_, -1)),
      keys_(std::move(other.keys_)) {
  other.keys_.clear();
}

selector& selector::operator=(selector&& other) noexcept {
  if (this != &other) {
    close();
    backend_ = other.backend_;
    open_ = std::exchange(other.open_, false);
    epfd_ = std::exchange(other.epfd_, -1);
    keys_ = std::move(other.keys_);
    other.keys_.clear();
  }
  return *this;
}

void selector::close() noexcept {
  if (epfd_ >= 0) ::close(epfd_);
  epfd_ = -1;
  open_ = false;
  keys_.clear();
}

const selector_key& selector::add(int fd, event events, void* data, std::error_code& ec) noexcept {
  ec.clear();
  if (!open_) {
    ec = errc::socket_closed;
    return invalid_key;
  }
  if (fd < 0 || !valid_events(events)) {
    ec = errc::invalid_argument;
    return invalid_key;
  }
  if (keys_.count(fd) != 0) {
    ec = std::make_error_code(std::errc::file_exists);
    return invalid_key;
  }
#ifdef __linux__
  if (epfd_ >= 0 && !epoll_set(epfd_, EPOLL_CTL_ADD, fd, events, ec)) return invalid_key;
#endif
  try {
    return keys_.emplace(fd, selector_key{fd, events, data}).first->second;
  } catch (const std::bad_alloc&) {
#ifdef __linux__
    if (epfd_ >= 0) ::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
#endif
    ec = std::make_error_code(std::errc::not_enough_memory);
    return invalid_key;
  }
}

const selector_key& selector::add(int fd, event events, void* data) {
  std::error_code ec;
  const auto& key = add(fd, events, data, ec);
  sockrpc::detail::throw_if(ec, "selector::add");
  return key;
}

const selector_key& selector::add(const socket& s, event events, void* data,
                                  std::error_code& ec) noexcept {
  if (!s.is_open()) {
    ec = errc::socket_closed;
    return invalid_key;
  }
  return add(s.fileno(), events, data, ec);
}

const selector_key& selector::add(const socket& s, event events, void* data) {
  std::error_code ec;
  const auto& key = add(s, events, data, ec);
  sockrpc::detail::throw_if(ec, "selector::add");
  return key;
}

const selector_key& selector::modify(int fd, event events, void* data,
                                     std::error_code& ec) noexcept {
  ec.clear();
  if (!open_) {
    ec = errc::socket_closed;
    return invalid_key;
  }
  auto it = keys_.find(fd);
  if (it == keys_.end()) {
    ec = std::make_error_code(std::errc::no_such_file_or_directory);
    return invalid_key;
  }
  if (!valid_events(events)) {
    ec = errc::invalid_argument;
    return invalid_key;
  }
#ifdef __linux__
  if (epfd_ >= 0 && events != it->second.events && !epoll_set(epfd_, EPOLL_CTL_MOD, fd, events, ec))
    return invalid_key;
#endif
  it->second.events = events;
  it->second.data = data;
  return it->second;
}

const selector_key& selector::modify(int fd, event events, void* data) {
  std::error_code ec;
  const auto& key = modify(fd, events, data, ec);
  sockrpc::detail::throw_if(ec, "selector::modify");
  return key;
}

selector_key selector::remove(int fd, std::error_code& ec) noexcept {
  ec.clear();
  auto it = keys_.find(fd);
  if (it == keys_.end()) {
    ec = std::make_error_code(std::errc::no_such_file_or_directory);
    return invalid_key;
  }
  const selector_key key = it->second;
  keys_.erase(it);
#ifdef __linux__
  // EBADF/ENOENT: the descriptor was closed (and so left the epoll set) already; that is fine.
  if (epfd_ >= 0) ::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
#endif
  return key;
}

selector_key selector::remove(int fd) {
  return detail::or_throw("selector::remove", [&](std::error_code& ec) { return remove(fd, ec); });
}

std::optional<selector_key> selector::get_key(int fd) const {
  auto it = keys_.find(fd);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::vector<selector_event> selector::select(std::optional<duration> timeout,
                                             std::error_code& ec) noexcept {
  ec.clear();
  if (!open_) {
    ec = errc::socket_closed;
    return {};
  }
  std::optional<steady::time_point> until;
  if (timeout) {
    until = detail::deadline_after(std::max(*timeout, duration::zero()));
  }
  try {
    for (;;) {
      const int ms = to_ms(until);
      auto ready = backend_ == selector_backend::epoll ? select_epoll(ms, ec) : select_poll(ms, ec);
      // PEP 475: an interrupted wait resumes with the time left.
      if (ec == std::errc::interrupted) {
        ec.clear();
        continue;
      }
      return ready;
    }
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return {};
  }
}

std::vector<selector_event> selector::select(std::optional<duration> timeout) {
  return detail::or_throw("selector::select",
                          [&](std::error_code& ec) { return select(timeout, ec); });
}

std::vector<selector_event> selector::select_epoll(int timeout_ms, std::error_code& ec) {
  std::vector<selector_event> out;
#ifdef __linux__
  const int capacity =
      keys_.empty() ? 1 : static_cast<int>(std::min<std::size_t>(keys_.size(), 1024));
  // TODO(perf): keep this buffer between calls instead of allocating it per select.
  std::vector<epoll_event> events(static_cast<std::size_t>(capacity));
  const int n = ::epoll_wait(epfd_, events.data(), capacity, timeout_ms);
  if (n < 0) {
    ec = sockrpc::detail::last_error();
    return out;
  }
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& ev = events[static_cast<std::size_t>(i)];
    auto it = keys_.find(ev.data.fd);
    if (it == keys_.end()) continue;
    const event ready = from_bits(ev.events, EPOLLIN, EPOLLOUT) & it->second.events;
    if (ready != event::none) out.push_back({it->second, ready});
  }
#else
  (void)timeout_ms;
  ec = errc::invalid_argument;
#endif
  return out;
}

std::vector<selector_event> selector::select_poll(int timeout_ms, std::error_code& ec) {
  std::vector<pollfd> fds;
  fds.reserve(keys_.size());
  for (const auto& [fd, key] : keys_)
    fds.push_back({fd, to_poll(key.events), 0});
  std::vector<selector_event> out;
  const int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout_ms);
  if (n < 0) {
    ec = sockrpc::detail::last_error();
    return out;
  }
  out.reserve(static_cast<std::size_t>(n));
  for (const auto& p : fds) {
    if (p.revents == 0) continue;
    const auto& key = keys_.at(p.fd);
    // POLLNVAL (a closed descriptor) is reported as ready too, like an error.
    const event ready =
        from_bits(static_cast<unsigned short>(p.revents), POLLIN, POLLOUT) & key.events;
    if (ready != event::none) out.push_back({key, ready});
  }
  return out;
}

}  // namespace sockrpc::transport

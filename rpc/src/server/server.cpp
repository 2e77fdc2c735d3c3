// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/server/server.hpp>

#include <sockrpc/transport/error.hpp>

#include "detail/asio_loop.hpp"
#include "detail/asio_socket.hpp"
#include "server/server_impl.hpp"

#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/socket.hpp>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <utility>

namespace sockrpc::rpc {

namespace detail {

server_impl::server_impl() : ctx(std::make_unique<asio::io_context>()) {
  stop_desc_ =
      std::make_unique<borrowed_descriptor>(ctx->get_executor(), stop_wake_.native_handle());
  grace_timer_ = std::make_unique<asio::steady_timer>(*ctx);
}

server_impl::~server_impl() {
  stop();
}

std::size_t server_impl::listen(const transport::address& local, bool framed,
                                std::error_code& ec) noexcept {
  try {
    {
      std::lock_guard lock(mu_);
      if (state_ != state::idle) {
        ec = transport::errc::invalid_argument;
        return SIZE_MAX;
      }
    }
    // A Unix-domain path: a socket file left by a listener that is gone is replaced, a
    // live one refused (EADDRINUSE); the file this listener creates is removed at close.
    transport::remove_stale_socket_file(local, ec);
    if (ec) return SIZE_MAX;
    auto sock = transport::create_server(local, local.get_family(), SOMAXCONN, false, false, ec);
    if (ec) return SIZE_MAX;
    transport::socket_file file(sock, ec);
    if (ec) return SIZE_MAX;
    auto bound = sock.getsockname(ec);
    if (ec) return SIZE_MAX;
    sock.setblocking(false, ec);  // accept never blocks: asio waits for readiness
    if (ec) return SIZE_MAX;
    auto l = std::make_unique<listener>(std::move(sock), std::move(file), asio::make_strand(*ctx),
                                        framed, bound);
    listeners.push_back(std::move(l));
    local_addresses.push_back(bound);
    return listeners.size() - 1;
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return SIZE_MAX;
  }
}

// Runs on the listener's strand: accepts one connection if one is waiting, else waits
// for the listening socket to become readable.
void server_impl::accept_next(listener& l) {
  if (stopping() || !l.sock.is_open()) return;
  std::error_code ec;
  auto [conn, peer] = l.sock.accept(ec);
  if (ec == transport::errc::would_block) {
    l.ready.async_wait_read([this, &l](const std::error_code& e) {
      if (e != asio::error::operation_aborted) accept_next(l);
    });
    return;
  }
  if (ec) {
    // EMFILE and friends: back off briefly instead of spinning on the error.
    accept_later(l, std::chrono::milliseconds(50));
    return;
  }
  hand_over(l, std::move(conn), std::move(peer));
  accept_later(l, std::chrono::milliseconds(0));
}

// accept_next on the listener's strand, after `backoff` (zero: as soon as it is free).
void server_impl::accept_later(listener& l, std::chrono::milliseconds backoff) {
  if (backoff.count() == 0) {
    asio::post(l.ready.get_executor(), [this, &l] { accept_next(l); });
    return;
  }
  auto t = std::make_shared<asio::steady_timer>(l.ready.get_executor(), backoff);
  t->async_wait([this, &l, t](const std::error_code& e) {
    if (!e) accept_next(l);
  });
}

// Gives an accepted connection to asio, on a strand of its own, or refuses it at the cap.
void server_impl::hand_over(listener& l, transport::socket conn, transport::address peer) {
  std::error_code ignored;
  if (conn.get_family() != transport::family::local) conn.set_no_delay(true, ignored);
  asio::ip::tcp::socket s(asio::make_strand(*ctx));
  std::error_code ec;
  assign_to_asio(std::move(conn), s, ec);
  if (ec) return;  // closed with `conn`
  std::size_t open_count;
  {
    std::lock_guard lock(mu_);
    open_count = conns_.size();
  }
  if (open_count >= opts.max_connections) {
    if (l.framed) {
      s.close(ignored);
    } else {
      refuse_http(std::move(s));
    }
    return;
  }
  auto c = l.framed ? make_framed_connection(*this, std::move(s), std::move(peer))
                    : make_http_connection(*this, std::move(s), std::move(peer));
  add_connection(c.get());
  asio::dispatch(c->executor(), [c] { c->start(); });
}

void server_impl::add_connection(connection* c) {
  std::lock_guard lock(mu_);
  conns_.insert(c);
}

void server_impl::remove_connection(connection* c) noexcept {
  std::lock_guard lock(mu_);
  conns_.erase(c);
  if (stopping() && conns_.empty() && ctx_alive_) ctx->stop();
}

void server_impl::wait_stop_fd() {
  stop_desc_->async_wait_read([this](const std::error_code& ec) {
    if (ec) return;
    begin_shutdown();
  });
}

void server_impl::begin_shutdown() {
  if (shutdown_begun_.exchange(true)) return;
  std::vector<std::shared_ptr<connection>> live;
  {
    std::lock_guard lock(mu_);
    stop_deadline_.store((clock::now() + opts.shutdown_grace).time_since_epoch().count(),
                         std::memory_order_release);
    stopping_.store(true, std::memory_order_release);
    live.reserve(conns_.size());
    for (auto* c : conns_) {
      if (auto sp = c->weak_from_this().lock()) live.push_back(std::move(sp));
    }
  }
  for (auto& l : listeners) {
    asio::post(l->ready.get_executor(), [&l = *l] { l.close(); });
  }
  stop_desc_->release();  // cancels the wait; stop_wake_ keeps the descriptor
  for (auto& c : live)
    asio::post(c->executor(), [c] { c->begin_shutdown(); });
  live.clear();  // drop our references before checking whether anything is left
  grace_timer_->expires_after(opts.shutdown_grace);
  grace_timer_->async_wait([this](const std::error_code& ec) {
    if (!ec) ctx->stop();
  });
  std::lock_guard lock(mu_);
  if (conns_.empty()) ctx->stop();
}

namespace {
thread_local io_thread_state* current_thread_state = nullptr;
}  // namespace

void server_impl::run_io_thread() {
  auto scratch = std::make_unique<io_thread_state>(parse_limits());
  scratch->owner = this;
  scratch->previous = current_thread_state;
  current_thread_state = scratch.get();
  run_io_loop(*ctx);
  current_thread_state = scratch->previous;
}

io_thread_state* server_impl::thread_state() const noexcept {
  // Another server's loop may run nested inside a handler of this one: look down the chain.
  for (auto* s = current_thread_state; s != nullptr; s = s->previous) {
    if (s->owner == this) return s;
  }
  return nullptr;
}

codec_limits server_impl::parse_limits() const noexcept {
  codec_limits l;
  l.max_document_size = opts.max_body;
  return l;
}

bool server_impl::on_io_thread() const noexcept {
  std::lock_guard lock(mu_);
  return std::find(io_thread_ids_.begin(), io_thread_ids_.end(), std::this_thread::get_id()) !=
         io_thread_ids_.end();
}

void server_impl::run() {
  {
    std::lock_guard lock(mu_);
    if (state_ != state::idle)
      sockrpc::detail::throw_error(transport::errc::invalid_argument, "run");
    state_ = state::running;
    owns_threads_ = false;
    io_thread_ids_.push_back(std::this_thread::get_id());
  }
  for (auto& l : listeners)
    accept_later(*l, std::chrono::milliseconds(0));
  wait_stop_fd();
  std::vector<std::thread> others;
  for (std::size_t i = 1; i < std::max<std::size_t>(opts.threads, 1); ++i) {
    others.emplace_back([this] {
      {
        std::lock_guard lock(mu_);
        io_thread_ids_.push_back(std::this_thread::get_id());
      }
      run_io_thread();
    });
  }
  run_io_thread();
  for (auto& t : others)
    t.join();
  finish();
}

void server_impl::start() {
  {
    std::lock_guard lock(mu_);
    if (state_ != state::idle)
      sockrpc::detail::throw_error(transport::errc::invalid_argument, "start");
    state_ = state::running;
    owns_threads_ = true;
  }
  for (auto& l : listeners)
    accept_later(*l, std::chrono::milliseconds(0));
  wait_stop_fd();
  for (std::size_t i = 0; i < std::max<std::size_t>(opts.threads, 1); ++i) {
    threads_.emplace_back([this] {
      {
        std::lock_guard lock(mu_);
        io_thread_ids_.push_back(std::this_thread::get_id());
      }
      run_io_thread();
    });
  }
}

void server_impl::finish() noexcept {
  // Everything below belongs to the io_context: destroy it all while no thread runs it.
  // Destroying the context destroys pending handlers, and with them the connections
  // they keep alive (their sockets close).
  listeners.clear();
  grace_timer_.reset();
  stop_desc_.reset();
  {
    std::lock_guard lock(mu_);
    ctx_alive_ = false;
  }
  {
    // Waits for completions running on other threads; later ones find the gate closed.
    // Not held across ctx.reset(): destroying a pending handler may complete its call.
    std::unique_lock gate_lock(gate_->mu);
    gate_->open = false;
  }
  ctx.reset();
  std::lock_guard lock(mu_);
  state_ = state::done;
  done_cv_.notify_all();
}

void server_impl::request_stop() noexcept {
  stop_wake_.notify();  // async-signal-safe
}

void server_impl::stop() noexcept {
  if (on_io_thread()) {
    request_stop();
    return;
  }
  std::lock_guard stop_lock(stop_mu_);
  std::unique_lock lock(mu_);
  if (state_ == state::done) return;
  if (state_ == state::idle) {
    lock.unlock();
    finish();
    return;
  }
  lock.unlock();
  request_stop();
  if (owns_threads_) {
    for (auto& t : threads_)
      t.join();
    threads_.clear();
    finish();
  } else {
    lock.lock();
    done_cv_.wait(lock, [this] { return state_ == state::done; });
  }
}

void server_impl::schedule_after(clock::duration d, std::function<void()> fn) {
  std::lock_guard lock(mu_);
  if (!ctx_alive_) return;  // stopped: dropped, like tasks still pending at the end
  auto t = std::make_shared<asio::steady_timer>(*ctx, d);
  t->async_wait([t, fn = std::move(fn)](const std::error_code& ec) {
    if (!ec) fn();
  });
}

}  // namespace detail

// ---- server facade ------------------------------------------------------------------------

server::server() : impl_(std::make_unique<detail::server_impl>()) {}
server::~server() = default;
server::server(server&&) noexcept = default;
server& server::operator=(server&&) noexcept = default;

method_registry& server::methods() noexcept {
  return impl_->registry;
}
const method_registry& server::methods() const noexcept {
  return impl_->registry;
}

server& server::threads(std::size_t n) {
  impl_->opts.threads = std::max<std::size_t>(n, 1);
  return *this;
}
server& server::http_paths(std::vector<std::string> paths) {
  impl_->opts.http_paths = std::move(paths);
  return *this;
}
server& server::max_body_size(std::size_t bytes) {
  impl_->opts.max_body = bytes;
  return *this;
}
server& server::max_header_size(std::size_t bytes) {
  impl_->opts.max_header = bytes;
  return *this;
}
server& server::max_request_line(std::size_t bytes) {
  impl_->opts.max_request_line = bytes;
  return *this;
}
server& server::header_timeout(duration d) {
  impl_->opts.header_timeout = d;
  return *this;
}
server& server::idle_timeout(duration d) {
  impl_->opts.idle_timeout = d;
  return *this;
}
server& server::max_connections(std::size_t n) {
  impl_->opts.max_connections = n;
  return *this;
}
server& server::shutdown_grace(duration d) {
  impl_->opts.shutdown_grace = d;
  return *this;
}
server& server::gzip_min_size(std::size_t bytes) {
  impl_->opts.gzip_min_size = bytes;
  return *this;
}
server& server::basic_auth(authenticator check, std::string realm) {
  const bool printable = std::all_of(realm.begin(), realm.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!printable)
    sockrpc::detail::throw_error(transport::errc::invalid_argument, "basic_auth realm");
  impl_->opts.auth = std::move(check);
  impl_->opts.auth_challenge = "Basic realm=\"" + realm + "\"";
  return *this;
}
std::size_t server::threads() const noexcept {
  return impl_->opts.threads;
}
server::duration server::shutdown_grace() const noexcept {
  return impl_->opts.shutdown_grace;
}

std::size_t server::listen_http(const transport::address& local) {
  std::error_code ec;
  auto i = listen_http(local, ec);
  sockrpc::detail::throw_if(ec, "listen_http");
  return i;
}
std::size_t server::listen_http(const transport::address& local, std::error_code& ec) noexcept {
  ec.clear();
  return impl_->listen(local, false, ec);
}
std::size_t server::listen_framed(const transport::address& local) {
  std::error_code ec;
  auto i = listen_framed(local, ec);
  sockrpc::detail::throw_if(ec, "listen_framed");
  return i;
}
std::size_t server::listen_framed(const transport::address& local, std::error_code& ec) noexcept {
  ec.clear();
  return impl_->listen(local, true, ec);
}
transport::address server::local_address(std::size_t index) const {
  if (index >= impl_->local_addresses.size()) throw std::out_of_range("server::local_address");
  return impl_->local_addresses[index];
}

void server::run() {
  impl_->run();
}
void server::start() {
  impl_->start();
}
void server::stop() noexcept {
  if (impl_) impl_->stop();
}
void server::request_stop() noexcept {
  if (impl_) impl_->request_stop();
}
void server::schedule_after(duration d, std::function<void()> fn) {
  impl_->schedule_after(d, std::move(fn));
}

}  // namespace sockrpc::rpc

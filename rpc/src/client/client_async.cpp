// SPDX-License-Identifier: MIT
// Asynchronous calls as asio state machines over transport sockets adopted into asio. The
// request writer, the response parser, the frame decoder and the rules for failures and
// retries are the synchronous path's (client_impl::build_request, client_exchange.cpp,
// client_impl::conclude); only the waiting differs.
#include <sockrpc/rpc/client/client.hpp>

#include "client/client_async_call.hpp"
#include "detail/asio_socket.hpp"

#include <cstring>
#include <utility>

namespace sockrpc::rpc {

namespace detail {

namespace {
/// asio reports OS errors in its own "asio.system" category; the client's error model puts
/// them in std::system_category(), as the synchronous path (and condition::transport_failure)
/// expect.
std::error_code from_asio(const std::error_code& ec) noexcept {
  if (ec.category() == asio::error::get_system_category())
    return {ec.value(), std::system_category()};
  return ec;
}
}  // namespace

async_call::async_call(async_engine& eng, std::string request, client::completion_handler handler,
                       transport::deadline until)
    : eng_(eng),
      cfg_(eng.cfg),
      strand_(asio::make_strand(eng.ctx)),
      timer_(strand_),
      request_(std::move(request)),
      handler_(std::move(handler)),
      until_(until) {}

async_call::~async_call() {
  eng_.remove_call(this);
}

void async_call::start() {
  if (done_) return;
  arm_timer(until_);
  next_attempt();
}

void async_call::next_attempt() {
  out_ = exchange_result{};
  // The retry (attempt 1) always uses a fresh connection.
  if (attempt_ == 0) conn_ = eng_.take_idle();
  if (conn_) {
    send();
  } else {
    connect();
  }
}

// ---- connecting: resolve with the transport layer, connect the adopted socket via asio ----

void async_call::connect() {
  const auto& ep = cfg_.endpoint_;
  const auto limit = cfg_.connect_deadline(until_);
  if (limit <= std::chrono::steady_clock::now()) {
    fail(make_error_code(transport::errc::timeout), "operation timed out (before connecting)");
    return;
  }
  std::error_code ec;
  if (ep.is_local()) {
    connect_local();
    return;
  }
  // TODO(perf): getaddrinfo blocks this I/O thread while a name (not a numeric address)
  // is looked up; resolve on a helper thread if that ever matters.
  addresses_ = transport::getaddrinfo(ep.host, ep.port, transport::family::unspec,
                                      transport::sock_type::stream, 0, ec);
  if (ec) {
    fail(ec, describe(ec) + " (connecting to " + ep.host_field() + ")");
    return;
  }
  next_address_ = 0;
  connect_error_ = std::error_code(EAFNOSUPPORT, std::system_category());
  connecting_ = true;
  arm_timer(limit);
  conn_ = std::make_unique<async_connection>(eng_.ctx, ep.framed(), cfg_.settings_, cfg_.limits_);
  connect_next_address();
}

// A Unix-domain connect completes at once (see detail::connect_local): made here with the
// transport layer, then the connected socket goes to asio.
void async_call::connect_local() {
  const auto& ep = cfg_.endpoint_;
  std::error_code ec;
  auto s = detail::connect_local(ep.socket_path, ec);
  if (!ec) {
    conn_ = std::make_unique<async_connection>(eng_.ctx, ep.framed(), cfg_.settings_, cfg_.limits_);
    assign_to_asio(std::move(s), conn_->sock, ec);
    ec = from_asio(ec);
  }
  if (ec) {
    fail(ec, describe(ec) + " (connecting to " + ep.endpoint_name() + ")");
    return;
  }
  arm_timer(until_);
  send();
}

void async_call::connect_next_address() {
  while (next_address_ < addresses_.size()) {
    const auto& entry = addresses_[next_address_++];
    std::error_code ec;
    transport::socket s(entry.family, transport::sock_type::stream, entry.protocol, ec);
    if (!ec) {
      assign_to_asio(std::move(s), conn_->sock, ec);
      ec = from_asio(ec);
    }
    if (ec) {
      connect_error_ = ec;
      continue;
    }
    asio::ip::tcp::endpoint target;
    std::memcpy(target.data(), entry.address.data(), entry.address.size());
    target.resize(entry.address.size());
    conn_->sock.async_connect(
        target, asio::bind_executor(strand_, [self = shared_from_this()](const std::error_code& e) {
          self->on_connected(e);
        }));
    return;
  }
  fail(connect_error_,
       describe(connect_error_) + " (connecting to " + cfg_.endpoint_.endpoint_name() + ")");
}

void async_call::on_connected(const std::error_code& ec) {
  if (done_) return;
  if (ec) {
    connect_error_ = from_asio(ec);
    std::error_code ignored;
    conn_->sock.close(ignored);
    connect_next_address();
    return;
  }
  connecting_ = false;
  std::error_code ignored;
  conn_->sock.set_option(asio::ip::tcp::no_delay(true), ignored);  // IP only: see connect_local
  arm_timer(until_);
  send();
}

// ---- the exchange: the same sans-I/O steps as the synchronous path ----------------------

void async_call::send() {
  auto on_written = asio::bind_executor(
      strand_,
      [self = shared_from_this()](const std::error_code& ec, std::size_t) { self->on_sent(ec); });
  if (!conn_->framed) {
    asio::async_write(conn_->sock, asio::buffer(request_), std::move(on_written));
    return;
  }
  std::error_code ec;
  prefix_ = transport::length_prefix(request_.size(), ec);
  if (ec) {
    send_failed(*conn_, ec, out_);
    after_exchange();
    return;
  }
  std::array<asio::const_buffer, 2> bufs{asio::buffer(prefix_), asio::buffer(request_)};
  asio::async_write(conn_->sock, bufs, std::move(on_written));
}

void async_call::on_sent(const std::error_code& ec) {
  if (done_) return;
  if (ec) {
    send_failed(*conn_, from_asio(ec), out_);
    after_exchange();
    return;
  }
  read();
}

void async_call::read() {
  auto buf = recv_buffer(*conn_);
  conn_->sock.async_read_some(
      asio::buffer(buf.data(), buf.size()),
      asio::bind_executor(strand_,
                          [self = shared_from_this()](const std::error_code& ec, std::size_t n) {
                            self->on_read(ec, n);
                          }));
}

void async_call::on_read(const std::error_code& ec, std::size_t n) {
  if (done_) return;
  if (ec && ec != asio::error::eof) {
    recv_failed(*conn_, from_asio(ec), out_);
    after_exchange();
    return;
  }
  if (!received(*conn_, ec ? 0 : n, cfg_.settings_, out_)) {
    read();
    return;
  }
  after_exchange();
}

void async_call::after_exchange() {
  method_response resp;
  if (cfg_.conclude(attempt_, *conn_, out_, resp)) {
    ++attempt_;  // a stale pooled connection: once more on a fresh one
    drop_connection();
    conn_.reset();
    next_attempt();
    return;
  }
  deliver(std::move(resp));
}

// ---- deadlines and the end --------------------------------------------------------------

void async_call::arm_timer(transport::deadline d) {
  timer_.expires_at(d);  // cancels the previous wait, whose handler then sees aborted
  timer_.async_wait([self = shared_from_this()](const std::error_code& ec) { self->on_timer(ec); });
}

void async_call::on_timer(const std::error_code& ec) {
  if (done_ || ec == asio::error::operation_aborted) return;
  if (timer_.expiry() > std::chrono::steady_clock::now()) return;  // re-armed meanwhile
  const auto timeout = make_error_code(transport::errc::timeout);
  if (connecting_) {
    fail(timeout, describe(timeout) + " (connecting to " + cfg_.endpoint_.endpoint_name() + ")");
  } else {
    fail(timeout, "operation timed out");
  }
}

void async_call::drop_connection() noexcept {
  // Closing aborts a pending operation; the connection object itself (and the buffer such
  // an operation reads into) lives on with this call until its handlers have run.
  if (!conn_) return;
  std::error_code ignored;
  conn_->sock.close(ignored);
}

void async_call::fail(std::error_code ec, std::string message) {
  if (done_) return;
  out_.ec = ec;
  out_.message = std::move(message);
  out_.keep = false;
  deliver({});
}

void async_call::deliver(method_response resp) {
  done_ = true;
  timer_.cancel();
  if (conn_ && out_.keep) {
    eng_.give_back(std::move(conn_));
  } else {
    drop_connection();
  }
  eng_.remove_call(this);
  auto handler = std::move(handler_);
  // No lock is held here; a throwing handler must not take the I/O thread down.
  try {
    if (out_.ec) {
      handler(out_.ec, out_.message, call_result(rpc::value()));
    } else if (resp.fault) {
      handler({}, {}, call_result(std::move(*resp.fault)));
    } else {
      handler({}, {}, call_result(std::move(resp.result)));
    }
  } catch (...) {
  }
}

}  // namespace detail

void client::async_call_value(std::string method, std::vector<rpc::value> params,
                              completion_handler handler) {
  impl_->engine().start(std::move(method), std::move(params), std::move(handler));
}

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
// One request/response exchange on a client connection, HTTP or framed. The steps that
// see the bytes (and so decide what may be retried) are sans-I/O and shared with the
// asynchronous path; `exchange` drives them over a blocking transport socket.
#include "client/client_connection.hpp"

#include <algorithm>

namespace sockrpc::rpc::detail {
namespace {

constexpr std::size_t min_read = 4 * 1024;
constexpr std::size_t max_read = 64 * 1024;

bool is_reset(const std::error_code& ec) noexcept {
  return ec == std::errc::connection_reset || ec == std::errc::broken_pipe;
}

bool http_received(connection_state& c, const exchange_settings& settings, exchange_result& out) {
  auto& resp = c.response;
  const auto ev = c.parser.next(resp);
  if (ev == http::parse_event::need_more) return false;
  if (ev == http::parse_event::error || ev == http::parse_event::end_of_stream) {
    out.ec = ev == http::parse_event::error ? c.parser.error()
                                            : make_error_code(transport::errc::unexpected_eof);
    if (out.ec == transport::errc::unexpected_eof) {
      out.retryable = c.reused && out.received == 0;
      out.message = out.received == 0 ? "connection closed by the server before any response"
                                      : "connection closed by the server inside the response";
    } else {
      out.message = "bad HTTP response: " + std::string(c.parser.error_detail());
    }
    return true;
  }
  // parse_event::message (expect_continue is never reported for responses)
  out.keep = resp.keep_alive && c.parser.buffered() == 0;
  if (resp.status != 200) {
    out.ec = make_error_code(errc::http_status);
    out.message =
        "HTTP " + std::to_string(resp.status) + " " +
        (resp.reason.empty() ? std::string(http::reason_phrase(resp.status)) : resp.reason);
    if (resp.status == 401) out.message += " (credentials missing or refused)";
    return true;
  }
  if (resp.body.size() > settings.max_response) {
    out.ec = make_error_code(errc::limit_exceeded);
    out.message = "response body larger than the configured maximum";
    out.keep = false;
    return true;
  }
  out.body = std::move(resp.body);
  return true;
}

bool framed_received(connection_state& c, std::size_t n, exchange_result& out) {
  std::error_code ec;
  c.frames.commit(n, ec);
  if (ec) {  // errc::frame_too_large: the stream is out of sync
    out.ec = ec;
    out.message = describe(ec) + " (reading the response frame)";
    return true;
  }
  if (auto frame = c.frames.next_frame()) {
    out.body.assign(reinterpret_cast<const char*>(frame->data()), frame->size());
    out.keep = c.frames.buffered() == 0;
    return true;
  }
  if (n > 0) return false;
  out.ec = make_error_code(transport::errc::unexpected_eof);
  if (out.received == 0) {
    out.retryable = c.reused;
    out.message = "connection closed by the server before any response";
  } else {
    out.message = "connection closed by the server inside the response frame";
  }
  return true;
}

}  // namespace

transport::socket connect_local(const std::string& path, std::error_code& ec) noexcept {
  const auto target = transport::address::local(path, ec);
  if (ec) return {};
  transport::socket s(transport::family::local, transport::sock_type::stream, 0, ec);
  if (!ec) s.setblocking(false, ec);
  if (!ec) s.connect(target, ec);
  if (ec) return {};
  return s;
}

std::string describe(const std::error_code& ec) {
  std::string m = ec.message();
  if (!m.empty() && m[0] >= 'A' && m[0] <= 'Z' && !(m.size() > 1 && m[1] >= 'A' && m[1] <= 'Z'))
    m[0] = static_cast<char>(m[0] - 'A' + 'a');
  return m;
}

void send_failed(const connection_state& c, const std::error_code& ec, exchange_result& out) {
  out.ec = ec;
  // Sending failed: the request did not arrive whole, so it cannot have been processed.
  out.retryable = c.reused && is_reset(ec);
  out.message =
      describe(ec) + (c.framed ? " (sending the request frame)" : " (sending the request)");
}

std::span<std::byte> recv_buffer(connection_state& c) {
  if (c.framed) return c.frames.prepare(std::clamp(c.frames.wanted(), min_read, max_read));
  return std::as_writable_bytes(c.parser.prepare(max_read));
}

bool received(connection_state& c, std::size_t n, const exchange_settings& settings,
              exchange_result& out) {
  out.received += n;
  if (c.framed) return framed_received(c, n, out);
  c.parser.commit(n);
  if (n == 0) c.parser.feed_eof();
  return http_received(c, settings, out);
}

void recv_failed(connection_state& c, const std::error_code& ec, exchange_result& out) {
  if (c.framed) {
    std::error_code ignored;
    c.frames.commit(0, ignored);
  } else {
    c.parser.commit(0);
  }
  out.ec = ec;
  out.retryable = c.reused && out.received == 0 && is_reset(ec);
  out.message = describe(ec) +
                (out.received == 0 ? " (waiting for the response)" : " (reading the response)");
}

void exchange(client_connection& c, std::string_view request, transport::deadline until,
              const exchange_settings& settings, exchange_result& out) {
  std::error_code ec;
  if (c.framed) {
    transport::send_frame(c.sock, request, until, ec);
  } else {
    c.sock.sendall(std::as_bytes(std::span(request.data(), request.size())), until, ec);
  }
  if (ec) {
    send_failed(c, ec, out);
    return;
  }
  for (;;) {
    auto buf = recv_buffer(c);
    const auto n = c.sock.recv_into(buf, until, ec);
    if (ec) {
      recv_failed(c, ec, out);
      return;
    }
    if (received(c, n, settings, out)) return;
  }
}

}  // namespace sockrpc::rpc::detail

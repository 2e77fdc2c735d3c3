// SPDX-License-Identifier: MIT
// One request/response exchange on a client connection, HTTP or framed; the stale
// connection rule (what may be retried) is decided here, where the bytes are seen.
#include "detail/client_connection.hpp"

#include <sockrpc/transport/framing.hpp>

#include <sys/socket.h>

#include <cerrno>

namespace sockrpc::rpc::detail {
namespace {

bool is_reset(const std::error_code& ec) noexcept {
  return ec == std::errc::connection_reset || ec == std::errc::broken_pipe;
}

}  // namespace

std::string describe(const std::error_code& ec) {
  std::string m = ec.message();
  if (!m.empty() && m[0] >= 'A' && m[0] <= 'Z' && !(m.size() > 1 && m[1] >= 'A' && m[1] <= 'Z'))
    m[0] = static_cast<char>(m[0] - 'A' + 'a');
  return m;
}

bool connection_alive(const transport::socket& s) noexcept {
  if (!s.is_open()) return false;
  char byte;
  const auto n = ::recv(s.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // n == 0: the server closed; n > 0: bytes nobody asked for; error other than
  // "would block": reset. Only "would block" means idle and open.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void exchange_http(client_connection& c, std::string_view request, transport::deadline until,
                   const exchange_settings& settings, exchange_result& out) {
  c.sock.sendall(std::as_bytes(std::span(request.data(), request.size())), until, out.ec);
  if (out.ec) {
    // sendall failed: the request did not arrive whole, so it cannot have been processed.
    out.retryable = c.reused && is_reset(out.ec);
    out.message = describe(out.ec) + " (sending the request)";
    return;
  }
  http::response resp;
  std::size_t received = 0;
  for (;;) {
    auto ev = c.parser.next(resp);
    if (ev == http::parse_event::message) break;
    if (ev == http::parse_event::error || ev == http::parse_event::end_of_stream) {
      out.ec =
          ev == http::parse_event::error ? c.parser.error() : make_error_code(errc::unexpected_eof);
      if (out.ec == errc::unexpected_eof) {
        out.retryable = c.reused && received == 0;
        out.message = received == 0 ? "connection closed by the server before any response"
                                    : "connection closed by the server inside the response";
      } else {
        out.message = "bad HTTP response: " + std::string(c.parser.error_detail());
      }
      return;
    }
    auto buf = c.parser.prepare(64 * 1024);
    const auto n = c.sock.recv_into(std::as_writable_bytes(buf), until, out.ec);
    if (out.ec) {
      c.parser.commit(0);
      out.retryable = c.reused && received == 0 && is_reset(out.ec);
      out.message = describe(out.ec) +
                    (received == 0 ? " (waiting for the response)" : " (reading the response)");
      return;
    }
    c.parser.commit(n);
    received += n;
    if (n == 0) c.parser.feed_eof();
  }
  out.keep = resp.keep_alive && c.parser.buffered() == 0;
  if (resp.status != 200) {
    out.ec = make_error_code(errc::http_status);
    out.message =
        "HTTP " + std::to_string(resp.status) + " " +
        (resp.reason.empty() ? std::string(http::reason_phrase(resp.status)) : resp.reason);
    return;
  }
  if (resp.body.size() > settings.max_response) {
    out.ec = make_error_code(errc::limit_exceeded);
    out.message = "response body larger than the configured maximum";
    out.keep = false;
    return;
  }
  out.body = std::move(resp.body);
}

void exchange_framed(client_connection& c, std::string_view xml, transport::deadline until,
                     const exchange_settings& settings, exchange_result& out) {
  transport::send_frame(c.sock, xml, until, out.ec);
  if (out.ec) {
    out.retryable = c.reused && is_reset(out.ec);
    out.message = describe(out.ec) + " (sending the request frame)";
    return;
  }
  auto frame = transport::recv_frame(c.sock, settings.max_response, until, out.ec);
  if (out.ec) {
    out.message = describe(out.ec) + " (reading the response frame)";
    return;
  }
  if (!frame) {
    // Clean EOF before the first byte of the answer.
    out.ec = make_error_code(errc::unexpected_eof);
    out.retryable = c.reused;
    out.message = "connection closed by the server before any response";
    return;
  }
  out.keep = true;
  out.body = std::move(*frame);
}

}  // namespace sockrpc::rpc::detail

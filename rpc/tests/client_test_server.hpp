// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/xml/codec.hpp>
#include <sockrpc/transport/framing.hpp>
#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/socket.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

/// A scriptable loopback server for the client tests: accepts on 127.0.0.1 (or ::1) port
/// 0 and runs `handler(conn, index)` on its own thread for every accepted connection
/// (index counts from 0). Every socket has a timeout, so no test can hang; the destructor
/// stops accepting and joins every thread.
namespace sockrpc_test {

namespace transport = sockrpc::transport;
namespace rpc = sockrpc::rpc;
namespace http = sockrpc::rpc::http;
using namespace std::chrono_literals;

class script_server {
 public:
  using handler = std::function<void(transport::socket& conn, std::size_t index)>;

  explicit script_server(handler h, transport::family f = transport::family::ipv4)
      : handler_(std::move(h)) {
    listener_ = transport::create_server(transport::address::loopback(f, 0), f);
    port_ = listener_.getsockname().port();
    listener_.settimeout(50ms);  // bounds each accept so the stop flag is seen
    acceptor_ = std::thread([this] { run(); });
  }
  ~script_server() {
    stop_ = true;
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (auto& t : workers_)
      t.join();
  }
  script_server(const script_server&) = delete;
  script_server& operator=(const script_server&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::size_t connections() const noexcept { return accepted_; }
  [[nodiscard]] std::string url(std::string_view scheme = "http", std::string_view path = "/RPC2",
                                std::string_view host = "127.0.0.1") const {
    return std::string(scheme) + "://" + std::string(host) + ":" + std::to_string(port_) +
           std::string(path);
  }

 private:
  void run() {
    while (!stop_) {
      std::error_code ec;
      auto [conn, peer] = listener_.accept(ec);
      if (ec) continue;
      const std::size_t index = accepted_++;
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, c = std::move(conn), index]() mutable {
        c.settimeout(5s);
        handler_(c, index);
      });
    }
  }

  handler handler_;
  transport::socket listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> accepted_{0};
  std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

/// Reads one HTTP request; false at EOF, error or timeout.
inline bool read_request(transport::socket& s, http::request_parser& parser, http::request& req) {
  for (;;) {
    auto ev = parser.next(req);
    if (ev == http::parse_event::message) return true;
    if (ev != http::parse_event::need_more) return false;
    auto buf = parser.prepare(16 * 1024);
    std::error_code ec;
    auto n = s.recv_into(std::as_writable_bytes(buf), ec);
    parser.commit(ec ? 0 : n);
    if (ec) return false;
    if (n == 0) parser.feed_eof();
  }
}

inline void send_text(transport::socket& s, std::string_view text) {
  std::error_code ec;
  s.sendall(std::as_bytes(std::span(text.data(), text.size())), ec);
}

/// Reads until the peer closes (or the 5 s socket timeout): a server that never answers.
inline void drain(transport::socket& s) {
  std::byte buf[4096];
  for (;;) {
    std::error_code ec;
    if (s.recv_into(buf, ec) == 0 || ec) return;
  }
}

/// The methods of the in-test XML-RPC server: echo, add, fault, void, system.multicall.
inline rpc::method_response dispatch(const rpc::method_call& call) {
  rpc::method_response r;
  if (call.method == "echo" && call.params.size() == 1) {
    r.result = call.params[0];
  } else if (call.method == "add" && call.params.size() == 2) {
    const std::int64_t sum = call.params[0].as_i8() + call.params[1].as_i8();
    r.result = std::in_range<std::int32_t>(sum) ? rpc::value(static_cast<std::int32_t>(sum))
                                                : rpc::value(sum);
  } else if (call.method == "fault" && call.params.size() == 2) {
    r.fault = rpc::fault_info{call.params[0].as_i4(), call.params[1].as_string()};
  } else if (call.method == "nothing") {
    r.result = rpc::value();
  } else if (call.method == "system.multicall" && call.params.size() == 1) {
    rpc::array out;
    for (const auto& entry : call.params[0].as_array()) {
      rpc::method_call sub{entry["methodName"].as_string(), entry["params"].as_array()};
      auto sr = dispatch(sub);
      if (sr.fault) {
        out.push_back(rpc::value(
            rpc::members{{"faultCode", sr.fault->code}, {"faultString", sr.fault->message}}));
      } else {
        out.push_back(rpc::value(rpc::array{sr.result}));
      }
    }
    r.result = rpc::value(std::move(out));
  } else {
    r.fault = rpc::fault_info{-32601, "method not found: " + call.method};
  }
  return r;
}

/// Options of `serve_http`.
struct http_behaviour {
  bool keep_alive = true;           ///< answer keep-alive requests with keep-alive
  std::size_t max_requests = 1000;  ///< then close the connection without a word
  bool gzip_response = false;       ///< gzip bodies when the client accepts it
  bool chunked = false;             ///< send the body chunked
  std::function<void(const http::request&)> inspect;  ///< sees every request
};

/// Serves XML-RPC over HTTP on `s` with `dispatch` until EOF or `max_requests`.
inline void serve_http(transport::socket& s, const http_behaviour& b = {}) {
  http::request_parser parser;
  http::request req;
  for (std::size_t n = 0; n < b.max_requests && read_request(s, parser, req); ++n) {
    if (b.inspect) b.inspect(req);
    auto resp = dispatch(rpc::parse_call(req.body));
    std::string body = rpc::serialize_response(resp);
    const bool keep = b.keep_alive && req.keep_alive;
    http::header_fields h;
    h.add("Content-Type", "text/xml");
    if (b.gzip_response && req.accepts_gzip()) {
      body = http::gzip_compress(body);
      h.add("Content-Encoding", "gzip");
    }
    std::string out;
    if (b.chunked) {
      out = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n";
      if (h.find("Content-Encoding")) out += "Content-Encoding: gzip\r\n";
      out += keep ? "\r\n" : "Connection: close\r\n\r\n";
      const auto half = body.size() / 2;
      for (auto part :
           {std::string_view(body).substr(0, half), std::string_view(body).substr(half)}) {
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", part.size());
        out += size;
        out += part;
        out += "\r\n";
      }
      out += "0\r\n\r\n";
    } else {
      http::write_response(out, 200, "", h, body, keep);
    }
    send_text(s, out);
    if (!keep) return;
  }
}

/// `serve_http` options: answer one request, then close the connection without a word.
inline http_behaviour one_request() {
  http_behaviour b;
  b.max_requests = 1;
  return b;
}

/// Reads one request and forgets it; false at EOF, error or timeout.
inline bool await_request(transport::socket& s) {
  http::request_parser parser;
  http::request req;
  return read_request(s, parser, req);
}

/// Reads one request and answers it with `answer`, verbatim.
inline void answer_once(transport::socket& s, std::string_view answer) {
  if (await_request(s)) send_text(s, answer);
}

// ---- stale keep-alive connections, for the synchronous and the asynchronous client -------

/// Connection 0 answers one call, then reads the next request and closes without a byte of
/// response (a keep-alive connection the server gave up on); later connections serve.
inline script_server::handler closes_before_second_answer() {
  return [](transport::socket& s, std::size_t index) {
    if (index == 0) {
      serve_http(s, one_request());
      (void)await_request(s);
      return;
    }
    serve_http(s);
  };
}

/// Connection 0 answers one call, then closes while idle and sets `closed` (which must
/// outlive the server); later connections serve.
inline script_server::handler closes_while_idle(std::promise<void>& closed) {
  return [&closed](transport::socket& s, std::size_t index) {
    if (index == 0) {
      serve_http(s, one_request());
      s.close();
      closed.set_value();
      return;
    }
    serve_http(s);
  };
}

/// Every connection answers one call; connection 0 then answers the next request with a
/// status line only and closes inside the response.
inline script_server::handler breaks_second_answer() {
  return [](transport::socket& s, std::size_t index) {
    serve_http(s, one_request());
    if (index == 0) answer_once(s, "HTTP/1.1 200 OK\r\n");
  };
}

/// Serves framed XML-RPC (tcp://) on `s` until EOF or `max_requests`.
inline void serve_framed(transport::socket& s, std::size_t max_requests = 1000) {
  for (std::size_t n = 0; n < max_requests; ++n) {
    std::error_code ec;
    auto frame = transport::recv_frame(s, transport::default_max_frame, ec);
    if (ec || !frame) return;
    transport::send_frame(s, rpc::serialize_response(dispatch(rpc::parse_call(*frame))), ec);
    if (ec) return;
  }
}

}  // namespace sockrpc_test

// SPDX-License-Identifier: MIT
// XML-RPC over HTTP/1.1: one request at a time per connection (pipelined requests wait in
// the parser's buffer, so the answers go out in order and nothing grows without bound).
// Answers to requests that are already buffered are gathered into one output buffer and
// sent with one write (up to max_batch bytes), instead of one write per answer.
#include "server/server_impl.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

namespace sockrpc::rpc::detail {

namespace {

constexpr std::size_t min_read = 4 * 1024;
constexpr std::size_t max_read = 64 * 1024;
// The first read of a request is sized after the previous requests (with some headroom,
// at least min_idle_read, at most min_read): an idle connection's pending read then
// holds about one request's worth of buffer instead of min_read.
constexpr std::size_t min_idle_read = 512;
// Answers gathered before a write is started even though more requests are buffered.
constexpr std::size_t max_batch = 256 * 1024;
// After a final error answer we read and drop what the client is still sending for a
// moment before closing, so that its unread bytes do not make the kernel reset the
// connection and discard our answer before the client has read it.
constexpr std::size_t linger_max_bytes = 256 * 1024;
constexpr auto linger_time = std::chrono::seconds(2);

http::parser_limits limits_for(const server_options& o) {
  http::parser_limits l;
  l.max_start_line = o.max_request_line;
  l.max_header_section = o.max_header;
  l.max_body = o.max_body;
  l.max_decoded_body = o.max_body;
  return l;
}

// The fields of every answer; shared, as they never change.
const http::header_fields& xml_fields() {
  static const http::header_fields f = [] {
    http::header_fields h;
    h.add_unchecked("Content-Type", "text/xml");
    return h;
  }();
  return f;
}

const http::header_fields& gzip_fields() {
  static const http::header_fields f = [] {
    http::header_fields h = xml_fields();
    h.add_unchecked("Content-Encoding", "gzip");
    return h;
  }();
  return f;
}

/// Drains the socket until EOF, a byte budget or a deadline, then closes it.
class lingering_close : public std::enable_shared_from_this<lingering_close> {
 public:
  explicit lingering_close(asio::ip::tcp::socket s)
      : sock_(std::move(s)), timer_(sock_.get_executor()) {}
  void start() {
    std::error_code ignored;
    sock_.shutdown(asio::socket_base::shutdown_send, ignored);
    timer_.expires_after(linger_time);
    timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
      if (!ec) self->finish();
    });
    read();
  }

 private:
  void read() {
    sock_.async_read_some(asio::buffer(buf_),
                          [self = shared_from_this()](const std::error_code& ec, std::size_t n) {
                            self->drained_ += n;
                            if (ec || self->drained_ >= linger_max_bytes) {
                              self->finish();
                              return;
                            }
                            self->read();
                          });
  }
  void finish() {
    std::error_code ignored;
    timer_.cancel();
    sock_.close(ignored);
  }

  asio::ip::tcp::socket sock_;
  asio::steady_timer timer_;
  std::array<char, 4096> buf_{};
  std::size_t drained_ = 0;
};

class http_connection final : public connection {
 public:
  http_connection(server_impl& srv, asio::ip::tcp::socket sock, transport::address peer)
      : connection(srv, std::move(sock), std::move(peer)), parser_(limits_for(srv.opts)) {}

  void start() override {
    deadline_ = clock::now() + srv_.opts.idle_timeout;
    start_timer();
    read();
  }

 private:
  // What follows a write: go on with the buffered requests, close, close after a linger,
  // or nothing (a call is in flight; its completion goes on).
  enum class then : std::uint8_t { process, close, linger, wait_call };

  void read() {
    bool was_idle = parser_.idle();
    auto now = clock::now();
    if (was_idle) {
      set_deadline(now + srv_.opts.idle_timeout);
    } else if (header_phase_) {
      set_deadline(header_deadline_);
    } else {
      set_deadline(now + srv_.opts.idle_timeout);
    }
    if (was_idle && request_bytes_ != 0) {
      idle_read_ =
          std::clamp(std::bit_ceil(request_bytes_ + request_bytes_ / 4), min_idle_read, min_read);
      request_bytes_ = 0;
    }
    auto buf = parser_.prepare(was_idle ? idle_read_ : read_size_);
    read_buf_ = buf.data();
    sock_.async_read_some(
        asio::buffer(buf.data(), buf.size()),
        [self = std::static_pointer_cast<http_connection>(shared_from_this()), was_idle](
            const std::error_code& ec, std::size_t n) { self->on_read(ec, n, was_idle); });
  }

  void on_read(const std::error_code& ec, std::size_t n, bool was_idle) {
    if (closed_) return;
    if (ec == asio::error::eof) {
      parser_.commit(0);
      parser_.feed_eof();
    } else if (ec) {
      close();
      return;
    } else {
      if (was_idle && n > 0) {
        header_phase_ = true;
        header_deadline_ = clock::now() + srv_.opts.header_timeout;
        seen_text_ = false;
        crlf_state_ = 0;
      }
      if (header_phase_) scan_headers({read_buf_, n});
      const std::size_t asked = was_idle ? idle_read_ : read_size_;
      parser_.commit(n);
      request_bytes_ += n;
      read_size_ = n == asked ? std::min(asked * 2, max_read) : min_read;
    }
    process();
  }

  // Tracks the end of the header section ("\r\n\r\n" after some text) so the header
  // timeout stops applying once the headers are in.
  void scan_headers(std::string_view bytes) noexcept {
    for (char c : bytes) {
      if (c == '\r') {
        crlf_state_ = (crlf_state_ == 2) ? 3 : 1;
      } else if (c == '\n') {
        if (crlf_state_ == 3 && seen_text_) {
          header_phase_ = false;
          return;
        }
        crlf_state_ = (crlf_state_ == 1) ? 2 : 0;
      } else {
        seen_text_ = true;
        crlf_state_ = 0;
      }
    }
  }

  // Handles the buffered requests in order, appending their answers to out_; writes when
  // more bytes are needed, a call goes asynchronous, or the batch is full. Every path
  // keeps the answers already gathered in front of whatever it adds.
  void process() {
    for (;;) {
      auto ev = parser_.next(req_);
      switch (ev) {
        case http::parse_event::need_more:
          if (!out_.empty()) {
            write(then::process);  // answer what was asked before waiting for more
          } else {
            read();
          }
          return;
        case http::parse_event::end_of_stream:
          if (!out_.empty()) {
            write(then::close);
          } else {
            close();
          }
          return;
        case http::parse_event::error: {
          int status = parser_.error_status();
          if (status == 0) {  // the stream ended inside a request: nobody to answer
            if (!out_.empty()) {
              write(then::close);
            } else {
              close();
            }
            return;
          }
          http::write_error_response(out_, status, false);
          write(then::linger);
          return;
        }
        case http::parse_event::expect_continue: {
          const auto& p = parser_.pending();
          int status = check(p.method, p.target);
          if (status == 0 && !authenticate(p.headers)) status = 401;
          if (status != 0) {
            // Refuse before the body is sent; the body never comes, so close after.
            write_refusal(status, false);
            write(then::linger);
          } else {
            http::write_continue(out_);
            write(then::process);
          }
          return;
        }
        case http::parse_event::message:
          if (!handle_request()) return;
          break;  // answered at once: on to the next buffered request
      }
    }
  }

  int check(std::string_view method, std::string_view target) const noexcept {
    if (method != "POST") return 405;
    auto path = target.substr(0, target.find('?'));
    const auto& paths = srv_.opts.http_paths;
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) return 404;
    return 0;
  }

  // With an authenticator: true when the request carries one well-formed basic
  // `Authorization` field the authenticator accepts (its principal then in principal_).
  // Without one: true. An authenticator that throws refuses.
  bool authenticate(const http::header_fields& headers) {
    const auto& auth = srv_.opts.auth;
    if (!auth) return true;
    if (headers.count("Authorization") != 1) return false;
    auto credentials = parse_basic_authorization(*headers.find("Authorization"));
    if (!credentials) return false;
    try {
      auto principal = auth(credentials->user, credentials->password);
      if (!principal) return false;
      principal_ = std::move(*principal);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  // An error answer; a 401 carries the challenge.
  void write_refusal(int status, bool keep_alive) {
    if (status != 401) {
      http::write_error_response(out_, status, keep_alive);
      return;
    }
    http::header_fields fields;
    fields.add_unchecked("Content-Type", "text/plain");
    fields.add_unchecked("WWW-Authenticate", srv_.opts.auth_challenge);
    http::write_response(out_, 401, {}, fields, "401 Unauthorized\n", keep_alive);
  }

  // True when the answer is in out_ and the next buffered request may follow; false when
  // a write was started or the call is in flight.
  bool handle_request() {
    header_phase_ = false;
    keep_alive_ = req_.keep_alive && !shutting_down_ && !srv_.stopping();
    if (int status = check(req_.method, req_.target); status != 0) {
      // A HEAD answer must not carry a body; rather than special-case it, close after.
      keep_alive_ = keep_alive_ && req_.method != "HEAD";
      http::write_error_response(out_, status, keep_alive_);
      return may_continue();
    }
    if (!authenticate(req_.headers)) {
      write_refusal(401, keep_alive_);
      return may_continue();
    }
    in_dispatch_ = true;
    answered_ = false;
    run_call(req_.body, &req_.headers, srv_.opts.auth ? &principal_ : nullptr);
    in_dispatch_ = false;
    if (answered_) return may_continue();
    // An asynchronous handler: send the answers gathered so far while it runs.
    if (!out_.empty()) write(then::wait_call);
    return false;
  }

  void on_call_done(std::string_view xml) override {
    keep_alive_ = keep_alive_ && !shutting_down_ && !srv_.stopping();
    if (xml.size() >= srv_.opts.gzip_min_size && req_.accepts_gzip()) {
      auto gz = http::gzip_compress(xml, 1);
      http::write_response(out_, 200, "", gzip_fields(), gz, keep_alive_);
    } else {
      http::write_response(out_, 200, "", xml_fields(), xml, keep_alive_);
    }
    if (in_dispatch_) {  // synchronous: handle_request goes on
      answered_ = true;
      return;
    }
    if (may_continue()) process();
  }

  // After an answer was appended: false (and a write started) when the connection closes
  // after it or the batch is full.
  bool may_continue() {
    if (!keep_alive_) {
      write(then::close);
      return false;
    }
    if (out_.size() >= max_batch) {
      write(then::process);
      return false;
    }
    return true;
  }

  void write(then next) {
    writing_ = true;
    set_deadline(clock::now() + srv_.opts.idle_timeout);
    asio::async_write(sock_, asio::buffer(out_),
                      [self = std::static_pointer_cast<http_connection>(shared_from_this()), next](
                          const std::error_code& ec, std::size_t) { self->on_written(ec, next); });
  }

  void on_written(const std::error_code& ec, then next) {
    writing_ = false;
    out_.clear();
    if (next != then::wait_call) in_call_ = false;
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    if (next == then::wait_call) {
      deliver_deferred_answer();
      return;
    }
    if (next == then::linger) {
      closed_ = true;
      timer_.cancel();
      std::make_shared<lingering_close>(std::move(sock_))->start();
      return;
    }
    if (next == then::close || shutting_down_) {
      close();
      return;
    }
    process();
  }

  http::request_parser parser_;
  http::request req_;
  std::string principal_;  // of the request being answered, when authenticated
  std::string out_;
  std::size_t read_size_ = min_read;  // next read while a request is incomplete
  std::size_t idle_read_ = min_read;  // next read when nothing is buffered
  std::size_t request_bytes_ = 0;     // read since the parser was last idle
  const char* read_buf_ = nullptr;    // where the pending read writes (inside the parser)
  clock::time_point header_deadline_;
  bool header_phase_ = false;
  bool seen_text_ = false;
  int crlf_state_ = 0;
  bool keep_alive_ = true;
  bool in_dispatch_ = false;  // inside run_call (a completion now is synchronous)
  bool answered_ = false;     // the call run by handle_request completed inline
};

}  // namespace

std::shared_ptr<connection> make_http_connection(server_impl& srv, asio::ip::tcp::socket sock,
                                                 transport::address peer) {
  return std::make_shared<http_connection>(srv, std::move(sock), std::move(peer));
}

void refuse_http(asio::ip::tcp::socket sock) {
  struct refusal {
    asio::ip::tcp::socket sock;
    std::string out;
  };
  auto r = std::make_shared<refusal>(refusal{std::move(sock), {}});
  http::write_error_response(r->out, 503, false);
  asio::async_write(r->sock, asio::buffer(r->out), [r](const std::error_code& ec, std::size_t) {
    if (ec) return;
    std::make_shared<lingering_close>(std::move(r->sock))->start();
  });
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
// Framed XML-RPC over TCP: each message a 4-byte big-endian length and that many bytes of
// XML, either way; any number of calls per connection, one at a time. Answers to frames
// that are already buffered are gathered and sent with one write (up to max_batch bytes).
#include "server/server_impl.hpp"

#include <sockrpc/transport/framing.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace sockrpc::rpc::detail {

namespace {

constexpr std::size_t min_read = 4 * 1024;
constexpr std::size_t max_read = 64 * 1024;
constexpr std::size_t max_batch = 256 * 1024;

class framed_connection final : public connection {
 public:
  framed_connection(server_impl& srv, asio::ip::tcp::socket sock, transport::address peer)
      : connection(srv, std::move(sock), std::move(peer)), decoder_(srv.opts.max_body) {}

  void start() override {
    deadline_ = clock::now() + srv_.opts.idle_timeout;
    start_timer();
    process();
  }

 private:
  void read() {
    set_deadline(clock::now() + srv_.opts.idle_timeout);
    // Never prepare more than max_read: a large announced frame grows the buffer only as
    // its bytes actually arrive.
    auto want = std::clamp(decoder_.wanted(), min_read, max_read);
    auto buf = decoder_.prepare(want);
    sock_.async_read_some(asio::buffer(buf.data(), buf.size()),
                          [self = std::static_pointer_cast<framed_connection>(shared_from_this())](
                              const std::error_code& ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(const std::error_code& ec, std::size_t n) {
    if (closed_) return;
    if (ec) {  // EOF included: a partial frame at EOF is simply dropped
      close();
      return;
    }
    std::error_code dec_ec;
    decoder_.commit(n, dec_ec);
    if (dec_ec) {  // errc::frame_too_large: the stream is out of sync
      close();
      return;
    }
    process();
  }

  // Runs the buffered frames in order, gathering their answers in out_; writes when more
  // bytes are needed, a call goes asynchronous, or the batch is full.
  void process() {
    for (;;) {
      auto frame = decoder_.next_frame();
      if (!frame) {
        if (!out_.empty()) {
          write(false);  // answer what was asked before waiting for more
        } else {
          read();
        }
        return;
      }
      // The view stays valid until the next non-const call on the decoder, which comes
      // only after this call's answer is in out_.
      std::string_view body(reinterpret_cast<const char*>(frame->data()), frame->size());
      in_dispatch_ = true;
      answered_ = false;
      run_call(body, nullptr);
      in_dispatch_ = false;
      if (!answered_) {  // an asynchronous handler: send what is ready while it runs
        if (!out_.empty()) write(true);
        return;
      }
      if (closed_ || !may_continue()) return;
    }
  }

  void on_call_done(std::string_view xml) override {
    std::error_code ec;
    const auto prefix = transport::length_prefix(xml.size(), ec);
    if (ec) {
      close();
      return;
    }
    out_.append(reinterpret_cast<const char*>(prefix.data()), prefix.size());
    out_.append(xml);
    if (in_dispatch_) {  // synchronous: process() goes on
      answered_ = true;
      return;
    }
    if (may_continue()) process();
  }

  // After an answer was appended: false (and a write started) when the server stops or
  // the batch is full.
  bool may_continue() {
    if (shutting_down_ || srv_.stopping() || out_.size() >= max_batch) {
      write(false);
      return false;
    }
    return true;
  }

  // Writes out_; `call_in_flight`: a call is still running and its completion goes on.
  void write(bool call_in_flight) {
    writing_ = true;
    set_deadline(clock::now() + srv_.opts.idle_timeout);
    asio::async_write(
        sock_, asio::buffer(out_),
        [self = std::static_pointer_cast<framed_connection>(shared_from_this()), call_in_flight](
            const std::error_code& e, std::size_t) { self->on_written(e, call_in_flight); });
  }

  void on_written(const std::error_code& ec, bool call_in_flight) {
    writing_ = false;
    out_.clear();
    if (!call_in_flight) in_call_ = false;
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    if (call_in_flight) {
      deliver_deferred_answer();
      return;
    }
    if (shutting_down_ || srv_.stopping()) {
      close();
      return;
    }
    process();
  }

  transport::length_prefix_decoder decoder_;
  std::string out_;           // answers gathered for the next write
  bool in_dispatch_ = false;  // inside run_call (a completion now is synchronous)
  bool answered_ = false;     // the call run by process() completed inline
};

}  // namespace

std::shared_ptr<connection> make_framed_connection(server_impl& srv, asio::ip::tcp::socket sock,
                                                   transport::address peer) {
  return std::make_shared<framed_connection>(srv, std::move(sock), std::move(peer));
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
// Framed XML-RPC over TCP: each message a 4-byte big-endian length and that many bytes of
// XML, either way; any number of calls per connection, one at a time.
#include "detail/server_impl.hpp"

#include <sockrpc/transport/framing.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace sockrpc::rpc::detail {

namespace {

constexpr std::size_t min_read = 4 * 1024;
constexpr std::size_t max_read = 64 * 1024;

class framed_connection final : public connection {
 public:
  framed_connection(server_impl& srv, asio::ip::tcp::socket sock)
      : connection(srv, std::move(sock)), decoder_(srv.opts.max_body) {}

  void start() override {
    deadline_ = clock::now() + srv_.opts.idle_timeout;
    start_timer();
    process();
  }

  void begin_shutdown() override {
    shutting_down_ = true;
    if (!in_call_) close();
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

  void process() {
    if (auto frame = decoder_.next_frame()) {
      // The view stays valid until the next non-const call on the decoder, which comes
      // only after this call's answer is written.
      std::string_view body(reinterpret_cast<const char*>(frame->data()), frame->size());
      run_call(body, nullptr);
      return;
    }
    read();
  }

  void on_call_done() override {
    std::error_code ec;
    prefix_ = transport::length_prefix(xml_out_.size(), ec);
    if (ec) {
      close();
      return;
    }
    writing_ = true;
    set_deadline(clock::now() + srv_.opts.idle_timeout);
    std::array<asio::const_buffer, 2> bufs{asio::buffer(prefix_), asio::buffer(xml_out_)};
    asio::async_write(sock_, bufs,
                      [self = std::static_pointer_cast<framed_connection>(shared_from_this())](
                          const std::error_code& e, std::size_t) { self->on_written(e); });
  }

  void on_written(const std::error_code& ec) {
    writing_ = false;
    in_call_ = false;
    if (closed_) return;
    if (ec || shutting_down_ || srv_.stopping()) {
      close();
      return;
    }
    process();
  }

  transport::length_prefix_decoder decoder_;
  std::array<std::byte, transport::frame_header_size> prefix_{};
};

}  // namespace

std::shared_ptr<connection> make_framed_connection(server_impl& srv, asio::ip::tcp::socket sock) {
  return std::make_shared<framed_connection>(srv, std::move(sock));
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
// The blocking socket helpers of framing.hpp: send_frame, recv_frame, delimited_reader.
#include <sockrpc/transport/framing.hpp>

#include "detail/io_wait.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <chrono>
#include <new>

namespace sockrpc::transport {
namespace {

constexpr std::size_t read_chunk = 16 * 1024;

// The deadline of a whole operation started now under the socket's timeout (none: blocks).
std::optional<deadline> deadline_from_timeout(const socket& s) {
  if (auto t = s.gettimeout()) return detail::deadline_after(*t);
  return std::nullopt;
}

// Writes header + payload with gathered sendmsg calls until done, waiting per `policy` (the
// socket core's rules: blocking, would_block, or poll up to a deadline).
void send_gather(socket& s, std::span<const std::byte> header, std::span<const std::byte> payload,
                 const detail::io_policy& policy, std::error_code& ec) noexcept {
  if (!s.is_open()) {
    ec = errc::socket_closed;
    return;
  }
  const int fd = s.fileno();
  iovec iov[2] = {{const_cast<std::byte*>(header.data()), header.size()},
                  {const_cast<std::byte*>(payload.data()), payload.size()}};
  iovec* first = iov;
  int count = payload.empty() ? 1 : 2;
  ec.clear();
  while (count > 0) {
    msghdr msg{};
    msg.msg_iov = first;
    msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
    const ssize_t n = detail::run_io(
        fd, POLLOUT, policy,
        [&](int extra_flags) { return ::sendmsg(fd, &msg, MSG_NOSIGNAL | extra_flags); }, ec);
    if (n < 0) return;
    auto sent = static_cast<std::size_t>(n);
    while (count > 0 && sent >= first->iov_len) {
      sent -= first->iov_len;
      ++first;
      --count;
    }
    if (count > 0) {
      first->iov_base = static_cast<std::byte*>(first->iov_base) + sent;
      first->iov_len -= sent;
    }
  }
}

void send_frame_impl(socket& s, std::span<const std::byte> payload, const detail::io_policy& policy,
                     std::error_code& ec) noexcept {
  const auto header = length_prefix(payload.size(), ec);
  if (ec) return;
  send_gather(s, header, payload, policy, ec);
}

std::optional<std::string> recv_frame_impl(socket& s, std::size_t max_size,
                                           std::optional<deadline> until,
                                           std::error_code& ec) noexcept {
  std::array<std::byte, frame_header_size> header{};
  std::size_t got = 0;
  while (got < header.size()) {
    auto into = std::span(header).subspan(got);
    const std::size_t n = until ? s.recv_into(into, *until, ec) : s.recv_into(into, ec);
    if (ec) return std::nullopt;
    if (n == 0) {
      if (got != 0) ec = errc::unexpected_eof;
      return std::nullopt;
    }
    got += n;
  }
  const std::size_t len = read_length_prefix(header);
  if (len > max_size) {
    ec = errc::frame_too_large;
    return std::nullopt;
  }
  std::string payload;
  try {
    payload.resize(len);
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return std::nullopt;
  }
  auto body = std::as_writable_bytes(std::span(payload));
  if (until) {
    s.recv_exactly(body, *until, ec);
  } else {
    s.recv_exactly(body, ec);
  }
  if (ec) return std::nullopt;
  return payload;
}

// The receive loop of frame_reader and delimited_reader: takes the next complete message
// from `dec` (`next()`), else receives up to `chunk()` more bytes into it. A message that
// completed before a decoding error is still returned; the error comes with the next call.
template <class Decoder, class Chunk, class Next>
std::optional<std::string> read_message(socket& sock, Decoder& dec, std::optional<deadline> until,
                                        Chunk chunk, Next next, std::error_code& ec) noexcept {
  ec.clear();
  try {
    for (;;) {
      if (auto message = next()) return message;
      if (dec.failed()) {
        ec = dec.error();
        return std::nullopt;
      }
      auto into = dec.prepare(chunk());
      const std::size_t n = until ? sock.recv_into(into, *until, ec) : sock.recv_into(into, ec);
      if (ec) return std::nullopt;
      if (n == 0) {
        if (dec.buffered() != 0) ec = errc::unexpected_eof;
        return std::nullopt;
      }
      dec.commit(n, ec);
      if (ec) {
        if (auto message = next()) {
          ec.clear();
          return message;
        }
        return std::nullopt;
      }
    }
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return std::nullopt;
  }
}

}  // namespace

// ---- send_frame --------------------------------------------------------------------------

void send_frame(socket& s, byte_view payload) {
  detail::or_throw("send_frame", [&](std::error_code& ec) { send_frame(s, payload, ec); });
}
void send_frame(socket& s, byte_view payload, std::error_code& ec) noexcept {
  send_frame_impl(s, payload, detail::policy_for(s.gettimeout()), ec);
}
void send_frame(socket& s, byte_view payload, deadline until) {
  detail::or_throw("send_frame", [&](std::error_code& ec) { send_frame(s, payload, until, ec); });
}
void send_frame(socket& s, byte_view payload, deadline until, std::error_code& ec) noexcept {
  send_frame_impl(s, payload, detail::policy_until(until), ec);
}

// ---- recv_frame --------------------------------------------------------------------------

std::optional<std::string> recv_frame(socket& s, std::size_t max_size,
                                      std::error_code& ec) noexcept {
  return recv_frame_impl(s, max_size, deadline_from_timeout(s), ec);
}

std::optional<std::string> recv_frame(socket& s, std::size_t max_size) {
  return detail::or_throw("recv_frame",
                          [&](std::error_code& ec) { return recv_frame(s, max_size, ec); });
}

std::optional<std::string> recv_frame(socket& s, std::size_t max_size, deadline until,
                                      std::error_code& ec) noexcept {
  return recv_frame_impl(s, max_size, until, ec);
}

std::optional<std::string> recv_frame(socket& s, std::size_t max_size, deadline until) {
  return detail::or_throw("recv_frame",
                          [&](std::error_code& ec) { return recv_frame(s, max_size, until, ec); });
}

// ---- frame_reader, delimited_reader ----------------------------------------------------

namespace {

// The announced size is already checked against the limit: receive the rest of a large
// frame in one go.
std::size_t chunk_for(const length_prefix_decoder& dec) {
  return std::max(dec.wanted(), read_chunk);
}
std::size_t chunk_for(const delimiter_decoder&) {
  return read_chunk;
}
std::optional<std::string> next_of(length_prefix_decoder& dec) {
  return dec.next_frame_string();
}
std::optional<std::string> next_of(delimiter_decoder& dec) {
  return dec.next_message_string();
}

// What the throwing read names in its error.
const char* read_name(const length_prefix_decoder&) {
  return "frame_reader::read";
}
const char* read_name(const delimiter_decoder&) {
  return "delimited_reader::read";
}

}  // namespace

template <class Decoder>
std::optional<std::string> basic_reader<Decoder>::read_impl(std::optional<deadline> until,
                                                            std::error_code& ec) noexcept {
  return read_message(
      *sock_, dec_, until, [this] { return chunk_for(dec_); }, [this] { return next_of(dec_); },
      ec);
}

template <class Decoder>
std::optional<std::string> basic_reader<Decoder>::read() {
  return detail::or_throw(read_name(dec_), [&](std::error_code& ec) { return read(ec); });
}
template <class Decoder>
std::optional<std::string> basic_reader<Decoder>::read(std::error_code& ec) noexcept {
  return read_impl(deadline_from_timeout(*sock_), ec);
}
template <class Decoder>
std::optional<std::string> basic_reader<Decoder>::read(deadline until) {
  return detail::or_throw(read_name(dec_), [&](std::error_code& ec) { return read(until, ec); });
}
template <class Decoder>
std::optional<std::string> basic_reader<Decoder>::read(deadline until,
                                                       std::error_code& ec) noexcept {
  return read_impl(until, ec);
}

template class basic_reader<length_prefix_decoder>;
template class basic_reader<delimiter_decoder>;

}  // namespace sockrpc::transport

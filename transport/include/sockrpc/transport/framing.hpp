// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

/// Message framing over byte streams.
///
/// Two layers:
/// - **Sans-I/O codecs** (`length_prefix_decoder`, `delimiter_decoder`, `encode_length_prefix`)
///   that never touch a socket. Bytes go in (`feed`, or `prepare`/`commit` to receive straight
///   into the decoder's buffer), complete messages come out (`next_frame`/`next_message`).
///   The blocking helpers below, the rpc layer's asio path and the fuzzer all share them.
/// - **Blocking helpers** over a connected stream `socket`: `send_frame`, `recv_frame`
///   (exactly one frame, never reads past it), `frame_reader` (buffered, for many small
///   frames) and `delimited_reader`/`line_reader`, each call bounded by one whole-operation
///   deadline (the socket's timeout, or an explicit `deadline` overload).
///
/// Wire format of a length-prefixed frame: a 4-byte big-endian unsigned length N, then N
/// bytes of payload.
namespace sockrpc::transport {

/// Default largest accepted frame payload (32 MiB), matching the HTTP body limit.
inline constexpr std::size_t default_max_frame = 32u * 1024 * 1024;
/// Default largest accepted delimited message, delimiter excluded (64 KiB).
inline constexpr std::size_t default_max_message = 64u * 1024;
/// Size of the length prefix of a frame.
inline constexpr std::size_t frame_header_size = 4;

namespace detail {

/// A contiguous byte queue with a writable tail: `prepare(n)` + `commit(n)` append,
/// `readable()` + `consume(n)` take from the front. Memory is not zero-initialised. When it
/// runs empty, a large allocation (over 64 KiB) is given back so idle connections stay small.
/// Not thread-safe.
class byte_buffer {
 public:
  /// Makes `n` writable bytes available after the readable ones, moving or reallocating if
  /// needed (this invalidates earlier spans). @throws std::bad_alloc.
  std::span<std::byte> prepare(std::size_t n);
  /// Appends the first `n` bytes of the last `prepare` span (clamped to its size).
  void commit(std::size_t n) noexcept;
  /// The readable bytes, oldest first.
  std::span<const std::byte> readable() const noexcept { return {data_.get() + begin_, size()}; }
  /// Drops `n` readable bytes from the front (clamped to `size()`).
  void consume(std::size_t n) noexcept;
  /// Number of readable bytes.
  std::size_t size() const noexcept { return end_ - begin_; }
  /// Bytes allocated.
  std::size_t capacity() const noexcept { return capacity_; }
  /// Drops everything and frees the memory.
  void clear() noexcept;

 private:
  std::unique_ptr<std::byte[]> data_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t prepared_ = 0;
};

}  // namespace detail

/// Writes the 4-byte big-endian length prefix for a payload of `size` bytes into `out`.
constexpr void write_length_prefix(std::span<std::byte, frame_header_size> out,
                                   std::uint32_t size) noexcept {
  out[0] = static_cast<std::byte>(size >> 24);
  out[1] = static_cast<std::byte>(size >> 16);
  out[2] = static_cast<std::byte>(size >> 8);
  out[3] = static_cast<std::byte>(size);
}

/// Reads a 4-byte big-endian length prefix.
constexpr std::uint32_t read_length_prefix(
    std::span<const std::byte, frame_header_size> in) noexcept {
  return (std::to_integer<std::uint32_t>(in[0]) << 24) |
         (std::to_integer<std::uint32_t>(in[1]) << 16) |
         (std::to_integer<std::uint32_t>(in[2]) << 8) | std::to_integer<std::uint32_t>(in[3]);
}

/// The length prefix for a payload of `size` bytes.
/// @throws sockrpc::error errc::frame_too_large if `size` does not fit in 32 bits.
std::array<std::byte, frame_header_size> length_prefix(std::size_t size);
/// Same, reporting errors through `ec` (returns zeros on error).
std::array<std::byte, frame_header_size> length_prefix(std::size_t size,
                                                       std::error_code& ec) noexcept;

/// Returns one buffer holding the length prefix followed by `payload` (one copy).
/// @throws sockrpc::error errc::frame_too_large if the payload is 4 GiB or more;
/// std::bad_alloc.
std::string encode_length_prefix(std::string_view payload);
/// Same for binary payloads.
std::vector<std::byte> encode_length_prefix(std::span<const std::byte> payload);

/// Appends the length prefix and `payload` to `out` (to batch several frames in one send).
/// @throws sockrpc::error errc::frame_too_large (then `out` is unchanged); std::bad_alloc.
void append_length_prefixed(std::string& out, std::string_view payload);

namespace detail {

/// The buffer interface `length_prefix_decoder` and `delimiter_decoder` share, written once:
/// the receive buffer, the size limit, the sticky error, and `feed`, `prepare`/`commit`,
/// `buffered`, `buffered_bytes`, `capacity`, `failed`, `error`, `reset`.
///
/// `Derived` (CRTP) supplies `parse()`, which scans the bytes after `pending_ + complete_`,
/// grows `complete_` by each message completed, and sets `error_` on a message over the limit;
/// and, if it keeps more parse state, `clear_parse_state()` for `reset()`. Not used on its own
/// (the destructor is protected). Thread safety: distinct objects safe; a shared object needs
/// external locking.
template <class Derived>
class decoder_base {
 public:
  /// Appends a copy of `data` (bytes or text) and parses it.
  /// @throws sockrpc::error with the decoder's error (now or earlier); std::bad_alloc.
  void feed(byte_view data);
  /// Same, reporting errors through `ec` (std::errc::not_enough_memory if allocation fails).
  void feed(byte_view data, std::error_code& ec) noexcept;

  /// A writable span of exactly `n` bytes at the end of the buffer to receive into; valid
  /// until the next non-const call. Empty if the decoder has failed. @throws std::bad_alloc.
  std::span<std::byte> prepare(std::size_t n);
  /// Marks the first `n` bytes of the last `prepare` span as received and parses them.
  /// @throws sockrpc::error with the decoder's error (now or earlier).
  void commit(std::size_t n);
  /// Same, reporting errors through `ec`.
  void commit(std::size_t n, std::error_code& ec) noexcept;

  /// Bytes held: complete messages not yet taken (with their framing) plus a partial one.
  std::size_t buffered() const noexcept { return buf_.size() - pending_; }
  /// The bytes held, oldest first (e.g. what followed the last message when a protocol
  /// switches framing). Valid until the next non-const call.
  std::span<const std::byte> buffered_bytes() const noexcept {
    return buf_.readable().subspan(pending_);
  }
  /// Bytes of memory allocated by the buffer.
  std::size_t capacity() const noexcept { return buf_.capacity(); }
  /// True after an error; `error()` tells which.
  bool failed() const noexcept { return static_cast<bool>(error_); }
  /// The error that failed the decoder, or an empty code.
  std::error_code error() const noexcept { return error_; }
  /// Drops all data and the error, frees the buffer.
  void reset() noexcept;

 protected:
  explicit decoder_base(std::size_t max) noexcept : max_(max) {}
  ~decoder_base() = default;
  decoder_base(const decoder_base&) = default;
  decoder_base(decoder_base&&) noexcept = default;
  decoder_base& operator=(const decoder_base&) = default;
  decoder_base& operator=(decoder_base&&) noexcept = default;

  /// Drops the message last returned by the derived decoder's `next_*`.
  void settle() noexcept;
  /// The default: no parse state beyond the members below.
  void clear_parse_state() noexcept {}

  byte_buffer buf_;
  std::size_t max_;           // largest message accepted
  std::size_t pending_ = 0;   // bytes of the message last returned, dropped on the next call
  std::size_t complete_ = 0;  // bytes of complete messages after pending_
  std::error_code error_;
};

}  // namespace detail

/// Incremental decoder of length-prefixed frames (sans-I/O).
///
/// Give it bytes in arbitrary chunks, with `feed` (copies) or by receiving straight into
/// `prepare(n)` and calling `commit(received)`; take complete frames with `next_frame()`.
/// Each length prefix is checked against `max_frame_size()` as soon as its 4 bytes are in,
/// before any memory is reserved for the payload: a larger announcement fails the decoder
/// with `errc::frame_too_large`. Once failed it stays failed (`feed`/`commit` report the
/// error again, `prepare` returns an empty span) until `reset()`; frames completed before
/// the bad prefix can still be taken. The buffer interface (`feed`, `prepare`, `commit`,
/// `buffered`, `buffered_bytes`, `capacity`, `failed`, `error`, `reset`) is documented on
/// `detail::decoder_base`; its errors here are errc::frame_too_large.
///
/// Thread safety: distinct objects safe; a shared object needs external locking.
///
/// ```cpp
/// length_prefix_decoder dec(1 << 20);
/// for (;;) {
///   auto buf = dec.prepare(std::max<std::size_t>(dec.wanted(), 4096));
///   auto n = sock.recv_into(buf);            // 0 = EOF
///   if (n == 0) break;
///   dec.commit(n);                           // throws errc::frame_too_large
///   while (auto frame = dec.next_frame()) handle(*frame);
/// }
/// ```
class length_prefix_decoder : public detail::decoder_base<length_prefix_decoder> {
 public:
  /// A decoder accepting payloads of at most `max_frame_size` bytes.
  explicit length_prefix_decoder(std::size_t max_frame_size = default_max_frame) noexcept
      : decoder_base(max_frame_size) {}

  /// The payload of the next complete frame, or nullopt if none is complete. The view
  /// points into the decoder and stays valid until the next non-const call.
  std::optional<std::span<const std::byte>> next_frame() noexcept;
  /// The payload of the next complete frame as a string (one copy). @throws std::bad_alloc.
  std::optional<std::string> next_frame_string();

  /// Bytes still missing to complete the frame being received (header, then payload);
  /// 0 if a complete frame is waiting or the decoder failed. A good `prepare` size hint.
  std::size_t wanted() const noexcept;
  /// The largest payload accepted.
  std::size_t max_frame_size() const noexcept { return max_; }

 private:
  friend class detail::decoder_base<length_prefix_decoder>;
  void parse() noexcept;
};

/// Incremental decoder of delimiter-terminated messages (sans-I/O), e.g. lines ending in
/// "\n" or "\r\n".
///
/// Same buffer interface as `length_prefix_decoder` (`detail::decoder_base`), its errors
/// here being errc::message_too_long. A message longer than `max_length` bytes (delimiter
/// excluded) fails the decoder with `errc::message_too_long` as soon as that is certain,
/// without waiting for the delimiter; the decoder then stays failed until `reset()`.
/// Messages completed before can still be taken.
///
/// Thread safety: distinct objects safe; a shared object needs external locking.
class delimiter_decoder : public detail::decoder_base<delimiter_decoder> {
 public:
  /// A decoder for messages ending in `delimiter` (not empty; an empty one is taken as
  /// "\n") of at most `max_length` bytes each.
  explicit delimiter_decoder(std::string delimiter = "\n",
                             std::size_t max_length = default_max_message);

  /// The next complete message without its delimiter, or nullopt. The view points into the
  /// decoder and stays valid until the next non-const call.
  std::optional<std::string_view> next_message() noexcept;
  /// The next complete message as a string (one copy). @throws std::bad_alloc.
  std::optional<std::string> next_message_string();

  /// The delimiter.
  const std::string& delimiter() const noexcept { return delim_; }
  /// The largest message length accepted, delimiter excluded.
  std::size_t max_length() const noexcept { return max_; }

 private:
  friend class detail::decoder_base<delimiter_decoder>;
  void parse() noexcept;
  void clear_parse_state() noexcept;

  std::string delim_;
  std::size_t searched_ = 0;         // offset in the partial message already searched
  std::deque<std::size_t> lengths_;  // lengths of the complete messages, oldest first
};

// ---- Blocking helpers over a connected stream socket -------------------------------------

/// Sends `payload` (bytes or text) as one frame (length prefix + payload) with a single gathered
/// write loop (no copy of the payload). Blocks until everything is sent, the socket's timeout (one
/// deadline for the whole frame) expires or an error occurs; on failure a prefix of the
/// frame may have been sent, so the connection is out of sync and should be closed.
/// On a non-blocking socket (timeout zero) a full send buffer gives errc::would_block, possibly
/// after part of the frame went out.
/// @throws sockrpc::error errc::frame_too_large (nothing sent), errc::timeout,
/// errc::would_block, errc::socket_closed, or the OS error (EPIPE, ECONNRESET ...).
/// Thread safety: distinct sockets safe; concurrent sends on one socket interleave.
void send_frame(socket& s, byte_view payload);
/// Same, reporting errors through `ec`.
void send_frame(socket& s, byte_view payload, std::error_code& ec) noexcept;
/// Same as the first, bounded by the explicit `until` instead of the socket's timeout.
void send_frame(socket& s, byte_view payload, deadline until);
/// Same, reporting errors through `ec`.
void send_frame(socket& s, byte_view payload, deadline until, std::error_code& ec) noexcept;

/// Receives one frame and returns its payload (bytes in a std::string). Reads exactly the
/// frame, never beyond it. One deadline covers header and payload: now + the socket's
/// timeout (none: blocks). The length prefix is checked against `max_size` before the
/// payload is allocated.
/// Meant for blocking sockets and sockets with a timeout; on a non-blocking socket (timeout
/// zero) the deadline is "now", so use a `length_prefix_decoder` driven by a `selector`.
/// @returns nullopt if the peer closed the connection cleanly before the first header byte.
/// @throws sockrpc::error errc::unexpected_eof (closed mid-frame), errc::frame_too_large
/// (nothing more read; close the connection), errc::timeout (partial frame consumed: close),
/// errc::socket_closed, or the OS error.
std::optional<std::string> recv_frame(socket& s, std::size_t max_size = default_max_frame);
/// Same, reporting errors through `ec` (nullopt on error).
std::optional<std::string> recv_frame(socket& s, std::size_t max_size,
                                      std::error_code& ec) noexcept;
/// Same as the first, bounded by the explicit `until`.
std::optional<std::string> recv_frame(socket& s, std::size_t max_size, deadline until);
/// Same, reporting errors through `ec`.
std::optional<std::string> recv_frame(socket& s, std::size_t max_size, deadline until,
                                      std::error_code& ec) noexcept;

/// What `frame_reader` and `delimited_reader` share: a borrowed socket, a sans-I/O
/// `Decoder` fed from it, and the four forms of `read`.
///
/// Borrows the socket: it must outlive the reader. Bytes buffered by the reader are not
/// visible to direct reads on the socket (use `buffered_bytes()` when switching protocol).
/// Thread safety: not thread-safe.
template <class Decoder>
class basic_reader {
 public:
  /// Returns the next message (frame payload or line). Blocks until one is complete, the
  /// deadline (now + the socket's timeout; none: blocks) passes, or an error occurs.
  /// @returns nullopt on a clean EOF (nothing buffered).
  /// @throws sockrpc::error errc::unexpected_eof (EOF inside a message), the decoder's
  /// error (the reader stays failed: close the connection), errc::timeout (received bytes
  /// are kept; calling again continues), or the OS error.
  std::optional<std::string> read();
  /// Same, reporting errors through `ec` (nullopt on error).
  std::optional<std::string> read(std::error_code& ec) noexcept;
  /// Same as `read()`, bounded by the explicit `until`.
  std::optional<std::string> read(deadline until);
  /// Same, reporting errors through `ec`.
  std::optional<std::string> read(deadline until, std::error_code& ec) noexcept;

  /// Bytes received but not yet returned, oldest first. Valid until the next call.
  std::span<const std::byte> buffered_bytes() const noexcept { return dec_.buffered_bytes(); }
  /// The underlying decoder.
  const Decoder& decoder() const noexcept { return dec_; }

 protected:
  /// Reads from `s` through a decoder made of `args`.
  template <class... Args>
  explicit basic_reader(socket& s, Args&&... args) : sock_(&s), dec_(std::forward<Args>(args)...) {}

 private:
  std::optional<std::string> read_impl(std::optional<deadline> until, std::error_code& ec) noexcept;

  socket* sock_;
  Decoder dec_;
};

/// Reads length-prefixed frames from a connected stream socket through a buffer, so that
/// many small frames cost one `recv` instead of two each (`recv_frame` reads exactly one
/// frame and never more). Bytes past the frame returned are kept for the next call.
/// Ownership and thread safety: see `basic_reader`.
///
/// ```cpp
/// frame_reader frames(sock, 1 << 20);
/// while (auto f = frames.read()) handle(*f);   // nullopt: clean EOF between frames
/// ```
class frame_reader : public basic_reader<length_prefix_decoder> {
 public:
  /// A reader of frames of at most `max_frame_size` bytes (longer ones:
  /// errc::frame_too_large from `read`).
  explicit frame_reader(socket& s, std::size_t max_frame_size = default_max_frame)
      : basic_reader(s, max_frame_size) {}
};

/// Reads delimiter-terminated messages (lines) from a connected stream socket, keeping
/// whatever follows a delimiter for the next call, so no data is lost between calls.
/// Ownership and thread safety: see `basic_reader`.
///
/// ```cpp
/// delimited_reader lines(sock, "\r\n", 8192);
/// while (auto line = lines.read()) std::cout << *line << '\n';   // nullopt: clean EOF
/// ```
class delimited_reader : public basic_reader<delimiter_decoder> {
 public:
  /// A reader of messages ending in `delimiter`, at most `max_length` bytes each (longer
  /// ones: errc::message_too_long from `read`; EOF after a partial message, which stays in
  /// `buffered_bytes()`: errc::unexpected_eof).
  explicit delimited_reader(socket& s, std::string delimiter = "\n",
                            std::size_t max_length = default_max_message)
      : basic_reader(s, std::move(delimiter), max_length) {}
};

extern template class basic_reader<length_prefix_decoder>;
extern template class basic_reader<delimiter_decoder>;

/// The common case: lines ending in "\n" (use `delimited_reader(s, "\r\n")` for CRLF).
using line_reader = delimited_reader;

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

/// A sans-I/O HTTP/1.1 codec: bytes in, messages out (parsers); messages in, bytes out
/// (writers). Nothing here touches a socket, a thread or a clock, so one implementation
/// serves the synchronous client, the asio server and the fuzzer alike.
///
/// Why our own parser: Debian 12 packages only `libhttp-parser-dev` (nodejs/http-parser
/// 2.9.4, archived and unmaintained since 2022); llhttp ships only as Node.js sources
/// (`node-llhttp`) and picohttpparser not at all. The subset XML-RPC needs (POST with a
/// body, keep-alive, pipelining, chunked request bodies, 100-continue, gzip) is small,
/// and owning it lets us be strict about request smuggling and fuzz it in-tree.
///
/// What is accepted and refused, with the status of every refusal, is listed in
/// `docs/http.md`.
namespace sockrpc::rpc::http {

/// The HTTP version of a message. Only HTTP/1.0 and HTTP/1.1 are spoken.
enum class http_version : std::uint8_t { http_1_0 = 10, http_1_1 = 11 };

/// An ordered list of header fields; names compare case-insensitively, a name may repeat.
///
/// All names and values live in one buffer with offsets, so a message's headers cost two
/// allocations however many there are (none when a cleared object is reused). Views
/// returned by the accessors stay valid until the object is modified or destroyed.
/// Value type: copies, moves, compares. Thread safety: distinct objects safe.
class header_fields {
 public:
  /// One field as views into the object.
  struct field {
    std::string_view name;
    std::string_view value;
  };

  /// Appends a field after checking that `name` is a token and `value` holds no CR, LF
  /// or NUL (so a writer cannot be made to split a message). Leading and trailing
  /// whitespace of `value` is kept as given.
  /// @throws sockrpc::error  errc::invalid_argument if the check fails (or the fields
  ///   would exceed 4 GiB in total).
  void add(std::string_view name, std::string_view value);
  /// Same as above, reporting errors through `ec` (nothing is added on error).
  void add(std::string_view name, std::string_view value, std::error_code& ec) noexcept;
  /// Appends without checking; for input that was validated already (the parsers).
  void add_unchecked(std::string_view name, std::string_view value);

  /// The value of the first field named `name` (case-insensitive), if any.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;
  /// How many fields are named `name` (case-insensitive).
  [[nodiscard]] std::size_t count(std::string_view name) const noexcept;
  /// True if any field named `name` holds `token` as an element of its comma-separated
  /// list (case-insensitive, optional whitespace ignored), e.g. `Connection: close`.
  [[nodiscard]] bool has_token(std::string_view name, std::string_view token) const noexcept;

  /// Number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }
  [[nodiscard]] bool empty() const noexcept { return slots_.empty(); }
  /// The field at position `i` (< size()), in the order received or added.
  [[nodiscard]] field operator[](std::size_t i) const noexcept;
  /// Removes every field, keeping the capacity for reuse.
  void clear() noexcept;

  friend bool operator==(const header_fields& a, const header_fields& b) noexcept;

 private:
  struct slot {
    std::uint32_t name_offset;
    std::uint32_t name_size;
    std::uint32_t value_offset;
    std::uint32_t value_size;
  };
  std::string data_;
  std::vector<slot> slots_;
};

/// A complete request as parsed by `request_parser`.
/// `headers` are as received; `body` is the content with the chunked framing removed and,
/// when it carried `Content-Encoding: gzip` (and `parser_limits::decode_gzip`), inflated.
struct request {
  std::string method;  ///< e.g. "POST" (case-sensitive token)
  std::string target;  ///< request-target as received, e.g. "/RPC2"
  http_version version = http_version::http_1_1;
  header_fields headers;
  std::string body;
  /// Whether the connection may carry another request after the answer to this one:
  /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
  bool keep_alive = true;
  /// The client sent `Expect: 100-continue` (HTTP/1.1 only).
  bool expect_continue = false;
  /// The body arrived gzip-compressed and was inflated.
  bool body_was_gzip = false;
  /// The client accepts a gzip-compressed response (see `accepts_gzip`).
  [[nodiscard]] bool accepts_gzip() const noexcept;
  /// Empties every member, keeping capacity.
  void clear() noexcept;
};

/// A complete response as parsed by `response_parser`; interim 1xx responses are skipped.
struct response {
  http_version version = http_version::http_1_1;
  int status = 0;      ///< 200..599
  std::string reason;  ///< reason phrase as received (may be empty)
  header_fields headers;
  std::string body;  ///< de-chunked and, for `Content-Encoding: gzip`, inflated
  /// Whether the connection may be reused: false for `Connection: close`, for HTTP/1.0
  /// without `Connection: keep-alive` and for a body delimited by the end of the stream.
  bool keep_alive = true;
  bool body_was_gzip = false;
  void clear() noexcept;
};

/// Limits and switches of a parser. The defaults match the interop contract.
struct parser_limits {
  /// Request or status line including its CRLF (and blank lines before a request line).
  /// Over it: 414 (request) / errc::limit_exceeded (response). Also bounds each chunk-size
  /// line (400 when over).
  std::size_t max_start_line = 8 * 1024;
  /// Header section (every field line and the final empty line, CRLFs included), and
  /// separately the trailer section of a chunked body. Over it: 431.
  std::size_t max_header_section = 64 * 1024;
  /// Body bytes as transmitted (Content-Length, or the sum of chunk sizes). Over it: 413,
  /// decided from Content-Length before any body byte is read.
  std::size_t max_body = 32 * 1024 * 1024;
  /// Inflated size of a gzip body (guards against zip bombs). Over it: 413.
  std::size_t max_decoded_body = 32 * 1024 * 1024;
  /// Inflate `Content-Encoding: gzip` bodies. When false, bodies are left as received
  /// and any Content-Encoding is accepted.
  bool decode_gzip = true;
  /// Refuse (400) HTTP/1.1 requests without a Host field, as RFC 9112 asks. Off by
  /// default because hand-written XML-RPC clients often omit it.
  bool require_host = false;
};

/// What a parser's `next()` produced.
enum class parse_event : std::uint8_t {
  /// No complete message yet: feed more bytes (or `feed_eof()` at end of stream).
  need_more,
  /// A complete message was stored in the out-parameter. Call `next()` again: more
  /// (pipelined) messages may already be buffered.
  message,
  /// (requests only) The headers of a request with `Expect: 100-continue` are complete
  /// and its body may be sent: write `write_continue()` (or a final status and close),
  /// then call `next()` again. `pending()` shows the request line and headers. Not
  /// reported when body bytes have already arrived.
  expect_continue,
  /// The stream ended cleanly between messages (after `feed_eof()`).
  end_of_stream,
  /// The input is refused; see `error()`, and `error_status()` for the status to answer
  /// with. The connection must be closed after that answer; the parser stays failed.
  error,
};

namespace detail {
class parser_core;
enum class parser_mode : std::uint8_t;

/// What `request_parser` and `response_parser` share: the input side, the end of the
/// stream and the error state. Used only through those two (protected constructors).
class parser_base {
 public:
  /// Appends `bytes` (copied) to the input. Never fails except by std::bad_alloc.
  void feed(std::string_view bytes);
  /// Zero-copy input: a writable span of `n` bytes at the end of the input buffer, valid
  /// until the next call on the parser; then `commit(k)` with the k <= n bytes written.
  /// Between messages with nothing buffered, an input buffer much larger than `n` is freed
  /// first, so a parser waiting for its next message holds about `n` bytes.
  [[nodiscard]] std::span<char> prepare(std::size_t n);
  void commit(std::size_t k) noexcept;
  /// Marks the end of the input stream (the peer closed its side). For responses this
  /// completes one whose body is delimited by the connection close.
  void feed_eof() noexcept;

  /// After `error`: the error code (each parser's class documentation lists them). Empty
  /// otherwise.
  [[nodiscard]] std::error_code error() const noexcept;
  /// After `error`: a short static English description for logs ("" otherwise).
  [[nodiscard]] std::string_view error_detail() const noexcept;
  /// True when no part of a message is buffered (a clean point to close).
  [[nodiscard]] bool idle() const noexcept;
  /// Bytes buffered but not yet consumed.
  [[nodiscard]] std::size_t buffered() const noexcept;

 protected:
  parser_base(parser_mode mode, const parser_limits& limits);
  ~parser_base();
  parser_base(parser_base&&) noexcept;
  parser_base& operator=(parser_base&&) noexcept;

  std::unique_ptr<parser_core> core_;
};

}  // namespace detail

/// Incremental server-side parser: feed any chunking of bytes, take complete requests.
///
/// Pipelining: bytes after a request stay buffered for the next `next()`. Linear time in
/// the input, no recursion; how the input is chunked never changes the requests or the
/// error produced. The parser does not stop after a request with `keep_alive == false`:
/// closing is the caller's decision. Errors (`error()`): errc::protocol_error (malformed;
/// 400/411/415/417/501/505), errc::limit_exceeded (413/414/431) or errc::unexpected_eof
/// (stream ended inside a request). Owns its buffer; move-only (a moved-from parser may
/// only be destroyed or assigned to). Thread safety: distinct objects safe; one object is
/// used by one connection at a time.
///
/// ```cpp
/// http::request_parser parser;
/// http::request req;
/// parser.feed(bytes_from_socket);
/// for (;;) {
///   auto ev = parser.next(req);
///   if (ev == http::parse_event::message) { handle(req); continue; }
///   if (ev == http::parse_event::expect_continue) { http::write_continue(out); continue; }
///   if (ev == http::parse_event::error)
///     http::write_error_response(out, parser.error_status(), false);  // then close
///   break;
/// }
/// ```
class request_parser : public detail::parser_base {
 public:
  explicit request_parser(const parser_limits& limits = {});

  /// Parses as far as the buffered input allows. On `message`, `out` is replaced by the
  /// request (its old buffers are recycled: reusing one `request` avoids allocations).
  [[nodiscard]] parse_event next(request& out);

  /// The request whose headers are complete but whose body is still being read (after
  /// `expect_continue`). Its body is incomplete.
  [[nodiscard]] const request& pending() const noexcept;
  /// After `error`: the HTTP status to answer with before closing; 0 otherwise.
  [[nodiscard]] int error_status() const noexcept;
};

/// Incremental client-side parser for responses; same model as `request_parser`.
/// 1xx interim responses are skipped (101 is an error: we never ask to upgrade).
/// Errors: errc::protocol_error (malformed), errc::limit_exceeded, errc::unexpected_eof.
/// Move-only; distinct objects safe.
class response_parser : public detail::parser_base {
 public:
  explicit response_parser(const parser_limits& limits = {});

  /// The next response answers a HEAD request (headers only, whatever Content-Length
  /// says). Applies to one response.
  void expect_head_response() noexcept;

  [[nodiscard]] parse_event next(response& out);
};

// ---- writers ----------------------------------------------------------------------------
// They append to `out` and never fail except by std::bad_alloc. Thread safety: thread-safe
// (no shared state); `out` and `headers` are borrowed for the call.

/// Options of `write_request`.
struct request_options {
  /// When false, sends `Connection: close`.
  bool keep_alive = true;
  /// Send `Accept-Encoding: gzip` (the response parser inflates such bodies).
  bool accept_gzip = false;
  /// Compress the body with gzip and send `Content-Encoding: gzip`.
  bool gzip_body = false;
  /// `Content-Type`, unless `headers` has one; empty: none.
  std::string_view content_type = "text/xml";
  /// `User-Agent`, unless `headers` has one; empty: none.
  std::string_view user_agent = "sockrpc";
};

/// Appends an HTTP/1.1 request: request line, `Host`, the caller's `headers` (except
/// Host, Content-Length, Transfer-Encoding and Connection, which the writer owns), then
/// Content-Type, User-Agent, Accept-Encoding, Content-Encoding, Connection as the options
/// say, `Content-Length` (always for POST/PUT/PATCH or a non-empty body) and the body.
/// `method` and `target` must be a token and a request-target, `host` as it should
/// appear in the field (IPv6 in brackets, `:port` unless default); none is checked.
void write_request(std::string& out, std::string_view method, std::string_view target,
                   std::string_view host, const header_fields& headers, std::string_view body,
                   const request_options& options = {});

/// Appends an HTTP/1.1 response: status line (`reason` empty: the standard phrase), the
/// caller's `headers` (except Content-Length, Transfer-Encoding, Connection), then
/// `Content-Length` and `Connection: keep-alive` or `Connection: close`, and the body.
/// For 1xx, 204 and 304 neither Content-Length nor the body is written.
/// Compressing is the caller's choice: see `accepts_gzip` and `gzip_compress`.
void write_response(std::string& out, int status, std::string_view reason,
                    const header_fields& headers, std::string_view body, bool keep_alive);

/// Appends a small `text/plain` response for an error status (body: "<status> <reason>\n");
/// for 405 adds `Allow: <allow>`.
void write_error_response(std::string& out, int status, bool keep_alive,
                          std::string_view allow = "POST");

/// Appends "HTTP/1.1 100 Continue\r\n\r\n".
void write_continue(std::string& out);

/// The standard reason phrase of `status` ("OK", "Not Found", ...); "Unknown" otherwise.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;

/// True if an `Accept-Encoding` value accepts gzip: `gzip`/`x-gzip` with q > 0, or `*`
/// with q > 0 when gzip is not listed. Elements are comma-separated with optional
/// `;q=` weights; malformed elements are ignored.
[[nodiscard]] bool accepts_gzip(std::string_view accept_encoding) noexcept;
/// Same over every `Accept-Encoding` field of `headers` (combined as one list).
[[nodiscard]] bool accepts_gzip(const header_fields& headers) noexcept;

// ---- gzip (zlib) -----------------------------------------------------------------------

/// Compresses `data` into a gzip member (RFC 1952). `level`: 1 (fast) .. 9 (small).
/// @throws std::bad_alloc only.
[[nodiscard]] std::string gzip_compress(std::string_view data, int level = 6);

/// Inflates gzip data (one or more concatenated members) into `out` (replaced).
/// @throws sockrpc::error  errc::protocol_error for corrupt or truncated data,
///   errc::limit_exceeded when the output would exceed `max_size`.
void gzip_decompress(std::string_view data, std::string& out, std::size_t max_size);
/// Same as above, reporting errors through `ec` (then `out` is unspecified);
/// std::errc::not_enough_memory if allocation fails.
void gzip_decompress(std::string_view data, std::string& out, std::size_t max_size,
                     std::error_code& ec) noexcept;

}  // namespace sockrpc::rpc::http

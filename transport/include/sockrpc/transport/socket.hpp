// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/error.hpp>

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace sockrpc::transport {

/// Socket timeouts (Python `settimeout` values).
using duration = std::chrono::nanoseconds;
/// A whole-operation deadline. `deadline::max()` means "no deadline".
using deadline = std::chrono::steady_clock::time_point;

/// What `socket::shutdown` closes.
enum class shutdown_how : int {
  read = SHUT_RD,    ///< no more receives
  write = SHUT_WR,   ///< no more sends: the peer sees EOF
  both = SHUT_RDWR,  ///< both directions
};

/// Bytes to send, borrowed for the call: a view of contiguous bytes that converts
/// implicitly from anything viewable as `std::span<const std::byte>` (byte spans, vectors,
/// arrays) or as `std::string_view` (strings, string views, string literals), so each
/// sending call needs one overload for both.
class byte_view {
 public:
  /// An empty view.
  constexpr byte_view() noexcept = default;
  /// Views the bytes of `bytes` (a span, vector or array of std::byte).
  template <class Bytes>
  requires std::is_convertible_v<const Bytes&, std::span<const std::byte>>
  constexpr byte_view(const Bytes& bytes) noexcept  // NOLINT(google-explicit-constructor)
      : bytes_(std::span<const std::byte>(bytes)) {}
  /// Views the characters of `text` (a string, string view or literal) as bytes.
  template <class Text>
  requires(std::is_convertible_v<const Text&, std::string_view> &&
           !std::is_convertible_v<const Text&, std::span<const std::byte>>)
      byte_view(const Text& text)
  noexcept  // NOLINT(google-explicit-constructor)
      : bytes_(std::as_bytes(std::span<const char>(std::string_view(text)))) {}

  /// The first byte (may be null when empty).
  constexpr const std::byte* data() const noexcept { return bytes_.data(); }
  /// The number of bytes.
  constexpr std::size_t size() const noexcept { return bytes_.size(); }
  /// True when there are no bytes.
  constexpr bool empty() const noexcept { return bytes_.empty(); }
  /// The bytes as a span.
  constexpr std::span<const std::byte> bytes() const noexcept { return bytes_; }
  /// The same bytes as a span (for functions taking spans).
  constexpr operator std::span<const std::byte>() const noexcept {  // NOLINT
    return bytes_;
  }

 private:
  std::span<const std::byte> bytes_;
};

/// What `socket::probe_idle` (and `probe_idle(int)`) found on an idle connection.
enum class idle_status {
  idle,             ///< open, nothing to read: safe to reuse
  peer_closed,      ///< the peer closed its side (EOF is waiting): close and reconnect
  unexpected_data,  ///< bytes nobody asked for are waiting: the stream is out of step
  failed,           ///< the probe failed (see the error code, e.g. ECONNRESET)
};

namespace detail {
struct io_policy;
}  // namespace detail

/// A move-only RAII BSD socket with Python semantics (TCP, UDP or Unix-domain; IPv4/IPv6).
///
/// Ownership: owns one file descriptor, always created with SOCK_CLOEXEC, closed by the
/// destructor (errors ignored; use `close(ec)` to see them). A moved-from socket is closed
/// (`is_open()` false, `fileno()` -1). `detach()` gives the descriptor away;
/// `native_handle()` only lends it.
///
/// Timeouts follow Python: `std::nullopt` (the default) = blocking; zero = non-blocking
/// (an operation that would block fails at once with `errc::would_block`); a positive
/// duration D = each *whole operation* (recv, send, sendall, recv_exactly, connect, accept,
/// recvfrom, sendto) must finish within D of its start, else it fails with `errc::timeout`
/// (== `std::errc::timed_out`). The explicit-`deadline` overloads share one deadline
/// across several calls and wait up to it whatever the socket's timeout is. Waiting uses
/// `poll()`, except that a deadline-bounded `recv_into` on a blocking socket sleeps in
/// recv() itself, bounded by SO_RCVTIMEO (one system call instead of recv, poll, recv; the
/// option is cleared again before any unbounded blocking receive and by `detach()`, and
/// left alone once set through `setsockopt_raw`); EINTR is retried; sends use MSG_NOSIGNAL so a
/// closed peer gives EPIPE, never SIGPIPE. Operations on a closed socket fail with
/// `errc::socket_closed`.
///
/// Thread safety: distinct objects safe. One thread may send while another receives on
/// the same open socket (as with the OS); anything else on a shared object (close, move,
/// settimeout while others use it) needs external locking.
///
/// ```cpp
/// socket listener(family::ipv4, sock_type::stream);
/// listener.bind(address::loopback(family::ipv4, 0));
/// listener.listen();
/// socket client(family::ipv4, sock_type::stream);
/// client.settimeout(std::chrono::seconds(5));
/// client.connect(listener.getsockname());
/// auto [conn, peer] = listener.accept();
/// client.sendall("ping");
/// ```
class socket {
 public:
  /// A closed socket (no descriptor).
  socket() noexcept = default;
  /// Creates a socket (SOCK_CLOEXEC), blocking, without timeout.
  /// @throws sockrpc::error with the OS error (EAFNOSUPPORT, EMFILE ...).
  socket(family f, sock_type t, int protocol = 0);
  /// Same, reporting errors through `ec` (the socket stays closed on error).
  socket(family f, sock_type t, int protocol, std::error_code& ec) noexcept;
  /// Takes ownership of `fd` (an open socket descriptor; -1 gives a closed socket). The
  /// family and type are read back from the descriptor; the timeout is `nullopt` if the
  /// descriptor is blocking, zero if it is O_NONBLOCK.
  static socket adopt(int fd) noexcept;
  /// Closes the descriptor if open. Never throws.
  ~socket();
  /// Moves the descriptor and settings; `other` becomes closed.
  socket(socket&& other) noexcept;
  /// Closes this socket's descriptor, then takes `other`'s; `other` becomes closed.
  socket& operator=(socket&& other) noexcept;
  /// Not copyable: a socket owns its descriptor.
  socket(const socket&) = delete;
  /// Not copyable: a socket owns its descriptor.
  socket& operator=(const socket&) = delete;

  /// True while the socket owns a descriptor.
  bool is_open() const noexcept { return fd_ >= 0; }
  /// The descriptor, or -1 when closed (Python name). Lent, not given away.
  int fileno() const noexcept { return fd_; }
  /// Same as `fileno()`: lends the descriptor (for poll, selectors ...).
  int native_handle() const noexcept { return fd_; }
  /// Gives the descriptor away (the caller must close it); the socket becomes closed.
  /// Returns -1 if it was closed.
  int detach() noexcept;
  /// The family given at creation (or read from an adopted descriptor).
  family get_family() const noexcept { return family_; }
  /// The type given at creation (or read from an adopted descriptor).
  sock_type get_type() const noexcept { return type_; }

  /// Binds to a local address (port 0 = any free port; read it back with getsockname()).
  /// @throws sockrpc::error with the OS error (EADDRINUSE, EACCES ...).
  void bind(const address& local);
  /// Same, reporting errors through `ec`.
  void bind(const address& local, std::error_code& ec) noexcept;

  /// Marks a stream socket as listening with the given accept-queue length.
  /// @throws sockrpc::error with the OS error.
  void listen(int backlog = SOMAXCONN);
  /// Same, reporting errors through `ec`.
  void listen(int backlog, std::error_code& ec) noexcept;

  /// Accepts one connection; returns the connected socket (SOCK_CLOEXEC, blocking, no
  /// timeout, like Python without a default timeout) and the peer address. Honours this
  /// socket's timeout: waits up to it (errc::timeout), or not at all if zero
  /// (errc::would_block).
  /// @throws sockrpc::error errc::timeout, errc::would_block or the OS error.
  std::pair<socket, address> accept();
  /// Same, reporting errors through `ec` (returns a closed socket on error).
  std::pair<socket, address> accept(std::error_code& ec) noexcept;

  /// Connects to `remote`. With a timeout D the whole connect must finish within D
  /// (errc::timeout); with timeout zero it returns at once with EINPROGRESS
  /// (std::errc::operation_in_progress) while the connection proceeds: wait for
  /// writability and check `getsockopt<int>(SOL_SOCKET, SO_ERROR)`.
  /// After a failed or timed-out connect the socket should be closed.
  /// @throws sockrpc::error errc::timeout or the OS error (ECONNREFUSED ...).
  void connect(const address& remote);
  /// Same, reporting errors through `ec`.
  void connect(const address& remote, std::error_code& ec) noexcept;
  /// Connects, failing with errc::timeout at `until` (whatever the socket's timeout).
  void connect(const address& remote, deadline until);
  /// Same, reporting errors through `ec`.
  void connect(const address& remote, deadline until, std::error_code& ec) noexcept;
  /// Like connect, but returns the error (empty on success) instead of throwing.
  std::error_code connect_ex(const address& remote) noexcept;

  // ---- Data transfer. Each operation has four overloads: waiting per the socket's
  // timeout or up to an explicit `deadline` (whatever the timeout), each throwing
  // sockrpc::error or reporting through `ec`. Bytes to send are a `byte_view` (spans of
  // bytes, byte vectors and arrays, strings and string views all convert to it).

  /// One send() system call's worth: returns how many bytes the OS took (possibly fewer
  /// than `data.size()`). Waits for buffer space per the timeout. Uses MSG_NOSIGNAL.
  /// @throws sockrpc::error errc::timeout, errc::would_block, or the OS error (EPIPE,
  /// ECONNRESET ...).
  std::size_t send(byte_view data);
  /// Same, reporting errors through `ec` (returns 0 on error).
  std::size_t send(byte_view data, std::error_code& ec) noexcept;
  /// One send, waiting for buffer space until `until` (errc::timeout after it).
  std::size_t send(byte_view data, deadline until);
  /// Same, reporting errors through `ec`.
  std::size_t send(byte_view data, deadline until, std::error_code& ec) noexcept;

  /// Sends all of `data`, looping over partial writes. With a timeout D the whole call
  /// must finish within D; with timeout zero it fails with errc::would_block as soon as
  /// the buffer is full. On failure a prefix of `data` may have been sent.
  /// @throws sockrpc::error errc::timeout, errc::would_block or the OS error (EPIPE ...).
  void sendall(byte_view data);
  /// Same, reporting errors through `ec`.
  void sendall(byte_view data, std::error_code& ec) noexcept;
  /// Sends all of `data` before `until` (errc::timeout after it), whatever the timeout.
  void sendall(byte_view data, deadline until);
  /// Same, reporting errors through `ec`.
  void sendall(byte_view data, deadline until, std::error_code& ec) noexcept;

  /// One recv() system call: fills a prefix of `out` and returns its length; 0 means EOF
  /// (or an empty `out`). Waits per the timeout.
  /// @throws sockrpc::error errc::timeout, errc::would_block or the OS error
  /// (ECONNRESET ...).
  std::size_t recv_into(std::span<std::byte> out);
  /// Same, reporting errors through `ec` (returns 0 on error).
  std::size_t recv_into(std::span<std::byte> out, std::error_code& ec) noexcept;
  /// One recv, waiting for data until `until` (errc::timeout), whatever the timeout.
  std::size_t recv_into(std::span<std::byte> out, deadline until);
  /// Same, reporting errors through `ec`.
  std::size_t recv_into(std::span<std::byte> out, deadline until, std::error_code& ec) noexcept;

  /// Receives up to `max` bytes into a new vector; empty means EOF. See recv_into.
  std::vector<std::byte> recv(std::size_t max);
  /// Same, reporting errors through `ec` (returns an empty vector on error).
  std::vector<std::byte> recv(std::size_t max, std::error_code& ec) noexcept;
  /// Receives up to `max` bytes, waiting until `until` (errc::timeout).
  std::vector<std::byte> recv(std::size_t max, deadline until);
  /// Same, reporting errors through `ec`.
  std::vector<std::byte> recv(std::size_t max, deadline until, std::error_code& ec) noexcept;

  /// Fills all of `out`, looping over partial reads. With a timeout D the whole call must
  /// finish within D. Returns `out.size()` on success; on error returns how many bytes
  /// were received (they are in the prefix of `out`).
  /// @throws sockrpc::error errc::unexpected_eof if the peer closed early,
  /// errc::timeout, errc::would_block (timeout zero) or the OS error.
  std::size_t recv_exactly(std::span<std::byte> out);
  /// Same, reporting errors through `ec`.
  std::size_t recv_exactly(std::span<std::byte> out, std::error_code& ec) noexcept;
  /// Fills all of `out` before `until` (errc::timeout after it), whatever the timeout.
  std::size_t recv_exactly(std::span<std::byte> out, deadline until);
  /// Same, reporting errors through `ec`.
  std::size_t recv_exactly(std::span<std::byte> out, deadline until, std::error_code& ec) noexcept;

  /// Receives one datagram (truncated to `out.size()`) and its sender. Waits per timeout.
  /// @throws sockrpc::error errc::timeout, errc::would_block or the OS error.
  std::pair<std::size_t, address> recvfrom_into(std::span<std::byte> out);
  /// Same, reporting errors through `ec`.
  std::pair<std::size_t, address> recvfrom_into(std::span<std::byte> out,
                                                std::error_code& ec) noexcept;
  /// Receives one datagram, waiting until `until` (errc::timeout).
  std::pair<std::size_t, address> recvfrom_into(std::span<std::byte> out, deadline until);
  /// Same, reporting errors through `ec`.
  std::pair<std::size_t, address> recvfrom_into(std::span<std::byte> out, deadline until,
                                                std::error_code& ec) noexcept;

  /// Receives one datagram of at most `max` bytes into a new vector, and its sender.
  std::pair<std::vector<std::byte>, address> recvfrom(std::size_t max);
  /// Same, reporting errors through `ec`.
  std::pair<std::vector<std::byte>, address> recvfrom(std::size_t max,
                                                      std::error_code& ec) noexcept;
  /// Same, waiting until `until` (errc::timeout).
  std::pair<std::vector<std::byte>, address> recvfrom(std::size_t max, deadline until);
  /// Same, reporting errors through `ec`.
  std::pair<std::vector<std::byte>, address> recvfrom(std::size_t max, deadline until,
                                                      std::error_code& ec) noexcept;

  /// Sends one datagram to `to`; returns the bytes sent. Waits per the timeout.
  /// @throws sockrpc::error errc::timeout, errc::would_block or the OS error (EMSGSIZE ...).
  std::size_t sendto(byte_view data, const address& to);
  /// Same, reporting errors through `ec`.
  std::size_t sendto(byte_view data, const address& to, std::error_code& ec) noexcept;
  /// Sends one datagram, waiting for buffer space until `until` (errc::timeout).
  std::size_t sendto(byte_view data, const address& to, deadline until);
  /// Same, reporting errors through `ec`.
  std::size_t sendto(byte_view data, const address& to, deadline until,
                     std::error_code& ec) noexcept;

  /// Checks an idle connection before reusing it (a connection pool's liveness check):
  /// one non-blocking recv(MSG_PEEK) that consumes nothing, whatever the timeout.
  /// Returns `idle_status::idle` when the connection is open with nothing to read,
  /// `peer_closed` on EOF, `unexpected_data` when bytes nobody asked for are waiting.
  /// @throws sockrpc::error errc::socket_closed or the OS error (ECONNRESET ...).
  idle_status probe_idle() const;
  /// Same, reporting errors through `ec` (then returns `idle_status::failed`).
  idle_status probe_idle(std::error_code& ec) const noexcept;

  /// Shuts down one or both directions (the descriptor stays open).
  /// @throws sockrpc::error with the OS error (ENOTCONN ...).
  void shutdown(shutdown_how how);
  /// Same, reporting errors through `ec`.
  void shutdown(shutdown_how how, std::error_code& ec) noexcept;

  /// Closes the descriptor; closing a closed socket does nothing. The socket is closed
  /// afterwards even if the OS reports an error.
  /// @throws sockrpc::error with the OS error of close().
  void close();
  /// Same, reporting errors through `ec`.
  void close(std::error_code& ec) noexcept;

  /// Sets the timeout (see the class docs): nullopt = blocking, zero = non-blocking,
  /// positive = per-operation time limit. Keeps the descriptor O_NONBLOCK whenever a
  /// timeout is set. May be called on a closed socket (kept for later use).
  /// @throws sockrpc::error errc::invalid_argument for a negative duration, or the OS
  /// error of fcntl.
  void settimeout(std::optional<duration> timeout);
  /// Same, reporting errors through `ec`.
  void settimeout(std::optional<duration> timeout, std::error_code& ec) noexcept;
  /// The current timeout.
  std::optional<duration> gettimeout() const noexcept { return timeout_; }
  /// `setblocking(true)` == settimeout(nullopt); `setblocking(false)` == settimeout(0).
  void setblocking(bool blocking);
  /// Same, reporting errors through `ec`.
  void setblocking(bool blocking, std::error_code& ec) noexcept;
  /// True when the timeout is nullopt.
  bool getblocking() const noexcept { return !timeout_.has_value(); }

  /// The local address the socket is bound to.
  /// @throws sockrpc::error with the OS error (errc::socket_closed when closed).
  address getsockname() const;
  /// Same, reporting errors through `ec`.
  address getsockname(std::error_code& ec) const noexcept;
  /// The address of the connected peer.
  /// @throws sockrpc::error with the OS error (ENOTCONN ...).
  address getpeername() const;
  /// Same, reporting errors through `ec`.
  address getpeername(std::error_code& ec) const noexcept;

  // ---- Typed options. Each setter throws sockrpc::error on failure or reports
  // through `ec`; each getter throws or reports through `ec`.

  /// SO_REUSEADDR: allow binding a port that has connections in TIME_WAIT.
  void set_reuse_address(bool on);
  /// SO_REUSEADDR, reporting errors through `ec`.
  void set_reuse_address(bool on, std::error_code& ec) noexcept;
  /// Current SO_REUSEADDR.
  bool reuse_address() const;
  /// Current SO_REUSEADDR, reporting errors through `ec`.
  bool reuse_address(std::error_code& ec) const noexcept;

  /// SO_REUSEPORT: several sockets may bind the same address (the kernel balances).
  void set_reuse_port(bool on);
  /// SO_REUSEPORT, reporting errors through `ec`.
  void set_reuse_port(bool on, std::error_code& ec) noexcept;
  /// Current SO_REUSEPORT.
  bool reuse_port() const;
  /// Current SO_REUSEPORT, reporting errors through `ec`.
  bool reuse_port(std::error_code& ec) const noexcept;

  /// TCP_NODELAY: disable Nagle's algorithm (stream sockets).
  void set_no_delay(bool on);
  /// TCP_NODELAY, reporting errors through `ec`.
  void set_no_delay(bool on, std::error_code& ec) noexcept;
  /// Current TCP_NODELAY.
  bool no_delay() const;
  /// Current TCP_NODELAY, reporting errors through `ec`.
  bool no_delay(std::error_code& ec) const noexcept;

  /// SO_KEEPALIVE: send TCP keep-alive probes on an idle connection.
  void set_keep_alive(bool on);
  /// SO_KEEPALIVE, reporting errors through `ec`.
  void set_keep_alive(bool on, std::error_code& ec) noexcept;
  /// Current SO_KEEPALIVE.
  bool keep_alive() const;
  /// Current SO_KEEPALIVE, reporting errors through `ec`.
  bool keep_alive(std::error_code& ec) const noexcept;

  /// SO_RCVBUF in bytes. Linux doubles the value set (bookkeeping) and clamps it; the
  /// getter returns what the kernel uses.
  void set_recv_buffer_size(int bytes);
  /// SO_RCVBUF, reporting errors through `ec`.
  void set_recv_buffer_size(int bytes, std::error_code& ec) noexcept;
  /// Current SO_RCVBUF.
  int recv_buffer_size() const;
  /// Current SO_RCVBUF, reporting errors through `ec`.
  int recv_buffer_size(std::error_code& ec) const noexcept;

  /// SO_SNDBUF in bytes (doubled and clamped by Linux, like SO_RCVBUF).
  void set_send_buffer_size(int bytes);
  /// SO_SNDBUF, reporting errors through `ec`.
  void set_send_buffer_size(int bytes, std::error_code& ec) noexcept;
  /// Current SO_SNDBUF.
  int send_buffer_size() const;
  /// Current SO_SNDBUF, reporting errors through `ec`.
  int send_buffer_size(std::error_code& ec) const noexcept;

  /// SO_LINGER: nullopt = off (close returns at once, data is sent in the background);
  /// a duration = close blocks up to it for unsent data; zero = close resets the
  /// connection (RST, the peer sees ECONNRESET).
  void set_linger(std::optional<std::chrono::seconds> linger);
  /// SO_LINGER, reporting errors through `ec`.
  void set_linger(std::optional<std::chrono::seconds> linger, std::error_code& ec) noexcept;
  /// Current SO_LINGER.
  std::optional<std::chrono::seconds> linger() const;
  /// Current SO_LINGER, reporting errors through `ec`.
  std::optional<std::chrono::seconds> linger(std::error_code& ec) const noexcept;

  /// IPV6_V6ONLY: an IPv6 socket accepts IPv6 only (true) or also IPv4-mapped (false).
  /// Must be set before bind.
  void set_v6only(bool on);
  /// IPV6_V6ONLY, reporting errors through `ec`.
  void set_v6only(bool on, std::error_code& ec) noexcept;
  /// Current IPV6_V6ONLY.
  bool v6only() const;
  /// Current IPV6_V6ONLY, reporting errors through `ec`.
  bool v6only(std::error_code& ec) const noexcept;

  /// Generic setsockopt with a trivially copyable value (int, linger, timeval ...).
  /// @throws sockrpc::error with the OS error.
  template <class T>
  void setsockopt(int level, int name, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::error_code ec;
    setsockopt_raw(level, name, &value, sizeof value, ec);
    sockrpc::detail::throw_if(ec, "setsockopt");
  }
  /// Same, reporting errors through `ec`.
  template <class T>
  void setsockopt(int level, int name, const T& value, std::error_code& ec) noexcept {
    static_assert(std::is_trivially_copyable_v<T>);
    setsockopt_raw(level, name, &value, sizeof value, ec);
  }
  /// Generic getsockopt reading a trivially copyable value.
  /// @throws sockrpc::error with the OS error.
  template <class T>
  T getsockopt(int level, int name) const {
    std::error_code ec;
    T value = getsockopt<T>(level, name, ec);
    sockrpc::detail::throw_if(ec, "getsockopt");
    return value;
  }
  /// Same, reporting errors through `ec` (returns a value-initialised T on error).
  template <class T>
  T getsockopt(int level, int name, std::error_code& ec) const noexcept {
    static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>);
    T value{};
    getsockopt_raw(level, name, &value, sizeof value, ec);
    return value;
  }

  /// Raw setsockopt on `size` bytes at `value`.
  void setsockopt_raw(int level, int name, const void* value, socklen_t size,
                      std::error_code& ec) noexcept;
  /// Raw getsockopt into `size` bytes at `value`; returns the length the OS reported.
  socklen_t getsockopt_raw(int level, int name, void* value, socklen_t size,
                           std::error_code& ec) const noexcept;

 private:
  friend std::pair<socket, socket> socketpair(family, sock_type, int, std::error_code&) noexcept;
  socket(int fd, family f, sock_type t) noexcept : fd_(fd), family_(f), type_(t) {}

  // The cores of the data-transfer overloads: wait per `policy`.
  std::size_t recv_into(std::span<std::byte> out, const detail::io_policy& policy,
                        std::error_code& ec) noexcept;
  std::pair<std::size_t, address> recvfrom_into(std::span<std::byte> out,
                                                const detail::io_policy& policy,
                                                std::error_code& ec) noexcept;
  // The policy of the socket's timeout for an operation starting now; clears the
  // SO_RCVTIMEO left by recv_blocking first when the socket is blocking.
  detail::io_policy timeout_policy(bool receiving) noexcept;
  // Deadline-bounded recv() on a blocking descriptor (see the class docs).
  std::size_t recv_blocking(std::span<std::byte> out, deadline until, std::error_code& ec) noexcept;
  // Clears the SO_RCVTIMEO that recv_blocking left, before an unbounded blocking receive.
  void clear_rcvtimeo() noexcept;

  int fd_ = -1;
  family family_ = family::unspec;
  sock_type type_ = sock_type::stream;
  std::optional<duration> timeout_;
  // SO_RCVTIMEO as recv_blocking last set it: zero = none, negative = set by the user
  // through setsockopt_raw (then never touched, and deadlines wait with poll()).
  duration rcvtimeo_{};
};

/// A pair of connected sockets (socketpair(2)): what one sends the other receives. Both
/// are SOCK_CLOEXEC, blocking, without timeout. Only `family::local` is supported by Linux.
/// Handy for waking up selectors and for tests.
/// @throws sockrpc::error with the OS error (EAFNOSUPPORT for IP families, EMFILE ...).
std::pair<socket, socket> socketpair(family f = family::local, sock_type t = sock_type::stream,
                                     int protocol = 0);
/// Same, reporting errors through `ec` (returns two closed sockets on error).
std::pair<socket, socket> socketpair(family f, sock_type t, int protocol,
                                     std::error_code& ec) noexcept;

/// `socket::probe_idle` for a connected stream socket descriptor the caller has lent, e.g.
/// the `native_handle()` of a socket handed to another I/O library. Never blocks.
/// Reports errors (EBADF for -1, ECONNRESET ...) through `ec`, returning
/// `idle_status::failed`.
idle_status probe_idle(int fd, std::error_code& ec) noexcept;

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
#pragma once

// Private parts of rpc::server shared by the acceptor (server.cpp) and the connection
// types (server_http.cpp, server_framed.cpp). The only place asio meets the server.

#include <sockrpc/rpc/dispatch/registry.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/rpc/xml/codec.hpp>
#include <sockrpc/transport/socket_file.hpp>
#include <sockrpc/transport/wake_event.hpp>

#include <asio.hpp>

#include "detail/asio_socket.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace sockrpc::rpc::detail {

using clock = std::chrono::steady_clock;

/// The options of a server (see the setters in server.hpp).
struct server_options {
  std::size_t threads = 1;
  std::vector<std::string> http_paths{"/RPC2", "/"};
  std::size_t max_body = 32 * 1024 * 1024;
  std::size_t max_header = 64 * 1024;
  std::size_t max_request_line = 8 * 1024;
  clock::duration header_timeout = std::chrono::seconds(10);
  clock::duration idle_timeout = std::chrono::seconds(60);
  std::size_t max_connections = 10000;
  clock::duration shutdown_grace = std::chrono::seconds(5);
  std::size_t gzip_min_size = 1024;
  authenticator auth;          // empty: no authentication
  std::string auth_challenge;  // the WWW-Authenticate value of a 401
};

class server_impl;

/// One accepted connection. Kept alive by its pending asio handlers (shared_ptr); the
/// server only keeps a raw pointer in its registry, removed by the destructor.
class connection : public std::enable_shared_from_this<connection> {
 public:
  /// `peer`: the address accept() reported.
  connection(server_impl& srv, asio::ip::tcp::socket sock, transport::address peer);
  virtual ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Starts reading. Runs on the connection's strand.
  virtual void start() = 0;
  /// Graceful stop: close now if no call is in flight, else after its answer. Runs on the
  /// connection's strand.
  void begin_shutdown() noexcept;
  /// The strand every handler of this connection runs on.
  asio::any_io_executor executor() { return sock_.get_executor(); }

 protected:
  /// Parses `body` and dispatches the call; `deliver(response_xml_in_body_out)` follows
  /// on the strand (perhaps before this returns). Faults for bad XML are produced here.
  /// `user`: the authenticated principal (call_context::user), or null.
  void run_call(std::string_view body, const http::header_fields* headers,
                const std::string* user = nullptr);
  /// Called on the strand with the serialised methodResponse, never while `writing_`
  /// (an answer that completes during a write is kept aside until
  /// `deliver_deferred_answer`). `xml` may live in the I/O thread's scratch: copy what is
  /// needed before returning.
  virtual void on_call_done(std::string_view xml) = 0;
  /// After a write ends: hands on_call_done the answer of a call that completed during
  /// it, if any.
  void deliver_deferred_answer();
  /// Closes the socket and cancels the timer (handlers then see operation_aborted).
  void close() noexcept;
  /// Sets the deadline of the current I/O phase (timer is lazy: moving a deadline later
  /// costs nothing).
  void set_deadline(clock::time_point d);
  /// Starts the timer. Call once from start().
  void start_timer();

  server_impl& srv_;
  asio::ip::tcp::socket sock_;
  asio::steady_timer timer_;
  clock::time_point deadline_ = clock::time_point::max();
  transport::address peer_;
  bool in_call_ = false;  // from dispatch until the answer is written
  bool writing_ = false;
  bool closed_ = false;
  bool shutting_down_ = false;

 private:
  void on_timer(const std::error_code& ec);
  void complete_call();
  void fill_headers(const http::header_fields* headers);

  // Hand-off between `dispatch` returning and the completion running (perhaps on another
  // thread): whoever comes second continues.
  enum : int { idle = 0, dispatching = 1, returned = 2, completed = 3 };
  std::atomic<int> call_state_{idle};
  call_result result_;
  call_context ctx_;          // reused: its strings keep their capacity
  std::string deferred_xml_;  // the answer of a call that completed during a write
  bool answer_deferred_ = false;
};

/// Makes and starts a connection of the right kind. The socket may be TCP or Unix-domain
/// (asio's TCP socket type serves both: only reads and writes are used).
std::shared_ptr<connection> make_http_connection(server_impl& srv, asio::ip::tcp::socket sock,
                                                 transport::address peer);
std::shared_ptr<connection> make_framed_connection(server_impl& srv, asio::ip::tcp::socket sock,
                                                   transport::address peer);

/// Writes a 503 and closes (HTTP connection past the cap).
void refuse_http(asio::ip::tcp::socket sock);

/// Scratch state of one I/O thread, shared by the connections whose handlers it runs.
/// Parsing a call and serialising its answer run synchronously inside one handler, and
/// the value tree a parse returns does not refer to the document, so one parser per
/// thread serves every connection: an idle connection holds no tinyxml2 pools.
struct io_thread_state {
  explicit io_thread_state(const codec_limits& limits) : parser(limits) {}
  const server_impl* owner = nullptr;
  io_thread_state* previous = nullptr;  // restored when the thread leaves the loop
  xml_parser parser;
  std::string xml_out;  // serialised methodResponse of the call being answered
};

class server_impl {
 public:
  server_impl();
  ~server_impl();

  server_options opts;
  method_registry registry;
  std::unique_ptr<asio::io_context> ctx;

  /// A listening transport socket (non-blocking), waited on by asio on its own strand:
  /// its accepts and the close at shutdown never run concurrently. A Unix-domain
  /// listener also owns the socket file it created, removed when it closes.
  struct listener {
    listener(transport::socket s, transport::socket_file f, asio::any_io_executor strand,
             bool is_framed, transport::address bound)
        : sock(std::move(s)),
          file(std::move(f)),
          ready(std::move(strand), sock.native_handle()),
          framed(is_framed),
          local(std::move(bound)) {}
    /// Closes the socket, then removes its file (if any). On the strand or after the loop.
    void close() noexcept {
      ready.release();  // cancels the wait for readiness; then the socket may close
      std::error_code ignored;
      sock.close(ignored);
      file.remove();
    }
    transport::socket sock;
    transport::socket_file file;
    borrowed_descriptor ready;  // released before `sock` closes (declared after it)
    bool framed;
    transport::address local;
  };
  std::vector<std::unique_ptr<listener>> listeners;

  std::vector<transport::address> local_addresses;  // by listener index; never cleared

  std::size_t listen(const transport::address& local, bool framed, std::error_code& ec) noexcept;
  void run();
  void start();
  void stop() noexcept;
  void request_stop() noexcept;
  void schedule_after(clock::duration d, std::function<void()> fn);

  /// The calling thread's scratch when it is one of this server's I/O threads (always
  /// the case for connection handlers), else null.
  io_thread_state* thread_state() const noexcept;
  /// Codec limits of every call parsed by this server.
  codec_limits parse_limits() const noexcept;

  // Called by connections.
  void add_connection(connection* c);
  void remove_connection(connection* c) noexcept;
  bool stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }
  /// Completions of calls may arrive on any thread, even while or after the server is
  /// torn down. They hold this gate (shared) while they touch the connection or post to
  /// the io_context; finish() closes it (exclusive) before destroying the context, so a
  /// completion either runs entirely while the context lives or finds the gate closed.
  struct completion_gate {
    std::shared_mutex mu;
    bool open = true;  // guarded by mu
  };
  const std::shared_ptr<completion_gate>& gate() const noexcept { return gate_; }
  clock::time_point stop_deadline() const noexcept {
    return clock::time_point(clock::duration(stop_deadline_.load(std::memory_order_acquire)));
  }

 private:
  void accept_next(listener& l);
  void accept_later(listener& l, std::chrono::milliseconds backoff);
  void hand_over(listener& l, transport::socket conn, transport::address peer);
  /// Runs the io_context on the calling thread with an io_thread_state installed.
  void run_io_thread();
  void begin_shutdown();
  void wait_stop_fd();
  bool on_io_thread() const noexcept;
  void finish() noexcept;

  // request_stop() notifies stop_wake_; stop_desc_ waits on its descriptor in the loop.
  transport::wake_event stop_wake_;
  std::unique_ptr<borrowed_descriptor> stop_desc_;
  std::unique_ptr<asio::steady_timer> grace_timer_;

  std::vector<std::thread> threads_;
  std::vector<std::thread::id> io_thread_ids_;
  mutable std::mutex mu_;  // guards conns_, io_thread_ids_, state_
  std::condition_variable done_cv_;
  std::unordered_set<connection*> conns_;
  enum class state { idle, running, done } state_ = state::idle;
  bool owns_threads_ = false;  // start() (true) or run() (false)
  bool ctx_alive_ = true;
  std::atomic<bool> stopping_{false};
  std::atomic<clock::rep> stop_deadline_{clock::time_point::max().time_since_epoch().count()};
  std::atomic<bool> shutdown_begun_{false};
  // Shared with every pending call's completion, which may outlive the server.
  std::shared_ptr<completion_gate> gate_ = std::make_shared<completion_gate>();
  std::mutex stop_mu_;  // serialises stop() callers
};

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
// client_bench: what a client stack costs per call. N sequential add(2, 3) calls over one
// keep-alive connection to http://HOST:PORT/RPC2 (meant for floor_server, whose fixed
// answer is 5), from one of:
//   raw       a plain socket: send fixed request bytes, read the response by Content-Length,
//             no XML (the reference)
//   sockrpc   sockrpc::rpc::client
//   xmlrpc-c  xmlrpc_c::client_xml over clientXmlTransport_curl (libxmlrpc-c++8-dev)
//   xmlrpc++  XmlRpc::XmlRpcClient (libxmlrpcpp-dev)
//
//   client_bench --mode M --port P [--host 127.0.0.1] [--calls 20000]
//
// Prints "client MODE calls N per_call_us X". Every answer is checked (must be 5); a wrong
// answer or a failure exits 1. A 1/10 warm-up precedes the timed calls.
#include <sockrpc/rpc/client/client.hpp>

#ifdef SOCKRPC_BENCH_XMLRPC_C
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/client.hpp>
#include <xmlrpc-c/client_transport.hpp>
#endif
#ifdef SOCKRPC_BENCH_XMLRPCPP
#include <xmlrpcpp/XmlRpc.h>
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using one_call = std::function<int()>;

class raw_client {
 public:
  raw_client(const std::string& host, int port) {
    const std::string body =
        "<?xml version=\"1.0\"?>\n<methodCall><methodName>add</methodName><params>"
        "<param><value><int>2</int></value></param><param><value><int>3</int></value>"
        "</param></params></methodCall>\n";
    request_ = "POST /RPC2 HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
               "\r\nUser-Agent: raw\r\nContent-Type: text/xml\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host.c_str(), &sa.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
      throw std::runtime_error("raw: connect failed");
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~raw_client() { ::close(fd_); }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  // One round trip; returns 5 when a whole response with a body arrived.
  int call() {
    if (::send(fd_, request_.data(), request_.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request_.size()))
      throw std::runtime_error("raw: send failed");
    buf_.clear();
    std::size_t need = std::string::npos;
    char tmp[4096];
    while (need == std::string::npos || buf_.size() < need) {
      const ssize_t r = ::recv(fd_, tmp, sizeof tmp, 0);
      if (r <= 0) throw std::runtime_error("raw: connection ended");
      buf_.append(tmp, static_cast<std::size_t>(r));
      if (need == std::string::npos) {
        const auto end = buf_.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        const auto cl = buf_.find("Content-Length: ");
        if (cl == std::string::npos || cl > end) throw std::runtime_error("raw: no length");
        need = end + 4 + std::strtoul(buf_.c_str() + cl + 16, nullptr, 10);
      }
    }
    return buf_.find("<int>5</int>") != std::string::npos ? 5 : -1;
  }

 private:
  int fd_ = -1;
  std::string request_;
  std::string buf_;
};

int usage() {
  std::fprintf(stderr,
               "usage: client_bench --mode raw|sockrpc|xmlrpc-c|xmlrpc++ --port P "
               "[--host H] [--calls N]\n");
  return 64;
}

double run(const one_call& call, long calls) {
  for (long i = 0; i < calls / 10; ++i)
    if (call() != 5) throw std::runtime_error("wrong answer");
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < calls; ++i)
    if (call() != 5) throw std::runtime_error("wrong answer");
  const std::chrono::duration<double, std::micro> d = std::chrono::steady_clock::now() - t0;
  return d.count() / static_cast<double>(calls);
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode;
  std::string host = "127.0.0.1";
  int port = 0;
  long calls = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--mode") {
      mode = argv[i + 1];
    } else if (a == "--host") {
      host = argv[i + 1];
    } else if (a == "--port") {
      port = std::atoi(argv[i + 1]);
    } else if (a == "--calls") {
      calls = std::atol(argv[i + 1]);
    } else {
      return usage();
    }
  }
  if (argc % 2 != 1 || port <= 0 || calls <= 0) return usage();
  const std::string url = "http://" + host + ":" + std::to_string(port) + "/RPC2";

  try {
    double us = 0;
    if (mode == "raw") {
      raw_client c(host, port);
      us = run([&c] { return c.call(); }, calls);
    } else if (mode == "sockrpc") {
      sockrpc::rpc::client c(url);
      us = run([&c] { return c.call<int>("add", 2, 3); }, calls);
#ifdef SOCKRPC_BENCH_XMLRPC_C
    } else if (mode == "xmlrpc-c") {
      xmlrpc_c::clientXmlTransport_curl transport;
      xmlrpc_c::client_xml c(&transport);
      xmlrpc_c::carriageParm_curl0 parm(url);
      xmlrpc_c::paramList params;
      params.add(xmlrpc_c::value_int(2));
      params.add(xmlrpc_c::value_int(3));
      us = run(
          [&] {
            xmlrpc_c::rpcOutcome outcome;
            c.call(&parm, "add", params, &outcome);
            if (!outcome.succeeded()) return -1;
            return static_cast<int>(xmlrpc_c::value_int(outcome.getResult()));
          },
          calls);
#endif
#ifdef SOCKRPC_BENCH_XMLRPCPP
    } else if (mode == "xmlrpc++") {
      XmlRpc::setVerbosity(0);
      XmlRpc::XmlRpcClient c(host.c_str(), port, "/RPC2");
      XmlRpc::XmlRpcValue params;
      params[0] = 2;
      params[1] = 3;
      us = run(
          [&] {
            XmlRpc::XmlRpcValue result;
            if (!c.execute("add", params, result) || c.isFault()) return -1;
            return static_cast<int>(result);
          },
          calls);
#endif
    } else {
      return usage();
    }
    std::printf("client %s calls %ld per_call_us %.3f\n", mode.c_str(), calls, us);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "client_bench %s: %s\n", mode.c_str(), e.what());
    return 1;
  }
}

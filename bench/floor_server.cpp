// SPDX-License-Identifier: MIT
// floor_server: the benchmark floor. An HTTP/1.1 keep-alive server that parses nothing
// beyond finding where each request ends (header section + Content-Length) and answers
// every request with one fixed, valid XML-RPC methodResponse (the int 5, i.e. add(2,3)).
// Single-threaded epoll, edge-triggered; pipelined requests are answered in order.
//
//   floor_server [--host H] [--port N]     prints "listening on HOST:PORT"; SIGTERM: exit 0
//
// On exit it prints "accepted N connections, answered M requests" to stderr, which the
// client-stack benchmark uses to prove that a client kept its connection alive.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

constexpr std::string_view body =
    "<?xml version=\"1.0\"?>\n<methodResponse><params><param><value><int>5</int></value>"
    "</param></params></methodResponse>\n";

std::string make_response() {
  std::string r = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ";
  r += std::to_string(body.size());
  r += "\r\n\r\n";
  r += body;
  return r;
}

constexpr std::size_t max_header = 64 * 1024;

struct connection {
  int fd = -1;
  std::string head;           // bytes of a header section not yet complete
  std::size_t body_left = 0;  // bytes of the current body still to skip
  std::size_t due = 0;        // requests complete but not yet answered
  std::string out;            // response bytes the socket did not take yet
};

// Content-Length of a header section (0 when absent); case-insensitive name match.
std::size_t content_length(std::string_view head) {
  constexpr std::string_view name = "content-length:";
  for (std::size_t i = 0; i + name.size() <= head.size(); ++i) {
    if (i != 0 && head[i - 1] != '\n') continue;
    bool match = true;
    for (std::size_t k = 0; k < name.size() && match; ++k) {
      char c = head[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      match = c == name[k];
    }
    if (!match) continue;
    std::size_t j = i + name.size();
    while (j < head.size() && (head[j] == ' ' || head[j] == '\t'))
      ++j;
    std::size_t n = 0;
    while (j < head.size() && head[j] >= '0' && head[j] <= '9')
      n = n * 10 + static_cast<std::size_t>(head[j++] - '0');
    return n;
  }
  return 0;
}

// Consumes `n` received bytes; false when the peer sent an oversized header section.
bool feed(connection& c, const char* p, std::size_t n) {
  while (n > 0) {
    if (c.body_left > 0) {
      const std::size_t k = std::min(n, c.body_left);
      p += k;
      n -= k;
      c.body_left -= k;
      if (c.body_left == 0) ++c.due;
      continue;
    }
    const std::size_t old = c.head.size();
    c.head.append(p, n);
    const auto end = c.head.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
    if (end == std::string::npos) return c.head.size() <= max_header;
    const std::size_t used = end + 4 - old;
    c.body_left = content_length(std::string_view(c.head).substr(0, end));
    c.head.clear();
    p += used;
    n -= used;
    if (c.body_left == 0) ++c.due;
  }
  return true;
}

// Sends what is pending; false when the connection failed.
bool flush(connection& c, const std::string& response) {
  if (c.out.empty() && c.due == 1) {
    c.due = 0;
    const ssize_t w = ::send(c.fd, response.data(), response.size(), MSG_NOSIGNAL);
    if (w == static_cast<ssize_t>(response.size())) return true;
    if (w < 0 && errno != EAGAIN) return false;
    c.out.assign(response, w < 0 ? 0 : static_cast<std::size_t>(w), std::string::npos);
    return true;
  }
  for (; c.due > 0; --c.due)
    c.out += response;
  while (!c.out.empty()) {
    const ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (w < 0) return errno == EAGAIN;
    c.out.erase(0, static_cast<std::size_t>(w));
  }
  return true;
}

int usage() {
  std::fprintf(stderr, "usage: floor_server [--host IPV4] [--port N]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  long port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--host" && i + 1 < argc) {
      host = argv[++i];
    } else if (a == "--port" && i + 1 < argc) {
      char* end = nullptr;
      port = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) return usage();
    } else {
      return usage();
    }
  }

  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) return usage();

  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  const int sfd = ::signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);

  const int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(lfd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(lfd, 4096) != 0) {
    std::perror("floor_server: bind/listen");
    return 1;
  }
  socklen_t len = sizeof sa;
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&sa), &len);

  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  ev.data.fd = sfd;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);

  std::printf("listening on %s:%u\n", host.c_str(), static_cast<unsigned>(ntohs(sa.sin_port)));
  std::fflush(stdout);

  const std::string response = make_response();
  std::unordered_map<int, std::unique_ptr<connection>> conns;
  std::array<epoll_event, 256> events{};
  std::array<char, 64 * 1024> buf{};
  std::uint64_t accepted = 0;
  std::uint64_t answered = 0;
  bool running = true;

  auto drop = [&](int fd) {
    ::close(fd);
    conns.erase(fd);
  };

  while (running) {
    const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("floor_server: epoll_wait");
      return 1;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == sfd) {
        running = false;
      } else if (fd == lfd) {
        for (;;) {
          const int cfd = ::accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (cfd < 0) break;
          ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          ++accepted;
          auto c = std::make_unique<connection>();
          c->fd = cfd;
          epoll_event cev{};
          cev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
          cev.data.fd = cfd;
          ::epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &cev);
          conns.emplace(cfd, std::move(c));
        }
      } else {
        auto it = conns.find(fd);
        if (it == conns.end()) continue;
        connection& c = *it->second;
        bool ok = true;
        bool eof = false;
        for (;;) {
          const ssize_t r = ::recv(fd, buf.data(), buf.size(), 0);
          if (r > 0) {
            ok = feed(c, buf.data(), static_cast<std::size_t>(r));
            if (!ok) break;
            continue;
          }
          if (r == 0) eof = true;
          if (r < 0 && errno != EAGAIN) ok = false;
          break;
        }
        answered += c.due;
        if (ok) ok = flush(c, response);
        if (!ok || (eof && c.out.empty())) drop(fd);
      }
    }
  }
  for (auto& entry : conns)
    ::close(entry.first);
  ::close(lfd);
  std::fprintf(stderr, "floor_server: accepted %llu connections, answered %llu requests\n",
               static_cast<unsigned long long>(accepted),
               static_cast<unsigned long long>(answered));
  return 0;
}

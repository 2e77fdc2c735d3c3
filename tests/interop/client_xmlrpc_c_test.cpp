// SPDX-License-Identifier: MIT
// Our rpc::client against xmlrpc-c: the xmlrpc_c_server program (Abyss) as a child process.
#include <sockrpc/rpc/client/client.hpp>

#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace std::chrono_literals;
namespace rpc = sockrpc::rpc;
using rpc::client;
using rpc::value;

/// xmlrpc_c_server as a child process; its URL from the "listening on" line (read with a
/// 10 s timeout). The destructor sends SIGTERM and reaps it.
class xmlrpc_c_server {
 public:
  xmlrpc_c_server() {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    char* argv[] = {const_cast<char*>(SOCKRPC_XMLRPC_C_SERVER), nullptr};
    if (::posix_spawn(&pid_, SOCKRPC_XMLRPC_C_SERVER, &actions, nullptr, argv, environ) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    std::string line;
    pollfd p{fds[0], POLLIN, 0};
    while (pid_ > 0 && line.find('\n') == std::string::npos && ::poll(&p, 1, 10000) == 1) {
      char buf[128];
      const auto n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);  // the server writes nothing more (a later write would get EPIPE)
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) == 0 && line.back() == '\n')
      url_ = "http://" + line.substr(prefix.size(), line.size() - prefix.size() - 1) + "/RPC2";
  }
  ~xmlrpc_c_server() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  xmlrpc_c_server(const xmlrpc_c_server&) = delete;
  xmlrpc_c_server& operator=(const xmlrpc_c_server&) = delete;

  [[nodiscard]] bool ok() const noexcept { return !url_.empty(); }
  [[nodiscard]] const std::string& url() const noexcept { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

value echo(client& c, const value& v) {
  const value params[] = {v};
  return c.call_value("echo", params);
}

class ClientAgainstXmlrpcCTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << "xmlrpc_c_server did not start";
    c_.emplace(server_.url());
    c_->set_timeout(10s);
  }
  client& c() { return *c_; }

  xmlrpc_c_server server_;
  std::optional<client> c_;
};

TEST_F(ClientAgainstXmlrpcCTest, AddsInts) {
  EXPECT_EQ(c().call<int>("add", 2, 3), 5);
  EXPECT_EQ(c().call<int>("add", -2147483647 - 1, 0), -2147483647 - 1);
  // xmlrpc-c wants <int> for an int parameter: an i8 is a type fault, not a conversion.
  const auto r = c().try_call("add", std::int64_t{1} << 40, 1);
  ASSERT_TRUE(r.is_fault());
  EXPECT_EQ(r.fault().code, -501);  // xmlrpc-c's XMLRPC_TYPE_ERROR
}

TEST_F(ClientAgainstXmlrpcCTest, EchoesEveryScalarTypeExactly) {
  const std::vector<value> cases = {
      value(),  // nil (xmlrpc-c's <nil/> extension)
      value(true),
      value(false),
      value(std::int32_t{-2147483647 - 1}),
      value(std::int32_t{2147483647}),
      value(std::int64_t{-9223372036854775807 - 1}),  // i8
      value(std::int64_t{5}),                         // i8 that would fit in i4 stays i8
      value(0.1),
      value(-2.25),
      value(1e300),
      value(123456.789),
      value(""),
      value("h\xC3\xA9llo <&> \"q\" '\t"),
      value(rpc::date_time{1999, 12, 31, 23, 59, 59, {}}),
      value(rpc::binary{}),
      value(rpc::binary{std::byte{0}, std::byte{1}, std::byte{255}}),
  };
  for (const auto& v : cases) {
    SCOPED_TRACE(::testing::PrintToString(v));
    const value got = echo(c(), v);
    EXPECT_EQ(got, v);
    EXPECT_EQ(got.type(), v.type());
  }
}

// xmlrpc-c (1.33) writes doubles in plain decimal notation with about 15 significant
// digits: the sign of -0.0, the last digits of 17-digit doubles and subnormals are lost.
// Our client sends them exactly ("-0", "1.7976931348623157e+308"); what comes back is
// xmlrpc-c's rounding, pinned here so a change on either side is noticed.
TEST_F(ClientAgainstXmlrpcCTest, DoublesComeBackWithXmlrpcCsPrecision) {
  const double zero = echo(c(), value(-0.0)).as_double();
  EXPECT_EQ(zero, 0.0);
  EXPECT_FALSE(std::signbit(zero));
  EXPECT_EQ(echo(c(), value(std::numeric_limits<double>::max())).as_double(),
            1.79769313486231e+308);
  EXPECT_EQ(echo(c(), value(5e-324)).as_double(), 0.0);
}

TEST_F(ClientAgainstXmlrpcCTest, EchoesNestedStructsAndArrays) {
  const value nested(rpc::members{
      {"z", value(1)},
      {"a", value(rpc::array{value("x"), value(2.5), value(), value(rpc::array{})})},
      {"s",
       value(rpc::members{{"deep", value(rpc::members{{"b", value(rpc::binary{std::byte{7}})}})}})},
      {"empty", value(rpc::members{})}});
  const value params[] = {nested};
  EXPECT_EQ(c().call_value("echo_struct", params), nested);
  const value list(rpc::array{nested, value(rpc::array{value(1), value(true)})});
  const value params2[] = {list};
  EXPECT_EQ(c().call_value("echo_array", params2), list);
}

TEST_F(ClientAgainstXmlrpcCTest, FaultsCarryCodeAndString) {
  for (const rpc::fault_info& f :
       {rpc::fault_info{42, "the answer"}, rpc::fault_info{-32000, "h\xC3\xA9 <&>"},
        rpc::fault_info{0, ""}}) {
    const auto r = c().try_call("fault", f.code, f.message);
    ASSERT_TRUE(r.is_fault());
    EXPECT_EQ(r.fault(), f);
  }
  EXPECT_THROW((void)c().call("fault", 1, "x"), rpc::fault);
  EXPECT_EQ(c().try_call("no.such").fault().code, -506);  // XMLRPC_NO_SUCH_METHOD_ERROR
}

TEST_F(ClientAgainstXmlrpcCTest, ListsMethodsAndReusesTheConnection) {
  const auto names = c().call<std::vector<std::string>>("system.listMethods");
  for (const char* m : {"add", "echo", "echo_struct", "echo_array", "fault"})
    EXPECT_NE(std::find(names.begin(), names.end(), m), names.end()) << m;
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(c().call<int>("add", i, 1), i + 1);
  EXPECT_EQ(c().idle_connections(), 1u);  // Abyss keeps the connection alive
}

}  // namespace

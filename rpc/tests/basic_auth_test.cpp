// SPDX-License-Identifier: MIT
// HTTP basic authentication: the Authorization parser and the user table (sans-I/O), and
// a server requiring credentials over loopback, called raw and by the blocking and
// asynchronous clients.
#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/rpc/server/basic_auth.hpp>

#include "server_test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <sstream>
#include <string>

namespace sockrpc_test {
namespace {

// ---- Authorization parsing ------------------------------------------------------------

TEST(BasicAuthParseTest, AcceptsWellFormedCredentials) {
  auto c = rpc::parse_basic_authorization("Basic YWxpY2U6c2VjcmV0");  // alice:secret
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "alice");
  EXPECT_EQ(c->password, "secret");

  c = rpc::parse_basic_authorization("bAsIc   Ym9iOmE6Yg==");  // bob:a:b (first colon splits)
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "bob");
  EXPECT_EQ(c->password, "a:b");

  c = rpc::parse_basic_authorization("Basic Ym9iOg==");  // bob: (empty password)
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "bob");
  EXPECT_EQ(c->password, "");
}

TEST(BasicAuthParseTest, RefusesMalformedValues) {
  const char* bad[] = {
      "",
      "Basic",
      "Basic ",
      "BasicYWxpY2U6c2VjcmV0",       // no space after the scheme
      "Bearer YWxpY2U6c2VjcmV0",     // another scheme
      "Digest username=\"alice\"",   // another scheme
      "Basic YWxpY2U=",              // "alice": no colon
      "Basic OnNlY3JldA==",          // ":secret": empty user
      "Basic YWxpY2U6c2VjcmV0!",     // bad base64 character
      "Basic YWxpY2U6c2VjcmV",       // length not a multiple of 4
      "Basic Ym9iOg",                // padding missing
      "Basic Ym9i=Og=",              // '=' inside
      "Basic Ym9iOg===",             // too much padding
      "Basic YWxp Y2U6c2VjcmV0",     // a space inside the token
      "Basic YWxpY2U6c2VjcmV0 ",     // trailing space
      "Basic\tYWxpY2U6c2VjcmV0",     // TAB instead of a space
      "Basic YWxpY2UKOnNlY3JldA==",  // "alice\n:secret": a control character
  };
  for (const char* value : bad) {
    EXPECT_FALSE(rpc::parse_basic_authorization(value)) << value;
  }
  // Longer than the bound, though well-formed.
  std::string huge = "Basic YWxpY2U6";
  huge.append(rpc::max_authorization_size, 'A');
  huge.resize(huge.size() - (huge.size() - 6) % 4);
  EXPECT_FALSE(rpc::parse_basic_authorization(huge));
}

TEST(BasicAuthParseTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(rpc::constant_time_equals("", ""));
  EXPECT_TRUE(rpc::constant_time_equals("secret", "secret"));
  EXPECT_FALSE(rpc::constant_time_equals("secret", "secreT"));
  EXPECT_FALSE(rpc::constant_time_equals("secret", "secret2"));
  EXPECT_FALSE(rpc::constant_time_equals("secret", "secre"));
  EXPECT_FALSE(rpc::constant_time_equals("", "x"));
  // A shorter string is not padded into a match.
  EXPECT_FALSE(rpc::constant_time_equals(std::string_view("ab\0", 3), "ab"));
}

TEST(BasicAuthParseTest, UserTableMatchesUserAndPassword) {
  rpc::user_table users;
  users.add("alice", "secret").add("bob", "hunter2").add("alice", "changed");
  EXPECT_EQ(users.size(), 2u);
  EXPECT_EQ(users("alice", "changed"), "alice");
  EXPECT_EQ(users("bob", "hunter2"), "bob");
  EXPECT_FALSE(users("alice", "secret"));  // replaced
  EXPECT_FALSE(users("bob", "hunter"));
  EXPECT_FALSE(users("bob", "hunter22"));
  EXPECT_FALSE(users("carol", "hunter2"));
  EXPECT_FALSE(users("", ""));
  EXPECT_FALSE(rpc::user_table{}("alice", "secret"));
}

// ---- a server requiring credentials ---------------------------------------------------

/// A server with users alice:secret and bob:hunter2, the interop methods, `whoami` and
/// `counted` (counts its runs).
class BasicAuthServerTest : public ::testing::Test {
 protected:
  BasicAuthServerTest()
      : server_([this](rpc::server& srv) {
          srv.methods()
              .add("whoami",
                   [](const rpc::call_context& ctx) {
                     return ctx.user ? rpc::value(*ctx.user) : rpc::value(rpc::nil);
                   })
              .add("counted", [this] { return ++runs_; });
          srv.basic_auth(rpc::user_table{}.add("alice", "secret").add("bob", "hunter2"));
        }) {}

  std::string url(std::string_view userinfo = "") const {
    std::string u = "http://";
    u.append(userinfo);
    u.append(server_.http().to_string());
    u.append("/RPC2");
    return u;
  }

  test_server server_;
  std::atomic<int> runs_{0};
};

TEST_F(BasicAuthServerTest, MissingOrWrongCredentialsGet401AndNoHandlerRuns) {
  const std::string body = call_xml("counted");
  const char* refused[] = {
      "",                                            // missing
      "Authorization: Basic YWxpY2U6d3Jvbmc=\r\n",   // alice:wrong
      "Authorization: Basic Y2Fyb2w6c2VjcmV0\r\n",   // carol:secret
      "Authorization: Bearer YWxpY2U6c2VjcmV0\r\n",  // another scheme
      "Authorization: Basic !!!!\r\n",               // bad base64
      // two fields, each alone good
      "Authorization: Basic YWxpY2U6c2VjcmV0\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n",
  };
  auto s = connect_to(server_.http());
  for (const char* header : refused) {
    auto r = roundtrip(s, post_request(body, "/RPC2", header));  // keep-alive goes on
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.headers.find("WWW-Authenticate"), "Basic realm=\"sockrpc\"") << header;
  }
  EXPECT_EQ(runs_.load(), 0);
  auto ok = roundtrip(s, post_request(body, "/RPC2", "Authorization: Basic YWxpY2U6c2VjcmV0\r\n"));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(decode(ok).result, rpc::value(1));
}

TEST_F(BasicAuthServerTest, ExpectContinueWithoutCredentialsIs401BeforeTheBody) {
  auto s = connect_to(server_.http());
  std::string head =
      "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n";
  s.sendall(head);
  response_reader rd(s);
  auto r = rd.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->headers.find("WWW-Authenticate"), "Basic realm=\"sockrpc\"");
  EXPECT_TRUE(peer_closes(s));
}

TEST_F(BasicAuthServerTest, ClientWithUrlCredentialsIsTheCaller) {
  rpc::client alice(url("alice:secret@"));
  EXPECT_EQ(alice.call<std::string>("whoami"), "alice");
  rpc::client bob(url("bob:hunter%32@"));  // percent-decoded
  EXPECT_EQ(bob.call<std::string>("whoami"), "bob");
  rpc::client set(url());
  set.set_basic_auth("alice", "secret");
  EXPECT_EQ(set.call<std::string>("whoami"), "alice");
}

TEST_F(BasicAuthServerTest, MulticallEntriesSeeThePrincipal) {
  rpc::client alice(url("alice:secret@"));
  const rpc::value entry = rpc::members{{"methodName", "whoami"}, {"params", rpc::array{}}};
  const rpc::value answers = alice.call("system.multicall", rpc::array{entry, entry});
  EXPECT_EQ(answers, rpc::value(rpc::array{rpc::array{"alice"}, rpc::array{"alice"}}));
}

TEST_F(BasicAuthServerTest, RefusedClientGetsHttpStatusWithoutThePassword) {
  for (const std::string& u : {url("alice:Sup3rSecretPw@"), url()}) {
    rpc::client c(u);
    sockrpc::status st;
    auto r = c.try_call_value("counted", {}, st);
    EXPECT_EQ(st.code(), rpc::errc::http_status);
    EXPECT_NE(st.message().find("401"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("credentials"), std::string::npos) << st.message();
    EXPECT_EQ(st.message().find("Sup3rSecretPw"), std::string::npos) << st.message();
    try {
      c.call_value("counted", {});
      ADD_FAILURE() << "no exception";
    } catch (const std::exception& e) {
      EXPECT_EQ(std::string(e.what()).find("Sup3rSecretPw"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(runs_.load(), 0);
}

TEST_F(BasicAuthServerTest, AsyncClientSendsCredentialsToo) {
  rpc::client good(url("bob:hunter2@"));
  auto f = good.async_call<std::string>("whoami");
  ASSERT_EQ(f.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(f.get(), "bob");

  rpc::client bad(url("bob:nope@"));
  auto p = std::make_shared<std::promise<std::pair<std::error_code, std::string>>>();
  auto refused = p->get_future();
  bad.async_call_value("counted", {},
                       [p](std::error_code ec, const std::string& message, rpc::call_result) {
                         p->set_value({ec, message});
                       });
  ASSERT_EQ(refused.wait_for(20s), std::future_status::ready);
  auto [ec, message] = refused.get();
  EXPECT_EQ(ec, rpc::errc::http_status);
  EXPECT_NE(message.find("401"), std::string::npos) << message;
  EXPECT_EQ(message.find("nope"), std::string::npos) << message;
  EXPECT_EQ(runs_.load(), 0);
}

TEST_F(BasicAuthServerTest, FramedCallsStayAnonymous) {
  rpc::client c("tcp://" + server_.framed().to_string());
  EXPECT_TRUE(c.call_value("whoami", {}).is_nil());
}

TEST(BasicAuthTest, WithoutAnAuthenticatorCallsAreAnonymous) {
  test_server server([](rpc::server& srv) {
    srv.methods().add("whoami", [](const rpc::call_context& ctx) {
      return ctx.user ? rpc::value(*ctx.user) : rpc::value(rpc::nil);
    });
  });
  // Credentials sent to a server that does not ask for them are ignored.
  rpc::client c("http://alice:secret@" + server.http().to_string() + "/RPC2");
  EXPECT_TRUE(c.call_value("whoami", {}).is_nil());
}

TEST(BasicAuthTest, AuthenticatorDecidesThePrincipalAndMayThrow) {
  test_server server([](rpc::server& srv) {
    srv.methods().add("whoami", [](const rpc::call_context& ctx) { return ctx.user.value(); });
    srv.basic_auth(
        [](std::string_view user, std::string_view password) -> std::optional<std::string> {
          if (user == "boom") throw std::runtime_error("authenticator failed");
          if (password != "pw") return std::nullopt;
          return "user:" + std::string(user);
        },
        "test realm");
  });
  auto s = connect_to(server.http());
  auto r = roundtrip(s, post_request(call_xml("whoami"), "/RPC2",
                                     "Authorization: Basic Ym9vbTpwdw==\r\n"));  // boom:pw
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.find("WWW-Authenticate"), "Basic realm=\"test realm\"");
  rpc::client c("http://ada:pw@" + server.http().to_string() + "/RPC2");
  EXPECT_EQ(c.call<std::string>("whoami"), "user:ada");
}

TEST(BasicAuthTest, BadRealmIsRefused) {
  rpc::server srv;
  EXPECT_THROW(srv.basic_auth(rpc::user_table{}, "a\"b"), std::system_error);
  EXPECT_THROW(srv.basic_auth(rpc::user_table{}, "a\nb"), std::system_error);
}

TEST(BasicAuthTest, UrlToStringOmitsTheCredentials) {
  auto u = rpc::url::parse("http://alice:Sup3rSecretPw@127.0.0.1:8080/RPC2");
  EXPECT_EQ(u.to_string(), "http://127.0.0.1:8080/RPC2");
  std::ostringstream os;
  os << u;
  EXPECT_EQ(os.str().find("Sup3rSecretPw"), std::string::npos);
  EXPECT_EQ(os.str().find("alice"), std::string::npos);
}

}  // namespace
}  // namespace sockrpc_test

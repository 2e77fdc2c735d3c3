// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/transport/error.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace {

using sockrpc::rpc::url;
using sockrpc::rpc::url_scheme;

struct good_case {
  const char* text;
  url_scheme scheme;
  const char* host;
  std::uint16_t port;
  const char* path;
  const char* user;
  const char* password;
  bool credentials;
};

TEST(UrlTest, ParsesEveryAcceptedForm) {
  const good_case cases[] = {
      {"http://example.com", url_scheme::http, "example.com", 80, "/RPC2", "", "", false},
      {"http://example.com/", url_scheme::http, "example.com", 80, "/", "", "", false},
      {"http://127.0.0.1:8080/RPC2", url_scheme::http, "127.0.0.1", 8080, "/RPC2", "", "", false},
      {"HTTP://host:1/a/b?x=1#frag", url_scheme::http, "host", 1, "/a/b?x=1", "", "", false},
      {"http://host?x", url_scheme::http, "host", 80, "/?x", "", "", false},
      {"http://[::1]:9000/x", url_scheme::http, "::1", 9000, "/x", "", "", false},
      {"http://bob:s%40cret@h:2/", url_scheme::http, "h", 2, "/", "bob", "s@cret", true},
      {"http://a%3Ab@h/", url_scheme::http, "h", 80, "/", "a:b", "", true},
      {"http://user:p:w@[::1]:5", url_scheme::http, "::1", 5, "/RPC2", "user", "p:w", true},
      {"tcp://localhost:7000", url_scheme::tcp, "localhost", 7000, "", "", "", false},
      {"tcp://[::1]:7000/", url_scheme::tcp, "::1", 7000, "", "", "", false},
      {"TCP://10.0.0.1:65535", url_scheme::tcp, "10.0.0.1", 65535, "", "", "", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    sockrpc::status st;
    const url u = url::parse(c.text, st);
    ASSERT_FALSE(st) << st.message();
    EXPECT_EQ(u.scheme, c.scheme);
    EXPECT_EQ(u.host, c.host);
    EXPECT_EQ(u.port, c.port);
    EXPECT_EQ(u.path, c.path);
    EXPECT_EQ(u.user, c.user);
    EXPECT_EQ(u.password, c.password);
    EXPECT_EQ(u.has_credentials, c.credentials);
    EXPECT_EQ(url::parse(c.text), u);  // the throwing overload agrees
  }
}

TEST(UrlTest, RefusesMalformedUrlsWithBadAddress) {
  const char* bad[] = {
      "",
      "example.com",
      "ftp://host/",
      "http://",
      "http:///path",
      "http://host:/",
      "http://host:0/",
      "http://host:65536/",
      "http://host:12ab/",
      "http://[::1/",
      "http://[::1]x/",
      "http://[]/",
      "http://::1/",
      "http://ho st/",
      "http://bob:%4@h/",
      "http://%zz@h/",
      "tcp://host",
      "tcp://host:1/path",
      "tcp://u:p@host:1",
      "unix://",
      "unix://host/path",
      "unix://relative.sock",
      "framed+unix://",
      "unix:///run/app.sock?x=1",
      "unix:///run/app.sock#frag",
      "unix:///run/app%2",
      "unix:///run/app%00.sock",
      "unix+framed:///run/app.sock",
  };
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    sockrpc::status st;
    (void)url::parse(text, st);
    EXPECT_EQ(st.code(), sockrpc::transport::errc::bad_address);
    EXPECT_EQ(st.code(), std::errc::invalid_argument);
    EXPECT_FALSE(st.message().empty());
    try {
      (void)url::parse(text);
      ADD_FAILURE() << "no exception";
    } catch (const sockrpc::error& e) {
      EXPECT_EQ(e.code(), sockrpc::transport::errc::bad_address);
      EXPECT_EQ(e.what(), st.message());  // the status carries exactly the exception's text
    }
  }
}

TEST(UrlTest, MessageNamesTheProblemThenTheCode) {
  sockrpc::status st;
  (void)url::parse("ftp://host/", st);
  const std::string code_text = st.code().message();
  EXPECT_EQ(
      st.message(),
      "unsupported URL scheme (want http://, tcp://, unix:// or framed+unix://): " + code_text);
  (void)url::parse("http://host:0/", st);
  EXPECT_EQ(st.message(), "bad port in URL (want 1..65535): " + code_text);
  (void)url::parse("http://example.com/", st);
  EXPECT_TRUE(st.ok());  // a later success clears the status
}

TEST(UrlTest, HostFieldAndToStringBracketIpv6AndHideCredentials) {
  const auto u = url::parse("http://bob:pw@[::1]:8080/RPC2");
  EXPECT_EQ(u.host_field(), "[::1]:8080");
  EXPECT_EQ(u.to_string(), "http://[::1]:8080/RPC2");
  std::ostringstream os;
  os << u;
  EXPECT_EQ(os.str(), "http://[::1]:8080/RPC2");
  EXPECT_EQ(url::parse("http://example.com/x").host_field(), "example.com");
  EXPECT_EQ(url::parse("tcp://h:80").to_string(), "tcp://h:80");
}

TEST(UrlTest, UnixFormsNameASocketPath) {
  struct unix_case {
    const char* text;
    url_scheme scheme;
    const char* socket_path;
    const char* path;
    bool framed;
  };
  const unix_case cases[] = {
      {"unix:///run/supervisor.sock", url_scheme::unix_http, "/run/supervisor.sock", "/RPC2",
       false},
      {"UNIX:///tmp/a%20b.sock", url_scheme::unix_http, "/tmp/a b.sock", "/RPC2", false},
      {"unix:///x@y:1", url_scheme::unix_http, "/x@y:1", "/RPC2", false},
      {"framed+unix:///run/app.sock", url_scheme::unix_framed, "/run/app.sock", "", true},
      {"Framed+Unix:///a/b/", url_scheme::unix_framed, "/a/b/", "", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    sockrpc::status st;
    const url u = url::parse(c.text, st);
    ASSERT_FALSE(st) << st.message();
    EXPECT_EQ(u.scheme, c.scheme);
    EXPECT_EQ(u.socket_path, c.socket_path);
    EXPECT_EQ(u.path, c.path);
    EXPECT_EQ(u.framed(), c.framed);
    EXPECT_TRUE(u.is_local());
    EXPECT_EQ(u.host, "");
    EXPECT_EQ(u.port, 0);
    EXPECT_FALSE(u.has_credentials);
    EXPECT_EQ(u.host_field(), "localhost");
    EXPECT_EQ(u.endpoint_name(), std::string("unix:") + c.socket_path);
    EXPECT_EQ(url::parse(c.text), u);
  }
  EXPECT_EQ(url::parse("unix:///run/a.sock").to_string(), "unix:///run/a.sock");
  EXPECT_EQ(url::parse("framed+unix:///run/a.sock").to_string(), "framed+unix:///run/a.sock");
  EXPECT_FALSE(url::parse("http://h/").is_local());
  EXPECT_TRUE(url::parse("tcp://h:1").framed());
  EXPECT_EQ(url::parse("tcp://h:1").endpoint_name(), "h:1");
}

TEST(UrlTest, UnixFormsExplainWhatIsWrong) {
  sockrpc::status st;
  (void)url::parse("unix://host/x", st);
  const std::string code_text = st.code().message();
  EXPECT_EQ(st.message(),
            "unix:// URLs need an absolute socket path (unix:///ABS/PATH): " + code_text);
  (void)url::parse("unix:///" + std::string(200, 'a'), st);
  EXPECT_EQ(st.message(), "URL socket path too long for a Unix domain socket: " + code_text);
  (void)url::parse("example.com", st);
  EXPECT_EQ(st.message(),
            "URL has no scheme (want http://, tcp://, unix:// or framed+unix://): " + code_text);
}

TEST(UrlTest, PercentDecodeHandlesEscapesAndRefusesTruncatedOnes) {
  std::string out;
  EXPECT_TRUE(sockrpc::rpc::percent_decode("a%20b%2F%2f", out));
  EXPECT_EQ(out, "a b//");
  EXPECT_FALSE(sockrpc::rpc::percent_decode("%2", out));
  EXPECT_FALSE(sockrpc::rpc::percent_decode("%", out));
  EXPECT_FALSE(sockrpc::rpc::percent_decode("%g0", out));
}

}  // namespace

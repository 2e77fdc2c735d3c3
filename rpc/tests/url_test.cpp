// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/transport/error.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>

namespace {

using sockrpc::rpc::url;
using sockrpc::rpc::url_scheme;

/// `text` parsed through the status form, which must succeed; the throwing form must
/// agree.
url parse_ok(const char* text) {
  sockrpc::status st;
  url u = url::parse(text, st);
  if (st) {
    ADD_FAILURE() << st.message();
    return u;
  }
  EXPECT_EQ(url::parse(text), u);
  return u;
}

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
    const url u = parse_ok(c.text);
    EXPECT_EQ(u.scheme, c.scheme);
    EXPECT_EQ(u.host, c.host);
    EXPECT_EQ(u.port, c.port);
    EXPECT_EQ(u.path, c.path);
    EXPECT_EQ(u.user, c.user);
    EXPECT_EQ(u.password, c.password);
    EXPECT_EQ(u.has_credentials, c.credentials);
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
  const std::pair<const char*, const char*> http_cases[] = {
      {"unix:///run/supervisor.sock", "/run/supervisor.sock"},
      {"UNIX:///tmp/a%20b.sock", "/tmp/a b.sock"},
      {"unix:///x@y:1", "/x@y:1"},
  };
  const std::pair<const char*, const char*> framed_cases[] = {
      {"framed+unix:///run/app.sock", "/run/app.sock"},
      {"Framed+Unix:///a/b/", "/a/b/"},
  };
  auto check = [](const char* text, const char* socket_path) {
    SCOPED_TRACE(text);
    const url u = parse_ok(text);
    EXPECT_EQ(u.socket_path, socket_path);
    EXPECT_TRUE(u.is_local());
    EXPECT_EQ(u.host, "");
    EXPECT_EQ(u.port, 0);
    EXPECT_FALSE(u.has_credentials);
    EXPECT_EQ(u.host_field(), "localhost");
    EXPECT_EQ(u.endpoint_name(), std::string("unix:") + socket_path);
    return u;
  };
  for (const auto& [text, socket_path] : http_cases) {
    const url u = check(text, socket_path);
    EXPECT_EQ(u.scheme, url_scheme::unix_http);
    EXPECT_EQ(u.path, "/RPC2");
    EXPECT_FALSE(u.framed());
  }
  for (const auto& [text, socket_path] : framed_cases) {
    const url u = check(text, socket_path);
    EXPECT_EQ(u.scheme, url_scheme::unix_framed);
    EXPECT_EQ(u.path, "");
    EXPECT_TRUE(u.framed());
  }
  EXPECT_EQ(url::parse("unix:///run/a.sock").to_string(), "unix:///run/a.sock");
  EXPECT_EQ(url::parse("framed+unix:///run/a.sock").to_string(), "framed+unix:///run/a.sock");
  EXPECT_EQ(url::parse("unix:///a%3f%23%25%20b").socket_path, "/a?#% b");
  EXPECT_EQ(url::parse("unix:///a%3f%23%25%20b").to_string(), "unix:///a%3F%23%25 b");
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

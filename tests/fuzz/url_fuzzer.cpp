// SPDX-License-Identifier: MIT
// libFuzzer target for client URL parsing (rpc::url::parse): never crashes; the status
// and the throwing forms agree; an accepted URL keeps the invariants of url.hpp (a host
// and port for the IP forms, an absolute socket path without NUL for the Unix forms) and
// parses back from to_string() to the same endpoint.
//
// Input: the URL text.
#include <sockrpc/rpc/client/url.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using sockrpc::rpc::url;
using sockrpc::rpc::url_scheme;

// A broken invariant: abort, so libFuzzer keeps the input.
void require(bool ok) {
  if (!ok) std::abort();
}

void check_invariants(const url& u) {
  if (u.is_local()) {
    require(!u.socket_path.empty() && u.socket_path.front() == '/');
    require(u.socket_path.find('\0') == std::string::npos);
    require(u.host.empty() && u.port == 0 && !u.has_credentials);
    require(u.path == (u.scheme == url_scheme::unix_http ? "/RPC2" : ""));
    require(u.host_field() == "localhost");
    return;
  }
  require(!u.host.empty() && u.port != 0 && u.socket_path.empty());
  if (u.framed()) {
    require(u.path.empty() && !u.has_credentials);
  } else {
    require(!u.path.empty() && u.path.front() == '/');
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sockrpc::status st;
  const url u = url::parse(text, st);
  bool threw = false;
  try {
    require(url::parse(text) == u);
  } catch (const sockrpc::error& e) {
    threw = true;
    require(st && e.what() == st.message());
  }
  require(threw == static_cast<bool>(st));
  if (st) return 0;
  check_invariants(u);
  // to_string() drops the credentials and nothing else.
  const std::string printed = u.to_string();
  sockrpc::status again;
  const url back = url::parse(printed, again);
  require(!again);
  require(back.scheme == u.scheme && back.host == u.host && back.port == u.port &&
          back.path == u.path && back.socket_path == u.socket_path);
  return 0;
}

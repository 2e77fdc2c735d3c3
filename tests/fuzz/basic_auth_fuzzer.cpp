// SPDX-License-Identifier: MIT
// libFuzzer target for HTTP basic credentials (rpc::parse_basic_authorization, network
// input on a server requiring authentication): never crashes; accepted credentials keep
// the invariants of basic_auth.hpp (a value within the bound, a non-empty user without a
// colon, no control characters). Also checks constant_time_equals against ==, on the
// input split in two halves.
//
// Input: the Authorization field value.
#include <sockrpc/rpc/server/basic_auth.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// A broken invariant: abort, so libFuzzer keeps the input.
void require(bool ok) {
  if (!ok) std::abort();
}

bool no_control(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string_view a = text.substr(0, size / 2);
  const std::string_view b = text.substr(size / 2);
  require(sockrpc::rpc::constant_time_equals(a, b) == (a == b));
  require(sockrpc::rpc::constant_time_equals(a, a));

  const auto credentials = sockrpc::rpc::parse_basic_authorization(text);
  if (!credentials) return 0;
  require(size <= sockrpc::rpc::max_authorization_size);
  require(!credentials->user.empty());
  require(credentials->user.find(':') == std::string_view::npos);
  require(no_control(credentials->user) && no_control(credentials->password));
  return 0;
}

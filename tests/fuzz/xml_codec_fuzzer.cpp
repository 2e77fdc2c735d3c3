// SPDX-License-Identifier: MIT
// libFuzzer target for the XML-RPC parser. Besides "no crash, no leak, no UB" it checks
// the round-trip property: whatever parses must serialise and parse back to the same thing.
#include <sockrpc/rpc/xml/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockrpc::rpc;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  codec_limits limits;
  limits.max_document_size = 1 << 20;

  sockrpc::status st;
  const method_call call = parse_call(xml, st, limits);
  if (!st) {
    std::string out;
    serialize_call(out, call.method, call.params, st);
    check(!st);
    check(parse_call(out, st, limits) == call);
  }

  const method_response resp = parse_response(xml, st, limits);
  if (!st) {
    const std::string out = serialize_response(resp);
    check(parse_response(out, st, limits) == resp);
  }
  return 0;
}

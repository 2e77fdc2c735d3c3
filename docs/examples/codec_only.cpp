// SPDX-License-Identifier: MIT
// docs/codec.md "Linking the codec alone": built against sockrpc::codec only. Runs to
// completion.
// [snippet:codec_only]
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/xml/codec.hpp>

#include <iostream>
#include <string>
#include <vector>

int main() {
  namespace rpc = sockrpc::rpc;
  const std::vector<rpc::value> params{rpc::to_value(std::vector<int>{1, 2, 3})};
  const std::string xml = rpc::serialize_call("stats.sum", params);  // bytes to send
  const rpc::method_call call = rpc::parse_call(xml);                // bytes received
  const auto numbers = rpc::from_value<std::vector<int>>(call.params.at(0));
  std::cout << call.method << " of " << numbers.size() << " numbers\n";
  return call.params == params ? 0 : 1;
}
// [snippet:end]

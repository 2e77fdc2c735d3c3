// SPDX-License-Identifier: MIT
// Links only sockrpc::codec, with asio unreachable (see CMakeLists.txt): encodes a call,
// decodes it, and compares, with a described struct converted both ways.
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/xml/codec.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace shop {
struct order {
  std::string item;
  int quantity = 0;
};
SOCKRPC_STRUCT(order, item, quantity)
}  // namespace shop

int main() {
  namespace rpc = sockrpc::rpc;
  const std::vector<rpc::value> params{rpc::to_value(shop::order{"tea", 3}), rpc::value("express")};
  const std::string xml = rpc::serialize_call("shop.place", params);
  const rpc::method_call call = rpc::parse_call(xml);
  if (call.method != "shop.place" || call.params != params) return 1;
  const auto order = rpc::from_value<shop::order>(call.params.at(0));
  if (order.item != "tea" || order.quantity != 3) return 1;
  std::puts("cmake consumer: codec ok");
  return 0;
}

// SPDX-License-Identifier: MIT
// struct_example
//
// A user struct crossing the wire: one SOCKRPC_STRUCT line makes `order` convert to and
// from an XML-RPC struct, so methods take and return it like any other type. Runs a
// server on a free loopback port and a client against it in one program.
#include <sockrpc/rpc.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace shop {

struct line_item {
  std::string sku;
  int quantity = 0;
  double unit_price = 0;
};
SOCKRPC_STRUCT(line_item, sku, quantity, unit_price)

struct order {
  std::string customer;
  std::vector<line_item> items;
  std::optional<std::string> note;  // optional member: may be absent on the wire
};
SOCKRPC_STRUCT(order, customer, items, note)

struct receipt {
  std::string customer;
  int items = 0;
  double total = 0;
};
SOCKRPC_STRUCT(receipt, customer, items, total)

}  // namespace shop

namespace rpc = sockrpc::rpc;
namespace tp = sockrpc::transport;

int main() {
  rpc::server server;
  server.methods().add(
      "shop.checkout",
      [](const shop::order& o) {
        shop::receipt r{o.customer, 0, 0};
        for (const auto& item : o.items) {
          r.items += item.quantity;
          r.total += item.quantity * item.unit_price;
        }
        return r;
      },
      "Totals an order.");
  server.listen_http(tp::address::loopback(tp::family::ipv4, 0));
  server.start();

  rpc::client client("http://" + server.local_address().to_string() + "/RPC2");
  const shop::order o{"Ada", {{"book", 2, 12.5}, {"pen", 3, 1.25}}, std::nullopt};
  const auto r = client.call<shop::receipt>("shop.checkout", o);
  std::cout << r.customer << ": " << r.items << " items, total " << r.total << "\n";

  // A struct with a member of the wrong type is refused with a precise fault.
  rpc::members bad{{"customer", rpc::value("Bob")}, {"items", rpc::value(42)}};
  const auto f = client.try_call("shop.checkout", rpc::value(std::move(bad)));
  if (f.is_fault()) std::cout << "fault " << f.fault().code << ": " << f.fault().message << "\n";

  server.stop();
  return r.items == 5 && f.is_fault() ? 0 : 1;
}

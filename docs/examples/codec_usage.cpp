// SPDX-License-Identifier: MIT
// docs/codec.md "Using it". Runs to completion.
#include <sockrpc/rpc.hpp>

#include <cmath>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

int main() {
  const std::string body = sockrpc::rpc::serialize_response(sockrpc::rpc::value(3));
  // clang-format off
  // [snippet:codec]
  using namespace sockrpc::rpc;

  // Writing: compact UTF-8, no DOM. Appending forms reuse a caller's buffer.
  std::string xml = serialize_call("math.add", std::vector<value>{value(1), value(2)});
  std::string buf;
  serialize_response(buf, value("ok"));                  // appends
  serialize_fault(buf, -32601, "method not found");      // appends a fault response
  sockrpc::status st;
  serialize_response(buf, value(std::nan("")), st);      // noexcept form: errc::unrepresentable

  // Reading: tinyxml2 + a strict walk.
  method_call call = parse_call(xml);                    // throws sockrpc::error
  method_response r = parse_response(body, st, codec_limits{});    // noexcept form
  if (r.is_fault()) std::cout << r.fault->code << ": " << r.fault->message << "\n";
  else std::cout << r.result << "\n";

  // Many documents in a row (a server worker): keep one parser.
  xml_parser parser(codec_limits{});
  method_call c = parser.parse_call(xml);
  // [snippet:end]
  // clang-format on
  return call.method == "math.add" && c.params.size() == 2 && st.ok() ? 0 : 1;
}

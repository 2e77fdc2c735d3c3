// SPDX-License-Identifier: MIT
// docs/idl.md "From a running server": a client generated from introspection
// (weather.sidl). Needs the server on port 8000, so the test suite only compiles it.
// clang-format off
// [snippet:client]
#include "weather.sidl.hpp"

int main() {
  sockrpc::rpc::client rpc_client("http://127.0.0.1:8000/RPC2");
  weather::weather_client api(rpc_client);      // service `weather`: methods weather.*
  sockrpc::rpc::value days = api.forecast("Oslo", 3);   // (...) -> any: any arguments
}
// [snippet:end]
// clang-format on

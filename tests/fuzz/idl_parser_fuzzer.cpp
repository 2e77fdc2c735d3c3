// SPDX-License-Identifier: MIT
// libFuzzer target: the interface-file parser and, for what it accepts, the generator.
// Any input must either parse or throw idl::parse_error; nothing else may escape.
#include <sockrpc/idl/generator.hpp>
#include <sockrpc/idl/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto doc = sockrpc::idl::parse(text, "fuzz.sidl");
    (void)sockrpc::idl::generate_cpp(doc, {"fuzz.sidl.hpp"});
  } catch (const sockrpc::idl::parse_error&) {
  }
  return 0;
}

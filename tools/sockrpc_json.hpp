// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/value/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

/// The JSON <-> XML-RPC mapping of the `sockrpc` CLI (docs/programs.md "JSON mapping"):
/// JSON integer -> int (i8 when it does not fit), number with fraction or exponent ->
/// double, string, true/false, null -> nil, array, object -> struct, and the one-member
/// objects `{"$base64": "..."}` / `{"$datetime": "YYYYMMDDTHH:MM:SS"}` for base64 / dateTime.
namespace sockrpc::cli {

/// A valid JSON argument that has no XML-RPC form (integer beyond i8, bad base64 ...).
class mapping_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The value of a command-line argument: its JSON mapping when `arg` is valid JSON,
/// otherwise the string itself. @throws mapping_error  see above.
rpc::value argument_to_value(std::string_view arg);

/// `v` as one line of JSON in the same mapping (doubles round-trip, -0.0 kept; invalid
/// UTF-8 in strings replaced by U+FFFD).
std::string value_to_json(const rpc::value& v);

}  // namespace sockrpc::cli

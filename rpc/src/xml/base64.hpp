// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

/// Base64 (RFC 4648, standard alphabet) for XML-RPC `<base64>`.
///
/// Hand-written rather than taken from a package: the one Debian candidate, libb64,
/// silently skips invalid characters (no error reporting), hard-codes line breaks every
/// 72 characters in its encoder, and is unmaintained. These are table-driven, branch-light
/// loops over whole 3/4-byte groups. Stateless; thread-safe.
namespace sockrpc::rpc::detail {

/// Number of characters `base64_encode` writes for `n` bytes (with padding).
constexpr std::size_t base64_encoded_size(std::size_t n) noexcept {
  return (n + 2) / 3 * 4;
}

/// Writes the padded encoding of `in` to `out`, which must hold
/// `base64_encoded_size(in.size())` characters. Returns the end of the written range.
char* base64_encode(std::span<const std::byte> in, char* out) noexcept;

/// Why a decode failed.
enum class base64_status { ok, bad_character, bad_padding, bad_length, too_long };

/// Appends the decoding of `text` to `out`. XML whitespace (space, TAB, CR, LF) anywhere
/// is ignored (peers break lines); padding is optional but, when present, must be correct
/// and last. Decoded output longer than `max_size` bytes is `too_long`. On failure `out`
/// holds a partial result.
base64_status base64_decode(std::string_view text, std::vector<std::byte>& out,
                            std::size_t max_size);

}  // namespace sockrpc::rpc::detail

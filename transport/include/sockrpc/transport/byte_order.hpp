// SPDX-License-Identifier: MIT
#pragma once

#include <bit>
#include <cstdint>

/// Host <-> network (big-endian) byte order conversions, usable in constant expressions.
///
/// These are functions in `sockrpc::transport`, not the C library macros; this header does
/// not include `<arpa/inet.h>`. glibc's `<netinet/in.h>` defines `htons` & co. as
/// function-like macros in optimised builds; the names below are declared in parentheses so
/// the header still compiles after it. Where those macros are in effect, call these as
/// `(transport::htons)(x)`, or use the macro-proof aliases `host_to_network16` & co.
///
/// Thread safety: pure functions, thread-safe.
namespace sockrpc::transport {

/// Reverses the byte order of a 16-bit value.
constexpr std::uint16_t byteswap16(std::uint16_t v) noexcept {
  return static_cast<std::uint16_t>((v >> 8) | (v << 8));
}

/// Reverses the byte order of a 32-bit value.
constexpr std::uint32_t byteswap32(std::uint32_t v) noexcept {
  return ((v & 0x000000ffU) << 24) | ((v & 0x0000ff00U) << 8) | ((v & 0x00ff0000U) >> 8) |
         ((v & 0xff000000U) >> 24);
}

/// Reverses the byte order of a 64-bit value.
constexpr std::uint64_t byteswap64(std::uint64_t v) noexcept {
  return (static_cast<std::uint64_t>(byteswap32(static_cast<std::uint32_t>(v))) << 32) |
         byteswap32(static_cast<std::uint32_t>(v >> 32));
}

/// Host to network order, 16 bits (a no-op on big-endian hosts).
constexpr std::uint16_t host_to_network16(std::uint16_t v) noexcept {
  return std::endian::native == std::endian::big ? v : byteswap16(v);
}
/// Host to network order, 32 bits.
constexpr std::uint32_t host_to_network32(std::uint32_t v) noexcept {
  return std::endian::native == std::endian::big ? v : byteswap32(v);
}
/// Host to network order, 64 bits.
constexpr std::uint64_t host_to_network64(std::uint64_t v) noexcept {
  return std::endian::native == std::endian::big ? v : byteswap64(v);
}
/// Network to host order, 16 bits (the same permutation as host_to_network16).
constexpr std::uint16_t network_to_host16(std::uint16_t v) noexcept {
  return host_to_network16(v);
}
/// Network to host order, 32 bits.
constexpr std::uint32_t network_to_host32(std::uint32_t v) noexcept {
  return host_to_network32(v);
}
/// Network to host order, 64 bits.
constexpr std::uint64_t network_to_host64(std::uint64_t v) noexcept {
  return host_to_network64(v);
}

// The BSD names. Parenthesised so that glibc's function-like macros cannot rewrite them.

/// Host to network order, 16 bits (BSD name).
constexpr std::uint16_t(htons)(std::uint16_t v) noexcept {
  return host_to_network16(v);
}
/// Host to network order, 32 bits (BSD name).
constexpr std::uint32_t(htonl)(std::uint32_t v) noexcept {
  return host_to_network32(v);
}
/// Host to network order, 64 bits.
constexpr std::uint64_t(htonll)(std::uint64_t v) noexcept {
  return host_to_network64(v);
}
/// Network to host order, 16 bits (BSD name).
constexpr std::uint16_t(ntohs)(std::uint16_t v) noexcept {
  return network_to_host16(v);
}
/// Network to host order, 32 bits (BSD name).
constexpr std::uint32_t(ntohl)(std::uint32_t v) noexcept {
  return network_to_host32(v);
}
/// Network to host order, 64 bits.
constexpr std::uint64_t(ntohll)(std::uint64_t v) noexcept {
  return network_to_host64(v);
}

}  // namespace sockrpc::transport

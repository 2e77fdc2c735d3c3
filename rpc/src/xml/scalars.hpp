// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/value/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

/// Text forms of XML-RPC scalars, locale-independent (std::to_chars / std::from_chars).
/// Parsers take text already trimmed of surrounding XML whitespace. Stateless; thread-safe.
namespace sockrpc::rpc::detail {

/// Longest text `format_double` produces (shortest fixed form of 5e-324 / DBL_MAX, sign, ".0").
inline constexpr std::size_t max_double_chars = 340;
/// Longest text `format_date_time` produces ("YYYYMMDDTHH:MM:SS+hh:mm").
inline constexpr std::size_t max_date_time_chars = 23;

/// Optional sign, then decimal digits (no whitespace). Empty on bad syntax or overflow.
std::optional<std::int32_t> parse_i4(std::string_view s) noexcept;
std::optional<std::int64_t> parse_i8(std::string_view s) noexcept;

/// Writes the shortest fixed-notation decimal that reads back as exactly `d` ("-0.0",
/// "0.1", "100.0"; never an exponent). `d` must be finite. Returns the end.
char* format_double(double d, char* out) noexcept;
/// Optional sign, digits with an optional fraction, optional exponent (what Python and
/// Java peers write). Rejects NaN, infinities, hex floats, and values out of range.
std::optional<double> parse_double(std::string_view s) noexcept;

/// True when the fields form a date and time `format_date_time` can write (year 0..9999,
/// real calendar day, hour 0..23, minute 0..59, second 0..60, offset within +-23:59).
bool valid_date_time(const date_time& t) noexcept;
/// Writes "YYYYMMDDTHH:MM:SS" plus "Z" (offset 0) or "+hh:mm" when an offset is set.
char* format_date_time(const date_time& t, char* out) noexcept;
/// Accepts "YYYYMMDDTHH:MM:SS" and "YYYY-MM-DDTHH:MM:SS", each optionally followed by
/// "Z", "+hh:mm", "+hhmm" or "+hh" (or '-'). Fractional seconds are refused.
std::optional<date_time> parse_date_time(std::string_view s) noexcept;

}  // namespace sockrpc::rpc::detail

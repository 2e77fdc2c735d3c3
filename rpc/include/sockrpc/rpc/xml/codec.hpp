// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

/// The XML-RPC codec: `methodCall` and `methodResponse` documents to and from `value`s.
///
/// Serialisation writes the XML directly (no DOM) into a caller-supplied or new string.
/// Parsing uses tinyxml2 and walks its DOM into `value`s, validating strictly; what real
/// peers send (bare `<value>text</value>`, `i4`/`int`, `nil`/`i8` with or without the `ex:`
/// prefix, dateTime with or without dashes and with a time zone suffix, base64 with line
/// breaks) is accepted; anything else is rejected with a `sockrpc::error` whose `what()` names
/// the path to the offending element, e.g.
/// `methodCall/params/param[2]/value/struct/member[1]/value: expected one of ...`.
/// See docs/codec.md for the accepted variants, the escaping policy and the limits.
///
/// Errors: the throwing forms throw `sockrpc::error` whose `code()` is one of
/// `errc::xml_parse_error`, `errc::invalid_document`, `errc::limit_exceeded` (these three
/// compare equal to `condition::protocol_failure`) or `errc::unrepresentable`, and whose
/// `what()` is exactly the message: the path to the element (or, when serialising, the
/// value) and what was expected. The `noexcept` forms fill a `sockrpc::status&` with the
/// same code and message instead.
///
/// Every function is reentrant and keeps no state: distinct calls are thread-safe.
namespace sockrpc::rpc {

/// Upper bound for `codec_limits::max_depth`. tinyxml2 refuses documents nested deeper
/// than `TINYXML2_MAX_ELEMENT_DEPTH` (100) elements; a value at nesting level d sits at
/// element depth 3d + 2 inside a `methodResponse`, so 32 is the deepest level it can hold.
inline constexpr std::size_t max_supported_depth = 32;

/// Limits applied while parsing (and, for `max_depth`, while serialising). Exceeding one
/// is `errc::limit_exceeded`. The defaults are safe for a server facing the network.
struct codec_limits {
  /// Largest document accepted, in bytes. Default 32 MiB (the HTTP body limit).
  std::size_t max_document_size = 32 * 1024 * 1024;
  /// Deepest nesting of arrays/structs: a scalar param is level 1, an array of scalars 2.
  /// Default 24; values above `max_supported_depth` act as `max_supported_depth`.
  std::size_t max_depth = 24;
  /// Longest string, member name, method name or decoded base64, in bytes. Default 16 MiB.
  std::size_t max_string_length = 16 * 1024 * 1024;
  /// Most elements of one array, members of one struct, or params of one document.
  /// Default 1,000,000.
  std::size_t max_members = 1'000'000;
};

/// A decoded `methodCall`.
struct method_call {
  std::string method;
  std::vector<value> params;
  friend bool operator==(const method_call&, const method_call&) = default;
};

/// A decoded `methodResponse`: either one result value or a fault.
struct method_response {
  /// The single `<param>` value; nil when `fault` is set.
  value result;
  /// Set when the response is a `<fault>`.
  std::optional<fault_info> fault;
  bool is_fault() const noexcept { return fault.has_value(); }
  friend bool operator==(const method_response&, const method_response&) = default;
};

// ---- serialisation --------------------------------------------------------------------
//
// Output is compact UTF-8 (no whitespace between elements) starting with
// `<?xml version="1.0"?>`. Strings are escaped: `<`, `&`, `>` as entities, CR as `&#13;`
// (so it survives XML line-end normalisation); other characters XML 1.0 forbids (C0
// controls except TAB/LF/CR, U+FFFE, U+FFFF) and invalid UTF-8 are refused with
// `errc::unrepresentable`, as are NaN and infinities and dateTime fields out of range.
// Doubles use the shortest decimal form that round-trips (no exponent), so every finite
// double including -0.0 is preserved bit for bit. Nesting deeper than `max_supported_depth`
// is `errc::limit_exceeded`.
//
// The appending forms add to `out` (servers reuse one buffer); on failure `out` is
// restored to its previous size. The `sockrpc::status&` forms are noexcept: they receive
// the code and the exact message the throwing form would carry (allocation failure is
// reported as `std::errc::not_enough_memory`).

/// Serialises a `methodCall`. @throws sockrpc::error
std::string serialize_call(std::string_view method, std::span<const value> params);
/// Serialises a `methodCall`. @throws sockrpc::error
std::string serialize_call(const method_call& call);
/// Appends a `methodCall` to `out`. @throws sockrpc::error
void serialize_call(std::string& out, std::string_view method, std::span<const value> params);
/// Appends a `methodCall` to `out`, reporting failure through `st`.
void serialize_call(std::string& out, std::string_view method, std::span<const value> params,
                    sockrpc::status& st) noexcept;

/// Serialises a `methodResponse` carrying `result`. @throws sockrpc::error
std::string serialize_response(const value& result);
/// Appends a `methodResponse` carrying `result` to `out`. @throws sockrpc::error
void serialize_response(std::string& out, const value& result);
/// Appends a `methodResponse` carrying `result`, reporting failure through `st`.
void serialize_response(std::string& out, const value& result, sockrpc::status& st) noexcept;

/// Serialises a fault `methodResponse`. @throws sockrpc::error (e.g. a control character in
/// `message`).
std::string serialize_fault(std::int32_t code, std::string_view message);
/// Appends a fault `methodResponse` to `out`. @throws sockrpc::error
void serialize_fault(std::string& out, std::int32_t code, std::string_view message);
/// Appends a fault `methodResponse`, reporting failure through `st`.
void serialize_fault(std::string& out, std::int32_t code, std::string_view message,
                     sockrpc::status& st) noexcept;
/// Serialises either kind of `methodResponse`. @throws sockrpc::error
std::string serialize_response(const method_response& response);

/// Appends just `<value>...</value>` for `v` (no XML declaration). @throws sockrpc::error
void serialize_value(std::string& out, const value& v);

// ---- parsing ----------------------------------------------------------------------------
//
// `xml` is borrowed for the call. Errors: `errc::xml_parse_error` (not well-formed XML,
// undefined entity, invalid UTF-8, forbidden character; maps to fault -32700),
// `errc::invalid_document` (well-formed but not the expected XML-RPC document; -32600),
// `errc::limit_exceeded` (a `codec_limits` bound). A DOCTYPE is refused
// (`invalid_document`); entities other than the five predefined ones and character
// references are never expanded.

/// Parses a `methodCall`. @throws sockrpc::error
method_call parse_call(std::string_view xml, const codec_limits& limits = {});
/// Parses a `methodCall`, reporting failure through `st` (then the result is empty).
method_call parse_call(std::string_view xml, sockrpc::status& st,
                       const codec_limits& limits = {}) noexcept;

/// Parses a `methodResponse` (params or fault). @throws sockrpc::error
method_response parse_response(std::string_view xml, const codec_limits& limits = {});
/// Parses a `methodResponse`, reporting failure through `st` (then the result is empty).
method_response parse_response(std::string_view xml, sockrpc::status& st,
                               const codec_limits& limits = {}) noexcept;

/// A reusable parser. Parsing the same kind of documents repeatedly through one object is
/// several times faster than the free functions for large documents: tinyxml2's node pools
/// are kept between calls instead of being allocated (and page-faulted in) each time. The
/// pools retain the memory of the largest document parsed; destroy the parser to release it.
/// Move-only. Thread safety: not thread-safe (keep one per thread or connection).
///
/// Example: `xml_parser p; for (auto& body : bodies) handle(p.parse_call(body));`
class xml_parser {
 public:
  /// A parser applying `limits` to every document.
  explicit xml_parser(const codec_limits& limits = {});
  ~xml_parser();
  xml_parser(xml_parser&&) noexcept;
  xml_parser& operator=(xml_parser&&) noexcept;

  /// As the free `parse_call`. @throws sockrpc::error
  method_call parse_call(std::string_view xml);
  /// As the free `parse_call`, reporting failure through `st`.
  method_call parse_call(std::string_view xml, sockrpc::status& st) noexcept;
  /// As the free `parse_response`. @throws sockrpc::error
  method_response parse_response(std::string_view xml);
  /// As the free `parse_response`, reporting failure through `st`.
  method_response parse_response(std::string_view xml, sockrpc::status& st) noexcept;

  /// The limits in force.
  const codec_limits& limits() const noexcept { return limits_; }

 private:
  struct impl;  // owns the tinyxml2 document (kept out of this header)
  std::unique_ptr<impl> impl_;
  codec_limits limits_;
};

}  // namespace sockrpc::rpc

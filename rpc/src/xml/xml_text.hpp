// SPDX-License-Identifier: MIT
#pragma once

#include "detail/trim.hpp"

#include <cstddef>
#include <string>
#include <string_view>

/// Character data of XML-RPC documents: escaping on output, entity decoding and
/// validation on input. Independent of tinyxml2. Stateless; thread-safe.
namespace sockrpc::rpc::detail {

/// Why text was refused.
enum class text_status {
  ok,
  invalid_utf8,    ///< not well-formed UTF-8 (overlong, surrogate, truncated, > U+10FFFF)
  forbidden_char,  ///< a character XML 1.0 forbids (C0 control other than TAB/LF/CR,
                   ///< U+FFFE, U+FFFF), raw or as a character reference
  bad_reference,   ///< `&` not starting a predefined entity or a character reference
};

/// Human-readable reason for `s`.
std::string_view describe(text_status s) noexcept;

/// Result of `scan_for_escape`.
struct text_scan {
  text_status status = text_status::ok;
  std::size_t escaped_size = 0;  ///< size after escaping, when `status` is ok
  std::size_t error_offset = 0;  ///< byte offset of the offending byte otherwise
};

/// Validates `in` as XML character data (UTF-8, no forbidden characters) and computes the
/// size of its escaped form: `<` `&lt;`, `>` `&gt;`, `&` `&amp;`, CR `&#13;`.
text_scan scan_for_escape(std::string_view in) noexcept;

/// Writes the escaped form of `in` (already validated by `scan_for_escape`) to `out`,
/// which holds `escaped_size` characters. Returns the end of the written range.
char* write_escaped(std::string_view in, char* out) noexcept;

/// Result of `decode_text`.
struct decode_result {
  text_status status = text_status::ok;
  std::size_t error_offset = 0;
};

/// Appends `raw` (element text, line ends already normalised by the XML parser, entities
/// not yet expanded) to `out`, expanding `&lt; &gt; &amp; &quot; &apos;` and `&#N; &#xH;`
/// and validating UTF-8 and the XML character set. No other entity is ever expanded.
decode_result decode_text(std::string_view raw, std::string& out);

/// Appends CDATA content: validated like `decode_text`, but `&` is literal.
decode_result append_cdata(std::string_view raw, std::string& out);

/// XML whitespace: space, TAB, CR, LF.
constexpr bool is_xml_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// `s` without leading and trailing XML whitespace.
constexpr std::string_view trim_xml_space(std::string_view s) noexcept {
  return trim_if(s, is_xml_space);
}

}  // namespace sockrpc::rpc::detail

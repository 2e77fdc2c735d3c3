// SPDX-License-Identifier: MIT
#pragma once

#include "xml/xml_text.hpp"

#include <tinyxml2.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

/// Access to tinyxml2's DOM as the XML-RPC reader needs it: the whitespace mode per
/// tinyxml2 version, element-name tests, the text of scalar elements read without copying,
/// and the whitespace-only text tinyxml2 9 drops. Only the reader (xml_reader*.cpp) and the
/// entry functions (xml_codec.cpp) include this header, and with it tinyxml2.
/// Stateless functions of borrowed nodes; thread-safe on distinct documents.
namespace sockrpc::rpc::detail {

using tinyxml2::XMLElement;
using tinyxml2::XMLNode;
using tinyxml2::XMLText;

#if TINYXML2_MAJOR_VERSION >= 10
// Keeps whitespace-only text nodes, so `<string>  </string>` is two spaces.
inline constexpr auto whitespace_mode = tinyxml2::PEDANTIC_WHITESPACE;
inline constexpr bool recover_whitespace_only_text = false;
inline constexpr bool read_in_place_buffer = false;
#else
// tinyxml2 < 10 drops whitespace-only text in every mode; `raw_whitespace` recovers it.
inline constexpr auto whitespace_mode = tinyxml2::PRESERVE_WHITESPACE;
inline constexpr bool recover_whitespace_only_text = true;
// tinyxml2 9 parses in place: an element's name is NUL-terminated in the document buffer
// where its terminator stood, and its content follows untouched. raw_whitespace and
// direct_text read that layout; they are only enabled for the version they were tested on.
inline constexpr bool read_in_place_buffer = TINYXML2_MAJOR_VERSION == 9;
#endif

// `name` equals the literal `lit`. Inlined and unrolled; stops at the first difference,
// so it never reads past the end of `name`.
template <std::size_t N>
bool named(const char* name, const char (&lit)[N]) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (name[i] != lit[i]) return false;
  }
  return true;
}

template <std::size_t N>
bool name_is(const XMLElement* e, const char (&lit)[N]) noexcept {
  return named(e->Name(), lit);
}

// Trimmed text of a number, boolean, dateTime or base64 element `e` (`name` is e->Name(),
// `name_size` its length) when its only child is one plain (non-CDATA) text node: the
// common shape, read without copying. A null view for any other shape (no child, several
// children, CDATA, comments); the caller then, and whenever the text does not parse, takes
// the general path (scalar_text), which also expands entities and reports errors.
//
// With tinyxml2 9 the text is read from the buffer in place, skipping the line-end
// normalisation tinyxml2 does lazily on first access (~25 instructions a byte, most of
// the cost of a small number). The result may then differ from Value() in two ways, both
// harmless for these grammars, which accept no '>' or '&' and treat CR and LF alike (as
// surrounding whitespace, or ignored inside base64): CR is not yet turned into LF, and when
// the name ended at whitespace (`<i4 >`) the view starts with the rest of the tag (its
// '>' fails the parse, so the general path decides).
inline std::string_view direct_text(const XMLElement* e, const char* name, std::size_t name_size) {
  const XMLNode* n = e->FirstChild();
  if (n == nullptr || n->NextSibling() != nullptr) return {};
  const XMLText* t = n->ToText();
  if (t == nullptr || t->CData()) return {};
  if (read_in_place_buffer && e->FirstAttribute() == nullptr) {
    const char* const begin = name + name_size + 1;  // past the NUL ending the name
    // Up to the end tag's '<', or the NUL tinyxml2 wrote there if the text was flushed.
    return detail::trim_xml_space(std::string_view(begin, std::strcspn(begin, "<")));
  }
  return detail::trim_xml_space(t->Value());
}

// Child nodes of `e`, counting at most `limit + 1`: an upper bound on its elements,
// used to reserve. Walks sibling pointers only (no virtual calls).
inline std::size_t count_children(const XMLElement* e, std::size_t limit) noexcept {
  std::size_t n = 0;
  for (const XMLNode* c = e->FirstChild(); c != nullptr && n <= limit; c = c->NextSibling())
    ++n;
  return n;
}

// The whitespace-only content of a childless `<e>   </e>` that tinyxml2 9 dropped. Its parse
// is in place: the element name is NUL-terminated where its terminator ('>' or whitespace)
// stood, and the untouched content follows up to the '<' of the end tag. Only used for
// elements without attributes that were not self-closing (`<e/>`).
inline std::string raw_whitespace(const XMLElement* e) {
  std::string out;
  if (!recover_whitespace_only_text || e->ClosingType() != XMLElement::OPEN ||
      e->FirstAttribute() != nullptr) {
    return out;
  }
  const char* p = e->Name();
  p += std::strlen(p) + 1;
  const char* q = p;
  while (detail::is_xml_space(*q))
    ++q;
  if (*q == '>') {  // the name ended at whitespace: "<e  >content"
    p = ++q;
    while (detail::is_xml_space(*q))
      ++q;
  }
  if (*q != '<') return out;  // not the expected layout: leave empty
  for (; p < q; ++p) {        // XML line-end normalisation: CRLF and CR become LF
    if (*p == '\r') {
      if (p + 1 < q && p[1] == '\n') ++p;
      out.push_back('\n');
    } else {
      out.push_back(*p);
    }
  }
  return out;
}

inline bool only_space(const char* s) {
  while (detail::is_xml_space(*s))
    ++s;
  return *s == '\0';
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
// XML-RPC parsing: tinyxml2 builds the DOM (the only file that includes it), a strict walk
// turns it into values. Serialisation lives in xml_serialize.cpp (no DOM needed there).
#include <sockrpc/rpc/xml/codec.hpp>

#include "xml/base64.hpp"
#include "xml/codec_error.hpp"
#include "xml/scalars.hpp"
#include "xml/xml_text.hpp"

#include <tinyxml2.h>

#include <cstring>
#include <new>
#include <optional>
#include <unordered_set>

namespace sockrpc::rpc {
namespace {

using detail::failure;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;
using tinyxml2::XMLText;

static_assert(max_supported_depth * 3 + 3 <= TINYXML2_MAX_ELEMENT_DEPTH,
              "a methodResponse nested max_supported_depth levels must fit tinyxml2's limit");

#if TINYXML2_MAJOR_VERSION >= 10
// Keeps whitespace-only text nodes, so `<string>  </string>` is two spaces.
constexpr auto whitespace_mode = tinyxml2::PEDANTIC_WHITESPACE;
constexpr bool recover_whitespace_only_text = false;
constexpr bool read_in_place_buffer = false;
#else
// tinyxml2 < 10 drops whitespace-only text in every mode; `raw_whitespace` recovers it.
constexpr auto whitespace_mode = tinyxml2::PRESERVE_WHITESPACE;
constexpr bool recover_whitespace_only_text = true;
// tinyxml2 9 parses in place: an element's name is NUL-terminated in the document buffer
// where its terminator stood, and its content follows untouched. raw_whitespace and
// direct_text read that layout; they are only enabled for the version they were tested on.
constexpr bool read_in_place_buffer = TINYXML2_MAJOR_VERSION == 9;
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
std::string_view direct_text(const XMLElement* e, const char* name, std::size_t name_size) {
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
std::size_t count_children(const XMLElement* e, std::size_t limit) noexcept {
  std::size_t n = 0;
  for (const XMLNode* c = e->FirstChild(); c != nullptr && n <= limit; c = c->NextSibling())
    ++n;
  return n;
}

std::string quoted(std::string_view s) {
  constexpr std::size_t max_shown = 40;
  std::string q = "\"";
  q.append(s.substr(0, max_shown));
  if (s.size() > max_shown) q += "...";
  q += '"';
  return q;
}

// The whitespace-only content of a childless `<e>   </e>` that tinyxml2 9 dropped. Its parse
// is in place: the element name is NUL-terminated where its terminator ('>' or whitespace)
// stood, and the untouched content follows up to the '<' of the end tag. Only used for
// elements without attributes that were not self-closing (`<e/>`).
std::string raw_whitespace(const XMLElement* e) {
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

bool only_space(const char* s) {
  while (detail::is_xml_space(*s))
    ++s;
  return *s == '\0';
}

class parser {
 public:
  parser(const codec_limits& limits, failure& f)
      : limits_(limits),
        max_depth_(limits.max_depth < max_supported_depth ? limits.max_depth : max_supported_depth),
        f_(f) {}

  // Parses `xml` and returns the root element named `root`, or null with `f_` set.
  const XMLElement* load(tinyxml2::XMLDocument& doc, std::string_view xml, const char* root) {
    if (xml.size() > limits_.max_document_size) {
      f_.set(errc::limit_exceeded, "document of " + std::to_string(xml.size()) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(limits_.max_document_size));
      return nullptr;
    }
    if (xml.empty()) {
      f_.set(errc::xml_parse_error, "empty document");
      return nullptr;
    }
    const auto err = doc.Parse(xml.data(), xml.size());
    if (err == tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED) {
      f_.set(errc::limit_exceeded,
             "elements nested deeper than " + std::to_string(TINYXML2_MAX_ELEMENT_DEPTH));
      return nullptr;
    }
    if (err != tinyxml2::XML_SUCCESS) {
      f_.set(errc::xml_parse_error, std::string("malformed XML: ") + doc.ErrorStr());
      return nullptr;
    }
    const XMLElement* found = nullptr;
    for (const XMLNode* n = doc.FirstChild(); n != nullptr; n = n->NextSibling()) {
      if (n->ToDeclaration() != nullptr || n->ToComment() != nullptr) continue;
      if (const XMLElement* e = n->ToElement(); e != nullptr && found == nullptr) {
        found = e;
        continue;
      }
      if (n->ToUnknown() != nullptr) {
        f_.set(errc::invalid_document, "DOCTYPE and other markup declarations are not accepted");
      } else if (n->ToText() != nullptr) {
        f_.set(errc::xml_parse_error, "text outside the root element");
      } else {
        f_.set(errc::xml_parse_error, "more than one root element");
      }
      return nullptr;
    }
    if (found == nullptr) {
      f_.set(errc::xml_parse_error, "no root element");
      return nullptr;
    }
    if (std::strcmp(found->Name(), root) != 0) {
      f_.set(errc::invalid_document,
             std::string("expected <") + root + ">, got <" + found->Name() + ">");
      return nullptr;
    }
    return found;
  }

  // The next child element of a container after `n` (null at the end). Comments and
  // whitespace are skipped; text or other markup is an error (`ok` false).
  const XMLElement* next_element(const XMLNode*& n, const char* container, bool& ok) {
    for (; n != nullptr; n = n->NextSibling()) {
      if (const XMLElement* e = n->ToElement(); e != nullptr) {
        n = n->NextSibling();
        return e;
      }
      if (n->ToComment() != nullptr) continue;
      if (const XMLText* t = n->ToText(); t != nullptr && !t->CData() && only_space(t->Value())) {
        continue;
      }
      f_.set(errc::invalid_document, std::string("unexpected text in <") + container + ">");
      ok = false;
      return nullptr;
    }
    return nullptr;
  }

  // Character data of `e` (entities expanded), which must hold no element.
  bool text_of(const XMLElement* e, std::string& out) {
    const XMLNode* n = e->FirstChild();
    if (n == nullptr) {
      out = raw_whitespace(e);
      return check_length(out.size());
    }
    for (; n != nullptr; n = n->NextSibling()) {
      detail::decode_result r;
      if (const XMLText* t = n->ToText(); t != nullptr) {
        const char* s = t->Value();
        r = t->CData() ? detail::append_cdata(s, out) : detail::decode_text(s, out);
      } else if (n->ToComment() != nullptr) {
        continue;
      } else if (const XMLElement* c = n->ToElement(); c != nullptr) {
        f_.set(errc::invalid_document, std::string("unexpected element <") + c->Name() + ">");
        return false;
      } else {
        f_.set(errc::invalid_document, "unexpected markup");
        return false;
      }
      if (r.status != detail::text_status::ok) {
        f_.set(errc::xml_parse_error, std::string(detail::describe(r.status)) + " in text");
        return false;
      }
    }
    return check_length(out.size());
  }

  // Text of a scalar element, trimmed of XML whitespace. Points into the document or
  // into `scratch`.
  bool scalar_text(const XMLElement* e, std::string_view& out, std::string& scratch) {
    const XMLNode* n = e->FirstChild();
    if (n != nullptr && n->NextSibling() == nullptr) {
      if (const XMLText* t = n->ToText(); t != nullptr && !t->CData()) {
        const char* s = t->Value();
        if (std::strchr(s, '&') == nullptr) {
          out = detail::trim_xml_space(s);
          return true;
        }
      }
    }
    if (!text_of(e, scratch)) return false;
    out = detail::trim_xml_space(scratch);
    return true;
  }

  bool check_length(std::size_t n) {
    if (n <= limits_.max_string_length) return true;
    f_.set(errc::limit_exceeded, "text of " + std::to_string(n) + " bytes exceeds the limit of " +
                                     std::to_string(limits_.max_string_length));
    return false;
  }

  bool check_count(std::size_t n, const char* what) {
    if (n <= limits_.max_members) return true;
    f_.set(errc::limit_exceeded,
           std::string("more than ") + std::to_string(limits_.max_members) + " " + what);
    return false;
  }

  // Parses the `<value>` element `v` at nesting level `depth`. On failure the segments
  // inside `v` are recorded; the caller adds the one naming `v`.
  bool read_value(const XMLElement* v, value& out, std::size_t depth) {
    if (depth > max_depth_) {
      f_.set(errc::limit_exceeded, "nesting deeper than " + std::to_string(max_depth_) + " levels");
      return false;
    }
    const XMLElement* type = nullptr;
    bool text = false;
    for (const XMLNode* n = v->FirstChild(); n != nullptr; n = n->NextSibling()) {
      if (const XMLElement* e = n->ToElement(); e != nullptr) {
        if (type != nullptr) {
          f_.set(errc::invalid_document, std::string("more than one element in <value>: <") +
                                             type->Name() + "> and <" + e->Name() + ">");
          return false;
        }
        type = e;
      } else if (const XMLText* t = n->ToText(); t != nullptr) {
        text = text || t->CData() || !only_space(t->Value());
      } else if (n->ToComment() == nullptr) {
        f_.set(errc::invalid_document, "unexpected markup in <value>");
        return false;
      }
    }
    if (type == nullptr) {  // bare text is a string
      std::string s;
      if (!text_of(v, s)) return false;
      out = value(std::move(s));
      return true;
    }
    if (text) {
      f_.set(errc::invalid_document, std::string("text beside <") + type->Name() + "> in <value>");
      return false;
    }
    unknown_type_ = false;
    if (!read_typed(type, out, depth)) {
      if (!unknown_type_) f_.enclose(type->Name());
      unknown_type_ = false;
      return false;
    }
    return true;
  }

  bool read_typed(const XMLElement* e, value& out, std::size_t depth) {
    const char* name = e->Name();
    std::string scratch;
    std::string_view s;
    auto bad = [&](const char* expected) {
      f_.set(errc::invalid_document, std::string("expected ") + expected + ", got " + quoted(s));
      return false;
    };
    switch (name[0]) {
      case 'i':
        if (named(name, "i4") || named(name, "int")) {
          auto i = detail::parse_i4(direct_text(e, name, name[1] == '4' ? 2 : 3));
          if (!i) {
            if (!scalar_text(e, s, scratch)) return false;
            i = detail::parse_i4(s);
            if (!i) return bad("a 32-bit integer");
          }
          out = value(*i);
          return true;
        }
        if (named(name, "i8")) return read_i8(e, name, 2, out);
        break;
      case 'e':
        if (named(name, "ex:i8")) return read_i8(e, name, 5, out);
        if (named(name, "ex:nil")) return read_nil(e, out);
        break;
      case 'n':
        if (named(name, "nil")) return read_nil(e, out);
        break;
      case 'b':
        if (named(name, "boolean")) {
          s = direct_text(e, name, 7);
          if (s != "0" && s != "1") {
            if (!scalar_text(e, s, scratch)) return false;
            if (s != "0" && s != "1") return bad("0 or 1");
          }
          out = value(s == "1");
          return true;
        }
        if (named(name, "base64")) {
          binary b;
          const std::string_view direct = direct_text(e, name, 6);
          auto status = direct.data() == nullptr  // another shape than one text node
                            ? detail::base64_status::bad_character
                            : detail::base64_decode(direct, b, limits_.max_string_length);
          if (status != detail::base64_status::ok) {  // the general path decides
            b.clear();
            if (!scalar_text(e, s, scratch)) return false;
            status = detail::base64_decode(s, b, limits_.max_string_length);
          }
          switch (status) {
            case detail::base64_status::ok:
              out = value(std::move(b));
              return true;
            case detail::base64_status::too_long:
              return check_length(b.size());
            default:
              f_.set(errc::invalid_document, "invalid base64");
              return false;
          }
        }
        break;
      case 'd':
        if (named(name, "double")) {
          auto d = detail::parse_double(direct_text(e, name, 6));
          if (!d) {
            if (!scalar_text(e, s, scratch)) return false;
            d = detail::parse_double(s);
            if (!d) return bad("a finite decimal number");
          }
          out = value(*d);
          return true;
        }
        if (named(name, "dateTime.iso8601")) {
          auto t = detail::parse_date_time(direct_text(e, name, 16));
          if (!t) {
            if (!scalar_text(e, s, scratch)) return false;
            t = detail::parse_date_time(s);
            if (!t) return bad("a date and time like 20240131T23:59:59");
          }
          out = value(*t);
          return true;
        }
        break;
      case 's':
        if (named(name, "string")) {
          std::string str;
          if (!text_of(e, str)) return false;
          out = value(std::move(str));
          return true;
        }
        if (named(name, "struct")) return read_struct(e, out, depth);
        break;
      case 'a':
        if (named(name, "array")) return read_array(e, out, depth);
        break;
      default:
        break;
    }
    f_.set(errc::invalid_document,
           std::string("expected one of i4, int, i8, boolean, string, double, "
                       "dateTime.iso8601, base64, array, struct, nil; got <") +
               name + ">");
    unknown_type_ = true;
    return false;
  }

  bool read_i8(const XMLElement* e, const char* name, std::size_t name_size, value& out) {
    std::string scratch;
    std::string_view s;
    auto i = detail::parse_i8(direct_text(e, name, name_size));
    if (!i) {
      if (!scalar_text(e, s, scratch)) return false;
      i = detail::parse_i8(s);
    }
    if (!i) {
      f_.set(errc::invalid_document, "expected a 64-bit integer, got " + quoted(s));
      return false;
    }
    out = value(*i);
    return true;
  }

  bool read_nil(const XMLElement* e, value& out) {
    for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
      const XMLText* t = n->ToText();
      if (n->ToComment() == nullptr && (t == nullptr || t->CData() || !only_space(t->Value()))) {
        f_.set(errc::invalid_document, "expected an empty <nil/>");
        return false;
      }
    }
    out = value(nil);
    return true;
  }

  bool read_array(const XMLElement* e, value& out, std::size_t depth) {
    bool ok = true;
    const XMLNode* n = e->FirstChild();
    const XMLElement* data = next_element(n, "array", ok);
    if (!ok) return false;
    if (data == nullptr || !name_is(data, "data") || next_element(n, "array", ok) != nullptr) {
      if (ok) f_.set(errc::invalid_document, "expected exactly one <data>");
      return false;
    }
    array items;
    items.reserve(count_children(data, limits_.max_members));  // no regrowth of large arrays
    n = data->FirstChild();
    for (std::size_t i = 0;; ++i) {
      const XMLElement* v = next_element(n, "data", ok);
      if (v == nullptr) break;
      if (!name_is(v, "value")) {
        f_.set(errc::invalid_document, std::string("expected <value>, got <") + v->Name() + ">");
        f_.enclose("data");
        return false;
      }
      if (i >= limits_.max_members && !check_count(i + 1, "array elements")) {
        f_.enclose("data");
        return false;
      }
      if (!read_value(v, items.emplace_back(), depth + 1)) {
        f_.enclose(detail::indexed("value", i));
        f_.enclose("data");
        return false;
      }
    }
    if (!ok) {
      f_.enclose("data");
      return false;
    }
    out = value(std::move(items));
    return true;
  }

  bool read_member(const XMLElement* m, members& into, std::size_t depth) {
    const XMLElement* name = nullptr;
    const XMLElement* val = nullptr;
    bool ok = true;
    const XMLNode* n = m->FirstChild();
    while (const XMLElement* c = next_element(n, "member", ok)) {
      if (name_is(c, "name") && name == nullptr) {
        name = c;
      } else if (name_is(c, "value") && val == nullptr) {
        val = c;
      } else {
        f_.set(errc::invalid_document,
               std::string("expected one <name> and one <value>, got <") + c->Name() + ">");
        return false;
      }
    }
    if (!ok) return false;
    if (name == nullptr || val == nullptr) {
      f_.set(errc::invalid_document, name == nullptr ? "missing <name>" : "missing <value>");
      return false;
    }
    std::string key;
    if (!text_of(name, key)) {
      f_.enclose("name");
      return false;
    }
    // Read in place; after a failure the whole document is refused, so the half-read
    // member left behind is never seen.
    if (!read_value(val, into.emplace_back(std::move(key)), depth + 1)) {
      f_.enclose("value");
      return false;
    }
    return true;
  }

  bool read_struct(const XMLElement* e, value& out, std::size_t depth) {
    members m;
    m.reserve(count_children(e, limits_.max_members));  // one allocation per struct
    bool ok = true;
    const XMLNode* n = e->FirstChild();
    std::size_t i = 0;
    for (; const XMLElement* c = next_element(n, "struct", ok); ++i) {
      if (!name_is(c, "member")) {
        f_.set(errc::invalid_document, std::string("expected <member>, got <") + c->Name() + ">");
        return false;
      }
      if (i >= limits_.max_members && !check_count(i + 1, "struct members")) return false;
      if (!read_member(c, m, depth)) {
        f_.enclose(detail::indexed("member", i));
        return false;
      }
    }
    if (!ok) return false;
    if (!check_unique(m)) return false;
    out = value(std::move(m));
    return true;
  }

  // Duplicate member names are refused: peers disagree on which one wins.
  bool check_unique(const members& m) {
    constexpr std::size_t linear_up_to = 16;
    std::size_t i = 0;
    auto dup = [&](const std::string& key) {
      f_.set(errc::invalid_document, "duplicate member name " + quoted(key));
      f_.enclose("name");
      f_.enclose(detail::indexed("member", i));
      return false;
    };
    if (m.size() <= linear_up_to) {
      for (auto it = m.begin(); it != m.end(); ++it, ++i) {
        for (auto jt = m.begin(); jt != it; ++jt) {
          if (jt->first == it->first) return dup(it->first);
        }
      }
      return true;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(m.size());
    for (auto it = m.begin(); it != m.end(); ++it, ++i) {
      if (!seen.insert(it->first).second) return dup(it->first);
    }
    return true;
  }

  // <params> of a call (any number) or a response (exactly one, `single`).
  bool read_params(const XMLElement* params, std::vector<value>& out, bool single) {
    bool ok = true;
    const XMLNode* n = params->FirstChild();
    std::size_t i = 0;
    for (; const XMLElement* p = next_element(n, "params", ok); ++i) {
      if (!name_is(p, "param")) {
        f_.set(errc::invalid_document, std::string("expected <param>, got <") + p->Name() + ">");
        return false;
      }
      if (!check_count(i + 1, "params")) return false;
      const XMLNode* pn = p->FirstChild();
      const XMLElement* v = next_element(pn, "param", ok);
      if (ok &&
          (v == nullptr || !name_is(v, "value") || next_element(pn, "param", ok) != nullptr)) {
        if (ok) f_.set(errc::invalid_document, "expected exactly one <value>");
        ok = false;
      }
      if (ok && !read_value(v, out.emplace_back(), 1)) {
        f_.enclose("value");
        ok = false;
      }
      if (!ok) {
        f_.enclose(detail::indexed("param", i));
        return false;
      }
    }
    if (!ok) return false;
    if (single && i != 1) {
      f_.set(errc::invalid_document, "expected exactly one <param>, got " + std::to_string(i));
      return false;
    }
    return true;
  }

  bool read_call(const XMLElement* root, method_call& call) {
    bool ok = true;
    const XMLNode* n = root->FirstChild();
    const XMLElement* name = next_element(n, "methodCall", ok);
    if (ok && (name == nullptr || !name_is(name, "methodName"))) {
      f_.set(errc::invalid_document, "expected <methodName> first");
      return false;
    }
    if (!ok) return false;
    if (!text_of(name, call.method)) {
      f_.enclose("methodName");
      return false;
    }
    if (call.method.empty()) {
      f_.set(errc::invalid_document, "empty method name");
      f_.enclose("methodName");
      return false;
    }
    const XMLElement* params = next_element(n, "methodCall", ok);
    if (!ok) return false;
    if (params == nullptr) return true;  // <params> may be omitted when there are none
    if (!name_is(params, "params") || next_element(n, "methodCall", ok) != nullptr) {
      if (ok) f_.set(errc::invalid_document, "expected <methodName> and optional <params> only");
      return false;
    }
    if (!read_params(params, call.params, false)) {
      f_.enclose("params");
      return false;
    }
    return true;
  }

  bool read_response(const XMLElement* root, method_response& resp) {
    bool ok = true;
    const XMLNode* n = root->FirstChild();
    const XMLElement* body = next_element(n, "methodResponse", ok);
    if (!ok) return false;
    if (body == nullptr || next_element(n, "methodResponse", ok) != nullptr ||
        (!name_is(body, "params") && !name_is(body, "fault"))) {
      if (ok) f_.set(errc::invalid_document, "expected exactly one <params> or <fault>");
      return false;
    }
    if (name_is(body, "params")) {
      std::vector<value> params;
      if (!read_params(body, params, true)) {
        f_.enclose("params");
        return false;
      }
      resp.result = std::move(params.front());
      return true;
    }
    if (!read_fault(body, resp)) {
      f_.enclose("fault");
      return false;
    }
    return true;
  }

  bool read_fault(const XMLElement* fault, method_response& resp) {
    bool ok = true;
    const XMLNode* n = fault->FirstChild();
    const XMLElement* v = next_element(n, "fault", ok);
    if (ok && (v == nullptr || !name_is(v, "value") || next_element(n, "fault", ok) != nullptr)) {
      if (ok) f_.set(errc::invalid_document, "expected exactly one <value>");
      return false;
    }
    if (!ok) return false;
    value fv;
    if (!read_value(v, fv, 1)) {
      f_.enclose("value");
      return false;
    }
    const char* problem = nullptr;
    if (fv.type() != value::kind::struct_) {
      problem = "expected a struct with faultCode and faultString";
    } else {
      const value* code = fv.as_struct().find("faultCode");
      const value* text = fv.as_struct().find("faultString");
      if (code == nullptr || code->type() != value::kind::i4) {
        problem = "expected member faultCode of type int";
      } else if (text == nullptr || text->type() != value::kind::string) {
        problem = "expected member faultString of type string";
      } else {
        resp.fault = fault_info{code->as_i4(), text->as_string()};
        return true;
      }
    }
    f_.set(errc::invalid_document, problem);
    f_.enclose("value");
    return false;
  }

 private:
  const codec_limits& limits_;
  std::size_t max_depth_;
  failure& f_;
  bool unknown_type_ = false;  // read_typed failed on the element name itself
};

// Clears the document when the walk is done: frees the copy of the input and returns
// the nodes to tinyxml2's pools, which the document keeps for the next parse.
struct clear_after {
  tinyxml2::XMLDocument& doc;
  ~clear_after() { doc.Clear(); }
};

bool do_parse_call(tinyxml2::XMLDocument& doc, std::string_view xml, const codec_limits& limits,
                   method_call& out, failure& f) {
  const clear_after cleanup{doc};
  parser p(limits, f);
  const XMLElement* root = p.load(doc, xml, "methodCall");
  if (root == nullptr) return false;
  if (!p.read_call(root, out)) {
    f.enclose("methodCall");
    return false;
  }
  return true;
}

bool do_parse_response(tinyxml2::XMLDocument& doc, std::string_view xml, const codec_limits& limits,
                       method_response& out, failure& f) {
  const clear_after cleanup{doc};
  parser p(limits, f);
  const XMLElement* root = p.load(doc, xml, "methodResponse");
  if (root == nullptr) return false;
  if (!p.read_response(root, out)) {
    f.enclose("methodResponse");
    return false;
  }
  return true;
}

template <class Result, class Fn>
Result parse_noexcept(Fn&& fn, status& st) noexcept {
  st.clear();
  try {
    Result r;
    failure f;
    if (fn(r, f)) return r;
    f.report(st);
  } catch (...) {  // only std::bad_alloc can escape the parser
    st.assign(std::make_error_code(std::errc::not_enough_memory));
  }
  return Result{};
}

}  // namespace

// tinyxml2 keeps its node pools after Clear(), which is what makes a reused parser fast,
// but they grow to about ten times the largest document parsed. Past this input size the
// document is rebuilt after the parse, so a long-lived parser (one per server I/O thread)
// does not hold hundreds of MB after one huge call.
constexpr std::size_t kept_document_size = 1 << 20;

struct xml_parser::impl {
  std::optional<tinyxml2::XMLDocument> doc{std::in_place, /*processEntities=*/false,
                                           whitespace_mode};
  // Runs `parse` on the document, then frees the pools if `xml` was large.
  template <class Parse>
  bool run(std::string_view xml, Parse&& parse) {
    const bool ok = parse(*doc);
    if (xml.size() > kept_document_size) {
      doc.reset();
      doc.emplace(/*processEntities=*/false, whitespace_mode);
    }
    return ok;
  }
};

xml_parser::xml_parser(const codec_limits& limits) : impl_(new impl), limits_(limits) {}
xml_parser::~xml_parser() = default;
xml_parser::xml_parser(xml_parser&&) noexcept = default;
xml_parser& xml_parser::operator=(xml_parser&&) noexcept = default;

method_call xml_parser::parse_call(std::string_view xml) {
  method_call call;
  failure f;
  if (!impl_->run(xml, [&](auto& doc) { return do_parse_call(doc, xml, limits_, call, f); })) {
    f.raise();
  }
  return call;
}

method_call xml_parser::parse_call(std::string_view xml, status& st) noexcept {
  return parse_noexcept<method_call>(
      [&](method_call& r, failure& f) {
        return impl_->run(xml, [&](auto& doc) { return do_parse_call(doc, xml, limits_, r, f); });
      },
      st);
}

method_response xml_parser::parse_response(std::string_view xml) {
  method_response resp;
  failure f;
  if (!impl_->run(xml, [&](auto& doc) { return do_parse_response(doc, xml, limits_, resp, f); })) {
    f.raise();
  }
  return resp;
}

method_response xml_parser::parse_response(std::string_view xml, status& st) noexcept {
  return parse_noexcept<method_response>(
      [&](method_response& r, failure& f) {
        return impl_->run(xml,
                          [&](auto& doc) { return do_parse_response(doc, xml, limits_, r, f); });
      },
      st);
}

method_call parse_call(std::string_view xml, const codec_limits& limits) {
  return xml_parser(limits).parse_call(xml);
}

method_call parse_call(std::string_view xml, status& st, const codec_limits& limits) noexcept {
  try {
    return xml_parser(limits).parse_call(xml, st);
  } catch (...) {  // allocating the parser failed
    st.assign(std::make_error_code(std::errc::not_enough_memory));
    return {};
  }
}

method_response parse_response(std::string_view xml, const codec_limits& limits) {
  return xml_parser(limits).parse_response(xml);
}

method_response parse_response(std::string_view xml, status& st,
                               const codec_limits& limits) noexcept {
  try {
    return xml_parser(limits).parse_response(xml, st);
  } catch (...) {  // allocating the parser failed
    st.assign(std::make_error_code(std::errc::not_enough_memory));
    return {};
  }
}

}  // namespace sockrpc::rpc

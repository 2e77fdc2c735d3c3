// SPDX-License-Identifier: MIT
// The XML-RPC reader, values: scalars (read without copying where the DOM allows), arrays
// and structs, with the text, nesting and count limits.
#include "xml/xml_reader.hpp"

#include "xml/base64.hpp"
#include "xml/scalars.hpp"

#include <cstring>
#include <string>
#include <unordered_set>

namespace sockrpc::rpc::detail {
namespace {

// The number and dateTime parsers as function objects, so read_number calls them directly.
constexpr auto i4_text = [](std::string_view s) noexcept { return parse_i4(s); };
constexpr auto i8_text = [](std::string_view s) noexcept { return parse_i8(s); };
constexpr auto double_text = [](std::string_view s) noexcept { return parse_double(s); };
constexpr auto date_time_text = [](std::string_view s) noexcept { return parse_date_time(s); };

}  // namespace

const XMLElement* xml_reader::next_element(const XMLNode*& n, const char* container, bool& ok) {
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

bool xml_reader::wrong_name(const XMLElement* e, const char* name) {
  f_.set(errc::invalid_document, std::string("expected <") + name + ">, got <" + e->Name() + ">");
  return false;
}

void xml_reader::not_one(const char* name) {
  f_.set(errc::invalid_document, std::string("expected exactly one <") + name + ">");
}

bool xml_reader::text_of(const XMLElement* e, std::string& out) {
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

bool xml_reader::scalar_text(const XMLElement* e, std::string_view& out, std::string& scratch) {
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

bool xml_reader::read_value(const XMLElement* v, value& out, std::size_t depth) {
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

template <class Parse>
bool xml_reader::read_number(const XMLElement* e, const char* name, std::size_t name_size,
                             Parse parse, const char* expected, value& out) {
  auto n = parse(direct_text(e, name, name_size));
  if (!n) {  // another shape than one plain text node, or bad text: the general path decides
    std::string scratch;
    std::string_view s;
    if (!scalar_text(e, s, scratch)) return false;
    n = parse(s);
    if (!n) {
      f_.set(errc::invalid_document, std::string("expected ") + expected + ", got " + quoted(s));
      return false;
    }
  }
  out = value(*n);
  return true;
}

bool xml_reader::read_typed(const XMLElement* e, value& out, std::size_t depth) {
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
        return read_number(e, name, name[1] == '4' ? 2 : 3, i4_text, "a 32-bit integer", out);
      }
      if (named(name, "i8")) return read_number(e, name, 2, i8_text, "a 64-bit integer", out);
      break;
    case 'e':
      if (named(name, "ex:i8")) return read_number(e, name, 5, i8_text, "a 64-bit integer", out);
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
        return read_number(e, name, 6, double_text, "a finite decimal number", out);
      }
      if (named(name, "dateTime.iso8601")) {
        return read_number(e, name, 16, date_time_text, "a date and time like 20240131T23:59:59",
                           out);
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

bool xml_reader::read_nil(const XMLElement* e, value& out) {
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

bool xml_reader::read_array(const XMLElement* e, value& out, std::size_t depth) {
  const XMLElement* data = only_child(e, "array", "data");
  if (data == nullptr) return false;
  array items;
  items.reserve(count_children(data, limits_.max_members));  // no regrowth of large arrays
  bool ok = true;
  const XMLNode* n = data->FirstChild();
  for (std::size_t i = 0;; ++i) {
    const XMLElement* v = next_element(n, "data", ok);
    if (v == nullptr) break;
    if (!expect_name(v, "value")) {
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

bool xml_reader::read_member(const XMLElement* m, members& into, std::size_t depth) {
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

bool xml_reader::read_struct(const XMLElement* e, value& out, std::size_t depth) {
  members m;
  m.reserve(count_children(e, limits_.max_members));  // one allocation per struct
  bool ok = true;
  const XMLNode* n = e->FirstChild();
  std::size_t i = 0;
  for (; const XMLElement* c = next_element(n, "struct", ok); ++i) {
    if (!expect_name(c, "member")) return false;
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

bool xml_reader::check_unique(const members& m) {
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

}  // namespace sockrpc::rpc::detail

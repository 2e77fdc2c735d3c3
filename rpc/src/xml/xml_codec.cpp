// SPDX-License-Identifier: MIT
// XML-RPC parsing, the entry points: tinyxml2 builds the DOM, detail::xml_reader
// (xml_reader_*.cpp) walks it into values. Serialisation lives in xml_serialize.cpp (no DOM
// needed there).
#include <sockrpc/rpc/xml/codec.hpp>

#include "xml/failure.hpp"
#include "xml/xml_reader.hpp"

#include <tinyxml2.h>

#include <new>
#include <optional>

namespace sockrpc::rpc {
namespace {

using detail::failure;
using detail::XMLElement;

static_assert(max_supported_depth * 3 + 3 <= TINYXML2_MAX_ELEMENT_DEPTH,
              "a methodResponse nested max_supported_depth levels must fit tinyxml2's limit");

// Clears the document when the walk is done: frees the copy of the input and returns
// the nodes to tinyxml2's pools, which the document keeps for the next parse.
struct clear_after {
  tinyxml2::XMLDocument& doc;
  ~clear_after() { doc.Clear(); }
};

// The root element of each kind of document, and the reader of its children.
template <class Result>
struct document_kind;

template <>
struct document_kind<method_call> {
  static constexpr const char* root = "methodCall";
  static bool read(detail::xml_reader& r, const XMLElement* e, method_call& out) {
    return r.read_call(e, out);
  }
};

template <>
struct document_kind<method_response> {
  static constexpr const char* root = "methodResponse";
  static bool read(detail::xml_reader& r, const XMLElement* e, method_response& out) {
    return r.read_response(e, out);
  }
};

// Parses `xml` into `out` with `doc`; false with `f` set on failure.
template <class Result>
bool parse_document(tinyxml2::XMLDocument& doc, std::string_view xml, const codec_limits& limits,
                    Result& out, failure& f) {
  using kind = document_kind<Result>;
  const clear_after cleanup{doc};
  detail::xml_reader reader(limits, f);
  const XMLElement* root = reader.load(doc, xml, kind::root);
  if (root == nullptr) return false;
  if (!kind::read(reader, root, out)) {
    f.enclose(kind::root);
    return false;
  }
  return true;
}

// The noexcept free functions: `parse` runs on a new parser, whose allocation may fail.
template <class Result, class Parse>
Result with_new_parser(const codec_limits& limits, status& st, Parse&& parse) noexcept {
  try {
    xml_parser p(limits);
    return parse(p);
  } catch (...) {  // allocating the parser failed
    st.assign(std::make_error_code(std::errc::not_enough_memory));
    return Result{};
  }
}

}  // namespace

// tinyxml2 keeps its node pools after Clear(), which is what makes a reused parser fast,
// but they grow to about ten times the largest document parsed. Past this input size the
// document is rebuilt after the parse, so a long-lived parser (one per server I/O thread)
// does not hold hundreds of MB after one huge call.
constexpr std::size_t kept_document_size = 1 << 20;

struct xml_parser::impl {
  std::optional<tinyxml2::XMLDocument> doc{std::in_place, /*processEntities=*/false,
                                           detail::whitespace_mode};

  // Parses `xml` into `out`, then frees the pools if `xml` was large.
  template <class Result>
  bool parse(std::string_view xml, const codec_limits& limits, Result& out, failure& f) {
    const bool ok = parse_document(*doc, xml, limits, out, f);
    if (xml.size() > kept_document_size) {
      doc.reset();
      doc.emplace(/*processEntities=*/false, detail::whitespace_mode);
    }
    return ok;
  }

  // The throwing form.
  template <class Result>
  Result parse_or_throw(std::string_view xml, const codec_limits& limits) {
    Result r;
    failure f;
    if (!parse(xml, limits, r, f)) f.raise();
    return r;
  }

  // The noexcept form: failures and bad_alloc go to `st`.
  template <class Result>
  Result parse_or_report(std::string_view xml, const codec_limits& limits, status& st) noexcept {
    st.clear();
    try {
      Result r;
      failure f;
      if (parse(xml, limits, r, f)) return r;
      f.report(st);
    } catch (...) {  // only std::bad_alloc can escape the parser
      st.assign(std::make_error_code(std::errc::not_enough_memory));
    }
    return Result{};
  }
};

xml_parser::xml_parser(const codec_limits& limits) : impl_(new impl), limits_(limits) {}
xml_parser::~xml_parser() = default;
xml_parser::xml_parser(xml_parser&&) noexcept = default;
xml_parser& xml_parser::operator=(xml_parser&&) noexcept = default;

method_call xml_parser::parse_call(std::string_view xml) {
  return impl_->parse_or_throw<method_call>(xml, limits_);
}

method_call xml_parser::parse_call(std::string_view xml, status& st) noexcept {
  return impl_->parse_or_report<method_call>(xml, limits_, st);
}

method_response xml_parser::parse_response(std::string_view xml) {
  return impl_->parse_or_throw<method_response>(xml, limits_);
}

method_response xml_parser::parse_response(std::string_view xml, status& st) noexcept {
  return impl_->parse_or_report<method_response>(xml, limits_, st);
}

method_call parse_call(std::string_view xml, const codec_limits& limits) {
  return xml_parser(limits).parse_call(xml);
}

method_call parse_call(std::string_view xml, status& st, const codec_limits& limits) noexcept {
  return with_new_parser<method_call>(limits, st,
                                      [&](xml_parser& p) { return p.parse_call(xml, st); });
}

method_response parse_response(std::string_view xml, const codec_limits& limits) {
  return xml_parser(limits).parse_response(xml);
}

method_response parse_response(std::string_view xml, status& st,
                               const codec_limits& limits) noexcept {
  return with_new_parser<method_response>(limits, st,
                                          [&](xml_parser& p) { return p.parse_response(xml, st); });
}

}  // namespace sockrpc::rpc

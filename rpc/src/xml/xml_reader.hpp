// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/xml/codec.hpp>

#include "xml/failure.hpp"
#include "xml/xml_dom.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// The strict walk from tinyxml2's DOM to XML-RPC values. Scalars and containers are read
/// in xml_reader_values.cpp, the documents around them (methodCall, methodResponse, params,
/// fault) in xml_reader_documents.cpp; xml_codec.cpp drives it.
namespace sockrpc::rpc::detail {

/// Reads one document's DOM, checking the XML-RPC grammar and the `codec_limits`. Every
/// member returns false on failure with the error recorded in the `failure` (the innermost
/// path segments; each caller encloses its own while unwinding). Borrows the limits and the
/// failure for its lifetime, one parse. Not thread-safe.
class xml_reader {
 public:
  xml_reader(const codec_limits& limits, failure& f)
      : limits_(limits),
        max_depth_(limits.max_depth < max_supported_depth ? limits.max_depth : max_supported_depth),
        f_(f) {}

  // ---- documents: xml_reader_documents.cpp ----------------------------------------------

  // Parses `xml` and returns the root element named `root`, or null with `f_` set.
  const XMLElement* load(tinyxml2::XMLDocument& doc, std::string_view xml, const char* root);
  // The children of <methodCall>: <methodName> and optional <params>.
  bool read_call(const XMLElement* root, method_call& call);
  // The children of <methodResponse>: <params> with one <param>, or <fault>.
  bool read_response(const XMLElement* root, method_response& resp);

 private:
  // <params> of a call (any number) or a response (exactly one, `single`).
  bool read_params(const XMLElement* params, std::vector<value>& out, bool single);
  // <fault><value><struct> with faultCode (int) and faultString (string).
  bool read_fault(const XMLElement* fault, method_response& resp);

  // ---- values: xml_reader_values.cpp ----------------------------------------------------

  // The next child element of a container after `n` (null at the end). Comments and
  // whitespace are skipped; text or other markup is an error (`ok` false).
  const XMLElement* next_element(const XMLNode*& n, const char* container, bool& ok);
  // Character data of `e` (entities expanded), which must hold no element.
  bool text_of(const XMLElement* e, std::string& out);
  // Text of a scalar element, trimmed of XML whitespace. Points into the document or
  // into `scratch`.
  bool scalar_text(const XMLElement* e, std::string_view& out, std::string& scratch);
  // Parses the `<value>` element `v` at nesting level `depth`. On failure the segments
  // inside `v` are recorded; the caller adds the one naming `v`.
  bool read_value(const XMLElement* v, value& out, std::size_t depth);
  // The element `e` inside a <value> (i4, string, struct, ...) at nesting level `depth`.
  bool read_typed(const XMLElement* e, value& out, std::size_t depth);
  // A number or dateTime element `e` named `name` (`name_size` bytes): `parse` (text ->
  // optional) of its text, read without copying when it is one plain text node; `expected`
  // names the form in the error.
  template <class Parse>
  bool read_number(const XMLElement* e, const char* name, std::size_t name_size, Parse parse,
                   const char* expected, value& out);
  // <nil/> or <ex:nil/>: empty but for whitespace and comments.
  bool read_nil(const XMLElement* e, value& out);
  // <array><data><value>... at nesting level `depth`.
  bool read_array(const XMLElement* e, value& out, std::size_t depth);
  // One <member> (<name> and <value>, in either order) appended to `into`.
  bool read_member(const XMLElement* m, members& into, std::size_t depth);
  // <struct><member>... at nesting level `depth`; member names must be unique.
  bool read_struct(const XMLElement* e, value& out, std::size_t depth);
  // Duplicate member names are refused: peers disagree on which one wins.
  bool check_unique(const members& m);

  // True when `e` is named `name`; else false with the failure "expected <name>, got <e>".
  template <std::size_t N>
  bool expect_name(const XMLElement* e, const char (&name)[N]) {
    return name_is(e, name) || wrong_name(e, name);
  }
  // Records "expected <name>, got <e>"; false. Out of line: the rare path.
  bool wrong_name(const XMLElement* e, const char* name);

  // The one child element of `parent` (`container` names it in errors), which must be
  // named `name`; null with the failure set otherwise ("expected exactly one <name>").
  template <std::size_t N>
  const XMLElement* only_child(const XMLElement* parent, const char* container,
                               const char (&name)[N]) {
    bool ok = true;
    const XMLNode* n = parent->FirstChild();
    const XMLElement* c = next_element(n, container, ok);
    if (ok && (c == nullptr || !name_is(c, name) || next_element(n, container, ok) != nullptr)) {
      if (ok) not_one(name);
      return nullptr;
    }
    return ok ? c : nullptr;
  }
  // Records "expected exactly one <name>". Out of line: the rare path.
  void not_one(const char* name);

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

  const codec_limits& limits_;
  std::size_t max_depth_;
  failure& f_;
  bool unknown_type_ = false;  // read_typed failed on the element name itself
};

}  // namespace sockrpc::rpc::detail

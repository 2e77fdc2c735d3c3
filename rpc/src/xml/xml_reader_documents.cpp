// SPDX-License-Identifier: MIT
// The XML-RPC reader, documents: loading and checking the root, methodCall,
// methodResponse, params and fault.
#include "xml/xml_reader.hpp"

#include <cstring>
#include <string>

namespace sockrpc::rpc::detail {

const XMLElement* xml_reader::load(tinyxml2::XMLDocument& doc, std::string_view xml,
                                   const char* root) {
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

bool xml_reader::read_params(const XMLElement* params, std::vector<value>& out, bool single) {
  bool ok = true;
  const XMLNode* n = params->FirstChild();
  std::size_t i = 0;
  for (; const XMLElement* p = next_element(n, "params", ok); ++i) {
    if (!expect_name(p, "param")) return false;
    if (!check_count(i + 1, "params")) return false;
    const XMLElement* v = only_child(p, "param", "value");
    if (v == nullptr) {
      f_.enclose(detail::indexed("param", i));
      return false;
    }
    if (!read_value(v, out.emplace_back(), 1)) {
      f_.enclose("value");
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

bool xml_reader::read_call(const XMLElement* root, method_call& call) {
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

bool xml_reader::read_response(const XMLElement* root, method_response& resp) {
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

bool xml_reader::read_fault(const XMLElement* fault, method_response& resp) {
  const XMLElement* v = only_child(fault, "fault", "value");
  if (v == nullptr) return false;
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

}  // namespace sockrpc::rpc::detail

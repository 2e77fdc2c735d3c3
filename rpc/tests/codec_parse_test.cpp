// SPDX-License-Identifier: MIT
// The XML-RPC parser: what real peers send is accepted, everything else is refused with
// the exact path and reason.
#include <sockrpc/rpc/xml/codec.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sockrpc::rpc {
namespace {

std::string wrapped_response(std::string_view inner) {
  return "<?xml version=\"1.0\"?><methodResponse><params><param><value>" + std::string(inner) +
         "</value></param></params></methodResponse>";
}

binary bytes(std::string_view s) {
  binary b;
  for (char c : s)
    b.push_back(static_cast<std::byte>(c));
  return b;
}

struct good_row {
  std::string inner;  // content of <value>
  value expected;
};

// Each `inner`, wrapped in a methodResponse, parses to `expected`.
void expect_values(const std::vector<good_row>& rows) {
  for (const auto& r : rows) {
    sockrpc::status st;
    const auto resp = parse_response(wrapped_response(r.inner), st);
    EXPECT_FALSE(st) << r.inner << " -> " << st.message();
    EXPECT_EQ(resp.result, r.expected) << r.inner;
  }
}

TEST(CodecParseTest, AcceptsWhatRealPeersSend) {
  const std::vector<good_row> rows{
      {"bare text", value("bare text")},
      {"", value("")},
      {"  two spaces kept  ", value("  two spaces kept  ")},
      {"   ", value("   ")},
      {"<string>   </string>", value("   ")},
      {"<string/>", value("")},
      {"<string >\t</string>", value("\t")},
      {"<i4>-7</i4>", value(std::int32_t{-7})},
      {"<int>+7</int>", value(std::int32_t{7})},
      {"<int> 12 </int>", value(std::int32_t{12})},
      {"<i8>9223372036854775807</i8>", value(std::int64_t{9223372036854775807})},
      {"<ex:i8>-5</ex:i8>", value(std::int64_t{-5})},
      {"<nil/>", value(nil)},
      {"<ex:nil/>", value(nil)},
      {"<nil></nil>", value(nil)},
      {"<boolean>1</boolean>", value(true)},
      {"<boolean>\n0\n</boolean>", value(false)},
      {"<double>1e+300</double>", value(1e300)},
      {"<double>-0.0</double>", value(-0.0)},
      {"<double>.5</double>", value(0.5)},
      {"<double>7</double>", value(7.0)},
      {"<double>1.5E-3</double>", value(1.5e-3)},
      {"<dateTime.iso8601>20240131T23:59:59</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt})},
      {"<dateTime.iso8601>2024-01-31T23:59:59</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt})},
      {"<dateTime.iso8601>20240131T23:59:59Z</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, 0})},
      {"<dateTime.iso8601>2024-01-31T23:59:59+01:00</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, 60})},
      {"<dateTime.iso8601>20240131T23:59:59-0530</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, -330})},
      {"<dateTime.iso8601>20240131T23:59:59+02</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, 120})},
      {"<base64>aGVs\nbG8g\r\nd29y bGQ=\n</base64>", value(bytes("hello world"))},
      {"<base64>aGVsbG8</base64>", value(bytes("hello"))},
      {"<base64/>", value(binary{})},
      {"<string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</string>",
       value("<>&\"'AB\xf0\x9f\x98\x80")},
      {"<string><![CDATA[<raw> & ]]]></string>", value("<raw> & ]")},
      {"<string>a<!-- comment -->b</string>", value("ab")},
      {"<string>line\r\nend\rx&#13;</string>", value("line\nend\nx\r")},
      {"\n  <int>1</int>\n  ", value(std::int32_t{1})},
      {"<array>\n <data>\n  <value>1</value>\n  <value><i4>2</i4></value>\n </data>\n</array>",
       value(array{value("1"), value(std::int32_t{2})})},
      {"<array><data/></array>", value(array{})},
      {"<struct>\n<member>\n<value><int>1</int></value>\n<name>a</name>\n</member>\n"
       "<member><name> b </name><value>x</value></member></struct>",
       value(members{{"a", std::int32_t{1}}, {" b ", "x"}})},
      {"<struct/>", value(members{})},
  };
  expect_values(rows);
}

TEST(CodecParseTest, AcceptsDocumentVariants) {
  // Apache ws-xmlrpc: namespace declaration and prefixed extensions; comments; no declaration.
  const auto r = parse_response(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hi -->\n"
      "<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">\n"
      "  <params>\n    <param>\n      <value><ex:nil/></value>\n    </param>\n  </params>\n"
      "</methodResponse>\n");
  EXPECT_EQ(r.result, value(nil));
  const auto c = parse_call("<methodCall><methodName>system.listMethods</methodName></methodCall>");
  EXPECT_EQ(c.method, "system.listMethods");
  EXPECT_TRUE(c.params.empty());
  EXPECT_TRUE(
      parse_call("<methodCall><methodName>m</methodName><params/></methodCall>").params.empty());
  const auto f = parse_response(
      "<methodResponse><fault><value><struct><member><name>faultString</name><value>oops"
      "</value></member><member><name>faultCode</name><value><i4>4</i4></value></member>"
      "<member><name>extra</name><value>ignored</value></member></struct></value></fault>"
      "</methodResponse>");
  ASSERT_TRUE(f.is_fault());
  EXPECT_EQ(f.fault->code, 4);
  EXPECT_EQ(f.fault->message, "oops");
}

struct bad_row {
  std::string xml;
  errc code;
  std::string message;  // exact
};

// Both forms of a parser refuse `r.xml` with exactly `r.code` and `r.message`: the noexcept
// one through its status (and an empty result), the other by throwing sockrpc::error.
template <class Result>
void expect_error(const bad_row& r,
                  Result (*with_status)(std::string_view, sockrpc::status&, const codec_limits&),
                  Result (*throwing)(std::string_view, const codec_limits&)) {
  sockrpc::status st;
  const Result result = with_status(r.xml, st, {});
  EXPECT_EQ(st.code(), r.code) << r.xml;
  EXPECT_EQ(st.message(), r.message) << r.xml;
  EXPECT_EQ(result, Result{});
  try {
    (void)throwing(r.xml, {});
    ADD_FAILURE() << "no exception for " << r.xml;
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), r.code);
    EXPECT_EQ(e.what(), r.message);
  }
}

void expect_response_error(const bad_row& r) {
  expect_error<method_response>(r, parse_response, parse_response);
}

TEST(CodecParseTest, RefusesBadValuesWithExactPath) {
  const std::string p = "methodResponse/params/param[1]/value";
  const std::vector<bad_row> rows{
      {wrapped_response("<int>2147483648</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"2147483648\""},
      {wrapped_response("<i4>1.0</i4>"), sockrpc::rpc::errc::invalid_document,
       p + "/i4: expected a 32-bit integer, got \"1.0\""},
      {wrapped_response("<int></int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"\""},
      {wrapped_response("<i8>9223372036854775808</i8>"), sockrpc::rpc::errc::invalid_document,
       p + "/i8: expected a 64-bit integer, got \"9223372036854775808\""},
      {wrapped_response("<boolean>true</boolean>"), sockrpc::rpc::errc::invalid_document,
       p + "/boolean: expected 0 or 1, got \"true\""},
      {wrapped_response("<double>nan</double>"), sockrpc::rpc::errc::invalid_document,
       p + "/double: expected a finite decimal number, got \"nan\""},
      {wrapped_response("<double>inf</double>"), sockrpc::rpc::errc::invalid_document,
       p + "/double: expected a finite decimal number, got \"inf\""},
      {wrapped_response("<double>1e999</double>"), sockrpc::rpc::errc::invalid_document,
       p + "/double: expected a finite decimal number, got \"1e999\""},
      {wrapped_response("<double>0x10</double>"), sockrpc::rpc::errc::invalid_document,
       p + "/double: expected a finite decimal number, got \"0x10\""},
      {wrapped_response("<dateTime.iso8601>20240230T00:00:00</dateTime.iso8601>"),
       sockrpc::rpc::errc::invalid_document,
       p + "/dateTime.iso8601: expected a date and time like 20240131T23:59:59, got "
           "\"20240230T00:00:00\""},
      {wrapped_response("<dateTime.iso8601>20240101T00:00:00.5</dateTime.iso8601>"),
       sockrpc::rpc::errc::invalid_document,
       p + "/dateTime.iso8601: expected a date and time like 20240131T23:59:59, got "
           "\"20240101T00:00:00.5\""},
      {wrapped_response("<base64>a!==</base64>"), sockrpc::rpc::errc::invalid_document,
       p + "/base64: invalid base64"},
      {wrapped_response("<base64>a===</base64>"), sockrpc::rpc::errc::invalid_document,
       p + "/base64: invalid base64"},
      {wrapped_response("<base64>aGVsbG8=x</base64>"), sockrpc::rpc::errc::invalid_document,
       p + "/base64: invalid base64"},
      {wrapped_response("<nil>x</nil>"), sockrpc::rpc::errc::invalid_document,
       p + "/nil: expected an empty <nil/>"},
      {wrapped_response("<float>1</float>"), sockrpc::rpc::errc::invalid_document,
       p + ": expected one of i4, int, i8, boolean, string, double, dateTime.iso8601, base64, "
           "array, struct, nil; got <float>"},
      {wrapped_response("<ex:i2>1</ex:i2>"), sockrpc::rpc::errc::invalid_document,
       p + ": expected one of i4, int, i8, boolean, string, double, dateTime.iso8601, base64, "
           "array, struct, nil; got <ex:i2>"},
      {wrapped_response("<int>1</int><int>2</int>"), sockrpc::rpc::errc::invalid_document,
       p + ": more than one element in <value>: <int> and <int>"},
      {wrapped_response("x<int>1</int>"), sockrpc::rpc::errc::invalid_document,
       p + ": text beside <int> in <value>"},
      {wrapped_response("<string><b>x</b></string>"), sockrpc::rpc::errc::invalid_document,
       p + "/string: unexpected element <b>"},
      {wrapped_response("<string>&foo;</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: undefined entity or malformed character reference in text"},
      {wrapped_response("<string>a & b</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: undefined entity or malformed character reference in text"},
      {wrapped_response("<string>&#0;</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: character not allowed in XML 1.0 in text"},
      {wrapped_response("<string>&#xD800;</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: character not allowed in XML 1.0 in text"},
      {wrapped_response("<string>\x01</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: character not allowed in XML 1.0 in text"},
      {wrapped_response("<string>\xff</string>"), sockrpc::rpc::errc::xml_parse_error,
       p + "/string: invalid UTF-8 in text"},
      {wrapped_response("<array><value>1</value></array>"), sockrpc::rpc::errc::invalid_document,
       p + "/array: expected exactly one <data>"},
      {wrapped_response("<array><data><value>1</value><int>2</int></data></array>"),
       sockrpc::rpc::errc::invalid_document, p + "/array/data: expected <value>, got <int>"},
      {wrapped_response("<array><data>text</data></array>"), sockrpc::rpc::errc::invalid_document,
       p + "/array/data: unexpected text in <data>"},
      {wrapped_response("<array><data><value>a</value><value><struct><member><name>k</name>"
                        "<value><int>x</int></value></member></struct></value></data></array>"),
       sockrpc::rpc::errc::invalid_document,
       p + "/array/data/value[2]/struct/member[1]/value/int: expected a 32-bit integer, got "
           "\"x\""},
      {wrapped_response("<struct><member><name>a</name></member></struct>"),
       sockrpc::rpc::errc::invalid_document, p + "/struct/member[1]: missing <value>"},
      {wrapped_response("<struct><member><value>1</value></member></struct>"),
       sockrpc::rpc::errc::invalid_document, p + "/struct/member[1]: missing <name>"},
      {wrapped_response("<struct><member><name>a</name><name>b</name><value/></member></struct>"),
       sockrpc::rpc::errc::invalid_document,
       p + "/struct/member[1]: expected one <name> and one <value>, got <name>"},
      {wrapped_response("<struct><value>1</value></struct>"), sockrpc::rpc::errc::invalid_document,
       p + "/struct: expected <member>, got <value>"},
      {wrapped_response("<struct><member><name>a</name><value/></member><member><name>a</name>"
                        "<value/></member></struct>"),
       sockrpc::rpc::errc::invalid_document,
       p + "/struct/member[2]/name: duplicate member name \"a\""},
      {wrapped_response("<struct><member><name>&bad;</name><value/></member></struct>"),
       sockrpc::rpc::errc::xml_parse_error,
       p + "/struct/member[1]/name: undefined entity or malformed character reference in text"},
  };
  for (const auto& r : rows)
    expect_response_error(r);
}

TEST(CodecParseTest, RefusesBadDocumentsWithExactReason) {
  const std::vector<bad_row> rows{
      {"", sockrpc::rpc::errc::xml_parse_error, "empty document"},
      {"<methodResponse>", sockrpc::rpc::errc::xml_parse_error, ""},  // message checked below
      {"<methodCall/>", sockrpc::rpc::errc::invalid_document,
       "expected <methodResponse>, got <methodCall>"},
      {"<methodResponse/>", sockrpc::rpc::errc::invalid_document,
       "methodResponse: expected exactly one <params> or <fault>"},
      {"<methodResponse><params/></methodResponse>", sockrpc::rpc::errc::invalid_document,
       "methodResponse/params: expected exactly one <param>, got 0"},
      {"<methodResponse><params><param><value/></param><param><value/></param></params>"
       "</methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "methodResponse/params: expected exactly one <param>, got 2"},
      {"<methodResponse><params><param/></params></methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "methodResponse/params/param[1]: expected exactly one <value>"},
      {"<methodResponse><params><param><value/></param></params><fault/></methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "methodResponse: expected exactly one <params> or <fault>"},
      {"<methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "methodResponse/fault/value: expected a struct with faultCode and faultString"},
      {"<methodResponse><fault><value><struct><member><name>faultCode</name><value>1</value>"
       "</member></struct></value></fault></methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "methodResponse/fault/value: expected member faultCode of type int"},
      {"<methodResponse><params><param><value/></param></params></methodResponse><x/>",
       sockrpc::rpc::errc::xml_parse_error, "more than one root element"},
      {"<!DOCTYPE methodResponse [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
       "<methodResponse><params><param><value>&b;</value></param></params></methodResponse>",
       sockrpc::rpc::errc::invalid_document,
       "DOCTYPE and other markup declarations are not accepted"},
      {"<!DOCTYPE methodResponse SYSTEM \"file:///etc/passwd\"><methodResponse/>",
       sockrpc::rpc::errc::invalid_document,
       "DOCTYPE and other markup declarations are not accepted"},
  };
  for (const auto& r : rows) {
    if (r.message.empty()) {
      sockrpc::status st;
      (void)parse_response(r.xml, st);
      EXPECT_EQ(st.code(), r.code);
      EXPECT_EQ(st.message().rfind("malformed XML: ", 0), 0U) << st.message();
      continue;
    }
    expect_response_error(r);
  }
}

TEST(CodecParseTest, EntityInDoctypeIsNeverExpanded) {
  // Even inside the body (no DOCTYPE), an undeclared entity is an error, not expanded.
  sockrpc::status st;
  (void)parse_response(wrapped_response("<string>&xxe;</string>"), st);
  EXPECT_EQ(st.code(), sockrpc::rpc::errc::xml_parse_error);
}

TEST(CodecParseTest, RefusesBadCalls) {
  const std::vector<bad_row> rows{
      {"<methodCall><params/></methodCall>", sockrpc::rpc::errc::invalid_document,
       "methodCall: expected <methodName> first"},
      {"<methodCall><methodName></methodName></methodCall>", sockrpc::rpc::errc::invalid_document,
       "methodCall/methodName: empty method name"},
      {"<methodCall><methodName>m</methodName><params><param><value><int>x</int></value>"
       "</param></params></methodCall>",
       sockrpc::rpc::errc::invalid_document,
       "methodCall/params/param[1]/value/int: expected a 32-bit integer, got \"x\""},
      {"<methodCall><methodName>m</methodName><params><value/></params></methodCall>",
       sockrpc::rpc::errc::invalid_document, "methodCall/params: expected <param>, got <value>"},
      {"<methodCall><methodName>m</methodName><params/><extra/></methodCall>",
       sockrpc::rpc::errc::invalid_document,
       "methodCall: expected <methodName> and optional <params> only"},
      {"<methodCall><methodName>m</methodName>junk</methodCall>",
       sockrpc::rpc::errc::invalid_document, "methodCall: unexpected text in <methodCall>"},
  };
  for (const auto& r : rows)
    expect_error<method_call>(r, parse_call, parse_call);
}

TEST(CodecParseTest, ElementDepthBeyondTinyxml2IsALimitError) {
  std::string xml = "<methodResponse>";
  for (int i = 0; i < 200; ++i)
    xml += "<a>";
  sockrpc::status st;
  (void)parse_response(xml, st);
  EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded);
  EXPECT_EQ(st.message(), "elements nested deeper than 100");
}

// Scalars are read straight from a sole plain text child when they can be; every other
// shape (entities, CDATA, comments, split text, long digit strings) must take the general
// path and give the same answer.
TEST(CodecParseTest, ScalarFastPathAgreesWithGeneralPath) {
  const std::vector<good_row> rows{
      {"<int>&#49;&#x32;</int>", value(std::int32_t{12})},
      {"<int>-&#55;</int>", value(std::int32_t{-7})},
      {"<int><![CDATA[42]]></int>", value(std::int32_t{42})},
      {"<int> <![CDATA[42]]> </int>", value(std::int32_t{42})},
      {"<int>4<!-- c -->2</int>", value(std::int32_t{42})},
      {"<int>\r\n 5 \r\n</int>", value(std::int32_t{5})},
      {"<i4 >6</i4>", value(std::int32_t{6})},
      {"<int>-2147483648</int>", value(std::int32_t{-2147483647 - 1})},
      {"<int>+2147483647</int>", value(std::int32_t{2147483647})},
      {"<int>-0</int>", value(std::int32_t{0})},
      {"<int>0000000000000000000000000042</int>", value(std::int32_t{42})},
      {"<int>-0000000000000000000000000042</int>", value(std::int32_t{-42})},
      {"<i8>-9223372036854775808</i8>", value(std::int64_t{-9223372036854775807 - 1})},
      {"<i8>999999999999999999</i8>", value(std::int64_t{999999999999999999})},
      {"<i8>+1000000000000000000</i8>", value(std::int64_t{1000000000000000000})},
      {"<i8>&#x31;</i8>", value(std::int64_t{1})},
      {"<boolean>&#49;</boolean>", value(true)},
      {"<boolean><![CDATA[0]]></boolean>", value(false)},
      {"<boolean> 1 </boolean>", value(true)},
      {"<double>&#49;.5</double>", value(1.5)},
      {"<double><![CDATA[2.5]]></double>", value(2.5)},
      {"<struct><member><name>n</name><value><int>&#51;</int></value></member></struct>",
       value(members{{"n", std::int32_t{3}}})},
      {"<base64 >aGVsbG8=</base64>", value(bytes("hello"))},
      {"<base64>aGVs&#x62;G8=</base64>", value(bytes("hello"))},
      {"<base64><![CDATA[aGVsbG8=]]></base64>", value(bytes("hello"))},
      {"<base64>\r\naGVs\r\nbG8=\r\n</base64>", value(bytes("hello"))},
      {"<base64>aGVs<!-- c -->bG8=</base64>", value(bytes("hello"))},
      {"<dateTime.iso8601 >20240131T23:59:59</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt})},
      {"<dateTime.iso8601>2024&#45;01-31T23:59:59</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt})},
      {"<dateTime.iso8601>\r\n20240131T23:59:59\r\n</dateTime.iso8601>",
       value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt})},
  };
  expect_values(rows);
  const std::string p = "methodResponse/params/param[1]/value";
  const std::vector<bad_row> bad{
      {wrapped_response("<int>+-1</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"+-1\""},
      {wrapped_response("<int>-</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"-\""},
      {wrapped_response("<int>1 2</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"1 2\""},
      {wrapped_response("<int>-2147483649</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"-2147483649\""},
      {wrapped_response("<int>&#49;x</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"1x\""},
      {wrapped_response("<int>99999999999999999999</int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: expected a 32-bit integer, got \"99999999999999999999\""},
      {wrapped_response("<i8>-9223372036854775809</i8>"), sockrpc::rpc::errc::invalid_document,
       p + "/i8: expected a 64-bit integer, got \"-9223372036854775809\""},
      {wrapped_response("<boolean>&#50;</boolean>"), sockrpc::rpc::errc::invalid_document,
       p + "/boolean: expected 0 or 1, got \"2\""},
      {wrapped_response("<boolean>01</boolean>"), sockrpc::rpc::errc::invalid_document,
       p + "/boolean: expected 0 or 1, got \"01\""},
      {wrapped_response("<double>&#49;e</double>"), sockrpc::rpc::errc::invalid_document,
       p + "/double: expected a finite decimal number, got \"1e\""},
      {wrapped_response("<int><b>1</b></int>"), sockrpc::rpc::errc::invalid_document,
       p + "/int: unexpected element <b>"},
      {wrapped_response("<base64>aGVs&amp;G8=</base64>"), sockrpc::rpc::errc::invalid_document,
       p + "/base64: invalid base64"},
      {wrapped_response("<base64 a=\"1\">aGVsbG8=></base64>"), sockrpc::rpc::errc::invalid_document,
       p + "/base64: invalid base64"},
  };
  for (const auto& r : bad)
    expect_response_error(r);
}

TEST(CodecParseTest, ManyMembersStayLinear) {
  // 50,000 distinct members (hash-checked for duplicates) parse and round-trip.
  members m;
  for (int i = 0; i < 50'000; ++i)
    m.push_back("k" + std::to_string(i), value(i));
  const value v(std::move(m));
  EXPECT_EQ(parse_response(serialize_response(v)).result, v);
}

}  // namespace
}  // namespace sockrpc::rpc

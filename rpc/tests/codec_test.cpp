// SPDX-License-Identifier: MIT
// The XML-RPC codec: every type and its edges, serialisation, limits.
#include <sockrpc/rpc/xml/codec.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace sockrpc::rpc {
namespace {

std::string response_with(std::string_view inner) {
  return "<?xml version=\"1.0\"?><methodResponse><params><param><value>" + std::string(inner) +
         "</value></param></params></methodResponse>";
}

value round_trip(const value& v) {
  return parse_response(serialize_response(v)).result;
}

std::uint64_t bits(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

TEST(CodecTest, SerializesCallExactly) {
  const std::vector<value> params{value(std::int32_t{42}), value("a<b")};
  EXPECT_EQ(serialize_call("math.add", params),
            "<?xml version=\"1.0\"?><methodCall><methodName>math.add</methodName><params>"
            "<param><value><int>42</int></value></param>"
            "<param><value><string>a&lt;b</string></value></param></params></methodCall>");
}

TEST(CodecTest, SerializesEveryScalarExactly) {
  struct row {
    value v;
    std::string xml;
  };
  const std::vector<row> rows{
      {value(nil), "<nil/>"},
      {value(true), "<boolean>1</boolean>"},
      {value(false), "<boolean>0</boolean>"},
      {value(std::numeric_limits<std::int32_t>::min()), "<int>-2147483648</int>"},
      {value(std::numeric_limits<std::int32_t>::max()), "<int>2147483647</int>"},
      {value(std::numeric_limits<std::int64_t>::min()), "<i8>-9223372036854775808</i8>"},
      {value(std::numeric_limits<std::int64_t>::max()), "<i8>9223372036854775807</i8>"},
      {value(0.1), "<double>0.1</double>"},
      {value(-0.0), "<double>-0.0</double>"},
      {value(100.0), "<double>100.0</double>"},
      {value(1.5e-7), "<double>0.00000015</double>"},
      {value(""), "<string></string>"},
      {value("x]]>y&\r\n\t"), "<string>x]]&gt;y&amp;&#13;\n\t</string>"},
      {value(date_time{2024, 1, 31, 23, 59, 59, std::nullopt}),
       "<dateTime.iso8601>20240131T23:59:59</dateTime.iso8601>"},
      {value(date_time{2024, 1, 31, 23, 59, 59, 0}),
       "<dateTime.iso8601>20240131T23:59:59Z</dateTime.iso8601>"},
      {value(date_time{999, 1, 2, 3, 4, 5, -330}),
       "<dateTime.iso8601>09990102T03:04:05-05:30</dateTime.iso8601>"},
      {value(binary{}), "<base64></base64>"},
      {value(binary{std::byte{'M'}, std::byte{'a'}}), "<base64>TWE=</base64>"},
      {value(array{}), "<array><data></data></array>"},
      {value(members{}), "<struct></struct>"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(serialize_response(r.v), response_with(r.xml)) << r.v;
    EXPECT_EQ(round_trip(r.v), r.v) << r.xml;
  }
}

TEST(CodecTest, AppendingFormsKeepExistingContent) {
  std::string out = "HEAD";
  serialize_response(out, value(std::int32_t{1}));
  EXPECT_EQ(out, "HEAD" + response_with("<int>1</int>"));
  std::string call = "X";
  const value p[] = {value(true)};
  serialize_call(call, "m", p);
  EXPECT_EQ(call.substr(0, 1), "X");
  EXPECT_EQ(parse_call(std::string_view(call).substr(1)).params.at(0), value(true));
}

TEST(CodecTest, SerializesNestedContainers) {
  members m;
  m.push_back("k", value(array{value(std::int32_t{1}), value("two")}));
  EXPECT_EQ(serialize_response(value(m)),
            response_with("<struct><member><name>k</name><value><array><data>"
                          "<value><int>1</int></value><value><string>two</string></value>"
                          "</data></array></value></member></struct>"));
}

TEST(CodecTest, FaultRoundTrips) {
  const std::string xml = serialize_fault(-32601, "no such method: <x>");
  const method_response r = parse_response(xml);
  ASSERT_TRUE(r.is_fault());
  EXPECT_EQ(r.fault->code, -32601);
  EXPECT_EQ(r.fault->message, "no such method: <x>");
  EXPECT_EQ(serialize_response(r), xml);
}

TEST(CodecTest, DoublesRoundTripBitExactly) {
  const double samples[] = {0.0,
                            -0.0,
                            1.0 / 3.0,
                            -2.5,
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest(),
                            std::numeric_limits<double>::min(),
                            std::numeric_limits<double>::denorm_min(),
                            -std::numeric_limits<double>::denorm_min(),
                            123456789012345678.0,
                            0.1 + 0.2};
  for (double d : samples) {
    const value back = round_trip(value(d));
    ASSERT_EQ(back.type(), value::kind::double_);
    EXPECT_EQ(bits(back.as_double()), bits(d)) << d;
  }
}

TEST(CodecTest, RefusesNanAndInfinityWithPath) {
  for (double d :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    std::string out = "keep";
    sockrpc::status st;
    serialize_response(out, value(array{value(std::int32_t{1}), value(d)}), st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::unrepresentable);
    EXPECT_EQ(out, "keep");
    EXPECT_EQ(st.message().substr(0, st.message().find(':')),
              "methodResponse/params/param[1]/value/array/data/value[2]/double");
    EXPECT_THROW(serialize_response(value(d)), sockrpc::error);
  }
}

TEST(CodecTest, RefusesForbiddenCharactersAndBadUtf8) {
  const std::string bad[] = {std::string("a\0b", 3),
                             "\x01",
                             "\x1f",
                             "\x0b",
                             "\xc3",
                             "\xed\xa0\x80" /* surrogate */,
                             "\xef\xbf\xbe" /* U+FFFE */,
                             "\xc0\xaf" /* overlong */,
                             "\xf4\x90\x80\x80" /* > U+10FFFF */};
  for (const auto& s : bad) {
    std::string out;
    sockrpc::status st;
    serialize_response(out, value(s), st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::unrepresentable) << st.message();
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(st.message().substr(0, st.message().find(':')),
              "methodResponse/params/param[1]/value/string");
  }
  try {
    (void)serialize_fault(1, "\x02");
    FAIL() << "expected sockrpc::error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::rpc::errc::unrepresentable);
    EXPECT_STREQ(e.what(),
                 "methodResponse/fault/value/struct/member[2]/value/string: character not "
                 "allowed in XML 1.0 at byte 0");
  }
}

TEST(CodecTest, KeepsUtf8AndWhitespaceIntact) {
  const std::string samples[] = {
      "héllo wörld", "日本語", "😀 \xf0\x9f\x98\x80", "  ", "\n", "\t x \t", "\r\n", "\r", " lead",
      "trail ",      ""};
  for (const auto& s : samples) {
    EXPECT_EQ(round_trip(value(s)), value(s)) << s;
    members m;
    m.push_back(s, value(s));
    EXPECT_EQ(round_trip(value(m)), value(m)) << s;
  }
  const value p[] = {value("x")};
  EXPECT_EQ(parse_call(serialize_call("ü.method", p)).method, "ü.method");
}

TEST(CodecTest, Base64CoversEveryByteAndLength) {
  binary all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<std::byte>(i));
  EXPECT_EQ(round_trip(value(all)), value(all));
  for (std::size_t n = 0; n < 10; ++n) {
    const binary b(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(round_trip(value(b)), value(b)) << n;
  }
}

TEST(CodecTest, DateTimeRangeIsChecked) {
  const date_time bad[] = {{2023, 2, 29, 0, 0, 0, std::nullopt},
                           {2024, 13, 1, 0, 0, 0, std::nullopt},
                           {2024, 1, 1, 24, 0, 0, std::nullopt},
                           {10000, 1, 1, 0, 0, 0, std::nullopt},
                           {2024, 1, 1, 0, 0, 0, 24 * 60}};
  for (const auto& t : bad) {
    std::string out;
    sockrpc::status st;
    serialize_response(out, value(t), st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::unrepresentable);
  }
  const value leap(date_time{2000, 2, 29, 12, 0, 60, std::nullopt});
  EXPECT_EQ(round_trip(leap), leap);
}

TEST(CodecTest, EmptyMethodNameIsRefused) {
  std::string out;
  sockrpc::status st;
  serialize_call(out, "", {}, st);
  EXPECT_EQ(st.code(), sockrpc::rpc::errc::unrepresentable);
}

value nested(std::size_t levels, bool use_struct) {
  value v(std::int32_t{7});
  for (std::size_t i = 1; i < levels; ++i) {
    if (use_struct) {
      members m;
      m.push_back("k", std::move(v));
      v = value(std::move(m));
    } else {
      v = value(array{std::move(v)});
    }
  }
  return v;
}

TEST(CodecTest, NestingUpToTheLimitAndOnePast) {
  for (bool use_struct : {false, true}) {
    codec_limits limits;
    const value ok = nested(limits.max_depth, use_struct);
    EXPECT_EQ(parse_response(serialize_response(ok), limits).result, ok);
    sockrpc::status st;
    (void)parse_response(serialize_response(nested(limits.max_depth + 1, use_struct)), st, limits);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded);
    EXPECT_NE(st.message().find("nesting deeper than 24 levels"), std::string::npos)
        << st.message();

    // The hard maximum: everything tinyxml2 can hold, and nothing deeper.
    limits.max_depth = 1000;
    const value deepest = nested(max_supported_depth, use_struct);
    EXPECT_EQ(parse_response(serialize_response(deepest), limits).result, deepest);
    std::string out;
    serialize_response(out, nested(max_supported_depth + 1, use_struct), st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded);
  }
}

TEST(CodecTest, DocumentSizeLimit) {
  codec_limits limits;
  limits.max_document_size = 100;
  const std::string xml = serialize_response(value(std::string(200, 'x')));
  sockrpc::status st;
  (void)parse_response(xml, st, limits);
  EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded);
  limits.max_document_size = xml.size();
  EXPECT_EQ(parse_response(xml, limits).result, value(std::string(200, 'x')));
}

TEST(CodecTest, StringAndMemberLimits) {
  codec_limits limits;
  limits.max_string_length = 4;
  limits.max_members = 3;
  struct row {
    value v;
    bool fits;
  };
  const std::vector<row> rows{
      {value("abcd"), true},
      {value("abcde"), false},
      {value(binary(4)), true},
      {value(binary(5)), false},
      {value(array(3)), true},
      {value(array(4)), false},
      {value(members{{"a", 1}, {"b", 2}, {"c", 3}}), true},
      {value(members{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}), false},
      {value(members{{"abcde", 1}}), false},
  };
  for (const auto& r : rows) {
    sockrpc::status st;
    const auto resp = parse_response(serialize_response(r.v), st, limits);
    if (r.fits) {
      EXPECT_FALSE(st) << r.v;
      EXPECT_EQ(resp.result, r.v);
    } else {
      EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded) << r.v;
    }
  }
  const std::vector<value> four(4, value(true));
  sockrpc::status st;
  (void)parse_call(serialize_call("m", four), st, limits);
  EXPECT_EQ(st.code(), sockrpc::rpc::errc::limit_exceeded);
}

TEST(CodecTest, LargeDocumentsRoundTrip) {
  array a;
  for (std::int32_t i = 0; i < 100'000; ++i)
    a.emplace_back(i * 7919);
  const value big(std::move(a));
  EXPECT_EQ(round_trip(big), big);
  const value blob(binary(3 * 1024 * 1024 + 1, std::byte{0xA5}));
  EXPECT_EQ(round_trip(blob), blob);
  const value text(std::string(4 * 1024 * 1024, 'q'));
  EXPECT_EQ(round_trip(text), text);
}

TEST(CodecTest, ReusedBufferSerializesRepeatedly) {
  std::string buf;
  for (int i = 0; i < 3; ++i) {
    buf.clear();
    serialize_response(buf, value(std::string(5000, 'z')));
    EXPECT_EQ(parse_response(buf).result, value(std::string(5000, 'z')));
  }
}

}  // namespace
}  // namespace sockrpc::rpc

namespace sockrpc::rpc {
namespace {

TEST(CodecTest, ReusedParserHandlesErrorsThenValidDocuments) {
  codec_limits limits;
  limits.max_string_length = 11;  // "faultString" fits, "far too long" does not
  xml_parser parser(limits);
  EXPECT_EQ(parser.limits().max_string_length, 11U);
  const value p[] = {value("short"), value(std::int32_t{3})};
  for (int round = 0; round < 3; ++round) {
    sockrpc::status st;
    (void)parser.parse_response("<methodResponse><oops/></methodResponse>", st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::invalid_document);
    EXPECT_EQ(st.message(), "methodResponse: expected exactly one <params> or <fault>");
    EXPECT_THROW((void)parser.parse_response(serialize_response(value("far too long"))),
                 sockrpc::error);
    const method_call c = parser.parse_call(serialize_call("m", p), st);
    EXPECT_FALSE(st);
    EXPECT_EQ(c.params, std::vector<value>(std::begin(p), std::end(p)));
    EXPECT_EQ(parser.parse_response(serialize_fault(5, "x")).fault->code, 5);
  }
  xml_parser moved = std::move(parser);
  EXPECT_EQ(moved.parse_call(serialize_call("m", p)).method, "m");
}

// Past 1 MiB of input the parser rebuilds its document after the parse (to give back
// tinyxml2's node pools); small and large documents, good and bad, must keep alternating.
TEST(CodecTest, ReusedParserAlternatesHugeAndSmallDocuments) {
  array big;
  for (std::int32_t i = 0; i < 40'000; ++i)  // about 1.1 MB of XML
    big.emplace_back(i);
  const value big_value(std::move(big));
  const std::string big_xml = serialize_response(big_value);
  ASSERT_GT(big_xml.size(), std::size_t{1} << 20);
  std::string broken = big_xml;
  broken.resize(broken.size() - 20);  // cut inside </methodResponse>
  xml_parser parser;
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(parser.parse_response(big_xml).result, big_value);
    EXPECT_EQ(parser.parse_response(serialize_response(value("small"))).result, value("small"));
    sockrpc::status st;
    (void)parser.parse_response(broken, st);
    EXPECT_EQ(st.code(), sockrpc::rpc::errc::xml_parse_error);
    EXPECT_EQ(
        parser.parse_call(serialize_call("m", std::span<const value>(&big_value, 1))).params.at(0),
        big_value);
  }
}

}  // namespace
}  // namespace sockrpc::rpc

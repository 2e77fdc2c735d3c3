// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/value.hpp>

#include "value_test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sockrpc::rpc {
namespace {

using kind = value::kind;

std::string type_error_message(const auto& fn) {
  return test::thrown_message<type_error>(fn);
}

TEST(ValueTest, DefaultIsNil) {
  value v;
  EXPECT_TRUE(v.is_nil());
  EXPECT_EQ(v.type(), kind::nil);
  EXPECT_EQ(v, value(nil));
}

TEST(ValueTest, LayoutIsCompact) {
  // One tag byte plus a payload as large as std::string: scalars never allocate.
  EXPECT_LE(sizeof(value), sizeof(std::string) + alignof(std::string));
  EXPECT_TRUE(std::is_nothrow_move_constructible_v<value>);
  EXPECT_TRUE(std::is_nothrow_move_assignable_v<value>);
}

TEST(ValueTest, ConstructorsPickTheKind) {
  struct row {
    value v;
    kind k;
    std::string_view name;
  };
  const row rows[] = {
      {value(), kind::nil, "nil"},
      {value(nil), kind::nil, "nil"},
      {value(true), kind::boolean, "boolean"},
      {value(std::int32_t{7}), kind::i4, "int"},
      {value(7), kind::i4, "int"},
      {value(std::int64_t{7}), kind::i8, "i8"},
      {value(short{7}), kind::i4, "int"},
      {value(std::int64_t{1} << 40), kind::i8, "i8"},
      {value(1LL << 40), kind::i8, "i8"},
      {value(std::size_t{3}), kind::i4, "int"},
      {value(std::int16_t{-7}), kind::i4, "int"},
      {value(std::uint8_t{255}), kind::i4, "int"},
      {value(std::uint32_t{2147483647u}), kind::i4, "int"},
      {value(std::uint32_t{2147483648u}), kind::i8, "i8"},
      {value(std::uint64_t{1}), kind::i4, "int"},
      {value(std::uint64_t{1} << 63 >> 1), kind::i8, "i8"},
      {value(1.5), kind::double_, "double"},
      {value(1.5f), kind::double_, "double"},
      {value("x"), kind::string, "string"},
      {value(std::string("x")), kind::string, "string"},
      {value(std::string_view("x")), kind::string, "string"},
      {value(date_time{2024, 1, 31, 12, 0, 0, {}}), kind::datetime, "dateTime.iso8601"},
      {value(binary{std::byte{1}}), kind::base64, "base64"},
      {value(array{1, 2}), kind::array, "array"},
      {value(members{{"a", 1}}), kind::struct_, "struct"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(r.v.type(), r.k) << r.v;
    EXPECT_EQ(r.v.type_name(), r.name) << r.v;
  }
}

TEST(ValueTest, IntegerBoundsRoundTrip) {
  constexpr auto i4min = std::numeric_limits<std::int32_t>::min();
  constexpr auto i4max = std::numeric_limits<std::int32_t>::max();
  constexpr auto i8min = std::numeric_limits<std::int64_t>::min();
  constexpr auto i8max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(value(i4min).as_i4(), i4min);
  EXPECT_EQ(value(i4max).as_i4(), i4max);
  EXPECT_EQ(value(i4max).as_i8(), i4max);
  EXPECT_EQ(value(i8min).as_i8(), i8min);
  EXPECT_EQ(value(i8max).as_i8(), i8max);
  EXPECT_EQ(value(std::int64_t{5}).as_i4(), 5);  // an i8 that fits reads as int
}

TEST(ValueTest, UnsignedAboveInt64MaxThrows) {
  EXPECT_EQ(type_error_message([] { value v(std::numeric_limits<std::uint64_t>::max()); }),
            "expected int in [-9223372036854775808, 9223372036854775807], got "
            "18446744073709551615");
}

TEST(ValueTest, WrongTypeAccessNamesBothTypes) {
  const value s("text");
  EXPECT_EQ(type_error_message([&] { (void)s.as_i4(); }), "expected int, got string");
  EXPECT_EQ(type_error_message([&] { (void)s.as_i8(); }), "expected int, got string");
  EXPECT_EQ(type_error_message([&] { (void)value(1).as_bool(); }), "expected boolean, got int");
  EXPECT_EQ(type_error_message([&] { (void)value(1).as_double(); }), "expected double, got int");
  EXPECT_EQ(type_error_message([&] { (void)value(true).as_string(); }),
            "expected string, got boolean");
  EXPECT_EQ(type_error_message([&] { (void)value().as_datetime(); }),
            "expected dateTime.iso8601, got nil");
  EXPECT_EQ(type_error_message([&] { (void)value(1.0).as_binary(); }),
            "expected base64, got double");
  EXPECT_EQ(type_error_message([&] { (void)value(members{}).as_array(); }),
            "expected array, got struct");
  EXPECT_EQ(type_error_message([&] { (void)value(array{}).as_struct(); }),
            "expected struct, got array");
  EXPECT_EQ(type_error_message([&] { (void)value(std::int64_t{1} << 32).as_i4(); }),
            "expected int in [-2147483648, 2147483647], got 4294967296");
}

TEST(ValueTest, TypeErrorIsASockrpcError) {
  try {
    (void)value().as_bool();
    FAIL();
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::rpc::errc::type_mismatch);
    EXPECT_EQ(e.code(), std::errc::invalid_argument);
    EXPECT_STREQ(e.what(), "expected boolean, got nil");
  }
}

TEST(ValueTest, IndexingArraysAndStructs) {
  value v = members{{"name", "ada"}, {"langs", array{"en", "fr"}}};
  EXPECT_EQ(v["name"].as_string(), "ada");
  EXPECT_EQ(v["langs"][1].as_string(), "fr");
  v["langs"][0] = 42;
  EXPECT_EQ(v["langs"][0], value(42));
  EXPECT_THROW((void)v["missing"], std::out_of_range);
  EXPECT_THROW((void)v["langs"][2], std::out_of_range);
  EXPECT_THROW((void)v[0], type_error);
  EXPECT_THROW((void)v["langs"]["x"], type_error);
}

TEST(ValueTest, DoublesCompareBitwise) {
  EXPECT_NE(value(0.0), value(-0.0));
  EXPECT_EQ(value(-0.0), value(-0.0));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(value(nan), value(nan));  // reflexive, unlike IEEE ==
  EXPECT_NE(value(1.0), value(1));
  EXPECT_NE(value(1), value(std::int64_t{1}));
}

TEST(ValueTest, StructEqualityIgnoresOrder) {
  const value a = members{{"x", 1}, {"y", 2}};
  const value b = members{{"y", 2}, {"x", 1}};
  EXPECT_EQ(a, b);
  EXPECT_NE(a, value(members{{"x", 1}, {"y", 3}}));
  EXPECT_NE(a, value(members{{"x", 1}}));
  EXPECT_NE(a, value(members{{"x", 1}, {"z", 2}}));
}

TEST(ValueTest, PrintsReadably) {
  const value v = members{{"a", 1},
                          {"b", array{true, "x\"\n", std::int64_t{5}, 1.5, 2.0, -0.0, nil}},
                          {"d", date_time{2024, 1, 31, 12, 34, 56, {}}},
                          {"e", binary{std::byte{0}, std::byte{1}}}};
  EXPECT_EQ(v.to_string(),
            "{\"a\": 1, \"b\": [true, \"x\\\"\\n\", i8(5), 1.5, 2.0, -0.0, nil], "
            "\"d\": dateTime(20240131T12:34:56), \"e\": base64(\"AAE=\")}");
  std::ostringstream os;
  os << v;
  EXPECT_EQ(os.str(), v.to_string());
  EXPECT_EQ(::testing::PrintToString(v), v.to_string());
}

TEST(ValueTest, CopyIsDeepAndMoveIsCheap) {
  value a = array{"a long string that does not fit in the small buffer", 1};
  value b = a;
  b[0] = "changed";
  EXPECT_EQ(a[0].as_string(), "a long string that does not fit in the small buffer");
  const auto* data = a.as_array().data();
  value c = std::move(a);
  EXPECT_EQ(c.as_array().data(), data);  // the vector moved, no copy
  a = 5;                                 // moved-from is valid: assignable
  EXPECT_EQ(a, value(5));
}

TEST(ValueTest, AssignFromOwnElement) {
  value v = array{array{1, 2}, 3};
  v = v[0];
  EXPECT_EQ(v, value(array{1, 2}));
  v = std::move(v[1]);
  EXPECT_EQ(v, value(2));
}

TEST(ValueTest, OnlyIntendedTypesConvert) {
  static_assert(std::is_convertible_v<const char*, value>);
  static_assert(std::is_convertible_v<bool, value>);
  static_assert(std::is_convertible_v<std::uint16_t, value>);
  static_assert(!std::is_constructible_v<value, char>);
  static_assert(!std::is_constructible_v<value, char8_t>);
  static_assert(!std::is_constructible_v<value, wchar_t>);
  static_assert(!std::is_constructible_v<value, std::nullptr_t>);
  static_assert(!std::is_constructible_v<value, int*>);  // no silent pointer -> bool
  static_assert(!std::is_constructible_v<value, const void*>);
  SUCCEED();
}

/// One sample of every kind, including the empty/zero payloads.
std::vector<value> one_of_each_kind() {
  return {value(),   value(false),       value(0),        value(std::int64_t{0}), value(0.0),
          value(""), value(date_time{}), value(binary{}), value(array{}),         value(members{})};
}

TEST(ValueTest, DifferentKindsNeverCompareEqual) {
  const auto samples = one_of_each_kind();
  ASSERT_EQ(samples.size(), 10u);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(samples[i].type()), i);
    for (std::size_t j = 0; j < samples.size(); ++j) {
      EXPECT_EQ(samples[i] == samples[j], i == j) << samples[i] << " vs " << samples[j];
    }
  }
}

TEST(ValueTest, EqualityComparesPayloads) {
  struct row {
    value a, b;
    bool equal;
  };
  binary all(256);
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = static_cast<std::byte>(i);
  binary all_but_last = all;
  all_but_last.back() = std::byte{0};
  const row rows[] = {
      {true, true, true},
      {true, false, false},
      {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::min(), true},
      {1, 2, false},
      {std::int64_t{1} << 40, std::int64_t{1} << 40, true},
      {0.1, 0.1, true},
      {0.1, 0.1 + 1e-18, true},  // rounds to the same double
      {0.1, 0.30000000000000004 - 0.2, false},
      {"gr\xc3\xbc\xc3\x9f", "gr\xc3\xbc\xc3\x9f", true},
      {"a", "A", false},
      {std::string("a\0b", 3), std::string("a\0c", 3), false},
      {date_time{2024, 1, 1, 0, 0, 0, {}}, date_time{2024, 1, 1, 0, 0, 0, 0}, false},
      {date_time{2024, 1, 1, 1, 0, 0, 60}, date_time{2024, 1, 1, 1, 0, 0, 60}, true},
      {all, all, true},
      {all, all_but_last, false},
      {array{1, "x"}, array{1, "x"}, true},
      {array{1, "x"}, array{"x", 1}, false},  // arrays are ordered
      {array{1}, array{1, 1}, false},
      {array{value(array{value(array{})})}, array{value(array{value(array{})})}, true},
      {array{value(array{value(array{})})}, array{value(array{value(array{nil})})}, false},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(r.a == r.b, r.equal) << r.a << " vs " << r.b;
    EXPECT_EQ(r.b == r.a, r.equal) << r.b << " vs " << r.a;
  }
}

TEST(ValueTest, PrintingIsDeterministicForEveryKind) {
  struct row {
    value v;
    std::string_view text;
  };
  const row rows[] = {
      {value(), "nil"},
      {true, "true"},
      {false, "false"},
      {std::numeric_limits<std::int32_t>::min(), "-2147483648"},
      {std::numeric_limits<std::int64_t>::max(), "i8(9223372036854775807)"},
      {0.1, "0.1"},
      {1.0, "1.0"},
      {-0.0, "-0.0"},
      {1e300, "1e+300"},
      {5e-324, "5e-324"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
      {"", "\"\""},
      {"tab\there\\ \x01\x7f", "\"tab\\there\\\\ \\u0001\\u007f\""},
      {"\xe6\x97\xa5\xe6\x9c\xac", "\"\xe6\x97\xa5\xe6\x9c\xac\""},  // UTF-8 as is
      {date_time{5, 1, 2, 3, 4, 5, {}}, "dateTime(00050102T03:04:05)"},
      {date_time{2024, 1, 31, 12, 0, 0, 0}, "dateTime(20240131T12:00:00Z)"},
      {date_time{2024, 1, 31, 12, 0, 0, 60}, "dateTime(20240131T12:00:00+01:00)"},
      {date_time{2024, 1, 31, 12, 0, 0, -330}, "dateTime(20240131T12:00:00-05:30)"},
      {binary{}, "base64(\"\")"},
      {binary{std::byte{0xff}}, "base64(\"/w==\")"},
      {binary{std::byte{0xfb}, std::byte{0xff}}, "base64(\"+/8=\")"},
      {binary{std::byte{'a'}, std::byte{'b'}, std::byte{'c'}}, "base64(\"YWJj\")"},
      {array{}, "[]"},
      {members{}, "{}"},
      {array{array{}, members{{"k", array{nil}}}}, "[[], {\"k\": [nil]}]"},
      {members{{"z", 1}, {"a", 2}}, "{\"z\": 1, \"a\": 2}"},  // insertion order
      {members{{"q\"", 1}}, "{\"q\\\"\": 1}"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(r.v.to_string(), r.text);
    std::string appended = "> ";
    r.v.append_to(appended);
    EXPECT_EQ(appended, "> " + std::string(r.text));
  }
  EXPECT_EQ(::testing::PrintToString(members{{"a", 1}}), "{\"a\": 1}");
  EXPECT_EQ(::testing::PrintToString(date_time{2024, 1, 31, 12, 0, 0, {}}), "20240131T12:00:00");
  EXPECT_EQ(to_string(date_time{2024, 1, 31, 12, 0, 0, -1}), "20240131T12:00:00-00:01");
}

TEST(ValueTest, MembersKeepOrderAndFindTheFirst) {
  members m;
  m.reserve(4);
  value& a = m.push_back("a", 1);
  EXPECT_EQ(a, value(1));
  m.emplace_back("b", "two");
  m.emplace_back("a", 3);  // duplicates are the codec's business
  m.emplace_back("c");     // nil
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m.begin()->first, "a");
  EXPECT_EQ(*m.find("a"), value(1));
  EXPECT_EQ(m.at("b"), value("two"));
  EXPECT_TRUE(m.at("c").is_nil());
  EXPECT_EQ(m.find("zz"), nullptr);
  EXPECT_TRUE(m.contains("c"));
  EXPECT_FALSE(m.contains("C"));
  try {
    (void)m.at("zz");
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "struct has no member \"zz\"");
  }
  *m.find("b") = 2.5;
  EXPECT_EQ(m.at("b"), value(2.5));
  EXPECT_EQ(m.erase("a"), 2u);
  EXPECT_EQ(m.erase("a"), 0u);
  EXPECT_EQ(m.size(), 2u);
  std::string keys;
  for (const auto& [k, v] : m)
    keys += k;
  EXPECT_EQ(keys, "bc");
  m.clear();
  EXPECT_TRUE(m.empty());
}

TEST(ValueTest, StructEqualityMatchesDuplicatesInOrder) {
  members a{{"k", 1}, {"x", 0}, {"k", 2}};
  members b{{"x", 0}, {"k", 1}, {"k", 2}};
  members c{{"x", 0}, {"k", 2}, {"k", 1}};
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(members({{"k", 1}, {"k", 1}}), members({{"k", 1}, {"j", 1}}));
}

TEST(ValueTest, MutableAccessorsEditInPlace) {
  value s = "ab";
  s.as_string() += "c";
  EXPECT_EQ(s, value("abc"));
  value a = array{};
  a.as_array().reserve(3);
  a.as_array().emplace_back(1);
  a.as_array().emplace_back("x");
  EXPECT_EQ(a, value(array{1, "x"}));
  value st = members{};
  st.as_struct().emplace_back("k", true);
  EXPECT_EQ(st["k"], value(true));
  st["k"] = array{};
  EXPECT_TRUE(st["k"].is_array());
  value b = binary{};
  b.as_binary().push_back(std::byte{7});
  EXPECT_EQ(b.as_binary().size(), 1u);
  value d = date_time{};
  d.as_datetime().year = 2000;
  EXPECT_EQ(d.as_datetime().year, 2000);
  EXPECT_THROW((void)s.as_array(), type_error);
}

TEST(ValueTest, MovedFromValuesStayUsable) {
  // Moved-from is valid but unspecified: it can be inspected, printed, compared,
  // assigned and destroyed. Only that is asserted.
  for (auto& sample : one_of_each_kind()) {
    value source = sample;
    value target = std::move(source);
    EXPECT_EQ(target, sample);
    (void)source.type();
    (void)source.to_string();
    (void)(source == sample);
    source = array{1};
    EXPECT_EQ(source, value(array{1}));
    value other = sample;
    other = std::move(target);  // move-assign over every kind
    EXPECT_EQ(other, sample);
  }
}

TEST(ValueTest, SelfAssignmentAndSwap) {
  value v = array{"x", members{{"k", 1}}};
  const value copy = v;
  value& alias = v;
  v = alias;
  EXPECT_EQ(v, copy);
  v = std::move(alias);
  EXPECT_EQ(v.type(), kind::array);  // self-move leaves it intact
  value w = 5;
  swap(v, w);
  EXPECT_EQ(v, value(5));
  EXPECT_EQ(w, copy);
}

TEST(ValueTest, DeepNestingCopiesAndCompares) {
  value v = 0;
  for (int i = 0; i < 500; ++i)
    v = array{std::move(v)};
  const value copy = v;
  EXPECT_EQ(copy, v);
  const value* inner = &copy;
  int depth = 0;
  while (inner->is_array()) {
    inner = &(*inner)[0];
    ++depth;
  }
  EXPECT_EQ(depth, 500);
}

TEST(ValueTest, I8ReadsAsI4OnlyInRange) {
  EXPECT_EQ(value(std::int64_t{2147483647}).as_i4(), 2147483647);
  EXPECT_EQ(value(std::int64_t{-2147483648}).as_i4(), -2147483647 - 1);
  EXPECT_EQ(type_error_message([] { (void)value(std::int64_t{-2147483649}).as_i4(); }),
            "expected int in [-2147483648, 2147483647], got -2147483649");
}

}  // namespace
}  // namespace sockrpc::rpc

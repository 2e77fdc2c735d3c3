// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace sockrpc::rpc {
namespace {

using kind = value::kind;

std::string type_error_message(const auto& fn) {
  try {
    fn();
  } catch (const type_error& e) {
    EXPECT_EQ(e.code(), errc::type_mismatch);
    return e.what();
  }
  ADD_FAILURE() << "no type_error thrown";
  return {};
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
      {value(7LL), kind::i8, "i8"},
      {value(std::int16_t{-7}), kind::i4, "int"},
      {value(std::uint8_t{255}), kind::i4, "int"},
      {value(std::uint32_t{2147483647u}), kind::i4, "int"},
      {value(std::uint32_t{2147483648u}), kind::i8, "i8"},
      {value(std::uint64_t{1}), kind::i8, "i8"},
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

TEST(ValueTest, TypeErrorIsASystemError) {
  try {
    (void)value().as_bool();
    FAIL();
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), errc::type_mismatch);
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

}  // namespace
}  // namespace sockrpc::rpc

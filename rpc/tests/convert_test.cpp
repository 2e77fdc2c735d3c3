// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/convert.hpp>

#include "value_test_util.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

// User types live outside sockrpc, as they would in an application.
namespace app {

struct person {
  std::string name;
  int age = 0;
  std::optional<std::string> email;
};
SOCKRPC_STRUCT(person, name, age, email)

struct team {
  std::string title;
  std::vector<person> people;
};
SOCKRPC_STRUCT(team, title, people)

struct empty {};
SOCKRPC_STRUCT(empty)

/// Converted by a hand-written trait below: a string "12.34".
struct money {
  long cents = 0;
  friend bool operator==(const money&, const money&) = default;
};

}  // namespace app

template <>
struct sockrpc::rpc::convert<app::money> {
  static constexpr std::string_view type_name = "string";
  static value to_value(const app::money& m) {
    return value(std::to_string(m.cents / 100) + "." + std::to_string(m.cents % 100));
  }
  static app::money from_value(const value& v) {
    const std::string& s = v.as_string();  // a plain type_error: gets a path on the way out
    const auto dot = s.find('.');
    return {std::stol(s.substr(0, dot)) * 100 + std::stol(s.substr(dot + 1))};
  }
};

namespace sockrpc::rpc {
namespace {

using namespace std::chrono;
using kind = value::kind;

/// Runs `fn`, expects a conversion_error, returns what().
std::string conversion_message(const auto& fn) {
  return test::thrown_message<conversion_error>(fn);
}

// ---- integers ----------------------------------------------------------------------------

template <class T>
void check_integer_type() {
  SCOPED_TRACE(typeid(T).name());
  constexpr auto lo = std::numeric_limits<T>::min();
  constexpr auto hi = std::numeric_limits<T>::max();
  const std::string range =
      "expected int in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got ";
  // Both bounds round-trip.
  EXPECT_EQ(from_value<T>(to_value(lo)), lo);
  if constexpr (std::in_range<std::int64_t>(hi)) {
    EXPECT_EQ(from_value<T>(to_value(hi)), hi);
    EXPECT_EQ(to_value(hi).type(), std::in_range<std::int32_t>(hi) ? kind::i4 : kind::i8);
  } else {
    // uint64 max has no XML-RPC form; the largest i8 still round-trips.
    EXPECT_THROW((void)to_value(hi), conversion_error);
    constexpr T i8max = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(from_value<T>(to_value(i8max)), i8max);
  }
  EXPECT_EQ(from_value<T>(value(0)), T{0});
  // to_value picks i4 whenever the number fits, regardless of the C++ type.
  EXPECT_EQ(to_value(T{7}).type(), kind::i4);
  // One past each bound is rejected with the range in the message (when the i8 can hold it).
  if constexpr (std::is_signed_v<T> && sizeof(T) < 8) {
    const std::int64_t below = std::int64_t{lo} - 1;
    EXPECT_EQ(conversion_message([&] { (void)from_value<T>(value(below)); }),
              range + std::to_string(below));
  }
  if constexpr (std::is_unsigned_v<T>) {
    EXPECT_EQ(conversion_message([&] { (void)from_value<T>(value(-1)); }), range + "-1");
  }
  if constexpr (sizeof(T) < 8) {
    const std::int64_t above = static_cast<std::int64_t>(hi) + 1;
    EXPECT_EQ(conversion_message([&] { (void)from_value<T>(value(above)); }),
              range + std::to_string(above));
  }
  EXPECT_EQ(conversion_message([&] { (void)from_value<T>(value("1")); }),
            "expected int, got string");
  EXPECT_EQ(conversion_message([&] { (void)from_value<T>(value(1.0)); }),
            "expected int, got double");
}

TEST(ConvertTest, EveryIntegerWidthIsRangeChecked) {
  check_integer_type<signed char>();
  check_integer_type<unsigned char>();
  check_integer_type<short>();
  check_integer_type<unsigned short>();
  check_integer_type<int>();
  check_integer_type<unsigned>();
  check_integer_type<long>();
  check_integer_type<unsigned long>();
  check_integer_type<long long>();
  check_integer_type<unsigned long long>();
  check_integer_type<std::int8_t>();
  check_integer_type<std::uint64_t>();
}

TEST(ConvertTest, IntegersPickTheSmallestKind) {
  EXPECT_EQ(to_value(std::int64_t{5}), value(5));
  EXPECT_EQ(to_value(std::int64_t{2147483647}), value(2147483647));
  EXPECT_EQ(to_value(std::int64_t{2147483648}), value(std::int64_t{2147483648}));
  EXPECT_EQ(to_value(std::int64_t{-2147483649}), value(std::int64_t{-2147483649}));
  EXPECT_EQ(to_value(std::uint32_t{4294967295u}), value(std::int64_t{4294967295}));
  // An i8 holding a small number reads into any type that holds it.
  EXPECT_EQ(from_value<std::uint8_t>(value(std::int64_t{200})), 200);
}

TEST(ConvertTest, UnsignedBeyondI8IsRejectedOnTheWayOut) {
  EXPECT_EQ(conversion_message([] { (void)to_value(std::numeric_limits<std::uint64_t>::max()); }),
            "expected int in [-9223372036854775808, 9223372036854775807], got "
            "18446744073709551615");
  EXPECT_EQ(to_value(std::uint64_t{9223372036854775807u}),
            value(std::int64_t{9223372036854775807}));
}

// ---- scalars -----------------------------------------------------------------------------

TEST(ConvertTest, BoolRoundTripsAndIsStrict) {
  EXPECT_EQ(to_value(true), value(true));
  EXPECT_FALSE(from_value<bool>(value(false)));
  EXPECT_EQ(conversion_message([] { (void)from_value<bool>(value(1)); }),
            "expected boolean, got int");
}

TEST(ConvertTest, DoubleAcceptsExactIntegers) {
  EXPECT_EQ(to_value(2.5), value(2.5));
  EXPECT_EQ(from_value<double>(value(-0.0)), -0.0);
  EXPECT_TRUE(std::signbit(from_value<double>(value(-0.0))));
  EXPECT_EQ(from_value<double>(value(3)), 3.0);
  EXPECT_EQ(from_value<double>(value(std::int64_t{1} << 53)), 9007199254740992.0);
  EXPECT_EQ(
      conversion_message([] { (void)from_value<double>(value((std::int64_t{1} << 53) + 1)); }),
      "expected double, got i8 9007199254740993 (not exactly representable)");
  EXPECT_EQ(conversion_message([] { (void)from_value<double>(value("1.5")); }),
            "expected double, got string");
}

TEST(ConvertTest, FloatIsRangeChecked) {
  EXPECT_EQ(to_value(1.5f), value(1.5));
  EXPECT_EQ(from_value<float>(value(0.25)), 0.25f);
  EXPECT_TRUE(std::isinf(from_value<float>(value(std::numeric_limits<double>::infinity()))));
  EXPECT_EQ(conversion_message([] { (void)from_value<float>(value(1e300)); }),
            "expected double in float range, got 1e+300");
}

TEST(ConvertTest, StringsOfEveryShape) {
  const std::string s =
      "gr\xc3\xbc\xc3\x9f"
      "e \xe6\x97\xa5\xe6\x9c\xac";  // non-ASCII UTF-8
  EXPECT_EQ(from_value<std::string>(to_value(s)), s);
  EXPECT_EQ(to_value(std::string_view("view")), value("view"));
  EXPECT_EQ(to_value("literal"), value("literal"));
  const char* p = "pointer";
  EXPECT_EQ(to_value(p), value("pointer"));
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(from_value<std::string>(to_value(with_nul)).size(), 3u);
  EXPECT_EQ(from_value<std::string>(to_value(std::string())), "");
  EXPECT_EQ(conversion_message([] { (void)from_value<std::string>(value()); }),
            "expected string, got nil");
}

TEST(ConvertTest, BinaryCarriesEveryByte) {
  binary all(256);
  for (int i = 0; i < 256; ++i)
    all[static_cast<std::size_t>(i)] = static_cast<std::byte>(i);
  const value v = to_value(all);
  EXPECT_EQ(v.type(), kind::base64);
  EXPECT_EQ(from_value<binary>(v), all);
  EXPECT_EQ(from_value<binary>(to_value(binary{})), binary{});
  EXPECT_EQ(conversion_message([] { (void)from_value<binary>(value("AAE=")); }),
            "expected base64, got string");
}

TEST(ConvertTest, NilMonostateAndValueIdentity) {
  EXPECT_EQ(to_value(nil), value());
  EXPECT_EQ(to_value(std::monostate{}), value());
  EXPECT_NO_THROW((void)from_value<nil_t>(value()));
  EXPECT_EQ(conversion_message([] { (void)from_value<std::monostate>(value(0)); }),
            "expected nil, got int");
  const value v = array{1, "x", members{{"k", nil}}};
  EXPECT_EQ(to_value(v), v);
  EXPECT_EQ(from_value<value>(v), v);
  EXPECT_EQ(from_value<array>(v), v.as_array());
  EXPECT_EQ(from_value<members>(v[2]), v[2].as_struct());
}

// ---- dateTime ----------------------------------------------------------------------------

TEST(ConvertTest, DateTimeIdentityKeepsTheOffset) {
  const date_time with{2024, 2, 29, 12, 34, 56, 90};
  const date_time without{2024, 2, 29, 12, 34, 56, {}};
  EXPECT_EQ(from_value<date_time>(to_value(with)), with);
  EXPECT_EQ(from_value<date_time>(to_value(without)), without);
  EXPECT_NE(with, without);
}

TEST(ConvertTest, TimePointsMapToUtcDateTimes) {
  struct row {
    date_time dt;
    std::int64_t unix_seconds;
  };
  const row rows[] = {
      {{1970, 1, 1, 0, 0, 0, {}}, 0},
      {{1970, 1, 1, 0, 0, 0, 0}, 0},
      {{2024, 2, 29, 12, 34, 56, {}}, 1709210096},
      {{2024, 2, 29, 13, 34, 56, 60}, 1709210096},  // +01:00
      {{2024, 2, 29, 7, 4, 56, -330}, 1709210096},  // -05:30
      {{2024, 3, 1, 0, 4, 56, 690}, 1709210096},    // +11:30, next day
      {{1969, 12, 31, 23, 59, 59, {}}, -1},
      {{1900, 1, 1, 0, 0, 0, {}}, -2208988800},
      {{2038, 1, 19, 3, 14, 8, {}}, 2147483648},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(to_string(r.dt));
    const auto tp = from_value<sys_seconds>(value(r.dt));
    EXPECT_EQ(tp.time_since_epoch().count(), r.unix_seconds);
    const auto tp_ns = from_value<system_clock::time_point>(value(r.dt));
    EXPECT_EQ(duration_cast<seconds>(tp_ns.time_since_epoch()).count(), r.unix_seconds);
    // Back: UTC, no offset.
    date_time utc = to_value(tp).as_datetime();
    EXPECT_FALSE(utc.utc_offset_minutes.has_value());
    EXPECT_EQ(from_value<sys_seconds>(value(utc)), tp);
    if (!r.dt.utc_offset_minutes || *r.dt.utc_offset_minutes == 0) {
      utc.utc_offset_minutes = r.dt.utc_offset_minutes;
      EXPECT_EQ(utc, r.dt);
    }
  }
}

TEST(ConvertTest, TimePointsRoundDownToTheSecond) {
  const system_clock::time_point before_epoch{-1ns};
  EXPECT_EQ(to_value(before_epoch), value(date_time{1969, 12, 31, 23, 59, 59, {}}));
  const system_clock::time_point later{1709210096s + 999ms};
  EXPECT_EQ(to_value(later), value(date_time{2024, 2, 29, 12, 34, 56, {}}));
  const sys_days day{days{19782}};  // 2024-02-29
  EXPECT_EQ(to_value(day), value(date_time{2024, 2, 29, 0, 0, 0, {}}));
  EXPECT_EQ(from_value<sys_days>(value(date_time{2024, 2, 29, 23, 0, 0, {}})), day);
}

TEST(ConvertTest, InvalidDateTimesAreRejected) {
  const date_time bad[] = {
      {2023, 2, 29, 0, 0, 0, {}},  {2024, 2, 30, 0, 0, 0, {}}, {2024, 0, 1, 0, 0, 0, {}},
      {2024, 13, 1, 0, 0, 0, {}},  {2024, 4, 31, 0, 0, 0, {}}, {2024, 1, 1, 24, 0, 0, {}},
      {2024, 1, 1, 0, 60, 0, {}},  {2024, 1, 1, 0, 0, 60, {}}, {2024, 1, 1, 0, 0, -1, {}},
      {2024, 1, 1, 0, 0, 0, 1440},
  };
  for (const auto& dt : bad) {
    EXPECT_EQ(conversion_message([&] { (void)from_value<sys_seconds>(value(dt)); }),
              "invalid dateTime " + to_string(dt));
  }
  EXPECT_EQ(from_value<sys_seconds>(value(date_time{2000, 2, 29, 0, 0, 0, 1439}))
                .time_since_epoch()
                .count(),
            951782400 - 1439 * 60);
}

TEST(ConvertTest, DateTimeBeyondNanosecondClockIsAnError) {
  const date_time far{9999, 12, 31, 23, 59, 59, {}};
  EXPECT_EQ(from_value<sys_seconds>(value(far)).time_since_epoch().count(), 253402300799);
  EXPECT_EQ(conversion_message(
                [&] { (void)from_value<time_point<system_clock, nanoseconds>>(value(far)); }),
            "dateTime 99991231T23:59:59 out of range for system_clock::time_point");
  EXPECT_EQ(conversion_message([] { (void)from_value<sys_seconds>(value("20240101T00:00:00")); }),
            "expected dateTime.iso8601, got string");
}

// ---- containers --------------------------------------------------------------------------

TEST(ConvertTest, VectorsNestAndReportThePath) {
  EXPECT_EQ(to_value(std::vector<int>{}), value(array{}));
  EXPECT_TRUE(from_value<std::vector<int>>(value(array{})).empty());
  const std::vector<std::vector<std::string>> nested{{"a", "b"}, {}, {"c"}};
  const value v = to_value(nested);
  EXPECT_EQ(v, value(array{array{"a", "b"}, array{}, array{"c"}}));
  EXPECT_EQ(from_value<decltype(nested)>(v), nested);
  EXPECT_EQ(to_value(std::vector<bool>{true, false}), value(array{true, false}));
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::vector<std::vector<std::string>>>(
                  value(array{array{"a"}, array{"b", 7}}));
            }),
            "[1][1]: expected string, got int");
  EXPECT_EQ(conversion_message([] { (void)from_value<std::vector<int>>(value(members{})); }),
            "expected array, got struct");
}

TEST(ConvertTest, StdArrayChecksTheLength) {
  const std::array<int, 3> a{1, 2, 3};
  EXPECT_EQ(to_value(a), value(array{1, 2, 3}));
  EXPECT_EQ((from_value<std::array<int, 3>>(value(array{1, 2, 3}))), a);
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::array<int, 3>>(value(array{1, 2}));
            }),
            "expected array of 3 elements, got 2");
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::array<int, 2>>(value(array{1, "2"}));
            }),
            "[1]: expected int, got string");
  EXPECT_EQ(to_value(std::array<int, 0>{}), value(array{}));
}

TEST(ConvertTest, MapsBecomeStructs) {
  const std::map<std::string, int> m{{"a", 1}, {"b", 2}};
  const value v = to_value(m);
  EXPECT_EQ(v, value(members{{"a", 1}, {"b", 2}}));
  EXPECT_EQ((from_value<std::map<std::string, int>>(v)), m);
  const std::unordered_map<std::string, std::vector<int>> u{{"x", {1}}, {"y", {}}};
  EXPECT_EQ((from_value<std::unordered_map<std::string, std::vector<int>>>(to_value(u))), u);
  EXPECT_TRUE((from_value<std::map<std::string, int>>(value(members{})).empty()));
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::map<std::string, std::vector<int>>>(
                  value(members{{"ok", array{}}, {"bad", array{1, "x"}}}));
            }),
            "bad[1]: expected int, got string");
  // A duplicate key keeps the first member, like members::find.
  members dup;
  dup.push_back("k", 1);
  dup.push_back("k", 2);
  EXPECT_EQ((from_value<std::map<std::string, int>>(value(dup)).at("k")), 1);
}

TEST(ConvertTest, OptionalIsNil) {
  EXPECT_EQ(to_value(std::optional<int>{}), value());
  EXPECT_EQ(to_value(std::optional<int>{4}), value(4));
  EXPECT_EQ(from_value<std::optional<int>>(value()), std::nullopt);
  EXPECT_EQ(from_value<std::optional<int>>(value(4)), 4);
  EXPECT_EQ(conversion_message([] { (void)from_value<std::optional<int>>(value("4")); }),
            "expected int, got string");
}

TEST(ConvertTest, TuplesNeedTheExactLength) {
  const std::tuple<int, std::string, bool> t{1, "two", true};
  const value v = to_value(t);
  EXPECT_EQ(v, value(array{1, "two", true}));
  EXPECT_EQ((from_value<std::tuple<int, std::string, bool>>(v)), t);
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::tuple<int, std::string>>(value(array{1, "two", true}));
            }),
            "expected array of 2 elements, got 3");
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::tuple<int, std::string>>(value(array{1, 2}));
            }),
            "[1]: expected string, got int");
  EXPECT_EQ(to_value(std::tuple<>{}), value(array{}));
}

TEST(ConvertTest, VariantTakesTheFirstAlternativeThatFits) {
  using int_first = std::variant<int, double>;
  using double_first = std::variant<double, int>;
  EXPECT_EQ(from_value<int_first>(value(3)).index(), 0u);
  EXPECT_EQ(from_value<int_first>(value(3.5)).index(), 1u);
  EXPECT_EQ(from_value<double_first>(value(3)).index(), 0u);  // double accepts ints
  EXPECT_EQ(to_value(int_first{2.5}), value(2.5));
  EXPECT_EQ(to_value(double_first{7}), value(7));
  using opt = std::variant<std::monostate, std::string>;
  EXPECT_EQ(from_value<opt>(value()).index(), 0u);
  EXPECT_EQ(std::get<1>(from_value<opt>(value("s"))), "s");
  EXPECT_EQ(conversion_message(
                [] { (void)from_value<std::variant<int, std::string>>(value(members{})); }),
            "expected int or string, got struct");
  EXPECT_EQ(conversion_message(
                [] { (void)from_value<std::variant<int, std::string, bool>>(value(1.5)); }),
            "expected int, string or boolean, got double");
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::vector<std::variant<int, bool>>>(value(array{1, true, "x"}));
            }),
            "[2]: expected int or boolean, got string");
}

// ---- user types --------------------------------------------------------------------------

TEST(ConvertTest, DescribedStructRoundTrips) {
  const app::person ada{"Ada", 36, "ada@example.org"};
  const value v = to_value(ada);
  EXPECT_EQ(v, value(members{{"name", "Ada"}, {"age", 36}, {"email", "ada@example.org"}}));
  const auto back = from_value<app::person>(v);
  EXPECT_EQ(back.name, "Ada");
  EXPECT_EQ(back.age, 36);
  EXPECT_EQ(back.email, "ada@example.org");
  EXPECT_EQ(to_value(app::empty{}), value(members{}));
  (void)from_value<app::empty>(value(members{{"ignored", 1}}));
}

TEST(ConvertTest, DescribedStructOptionalMembersMayBeAbsent) {
  const value v = to_value(app::person{"Bob", 7, std::nullopt});
  EXPECT_EQ(v, value(members{{"name", "Bob"}, {"age", 7}}));  // omitted, not nil
  EXPECT_EQ(from_value<app::person>(v).email, std::nullopt);
  const value with_nil = members{{"name", "Bob"}, {"age", 7}, {"email", nil}};
  EXPECT_EQ(from_value<app::person>(with_nil).email, std::nullopt);
  const value extra = members{{"age", 7}, {"zzz", array{}}, {"name", "Bob"}};
  EXPECT_EQ(from_value<app::person>(extra).name, "Bob");
}

TEST(ConvertTest, DescribedStructErrorsNameTheMember) {
  EXPECT_EQ(conversion_message([] {
              (void)from_value<app::person>(value(members{{"age", 1}}));
            }),
            "missing member \"name\"");
  EXPECT_EQ(conversion_message([] {
              (void)from_value<app::person>(value(members{{"name", 5}, {"age", 1}}));
            }),
            "name: expected string, got int");
  EXPECT_EQ(conversion_message([] { (void)from_value<app::person>(value(array{})); }),
            "expected struct, got array");
  const value team = members{
      {"title", "t"},
      {"people", array{members{{"name", "a"}, {"age", 1}}, members{{"name", "b"}, {"age", 2}},
                       members{{"name", 3}, {"age", 3}}}}};
  EXPECT_EQ(conversion_message([&] { (void)from_value<app::team>(team); }),
            "people[2].name: expected string, got int");
  EXPECT_EQ(conversion_message([&] {
              (void)from_value<std::vector<app::person>>(value(array{members{{"name", "x"}}}));
            }),
            "[0]: missing member \"age\"");
  try {
    (void)from_value<app::team>(team);
  } catch (const conversion_error& e) {
    EXPECT_EQ(e.path(), "people[2].name");
    EXPECT_EQ(e.detail(), "expected string, got int");
  }
}

TEST(ConvertTest, SpecialisedTraitWorksInsideContainers) {
  const std::vector<app::money> prices{{1234}, {5}};
  const value v = to_value(prices);
  EXPECT_EQ(v, value(array{"12.34", "0.5"}));
  EXPECT_EQ(from_value<std::vector<app::money>>(value(array{"12.34"})),
            std::vector<app::money>{{1234}});
  // The trait threw a plain type_error; it arrives as a conversion_error with a path.
  EXPECT_EQ(conversion_message([] {
              (void)from_value<std::vector<app::money>>(value(array{"1.00", 100}));
            }),
            "[1]: expected string, got int");
}

TEST(ConvertTest, TopLevelErrorsHaveNoPath) {
  try {
    (void)from_value<int>(value("x"));
    FAIL();
  } catch (const conversion_error& e) {
    EXPECT_EQ(e.path(), "");
    EXPECT_STREQ(e.what(), "expected int, got string");
  }
  // Catchable as the base types too.
  EXPECT_THROW((void)from_value<int>(value("x")), type_error);
  EXPECT_THROW((void)from_value<int>(value("x")), std::system_error);
}

TEST(ConvertTest, ConversionErrorPathsCompose) {
  conversion_error e("detail");
  EXPECT_STREQ(e.what(), "detail");
  e.prepend_member("name");
  EXPECT_STREQ(e.what(), "name: detail");
  e.prepend_index(2);
  EXPECT_STREQ(e.what(), "[2].name: detail");
  e.prepend_index(0);
  EXPECT_STREQ(e.what(), "[0][2].name: detail");
  e.prepend_member("outer");
  EXPECT_EQ(e.path(), "outer[0][2].name");
}

// conversion_error is a type_error (catch sites for either see it) and so a sockrpc::error.
// Its own data, the detail and the path, is shared and immutable: copying never throws.
static_assert(std::is_base_of_v<type_error, conversion_error>);
static_assert(std::is_base_of_v<sockrpc::error, conversion_error>);
static_assert(std::is_nothrow_copy_constructible_v<conversion_error>);

TEST(ConvertTest, ConversionErrorCopiesKeepThePath) {
  conversion_error e("expected int, got string", "[1]");
  const conversion_error copy = e;
  e.prepend_member("outer");
  EXPECT_STREQ(copy.what(), "[1]: expected int, got string");
  EXPECT_EQ(copy.path(), "[1]");
  EXPECT_EQ(copy.detail(), "expected int, got string");
  EXPECT_EQ(copy.code(), errc::type_mismatch);
  EXPECT_STREQ(e.what(), "outer[1]: expected int, got string");
  EXPECT_EQ(e.detail(), "expected int, got string");
  EXPECT_EQ(e.code(), errc::type_mismatch);
}

// ---- introspection names -----------------------------------------------------------------

static_assert(type_name<int>() == "int");
static_assert(type_name<std::int16_t>() == "int");
static_assert(type_name<std::uint16_t>() == "int");
static_assert(type_name<unsigned>() == "i8");
static_assert(type_name<std::int64_t>() == "i8");
static_assert(type_name<std::uint64_t>() == "i8");
static_assert(type_name<bool>() == "boolean");
static_assert(type_name<double>() == "double");
static_assert(type_name<float>() == "double");
static_assert(type_name<std::string>() == "string");
static_assert(type_name<const std::string&>() == "string");
static_assert(type_name<std::string_view>() == "string");
static_assert(type_name<binary>() == "base64");
static_assert(type_name<date_time>() == "dateTime.iso8601");
static_assert(type_name<system_clock::time_point>() == "dateTime.iso8601");
static_assert(type_name<std::vector<int>>() == "array");
static_assert(type_name<std::array<int, 2>>() == "array");
static_assert(type_name<std::tuple<int, bool>>() == "array");
static_assert(type_name<array>() == "array");
static_assert(type_name<std::map<std::string, int>>() == "struct");
static_assert(type_name<members>() == "struct");
static_assert(type_name<app::person>() == "struct");
static_assert(type_name<std::optional<int>>() == "int");
static_assert(type_name<nil_t>() == "nil");
static_assert(type_name<std::variant<int, std::int16_t>>() == "int");
static_assert(type_name<std::variant<int, std::string>>() == "undef");
static_assert(type_name<value>() == "undef");
static_assert(type_name<app::money>() == "string");

TEST(ConvertTest, TypeNamesAreUsableAtRunTime) {
  EXPECT_EQ(type_name<std::vector<app::person>>(), "array");
}

}  // namespace
}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
// try_from_value: the non-throwing conversion agrees with from_value, value for value and
// message for message.
#include <sockrpc/rpc/convert.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

namespace tryapp {

struct item {
  std::string name;
  std::int32_t count = 0;
  std::optional<double> weight;
  friend bool operator==(const item&, const item&) = default;
};
SOCKRPC_STRUCT(item, name, count, weight)

struct order {
  std::vector<item> items;
  std::map<std::string, std::int64_t> totals;
  friend bool operator==(const order&, const order&) = default;
};
SOCKRPC_STRUCT(order, items, totals)

/// A hand-written trait without try_from_value: try_from_value catches its type_error.
struct code {
  int n = 0;
  friend bool operator==(const code&, const code&) = default;
};

}  // namespace tryapp

template <>
struct sockrpc::rpc::convert<tryapp::code> {
  static constexpr std::string_view type_name = "string";
  static value to_value(const tryapp::code& c) { return value(std::to_string(c.n)); }
  static tryapp::code from_value(const value& v) { return {std::stoi(v.as_string())}; }
};

namespace sockrpc::rpc {
namespace {

/// For one target type T and input: try_from_value and from_value agree. On success both
/// give the same value; on failure try_from_value's message() equals from_value's what(),
/// and its detail and path those of the conversion_error. Returns the failure message
/// ("" on success).
template <class T>
std::string agree(const value& v) {
  conversion_failure err;
  const std::optional<T> got = try_from_value<T>(v, err);
  try {
    const T expected = from_value<T>(v);
    EXPECT_TRUE(got.has_value()) << "try_from_value failed: " << err.message();
    if (got) {
      EXPECT_TRUE(*got == expected);
    }
    return "";
  } catch (const conversion_error& e) {
    EXPECT_FALSE(got.has_value()) << "try_from_value succeeded where from_value threw " << e.what();
    EXPECT_EQ(err.message(), e.what());
    EXPECT_EQ(err.detail, e.detail());
    EXPECT_EQ(err.path, e.path());
    return err.message();
  }
}

TEST(ConvertTryTest, ScalarsAgreeWithFromValue) {
  const value inputs[] = {value(),
                          value(true),
                          value(7),
                          value(-1),
                          value(std::int64_t{1} << 40),
                          value((std::int64_t{1} << 53) + 1),
                          value(2.5),
                          value("s"),
                          value(binary{std::byte{1}}),
                          value(date_time{2024, 2, 29, 1, 2, 3, {}}),
                          value(array{1}),
                          value(members{{"a", 1}})};
  for (const auto& v : inputs) {
    SCOPED_TRACE(::testing::PrintToString(v));
    agree<bool>(v);
    agree<std::int8_t>(v);
    agree<std::uint16_t>(v);
    agree<std::int32_t>(v);
    agree<std::uint32_t>(v);
    agree<std::int64_t>(v);
    agree<std::uint64_t>(v);
    agree<double>(v);
    agree<float>(v);
    agree<std::string>(v);
    agree<binary>(v);
    agree<date_time>(v);
    agree<array>(v);
    agree<members>(v);
    agree<value>(v);
    agree<std::optional<std::int32_t>>(v);
  }
  EXPECT_EQ(agree<std::int32_t>(value("x")), "expected int, got string");
  EXPECT_EQ(agree<std::uint8_t>(value(300)), "expected int in [0, 255], got 300");
  EXPECT_EQ(agree<double>(value((std::int64_t{1} << 53) + 1)),
            "expected double, got i8 9007199254740993 (not exactly representable)");
}

TEST(ConvertTryTest, ContainersAndStructsReportThePath) {
  const value good_item = members{{"name", "a"}, {"count", 2}, {"weight", 1.5}};
  EXPECT_EQ(agree<tryapp::item>(good_item), "");
  EXPECT_EQ(agree<tryapp::item>(value(members{{"name", "a"}, {"count", 2}})), "");
  EXPECT_EQ(agree<tryapp::item>(value(members{{"count", 2}})), "missing member \"name\"");
  EXPECT_EQ(agree<tryapp::item>(value(members{{"name", "a"}, {"count", "2"}})),
            "count: expected int, got string");
  EXPECT_EQ(agree<tryapp::item>(value(array{})), "expected struct, got array");
  const value bad_order =
      members{{"items", array{good_item, members{{"name", "b"}, {"count", 1}, {"weight", "x"}}}},
              {"totals", members{{"a", 1}}}};
  EXPECT_EQ(agree<tryapp::order>(bad_order), "items[1].weight: expected double, got string");
  const value bad_totals =
      members{{"items", array{}}, {"totals", members{{"a", 1}, {"b", array{}}}}};
  EXPECT_EQ(agree<tryapp::order>(bad_totals), "totals.b: expected int, got array");
  EXPECT_EQ(agree<std::vector<std::vector<std::int32_t>>>(value(array{array{1}, array{2, "x"}})),
            "[1][1]: expected int, got string");
  EXPECT_EQ((agree<std::unordered_map<std::string, std::string>>(value(members{{"k", 1}}))),
            "k: expected string, got int");
  EXPECT_EQ(agree<std::optional<std::vector<std::int32_t>>>(value()), "");
  EXPECT_EQ(agree<std::optional<std::vector<std::int32_t>>>(value(array{true})),
            "[0]: expected int, got boolean");
}

TEST(ConvertTryTest, TraitsWithoutATryPathAreCaught) {
  EXPECT_EQ(agree<tryapp::code>(value("12")), "");
  EXPECT_EQ(agree<tryapp::code>(value(12)), "expected string, got int");
  EXPECT_EQ(agree<std::vector<tryapp::code>>(value(array{"1", 2})),
            "[1]: expected string, got int");
  // Types without a dedicated try path (tuple, variant) fall back the same way.
  EXPECT_EQ((agree<std::tuple<std::int32_t, std::string>>(value(array{1, 2}))),
            "[1]: expected string, got int");
  EXPECT_EQ((agree<std::variant<std::int32_t, std::string>>(value(1.5))),
            "expected int or string, got double");
}

}  // namespace
}  // namespace sockrpc::rpc

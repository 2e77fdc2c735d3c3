// SPDX-License-Identifier: MIT
// try_from_value: the non-throwing conversion agrees with from_value, value for value and
// message for message.
#include <sockrpc/rpc/value/convert.hpp>

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
/// The rvalue forms (which may move out of their argument) give the same as the lvalue
/// forms, on a fresh copy of `v`.
template <class T>
std::string agree(const value& v) {
  conversion_failure err;
  const std::optional<T> got = try_from_value<T>(v, err);
  conversion_failure moved_err;
  value moved_in = v;
  const std::optional<T> moved = try_from_value<T>(std::move(moved_in), moved_err);
  EXPECT_EQ(moved.has_value(), got.has_value());
  if (got && moved) {
    EXPECT_TRUE(*moved == *got);
  } else if (!got && !moved) {
    EXPECT_EQ(moved_err.message(), err.message());
    EXPECT_EQ(moved_err.path, err.path);
  }
  value thrown_in = v;
  try {
    const T expected = from_value<T>(v);
    EXPECT_TRUE(got.has_value()) << "try_from_value failed: " << err.message();
    if (got) {
      EXPECT_TRUE(*got == expected);
    }
    EXPECT_TRUE(from_value<T>(std::move(thrown_in)) == expected);
    return "";
  } catch (const conversion_error& e) {
    EXPECT_FALSE(got.has_value()) << "try_from_value succeeded where from_value threw " << e.what();
    EXPECT_EQ(err.message(), e.what());
    EXPECT_EQ(err.detail, e.detail());
    EXPECT_EQ(err.path, e.path());
    try {
      (void)from_value<T>(std::move(thrown_in));
      ADD_FAILURE() << "from_value(value&&) succeeded where from_value threw " << e.what();
    } catch (const conversion_error& moved_e) {
      EXPECT_STREQ(moved_e.what(), e.what());
      EXPECT_EQ(moved_e.path(), e.path());
    }
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

TEST(ConvertTryTest, RvalueFormsTakeOverTheStorage) {
  const std::string big(1000, 'z');  // beyond the small-string buffer
  value s(big);
  const char* s_data = s.as_string().data();
  conversion_failure err;
  EXPECT_EQ(try_from_value<std::string>(std::move(s), err)->data(), s_data);

  value b(binary(100, std::byte{7}));
  const std::byte* b_data = b.as_binary().data();
  EXPECT_EQ(from_value<binary>(std::move(b)).data(), b_data);

  value a(array{1, 2, 3});
  const value* a_data = a.as_array().data();
  EXPECT_EQ(try_from_value<array>(std::move(a), err)->data(), a_data);
  value a2(array{1, 2, 3});
  const value* a2_data = a2.as_array().data();
  EXPECT_EQ(try_from_value<value>(std::move(a2), err)->as_array().data(), a2_data);

  value item = members{{"name", big}, {"count", 2}};
  const char* name_data = item["name"].as_string().data();
  EXPECT_EQ(try_from_value<tryapp::item>(std::move(item), err)->name.data(), name_data);
  value item2 = members{{"name", big}, {"count", 2}};
  const char* name2_data = item2["name"].as_string().data();
  EXPECT_EQ(from_value<tryapp::item>(std::move(item2)).name.data(), name2_data);

  value strings(array{big, big});
  const char* first = strings[0].as_string().data();
  EXPECT_EQ(try_from_value<std::vector<std::string>>(std::move(strings), err)->at(0).data(), first);
  value strings2(array{big});
  const char* first2 = strings2[0].as_string().data();
  EXPECT_EQ(from_value<std::vector<std::string>>(std::move(strings2)).at(0).data(), first2);

  value map = members{{"k", big}};
  const char* k_data = map["k"].as_string().data();
  EXPECT_EQ(
      (try_from_value<std::map<std::string, std::string>>(std::move(map), err)->at("k").data()),
      k_data);
  value opt(big);
  const char* opt_data = opt.as_string().data();
  EXPECT_EQ((*from_value<std::optional<std::string>>(std::move(opt))).data(), opt_data);

  // The lvalue forms copy and leave the source alone.
  const value kept(big);
  EXPECT_NE(try_from_value<std::string>(kept, err)->data(), kept.as_string().data());
  EXPECT_EQ(kept, value(big));
}

TEST(ConvertTryTest, RvalueToValueMovesContainerElements) {
  std::vector<std::string> v{std::string(1000, 'a')};
  const char* data = v[0].data();
  EXPECT_EQ(to_value(std::move(v))[0].as_string().data(), data);
  std::optional<std::string> o(std::string(1000, 'b'));
  const char* o_data = o->data();
  EXPECT_EQ(to_value(std::move(o)).as_string().data(), o_data);
}

}  // namespace
}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/fault.hpp>

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

namespace sockrpc::rpc {
namespace {

TEST(FaultTest, InteropCodesHaveTheirValues) {
  static_assert(fault_code::parse_error == -32700);
  static_assert(fault_code::invalid_request == -32600);
  static_assert(fault_code::method_not_found == -32601);
  static_assert(fault_code::invalid_params == -32602);
  static_assert(fault_code::internal_error == -32603);
  static_assert(fault_code::application_error == -32500);
  SUCCEED();
}

TEST(FaultTest, ExceptionCarriesCodeAndMessage) {
  try {
    throw fault(fault_code::method_not_found, "no such method: frob");
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), errc::fault);
    EXPECT_EQ(e.code(), sockrpc::condition::fault);
    EXPECT_NE(e.code(), sockrpc::condition::protocol_failure);
    EXPECT_NE(e.code(), sockrpc::condition::transport_failure);
    EXPECT_STREQ(e.what(), "fault -32601: no such method: frob");
    const auto* f = dynamic_cast<const fault*>(&e);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->code(), -32601);
    EXPECT_EQ(f->message(), "no such method: frob");
    EXPECT_EQ(f->info(), (fault_info{-32601, "no such method: frob"}));
  }
}

// Exceptions must copy without throwing (std::exception_ptr, std::promise copy them).
static_assert(std::is_nothrow_copy_constructible_v<sockrpc::error>);
static_assert(std::is_nothrow_copy_constructible_v<fault>);
static_assert(std::is_nothrow_copy_constructible_v<type_error>);
static_assert(std::is_base_of_v<sockrpc::error, fault>);
static_assert(std::is_base_of_v<sockrpc::error, type_error>);

TEST(FaultTest, CopiesShareTheData) {
  const fault original(3, "three");
  const fault copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_STREQ(copy.what(), "fault 3: three");
  EXPECT_EQ(&copy.info(), &original.info());
  EXPECT_EQ(copy.info(), (fault_info{3, "three"}));
}

TEST(FaultTest, InfoPrints) {
  EXPECT_EQ(to_string(fault_info{4, "too many"}), "fault 4: too many");
  EXPECT_EQ(::testing::PrintToString(fault_info{4, ""}), "fault 4: ");
}

TEST(FaultTest, StructFormRoundTrips) {
  const fault_info f{fault_code::invalid_params, "[1]: expected int, got string"};
  const value v = to_value(f);
  EXPECT_EQ(
      v, value(members{{"faultCode", -32602}, {"faultString", "[1]: expected int, got string"}}));
  EXPECT_EQ(from_value<fault_info>(v), f);
  EXPECT_EQ(to_value(fault(f)), v);
  // An i8 faultCode in range and extra members are accepted.
  EXPECT_EQ(from_value<fault_info>(value(
                members{{"faultString", "x"}, {"faultCode", std::int64_t{3}}, {"extra", true}})),
            (fault_info{3, "x"}));
}

TEST(FaultTest, MalformedStructFormIsAConversionError) {
  struct row {
    value v;
    std::string message;
  };
  const row rows[] = {
      {value(1), "expected struct, got int"},
      {value(members{{"faultString", "x"}}), "missing member \"faultCode\""},
      {value(members{{"faultCode", 1}}), "missing member \"faultString\""},
      {value(members{{"faultCode", "1"}, {"faultString", "x"}}),
       "faultCode: expected int, got string"},
      {value(members{{"faultCode", 1}, {"faultString", 2}}),
       "faultString: expected string, got int"},
      {value(members{{"faultCode", std::int64_t{1} << 40}, {"faultString", "x"}}),
       "faultCode: expected int in [-2147483648, 2147483647], got 1099511627776"},
  };
  for (const auto& r : rows) {
    try {
      (void)from_value<fault_info>(r.v);
      ADD_FAILURE() << "accepted " << r.v;
    } catch (const conversion_error& e) {
      EXPECT_EQ(e.what(), r.message) << r.v;
    }
  }
}

}  // namespace
}  // namespace sockrpc::rpc

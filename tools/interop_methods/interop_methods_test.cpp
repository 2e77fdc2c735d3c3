// SPDX-License-Identifier: MIT
#include <sockrpc_tools/interop_methods.hpp>

#include "registry_test_util.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sockrpc::rpc {
namespace {

using namespace sockrpc::interop;  // the method set under test

using namespace test;  // registry_test_util.hpp

/// A scheduler that only records: the test decides when (and whether) tasks run.
class manual_scheduler {
 public:
  schedule_after_fn fn() {
    return [this](std::chrono::milliseconds delay, std::function<void()> task) {
      const std::lock_guard lock(mutex_);
      delays_.push_back(delay);
      tasks_.push_back(std::move(task));
    };
  }
  std::vector<std::chrono::milliseconds> delays() const {
    const std::lock_guard lock(mutex_);
    return delays_;
  }
  /// Takes the recorded tasks (the caller runs or drops them).
  std::vector<std::function<void()>> take() {
    const std::lock_guard lock(mutex_);
    return std::exchange(tasks_, {});
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> delays_;
  std::vector<std::function<void()>> tasks_;
};

class InteropMethodsTest : public ::testing::Test {
 protected:
  InteropMethodsTest() { register_interop_methods(registry_, scheduler_.fn()); }

  call_result call(std::string_view method, const array& params) {
    return dispatch_inline(registry_, method, params);
  }

  manual_scheduler scheduler_;
  method_registry registry_;
};

value stooges(int moe, int larry, int curly) {
  return members{{"moe", moe}, {"larry", larry}, {"curly", curly}};
}

TEST_F(InteropMethodsTest, RegistersTheContractMethods) {
  EXPECT_EQ(
      registry_.list(),
      (std::vector<std::string>{
          "add", "bytes", "echo", "fault", "sleep", "validator1.arrayOfStructsTest",
          "validator1.countTheEntities", "validator1.easyStructTest", "validator1.echoStructTest",
          "validator1.manyTypesTest", "validator1.moderateSizeArrayCheck",
          "validator1.nestedStructTest", "validator1.simpleStructReturnTest"}));
  for (const auto& name : registry_.list()) {
    EXPECT_FALSE(registry_.info(name)->help.empty()) << name;
  }
}

TEST_F(InteropMethodsTest, EchoReturnsAnyValueUnchanged) {
  const value nested = members{{"a", array{1, std::int64_t{2}, -0.0, true, nil}},
                               {"b", members{{"when", date_time{2024, 1, 31, 12, 34, 56, {}}},
                                             {"bytes", binary{std::byte{0}, std::byte{255}}}}},
                               {"s", "<&>"}};
  const value cases[] = {value(),
                         value(1),
                         value(std::int64_t{1} << 40),
                         value(-0.0),
                         value(std::numeric_limits<double>::denorm_min()),
                         value(""),
                         value(array{}),
                         value(members{}),
                         nested};
  for (const auto& v : cases) {
    SCOPED_TRACE(v.to_string());
    EXPECT_EQ(call("echo", array{v}), call_result(v));
  }
  EXPECT_EQ(call("echo", array{}), fault_result(-32602, "echo: expected 1 parameter, got 0"));
}

TEST_F(InteropMethodsTest, EchoHandsTheParameterBackWithoutCopying) {
  // Moved in, the decoded array comes back in the same storage (no deep copy).
  array ints;
  for (std::int32_t i = 0; i < 10'000; ++i)
    ints.emplace_back(i);
  const value expected(ints);
  array params;
  params.emplace_back(std::move(ints));
  const value* sent = params[0].as_array().data();
  call_result res;
  registry_.dispatch("echo", std::move(params), [&](call_result r) { res = std::move(r); });
  ASSERT_FALSE(res.is_fault()) << res;
  EXPECT_EQ(res.result().as_array().data(), sent);
  EXPECT_EQ(res.result(), expected);

  const std::string big(1000, 's');  // beyond the small-string buffer
  array strct;
  strct.emplace_back(members{{"s", big}, {"n", 1}});
  const char* sent_s = strct[0]["s"].as_string().data();
  registry_.dispatch("validator1.echoStructTest", std::move(strct),
                     [&](call_result r) { res = std::move(r); });
  ASSERT_FALSE(res.is_fault()) << res;
  EXPECT_EQ(res.result()["s"].as_string().data(), sent_s);
  EXPECT_EQ(res.result(), value(members{{"s", big}, {"n", 1}}));
}

TEST_F(InteropMethodsTest, AddWidensToI8OnOverflow) {
  constexpr auto i4_max = std::numeric_limits<std::int32_t>::max();
  constexpr auto i8_max = std::numeric_limits<std::int64_t>::max();
  const struct {
    array params;
    call_result expected;
  } cases[] = {
      {array{2, 3}, call_result(value(5))},
      {array{-7, 3}, call_result(value(-4))},
      {array{i4_max, 1}, call_result(value(std::int64_t{i4_max} + 1))},
      {array{std::numeric_limits<std::int32_t>::min(), -1},
       call_result(value(std::int64_t{std::numeric_limits<std::int32_t>::min()} - 1))},
      {array{std::int64_t{1} << 40, 1}, call_result(value((std::int64_t{1} << 40) + 1))},
      {array{std::int64_t{5}, std::int64_t{6}}, call_result(value(11))},
      {array{i8_max, 1}, fault_result(-32602, "add: integer overflow")},
      {array{1, "2"}, fault_result(-32602, "add: parameter 2: expected int, got string")},
      {array{1}, fault_result(-32602, "add: expected 2 parameters, got 1")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(value(c.params).to_string());
    const auto res = call("add", c.params);
    EXPECT_EQ(res, c.expected);
    if (!res.is_fault()) {
      EXPECT_EQ(res.result().type(), c.expected.result().type());
    }
  }
}

TEST_F(InteropMethodsTest, FaultAnswersTheGivenFault) {
  EXPECT_EQ(call("fault", array{4, "Too many parameters."}),
            fault_result(4, "Too many parameters."));
  EXPECT_EQ(call("fault", array{-32000, ""}), fault_result(-32000, ""));
  EXPECT_EQ(call("fault", array{"4", "x"}),
            fault_result(-32602, "fault: parameter 1: expected int, got string"));
}

TEST_F(InteropMethodsTest, SleepRepliesWhenTheSchedulerRunsTheTask) {
  test::completion_probe probe;
  registry_.dispatch("sleep", array{250}, probe.handler());
  EXPECT_EQ(probe.count(), 0) << "no answer before the delay";
  EXPECT_EQ(scheduler_.delays(),
            std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(250)});
  auto tasks = scheduler_.take();
  ASSERT_EQ(tasks.size(), 1u);
  tasks[0]();
  EXPECT_EQ(probe.count(), 1);
  EXPECT_EQ(*probe.wait(), call_result(value(250)));
}

TEST_F(InteropMethodsTest, SleepDroppedByTheSchedulerAnswersInternalError) {
  test::completion_probe probe;
  registry_.dispatch("sleep", array{0}, probe.handler());
  scheduler_.take().clear();  // e.g. the server shuts down its timers
  EXPECT_EQ(probe.count(), 1);
  EXPECT_EQ(*probe.wait(), fault_result(-32603, "sleep: handler finished without a reply"));
}

TEST_F(InteropMethodsTest, SleepRejectsOutOfRangeDelays) {
  EXPECT_EQ(call("sleep", array{-1}),
            fault_result(-32602, "sleep: expected 0 to 60000 milliseconds, got -1"));
  EXPECT_EQ(call("sleep", array{60001}),
            fault_result(-32602, "sleep: expected 0 to 60000 milliseconds, got 60001"));
  EXPECT_TRUE(scheduler_.take().empty());
}

TEST_F(InteropMethodsTest, BytesReturnsTheCountingPattern) {
  for (const int n : {0, 1, 255, 256, 257, 70000}) {
    SCOPED_TRACE(n);
    const auto res = call("bytes", array{n});
    ASSERT_FALSE(res.is_fault()) << res;
    const binary& b = res.result().as_binary();
    ASSERT_EQ(b.size(), std::size_t(n));
    for (std::size_t i = 0; i < b.size(); ++i) {
      ASSERT_EQ(b[i], std::byte(i % 256)) << i;
    }
  }
  EXPECT_EQ(call("bytes", array{-1}),
            fault_result(-32602, "bytes: expected 0 to 67108864 bytes, got -1"));
  EXPECT_EQ(call("bytes", array{interop_max_bytes + 1}),
            fault_result(-32602, "bytes: expected 0 to 67108864 bytes, got 67108865"));
}

TEST_F(InteropMethodsTest, ArrayOfStructsTestSumsCurly) {
  EXPECT_EQ(call("validator1.arrayOfStructsTest",
                 array{value(array{stooges(1, 2, 3), stooges(4, 5, 6), stooges(7, 8, -9)})}),
            call_result(value(0)));
  EXPECT_EQ(call("validator1.arrayOfStructsTest", array{value(array{})}), call_result(value(0)));
  EXPECT_EQ(call("validator1.arrayOfStructsTest", array{value(array{members{{"curly", 1}}})}),
            fault_result(-32602,
                         "validator1.arrayOfStructsTest: parameter 1 at [0]: missing member "
                         "\"moe\""));
}

/// The answer of validator1.countTheEntities: how many < > & ' " the string holds.
call_result entity_counts(int angle_left, int angle_right, int ampersands, int apostrophes,
                          int quotes) {
  return call_result(value(members{{"ctLeftAngleBrackets", angle_left},
                                   {"ctRightAngleBrackets", angle_right},
                                   {"ctAmpersands", ampersands},
                                   {"ctApostrophes", apostrophes},
                                   {"ctQuotes", quotes}}));
}

TEST_F(InteropMethodsTest, CountTheEntities) {
  EXPECT_EQ(call("validator1.countTheEntities", array{"<<a>&'\"\"\"' x &&"}),
            entity_counts(2, 1, 3, 2, 3));
  EXPECT_EQ(call("validator1.countTheEntities", array{""}), entity_counts(0, 0, 0, 0, 0));
}

TEST_F(InteropMethodsTest, EasyStructTestAddsTheStooges) {
  EXPECT_EQ(call("validator1.easyStructTest", array{stooges(2, 3, 5)}), call_result(value(10)));
  value extra = stooges(1, 1, 1);
  extra.as_struct().emplace_back("shemp", 100);
  EXPECT_EQ(call("validator1.easyStructTest", array{extra}), call_result(value(3)))
      << "extra members are ignored";
  constexpr auto i4_max = std::numeric_limits<std::int32_t>::max();
  EXPECT_EQ(call("validator1.easyStructTest", array{stooges(i4_max, i4_max, 2)}),
            call_result(value(std::int64_t{i4_max} * 2 + 2)))
      << "no signed overflow: the sum widens";
}

TEST_F(InteropMethodsTest, EchoStructTestReturnsTheStruct) {
  const value s = members{{"a", 1}, {"b", members{{"c", array{"d"}}}}};
  EXPECT_EQ(call("validator1.echoStructTest", array{s}), call_result(s));
  EXPECT_EQ(
      call("validator1.echoStructTest", array{value(array{})}),
      fault_result(-32602, "validator1.echoStructTest: parameter 1: expected struct, got array"));
}

TEST_F(InteropMethodsTest, ManyTypesTestEchoesSixParameters) {
  const array params{7,
                     true,
                     "text",
                     1.5,
                     date_time{1904, 1, 1, 0, 0, 0, {}},
                     binary{std::byte{'h'}, std::byte{'i'}}};
  EXPECT_EQ(call("validator1.manyTypesTest", params), call_result(value(params)));
  EXPECT_EQ(call("validator1.manyTypesTest", array{1, true}),
            fault_result(-32602, "validator1.manyTypesTest: expected 6 parameters, got 2"));
}

TEST_F(InteropMethodsTest, ModerateSizeArrayCheckJoinsFirstAndLast) {
  array items;
  for (int i = 0; i < 150; ++i)
    items.emplace_back("item" + std::to_string(i));
  EXPECT_EQ(call("validator1.moderateSizeArrayCheck", array{value(items)}),
            call_result(value("item0item149")));
  EXPECT_EQ(call("validator1.moderateSizeArrayCheck", array{value(array{"solo"})}),
            call_result(value("solosolo")));
  EXPECT_EQ(call("validator1.moderateSizeArrayCheck", array{value(array{})}),
            fault_result(-32602, "validator1.moderateSizeArrayCheck: empty array"));
}

TEST_F(InteropMethodsTest, NestedStructTestFindsAprilFirst2000) {
  members days;
  days.emplace_back("01", stooges(1, 2, 3));
  days.emplace_back("02", stooges(100, 100, 100));
  members months;
  months.emplace_back("03", members{{"01", stooges(9, 9, 9)}});
  months.emplace_back("04", days);
  const value calendar = members{{"1999", members{}}, {"2000", months}};
  EXPECT_EQ(call("validator1.nestedStructTest", array{calendar}), call_result(value(6)));

  EXPECT_EQ(call("validator1.nestedStructTest", array{members{{"2000", members{}}}}),
            fault_result(-32602, "validator1.nestedStructTest: no entry for 2000-04-01"));
  EXPECT_EQ(
      call("validator1.nestedStructTest", array{members{{"2000", 5}}}),
      fault_result(-32602, "validator1.nestedStructTest: 2000-04-01: expected struct, got int"));
}

TEST_F(InteropMethodsTest, SimpleStructReturnTestMultiplies) {
  EXPECT_EQ(call("validator1.simpleStructReturnTest", array{7}),
            call_result(value(members{{"times10", 70}, {"times100", 700}, {"times1000", 7000}})));
  constexpr auto i4_max = std::numeric_limits<std::int32_t>::max();
  EXPECT_EQ(call("validator1.simpleStructReturnTest", array{i4_max}),
            call_result(value(members{{"times10", std::int64_t{i4_max} * 10},
                                      {"times100", std::int64_t{i4_max} * 100},
                                      {"times1000", std::int64_t{i4_max} * 1000}})));
}

TEST_F(InteropMethodsTest, SignaturesAreIntrospectable) {
  registry_.add_introspection();
  const struct {
    const char* method;
    value expected;
  } cases[] = {
      {"add", array{array{"int", "int", "int"}, array{"i8", "i8", "i8"}}},
      {"echo", "undef"},
      {"sleep", array{value(array{"int", "int"})}},
      {"bytes", array{value(array{"base64", "int"})}},
      {"validator1.arrayOfStructsTest", array{value(array{"int", "array"})}},
      {"validator1.countTheEntities", array{value(array{"struct", "string"})}},
      {"validator1.easyStructTest", array{value(array{"int", "struct"})}},
      {"validator1.echoStructTest", array{value(array{"struct", "struct"})}},
      {"validator1.nestedStructTest", array{value(array{"int", "struct"})}},
      {"validator1.manyTypesTest", array{value(array{"array", "int", "boolean", "string", "double",
                                                     "dateTime.iso8601", "base64"})}},
      {"validator1.moderateSizeArrayCheck", array{value(array{"string", "array"})}},
      {"validator1.simpleStructReturnTest", array{value(array{"struct", "int"})}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method);
    EXPECT_EQ(call("system.methodSignature", array{c.method}), call_result(c.expected));
  }
}

}  // namespace
}  // namespace sockrpc::rpc

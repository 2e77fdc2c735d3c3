// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/dispatch/registry.hpp>

#include <sockrpc/rpc/value/convert_struct.hpp>

#include "registry_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace registry_test_types {
struct point {
  int x = 0;
  int y = 0;
};
SOCKRPC_STRUCT(point, x, y)
}  // namespace registry_test_types

namespace sockrpc::rpc {
namespace {

using registry_test_types::point;
using namespace test;  // registry_test_util.hpp

int free_add(int a, int b) {
  return a + b;
}
int free_add_noexcept(int a, int b) noexcept {
  return a + b;
}

struct adder_functor {
  int operator()(int a, int b) const { return a + b; }
};

class calculator {
 public:
  int add(int a, int b) { return a + b + offset_; }
  int add_const(int a, int b) const { return a + b + offset_; }
  int add_noexcept(int a, int b) noexcept { return a + b + offset_; }

 private:
  int offset_ = 0;
};

// ---- binding forms ------------------------------------------------------------------

TEST(RegistryTest, EveryBindingFormAddsTwoIntegers) {
  calculator calc;
  const calculator const_calc;
  auto shared_calc = std::make_shared<calculator>();
  const std::function<int(int, int)> fn = [](int a, int b) { return a + b; };

  method_registry r;
  r.add("free", free_add)
      .add("free_ptr", &free_add)
      .add("free_noexcept", &free_add_noexcept)
      .add("lambda", [](int a, int b) { return a + b; })
      .add("capturing", [offset = 0](int a, int b) { return a + b + offset; })
      .add("functor", adder_functor{})
      .add("std_function", fn)
      .add<int(int, int)>("generic", [](auto a, auto b) { return a + b; })
      .add("member_ptr", &calculator::add, &calc)
      .add("member_ref", &calculator::add, calc)
      .add("member_const", &calculator::add_const, const_calc)
      .add("member_noexcept", &calculator::add_noexcept, &calc)
      .add("member_shared", &calculator::add, shared_calc);

  for (const auto& name : r.list()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(dispatch_inline(r, name, array{2, 3}), call_result(value(5)));
  }
  EXPECT_EQ(r.size(), 13u);
}

TEST(RegistryTest, SharedObjectIsKeptAliveByTheRegistration) {
  method_registry r;
  auto calc = std::make_shared<calculator>();
  std::weak_ptr<calculator> weak = calc;
  r.add("add", &calculator::add, std::move(calc));
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(dispatch_inline(r, "add", array{1, 1}), call_result(value(2)));
  r.remove("add");
  EXPECT_TRUE(weak.expired());
}

TEST(RegistryTest, NullObjectAndEmptyNameAreRejected) {
  method_registry r;
  calculator* none = nullptr;
  EXPECT_THROW(r.add("add", &calculator::add, none), std::invalid_argument);
  EXPECT_THROW(r.add("add", &calculator::add, std::shared_ptr<calculator>()),
               std::invalid_argument);
  EXPECT_THROW(r.add("", free_add), std::invalid_argument);
  EXPECT_EQ(r.size(), 0u);
}

TEST(RegistryTest, ResultTypesConvert) {
  method_registry r;
  r.add("void", [] {})
      .add("value",
           [] {
             return value(array{1, "x"});
           })
      .add("string", [] { return std::string("hi"); })
      .add("i8", [] { return std::int64_t{1} << 40; })
      .add("struct",
           [] {
             return point{1, 2};
           })
      .add("vector",
           [] {
             return std::vector<int>{1, 2};
           })
      .add("empty_optional", [] { return std::optional<int>(); })
      .add("fault_result",
           [] {
             return call_result(fault_info{7, "seven"});
           })
      .add("const_ref", [s = std::string("ref")]() -> const std::string& { return s; });

  const struct {
    const char* method;
    call_result expected;
  } cases[] = {
      {"void", call_result(value())},
      {"value", call_result(value(array{1, "x"}))},
      {"string", call_result(value("hi"))},
      {"i8", call_result(value(std::int64_t{1} << 40))},
      {"struct", call_result(value(members{{"x", 1}, {"y", 2}}))},
      {"vector", call_result(value(array{1, 2}))},
      {"empty_optional", call_result(value())},
      {"fault_result", fault_result(7, "seven")},
      {"const_ref", call_result(value("ref"))},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method);
    EXPECT_EQ(dispatch_inline(r, c.method, {}), c.expected);
  }
}

TEST(RegistryTest, ParametersConvertIncludingStructsAndContainers) {
  method_registry r;
  r.add("norm1", [](const point& p) { return std::abs(p.x) + std::abs(p.y); })
      .add("sum",
           [](const std::vector<int>& xs) {
             int s = 0;
             for (int x : xs)
               s += x;
             return s;
           })
      .add("half", [](double d) { return d / 2; })
      .add("concat", [](std::string a, const std::string& b) { return a + b; })
      .add("byte", [](std::uint8_t b) { return int{b}; });

  EXPECT_EQ(dispatch_inline(r, "norm1", array{members{{"x", -3}, {"y", 4}}}),
            call_result(value(7)));
  EXPECT_EQ(dispatch_inline(r, "sum", array{value(array{1, 2, 3})}), call_result(value(6)));
  EXPECT_EQ(dispatch_inline(r, "half", array{3}), call_result(value(1.5)))
      << "double parameters accept ints";
  EXPECT_EQ(dispatch_inline(r, "byte", array{255}), call_result(value(255)));
  EXPECT_EQ(dispatch_inline(r, "concat", array{"a", "b"}), call_result(value("ab")));
}

TEST(RegistryTest, TrailingOptionalParametersMayBeOmitted) {
  method_registry r;
  r.add("greet", [](const std::string& name, std::optional<std::string> greeting) {
    return greeting.value_or("hello") + ", " + name;
  });
  EXPECT_EQ(dispatch_inline(r, "greet", array{"ada"}), call_result(value("hello, ada")));
  EXPECT_EQ(dispatch_inline(r, "greet", array{"ada", "hi"}), call_result(value("hi, ada")));
  EXPECT_EQ(dispatch_inline(r, "greet", array{"ada", nil}), call_result(value("hello, ada")));
  EXPECT_EQ(dispatch_inline(r, "greet", array{}),
            fault_result(-32602, "greet: expected 1 to 2 parameters, got 0"));
  EXPECT_EQ(dispatch_inline(r, "greet", array{"a", "b", "c"}),
            fault_result(-32602, "greet: expected 1 to 2 parameters, got 3"));
}

TEST(RegistryTest, ParameterErrorsAreInvalidParamsFaultsNamingTheParameter) {
  method_registry r;
  r.add("add", [](int a, int b) { return a + b; })
      .add("neg", [](int a) { return -a; })
      .add("none", [] { return 0; })
      .add("points", [](const std::vector<point>& ps) { return int(ps.size()); })
      .add("byte", [](std::uint8_t b) { return int{b}; })
      .add("tuple_arg", [](array a) { return int(a.size()); });

  const struct {
    const char* method;
    array params;
    const char* message;
  } cases[] = {
      {"add", array{1, 2, 3}, "add: expected 2 parameters, got 3"},
      {"add", array{1}, "add: expected 2 parameters, got 1"},
      {"add", array{}, "add: expected 2 parameters, got 0"},
      {"neg", array{}, "neg: expected 1 parameter, got 0"},
      {"none", array{1}, "none: expected 0 parameters, got 1"},
      {"add", array{1, "2"}, "add: parameter 2: expected int, got string"},
      {"add", array{"1", "2"}, "add: parameter 1: expected int, got string"},
      {"add", array{1, 2.0}, "add: parameter 2: expected int, got double"},
      {"add", array{std::int64_t{1} << 40, 1},
       "add: parameter 1: expected int in [-2147483648, 2147483647], got 1099511627776"},
      {"byte", array{300}, "byte: parameter 1: expected int in [0, 255], got 300"},
      {"points", array{value(array{members{{"x", 1}, {"y", 2}}, members{{"x", 1}, {"y", "2"}}})},
       "points: parameter 1 at [1].y: expected int, got string"},
      {"points", array{value(array{members{{"x", 1}}})},
       "points: parameter 1 at [0]: missing member \"y\""},
      {"points", array{members{}}, "points: parameter 1: expected array, got struct"},
      {"tuple_arg", array{1, 2}, "tuple_arg: expected 1 parameter, got 2"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    EXPECT_EQ(dispatch_inline(r, c.method, c.params), fault_result(-32602, c.message));
  }
}

TEST(RegistryTest, RawHandlersReceiveAllParamsUnchecked) {
  method_registry r;
  r.add("count", [](const array& params) { return int(params.size()); })
      .add("first",
           [](std::span<const value> params) { return params.empty() ? value() : params.front(); })
      .add("ctx_count",
           [](const call_context& ctx, const array& params) {
             return ctx.method + ":" + std::to_string(params.size());
           })
      .add("one_array", [](array a) { return int(a.size()); });

  EXPECT_EQ(dispatch_inline(r, "count", array{}), call_result(value(0)));
  EXPECT_EQ(dispatch_inline(r, "count", array{1, "x", nil}), call_result(value(3)));
  EXPECT_EQ(dispatch_inline(r, "first", array{"a", "b"}), call_result(value("a")));
  EXPECT_EQ(dispatch_inline(r, "first", array{}), call_result(value()));
  EXPECT_EQ(dispatch_inline(r, "ctx_count", array{1, 2}), call_result(value("ctx_count:2")));
  // `array` by value is one typed parameter, not the raw form.
  EXPECT_EQ(dispatch_inline(r, "one_array", array{value(array{1, 2, 3})}), call_result(value(3)));
}

TEST(RegistryTest, ContextIsInjectedAsFirstParameter) {
  method_registry r;
  r.add("whoami", [](const call_context& ctx) {
     const std::string* agent = ctx.header_value("user-agent");
     return members{{"method", ctx.method},
                    {"peer", ctx.peer.to_string()},
                    {"agent", agent ? *agent : "none"},
                    {"user", ctx.user.value_or("anonymous")},
                    {"has_deadline", ctx.deadline.has_value()}};
   }).add("scaled", [](const call_context& ctx, int x) { return ctx.user ? x * 10 : x; });

  call_context ctx;
  ctx.method = "ignored: dispatch sets it";
  ctx.peer = sockrpc::transport::address::ipv4("127.0.0.1", 5000);
  ctx.headers = {{"Host", "example"}, {"User-Agent", "test/1.0"}};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  ctx.user = "ada";
  EXPECT_EQ(dispatch_inline(r, "whoami", {}, ctx),
            call_result(value(members{{"method", "whoami"},
                                      {"peer", "127.0.0.1:5000"},
                                      {"agent", "test/1.0"},
                                      {"user", "ada"},
                                      {"has_deadline", true}})));
  EXPECT_EQ(dispatch_inline(r, "scaled", array{4}, ctx), call_result(value(40)));
  EXPECT_EQ(dispatch_inline(r, "scaled", array{4}), call_result(value(4)));
  EXPECT_EQ(dispatch_inline(r, "scaled", array{}),
            fault_result(-32602, "scaled: expected 1 parameter, got 0"))
      << "the context is not counted as a parameter";
}

TEST(RegistryTest, CallContextHelpers) {
  call_context ctx;
  ctx.headers = {{"Content-Type", "text/xml"}, {"X-A", "1"}, {"x-a", "2"}};
  ASSERT_NE(ctx.header_value("content-TYPE"), nullptr);
  EXPECT_EQ(*ctx.header_value("content-TYPE"), "text/xml");
  EXPECT_EQ(*ctx.header_value("x-a"), "1") << "the first match wins";
  EXPECT_EQ(ctx.header_value("missing"), nullptr);
  EXPECT_EQ(ctx.header_value("Content-Typ"), nullptr);

  const auto now = std::chrono::steady_clock::now();
  EXPECT_FALSE(ctx.expired(now));
  ctx.deadline = now;
  EXPECT_TRUE(ctx.expired(now));
  EXPECT_FALSE(ctx.expired(now - std::chrono::seconds(1)));
}

// ---- errors ---------------------------------------------------------------------------

struct not_a_std_exception {};

TEST(RegistryTest, ExceptionsBecomeFaults) {
  method_registry r;
  r.add("fault", [] { throw fault(42, "the answer"); })
      .add("runtime", []() -> int { throw std::runtime_error("boom"); })
      .add("logic", [] { throw std::out_of_range("index 7"); })
      .add("other", [] { throw not_a_std_exception{}; })
      .add("oom", [] { throw std::bad_alloc(); })
      .add("bad_result", [] { return std::numeric_limits<std::uint64_t>::max(); })
      .add("raw_type_error", [](const array& p) { return p.at(0).as_i4(); })
      .add("body_conversion", [](int) { return from_value<int>(value("x")); })
      .add("async_body_conversion",
           [](int, responder reply) { reply.reply(from_value<int>(value("y"))); });

  const struct {
    const char* method;
    array params;
    call_result expected;
  } cases[] = {
      {"nope", {}, fault_result(-32601, "method not found: nope")},
      {"fault", {}, fault_result(42, "the answer")},
      {"runtime", {}, fault_result(-32500, "boom")},
      {"logic", {}, fault_result(-32500, "index 7")},
      {"other", {}, fault_result(-32500, "unknown exception")},
      {"oom", {}, fault_result(-32603, "out of memory")},
      {"bad_result",
       {},
       fault_result(-32603,
                    "bad_result: cannot convert the result: expected int in "
                    "[-9223372036854775808, 9223372036854775807], got 18446744073709551615")},
      {"raw_type_error", array{"x"}, fault_result(-32500, "expected int, got string")},
      // A conversion_error from the handler body is not a parameter error.
      {"body_conversion", array{1}, fault_result(-32500, "expected int, got string")},
      {"async_body_conversion", array{1}, fault_result(-32500, "expected int, got string")},
      {"async_body_conversion", array{"z"},
       fault_result(-32602, "async_body_conversion: parameter 1: expected int, got string")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method);
    EXPECT_EQ(dispatch_inline(r, c.method, c.params), c.expected);
  }
}

// ---- management ---------------------------------------------------------------------

TEST(RegistryTest, ListIsSortedAndRemoveContainsSizeWork) {
  method_registry r;
  r.add("b.two", free_add).add("a.one", free_add).add("c", free_add).add("B", free_add);
  EXPECT_EQ(r.list(), (std::vector<std::string>{"B", "a.one", "b.two", "c"}));
  EXPECT_TRUE(r.contains("a.one"));
  EXPECT_FALSE(r.contains("a"));
  EXPECT_TRUE(r.remove("a.one"));
  EXPECT_FALSE(r.remove("a.one"));
  EXPECT_FALSE(r.contains("a.one"));
  EXPECT_EQ(r.size(), 3u);
  EXPECT_EQ(dispatch_inline(r, "a.one", array{1, 2}),
            fault_result(-32601, "method not found: a.one"));
}

TEST(RegistryTest, AddReplacesAnExistingMethod) {
  method_registry r;
  r.add(
      "m", [] { return 1; }, "first");
  r.add(
      "m", [] { return "two"; }, "second");
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(dispatch_inline(r, "m", {}), call_result(value("two")));
  EXPECT_EQ(r.info("m")->help, "second");
  EXPECT_EQ(r.info("m")->signatures, (std::vector<signature>{{"string"}}));
}

TEST(RegistryTest, InfoDerivesSignaturesFromTheTypes) {
  method_registry r;
  r.add("add", free_add, "Adds.")
      .add("greet", [](std::string, std::optional<std::int64_t>) { return true; })
      .add("void", [](const call_context&, double) {})
      .add("mixed", [](point, std::vector<int>, binary, date_time) { return members{}; })
      .add("raw", [](const array&) { return 1; })
      .add("any", [](value v) { return v; })
      .add("async", [](int, responder) {})
      .add(
          "manual", [](const array&) { return 1; },
          method_info{"By hand.", std::vector<signature>{{"int", "int"}, {"int"}}});

  const struct {
    const char* method;
    std::optional<std::vector<signature>> expected;
  } cases[] = {
      {"add", std::vector<signature>{{"int", "int", "int"}}},
      {"greet", std::vector<signature>{{"boolean", "string"}, {"boolean", "string", "i8"}}},
      {"void", std::vector<signature>{{"nil", "double"}}},
      {"mixed",
       std::vector<signature>{{"struct", "struct", "array", "base64", "dateTime.iso8601"}}},
      {"raw", std::nullopt},
      {"any", std::nullopt},
      {"async", std::nullopt},
      {"manual", std::vector<signature>{{"int", "int"}, {"int"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method);
    const auto info = r.info(c.method);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->signatures, c.expected);
  }
  EXPECT_EQ(r.info("add")->help, "Adds.");
  EXPECT_EQ(r.info("manual")->help, "By hand.");
  EXPECT_FALSE(r.info("missing"));
}

TEST(RegistryTest, CallWaitsForTheOutcome) {
  method_registry r;
  r.add("add", free_add);
  EXPECT_EQ(r.call("add", array{20, 22}), call_result(value(42)));
  EXPECT_EQ(r.call("add", array{}), fault_result(-32602, "add: expected 2 parameters, got 0"));
}

TEST(RegistryTest, CallResultAccessorsAndPrinting) {
  const call_result ok(value(5));
  const call_result bad(fault_info{3, "three"});
  EXPECT_FALSE(ok.is_fault());
  EXPECT_TRUE(bad.is_fault());
  EXPECT_EQ(ok.result(), value(5));
  EXPECT_EQ(bad.fault(), (fault_info{3, "three"}));
  EXPECT_THROW((void)ok.fault(), std::bad_variant_access);
  EXPECT_THROW((void)bad.result(), std::bad_variant_access);
  EXPECT_EQ(to_string(ok), "5");
  EXPECT_EQ(to_string(bad), "fault 3: three");
  EXPECT_EQ(call_result(), call_result(value()));
}

}  // namespace
}  // namespace sockrpc::rpc

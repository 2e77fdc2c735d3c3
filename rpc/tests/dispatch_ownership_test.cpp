// SPDX-License-Identifier: MIT
// The dispatcher owns the call's params: typed parameters take over the decoded storage
// (no deep copy), results are moved into the outcome, an lvalue caller keeps its params.
// "Same storage" is checked by comparing buffer addresses (data()) seen inside the
// handler with those of the params handed to dispatch: only a move keeps them.
#include "registry_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ownapp {

struct doc {
  std::string title;
  std::vector<std::string> lines;
};
SOCKRPC_STRUCT(doc, title, lines)

}  // namespace ownapp

namespace sockrpc::rpc {
namespace {

using namespace test;  // registry_test_util.hpp

/// Long enough to live on the heap (no small-string buffer), so its address can move.
std::string big_string(char c) {
  return std::string(1000, c);
}

array big_int_array() {
  array a;
  a.reserve(10'000);
  for (std::int32_t i = 0; i < 10'000; ++i)
    a.emplace_back(i);
  return a;
}

/// Dispatches `params` as an rvalue and returns the outcome (inline completion).
call_result dispatch_moved(const method_registry& r, std::string_view method, array params) {
  int calls = 0;
  call_result out;
  r.dispatch(method, std::move(params), [&](call_result res) {
    ++calls;
    out = std::move(res);
  });
  EXPECT_EQ(calls, 1);
  return out;
}

TEST(DispatchOwnershipTest, StringParameterTakesOverTheBuffer) {
  method_registry r;
  const char* by_value = nullptr;
  const char* by_ref = nullptr;
  r.add("by_value", [&](std::string s) {
     by_value = s.data();
   }).add("by_ref", [&](const std::string& s) { by_ref = s.data(); });

  array params{big_string('a')};
  const char* sent = params[0].as_string().data();
  EXPECT_EQ(dispatch_moved(r, "by_value", std::move(params)), call_result());
  EXPECT_EQ(by_value, sent);

  array params2{big_string('b')};
  const char* sent2 = params2[0].as_string().data();
  EXPECT_EQ(dispatch_moved(r, "by_ref", std::move(params2)), call_result());
  EXPECT_EQ(by_ref, sent2);
}

TEST(DispatchOwnershipTest, ValueEchoReusesTheStorageEndToEnd) {
  method_registry r;
  r.add("echo", [](value x) { return x; });
  array params{value(big_int_array())};
  const value* sent = params[0].as_array().data();
  const call_result res = dispatch_moved(r, "echo", std::move(params));
  ASSERT_FALSE(res.is_fault()) << res;
  EXPECT_EQ(res.result().as_array().data(), sent);
  EXPECT_EQ(res.result(), value(big_int_array()));
}

TEST(DispatchOwnershipTest, LvalueParamsAreCopiedAndLeftIntact) {
  method_registry r;
  const char* seen = nullptr;
  r.add("take", [&](std::string s) {
    seen = s.data();
    return s.size();
  });
  const array params{big_string('c')};
  EXPECT_EQ(dispatch_inline(r, "take", params), call_result(value(1000)));
  EXPECT_NE(seen, params[0].as_string().data());
  EXPECT_EQ(params, array{big_string('c')});
  EXPECT_EQ(r.call("take", params), call_result(value(1000)));
  EXPECT_EQ(params, array{big_string('c')});
}

TEST(DispatchOwnershipTest, ContainerAndStructParametersMoveTheirElements) {
  method_registry r;
  std::vector<const char*> seen;
  r.add("lines", [&](const std::vector<std::string>& v) {
     for (const auto& s : v)
       seen.push_back(s.data());
   }).add("doc", [&](ownapp::doc d) {
    seen.push_back(d.title.data());
    seen.push_back(d.lines.at(0).data());
  });

  array lines{value(array{big_string('x'), big_string('y')})};
  const std::vector<const char*> sent{lines[0][0].as_string().data(),
                                      lines[0][1].as_string().data()};
  EXPECT_EQ(dispatch_moved(r, "lines", std::move(lines)), call_result());
  EXPECT_EQ(seen, sent);

  seen.clear();
  array d{members{{"title", big_string('t')}, {"lines", array{big_string('l')}}}};
  const std::vector<const char*> sent_doc{d[0]["title"].as_string().data(),
                                          d[0]["lines"][0].as_string().data()};
  EXPECT_EQ(dispatch_moved(r, "doc", std::move(d)), call_result());
  EXPECT_EQ(seen, sent_doc);
}

TEST(DispatchOwnershipTest, MutableRawParamsCanBeMovedOut) {
  method_registry r;
  r.add("whole", [](array& params) {
     return value(std::move(params));
   }).add("first", [](const call_context&, std::span<value> params) {
    return std::move(params[0]);
  });

  array params{big_string('w'), 2};
  const value* sent = params.data();
  const call_result whole = dispatch_moved(r, "whole", std::move(params));
  ASSERT_FALSE(whole.is_fault()) << whole;
  EXPECT_EQ(whole.result().as_array().data(), sent);
  EXPECT_EQ(whole.result(), value(array{big_string('w'), 2}));

  array first{big_string('f')};
  const char* sent_f = first[0].as_string().data();
  const call_result res = dispatch_moved(r, "first", std::move(first));
  ASSERT_FALSE(res.is_fault()) << res;
  EXPECT_EQ(res.result().as_string().data(), sent_f);
  // Unchecked, like the const raw forms: no count check.
  EXPECT_EQ(dispatch_moved(r, "whole", array{}), call_result(value(array{})));
}

TEST(DispatchOwnershipTest, ResultsAreMovedIntoTheOutcome) {
  method_registry r;
  const char* made = nullptr;
  std::vector<const char*> made_all;
  r.add("str", [&] {
     std::string s = big_string('r');
     made = s.data();
     return s;
   }).add("strings", [&] {
    std::vector<std::string> v{big_string('1'), big_string('2')};
    made_all = {v[0].data(), v[1].data()};
    return v;
  });
  const call_result s = r.call("str", {});
  ASSERT_FALSE(s.is_fault()) << s;
  EXPECT_EQ(s.result().as_string().data(), made);

  const call_result v = r.call("strings", {});
  ASSERT_FALSE(v.is_fault()) << v;
  EXPECT_EQ(v.result()[0].as_string().data(), made_all[0]);
  EXPECT_EQ(v.result()[1].as_string().data(), made_all[1]);
}

TEST(DispatchOwnershipTest, AsyncHandlerAndMulticallMoveParams) {
  method_registry r;
  const char* sub_seen = nullptr;
  r.add("later", [](value x, responder reply) { reply.reply(std::move(x)); })
      .add("sub", [&](const std::string& s) { sub_seen = s.data(); })
      .add_multicall();

  array params{value(big_int_array())};
  const value* sent = params[0].as_array().data();
  const call_result res = dispatch_moved(r, "later", std::move(params));
  ASSERT_FALSE(res.is_fault()) << res;
  EXPECT_EQ(res.result().as_array().data(), sent);

  array calls{
      value(array{members{{"methodName", "sub"}, {"params", array{big_string('m')}}},
                  members{{"methodName", "later"}, {"params", array{value(big_int_array())}}}})};
  const char* sent_sub = calls[0][0]["params"][0].as_string().data();
  const value* sent_later = calls[0][1]["params"][0].as_array().data();
  const call_result mc = dispatch_moved(r, "system.multicall", std::move(calls));
  ASSERT_FALSE(mc.is_fault()) << mc;
  EXPECT_EQ(sub_seen, sent_sub);
  EXPECT_EQ(mc.result()[0], value(array{value()}));
  EXPECT_EQ(mc.result()[1][0].as_array().data(), sent_later);
}

TEST(DispatchOwnershipTest, FaultsAreUnchangedWhenAConversionStopsPartWay) {
  method_registry r;
  r.add("two", [](std::vector<std::string>, std::string) {});
  EXPECT_EQ(dispatch_moved(r, "two", array{array{"a", 1}, "b"}),
            fault_result(-32602, "two: parameter 1 at [1]: expected string, got int"));
  EXPECT_EQ(dispatch_moved(r, "two", array{array{"a"}, 2}),
            fault_result(-32602, "two: parameter 2: expected string, got int"));
  EXPECT_EQ(dispatch_moved(r, "two", array{value(array{"a"})}),
            fault_result(-32602, "two: expected 2 parameters, got 1"));
}

}  // namespace
}  // namespace sockrpc::rpc

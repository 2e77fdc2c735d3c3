// SPDX-License-Identifier: MIT
// The system.* methods: introspection, capabilities, multicall.
#include <sockrpc/rpc/dispatch/registry.hpp>

#include "registry_test_util.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sockrpc::rpc {
namespace {

using namespace test;  // registry_test_util.hpp

value call_entry(std::string name, array params) {
  return members{{"methodName", std::move(name)}, {"params", std::move(params)}};
}

value fault_slot(int code, std::string message) {
  return members{{"faultCode", code}, {"faultString", std::move(message)}};
}

method_registry& with_math(method_registry& r) {
  return r
      .add(
          "math.add", [](int a, int b) { return a + b; }, "Adds two integers.")
      .add("math.fail", [] { throw std::runtime_error("nope"); })
      .add("raw", [](const array& p) { return int(p.size()); });
}

TEST(SystemMethodsTest, NotRegisteredUnlessAsked) {
  method_registry r;
  EXPECT_EQ(dispatch_inline(r, "system.listMethods", {}),
            fault_result(-32601, "method not found: system.listMethods"));
  r.add_introspection();
  EXPECT_EQ(r.list(), (std::vector<std::string>{"system.getCapabilities", "system.listMethods",
                                                "system.methodHelp", "system.methodSignature"}));
  r.add_multicall();
  EXPECT_TRUE(r.contains("system.multicall"));
  EXPECT_TRUE(r.remove("system.multicall"));
}

TEST(SystemMethodsTest, ListMethodsIsSorted) {
  method_registry r;
  with_math(r).add_system_methods();
  EXPECT_EQ(dispatch_inline(r, "system.listMethods", {}),
            call_result(value(array{"math.add", "math.fail", "raw", "system.getCapabilities",
                                    "system.listMethods", "system.methodHelp",
                                    "system.methodSignature", "system.multicall"})));
  EXPECT_EQ(dispatch_inline(r, "system.listMethods", array{1}),
            fault_result(-32602, "system.listMethods: expected 0 parameters, got 1"));
}

TEST(SystemMethodsTest, MethodHelpAndSignature) {
  method_registry r;
  with_math(r).add_system_methods();
  const struct {
    const char* method;
    array params;
    call_result expected;
  } cases[] = {
      {"system.methodHelp", array{"math.add"}, call_result(value("Adds two integers."))},
      {"system.methodHelp", array{"raw"}, call_result(value(""))},
      {"system.methodHelp", array{"missing"}, fault_result(-32601, "method not found: missing")},
      {"system.methodHelp", array{1},
       fault_result(-32602, "system.methodHelp: parameter 1: expected string, got int")},
      {"system.methodSignature", array{"math.add"},
       call_result(value(array{value(array{"int", "int", "int"})}))},
      {"system.methodSignature", array{"math.fail"},
       call_result(value(array{value(array{"nil"})}))},
      {"system.methodSignature", array{"raw"}, call_result(value("undef"))},
      {"system.methodSignature", array{"system.methodSignature"},
       call_result(value(array{value(array{"array", "string"})}))},
      {"system.methodSignature", array{"system.multicall"},
       call_result(value(array{value(array{"array", "array"})}))},
      {"system.methodSignature", array{"system.listMethods"},
       call_result(value(array{value(array{"array"})}))},
      {"system.methodSignature", array{"missing"},
       fault_result(-32601, "method not found: missing")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + value(c.params).to_string());
    EXPECT_EQ(dispatch_inline(r, c.method, c.params), c.expected);
  }
  for (const auto& name : r.list()) {
    if (name.rfind("system.", 0) != 0) continue;
    const auto help = dispatch_inline(r, "system.methodHelp", array{name});
    ASSERT_FALSE(help.is_fault());
    EXPECT_FALSE(help.result().as_string().empty()) << name << " has help text";
  }
}

TEST(SystemMethodsTest, GetCapabilities) {
  const value faults_interop =
      members{{"specUrl", "http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php"},
              {"specVersion", 20010516}};
  const value introspection = members{
      {"specUrl", "http://xmlrpc-c.sourceforge.net/introspection.html"}, {"specVersion", 1}};
  const value xmlrpc = members{{"specUrl", "http://www.xmlrpc.com/spec"}, {"specVersion", 1}};
  const value multicall =
      members{{"specUrl", "http://www.xmlrpc.com/discuss/msgReader$1208"}, {"specVersion", 1}};

  method_registry r;
  r.add_introspection();
  EXPECT_EQ(dispatch_inline(r, "system.getCapabilities", {}),
            call_result(value(members{{"xmlrpc", xmlrpc},
                                      {"faults_interop", faults_interop},
                                      {"introspection", introspection}})));
  r.add_multicall();
  EXPECT_EQ(dispatch_inline(r, "system.getCapabilities", {}),
            call_result(value(members{{"xmlrpc", xmlrpc},
                                      {"faults_interop", faults_interop},
                                      {"introspection", introspection},
                                      {"system.multicall", multicall}})));
}

TEST(MulticallTest, MixesResultsAndFaultsInOrder) {
  method_registry r;
  with_math(r).add_system_methods();
  const array calls{
      call_entry("math.add", array{1, 2}), call_entry("math.fail", array{}),
      call_entry("missing", array{}),      call_entry("math.add", array{1}),
      call_entry("raw", array{1, 2, 3}),   call_entry("system.listMethods", array{}),
  };
  const auto res = dispatch_inline(r, "system.multicall", array{value(calls)});
  ASSERT_FALSE(res.is_fault()) << res;
  const array& slots = res.result().as_array();
  ASSERT_EQ(slots.size(), 6u);
  EXPECT_EQ(slots[0], value(array{3}));
  EXPECT_EQ(slots[1], fault_slot(-32500, "nope"));
  EXPECT_EQ(slots[2], fault_slot(-32601, "method not found: missing"));
  EXPECT_EQ(slots[3], fault_slot(-32602, "math.add: expected 2 parameters, got 1"));
  EXPECT_EQ(slots[4], value(array{3}));
  array names;
  for (const auto& name : r.list())
    names.emplace_back(name);
  EXPECT_EQ(slots[5], value(array{value(std::move(names))}));
}

TEST(MulticallTest, EmptyAndMissingParams) {
  method_registry r;
  with_math(r).add_system_methods();
  EXPECT_EQ(dispatch_inline(r, "system.multicall", array{value(array{})}),
            call_result(value(array{})));
  EXPECT_EQ(
      dispatch_inline(r, "system.multicall", array{value(array{members{{"methodName", "raw"}}})}),
      call_result(value(array{value(array{0})})))
      << "an entry without params calls with none";
}

TEST(MulticallTest, BadShapesAreFaults) {
  method_registry r;
  with_math(r).add_system_methods();
  const struct {
    array params;
    call_result expected;
  } whole_call_cases[] = {
      {array{}, fault_result(-32602, "system.multicall: expected 1 parameter, got 0")},
      {array{members{}},
       fault_result(-32602, "system.multicall: parameter 1: expected array, got struct")},
      {array{array{}, array{}},
       fault_result(-32602, "system.multicall: expected 1 parameter, got 2")},
  };
  for (const auto& c : whole_call_cases) {
    SCOPED_TRACE(value(c.params).to_string());
    EXPECT_EQ(dispatch_inline(r, "system.multicall", c.params), c.expected);
  }

  const struct {
    value entry;
    value slot;
  } entry_cases[] = {
      {value(5), fault_slot(-32602, "system.multicall: entry 1: expected struct, got int")},
      {value(members{{"params", array{}}}),
       fault_slot(-32602, "system.multicall: entry 1: missing member \"methodName\"")},
      {value(members{{"methodName", 3}, {"params", array{}}}),
       fault_slot(-32602, "system.multicall: entry 1: methodName: expected string, got int")},
      {value(members{{"methodName", "raw"}, {"params", "x"}}),
       fault_slot(-32602, "system.multicall: entry 1: params: expected array, got string")},
      {call_entry("system.multicall", array{value(array{})}),
       fault_slot(-32600, "system.multicall: recursive system.multicall forbidden")},
  };
  for (const auto& c : entry_cases) {
    SCOPED_TRACE(c.entry.to_string());
    // A bad entry faults its own slot only; the next entry still runs.
    EXPECT_EQ(dispatch_inline(r, "system.multicall",
                              array{value(array{c.entry, call_entry("math.add", array{2, 2})})}),
              call_result(value(array{c.slot, array{4}})));
  }
}

TEST(MulticallTest, AsyncSubCallsRunInOrderOneAtATime) {
  worker w;
  std::mutex log_mutex;
  std::vector<std::string> log;
  auto note = [&](std::string s) {
    const std::lock_guard lock(log_mutex);
    log.push_back(std::move(s));
  };

  method_registry r;
  r.add("later",
        [&](int x, responder reply) {
          note("start " + std::to_string(x));
          auto shared = std::make_shared<responder>(std::move(reply));
          w.post([&, shared, x] {
            note("reply " + std::to_string(x));
            shared->reply(x * 10);
          });
        })
      .add("now",
           [&](int x, responder reply) {
             note("now " + std::to_string(x));
             reply.reply(x);
           })
      .add("drops", [](responder) {})
      .add("sync", [&](int x) {
        note("sync " + std::to_string(x));
        return -x;
      });
  r.add_multicall();

  completion_probe probe;
  r.dispatch("system.multicall",
             array{value(array{call_entry("later", array{1}), call_entry("now", array{2}),
                               call_entry("later", array{3}), call_entry("drops", array{}),
                               call_entry("sync", array{4})})},
             probe.handler());
  const auto res = probe.wait();
  ASSERT_TRUE(res) << "multicall did not complete";
  EXPECT_EQ(*res, call_result(value(array{
                      array{10}, array{2}, array{30},
                      fault_slot(-32603, "drops: handler finished without a reply"), array{-4}})));
  EXPECT_EQ(probe.count(), 1);
  const std::lock_guard lock(log_mutex);
  EXPECT_EQ(log, (std::vector<std::string>{"start 1", "reply 1", "now 2", "start 3", "reply 3",
                                           "sync 4"}));
}

TEST(MulticallTest, ContextReachesSubCalls) {
  method_registry r;
  r.add("who", [](const call_context& ctx) { return ctx.method + "@" + ctx.peer.to_string(); });
  r.add_multicall();
  call_context ctx;
  ctx.peer = sockrpc::transport::address::ipv6("::1", 9);
  EXPECT_EQ(
      dispatch_inline(r, "system.multicall", array{value(array{call_entry("who", array{})})}, ctx),
      call_result(value(array{value(array{"who@[::1]:9"})})));
}

TEST(MulticallTest, LargeBatchOfInlineCallsDoesNotRecurse) {
  // Inline completions continue the loop instead of nesting: 20k entries would overflow
  // the stack if each sub-call recursed.
  constexpr int n = 20000;
  method_registry r;
  r.add("id", [](int x, responder reply) { reply.reply(x); });
  r.add_multicall();
  array calls;
  calls.reserve(n);
  for (int i = 0; i < n; ++i)
    calls.push_back(call_entry("id", array{i}));
  const auto res = dispatch_inline(r, "system.multicall", array{value(std::move(calls))});
  ASSERT_FALSE(res.is_fault());
  ASSERT_EQ(res.result().as_array().size(), std::size_t{n});
  EXPECT_EQ(res.result()[n - 1], value(array{n - 1}));
}

}  // namespace
}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
// Asynchronous handlers (responder) and concurrent dispatch with add/remove.
#include <sockrpc/rpc/dispatch/registry.hpp>

#include "registry_test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sockrpc::rpc {
namespace {

using namespace test;  // registry_test_util.hpp

TEST(AsyncDispatchTest, InlineReplyCompletesBeforeDispatchReturns) {
  method_registry r;
  r.add("double", [](int x, responder reply) { reply.reply(2 * x); })
      .add("typed", [](const std::string& s, responder reply) { reply.reply(s + "!"); })
      .add("fails", [](responder reply) { reply.fail(7, "seven"); })
      .add("ctx", [](const call_context& ctx, responder reply) { reply.reply(ctx.method); })
      .add("rvalue_ref", [](responder&& reply) { reply.reply(1); });
  EXPECT_EQ(dispatch_inline(r, "double", array{21}), call_result(value(42)));
  EXPECT_EQ(dispatch_inline(r, "typed", array{"hi"}), call_result(value("hi!")));
  EXPECT_EQ(dispatch_inline(r, "fails", {}), fault_result(7, "seven"));
  EXPECT_EQ(dispatch_inline(r, "ctx", {}), call_result(value("ctx")));
  EXPECT_EQ(dispatch_inline(r, "rvalue_ref", {}), call_result(value(1)));
  EXPECT_EQ(dispatch_inline(r, "double", array{"x"}),
            fault_result(-32602, "double: parameter 1: expected int, got string"))
      << "parameter errors are answered before the handler runs";
}

TEST(AsyncDispatchTest, ReplyFromAnotherThread) {
  worker w;
  method_registry r;
  r.add("later", [&w](int x, responder reply) {
    auto shared = std::make_shared<responder>(std::move(reply));
    w.post([shared, x] { shared->reply(x + 1); });
  });

  completion_probe probe;
  std::thread::id completed_on;
  r.dispatch("later", array{1}, call_context{}, [&](call_result res) {
    completed_on = std::this_thread::get_id();
    probe.handler()(std::move(res));
  });
  const auto res = probe.wait();
  ASSERT_TRUE(res) << "no completion within the time limit";
  EXPECT_EQ(*res, call_result(value(2)));
  EXPECT_EQ(completed_on, w.id()) << "the completion runs on the replying thread";
  EXPECT_EQ(r.call("later", array{41}), call_result(value(42)));
  EXPECT_EQ(probe.count(), 1);
}

TEST(AsyncDispatchTest, DroppedResponderAnswersInternalError) {
  worker w;
  method_registry r;
  r.add("forgets", [](responder) {})
      .add("leaves_rvalue_ref", [](responder&&) {})
      .add("drops_later", [&w](responder reply) {
        auto shared = std::make_shared<responder>(std::move(reply));
        w.post([shared]() mutable { shared.reset(); });
      });

  EXPECT_EQ(dispatch_inline(r, "forgets", {}),
            fault_result(-32603, "forgets: handler finished without a reply"));
  EXPECT_EQ(dispatch_inline(r, "leaves_rvalue_ref", {}),
            fault_result(-32603, "leaves_rvalue_ref: handler finished without a reply"));
  completion_probe probe;
  r.dispatch("drops_later", {}, probe.handler());
  const auto res = probe.wait();
  ASSERT_TRUE(res);
  EXPECT_EQ(*res, fault_result(-32603, "drops_later: handler finished without a reply"));
  EXPECT_EQ(probe.count(), 1);
}

TEST(AsyncDispatchTest, ExceptionsFromAsyncHandlersBecomeFaults) {
  std::mutex stored_mutex;
  std::vector<responder> stored;
  method_registry r;
  r.add("throws_holding", [](responder) { throw std::runtime_error("async boom"); })
      .add("throws_fault", [](responder) { throw fault(9, "nine"); })
      .add("replies_then_throws",
           [](responder reply) {
             reply.reply("kept");
             throw std::runtime_error("ignored");
           })
      .add("stores_then_throws", [&](responder reply) {
        {
          const std::lock_guard lock(stored_mutex);
          stored.push_back(std::move(reply));
        }
        throw std::runtime_error("after storing");
      });

  EXPECT_EQ(dispatch_inline(r, "throws_holding", {}), fault_result(-32500, "async boom"));
  EXPECT_EQ(dispatch_inline(r, "throws_fault", {}), fault_result(9, "nine"));
  EXPECT_EQ(dispatch_inline(r, "replies_then_throws", {}), call_result(value("kept")));
  EXPECT_EQ(dispatch_inline(r, "stores_then_throws", {}), fault_result(-32500, "after storing"));

  // The stored responder still looks pending, but the call is over: a late reply is
  // dropped (dispatch_inline above counted exactly one completion).
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(stored[0].pending());
  EXPECT_NO_THROW(stored[0].reply(1));
  EXPECT_FALSE(stored[0].pending());
}

TEST(AsyncDispatchTest, ResponderAnswersExactlyOnce) {
  std::vector<std::string> errors;
  method_registry r;
  r.add("twice", [&](responder reply) {
    EXPECT_TRUE(reply.pending());
    EXPECT_EQ(reply.method(), "twice");
    reply.reply(1);
    EXPECT_FALSE(reply.pending());
    EXPECT_EQ(reply.method(), "");
    try {
      reply.reply(2);
    } catch (const std::logic_error& e) {
      errors.emplace_back(e.what());
    }
    try {
      reply.fail(1, "x");
    } catch (const std::logic_error& e) {
      errors.emplace_back(e.what());
    }
  });
  EXPECT_EQ(dispatch_inline(r, "twice", {}), call_result(value(1)));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "responder: no pending call (already answered, moved from or empty)");

  responder empty;
  EXPECT_FALSE(empty.pending());
  EXPECT_THROW(empty.reply(1), std::logic_error);
  EXPECT_THROW(empty.reply(std::string("typed")), std::logic_error);
}

TEST(AsyncDispatchTest, MoveAssignmentAnswersTheOverwrittenCall) {
  std::vector<responder> held;
  method_registry r;
  r.add("hold", [&](responder reply) { held.push_back(std::move(reply)); });
  completion_probe first;
  completion_probe second;
  r.dispatch("hold", {}, first.handler());
  r.dispatch("hold", {}, second.handler());
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(first.count(), 0);
  held[0] = std::move(held[1]);  // drops the first call's responder
  EXPECT_EQ(first.count(), 1);
  EXPECT_EQ(*first.wait(), fault_result(-32603, "hold: handler finished without a reply"));
  EXPECT_FALSE(held[1].pending());
  held[0].reply("second");
  EXPECT_EQ(*second.wait(), call_result(value("second")));
  EXPECT_EQ(second.count(), 1);
}

TEST(AsyncDispatchTest, ReplyWithUnconvertibleResultAnswersInternalError) {
  method_registry r;
  r.add("huge", [](responder reply) { reply.reply(std::numeric_limits<std::uint64_t>::max()); });
  EXPECT_EQ(dispatch_inline(r, "huge", {}),
            fault_result(-32603,
                         "huge: cannot convert the result: expected int in "
                         "[-9223372036854775808, 9223372036854775807], got "
                         "18446744073709551615"));
}

// ---- concurrency ------------------------------------------------------------------------

TEST(AsyncDispatchTest, ConcurrentDispatchWhileAddingAndRemoving) {
  constexpr int readers = 4;
  constexpr int calls_per_reader = 2000;
  constexpr int writer_rounds = 300;

  method_registry r;
  r.add("stable", [](int x) { return x + 1; });
  std::atomic<int> ok{0};
  std::atomic<int> not_found{0};
  std::atomic<int> wrong{0};
  std::latch start(readers + 1);

  std::vector<std::thread> threads;
  for (int t = 0; t < readers; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < calls_per_reader; ++i) {
        const bool volatile_call = i % 2 == 1;
        r.dispatch(volatile_call ? "volatile" : "stable", array{i}, call_context{},
                   [&, i, volatile_call](call_result res) {
                     if (!res.is_fault() && res.result() == value(volatile_call ? i * 2 : i + 1)) {
                       ++ok;
                     } else if (volatile_call && res.is_fault() &&
                                res.fault().code == fault_code::method_not_found) {
                       ++not_found;
                     } else {
                       ++wrong;
                     }
                   });
        if (t == 0 && i % 100 == 0) (void)r.list();
      }
    });
  }
  threads.emplace_back([&] {
    start.arrive_and_wait();
    for (int i = 0; i < writer_rounds; ++i) {
      r.add("volatile", [](int x) { return x * 2; });
      r.add("extra." + std::to_string(i % 7), [] {});
      EXPECT_TRUE(r.remove("volatile"));
    }
  });
  for (auto& th : threads)
    th.join();

  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(ok.load() + not_found.load(), readers * calls_per_reader);
  EXPECT_GE(ok.load(), readers * calls_per_reader / 2) << "every stable call succeeds";
  EXPECT_EQ(r.list().size(), 8u);  // stable + extra.0..6
}

TEST(AsyncDispatchTest, RemovedMethodFinishesCallsInFlight) {
  worker w;
  method_registry r;
  auto token = std::make_shared<int>(5);
  std::weak_ptr<int> weak = token;
  r.add("slow", [&w, token](responder reply) {
    auto shared = std::make_shared<responder>(std::move(reply));
    w.post([shared, v = *token] { shared->reply(v); });
  });
  token.reset();

  completion_probe probe;
  r.dispatch("slow", {}, probe.handler());
  EXPECT_TRUE(r.remove("slow"));
  EXPECT_TRUE(weak.expired()) << "the handler is released once its synchronous part ends";
  const auto res = probe.wait();
  ASSERT_TRUE(res);
  EXPECT_EQ(*res, call_result(value(5)));
}

TEST(AsyncDispatchTest, ConcurrentAsyncCallsEachCompleteOnce) {
  constexpr int callers = 4;
  constexpr int calls_per_caller = 500;
  worker w;
  method_registry r;
  r.add("later", [&w](int x, responder reply) {
    if (x % 3 == 0) {
      reply.reply(x);  // some inline
      return;
    }
    auto shared = std::make_shared<responder>(std::move(reply));
    w.post([shared, x] {
      if (x % 3 == 1) shared->reply(x);
      // x % 3 == 2: dropped -> -32603
    });
  });

  std::atomic<int> completions{0};
  std::atomic<int> mismatches{0};
  std::latch done(callers * calls_per_caller);
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < calls_per_caller; ++i) {
        const int x = t * calls_per_caller + i;
        r.dispatch("later", array{x}, call_context{}, [&, x](call_result res) {
          ++completions;
          const bool expect_fault = x % 3 == 2;
          if (res.is_fault() != expect_fault || (!expect_fault && res.result() != value(x)) ||
              (expect_fault && res.fault().code != fault_code::internal_error)) {
            ++mismatches;
          }
          done.count_down();
        });
      }
    });
  }
  for (auto& th : threads)
    th.join();
  // Bounded wait: the worker answers everything it was given.
  std::promise<void> drained;
  w.post([&] { drained.set_value(); });
  ASSERT_EQ(drained.get_future().wait_for(test::wait_limit), std::future_status::ready);
  done.wait();
  EXPECT_EQ(completions.load(), callers * calls_per_caller);
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#include <sockrpc/transport/wake_event.hpp>

#include <sockrpc/transport/selector.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <type_traits>
#include <utility>

namespace {

using namespace sockrpc::transport;
using namespace std::chrono_literals;
using sockrpc_test::test_timeout;

static_assert(!std::is_copy_constructible_v<wake_event>);
static_assert(std::is_nothrow_move_constructible_v<wake_event>);

// True when `w` is readable right now (a zero-timeout poll).
bool readable(const wake_event& w) {
  selector sel(selector_backend::poll);
  sel.add(w.native_handle(), event::read);
  return !sel.select(0ns).empty();
}

TEST(WakeEventTest, NotifyFromAnotherThreadWakesABlockedSelect) {
  wake_event wake;
  ASSERT_TRUE(wake.is_open());
  selector sel;
  sel.add(wake.native_handle(), event::read);
  std::thread notifier([&] { wake.notify(); });
  const auto ready = sel.select(test_timeout);  // returns early only if notified
  notifier.join();
  ASSERT_EQ(ready.size(), 1U);
  EXPECT_EQ(ready[0].key.fd, wake.native_handle());
  EXPECT_TRUE(wake.drain());
  EXPECT_TRUE(sel.select(0ns).empty());
}

TEST(WakeEventTest, NotificationsCoalesceAndOneDrainConsumesThemAll) {
  wake_event wake;
  EXPECT_FALSE(readable(wake));
  EXPECT_FALSE(wake.drain());  // nothing pending: never blocks
  for (int i = 0; i < 1000; ++i)
    wake.notify();
  EXPECT_TRUE(readable(wake));
  EXPECT_TRUE(wake.drain());
  EXPECT_FALSE(readable(wake));
  EXPECT_FALSE(wake.drain());
  wake.notify();  // usable again after a drain
  EXPECT_TRUE(readable(wake));
}

TEST(WakeEventTest, MovedFromIsClosedAndHarmless) {
  std::error_code ec;
  wake_event a(ec);
  ASSERT_FALSE(ec);
  const int fd = a.native_handle();
  wake_event b(std::move(a));
  EXPECT_FALSE(a.is_open());  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_EQ(a.native_handle(), -1);
  a.notify();
  EXPECT_FALSE(a.drain());
  EXPECT_EQ(b.native_handle(), fd);
  b.notify();
  wake_event c;
  c = std::move(b);
  EXPECT_TRUE(readable(c));
  EXPECT_FALSE(b.is_open());  // NOLINT(bugprone-use-after-move)
}

}  // namespace

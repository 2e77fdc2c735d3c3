// SPDX-License-Identifier: MIT
// The gtest main of every sockrpc test binary: besides running the tests, it fails any
// test that returns with more file descriptors open than it started with.
#include <gtest/gtest.h>

#include <sockrpc_test/fd_count.hpp>

namespace {

class fd_leak_listener final : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override { before_ = sockrpc_test::open_fd_count(); }
  void OnTestEnd(const testing::TestInfo& info) override {
    const auto after = sockrpc_test::open_fd_count();
    if (after > before_) {
      ADD_FAILURE() << info.test_suite_name() << "." << info.name() << " leaked "
                    << (after - before_) << " file descriptor(s)";
    }
  }

 private:
  std::size_t before_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new fd_leak_listener);
  return RUN_ALL_TESTS();
}

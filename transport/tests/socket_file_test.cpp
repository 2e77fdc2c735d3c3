// SPDX-License-Identifier: MIT
#include <sockrpc/transport/socket_file.hpp>

#include <sockrpc/transport/resolver.hpp>

#include "socket_test_util.hpp"

#include <sockrpc_test/temp_file.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <utility>

namespace {

using namespace sockrpc_test;
namespace fs = std::filesystem;

TEST(SocketFile, ClaimsTheFileItsListenerCreatedAndRemovesIt) {
  temp_dir dir("sockrpc_socket_file");
  const auto addr = address::local(dir.file("a.sock"));
  auto listener = st::create_server(addr);
  {
    st::socket_file file(listener);
    EXPECT_TRUE(file.owns());
    EXPECT_EQ(file.path(), dir.file("a.sock"));
    EXPECT_TRUE(fs::exists(file.path()));
  }
  EXPECT_FALSE(fs::exists(dir.file("a.sock")));
}

TEST(SocketFile, MoveTransfersTheClaimAndReleaseKeepsTheFile) {
  temp_dir dir("sockrpc_socket_file");
  auto listener = st::create_server(address::local(dir.file("a.sock")));
  st::socket_file first(listener);
  st::socket_file second(std::move(first));
  EXPECT_FALSE(first.owns());  // NOLINT(bugprone-use-after-move): moved-from owns nothing
  first.remove();
  EXPECT_TRUE(fs::exists(dir.file("a.sock")));
  second.release();
  second.remove();
  EXPECT_TRUE(fs::exists(dir.file("a.sock")));
}

TEST(SocketFile, LeavesAFileThatReplacedItsOwnAlone) {
  temp_dir dir("sockrpc_socket_file");
  const auto addr = address::local(dir.file("a.sock"));
  auto first = st::create_server(addr);
  st::socket_file file(first);
  fs::remove(dir.file("a.sock"));
  auto second = st::create_server(addr);  // another listener now owns the path
  file.remove();
  EXPECT_TRUE(fs::exists(dir.file("a.sock")));
}

TEST(SocketFile, ClaimsNothingForTcpAndAbstractListeners) {
  auto tcp = make_listener(family::ipv4);
  EXPECT_FALSE(st::socket_file(tcp).owns());
  auto abstract = st::create_server(address::local(std::string("\0sockrpc_socket_file_test", 25)));
  EXPECT_FALSE(st::socket_file(abstract).owns());
}

TEST(RemoveStaleSocketFile, ReplacesAFileNobodyListensOn) {
  temp_dir dir("sockrpc_socket_file");
  const auto addr = address::local(dir.file("a.sock"));
  { auto gone = st::create_server(addr); }  // closed: its file stays behind
  ASSERT_TRUE(fs::exists(dir.file("a.sock")));
  EXPECT_TRUE(st::remove_stale_socket_file(addr));
  EXPECT_FALSE(fs::exists(dir.file("a.sock")));
  auto again = st::create_server(addr);
  EXPECT_TRUE(again.is_open());
}

TEST(RemoveStaleSocketFile, RefusesALiveListener) {
  temp_dir dir("sockrpc_socket_file");
  const auto addr = address::local(dir.file("a.sock"));
  auto live = st::create_server(addr);
  std::error_code ec;
  EXPECT_FALSE(st::remove_stale_socket_file(addr, ec));
  EXPECT_EQ(ec, std::errc::address_in_use);
  EXPECT_TRUE(fs::exists(dir.file("a.sock")));
  EXPECT_THROW(st::remove_stale_socket_file(addr), sockrpc::error);
}

TEST(RemoveStaleSocketFile, LeavesAFreePathAndOtherFilesAlone) {
  temp_dir dir("sockrpc_socket_file");
  std::error_code ec;
  EXPECT_FALSE(st::remove_stale_socket_file(address::local(dir.file("none.sock")), ec));
  EXPECT_FALSE(ec);
  std::ofstream(dir.file("plain")) << "data";
  EXPECT_FALSE(st::remove_stale_socket_file(address::local(dir.file("plain")), ec));
  EXPECT_FALSE(ec);
  EXPECT_TRUE(fs::exists(dir.file("plain")));
  EXPECT_FALSE(st::remove_stale_socket_file(address::loopback(family::ipv4, 1), ec));
  EXPECT_FALSE(ec);
}

}  // namespace

// SPDX-License-Identifier: MIT
// The code generated from generator_test.sidl (by sockrpc_add_idl at build time), called
// end to end over loopback: a generated service registered on an rpc::server, called
// through the generated client.
#include "generator_test.sidl.hpp"

#include <sockrpc/idl/generator.hpp>
#include <sockrpc/idl/parser.hpp>
#include <sockrpc/rpc/server/server.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>

#include <chrono>
#include <future>
#include <string>

namespace {

namespace rpc = sockrpc::rpc;
namespace gen = sockrpc_test::gen;
using namespace std::chrono_literals;

constexpr auto io_timeout = 5s;

class test_impl : public gen::test_service {
 public:
  gen::everything echo(const gen::everything& e) override { return e; }
  std::int32_t add(std::int32_t a, std::int32_t b) override { return a + b; }
  void check(std::int32_t x) override {
    if (x > 100) throw rpc::fault(gen::faults::out_of_range, "too big");
    if (x < 0) throw rpc::fault(gen::faults::negative, "negative");
  }
  std::string greet(const std::string& name, const std::optional<std::string>& title) override {
    return title ? *title + " " + name : name;
  }
  std::vector<gen::address> addresses(std::int32_t count) override {
    std::vector<gen::address> out;
    for (std::int32_t i = 0; i < count; ++i)
      out.push_back({"street " + std::to_string(i), i % 2 ? std::optional<int>(i) : std::nullopt});
    return out;
  }
  std::int32_t count(const rpc::array& params) override {
    return static_cast<std::int32_t>(params.size());
  }
  std::int64_t renamed(std::int64_t x) override { return 2 * x; }
  std::vector<std::int32_t> sizes(
      const std::map<std::string, std::vector<gen::address>>& addresses_by_city,
      const std::vector<gen::everything>& everything_list,
      const std::optional<std::string>& extra) override {
    return {static_cast<std::int32_t>(addresses_by_city.size()),
            static_cast<std::int32_t>(everything_list.size()), extra ? 1 : 0};
  }
};

class plain_impl : public gen::plain_service {
 public:
  std::string hello(const std::string& name) override { return "hello " + name; }
};

class GeneratorTest : public ::testing::Test {
 protected:
  GeneratorTest() {
    gen::register_test(server_.methods(), impl_);
    gen::register_plain(server_.methods(), plain_);
    server_.start();
    client_.emplace(server_.client(io_timeout));
  }

  test_impl impl_;
  plain_impl plain_;
  sockrpc_test::loopback_server server_;
  std::optional<rpc::client> client_;  // destroyed first: the server outlives it
};

gen::everything sample() {
  gen::everything e;
  e.i = -5;
  e.big = std::int64_t{1} << 40;
  e.flag = true;
  e.ratio = -0.25;
  e.text = "<tag> & \"quotes\" \xc3\xa9";
  e.blob = {std::byte{0}, std::byte{0xff}, std::byte{10}};
  e.when = std::chrono::sys_days(std::chrono::year(2024) / 2 / 29) + 13h + 5min + 7s;
  e.anything = rpc::value(rpc::array{rpc::value(1), rpc::value("x")});
  e.numbers = {1, 2, 3};
  e.table = {{"pi", 3.25}, {"e", 2.5}};
  e.maybe = "here";
  e.home = {"Main St", 12345};
  e.homes = {{"A", std::nullopt}, {"B", 7}};
  e.nested = {{"k", {std::int64_t{1}, std::nullopt, std::int64_t{-3}}}};
  gen::everything child;
  child.text = "child";
  e.children = {child};
  return e;
}

TEST_F(GeneratorTest, EveryTypeRoundTrips) {
  gen::test_client c(*client_);
  const gen::everything e = sample();
  EXPECT_EQ(c.echo(e), e);
  EXPECT_EQ(c.echo(gen::everything{}), gen::everything{});
  EXPECT_EQ(c.add(2, 3), 5);
  EXPECT_EQ(c.renamed(21), 42);
  EXPECT_EQ(c.sizes({{"x", {}}}, {sample(), sample()}, std::nullopt),
            (std::vector<std::int32_t>{1, 2, 0}));
  EXPECT_EQ(gen::plain_client(*client_).hello("you"), "hello you");
}

TEST_F(GeneratorTest, OptionalMembersAreAbsentOnTheWire) {
  const rpc::value v = rpc::to_value(gen::address{"Main St", std::nullopt});
  ASSERT_TRUE(v.is_struct());
  EXPECT_EQ(v.as_struct().find("zip"), nullptr);
  // A peer that leaves the member out entirely is understood.
  rpc::members home;
  home.emplace_back("street", rpc::value("Elm"));
  const auto back = rpc::from_value<gen::address>(rpc::value(home));
  EXPECT_EQ(back, (gen::address{"Elm", std::nullopt}));

  const auto list = gen::test_client(*client_).addresses(2);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], (gen::address{"street 0", std::nullopt}));
  EXPECT_EQ(list[1], (gen::address{"street 1", 1}));
  const rpc::value raw = client_->call("test.addresses", 1);
  EXPECT_EQ(raw.as_array().at(0).as_struct().find("zip"), nullptr);
}

TEST_F(GeneratorTest, OptionalParameterMayBeNil) {
  gen::test_client c(*client_);
  EXPECT_EQ(c.greet("Ann", std::nullopt), "Ann");
  EXPECT_EQ(c.greet("Ann", "Dr"), "Dr Ann");
}

TEST_F(GeneratorTest, DeclaredFaultsReachTheClient) {
  gen::test_client c(*client_);
  EXPECT_NO_THROW(c.check(5));
  try {
    c.check(200);
    FAIL() << "no fault";
  } catch (const rpc::fault& f) {
    EXPECT_EQ(f.code(), gen::faults::out_of_range);
    EXPECT_EQ(f.message(), "too big");
  }
  try {
    c.check(-1);
    FAIL() << "no fault";
  } catch (const rpc::fault& f) {
    EXPECT_EQ(f.code(), -7);
  }
  static_assert(gen::faults::out_of_range == 42);
}

TEST_F(GeneratorTest, AsyncFormsDeliverResultsAndFaults) {
  gen::test_client c(*client_);
  auto sum = c.add_async(20, 22);
  auto echoed = c.echo_async(sample());
  auto none = c.check_async(1);
  auto bad = c.check_async(1000);
  auto counted = c.count_async(1, "two", 3.0);
  for (auto* f : std::initializer_list<std::future<void>*>{&none, &bad}) {
    ASSERT_EQ(f->wait_for(io_timeout), std::future_status::ready);
  }
  ASSERT_EQ(sum.wait_for(io_timeout), std::future_status::ready);
  ASSERT_EQ(echoed.wait_for(io_timeout), std::future_status::ready);
  ASSERT_EQ(counted.wait_for(io_timeout), std::future_status::ready);
  EXPECT_EQ(sum.get(), 42);
  EXPECT_EQ(echoed.get(), sample());
  EXPECT_NO_THROW(none.get());
  EXPECT_THROW(bad.get(), rpc::fault);
  EXPECT_EQ(counted.get(), 3);
}

TEST_F(GeneratorTest, VariadicMethodsTakeAnyArguments) {
  gen::test_client c(*client_);
  EXPECT_EQ(c.count(), 0);
  EXPECT_EQ(c.count(1, "two", rpc::value(rpc::array{})), 3);
}

TEST_F(GeneratorTest, RegistrationCarriesHelpAndSignatures) {
  using sigs = std::vector<std::vector<std::string>>;
  auto help = [&](const char* m) { return client_->call<std::string>("system.methodHelp", m); };
  auto sig = [&](const char* m) { return client_->call<sigs>("system.methodSignature", m); };
  EXPECT_EQ(help("test.echo"), "Returns its argument.\nSecond line of help.");
  EXPECT_EQ(help("test.add"), "");
  EXPECT_EQ(sig("test.echo"), (sigs{{"struct", "struct"}}));
  EXPECT_EQ(sig("test.add"), (sigs{{"int", "int", "int"}}));
  EXPECT_EQ(sig("test.check"), (sigs{{"nil", "int"}}));
  EXPECT_EQ(sig("test.greet"), (sigs{{"string", "string", "string"}}));
  EXPECT_EQ(sig("test.addresses"), (sigs{{"array", "int"}}));
  EXPECT_EQ(sig("other.twice"), (sigs{{"i8", "i8"}}));
  EXPECT_EQ(sig("hello"), (sigs{{"string", "string"}}));
  EXPECT_EQ(client_->call("system.methodSignature", "test.count"), rpc::value("undef"));
  const auto names = client_->call<std::vector<std::string>>("system.listMethods");
  for (const char* m : {"test.echo", "test.count", "other.twice", "hello"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), m), names.end()) << m;
  }
}

TEST(GeneratorTextTest, OutputIsStableAndNamesTheHeader) {
  const auto doc = sockrpc::idl::parse("package a.b; struct s { x: int; }", "dir/api.sidl");
  const std::string out = sockrpc::idl::generate_cpp(doc, {"api.sidl.hpp"});
  EXPECT_EQ(out, sockrpc::idl::generate_cpp(doc, {"api.sidl.hpp"}));
  EXPECT_NE(out.find("// Generated by sockrpc-idl from api.sidl. Do not edit."), std::string::npos);
  EXPECT_EQ(out.find("dir/"), std::string::npos);
  EXPECT_NE(out.find("namespace a::b {"), std::string::npos);
  EXPECT_NE(out.find("SOCKRPC_STRUCT(s, x)"), std::string::npos);
}

}  // namespace

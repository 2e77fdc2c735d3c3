// SPDX-License-Identifier: MIT
// Round trip IDL -> generated server registration -> introspection -> IDL: the service
// generated from roundtrip.sidl (sockrpc_add_idl) is served over loopback and read back
// with from_introspection. Introspection cannot carry struct layouts, element types,
// optionality or parameter names, so each type comes back erased (erase() below); the
// XML-RPC names, parameter counts and help texts come back exactly.
#include "roundtrip.sidl.hpp"

#include <sockrpc/idl/compat.hpp>
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>
#include <sockrpc/rpc/server/server.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>

#include "ast_builders.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace idl = sockrpc::idl;
namespace rpc = sockrpc::rpc;
namespace roundtrip_api = sockrpc_test::roundtrip;

class calc_impl : public roundtrip_api::calc_service {
 public:
  std::int32_t add(std::int32_t a, std::int32_t b) override { return a + b; }
  roundtrip_api::point scale(const roundtrip_api::point& p, double k) override {
    return {p.x * k, p.y * k, p.label};
  }
  std::int64_t sum(const std::vector<std::int64_t>& values) override {
    std::int64_t s = 0;
    for (const auto v : values)
      s += v;
    return s;
  }
  void stamp(const std::chrono::system_clock::time_point&, const std::vector<std::byte>&,
             bool) override {}
  std::optional<std::string> maybe(
      const std::optional<std::int32_t>& x,
      const std::map<std::string, std::vector<roundtrip_api::point>>&) override {
    return x ? std::optional<std::string>(std::to_string(*x)) : std::nullopt;
  }
  rpc::nil_t nothing(rpc::nil_t) override { return rpc::nil; }
  std::int32_t count(const rpc::array& params) override {
    return static_cast<std::int32_t>(params.size());
  }
  std::int64_t twice(std::int64_t x) override { return 2 * x; }
};

class root_impl : public roundtrip_api::root_service {
 public:
  rpc::value echo(const rpc::value& x) override { return x; }
};

// What survives introspection of a type (see from_introspection's mapping).
idl::type_ref erase(const idl::type_ref& t, bool result) {
  using idl::type_kind;
  const auto of = [](type_kind k) { return idl::type_ref{k, {}, {}, {}}; };
  switch (t.kind) {
    case type_kind::optional:
      return erase(t.args.at(0), result);
    case type_kind::list:
      return idl::type_ref{type_kind::list, {}, {of(type_kind::any)}, {}};
    case type_kind::map:
    case type_kind::named:
      return idl::type_ref{type_kind::map, {}, {of(type_kind::any)}, {}};
    case type_kind::nil:
      return of(result ? type_kind::void_ : type_kind::nil);
    default:
      return of(t.kind);
  }
}

TEST(GeneratedRoundTripTest, IntrospectionGivesBackTheInterfaceUpToErasedTypes) {
  calc_impl calc;
  root_impl root;
  sockrpc_test::loopback_server server;
  roundtrip_api::register_calc(server.methods(), calc);
  roundtrip_api::register_root(server.methods(), root);
  server.start();
  auto client = server.client();
  idl::introspection_options options;
  options.package = "sockrpc_test.roundtrip";
  const idl::document back = idl::from_introspection(client, options);

  const auto original = idl::parse_file(SOCKRPC_ROUNDTRIP_SIDL);
  std::size_t checked = 0;
  for (const auto& os : original.services) {
    for (const auto& om : os.methods) {
      SCOPED_TRACE(om.rpc_name);
      const idl::method_decl* found = nullptr;
      for (const auto& bs : back.services) {
        for (const auto& bm : bs.methods) {
          if (bm.rpc_name == om.rpc_name) found = &bm;
        }
      }
      ASSERT_NE(found, nullptr);
      EXPECT_EQ(found->doc, om.doc);
      EXPECT_EQ(found->variadic, om.variadic);
      // Without a signature nothing is known of the result either.
      EXPECT_EQ(found->result, om.variadic ? idl::type_ref{} : erase(om.result, true));
      ASSERT_EQ(found->params.size(), om.params.size());
      for (std::size_t i = 0; i < om.params.size(); ++i)
        EXPECT_EQ(found->params[i].type, erase(om.params[i].type, false)) << i;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9u);

  // The text a user gets from `sockrpc idl`, and it parses back.
  const auto text = idl::print(back);
  EXPECT_EQ(text, R"(package sockrpc_test.roundtrip;

service calc {
  /// Adds two integers.
  add(arg1: int, arg2: int) -> int;
  count(...) -> any;
  maybe(arg1: int, arg2: map<string, any>) -> string;
  nothing(arg1: nil) -> void;

  /// Scales a point.
  ///
  /// The label is kept.
  scale(arg1: map<string, any>, arg2: double) -> map<string, any>;
  stamp(arg1: datetime, arg2: bytes, arg3: bool) -> void;
  sum(arg1: list<any>) -> i8;
}

service root as "" {
  echo(arg1: any) -> any;
}

service other {
  /// Doubles.
  twice(arg1: i8) -> i8;
}
)");
  EXPECT_NO_THROW((void)idl::parse(text));

  // What the checker says about serving the original to clients of the read-back file.
  EXPECT_FALSE(idl::compare(idl::parse(text), original).empty());
}

}  // namespace

// SPDX-License-Identifier: MIT
// parse(print(d)) == d and print(parse(t)) == t for canonical t; from_introspection output
// (canned and live) parses back to itself.
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>

#include "ast_builders.hpp"

#include <string>
#include <vector>

namespace {

namespace idl = sockrpc::idl;
using idl::test::same;

// Every construct of the language, in canonical layout.
constexpr const char* canonical = R"(package demo.calc;

/// A point on the plane.
struct point {
  x: double;
  y: double;

  /// Shown next to the point.
  ///
  ///   indented, kept as written
  label: optional<string>;
  tags: list<string>;
  attrs: map<string, i8>;
  when: optional<datetime>;
  blob: bytes;
  flag: bool;
  n: int;
  anything: any;
  nothing: nil;
  nested: list<map<string, optional<point>>>;
}

struct empty {}

/// Raised when dividing by zero.
fault division_by_zero = 1001;
fault overflow = -32500;

/// Arithmetic.
service calc {
  /// Adds two integers.
  add(a: int, b: int) -> int;
  divide(a: double, b: double) -> double raises division_by_zero, overflow;
  sum(values: list<int>) -> i8 raises overflow as "math.sum";
  ping() -> void;
  legacy(...) -> any;
  centre(p: point, e: empty) -> point;
}

service root as "" {
  echo(x: any) -> any;
}

service deep as "a.b-c" {
  m() -> void;
}

service idle {}
)";

TEST(RoundTripTest, CanonicalTextPrintsBackUnchanged) {
  const auto d = idl::parse(canonical, "canonical.sidl");
  EXPECT_EQ(idl::print(d), canonical);
  EXPECT_TRUE(same(idl::parse(idl::print(d)), d));
}

TEST(RoundTripTest, FormatNormalisesLayout) {
  const auto d = idl::parse(
      "package p ;   // trailing comment\n"
      "service s{/// Doc.\n  f ( a : int ,b:list< int > )->optional<string>;/* block */}\n"
      "struct t{x:int;}\n");
  EXPECT_EQ(idl::print(d),
            "package p;\n\nstruct t {\n  x: int;\n}\n\nservice s {\n  /// Doc.\n"
            "  f(a: int, b: list<int>) -> optional<string>;\n}\n");
}

TEST(RoundTripTest, IntrospectedDocumentsParseBack) {
  using sigs = std::vector<std::vector<std::string>>;
  const std::vector<idl::introspected_method> methods = {
      {"add", sigs{{"int", "int", "int"}, {"i8", "i8", "i8"}}, "Adds.\n  indented"},
      {"echo", std::nullopt, ""},
      {"fault", sigs{{"struct", "int", "string"}}, ""},
      {"class", sigs{{"nil"}}, ""},
      {"a-b.c d", sigs{{"nil", "i4", "ex:i8", "nil", "mystery"}}, "Weird."},
      {"x.delete", sigs{}, ""},
      {"x.1st", sigs{{"undef"}}, ""},
      {"x.__init__", sigs{{"int"}}, ""},
      {"x._Upper", sigs{{"int"}}, ""},
      {"NULL", sigs{{"int"}}, ""},
      {"d\xC3\xA9j\xC3\xA0.vu", sigs{{"int"}}, "UTF-8 names keep their XML-RPC spelling."},
  };
  idl::introspection_options options;
  options.package = "demo.x";
  const auto d = idl::from_introspection(methods, options);
  const auto text = idl::print(d);
  idl::document back;
  ASSERT_NO_THROW(back = idl::parse(text)) << text;
  EXPECT_TRUE(same(back, d)) << text;
}

TEST(RoundTripTest, InteropServerInterfaceParsesBack) {
  sockrpc_test::interop_server server(false);
  auto client = server.client();
  idl::introspection_options options;
  options.include_system = true;
  const idl::document d = idl::from_introspection(client, options);
  const auto text = idl::print(d);
  idl::document back;
  ASSERT_NO_THROW(back = idl::parse(text)) << text;
  EXPECT_TRUE(same(back, d)) << text;
  EXPECT_EQ(idl::print(back), text);
}

}  // namespace

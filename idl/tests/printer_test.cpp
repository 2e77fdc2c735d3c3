// SPDX-License-Identifier: MIT
// print(): exact canonical text for hand-built documents.
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include "ast_builders.hpp"

namespace {

namespace idl = sockrpc::idl;
using namespace idl::test;  // the AST builders

idl::document calc_document() {
  idl::document d;
  d.package = "demo.calc";
  d.structs.push_back(strukt("point",
                             {{"x", "double"},
                              {"y", "double"},
                              {"label", "optional<string>"},
                              {"tags", "list<string>"},
                              {"attrs", "map<string, i8>"}},
                             "A point on the plane."));
  d.structs.back().fields[2].doc = "Shown next to the point.\nMay be nil.";
  d.faults.push_back(
      idl::fault_decl{"division_by_zero", 1001, "Raised when dividing by zero.", {}});
  d.faults.push_back(idl::fault_decl{"overflow", -2, "", {}});
  d.faults.push_back(idl::fault_decl{"underflow", 3, "", {}});
  auto calc =
      service("calc",
              {method("calc", "add", {{"a", "int"}, {"b", "int"}}, "int", "Adds two integers."),
               method("calc", "divide", {{"a", "double"}, {"b", "double"}}, "double"),
               method("calc", "sum", {{"values", "list<int>"}}, "i8"),
               method("calc", "ping", {}, "void"), method("calc", "legacy", {}, "any")},
              "Arithmetic.");
  calc.methods[1].raises = {"division_by_zero", "overflow"};
  calc.methods[2].rpc_name = "math.sum";
  calc.methods[3].doc = "Liveness.\n\nAnswers nil.";
  calc.methods[4].variadic = true;
  d.services.push_back(std::move(calc));
  auto root = service("root", {method("", "echo", {{"x", "any"}}, "any")});
  root.prefix = "";
  d.services.push_back(std::move(root));
  return d;
}

TEST(PrinterTest, PrintsTheCanonicalLayout) {
  EXPECT_EQ(idl::print(calc_document()),
            R"(package demo.calc;

/// A point on the plane.
struct point {
  x: double;
  y: double;

  /// Shown next to the point.
  /// May be nil.
  label: optional<string>;
  tags: list<string>;
  attrs: map<string, i8>;
}

/// Raised when dividing by zero.
fault division_by_zero = 1001;
fault overflow = -2;
fault underflow = 3;

/// Arithmetic.
service calc {
  /// Adds two integers.
  add(a: int, b: int) -> int;
  divide(a: double, b: double) -> double raises division_by_zero, overflow;
  sum(values: list<int>) -> i8 as "math.sum";

  /// Liveness.
  ///
  /// Answers nil.
  ping() -> void;
  legacy(...) -> any;
}

service root as "" {
  echo(x: any) -> any;
}
)");
}

TEST(PrinterTest, EmptyDocumentIsEmptyText) {
  EXPECT_EQ(idl::print(idl::document{}), "");
}

TEST(PrinterTest, EmptyBodiesStayOnOneLine) {
  idl::document d;
  d.structs.push_back(strukt("nothing", {}));
  d.services.push_back(service("idle", {}));
  EXPECT_EQ(idl::print(d), "struct nothing {}\n\nservice idle {}\n");
}

TEST(PrinterTest, NestedGenericsAndNamedTypes) {
  idl::document d;
  d.services.push_back(service("s", {method("s", "f", {{"m", "map<string, list<optional<point>>>"}},
                                            "optional<list<bytes>>")}));
  EXPECT_EQ(
      idl::print(d),
      "service s {\n  f(m: map<string, list<optional<point>>>) -> optional<list<bytes>>;\n}\n");
}

TEST(PrinterTest, AsOnlyWhenTheXmlRpcNameDiffersFromTheDefault) {
  idl::document d;
  auto s = service("validator_1",
                   {method("validator1", "easyStructTest", {{"s", "map<string, any>"}}, "int"),
                    method("validator1", "delete_", {}, "void")});
  s.prefix = "validator1";
  s.methods[1].rpc_name = "validator1.delete";
  d.services.push_back(std::move(s));
  auto weird = service("w", {method("w", "m", {}, "bool")});
  weird.methods[0].rpc_name = "quote\"back\\slash\ttab";
  d.services.push_back(std::move(weird));
  EXPECT_EQ(idl::print(d), R"(service validator_1 as "validator1" {
  easyStructTest(s: map<string, any>) -> int;
  delete_() -> void as "validator1.delete";
}

service w {
  m() -> bool as "quote\"back\\slash\ttab";
}
)");
}

TEST(PrinterTest, MissingRpcNameMeansTheDefault) {
  idl::document d;
  auto s = service("calc", {method("calc", "add", {}, "int")});
  s.methods[0].rpc_name.clear();
  d.services.push_back(std::move(s));
  EXPECT_EQ(idl::print(d), "service calc {\n  add() -> int;\n}\n");
}

}  // namespace

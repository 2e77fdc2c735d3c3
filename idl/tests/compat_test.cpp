// SPDX-License-Identifier: MIT
// compare(): a table of change cases, each a pair of small documents and the exact
// list of changes, printed as `sockrpc-idl check` prints them.
#include <sockrpc/idl/compat.hpp>
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include "ast_builders.hpp"

#include <string>
#include <vector>

namespace {

namespace idl = sockrpc::idl;
using namespace idl::test;  // the AST builders

using fields = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> lines(const std::vector<idl::change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) {
    out.push_back((c.severity == idl::change_severity::breaking ? "BREAKING " : "safe ") + c.where +
                  ": " + c.message);
  }
  return out;
}

// A document with one method calc.add(params) -> result.
idl::document add_doc(fields params, std::string result) {
  idl::document d;
  d.services.push_back(
      service("calc", {method("calc", "add", std::move(params), std::move(result))}));
  return d;
}

// A document with struct point (`members`) used as a parameter, a result or both.
enum class use { param, result, both, none };
idl::document point_doc(fields members, use u) {
  idl::document d;
  d.structs.push_back(strukt("point", std::move(members)));
  std::vector<idl::method_decl> methods;
  if (u == use::param || u == use::both)
    methods.push_back(method("geo", "put", {{"p", "point"}}, "void"));
  if (u == use::result || u == use::both) methods.push_back(method("geo", "get", {}, "point"));
  d.services.push_back(service("geo", std::move(methods)));
  return d;
}

// point_doc's geo.put reading its parameter as map<string, double>, without struct point.
idl::document map_param_doc() {
  idl::document d;
  d.services.push_back(
      service("geo", {method("geo", "put", {{"p", "map<string, double>"}}, "void")}));
  return d;
}

struct change_case {
  const char* name;
  idl::document old_doc;
  idl::document new_doc;
  std::vector<std::string> expected;
};

std::vector<change_case> method_cases() {
  const fields ab{{"a", "int"}, {"b", "int"}};
  const auto with_b = [](std::string type) { return fields{{"a", "int"}, {"b", std::move(type)}}; };
  return {
      {"identical", add_doc(ab, "int"), add_doc(ab, "int"), {}},
      {"param int to double",
       add_doc(ab, "int"),
       add_doc(with_b("double"), "int"),
       {"BREAKING calc.add: parameter 'b' changed type from int to double"}},
      {"param int to i8 widens",
       add_doc(ab, "int"),
       add_doc(with_b("i8"), "int"),
       {"safe calc.add: parameter 'b' changed type from int to i8"}},
      {"param i8 to int narrows",
       add_doc(with_b("i8"), "int"),
       add_doc(ab, "int"),
       {"BREAKING calc.add: parameter 'b' changed type from i8 to int"}},
      {"result int to i8",
       add_doc(ab, "int"),
       add_doc(ab, "i8"),
       {"BREAKING calc.add: result changed type from int to i8"}},
      {"result i8 to int",
       add_doc(ab, "i8"),
       add_doc(ab, "int"),
       {"safe calc.add: result changed type from i8 to int"}},
      {"param becomes optional",
       add_doc(ab, "int"),
       add_doc(with_b("optional<int>"), "int"),
       {"safe calc.add: parameter 'b' changed type from int to optional<int>"}},
      {"param no longer optional",
       add_doc(with_b("optional<int>"), "int"),
       add_doc(ab, "int"),
       {"BREAKING calc.add: parameter 'b' changed type from optional<int> to int"}},
      {"result becomes optional",
       add_doc(ab, "int"),
       add_doc(ab, "optional<int>"),
       {"BREAKING calc.add: result changed type from int to optional<int>"}},
      {"result no longer optional",
       add_doc(ab, "optional<int>"),
       add_doc(ab, "int"),
       {"safe calc.add: result changed type from optional<int> to int"}},
      {"param to any",
       add_doc(ab, "int"),
       add_doc(with_b("any"), "int"),
       {"safe calc.add: parameter 'b' changed type from int to any"}},
      {"param from any",
       add_doc(with_b("any"), "int"),
       add_doc(ab, "int"),
       {"BREAKING calc.add: parameter 'b' changed type from any to int"}},
      {"result from any",
       add_doc(ab, "any"),
       add_doc(ab, "int"),
       {"safe calc.add: result changed type from any to int"}},
      {"result to any",
       add_doc(ab, "int"),
       add_doc(ab, "any"),
       {"BREAKING calc.add: result changed type from int to any"}},
      {"result to void",
       add_doc(ab, "int"),
       add_doc(ab, "void"),
       {"BREAKING calc.add: result changed type from int to void"}},
      {"optional result to void",
       add_doc(ab, "optional<int>"),
       add_doc(ab, "void"),
       {"safe calc.add: result changed type from optional<int> to void"}},
      {"result from void",
       add_doc(ab, "void"),
       add_doc(ab, "string"),
       {"safe calc.add: result changed type from void to string"}},
      {"param list element widens",
       add_doc({{"v", "list<int>"}}, "int"),
       add_doc({{"v", "list<i8>"}}, "int"),
       {"safe calc.add: parameter 'v' changed type from list<int> to list<i8>"}},
      {"result list element widens",
       add_doc({}, "list<int>"),
       add_doc({}, "list<i8>"),
       {"BREAKING calc.add: result changed type from list<int> to list<i8>"}},
      {"param map of any",
       add_doc({{"m", "map<string, int>"}}, "int"),
       add_doc({{"m", "map<string, any>"}}, "int"),
       {"safe calc.add: parameter 'm' changed type from map<string, int> to map<string, any>"}},
      {"param string to bytes",
       add_doc({{"s", "string"}}, "int"),
       add_doc({{"s", "bytes"}}, "int"),
       {"BREAKING calc.add: parameter 's' changed type from string to bytes"}},
      {"new required param",
       add_doc(ab, "int"),
       add_doc({{"a", "int"}, {"b", "int"}, {"c", "int"}}, "int"),
       {"BREAKING calc.add: new required parameter 'c' (int): old clients do not send it"}},
      {"new optional param",
       add_doc(ab, "int"),
       add_doc({{"a", "int"}, {"b", "int"}, {"c", "optional<int>"}}, "int"),
       {"safe calc.add: new optional parameter 'c' (optional<int>)"}},
      {"removed param",
       add_doc(ab, "int"),
       add_doc({{"a", "int"}}, "int"),
       {"BREAKING calc.add: parameter 'b' (int) removed: old clients still send it"}},
      {"renamed param",
       add_doc(ab, "int"),
       add_doc({{"a", "int"}, {"y", "int"}}, "int"),
       {"safe calc.add: parameter 2 renamed from 'b' to 'y'"}},
  };
}

std::vector<change_case> method_set_cases() {
  std::vector<change_case> cases;
  {
    change_case c{"method removed and added",
                  add_doc({}, "int"),
                  add_doc({}, "int"),
                  {"BREAKING calc.add: method removed", "safe calc.plus: new method"}};
    c.new_doc.services[0].methods[0] = method("calc", "plus", {}, "int");
    cases.push_back(std::move(c));
  }
  {
    change_case c{"C++ rename keeps the XML-RPC name",
                  add_doc({}, "int"),
                  add_doc({}, "int"),
                  {"safe calc.add: C++ name changed from add to plus (same XML-RPC name)"}};
    c.new_doc.services[0].methods[0].name = "plus";
    cases.push_back(std::move(c));
  }
  {
    change_case c{"moved to another service with its name",
                  add_doc({}, "int"),
                  {},
                  {"safe calc.add: moved from service calc to arith (C++ only)"}};
    c.new_doc.services.push_back(service("arith", {method("calc", "add", {}, "int")}));
    cases.push_back(std::move(c));
  }
  {
    change_case c{"typed to variadic",
                  add_doc({{"a", "int"}}, "any"),
                  add_doc({}, "any"),
                  {"safe calc.add: parameters changed from (a: int) to (...)"}};
    c.new_doc.services[0].methods[0].variadic = true;
    cases.push_back(std::move(c));
  }
  {
    change_case c{"variadic to typed",
                  add_doc({}, "any"),
                  add_doc({{"a", "int"}}, "any"),
                  {"BREAKING calc.add: parameters changed from (...) to (a: int)"}};
    c.old_doc.services[0].methods[0].variadic = true;
    cases.push_back(std::move(c));
  }
  {
    change_case c{"raises and docs",
                  add_doc({}, "int"),
                  add_doc({}, "int"),
                  {"safe calc.add: no longer raises a", "safe calc.add: now raises b",
                   "safe calc.add: doc comment changed", "safe service calc: doc comment changed"}};
    c.old_doc.services[0].methods[0].raises = {"a"};
    c.new_doc.services[0].methods[0].raises = {"b"};
    c.new_doc.services[0].methods[0].doc = "Adds.";
    c.new_doc.services[0].doc = "Arithmetic.";
    cases.push_back(std::move(c));
  }
  {
    change_case c{"package",
                  add_doc({}, "int"),
                  add_doc({}, "int"),
                  {"safe package: package changed from 'a' to 'b' (C++ namespace only)"}};
    c.old_doc.package = "a";
    c.new_doc.package = "b";
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<change_case> struct_cases() {
  const fields xy{{"x", "double"}, {"y", "double"}};
  const fields xyz{{"x", "double"}, {"y", "double"}, {"z", "double"}};
  const fields xy_opt_z{{"x", "double"}, {"y", "double"}, {"z", "optional<string>"}};
  const fields x_only{{"x", "double"}};
  const fields x_opt_y{{"x", "double"}, {"y", "optional<double>"}};
  const fields xi{{"x", "int"}};
  const fields xi8{{"x", "i8"}};
  return {
      {"new required member, parameter",
       point_doc(xy, use::param),
       point_doc(xyz, use::param),
       {"BREAKING struct point: new required member 'z' (double): old clients do not send it"}},
      {"new required member, result",
       point_doc(xy, use::result),
       point_doc(xyz, use::result),
       {"safe struct point: new member 'z' (double) (results only)"}},
      {"new required member, both",
       point_doc(xy, use::both),
       point_doc(xyz, use::both),
       {"BREAKING struct point: new required member 'z' (double): old clients do not send it"}},
      {"new required member, unused struct is judged strictly",
       point_doc(xy, use::none),
       point_doc(xyz, use::none),
       {"BREAKING struct point: new required member 'z' (double): old clients do not send it"}},
      {"new optional member, parameter",
       point_doc(xy, use::param),
       point_doc(xy_opt_z, use::param),
       {"safe struct point: new optional member 'z' (optional<string>)"}},
      {"removed member, parameter",
       point_doc(xy, use::param),
       point_doc(x_only, use::param),
       {"BREAKING struct point: member 'y' (double) removed: old clients still send it"}},
      {"removed member, result",
       point_doc(xy, use::result),
       point_doc(x_only, use::result),
       {"BREAKING struct point: member 'y' (double) removed: old clients expect it"}},
      {"removed optional member, result",
       point_doc(x_opt_y, use::result),
       point_doc(x_only, use::result),
       {"safe struct point: member 'y' (optional<double>) removed"}},
      {"removed optional member, parameter",
       point_doc(x_opt_y, use::param),
       point_doc(x_only, use::param),
       {"BREAKING struct point: member 'y' (optional<double>) removed: old clients may still "
        "send it"}},
      {"member widens, parameter",
       point_doc(xi, use::param),
       point_doc(xi8, use::param),
       {"safe struct point: member 'x' changed type from int to i8"}},
      {"member widens, result",
       point_doc(xi, use::result),
       point_doc(xi8, use::result),
       {"BREAKING struct point: member 'x' changed type from int to i8"}},
      {"member widens, both",
       point_doc(xi, use::both),
       point_doc(xi8, use::both),
       {"BREAKING struct point: member 'x' changed type from int to i8"}},
      {"member narrows, result",
       point_doc(xi8, use::result),
       point_doc(xi, use::result),
       {"safe struct point: member 'x' changed type from i8 to int"}},
      {"member becomes optional, result",
       point_doc(xy, use::result),
       point_doc(x_opt_y, use::result),
       {"BREAKING struct point: member 'y' changed type from double to optional<double>"}},
      {"member becomes optional, parameter",
       point_doc(xy, use::param),
       point_doc(x_opt_y, use::param),
       {"safe struct point: member 'y' changed type from double to optional<double>"}},
  };
}

std::vector<change_case> nested_and_fault_cases() {
  std::vector<change_case> cases;
  {
    // line { a: point } travels in parameters, so point does too.
    change_case c{"nested struct inherits the direction",
                  {},
                  {},
                  {"BREAKING struct point: new required member 'z' (double): old clients do not "
                   "send it"}};
    for (auto* d : {&c.old_doc, &c.new_doc}) {
      d->structs.push_back(strukt("line", {{"a", "point"}, {"b", "point"}}));
      d->services.push_back(service("geo", {method("geo", "draw", {{"l", "list<line>"}}, "void")}));
    }
    c.old_doc.structs.push_back(strukt("point", {{"x", "double"}}));
    c.new_doc.structs.push_back(strukt("point", {{"x", "double"}, {"z", "double"}}));
    cases.push_back(std::move(c));
  }
  {
    change_case c{"renamed struct with the same members",
                  {},
                  {},
                  {"safe struct point: struct removed", "safe struct vec: new struct",
                   "safe geo.put: parameter 'p' changed type from point to vec"}};
    c.old_doc.structs.push_back(strukt("point", {{"x", "double"}}));
    c.old_doc.services.push_back(service("geo", {method("geo", "put", {{"p", "point"}}, "void")}));
    c.new_doc.structs.push_back(strukt("vec", {{"x", "double"}, {"w", "optional<int>"}}));
    c.new_doc.services.push_back(service("geo", {method("geo", "put", {{"p", "vec"}}, "void")}));
    cases.push_back(std::move(c));
  }
  cases.push_back({"struct parameter read as a map",
                   point_doc({{"x", "double"}}, use::param),
                   map_param_doc(),
                   {"safe struct point: struct removed",
                    "safe geo.put: parameter 'p' changed type from point to map<string, double>"}});
  // An optional member may arrive as nil, which map<string, double> cannot hold.
  cases.push_back(
      {"struct with an optional member read as a map",
       point_doc({{"x", "double"}, {"y", "optional<double>"}}, use::param),
       map_param_doc(),
       {"BREAKING geo.put: parameter 'p' changed type from point to map<string, double>",
        "safe struct point: struct removed"}});
  {
    change_case c{"faults",
                  {},
                  {},
                  {"BREAKING fault gone: fault removed (code 1)",
                   "BREAKING fault moved: code changed from 2 to 20",
                   "safe fault old_name: renamed to 'new_name' (same code 3)",
                   "safe fault doc: doc comment changed", "safe fault fresh: new fault"}};
    c.old_doc.faults = {
        {"gone", 1, "", {}}, {"moved", 2, "", {}}, {"old_name", 3, "", {}}, {"doc", 4, "", {}}};
    c.new_doc.faults = {{"moved", 20, "", {}},
                        {"new_name", 3, "", {}},
                        {"doc", 4, "Docs.", {}},
                        {"fresh", 5, "", {}}};
    cases.push_back(std::move(c));
  }
  return cases;
}

void run(const std::vector<change_case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(lines(idl::compare(c.old_doc, c.new_doc)), c.expected);
  }
}

TEST(CompatTest, MethodSignatureChanges) {
  run(method_cases());
}
TEST(CompatTest, MethodSetChanges) {
  run(method_set_cases());
}
TEST(CompatTest, StructMemberChangesDependOnDirection) {
  run(struct_cases());
}
TEST(CompatTest, NestedStructsAndFaults) {
  run(nested_and_fault_cases());
}

TEST(CompatTest, BreakingChangesComeFirstThenSafeOnesEachInOrder) {
  idl::document old_doc;
  old_doc.services.push_back(service("calc", {method("calc", "a", {{"x", "int"}}, "int"),
                                              method("calc", "b", {{"x", "int"}}, "int"),
                                              method("calc", "c", {{"x", "int"}}, "int")}));
  auto new_doc = old_doc;
  new_doc.services[0].methods[0].params[0].type = t("i8");      // safe
  new_doc.services[0].methods[1].params[0].type = t("string");  // breaking
  new_doc.services[0].methods[2].result = t("i8");              // breaking
  new_doc.services[0].methods[0].doc = "A.";                    // safe
  EXPECT_EQ(
      lines(idl::compare(old_doc, new_doc)),
      (std::vector<std::string>{"BREAKING calc.b: parameter 'x' changed type from int to string",
                                "BREAKING calc.c: result changed type from int to i8",
                                "safe calc.a: parameter 'x' changed type from int to i8",
                                "safe calc.a: doc comment changed"}));
}

TEST(CompatTest, LocationsPointIntoNewOrOld) {
  auto old_doc = add_doc({}, "int");
  old_doc.services[0].methods[0].loc = {"old.sidl", 3, 3};
  auto new_doc = add_doc({}, "i8");
  new_doc.services[0].methods[0].loc = {"new.sidl", 5, 3};
  auto changes = idl::compare(old_doc, new_doc);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].loc, (idl::source_location{"new.sidl", 5, 3}));
  changes = idl::compare(old_doc, idl::document{});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].loc, (idl::source_location{"old.sidl", 3, 3}));
}

// The same checks written as IDL text, as `sockrpc-idl check` sees them.
struct text_case {
  const char* old_text;
  const char* new_text;
  std::vector<std::string> expected;
};

TEST(CompatTest, FromIdlText) {
  const text_case cases[] = {
      {"service calc { add(a: int, b: int) -> int; }",
       "service calc { add(a: int, b: double) -> int; }",
       {"BREAKING calc.add: parameter 'b' changed type from int to double"}},
      {"struct p { x: int; } service s { put(v: p) -> void; get() -> list<p>; }",
       "struct p { x: int; y: optional<int>; } service s { put(v: p) -> void; get() -> "
       "list<p>; }",
       {"safe struct p: new optional member 'y' (optional<int>)"}},
      {"struct p { x: int; } service s { get() -> map<string, p>; }",
       "struct p { x: int; y: string; } service s { get() -> map<string, p>; }",
       {"safe struct p: new member 'y' (string) (results only)"}},
      {"struct p { x: int; } service s { get(q: optional<p>) -> void; }",
       "struct p { x: int; y: string; } service s { get(q: optional<p>) -> void; }",
       {"BREAKING struct p: new required member 'y' (string): old clients do not send it"}},
      {"fault f = 1; service s { m() -> int raises f; }",
       "fault g = 1; service s { m() -> int raises g; }",
       {"safe fault f: renamed to 'g' (same code 1)", "safe s.m: no longer raises f",
        "safe s.m: now raises g"}},
      {"service s { m() -> int; }",
       "service t as \"s\" { m() -> int; }",
       {"safe s.m: moved from service s to t (C++ only)"}},
      {"service s { m() -> int; }",
       "service s { m() -> int as \"s.n\"; }",
       {"BREAKING s.m: method removed", "safe s.n: new method"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.new_text);
    EXPECT_EQ(
        lines(idl::compare(idl::parse(c.old_text, "old.sidl"), idl::parse(c.new_text, "new.sidl"))),
        c.expected);
  }
}

}  // namespace

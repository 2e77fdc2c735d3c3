// SPDX-License-Identifier: MIT
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace {

namespace idl = sockrpc::idl;

std::string at(const idl::source_location& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string type_text(const idl::type_ref& t) {
  static const char* const names[] = {"int",   "i8",       "bool",     "double", "string",
                                      "bytes", "datetime", "any",      "nil",    "void",
                                      "list",  "map",      "optional", "named"};
  std::string out = t.kind == idl::type_kind::named ? t.name : names[static_cast<int>(t.kind)];
  if (!t.args.empty()) out += "<" + type_text(t.args[0]) + ">";
  return out;
}

/// Every field of the tree, one declaration a line, with locations.
std::string dump(const idl::document& d) {
  std::string out = "file " + d.file + " package " + d.package + "\n";
  for (const auto& s : d.structs) {
    out += "struct " + s.name + " @" + at(s.loc) + " doc[" + s.doc + "]\n";
    for (const auto& f : s.fields) {
      out += "  " + f.name + ": " + type_text(f.type) + " @" + at(f.loc) + " type@" +
             at(f.type.loc) + " doc[" + f.doc + "]\n";
    }
  }
  for (const auto& f : d.faults) {
    out += "fault " + f.name + " = " + std::to_string(f.code) + " @" + at(f.loc) + " doc[" + f.doc +
           "]\n";
  }
  for (const auto& s : d.services) {
    out +=
        "service " + s.name + " prefix[" + s.prefix + "] @" + at(s.loc) + " doc[" + s.doc + "]\n";
    for (const auto& m : s.methods) {
      out += "  " + m.name + " as " + m.rpc_name + " @" + at(m.loc) + " (";
      for (const auto& p : m.params)
        out += p.name + ": " + type_text(p.type) + " @" + at(p.loc) + ", ";
      if (m.variadic) out += "...";
      out += ") -> " + type_text(m.result);
      for (const auto& r : m.raises)
        out += " raises " + r;
      out += " doc[" + m.doc + "]\n";
    }
  }
  return out;
}

TEST(ParserTest, BuildsTheWholeTree) {
  const char* text = R"(// calc.sidl
package demo.calc;  // C++ namespace demo::calc

/// A point.
///   Indented second line.
struct point {
  x: double;
  /// The label.
  label: optional<string>; /* a block
  comment */ tags: list<string>;
  attrs: map<string, list<i8>>;
  next: list<point>;
}

/// Raised when dividing by zero.
fault division_by_zero = 1001;
fault minus = -2147483648;

/// Arithmetic.
service calc {
  /// Adds two integers.
  add(a: int, b: int) -> int;
  divide(a: double, b: double) -> double raises division_by_zero, minus;
  sum(values: list<int>) -> i8 as "math.sum";
  ping() -> void;
  legacy(...) -> any;
  all(b: bool, s: bytes, t: datetime, n: nil, p: point) -> nil;
}
//// four slashes: not a doc comment
service root as "" { echo(x: any) -> any; }
service other as "x.y" { f() -> void; }
)";
  EXPECT_EQ(
      dump(idl::parse(text, "calc.sidl")),
      "file calc.sidl package demo.calc\n"
      "struct point @6:8 doc[A point.\n  Indented second line.]\n"
      "  x: double @7:3 type@7:6 doc[]\n"
      "  label: optional<string> @9:3 type@9:10 doc[The label.]\n"
      "  tags: list<string> @10:14 type@10:20 doc[]\n"
      "  attrs: map<list<i8>> @11:3 type@11:10 doc[]\n"
      "  next: list<point> @12:3 type@12:9 doc[]\n"
      "fault division_by_zero = 1001 @16:7 doc[Raised when dividing by zero.]\n"
      "fault minus = -2147483648 @17:7 doc[]\n"
      "service calc prefix[calc] @20:9 doc[Arithmetic.]\n"
      "  add as calc.add @22:3 (a: int @22:7, b: int @22:15, ) -> int doc[Adds two integers.]\n"
      "  divide as calc.divide @23:3 (a: double @23:10, b: double @23:21, ) -> double raises "
      "division_by_zero raises minus doc[]\n"
      "  sum as math.sum @24:3 (values: list<int> @24:7, ) -> i8 doc[]\n"
      "  ping as calc.ping @25:3 () -> void doc[]\n"
      "  legacy as calc.legacy @26:3 (...) -> any doc[]\n"
      "  all as calc.all @27:3 (b: bool @27:7, s: bytes @27:16, t: datetime @27:26, n: nil "
      "@27:39, p: point @27:47, ) -> nil doc[]\n"
      "service root prefix[] @30:9 doc[]\n"
      "  echo as echo @30:22 (x: any @30:27, ) -> any doc[]\n"
      "service other prefix[x.y] @31:9 doc[]\n"
      "  f as x.y.f @31:26 () -> void doc[]\n");
}

TEST(ParserTest, EmptyInputIsAnEmptyDocument) {
  const auto d = idl::parse("  // nothing\n", "e.sidl");
  EXPECT_EQ(d.file, "e.sidl");
  EXPECT_TRUE(d.package.empty());
  EXPECT_TRUE(d.structs.empty() && d.faults.empty() && d.services.empty());
}

TEST(ParserTest, DocCommentsBeforeNonDeclarationsAreDropped) {
  const auto d = idl::parse(
      "/// lost (package)\npackage p;\nstruct s { a: int; /// lost (end of struct)\n}\n"
      "/// kept\r\nstruct t {}\n",
      "d.sidl");
  EXPECT_EQ(d.structs.at(0).doc, "");
  EXPECT_EQ(d.structs.at(1).doc, "kept");
}

struct bad_case {
  const char* text;
  const char* error;  // "line:col: message"
  idl::errc code = idl::errc::invalid_interface;
};

void PrintTo(const bad_case& c, std::ostream* os) {
  *os << c.text;
}

class ParserErrorTest : public ::testing::TestWithParam<bad_case> {};

TEST_P(ParserErrorTest, ReportsTheExactPositionAndMessage) {
  try {
    idl::parse(GetParam().text, "bad.sidl");
    FAIL() << "parsed: " << GetParam().text;
  } catch (const idl::parse_error& e) {
    EXPECT_EQ(e.what(), std::string("bad.sidl:") + GetParam().error) << GetParam().text;
    EXPECT_EQ(e.code(), GetParam().code) << GetParam().text;
    EXPECT_EQ(e.where().file, "bad.sidl");
  }
}

TEST_P(ParserErrorTest, TheNonThrowingFormReportsTheSameFailure) {
  idl::parse_failure failure;
  EXPECT_FALSE(idl::parse(GetParam().text, "bad.sidl", failure)) << GetParam().text;
  ASSERT_TRUE(failure) << GetParam().text;
  EXPECT_EQ(failure.what(), std::string("bad.sidl:") + GetParam().error) << GetParam().text;
  EXPECT_EQ(failure.code, GetParam().code) << GetParam().text;
  EXPECT_EQ(failure.where.file, "bad.sidl");
  EXPECT_EQ(std::string("bad.sidl:") + std::to_string(failure.where.line) + ":" +
                std::to_string(failure.where.column) + ": " + failure.message,
            failure.what());
}

// Errors are errc::invalid_interface unless marked.
constexpr idl::errc syntax = idl::errc::syntax_error;

INSTANTIATE_TEST_SUITE_P(
    Table, ParserErrorTest,
    ::testing::Values(
        // syntax
        bad_case{"package ;", "1:9: expected a package name", syntax},
        bad_case{"package a.b", "1:12: expected ';'", syntax},
        bad_case{"package a; package b;", "1:12: expected 'struct', 'fault' or 'service'",
                 idl::errc::syntax_error},
        bad_case{"struct", "1:7: expected a struct name", syntax},
        bad_case{"struct p x: int; }", "1:10: expected '{'", syntax},
        bad_case{"struct p {\n  x int;\n}", "2:5: expected ':'", syntax},
        bad_case{"struct p {\n  x: int\n}", "3:1: expected ';'", syntax},
        bad_case{"struct p { x: ; }", "1:15: expected a type", syntax},
        bad_case{"struct p { x: list<int; }", "1:23: expected '>'", syntax},
        bad_case{"struct p { x: list int; }", "1:20: expected '<'", syntax},
        bad_case{"struct p { x: map<string int>; }", "1:26: expected ','", syntax},
        bad_case{"struct p { x: int; 5 }", "1:20: expected a member name or '}'",
                 idl::errc::syntax_error},
        bad_case{"fault f 1;", "1:9: expected '='", syntax},
        bad_case{"fault f = x;", "1:11: expected an integer fault code", syntax},
        bad_case{"fault f = 2147483648;", "1:11: fault code 2147483648 is not a 32-bit integer"},
        bad_case{"service s { f(a: int, ) -> int; }", "1:23: expected a parameter name",
                 idl::errc::syntax_error},
        bad_case{"service s { f(a: int -> int; }", "1:22: expected ')'", syntax},
        bad_case{"service s { f(a: int); }", "1:22: expected '->' and a result type",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> ; }", "1:20: expected a type", syntax},
        bad_case{"service s { f() -> int raises ; }", "1:31: expected a fault name",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> int as g; }", "1:27: expected a quoted method name",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> int as \"g; }", "1:32: expected '\"'",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> int as \"\"; }", "1:27: empty method name"},
        bad_case{"service s as t {}", "1:14: expected a quoted name prefix",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> int; 1 }", "1:25: expected a method name or '}'",
                 idl::errc::syntax_error},
        bad_case{"service s { f() -> int; ", "1:25: expected a method name or '}'",
                 idl::errc::syntax_error},
        bad_case{"oops", "1:1: expected 'struct', 'fault' or 'service'", syntax},
        bad_case{"struct a {}\n  /* open", "2:3: unterminated comment", syntax},
        // names
        bad_case{"struct class {}", "1:8: 'class' is a reserved word and cannot be a struct name"},
        bad_case{"struct s { list: int; }", "1:12: 'list' is a reserved word and cannot be a name"},
        bad_case{"package a.new;", "1:11: 'new' is a reserved word and cannot be a package name"},
        bad_case{"service s { std() -> int; }",
                 "1:13: 'std' is a reserved word and cannot be a method name"},
        bad_case{"struct string {}", "1:8: 'string' is a built-in type name"},
        // semantics
        bad_case{"struct p {\n  x: pont;\n}", "2:6: unknown type 'pont'"},
        bad_case{"service s { f(a: list<pont>) -> int; }", "1:23: unknown type 'pont'"},
        bad_case{"struct p { x: int; x: int; }", "1:20: duplicate member 'x' in struct p"},
        bad_case{"struct p {}\nstruct p {}", "2:8: duplicate struct 'p'"},
        bad_case{"fault f = 1; fault f = 2;", "1:20: duplicate fault 'f'"},
        bad_case{"service s {}\nservice s {}", "2:9: duplicate service 's'"},
        bad_case{"service calc {\n  add() -> int;\n  add() -> int;\n}",
                 "3:3: duplicate method 'add' in service calc"},
        bad_case{"service s { f(a: int, a: int) -> int; }",
                 "1:23: duplicate parameter 'a' in method f"},
        bad_case{"service s { f() -> int; }\nservice t as \"s\" { f() -> int; }",
                 "2:20: duplicate XML-RPC name 's.f'"},
        bad_case{"service s { f() -> int; g() -> int as \"s.f\"; }",
                 "1:25: duplicate XML-RPC name 's.f'"},
        bad_case{"service s { f() -> int; f_async() -> int; }",
                 "1:25: method 'f_async' clashes with the asynchronous form of 'f'"},
        bad_case{"service s { f() -> void raises x; }", "1:32: fault 'x' is not declared"},
        bad_case{"fault x = 1; service s { f() -> void raises x, x; }",
                 "1:48: fault 'x' is listed twice"},
        bad_case{"struct p { x: void; }", "1:15: 'void' is only allowed as a result type"},
        bad_case{"service s { f(v: void) -> int; }",
                 "1:18: 'void' is only allowed as a result type"},
        bad_case{"service s { f() -> list<void>; }",
                 "1:25: 'void' is only allowed as a result type"},
        bad_case{"struct p { x: map<int, string>; }", "1:19: map keys must be 'string'"},
        bad_case{"struct a { b: b; }\nstruct b { a: a; }",
                 "2:15: struct 'a' contains itself by value (a -> b -> a); use list or map"},
        bad_case{"struct n { next: optional<n>; }",
                 "1:18: struct 'n' contains itself by value (n -> n); use list or map"},
        // the earliest error wins, whichever check finds it
        bad_case{"struct p { x: nope; }\nservice s { f() -> void raises z; }",
                 "1:15: unknown type 'nope'"}));

TEST(ParserTest, BoundsTheNestingOfTypes) {
  std::string deep;
  for (int i = 0; i < 32; ++i)
    deep += "list<";
  deep += "int";
  for (int i = 0; i < 32; ++i)
    deep += ">";
  EXPECT_NO_THROW(idl::parse("struct s { x: " + deep + "; }"));
  try {
    idl::parse("struct s { x: list<" + deep + ">; }", "deep.sidl");
    FAIL() << "parsed";
  } catch (const idl::parse_error& e) {
    EXPECT_EQ(e.what(), std::string("deep.sidl:1:") + std::to_string(15 + 5 * 32) +
                            ": type nested too deeply");
    EXPECT_EQ(e.code(), idl::errc::limit_exceeded);
    EXPECT_EQ(e.code(), std::errc::value_too_large);
  }
  // Far deeper input fails the same way instead of exhausting the stack.
  std::string deeper;
  for (int i = 0; i < 100000; ++i)
    deeper += "optional<";
  EXPECT_THROW(idl::parse("struct s { x: " + deeper), idl::parse_error);
}

TEST(ParserTest, RecursionThroughListAndMapIsFine) {
  const auto d = idl::parse("struct n { kids: list<n>; byname: map<string, n>; }", "r.sidl");
  EXPECT_EQ(d.structs.at(0).fields.size(), 2u);
}

TEST(ParserTest, ParseFileNamesTheFileInErrors) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sockrpc_parser_test_" +
                     std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".sidl");
  {
    std::ofstream out(path);
    out << "struct p {\n  x: int\n}\n";
  }
  try {
    idl::parse_file(path);
    FAIL() << "parsed";
  } catch (const idl::parse_error& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.message(), "expected ';'");
    EXPECT_EQ(e.where().line, 3);
  }
  idl::parse_failure failure;
  EXPECT_FALSE(idl::parse_file(path, failure));
  EXPECT_EQ(failure.code, idl::errc::syntax_error);
  EXPECT_EQ(failure.where.file, path.string());
  EXPECT_EQ(failure.where.line, 3);
  EXPECT_EQ(failure.message, "expected ';'");

  std::filesystem::remove(path);
  const std::string unreadable =
      "cannot read " + path.string() + ": " +
      std::make_error_code(std::errc::no_such_file_or_directory).message();
  try {
    idl::parse_file(path);
    FAIL() << "parsed a missing file";
  } catch (const idl::parse_error&) {
    FAIL() << "a missing file is not a parse error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
    EXPECT_EQ(e.what(), unreadable);
  }
  EXPECT_FALSE(idl::parse_file(path, failure));
  EXPECT_EQ(failure.code, std::errc::no_such_file_or_directory);
  EXPECT_EQ(failure.where.file, path.string());
  EXPECT_EQ(failure.where.line, 0);
  EXPECT_EQ(failure.message, unreadable);
  EXPECT_EQ(failure.what(), unreadable);
}

TEST(ParserTest, TheNonThrowingFormClearsTheFailureOnSuccess) {
  idl::parse_failure failure{idl::errc::syntax_error, {"old.sidl", 1, 2}, "stale"};
  const auto doc = idl::parse("struct p { x: int; }", "ok.sidl", failure);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->structs.at(0).name, "p");
  EXPECT_FALSE(failure);
  EXPECT_EQ(failure.where, idl::source_location{});
  EXPECT_TRUE(failure.message.empty());
}

// The error model of docs/design.md: a sockrpc::error whose copies never throw, codes in
// the "sockrpc.idl" category that compare equal to their errc and std::errc.
static_assert(std::is_base_of_v<sockrpc::error, idl::parse_error>);
static_assert(std::is_nothrow_copy_constructible_v<idl::parse_error>);
static_assert(std::is_nothrow_copy_assignable_v<idl::parse_error>);
static_assert(noexcept(idl::parse(std::string_view(), std::string_view(),
                                  std::declval<idl::parse_failure&>())));
static_assert(noexcept(idl::parse_file(std::filesystem::path(),
                                       std::declval<idl::parse_failure&>())));

TEST(ParserTest, ErrorCodesLiveInTheIdlCategory) {
  const std::error_code ec = idl::errc::syntax_error;
  EXPECT_STREQ(ec.category().name(), "sockrpc.idl");
  EXPECT_EQ(&ec.category(), &idl::category());
  EXPECT_EQ(ec, idl::errc::syntax_error);
  EXPECT_NE(ec, idl::errc::invalid_interface);
  EXPECT_EQ(ec, std::errc::invalid_argument);
  EXPECT_EQ(std::error_code(idl::errc::invalid_interface), std::errc::invalid_argument);
  EXPECT_NE(ec, sockrpc::condition::protocol_failure);
  EXPECT_NE(ec, sockrpc::condition::transport_failure);
  EXPECT_EQ(ec.message(), "syntax error in interface file");
}

TEST(ParserTest, ParseErrorKeepsItsLocationAndExactMessageWhenCopied) {
  const idl::parse_error original(idl::errc::invalid_interface, {"calc.sidl", 7, 9},
                                  "unknown type 'pont'");
  const idl::parse_error copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_STREQ(copy.what(), "calc.sidl:7:9: unknown type 'pont'");
  EXPECT_EQ(copy.code(), idl::errc::invalid_interface);
  EXPECT_EQ(copy.where(), (idl::source_location{"calc.sidl", 7, 9}));
  EXPECT_EQ(copy.message(), "unknown type 'pont'");
  const sockrpc::error& base = copy;
  EXPECT_STREQ(base.what(), original.what());

  const idl::parse_failure failure{idl::errc::syntax_error, {"a.sidl", 1, 2}, "expected ';'"};
  const idl::parse_error from_failure(failure);
  EXPECT_STREQ(from_failure.what(), failure.what().c_str());
  EXPECT_EQ(from_failure.code(), failure.code);
  EXPECT_EQ(from_failure.where(), failure.where);
}

}  // namespace

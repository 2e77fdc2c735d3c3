// SPDX-License-Identifier: MIT
// The one reserved-word list: parse() rejects every word as every kind of name, and
// from_introspection() renames every word so that its output parses back.
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include "detail/check.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace idl = sockrpc::idl;

// Where a name can stand, with the message parse() gives for a reserved one.
struct name_place {
  const char* before;
  const char* after;
  const char* what;
};
constexpr name_place places[] = {
    {"package a.", ";", "a package name"},
    {"struct ", " {}", "a struct name"},
    {"struct s { ", ": int; }", "a name"},
    {"fault ", " = 1;", "a fault name"},
    {"service ", " {}", "a service name"},
    {"service s { ", "() -> int; }", "a method name"},
    {"service s { f(", ": int) -> int; }", "a name"},
};

TEST(ReservedWordsTest, TheListHoldsCppAndIdlWordsOnce) {
  const auto words = idl::detail::reserved_words();
  for (const std::string_view w : {"class", "delete", "co_await", "xor_eq", "final", "NULL", "std",
                                   "sockrpc", "package", "raises", "optional", "map"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), w), words.end()) << w;
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(std::find(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end(), words[i]),
              words.end())
        << "listed twice: " << words[i];
  }
}

TEST(ReservedWordsTest, ParseRejectsEveryReservedWordAsEveryName) {
  for (const std::string_view word : idl::detail::reserved_words()) {
    const std::string w(word);
    for (const auto& place : places) {
      const std::string text = place.before + w + place.after;
      idl::parse_failure failure;
      EXPECT_FALSE(idl::parse(text, "r.sidl", failure)) << text;
      EXPECT_EQ(failure.code, idl::errc::invalid_interface) << text;
      EXPECT_EQ(failure.message,
                "'" + w + "' is a reserved word and cannot be " + std::string(place.what))
          << text;
    }
  }
}

TEST(ReservedWordsTest, IntrospectionRenamesEveryReservedWordAndParsesBack) {
  std::vector<idl::introspected_method> methods;
  for (const std::string_view word : idl::detail::reserved_words()) {
    const std::string w(word);
    methods.push_back({w, std::nullopt, ""});           // a method of the root service
    methods.push_back({w + ".m", std::nullopt, ""});    // a service
    methods.push_back({"svc." + w, std::nullopt, ""});  // a method of service svc
  }
  const auto doc = idl::from_introspection(methods, {});
  std::vector<std::string> names;
  for (const auto& s : doc.services) {
    names.push_back(s.name);
    for (const auto& m : s.methods)
      names.push_back(m.name);
  }
  for (const std::string_view word : idl::detail::reserved_words()) {
    const std::string w(word);
    EXPECT_EQ(std::count(names.begin(), names.end(), w + "_"), 3) << w;
    EXPECT_EQ(std::count(names.begin(), names.end(), w), 0) << w;
  }
  const auto text = idl::print(doc);
  idl::parse_failure failure;
  const auto back = idl::parse(text, "introspected.sidl", failure);
  ASSERT_TRUE(back) << failure.what() << "\n" << text;
  EXPECT_EQ(back->services.size(), doc.services.size());
}

// Type names are not reserved words (a member may be called `string`), but reverse
// generation keeps them out of method and service names all the same.
TEST(ReservedWordsTest, TypeNamesAreNamesButIntrospectionRenamesThem) {
  for (const char* type :
       {"int", "i8", "bool", "double", "string", "bytes", "datetime", "any", "nil", "void"}) {
    const std::string t(type);
    const bool keyword = idl::detail::is_reserved(t);  // int, bool, double, void
    idl::parse_failure failure;
    EXPECT_EQ(idl::parse("service s { " + t + "() -> int; }", "t.sidl", failure).has_value(),
              !keyword)
        << t;
    const auto doc = idl::from_introspection({{"svc." + t, std::nullopt, ""}}, {});
    EXPECT_EQ(doc.services.at(0).methods.at(0).name, t + "_");
  }
}

}  // namespace

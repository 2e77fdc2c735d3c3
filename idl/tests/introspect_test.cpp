// SPDX-License-Identifier: MIT
// from_introspection() on canned answers: naming, type mapping, docs, grouping.
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace idl = sockrpc::idl;
using sig_list = std::vector<std::vector<std::string>>;

TEST(IntrospectTest, BuildsServicesFromCannedAnswers) {
  const std::vector<idl::introspected_method> methods = {
      {"add", sig_list{{"int", "int", "int"}, {"i8", "i8", "i8"}}, "Adds two integers."},
      {"echo", std::nullopt, "Returns its parameter unchanged.\n"},
      {"fault", sig_list{{"struct", "int", "string"}}, "Answers with a fault."},
      {"system.listMethods", sig_list{{"array"}}, "Lists the methods."},
      {"validator1.easyStructTest", sig_list{{"int", "struct"}}, ""},
      {"validator1.manyTypesTest",
       sig_list{{"array", "int", "boolean", "string", "double", "dateTime.iso8601", "base64"}}, ""},
      {"a-b.c d", sig_list{{"nil", "i4", "ex:i8", "nil", "mystery"}}, "\n  Weird.  \r\n\n"},
      {"x.delete", sig_list{}, ""},
      {"x.1st", sig_list{{"undef"}}, ""},
      {"add", sig_list{{"string"}}, "a duplicate is ignored"},
      {"quote\"d", sig_list{{"int"}}, "no IDL string can hold this name"},
      {"tab\tbed", sig_list{{"int"}}, "nor this one"},
  };
  idl::introspection_options options;
  options.package = "demo";
  EXPECT_EQ(idl::print(idl::from_introspection(methods, options)), R"(package demo;

service root as "" {
  /// Adds two integers.
  ///
  /// Also accepts (i8, i8) -> i8
  add(arg1: int, arg2: int) -> int;

  /// Returns its parameter unchanged.
  echo(...) -> any;

  /// Answers with a fault.
  fault_(arg1: int, arg2: string) -> map<string, any> as "fault";
}

service validator1 {
  easyStructTest(arg1: map<string, any>) -> int;
  manyTypesTest(arg1: int, arg2: bool, arg3: string, arg4: double, arg5: datetime, arg6: bytes) -> list<any>;
}

service a_b as "a-b" {
  /// Weird.
  c_d(arg1: int, arg2: i8, arg3: nil, arg4: any) -> void as "a-b.c d";
}

service x {
  delete_(...) -> any as "x.delete";
  method_1st() -> any as "x.1st";
}
)");
}

TEST(IntrospectTest, KeepsSystemMethodsWhenAskedAndNamesTheRootService) {
  const std::vector<idl::introspected_method> methods = {
      {"ping", sig_list{{"boolean"}}, ""},
      {"system.listMethods", sig_list{{"array"}}, ""},
      {"root.x", sig_list{{"int"}}, ""},
  };
  idl::introspection_options options;
  options.include_system = true;
  options.root_service = "top";
  const auto d = idl::from_introspection(methods, options);
  ASSERT_EQ(d.services.size(), 3u);
  EXPECT_EQ(d.services[0].name, "top");
  EXPECT_EQ(d.services[0].prefix, "");
  EXPECT_EQ(d.services[1].name, "system");
  EXPECT_EQ(d.services[1].methods.at(0).rpc_name, "system.listMethods");
  EXPECT_EQ(d.services[2].name, "root");
}

TEST(IntrospectTest, ClashingIdentifiersGetNumbered) {
  const std::vector<idl::introspected_method> methods = {
      {"s.get-x", sig_list{{"int"}}, ""}, {"s.get_x", sig_list{{"int"}}, ""},
      {"s-t.m", sig_list{{"int"}}, ""},   {"s_t.m", sig_list{{"int"}}, ""},
      {"main", sig_list{{"int"}}, ""},    {"main_", sig_list{{"int"}}, ""},
  };
  idl::introspection_options options;
  options.root_service = "main";
  const auto d = idl::from_introspection(methods, options);
  ASSERT_EQ(d.services.size(), 4u);
  EXPECT_EQ(d.services[0].methods.at(0).name, "get_x");
  EXPECT_EQ(d.services[0].methods.at(1).name, "get_x_2");
  EXPECT_EQ(d.services[0].methods.at(1).rpc_name, "s.get_x");
  EXPECT_EQ(d.services[1].name, "s_t");
  EXPECT_EQ(d.services[1].prefix, "s-t");
  EXPECT_EQ(d.services[2].name, "s_t_2");
  EXPECT_EQ(d.services[3].name, "main");
  EXPECT_EQ(d.services[3].methods.at(0).name, "main");
  EXPECT_EQ(d.services[3].methods.at(1).name, "main_2");
  EXPECT_EQ(d.services[3].methods.at(1).rpc_name, "main_");
}

TEST(IntrospectTest, EmptyServerGivesAnEmptyDocument) {
  const auto d = idl::from_introspection({}, idl::introspection_options{});
  EXPECT_TRUE(d.services.empty());
  EXPECT_EQ(idl::print(d), "");
}

}  // namespace

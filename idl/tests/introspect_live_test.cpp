// SPDX-License-Identifier: MIT
// from_introspection(client) against live servers over loopback: our rpc::server with the
// interop methods, and Python's SimpleXMLRPCServer (skipped when no python3 was found).
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>
#include <sockrpc_test/python_server.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace std::chrono_literals;
namespace idl = sockrpc::idl;
namespace rpc = sockrpc::rpc;

/// Our server on loopback with the interop methods and introspection.
using our_server = sockrpc_test::interop_server;

const idl::method_decl* find(const idl::document& d, const std::string& rpc_name) {
  for (const auto& s : d.services) {
    for (const auto& m : s.methods) {
      if (m.rpc_name == rpc_name) return &m;
    }
  }
  return nullptr;
}

class IntrospectLiveTest : public ::testing::TestWithParam<bool> {};

TEST_P(IntrospectLiveTest, DescribesTheInteropServer) {
  our_server server(GetParam());
  auto client = server.client();
  idl::introspection_options options;
  options.package = "interop";
  const auto d = idl::from_introspection(client, options);
  EXPECT_EQ(d.package, "interop");
  ASSERT_EQ(d.services.size(), 2u);
  EXPECT_EQ(d.services[0].prefix, "");
  EXPECT_EQ(d.services[0].name, "root");
  EXPECT_EQ(d.services[1].name, "validator1");
  EXPECT_EQ(d.services[1].methods.size(), 8u);
  EXPECT_EQ(find(d, "system.listMethods"), nullptr);

  const auto* add = find(d, "add");
  ASSERT_NE(add, nullptr);
  ASSERT_EQ(add->params.size(), 2u);
  EXPECT_EQ(add->params[0].type.kind, idl::type_kind::int32);
  EXPECT_EQ(add->result.kind, idl::type_kind::int32);
  EXPECT_NE(add->doc.find("Also accepts (i8, i8) -> i8"), std::string::npos) << add->doc;

  const auto* fault = find(d, "fault");
  ASSERT_NE(fault, nullptr);
  EXPECT_EQ(fault->name, "fault_");  // an IDL keyword

  const auto* many = find(d, "validator1.manyTypesTest");
  ASSERT_NE(many, nullptr);
  ASSERT_EQ(many->params.size(), 6u);
  EXPECT_EQ(many->params[4].type.kind, idl::type_kind::datetime);
  EXPECT_EQ(many->params[5].type.kind, idl::type_kind::bytes);
  EXPECT_EQ(many->result.kind, idl::type_kind::list);

  const auto text = idl::print(d);
  EXPECT_NE(text.find("  fault_(arg1: int, arg2: string) -> map<string, any> as \"fault\";\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("service validator1 {\n"), std::string::npos) << text;
}

TEST_P(IntrospectLiveTest, IncludesSystemMethodsOnRequest) {
  our_server server(GetParam());
  auto client = server.client();
  idl::introspection_options options;
  options.include_system = true;
  const auto d = idl::from_introspection(client, options);
  const auto* sig = find(d, "system.methodSignature");
  ASSERT_NE(sig, nullptr);
  ASSERT_EQ(sig->params.size(), 1u);
  EXPECT_EQ(sig->params[0].type.kind, idl::type_kind::string);
}

INSTANTIATE_TEST_SUITE_P(HttpAndFramed, IntrospectLiveTest, ::testing::Bool(),
                         [](const auto& param_info) {
                           return param_info.param ? "Framed" : "Http";
                         });

TEST(IntrospectLiveErrorsTest, RefusedConnectionThrowsCallError) {
  // A port nobody listens on: bind one, read it back, close it.
  std::string url;
  {
    our_server gone(false);
    url = gone.url();
  }
  rpc::client client(url);
  client.set_timeout(5s);
  EXPECT_THROW((void)idl::from_introspection(client, {}), sockrpc::error);
}

#ifdef SOCKRPC_PYTHON3
TEST(IntrospectPythonTest, DescribesSimpleXmlRpcServer) {
  // Python's SimpleXMLRPCServer as a child process, stopped by its `quit` method.
  sockrpc_test::python_server py(SOCKRPC_PYTHON3 " " SOCKRPC_IDL_PY_SERVER);
  ASSERT_TRUE(py.ok());
  rpc::client client(py.url());
  client.set_timeout(10s);
  const auto d = idl::from_introspection(client, idl::introspection_options{});
  // No signatures ("signatures not supported"): every method is (...) -> any; the help
  // comes from docstrings, and a faulting methodHelp leaves the doc empty.
  EXPECT_EQ(idl::print(d), R"(service root as "" {
  /// Adds two numbers.
  add(...) -> any;
  class_(...) -> any as "class";
  quit(...) -> any;
}

service math {
  /// Raises x to the power y.
  ///
  /// Both are numbers.
  pow(...) -> any;
}

service nohelp {
  echo(...) -> any;
}
)");
}
#endif

}  // namespace

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/idl/ast.hpp>

#include <string>

namespace sockrpc::idl {

struct generator_options {
  /// File name of the generated header as consumers include it ("calc.sidl.hpp").
  std::string header_name;
};

/// Generates one self-contained C++20 header for `doc`:
/// - each struct as a plain C++ struct with rpc codec traits (SOCKRPC_STRUCT-style,
///   optional<T> members absent-or-nil on the wire);
/// - fault code constants;
/// - per service `S`: `S_client` (wraps an rpc::client&; one typed method per remote
///   method, sync, `_async` returning std::future, timeouts from the client) and
///   `S_service` (abstract: one pure virtual per method) with
///   `register_S(rpc::method_registry&, S_service&)` that registers every method with
///   its help text and signature for introspection.
/// The output compiles warning-free under -Wall -Wextra -Wpedantic and is formatted.
/// `doc` must come from parse() (checked). Thread safety: reentrant.
std::string generate_cpp(const document& doc, const generator_options& options);

}  // namespace sockrpc::idl

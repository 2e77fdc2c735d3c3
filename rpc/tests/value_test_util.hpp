// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <gtest/gtest.h>

#include <exception>
#include <string>

namespace sockrpc::rpc::test {

/// Runs `fn` and expects it to throw `Error` (type_error or conversion_error) with code
/// errc::type_mismatch; returns its what(), or "" (and a test failure) otherwise.
template <class Error>
std::string thrown_message(const auto& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errc::type_mismatch);
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no exception thrown";
  return {};
}

}  // namespace sockrpc::rpc::test

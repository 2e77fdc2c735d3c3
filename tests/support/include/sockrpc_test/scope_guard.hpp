// SPDX-License-Identifier: MIT
#pragma once

#include <utility>

namespace sockrpc_test {

/// Runs a callable when the scope ends (stop and join a server, even when an assertion
/// fails and the test function returns early).
template <class F>
class scope_guard {
 public:
  explicit scope_guard(F f) : f_(std::move(f)) {}
  scope_guard(const scope_guard&) = delete;
  scope_guard& operator=(const scope_guard&) = delete;
  ~scope_guard() { f_(); }

 private:
  F f_;
};

}  // namespace sockrpc_test

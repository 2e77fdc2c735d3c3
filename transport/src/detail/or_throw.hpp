// SPDX-License-Identifier: MIT
// Private: the throwing overloads of the transport layer, written once.
#pragma once

#include <sockrpc/transport/error.hpp>

#include <system_error>
#include <type_traits>

namespace sockrpc::transport::detail {

/// Runs `op(ec)` and throws sockrpc::error naming `what` if it failed: a throwing overload
/// is this around its error-code twin.
template <class Op>
auto or_throw(const char* what, Op&& op) {
  std::error_code ec;
  if constexpr (std::is_void_v<decltype(op(ec))>) {
    op(ec);
    sockrpc::detail::throw_if(ec, what);
  } else {
    auto result = op(ec);
    sockrpc::detail::throw_if(ec, what);
    return result;
  }
}

}  // namespace sockrpc::transport::detail

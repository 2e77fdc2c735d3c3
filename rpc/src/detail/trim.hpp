// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

/// Trimming shared by the HTTP and XML codecs, each with its own notion of white space.
namespace sockrpc::rpc::detail {

/// `s` without the leading and trailing characters for which `is_space(c)` is true.
template <class IsSpace>
constexpr std::string_view trim_if(std::string_view s, IsSpace is_space) noexcept {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace sockrpc::rpc::detail

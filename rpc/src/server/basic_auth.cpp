// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/server/basic_auth.hpp>

#include "xml/base64.hpp"

#include <algorithm>
#include <cstddef>

namespace sockrpc::rpc {
namespace {

bool base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

bool control_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// The base64 token of `Basic TOKEN`: padded to a multiple of 4, '=' only at the end (the
// shared decoder is lenient about whitespace and missing padding; a header is not).
bool strict_token(std::string_view token) noexcept {
  if (token.empty() || token.size() % 4 != 0) return false;
  std::size_t end = token.size();
  while (end > 0 && token.size() - end < 2 && token[end - 1] == '=')
    --end;
  return std::all_of(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(end), base64_char);
}

}  // namespace

std::optional<basic_credentials> parse_basic_authorization(std::string_view value) {
  if (value.size() > max_authorization_size) return std::nullopt;
  constexpr std::string_view scheme = "basic";
  if (value.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    const char c = value[i];
    if ((c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) != scheme[i]) return std::nullopt;
  }
  std::string_view token = value.substr(scheme.size());
  if (token.front() != ' ') return std::nullopt;
  token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
  if (!strict_token(token)) return std::nullopt;

  std::vector<std::byte> decoded;
  if (detail::base64_decode(token, decoded, max_authorization_size) != detail::base64_status::ok)
    return std::nullopt;
  std::string_view text(reinterpret_cast<const char*>(decoded.data()), decoded.size());
  const auto colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  if (std::any_of(text.begin(), text.end(), control_char)) return std::nullopt;
  return basic_credentials{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

bool constant_time_equals(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = std::max(a.size(), b.size());
  // Different lengths are a mismatch, found without leaving the loop early.
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0U;
    const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0U;
    diff |= x ^ y;
  }
  return diff == 0;
}

user_table& user_table::add(std::string user, std::string password) {
  for (auto& e : entries_) {
    if (e.user == user) {
      e.password = std::move(password);
      return *this;
    }
  }
  entries_.push_back({std::move(user), std::move(password)});
  return *this;
}

std::optional<std::string> user_table::operator()(std::string_view user,
                                                  std::string_view password) const {
  // Every entry is compared, whatever matched before.
  const basic_credentials* found = nullptr;
  for (const auto& e : entries_) {
    // Both comparisons always run: `&` on integers, not a short-circuiting `&&`.
    const unsigned user_ok = constant_time_equals(e.user, user) ? 1U : 0U;
    const unsigned password_ok = constant_time_equals(e.password, password) ? 1U : 0U;
    if ((user_ok & password_ok) != 0U) found = &e;
  }
  if (found == nullptr) return std::nullopt;
  return found->user;
}

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/xml/codec.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

/// Error bookkeeping shared by the serialiser and the parser. A failure is recorded at the
/// innermost level; every enclosing level then adds its path segment while unwinding, so
/// the success path never pays for path tracking.
namespace sockrpc::rpc::detail {

class failure {
 public:
  /// Records the error at the innermost level.
  void set(errc code, std::string what) {
    code_ = code;
    what_ = std::move(what);
    segments_.clear();
  }
  /// Adds the segment of an enclosing level ("value", "param[2]", ...), innermost first.
  void enclose(std::string segment) { segments_.push_back(std::move(segment)); }
  bool failed() const noexcept { return code_ != errc{}; }
  std::error_code code() const noexcept { return make_error_code(code_); }
  /// "methodCall/params/param[2]/value: expected ..."
  std::string message() const {
    std::string m;
    for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
      if (!m.empty()) m += '/';
      m += *it;
    }
    if (!m.empty()) m += ": ";
    m += what_;
    return m;
  }
  /// Fills `st` with the code and the message `raise()` would throw.
  void report(status& st) const { st.assign(code(), message()); }
  [[noreturn]] void raise() const { throw sockrpc::error(code(), message()); }

 private:
  errc code_{};
  std::string what_;
  std::vector<std::string> segments_;
};

/// `s` in double quotes, cut after 40 bytes ("..."), for messages naming bad text.
inline std::string quoted(std::string_view s) {
  constexpr std::size_t max_shown = 40;
  std::string q = "\"";
  q.append(s.substr(0, max_shown));
  if (s.size() > max_shown) q += "...";
  q += '"';
  return q;
}

/// "name[i]" with a 1-based index.
inline std::string indexed(std::string_view name, std::size_t zero_based) {
  std::string s(name);
  s += '[';
  s += std::to_string(zero_based + 1);
  s += ']';
  return s;
}

}  // namespace sockrpc::rpc::detail

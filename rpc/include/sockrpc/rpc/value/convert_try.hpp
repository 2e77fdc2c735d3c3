// SPDX-License-Identifier: MIT
#pragma once

// Part of the conversions (see convert.hpp, the header to include): try_from_value, the
// conversion from a value that reports a mismatch without throwing.
#include <sockrpc/rpc/value/convert_containers.hpp>
#include <sockrpc/rpc/value/convert_core.hpp>
#include <sockrpc/rpc/value/convert_struct.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sockrpc::rpc {

/// Why `try_from_value` failed: the detail and path a conversion_error would carry.
/// A value type. Thread safety: distinct objects safe.
struct conversion_failure {
  /// The problem, e.g. "expected string, got int".
  std::string detail;
  /// Where it is, e.g. "[2].name"; empty for the top level.
  std::string path;

  /// "path: detail", or the detail alone: the what() of the equivalent conversion_error.
  [[nodiscard]] std::string message() const;
  /// Prefixes the path with an array index, as conversion_error::prepend_index does.
  void prepend_index(std::size_t index);
  /// Prefixes the path with a struct member, as conversion_error::prepend_member does.
  void prepend_member(std::string_view name);
};

namespace detail {

/// Fills `err` with "expected <expected>, got <kind of v>" at the top level.
void set_expected(conversion_failure& err, std::string_view expected, const value& v);
/// Fills `err` with the integer range message ("expected int in [0, 255], got 300").
void set_int_range(conversion_failure& err, std::int64_t min, std::uint64_t max, std::int64_t got);
/// double from an int or a double, as convert<double>::from_value; false and `err` set
/// when `v` is neither (or an i8 not exactly representable).
bool try_double(const value& v, double& out, conversion_failure& err);

/// The non-throwing conversion of T. The primary template uses the trait's own
/// `try_from_value(const value&, conversion_failure&)` when it has one, else runs its
/// from_value and catches the type_error (user traits need not know about this path).
/// `from` takes `const value&` (copies) or a `value` rvalue (V = value: may move out of
/// it, passing it on as an rvalue to the trait, which reads it as const if it has no
/// rvalue overload).
template <class T>
struct try_convert {
  template <value_ref V>
  static std::optional<T> from(V&& v, conversion_failure& err) {
    using trait = convert<T>;
    if constexpr (requires { trait::try_from_value(std::forward<V>(v), err); }) {
      return trait::try_from_value(std::forward<V>(v), err);
    } else {
      try {
        return std::optional<T>(trait::from_value(std::forward<V>(v)));
      } catch (const conversion_error& e) {
        err.detail = e.detail();
        err.path = e.path();
      } catch (const type_error& e) {
        err.detail = e.what();
        err.path.clear();
      }
      return std::nullopt;
    }
  }
};

}  // namespace detail

/// Converts `v` to `T` like `from_value<T>`, but reports a mismatch (wrong kind, integer
/// out of range, missing struct member, ...) by returning nullopt and filling `err` with
/// the detail and path from_value's conversion_error would carry, instead of throwing.
/// For the built-in types and SOCKRPC_STRUCT structs no exception is thrown or caught on
/// that path, which makes it the cheap way to check untrusted input (the server converts
/// handler parameters with it). Other user traits go through their from_value, whose
/// type_error is caught here. `err` is left unspecified on success.
/// @throws std::bad_alloc (and whatever a user trait throws besides type_error).
template <class T>
std::optional<std::remove_cv_t<T>> try_from_value(const value& v, conversion_failure& err) {
  return detail::try_convert<std::remove_cv_t<T>>::from(v, err);
}

/// Same as above, but may move out of `v` (as `from_value<T>(value&&)` does): strings,
/// base64, arrays and structs, and the containers, optionals and SOCKRPC_STRUCT members
/// built from them, take over `v`'s storage instead of copying it. Same result and the
/// same `err` as the lvalue form; afterwards `v` is valid but unspecified, also when the
/// conversion failed part way (the dispatcher converts each parameter once, then only
/// reports `err`). std::variant reads `v` as const: an alternative that fails part way
/// must leave it intact for the next.
template <class T>
std::optional<std::remove_cv_t<T>> try_from_value(value&& v, conversion_failure& err) {
  return detail::try_convert<std::remove_cv_t<T>>::from(std::move(v), err);
}

namespace detail {

template <>
struct try_convert<value> {
  static std::optional<value> from(const value& v, conversion_failure&) { return v; }
  static std::optional<value> from(value&& v, conversion_failure&) { return std::move(v); }
};

/// The types of one value kind, whose from_value fails only on another kind: the kind is
/// checked here, then from_value cannot fail (bool, string, base64, dateTime, array, struct).
template <class T, value::kind Kind>
struct try_kind {
  template <value_ref V>
  static std::optional<T> from(V&& v, conversion_failure& err) {
    if (v.type() != Kind) {
      set_expected(err, convert<T>::type_name, v);
      return std::nullopt;
    }
    return convert<T>::from_value(std::forward<V>(v));
  }
};

template <>
struct try_convert<bool> : try_kind<bool, value::kind::boolean> {};
template <>
struct try_convert<std::string> : try_kind<std::string, value::kind::string> {};
template <>
struct try_convert<binary> : try_kind<binary, value::kind::base64> {};
template <>
struct try_convert<date_time> : try_kind<date_time, value::kind::datetime> {};
template <>
struct try_convert<array> : try_kind<array, value::kind::array> {};
template <>
struct try_convert<members> : try_kind<members, value::kind::struct_> {};

template <integer T>
struct try_convert<T> {
  static std::optional<T> from(const value& v, conversion_failure& err) {
    if (!v.is_int()) {
      set_expected(err, "int", v);
      return std::nullopt;
    }
    const std::int64_t i = v.as_i8();
    if (!std::in_range<T>(i)) {
      set_int_range(err, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), i);
      return std::nullopt;
    }
    return static_cast<T>(i);
  }
};

template <>
struct try_convert<double> {
  static std::optional<double> from(const value& v, conversion_failure& err) {
    double d = 0;
    if (!try_double(v, d, err)) return std::nullopt;
    return d;
  }
};

template <class T, class Alloc>
struct try_convert<std::vector<T, Alloc>> {
  template <value_ref V>
  static std::optional<std::vector<T, Alloc>> from(V&& v, conversion_failure& err) {
    if (!v.is_array()) {
      set_expected(err, "array", v);
      return std::nullopt;
    }
    auto& a = v.as_array();
    std::vector<T, Alloc> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto x = rpc::try_from_value<T>(like<V>(a[i]), err);
      if (!x) {
        err.prepend_index(i);
        return std::nullopt;
      }
      out.push_back(std::move(*x));
    }
    return out;
  }
};

template <class T>
struct try_convert<std::optional<T>> {
  template <value_ref V>
  static std::optional<std::optional<T>> from(V&& v, conversion_failure& err) {
    std::optional<std::optional<T>> out;
    if (v.is_nil()) {
      out.emplace();
    } else if (auto x = rpc::try_from_value<T>(std::forward<V>(v), err)) {
      out.emplace(std::in_place, std::move(*x));
    }
    return out;
  }
};

/// std::map / std::unordered_map with string keys; the first of duplicate keys wins.
template <class Map>
struct try_map_convert {
  template <value_ref V>
  static std::optional<Map> from(V&& v, conversion_failure& err) {
    if (!v.is_struct()) {
      set_expected(err, "struct", v);
      return std::nullopt;
    }
    Map out;
    for (auto& member : v.as_struct()) {
      if (out.find(member.first) != out.end()) continue;
      auto x = rpc::try_from_value<typename Map::mapped_type>(like<V>(member.second), err);
      if (!x) {
        err.prepend_member(member.first);
        return std::nullopt;
      }
      out.emplace(member.first, std::move(*x));
    }
    return out;
  }
};

template <class T, class Compare, class Alloc>
struct try_convert<std::map<std::string, T, Compare, Alloc>>
    : try_map_convert<std::map<std::string, T, Compare, Alloc>> {};

template <class T, class Hash, class Eq, class Alloc>
struct try_convert<std::unordered_map<std::string, T, Hash, Eq, Alloc>>
    : try_map_convert<std::unordered_map<std::string, T, Hash, Eq, Alloc>> {};

/// SOCKRPC_STRUCT structs: members in declaration order, the first problem reported.
template <described_struct T>
struct try_convert<T> {
  template <value_ref V>
  static std::optional<T> from(V&& v, conversion_failure& err) {
    if (!v.is_struct()) {
      set_expected(err, "struct", v);
      return std::nullopt;
    }
    auto& m = v.as_struct();
    const auto fields = sockrpc_struct_fields(static_cast<const T*>(nullptr));
    std::optional<T> out(std::in_place);
    const bool ok =
        std::apply([&](const auto&... f) { return (get<V>(m, *out, f, err) && ...); }, fields);
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  // `m` is const (copying) or not (moving, V = value); each field reads its member once.
  template <class V, class Members, class M>
  static bool get(Members& m, T& out, const field<T, M>& f, conversion_failure& err) {
    auto* v = m.find(f.name);
    if (v == nullptr) {
      if constexpr (is_optional<M>::value) {
        return true;
      } else {
        err.detail = "missing member \"";
        err.detail += f.name;
        err.detail += '"';
        err.path.clear();
        return false;
      }
    }
    auto x = rpc::try_from_value<M>(like<V>(*v), err);
    if (!x) {
      err.prepend_member(f.name);
      return false;
    }
    out.*f.member = std::move(*x);
    return true;
  }
};

}  // namespace detail
}  // namespace sockrpc::rpc

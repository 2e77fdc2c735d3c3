// SPDX-License-Identifier: MIT
#pragma once

// Part of the conversions (see convert.hpp, the header to include): arrays, structs and the
// standard containers, optional, tuple and variant.
#include <sockrpc/rpc/value/convert_core.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <array>
#include <cstddef>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace sockrpc::rpc {
namespace detail {

/// An array of the elements of `xs` converted as `T`; moved out of `xs` when it is an rvalue
/// (strings, base64, arrays and structs need not be copied).
template <class T, class Range>
value array_of(Range&& xs) {
  array out;
  out.reserve(std::size(xs));
  if constexpr (std::is_lvalue_reference_v<Range>) {
    for (const auto& x : xs)
      out.push_back(convert<T>::to_value(x));
  } else {
    for (auto&& x : xs)  // auto&&: std::vector<bool>'s proxy references
      out.push_back(convert<T>::to_value(std::move(x)));
  }
  return value(std::move(out));
}

}  // namespace detail

// ---- containers --------------------------------------------------------------------------

/// Identity for the array type itself (no per-element dispatch).
template <>
struct convert<array> {
  static constexpr std::string_view type_name = "array";
  static value to_value(const array& a) { return value(a); }
  static value to_value(array&& a) noexcept { return value(std::move(a)); }
  static array from_value(const value& v) { return detail::expect_array(v); }
  static array from_value(value&& v) { return std::move(detail::expect_array(v)); }
};

/// Identity for structs.
template <>
struct convert<members> {
  static constexpr std::string_view type_name = "struct";
  static value to_value(const members& m) { return value(m); }
  static value to_value(members&& m) noexcept { return value(std::move(m)); }
  static members from_value(const value& v) { return detail::expect_struct(v); }
  static members from_value(value&& v) { return std::move(detail::expect_struct(v)); }
};

template <class T, class Alloc>
struct convert<std::vector<T, Alloc>> {
  static constexpr std::string_view type_name = "array";
  static value to_value(const std::vector<T, Alloc>& xs) { return detail::array_of<T>(xs); }
  /// Moves the elements into the result.
  static value to_value(std::vector<T, Alloc>&& xs) { return detail::array_of<T>(std::move(xs)); }
  static std::vector<T, Alloc> from_value(const value& v) { return read(v); }
  /// Moves the elements out of `v`.
  static std::vector<T, Alloc> from_value(value&& v) { return read(std::move(v)); }

 private:
  template <detail::value_ref V>
  static std::vector<T, Alloc> read(V&& v) {
    auto& a = detail::expect_array(v);
    std::vector<T, Alloc> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      out.push_back(detail::at_index(i, [&] { return rpc::from_value<T>(detail::like<V>(a[i])); }));
    }
    return out;
  }
};

/// An array of exactly N elements ("expected array of 3 elements, got 2").
template <class T, std::size_t N>
struct convert<std::array<T, N>> {
  static constexpr std::string_view type_name = "array";
  static value to_value(const std::array<T, N>& xs) { return detail::array_of<T>(xs); }
  static std::array<T, N> from_value(const value& v) { return read(v); }
  /// Moves the elements out of `v`.
  static std::array<T, N> from_value(value&& v) { return read(std::move(v)); }

 private:
  template <detail::value_ref V>
  static std::array<T, N> read(V&& v) {
    auto& a = detail::expect_array(v);
    if (a.size() != N) detail::throw_length(N, a.size());
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::array<T, N>{
          detail::at_index(I, [&] { return rpc::from_value<T>(detail::like<V>(a[I])); })...};
    }
    (std::make_index_sequence<N>{});
  }
};

namespace detail {
/// Shared by std::map and std::unordered_map: struct <-> string-keyed map. A duplicate
/// key (possible only in hand-built values) keeps the first member, like members::find.
template <class Map>
struct map_convert {
  using mapped = typename Map::mapped_type;
  static constexpr std::string_view type_name = "struct";
  static value to_value(const Map& map) {
    members out;
    out.reserve(map.size());
    for (const auto& [k, x] : map)
      out.emplace_back(k, convert<mapped>::to_value(x));
    return value(std::move(out));
  }
  static Map from_value(const value& v) { return read(v); }
  /// Moves the member values out of `v` (the keys are copied: the path needs them).
  static Map from_value(value&& v) { return read(std::move(v)); }

 private:
  template <value_ref V>
  static Map read(V&& v) {
    auto& m = expect_struct(v);
    Map out;
    for (auto& member : m) {
      // Not a structured binding: clang 14 cannot capture those in lambdas.
      const std::string& k = member.first;
      auto& x = member.second;
      if (out.find(k) != out.end()) continue;
      out.emplace(k, at_member(k, [&] { return rpc::from_value<mapped>(like<V>(x)); }));
    }
    return out;
  }
};
}  // namespace detail

template <class T, class Compare, class Alloc>
struct convert<std::map<std::string, T, Compare, Alloc>>
    : detail::map_convert<std::map<std::string, T, Compare, Alloc>> {};

template <class T, class Hash, class Eq, class Alloc>
struct convert<std::unordered_map<std::string, T, Hash, Eq, Alloc>>
    : detail::map_convert<std::unordered_map<std::string, T, Hash, Eq, Alloc>> {};

/// nil when empty.
template <class T>
struct convert<std::optional<T>> {
  static constexpr std::string_view type_name = rpc::type_name<T>();
  static value to_value(const std::optional<T>& x) {
    return x ? convert<T>::to_value(*x) : value();
  }
  static value to_value(std::optional<T>&& x) {
    return x ? convert<T>::to_value(std::move(*x)) : value();
  }
  static std::optional<T> from_value(const value& v) {
    if (v.is_nil()) return std::nullopt;
    return rpc::from_value<T>(v);
  }
  static std::optional<T> from_value(value&& v) {
    if (v.is_nil()) return std::nullopt;
    return rpc::from_value<T>(std::move(v));
  }
};

/// An array of exactly sizeof...(Ts) elements, element i converted as the i-th type.
template <class... Ts>
struct convert<std::tuple<Ts...>> {
  static constexpr std::string_view type_name = "array";
  static value to_value(const std::tuple<Ts...>& t) {
    return std::apply(
        [](const Ts&... xs) {
          array out;
          out.reserve(sizeof...(Ts));
          (out.push_back(convert<Ts>::to_value(xs)), ...);
          return value(std::move(out));
        },
        t);
  }
  static std::tuple<Ts...> from_value(const value& v) { return read(v); }
  /// Moves the elements out of `v`.
  static std::tuple<Ts...> from_value(value&& v) { return read(std::move(v)); }

 private:
  template <detail::value_ref V>
  static std::tuple<Ts...> read(V&& v) {
    auto& a = detail::expect_array(v);
    if (a.size() != sizeof...(Ts)) detail::throw_length(sizeof...(Ts), a.size());
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      // Braced init: elements are converted left to right.
      return std::tuple<Ts...>{
          detail::at_index(I, [&] { return rpc::from_value<Ts>(detail::like<V>(a[I])); })...};
    }
    (std::index_sequence_for<Ts...>{});
  }
};

/// to_value converts the held alternative. from_value tries the alternatives in
/// declaration order and takes the first that converts without error, so order them from
/// the most to the least specific: `std::variant<int, double>` reads an int as int, while
/// `std::variant<double, int>` reads it as double (double accepts ints). When none fits:
/// "expected int or string, got struct".
template <class... Ts>
struct convert<std::variant<Ts...>> {
  static constexpr std::string_view type_name = detail::common_name({rpc::type_name<Ts>()...});
  static value to_value(const std::variant<Ts...>& x) {
    return std::visit(
        [](const auto& alt) { return convert<std::decay_t<decltype(alt)>>::to_value(alt); }, x);
  }
  static std::variant<Ts...> from_value(const value& v) {
    std::optional<std::variant<Ts...>> out;
    // Short-circuits at the first alternative that converts.
    (void)(try_one<Ts>(v, out) || ...);
    if (!out) detail::throw_no_alternative({rpc::type_name<Ts>()...}, v);
    return std::move(*out);
  }

 private:
  template <class T>
  static bool try_one(const value& v, std::optional<std::variant<Ts...>>& out) {
    try {
      out.emplace(std::in_place_type<T>, rpc::from_value<T>(v));
      return true;
    } catch (const type_error&) {
      return false;
    }
  }
};

}  // namespace sockrpc::rpc

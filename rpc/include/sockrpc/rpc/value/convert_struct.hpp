// SPDX-License-Identifier: MIT
#pragma once

// Part of the conversions (see convert.hpp, the header to include): SOCKRPC_STRUCT and the
// conversion of the structs it describes, whose members may be any built-in conversion.
#include <sockrpc/rpc/value/convert_containers.hpp>
#include <sockrpc/rpc/value/convert_core.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace sockrpc::rpc {
namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// One described struct member: its XML-RPC name and its pointer to member.
template <class C, class M>
struct field {
  std::string_view name;
  M C::*member;
};

template <class C, class M>
constexpr field<C, M> make_field(std::string_view name, M C::*member) noexcept {
  return {name, member};
}

/// A struct described with SOCKRPC_STRUCT (found by ADL in the struct's namespace).
template <class T>
concept described_struct = requires(const T* p) {
  sockrpc_struct_fields(p);
};

}  // namespace detail

// ---- described structs ---------------------------------------------------------------

/// Structs described with SOCKRPC_STRUCT (see the docs at the top of convert.hpp).
template <detail::described_struct T>
struct convert<T> {
  static constexpr std::string_view type_name = "struct";

  static value to_value(const T& x) {
    const auto fields = sockrpc_struct_fields(static_cast<const T*>(nullptr));
    members out;
    out.reserve(std::tuple_size_v<std::remove_const_t<decltype(fields)>>);
    std::apply([&](const auto&... f) { (put(out, x, f), ...); }, fields);
    return value(std::move(out));
  }

  static T from_value(const value& v) { return read(v); }
  /// Moves the members' values out of `v`.
  static T from_value(value&& v) { return read(std::move(v)); }

 private:
  template <class M>
  static void put(members& out, const T& x, const detail::field<T, M>& f) {
    if constexpr (detail::is_optional<M>::value) {
      if (!(x.*f.member)) return;  // absent, not nil: see the header docs
    }
    out.emplace_back(std::string(f.name), convert<M>::to_value(x.*f.member));
  }

  template <detail::value_ref V>
  static T read(V&& v) {
    auto& m = detail::expect_struct(v);
    const auto fields = sockrpc_struct_fields(static_cast<const T*>(nullptr));
    T out{};
    std::apply([&](const auto&... f) { (get<V>(m, out, f), ...); }, fields);
    return out;
  }

  // `m` is const members& (copying) or members& (moving, V = value). Each field reads the
  // first member with its name once; fields are named after distinct C++ members, so no
  // value is moved from twice.
  template <class V, class Members, class M>
  static void get(Members& m, T& out, const detail::field<T, M>& f) {
    auto* v = m.find(f.name);
    if (v == nullptr) {
      if constexpr (detail::is_optional<M>::value) {
        return;
      } else {
        detail::throw_missing(f.name);
      }
    }
    detail::at_member(f.name, [&] { out.*f.member = rpc::from_value<M>(detail::like<V>(*v)); });
  }
};

}  // namespace sockrpc::rpc

// ---- SOCKRPC_STRUCT ------------------------------------------------------------------------

// Preprocessor iteration (C++20 __VA_OPT__), good for up to 300 members.
#define SOCKRPC_DETAIL_PARENS ()
#define SOCKRPC_DETAIL_EXPAND(...) \
  SOCKRPC_DETAIL_EXPAND3(          \
      SOCKRPC_DETAIL_EXPAND3(SOCKRPC_DETAIL_EXPAND3(SOCKRPC_DETAIL_EXPAND3(__VA_ARGS__))))
#define SOCKRPC_DETAIL_EXPAND3(...) \
  SOCKRPC_DETAIL_EXPAND2(           \
      SOCKRPC_DETAIL_EXPAND2(SOCKRPC_DETAIL_EXPAND2(SOCKRPC_DETAIL_EXPAND2(__VA_ARGS__))))
#define SOCKRPC_DETAIL_EXPAND2(...) \
  SOCKRPC_DETAIL_EXPAND1(           \
      SOCKRPC_DETAIL_EXPAND1(SOCKRPC_DETAIL_EXPAND1(SOCKRPC_DETAIL_EXPAND1(__VA_ARGS__))))
#define SOCKRPC_DETAIL_EXPAND1(...) \
  SOCKRPC_DETAIL_EXPAND0(           \
      SOCKRPC_DETAIL_EXPAND0(SOCKRPC_DETAIL_EXPAND0(SOCKRPC_DETAIL_EXPAND0(__VA_ARGS__))))
#define SOCKRPC_DETAIL_EXPAND0(...) __VA_ARGS__
#define SOCKRPC_DETAIL_FOR_EACH(macro, type, ...) \
  __VA_OPT__(SOCKRPC_DETAIL_EXPAND(SOCKRPC_DETAIL_FOR_EACH_HELPER(macro, type, __VA_ARGS__)))
#define SOCKRPC_DETAIL_FOR_EACH_HELPER(macro, type, a1, ...) \
  macro(type, a1)                                            \
      __VA_OPT__(SOCKRPC_DETAIL_FOR_EACH_AGAIN SOCKRPC_DETAIL_PARENS(macro, type, __VA_ARGS__))
#define SOCKRPC_DETAIL_FOR_EACH_AGAIN() SOCKRPC_DETAIL_FOR_EACH_HELPER
#define SOCKRPC_DETAIL_FIELD(type, member) \
  ::sockrpc::rpc::detail::make_field(#member, &type::member),

/// Describes the members of the struct `type` for conversion to and from an XML-RPC
/// struct (see convert.hpp's header docs). Use at namespace scope, in the namespace of
/// `type` (it is found by argument-dependent lookup), after the struct's definition:
/// `SOCKRPC_STRUCT(point, x, y)`. Each member's type needs a conversion itself.
#define SOCKRPC_STRUCT(type, ...)                                                          \
  [[maybe_unused]] inline auto sockrpc_struct_fields(const type*) {                        \
    return ::std::tuple{SOCKRPC_DETAIL_FOR_EACH(SOCKRPC_DETAIL_FIELD, type, __VA_ARGS__)}; \
  }

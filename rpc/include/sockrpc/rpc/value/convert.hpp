// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/value/value.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <ratio>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

/// Conversions between `value` and C++ types.
///
/// `to_value(x)` and `from_value<T>(v)` dispatch to the trait `convert<T>`, which users
/// extend in one of two ways:
///
/// 1. For a plain struct, `SOCKRPC_STRUCT(type, member1, member2, ...)` in the struct's own
///    namespace, after its definition. It maps to an XML-RPC struct whose member names are
///    the C++ member names. `from_value` needs `type` to be default-constructible; a
///    missing member is an error naming it, unless the member is a `std::optional` (then it
///    stays empty); extra members are ignored. `to_value` omits empty optionals (many
///    peers do not know `<nil/>`).
///    ```
///    namespace app { struct point { int x; int y; std::optional<std::string> label; };
///                    SOCKRPC_STRUCT(point, x, y, label) }
///    value v = to_value(app::point{1, 2, {}});      // {"x": 1, "y": 2}
///    auto p = from_value<app::point>(v);
///    ```
/// 2. By specialising the trait (in namespace sockrpc::rpc):
///    ```
///    template <> struct sockrpc::rpc::convert<app::money> {
///      static constexpr std::string_view type_name = "string";   // optional, see type_name
///      static value to_value(const app::money& m);               // may be omitted (from only)
///      static app::money from_value(const value& v);             // may be omitted (to only)
///    };
///    ```
///    A trait may throw type_error (or anything derived) from from_value; it becomes a
///    conversion_error carrying the path.
///
/// Built in: every integer type (range-checked both ways; `to_value` makes i4 when the
/// number fits in 32 bits, else i8), bool, double, float, std::string, std::string_view and
/// `const char*` (to_value only), binary (base64), date_time,
/// std::chrono::system_clock::time_point (dateTime, UTC, whole seconds), std::vector<T>,
/// std::array<T, N> (length checked), std::map / std::unordered_map with std::string keys
/// (struct), std::optional<T> (nil when empty), std::tuple<Ts...> (array of exactly that
/// length), std::variant<Ts...>, std::monostate and nil_t (nil), value, array and members
/// (identity).
///
/// Reading is strict about kinds with one exception: `from_value<double>` (and float)
/// accepts an int (an i8 only when it is exactly representable), because many clients send
/// `1` for `1.0`.
namespace sockrpc::rpc {

/// A failed conversion, with the path to the offending element:
/// what() is "[2].name: expected string, got int" (path "[2].name", detail
/// "expected string, got int"); at the top level what() is the detail alone.
/// Array elements add "[i]", struct members ".name" (no dot at the start). The path is
/// built while the exception unwinds through the containers (prepend_index /
/// prepend_member), so a server converting its parameters gets "[1]..." for the second one.
/// `code()` is errc::type_mismatch.
class conversion_error : public type_error {
 public:
  /// `detail` describes the problem, `path` locates it (empty: the top-level value).
  explicit conversion_error(std::string detail, std::string path = {});

  /// The path to the offending element, e.g. "[2].name"; empty for the top level.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The problem without the path, e.g. "expected string, got int".
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  /// "path: detail", or the detail alone when the path is empty.
  const char* what() const noexcept override { return what_.c_str(); }

  /// Prefixes the path with an array index: "name" becomes "[3].name".
  void prepend_index(std::size_t index);
  /// Prefixes the path with a struct member: "[0]" becomes "name[0]", "b" becomes "a.b".
  void prepend_member(std::string_view name);

 private:
  void update_what();

  std::string detail_;
  std::string path_;
  std::string what_;
};

/// The conversion trait. Undefined for types without a conversion (a compile error names
/// the type). `Enable` is for partial specialisations constrained with enable_if; the
/// built-in ones use requires-clauses.
template <class T, class Enable = void>
struct convert;

/// Converts `x` to a value with `convert<std::decay_t<T>>::to_value`.
/// @throws type_error  `x` cannot be represented (an integer beyond i8, ...).
template <class T>
value to_value(T&& x) {
  return convert<std::decay_t<T>>::to_value(std::forward<T>(x));
}

/// Converts `v` to `T` with `convert<T>::from_value` (cv-qualifiers of `T` ignored).
/// @throws conversion_error  `v` does not have the shape of `T`; what() carries the path.
template <class T>
std::remove_cv_t<T> from_value(const value& v) {
  try {
    return convert<std::remove_cv_t<T>>::from_value(v);
  } catch (const conversion_error&) {
    throw;
  } catch (const type_error& e) {
    throw conversion_error(e.what());
  }
}

/// Same as above, but may move out of `v`: strings, base64, arrays, structs and the
/// containers, optionals and SOCKRPC_STRUCT members built from them take over `v`'s
/// storage instead of copying it (a user trait without a `from_value(value&&)` reads `v`
/// as a const lvalue). Same result and same errors as the lvalue form; afterwards `v` is
/// valid but unspecified, also when the conversion failed part way.
template <class T>
std::remove_cv_t<T> from_value(value&& v) {
  try {
    return convert<std::remove_cv_t<T>>::from_value(std::move(v));
  } catch (const conversion_error&) {
    throw;
  } catch (const type_error& e) {
    throw conversion_error(e.what());
  }
}

/// The XML-RPC signature type name of `T` for introspection (system.methodSignature):
/// "int", "i8", "boolean", "string", "double", "dateTime.iso8601", "base64", "array",
/// "struct" or "nil". Integer types that may need 64 bits (64-bit types, unsigned 32-bit)
/// are "i8"; optional<T> is T's name; a variant whose alternatives share one name has
/// it. Types that can be any kind (`value`, mixed variants) and user traits without a
/// `type_name` member give "undef".
template <class T>
constexpr std::string_view type_name() noexcept {
  using trait = convert<std::remove_cvref_t<T>>;
  if constexpr (requires { trait::type_name; }) {
    return trait::type_name;
  } else {
    return "undef";
  }
}

namespace detail {

/// Runs `f()`; a conversion_error escaping it gets "[index]" prepended to its path.
template <class F>
decltype(auto) at_index(std::size_t index, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (conversion_error& e) {
    e.prepend_index(index);
    throw;
  }
}

/// Runs `f()`; a conversion_error escaping it gets "name" prepended to its path.
template <class F>
decltype(auto) at_member(std::string_view name, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (conversion_error& e) {
    e.prepend_member(name);
    throw;
  }
}

/// Throws conversion_error "expected <expected>, got <kind of v>".
[[noreturn]] void throw_expected(std::string_view expected, const value& v);
/// Throws conversion_error "expected array of N elements, got M".
[[noreturn]] void throw_length(std::size_t expected, std::size_t got);
/// Throws conversion_error "missing member \"name\"".
[[noreturn]] void throw_missing(std::string_view name);

/// The value as an array, else conversion_error.
inline const array& expect_array(const value& v) {
  if (!v.is_array()) throw_expected("array", v);
  return v.as_array();
}
/// The value as a struct, else conversion_error.
inline const members& expect_struct(const value& v) {
  if (!v.is_struct()) throw_expected("struct", v);
  return v.as_struct();
}

/// Integer range checks, out of line (error paths).
[[noreturn]] void throw_int_range(std::int64_t min, std::uint64_t max, std::int64_t got);
[[noreturn]] void throw_int_range(std::int64_t min, std::uint64_t max, std::uint64_t got);

/// dateTime <-> seconds since the epoch (UTC). The date_time's offset is applied.
/// @throws conversion_error  invalid fields ("invalid dateTime 20240230T00:00:00").
std::int64_t to_unix_seconds(const date_time& dt);
/// The UTC date_time of a count of seconds since the epoch (no offset).
date_time from_unix_seconds(std::int64_t seconds);
/// Throws conversion_error "dateTime ... out of range for system_clock::time_point".
[[noreturn]] void throw_time_point_range(const date_time& dt);

/// A mutable array/struct view for the rvalue conversions (same errors as above).
inline array& expect_array(value& v) {
  if (!v.is_array()) throw_expected("array", v);
  return v.as_array();
}
inline members& expect_struct(value& v) {
  if (!v.is_struct()) throw_expected("struct", v);
  return v.as_struct();
}

/// `x` as an rvalue when `V` (the deduced type of a `V&&` value parameter) says the value
/// was passed as an rvalue, else as a const lvalue: lets one template body serve both the
/// copying and the moving conversion.
template <class V, class X>
constexpr decltype(auto) like(X& x) noexcept {
  if constexpr (std::is_lvalue_reference_v<V>) {
    return static_cast<const X&>(x);
  } else {
    return static_cast<X&&>(x);
  }
}

/// The kind of `value` a conversion body accepts: `const value&` or `value` (an rvalue).
template <class V>
concept value_ref = std::same_as<std::remove_cvref_t<V>, value> &&
    (!std::is_lvalue_reference_v<V> || std::is_const_v<std::remove_reference_t<V>>);

/// Throws "expected a or b, got k" for a variant with the given alternative names.
[[noreturn]] void throw_no_alternative(std::initializer_list<std::string_view> names,
                                       const value& v);

template <class T>
concept integer = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
                  !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> &&
                  !std::same_as<T, char16_t> && !std::same_as<T, char32_t> && sizeof(T) <= 8;

constexpr std::string_view common_name(std::initializer_list<std::string_view> names) {
  std::string_view first = names.size() ? *names.begin() : std::string_view("undef");
  for (auto n : names) {
    if (n != first) return "undef";
  }
  return first;
}

}  // namespace detail

// ---- scalars ---------------------------------------------------------------------------

/// Identity.
template <>
struct convert<value> {
  static constexpr std::string_view type_name = "undef";
  static value to_value(const value& v) { return v; }
  static value to_value(value&& v) noexcept { return std::move(v); }
  static value from_value(const value& v) { return v; }
  static value from_value(value&& v) noexcept { return std::move(v); }
};

/// nil.
template <>
struct convert<nil_t> {
  static constexpr std::string_view type_name = "nil";
  static value to_value(nil_t) noexcept { return value(); }
  static nil_t from_value(const value& v) {
    if (!v.is_nil()) detail::throw_expected("nil", v);
    return nil;
  }
};

/// nil (for variants: `std::variant<std::monostate, int>`).
template <>
struct convert<std::monostate> {
  static constexpr std::string_view type_name = "nil";
  static value to_value(std::monostate) noexcept { return value(); }
  static std::monostate from_value(const value& v) {
    if (!v.is_nil()) detail::throw_expected("nil", v);
    return {};
  }
};

template <>
struct convert<bool> {
  static constexpr std::string_view type_name = "boolean";
  static value to_value(bool b) noexcept { return value(b); }
  static bool from_value(const value& v) {
    if (!v.is_bool()) detail::throw_expected("boolean", v);
    return v.as_bool();
  }
};

/// Integers: i4 when the number fits in 32 bits, else i8; reading range-checks into T
/// ("expected int in [0, 255], got 300").
template <detail::integer T>
struct convert<T> {
  static constexpr std::string_view type_name =
      (sizeof(T) < 4 || (sizeof(T) == 4 && std::is_signed_v<T>)) ? "int" : "i8";

  static value to_value(T x) {
    if (std::in_range<std::int32_t>(x)) return value(static_cast<std::int32_t>(x));
    if constexpr (std::is_unsigned_v<T> && sizeof(T) == 8) {
      if (!std::in_range<std::int64_t>(x)) {
        detail::throw_int_range(std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max(),
                                static_cast<std::uint64_t>(x));
      }
    }
    return value(static_cast<std::int64_t>(x));
  }

  static T from_value(const value& v) {
    if (!v.is_int()) detail::throw_expected("int", v);
    const std::int64_t i = v.as_i8();
    if (!std::in_range<T>(i)) {
      detail::throw_int_range(std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), i);
    }
    return static_cast<T>(i);
  }
};

/// double; reading also accepts an int (an i8 only if exactly representable).
template <>
struct convert<double> {
  static constexpr std::string_view type_name = "double";
  static value to_value(double d) noexcept { return value(d); }
  static double from_value(const value& v);
};

/// float, widened to double; reading checks the float range ("expected double in float
/// range, got 1e+300"; NaN and infinities pass).
template <>
struct convert<float> {
  static constexpr std::string_view type_name = "double";
  static value to_value(float f) noexcept { return value(static_cast<double>(f)); }
  static float from_value(const value& v);
};

template <>
struct convert<std::string> {
  static constexpr std::string_view type_name = "string";
  static value to_value(const std::string& s) { return value(s); }
  static value to_value(std::string&& s) noexcept { return value(std::move(s)); }
  static std::string from_value(const value& v) {
    if (!v.is_string()) detail::throw_expected("string", v);
    return v.as_string();
  }
  static std::string from_value(value&& v) {
    if (!v.is_string()) detail::throw_expected("string", v);
    return std::move(v.as_string());
  }
};

/// to_value only (a view into a value would dangle).
template <>
struct convert<std::string_view> {
  static constexpr std::string_view type_name = "string";
  static value to_value(std::string_view s) { return value(s); }
};

/// to_value only; `s` must not be null.
template <>
struct convert<const char*> {
  static constexpr std::string_view type_name = "string";
  static value to_value(const char* s) { return value(s); }
};

/// to_value only; `s` must not be null.
template <>
struct convert<char*> {
  static constexpr std::string_view type_name = "string";
  static value to_value(const char* s) { return value(s); }
};

template <>
struct convert<binary> {
  static constexpr std::string_view type_name = "base64";
  static value to_value(const binary& b) { return value(b); }
  static value to_value(binary&& b) noexcept { return value(std::move(b)); }
  static binary from_value(const value& v) {
    if (!v.is_binary()) detail::throw_expected("base64", v);
    return v.as_binary();
  }
  static binary from_value(value&& v) {
    if (!v.is_binary()) detail::throw_expected("base64", v);
    return std::move(v.as_binary());
  }
};

template <>
struct convert<date_time> {
  static constexpr std::string_view type_name = "dateTime.iso8601";
  static value to_value(const date_time& dt) noexcept { return value(dt); }
  static date_time from_value(const value& v) {
    if (!v.is_datetime()) detail::throw_expected("dateTime.iso8601", v);
    return v.as_datetime();
  }
};

/// system_clock time points <-> dateTime in UTC with whole seconds: to_value rounds down
/// to the second and writes no offset; from_value validates the fields (month, day of
/// month, 0-23 h, 0-59 min, 0-59 s; a leap second 60 is rejected), applies the offset when
/// present (none = UTC) and checks the range of `Duration` (nanosecond time points reach
/// years 1677-2262 only).
template <class Duration>
struct convert<std::chrono::time_point<std::chrono::system_clock, Duration>> {
  using time_point = std::chrono::time_point<std::chrono::system_clock, Duration>;
  static constexpr std::string_view type_name = "dateTime.iso8601";

  static value to_value(const time_point& tp) {
    const auto s = std::chrono::floor<std::chrono::seconds>(tp);
    return value(detail::from_unix_seconds(s.time_since_epoch().count()));
  }

  static time_point from_value(const value& v) {
    if (!v.is_datetime()) detail::throw_expected("dateTime.iso8601", v);
    const date_time& dt = v.as_datetime();
    const std::int64_t secs = detail::to_unix_seconds(dt);
    using std::chrono::seconds;
    if constexpr (std::ratio_greater_equal_v<typename Duration::period, std::ratio<1>>) {
      // Coarser than seconds (e.g. sys_days): dividing cannot overflow.
      return time_point(std::chrono::floor<Duration>(seconds(secs)));
    } else {
      // Compare in seconds so the check itself cannot overflow.
      const auto lo = std::chrono::ceil<seconds>(Duration::min()).count();
      const auto hi = std::chrono::floor<seconds>(Duration::max()).count();
      if (secs < lo || secs > hi) detail::throw_time_point_range(dt);
      return time_point(std::chrono::duration_cast<Duration>(seconds(secs)));
    }
  }
};

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
  static value to_value(const std::vector<T, Alloc>& xs) {
    array out;
    out.reserve(xs.size());
    for (const auto& x : xs)
      out.push_back(convert<T>::to_value(x));
    return value(std::move(out));
  }
  /// Moves the elements into the result (strings, base64, arrays and structs need not be
  /// copied).
  static value to_value(std::vector<T, Alloc>&& xs) {
    array out;
    out.reserve(xs.size());
    for (auto&& x : xs)  // auto&&: std::vector<bool>'s proxy references
      out.push_back(convert<T>::to_value(std::move(x)));
    return value(std::move(out));
  }
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
  static value to_value(const std::array<T, N>& xs) {
    array out;
    out.reserve(N);
    for (const auto& x : xs)
      out.push_back(convert<T>::to_value(x));
    return value(std::move(out));
  }
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

// SOCKRPC_STRUCT and the trait for described structs.
#include <sockrpc/rpc/value/convert_struct.hpp>
// try_from_value: conversion without exceptions for mismatches.
#include <sockrpc/rpc/value/convert_try.hpp>

// SPDX-License-Identifier: MIT
#pragma once

// The core of the conversions (see convert.hpp, the header to include): conversion_error,
// the `convert` trait, to_value / from_value / type_name, the helpers the traits share and
// the scalar conversions.
#include <sockrpc/rpc/value/value.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <ratio>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace sockrpc::rpc {

/// A failed conversion, with the path to the offending element:
/// what() is "[2].name: expected string, got int" (path "[2].name", detail
/// "expected string, got int"); at the top level what() is the detail alone.
/// Array elements add "[i]", struct members ".name" (no dot at the start). The path is
/// built while the exception unwinds through the containers (prepend_index /
/// prepend_member), so a server converting its parameters gets "[1]..." for the second one.
/// `code()` is errc::type_mismatch. A type_error, so `catch (const type_error&)` sees it
/// too; the detail and path are held in shared, immutable storage, so copying adds nothing
/// that can throw to the base's copy. Thread safety: distinct objects safe; concurrent const
/// access safe.
class conversion_error : public type_error {
 public:
  /// `detail` describes the problem, `path` locates it (empty: the top-level value).
  explicit conversion_error(std::string detail, std::string path = {});

  /// The path to the offending element, e.g. "[2].name"; empty for the top level.
  [[nodiscard]] const std::string& path() const noexcept { return parts_->path; }
  /// The problem without the path, e.g. "expected string, got int".
  [[nodiscard]] const std::string& detail() const noexcept { return parts_->detail; }

  /// Prefixes the path with an array index: "name" becomes "[3].name".
  /// @throws std::bad_alloc
  void prepend_index(std::size_t index);
  /// Prefixes the path with a struct member: "[0]" becomes "name[0]", "b" becomes "a.b".
  /// @throws std::bad_alloc
  void prepend_member(std::string_view name);

 private:
  struct parts {
    std::string detail;
    std::string path;
  };
  explicit conversion_error(std::shared_ptr<const parts> p);

  std::shared_ptr<const parts> parts_;
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

/// Runs `f()`; a conversion_error escaping it is passed to `amend` (which prepends to its
/// path) and rethrown.
template <class Amend, class F>
decltype(auto) amend_conversion_error(Amend amend, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (conversion_error& e) {
    amend(e);
    throw;
  }
}

/// Runs `f()`; a conversion_error escaping it gets "[index]" prepended to its path.
template <class F>
decltype(auto) at_index(std::size_t index, F&& f) {
  return amend_conversion_error([index](conversion_error& e) { e.prepend_index(index); },
                                std::forward<F>(f));
}

/// Runs `f()`; a conversion_error escaping it gets "name" prepended to its path.
template <class F>
decltype(auto) at_member(std::string_view name, F&& f) {
  return amend_conversion_error([name](conversion_error& e) { e.prepend_member(name); },
                                std::forward<F>(f));
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

}  // namespace sockrpc::rpc

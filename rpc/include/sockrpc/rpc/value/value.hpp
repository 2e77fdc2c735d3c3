// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>

#include <bit>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

/// The XML-RPC value model: one `value` type holding any XML-RPC datum.
///
/// Layout (sizeof(value) == 40 on LP64): a tagged union of a one-byte `kind` and a 32-byte
/// payload. Scalars (nil, boolean, i4, i8, double, dateTime) and strings up to the
/// std::string small-buffer size live inline: building them never allocates. base64,
/// array and struct hold their std::vector directly (24 bytes), so `array` is a flat
/// vector of 40-byte values and `members` a flat vector of (key, value) pairs; both can be
/// `reserve()`d. Moving a value moves the payload and never allocates.
/// Why not smaller: a 16-byte tag + pointer layout (XmlRpc++'s XmlRpcValue) puts every
/// string and dateTime on the heap; 40 bytes keeps the common scalars allocation-free.
/// Why hand-rolled rather than std::variant (also 40 bytes): inline accessors with a cold
/// out-of-line error path, and a move that is a switch over plain stores.
namespace sockrpc::rpc {

/// The type held by a `value` (spelled `value::kind`), in the order of the XML-RPC spec
/// plus the extensions nil and i8. Declared before `nil` and `array` so the enumerators
/// `kind::nil` and `kind::array` do not shadow them.
enum class value_kind : std::uint8_t {
  nil,
  boolean,
  i4,
  i8,
  double_,
  string,
  datetime,
  base64,
  array,
  struct_
};

/// The XML-RPC `<nil/>` extension. Compares equal to itself.
struct nil_t {
  friend bool operator==(nil_t, nil_t) = default;
};
/// The nil value: `value v = nil;`.
inline constexpr nil_t nil{};

/// The payload of `<base64>`: raw bytes (the codec encodes/decodes base64).
using binary = std::vector<std::byte>;

/// `<dateTime.iso8601>`: the fields as written, not validated here (conversions to
/// `std::chrono::system_clock::time_point` validate them). No time zone
/// (`utc_offset_minutes` empty) = unspecified, treated as UTC by conversions; an offset is
/// kept for round trips when the document had one (`Z` reads as 0).
/// Equality compares the fields as written: 12:00+01:00 != 11:00Z (compare instants by
/// converting to time_point).
struct date_time {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::optional<int> utc_offset_minutes;

  friend bool operator==(const date_time&, const date_time&) = default;
};

/// "YYYYMMDDTHH:MM:SS", followed by "Z" (offset 0) or "+HH:MM"/"-HH:MM" when an offset is
/// present. The year is zero-padded to four digits. Deterministic, for logs and tests.
std::string to_string(const date_time& dt);
/// Writes `to_string(dt)`.
std::ostream& operator<<(std::ostream& os, const date_time& dt);
/// Writes "nil".
std::ostream& operator<<(std::ostream& os, nil_t);

class value;

/// `<array>`: a vector of values.
///
/// Nesting: to build an array whose one element is another array, write
/// `array{value(inner)}`. `array{inner}` with a single `array` element is a copy of
/// `inner` on some compilers (clang) and a one-element array on others (GCC): the
/// language lets both read the braces.
using array = std::vector<value>;

/// `<struct>`: members with string keys in insertion order (the order of the document, or
/// the order they were added). Lookup is a linear scan (structs are small in practice and
/// a scan over a flat vector beats hashing for them); `find` returns the first member
/// with the key. The container accepts duplicate keys; the codec rejects documents that
/// have them. Equality ignores member order (see operator==).
/// TODO(perf): an index for large structs if lookups in them ever show up in profiles.
/// Value type: copies, compares and prints. Thread safety: distinct objects safe.
///
/// Example: `members m{{"x", 1}, {"y", "two"}}; m.emplace_back("z", 3.0);`
class members {
 public:
  using value_type = std::pair<std::string, value>;
  using container_type = std::vector<value_type>;
  using iterator = container_type::iterator;
  using const_iterator = container_type::const_iterator;
  using size_type = std::size_t;

  /// An empty struct.
  members() noexcept = default;
  /// The given members, in order (duplicates kept, see class docs).
  members(std::initializer_list<value_type> init);

  /// Appends a member (no duplicate check). Returns the new member's value.
  value& push_back(std::string key, value v);
  /// Appends a member constructed in place (no duplicate check). Returns its value.
  template <class... Args>
  value& emplace_back(std::string key, Args&&... args);

  /// The value of the first member named `key`, or nullptr. The pointer is valid until the
  /// struct is modified.
  [[nodiscard]] const value* find(std::string_view key) const noexcept;
  /// Same as above, mutable.
  [[nodiscard]] value* find(std::string_view key) noexcept;
  /// True if a member named `key` exists.
  [[nodiscard]] bool contains(std::string_view key) const noexcept { return find(key) != nullptr; }
  /// The value of the first member named `key`.
  /// @throws std::out_of_range  no such member; what() names the key.
  [[nodiscard]] const value& at(std::string_view key) const;
  /// Same as above, mutable.
  [[nodiscard]] value& at(std::string_view key);
  /// Removes every member named `key`; returns how many were removed.
  size_type erase(std::string_view key);

  [[nodiscard]] size_type size() const noexcept;
  [[nodiscard]] bool empty() const noexcept;
  void reserve(size_type n);
  void clear() noexcept;

  iterator begin() noexcept;
  iterator end() noexcept;
  const_iterator begin() const noexcept;
  const_iterator end() const noexcept;

  /// Equal when both hold the same keys with equal values, in any order; members sharing
  /// a key are matched in their relative order. O(n) when the orders agree, else
  /// O(n log n).
  friend bool operator==(const members& a, const members& b);

 private:
  container_type items_;
};

/// Thrown when a value is accessed as the wrong type or a number is out of range for the
/// requested C++ type. A `sockrpc::error`: `code()` is `rpc::errc::type_mismatch`; `what()`
/// is exactly the message, e.g. "expected int, got string" or "expected int in [0, 255],
/// got 300". Copying never throws. Thread safety: distinct objects safe; concurrent const
/// access safe.
class type_error : public sockrpc::error {
 public:
  /// `message` becomes what().
  explicit type_error(std::string_view message);
};

/// One XML-RPC value: nil, boolean, int (i4), i8, double, string, dateTime.iso8601,
/// base64, array or struct.
///
/// A value type: copies deeply, compares (operator==), prints (to_string, operator<<).
/// Moving never allocates or throws; a moved-from value is valid but unspecified (it may
/// be assigned to, destroyed, or inspected, nothing else is promised).
/// Thread safety: distinct objects safe; concurrent const access is safe.
///
/// Construction is implicit. `std::int32_t` makes i4 and `std::int64_t` makes i8, exactly
/// (the codec keeps `<i8>5</i8>` an i8). Every other integer type (`unsigned`, `size_t`,
/// `short`, `long long`, ...) makes the smallest kind that holds the number: i4 when it
/// fits in 32 bits, else i8; an unsigned number above INT64_MAX throws type_error. This
/// matches `to_value` and keeps `value(v.size())` an `<int>` for peers without i8.
/// `char` types, `nullptr` and pointers (other than `const char*`) do not convert. NaN and
/// infinities may be stored (the codec refuses to write them, errc::unrepresentable, and never
/// produces them).
///
/// Example:
/// ```
/// value v = members{{"name", "ada"}, {"langs", array{"en", "fr"}}, {"age", 36}};
/// v["langs"][1].as_string();   // "fr"
/// v.to_string();               // {"name": "ada", "langs": ["en", "fr"], "age": 36}
/// ```
class value {
 public:
  /// The type of the held value (see value_kind).
  using kind = value_kind;

  /// The XML-RPC type name of a kind: "nil", "boolean", "int", "i8", "double", "string",
  /// "dateTime.iso8601", "base64", "array", "struct". Used in error messages.
  static std::string_view kind_name(kind k) noexcept;

  /// nil.
  value() noexcept : kind_(kind::nil) {}
  /// nil.
  value(nil_t) noexcept : kind_(kind::nil) {}
  /// boolean. A template so that pointers and other types never silently become bool.
  template <class B>
  requires std::same_as<B, bool> value(B b)
  noexcept : kind_(kind::boolean) { u_.b = b; }
  /// i4.
  value(std::int32_t i) noexcept : kind_(kind::i4) { u_.i4 = i; }
  /// i8 (even when the number would fit in i4: the codec keeps `<i8>` as written).
  value(std::int64_t i) noexcept : kind_(kind::i8) { u_.i8 = i; }
  /// Other integer types: i4 if the number fits, else i8 (see class docs).
  /// @throws type_error  an unsigned value above INT64_MAX.
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, std::int32_t> &&
           !std::same_as<T, std::int64_t> && !std::same_as<T, char> && !std::same_as<T, wchar_t> &&
           !std::same_as<T, char8_t> && !std::same_as<T, char16_t> && !std::same_as<T, char32_t> &&
           sizeof(T) <= 8) value(T i);
  /// Characters are not numbers: use a string.
  template <class C>
  requires(std::same_as<C, char> || std::same_as<C, wchar_t> || std::same_as<C, char8_t> ||
           std::same_as<C, char16_t> || std::same_as<C, char32_t>) value(C)
  = delete;
  /// Ambiguous: write `nil` or a string.
  value(std::nullptr_t) = delete;
  /// double (NaN and infinities allowed, see class docs).
  value(double d) noexcept : kind_(kind::double_) { u_.d = d; }
  /// string (UTF-8 expected, not checked here).
  value(std::string s) noexcept : kind_(kind::string) { new (&u_.s) std::string(std::move(s)); }
  /// string, copied.
  value(std::string_view s) : kind_(kind::string) { new (&u_.s) std::string(s); }
  /// string, copied. `s` must not be null.
  value(const char* s) : value(std::string_view(s)) {}
  /// dateTime.iso8601.
  value(const date_time& dt) noexcept : kind_(kind::datetime) { new (&u_.dt) date_time(dt); }
  /// base64.
  value(binary b) noexcept : kind_(kind::base64) { new (&u_.bin) binary(std::move(b)); }
  /// array.
  value(array a) noexcept : kind_(kind::array) { new (&u_.arr) rpc::array(std::move(a)); }
  /// struct.
  value(members m) noexcept : kind_(kind::struct_) { new (&u_.mem) members(std::move(m)); }

  /// Deep copy. @throws std::bad_alloc
  value(const value& other);
  /// Moves the payload; `other` is left valid but unspecified.
  value(value&& other) noexcept { move_from(other); }
  /// Deep copy (strong guarantee; `other` may be an element of *this).
  value& operator=(const value& other);
  /// Move (`other` may be an element of *this).
  value& operator=(value&& other) noexcept;
  ~value() { destroy(); }

  friend void swap(value& a, value& b) noexcept {
    value t(std::move(a));
    a = std::move(b);
    b = std::move(t);
  }

  /// The kind of the held value.
  [[nodiscard]] kind type() const noexcept { return kind_; }
  /// `kind_name(type())`.
  [[nodiscard]] std::string_view type_name() const noexcept { return kind_name(kind_); }

  [[nodiscard]] bool is_nil() const noexcept { return kind_ == kind::nil; }
  [[nodiscard]] bool is_bool() const noexcept { return kind_ == kind::boolean; }
  /// i4 or i8.
  [[nodiscard]] bool is_int() const noexcept { return kind_ == kind::i4 || kind_ == kind::i8; }
  [[nodiscard]] bool is_double() const noexcept { return kind_ == kind::double_; }
  [[nodiscard]] bool is_string() const noexcept { return kind_ == kind::string; }
  [[nodiscard]] bool is_datetime() const noexcept { return kind_ == kind::datetime; }
  [[nodiscard]] bool is_binary() const noexcept { return kind_ == kind::base64; }
  [[nodiscard]] bool is_array() const noexcept { return kind_ == kind::array; }
  [[nodiscard]] bool is_struct() const noexcept { return kind_ == kind::struct_; }

  // Typed access. Each throws type_error ("expected X, got Y") on the wrong kind.

  /// @throws type_error  not a boolean.
  [[nodiscard]] bool as_bool() const;
  /// An i4, or an i8 whose number fits in 32 bits.
  /// @throws type_error  not an integer ("expected int, got string"), or an i8 out of
  ///   range ("expected int in [-2147483648, 2147483647], got 4294967296").
  [[nodiscard]] std::int32_t as_i4() const;
  /// An i4 or i8, widened. @throws type_error  not an integer.
  [[nodiscard]] std::int64_t as_i8() const;
  /// Only a double (integers are not converted here; `from_value<double>` does).
  /// @throws type_error  not a double.
  [[nodiscard]] double as_double() const;
  /// @throws type_error  not a string.
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] std::string& as_string();
  /// @throws type_error  not a dateTime.iso8601.
  [[nodiscard]] const date_time& as_datetime() const;
  [[nodiscard]] date_time& as_datetime();
  /// @throws type_error  not a base64.
  [[nodiscard]] const binary& as_binary() const;
  [[nodiscard]] binary& as_binary();
  /// @throws type_error  not an array.
  [[nodiscard]] const rpc::array& as_array() const;
  [[nodiscard]] rpc::array& as_array();
  /// @throws type_error  not a struct.
  [[nodiscard]] const members& as_struct() const;
  [[nodiscard]] members& as_struct();

  /// Array element. @throws type_error  not an array; std::out_of_range  bad index.
  const value& operator[](std::size_t i) const;
  value& operator[](std::size_t i);
  /// Struct member (the first with that key).
  /// @throws type_error  not a struct; std::out_of_range  no such member.
  const value& operator[](std::string_view key) const;
  value& operator[](std::string_view key);

  /// Same kind and equal payload. Doubles compare bit for bit (so -0.0 != 0.0 and a NaN
  /// equals a NaN with the same bits: equality stays an equivalence relation). i4 5 and
  /// i8 5 differ (different kinds). Structs ignore member order (see members).
  friend bool operator==(const value& a, const value& b) noexcept;

  /// Readable, deterministic text for logs and test failures, JSON-like:
  /// `{"a": 1, "b": [true, "x", i8(5), 1.5, nil, dateTime(20240131T12:34:56), base64("AAE=")]}`.
  /// i8 prints as `i8(N)`; doubles print the shortest round-trip form and always carry a
  /// '.' or exponent (`1.0`, `-0.0`, `1e+300`, `nan`, `inf`); strings are quoted with
  /// JSON escapes for '"', '\\' and control characters, other bytes (UTF-8) as is.
  [[nodiscard]] std::string to_string() const;
  /// Appends `to_string()` to `out` (no intermediate string).
  void append_to(std::string& out) const;
  /// Writes `to_string()`.
  friend std::ostream& operator<<(std::ostream& os, const value& v);

 private:
  union storage {
    storage() noexcept {}
    ~storage() {}
    bool b;
    std::int32_t i4;
    std::int64_t i8;
    double d;
    std::string s;
    date_time dt;
    binary bin;
    rpc::array arr;
    members mem;
  };

  [[noreturn]] static void throw_mismatch(std::string_view expected, kind got);
  [[noreturn]] static void throw_i4_range(std::int64_t got);
  template <class Other>
  void construct_from(Other&& other);
  void move_from(value& other) noexcept;
  void destroy() noexcept;

  storage u_;
  kind kind_;
};

/// Writes `to_string(m)` of the struct (as `value(m)` would print).
std::ostream& operator<<(std::ostream& os, const members& m);
/// GoogleTest printers (found by ADL), so failures show readable values.
void PrintTo(const value& v, std::ostream* os);
void PrintTo(const members& m, std::ostream* os);
void PrintTo(const date_time& dt, std::ostream* os);

namespace detail {
/// "expected int in [min, max], got N": the message of an integer range error.
std::string range_message(std::int64_t min, std::uint64_t max, std::string_view got);
}  // namespace detail

// ---- inline definitions ------------------------------------------------------------

template <std::integral T>
requires(!std::same_as<T, bool> && !std::same_as<T, std::int32_t> &&
         !std::same_as<T, std::int64_t> && !std::same_as<T, char> && !std::same_as<T, wchar_t> &&
         !std::same_as<T, char8_t> && !std::same_as<T, char16_t> && !std::same_as<T, char32_t> &&
         sizeof(T) <= 8) value::value(T i) {
  if (std::in_range<std::int32_t>(i)) {
    kind_ = kind::i4;
    u_.i4 = static_cast<std::int32_t>(i);
  } else if (std::in_range<std::int64_t>(i)) {
    kind_ = kind::i8;
    u_.i8 = static_cast<std::int64_t>(i);
  } else {
    throw type_error(detail::range_message(std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(),
                                           std::to_string(i)));
  }
}

// One switch for copying and moving: `Other` is `const value&` (copy each payload) or
// `value` (move it; `other` is left valid but unspecified).
template <class Other>
void value::construct_from(Other&& other) {
  kind_ = other.kind_;
  auto&& u = std::forward<Other>(other).u_;  // an rvalue iff `other` is one
  using storage_ref = decltype(u);
  switch (kind_) {
    case kind::nil:
      break;
    case kind::boolean:
      u_.b = u.b;
      break;
    case kind::i4:
      u_.i4 = u.i4;
      break;
    case kind::i8:
      u_.i8 = u.i8;
      break;
    case kind::double_:
      u_.d = u.d;
      break;
    case kind::string:
      new (&u_.s) std::string(std::forward<storage_ref>(u).s);
      break;
    case kind::datetime:
      new (&u_.dt) date_time(u.dt);
      break;
    case kind::base64:
      new (&u_.bin) binary(std::forward<storage_ref>(u).bin);
      break;
    case kind::array:
      new (&u_.arr) rpc::array(std::forward<storage_ref>(u).arr);
      break;
    case kind::struct_:
      new (&u_.mem) members(std::forward<storage_ref>(u).mem);
      break;
  }
}

inline void value::move_from(value& other) noexcept {
  construct_from(std::move(other));
}

inline void value::destroy() noexcept {
  switch (kind_) {
    case kind::string:
      std::destroy_at(&u_.s);
      break;
    case kind::base64:
      std::destroy_at(&u_.bin);
      break;
    case kind::array:
      std::destroy_at(&u_.arr);
      break;
    case kind::struct_:
      std::destroy_at(&u_.mem);
      break;
    default:
      break;  // trivially destructible payloads
  }
}

inline value& value::operator=(value&& other) noexcept {
  if (this == &other) return *this;
  if (kind_ <= kind::datetime && kind_ != kind::string) {
    // Nothing owned: `other` cannot live inside *this.
    move_from(other);
  } else {
    value tmp(std::move(other));  // `other` may be an element of *this
    destroy();
    move_from(tmp);
  }
  return *this;
}

inline bool value::as_bool() const {
  if (kind_ != kind::boolean) throw_mismatch("boolean", kind_);
  return u_.b;
}
inline std::int32_t value::as_i4() const {
  if (kind_ == kind::i4) return u_.i4;
  if (kind_ != kind::i8) throw_mismatch("int", kind_);
  if (!std::in_range<std::int32_t>(u_.i8)) throw_i4_range(u_.i8);
  return static_cast<std::int32_t>(u_.i8);
}
inline std::int64_t value::as_i8() const {
  if (kind_ == kind::i4) return u_.i4;
  if (kind_ != kind::i8) throw_mismatch("int", kind_);
  return u_.i8;
}
inline double value::as_double() const {
  if (kind_ != kind::double_) throw_mismatch("double", kind_);
  return u_.d;
}
inline const std::string& value::as_string() const {
  if (kind_ != kind::string) throw_mismatch("string", kind_);
  return u_.s;
}
inline std::string& value::as_string() {
  return const_cast<std::string&>(std::as_const(*this).as_string());
}
inline const date_time& value::as_datetime() const {
  if (kind_ != kind::datetime) throw_mismatch("dateTime.iso8601", kind_);
  return u_.dt;
}
inline date_time& value::as_datetime() {
  return const_cast<date_time&>(std::as_const(*this).as_datetime());
}
inline const binary& value::as_binary() const {
  if (kind_ != kind::base64) throw_mismatch("base64", kind_);
  return u_.bin;
}
inline binary& value::as_binary() {
  return const_cast<binary&>(std::as_const(*this).as_binary());
}
inline const array& value::as_array() const {
  if (kind_ != kind::array) throw_mismatch("array", kind_);
  return u_.arr;
}
inline array& value::as_array() {
  return const_cast<array&>(std::as_const(*this).as_array());
}
inline const members& value::as_struct() const {
  if (kind_ != kind::struct_) throw_mismatch("struct", kind_);
  return u_.mem;
}
inline members& value::as_struct() {
  return const_cast<members&>(std::as_const(*this).as_struct());
}

// members' bodies that touch the vector need `value` complete (clang and libstdc++
// instantiate pair<string, value> eagerly), so they live below `value`.
inline members::size_type members::size() const noexcept {
  return items_.size();
}
inline bool members::empty() const noexcept {
  return items_.empty();
}
inline void members::reserve(size_type n) {
  items_.reserve(n);
}
inline void members::clear() noexcept {
  items_.clear();
}
inline members::iterator members::begin() noexcept {
  return items_.begin();
}
inline members::iterator members::end() noexcept {
  return items_.end();
}
inline members::const_iterator members::begin() const noexcept {
  return items_.begin();
}
inline members::const_iterator members::end() const noexcept {
  return items_.end();
}

inline value& members::push_back(std::string key, value v) {
  return items_.emplace_back(std::move(key), std::move(v)).second;
}

template <class... Args>
value& members::emplace_back(std::string key, Args&&... args) {
  return items_
      .emplace_back(std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                    std::forward_as_tuple(std::forward<Args>(args)...))
      .second;
}

inline const value* members::find(std::string_view key) const noexcept {
  for (const auto& m : items_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

inline value* members::find(std::string_view key) noexcept {
  for (auto& m : items_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

}  // namespace sockrpc::rpc

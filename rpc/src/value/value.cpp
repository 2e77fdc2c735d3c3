// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/value.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace sockrpc::rpc {
namespace {

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void append_base64(std::string& out, const binary& bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  for (; i + 3 <= n; i += 3) {
    const unsigned v = (std::to_integer<unsigned>(bytes[i]) << 16) |
                       (std::to_integer<unsigned>(bytes[i + 1]) << 8) |
                       std::to_integer<unsigned>(bytes[i + 2]);
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += base64_alphabet[(v >> 6) & 63];
    out += base64_alphabet[v & 63];
  }
  if (n - i == 1) {
    const unsigned v = std::to_integer<unsigned>(bytes[i]) << 16;
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (n - i == 2) {
    const unsigned v = (std::to_integer<unsigned>(bytes[i]) << 16) |
                       (std::to_integer<unsigned>(bytes[i + 1]) << 8);
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += base64_alphabet[(v >> 6) & 63];
    out += '=';
  }
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <class Int>
void append_int(std::string& out, Int i) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, r.ptr);
}

void append_double(std::string& out, double d) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  const std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
  out += text;
  // Keep doubles visibly distinct from ints: 1 -> "1.0".
  if (text.find_first_of(".eni") == std::string_view::npos) out += ".0";
}

void append_datetime(std::string& out, const date_time& dt) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d:%02d:%02d", dt.year, dt.month,
                              dt.day, dt.hour, dt.minute, dt.second);
  out.append(buf, static_cast<std::size_t>(n));
  if (dt.utc_offset_minutes) {
    const int off = *dt.utc_offset_minutes;
    if (off == 0) {
      out += 'Z';
    } else {
      const long mag = off < 0 ? -static_cast<long>(off) : off;
      const int m =
          std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", off < 0 ? '-' : '+', mag / 60, mag % 60);
      out.append(buf, static_cast<std::size_t>(m));
    }
  }
}

void append_members(std::string& out, const members& m) {
  out += '{';
  bool first = true;
  for (const auto& [key, v] : m) {
    if (!first) out += ", ";
    first = false;
    append_quoted(out, key);
    out += ": ";
    v.append_to(out);
  }
  out += '}';
}

}  // namespace

// ---- date_time ------------------------------------------------------------------------

std::string to_string(const date_time& dt) {
  std::string out;
  append_datetime(out, dt);
  return out;
}

std::ostream& operator<<(std::ostream& os, const date_time& dt) {
  return os << to_string(dt);
}
std::ostream& operator<<(std::ostream& os, nil_t) {
  return os << "nil";
}

// ---- errors ---------------------------------------------------------------------------

type_error::type_error(std::string_view message)
    : sockrpc::error(make_error_code(errc::type_mismatch), message) {}

std::string detail::range_message(std::int64_t min, std::uint64_t max, std::string_view got) {
  std::string out = "expected int in [";
  append_int(out, min);
  out += ", ";
  append_int(out, max);
  out += "], got ";
  out += got;
  return out;
}

void value::throw_mismatch(std::string_view expected, kind got) {
  std::string msg = "expected ";
  msg += expected;
  msg += ", got ";
  msg += kind_name(got);
  throw type_error(std::move(msg));
}

void value::throw_i4_range(std::int64_t got) {
  throw type_error(detail::range_message(std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max(),
                                         std::to_string(got)));
}

// ---- members --------------------------------------------------------------------------

members::members(std::initializer_list<value_type> init) : items_(init) {}

const value& members::at(std::string_view key) const {
  if (const value* v = find(key)) return *v;
  std::string msg = "struct has no member ";
  append_quoted(msg, key);
  throw std::out_of_range(msg);
}

value& members::at(std::string_view key) {
  return const_cast<value&>(std::as_const(*this).at(key));
}

members::size_type members::erase(std::string_view key) {
  return std::erase_if(items_, [key](const value_type& m) { return m.first == key; });
}

bool operator==(const members& a, const members& b) {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  std::size_t i = 0;
  while (i < n && a.items_[i] == b.items_[i])
    ++i;
  if (i == n) return true;  // same order: the common case
  // Order differs: compare the remainders sorted by key (stable, so duplicates of a key
  // are matched in their relative order).
  std::vector<const members::value_type*> pa, pb;
  pa.reserve(n - i);
  pb.reserve(n - i);
  for (std::size_t j = i; j < n; ++j) {
    pa.push_back(&a.items_[j]);
    pb.push_back(&b.items_[j]);
  }
  const auto by_key = [](const members::value_type* x, const members::value_type* y) {
    return x->first < y->first;
  };
  std::stable_sort(pa.begin(), pa.end(), by_key);
  std::stable_sort(pb.begin(), pb.end(), by_key);
  for (std::size_t j = 0; j < pa.size(); ++j) {
    if (!(*pa[j] == *pb[j])) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& os, const members& m) {
  std::string out;
  append_members(out, m);
  return os << out;
}

// ---- value ----------------------------------------------------------------------------

std::string_view value::kind_name(kind k) noexcept {
  // The XML-RPC element names, in the order of value_kind's enumerators.
  static constexpr std::string_view names[] = {
      "nil",    "boolean",          "int",    "i8",    "double",
      "string", "dateTime.iso8601", "base64", "array", "struct",
  };
  static_assert(std::size(names) == static_cast<std::size_t>(kind::struct_) + 1);
  const auto i = static_cast<std::size_t>(k);
  return i < std::size(names) ? names[i] : "unknown";
}

value::value(const value& other) {
  construct_from(other);
}

value& value::operator=(const value& other) {
  if (this != &other) {
    value tmp(other);
    *this = std::move(tmp);
  }
  return *this;
}

const value& value::operator[](std::size_t i) const {
  const auto& a = as_array();
  if (i >= a.size()) {
    throw std::out_of_range("array index " + std::to_string(i) + " out of range (size " +
                            std::to_string(a.size()) + ")");
  }
  return a[i];
}

value& value::operator[](std::size_t i) {
  return const_cast<value&>(std::as_const(*this)[i]);
}

const value& value::operator[](std::string_view key) const {
  return as_struct().at(key);
}
value& value::operator[](std::string_view key) {
  return as_struct().at(key);
}

bool operator==(const value& a, const value& b) noexcept {
  if (a.kind_ != b.kind_) return false;
  using kind = value::kind;
  switch (a.kind_) {
    case kind::nil:
      return true;
    case kind::boolean:
      return a.u_.b == b.u_.b;
    case kind::i4:
      return a.u_.i4 == b.u_.i4;
    case kind::i8:
      return a.u_.i8 == b.u_.i8;
    case kind::double_:
      return std::bit_cast<std::uint64_t>(a.u_.d) == std::bit_cast<std::uint64_t>(b.u_.d);
    case kind::string:
      return a.u_.s == b.u_.s;
    case kind::datetime:
      return a.u_.dt == b.u_.dt;
    case kind::base64:
      return a.u_.bin == b.u_.bin;
    case kind::array:
      return a.u_.arr == b.u_.arr;
    case kind::struct_:
      return a.u_.mem == b.u_.mem;
  }
  return false;
}

void value::append_to(std::string& out) const {
  switch (kind_) {
    case kind::nil:
      out += "nil";
      break;
    case kind::boolean:
      out += u_.b ? "true" : "false";
      break;
    case kind::i4:
      append_int(out, u_.i4);
      break;
    case kind::i8:
      out += "i8(";
      append_int(out, u_.i8);
      out += ')';
      break;
    case kind::double_:
      append_double(out, u_.d);
      break;
    case kind::string:
      append_quoted(out, u_.s);
      break;
    case kind::datetime:
      out += "dateTime(";
      append_datetime(out, u_.dt);
      out += ')';
      break;
    case kind::base64:
      out += "base64(\"";
      append_base64(out, u_.bin);
      out += "\")";
      break;
    case kind::array: {
      out += '[';
      bool first = true;
      for (const auto& v : u_.arr) {
        if (!first) out += ", ";
        first = false;
        v.append_to(out);
      }
      out += ']';
      break;
    }
    case kind::struct_:
      append_members(out, u_.mem);
      break;
  }
}

std::string value::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

std::ostream& operator<<(std::ostream& os, const value& v) {
  return os << v.to_string();
}

void PrintTo(const value& v, std::ostream* os) {
  *os << v.to_string();
}
void PrintTo(const members& m, std::ostream* os) {
  *os << m;
}
void PrintTo(const date_time& dt, std::ostream* os) {
  *os << to_string(dt);
}

}  // namespace sockrpc::rpc

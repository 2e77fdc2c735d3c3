// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/convert.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace sockrpc::rpc {

// ---- conversion_error --------------------------------------------------------------------

namespace {

std::string message_of(const std::string& detail, const std::string& path) {
  if (path.empty()) return detail;
  std::string out;
  out.reserve(path.size() + 2 + detail.size());
  out += path;
  out += ": ";
  out += detail;
  return out;
}

void prepend_index_to(std::string& path, std::size_t index) {
  // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict, GCC bug 105329) on
  // "[" + std::to_string(index) + "]".
  std::string p(1, '[');
  p += std::to_string(index);
  p += ']';
  if (!path.empty() && path.front() != '[') p += '.';
  path.insert(0, p);
}

void prepend_member_to(std::string& path, std::string_view name) {
  std::string p(name);
  if (!path.empty() && path.front() != '[') p += '.';
  path.insert(0, p);
}

std::string expected_message(std::string_view expected, const value& v) {
  std::string msg = "expected ";
  msg += expected;
  msg += ", got ";
  msg += v.type_name();
  return msg;
}

}  // namespace

conversion_error::conversion_error(std::string detail, std::string path)
    : conversion_error(std::make_shared<const parts>(parts{std::move(detail), std::move(path)})) {}

conversion_error::conversion_error(std::shared_ptr<const parts> p)
    : type_error(message_of(p->detail, p->path)), parts_(std::move(p)) {}

// The base holds the message: a new path makes a new error, assigned over this one.
void conversion_error::prepend_index(std::size_t index) {
  std::string path = parts_->path;
  prepend_index_to(path, index);
  *this = conversion_error(parts_->detail, std::move(path));
}

void conversion_error::prepend_member(std::string_view name) {
  std::string path = parts_->path;
  prepend_member_to(path, name);
  *this = conversion_error(parts_->detail, std::move(path));
}

// ---- conversion_failure ------------------------------------------------------------------

std::string conversion_failure::message() const {
  return message_of(detail, path);
}

void conversion_failure::prepend_index(std::size_t index) {
  prepend_index_to(path, index);
}

void conversion_failure::prepend_member(std::string_view name) {
  prepend_member_to(path, name);
}

// ---- error helpers --------------------------------------------------------------------------

namespace detail {

void throw_expected(std::string_view expected, const value& v) {
  throw conversion_error(expected_message(expected, v));
}

void set_expected(conversion_failure& err, std::string_view expected, const value& v) {
  err.detail = expected_message(expected, v);
  err.path.clear();
}

void set_int_range(conversion_failure& err, std::int64_t min, std::uint64_t max, std::int64_t got) {
  err.detail = range_message(min, max, std::to_string(got));
  err.path.clear();
}

void throw_length(std::size_t expected, std::size_t got) {
  throw conversion_error("expected array of " + std::to_string(expected) + " elements, got " +
                         std::to_string(got));
}

void throw_missing(std::string_view name) {
  std::string msg = "missing member \"";
  msg += name;
  msg += '"';
  throw conversion_error(std::move(msg));
}

void throw_int_range(std::int64_t min, std::uint64_t max, std::int64_t got) {
  throw conversion_error(range_message(min, max, std::to_string(got)));
}

void throw_int_range(std::int64_t min, std::uint64_t max, std::uint64_t got) {
  throw conversion_error(range_message(min, max, std::to_string(got)));
}

void throw_no_alternative(std::initializer_list<std::string_view> names, const value& v) {
  std::string msg = "expected ";
  std::size_t i = 0;
  for (const auto name : names) {
    if (i > 0) msg += (i + 1 == names.size()) ? " or " : ", ";
    msg += name;
    ++i;
  }
  msg += ", got ";
  msg += v.type_name();
  throw conversion_error(std::move(msg));
}

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian), in 64 bits so
// no int field can overflow them.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(std::int64_t y) noexcept {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int days_in_month(std::int64_t y, int m) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

[[noreturn]] void throw_invalid(const date_time& dt) {
  throw conversion_error("invalid dateTime " + rpc::to_string(dt));
}

}  // namespace

std::int64_t to_unix_seconds(const date_time& dt) {
  if (dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > days_in_month(dt.year, dt.month) ||
      dt.hour < 0 || dt.hour > 23 || dt.minute < 0 || dt.minute > 59 || dt.second < 0 ||
      dt.second > 59 ||
      (dt.utc_offset_minutes &&
       (*dt.utc_offset_minutes <= -24 * 60 || *dt.utc_offset_minutes >= 24 * 60))) {
    throw_invalid(dt);
  }
  const std::int64_t days =
      days_from_civil(dt.year, static_cast<unsigned>(dt.month), static_cast<unsigned>(dt.day));
  std::int64_t secs = days * 86400 + dt.hour * 3600 + dt.minute * 60 + dt.second;
  // Local time = UTC + offset, so UTC = local - offset.
  if (dt.utc_offset_minutes) secs -= std::int64_t{*dt.utc_offset_minutes} * 60;
  return secs;
}

date_time from_unix_seconds(std::int64_t seconds) {
  // Floor division: -1 s is 23:59:59 of the day before the epoch.
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const civil c = civil_from_days(days);
  if (!std::in_range<int>(c.year)) {
    throw conversion_error("time point " + std::to_string(seconds) +
                           " s out of range for dateTime");
  }
  date_time dt;
  dt.year = static_cast<int>(c.year);
  dt.month = static_cast<int>(c.month);
  dt.day = static_cast<int>(c.day);
  dt.hour = static_cast<int>(rem / 3600);
  dt.minute = static_cast<int>(rem / 60 % 60);
  dt.second = static_cast<int>(rem % 60);
  return dt;
}

void throw_time_point_range(const date_time& dt) {
  throw conversion_error("dateTime " + rpc::to_string(dt) +
                         " out of range for system_clock::time_point");
}

}  // namespace detail

// ---- floating point -------------------------------------------------------------------------

bool detail::try_double(const value& v, double& out, conversion_failure& err) {
  switch (v.type()) {
    case value::kind::double_:
      out = v.as_double();
      return true;
    case value::kind::i4:
      out = v.as_i4();
      return true;
    case value::kind::i8: {
      constexpr std::int64_t exact = std::int64_t{1} << std::numeric_limits<double>::digits;
      const std::int64_t i = v.as_i8();
      if (i < -exact || i > exact) {
        err.detail =
            "expected double, got i8 " + std::to_string(i) + " (not exactly representable)";
        err.path.clear();
        return false;
      }
      out = static_cast<double>(i);
      return true;
    }
    default:
      detail::set_expected(err, "double", v);
      return false;
  }
}

double convert<double>::from_value(const value& v) {
  double d = 0;
  conversion_failure err;
  if (!detail::try_double(v, d, err)) throw conversion_error(std::move(err.detail));
  return d;
}

float convert<float>::from_value(const value& v) {
  const double d = convert<double>::from_value(v);
  if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max()) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    throw conversion_error("expected double in float range, got " + std::string(buf, r.ptr));
  }
  return static_cast<float>(d);
}

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#include "sockrpc_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace sockrpc::cli {
namespace {

using json = nlohmann::ordered_json;

constexpr char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(const rpc::binary& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = std::to_integer<unsigned>(in[i]) << 16 |
                   std::to_integer<unsigned>(in[i + 1]) << 8 | std::to_integer<unsigned>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6)
      out += b64_alphabet[(n >> s) & 63];
  }
  if (i < in.size()) {
    unsigned n = std::to_integer<unsigned>(in[i]) << 16;
    if (i + 1 < in.size()) n |= std::to_integer<unsigned>(in[i + 1]) << 8;
    out += b64_alphabet[(n >> 18) & 63];
    out += b64_alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? b64_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

rpc::binary base64_decode(std::string_view text) {
  rpc::binary out;
  unsigned acc = 0;
  int bits = 0;
  std::size_t padding = 0;
  std::size_t symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding) throw mapping_error("$base64: data after '=' padding");
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      throw mapping_error("$base64: invalid character");
    ++symbols;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::byte>((acc >> bits) & 0xFF));
    }
  }
  if (padding > 2 || (symbols + padding) % 4 == 1 || (padding && (symbols + padding) % 4 != 0))
    throw mapping_error("$base64: bad length or padding");
  return out;
}

rpc::date_time parse_datetime(std::string_view s) {
  // YYYYMMDDTHH:MM:SS
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') throw mapping_error("$datetime: want YYYYMMDDTHH:MM:SS");
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() != 17 || s[8] != 'T' || s[11] != ':' || s[14] != ':')
    throw mapping_error("$datetime: want YYYYMMDDTHH:MM:SS");
  rpc::date_time dt;
  dt.year = digits(0, 4);
  dt.month = digits(4, 2);
  dt.day = digits(6, 2);
  dt.hour = digits(9, 2);
  dt.minute = digits(12, 2);
  dt.second = digits(15, 2);
  if (dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > 31 || dt.hour > 23 ||
      dt.minute > 59 || dt.second > 60)
    throw mapping_error("$datetime: field out of range");
  return dt;
}

/// SAX handler building an rpc::value directly, so that integers too large for i8 (which
/// nlohmann would turn into doubles) are told apart from numbers written as doubles.
class value_builder : public nlohmann::json_sax<json> {
 public:
  bool null() override { return add(rpc::value()); }
  bool boolean(bool b) override { return add(rpc::value(b)); }
  bool number_integer(number_integer_t i) override { return add(integer(i)); }
  bool number_unsigned(number_unsigned_t u) override {
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw mapping_error("integer does not fit in i8");
    return add(integer(static_cast<std::int64_t>(u)));
  }
  bool number_float(number_float_t d, const string_t& text) override {
    if (text.find_first_of(".eE") == string_t::npos)
      throw mapping_error("integer does not fit in i8: " + text);
    return add(rpc::value(d));
  }
  bool string(string_t& s) override { return add(rpc::value(std::move(s))); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    stack_.push_back(frame{true, {}, {}, {}});
    return true;
  }
  bool key(string_t& k) override {
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() override {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.members.size() == 1 && f.members.begin()->second.is_string()) {
      const auto& [k, v] = *f.members.begin();
      if (k == "$base64") return add(rpc::value(base64_decode(v.as_string())));
      if (k == "$datetime") return add(rpc::value(parse_datetime(v.as_string())));
    }
    return add(rpc::value(std::move(f.members)));
  }
  bool start_array(std::size_t) override {
    stack_.push_back(frame{false, {}, {}, {}});
    return true;
  }
  bool end_array() override {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    return add(rpc::value(std::move(f.items)));
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  rpc::value result;

 private:
  struct frame {
    bool object;
    rpc::array items;
    rpc::members members;
    std::string key;
  };

  static rpc::value integer(std::int64_t i) {
    if (std::in_range<std::int32_t>(i)) return rpc::value(static_cast<std::int32_t>(i));
    return rpc::value(i);
  }

  bool add(rpc::value v) {
    if (stack_.empty()) {
      result = std::move(v);
    } else if (stack_.back().object) {
      stack_.back().members.push_back(std::move(stack_.back().key), std::move(v));
    } else {
      stack_.back().items.push_back(std::move(v));
    }
    return true;
  }

  std::vector<frame> stack_;
};

json to_json(const rpc::value& v) {
  switch (v.type()) {
    case rpc::value_kind::nil:
      return nullptr;
    case rpc::value_kind::boolean:
      return v.as_bool();
    case rpc::value_kind::i4:
    case rpc::value_kind::i8:
      return v.as_i8();
    case rpc::value_kind::double_:
      return v.as_double();
    case rpc::value_kind::string:
      return v.as_string();
    case rpc::value_kind::datetime:
      return json{{"$datetime", rpc::to_string(v.as_datetime())}};
    case rpc::value_kind::base64:
      return json{{"$base64", base64_encode(v.as_binary())}};
    case rpc::value_kind::array: {
      json out = json::array();
      for (const auto& e : v.as_array())
        out.push_back(to_json(e));
      return out;
    }
    case rpc::value_kind::struct_: {
      json out = json::object();
      for (const auto& [k, e] : v.as_struct())
        out[k] = to_json(e);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

rpc::value argument_to_value(std::string_view arg) {
  // Validity first, so that an invalid document is a string even when a prefix of it
  // would not map (e.g. a huge integer followed by garbage).
  if (!json::accept(arg)) return rpc::value(std::string(arg));
  value_builder builder;
  if (!json::sax_parse(arg, &builder)) return rpc::value(std::string(arg));
  return std::move(builder.result);
}

std::string value_to_json(const rpc::value& v) {
  return to_json(v).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace sockrpc::cli

// SPDX-License-Identifier: MIT
// Property tests of the codec: random values round-trip value -> XML -> value identically,
// through our parser and through Python's xmlrpc.client.
#include <sockrpc/rpc/xml/codec.hpp>

#include <gtest/gtest.h>
#include <sockrpc_test/temp_file.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace sockrpc::rpc {
namespace {

struct gen_options {
  bool i8 = true;               // Python's dumps refuses ints beyond i4
  bool carriage_return = true;  // Python writes CR raw, so XML turns it into LF
};

class value_generator {
 public:
  value_generator(std::uint64_t seed, gen_options opt) : rng_(seed), opt_(opt) {}

  value make(int depth) {
    const int kinds = depth >= 4 ? 8 : 10;  // containers only while shallow
    switch (pick(kinds)) {
      case 0:
        return value(nil);
      case 1:
        return value(pick(2) == 1);
      case 2:
        return value(static_cast<std::int32_t>(rng_()));
      case 3:
        if (opt_.i8) return value(static_cast<std::int64_t>(rng_()));
        return value(static_cast<std::int32_t>(pick(1000)) - 500);
      case 4: {
        double d;
        do {
          const std::uint64_t b = rng_();
          std::memcpy(&d, &b, sizeof d);
        } while (!std::isfinite(d));
        return value(pick(3) == 0 ? static_cast<double>(pick(1000)) / 8 : d);
      }
      case 5:
        return value(text());
      case 6: {
        date_time t{static_cast<int>(pick(10000)),
                    static_cast<int>(pick(12)) + 1,
                    static_cast<int>(pick(28)) + 1,
                    static_cast<int>(pick(24)),
                    static_cast<int>(pick(60)),
                    static_cast<int>(pick(60)),
                    std::nullopt};
        if (pick(3) == 0) t.utc_offset_minutes = static_cast<int>(pick(24 * 60 * 2 - 1)) - 1439;
        return value(t);
      }
      case 7: {
        binary b(pick(40));
        for (auto& x : b)
          x = static_cast<std::byte>(rng_());
        return value(std::move(b));
      }
      case 8: {
        array a;
        for (std::size_t n = pick(6); n > 0; --n)
          a.push_back(make(depth + 1));
        return value(std::move(a));
      }
      default: {
        members m;
        const std::size_t n = pick(6);
        for (std::size_t i = 0; i < n; ++i) {
          m.push_back(text() + "#" + std::to_string(i), make(depth + 1));  // unique keys
        }
        return value(std::move(m));
      }
    }
  }

  std::string text() {
    static const char* const pieces[] = {
        "a",   "Z",  "0", " ", "  ",   "\t", "\n",           "<",     ">",  "&",
        "]]>", "\"", "'", "é", "日本", "😀",  "\xef\xbf\xbd", "&amp;", "x y"};
    std::string s;
    const std::size_t n = pick(8);
    for (std::size_t i = 0; i < n; ++i)
      s += pieces[pick(std::size(pieces))];
    if (opt_.carriage_return && pick(10) == 0) s += "\r";
    return s;
  }

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

 private:
  std::mt19937_64 rng_;
  gen_options opt_;
};

TEST(CodecPropertyTest, RandomValuesRoundTripThroughOurCodec) {
  value_generator gen(20240131, {});
  for (int i = 0; i < 400; ++i) {
    const value v = gen.make(0);
    const std::string xml = serialize_response(v);
    const value back = parse_response(xml).result;
    ASSERT_EQ(back, v) << "seed index " << i << "\n" << xml;
    // Serialising again is byte-identical (canonical output).
    EXPECT_EQ(serialize_response(back), xml);
  }
  std::vector<value> params;
  for (int i = 0; i < 20; ++i)
    params.push_back(gen.make(0));
  const method_call call = parse_call(serialize_call("random.call", params));
  EXPECT_EQ(call.method, "random.call");
  EXPECT_EQ(call.params, params);
}

#ifdef SOCKRPC_PYTHON3
// Runs the cross-check script and returns its stdout; empty optional on failure.
std::optional<std::string> run_python(const std::string& args) {
  const std::string cmd = std::string("'") + SOCKRPC_PYTHON3 + "' '" + SOCKRPC_CROSSCHECK_SCRIPT +
                          "' " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
    out.append(buf, n);
  const int status = ::pclose(p);
  if (status != 0) {
    ADD_FAILURE() << "python failed (" << status << "): " << out;
    return std::nullopt;
  }
  return out;
}

bool python_available() {
  return std::system((std::string("'") + SOCKRPC_PYTHON3 + "' -c 'import xmlrpc.client' " +
                      ">/dev/null 2>&1")
                         .c_str()) == 0;
}
#endif

TEST(CodecPropertyTest, PythonReadsOursAndWeReadPythons) {
#ifndef SOCKRPC_PYTHON3
  GTEST_SKIP() << "python3 not found at configure time";
#else
  if (!python_available()) GTEST_SKIP() << "python3 with xmlrpc.client not runnable";
  value_generator gen(7, {.i8 = false, .carriage_return = false});
  std::vector<value> params;
  for (int i = 0; i < 150; ++i)
    params.push_back(gen.make(0));
  // Fixed edge cases Python must agree on.
  params.emplace_back(-0.0);
  params.emplace_back(std::numeric_limits<double>::denorm_min());
  params.emplace_back(1e300);
  params.emplace_back("   ");
  params.emplace_back(std::numeric_limits<std::int32_t>::min());

  const std::string ours = serialize_call("cross.check", params);
  const sockrpc_test::temp_file file("sockrpc_codec");
  const std::string& path = file.path();
  std::ofstream(path, std::ios::binary) << ours;

  const auto theirs = run_python("echo '" + path + "'");
  ASSERT_TRUE(theirs.has_value());
  sockrpc::status st;
  const method_call back = parse_call(*theirs, st);
  ASSERT_FALSE(st) << st.message() << "\n" << *theirs;
  EXPECT_EQ(back.method, "cross.check");
  ASSERT_EQ(back.params.size(), params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    EXPECT_EQ(back.params[i], params[i]) << "param " << i;
  }

  const auto fault = run_python("fault");
  ASSERT_TRUE(fault.has_value());
  const method_response r = parse_response(*fault);
  ASSERT_TRUE(r.is_fault());
  EXPECT_EQ(r.fault->code, -32601);
  EXPECT_EQ(r.fault->message, "method <x> & \u00fc not found");
#endif
}

}  // namespace
}  // namespace sockrpc::rpc

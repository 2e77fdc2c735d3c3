// SPDX-License-Identifier: MIT
#include <sockrpc_tools/interop_methods.hpp>

#include <sockrpc/rpc/value/convert_struct.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace sockrpc::interop {

// The method set is written against the rpc API throughout.
using namespace sockrpc::rpc;  // NOLINT(google-build-using-namespace)

namespace {

/// The three stooges every validator struct carries.
struct stooges {
  std::int32_t moe = 0;
  std::int32_t larry = 0;
  std::int32_t curly = 0;
};
SOCKRPC_STRUCT(stooges, moe, larry, curly)

struct entity_counts {
  std::int32_t ctLeftAngleBrackets = 0;
  std::int32_t ctRightAngleBrackets = 0;
  std::int32_t ctAmpersands = 0;
  std::int32_t ctApostrophes = 0;
  std::int32_t ctQuotes = 0;
};
SOCKRPC_STRUCT(entity_counts, ctLeftAngleBrackets, ctRightAngleBrackets, ctAmpersands,
               ctApostrophes, ctQuotes)

struct multiples {
  std::int64_t times10 = 0;
  std::int64_t times100 = 0;
  std::int64_t times1000 = 0;
};
SOCKRPC_STRUCT(multiples, times10, times100, times1000)

// 64-bit: three (or many) 32-bit ints cannot overflow it.
std::int64_t sum(const stooges& s) {
  return std::int64_t{s.moe} + std::int64_t{s.larry} + std::int64_t{s.curly};
}

[[noreturn]] void invalid(std::string message) {
  throw fault(fault_code::invalid_params, std::move(message));
}

void register_basic(method_registry& r, schedule_after_fn schedule_after) {
  // By value: the parameter takes over the decoded value and the return moves it into the
  // result, so the echo copies nothing (a `const value&` would copy it on return).
  r.add(
      "echo", [](value x) { return x; }, method_info{"Returns its parameter unchanged.", {}});
  r.add(
      "add",
      [](std::int64_t a, std::int64_t b) {
        std::int64_t s = 0;
        if (__builtin_add_overflow(a, b, &s)) invalid("add: integer overflow");
        return s;  // an int when it fits, else an i8 (convert<int64_t>)
      },
      method_info{"Adds two integers; the sum is an i8 when it does not fit in an int.",
                  std::vector<signature>{{"int", "int", "int"}, {"i8", "i8", "i8"}}});
  r.add(
      "fault",
      [](std::int32_t code, std::string message) -> call_result {
        return call_result(fault_info{code, std::move(message)});
      },
      method_info{"Answers with a fault carrying the given faultCode and faultString.",
                  std::vector<signature>{{"struct", "int", "string"}}});
  r.add(
      "sleep",
      [schedule = std::move(schedule_after)](std::int32_t ms, responder reply) {
        if (ms < 0 || ms > interop_max_sleep_ms) {
          invalid("sleep: expected 0 to " + std::to_string(interop_max_sleep_ms) +
                  " milliseconds, got " + std::to_string(ms));
        }
        // std::function needs a copyable task: share the move-only responder.
        auto shared = std::make_shared<responder>(std::move(reply));
        schedule(std::chrono::milliseconds(ms), [shared, ms] { shared->reply(ms); });
      },
      method_info{"Answers its parameter after that many milliseconds, without holding "
                  "up other calls.",
                  std::vector<signature>{{"int", "int"}}});
  r.add(
      "bytes",
      [](std::int32_t n) {
        if (n < 0 || n > interop_max_bytes) {
          invalid("bytes: expected 0 to " + std::to_string(interop_max_bytes) + " bytes, got " +
                  std::to_string(n));
        }
        binary out(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < out.size(); ++i)
          out[i] = static_cast<std::byte>(i & 0xff);
        return out;
      },
      "Returns n bytes (base64) where byte i is i % 256.");
}

void register_validator(method_registry& r) {
  r.add(
      "validator1.arrayOfStructsTest",
      [](const std::vector<stooges>& items) {
        std::int64_t total = 0;
        for (const auto& s : items)
          total += s.curly;
        return total;
      },
      method_info{"Takes an array of structs with int members moe, larry and curly; returns "
                  "the sum of the curly members.",
                  std::vector<signature>{{"int", "array"}}});
  r.add(
      "validator1.countTheEntities",
      [](const std::string& s) {
        entity_counts c;
        for (char ch : s) {
          switch (ch) {
            case '<':
              ++c.ctLeftAngleBrackets;
              break;
            case '>':
              ++c.ctRightAngleBrackets;
              break;
            case '&':
              ++c.ctAmpersands;
              break;
            case '\'':
              ++c.ctApostrophes;
              break;
            case '"':
              ++c.ctQuotes;
              break;
            default:
              break;
          }
        }
        return c;
      },
      "Takes a string; returns a struct counting its <, >, &, ' and \" characters "
      "(ctLeftAngleBrackets, ctRightAngleBrackets, ctAmpersands, ctApostrophes, ctQuotes).");
  r.add(
      "validator1.easyStructTest", [](const stooges& s) { return sum(s); },
      method_info{"Takes a struct with int members moe, larry and curly; returns their sum.",
                  std::vector<signature>{{"int", "struct"}}});
  r.add(
      "validator1.echoStructTest", [](members s) { return s; },
      "Takes a struct; returns it unchanged.");
  r.add(
      "validator1.manyTypesTest",
      [](std::int32_t number, bool flag, std::string text, double real, const date_time& when,
         binary data) {
        // Not array{...}: an initializer_list would copy the string and the bytes.
        array out;
        out.reserve(6);
        out.emplace_back(number);
        out.emplace_back(flag);
        out.emplace_back(std::move(text));
        out.emplace_back(real);
        out.emplace_back(when);
        out.emplace_back(std::move(data));
        return out;
      },
      "Takes an int, a boolean, a string, a double, a dateTime and a base64; returns them "
      "as an array.");
  r.add(
      "validator1.moderateSizeArrayCheck",
      [](const std::vector<std::string>& items) {
        if (items.empty()) invalid("validator1.moderateSizeArrayCheck: empty array");
        return items.front() + items.back();
      },
      "Takes an array of strings; returns the first and the last concatenated.");
  r.add(
      "validator1.nestedStructTest",
      [](const members& calendar) {
        try {
          return sum(
              from_value<stooges>(calendar.at("2000").as_struct().at("04").as_struct().at("01")));
        } catch (const std::out_of_range&) {
          invalid("validator1.nestedStructTest: no entry for 2000-04-01");
        } catch (const type_error& e) {
          invalid(std::string("validator1.nestedStructTest: 2000-04-01: ") + e.what());
        }
      },
      method_info{"Takes a calendar struct (years, months, days); returns moe + larry + curly "
                  "of the day 2000-04-01.",
                  std::vector<signature>{{"int", "struct"}}});
  r.add(
      "validator1.simpleStructReturnTest",
      [](std::int32_t n) {
        const std::int64_t x = n;
        return multiples{x * 10, x * 100, x * 1000};
      },
      method_info{"Takes a number; returns a struct with times10, times100 and times1000.",
                  std::vector<signature>{{"struct", "int"}}});
}

}  // namespace

rpc::method_registry& register_interop_methods(rpc::method_registry& registry,
                                               schedule_after_fn schedule_after) {
  register_basic(registry, std::move(schedule_after));
  register_validator(registry);
  return registry;
}

}  // namespace sockrpc::interop

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/dispatch/registry.hpp>

#include <chrono>
#include <cstddef>
#include <functional>

/// The method set of the `interop_server` program (docs/programs.md): echo, add, fault,
/// sleep, bytes and the classic UserLand validator1.* suite. Program support, not library
/// API: built for this repository's programs, tests and benchmarks, never installed.
namespace sockrpc::interop {

/// Runs `task` once, after `delay`, without blocking the caller (e.g. on an asio timer).
/// It may drop a task it can no longer run (shutting down); the pending call then answers
/// fault -32603. Called concurrently from many threads.
using schedule_after_fn =
    std::function<void(std::chrono::milliseconds delay, std::function<void()> task)>;

/// Largest `bytes(n)` answer: 64 MiB (beyond it, fault -32602).
inline constexpr std::int32_t interop_max_bytes = 64 * 1024 * 1024;
/// Longest `sleep(ms)`: 60 s (beyond it, fault -32602).
inline constexpr std::int32_t interop_max_sleep_ms = 60 * 1000;

/// Registers on `registry` (replacing methods of the same names):
/// - `echo(x)`: `x` unchanged, any type;
/// - `add(a, b)`: the sum of two integers (int or i8), an int when it fits in 32 bits,
///   else an i8; -32602 "add: integer overflow" beyond 64 bits;
/// - `fault(code, message)`: answers the fault {code, message};
/// - `sleep(ms)`: answers `ms` after `ms` milliseconds, through `schedule_after`, holding
///   no thread meanwhile; 0 <= ms <= interop_max_sleep_ms, else -32602;
/// - `bytes(n)`: base64 of `n` bytes where byte i is i % 256; 0 <= n <= interop_max_bytes,
///   else -32602;
/// - `validator1.arrayOfStructsTest(array)`: the sum of the `curly` members of the
///   structs (each needs moe, larry and curly ints);
/// - `validator1.countTheEntities(string)`: {ctLeftAngleBrackets, ctRightAngleBrackets,
///   ctAmpersands, ctApostrophes, ctQuotes}, the counts of < > & ' " in the string;
/// - `validator1.easyStructTest(struct)`: moe + larry + curly;
/// - `validator1.echoStructTest(struct)`: the struct;
/// - `validator1.manyTypesTest(number, boolean, string, double, dateTime, base64)`: the
///   six parameters as an array;
/// - `validator1.moderateSizeArrayCheck(array)`: the first and the last element (strings)
///   concatenated;
/// - `validator1.nestedStructTest(struct)`: moe + larry + curly of the struct at
///   ["2000"]["04"]["01"];
/// - `validator1.simpleStructReturnTest(number)`: {times10, times100, times1000}.
/// Each has help text and a signature. `schedule_after` is kept by the registry; it must
/// stay callable while the registry serves calls. Returns `registry`.
rpc::method_registry& register_interop_methods(rpc::method_registry& registry,
                                               schedule_after_fn schedule_after);

}  // namespace sockrpc::interop

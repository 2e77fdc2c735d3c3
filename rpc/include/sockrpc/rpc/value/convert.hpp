// SPDX-License-Identifier: MIT
#pragma once

// The header to include for conversions; it gathers the parts below.
#include <sockrpc/rpc/value/convert_containers.hpp>
#include <sockrpc/rpc/value/convert_core.hpp>
#include <sockrpc/rpc/value/convert_struct.hpp>
#include <sockrpc/rpc/value/convert_try.hpp>

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
namespace sockrpc::rpc {}

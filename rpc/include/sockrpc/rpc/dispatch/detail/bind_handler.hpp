// SPDX-License-Identifier: MIT
#pragma once

// Private to method_registry: turns a C++ callable into a type-erased invoker that
// converts and checks the parameters, calls it and converts the result, and derives the
// introspection signatures from its types. Not part of the public API.

#include <sockrpc/rpc/dispatch/call_context.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace sockrpc::rpc::detail {

/// Runs a synchronous handler: converts, calls, converts back. Exceptions escape (the
/// dispatcher turns them into faults); parameter errors are returned as fault -32602
/// without an exception (try_from_value). `params` belongs to the dispatcher for the
/// call: each typed parameter is converted from its element once, moving out of it, and
/// the element is not read again; a raw `array&` / `std::span<value>` handler may modify
/// or move out of it. Either way the dispatcher only destroys it afterwards.
using sync_invoker = std::function<call_result(array& params, const call_context& ctx)>;
/// Runs an asynchronous handler, which takes the responder (moves it out) or leaves it.
/// `params` as for sync_invoker, valid for the synchronous part of the call only.
using async_invoker = std::function<void(array& params, const call_context& ctx, responder& r)>;
/// Introspection signatures: each is the result type name followed by the parameters'.
using signature_list = std::vector<std::vector<std::string>>;

/// A handler ready for the table: exactly one invoker is set.
struct bound_handler {
  sync_invoker sync;
  async_invoker async;
  /// Derived from the C++ types; empty when unknown (raw, async, or an "undef" type).
  std::optional<signature_list> signatures;
};

// ---- callable signature deduction ---------------------------------------------------

template <class Sig>
struct signature_of;
template <class R, class... A>
struct signature_of<R(A...)> {
  using type = R(A...);
};

/// The call signature R(A...) of a function pointer, a member function pointer (without
/// the class), or a class with one non-template operator() (lambdas, std::function).
template <class F, class = void>
struct callable_signature {};
template <class R, class... A>
struct callable_signature<R (*)(A...)> : signature_of<R(A...)> {};
template <class R, class... A>
struct callable_signature<R (*)(A...) noexcept> : signature_of<R(A...)> {};
template <class R, class C, class... A>
struct callable_signature<R (C::*)(A...)> : signature_of<R(A...)> {
  using class_type = C;
};
template <class R, class C, class... A>
struct callable_signature<R (C::*)(A...) const> : signature_of<R(A...)> {
  using class_type = const C;
};
template <class R, class C, class... A>
struct callable_signature<R (C::*)(A...) noexcept> : signature_of<R(A...)> {
  using class_type = C;
};
template <class R, class C, class... A>
struct callable_signature<R (C::*)(A...) const noexcept> : signature_of<R(A...)> {
  using class_type = const C;
};
template <class F>
struct callable_signature<F, std::void_t<decltype(&F::operator())>>
    : callable_signature<decltype(&F::operator())> {};

template <class F>
concept has_deducible_signature = requires {
  typename callable_signature<F>::type;
};

// ---- parameter roles ----------------------------------------------------------------

template <class T>
inline constexpr bool is_context_param = std::is_same_v<std::remove_cvref_t<T>, call_context>;
template <class T>
inline constexpr bool is_responder_param = std::is_same_v<std::remove_cvref_t<T>, responder>;
/// `const array&` / `std::span<const value>` (read-only), `array&` / `std::span<value>`
/// (mutable: the handler may move out of the params, which the dispatcher owns).
/// Not `array` or `array&&`: those are one typed parameter that is an array.
template <class T>
inline constexpr bool is_raw_params =
    std::is_same_v<T, const array&> || std::is_same_v<T, array&> ||
    std::is_same_v<std::remove_cv_t<T>, std::span<const value>> ||
    std::is_same_v<std::remove_cv_t<T>, std::span<value>>;

template <class T>
struct is_std_optional : std::false_type {};
template <class T>
struct is_std_optional<std::optional<T>> : std::true_type {};

template <class T>
concept from_convertible = requires(const value& v) {
  {convert<std::remove_cvref_t<T>>::from_value(v)};
};
template <class T>
concept to_convertible = requires(T&& x) {
  {rpc::to_value(std::forward<T>(x))};
};

/// "NAME: expected 2 parameters, got 3" (or "1 to 2 parameters", "1 parameter").
fault_info param_count_fault(std::string_view method, std::size_t min, std::size_t max,
                             std::size_t got);
/// "NAME: parameter 2: expected int, got string", or with a path inside the parameter
/// "NAME: parameter 1 at [2].name: expected string, got int" (parameters count from 1).
fault_info param_type_fault(std::string_view method, std::size_t index,
                            const conversion_failure& e);

/// The role of each parameter of R(A...) and the machinery to call a callable with it.
template <class R, class... A>
struct handler_shape {
  static constexpr std::size_t n = sizeof...(A);
  using args = std::tuple<A...>;
  template <std::size_t I>
  using arg = std::tuple_element_t<I, args>;

  static constexpr bool has_context = [] {
    if constexpr (n > 0) {
      return is_context_param<arg<0>>;
    } else {
      return false;
    }
  }();
  static constexpr bool is_async = [] {
    if constexpr (n > 0) {
      return is_responder_param<arg<n - 1>>;
    } else {
      return false;
    }
  }();
  /// Index of the first and one past the last parameter taken from the call's params.
  static constexpr std::size_t first = has_context ? 1 : 0;
  static constexpr std::size_t last = n - (is_async ? 1 : 0);
  static constexpr std::size_t count = last - first;
  static constexpr bool raw = [] {
    if constexpr (count == 1) {
      return is_raw_params<arg<first>>;
    } else {
      return false;
    }
  }();
  /// The fewest params accepted: trailing std::optional parameters may be omitted.
  static constexpr std::size_t min_count = [] {
    std::size_t m = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((m = is_std_optional<std::remove_cvref_t<arg<first + I>>>::value ? m : I + 1), ...);
    }
    (std::make_index_sequence<count>{});
    return m;
  }();

  template <std::size_t I>
  static constexpr bool valid_param() {
    using P = arg<I>;
    if constexpr (I == 0 && has_context) {
      return !std::is_lvalue_reference_v<P> || std::is_const_v<std::remove_reference_t<P>>;
    } else if constexpr (I == n - 1 && is_async) {
      return !std::is_reference_v<P> || std::is_rvalue_reference_v<P>;
    } else if constexpr (raw) {
      return true;
    } else {
      return !is_context_param<P> && !is_responder_param<P> &&
             (!std::is_lvalue_reference_v<P> ||
              std::is_const_v<std::remove_reference_t<P>>)&&from_convertible<P>;
    }
  }
  static constexpr bool valid_params = [] {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (valid_param<I>() && ...);
    }
    (std::make_index_sequence<n>{});
  }();

  /// The converted (decayed) typed parameters, each engaged once converted.
  using converted = decltype([]<std::size_t... I>(std::index_sequence<I...>) {
    if constexpr (raw) {
      return std::tuple<>{};
    } else {
      return std::tuple<std::optional<std::remove_cvref_t<arg<first + I>>>...>{};
    }
  }(std::make_index_sequence < raw ? 0 : count > {}));

  /// The first parameter that did not convert (1-based) and why.
  struct bad_param {
    std::size_t index = 0;
    conversion_failure why;
  };

  /// The count fault, if params.size() is out of range (no exception: a common error).
  static std::optional<fault_info> check_count(const array& params, std::string_view method) {
    if constexpr (!raw) {
      if (params.size() < min_count || params.size() > count) {
        return param_count_fault(method, min_count, count, params.size());
      }
    }
    return std::nullopt;
  }

  /// Converts params[J], moving out of it (a by-value or const& `std::string`, `array`,
  /// `value`... parameter takes over its storage, no copy). Safe because each element is
  /// converted exactly once and never read again: the handler sees only the converted
  /// values, and a failure reports `bad` alone.
  template <std::size_t J>
  static bool convert_param(array& params, converted& out, bad_param& bad) {
    using T = std::remove_cvref_t<arg<first + J>>;
    if constexpr (is_std_optional<T>::value) {
      if (J >= params.size()) {
        std::get<J>(out).emplace();
        return true;
      }
    }
    std::get<J>(out) = rpc::try_from_value<T>(std::move(params[J]), bad.why);
    if (std::get<J>(out)) return true;
    bad.index = J + 1;
    return false;
  }

  /// Converts the typed parameters left to right, stopping at the first that does not
  /// convert (false, `bad` set); no exception for a mismatch. The count must have been
  /// checked.
  static bool convert_params(array& params, converted& out, bad_param& bad) {
    if constexpr (raw) {
      return true;
    } else {
      return [&]<std::size_t... J>(std::index_sequence<J...>) {
        return (convert_param<J>(params, out, bad) && ...);
      }
      (std::make_index_sequence<count>{});
    }
  }

  /// The argument for parameter I.
  template <std::size_t I>
  static decltype(auto) pick(array& params, const call_context& ctx, responder* r,
                             converted& conv) {
    if constexpr (I == 0 && has_context) {
      return (ctx);
    } else if constexpr (I == n - 1 && is_async) {
      return std::move(*r);
    } else if constexpr (raw) {
      if constexpr (std::is_same_v<std::remove_cv_t<arg<I>>, std::span<const value>>) {
        return std::span<const value>(params);
      } else if constexpr (std::is_same_v<std::remove_cv_t<arg<I>>, std::span<value>>) {
        return std::span<value>(params);
      } else {
        return (params);
      }
    } else {
      return std::move(*std::get<I - first>(conv));
    }
  }

  /// Calls `f` with the converted parameters.
  template <class F>
  static decltype(auto) call(const F& f, array& params, const call_context& ctx, responder* r,
                             converted& conv) {
    return [&]<std::size_t... I>(std::index_sequence<I...>)->decltype(auto) {
      return std::invoke(f, pick<I>(params, ctx, r, conv)...);
    }
    (std::make_index_sequence<n>{});
  }

  static std::optional<signature_list> signatures() {
    if constexpr (raw || is_async) {
      return std::nullopt;
    } else {
      std::string_view result_name;
      if constexpr (std::is_void_v<R>) {
        result_name = "nil";
      } else {
        result_name = rpc::type_name<std::remove_cvref_t<R>>();
      }
      const std::vector<std::string_view> names = [&]<std::size_t... J>(std::index_sequence<J...>) {
        return std::vector<std::string_view>{rpc::type_name<arg<first + J>>()...};
      }
      (std::make_index_sequence<count>{});
      if (result_name == "undef") return std::nullopt;
      for (auto name : names) {
        if (name == "undef") return std::nullopt;
      }
      signature_list out;
      for (std::size_t k = min_count; k <= count; ++k) {
        std::vector<std::string> sig{std::string(result_name)};
        for (std::size_t j = 0; j < k; ++j)
          sig.emplace_back(names[j]);
        out.push_back(std::move(sig));
      }
      return out;
    }
  }
};

/// Converts a handler's return value to the call's outcome. A result returned by value
/// is moved, never copied: a `value` or `call_result` straight into the outcome, other
/// types through their rvalue `to_value` (a `std::string`, `array`, `members`, `binary`
/// or a vector / optional of them hands over its storage).
template <class R, class Call>
call_result finish_result(std::string_view method, Call&& call) {
  if constexpr (std::is_void_v<R>) {
    std::forward<Call>(call)();
    return call_result();
  } else if constexpr (std::is_same_v<std::remove_cvref_t<R>, call_result> ||
                       std::is_same_v<std::remove_cvref_t<R>, value>) {
    return call_result(std::forward<Call>(call)());
  } else {
    decltype(auto) r = std::forward<Call>(call)();
    try {
      return call_result(rpc::to_value(std::forward<decltype(r)>(r)));
    } catch (const std::exception& e) {
      throw rpc::fault(result_conversion_fault(method, e));
    }
  }
}

/// Binds `f`, whose call signature is R(A...), into a bound_handler.
template <class R, class... A, class F>
bound_handler bind_with(F f, std::type_identity<R(A...)>) {
  using shape = handler_shape<R, A...>;
  static_assert(std::is_invocable_v<const F&, A...>,
                "method handlers are called concurrently through a const reference: "
                "operator() must be const (no mutable lambdas)");
  static_assert(shape::valid_params,
                "unsupported handler parameter: use [const call_context&,] then either "
                "`const array&` / `std::span<const value>` / `array&` / `std::span<value>` "
                "(raw params) or parameters with a from_value conversion taken by value or "
                "const reference, then [responder] last");
  static_assert(!shape::is_async || std::is_void_v<R>,
                "a handler taking a responder answers through it and must return void");
  static_assert(
      std::is_void_v<R> || std::is_same_v<std::remove_cvref_t<R>, call_result> || to_convertible<R>,
      "the handler's result type has no to_value conversion");
  bound_handler out;
  out.signatures = shape::signatures();
  if constexpr (shape::is_async) {
    out.async = [f = std::move(f)](array& params, const call_context& ctx, responder& r) {
      if (auto bad = shape::check_count(params, ctx.method)) {
        r.fail(std::move(*bad));
        return;
      }
      typename shape::converted conv;
      typename shape::bad_param bad;
      if (!shape::convert_params(params, conv, bad)) {
        r.fail(param_type_fault(ctx.method, bad.index, bad.why));
        return;
      }
      shape::call(f, params, ctx, &r, conv);
    };
  } else {
    out.sync = [f = std::move(f)](array& params, const call_context& ctx) -> call_result {
      if (auto bad = shape::check_count(params, ctx.method)) return call_result(std::move(*bad));
      typename shape::converted conv;
      typename shape::bad_param bad;
      if (!shape::convert_params(params, conv, bad)) {
        return call_result(param_type_fault(ctx.method, bad.index, bad.why));
      }
      return finish_result<R>(ctx.method, [&]() -> decltype(auto) {
        return shape::call(f, params, ctx, nullptr, conv);
      });
    };
  }
  return out;
}

/// Binds a callable whose signature is deduced, or given as Sig.
template <class Sig, class F>
bound_handler bind(F&& f) {
  using D = std::decay_t<F>;
  if constexpr (std::is_void_v<Sig>) {
    static_assert(has_deducible_signature<D>,
                  "cannot deduce the handler's signature (generic lambda or overloaded "
                  "operator()?): give it explicitly, e.g. registry.add<int(int, int)>(...)");
    return bind_with(D(std::forward<F>(f)),
                     std::type_identity<typename callable_signature<D>::type>{});
  } else {
    return bind_with(D(std::forward<F>(f)), std::type_identity<Sig>{});
  }
}

/// Binds member function `fn` called on the object `obj` points to (raw pointer,
/// reference wrapper or shared_ptr).
template <class M, class Ptr>
bound_handler bind_member(M fn, Ptr obj) {
  using traits = callable_signature<M>;
  return [&]<class R, class... A>(std::type_identity<R(A...)>) {
    return bind_with(
        [fn, obj = std::move(obj)](A... a) -> R { return ((*obj).*fn)(std::forward<A>(a)...); },
        std::type_identity<R(A...)>{});
  }(std::type_identity<typename traits::type>{});
}

}  // namespace sockrpc::rpc::detail

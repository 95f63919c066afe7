/// @file server/bind_common.hpp
/// @brief What every binding shares: turning whatever a library op returns into a wire
/// `result` (arrays of any element type, views, scalars, pairs, tuples and result structs
/// such as SVDResult), and running an op over the dtype the arguments promote to.
///
/// Whether a name can be served is decided at compile time: a binding is registered only
/// when some call shape fits the library's overloads and its result can be sent, so a
/// name the table lacks is answered by name ("not yet served"), never by a crash.
#pragma once

#include <tuple>
#include <type_traits>
#include <utility>

#include "bindings.hpp"

namespace me::server {

// ---- results --------------------------------------------------------------------------

/// The element type the server holds for a library element type U (the wire's dtypes:
/// narrower integers widen, complex64 widens to complex128).
template <class U>
using held_t = std::conditional_t<
    std::is_same_v<U, bool>, bool,
    std::conditional_t<std::is_same_v<U, float>, float,
    std::conditional_t<std::is_floating_point_v<U>, double,
    std::conditional_t<me::detail::is_complex_v<U>, std::complex<double>,
    std::conditional_t<std::is_integral_v<U> && std::is_signed_v<U> && sizeof(U) <= 4, std::int32_t, std::int64_t>>>>>;

template <class T> struct is_me_array : std::false_type {};
template <class U> struct is_me_array<me::array<U>> : std::true_type {};
template <class T> struct is_tuple_like : std::false_type {};
template <class... U> struct is_tuple_like<std::tuple<U...>> : std::true_type {};
template <class A, class B> struct is_tuple_like<std::pair<A, B>> : std::true_type {};

struct any_member {
    template <class U> operator U() const;  // NOLINT: only for arity detection
};

/// The members of a result struct (an aggregate of 2 to 4 fields), as a tuple of references.
template <class R>
auto members_of(R& r) {
    if constexpr (requires { R{any_member{}, any_member{}, any_member{}, any_member{}}; }) {
        auto& [a, b, c, d] = r;
        return std::tie(a, b, c, d);
    } else if constexpr (requires { R{any_member{}, any_member{}, any_member{}}; }) {
        auto& [a, b, c] = r;
        return std::tie(a, b, c);
    } else {
        auto& [a, b] = r;
        return std::tie(a, b);
    }
}

template <class R> constexpr bool servable_v();

template <class Tuple, std::size_t... I>
constexpr bool all_servable(std::index_sequence<I...>) {
    return (servable_v<std::decay_t<std::tuple_element_t<I, Tuple>>>() && ...);
}

/// True when a value of type R can be sent as a result.
template <class R>
constexpr bool servable_v() {
    if constexpr (is_me_array<R>::value) return std::is_arithmetic_v<typename R::value_type> || me::detail::is_complex_v<typename R::value_type>;
    else if constexpr (requires(const R& r) { { r.copy() } -> std::same_as<me::array<std::remove_const_t<typename R::value_type>>>; })
        return true;  // a view
    else if constexpr (std::is_arithmetic_v<R> || me::detail::is_complex_v<R>) return true;
    else if constexpr (is_tuple_like<R>::value)
        return all_servable<R>(std::make_index_sequence<std::tuple_size_v<R>>{});
    else if constexpr (std::is_aggregate_v<R> && std::is_class_v<R> &&
                       requires { R{any_member{}, any_member{}}; } && !requires { R{any_member{}, any_member{}, any_member{}, any_member{}, any_member{}}; }) {
        using M = decltype(members_of(std::declval<R&>()));
        return all_servable<M>(std::make_index_sequence<std::tuple_size_v<M>>{});
    } else return false;
}

template <class R> concept servable = servable_v<std::decay_t<R>>();

template <class U>
any_array hold(me::array<U>&& a) {
    if constexpr (std::is_same_v<held_t<U>, U>) return any_array(std::move(a));
    else return any_array(a.template astype<held_t<U>>());
}

template <class R>
result to_result(R&& r) {
    using D = std::decay_t<R>;
    if constexpr (is_me_array<D>::value) return result{hold(D(std::forward<R>(r)))};
    else if constexpr (requires { r.copy(); }) return result{hold(r.copy())};
    else if constexpr (std::is_same_v<D, bool>) return result{r};
    else if constexpr (std::is_integral_v<D>) return result{static_cast<std::int64_t>(r)};
    else if constexpr (std::is_floating_point_v<D>) return result{static_cast<double>(r)};
    else if constexpr (me::detail::is_complex_v<D>) {
        auto a = me::array<std::complex<double>>::uninitialized(me::shape_t{});
        a.data()[0] = std::complex<double>(r);
        return result{any_array(std::move(a))};
    } else {
        auto tuple_result = [](auto&& t) {
            result_list items;
            std::apply([&](auto&&... x) { (items.push_back(to_result(std::move(x))), ...); }, t);
            return result{std::move(items)};
        };
        if constexpr (is_tuple_like<D>::value) return tuple_result(std::forward<R>(r));
        else {
            D owned(std::forward<R>(r));
            return tuple_result(members_of(owned));
        }
    }
}

// ---- dtype dispatch -------------------------------------------------------------------

template <std::size_t I> using element_at = typename std::variant_alternative_t<I, any_array>::value_type;

/// Calls `visit(std::integral_constant<std::size_t, I>)` for the alternative index `index`.
template <class F>
auto with_index(std::size_t index, F&& visit) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        using R = decltype(visit(std::integral_constant<std::size_t, 0>{}));
        if constexpr (std::is_void_v<R>) {
            (void)((index == I ? (visit(std::integral_constant<std::size_t, I>{}), true) : false) || ...);
        } else {
            std::optional<R> out;
            (void)((index == I ? (out.emplace(visit(std::integral_constant<std::size_t, I>{})), true) : false) || ...);
            return std::move(*out);
        }
    }(std::make_index_sequence<std::variant_size_v<any_array>>{});
}

/// The alternative several operands promote to (pairwise, as NumPy's result_type).
inline std::size_t promoted_index(const std::vector<const any_array*>& arrays, const std::vector<bool>& weak) {
    std::size_t index = arrays[0]->index();
    bool all_weak = weak[0];
    for (std::size_t i = 1; i < arrays.size(); ++i) {
        index = promoted_index(index, all_weak, arrays[i]->index(), weak[i]);
        all_weak = all_weak && weak[i];
    }
    return index;
}

[[noreturn]] inline void unsupported_types(std::string_view op, const std::vector<const any_array*>& arrays) {
    std::string types;
    for (const auto* a : arrays) types += fmt::format("{}{}", types.empty() ? "" : ", ", dtype_of(*a));
    type_error(fmt::format("ufunc '{}' not supported for the input types ({})", op, types));
}

/// Whether `f` takes N arrays of element type T and answers something servable.
template <class F, class T, std::size_t N>
constexpr bool takes_arrays() {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        if constexpr (requires(const F& f, const me::array<T>& a) { { f((void(I), a)...) } -> servable; }) return true;
        else return false;
    }(std::make_index_sequence<N>{});
}

template <class F, std::size_t N>
constexpr bool takes_arrays_of_some_dtype() {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (takes_arrays<F, element_at<I>, N>() || ...);
    }(std::make_index_sequence<std::variant_size_v<any_array>>{});
}

/// Runs `f` on N arrays promoted to one dtype; when the library has no overload for that
/// dtype, on float64 (NumPy's loops for integers are the float64 loops, as in sqrt(int)).
template <class F, std::size_t N>
result call_arrays(const F& f, const call& c) {
    std::vector<const any_array*> arrays;
    std::vector<bool> weak;
    for (std::size_t i = 0; i < N; ++i) {
        arrays.push_back(&c.array(i));
        weak.push_back(c.weak(i));
    }
    const std::size_t index = promoted_index(arrays, weak);
    auto run_as = [&](auto tag) -> result {
        constexpr std::size_t I = decltype(tag)::value;
        using T = element_at<I>;
        std::vector<any_array> converted;
        converted.reserve(N);
        for (const auto* a : arrays) converted.push_back(convert(*a, I));
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return to_result(f(std::get<me::array<T>>(converted[K])...));
        }(std::make_index_sequence<N>{});
    };
    return with_index(index, [&](auto tag) -> result {
        constexpr std::size_t I = decltype(tag)::value;
        if constexpr (takes_arrays<F, element_at<I>, N>()) return run_as(tag);
        else if constexpr (!me::detail::is_complex_v<element_at<I>> && takes_arrays<F, double, N>())
            // The index is written to depend on `tag`: a non-dependent call here would be
            // instantiated by clang even when this branch is discarded.
            return run_as(std::integral_constant<std::size_t, I * 0>{});
        else unsupported_types(c.op(), arrays);
    });
}

/// A binding for an op whose arguments are 1 to 3 arrays and nothing else (every ufunc,
/// and most of linalg, fft, sorting, sets, statistics with their defaults).
template <class F>
void bind_arrays(binding_table& table, std::string_view name, F f) {
    constexpr bool one = takes_arrays_of_some_dtype<F, 1>(), two = takes_arrays_of_some_dtype<F, 2>(),
                   three = takes_arrays_of_some_dtype<F, 3>();
    if constexpr (one || two || three) {
        table.emplace(name, [f](const call& c) -> result {
            c.only_keywords({});
            const std::size_t n = c.positional_count();
            if constexpr (one) if (n == 1) return call_arrays<F, 1>(f, c);
            if constexpr (two) if (n == 2) return call_arrays<F, 2>(f, c);
            if constexpr (three) if (n == 3) return call_arrays<F, 3>(f, c);
            type_error(fmt::format("{}() takes {}{}{} array argument(s) on this server, not {} (options are not served yet)",
                                   c.op(), one ? "1 " : "", two ? "2 " : "", three ? "3 " : "", n));
        });
    }
}

}  // namespace me::server

/// A SFINAE-friendly callable for a library name (a function, an overload set or a
/// function object), so `requires` can ask which calls it takes.
#define ME_SERVER_CALLABLE(expr) \
    [](const auto&... xs) -> decltype(expr(xs...)) { return expr(xs...); }

// The runners of the pointwise family's differential test (diff_ufuncs.cpp): one runner
// template per arity serves the whole name -> op table, which is instantiated in four
// translation units (part_ufuncs_*.cpp) so that both cores build it.
#pragma once

#include "harness.hpp"

#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

namespace ufunc_runners {

using diff::json;
using diff::result;
using cdouble = std::complex<double>;

/// Calls f(array) with the encoded array's element type (the seven dtypes of the suite).
template <class F>
result with_array(const json& j, F&& f) {
    const auto dtype = j.at("dtype").get<std::string>();
    if (dtype == "bool") return f(diff::decode_as<bool>(j));
    if (dtype == "int32") return f(diff::decode_as<std::int32_t>(j));
    if (dtype == "int64") return f(diff::decode_as<std::int64_t>(j));
    if (dtype == "float32") return f(diff::decode_as<float>(j));
    if (dtype == "float64") return f(diff::decode_as<double>(j));
    if (dtype == "complex64") return f(diff::decode_as<std::complex<float>>(j));
    if (dtype == "complex128") return f(diff::decode_as<cdouble>(j));
    throw std::runtime_error("unsupported dtype " + dtype);
}

/// An operand: an encoded array, or a C++ scalar {"scalar": v, "type": "int" | "float"}.
template <class F>
result with_operand(const json& j, F&& f) {
    if (!j.contains("scalar")) return with_array(j, f);
    const auto type = j.at("type").get<std::string>();
    if (type == "float") return f(diff::number(j.at("scalar")));
    if (type == "int") return f(j.at("scalar").get<std::int64_t>());
    throw std::runtime_error("unsupported scalar type " + type);
}

template <class T> struct element { using type = T; };
template <class T> struct element<me::array<T>> { using type = T; };
template <class T> using element_t = typename element<std::remove_cvref_t<T>>::type;

// Mixed-dtype array pairs compiled into the runner (cases_ufuncs.MIXED), besides same-dtype pairs.
template <class A, class B>
constexpr bool mixed_pair =
    (std::is_same_v<A, std::int32_t> && std::is_same_v<B, double>) || (std::is_same_v<A, float> && std::is_same_v<B, double>) ||
    (std::is_same_v<A, bool> && std::is_same_v<B, std::int64_t>) || (std::is_same_v<A, std::int64_t> && std::is_same_v<B, float>) ||
    (std::is_same_v<A, std::int32_t> && std::is_same_v<B, std::int64_t>) ||
    (std::is_same_v<A, float> && std::is_same_v<B, cdouble>) || (std::is_same_v<A, bool> && std::is_same_v<B, float>);

/// Which operand combinations are instantiated: keeps the program's build time in check.
template <class X, class Y>
constexpr bool instantiated() {
    constexpr bool ax = me::is_array_v<X>, ay = me::is_array_v<Y>;
    using A = element_t<X>;
    using B = element_t<Y>;
    if constexpr (ax && ay) return std::is_same_v<A, B> || mixed_pair<A, B>;
    else if constexpr (ax) return true;                          // array with a double or int64 scalar
    else if constexpr (ay) return std::is_same_v<X, double>;     // double scalar with an array
    else return false;
}

/// The call does not compile: right when NumPy rejects it too (TypeError), a failure otherwise.
inline result not_compiled(const json& kwargs, const std::string& what) {
    if (kwargs.value("rejects", false))
        throw me::UnsupportedFunctionError(what, "does not compile for these types (NumPy raises TypeError)");
    FAIL_CHECK(what << " does not compile, but NumPy accepts it");
    return result{diff::any_array(me::array<std::uint8_t>())};
}

template <class R>
result wrap(R&& r) {
    if constexpr (std::is_same_v<std::remove_cvref_t<R>, bool>) return result{diff::any_array(me::array<bool>(r))};
    else return diff::as_result(std::forward<R>(r));
}

/// Unary op F on the case's array, with round's decimals, angle's deg or nan_to_num's values when given.
template <class F>
result unary(const json& args, const json& kwargs) {
    return with_array(args.at(0), [&](const auto& a) -> result {
        constexpr F f{};
        using T = element_t<decltype(a)>;
        if constexpr (requires { f(a); }) {
            if constexpr (requires { f(a, 0); })
                if (kwargs.contains("decimals")) return wrap(f(a, kwargs.at("decimals").get<int>()));
            if constexpr (requires { f(a, true); })
                if (kwargs.contains("deg")) return wrap(f(a, kwargs.at("deg").get<bool>()));
            if constexpr (requires { f(a, 0.0, 0.0, 0.0); })
                if (kwargs.contains("nan"))
                    return wrap(f(a, diff::number(kwargs.at("nan")), diff::number(kwargs.at("posinf")),
                                  diff::number(kwargs.at("neginf"))));
            return wrap(f(a));
        } else {
            return not_compiled(kwargs, std::string(me::detail::dtype_name<T>()));
        }
    });
}

/// Binary op F on two operands (arrays or scalars), with isclose's tolerances or vecdot's axis when given.
template <class F>
result binary(const json& args, const json& kwargs) {
    return with_operand(args.at(0), [&](const auto& x) {
        return with_operand(args.at(1), [&](const auto& y) -> result {
            using X = std::remove_cvref_t<decltype(x)>;
            using Y = std::remove_cvref_t<decltype(y)>;
            constexpr F f{};
            const std::string types = std::string(me::detail::dtype_name<element_t<X>>()) + (me::is_array_v<X> ? "" : " scalar") +
                                      ", " + std::string(me::detail::dtype_name<element_t<Y>>()) + (me::is_array_v<Y> ? "" : " scalar");
            if constexpr (!instantiated<X, Y>()) {
                FAIL_CHECK("operands " << types << " are not instantiated in diff_ufuncs.cpp");
                return result{};
            } else if constexpr (requires { f(x, y); }) {
                if constexpr (requires { f(x, y, me::isclose_options{}); })
                    if (kwargs.contains("rtol"))
                        return wrap(f(x, y, me::isclose_options{kwargs.at("rtol").get<double>(), kwargs.at("atol").get<double>(),
                                                                 kwargs.at("equal_nan").get<bool>()}));
                if constexpr (requires { f(x, y, me::vecdot_options{}); })
                    if (kwargs.contains("axis")) return wrap(f(x, y, me::vecdot_options{kwargs.at("axis").get<int>()}));
                return wrap(f(x, y));
            } else {
                return not_compiled(kwargs, types);
            }
        });
    });
}

// Operators as function objects, SFINAE-friendly so that `requires { f(x, y); }` tells
// whether the operator exists for the types.
#define DIFF_BINARY_OPERATOR(name, symbol)                                                      \
    struct name {                                                                               \
        template <class X, class Y>                                                             \
        auto operator()(const X& x, const Y& y) const -> decltype(x symbol y) { return x symbol y; } \
    };
#define DIFF_UNARY_OPERATOR(name, symbol)                                                       \
    struct name {                                                                               \
        template <class X>                                                                      \
        auto operator()(const X& x) const -> decltype(symbol x) { return symbol x; }            \
    };
#define DIFF_COMPOUND(name, symbol)                                                             \
    struct name {                                                                               \
        template <class X, class Y>                                                             \
        auto operator()(const X& x, const Y& y) const                                           \
            -> std::remove_cvref_t<decltype(std::declval<X&>() symbol y)> {                     \
            X copy = x;                                                                         \
            copy symbol y;                                                                      \
            return copy;                                                                        \
        }                                                                                       \
    };
DIFF_BINARY_OPERATOR(op_add, +)
DIFF_BINARY_OPERATOR(op_sub, -)
DIFF_BINARY_OPERATOR(op_mul, *)
DIFF_BINARY_OPERATOR(op_div, /)
DIFF_BINARY_OPERATOR(op_mod, %)
DIFF_BINARY_OPERATOR(op_eq, ==)
DIFF_BINARY_OPERATOR(op_ne, !=)
DIFF_BINARY_OPERATOR(op_lt, <)
DIFF_BINARY_OPERATOR(op_le, <=)
DIFF_BINARY_OPERATOR(op_gt, >)
DIFF_BINARY_OPERATOR(op_ge, >=)
DIFF_BINARY_OPERATOR(op_and, &)
DIFF_BINARY_OPERATOR(op_or, |)
DIFF_BINARY_OPERATOR(op_xor, ^)
DIFF_BINARY_OPERATOR(op_shl, <<)
DIFF_BINARY_OPERATOR(op_shr, >>)
DIFF_UNARY_OPERATOR(op_neg, -)
DIFF_UNARY_OPERATOR(op_pos, +)
DIFF_UNARY_OPERATOR(op_not, !)
DIFF_UNARY_OPERATOR(op_inv, ~)
DIFF_COMPOUND(op_iadd, +=)
DIFF_COMPOUND(op_isub, -=)
DIFF_COMPOUND(op_imul, *=)
DIFF_COMPOUND(op_idiv, /=)
DIFF_COMPOUND(op_imod, %=)
DIFF_COMPOUND(op_iand, &=)
DIFF_COMPOUND(op_ior, |=)
DIFF_COMPOUND(op_ixor, ^=)

template <const auto& Op>
using type_of = std::remove_cvref_t<decltype(Op)>;

using table = std::map<std::string, diff::runner>;

// The four parts of the name -> runner table, each defined in its own translation unit.
table unary_ops();
table binary_ops_a();
table binary_ops_b();
table operators();

}  // namespace ufunc_runners

#define DIFF_U(op) {#op, ufunc_runners::unary<ufunc_runners::type_of<me::op>>},
#define DIFF_B(op) {#op, ufunc_runners::binary<ufunc_runners::type_of<me::op>>},

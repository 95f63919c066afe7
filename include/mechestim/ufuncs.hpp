/// @file ufuncs.hpp
/// @brief Counted pointwise ops: NumPy's unary and binary ufuncs, and the operators of `me::array`.
///
/// Every op here is an object of `detail::unary_ufunc<Fn>` or `detail::binary_ufunc<Fn>`:
/// `me::exp(a)`, `me::maximum(h, 0.0)`, `me::add(a, b)`. Each accepts arrays and C++
/// scalars, broadcasts like NumPy, and charges before it computes.
///
/// FLOPs: numel of the (broadcast) output, at least 1 (`me::flops::pointwise_cost`).
///
/// Element types: functions NumPy computes in floating point (exp, sqrt, divide ...) give
/// float64 for integer and bool inputs and keep float32/complex types; an op that NumPy
/// rejects for a type (bitwise ops on floats, `negative` on bool, ordering of complex
/// numbers) does not compile.
#pragma once

#include <bit>
#include <cmath>
#include <complex>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numbers>
#include <type_traits>
#include <utility>

#include "detail/ufunc.hpp"

namespace me {

namespace detail {

/// A string literal usable as a template argument (the op's registry name).
template <std::size_t N>
struct op_literal {
    char text[N]{};
    constexpr op_literal(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
    }
    constexpr operator std::string_view() const { return {text, N - 1}; }
};

template <class T> concept boolean = std::same_as<T, bool>;
template <class T> concept integer = std::integral<T> && !boolean<T>;
template <class T> concept real_number = std::is_arithmetic_v<T>;         // bool, integers, floats
template <class T> concept signed_number = real_number<T> && !boolean<T>;  // integers, floats
template <class T> concept any_number = real_number<T> || is_complex_v<T>;
template <class T> concept nonbool_number = any_number<T> && !boolean<T>;

/// The value a floating-point ufunc computes with: integers and bools as float64.
template <class T>
constexpr float_result_t<T> to_float(T x) {
    return static_cast<float_result_t<T>>(x);
}

template <class T>
constexpr bool truth(T x) {
    if constexpr (is_complex_v<T>) return x != T{};
    else return x != 0;
}

/// Unary op computed in floating point: ints and bools become float64 first.
/// `F` is constrained (trailing return type), so types it does not accept are excluded.
template <op_literal Name, auto F>
struct float_unary {
    static constexpr std::string_view name = Name;
    template <any_number T>
    static auto apply(T x) -> decltype(F(to_float(x))) { return F(to_float(x)); }
};

/// Unary op on the value as it is (same-type arithmetic, predicates).
template <op_literal Name, auto F>
struct plain_unary {
    static constexpr std::string_view name = Name;
    template <class T>
    static auto apply(T x) -> decltype(F(x)) { return F(x); }
};

/// Binary op applied in the promoted type.
template <op_literal Name, auto F>
struct plain_binary {
    static constexpr std::string_view name = Name;
    template <class C>
    static auto apply(C x, C y) -> decltype(F(x, y)) { return F(x, y); }
};

/// Binary op computed in floating point.
template <op_literal Name, auto F>
struct float_binary {
    static constexpr std::string_view name = Name;
    template <any_number C>
    static auto apply(C x, C y) -> decltype(F(to_float(x), to_float(y))) { return F(to_float(x), to_float(y)); }
};

// SFINAE-friendly lambda: `ME_DETAIL_FN(std::sin(v))` accepts exactly the types std::sin accepts.
#define ME_DETAIL_FN(...) [](auto v) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_REAL_FN(...) \
    []<real_number V>(V v) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_FN2(...) [](auto x, auto y) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_REAL_FN2(...) \
    []<real_number V>(V x, V y) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }

/// NumPy's floating floor-division and modulo pair (npy_divmod), so that results match
/// NumPy where floor(a / b) would round differently.
template <std::floating_point T>
constexpr std::pair<T, T> float_divmod(T a, T b) {
    T mod = std::fmod(a, b);
    if (b == 0) return {a / b, mod};
    T div = (a - mod) / b;
    if (mod != 0) {
        if ((b < 0) != (mod < 0)) {
            mod += b;
            div -= T(1);
        }
    } else {
        mod = std::copysign(T(0), b);
    }
    T floordiv;
    if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > T(0.5)) floordiv += T(1);
    } else {
        floordiv = std::copysign(T(0), a / b);
    }
    return {floordiv, mod};
}

/// Python's integer floor division and modulo; division by zero gives 0, as in NumPy.
template <integer T>
constexpr std::pair<T, T> integer_divmod(T a, T b) {
    if (b == 0) return {0, 0};
    if constexpr (std::is_signed_v<T>)
        if (b == -1) return {static_cast<T>(T(0) - a), 0};  // avoids INT_MIN / -1
    T q = a / b, r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) {
        --q;
        r += b;
    }
    return {q, r};
}

template <class T>
constexpr auto divmod_pair(T a, T b) {
    if constexpr (std::floating_point<T>) return float_divmod(a, b);
    else return integer_divmod(a, b);
}

template <integer T>
constexpr T integer_power(T base, T exponent) {
    T result = 1;
    while (exponent > 0) {
        if (exponent & 1) result = static_cast<T>(static_cast<std::make_unsigned_t<T>>(result) * static_cast<std::make_unsigned_t<T>>(base));
        base = static_cast<T>(static_cast<std::make_unsigned_t<T>>(base) * static_cast<std::make_unsigned_t<T>>(base));
        exponent >>= 1;
    }
    return result;
}

struct power_fn {
    static constexpr std::string_view name = "power";
    template <nonbool_number C>
    static void check(C, C exponent) {
        if constexpr (integer<C>)
            if (exponent < 0) throw ValueError("power: integers to negative integer powers are not allowed");
    }
    template <nonbool_number C>
    static C apply(C base, C exponent) {
        if constexpr (integer<C>) return integer_power(base, exponent);
        else return std::pow(base, exponent);
    }
};
struct pow_fn : power_fn {
    static constexpr std::string_view name = "pow";
};

/// NumPy's shifts: shifting by the bit width or more (or by a negative amount) gives 0,
/// or -1 for a right shift of a negative value, where C++ would be undefined.
template <integer T>
constexpr T shift_left(T x, T n) {
    using U = std::make_unsigned_t<T>;
    if (static_cast<U>(n) >= sizeof(T) * 8) return 0;
    return static_cast<T>(static_cast<U>(x) << n);
}
template <integer T>
constexpr T shift_right(T x, T n) {
    using U = std::make_unsigned_t<T>;
    if (static_cast<U>(n) >= sizeof(T) * 8) return x < 0 ? T(-1) : T(0);
    return static_cast<T>(x >> n);
}

template <integer T>
constexpr T gcd_value(T a, T b) {
    using U = std::make_unsigned_t<T>;
    U x = a < 0 ? U(0) - U(a) : U(a), y = b < 0 ? U(0) - U(b) : U(b);
    while (y != 0) x = std::exchange(y, x % y);
    return static_cast<T>(x);
}
template <integer T>
constexpr T lcm_value(T a, T b) {
    if (a == 0 || b == 0) return 0;
    const T g = gcd_value(a, b);
    const T r = static_cast<T>((a / g) * b);
    return r < 0 ? static_cast<T>(-r) : r;
}

template <class T>
constexpr T sign_value(T x) {
    if constexpr (is_complex_v<T>) {
        const auto m = std::abs(x);
        return m == 0 ? T{} : x / m;  // NumPy 2: z / |z|
    } else if constexpr (std::floating_point<T>) {
        if (std::isnan(x)) return x;
        return static_cast<T>((x > 0) - (x < 0));
    } else {
        return static_cast<T>((x > 0) - (x < 0));
    }
}

template <class T>
constexpr auto abs_value(T x) {
    if constexpr (is_complex_v<T>) return std::abs(x);
    else if constexpr (std::is_signed_v<T>) return x < 0 ? static_cast<T>(-x) : x;
    else return x;
}

template <class T>
constexpr T reciprocal_value(T x) {
    if constexpr (integer<T>) {
        // C integer division, as NumPy: 0 for |x| > 1; 1/0 gives the minimum like NumPy's int64.
        if (x == 0) return std::numeric_limits<T>::min();
        return static_cast<T>(T(1) / x);
    } else {
        return T(1) / x;
    }
}

template <std::floating_point T>
T maximum_value(T x, T y) { return (x >= y || std::isnan(x)) ? x : y; }
template <std::floating_point T>
T minimum_value(T x, T y) { return (x <= y || std::isnan(x)) ? x : y; }

template <std::floating_point T>
T logaddexp_value(T x, T y) {
    if (x == y) return x + std::numbers::ln2_v<T>;  // also handles infinities of one sign
    const T d = x - y;
    return d > 0 ? x + std::log1p(std::exp(-d)) : d <= 0 ? y + std::log1p(std::exp(d)) : d;
}
template <std::floating_point T>
T logaddexp2_value(T x, T y) {
    if (x == y) return x + T(1);
    const T d = x - y;
    const T ln2 = std::numbers::ln2_v<T>;
    return d > 0 ? x + std::log1p(std::exp2(-d)) / ln2 : d <= 0 ? y + std::log1p(std::exp2(d)) / ln2 : d;
}

template <std::floating_point T>
T sinc_value(T x) {
    if (x == 0) return T(1);
    const T y = std::numbers::pi_v<T> * x;
    return std::sin(y) / y;
}

template <std::floating_point T>
T spacing_value(T x) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return std::numeric_limits<T>::quiet_NaN();
    return std::nextafter(x, std::copysign(std::numeric_limits<T>::infinity(), x)) - x;
}

template <std::floating_point T>
T heaviside_value(T x, T h0) {
    if (std::isnan(x)) return x;
    return x < 0 ? T(0) : x > 0 ? T(1) : h0;
}

/// NumPy's round: scale, round half to even, unscale.
template <class T>
T round_value(T x, int decimals) {
    if constexpr (is_complex_v<T>) {
        return T(round_value(x.real(), decimals), round_value(x.imag(), decimals));
    } else if constexpr (std::integral<T>) {
        if (decimals >= 0) return x;
        const double f = std::pow(10.0, -decimals);
        return static_cast<T>(std::nearbyint(static_cast<double>(x) / f) * f);
    } else {
        if (decimals >= 0) {
            const T f = static_cast<T>(std::pow(10.0, decimals));
            return std::nearbyint(x * f) / f;
        }
        const T f = static_cast<T>(std::pow(10.0, -decimals));
        return std::nearbyint(x / f) * f;
    }
}

template <op_literal Name>
struct round_fn {
    static constexpr std::string_view name = Name;
    template <nonbool_number T>
    static T apply(T x, int decimals = 0) { return round_value(x, decimals); }
};

struct nan_to_num_fn {
    static constexpr std::string_view name = "nan_to_num";
    template <class R>
    static R fix(R v, double nan, double posinf, double neginf) {
        if (std::isnan(v)) return static_cast<R>(nan);
        if (std::isinf(v)) return static_cast<R>(v > 0 ? posinf : neginf);
        return v;
    }
    template <any_number T>
    static T apply(T x, double nan = 0.0, double posinf = std::numeric_limits<double>::infinity(),
                   double neginf = -std::numeric_limits<double>::infinity()) {
        // NumPy's defaults replace infinities with the largest finite value of the type.
        using R = real_t<T>;
        if constexpr (std::floating_point<R>) {
            const double big = std::numeric_limits<R>::max();
            const double pi = std::isinf(posinf) ? big : posinf, ni = std::isinf(neginf) ? -big : neginf;
            if constexpr (is_complex_v<T>) return T(fix(x.real(), nan, pi, ni), fix(x.imag(), nan, pi, ni));
            else return fix(x, nan, pi, ni);
        } else {
            return x;
        }
    }
};

struct angle_fn {
    static constexpr std::string_view name = "angle";
    template <any_number T>
    static auto apply(T x, bool deg = false) {
        using R = float_result_t<real_t<T>>;
        R a;
        if constexpr (is_complex_v<T>) a = std::arg(x);
        else a = std::atan2(R(0), static_cast<R>(x));
        return deg ? a * R(180) / std::numbers::pi_v<R> : a;
    }
};

template <class T>
auto frexp_value(T x) {
    int e = 0;
    const T m = std::frexp(x, &e);
    return std::pair<T, std::int32_t>(m, e);
}

template <class T>
auto modf_value(T x) {
    T whole{};
    const T frac = std::modf(x, &whole);
    return std::pair<T, T>(frac, whole);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Unary ops. FLOPs: numel(output).
// ---------------------------------------------------------------------------------------

#define ME_DETAIL_FLOAT_UNARY(op, ...) \
    inline constexpr detail::unary_ufunc<detail::float_unary<#op, (ME_DETAIL_FN(__VA_ARGS__))>> op{};
#define ME_DETAIL_PLAIN_UNARY(op, ...) \
    inline constexpr detail::unary_ufunc<detail::plain_unary<#op, (__VA_ARGS__)>> op{};

/// Exponential and logarithms, roots, trigonometric and hyperbolic functions (NumPy's float ufuncs).
/// FLOPs: numel(output).
ME_DETAIL_FLOAT_UNARY(exp, std::exp(v))
ME_DETAIL_FLOAT_UNARY(exp2, std::exp2(v))
ME_DETAIL_FLOAT_UNARY(expm1, std::expm1(v))
ME_DETAIL_FLOAT_UNARY(log, std::log(v))
ME_DETAIL_FLOAT_UNARY(log2, std::log2(v))
ME_DETAIL_FLOAT_UNARY(log10, std::log10(v))
ME_DETAIL_FLOAT_UNARY(log1p, std::log1p(v))
ME_DETAIL_FLOAT_UNARY(sqrt, std::sqrt(v))
ME_DETAIL_FLOAT_UNARY(cbrt, std::cbrt(v))
ME_DETAIL_FLOAT_UNARY(sin, std::sin(v))
ME_DETAIL_FLOAT_UNARY(cos, std::cos(v))
ME_DETAIL_FLOAT_UNARY(tan, std::tan(v))
ME_DETAIL_FLOAT_UNARY(arcsin, std::asin(v))
ME_DETAIL_FLOAT_UNARY(arccos, std::acos(v))
ME_DETAIL_FLOAT_UNARY(arctan, std::atan(v))
ME_DETAIL_FLOAT_UNARY(asin, std::asin(v))
ME_DETAIL_FLOAT_UNARY(acos, std::acos(v))
ME_DETAIL_FLOAT_UNARY(atan, std::atan(v))
ME_DETAIL_FLOAT_UNARY(sinh, std::sinh(v))
ME_DETAIL_FLOAT_UNARY(cosh, std::cosh(v))
ME_DETAIL_FLOAT_UNARY(tanh, std::tanh(v))
ME_DETAIL_FLOAT_UNARY(arcsinh, std::asinh(v))
ME_DETAIL_FLOAT_UNARY(arccosh, std::acosh(v))
ME_DETAIL_FLOAT_UNARY(arctanh, std::atanh(v))
ME_DETAIL_FLOAT_UNARY(asinh, std::asinh(v))
ME_DETAIL_FLOAT_UNARY(acosh, std::acosh(v))
ME_DETAIL_FLOAT_UNARY(atanh, std::atanh(v))
/// Angle conversions. FLOPs: numel(output).
ME_DETAIL_FLOAT_UNARY(deg2rad, v * (std::numbers::pi_v<decltype(v)> / 180))
ME_DETAIL_FLOAT_UNARY(radians, v * (std::numbers::pi_v<decltype(v)> / 180))
ME_DETAIL_FLOAT_UNARY(rad2deg, v * (180 / std::numbers::pi_v<decltype(v)>))
ME_DETAIL_FLOAT_UNARY(degrees, v * (180 / std::numbers::pi_v<decltype(v)>))
/// Rounding to integral values (results stay floating, as in NumPy). FLOPs: numel(output).
ME_DETAIL_FLOAT_UNARY(fabs, std::fabs(v))
ME_DETAIL_FLOAT_UNARY(ceil, std::ceil(v))
ME_DETAIL_FLOAT_UNARY(floor, std::floor(v))
ME_DETAIL_FLOAT_UNARY(trunc, std::trunc(v))
ME_DETAIL_FLOAT_UNARY(fix, std::trunc(v))
ME_DETAIL_FLOAT_UNARY(rint, std::nearbyint(v))
/// sin(pi x)/(pi x), spacing to the next float, modified Bessel function I0. FLOPs: numel(output).
ME_DETAIL_FLOAT_UNARY(sinc, detail::sinc_value(v))
ME_DETAIL_FLOAT_UNARY(spacing, detail::spacing_value(v))
ME_DETAIL_FLOAT_UNARY(i0, static_cast<decltype(std::fabs(v))>(std::cyl_bessel_i(0.0, static_cast<double>(v))))

/// Same-type arithmetic. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(negative, []<detail::nonbool_number V>(V v) -> V { return -v; })
ME_DETAIL_PLAIN_UNARY(positive, []<detail::nonbool_number V>(V v) -> V { return +v; })
ME_DETAIL_PLAIN_UNARY(square, []<detail::nonbool_number V>(V v) -> V { return v * v; })
ME_DETAIL_PLAIN_UNARY(reciprocal, []<detail::nonbool_number V>(V v) -> V { return detail::reciprocal_value(v); })
ME_DETAIL_PLAIN_UNARY(sign, []<detail::nonbool_number V>(V v) -> V { return detail::sign_value(v); })
/// Absolute value; the magnitude for complex numbers. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(abs, []<detail::any_number V>(V v) { return detail::abs_value(v); })
ME_DETAIL_PLAIN_UNARY(absolute, []<detail::any_number V>(V v) { return detail::abs_value(v); })
/// Complex conjugate (identity on real numbers). FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(conj, []<detail::any_number V>(V v) -> V {
    if constexpr (detail::is_complex_v<V>) return std::conj(v);
    else return v;
})
ME_DETAIL_PLAIN_UNARY(conjugate, []<detail::any_number V>(V v) -> V {
    if constexpr (detail::is_complex_v<V>) return std::conj(v);
    else return v;
})
/// Real and imaginary parts. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(real, []<detail::any_number V>(V v) -> detail::real_t<V> { return std::real(v); })
ME_DETAIL_PLAIN_UNARY(imag, []<detail::any_number V>(V v) -> detail::real_t<V> {
    if constexpr (detail::is_complex_v<V>) return v.imag();
    else return V{};
})
/// Bitwise NOT (logical NOT on bool). FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(invert, []<std::integral V>(V v) -> V { return detail::boolean<V> ? !v : static_cast<V>(~v); })
ME_DETAIL_PLAIN_UNARY(bitwise_not, []<std::integral V>(V v) -> V { return detail::boolean<V> ? !v : static_cast<V>(~v); })
ME_DETAIL_PLAIN_UNARY(bitwise_invert, []<std::integral V>(V v) -> V { return detail::boolean<V> ? !v : static_cast<V>(~v); })
/// Number of 1 bits in |x| (NumPy 2's bitwise_count), as uint8. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(bitwise_count, []<std::integral V>(V v) -> std::uint8_t {
    using U = std::make_unsigned_t<std::conditional_t<detail::boolean<V>, unsigned char, V>>;
    const U u = (std::is_signed_v<V> && v < 0) ? static_cast<U>(U(0) - static_cast<U>(v)) : static_cast<U>(v);
    return static_cast<std::uint8_t>(std::popcount(u));
})
/// Predicates. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(logical_not, []<detail::any_number V>(V v) -> bool { return !detail::truth(v); })
ME_DETAIL_PLAIN_UNARY(signbit, []<detail::real_number V>(V v) -> bool { return std::signbit(static_cast<double>(v)); })
ME_DETAIL_PLAIN_UNARY(isposinf, []<detail::real_number V>(V v) -> bool {
    return std::is_floating_point_v<V> && std::isinf(static_cast<double>(v)) && v > 0;
})
ME_DETAIL_PLAIN_UNARY(isneginf, []<detail::real_number V>(V v) -> bool {
    return std::is_floating_point_v<V> && std::isinf(static_cast<double>(v)) && v < 0;
})
ME_DETAIL_PLAIN_UNARY(iscomplex, []<detail::any_number V>(V v) -> bool {
    if constexpr (detail::is_complex_v<V>) return v.imag() != 0;
    else return false;
})
ME_DETAIL_PLAIN_UNARY(isreal, []<detail::any_number V>(V v) -> bool {
    if constexpr (detail::is_complex_v<V>) return v.imag() == 0;
    else return true;
})
/// Mantissa and exponent, fractional and integral parts: two arrays. FLOPs: numel(output), charged once.
ME_DETAIL_PLAIN_UNARY(frexp, []<std::floating_point V>(V v) { return detail::frexp_value(v); })
ME_DETAIL_PLAIN_UNARY(modf, []<std::floating_point V>(V v) { return detail::modf_value(v); })

/// Round half to even at `decimals` places: `me::round(a, 2)`. FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::round_fn<"round">> round{};
inline constexpr detail::unary_ufunc<detail::round_fn<"around">> around{};
/// NaN to `nan`, infinities to `posinf`/`neginf` (default: the type's extremes). FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::nan_to_num_fn> nan_to_num{};
/// Angle of complex numbers, in radians (or degrees with `deg = true`). FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::angle_fn> angle{};

#undef ME_DETAIL_FLOAT_UNARY
#undef ME_DETAIL_PLAIN_UNARY

// ---------------------------------------------------------------------------------------
// Binary ops. FLOPs: numel of the broadcast output.
// ---------------------------------------------------------------------------------------

#define ME_DETAIL_PLAIN_BINARY(op, ...) \
    inline constexpr detail::binary_ufunc<detail::plain_binary<#op, (__VA_ARGS__)>> op{};
#define ME_DETAIL_FLOAT_BINARY(op, ...) \
    inline constexpr detail::binary_ufunc<detail::float_binary<#op, (ME_DETAIL_FN2(__VA_ARGS__))>> op{};

/// Arithmetic. `add` and `multiply` on bool are OR and AND, as in NumPy. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(add, []<detail::any_number V>(V x, V y) -> V {
    if constexpr (detail::boolean<V>) return x || y;
    else return x + y;
})
ME_DETAIL_PLAIN_BINARY(subtract, []<detail::nonbool_number V>(V x, V y) -> V { return x - y; })
ME_DETAIL_PLAIN_BINARY(multiply, []<detail::any_number V>(V x, V y) -> V {
    if constexpr (detail::boolean<V>) return x && y;
    else return x * y;
})
/// True division: integers divide as float64. FLOPs: numel(output).
ME_DETAIL_FLOAT_BINARY(divide, x / y)
ME_DETAIL_FLOAT_BINARY(true_divide, x / y)
/// Floor division and Python-style modulo (integer division by zero gives 0). FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(floor_divide, []<detail::signed_number V>(V x, V y) -> V { return detail::divmod_pair(x, y).first; })
ME_DETAIL_PLAIN_BINARY(remainder, []<detail::signed_number V>(V x, V y) -> V { return detail::divmod_pair(x, y).second; })
ME_DETAIL_PLAIN_BINARY(mod, []<detail::signed_number V>(V x, V y) -> V { return detail::divmod_pair(x, y).second; })
/// Both of the above at once, as a pair of arrays. FLOPs: numel(output), charged once.
ME_DETAIL_PLAIN_BINARY(divmod, []<detail::signed_number V>(V x, V y) -> std::pair<V, V> { return detail::divmod_pair(x, y); })
/// C's fmod: the remainder takes the dividend's sign. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(fmod, []<detail::signed_number V>(V x, V y) -> V {
    if constexpr (std::floating_point<V>) return std::fmod(x, y);
    else return y == 0 ? V(0) : static_cast<V>(y == -1 ? 0 : x % y);
})
/// Powers. Integers to negative integer powers raise `me::ValueError`. FLOPs: numel(output).
inline constexpr detail::binary_ufunc<detail::power_fn> power{};
inline constexpr detail::binary_ufunc<detail::pow_fn> pow{};
/// Power computed in float64 (or complex128). FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(float_power, []<detail::any_number V>(V x, V y) {
    if constexpr (detail::is_complex_v<V>) return std::pow(std::complex<double>(x), std::complex<double>(y));
    else return std::pow(static_cast<double>(x), static_cast<double>(y));
})
/// Floating binary functions. FLOPs: numel(output).
ME_DETAIL_FLOAT_BINARY(arctan2, std::atan2(x, y))
ME_DETAIL_FLOAT_BINARY(atan2, std::atan2(x, y))
ME_DETAIL_FLOAT_BINARY(hypot, std::hypot(x, y))
ME_DETAIL_FLOAT_BINARY(copysign, std::copysign(x, y))
ME_DETAIL_FLOAT_BINARY(nextafter, std::nextafter(x, y))
ME_DETAIL_FLOAT_BINARY(logaddexp, detail::logaddexp_value(x, y))
ME_DETAIL_FLOAT_BINARY(logaddexp2, detail::logaddexp2_value(x, y))
ME_DETAIL_FLOAT_BINARY(heaviside, detail::heaviside_value(x, y))
ME_DETAIL_FLOAT_BINARY(ldexp, std::ldexp(x, static_cast<int>(y)))
/// Elementwise extremes: `maximum`/`minimum` propagate NaN, `fmax`/`fmin` ignore it. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(maximum, []<detail::real_number V>(V x, V y) -> V {
    if constexpr (std::floating_point<V>) return detail::maximum_value(x, y);
    else return x >= y ? x : y;
})
ME_DETAIL_PLAIN_BINARY(minimum, []<detail::real_number V>(V x, V y) -> V {
    if constexpr (std::floating_point<V>) return detail::minimum_value(x, y);
    else return x <= y ? x : y;
})
ME_DETAIL_PLAIN_BINARY(fmax, []<detail::real_number V>(V x, V y) -> V {
    if constexpr (std::floating_point<V>) return std::fmax(x, y);
    else return x >= y ? x : y;
})
ME_DETAIL_PLAIN_BINARY(fmin, []<detail::real_number V>(V x, V y) -> V {
    if constexpr (std::floating_point<V>) return std::fmin(x, y);
    else return x <= y ? x : y;
})
/// Greatest common divisor and least common multiple of integers. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(gcd, []<detail::integer V>(V x, V y) -> V { return detail::gcd_value(x, y); })
ME_DETAIL_PLAIN_BINARY(lcm, []<detail::integer V>(V x, V y) -> V { return detail::lcm_value(x, y); })
/// Bitwise logic on integers and bools. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(bitwise_and, []<std::integral V>(V x, V y) -> V { return static_cast<V>(x & y); })
ME_DETAIL_PLAIN_BINARY(bitwise_or, []<std::integral V>(V x, V y) -> V { return static_cast<V>(x | y); })
ME_DETAIL_PLAIN_BINARY(bitwise_xor, []<std::integral V>(V x, V y) -> V { return static_cast<V>(x ^ y); })
/// Shifts of integers (by the bit width or more: 0, or -1 for negative right shifts). FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(left_shift, []<detail::integer V>(V x, V y) -> V { return detail::shift_left(x, y); })
ME_DETAIL_PLAIN_BINARY(bitwise_left_shift, []<detail::integer V>(V x, V y) -> V { return detail::shift_left(x, y); })
ME_DETAIL_PLAIN_BINARY(right_shift, []<detail::integer V>(V x, V y) -> V { return detail::shift_right(x, y); })
ME_DETAIL_PLAIN_BINARY(bitwise_right_shift, []<detail::integer V>(V x, V y) -> V { return detail::shift_right(x, y); })
/// Comparisons, giving `me::array<bool>`. Ordering is not defined for complex numbers. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(equal, []<detail::any_number V>(V x, V y) -> bool { return x == y; })
ME_DETAIL_PLAIN_BINARY(not_equal, []<detail::any_number V>(V x, V y) -> bool { return x != y; })
ME_DETAIL_PLAIN_BINARY(less, []<detail::real_number V>(V x, V y) -> bool { return x < y; })
ME_DETAIL_PLAIN_BINARY(less_equal, []<detail::real_number V>(V x, V y) -> bool { return x <= y; })
ME_DETAIL_PLAIN_BINARY(greater, []<detail::real_number V>(V x, V y) -> bool { return x > y; })
ME_DETAIL_PLAIN_BINARY(greater_equal, []<detail::real_number V>(V x, V y) -> bool { return x >= y; })
/// Logical connectives on truth values. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(logical_and, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) && detail::truth(y); })
ME_DETAIL_PLAIN_BINARY(logical_or, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) || detail::truth(y); })
ME_DETAIL_PLAIN_BINARY(logical_xor, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) != detail::truth(y); })

#undef ME_DETAIL_PLAIN_BINARY
#undef ME_DETAIL_FLOAT_BINARY

// ---------------------------------------------------------------------------------------
// Operators: counted exactly like the named functions.
// ---------------------------------------------------------------------------------------

namespace detail {
template <class L, class R>
concept operand_pair = (is_array_v<L> && (is_array_v<R> || is_scalar_v<R>)) || (is_scalar_v<L> && is_array_v<R>);
}  // namespace detail

#define ME_DETAIL_OPERATOR(symbol, function)                             \
    template <class L, class R>                                          \
        requires detail::operand_pair<L, R>                              \
    auto operator symbol(const L& left, const R& right) {                \
        return function(left, right);                                    \
    }
#define ME_DETAIL_COMPOUND(symbol, function)                             \
    template <class T, class R>                                          \
        requires(is_array_v<R> || detail::is_scalar_v<R>)                \
    array<T>& operator symbol(array<T>& left, const R& right) {          \
        left = function(left, right).template astype<T>();               \
        return left;                                                     \
    }

ME_DETAIL_OPERATOR(+, add)
ME_DETAIL_OPERATOR(-, subtract)
ME_DETAIL_OPERATOR(*, multiply)
ME_DETAIL_OPERATOR(/, divide)
ME_DETAIL_OPERATOR(%, remainder)
ME_DETAIL_OPERATOR(==, equal)
ME_DETAIL_OPERATOR(!=, not_equal)
ME_DETAIL_OPERATOR(<, less)
ME_DETAIL_OPERATOR(<=, less_equal)
ME_DETAIL_OPERATOR(>, greater)
ME_DETAIL_OPERATOR(>=, greater_equal)
ME_DETAIL_OPERATOR(&, bitwise_and)
ME_DETAIL_OPERATOR(|, bitwise_or)
ME_DETAIL_OPERATOR(^, bitwise_xor)
ME_DETAIL_OPERATOR(<<, left_shift)
ME_DETAIL_OPERATOR(>>, right_shift)
ME_DETAIL_COMPOUND(+=, add)
ME_DETAIL_COMPOUND(-=, subtract)
ME_DETAIL_COMPOUND(*=, multiply)
ME_DETAIL_COMPOUND(/=, divide)
ME_DETAIL_COMPOUND(%=, remainder)
ME_DETAIL_COMPOUND(&=, bitwise_and)
ME_DETAIL_COMPOUND(|=, bitwise_or)
ME_DETAIL_COMPOUND(^=, bitwise_xor)

#undef ME_DETAIL_OPERATOR
#undef ME_DETAIL_COMPOUND

/// `-a`: counted as `negative`.
template <class T>
auto operator-(const array<T>& a) { return negative(a); }
/// `+a`: counted as `positive`.
template <class T>
auto operator+(const array<T>& a) { return positive(a); }
/// `!a`: counted as `logical_not`.
template <class T>
auto operator!(const array<T>& a) { return logical_not(a); }
/// `~a`: counted as `invert`.
template <class T>
auto operator~(const array<T>& a) { return invert(a); }

}  // namespace me

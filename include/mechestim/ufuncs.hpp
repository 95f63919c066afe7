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
/// float64 for integer and bool inputs (NumPy gives float16 for bool; C++ has none) and keep
/// float32/complex types; an op that NumPy rejects for a type (bitwise ops on floats,
/// `subtract` on bool, `floor` of complex numbers) does not compile, and neither does bool
/// arithmetic that NumPy computes as int8 (`negative`, `square`, `power`, shifts of bool).
/// Integers wrap around on overflow and integer division by zero gives 0, as in NumPy
/// (never SIGFPE). Complex numbers order lexicographically (comparisons, maximum ...).
/// Values and dtypes are checked against NumPy by tests/differential/cases_ufuncs.py.
#pragma once

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <complex>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numbers>
#include <type_traits>
#include <utility>
#include <variant>

#include "detail/ufunc.hpp"
#include "detail/vector_math.hpp"

namespace me {

namespace detail {

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
/// `K`: its vector kernels (detail/vector_math.hpp), which then compute every float32 and
/// float64 value of the op, one at a time here, so that scalars and arrays agree to the bit.
template <op_literal Name, auto F, class K = void>
struct float_unary {
    static constexpr std::string_view name = Name;
    using kernels = K;
    template <any_number T>
    static auto apply(T x) -> decltype(F(to_float(x))) {
        if constexpr (vector_math::has_kernels<K, float_result_t<T>>) return vector_math::scalar<K>(to_float(x));
        else return F(to_float(x));
    }
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
template <op_literal Name, auto F, class K = void>
struct float_binary {
    static constexpr std::string_view name = Name;
    using kernels = K;
    template <any_number C>
    static auto apply(C x, C y) -> decltype(F(to_float(x), to_float(y))) {
        if constexpr (vector_math::has_kernels<K, float_result_t<C>>) return vector_math::scalar<K>(to_float(x), to_float(y));
        else return F(to_float(x), to_float(y));
    }
};

// SFINAE-friendly lambda: `ME_DETAIL_FN(std::sin(v))` accepts exactly the types std::sin accepts.
#define ME_DETAIL_FN(...) [](auto v) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_REAL_FN(...) \
    []<real_number V>(V v) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_FN2(...) [](auto x, auto y) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }
#define ME_DETAIL_REAL_FN2(...) \
    []<real_number V>(V x, V y) -> decltype(__VA_ARGS__) { return __VA_ARGS__; }

/// Integer arithmetic that wraps on overflow like NumPy's (signed overflow is undefined
/// in C++, so it goes through unsigned arithmetic at least as wide as `unsigned`).
template <class T>
using wrap_unsigned_t = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
template <class T>
constexpr T wrapping_add(T x, T y) {
    if constexpr (integer<T>) return static_cast<T>(static_cast<wrap_unsigned_t<T>>(x) + static_cast<wrap_unsigned_t<T>>(y));
    else return x + y;
}
template <class T>
constexpr T wrapping_sub(T x, T y) {
    if constexpr (integer<T>) return static_cast<T>(static_cast<wrap_unsigned_t<T>>(x) - static_cast<wrap_unsigned_t<T>>(y));
    else return x - y;
}
template <class T>
constexpr T wrapping_mul(T x, T y) {
    if constexpr (integer<T>) return static_cast<T>(static_cast<wrap_unsigned_t<T>>(x) * static_cast<wrap_unsigned_t<T>>(y));
    else return x * y;
}
template <class T>
constexpr T wrapping_neg(T x) {
    if constexpr (integer<T>) return wrapping_sub(T(0), x);
    else return -x;
}

// The element functions below are forced inline: they are the bodies of the ufunc loops,
// and in a large translation unit GCC's unit-growth limit can leave them as calls, which
// stops the loop from vectorising (maximum ran 1.4x slower in bench_families that way).

/// NumPy's ordering of complex numbers: lexicographic, NaN parts compare false.
template <class T>
[[gnu::always_inline]] constexpr bool complex_less(T x, T y, bool or_equal) {
    const auto xr = x.real(), xi = x.imag(), yr = y.real(), yi = y.imag();
    return (xr < yr && xi == xi && yi == yi) || (xr == yr && (or_equal ? xi <= yi : xi < yi));
}
/// x < y (or x <= y) in NumPy's order, for real and complex numbers.
template <class T>
[[gnu::always_inline]] constexpr bool ordered_less(T x, T y, bool or_equal = false) {
    if constexpr (is_complex_v<T>) return complex_less(x, y, or_equal);
    else return or_equal ? x <= y : x < y;
}
template <class T>
[[gnu::always_inline]] constexpr bool has_nan(T x) {
    if constexpr (is_complex_v<T>) return std::isnan(x.real()) || std::isnan(x.imag());
    else if constexpr (std::floating_point<T>) return std::isnan(x);
    else return false;
}
/// NumPy's maximum/minimum (NaN propagates: a NaN first operand wins, then a NaN second).
template <class T>
[[gnu::always_inline]] constexpr T extreme_value(T x, T y, bool max) {
    if (has_nan(x)) return x;
    return (max ? ordered_less(y, x, true) : ordered_less(x, y, true)) ? x : y;
}
/// NumPy's fmax/fmin (NaN is ignored unless both are NaN).
template <class T>
[[gnu::always_inline]] constexpr T extreme_ignoring_nan(T x, T y, bool max) {
    if (has_nan(y)) return x;
    if (has_nan(x)) return y;
    return (max ? ordered_less(y, x, true) : ordered_less(x, y, true)) ? x : y;
}

/// Comparison C in NumPy's order: real numbers as the vector compare loops compare them,
/// complex numbers lexicographically.
template <vector_math::comparison C, class T>
[[gnu::always_inline]] constexpr bool compare_values(T x, T y) {
    using enum vector_math::comparison;
    if constexpr (!is_complex_v<T>) return vector_math::compare_one<C>(x, y);
    else if constexpr (C == equal) return x == y;
    else if constexpr (C == not_equal) return x != y;
    else if constexpr (C == less || C == less_equal) return complex_less(x, y, C == less_equal);
    else return complex_less(y, x, C == greater_equal);
}

/// A comparison giving bool; `comparison` names it for the vector loops.
template <op_literal Name, vector_math::comparison C>
struct comparison_binary {
    static constexpr std::string_view name = Name;
    static constexpr vector_math::comparison comparison = C;
    template <any_number T>
    static bool apply(T x, T y) { return compare_values<C>(x, y); }
};

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
        if (b == -1) return {wrapping_neg(a), 0};  // avoids INT_MIN / -1, which traps
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

/// NumPy's complex power (npy_cpow): exact small integer powers by repeated multiplication
/// and NumPy's answers for zero bases and exponents, where std::pow gives NaN or rounds differently.
template <class T>
std::complex<T> complex_power(std::complex<T> a, std::complex<T> b) {
    using C = std::complex<T>;
    const T br = b.real(), bi = b.imag();
    if (br == 0 && bi == 0) return C(1, 0);
    if (a.real() == 0 && a.imag() == 0) {
        if (br > 0 && bi == 0) return C(0, 0);
        return C(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::quiet_NaN());
    }
    if (bi == 0 && br > -100 && br < 100 && br == std::trunc(br)) {
        const auto mul = [](C x, C y) { return C(x.real() * y.real() - x.imag() * y.imag(), x.real() * y.imag() + x.imag() * y.real()); };
        long n = static_cast<long>(br);
        if (n == 1) return a;
        if (n == 2) return mul(a, a);
        if (n == 3) return mul(a, mul(a, a));
        C acc(1, 0), p = a;
        for (long m = n < 0 ? -n : n; m != 0; m >>= 1) {
            if (m & 1) acc = mul(acc, p);
            if (m > 1) p = mul(p, p);
        }
        return n < 0 ? C(1, 0) / acc : acc;
    }
    return std::pow(a, b);
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
    using kernels = vector_math::kernels_pow;
    template <nonbool_number C>
    static void check(C, C exponent) {
        if constexpr (integer<C>)
            if (exponent < 0) throw ValueError("power: integers to negative integer powers are not allowed");
    }
    template <nonbool_number C>
    static C apply(C base, C exponent) {
        if constexpr (integer<C>) return integer_power(base, exponent);
        else if constexpr (is_complex_v<C>) return complex_power(base, exponent);
        else if constexpr (vector_math::has_kernels<kernels, C>) return vector_math::scalar<kernels>(base, exponent);
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
    // NumPy takes absolute values first, then |a| / gcd * |b|, wrapping on overflow.
    const T g = gcd_value(a, b);
    const T ua = a < 0 ? wrapping_neg(a) : a, ub = b < 0 ? wrapping_neg(b) : b;
    return wrapping_mul(static_cast<T>(ua / g), ub);
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
    else if constexpr (std::floating_point<T>) return std::fabs(x);  // abs(-0.0) is +0.0
    else if constexpr (std::is_signed_v<T>) return x < 0 ? wrapping_neg(x) : x;  // INT_MIN stays INT_MIN, as in NumPy
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

template <class T>
T sinc_value(T x) {
    if (x == T(0)) return T(1);
    const T y = std::numbers::pi_v<real_t<T>> * x;
    return std::sin(y) / y;
}

/// Bitwise NOT; logical NOT on bool, as NumPy.
template <std::integral T>
constexpr T bit_not(T x) {
    if constexpr (boolean<T>) return !x;
    else return static_cast<T>(~x);
}

/// I0 is even; std::cyl_bessel_i throws std::domain_error for x < 0, and is not asked about infinities.
inline double i0_value(double x) {
    if (std::isinf(x)) return std::numeric_limits<double>::infinity();
    return std::cyl_bessel_i(0.0, std::fabs(x));
}

// std has no complex exp2, log2, expm1, log1p or rint: NumPy's formulas (npy_math, nc_*).
template <class T>
T exp2_value(T x) {
    if constexpr (is_complex_v<T>) return std::exp(x * std::numbers::ln2_v<real_t<T>>);
    else return std::exp2(x);
}
template <class T>
T log2_value(T x) {
    if constexpr (is_complex_v<T>) return std::log(x) / std::numbers::ln2_v<real_t<T>>;
    else return std::log2(x);
}
template <class T>
T expm1_value(T x) {
    if constexpr (is_complex_v<T>) {
        const auto a = std::sin(x.imag() / 2);
        return T(std::expm1(x.real()) * std::cos(x.imag()) - 2 * a * a, std::exp(x.real()) * std::sin(x.imag()));
    } else {
        return std::expm1(x);
    }
}
template <class T>
T log1p_value(T x) {
    if constexpr (is_complex_v<T>)
        return T(std::log(std::hypot(x.real() + 1, x.imag())), std::atan2(x.imag(), x.real() + 1));
    else return std::log1p(x);
}
template <class T>
T rint_value(T x) {
    if constexpr (is_complex_v<T>) return T(std::nearbyint(x.real()), std::nearbyint(x.imag()));
    else return std::nearbyint(x);
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
    template <any_number T>
    static auto apply(T x, int decimals = 0) {
        if constexpr (boolean<T>) return round_value(to_float(x), decimals);  // NumPy: float16; here float64
        else return round_value(x, decimals);
    }
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

struct ldexp_fn {
    static constexpr std::string_view name = "ldexp";
    static constexpr bool mixed_operands = true;
    template <real_number X, std::integral E>
        requires(!std::floating_point<E>)
    static auto apply(X x, E e) {
        // Exponents beyond int saturate: the result is 0 or inf either way.
        const long long clamped = std::clamp<long long>(static_cast<long long>(e), INT_MIN, INT_MAX);
        return std::ldexp(to_float(x), static_cast<int>(clamped));
    }
};

template <std::floating_point T>
auto frexp_value(T x) {
    int e = 0;
    const T m = std::frexp(x, &e);
    return std::pair<T, std::int32_t>(m, e);
}

template <std::floating_point T>
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
// An op on SLEEF's kernels for float32 and float64 (detail/vector_math.hpp); `F` for the other types.
#define ME_DETAIL_VECTOR_UNARY(op, kernel, ...)                                        \
    inline constexpr detail::unary_ufunc<                                              \
        detail::float_unary<#op, (ME_DETAIL_FN(__VA_ARGS__)), detail::vector_math::kernels_##kernel>> op{};
#define ME_DETAIL_PLAIN_UNARY(op, ...) \
    inline constexpr detail::unary_ufunc<detail::plain_unary<#op, (__VA_ARGS__)>> op{};
// Float functions NumPy defines for real numbers only (complex input does not compile).
#define ME_DETAIL_FLOATING_FN(...) ([]<std::floating_point V>(V v) -> decltype(__VA_ARGS__) { return __VA_ARGS__; })
#define ME_DETAIL_REAL_FLOAT_UNARY(op, ...) \
    inline constexpr detail::unary_ufunc<detail::float_unary<#op, ME_DETAIL_FLOATING_FN(__VA_ARGS__)>> op{};
#define ME_DETAIL_REAL_VECTOR_UNARY(op, kernel, ...) \
    inline constexpr detail::unary_ufunc<            \
        detail::float_unary<#op, ME_DETAIL_FLOATING_FN(__VA_ARGS__), detail::vector_math::kernels_##kernel>> op{};

/// Exponential and logarithms, roots, trigonometric and hyperbolic functions (NumPy's float ufuncs),
/// for real and complex numbers (`cbrt` real only, as in NumPy). Integer and bool inputs
/// compute in float64 (NumPy gives float16 for bool; C++ has no float16).
/// FLOPs: numel(output).
ME_DETAIL_VECTOR_UNARY(exp, exp, std::exp(v))
ME_DETAIL_VECTOR_UNARY(exp2, exp2, detail::exp2_value(v))
ME_DETAIL_VECTOR_UNARY(expm1, expm1, detail::expm1_value(v))
ME_DETAIL_VECTOR_UNARY(log, log, std::log(v))
ME_DETAIL_VECTOR_UNARY(log2, log2, detail::log2_value(v))
ME_DETAIL_VECTOR_UNARY(log10, log10, std::log10(v))
ME_DETAIL_VECTOR_UNARY(log1p, log1p, detail::log1p_value(v))
ME_DETAIL_VECTOR_UNARY(sqrt, sqrt, std::sqrt(v))
ME_DETAIL_REAL_VECTOR_UNARY(cbrt, cbrt, std::cbrt(v))
ME_DETAIL_VECTOR_UNARY(sin, sin, std::sin(v))
ME_DETAIL_VECTOR_UNARY(cos, cos, std::cos(v))
ME_DETAIL_VECTOR_UNARY(tan, tan, std::tan(v))
ME_DETAIL_VECTOR_UNARY(arcsin, asin, std::asin(v))
ME_DETAIL_VECTOR_UNARY(arccos, acos, std::acos(v))
ME_DETAIL_VECTOR_UNARY(arctan, atan, std::atan(v))
ME_DETAIL_VECTOR_UNARY(asin, asin, std::asin(v))
ME_DETAIL_VECTOR_UNARY(acos, acos, std::acos(v))
ME_DETAIL_VECTOR_UNARY(atan, atan, std::atan(v))
ME_DETAIL_VECTOR_UNARY(sinh, sinh, std::sinh(v))
ME_DETAIL_VECTOR_UNARY(cosh, cosh, std::cosh(v))
ME_DETAIL_VECTOR_UNARY(tanh, tanh, std::tanh(v))
ME_DETAIL_VECTOR_UNARY(arcsinh, asinh, std::asinh(v))
ME_DETAIL_VECTOR_UNARY(arccosh, acosh, std::acosh(v))
ME_DETAIL_VECTOR_UNARY(arctanh, atanh, std::atanh(v))
ME_DETAIL_VECTOR_UNARY(asinh, asinh, std::asinh(v))
ME_DETAIL_VECTOR_UNARY(acosh, acosh, std::acosh(v))
ME_DETAIL_VECTOR_UNARY(atanh, atanh, std::atanh(v))
/// Angle conversions. FLOPs: numel(output).
ME_DETAIL_REAL_FLOAT_UNARY(deg2rad, v * (std::numbers::pi_v<decltype(v)> / 180))
ME_DETAIL_REAL_FLOAT_UNARY(radians, v * (std::numbers::pi_v<decltype(v)> / 180))
ME_DETAIL_REAL_FLOAT_UNARY(rad2deg, v * (180 / std::numbers::pi_v<decltype(v)>))
ME_DETAIL_REAL_FLOAT_UNARY(degrees, v * (180 / std::numbers::pi_v<decltype(v)>))
/// Rounding to integral values (results stay floating, as in NumPy); real numbers only,
/// except `rint`, which rounds both parts of a complex number. FLOPs: numel(output).
ME_DETAIL_REAL_FLOAT_UNARY(fabs, std::fabs(v))
ME_DETAIL_REAL_VECTOR_UNARY(ceil, rounding_ceil, std::ceil(v))
ME_DETAIL_REAL_VECTOR_UNARY(floor, rounding_floor, std::floor(v))
ME_DETAIL_REAL_VECTOR_UNARY(trunc, rounding_trunc, std::trunc(v))
ME_DETAIL_REAL_VECTOR_UNARY(fix, rounding_trunc, std::trunc(v))
ME_DETAIL_FLOAT_UNARY(rint, detail::rint_value(v))
/// sin(pi x)/(pi x) (real and complex), spacing to the next float and the modified Bessel
/// function I0 (real only, as in NumPy). FLOPs: numel(output).
ME_DETAIL_FLOAT_UNARY(sinc, detail::sinc_value(v))
ME_DETAIL_REAL_FLOAT_UNARY(spacing, detail::spacing_value(v))
ME_DETAIL_REAL_FLOAT_UNARY(i0, static_cast<V>(detail::i0_value(static_cast<double>(v))))

/// Same-type arithmetic; integers wrap around on overflow, as in NumPy. Bool input does
/// not compile (NumPy computes it as int8, which me::array lacks). FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(negative, []<detail::nonbool_number V>(V v) -> V { return detail::wrapping_neg(v); })
ME_DETAIL_PLAIN_UNARY(positive, []<detail::nonbool_number V>(V v) -> V { return +v; })
ME_DETAIL_PLAIN_UNARY(square, []<detail::nonbool_number V>(V v) -> V { return detail::wrapping_mul(v, v); })
ME_DETAIL_PLAIN_UNARY(reciprocal, []<detail::nonbool_number V>(V v) -> V { return detail::reciprocal_value(v); })
ME_DETAIL_PLAIN_UNARY(sign, []<detail::nonbool_number V>(V v) -> V { return detail::sign_value(v); })
/// Absolute value; the magnitude for complex numbers. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(abs, []<detail::any_number V>(V v) { return detail::abs_value(v); })
ME_DETAIL_PLAIN_UNARY(absolute, []<detail::any_number V>(V v) { return detail::abs_value(v); })
/// Complex conjugate (identity on real numbers; bool does not compile, NumPy computes it as int8).
/// FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(conj, []<detail::nonbool_number V>(V v) -> V {
    if constexpr (detail::is_complex_v<V>) return std::conj(v);
    else return v;
})
ME_DETAIL_PLAIN_UNARY(conjugate, []<detail::nonbool_number V>(V v) -> V {
    if constexpr (detail::is_complex_v<V>) return std::conj(v);
    else return v;
})
/// Real and imaginary parts. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(real, []<detail::any_number V>(V v) -> detail::real_t<V> {
    if constexpr (detail::is_complex_v<V>) return v.real();
    else return v;  // not std::real: for bool it returns a double, narrowed back with a warning
})
ME_DETAIL_PLAIN_UNARY(imag, []<detail::any_number V>(V v) -> detail::real_t<V> {
    if constexpr (detail::is_complex_v<V>) return v.imag();
    else return V{};
})
/// Bitwise NOT (logical NOT on bool). FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(invert, []<std::integral V>(V v) -> V { return detail::bit_not(v); })
ME_DETAIL_PLAIN_UNARY(bitwise_not, []<std::integral V>(V v) -> V { return detail::bit_not(v); })
ME_DETAIL_PLAIN_UNARY(bitwise_invert, []<std::integral V>(V v) -> V { return detail::bit_not(v); })
/// Number of 1 bits in |x| (NumPy 2's bitwise_count), as uint8. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(bitwise_count, []<std::integral V>(V v) -> std::uint8_t {
    using U = std::make_unsigned_t<std::conditional_t<detail::boolean<V>, unsigned char, V>>;
    U u = static_cast<U>(v);
    if constexpr (std::is_signed_v<V>)
        if (v < 0) u = static_cast<U>(U(0) - u);
    return static_cast<std::uint8_t>(std::popcount(u));
})
/// Predicates. FLOPs: numel(output).
ME_DETAIL_PLAIN_UNARY(logical_not, []<detail::any_number V>(V v) -> bool { return !detail::truth(v); })
ME_DETAIL_PLAIN_UNARY(signbit, []<detail::real_number V>(V v) -> bool { return std::signbit(static_cast<double>(v)); })
ME_DETAIL_PLAIN_UNARY(isposinf, []<detail::real_number V>(V v) -> bool {
    if constexpr (std::floating_point<V>) return std::isinf(v) && v > 0;
    else return false;
})
ME_DETAIL_PLAIN_UNARY(isneginf, []<detail::real_number V>(V v) -> bool {
    if constexpr (std::floating_point<V>) return std::isinf(v) && v < 0;
    else return false;
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
/// Integers and bools go through float64.
ME_DETAIL_PLAIN_UNARY(frexp, []<detail::real_number V>(V v) { return detail::frexp_value(detail::to_float(v)); })
ME_DETAIL_PLAIN_UNARY(modf, []<detail::real_number V>(V v) { return detail::modf_value(detail::to_float(v)); })

/// Round half to even at `decimals` places: `me::round(a, 2)`. FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::round_fn<"round">> round{};
inline constexpr detail::unary_ufunc<detail::round_fn<"around">> around{};
/// NaN to `nan`, infinities to `posinf`/`neginf` (default: the type's extremes). FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::nan_to_num_fn> nan_to_num{};
/// Angle of complex numbers, in radians (or degrees with `deg = true`). FLOPs: numel(output).
inline constexpr detail::unary_ufunc<detail::angle_fn> angle{};

/// NumPy's `real_if_close`: the real parts when every imaginary part is within `tol`
/// (in machine epsilons of the element type, when `tol` > 1) of zero, else the input
/// unchanged. The result type depends on the values, so complex input gives a
/// `std::variant` holding either the real array or the complex one; real input comes back
/// as it is. FLOPs: numel(a).
template <class V>
    requires is_view_v<V>
auto real_if_close(const V& v, double tol = 100);
template <class T>
auto real_if_close(const array<T>& a, double tol = 100) {
    constexpr auto id = detail::op_index("real_if_close");
    const auto& shape = a.xt().shape();
    detail::charge(id, flops::op_cost<id>(shape), detail::shape_details(shape));
    if constexpr (!detail::is_complex_v<T>) {
        return a;
    } else {
        using R = detail::real_t<T>;
        const double limit = tol > 1 ? tol * static_cast<double>(std::numeric_limits<R>::epsilon()) : tol;
        const bool close = std::all_of(a.begin(), a.end(), [&](const T& z) { return std::abs(z.imag()) < limit; });
        using result = std::variant<array<R>, array<T>>;
        if (!close) return result(std::in_place_index<1>, a);
        auto out = array<R>::uninitialized(shape);
        std::transform(a.begin(), a.end(), out.begin(), [](const T& z) { return z.real(); });
        return result(std::in_place_index<0>, std::move(out));
    }
}
/// On a view: as on the array it shows. FLOPs: numel(v).
template <class V>
    requires is_view_v<V>
auto real_if_close(const V& v, double tol) {
    return real_if_close(detail::contiguous(v), tol);
}

#undef ME_DETAIL_FLOAT_UNARY
#undef ME_DETAIL_REAL_FLOAT_UNARY
#undef ME_DETAIL_REAL_VECTOR_UNARY
#undef ME_DETAIL_FLOATING_FN
#undef ME_DETAIL_PLAIN_UNARY
#undef ME_DETAIL_VECTOR_UNARY

// ---------------------------------------------------------------------------------------
// Binary ops. FLOPs: numel of the broadcast output.
// ---------------------------------------------------------------------------------------

#define ME_DETAIL_PLAIN_BINARY(op, ...) \
    inline constexpr detail::binary_ufunc<detail::plain_binary<#op, (__VA_ARGS__)>> op{};
#define ME_DETAIL_FLOAT_BINARY(op, ...) \
    inline constexpr detail::binary_ufunc<detail::float_binary<#op, (ME_DETAIL_FN2(__VA_ARGS__))>> op{};
// A comparison: float32 and float64 arrays of one type take the vector compare loops.
#define ME_DETAIL_COMPARISON(op) \
    inline constexpr detail::binary_ufunc<detail::comparison_binary<#op, detail::vector_math::comparison::op>> op{};
#define ME_DETAIL_VECTOR_BINARY(op, kernel, ...)       \
    inline constexpr detail::binary_ufunc<             \
        detail::float_binary<#op, (ME_DETAIL_FN2(__VA_ARGS__)), detail::vector_math::kernels_##kernel>> op{};

/// Arithmetic. `add` and `multiply` on bool are OR and AND, as in NumPy; `subtract` on bool
/// does not compile (NumPy raises TypeError). Integers wrap around on overflow. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(add, []<detail::any_number V>(V x, V y) -> V {
    if constexpr (detail::boolean<V>) return x || y;
    else return detail::wrapping_add(x, y);
})
ME_DETAIL_PLAIN_BINARY(subtract, []<detail::nonbool_number V>(V x, V y) -> V { return detail::wrapping_sub(x, y); })
ME_DETAIL_PLAIN_BINARY(multiply, []<detail::any_number V>(V x, V y) -> V {
    if constexpr (detail::boolean<V>) return x && y;
    else return detail::wrapping_mul(x, y);
})
/// True division: integers divide as float64. FLOPs: numel(output).
ME_DETAIL_VECTOR_BINARY(divide, divide, x / y)
ME_DETAIL_VECTOR_BINARY(true_divide, divide, x / y)
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
    if constexpr (detail::is_complex_v<V>) return detail::complex_power(std::complex<double>(x), std::complex<double>(y));
    else return std::pow(static_cast<double>(x), static_cast<double>(y));
})
/// Floating binary functions. FLOPs: numel(output).
ME_DETAIL_VECTOR_BINARY(arctan2, atan2, std::atan2(x, y))
ME_DETAIL_VECTOR_BINARY(atan2, atan2, std::atan2(x, y))
ME_DETAIL_VECTOR_BINARY(hypot, hypot, std::hypot(x, y))
ME_DETAIL_FLOAT_BINARY(copysign, std::copysign(x, y))
ME_DETAIL_FLOAT_BINARY(nextafter, std::nextafter(x, y))
ME_DETAIL_FLOAT_BINARY(logaddexp, detail::logaddexp_value(x, y))
ME_DETAIL_FLOAT_BINARY(logaddexp2, detail::logaddexp2_value(x, y))
ME_DETAIL_FLOAT_BINARY(heaviside, detail::heaviside_value(x, y))
/// x * 2**e for a floating (or integer, as float64) x and an integer e; the result keeps
/// x's float type, as NumPy's loops (a floating e does not compile: NumPy raises TypeError).
inline constexpr detail::binary_ufunc<detail::ldexp_fn> ldexp{};
/// Elementwise extremes: `maximum`/`minimum` propagate NaN, `fmax`/`fmin` ignore it.
/// Complex numbers compare lexicographically, as in NumPy. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(maximum, []<detail::any_number V>(V x, V y) -> V { return detail::extreme_value(x, y, true); })
ME_DETAIL_PLAIN_BINARY(minimum, []<detail::any_number V>(V x, V y) -> V { return detail::extreme_value(x, y, false); })
ME_DETAIL_PLAIN_BINARY(fmax, []<detail::any_number V>(V x, V y) -> V { return detail::extreme_ignoring_nan(x, y, true); })
ME_DETAIL_PLAIN_BINARY(fmin, []<detail::any_number V>(V x, V y) -> V { return detail::extreme_ignoring_nan(x, y, false); })
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
/// Comparisons, giving `me::array<bool>`. Complex numbers order lexicographically, as in
/// NumPy. FLOPs: numel(output).
ME_DETAIL_COMPARISON(equal)
ME_DETAIL_COMPARISON(not_equal)
ME_DETAIL_COMPARISON(less)
ME_DETAIL_COMPARISON(less_equal)
ME_DETAIL_COMPARISON(greater)
ME_DETAIL_COMPARISON(greater_equal)
/// Logical connectives on truth values. FLOPs: numel(output).
ME_DETAIL_PLAIN_BINARY(logical_and, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) && detail::truth(y); })
ME_DETAIL_PLAIN_BINARY(logical_or, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) || detail::truth(y); })
ME_DETAIL_PLAIN_BINARY(logical_xor, []<detail::any_number V>(V x, V y) -> bool { return detail::truth(x) != detail::truth(y); })

#undef ME_DETAIL_PLAIN_BINARY
#undef ME_DETAIL_FLOAT_BINARY
#undef ME_DETAIL_VECTOR_BINARY
#undef ME_DETAIL_COMPARISON

// ---------------------------------------------------------------------------------------
// isclose, type predicates, sort_complex, vecdot.
// ---------------------------------------------------------------------------------------

/// Tolerances of `me::isclose`: |a - b| <= atol + rtol * |b|.
struct isclose_options {
    double rtol = 1e-05;
    double atol = 1e-08;
    bool equal_nan = false;  ///< NaN equals NaN
};

/// Options of `me::vecdot`.
struct vecdot_options {
    int axis = -1;  ///< the axis summed over, in both operands
};



namespace detail {

struct isclose_fn {
    static constexpr std::string_view name = "isclose";
    template <any_number C>
    static bool apply(C x, C y, const isclose_options& o) {
        // NumPy's isclose: the tolerance test for finite pairs, equality otherwise.
        using F = float_result_t<C>;
        const F fx = static_cast<F>(x), fy = static_cast<F>(y);
        using R = real_t<F>;
        if (is_finite(fx) && is_finite(fy))
            return std::abs(fx - fy) <= static_cast<R>(o.atol) + static_cast<R>(o.rtol) * std::abs(fy);
        if (o.equal_nan && has_nan(fx) && has_nan(fy)) return true;
        return fx == fy;
    }
    template <class F>
    static bool is_finite(F v) {
        if constexpr (is_complex_v<F>) return std::isfinite(v.real()) && std::isfinite(v.imag());
        else return std::isfinite(v);
    }
};

/// `isclose(a, b)`, `isclose(a, b, {.atol = 1e-6})` or NumPy's positional form `isclose(a, b, rtol, atol, equal_nan)`.
struct isclose_ufunc {
    template <class A, class B>
        requires std::invocable<binary_ufunc<isclose_fn>, const A&, const B&, const isclose_options&>
    auto operator()(const A& a, const B& b, const isclose_options& options = {}) const {
        return binary_ufunc<isclose_fn>{}(a, b, options);
    }
    template <class A, class B>
        requires std::invocable<binary_ufunc<isclose_fn>, const A&, const B&, const isclose_options&>
    auto operator()(const A& a, const B& b, double rtol, double atol = 1e-08, bool equal_nan = false) const {
        return binary_ufunc<isclose_fn>{}(a, b, isclose_options{rtol, atol, equal_nan});
    }
};

/// iscomplexobj / isrealobj: a question about the element type, charged as one scalar op.
template <op_literal Name, bool Complex>
struct type_predicate {
    static constexpr op_id id = op_index(Name);
    template <class T>
        requires array_like<T> || is_scalar_v<T>
    bool operator()(const T&) const {
        charge(id, flops::op_cost<id>());
        if constexpr (array_like<T>) return is_complex_v<typename T::value_type> == Complex;
        else return is_complex_v<T> == Complex;
    }
};

/// NumPy's sort order of complex numbers: lexicographic, NaNs last (npysort's CFLOAT_LT).
template <class T>
bool sort_complex_less(const std::complex<T>& a, const std::complex<T>& b) {
    const T ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
    if (ar < br) return ai == ai || bi != bi;
    if (ar > br) return bi != bi && ai == ai;
    if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
    return br != br;
}

/// NumPy's sort_complex result type: complex64 for small integer types, else complex128
/// (float32 too), complex types unchanged.
template <class T>
using sort_complex_t = std::conditional_t<is_complex_v<T>, T,
                                          std::conditional_t<(std::is_integral_v<T> && sizeof(T) <= 2 && !boolean<T>),
                                                             std::complex<float>, std::complex<double>>>;

struct sort_complex_fn {
    static constexpr op_id id = op_index("sort_complex");
    /// FLOPs: numel(a), at least 1.
    template <any_number T>
    array<sort_complex_t<T>> operator()(const array<T>& a) const {
        using C = sort_complex_t<T>;
        if (a.ndim() == 0) throw AxisError("sort_complex: axis -1 is out of bounds for array of dimension 0");
        const auto& shape = a.xt().shape();
        charge(id, flops::op_cost<id>(shape), shape_details(shape));
        auto out = array<C>::uninitialized(shape);
        std::transform(a.begin(), a.end(), out.begin(), [](const T& v) { return static_cast<C>(v); });
        const std::size_t row = shape.back();
        if (row > 1)
            for (C* p = out.data(); p != out.data() + out.size(); p += row)
                std::sort(p, p + row, sort_complex_less<real_t<C>>);
        return out;
    }
    template <class V>
        requires is_view_v<V> && any_number<value_t<V>>
    auto operator()(const V& v) const {
        return (*this)(contiguous(v));
    }
};

/// One term of a dot product: conj(x) * y; OR of ANDs for bool; wrapping for integers.
template <class C>
constexpr C dot_accumulate(C acc, C x, C y) {
    if constexpr (boolean<C>) return acc || (x && y);
    else if constexpr (is_complex_v<C>) return acc + std::conj(x) * y;
    else return wrapping_add(acc, wrapping_mul(x, y));
}

/// A contiguous copy of `a` with axis `k` moved last (no copy when it is last already).
template <class T>
const typename array<T>::container_type& with_axis_last(const array<T>& a, std::size_t k,
                                                        typename array<T>::container_type& storage) {
    if (k + 1 == a.ndim()) return a.xt();
    std::vector<std::size_t> perm;
    for (std::size_t i = 0; i < a.ndim(); ++i)
        if (i != k) perm.push_back(i);
    perm.push_back(k);
    storage = xt::transpose(a.xt(), perm);
    return storage;
}

/// vecdot's body, charged under `Id`: "vecdot", or "linalg.vecdot" for its linalg alias.
template <op_id Id>
struct vecdot_op {
    static constexpr op_id id = Id;
    /// FLOPs: `me::flops::vecdot_cost(a.shape(), b.shape(), axis)` = 2 * n * numel(output).
    template <any_number A, any_number B>
    array<promote_t<A, B>> operator()(const array<A>& a, const array<B>& b, vecdot_options options = {}) const {
        using C = promote_t<A, B>;
        const auto s = flops::detail::vecdot_shapes(a.xt().shape(), b.xt().shape(), options.axis);
        charge(id, flops::op_cost<id>(a.xt().shape(), b.xt().shape(), options.axis),
               shape_details(a.xt().shape(), b.xt().shape()));
        typename array<A>::container_type a_storage;
        typename array<B>::container_type b_storage;
        const auto& ca = with_axis_last(a, normalize_axis(options.axis, a.ndim(), "vecdot"), a_storage);
        const auto& cb = with_axis_last(b, normalize_axis(options.axis, b.ndim(), "vecdot"), b_storage);
        auto batch = [](const auto& shape) { return shape_t(shape.begin(), shape.end() - 1); };
        auto out = array<C>::uninitialized(s.out);
        C* po = out.data();
        const A* pa = ca.data();
        const B* pb = cb.data();
        const std::size_t n = s.n;
        broadcast_indices(s.out, batch(ca.shape()), batch(cb.shape()), [&](std::size_t io, std::size_t ia, std::size_t ib) {
            C acc{};
            for (std::size_t k = 0; k < n; ++k)
                acc = dot_accumulate(acc, static_cast<C>(pa[ia * n + k]), static_cast<C>(pb[ib * n + k]));
            po[io] = acc;
        });
        return out;
    }
    template <class A, class B>
    auto operator()(const array<A>& a, const array<B>& b, int axis) const {
        return (*this)(a, b, vecdot_options{axis});
    }
    /// Views: as the arrays they show.
    template <array_like A, array_like B>
        requires(is_view_v<A> || is_view_v<B>) && any_number<value_t<A>> && any_number<value_t<B>>
    auto operator()(const A& a, const B& b, vecdot_options options = {}) const {
        return (*this)(contiguous(a), contiguous(b), options);
    }
    template <array_like A, array_like B>
        requires(is_view_v<A> || is_view_v<B>) && any_number<value_t<A>> && any_number<value_t<B>>
    auto operator()(const A& a, const B& b, int axis) const {
        return (*this)(contiguous(a), contiguous(b), vecdot_options{axis});
    }
};
using vecdot_fn = vecdot_op<op_index("vecdot")>;

}  // namespace detail

/// Whether a and b are equal within tolerance, elementwise (NumPy's isclose: infinities
/// equal only themselves, NaN equals NaN only with `equal_nan`). Computed in the operands'
/// floating type. FLOPs: numel of the broadcast output (`flops::pointwise_cost`).
inline constexpr detail::isclose_ufunc isclose{};
/// Whether the element type is complex (of an array or a C++ scalar). FLOPs: 1.
inline constexpr detail::type_predicate<"iscomplexobj", true> iscomplexobj{};
/// Whether the element type is not complex. FLOPs: 1.
inline constexpr detail::type_predicate<"isrealobj", false> isrealobj{};
/// Sorted along the last axis by real part, then imaginary part (NaNs last), as a complex
/// array (complex128 for real input, as NumPy). A 0-d array raises AxisError.
/// FLOPs: numel(a) (the registry's pointwise count), at least 1.
inline constexpr detail::sort_complex_fn sort_complex{};
/// NumPy 2's vecdot: sum over `axis` of conj(a) * b, the other axes broadcast:
/// `me::vecdot(a, b)`, `me::vecdot(a, b, 0)` or `me::vecdot(a, b, {.axis = 0})`. The summed
/// axis must have the same length in both (else ShapeError); 0-d operands raise ShapeError.
/// FLOPs: 2 * n * numel(output) (`flops::vecdot_cost`), at least 1.
inline constexpr detail::vecdot_fn vecdot{};

// ---------------------------------------------------------------------------------------
// Operators: counted exactly like the named functions.
// ---------------------------------------------------------------------------------------

namespace detail {
template <class T, class Result>
concept same_kind_result = static_cast<int>(kind_of<typename Result::value_type>()) <= static_cast<int>(kind_of<T>());

template <class T, class U>
void check_in_place(const T& left, const U& right, std::string_view op) {
    const auto& left_shape = view_access::geometry_of(left).shape;
    const auto& right_shape = view_access::geometry_of(right).shape;
    const auto shape = broadcast_shapes<small_shape>(left_shape, right_shape, op);
    if (!std::equal(shape.begin(), shape.end(), left_shape.begin(), left_shape.end()))
        throw ShapeError(fmt::format("{}: non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                                     op, shape_string(left_shape), shape_string(shape)));
}

template <class L, class R>
concept operand_pair = (array_like<L> && (array_like<R> || is_scalar_v<R>)) || (is_scalar_v<L> && array_like<R>);

/// `left op= right` in place: checked (shape, writeable) before anything is charged, then
/// the op's `in_place`. An array keeps the symmetry its operands' groups leave.
template <class Function, class Left, class R>
void compound(const Function& function, Left& left, const R& right) {
    if constexpr (array_like<R>) check_in_place(left, right, Function::name);
    if constexpr (is_view_v<Left>) {
        if constexpr (std::is_const_v<typename Left::element_type>) throw ValueError("output array is read-only");
        else function.in_place(left, right);
    } else {
        // Read through a const reference: mutable access would drop the groups being read.
        const auto& current = std::as_const(left);
        std::optional<sym::propagated> groups;
        if (!current.symmetric_axes().empty()) {
            if constexpr (array_like<R>)
                groups = sym::broadcast(current.xt().shape(), current.symmetric_axes(), view_access::geometry_of(right).shape,
                                        right.symmetric_axes(), current.xt().shape());
            else groups = sym::propagated{current.symmetric_axes(), {}};
        }
        function.in_place(left.view(), right);
        if (groups) carry_symmetry(left, std::move(*groups), Function::name);
    }
}
}  // namespace detail

// Constrained on the function, so that an operator NumPy rejects for a type (`a & b` on
// doubles) is absent from overload resolution rather than a hard error in its body.
#define ME_DETAIL_OPERATOR(symbol, function)                                                      \
    template <class L, class R>                                                                   \
        requires detail::operand_pair<L, R> && std::invocable<decltype(function), const L&, const R&> \
    auto operator symbol(const L& left, const R& right) {                                         \
        return function(left, right);                                                             \
    }
// In place, as NumPy's `a += b` (and `v += b` on a view): the result must keep the
// left side's shape (else ShapeError, nothing charged) and its kind (`int_array /= 2` does
// not compile: NumPy's same_kind casting refuses). The elements are updated in place, so
// views of an array see its `+=`.
#define ME_DETAIL_COMPOUND(symbol, function)                                                           \
    template <class T, class R>                                                                        \
        requires(array_like<R> || detail::is_scalar_v<R>) &&                                          \
                detail::same_kind_result<T, decltype(function(std::declval<const array<T>&>(),         \
                                                              std::declval<const R&>()))>              \
    array<T>& operator symbol(array<T>& left, const R& right) {                                        \
        detail::compound(function, left, right);                                                       \
        return left;                                                                                   \
    }                                                                                                  \
    template <class E, class R>                                                                        \
        requires(array_like<R> || detail::is_scalar_v<R>) &&                                          \
                detail::same_kind_result<std::remove_const_t<E>,                                       \
                                         decltype(function(std::declval<const array<std::remove_const_t<E>>&>(), \
                                                           std::declval<const R&>()))>                 \
    const array_view<E>& operator symbol(const array_view<E>& left, const R& right) {                  \
        detail::compound(function, left, right);                                                       \
        return left;                                                                                   \
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
template <array_like A>
auto operator-(const A& a) -> decltype(negative(a)) { return negative(a); }
/// `+a`: counted as `positive`.
template <array_like A>
auto operator+(const A& a) -> decltype(positive(a)) { return positive(a); }
/// `!a`: counted as `logical_not`.
template <array_like A>
auto operator!(const A& a) -> decltype(logical_not(a)) { return logical_not(a); }
/// `~a`: counted as `invert`.
template <array_like A>
auto operator~(const A& a) -> decltype(invert(a)) { return invert(a); }

}  // namespace me

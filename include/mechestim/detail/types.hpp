/// @file detail/types.hpp
/// @brief Element kinds and NumPy's type promotion for the element types `me::array` supports.
#pragma once

#include <complex>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace me::detail {

template <class T> struct is_complex : std::false_type {};
template <class T> struct is_complex<std::complex<T>> : std::true_type {};
template <class T> inline constexpr bool is_complex_v = is_complex<T>::value;

/// A C++ value that mixes with arrays as a (weak) scalar.
template <class T>
inline constexpr bool is_scalar_v = std::is_arithmetic_v<T> || is_complex_v<T>;

/// NumPy's kind order: bool < integer < floating < complex.
enum class kind : int { boolean = 0, integer = 1, floating = 2, complex = 3 };

template <class T>
constexpr kind kind_of() {
    if constexpr (std::is_same_v<T, bool>) return kind::boolean;
    else if constexpr (std::is_integral_v<T>) return kind::integer;
    else if constexpr (std::is_floating_point_v<T>) return kind::floating;
    else return kind::complex;
}

/// NumPy's one-letter kind code: 'b', 'i', 'f', 'c'.
template <class T>
constexpr char kind_char() {
    constexpr char codes[] = {'b', 'i', 'f', 'c'};
    return codes[static_cast<int>(kind_of<T>())];
}

/// NumPy's dtype name of an element type.
template <class T>
constexpr std::string_view dtype_name() {
    if constexpr (std::is_same_v<T, bool>) return "bool";
    else if constexpr (std::is_same_v<T, std::int8_t>) return "int8";
    else if constexpr (std::is_same_v<T, std::int16_t>) return "int16";
    else if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
    else if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
    else if constexpr (std::is_same_v<T, std::uint8_t>) return "uint8";
    else if constexpr (std::is_same_v<T, std::uint32_t>) return "uint32";
    else if constexpr (std::is_same_v<T, std::uint64_t>) return "uint64";
    else if constexpr (std::is_same_v<T, float>) return "float32";
    else if constexpr (std::is_same_v<T, double>) return "float64";
    else if constexpr (std::is_same_v<T, std::complex<float>>) return "complex64";
    else if constexpr (std::is_same_v<T, std::complex<double>>) return "complex128";
    else return "object";
}

template <class T> struct real_of { using type = T; };
template <class T> struct real_of<std::complex<T>> { using type = T; };
/// The real type behind an element type (float for complex<float>).
template <class T> using real_t = typename real_of<T>::type;

template <class T>
struct promote_one {  // canonical form of a C++ type as a NumPy dtype
    using type = std::conditional_t<
        std::is_same_v<T, bool>, bool,
        std::conditional_t<std::is_integral_v<T>, std::conditional_t<(sizeof(T) <= 4), std::int32_t, std::int64_t>, T>>;
};

/// NumPy's promotion of two array element types (`np.result_type` of two dtypes).
template <class A, class B>
struct promote {
private:
    static constexpr kind ka = kind_of<A>(), kb = kind_of<B>();
    template <class X, class Y>
    static auto pick() {
        if constexpr (std::is_same_v<X, Y>) return X{};
        else if constexpr (kind_of<X>() == kind::boolean) return Y{};
        else if constexpr (kind_of<Y>() == kind::boolean) return X{};
        else if constexpr (kind_of<X>() == kind::integer && kind_of<Y>() == kind::integer)
            return std::conditional_t<(sizeof(X) >= sizeof(Y)), X, Y>{};
        else if constexpr (kind_of<X>() == kind::integer || kind_of<Y>() == kind::integer) {
            // int with float32 or complex64 widens to 64-bit floats, as NumPy does for int32/int64.
            using other = std::conditional_t<kind_of<X>() == kind::integer, Y, X>;
            if constexpr (kind_of<other>() == kind::floating) return double{};
            else return std::complex<double>{};
        } else {
            using wide = std::conditional_t<(sizeof(real_t<X>) >= sizeof(real_t<Y>)), real_t<X>, real_t<Y>>;
            if constexpr (kind_of<X>() == kind::complex || kind_of<Y>() == kind::complex) return std::complex<wide>{};
            else return wide{};
        }
    }

public:
    using type = decltype(pick<A, B>());
};

template <class A, class B>
using promote_t = typename promote<A, B>::type;

/// Result type of an array of `A` with a C++ scalar of type `S`. Scalars are weak, as in
/// NumPy 2 (NEP 50): a scalar of a kind no higher than the array's keeps the array's type
/// (`float32 array * 2.0` stays float32); a higher kind takes its default type.
template <class A, class S>
struct promote_scalar {
private:
    static auto pick() {
        if constexpr (static_cast<int>(kind_of<S>()) <= static_cast<int>(kind_of<A>())) return A{};
        else if constexpr (kind_of<S>() == kind::integer) return std::int64_t{};
        else if constexpr (kind_of<S>() == kind::floating) return double{};
        else if constexpr (kind_of<A>() == kind::floating) return std::complex<A>{};
        else return std::complex<double>{};
    }

public:
    using type = decltype(pick());
};

template <class A, class S>
using promote_scalar_t = typename promote_scalar<A, S>::type;

/// Floating type of a result that NumPy computes in floating point (sqrt, exp, true_divide ...):
/// floats and complexes keep their type, integers and bools give float64.
template <class T>
using float_result_t = std::conditional_t<kind_of<T>() == kind::floating || kind_of<T>() == kind::complex, T, double>;

/// One element converted to `U` as NumPy's `astype` does: a complex value cast to a real
/// type keeps its real part (NumPy warns, C++ would not compile the cast).
template <class U, class S>
constexpr U element_cast(const S& v) {
    if constexpr (is_complex_v<S> && !is_complex_v<U>) return static_cast<U>(v.real());
    else return static_cast<U>(v);
}

}  // namespace me::detail

/// @file detail/vector_math.hpp
/// @brief The vectorised transcendentals behind the float ufuncs (exp, log, sin, tanh,
/// power ...): SLEEF's kernels at the width `simd_level_in_use()` picks, on float32 and
/// float64 buffers.
///
/// Why SLEEF, and its deterministic ("cinz") builds: it is the one library in Debian with
/// every function NumPy's float ufuncs need, each within 1 ULP, built for SSE2, AVX and
/// AVX-512 in one shared object, so a header-only library compiled with no `-march` can
/// still reach the AVX-512 code. The cinz builds use no FMA at any width, which makes
/// every width (and the one-at-a-time scalar build) give the same bits: results do not
/// depend on the machine, and a C++ scalar, a strided view and a contiguous array agree.
/// docs/simd.md has the measurements behind the choice.
///
/// SLEEF's header declares each width only when the compiler targets it, so the entry
/// points are declared here; they are called only from functions compiled for their width
/// (`[[gnu::target]]`), where the vector types are passed as SLEEF expects.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <algorithm>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define ME_DETAIL_X86_VECTORS 1
#endif

#include "../simd.hpp"

namespace me::detail::vector_math {

template <class T>
inline constexpr bool vectorised_type = std::is_same_v<T, double> || std::is_same_v<T, float>;

/// The six comparisons behind NumPy's bool-valued ufuncs, for the vector loops.
enum class comparison { equal, not_equal, less, less_equal, greater, greater_equal };

// One comparison, as the C++ operators give it (NaN compares unequal and unordered), on
// two scalars or two whole vectors. It is a macro because a function cannot return a wide
// vector outside its instruction set: the vector loops below expand it in their own.
#define ME_DETAIL_COMPARE(C, x, y)                 \
    (C == comparison::equal           ? (x) == (y) \
     : C == comparison::not_equal     ? (x) != (y) \
     : C == comparison::less          ? (x) < (y)  \
     : C == comparison::less_equal    ? (x) <= (y) \
     : C == comparison::greater       ? (x) > (y)  \
                                      : (x) >= (y))

/// One comparison of two scalars, as the vector compare loops make it.
template <comparison C, class T>
[[gnu::always_inline]] constexpr bool compare_one(T x, T y) noexcept {
    return ME_DETAIL_COMPARE(C, x, y);
}

#ifdef ME_DETAIL_X86_VECTORS
inline constexpr bool available = true;
// One element through a two- (four-) lane SSE2 kernel: the scalar path. SLEEF 3.5's scalar
// builds (`purec`) are meant to give the vector builds' bits, but its 3.5-ULP cos does not
// for tiny negative arguments (cos(-2.2e-7f): 1 from purec, 0.99999994 from every vector
// width, measured over 17M float32 and 9M float64 inputs per function). SSE2 is in every
// x86-64 CPU, so the scalar path runs the vector code itself and agrees by construction.
template <auto F, class... T>
double one_lane_d(T... x) {
    return _mm_cvtsd_f64(F(_mm_set1_pd(x)...));
}
template <auto F, class... T>
float one_lane_f(T... x) {
    return _mm_cvtss_f32(F(_mm_set1_ps(x)...));
}
// The kernels of one SLEEF function, `name` in SLEEF's spelling, as a struct
// `kernels_<name>` of entry points by width. `d`/`f` are the float64/float32 variants'
// accuracy suffixes (u35: 3.5 ULP, u10: 1.0 ULP, u05: 0.5 ULP); `params(T)` lists the
// parameters (one T for unary functions, two for binary ones). The wide entry points are
// declared with their instruction set: clang decides how vectors are passed from the
// callee's declaration, and without it passes a second 256- or 512-bit argument where
// SLEEF does not look.
#define ME_DETAIL_SLEEF(name, d, f, params)                                                                      \
    extern "C" __m128d Sleef_cinz_##name##d2_##d##sse2(params(__m128d));                                        \
    extern "C" __m128 Sleef_cinz_##name##f4_##f##sse2(params(__m128));                                          \
    extern "C" [[gnu::target("avx")]] __m256d Sleef_cinz_##name##d4_##d##avx(params(__m256d));                  \
    extern "C" [[gnu::target("avx")]] __m256 Sleef_cinz_##name##f8_##f##avx(params(__m256));                    \
    extern "C" [[gnu::target("avx512f")]] __m512d Sleef_cinz_##name##d8_##d##avx512fnofma(params(__m512d));     \
    extern "C" [[gnu::target("avx512f")]] __m512 Sleef_cinz_##name##f16_##f##avx512fnofma(params(__m512));      \
    struct kernels_##name {                                                                                      \
        static constexpr auto scalar_d = &one_lane_d<&Sleef_cinz_##name##d2_##d##sse2, params(double)>;          \
        static constexpr auto scalar_f = &one_lane_f<&Sleef_cinz_##name##f4_##f##sse2, params(float)>;           \
        static constexpr auto sse2_d = &Sleef_cinz_##name##d2_##d##sse2;                                         \
        static constexpr auto sse2_f = &Sleef_cinz_##name##f4_##f##sse2;                                         \
        static constexpr auto avx_d = &Sleef_cinz_##name##d4_##d##avx;                                           \
        static constexpr auto avx_f = &Sleef_cinz_##name##f8_##f##avx;                                           \
        static constexpr auto avx512_d = &Sleef_cinz_##name##d8_##d##avx512fnofma;                               \
        static constexpr auto avx512_f = &Sleef_cinz_##name##f16_##f##avx512fnofma;                              \
    };
#define ME_DETAIL_ONE(T) T
#define ME_DETAIL_TWO(T) T, T
#define ME_DETAIL_SLEEF_UNARY(name, d, f) ME_DETAIL_SLEEF(name, d, f, ME_DETAIL_ONE)
#define ME_DETAIL_SLEEF_BINARY(name, d, f) ME_DETAIL_SLEEF(name, d, f, ME_DETAIL_TWO)
#else
inline constexpr bool available = false;  // the ufuncs keep their std:: functions
#define ME_DETAIL_SLEEF_UNARY(name, d, f) struct kernels_##name {};
#define ME_DETAIL_SLEEF_BINARY(name, d, f) struct kernels_##name {};
#endif

// Each type takes SLEEF's faster 3.5-ULP variant only where its worst error over the
// ULP test's sweep (tests/test_simd.cpp) is at or below NumPy 1.24's on the same sweep on
// an AVX-512 machine; elsewhere the 1-ULP one (docs/simd.md has both columns).
ME_DETAIL_SLEEF_UNARY(exp, u10, u10)
ME_DETAIL_SLEEF_UNARY(exp2, u35, u35)
ME_DETAIL_SLEEF_UNARY(expm1, u10, u10)
ME_DETAIL_SLEEF_UNARY(log, u10, u10)
ME_DETAIL_SLEEF_UNARY(log2, u10, u10)
ME_DETAIL_SLEEF_UNARY(log10, u10, u10)
ME_DETAIL_SLEEF_UNARY(log1p, u10, u10)
ME_DETAIL_SLEEF_UNARY(sin, u35, u10)
ME_DETAIL_SLEEF_UNARY(cos, u35, u10)
ME_DETAIL_SLEEF_UNARY(tan, u35, u10)
ME_DETAIL_SLEEF_UNARY(asin, u35, u35)
ME_DETAIL_SLEEF_UNARY(acos, u35, u35)
ME_DETAIL_SLEEF_UNARY(atan, u10, u10)
ME_DETAIL_SLEEF_UNARY(sinh, u10, u10)
ME_DETAIL_SLEEF_UNARY(cosh, u35, u35)
ME_DETAIL_SLEEF_UNARY(tanh, u10, u10)
ME_DETAIL_SLEEF_UNARY(asinh, u10, u10)
ME_DETAIL_SLEEF_UNARY(acosh, u10, u10)
ME_DETAIL_SLEEF_UNARY(atanh, u10, u10)
ME_DETAIL_SLEEF_UNARY(cbrt, u35, u35)
// Exact operations (every build gives the correctly rounded result): no accuracy suffix.
ME_DETAIL_SLEEF_UNARY(floor, , )
ME_DETAIL_SLEEF_UNARY(ceil, , )
ME_DETAIL_SLEEF_UNARY(trunc, , )
ME_DETAIL_SLEEF_BINARY(atan2, u35, u35)
ME_DETAIL_SLEEF_BINARY(hypot, u05, u05)
ME_DETAIL_SLEEF_BINARY(pow, u10, u10)
#undef ME_DETAIL_SLEEF_UNARY
#undef ME_DETAIL_SLEEF_BINARY
#undef ME_DETAIL_SLEEF
#undef ME_DETAIL_ONE
#undef ME_DETAIL_TWO

#ifndef ME_DETAIL_X86_VECTORS
struct kernels_sqrt {};
struct kernels_divide {};
struct kernels_rounding_floor {};
struct kernels_rounding_ceil {};
struct kernels_rounding_trunc {};
#else
/// Square roots are the CPU's instructions at every width: correctly rounded, so equal to
/// std::sqrt (and to NumPy) everywhere; SLEEF's scalar sqrt is a 0.5-ULP emulation.
struct kernels_sqrt {
    static double scalar_d(double x) { return std::sqrt(x); }
    static float scalar_f(float x) { return std::sqrt(x); }
    static __m128d sse2_d(__m128d x) { return _mm_sqrt_pd(x); }
    static __m128 sse2_f(__m128 x) { return _mm_sqrt_ps(x); }
    [[gnu::target("avx")]] static __m256d avx_d(__m256d x) { return _mm256_sqrt_pd(x); }
    [[gnu::target("avx")]] static __m256 avx_f(__m256 x) { return _mm256_sqrt_ps(x); }
    // (The masked forms: GCC 12's plain _mm512_sqrt_* start from an "undefined" vector
    // that -Wmaybe-uninitialized reports.)
    [[gnu::target("avx512f")]] static __m512d avx512_d(__m512d x) { return _mm512_mask_sqrt_pd(x, 0xff, x); }
    [[gnu::target("avx512f")]] static __m512 avx512_f(__m512 x) { return _mm512_mask_sqrt_ps(x, 0xffff, x); }
};

/// floor, ceil and trunc: the round instruction at the AVX and AVX-512 widths (1.8x
/// SLEEF's kernel at 1e6), SLEEF's exact kernels below them (SSE2 has no rounding
/// instruction). Both give the exact result, so every level agrees.
template <class Sleef, int mode>
struct rounding_kernels : Sleef {
    [[gnu::target("avx")]] static __m256d avx_d(__m256d x) { return _mm256_round_pd(x, mode | _MM_FROUND_NO_EXC); }
    [[gnu::target("avx")]] static __m256 avx_f(__m256 x) { return _mm256_round_ps(x, mode | _MM_FROUND_NO_EXC); }
    [[gnu::target("avx512f")]] static __m512d avx512_d(__m512d x) {
        return _mm512_mask_roundscale_pd(x, 0xff, x, mode | _MM_FROUND_NO_EXC);  // masked: see sqrt
    }
    [[gnu::target("avx512f")]] static __m512 avx512_f(__m512 x) {
        return _mm512_mask_roundscale_ps(x, 0xffff, x, mode | _MM_FROUND_NO_EXC);
    }
};
using kernels_rounding_floor = rounding_kernels<kernels_floor, _MM_FROUND_TO_NEG_INF>;
using kernels_rounding_ceil = rounding_kernels<kernels_ceil, _MM_FROUND_TO_POS_INF>;
using kernels_rounding_trunc = rounding_kernels<kernels_trunc, _MM_FROUND_TO_ZERO>;

/// Division, the CPU's instruction at every width (correctly rounded, like `/`): the
/// compiler's own loop stays 128 bits wide without `-march`.
struct kernels_divide {
    static double scalar_d(double x, double y) { return x / y; }
    static float scalar_f(float x, float y) { return x / y; }
    static __m128d sse2_d(__m128d x, __m128d y) { return _mm_div_pd(x, y); }
    static __m128 sse2_f(__m128 x, __m128 y) { return _mm_div_ps(x, y); }
    [[gnu::target("avx")]] static __m256d avx_d(__m256d x, __m256d y) { return _mm256_div_pd(x, y); }
    [[gnu::target("avx")]] static __m256 avx_f(__m256 x, __m256 y) { return _mm256_div_ps(x, y); }
    [[gnu::target("avx512f")]] static __m512d avx512_d(__m512d x, __m512d y) { return _mm512_div_pd(x, y); }
    [[gnu::target("avx512f")]] static __m512 avx512_f(__m512 x, __m512 y) { return _mm512_div_ps(x, y); }
};

// An operand of the binary loops. A step of 0 repeats its first element (a broadcast
// scalar): the loop then reads a vector's worth of copies, so both cases are one load.
template <class T, std::size_t w>
struct loop_operand {
    const T* data;
    std::size_t step;
    T copies[w];
    loop_operand(const T* p, std::size_t s) : data(p), step(s) {
        for (auto& c : copies) c = p[0];
    }
    const T* at(std::size_t i) const { return step ? data + i : copies; }
    // The last `count` elements from i, padded to a whole vector.
    const T* tail(std::size_t i, std::size_t count) {
        if (step) std::memcpy(copies, data + i, count * sizeof(T));
        return copies;
    }
};

// The loops, one per width: whole vectors, then the tail through a zero-padded vector so
// that it runs the same code (and gives the same bits) as the body. A step of 0 repeats
// the operand's first element (a broadcast scalar). Loads and stores are memcpy, which
// the compiler turns into unaligned vector moves of the function's own width.
#define ME_DETAIL_VECTOR_LOOPS(level, isa, D, F32)                                               \
    template <auto F, class T>                                                                 \
    [[gnu::target(isa)]] void map_##level(const T* a, T* out, std::size_t n) {              \
        using vec = std::conditional_t<std::is_same_v<T, double>, D, F32>;                                                                         \
        constexpr std::size_t w = sizeof(vec) / sizeof(T);                                     \
        std::size_t i = 0;                                                                     \
        for (; i + w <= n; i += w) {                                                           \
            vec x;                                                                             \
            std::memcpy(&x, a + i, sizeof x);                                                  \
            const vec y = F(x);                                                                \
            std::memcpy(out + i, &y, sizeof y);                                                \
        }                                                                                      \
        if (i < n) {                                                                           \
            T buffer[w] = {};                                                                  \
            std::memcpy(buffer, a + i, (n - i) * sizeof(T));                                   \
            vec x;                                                                             \
            std::memcpy(&x, buffer, sizeof x);                                                 \
            const vec y = F(x);                                                                \
            std::memcpy(out + i, &y, (n - i) * sizeof(T));                                     \
        }                                                                                      \
    }                                                                                          \
    template <auto F, class T>                                                                 \
    [[gnu::target(isa)]] void map2_##level(const T* a, std::size_t a_step, const T* b,     \
                                              std::size_t b_step, T* out, std::size_t n) {     \
        using vec = std::conditional_t<std::is_same_v<T, double>, D, F32>;                                                                         \
        constexpr std::size_t w = sizeof(vec) / sizeof(T);                                     \
        loop_operand<T, w> first(a, a_step), second(b, b_step);                                \
        vec x, y;                                                                              \
        std::size_t i = 0;                                                                     \
        for (; i + w <= n; i += w) {                                                           \
            std::memcpy(&x, first.at(i), sizeof x);                                            \
            std::memcpy(&y, second.at(i), sizeof y);                                           \
            const vec z = F(x, y);                                                             \
            std::memcpy(out + i, &z, sizeof z);                                                \
        }                                                                                      \
        if (i < n) {                                                                           \
            std::memcpy(&x, first.tail(i, n - i), sizeof x);                                   \
            std::memcpy(&y, second.tail(i, n - i), sizeof y);                                  \
            const vec z = F(x, y);                                                             \
            std::memcpy(out + i, &z, (n - i) * sizeof(T));                                     \
        }                                                                                      \
    }

// (GCC warns that a vector type as a template argument loses its may_alias attribute;
// these loops move vectors only by memcpy, so aliasing rules do not come into it.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
ME_DETAIL_VECTOR_LOOPS(sse2, "sse2", __m128d, __m128)
ME_DETAIL_VECTOR_LOOPS(avx, "avx", __m256d, __m256)
ME_DETAIL_VECTOR_LOOPS(avx512, "avx512f", __m512d, __m512)
#pragma GCC diagnostic pop
#undef ME_DETAIL_VECTOR_LOOPS

// Max (or min) of a contiguous float block at each width, for the reductions: the lanes
// start at -inf (+inf) and take x only where x beats them, so a NaN never enters them;
// whether any NaN was seen comes back on the side (the callers decide what it means).
// GCC's vector extensions (which clang shares) let one body serve every width; each copy
// is compiled for its own instruction set.
#define ME_DETAIL_EXTREME_LOOP(level, isa, bytes)                                      \
    template <bool Max, class T>                                                       \
    [[gnu::target(isa)]] T extreme_##level(const T* p, std::size_t n, bool& has_nan) { \
        typedef T vec __attribute__((vector_size(bytes)));                             \
        constexpr std::size_t w = bytes / sizeof(T);                                   \
        constexpr T start = Max ? -std::numeric_limits<T>::infinity()                  \
                                : std::numeric_limits<T>::infinity();                  \
        vec acc = vec{} + start;                                                       \
        auto nan = acc != acc;                                                         \
        std::size_t i = 0;                                                             \
        for (; i + w <= n; i += w) {                                                   \
            vec x;                                                                     \
            std::memcpy(&x, p + i, sizeof x);                                          \
            nan |= x != x;                                                             \
            acc = (Max ? x > acc : x < acc) ? x : acc;                                 \
        }                                                                              \
        T r = start;                                                                   \
        bool any = false;                                                              \
        for (std::size_t k = 0; k < w; ++k) {                                          \
            any |= nan[k] != 0;                                                        \
            if (Max ? acc[k] > r : acc[k] < r) r = acc[k];                             \
        }                                                                              \
        for (; i < n; ++i) {                                                           \
            any |= p[i] != p[i];                                                       \
            if (Max ? p[i] > r : p[i] < r) r = p[i];                                   \
        }                                                                              \
        has_nan = any;                                                                 \
        return r;                                                                      \
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
ME_DETAIL_EXTREME_LOOP(sse2, "sse2", 16)
ME_DETAIL_EXTREME_LOOP(avx, "avx", 32)
ME_DETAIL_EXTREME_LOOP(avx512, "avx512f", 64)
#pragma GCC diagnostic pop
#undef ME_DETAIL_EXTREME_LOOP

// Comparisons into bool at each width: a lane mask (-1 or 0 per lane), narrowed to bytes
// and negated to 1 or 0. A step of 0 repeats the operand's first element. The tail runs
// element by element: a comparison is exact, so it gives the same answer either way.
#define ME_DETAIL_COMPARE_LOOP(level, isa, bytes)                                                       \
    template <comparison C, class T>                                                                    \
    [[gnu::target(isa)]] void compare_##level(const T* a, std::size_t a_step, const T* b,               \
                                              std::size_t b_step, bool* out, std::size_t n) {           \
        typedef T vec __attribute__((vector_size(bytes)));                                              \
        constexpr std::size_t w = bytes / sizeof(T);                                                    \
        typedef signed char flags __attribute__((vector_size(w)));                                      \
        loop_operand<T, w> first(a, a_step), second(b, b_step);                                         \
        std::size_t i = 0;                                                                              \
        for (; i + w <= n; i += w) {                                                                    \
            vec x, y;                                                                                   \
            std::memcpy(&x, first.at(i), sizeof x);                                                     \
            std::memcpy(&y, second.at(i), sizeof y);                                                    \
            const flags f = -__builtin_convertvector(ME_DETAIL_COMPARE(C, x, y), flags);                \
            std::memcpy(out + i, &f, sizeof f);                                                         \
        }                                                                                               \
        for (; i < n; ++i) out[i] = compare_one<C>(*first.at(i), *second.at(i));                        \
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
ME_DETAIL_COMPARE_LOOP(sse2, "sse2", 16)
ME_DETAIL_COMPARE_LOOP(avx, "avx", 32)
ME_DETAIL_COMPARE_LOOP(avx512, "avx512f", 64)
#pragma GCC diagnostic pop
#undef ME_DETAIL_COMPARE_LOOP
#undef ME_DETAIL_COMPARE

// where(c, x, y) at each width, with no branch: a vector of bools widened to a lane mask
// picks x or y (a branch per element costs a misprediction on every other element of a
// random mask). Steps of 0 repeat an operand's first element; the tail runs element by
// element, which picks the same values.
#define ME_DETAIL_SELECT_LOOP(level, isa, bytes)                                                        \
    template <class T>                                                                                  \
    [[gnu::target(isa)]] void select_##level(const bool* c, std::size_t c_step, const T* x,             \
                                             std::size_t x_step, const T* y, std::size_t y_step,        \
                                             T* out, std::size_t n) {                                   \
        typedef T vec __attribute__((vector_size(bytes)));                                              \
        typedef std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t> lane;                    \
        typedef lane lanes __attribute__((vector_size(bytes)));                                         \
        constexpr std::size_t w = bytes / sizeof(T);                                                    \
        typedef unsigned char flags __attribute__((vector_size(w)));                                    \
        loop_operand<bool, w> pick(c, c_step);                                                          \
        loop_operand<T, w> first(x, x_step), second(y, y_step);                                         \
        std::size_t i = 0;                                                                              \
        for (; i + w <= n; i += w) {                                                                    \
            flags f;                                                                                    \
            vec a, b;                                                                                   \
            std::memcpy(&f, pick.at(i), sizeof f);                                                      \
            std::memcpy(&a, first.at(i), sizeof a);                                                     \
            std::memcpy(&b, second.at(i), sizeof b);                                                    \
            const vec r = __builtin_convertvector(f, lanes) != 0 ? a : b;                               \
            std::memcpy(out + i, &r, sizeof r);                                                         \
        }                                                                                               \
        for (; i < n; ++i) out[i] = *pick.at(i) ? *first.at(i) : *second.at(i);                         \
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
ME_DETAIL_SELECT_LOOP(sse2, "sse2", 16)
ME_DETAIL_SELECT_LOOP(avx, "avx", 32)
ME_DETAIL_SELECT_LOOP(avx512, "avx512f", 64)
#pragma GCC diagnostic pop
#undef ME_DETAIL_SELECT_LOOP

/// K's kernel for T at `level` (a function pointer, usable as a template argument).
template <class K, class T, simd_level level>
constexpr auto kernel() {
    constexpr bool d = std::is_same_v<T, double>;
    if constexpr (level == simd_level::avx512) return [] {
        if constexpr (d) return K::avx512_d; else return K::avx512_f; }();
    else if constexpr (level == simd_level::avx) return [] {
        if constexpr (d) return K::avx_d; else return K::avx_f; }();
    else if constexpr (level == simd_level::sse2) return [] {
        if constexpr (d) return K::sse2_d; else return K::sse2_f; }();
    else return [] { if constexpr (d) return K::scalar_d; else return K::scalar_f; }();
}
#endif

/// Whether the ops with kernels K run them on elements of type T (float32 and float64 on
/// x86-64); other types, and other CPUs, keep the op's std:: function.
template <class K, class T>
concept has_kernels = available && !std::is_void_v<K> && vectorised_type<T>;

#ifdef ME_DETAIL_X86_VECTORS
/// Where SLEEF's documented domain of a function ends before the C library's: past `f64`
/// (`f32` for float) in magnitude it returns inf where the value is finite (sinh(709.5),
/// asinh(1e300), log1p(1e308)). There the op computes in long double instead, which is
/// as accurate as the C library; everywhere else SLEEF's kernels run.
template <class K>
struct domain {
    static constexpr bool bounded = false;
};
#define ME_DETAIL_DOMAIN(kernels, end64, end32, wide)                     \
    template <>                                                           \
    struct domain<kernels> {                                              \
        static constexpr bool bounded = true;                             \
        static constexpr double f64 = end64, f32 = end32;                 \
        static long double value(long double x) { return wide(x); }       \
    };
ME_DETAIL_DOMAIN(kernels_sinh, 709, 88, std::sinh)
ME_DETAIL_DOMAIN(kernels_cosh, 709, 88, std::cosh)
ME_DETAIL_DOMAIN(kernels_asinh, 1.34e154, 1.84e19, std::asinh)
ME_DETAIL_DOMAIN(kernels_acosh, 1.34e154, 1.84e19, std::acosh)
ME_DETAIL_DOMAIN(kernels_log1p, 1e307, 1e38, std::log1p)
#undef ME_DETAIL_DOMAIN

/// True for a finite x past K's domain (see `domain`).
template <class K, class T>
bool outside(T x) noexcept {
    if constexpr (domain<K>::bounded) {
        const double end = std::is_same_v<T, double> ? domain<K>::f64 : domain<K>::f32;
        return std::fabs(x) > static_cast<T>(end) && std::isfinite(x);
    } else {
        return false;
    }
}

/// The function with kernels K on one value: the scalar build, which gives the same bits
/// as every vector width.
template <class K, class T>
T scalar(T x) {
    if constexpr (domain<K>::bounded)
        if (outside<K>(x)) [[unlikely]]
            return static_cast<T>(domain<K>::value(x));
    return kernel<K, T, simd_level::scalar>()(x);
}
template <class K, class T>
T scalar(T x, T y) { return kernel<K, T, simd_level::scalar>()(x, y); }

template <class K, class T>
void map_in_domain(const T* a, T* out, std::size_t n, simd_level level) {
    switch (level) {
    case simd_level::avx512: return map_avx512<kernel<K, T, simd_level::avx512>()>(a, out, n);
    case simd_level::avx: return map_avx<kernel<K, T, simd_level::avx>()>(a, out, n);
    case simd_level::sse2: return map_sse2<kernel<K, T, simd_level::sse2>()>(a, out, n);
    case simd_level::scalar: break;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = kernel<K, T, simd_level::scalar>()(a[i]);
}

/// out[i] = f(a[i]), i < n, at `level` (out may be a).
template <class K, class T>
void map(const T* a, T* out, std::size_t n, simd_level level) {
    if constexpr (domain<K>::bounded) {
        // The arguments past SLEEF's domain are found before `out` (which may be `a`) is
        // written; there are seldom any.
        std::vector<std::pair<std::size_t, T>> past;
        for (std::size_t i = 0; i < n; ++i)
            if (outside<K>(a[i])) [[unlikely]]
                past.emplace_back(i, static_cast<T>(domain<K>::value(a[i])));
        map_in_domain<K>(a, out, n, level);
        for (const auto& [i, v] : past) out[i] = v;
    } else {
        map_in_domain<K>(a, out, n, level);
    }
}

/// The largest (Max) or smallest element of p[0, n) other than NaN (-inf or +inf when
/// there is none), at `level`; `has_nan` says whether there were NaNs.
template <bool Max, class T>
T extreme(const T* p, std::size_t n, bool& has_nan, simd_level level) {
    switch (level) {
    case simd_level::avx512: return extreme_avx512<Max>(p, n, has_nan);
    case simd_level::avx: return extreme_avx<Max>(p, n, has_nan);
    case simd_level::sse2: return extreme_sse2<Max>(p, n, has_nan);
    case simd_level::scalar: break;
    }
    T r = Max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    has_nan = false;
    for (std::size_t i = 0; i < n; ++i) {
        has_nan |= p[i] != p[i];
        if (Max ? p[i] > r : p[i] < r) r = p[i];
    }
    return r;
}

/// np.argmax (Max) or argmin of p[0, n), n > 0: the first index of the extreme; the
/// first NaN's when there is one, unless `Skip` (nanargmax: NaN never wins, but an
/// all-NaN prefix keeps index 0 as NumPy's loop does). Blocks that fit in L1 are scanned
/// for their extreme at `level`, and only a block that beats the best so far is searched
/// again for where it is, so the data is read from memory once.
template <bool Max, bool Skip, class T>
std::size_t arg_extreme(const T* p, std::size_t n, simd_level level) {
    constexpr std::size_t block = 2048;
    constexpr T worst = Max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    auto read = [](T x) { return Skip && x != x ? worst : x; };
    auto beats = [](T x, T best) { return Max ? x > best : x < best; };
    T best = read(p[0]);
    std::size_t at = 0;
    if (!Skip && best != best) return 0;
    for (std::size_t b = 0; b < n; b += block) {
        const std::size_t len = std::min(block, n - b);
        bool nan = false;
        const T m = extreme<Max>(p + b, len, nan, level);
        if (nan) {  // the element-by-element rule, on this block only
            for (std::size_t j = b; j < b + len; ++j) {
                if (!Skip && p[j] != p[j]) return j;
                if (beats(read(p[j]), best)) best = read(p[j]), at = j;
            }
        } else if (beats(m, best)) {
            best = m;
            at = b;
            while (!(p[at] == m)) ++at;
        }
    }
    return at;
}

/// out[i] = f(a[i * a_step], b[i * b_step]), i < n, each step 0 or 1, at `level`.
template <class K, class T>
void map2(const T* a, std::size_t a_step, const T* b, std::size_t b_step, T* out, std::size_t n, simd_level level) {
    switch (level) {
    case simd_level::avx512: return map2_avx512<kernel<K, T, simd_level::avx512>()>(a, a_step, b, b_step, out, n);
    case simd_level::avx: return map2_avx<kernel<K, T, simd_level::avx>()>(a, a_step, b, b_step, out, n);
    case simd_level::sse2: return map2_sse2<kernel<K, T, simd_level::sse2>()>(a, a_step, b, b_step, out, n);
    case simd_level::scalar: break;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = scalar<K>(a[i * a_step], b[i * b_step]);
}

/// out[i] = a[i * a_step] C b[i * b_step], i < n, each step 0 or 1, at `level`.
template <comparison C, class T>
void compare(const T* a, std::size_t a_step, const T* b, std::size_t b_step, bool* out, std::size_t n, simd_level level) {
    switch (level) {
    case simd_level::avx512: return compare_avx512<C>(a, a_step, b, b_step, out, n);
    case simd_level::avx: return compare_avx<C>(a, a_step, b, b_step, out, n);
    case simd_level::sse2: return compare_sse2<C>(a, a_step, b, b_step, out, n);
    case simd_level::scalar: break;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = compare_one<C>(a[i * a_step], b[i * b_step]);
}

/// out[i] = c[i * c_step] ? x[i * x_step] : y[i * y_step], i < n, each step 0 or 1, at `level`.
template <class T>
void select(const bool* c, std::size_t c_step, const T* x, std::size_t x_step, const T* y, std::size_t y_step,
            T* out, std::size_t n, simd_level level) {
    switch (level) {
    case simd_level::avx512: return select_avx512(c, c_step, x, x_step, y, y_step, out, n);
    case simd_level::avx: return select_avx(c, c_step, x, x_step, y, y_step, out, n);
    case simd_level::sse2: return select_sse2(c, c_step, x, x_step, y, y_step, out, n);
    case simd_level::scalar: break;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = c[i * c_step] ? x[i * x_step] : y[i * y_step];
}
#endif

}  // namespace me::detail::vector_math

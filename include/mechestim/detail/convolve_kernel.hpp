/// @file detail/convolve_kernel.hpp
/// @brief The direct correlation loops behind `me::convolve` and `me::correlate`.
///
/// NumPy computes these directly (a dot product per output); so do we, with the outputs
/// tiled so that each tap w[j] is broadcast once per tile and the tile's accumulators stay
/// in registers. float64 on a CPU with AVX2 and FMA takes a hand-vectorised tile of 32
/// outputs (the library is built for baseline x86-64, so that path is compiled for AVX2
/// with a target attribute and chosen at run time); every other type takes a portable
/// tile the compiler vectorises as far as the baseline allows.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <type_traits>

#include "types.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define MECHESTIM_CONVOLVE_AVX2 1
#endif

namespace me::detail::convolution {

/// acc + a*b in R: bool is NumPy's dot of bools (or of ands), integers wrap as NumPy's do.
template <class R>
constexpr R madd(R acc, R a, R b) noexcept {
    if constexpr (std::is_same_v<R, bool>) {
        return acc || (a && b);
    } else if constexpr (std::is_integral_v<R>) {
        using U = std::make_unsigned_t<R>;
        return static_cast<R>(static_cast<U>(acc) + static_cast<U>(a) * static_cast<U>(b));
    } else {
        return acc + a * b;
    }
}

/// out[k] = sum_{j<m} x[k+j]*w[j] for k < count (every term inside x).
template <class R>
void valid_portable(const R* x, std::size_t count, const R* w, std::size_t m, R* out) {
    constexpr std::size_t tile = 8;
    std::size_t k = 0;
    for (; k + tile <= count; k += tile) {
        R acc[tile] = {};
        for (std::size_t j = 0; j < m; ++j) {
            const R wj = w[j];
            const R* xj = x + k + j;
            for (std::size_t t = 0; t < tile; ++t) acc[t] = madd(acc[t], xj[t], wj);
        }
        std::copy(acc, acc + tile, out + k);
    }
    for (; k < count; ++k) {
        R acc{};
        for (std::size_t j = 0; j < m; ++j) acc = madd(acc, x[k + j], w[j]);
        out[k] = acc;
    }
}

#ifdef MECHESTIM_CONVOLVE_AVX2
__attribute__((target("avx2,fma"))) inline void valid_avx2(const double* x, std::size_t count, const double* w,
                                                            std::size_t m, double* out) {
    std::size_t k = 0;
    for (; k + 32 <= count; k += 32) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        const double* p = x + k;
        for (std::size_t j = 0; j < m; ++j, ++p) {
            const __m256d wj = _mm256_broadcast_sd(w + j);
            a0 = _mm256_fmadd_pd(_mm256_loadu_pd(p), wj, a0);
            a1 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 4), wj, a1);
            a2 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 8), wj, a2);
            a3 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 12), wj, a3);
            a4 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 16), wj, a4);
            a5 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 20), wj, a5);
            a6 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 24), wj, a6);
            a7 = _mm256_fmadd_pd(_mm256_loadu_pd(p + 28), wj, a7);
        }
        double* o = out + k;
        _mm256_storeu_pd(o, a0);
        _mm256_storeu_pd(o + 4, a1);
        _mm256_storeu_pd(o + 8, a2);
        _mm256_storeu_pd(o + 12, a3);
        _mm256_storeu_pd(o + 16, a4);
        _mm256_storeu_pd(o + 20, a5);
        _mm256_storeu_pd(o + 24, a6);
        _mm256_storeu_pd(o + 28, a7);
    }
    for (; k + 4 <= count; k += 4) {
        __m256d a = _mm256_setzero_pd();
        for (std::size_t j = 0; j < m; ++j) a = _mm256_fmadd_pd(_mm256_loadu_pd(x + k + j), _mm256_broadcast_sd(w + j), a);
        _mm256_storeu_pd(out + k, a);
    }
    for (; k < count; ++k) {
        double acc = 0;
        for (std::size_t j = 0; j < m; ++j) acc += x[k + j] * w[j];
        out[k] = acc;
    }
}

inline bool has_avx2_fma() noexcept {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}
#endif

template <class R>
void valid(const R* x, std::size_t count, const R* w, std::size_t m, R* out) {
#ifdef MECHESTIM_CONVOLVE_AVX2
    if constexpr (std::is_same_v<R, double>) {
        if (has_avx2_fma()) return valid_avx2(x, count, w, m, out);
    }
#endif
    valid_portable(x, count, w, m, out);
}

/// Outputs [lo, hi) of the full correlation of x (length n) with w (length m <= n):
/// c[k] = sum_j x[k - (m-1) + j] * w[j] over the j that fall inside x. The partial
/// overlaps at both ends sum only their terms, so the work is at most n*m.
template <class R>
void window(const R* x, std::size_t n, const R* w, std::size_t m, std::size_t lo, std::size_t hi, R* out) {
    const std::size_t shift = m - 1;
    auto partial = [&](std::size_t k) {
        // j from max(0, shift - k) to min(m, n + shift - k)
        const std::size_t j0 = k < shift ? shift - k : 0, j1 = std::min(m, n + shift - k);
        R acc{};
        for (std::size_t j = j0; j < j1; ++j) acc = madd(acc, x[k + j - shift], w[j]);
        return acc;
    };
    const std::size_t c0 = std::clamp(shift, lo, hi), c1 = std::clamp(n, c0, hi);
    for (std::size_t k = lo; k < c0; ++k) out[k - lo] = partial(k);
    if (c1 > c0) valid(x + (c0 - shift), c1 - c0, w, m, out + (c0 - lo));
    for (std::size_t k = c1; k < hi; ++k) out[k - lo] = partial(k);
}

}  // namespace me::detail::convolution

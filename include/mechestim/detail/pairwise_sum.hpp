/// @file detail/pairwise_sum.hpp
/// @brief NumPy's pairwise summation, the kernel behind sum, mean, var, std and their nan* forms.
///
/// Written by hand because xtensor 0.24 accumulates naively in the element type (a float32
/// sum of 2e7 ones stops at 2^24). This is NumPy's algorithm (loops_utils.h.src): below 8
/// elements a plain loop; up to 128 elements eight interleaved partial sums, combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)); above that, split in two halves (the first a
/// multiple of 8) and recurse. The error grows as O(log n) instead of O(n), and the eight
/// independent accumulators let the compiler keep them in vector registers.
#pragma once

#include <cstddef>

namespace me::detail {

inline constexpr std::size_t pairwise_block = 128;

/// Sum of f(p[i * stride]) for i in [0, n), accumulated in `Acc` by pairwise summation.
/// `f` converts an element to the accumulator type (and may drop NaN for nansum).
template <class Acc, class T, class F>
Acc pairwise_sum(const T* p, std::size_t n, std::size_t stride, const F& f) {
    if (n < 8) {
        Acc res = Acc(0);
        for (std::size_t i = 0; i < n; ++i) res += f(p[i * stride]);
        return res;
    }
    if (n <= pairwise_block) {
        Acc r[8];
        for (std::size_t k = 0; k < 8; ++k) r[k] = f(p[k * stride]);
        std::size_t i = 8;
        const std::size_t whole = n - n % 8;
        if (stride == 1) {  // the common case, kept separate so it vectorizes
            for (; i < whole; i += 8)
                for (std::size_t k = 0; k < 8; ++k) r[k] += f(p[i + k]);
        } else {
            for (; i < whole; i += 8)
                for (std::size_t k = 0; k < 8; ++k) r[k] += f(p[(i + k) * stride]);
        }
        Acc res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += f(p[i * stride]);
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum<Acc>(p, n2, stride, f) + pairwise_sum<Acc>(p + n2 * stride, n - n2, stride, f);
}

/// Pairwise sum of the elements converted to `Acc`.
template <class Acc, class T>
Acc pairwise_sum(const T* p, std::size_t n, std::size_t stride = 1) {
    return pairwise_sum<Acc>(p, n, stride, [](const T& x) { return static_cast<Acc>(x); });
}

}  // namespace me::detail

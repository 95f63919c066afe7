/// @file flops/fft.hpp
/// @brief What the FFT family costs: the reference's Cooley-Tukey counts (era B,
/// `fft/_transforms.py`), 5*n*ceil(log2 n) for a complex transform of length n and
/// 5*(n//2)*ceil(log2 n) for a real one; N-D transforms use N = prod(s), the product of
/// the transform lengths. As in the reference, only the transform lengths count: the
/// other (batch) axes of the array are not multiplied in. Every counted op costs at
/// least 1 (the reference's 0 for n <= 1 becomes 1). fft.hpp charges exactly these.
#pragma once

#include <cstddef>
#include <initializer_list>

#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

namespace detail {
/// 5 * n * ceil(log2(m)), saturating, at least 1: the one count behind every FFT formula
/// (n = m for complex transforms, n = m // 2 for real ones).
constexpr flops_t fft_count(flops_t n, flops_t m) noexcept {
    return at_least_one(saturating_mul(saturating_mul(5, n), ceil_log2(m)));
}
template <class Shape>
constexpr flops_t complex_nd(const Shape& s) noexcept {
    const flops_t n = numel(s);
    return fft_count(n, n);
}
template <class Shape>
constexpr flops_t real_nd(const Shape& s) noexcept {
    const flops_t n = numel(s);
    return fft_count(n / 2, n);
}
}  // namespace detail

/// `fft.fft` of transform length n (`.n`, or the input's length along `.axis`).
/// `fft_cost(1024)` is 51,200. FLOPs: 5*n*ceil(log2(n)), at least 1.
constexpr flops_t fft_cost(std::size_t n) noexcept {
    const flops_t f = detail::to_flops(n);
    return detail::fft_count(f, f);
}
/// `fft.ifft` of transform length n. FLOPs: 5*n*ceil(log2(n)), at least 1.
constexpr flops_t ifft_cost(std::size_t n) noexcept { return fft_cost(n); }
/// `fft.hfft` with n_out real outputs (default 2*(m-1)). FLOPs: 5*n_out*ceil(log2(n_out)), at least 1.
constexpr flops_t hfft_cost(std::size_t n_out) noexcept { return fft_cost(n_out); }
/// `fft.ihfft` of transform length n. FLOPs: 5*n*ceil(log2(n)), at least 1.
constexpr flops_t ihfft_cost(std::size_t n) noexcept { return fft_cost(n); }

/// `fft.rfft` of transform length n: `rfft_cost(1024)` is 25,600.
/// FLOPs: 5*(n//2)*ceil(log2(n)), at least 1.
constexpr flops_t rfft_cost(std::size_t n) noexcept {
    const flops_t f = detail::to_flops(n);
    return detail::fft_count(f / 2, f);
}
/// `fft.irfft` with n real outputs (default 2*(m-1)). FLOPs: 5*(n//2)*ceil(log2(n)), at least 1.
constexpr flops_t irfft_cost(std::size_t n) noexcept { return rfft_cost(n); }

// The N-D queries take the transform lengths s (one per transformed axis), as a shape.
// Each has an initializer_list overload so that `fftn_cost({64, 64})` works.
#define ME_DETAIL_FFT_ND_COST(name, kind)                                                      \
    template <class Shape>                                                                     \
    constexpr flops_t name(const Shape& s) noexcept {                                          \
        return detail::kind(s);                                                                \
    }                                                                                          \
    constexpr flops_t name(std::initializer_list<std::size_t> s) noexcept { return detail::kind(s); }

/// `fft.fftn` over transform lengths s: `fftn_cost({64, 64})` is 5*4096*12 = 245,760.
/// FLOPs: 5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(fftn_cost, complex_nd)
/// `fft.ifftn`. FLOPs: 5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(ifftn_cost, complex_nd)
/// `fft.fft2` (s: the two transform lengths). FLOPs: 5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(fft2_cost, complex_nd)
/// `fft.ifft2`. FLOPs: 5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(ifft2_cost, complex_nd)
/// `fft.rfftn` over transform lengths s: `rfftn_cost({64, 64})` is 5*2048*12 = 122,880.
/// FLOPs: 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(rfftn_cost, real_nd)
/// `fft.irfftn` (s: the output lengths). FLOPs: 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(irfftn_cost, real_nd)
/// `fft.rfft2`. FLOPs: 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(rfft2_cost, real_nd)
/// `fft.irfft2`. FLOPs: 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(irfft2_cost, real_nd)
#undef ME_DETAIL_FFT_ND_COST

template <>
struct formula_impl<formula::fft> {
    static constexpr flops_t cost(std::size_t n) noexcept { return fft_cost(n); }
};
template <>
struct formula_impl<formula::rfft> {
    static constexpr flops_t cost(std::size_t n) noexcept { return rfft_cost(n); }
};
template <>
struct formula_impl<formula::fftn> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& s) noexcept { return fftn_cost(s); }
};
template <>
struct formula_impl<formula::rfftn> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& s) noexcept { return rfftn_cost(s); }
};

}  // namespace me::flops

/// @file flops/fft.hpp
/// @brief What the FFT family costs: the reference's Cooley-Tukey counts (era B,
/// `fft/_transforms.py`), 5*n*ceil(log2 n) for a complex transform of length n and
/// 5*(n//2)*ceil(log2 n) for a real one; N-D transforms use N = prod(s), the product of
/// the transform lengths, once per transform: an array transformed along some axes holds
/// `lines` transforms, the product of its other axes' lengths, and each is counted (the
/// reference priced one transform whatever the batch, so a (1000, 1024) array cost what
/// one 1024-point transform does: a thousand transforms for the price of one; batched
/// matmul and linalg are priced per matrix for the same reason). Every counted op costs
/// at least 1 (the reference's 0 for n <= 1 becomes 1). fft.hpp charges exactly these.
#pragma once

#include <cstddef>
#include <initializer_list>

#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

namespace detail {
/// lines * 5 * n * ceil(log2(m)), saturating, at least 1: the one count behind every FFT
/// formula (n = m for complex transforms, n = m // 2 for real ones).
constexpr flops_t fft_count(flops_t n, flops_t m, std::size_t lines) noexcept {
    return at_least_one(saturating_mul(saturating_mul(saturating_mul(5, n), ceil_log2(m)), to_flops(lines)));
}
template <class Shape>
constexpr flops_t complex_nd(const Shape& s, std::size_t lines) noexcept {
    const flops_t n = numel(s);
    return fft_count(n, n, lines);
}
template <class Shape>
constexpr flops_t real_nd(const Shape& s, std::size_t lines) noexcept {
    const flops_t n = numel(s);
    return fft_count(n / 2, n, lines);
}
}  // namespace detail

/// `fft.fft` of transform length n (`.n`, or the input's length along `.axis`), `lines`
/// transforms (the product of the other axes' lengths). `fft_cost(1024)` is 51,200;
/// `fft_cost(1024, 8)` (an (8, 1024) array) 409,600. FLOPs: lines*5*n*ceil(log2(n)), at least 1.
constexpr flops_t fft_cost(std::size_t n, std::size_t lines = 1) noexcept {
    const flops_t f = detail::to_flops(n);
    return detail::fft_count(f, f, lines);
}
/// `fft.ifft` of transform length n. FLOPs: lines*5*n*ceil(log2(n)), at least 1.
constexpr flops_t ifft_cost(std::size_t n, std::size_t lines = 1) noexcept { return fft_cost(n, lines); }
/// `fft.hfft` with n_out real outputs (default 2*(m-1)). FLOPs: lines*5*n_out*ceil(log2(n_out)), at least 1.
constexpr flops_t hfft_cost(std::size_t n_out, std::size_t lines = 1) noexcept { return fft_cost(n_out, lines); }
/// `fft.ihfft` of transform length n. FLOPs: lines*5*n*ceil(log2(n)), at least 1.
constexpr flops_t ihfft_cost(std::size_t n, std::size_t lines = 1) noexcept { return fft_cost(n, lines); }

/// `fft.rfft` of transform length n: `rfft_cost(1024)` is 25,600.
/// FLOPs: lines*5*(n//2)*ceil(log2(n)), at least 1.
constexpr flops_t rfft_cost(std::size_t n, std::size_t lines = 1) noexcept {
    const flops_t f = detail::to_flops(n);
    return detail::fft_count(f / 2, f, lines);
}
/// `fft.irfft` with n real outputs (default 2*(m-1)). FLOPs: lines*5*(n//2)*ceil(log2(n)), at least 1.
constexpr flops_t irfft_cost(std::size_t n, std::size_t lines = 1) noexcept { return rfft_cost(n, lines); }

// The N-D queries take the transform lengths s (one per transformed axis), as a shape,
// and the number of transforms `lines` (the product of the other axes' lengths).
// Each has an initializer_list overload so that `fftn_cost({64, 64})` works.
#define ME_DETAIL_FFT_ND_COST(name, kind)                                                      \
    template <class Shape>                                                                     \
    constexpr flops_t name(const Shape& s, std::size_t lines = 1) noexcept {                   \
        return detail::kind(s, lines);                                                         \
    }                                                                                          \
    constexpr flops_t name(std::initializer_list<std::size_t> s, std::size_t lines = 1) noexcept { \
        return detail::kind(s, lines);                                                         \
    }

/// `fft.fftn` over transform lengths s: `fftn_cost({64, 64})` is 5*4096*12 = 245,760.
/// FLOPs: lines*5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(fftn_cost, complex_nd)
/// `fft.ifftn`. FLOPs: lines*5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(ifftn_cost, complex_nd)
/// `fft.fft2` (s: the two transform lengths). FLOPs: lines*5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(fft2_cost, complex_nd)
/// `fft.ifft2`. FLOPs: lines*5*N*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(ifft2_cost, complex_nd)
/// `fft.rfftn` over transform lengths s: `rfftn_cost({64, 64})` is 5*2048*12 = 122,880.
/// FLOPs: lines*5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(rfftn_cost, real_nd)
/// `fft.irfftn` (s: the output lengths). FLOPs: lines*5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(irfftn_cost, real_nd)
/// `fft.rfft2`. FLOPs: lines*5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(rfft2_cost, real_nd)
/// `fft.irfft2`. FLOPs: lines*5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
ME_DETAIL_FFT_ND_COST(irfft2_cost, real_nd)
#undef ME_DETAIL_FFT_ND_COST

template <>
struct formula_impl<formula::fft> {
    static constexpr flops_t cost(std::size_t n, std::size_t lines) noexcept { return fft_cost(n, lines); }
};
template <>
struct formula_impl<formula::rfft> {
    static constexpr flops_t cost(std::size_t n, std::size_t lines) noexcept { return rfft_cost(n, lines); }
};
template <>
struct formula_impl<formula::fftn> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& s, std::size_t lines) noexcept { return fftn_cost(s, lines); }
};
template <>
struct formula_impl<formula::rfftn> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& s, std::size_t lines) noexcept { return rfftn_cost(s, lines); }
};

}  // namespace me::flops

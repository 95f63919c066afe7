/// @file flops/statistics.hpp
/// @brief What the statistics, comparison and counted creation ops cost (clip, cov,
/// corrcoef, allclose, array_equal, array_equiv, geomspace, logspace, vander): shape math only.
///
/// The reference's formulas (its operation audit), with the work the computation does
/// added where the formula would charge less: cov and corrcoef charge the centring and the
/// scaling besides the n x n product (and the weighting when weights are given), clip
/// charges the broadcast output when a bound is larger than `a`, and the comparisons charge
/// the broadcast size when `b` is larger than `a`. docs/statistics.md gives each choice.
#pragma once

#include <cstddef>

#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

/// clip: one FLOP per element of the output (the broadcast of a, a_min and a_max).
template <>
struct formula_impl<formula::clip> {
    static constexpr flops_t cost(const shape_t& out) noexcept { return detail::at_least_one(detail::numel(out)); }
};

/// cov of n variables over m observations: the n x n product (n^2*m multiply-adds, counted
/// once each as the reference does), the mean and the centring (2*n*m) and the scaling of
/// the result (n^2); weights add the weighted mean's and the product's weighting (2*n*m)
/// and their product and sum (2*m).
template <>
struct formula_impl<formula::cov> {
    static constexpr flops_t cost(std::size_t n, std::size_t m, bool weighted) noexcept {
        using namespace detail;
        const flops_t fn = to_flops(n), fm = to_flops(m), nm = saturating_mul(fn, fm), nn = saturating_mul(fn, fn);
        flops_t c = saturating_add(saturating_add(saturating_mul(nn, fm), saturating_mul(2, nm)), nn);
        if (weighted) c = saturating_add(c, saturating_add(saturating_mul(2, nm), saturating_mul(2, fm)));
        return at_least_one(c);
    }
};

/// corrcoef: the unweighted cov, then a square root per variance (n), two divisions and a
/// clip per element of the n x n result (3*n^2).
template <>
struct formula_impl<formula::corrcoef> {
    static constexpr flops_t cost(std::size_t n, std::size_t m) noexcept {
        using namespace detail;
        const flops_t fn = to_flops(n);
        const flops_t extra = saturating_add(saturating_mul(3, saturating_mul(fn, fn)), fn);
        return at_least_one(saturating_add(formula_impl<formula::cov>::cost(n, m, false), extra));
    }
};

/// allclose, array_equal, array_equiv: one FLOP per element compared, the larger of a's
/// size and the broadcast size (a scalar a against a large b pays for b).
template <>
struct formula_impl<formula::comparison> {
    static constexpr flops_t cost(flops_t numel_a, flops_t numel_compared) noexcept {
        return detail::at_least_one(numel_a > numel_compared ? numel_a : numel_compared);
    }
};

/// geomspace, logspace: one FLOP per sample.
template <>
struct formula_impl<formula::samples> {
    static constexpr flops_t cost(std::size_t num) noexcept { return detail::at_least_one(detail::to_flops(num)); }
};

/// vander: len(x)*(N-1) multiplications (each column the previous one times x); N = 1
/// still writes a column of len ones, which the reference's len*0 left free.
template <>
struct formula_impl<formula::vander> {
    static constexpr flops_t cost(std::size_t len, std::size_t columns) noexcept {
        const flops_t powers = columns > 1 ? detail::to_flops(columns - 1) : detail::to_flops(columns);
        return detail::at_least_one(detail::saturating_mul(detail::to_flops(len), powers));
    }
};

/// What `me::clip(a, a_min, a_max)` charges: numel of the broadcast of the three shapes (a
/// scalar or absent bound is shape `()`), at least 1. clip_cost({256, 256}) = 65,536.
/// FLOPs: 0 (a query).
/// @throws me::ShapeError when the shapes do not broadcast.
inline flops_t clip_cost(const shape_t& a, const shape_t& a_min = {}, const shape_t& a_max = {}) {
    const auto out = me::detail::broadcast_shapes(me::detail::broadcast_shapes(a, a_min, "clip"), a_max, "clip");
    return formula_impl<formula::clip>::cost(out);
}

/// What `me::cov` charges for n variables (rows after `rowvar` and `y` are applied) over m
/// observations: n^2*m + 2*n*m + n^2, plus 2*n*m + 2*m with fweights or aweights; at least
/// 1. cov_cost(10, 1000) = 120,100. FLOPs: 0 (a query).
constexpr flops_t cov_cost(std::size_t n, std::size_t m, bool weighted = false) noexcept {
    return formula_impl<formula::cov>::cost(n, m, weighted);
}

/// What `me::corrcoef` charges for n variables over m observations: cov_cost(n, m) +
/// 3*n^2 + n, at least 1. FLOPs: 0 (a query).
constexpr flops_t corrcoef_cost(std::size_t n, std::size_t m) noexcept {
    return formula_impl<formula::corrcoef>::cost(n, m);
}

namespace detail {
/// The elements array_equiv compares: the broadcast of a and b, or a's size when they do
/// not broadcast (the answer is false then, without reading).
inline flops_t compared_elements(const shape_t& a, const shape_t& b) {
    try {
        return numel(me::detail::broadcast_shapes(a, b, "compare"));
    } catch (const ShapeError&) {
        return numel(a);
    }
}
}  // namespace detail

/// What `me::allclose(a, b)` charges: numel of the broadcast of a and b (at least numel(a)),
/// at least 1. FLOPs: 0 (a query).
/// @throws me::ShapeError when the shapes do not broadcast (allclose raises then).
inline flops_t allclose_cost(const shape_t& a, const shape_t& b) {
    const auto out = me::detail::broadcast_shapes(a, b, "allclose");
    return formula_impl<formula::comparison>::cost(detail::numel(a), detail::numel(out));
}

/// What `me::array_equal(a1, a2)` charges: numel(a1) when the shapes differ (the answer is
/// false without reading), else numel(a1); at least 1. FLOPs: 0 (a query).
inline flops_t array_equal_cost(const shape_t& a1, const shape_t& a2) {
    return formula_impl<formula::comparison>::cost(detail::numel(a1), a1 == a2 ? detail::numel(a2) : 0);
}

/// What `me::array_equiv(a1, a2)` charges: numel of the broadcast of a1 and a2 (numel(a1)
/// when they do not broadcast: the answer is false), at least 1. FLOPs: 0 (a query).
inline flops_t array_equiv_cost(const shape_t& a1, const shape_t& a2) {
    return formula_impl<formula::comparison>::cost(detail::numel(a1), detail::compared_elements(a1, a2));
}

/// What `me::geomspace(start, stop, num)` charges: num, at least 1. FLOPs: 0 (a query).
constexpr flops_t geomspace_cost(std::size_t num) noexcept { return formula_impl<formula::samples>::cost(num); }

/// What `me::logspace(start, stop, num)` charges: num, at least 1. FLOPs: 0 (a query).
constexpr flops_t logspace_cost(std::size_t num) noexcept { return formula_impl<formula::samples>::cost(num); }

/// What `me::vander(x, {.N = N})` charges for len(x) = len: len*(N-1), len for N = 1, at
/// least 1 (N defaults to len). FLOPs: 0 (a query).
constexpr flops_t vander_cost(std::size_t len, std::size_t N) noexcept { return formula_impl<formula::vander>::cost(len, N); }

}  // namespace me::flops

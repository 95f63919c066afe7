/// @file flops/calculus.hpp
/// @brief What the calculus and convolution ops cost (diff, ediff1d, gradient, trapezoid,
/// trapz, interp, convolve, correlate, unwrap), and the shape rules those costs depend on:
/// shape math only.
///
/// The reference prices them by numel(input), n*log m (interp) and n*m (convolve,
/// correlate). Where that would charge less than the work an input makes the op do, the
/// work is charged instead (docs/cost-model.md, "Calculus"): diff of order n charges every
/// pass, gradient every axis it differentiates, prepend/append and a broadcasting x count
/// the elements they add, and interp charges at least one FLOP per query (log2 of one
/// sample point is 0) plus the sort of xp when it is periodic.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops::detail::calculus {

/// diff's plan: the lengths it walks. `lines` is the product of the other axes' lengths,
/// `length` the axis length after prepend/append.
struct diff_plan {
    flops_t lines = 1;
    std::size_t length = 0;
    long long order = 1;
};

/// NumPy's checks of diff, in its order: the order, then the rank, then the axis.
/// @throws me::ValueError "order must be non-negative but got -1", "diff requires input
///         that is at least one dimensional"; me::AxisError for the axis.
inline std::size_t diff_axis(const shape_t& shape, long long n, int axis, std::string_view op) {
    if (n < 0) throw ValueError(me::detail::cat(op, ": order must be non-negative but got ", n));
    if (shape.empty()) throw ValueError(me::detail::cat(op, ": diff requires input that is at least one dimensional"));
    return me::detail::normalize_axis(axis, shape.size(), op);
}

/// diff of order n along `axis`, the axis `added` elements longer (prepend/append).
inline diff_plan diff_plan_of(const shape_t& shape, long long n, int axis, std::size_t added, std::string_view op) {
    if (n == 0) return {1, 0, 0};  // NumPy returns the input as it is, before any check
    const std::size_t ax = diff_axis(shape, n, axis, op);
    diff_plan p;
    p.order = n;
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != ax) p.lines = saturating_mul(p.lines, to_flops(shape[d]));
    p.length = shape[ax] + added;
    return p;
}

/// The distinct axes of `spec` in the order given (NumPy's normalize_axis_tuple: no sorting).
/// @throws me::AxisError out of range, me::ValueError "repeated axis".
inline std::vector<std::size_t> axis_tuple(const axis_spec& spec, std::size_t ndim, std::string_view op) {
    std::vector<std::size_t> out;
    if (spec.is_all()) {
        for (std::size_t d = 0; d < ndim; ++d) out.push_back(d);
        return out;
    }
    for (int a : spec.list()) {
        const std::size_t d = me::detail::normalize_axis(a, ndim, op);
        if (std::find(out.begin(), out.end(), d) != out.end()) throw ValueError(me::detail::cat(op, ": repeated axis"));
        out.push_back(d);
    }
    return out;
}

/// interp's sizes: n queries, m sample points, whether xp is periodic (sorted first).
struct interp_plan {
    flops_t queries = 0;
    flops_t points = 0;
    bool periodic = false;
};

}  // namespace me::flops::detail::calculus

namespace me::flops {

template <>
struct formula_impl<formula::diff> {
    static flops_t cost(const detail::calculus::diff_plan& p) noexcept {
        // Pass k (0-based) reads length - k elements per line; passes past the length read none.
        const auto length = static_cast<flops_t>(std::min<std::size_t>(p.length, static_cast<std::size_t>(me::detail::flops_max)));
        const flops_t passes = std::min<flops_t>(p.order, length);
        // sum_{k<passes} (length - k) = passes*length - passes*(passes-1)/2, exactly and saturating
        flops_t read = 0;
        if (passes > 0) {
            __extension__ using u128 = unsigned __int128;
            const u128 total = static_cast<u128>(passes) * static_cast<u128>(length) -
                               static_cast<u128>(passes) * static_cast<u128>(passes - 1) / 2;
            read = total > static_cast<u128>(me::detail::flops_max) ? me::detail::flops_max : static_cast<flops_t>(total);
        }
        return detail::at_least_one(detail::saturating_mul(p.lines, read));
    }
};

template <>
struct formula_impl<formula::numel_pass> {
    template <class Shape>
    static flops_t cost(const Shape& input_shape) noexcept {
        return detail::at_least_one(detail::numel(input_shape));
    }
};

template <>
struct formula_impl<formula::gradient> {
    static flops_t cost(const shape_t& shape, std::size_t axes) noexcept {
        return detail::at_least_one(detail::saturating_mul(detail::numel(shape), detail::to_flops(axes)));
    }
};

template <>
struct formula_impl<formula::trapezoid> {
    /// `terms`: the shape of the products d*(y[1:] + y[:-1]) NumPy forms (y's shape without x).
    static flops_t cost(const shape_t& y, const shape_t& x, const shape_t& terms) noexcept {
        return detail::at_least_one(std::max({detail::numel(y), x.empty() ? 0 : detail::numel(x), detail::numel(terms)}));
    }
};

template <>
struct formula_impl<formula::interp> {
    static flops_t cost(const detail::calculus::interp_plan& p) noexcept {
        const flops_t search = std::max<flops_t>(1, detail::ceil_log2(p.points));
        flops_t c = detail::saturating_mul(p.queries, search);
        if (p.periodic) c = detail::saturating_add(c, detail::saturating_mul(p.points, detail::ceil_log2(p.points)));
        return detail::at_least_one(c);
    }
};

template <>
struct formula_impl<formula::convolve> {
    static flops_t cost(std::size_t n, std::size_t m) noexcept {
        return detail::at_least_one(detail::saturating_mul(detail::to_flops(n), detail::to_flops(m)));
    }
};

/// What `me::diff(a, {.n, .axis, .prepend, .append})` charges: the sum over its n passes
/// of the elements each pass reads, the axis `added` elements longer for prepend/append
/// (numel(input) for n = 1 without them); at least 1 (n = 0 costs 1). `diff_cost({4, 5})`
/// is 20, `diff_cost({10}, 3)` is 10 + 9 + 8 = 27. FLOPs: 0 (a query).
/// @throws me::ValueError for n < 0 or a 0-d shape, me::AxisError for the axis.
inline flops_t diff_cost(const shape_t& shape, long long n = 1, int axis = -1, std::size_t added = 0) {
    return formula_impl<formula::diff>::cost(detail::calculus::diff_plan_of(shape, n, axis, added, "diff"));
}

/// What `me::ediff1d(ary, ...)` charges: numel(ary), at least 1. FLOPs: 0 (a query).
inline flops_t ediff1d_cost(std::size_t numel) noexcept { return formula_impl<formula::numel_pass>::cost(shape_t{numel}); }

/// What `me::gradient(f, ..., {.axis})` charges: numel(f) for every axis differentiated
/// (all of them by default), at least 1. `gradient_cost({4, 5})` is 40. FLOPs: 0 (a query).
/// @throws me::AxisError, me::ValueError "repeated axis".
inline flops_t gradient_cost(const shape_t& shape, const axis_spec& axis = {}) {
    return formula_impl<formula::gradient>::cost(shape, detail::calculus::axis_tuple(axis, shape.size(), "gradient").size());
}

/// What `me::trapezoid(y, {.dx})` charges: numel(y), at least 1. FLOPs: 0 (a query).
inline flops_t trapezoid_cost(const shape_t& y) noexcept { return formula_impl<formula::trapezoid>::cost(y, {}, y); }

/// What `me::trapezoid(y, {.x})` charges: the largest of numel(y), numel(x) and the number
/// of products d*(y[1:]+y[:-1]) NumPy forms (x broadcasts against y), at least 1.
/// `trapezoid_cost({3, 10}, {10})` is 30. FLOPs: 0 (a query).
/// @throws me::ShapeError when x's differences do not broadcast against y, me::AxisError.
inline flops_t trapezoid_cost(const shape_t& y, const shape_t& x, int axis = -1) {
    const std::size_t ya = me::detail::normalize_axis(axis, y.size(), "trapezoid");
    shape_t ys = y, d = x;
    ys[ya] = ys[ya] == 0 ? 0 : ys[ya] - 1;
    if (x.size() == 1) {
        d.assign(y.size(), 1);
        d[ya] = x[0] == 0 ? 0 : x[0] - 1;
    } else {
        const std::size_t xa = me::detail::normalize_axis(axis, x.size(), "trapezoid");
        d[xa] = d[xa] == 0 ? 0 : d[xa] - 1;
    }
    return formula_impl<formula::trapezoid>::cost(y, x, me::detail::broadcast_shapes(d, ys, "trapezoid"));
}

/// What `me::trapz` charges: as `trapezoid_cost` (NumPy's older name). FLOPs: 0 (a query).
inline flops_t trapz_cost(const shape_t& y) noexcept { return trapezoid_cost(y); }
inline flops_t trapz_cost(const shape_t& y, const shape_t& x, int axis = -1) { return trapezoid_cost(y, x, axis); }

/// What `me::interp(x, xp, fp, ...)` charges: n*max(1, ceil(log2 m)) for n = numel(x)
/// queries into m = len(xp) points (a binary search each; at least one FLOP per query even
/// for m <= 2), plus m*ceil(log2 m) with a period (xp is sorted); at least 1.
/// `interp_cost(1000, 1024)` is 10,000. FLOPs: 0 (a query).
inline flops_t interp_cost(std::size_t n, std::size_t m, bool periodic = false) noexcept {
    return formula_impl<formula::interp>::cost({detail::to_flops(n), detail::to_flops(m), periodic});
}

/// What `me::convolve(a, v, ...)` charges: n*m for lengths n and m, whatever the mode,
/// at least 1. FLOPs: 0 (a query).
inline flops_t convolve_cost(std::size_t n, std::size_t m) noexcept { return formula_impl<formula::convolve>::cost(n, m); }

/// What `me::correlate(a, v, ...)` charges: n*m, whatever the mode, at least 1. FLOPs: 0 (a query).
inline flops_t correlate_cost(std::size_t n, std::size_t m) noexcept { return formula_impl<formula::convolve>::cost(n, m); }

/// What `me::unwrap(p, ...)` charges: numel(p), at least 1. FLOPs: 0 (a query).
inline flops_t unwrap_cost(const shape_t& shape) noexcept { return formula_impl<formula::numel_pass>::cost(shape); }

}  // namespace me::flops

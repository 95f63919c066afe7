/// @file flops/polynomial.hpp
/// @brief What the polynomial functions cost (poly, polyadd, polysub, polyder, polyint,
/// polymul, polydiv, polyfit, polyval, roots): shape math only.
///
/// The formulas are the reference's (§1.11) where they cover the work NumPy's algorithm
/// does up to a constant factor; where the work can outgrow them without bound the
/// charge counts it (docs/cost-model.md, "Polynomials"):
/// - `polyval` of a constant polynomial still evaluates 0·x + p0 at every point (NumPy's
///   loop), so the degree counts as at least 1: 2·m·max(deg, 1);
/// - `polyder` and `polyint` of order m repeat their pass m times;
/// - `polyfit` applies the factorisation to every column of a 2-D y, and `cov` adds the
///   product lhsᵀ·lhs, its inverse and the k scaled covariance matrices;
/// - `poly` of a square matrix takes its eigenvalues first (eig's 10n³).
/// Every charge is at least 1 and saturates instead of wrapping.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "decompositions.hpp"
#include "formulas.hpp"

namespace me::flops::detail::polynomial {

/// The length of a polynomial's coefficient sequence (or of `poly`'s zeros): a 1-D
/// shape's length, a 0-d shape's 1 (NumPy's atleast_1d).
/// @throws me::ValueError for more than one dimension (NumPy takes polynomials as 1-D).
inline std::size_t length(const shape_t& shape, std::string_view op) {
    if (shape.size() > 1)
        throw ValueError(me::detail::cat(op, ": a polynomial must be 1-D, got shape ", me::detail::shape_string(shape)));
    return shape.empty() ? 1 : shape[0];
}

/// As `length`, for the ops NumPy refuses 0-d input to (it takes len() of it).
/// @throws me::ValueError for 0-d ("len() of unsized object") or more than one dimension.
inline std::size_t sized_length(const shape_t& shape, std::string_view op) {
    if (shape.empty()) throw ValueError(me::detail::cat(op, ": len() of unsized object (a 0-d polynomial)"));
    return length(shape, op);
}

/// What `poly` is given: n zeros (1-D) or an n x n matrix whose eigenvalues are its zeros.
struct poly_input {
    std::size_t n = 0;
    bool matrix = false;
};

/// @throws me::ValueError "input must be 1d or non-empty square 2d array." (NumPy's text),
///         also for 0-d input (NumPy raises a TypeError there).
inline poly_input poly_of(const shape_t& shape) {
    if (shape.size() == 1) return {shape[0], false};
    if (shape.size() == 2 && shape[0] == shape[1] && shape[0] != 0) return {shape[0], true};
    throw ValueError(me::detail::cat("poly: input must be 1d or non-empty square 2d array. (got shape ",
                                     me::detail::shape_string(shape), ")"));
}

/// polyfit's sizes: m points, n = deg + 1 coefficients, k columns of y (1 for a 1-D y).
struct fit_dims {
    std::size_t m = 0;
    std::size_t n = 1;
    std::size_t k = 1;
    bool cov = false;
};

/// NumPy's checks of polyfit's shapes (its TypeErrors are me::ValueErrors here).
/// @throws me::ValueError "expected deg >= 0", "expected 1D vector for x", "expected
///         non-empty vector for x", "expected 1D or 2D array for y", "expected x and y to
///         have same length", or a degree too big for an array.
inline fit_dims fit_of(const shape_t& x, const shape_t& y, std::int64_t deg, bool cov) {
    using me::detail::cat;
    if (deg < 0) throw ValueError("polyfit: expected deg >= 0");
    if (x.size() != 1) throw ValueError("polyfit: expected 1D vector for x");
    if (x[0] == 0) throw ValueError("polyfit: expected non-empty vector for x");
    if (y.empty() || y.size() > 2) throw ValueError("polyfit: expected 1D or 2D array for y");
    if (x[0] != y[0]) throw ValueError("polyfit: expected x and y to have same length");
    if (static_cast<std::uint64_t>(deg) >= static_cast<std::uint64_t>(PTRDIFF_MAX) / 16)
        throw ValueError(cat("polyfit: deg ", deg, " is too big (array is too big)"));
    return {x[0], static_cast<std::size_t>(deg) + 1, y.size() == 2 ? y[1] : 1, cov};
}

}  // namespace me::flops::detail::polynomial

namespace me::flops {

template <>
struct formula_impl<formula::poly> {
    static constexpr flops_t cost(const detail::polynomial::poly_input& p) noexcept {
        const flops_t n = detail::to_flops(p.n), square = detail::saturating_mul(n, n);
        if (!p.matrix) return detail::at_least_one(square);
        return detail::at_least_one(
            detail::saturating_add(formula_impl<formula::eig>::cost({1, p.n, p.n}), square));
    }
};
template <>
struct formula_impl<formula::polyadd> {
    static constexpr flops_t cost(std::size_t n1, std::size_t n2) noexcept {
        return detail::at_least_one(detail::to_flops(std::max(n1, n2)));
    }
};
template <>
struct formula_impl<formula::polyder> {
    static constexpr flops_t cost(std::size_t n, std::int64_t m) noexcept {
        return detail::at_least_one(detail::saturating_mul(detail::to_flops(n), std::max<flops_t>(m, 1)));
    }
};
template <>
struct formula_impl<formula::polyint> {
    /// Order j (0-based) divides the n + j coefficients it has: m·n + m(m−1)/2 in all.
    static constexpr flops_t cost(std::size_t n, std::int64_t m) noexcept {
        if (m <= 0) return 1;
        const flops_t pairs = (m % 2 == 0) ? detail::saturating_mul(m / 2, m - 1) : detail::saturating_mul(m, (m - 1) / 2);
        return detail::at_least_one(detail::saturating_add(detail::saturating_mul(m, detail::to_flops(n)), pairs));
    }
};
template <>
struct formula_impl<formula::polymul> {
    static constexpr flops_t cost(std::size_t n1, std::size_t n2) noexcept {
        return detail::at_least_one(detail::saturating_mul(detail::to_flops(n1), detail::to_flops(n2)));
    }
};
template <>
struct formula_impl<formula::polyfit> {
    static constexpr flops_t cost(const detail::polynomial::fit_dims& d) noexcept {
        using detail::saturating_add;
        using detail::saturating_mul;
        const flops_t m = detail::to_flops(d.m), n = detail::to_flops(d.n), k = detail::to_flops(d.k);
        const flops_t columns = saturating_add(n, std::max<flops_t>(k, 1) - 1);
        flops_t c = saturating_mul(saturating_mul(saturating_mul(2, m), n), columns);
        if (d.cov) {
            const flops_t nn = saturating_mul(n, n);
            c = saturating_add(c, saturating_mul(saturating_mul(2, m), nn));
            c = saturating_add(c, saturating_mul(nn, n));
            c = saturating_add(c, saturating_mul(nn, k));
        }
        return detail::at_least_one(c);
    }
};
template <>
struct formula_impl<formula::polyval> {
    /// m points, `coefficients` = deg + 1.
    static constexpr flops_t cost(flops_t m, std::size_t coefficients) noexcept {
        const flops_t deg = std::max<flops_t>(detail::to_flops(coefficients) - 1, 1);
        return detail::at_least_one(detail::saturating_mul(detail::saturating_mul(2, m), deg));
    }
};
template <>
struct formula_impl<formula::roots> {
    /// `coefficients` = len(p); the companion matrix has order len(p) − 1.
    static constexpr flops_t cost(std::size_t coefficients) noexcept {
        const std::size_t n = coefficients == 0 ? 0 : coefficients - 1;
        return detail::at_least_one(
            detail::saturating_mul(10, detail::saturating_mul(detail::to_flops(n), detail::saturating_mul(detail::to_flops(n), detail::to_flops(n)))));
    }
};

/// What `me::poly(seq_of_zeros)` charges: n² for n zeros (1-D); for an n x n matrix its
/// eigenvalues first, `eig_cost(n)` + n² = 10n³ + n²; at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError unless the shape is 1-D or a non-empty square matrix.
inline flops_t poly_cost(const shape_t& shape) { return formula_impl<formula::poly>::cost(detail::polynomial::poly_of(shape)); }

/// What `me::polyadd(a1, a2)` charges: max(n1, n2), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a shape of more than one dimension.
inline flops_t polyadd_cost(const shape_t& a1, const shape_t& a2) {
    return formula_impl<formula::polyadd>::cost(detail::polynomial::length(a1, "polyadd"), detail::polynomial::length(a2, "polyadd"));
}
/// What `me::polysub(a1, a2)` charges: max(n1, n2), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a shape of more than one dimension.
inline flops_t polysub_cost(const shape_t& a1, const shape_t& a2) {
    return formula_impl<formula::polyadd>::cost(detail::polynomial::length(a1, "polysub"), detail::polynomial::length(a2, "polysub"));
}
/// What `me::polyder(p, {.m = m})` charges: n·max(m, 1) for n = len(p) (one pass per
/// order; order 0 still makes NumPy's one pass), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a 0-d or multi-dimensional shape, or m < 0.
inline flops_t polyder_cost(const shape_t& p, std::int64_t m = 1) {
    const auto n = detail::polynomial::sized_length(p, "polyder");
    if (m < 0) throw ValueError("polyder: Order of derivative must be positive (see polyint)");
    return formula_impl<formula::polyder>::cost(n, m);
}
/// What `me::polyint(p, {.m = m})` charges: m·n + m(m−1)/2 for n = len(p) (order j
/// divides its n + j coefficients), 1 for m = 0. FLOPs: 0 (a query).
/// @throws me::ValueError for a 0-d or multi-dimensional shape, or m < 0.
inline flops_t polyint_cost(const shape_t& p, std::int64_t m = 1) {
    const auto n = detail::polynomial::sized_length(p, "polyint");
    if (m < 0) throw ValueError("polyint: Order of integral must be positive (see polyder)");
    return formula_impl<formula::polyint>::cost(n, m);
}
/// What `me::polymul(a1, a2)` charges: n1·n2 (the input lengths), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a shape of more than one dimension.
inline flops_t polymul_cost(const shape_t& a1, const shape_t& a2) {
    return formula_impl<formula::polymul>::cost(detail::polynomial::length(a1, "polymul"), detail::polynomial::length(a2, "polymul"));
}
/// What `me::polydiv(u, v)` charges: n1·n2, at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a shape of more than one dimension.
inline flops_t polydiv_cost(const shape_t& u, const shape_t& v) {
    return formula_impl<formula::polymul>::cost(detail::polynomial::length(u, "polydiv"), detail::polynomial::length(v, "polydiv"));
}
/// What `me::polyfit(x, y, deg, options)` charges for m = len(x) points, n = deg + 1 and
/// k columns of y (1 for 1-D y): 2·m·n·(n + max(k, 1) − 1) (the reference's 2m(deg+1)² for
/// one column, 2mn more per further column); with `cov` (and not `full`) plus 2·m·n² +
/// n³ + n²·k; at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError with NumPy's messages for bad shapes or deg < 0.
inline flops_t polyfit_cost(const shape_t& x, const shape_t& y, std::int64_t deg, bool cov = false) {
    return formula_impl<formula::polyfit>::cost(detail::polynomial::fit_of(x, y, deg, cov));
}
/// What `me::polyval(p, x)` charges: 2·m·max(deg, 1) for m = numel(x) and deg = len(p) − 1
/// (Horner's multiply and add per step), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a p that is not 1-D.
inline flops_t polyval_cost(const shape_t& p, const shape_t& x) {
    if (p.size() != 1) throw ValueError("polyval: p must be a 1-D array of coefficients");
    return formula_impl<formula::polyval>::cost(detail::numel(x), p[0]);
}
/// What `me::roots(p)` charges: 10n³ for n = len(p) − 1 (the companion matrix's order
/// before zeros are stripped), at least 1. FLOPs: 0 (a query).
/// @throws me::ValueError for a p that is not 1-D.
inline flops_t roots_cost(const shape_t& p) {
    if (p.size() != 1) throw ValueError("roots: Input must be a rank-1 array.");
    return formula_impl<formula::roots>::cost(p[0]);
}

}  // namespace me::flops

/// @file flops/solve.hpp
/// @brief What the solvers and inverses of `me::linalg` cost (det, slogdet, inv, solve, lstsq, pinv, matrix_power, tensorinv, tensorsolve): shape math only.
///
/// The formulas are the reference's (its §1.8) per matrix; a stack of matrices costs the
/// per-matrix formula times the number of matrices (the broadcast batch for solve).
/// Divisions round down per matrix. A matrix tagged symmetric over its last two axes gets
/// the reference's Cholesky prices (det, slogdet, inv, solve). All arithmetic saturates,
/// and every charge is at least 1 (an empty matrix or stack costs 1).
#pragma once

#include <cstddef>
#include <string_view>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

namespace detail::solvers {

/// A stack of `count` n x n matrices, and whether they are tagged symmetric.
struct square_stack {
    flops_t count = 1;
    std::size_t n = 0;
    bool symmetric = false;
};

/// A batch of linear systems: `count` n x n matrices (the broadcast batch), `nrhs`
/// right-hand sides each (1 for a vector b).
struct system_stack {
    flops_t count = 1;
    std::size_t n = 0;
    std::size_t nrhs = 1;
    bool symmetric = false;
    shape_t batch;   ///< the broadcast batch axes
    bool vector_b = false;
};

/// floor(num * n^3 / den), saturating (a saturated product stays saturated).
constexpr flops_t cube(std::size_t n, flops_t num = 1, flops_t den = 1) noexcept {
    const flops_t c = saturating_mul(saturating_mul(saturating_mul(to_flops(n), to_flops(n)), to_flops(n)), num);
    return c == me::detail::flops_max ? c : c / den;
}

/// The per-matrix count times the number of matrices, at least 1.
constexpr flops_t times(flops_t count, flops_t per_matrix) noexcept {
    return at_least_one(saturating_mul(count, per_matrix));
}

/// The number of matrices of a batch, saturating (a cost, not a size).
inline flops_t batch_count(const shape_t& shape, std::size_t core) {
    flops_t c = 1;
    for (std::size_t i = 0; i + core < shape.size(); ++i) c = saturating_mul(c, to_flops(shape[i]));
    return c;
}

/// The stack `shape` describes, with NumPy's LinAlgError texts for fewer than two
/// dimensions and non-square matrices.
inline square_stack square_of(const shape_t& shape, std::string_view op, bool symmetric) {
    if (shape.size() < 2)
        throw LinAlgError(me::detail::cat(op, ": ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    if (shape[shape.size() - 2] != shape.back())
        throw LinAlgError(me::detail::cat(op, ": Last 2 dimensions of the array must be square"));
    return {batch_count(shape, 2), shape.back(), symmetric};
}

/// NumPy 1.24's rules of `solve(a, b)`: b is a stack of vectors when b.ndim == a.ndim - 1
/// (gufunc (m,m),(m)->(m)), else a stack of matrices ((m,m),(m,n)->(m,n)); the batch axes
/// broadcast. @throws me::LinAlgError for a bad a, me::ValueError for a b that does not fit.
inline system_stack systems_of(const shape_t& a, const shape_t& b, std::string_view op, bool symmetric) {
    const square_stack s = square_of(a, op, symmetric);
    system_stack r;
    r.n = s.n;
    r.symmetric = symmetric;
    r.vector_b = b.size() + 1 == a.size();
    const std::size_t core = r.vector_b ? 1 : 2;
    const std::string_view sig = r.vector_b ? "(m,m),(m)->(m)" : "(m,m),(m,n)->(m,n)";
    if (b.size() < core)
        throw ValueError(me::detail::cat(op, ": Input operand 1 does not have enough dimensions (has ", b.size(), ", gufunc core with signature ", sig, " requires ", core, ")"));
    const std::size_t bn = b[b.size() - core];
    if (bn != s.n)
        throw ValueError(me::detail::cat(op, ": Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ", sig, " (size ", bn, " is different from ", s.n, ")"));
    r.nrhs = r.vector_b ? 1 : b.back();
    const shape_t batch_a(a.begin(), a.end() - 2), batch_b(b.begin(), b.end() - static_cast<std::ptrdiff_t>(core));
    r.batch = me::detail::broadcast_shapes(batch_a, batch_b, op);
    r.count = batch_count(r.batch, 0);
    return r;
}

/// The LU count of tensorinv/tensorsolve: n^3 for the n x n matrix they reshape to.
inline flops_t tensor_count(std::size_t n) noexcept { return at_least_one(cube(n)); }

}  // namespace detail::solvers

// The formulas' evaluations, as the ops call them (`op_cost<Id>(stack)`).
template <>
struct formula_impl<formula::det> {
    static constexpr flops_t cost(const detail::solvers::square_stack& s) noexcept {
        return detail::solvers::times(s.count, detail::solvers::cube(s.n, 1, s.symmetric ? 3 : 1));
    }
};
template <>
struct formula_impl<formula::inv> {
    static constexpr flops_t cost(const detail::solvers::square_stack& s) noexcept {
        using detail::solvers::cube;
        return detail::solvers::times(
            s.count, s.symmetric ? detail::saturating_add(cube(s.n, 1, 3), cube(s.n, 1, 2)) : cube(s.n));
    }
};
template <>
struct formula_impl<formula::solve> {
    static constexpr flops_t cost(const detail::solvers::system_stack& s) noexcept {
        using detail::solvers::cube;
        const flops_t rhs = detail::saturating_mul(s.symmetric ? detail::to_flops(s.n) : detail::saturating_mul(detail::to_flops(s.n), detail::to_flops(s.n)),
                                           detail::to_flops(s.nrhs));
        return detail::solvers::times(s.count, detail::saturating_add(s.symmetric ? cube(s.n, 1, 3) : cube(s.n, 2, 3), rhs));
    }
};

/// What `me::linalg::det` charges for one n x n matrix: n^3, or floor(n^3/3) when it is
/// tagged symmetric (Cholesky); at least 1. det_cost(256) = 16,777,216. FLOPs: 0 (a query).
constexpr flops_t det_cost(std::size_t n, bool symmetric = false) noexcept {
    return formula_impl<formula::det>::cost({1, n, symmetric});
}
/// The same for a stack (..., n, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t det_cost(const shape_t& shape, bool symmetric = false) {
    return formula_impl<formula::det>::cost(detail::solvers::square_of(shape, "linalg.det", symmetric));
}
/// What `me::linalg::slogdet` charges: as det. FLOPs: 0 (a query).
constexpr flops_t slogdet_cost(std::size_t n, bool symmetric = false) noexcept { return det_cost(n, symmetric); }
/// The same for a stack (..., n, n). FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t slogdet_cost(const shape_t& shape, bool symmetric = false) {
    return formula_impl<formula::det>::cost(detail::solvers::square_of(shape, "linalg.slogdet", symmetric));
}

/// What `me::linalg::inv` charges for one n x n matrix: n^3, or floor(n^3/3) +
/// floor(n^3/2) when tagged symmetric; at least 1. inv_cost(256) = 16,777,216.
/// FLOPs: 0 (a query).
constexpr flops_t inv_cost(std::size_t n, bool symmetric = false) noexcept {
    return formula_impl<formula::inv>::cost({1, n, symmetric});
}
/// The same for a stack (..., n, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t inv_cost(const shape_t& shape, bool symmetric = false) {
    return formula_impl<formula::inv>::cost(detail::solvers::square_of(shape, "linalg.inv", symmetric));
}

/// What `me::linalg::solve` charges for one n x n system with `nrhs` right-hand sides:
/// floor(2n^3/3) + n^2*nrhs, or floor(n^3/3) + n*nrhs when a is tagged symmetric; at least 1.
/// solve_cost(256) = 11,250,346. FLOPs: 0 (a query).
constexpr flops_t solve_cost(std::size_t n, std::size_t nrhs = 1, bool symmetric = false) noexcept {
    detail::solvers::system_stack s;
    s.n = n;
    s.nrhs = nrhs;
    s.symmetric = symmetric;
    return formula_impl<formula::solve>::cost(s);
}
/// The same for shapes a (..., n, n) and b (NumPy 1.24: a vector stack when b.ndim ==
/// a.ndim - 1, else a matrix stack), times the broadcast batch count. FLOPs: 0 (a query).
/// @throws me::LinAlgError for a bad a; me::ValueError when b does not fit.
inline flops_t solve_cost(const shape_t& a, const shape_t& b, bool symmetric = false) {
    return formula_impl<formula::solve>::cost(detail::solvers::systems_of(a, b, "linalg.solve", symmetric));
}

}  // namespace me::flops

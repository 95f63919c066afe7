/// @file flops/solve.hpp
/// @brief What the solvers and inverses of `me::linalg` cost (det, slogdet, inv, solve, lstsq, pinv, matrix_power, tensorinv, tensorsolve): shape math only.
///
/// The formulas are the reference's (its §1.8) per matrix; a stack of matrices costs the
/// per-matrix formula times the number of matrices (the broadcast batch for solve).
/// Divisions round down per matrix. A matrix tagged symmetric over its last two axes gets
/// the reference's Cholesky prices (det, slogdet, inv, solve). All arithmetic saturates,
/// and every charge is at least 1 (an empty matrix or stack costs 1).
#pragma once

#include <algorithm>
#include <bit>
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

/// A stack of `count` rows x cols matrices, priced by their SVD count (lstsq, pinv, cond,
/// matrix_rank).
struct spectral_stack {
    flops_t count = 1;
    std::size_t rows = 0;
    std::size_t cols = 0;
};

/// The stack of a shape; fewer than 2 dimensions (matrix_rank of a vector) count as one
/// 1 x n matrix (1 x 1 for a scalar).
inline spectral_stack spectral_of(const shape_t& shape) {
    if (shape.size() < 2) return {1, 1, shape.empty() ? 1 : shape[0]};
    return {batch_count(shape, 2), shape[shape.size() - 2], shape.back()};
}

/// A least-squares problem: the m x n matrix and the k right-hand sides (1 for a vector b).
struct lstsq_problem {
    spectral_stack matrix;
    std::size_t rhs = 1;
};

/// NumPy 1.24's `lstsq` shapes: a 2-D (m, n), b (m,) or (m, k).
/// @throws me::LinAlgError for other ranks ("%d-dimensional array given. Array must be
///         two-dimensional") and for m != b's rows ("Incompatible dimensions").
inline lstsq_problem lstsq_of(const shape_t& a, const shape_t& b, std::string_view op) {
    for (const shape_t* x : {&a, &b})
        if (x->size() != 2 && !(x == &b && x->size() == 1))
            throw LinAlgError(me::detail::cat(op, ": ", x->size(), "-dimensional array given. Array must be two-dimensional"));
    if (a[0] != b[0]) throw LinAlgError(me::detail::cat(op, ": Incompatible dimensions"));
    return {{1, a[0], a[1]}, b.size() == 1 ? 1 : b[1]};
}

/// A matrix power: the stack and the exponent.
struct power_stack {
    square_stack matrices;
    long long k = 1;
};

/// (floor(log2 |k|) + popcount(|k|) - 1) matrix products of 2n^3, plus n^3 for the
/// inverse when k < 0, per matrix.
constexpr flops_t power_count(std::size_t n, long long k) noexcept {
    const unsigned long long m = k < 0 ? 0ULL - static_cast<unsigned long long>(k) : static_cast<unsigned long long>(k);
    const flops_t products = m == 0 ? 0 : std::bit_width(m) - 1 + std::popcount(m) - 1;
    const flops_t mul = saturating_mul(products, cube(n, 2));
    return k < 0 ? saturating_add(mul, cube(n)) : mul;
}

/// tensorinv's n (the product of a.shape[ind:]), checked as NumPy reshapes to (n, -1) and inverts.
/// @throws me::ValueError for ind <= 0 or a shape that does not reshape; me::LinAlgError
///         when the reshaped matrix is not square.
inline std::size_t tensorinv_n(const shape_t& shape, int ind, std::string_view op) {
    if (ind <= 0) throw ValueError(me::detail::cat(op, ": Invalid ind argument."));
    const auto split = std::min<std::size_t>(static_cast<std::size_t>(ind), shape.size());
    std::size_t n = 1, rest = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) (d < split ? rest : n) *= shape[d];
    if (n == 0) throw ValueError(me::detail::cat(op, ": cannot reshape an array of shape ", me::detail::shape_string(shape), " into (0, -1)"));
    if (rest != n) throw LinAlgError(me::detail::cat(op, ": Last 2 dimensions of the array must be square"));
    return n;
}

/// tensorsolve's n: the product of a's trailing a.ndim - b.ndim axes (after `axes` are moved
/// to the end), with prod(...)^2 == a.size and b.size == n.
/// @throws me::LinAlgError with NumPy's message when a does not fit; me::ValueError when b does not.
inline std::size_t tensorsolve_n(const shape_t& a, const shape_t& b, std::string_view op) {
    const std::size_t tail = a.size() >= b.size() ? a.size() - b.size() : 0;
    const std::size_t from = tail == 0 ? 0 : a.size() - tail;
    std::size_t n = 1;
    for (std::size_t d = from; d < a.size(); ++d) n *= a[d];
    if (me::detail::numel(a) != n * n)
        throw LinAlgError(me::detail::cat(op, ": Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])"));
    if (me::detail::numel(b) != n)
        throw ValueError(me::detail::cat(op, ": b has ", me::detail::numel(b), " elements, the system has ", n, " unknowns"));
    return n;
}

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

template <>
struct formula_impl<formula::spectral> {
    static constexpr flops_t cost(const detail::solvers::spectral_stack& s) noexcept {
        return detail::solvers::times(s.count, detail::saturating_mul(detail::saturating_mul(detail::to_flops(s.rows), detail::to_flops(s.cols)),
                                                                      detail::to_flops(std::min(s.rows, s.cols))));
    }
};
// The reference's m*n*min(m,n) prices the factorisation and one right-hand side; each
// further column of b is reduced and solved against it (about 2mn: Q^T b and the
// back-substitution), which the reference left out: a (2, 2) a with a (2, 10^8) b cost 8.
template <>
struct formula_impl<formula::lstsq> {
    static constexpr flops_t cost(const detail::solvers::lstsq_problem& p) noexcept {
        const flops_t more = p.rhs > 1 ? detail::saturating_mul(detail::saturating_mul(flops_t{2}, detail::to_flops(p.matrix.rows)),
                                                                detail::saturating_mul(detail::to_flops(p.matrix.cols), detail::to_flops(p.rhs - 1)))
                                       : 0;
        return detail::saturating_add(formula_impl<formula::spectral>::cost(p.matrix), more);
    }
};

template <>
struct formula_impl<formula::matrix_power> {
    static constexpr flops_t cost(const detail::solvers::power_stack& s) noexcept {
        return detail::solvers::times(s.matrices.count, detail::solvers::power_count(s.matrices.n, s.k));
    }
};
template <>
struct formula_impl<formula::tensor_inverse> {
    static constexpr flops_t cost(std::size_t n) noexcept { return detail::at_least_one(detail::solvers::cube(n)); }
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

/// What `me::linalg::lstsq(a, b)` charges: m*n*min(m,n) for a (m, n), plus 2*m*n for each
/// column of b after the first, at least 1.
/// FLOPs: 0 (a query).
/// @throws me::LinAlgError for a not 2-D, b not 1-D or 2-D, or rows that differ.
inline flops_t lstsq_cost(const shape_t& a, const shape_t& b) {
    return formula_impl<formula::lstsq>::cost(detail::solvers::lstsq_of(a, b, "linalg.lstsq"));
}

/// What `me::linalg::pinv` charges: m*n*min(m,n) per matrix of a stack (..., m, n), at
/// least 1. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions.
inline flops_t pinv_cost(const shape_t& shape) {
    if (shape.size() < 2)
        throw LinAlgError(me::detail::cat("linalg.pinv: ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    return formula_impl<formula::spectral>::cost(detail::solvers::spectral_of(shape));
}

/// What `me::linalg::matrix_power(a, k)` charges: (floor(log2 |k|) + popcount(|k|) - 1) *
/// 2n^3 per matrix (the products of binary exponentiation), plus n^3 for the inverse when
/// k < 0; at least 1. matrix_power_cost({256, 256}, 3) = 67,108,864. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t matrix_power_cost(const shape_t& shape, long long k) {
    return formula_impl<formula::matrix_power>::cost({detail::solvers::square_of(shape, "linalg.matrix_power", false), k});
}

/// What `me::linalg::tensorinv(a, ind)` charges: n^3 for n = prod(a.shape[ind:]), at least 1.
/// FLOPs: 0 (a query).
/// @throws as tensorinv for a bad ind or shape.
inline flops_t tensorinv_cost(const shape_t& shape, int ind = 2) {
    return formula_impl<formula::tensor_inverse>::cost(detail::solvers::tensorinv_n(shape, ind, "linalg.tensorinv"));
}

/// What `me::linalg::tensorsolve(a, b)` charges: n^3 for n = prod(b.shape), at least 1
/// (`axes` moves axes of a and does not change the count). FLOPs: 0 (a query).
/// @throws as tensorsolve for shapes that do not fit.
inline flops_t tensorsolve_cost(const shape_t& a, const shape_t& b) {
    return formula_impl<formula::tensor_inverse>::cost(detail::solvers::tensorsolve_n(a, b, "linalg.tensorsolve"));
}

}  // namespace me::flops

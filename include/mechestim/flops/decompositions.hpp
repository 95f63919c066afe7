/// @file flops/decompositions.hpp
/// @brief What the decompositions of `me::linalg` cost (svd, svdvals, cholesky, qr, eig, eigvals, eigh, eigvalsh): shape math only.
///
/// The formulas are the reference's (Golub & Van Loan counts, its §1.8) per matrix; a stack
/// of matrices (leading batch axes, as NumPy accepts) costs the per-matrix formula times the
/// number of matrices. Divisions round down per matrix. All arithmetic saturates (an
/// adversarial shape raises BudgetExhaustedError, it never wraps), and every charge is at
/// least 1 (an empty matrix or stack costs 1).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

namespace detail {

/// A stack of `count` matrices of `rows` x `cols`: what every decomposition formula reads.
struct matrix_stack_dims {
    flops_t count = 1;
    std::size_t rows = 0;
    std::size_t cols = 0;
};

/// The stack a shape describes (its last two axes are the matrices), with NumPy's
/// LinAlgError texts for fewer than two dimensions and, when `square`, non-square matrices.
inline matrix_stack_dims stack_dims(const shape_t& shape, std::string_view op, bool square) {
    if (shape.size() < 2)
        throw LinAlgError(me::detail::cat(op, ": ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    matrix_stack_dims s;
    s.rows = shape[shape.size() - 2];
    s.cols = shape[shape.size() - 1];
    for (std::size_t i = 0; i + 2 < shape.size(); ++i) s.count = saturating_mul(s.count, to_flops(shape[i]));
    if (square && s.rows != s.cols) throw LinAlgError(me::detail::cat(op, ": Last 2 dimensions of the array must be square"));
    return s;
}

/// a * b * c * num / den, rounded down, saturating: the cube-type counts of the formulas
/// (a saturated product stays saturated rather than being divided).
constexpr flops_t scaled_product(std::size_t a, std::size_t b, std::size_t c, flops_t num = 1, flops_t den = 1) noexcept {
    const flops_t p = saturating_mul(saturating_mul(saturating_mul(to_flops(a), to_flops(b)), to_flops(c)), num);
    return p == me::detail::flops_max ? p : p / den;
}

/// The per-matrix count times the stack's size, at least 1.
constexpr flops_t stacked(flops_t count, flops_t per_matrix) noexcept {
    return at_least_one(saturating_mul(count, per_matrix));
}

/// `svd`'s k: min(m, n) by default, else 1 <= k <= min(m, n).
/// @throws me::ValueError for a k out of range.
constexpr std::size_t svd_rank(std::size_t m, std::size_t n, std::optional<std::size_t> k) {
    const std::size_t full = std::min(m, n);
    if (!k) return full;
    if (*k < 1 || *k > full)
        throw ValueError(me::detail::cat("linalg.svd: k must satisfy 1 <= k <= min(m, n) = ", full, ", got k = ", *k));
    return *k;
}

/// Householder QR of a p x q matrix with p >= q (Golub & Van Loan): 2pq^2 - 2q^3/3; a wide
/// matrix (m < n) is counted on its transpose's dimensions, so the count never goes negative.
constexpr flops_t qr_count(std::size_t m, std::size_t n) noexcept {
    const std::size_t p = std::max(m, n), q = std::min(m, n);
    const flops_t first = scaled_product(p, q, q, 2);
    if (first == me::detail::flops_max) return first;
    return first - scaled_product(q, q, q, 2, 3);
}

}  // namespace detail

// The formulas' evaluations, as the ops call them (`op_cost<Id>(stack)` or, for svd,
// `op_cost<Id>(stack, k)`; the op has checked the stack and k) and the queries below.
template <>
struct formula_impl<formula::svd> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s, std::size_t k) noexcept {
        return detail::stacked(s.count, detail::scaled_product(s.rows, s.cols, k));
    }
};
template <>
struct formula_impl<formula::svdvals> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s) noexcept {
        return detail::stacked(s.count, detail::scaled_product(s.rows, s.cols, std::min(s.rows, s.cols)));
    }
};
template <>
struct formula_impl<formula::cholesky> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s) noexcept {
        return detail::stacked(s.count, detail::scaled_product(s.rows, s.rows, s.rows, 1, 3));
    }
};
template <>
struct formula_impl<formula::qr> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s) noexcept {
        return detail::stacked(s.count, detail::qr_count(s.rows, s.cols));
    }
};
template <>
struct formula_impl<formula::eig> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s) noexcept {
        return detail::stacked(s.count, detail::scaled_product(s.rows, s.rows, s.rows, 10));
    }
};
template <>
struct formula_impl<formula::eigh> {
    static constexpr flops_t cost(const detail::matrix_stack_dims& s) noexcept {
        return detail::stacked(s.count, detail::scaled_product(s.rows, s.rows, s.rows, 4, 3));
    }
};


/// What `me::linalg::svd` charges for one m x n matrix with top-`k` (default min(m, n)):
/// m*n*k, at least 1. svd_cost(256, 256) = 16,777,216; svd_cost(100, 50, 5) = 25,000.
/// FLOPs: 0 (a query).
/// @throws me::ValueError unless 1 <= k <= min(m, n).
constexpr flops_t svd_cost(std::size_t m, std::size_t n, std::optional<std::size_t> k = {}) {
    return formula_impl<formula::svd>::cost({1, m, n}, detail::svd_rank(m, n, k));
}
/// The same for a stack of shape (..., m, n): m*n*k per matrix times the number of matrices.
/// FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions; me::ValueError for a k out of range.
inline flops_t svd_cost(const shape_t& shape, std::optional<std::size_t> k = {}) {
    const auto s = detail::stack_dims(shape, "linalg.svd", false);
    return formula_impl<formula::svd>::cost(s, detail::svd_rank(s.rows, s.cols, k));
}

/// What `me::linalg::svdvals` charges for one m x n matrix: m*n*min(m, n), at least 1.
/// FLOPs: 0 (a query).
constexpr flops_t svdvals_cost(std::size_t m, std::size_t n) noexcept { return formula_impl<formula::svdvals>::cost({1, m, n}); }
/// The same for a stack (..., m, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions.
inline flops_t svdvals_cost(const shape_t& shape) {
    return formula_impl<formula::svdvals>::cost(detail::stack_dims(shape, "linalg.svdvals", false));
}

/// What `me::linalg::cholesky` charges for one n x n matrix: floor(n^3/3), at least 1.
/// cholesky_cost(256) = 5,592,405. FLOPs: 0 (a query).
constexpr flops_t cholesky_cost(std::size_t n) noexcept { return formula_impl<formula::cholesky>::cost({1, n, n}); }
/// The same for a stack (..., n, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t cholesky_cost(const shape_t& shape) {
    return formula_impl<formula::cholesky>::cost(detail::stack_dims(shape, "linalg.cholesky", true));
}

/// What `me::linalg::qr` charges for one m x n matrix, whatever the mode:
/// 2mn^2 - floor(2n^3/3) for m >= n, and the same on the transpose's dimensions for m < n
/// (2nm^2 - floor(2m^3/3)), at least 1. qr_cost(256, 256) = 22,369,622. FLOPs: 0 (a query).
constexpr flops_t qr_cost(std::size_t m, std::size_t n) noexcept { return formula_impl<formula::qr>::cost({1, m, n}); }
/// The same for a stack (..., m, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions.
inline flops_t qr_cost(const shape_t& shape) {
    return formula_impl<formula::qr>::cost(detail::stack_dims(shape, "linalg.qr", false));
}

/// What `me::linalg::eig` charges for one n x n matrix: 10n^3, at least 1. FLOPs: 0 (a query).
constexpr flops_t eig_cost(std::size_t n) noexcept { return formula_impl<formula::eig>::cost({1, n, n}); }
/// The same for a stack (..., n, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t eig_cost(const shape_t& shape) {
    return formula_impl<formula::eig>::cost(detail::stack_dims(shape, "linalg.eig", true));
}
/// What `me::linalg::eigvals` charges: as eig, 10n^3 per matrix. FLOPs: 0 (a query).
constexpr flops_t eigvals_cost(std::size_t n) noexcept { return eig_cost(n); }
/// The same for a stack (..., n, n). FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t eigvals_cost(const shape_t& shape) {
    return formula_impl<formula::eig>::cost(detail::stack_dims(shape, "linalg.eigvals", true));
}

/// What `me::linalg::eigh` charges for one n x n matrix: floor(4n^3/3), at least 1.
/// eigh_cost(256) = 22,369,621. FLOPs: 0 (a query).
constexpr flops_t eigh_cost(std::size_t n) noexcept { return formula_impl<formula::eigh>::cost({1, n, n}); }
/// The same for a stack (..., n, n), times the number of matrices. FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t eigh_cost(const shape_t& shape) {
    return formula_impl<formula::eigh>::cost(detail::stack_dims(shape, "linalg.eigh", true));
}
/// What `me::linalg::eigvalsh` charges: as eigh, floor(4n^3/3) per matrix. FLOPs: 0 (a query).
constexpr flops_t eigvalsh_cost(std::size_t n) noexcept { return eigh_cost(n); }
/// The same for a stack (..., n, n). FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices.
inline flops_t eigvalsh_cost(const shape_t& shape) {
    return formula_impl<formula::eigh>::cost(detail::stack_dims(shape, "linalg.eigvalsh", true));
}

}  // namespace me::flops

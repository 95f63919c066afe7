/// @file flops/norms.hpp
/// @brief What the norms of `me::linalg` cost (norm, vector_norm, matrix_norm), and NumPy's
/// rules for their `ord` and `axis` arguments: shape math only.
///
/// NumPy 1.24's `norm` decides from `ord`, `axis` and the number of dimensions whether it
/// takes vector norms (one axis, or every element) or matrix norms (two axes); the plan
/// below records that decision, the axes reduced and the shape of the result, so that the
/// op and the cost query read the same thing. Costs (the reference's): one FLOP per input
/// element for counting, absolute sums and maxima (ord 0, ±1, ±inf), two for 2-norms,
/// Frobenius and general p, and the SVD count m*n*min(m,n) per matrix for ord ±2 and nuc.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"
#include "solve.hpp"

namespace me::linalg {

/// NumPy's `ord` of the norms: nothing (the default), a number (`2`, `-1`, `me::inf`,
/// `0.5`, ...) or one of the strings "fro" ("f") and "nuc". Any other string is kept and
/// refused by the op with NumPy's message, before anything is charged.
class norm_ord {
public:
    enum class kind { none, number, fro, nuc, invalid };

    constexpr norm_ord() noexcept = default;
    constexpr norm_ord(double p) noexcept : kind_(kind::number), p_(p) {}  // NOLINT: implicit, as NumPy's ord=2
    /// An int order (also keeps `ord = 0` from meaning a null string).
    constexpr norm_ord(int p) noexcept : norm_ord(static_cast<double>(p)) {}  // NOLINT
    norm_ord(std::string_view s)  // NOLINT: implicit, as NumPy's ord='fro'
        : kind_(s == "fro" || s == "f" ? kind::fro : s == "nuc" ? kind::nuc : kind::invalid), text_(s) {}
    norm_ord(const char* s) : norm_ord(std::string_view(s)) {}  // NOLINT
    norm_ord(const std::string& s) : norm_ord(std::string_view(s)) {}  // NOLINT

    constexpr kind what() const noexcept { return kind_; }
    constexpr double p() const noexcept { return p_; }
    constexpr bool is(double q) const noexcept { return kind_ == kind::number && p_ == q; }
    /// How NumPy prints it in its messages.
    std::string repr() const { return kind_ == kind::number ? me::detail::cat(p_) : text_; }

private:
    kind kind_ = kind::none;
    double p_ = 0;
    std::string text_;
};

/// Options of `me::linalg::norm` (NumPy's keywords): `ord`, `axis` (none: every element as
/// one vector when ord is none, else the whole 1-D or 2-D array; one axis: vector norms;
/// two axes: matrix norms) and `keepdims`.
struct norm_options {
    norm_ord ord{};
    axis_spec axis{};
    bool keepdims = false;
};

/// Options of `me::linalg::vector_norm` (NumPy 2's keywords): the axes taken as one vector
/// (none: every element), `keepdims`, and `ord` (default 2).
struct vector_norm_options {
    axis_spec axis{};
    bool keepdims = false;
    norm_ord ord = 2.0;
};

/// Options of `me::linalg::matrix_norm` (NumPy 2's keywords): `keepdims` and `ord`
/// (default "fro"), over the last two axes.
struct matrix_norm_options {
    bool keepdims = false;
    norm_ord ord = "fro";
};

}  // namespace me::linalg

namespace me::flops::detail::norms {

/// What a norm computes for each slice it reduces.
enum class reduce_kind {
    two,             ///< sqrt of the sum of |x|^2 (2-norm of vectors, Frobenius of matrices)
    one,             ///< sum of |x|
    max_abs,         ///< max |x| (vector ord inf)
    min_abs,         ///< min |x| (vector ord -inf)
    nonzero,         ///< count of nonzero elements (vector ord 0)
    power,           ///< (sum of |x|^p)^(1/p)
    max_col_sum,     ///< matrix ord 1: max over columns of the column sums of |x|
    min_col_sum,     ///< matrix ord -1
    max_row_sum,     ///< matrix ord inf
    min_row_sum,     ///< matrix ord -inf
    max_singular,    ///< matrix ord 2
    min_singular,    ///< matrix ord -2
    nuclear,         ///< matrix ord nuc: sum of singular values
};

/// A norm's plan: the axes reduced (in order: for a matrix norm the row axis then the
/// column axis), what is computed over them, the result's shape and the cost's inputs.
struct norm_plan {
    std::vector<std::size_t> axes;
    reduce_kind what = reduce_kind::two;
    double p = 2;
    bool matrix = false;
    shape_t out;
    flops_t numel = 1;        ///< elements of the input
    flops_t matrices = 1;     ///< matrix norms: how many matrices
    std::size_t rows = 1, cols = 1;
};

inline bool spectral(reduce_kind k) noexcept {
    return k == reduce_kind::max_singular || k == reduce_kind::min_singular || k == reduce_kind::nuclear;
}

/// The result's shape: the input's axes not reduced, or with keepdims every reduced axis as 1.
inline shape_t reduced_shape(const shape_t& shape, const std::vector<std::size_t>& axes, bool keepdims) {
    shape_t out;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        const bool gone = std::find(axes.begin(), axes.end(), d) != axes.end();
        if (!gone) out.push_back(shape[d]);
        else if (keepdims) out.push_back(1);
    }
    return out;
}

/// NumPy takes the maxima and minima with `max`/`min`, which refuse an empty reduction.
/// @throws me::ValueError "zero-size array to reduction operation maximum which has no identity".
inline norm_plan checked(norm_plan p, const shape_t& shape, std::string_view op) {
    using K = reduce_kind;
    std::size_t length = 1;  // the length of the axis the max/min runs along
    bool minimum = false;
    switch (p.what) {
        case K::max_abs: case K::min_abs:
            for (auto d : p.axes) length *= shape[d];
            minimum = p.what == K::min_abs;
            break;
        case K::max_col_sum: case K::min_col_sum: length = p.cols; minimum = p.what == K::min_col_sum; break;
        case K::max_row_sum: case K::min_row_sum: length = p.rows; minimum = p.what == K::min_row_sum; break;
        case K::max_singular: case K::min_singular:
            length = std::min(p.rows, p.cols);
            minimum = p.what == K::min_singular;
            break;
        default: break;
    }
    if (length == 0)
        throw ValueError(me::detail::cat(op, ": zero-size array to reduction operation ", minimum ? "minimum" : "maximum", " which has no identity"));
    return p;
}

/// Vector norms over `axes` (taken together as one vector): NumPy's choice for `ord`.
/// @throws me::ValueError "Invalid norm order 'fro' for vectors" for a string ord.
inline norm_plan vector_plan(const shape_t& shape, std::vector<std::size_t> axes, const linalg::norm_ord& ord,
                             bool keepdims, std::string_view op) {
    using K = linalg::norm_ord::kind;
    norm_plan p;
    p.numel = numel(shape);
    if (ord.what() == K::none || ord.is(2)) p.what = reduce_kind::two;
    else if (ord.what() != K::number)
        throw ValueError(me::detail::cat(op, ": Invalid norm order '", ord.repr(), "' for vectors"));
    else if (ord.is(std::numeric_limits<double>::infinity())) p.what = reduce_kind::max_abs;
    else if (ord.is(-std::numeric_limits<double>::infinity())) p.what = reduce_kind::min_abs;
    else if (ord.is(0)) p.what = reduce_kind::nonzero;
    else if (ord.is(1)) p.what = reduce_kind::one;
    else {
        p.what = reduce_kind::power;
        p.p = ord.p();
    }
    p.out = reduced_shape(shape, axes, keepdims);
    p.axes = std::move(axes);
    return checked(std::move(p), shape, op);
}

/// Matrix norms over (row axis, column axis).
/// @throws me::ValueError "Duplicate axes given." or "Invalid norm order for matrices.".
inline norm_plan matrix_plan(const shape_t& shape, std::size_t row, std::size_t col, const linalg::norm_ord& ord,
                             bool keepdims, std::string_view op) {
    using K = linalg::norm_ord::kind;
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (row == col) throw ValueError(me::detail::cat(op, ": Duplicate axes given."));
    norm_plan p;
    p.matrix = true;
    p.numel = numel(shape);
    p.rows = shape[row];
    p.cols = shape[col];
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != row && d != col) p.matrices = detail::saturating_mul(p.matrices, detail::to_flops(shape[d]));
    if (ord.what() == K::none || ord.what() == K::fro) p.what = reduce_kind::two;
    else if (ord.what() == K::nuc) p.what = reduce_kind::nuclear;
    else if (ord.is(2)) p.what = reduce_kind::max_singular;
    else if (ord.is(-2)) p.what = reduce_kind::min_singular;
    else if (ord.is(1)) p.what = reduce_kind::max_col_sum;
    else if (ord.is(-1)) p.what = reduce_kind::min_col_sum;
    else if (ord.is(inf)) p.what = reduce_kind::max_row_sum;
    else if (ord.is(-inf)) p.what = reduce_kind::min_row_sum;
    else throw ValueError(me::detail::cat(op, ": Invalid norm order for matrices."));
    p.axes = {row, col};
    p.out = reduced_shape(shape, p.axes, keepdims);
    return checked(std::move(p), shape, op);
}

inline std::vector<std::size_t> all_axes(std::size_t ndim) {
    std::vector<std::size_t> a(ndim);
    for (std::size_t d = 0; d < ndim; ++d) a[d] = d;
    return a;
}

/// NumPy 1.24's `norm(x, ord, axis, keepdims)`.
/// @throws me::ValueError "Improper number of dimensions to norm." (axis none with ord
///         given on more than 2 dimensions, or more than 2 axes), me::AxisError for an
///         axis out of range, and the messages of vector_plan and matrix_plan.
inline norm_plan norm_plan_of(const shape_t& shape, const linalg::norm_ord& ord, const axis_spec& axis, bool keepdims,
                              std::string_view op) {
    using K = linalg::norm_ord::kind;
    const std::size_t nd = shape.size();
    if (axis.is_all()) {
        // NumPy's fast path: every element as one vector (its 2-norm).
        if (ord.what() == K::none || (ord.what() == K::fro && nd == 2) || (ord.is(2) && nd == 1))
            return vector_plan(shape, all_axes(nd), linalg::norm_ord{}, keepdims, op);
        if (nd == 1) return vector_plan(shape, {0}, ord, keepdims, op);
        if (nd == 2) return matrix_plan(shape, 0, 1, ord, keepdims, op);
        throw ValueError(me::detail::cat(op, ": Improper number of dimensions to norm."));
    }
    const auto list = axis.list();
    if (list.size() == 1) return vector_plan(shape, {me::detail::normalize_axis(list[0], nd, op)}, ord, keepdims, op);
    if (list.size() == 2)
        return matrix_plan(shape, me::detail::normalize_axis(list[0], nd, op),
                           me::detail::normalize_axis(list[1], nd, op), ord, keepdims, op);
    throw ValueError(me::detail::cat(op, ": Improper number of dimensions to norm."));
}

/// NumPy 2's `vector_norm(x, axis, keepdims, ord)`: the axes given (or all) as one vector.
/// @throws me::AxisError for an axis out of range, me::ValueError for a repeated axis or a
///         string ord.
inline norm_plan vector_norm_plan_of(const shape_t& shape, const linalg::vector_norm_options& o, std::string_view op) {
    std::vector<std::size_t> axes;
    if (o.axis.is_all()) axes = all_axes(shape.size());
    else
        for (int a : o.axis.list()) {
            const std::size_t d = me::detail::normalize_axis(a, shape.size(), op);
            if (std::find(axes.begin(), axes.end(), d) != axes.end())
                throw ValueError(me::detail::cat(op, ": repeated axis"));
            axes.push_back(d);
        }
    return vector_plan(shape, std::move(axes), o.ord, o.keepdims, op);
}

/// NumPy 2's `matrix_norm(x, keepdims, ord)`: over the last two axes.
/// @throws me::LinAlgError for fewer than 2 dimensions; the messages of matrix_plan.
inline norm_plan matrix_norm_plan_of(const shape_t& shape, const linalg::matrix_norm_options& o, std::string_view op) {
    if (shape.size() < 2)
        throw LinAlgError(me::detail::cat(op, ": ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    return matrix_plan(shape, shape.size() - 2, shape.size() - 1, o.ord, o.keepdims, op);
}

}  // namespace me::flops::detail::norms

namespace me::flops {

template <>
struct formula_impl<formula::norm> {
    static flops_t cost(const detail::norms::norm_plan& p) noexcept {
        using detail::norms::reduce_kind;
        if (detail::norms::spectral(p.what)) {
            const flops_t per = detail::saturating_mul(detail::saturating_mul(detail::to_flops(p.rows), detail::to_flops(p.cols)),
                                               detail::to_flops(std::min(p.rows, p.cols)));
            return detail::at_least_one(detail::saturating_mul(p.matrices, per));
        }
        const bool two_per_element = p.what == reduce_kind::two || p.what == reduce_kind::power;
        return detail::at_least_one(two_per_element ? detail::saturating_mul(2, p.numel) : p.numel);
    }
};

/// What `me::linalg::norm(x, options)` charges: numel(x) for ord 0, ±1, ±inf; 2*numel(x)
/// for 2-norms, Frobenius and other p; m*n*min(m,n) per matrix for ord ±2 and "nuc"; at
/// least 1. norm_cost({256, 256}) = 131,072; with `.ord = 2`, 16,777,216. FLOPs: 0 (a query).
/// @throws as `me::linalg::norm` for bad ord/axis.
inline flops_t norm_cost(const shape_t& shape, const linalg::norm_options& o = {}) {
    return formula_impl<formula::norm>::cost(detail::norms::norm_plan_of(shape, o.ord, o.axis, o.keepdims, "linalg.norm"));
}

/// What `me::linalg::vector_norm(x, options)` charges: numel(x) for ord 0, ±1, ±inf, else
/// 2*numel(x); at least 1. FLOPs: 0 (a query).
/// @throws as `me::linalg::vector_norm` for bad ord/axis.
inline flops_t vector_norm_cost(const shape_t& shape, const linalg::vector_norm_options& o = {}) {
    return formula_impl<formula::norm>::cost(detail::norms::vector_norm_plan_of(shape, o, "linalg.vector_norm"));
}

/// What `me::linalg::matrix_norm(x, options)` charges: as norm over the last two axes
/// (2*numel for "fro", numel for ±1/±inf, m*n*min(m,n) per matrix for ±2 and "nuc").
/// FLOPs: 0 (a query).
/// @throws as `me::linalg::matrix_norm`.
inline flops_t matrix_norm_cost(const shape_t& shape, const linalg::matrix_norm_options& o = {}) {
    return formula_impl<formula::norm>::cost(detail::norms::matrix_norm_plan_of(shape, o, "linalg.matrix_norm"));
}

/// What `me::linalg::cond(x, p)` charges, whatever p: m*n*min(m,n) per matrix of a stack
/// (the reference's formula; for p other than none/±2 NumPy takes an inverse and two
/// norms, priced the same). FLOPs: 0 (a query).
/// @throws me::LinAlgError for fewer than 2 dimensions.
inline flops_t cond_cost(const shape_t& shape) {
    if (shape.size() < 2)
        throw LinAlgError(me::detail::cat("linalg.cond: ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    return formula_impl<formula::spectral>::cost(detail::solvers::spectral_of(shape));
}

/// What `me::linalg::matrix_rank(a)` charges: m*n*min(m,n) per matrix of a stack; a
/// vector of n elements counts as a 1 x n matrix (n), a scalar as 1 x 1. FLOPs: 0 (a query).
inline flops_t matrix_rank_cost(const shape_t& shape) {
    return formula_impl<formula::spectral>::cost(detail::solvers::spectral_of(shape));
}

}  // namespace me::flops

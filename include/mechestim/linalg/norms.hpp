/// @file linalg/norms.hpp
/// @brief Norms of `me::linalg`: norm (NumPy 1.24, every ord/axis/keepdims), vector_norm and
/// matrix_norm (NumPy 2's names).
///
/// One body serves all three: the plan (flops/norms.hpp) says which axes are reduced and
/// what is computed; the op charges the plan's cost, gathers the elements with the reduced
/// axes last (one copy, converted to the type NumPy computes in: ints in float64), and
/// reduces each slice. Spectral and nuclear norms take the singular values of each matrix
/// (gesdd without vectors, detail/lapack.hpp). Sums of float32 accumulate in double.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "../array.hpp"
#include "../budget.hpp"
#include "../contractions.hpp"
#include "../errors.hpp"
#include "../view.hpp"
#include "../detail/lapack.hpp"
#include "../detail/ufunc.hpp"
#include "../flops/norms.hpp"

namespace me::detail::norms {

namespace lp = me::detail::lapack;
using flops::detail::norms::norm_plan;
using flops::detail::norms::reduce_kind;

/// x's elements with `axes` last (in that order) and the other axes first (in theirs), as
/// one contiguous buffer of the compute type: each slice reduced is then contiguous.
template <class C, class T>
std::vector<C> gather(const array<T>& x, const std::vector<std::size_t>& axes) {
    const shape_t shape = x.shape();
    const std::size_t nd = shape.size();
    std::vector<std::size_t> order;
    for (std::size_t d = 0; d < nd; ++d)
        if (std::find(axes.begin(), axes.end(), d) == axes.end()) order.push_back(d);
    order.insert(order.end(), axes.begin(), axes.end());
    std::vector<std::size_t> stride(nd, 1);
    for (std::size_t d = nd; d-- > 1;) stride[d - 1] = stride[d] * shape[d];
    std::vector<C> out(x.size());
    if (out.empty()) return out;
    std::vector<std::size_t> index(nd, 0);
    std::size_t at = 0;
    const T* src = x.data();
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k] = static_cast<C>(src[at]);
        for (std::size_t j = nd; j-- > 0;) {  // the odometer over `order`, the last fastest
            const std::size_t d = order[j];
            at += stride[d];
            if (++index[d] < shape[d]) break;
            at -= stride[d] * shape[d];
            index[d] = 0;
        }
    }
    return out;
}

/// The type sums accumulate in: double for float32 (NumPy's pairwise sums are that close).
template <class R>
using accumulate_t = std::conditional_t<std::is_same_v<R, float>, double, R>;

/// The norm of one vector of `n` elements.
template <class C>
real_t<C> vector_value(const C* v, std::size_t n, const norm_plan& p) {
    using R = real_t<C>;
    using S = accumulate_t<R>;
    S acc = 0;
    switch (p.what) {
        case reduce_kind::two:
            for (std::size_t i = 0; i < n; ++i) acc += static_cast<S>(std::norm(v[i]));
            return static_cast<R>(std::sqrt(acc));
        case reduce_kind::one:
            for (std::size_t i = 0; i < n; ++i) acc += static_cast<S>(std::abs(v[i]));
            return static_cast<R>(acc);
        case reduce_kind::nonzero:
            for (std::size_t i = 0; i < n; ++i) acc += v[i] != C(0) ? 1 : 0;
            return static_cast<R>(acc);
        case reduce_kind::max_abs: case reduce_kind::min_abs: {
            R best = std::abs(v[0]);
            for (std::size_t i = 1; i < n; ++i) {
                const R a = std::abs(v[i]);
                // NaN propagates, as NumPy's max and min
                if (std::isnan(a) || (p.what == reduce_kind::max_abs ? a > best : a < best)) best = a;
                if (std::isnan(best)) break;
            }
            return best;
        }
        default:  // power
            for (std::size_t i = 0; i < n; ++i) acc += std::pow(static_cast<S>(std::abs(v[i])), static_cast<S>(p.p));
            return static_cast<R>(std::pow(acc, S(1) / static_cast<S>(p.p)));
    }
}

/// The extreme (max or min) of the sums of |x| along rows (`along_rows`: each column's
/// sum over its rows) of a rows x cols row-major matrix.
template <class C>
real_t<C> extreme_sum(const C* m, std::size_t rows, std::size_t cols, bool along_rows, bool maximum) {
    using R = real_t<C>;
    using S = accumulate_t<R>;
    const std::size_t lines = along_rows ? cols : rows, length = along_rows ? rows : cols;
    R best = 0;
    for (std::size_t l = 0; l < lines; ++l) {
        S acc = 0;
        for (std::size_t i = 0; i < length; ++i)
            acc += static_cast<S>(std::abs(along_rows ? m[i * cols + l] : m[l * cols + i]));
        const R v = static_cast<R>(acc);
        if (l == 0 || std::isnan(v) || (maximum ? v > best : v < best)) best = v;
        if (std::isnan(best)) break;
    }
    return best;
}

/// The norm of one rows x cols matrix (row-major).
/// @throws me::LinAlgError "SVD did not converge" when LAPACK does not converge.
template <class C>
real_t<C> matrix_value(const C* m, const norm_plan& p, std::vector<real_t<C>>& s, std::string_view op) {
    using R = real_t<C>;
    switch (p.what) {
        case reduce_kind::two: return vector_value(m, p.rows * p.cols, p);
        case reduce_kind::max_col_sum: return extreme_sum(m, p.rows, p.cols, true, true);
        case reduce_kind::min_col_sum: return extreme_sum(m, p.rows, p.cols, true, false);
        case reduce_kind::max_row_sum: return extreme_sum(m, p.rows, p.cols, false, true);
        case reduce_kind::min_row_sum: return extreme_sum(m, p.rows, p.cols, false, false);
        default: break;
    }
    const std::size_t k = std::min(p.rows, p.cols);
    // An infinite element: NumPy's SVD gives NaN there (gesdd is not asked, it may not return).
    if (!lp::all_finite(m, p.rows * p.cols)) return std::numeric_limits<R>::quiet_NaN();
    if (lp::singular_values<C>(m, p.rows, p.cols, s.data(), op) > 0)
        throw LinAlgError(cat(op, ": SVD did not converge"));
    if (p.what == reduce_kind::max_singular) return s[0];
    if (p.what == reduce_kind::min_singular) return s[k - 1];
    accumulate_t<R> acc = 0;
    for (std::size_t i = 0; i < k; ++i) acc += s[i];
    return static_cast<R>(acc);
}

/// True when x holds a NaN: NumPy's SVD then fails ("SVD did not converge"); refused here
/// before anything is charged.
template <class T>
bool has_nan(const array<T>& x) {
    if constexpr (std::is_floating_point_v<T> || is_complex_v<T>) {
        for (const T& v : x) {
            if constexpr (is_complex_v<T>) {
                if (std::isnan(v.real()) || std::isnan(v.imag())) return true;
            } else if (std::isnan(v)) {
                return true;
            }
        }
    }
    return false;
}

/// True when every element of `x` is finite (ints and bool always are).
template <class T>
bool finite(const array<T>& x) {
    if constexpr (std::is_floating_point_v<T> || is_complex_v<T>) return lp::all_finite(x.data(), x.size());
    else return true;
}

/// The body of norm, vector_norm and matrix_norm: checks, charges `Id` the plan's cost, computes.
template <op_id Id, class T>
array<real_t<lp::compute_t<T>>> run(const array<T>& x, const norm_plan& p) {
    using C = lp::compute_t<T>;
    using R = real_t<C>;
    const bool spectral = flops::detail::norms::spectral(p.what);
    if (spectral && has_nan(x)) throw LinAlgError(cat(op_name(Id), ": SVD did not converge"));
    if (spectral) (void)lp::matrices({p.rows, p.cols}, op_name(Id));  // LAPACK's 32-bit limits
    charge(Id, flops::op_cost<Id>(p), shape_details(x.xt().shape()));
    auto out = array<R>::uninitialized(p.out, op_name(Id));
    const std::vector<C> g = gather<C>(x, p.axes);
    const std::size_t slices = out.size(), length = slices == 0 ? 0 : g.size() / slices;
    std::vector<R> s(spectral ? std::min(p.rows, p.cols) : 0);
    R* o = out.data();
    for (std::size_t k = 0; k < slices; ++k) {
        const C* slice = g.data() + k * length;
        o[k] = p.matrix ? matrix_value(slice, p, s, op_name(Id)) : vector_value(slice, length, p);
    }
    return out;
}

}  // namespace me::detail::norms

namespace me::linalg {

/// NumPy 1.24's `linalg.norm(x, ord, axis, keepdims)`: `norm(x)`, `norm(x, {.ord = 2})`,
/// `norm(x, {.ord = "fro", .axis = {1, 2}, .keepdims = true})`, `norm(v, {.ord = me::inf})`.
/// With no axis: the 2-norm of every element (ord none), else the vector norm of a 1-D or
/// the matrix norm of a 2-D x. One axis: vector norms along it (ord none/2, 0, 1, ±inf, any
/// p); two axes: matrix norms over them (none/"fro", "nuc", ±1, ±2, ±inf). Real result
/// (float32 for float32 and complex64, float64 for ints).
/// FLOPs: `flops::norm_cost(x.shape(), options)`: numel for ord 0, ±1, ±inf; 2*numel for
/// 2-norms, Frobenius and other p; m*n*min(m,n) per matrix for ±2 and "nuc"; at least 1.
/// @throws me::ValueError for an ord that does not fit (NumPy's messages), too many axes
///         or dimensions, repeated axes, a max/min over an empty axis; me::AxisError for an
///         axis out of range; me::LinAlgError "SVD did not converge" for NaN with ord ±2 or
///         "nuc"; nothing charged.
template <detail::contract::number_array X, class T = detail::value_t<X>>
array<detail::real_t<detail::lapack::compute_t<T>>> norm(const X& x_in, const norm_options& options = {}) {
    constexpr auto id = detail::op_index("linalg.norm");
    const auto& x = detail::contiguous(x_in);
    const auto p = flops::detail::norms::norm_plan_of(x.shape(), options.ord, options.axis, options.keepdims,
                                                      "linalg.norm");
    return detail::norms::run<id>(x, p);
}

/// NumPy 2's `linalg.vector_norm(x, axis, keepdims, ord)`: the p-norm of the elements along
/// `axis` (one or several axes taken as one vector; none: every element), ord 2 by default
/// (0, ±1, ±inf, any p). Equal to NumPy 1.24's norm of the flattened or transposed-and-
/// reshaped x.
/// FLOPs: `flops::vector_norm_cost(x.shape(), options)`: numel for ord 0, ±1, ±inf, else
/// 2*numel; at least 1.
/// @throws me::ValueError for a string ord or a repeated axis, a max/min over no elements;
///         me::AxisError for an axis out of range; nothing charged.
template <detail::contract::number_array X, class T = detail::value_t<X>>
array<detail::real_t<detail::lapack::compute_t<T>>> vector_norm(const X& x_in, const vector_norm_options& options = {}) {
    constexpr auto id = detail::op_index("linalg.vector_norm");
    const auto& x = detail::contiguous(x_in);
    return detail::norms::run<id>(x, flops::detail::norms::vector_norm_plan_of(x.shape(), options, "linalg.vector_norm"));
}

/// NumPy 2's `linalg.matrix_norm(x, keepdims, ord)`: the matrix norm of each matrix over the
/// last two axes, ord "fro" by default ("nuc", ±1, ±2, ±inf).
/// FLOPs: `flops::matrix_norm_cost(x.shape(), options)`: 2*numel for "fro", numel for ±1
/// and ±inf, m*n*min(m,n) per matrix for ±2 and "nuc"; at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or NaN with ord ±2/"nuc";
///         me::ValueError for a bad ord or a max/min over an empty axis; nothing charged.
template <detail::contract::number_array X, class T = detail::value_t<X>>
array<detail::real_t<detail::lapack::compute_t<T>>> matrix_norm(const X& x_in, const matrix_norm_options& options = {}) {
    constexpr auto id = detail::op_index("linalg.matrix_norm");
    const auto& x = detail::contiguous(x_in);
    return detail::norms::run<id>(x, flops::detail::norms::matrix_norm_plan_of(x.shape(), options, "linalg.matrix_norm"));
}

/// Options of `me::linalg::matrix_rank`: singular values above `tol` count (unset: the
/// largest times max(m, n) times the machine epsilon, NumPy's default); `hermitian` is
/// accepted as NumPy's (the values are those of the SVD either way).
struct matrix_rank_options {
    std::optional<double> tol{};
    bool hermitian = false;
};

/// NumPy 1.24's `linalg.cond(x, p)`: the condition number of each matrix of a stack. p
/// none, 2 or -2: the ratio of the extreme singular values (any m x n); "fro", "nuc", ±1,
/// ±inf: norm(x, p) * norm(inv(x), p) (square matrices). A singular matrix gives inf, as
/// NumPy's (which turns its NaN into inf), and so does an inf element.
/// FLOPs: `flops::cond_cost(x.shape())`: m*n*min(m,n) per matrix, at least 1, whatever p.
/// @throws me::LinAlgError for fewer than 2 dimensions, an empty matrix ("cond is not
///         defined on empty arrays"), non-square matrices with p other than none/±2, or NaN
///         with p none/±2 ("SVD did not converge"); me::ValueError for a p that is not a
///         matrix norm; nothing charged.
template <detail::contract::number_array X, class T = detail::value_t<X>>
array<detail::real_t<detail::lapack::compute_t<T>>> cond(const X& x_in, const norm_ord& p = {}) {
    namespace lp = detail::lapack;
    using C = lp::compute_t<T>;
    using R = detail::real_t<C>;
    constexpr auto id = detail::op_index("linalg.cond");
    const auto& x = detail::contiguous(x_in);
    const auto st = lp::matrices(x.shape(), "linalg.cond");
    if (x.size() == 0) throw LinAlgError("linalg.cond: cond is not defined on empty arrays");
    const bool by_svd = p.what() == norm_ord::kind::none || p.is(2) || p.is(-2);
    flops::detail::norms::norm_plan plan;
    if (!by_svd) {
        (void)lp::square_matrices(x.shape(), "linalg.cond");
        plan = flops::detail::norms::matrix_plan({st.rows, st.cols}, 0, 1, p, false, "linalg.cond");
    } else if (detail::norms::has_nan(x)) {
        throw LinAlgError("linalg.cond: SVD did not converge");
    }
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::spectral_of(x.shape())), detail::shape_details(x.xt().shape()));
    auto out = array<R>::uninitialized(st.batch, "linalg.cond");
    const std::size_t m = st.rows, n = st.cols, k = std::min(m, n);
    std::vector<R> s(k);
    std::vector<C> a(m * n), inverse(m * n);
    std::vector<lp::index_t> ipiv(n);
    constexpr R inf = std::numeric_limits<R>::infinity();
    for (std::size_t b = 0; b < st.count; ++b) {
        const T* matrix = x.data() + b * m * n;
        std::transform(matrix, matrix + m * n, a.begin(), [](const T& v) { return static_cast<C>(v); });
        R r;
        if (by_svd) {
            if (!lp::all_finite(a.data(), a.size())) r = inf;  // NumPy: NaN from the SVD, made inf
            else if (lp::singular_values<C>(a.data(), m, n, s.data(), "linalg.cond") > 0)
                throw LinAlgError("linalg.cond: SVD did not converge");
            else r = p.is(-2) ? s[k - 1] / s[0] : s[0] / s[k - 1];
        } else {
            // inv(x) by gesv on the transpose (as inv): its norm is what NumPy takes.
            std::vector<C> lu(a);
            std::fill(inverse.begin(), inverse.end(), C(0));
            for (std::size_t i = 0; i < n; ++i) inverse[i * n + i] = C(1);
            const auto ni = static_cast<lp::index_t>(n);
            const lp::index_t info = cxxlapack::gesv<lp::index_t>(ni, ni, lu.data(), ni, ipiv.data(), inverse.data(), ni);
            lp::check_arguments(info, "gesv", "linalg.cond");
            r = info > 0 ? inf
                         : detail::norms::matrix_value(a.data(), plan, s, "linalg.cond") *
                               detail::norms::matrix_value(inverse.data(), plan, s, "linalg.cond");
        }
        if (std::isnan(r) && lp::all_finite(a.data(), a.size())) r = inf;  // 0/0 and the like: NumPy's inf
        out.data()[b] = r;
    }
    return out;
}

/// NumPy 1.24's `linalg.matrix_rank(a, tol, hermitian)`: the number of singular values of
/// each matrix of a stack above tol (default: the largest times max(m, n) times eps),
/// shape (...) of int64. Fewer than 2 dimensions: 1 unless every element is 0, as NumPy.
/// FLOPs: `flops::matrix_rank_cost(a.shape())`: m*n*min(m,n) per matrix (a vector of n
/// elements counts n), at least 1.
/// @throws me::LinAlgError "SVD did not converge" for a NaN or inf (NumPy's SVD fails on
///         NaN); me::ValueError for an empty matrix without tol (NumPy's max of no values);
///         nothing charged.
template <detail::contract::number_array X, class T = detail::value_t<X>>
array<std::int64_t> matrix_rank(const X& a_in, const matrix_rank_options& options = {}) {
    namespace lp = detail::lapack;
    using C = lp::compute_t<T>;
    using R = detail::real_t<C>;
    constexpr auto id = detail::op_index("linalg.matrix_rank");
    const auto& a = detail::contiguous(a_in);
    const shape_t shape = a.shape();
    if (shape.size() < 2) {
        detail::charge(id, flops::op_cost<id>(flops::detail::solvers::spectral_of(shape)), detail::shape_details(a.xt().shape()));
        array<std::int64_t> r(std::int64_t{std::any_of(a.begin(), a.end(), [](const T& v) { return v != T(0); })});
        return r;
    }
    const auto st = lp::matrices(shape, "linalg.matrix_rank");
    const std::size_t m = st.rows, n = st.cols, k = std::min(m, n);
    if (k == 0 && !options.tol && st.count > 0)
        throw ValueError("linalg.matrix_rank: zero-size array to reduction operation maximum which has no identity");
    if (!detail::norms::finite(a)) throw LinAlgError("linalg.matrix_rank: SVD did not converge (the input holds NaN or inf)");
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::spectral_of(shape)), detail::shape_details(a.xt().shape()));
    auto out = array<std::int64_t>::uninitialized(st.batch, "linalg.matrix_rank");
    std::vector<R> s(k);
    for (std::size_t b = 0; b < st.count; ++b) {
        std::int64_t rank = 0;
        if (k > 0) {
            if (lp::singular_values<C>(a.data() + b * m * n, m, n, s.data(), "linalg.matrix_rank") > 0)
                throw LinAlgError("linalg.matrix_rank: SVD did not converge");
            const R tol = options.tol ? static_cast<R>(*options.tol)
                                      : s[0] * static_cast<R>(std::max(m, n)) * std::numeric_limits<R>::epsilon();
            for (std::size_t i = 0; i < k; ++i) rank += s[i] > tol ? 1 : 0;
        }
        out.data()[b] = rank;
    }
    return out;
}

}  // namespace me::linalg

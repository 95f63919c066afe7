/// @file statistics.hpp
/// @brief Statistics and comparisons (clip, cov, corrcoef, allclose, array_equal,
/// array_equiv), the counted creation ops (geomspace, logspace, vander), and the free
/// byte- and memory-level names (frombuffer, packbits, unpackbits, may_share_memory,
/// shares_memory, require).
///
/// The counted ops validate every argument, charge the formula their registry row names
/// (flops/statistics.hpp), and only then allocate and compute. Results follow NumPy 1.24:
/// cov and corrcoef compute in float64 (complex128 for complex input), vander in the
/// promotion of x's type with int64, the comparisons return `bool`. See docs/statistics.md.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "creation.hpp"
#include "errors.hpp"
#include "flops/statistics.hpp"
#include "manipulation.hpp"
#include "view.hpp"
#include "detail/blas.hpp"
#include "detail/pairwise_sum.hpp"
#include "detail/ufunc.hpp"

namespace me {

namespace detail::stats {

/// The shape an operand contributes to a broadcast: an array's, `()` for a scalar or an
/// absent bound.
template <class X>
shape_t shape_of(const X& x) {
    if constexpr (array_like<X>) return x.shape();
    else return {};
}

/// The element type an operand brings to NumPy's promotion with an array of `A`.
template <class A, class X>
auto promoted_with() {
    if constexpr (std::is_same_v<X, none_t>) return A{};
    else if constexpr (array_like<X>) return promote_t<A, value_t<X>>{};
    else return promote_scalar_t<A, X>{};
}
template <class A, class X>
using promoted_with_t = decltype(promoted_with<A, X>());

/// Reads operand x broadcast to `out` by flat index, converted to R: a scalar as itself,
/// an array through a broadcast copy.
template <class R, class X>
auto flat_reader(const X& x, const shape_t& out) {
    if constexpr (array_like<X>) {
        return [b = broadcast_array(x, out)](std::size_t i) { return element_cast<R>(b.data()[i]); };
    } else {
        return [v = element_cast<R>(x)](std::size_t) { return v; };
    }
}

template <class T>
bool is_nan(const T& v) {
    if constexpr (is_complex_v<T>) return std::isnan(v.real()) || std::isnan(v.imag());
    else if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
    else return false;
}

/// NumPy's order for clip: the usual one, lexicographic (real part, then imaginary) for
/// complex numbers.
template <class T>
bool greater(const T& x, const T& y) {
    if constexpr (is_complex_v<T>) return x.real() > y.real() || (x.real() == y.real() && x.imag() > y.imag());
    else return x > y;
}

/// A C++ scalar that is NaN (arrays and `me::none` are not).
template <class X>
bool scalar_nan(const X& x) {
    if constexpr (is_scalar_v<X>) return is_nan(x);
    else return false;
}

/// What the comparisons take on either side: an array, a view or a C++ scalar.
template <class X>
concept operand = array_like<X> || is_scalar_v<X>;

/// Every element index of `out` satisfies pred(i); the first false stops the walk.
template <class P>
bool all_of_elements(std::size_t n, P&& pred) {
    for (std::size_t i = 0; i < n; ++i)
        if (!pred(i)) return false;
    return true;
}

}  // namespace detail::stats

// ---------------------------------------------------------------------------------------
// clip

/// NumPy's `clip(a, a_min, a_max)`: every element limited to [a_min, a_max], as
/// `minimum(maximum(a, a_min), a_max)` (so a_max wins where a_min > a_max). Either bound may
/// be a scalar, an array (broadcast against a) or `me::none`, not both. A NaN in a, or in
/// an array bound, gives NaN; a scalar NaN bound is no bound, as NumPy 1.24 reads it. The
/// result type is NumPy's promotion of a's type with the bounds' (a C++ scalar bound is
/// weak: a float32 array clipped by 0.5 stays float32). a may be a scalar (a 0-d result). Complex numbers are ordered as NumPy orders them,
/// lexicographically (real part, then imaginary part).
/// FLOPs: `flops::clip_cost(a.shape(), shape(a_min), shape(a_max))`: numel of the broadcast
/// output (larger than a when a bound array is), at least 1.
/// @throws me::ValueError "One of max or min must be given" when both are none,
///         me::ShapeError when the shapes do not broadcast; nothing charged.
template <class A, class Lo, class Hi,
          class R = detail::stats::promoted_with_t<detail::stats::promoted_with_t<detail::value_t<A>, Lo>, Hi>>
    requires(array_like<A> || detail::is_scalar_v<A>)
array<R> clip(const A& a, const Lo& a_min, const Hi& a_max) {
    constexpr auto id = detail::op_index("clip");
    constexpr bool has_lo = !std::is_same_v<Lo, none_t>, has_hi = !std::is_same_v<Hi, none_t>;
    if constexpr (!has_lo && !has_hi) {
        throw ValueError("clip: One of max or min must be given");
    } else {
        const shape_t lo_shape = detail::stats::shape_of(a_min), hi_shape = detail::stats::shape_of(a_max);
        const shape_t out_shape =
            detail::broadcast_shapes(detail::broadcast_shapes(detail::stats::shape_of(a), lo_shape, "clip"), hi_shape, "clip");
        (void)detail::checked_size(out_shape, sizeof(R), "clip");
        const auto a_shape = detail::stats::shape_of(a);
        detail::charge(id, flops::op_cost<id>(out_shape), detail::shape_details(a_shape, lo_shape, hi_shape));
        auto out = array<R>::uninitialized(out_shape, "clip");
        R* o = out.data();
        auto lo = [&] {
            if constexpr (has_lo) return detail::stats::flat_reader<R>(a_min, out_shape);
            else return [](std::size_t) { return R{}; };
        }();
        auto hi = [&] {
            if constexpr (has_hi) return detail::stats::flat_reader<R>(a_max, out_shape);
            else return [](std::size_t) { return R{}; };
        }();
        // NumPy 1.24 reads a scalar NaN bound as no bound (its deprecated "nan means no
        // clipping"); a NaN inside an array bound propagates.
        const bool use_lo = has_lo && !detail::stats::scalar_nan(a_min), use_hi = has_hi && !detail::stats::scalar_nan(a_max);
        auto run = [&](auto x) {
            for (std::size_t i = 0; i < out.size(); ++i) {
                R v = x(i);
                // NumPy's _NPY_MAX/_NPY_MIN: a NaN value stays, a NaN bound wins the comparison.
                if (use_lo) {
                    const R l = lo(i);
                    if (!detail::stats::is_nan(v) && !detail::stats::greater(v, l)) v = l;
                }
                if (use_hi) {
                    const R h = hi(i);
                    if (!detail::stats::is_nan(v) && !detail::stats::greater(h, v)) v = h;
                }
                o[i] = v;
            }
        };
        // An array of the result's type and shape is read in place, not copied first.
        if constexpr (std::is_same_v<A, array<R>>) {
            if (a_shape == out_shape) {
                run([p = a.data()](std::size_t i) { return p[i]; });
                return out;
            }
        }
        run(detail::stats::flat_reader<R>(a, out_shape));
        return out;
    }
}

// ---------------------------------------------------------------------------------------
// Comparisons

/// Options of `me::allclose` (NumPy's keywords).
struct allclose_options {
    double rtol = 1e-5;
    double atol = 1e-8;
    bool equal_nan = false;
};

/// Options of `me::array_equal` (NumPy's keyword).
struct array_equal_options {
    bool equal_nan = false;
};

namespace detail::stats {

/// NumPy's isclose of one pair: |x - y| <= atol + rtol * |y| for finite values, equality
/// for infinities, NaN equal to NaN only with equal_nan.
template <class C>
bool close_pair(const C& x, const C& y, const allclose_options& o) {
    using Real = real_t<C>;
    const auto finite = [](const C& v) {
        if constexpr (is_complex_v<C>) return std::isfinite(v.real()) && std::isfinite(v.imag());
        else return std::isfinite(v);
    };
    if (finite(x) && finite(y))
        return std::abs(x - y) <= static_cast<Real>(o.atol) + static_cast<Real>(o.rtol) * std::abs(y);
    if (o.equal_nan && is_nan(x) && is_nan(y)) return true;
    return x == y;
}

}  // namespace detail::stats

/// NumPy's `allclose(a, b, rtol, atol, equal_nan)`: whether every element of a is close to
/// the matching element of b (broadcast): |a - b| <= atol + rtol * |b| elementwise,
/// infinities equal only to themselves, NaN equal to NaN only with `.equal_nan`. Computed in
/// NumPy's type: b's float type promoted with a's (float32 stays float32).
/// FLOPs: `flops::allclose_cost(a.shape(), b.shape())`: max(numel(a), numel of the
/// broadcast), at least 1 (a scalar a against a large b pays for b).
/// @throws me::ShapeError when the shapes do not broadcast; nothing charged.
template <class A, class B, class C = detail::promote_t<detail::value_t<A>, detail::float_result_t<detail::value_t<B>>>>
    requires(detail::stats::operand<A> && detail::stats::operand<B>)
bool allclose(const A& a, const B& b, const allclose_options& options = {}) {
    constexpr auto id = detail::op_index("allclose");
    const shape_t sa = detail::stats::shape_of(a), sb = detail::stats::shape_of(b);
    const shape_t out = detail::broadcast_shapes(sa, sb, "allclose");
    (void)detail::checked_size(out, sizeof(C), "allclose");  // the broadcast copies below
    detail::charge(id, flops::op_cost<id>(flops::detail::numel(sa), flops::detail::numel(out)), detail::shape_details(sa, sb));
    const auto x = detail::stats::flat_reader<C>(a, out);
    const auto y = detail::stats::flat_reader<C>(b, out);
    return detail::stats::all_of_elements(static_cast<std::size_t>(flops::detail::numel(out)),
                                          [&](std::size_t i) { return detail::stats::close_pair(x(i), y(i), options); });
}

/// NumPy's `array_equal(a1, a2, equal_nan)`: the same shape and equal elements (compared in
/// the promoted type); with `.equal_nan`, NaN in the same places counts as equal.
/// FLOPs: `flops::array_equal_cost(a1.shape(), a2.shape())`: numel(a1), at least 1.
template <class A1, class A2>
    requires(detail::stats::operand<A1> && detail::stats::operand<A2>)
bool array_equal(const A1& a1, const A2& a2, const array_equal_options& options = {}) {
    using C = detail::promote_t<detail::value_t<A1>, detail::value_t<A2>>;
    constexpr auto id = detail::op_index("array_equal");
    const shape_t s1 = detail::stats::shape_of(a1), s2 = detail::stats::shape_of(a2);
    const bool same = s1 == s2;
    detail::charge(id, flops::op_cost<id>(flops::detail::numel(s1), same ? flops::detail::numel(s2) : 0),
                   detail::shape_details(s1, s2));
    if (!same) return false;
    const auto x = detail::stats::flat_reader<C>(a1, s1);
    const auto y = detail::stats::flat_reader<C>(a2, s1);
    const auto n = static_cast<std::size_t>(flops::detail::numel(s1));
    return detail::stats::all_of_elements(n, [&](std::size_t i) {
        const C u = x(i), v = y(i);
        if (options.equal_nan && (detail::stats::is_nan(u) || detail::stats::is_nan(v)))
            return detail::stats::is_nan(u) && detail::stats::is_nan(v);
        return u == v;
    });
}

/// NumPy's `array_equiv(a1, a2)`: shapes that broadcast together, and equal elements once
/// broadcast (shapes that do not broadcast give false, not an error).
/// FLOPs: `flops::array_equiv_cost(a1.shape(), a2.shape())`: max(numel(a1), numel of the
/// broadcast), at least 1.
template <class A1, class A2>
    requires(detail::stats::operand<A1> && detail::stats::operand<A2>)
bool array_equiv(const A1& a1, const A2& a2) {
    using C = detail::promote_t<detail::value_t<A1>, detail::value_t<A2>>;
    constexpr auto id = detail::op_index("array_equiv");
    const shape_t s1 = detail::stats::shape_of(a1), s2 = detail::stats::shape_of(a2);
    std::optional<shape_t> out;
    try {
        out = detail::broadcast_shapes(s1, s2, "array_equiv");
    } catch (const ShapeError&) {
        out.reset();
    }
    if (out) (void)detail::checked_size(*out, sizeof(C), "array_equiv");  // the broadcast copies below
    detail::charge(id, flops::op_cost<id>(flops::detail::numel(s1), out ? flops::detail::numel(*out) : 0),
                   detail::shape_details(s1, s2));
    if (!out) return false;
    const auto x = detail::stats::flat_reader<C>(a1, *out);
    const auto y = detail::stats::flat_reader<C>(a2, *out);
    return detail::stats::all_of_elements(static_cast<std::size_t>(flops::detail::numel(*out)),
                                          [&](std::size_t i) { return x(i) == y(i); });
}

// ---------------------------------------------------------------------------------------
// cov, corrcoef

namespace detail::stats {

/// An array argument of cov/corrcoef (y, fweights, aweights) of any element type, held in
/// the type NumPy computes in: float64, or complex128 for complex input.
class data_input {
public:
    template <array_like A>
    data_input(const A& a) {  // NOLINT: implicit, as `.y = b` should read
        const auto& c = contiguous(a);
        if constexpr (is_complex_v<value_t<A>>) data_ = c.template astype<std::complex<double>>();
        else data_ = c.template astype<double>();
    }
    bool is_complex() const noexcept { return data_.index() == 1; }
    shape_t shape() const {
        return std::visit([](const auto& x) { return x.shape(); }, data_);
    }
    /// f(pointer to the elements) (float64 or complex128).
    template <class F>
    decltype(auto) with_data(F&& f) const {
        return std::visit([&](const auto& x) -> decltype(auto) { return f(x.data()); }, data_);
    }
    /// The elements as C (a complex value read as real keeps its real part, as NumPy's cast).
    template <class C>
    std::vector<C> values() const {
        return with_data([&](const auto* p) {
            std::vector<C> out(static_cast<std::size_t>(flops::detail::numel(shape())));
            std::transform(p, p + out.size(), out.begin(), [](const auto& v) { return element_cast<C>(v); });
            return out;
        });
    }

private:
    std::variant<array<double>, array<std::complex<double>>> data_;
};

}  // namespace detail::stats

/// Options of `me::cov` (NumPy's keywords): a second set of variables `y`, `rowvar` (each
/// row a variable; false: each column), `bias` (normalise by N instead of N - 1), `ddof`
/// (overrides bias), frequency weights (integers) and analytic weights, one per observation.
struct cov_options {
    std::optional<detail::stats::data_input> y{};
    bool rowvar = true;
    bool bias = false;
    std::optional<long long> ddof{};
    std::optional<detail::stats::data_input> fweights{};
    std::optional<detail::stats::data_input> aweights{};
};

/// Options of `me::corrcoef` (NumPy's keywords).
struct corrcoef_options {
    std::optional<detail::stats::data_input> y{};
    bool rowvar = true;
};

namespace detail::stats {

/// How one operand of cov (at most 2-D; 0-d and 1-D are one variable) becomes rows of
/// the variables-by-observations matrix.
struct variable_block {
    std::size_t rows = 1, cols = 1;
    bool transpose = false;
};

inline variable_block block_of(const shape_t& s, bool rowvar, const char* what) {
    if (s.size() > 2) throw ValueError(fmt::format("cov: {} has more than 2 dimensions", what));
    variable_block b{s.size() == 2 ? s[0] : 1, s.size() == 2 ? s[1] : s.size() == 1 ? s[0] : 1, false};
    b.transpose = !rowvar && b.rows != 1;
    if (b.transpose) std::swap(b.rows, b.cols);
    return b;
}

/// Writes the rows of block b, read from `vals` (row-major in the operand's shape), at
/// `out`; returns the end.
template <class C, class P>
C* write_rows(C* out, const P* vals, const variable_block& b) {
    for (std::size_t r = 0; r < b.rows; ++r)
        for (std::size_t c = 0; c < b.cols; ++c)
            *out++ = element_cast<C>(b.transpose ? vals[c * b.rows + r] : vals[r * b.cols + c]);
    return out;
}

/// cov's problem as NumPy 1.24 sets it up, from the shapes and the weights only (the
/// observations are read after the charge): n variables over m observations, the weights
/// and the normalisation `fact`.
struct cov_problem {
    variable_block mb, yb;
    bool has_y = false;
    std::vector<double> w;  ///< empty: unweighted
    std::size_t n = 0, m = 0;
    double w_sum = 0, fact = 0;
    bool early_empty = false;  ///< NumPy's (0, 0) result for no variables
};

/// One weight vector checked as NumPy checks it.
inline std::vector<double> checked_weights(const data_input& in, std::size_t m, bool frequency) {
    const char* name = frequency ? "fweights" : "aweights";
    const auto w = in.values<double>();
    if (frequency && !std::all_of(w.begin(), w.end(), [](double v) { return v == std::nearbyint(v); }))
        throw ValueError("cov: fweights must be integer");
    const shape_t s = in.shape();
    if (s.size() > 1) throw ValueError(fmt::format("cov: cannot handle multidimensional {}", name));
    if (s.size() != 1 || s[0] != m) throw ValueError(fmt::format("cov: incompatible numbers of samples and {}", name));
    if (std::any_of(w.begin(), w.end(), [](double v) { return v < 0; }))
        throw ValueError(fmt::format("cov: {} cannot be negative", name));
    return w;
}

/// NumPy 1.24's cov up to the product: shapes, weights and the normalisation `fact`.
/// @throws me::ValueError with NumPy's messages; nothing is read but shapes and weights.
inline cov_problem cov_prepare(const shape_t& m_shape, const std::optional<data_input>& y, bool rowvar, long long ddof,
                               const std::optional<data_input>& fweights, const std::optional<data_input>& aweights,
                               std::size_t item) {
    cov_problem p;
    if (m_shape.size() > 2) throw ValueError("cov: m has more than 2 dimensions");
    if (y && y->shape().size() > 2) throw ValueError("cov: y has more than 2 dimensions");
    p.mb = block_of(m_shape, rowvar, "m");
    p.n = p.mb.rows;
    p.m = p.mb.cols;
    if (p.n == 0) {
        p.early_empty = true;
        return p;
    }
    if (y) {
        p.has_y = true;
        p.yb = block_of(y->shape(), rowvar, "y");
        if (p.yb.cols != p.m)
            throw ValueError(fmt::format("cov: all the input array dimensions except for the concatenation axis must "
                                         "match exactly, but along dimension 1, the array at index 0 has size {} and "
                                         "the array at index 1 has size {}", p.m, p.yb.cols));
        p.n += p.yb.rows;
    }
    std::vector<double> a;
    if (fweights) p.w = checked_weights(*fweights, p.m, true);
    if (aweights) {
        a = checked_weights(*aweights, p.m, false);
        if (p.w.empty()) p.w = a;
        else
            for (std::size_t i = 0; i < p.m; ++i) p.w[i] *= a[i];
    }
    if (p.w.empty()) {
        p.w_sum = static_cast<double>(p.m);
        p.fact = static_cast<double>(p.m) - static_cast<double>(ddof);
    } else {
        p.w_sum = pairwise_sum<double>(p.w.data(), p.w.size());
        if (p.w_sum == 0.0) throw ValueError("cov: Weights sum to zero, can't be normalized");
        if (ddof == 0) p.fact = p.w_sum;
        else if (a.empty()) p.fact = p.w_sum - static_cast<double>(ddof);
        else {
            double wa = 0;
            for (std::size_t i = 0; i < p.m; ++i) wa += p.w[i] * a[i];
            p.fact = p.w_sum - static_cast<double>(ddof) * wa / p.w_sum;
        }
    }
    if (!(p.fact > 0)) p.fact = 0.0;  // NumPy warns "Degrees of freedom <= 0" and divides by 0
    if (!blas::fits(p.n) || !blas::fits(p.m)) throw ValueError("cov: array is too big for BLAS's integer type");
    (void)checked_size(shape_t{p.n, p.n}, item, "cov");
    (void)checked_size(shape_t{p.n, p.m}, item, "cov");
    return p;
}

/// The n x n covariance of a prepared problem: centre each row on its (weighted) mean,
/// then one BLAS product X * conj(X w)^T, scaled by 1 / fact.
template <class C, class M>
array<C> cov_finish(const cov_problem& p, const M& m_in, const std::optional<data_input>& y) {
    if (p.early_empty) return array<C>::uninitialized(shape_t{0, 0}, "cov");
    const std::size_t n = p.n, m = p.m;
    // me::arrays as scratch: an allocation that fails is "array is too big", never bad_alloc.
    auto x = array<C>::uninitialized(shape_t{n, m}, "cov");
    auto xw = array<C>::uninitialized(shape_t{n, m}, "cov");
    C* rest = write_rows(x.data(), contiguous(m_in).data(), p.mb);
    if (p.has_y) y->with_data([&](const auto* vals) { write_rows(rest, vals, p.yb); });
    for (std::size_t r = 0; r < n; ++r) {
        C* row = x.data() + r * m;
        C mean;
        if (p.w.empty()) {
            mean = pairwise_sum<C>(row, m) / static_cast<double>(m);
        } else {
            for (std::size_t k = 0; k < m; ++k) xw.data()[r * m + k] = row[k] * p.w[k];
            mean = pairwise_sum<C>(xw.data() + r * m, m) / p.w_sum;
        }
        for (std::size_t k = 0; k < m; ++k) {
            row[k] -= mean;
            const C v = p.w.empty() ? row[k] : row[k] * p.w[k];
            if constexpr (is_complex_v<C>) xw.data()[r * m + k] = std::conj(v);
            else xw.data()[r * m + k] = v;
        }
    }
    auto out = array<C>::uninitialized(shape_t{n, n}, "cov");
    const auto bn = static_cast<blas::index_t>(n), bm = static_cast<blas::index_t>(m);
    const blas::index_t ld = std::max<blas::index_t>(bm, 1);
    if (m == 0) std::fill(out.begin(), out.end(), C(0));
    else blas::gemm<C>(false, true, bn, bn, bm, x.data(), ld, xw.data(), ld, out.data(), bn);
    const double scale = 1.0 / p.fact;  // inf when fact is 0, as NumPy's true_divide(1, 0)
    for (auto& v : out) v *= scale;
    return out;
}

/// NumPy's `squeeze` of cov's n x n result: one variable gives a 0-d array.
template <class C>
array<C> squeezed(array<C> c) {
    if (c.ndim() == 2 && c.shape()[0] == 1) return array<C>(c.data()[0]);
    return c;
}

template <class M>
using cov_t = std::conditional_t<is_complex_v<value_t<M>>, std::complex<double>, double>;

}  // namespace detail::stats

/// NumPy 1.24's `cov(m, y, rowvar, bias, ddof, fweights, aweights)`: the covariance matrix
/// of the variables in m (each row a variable, each column an observation; `.rowvar =
/// false` swaps them; a 1-D m is one variable) and y, n x n, or 0-d for one variable.
/// Weights: `.fweights` integer repeat counts, `.aweights` relative importances, one per
/// observation. No variables give a (0, 0) array; too few degrees of freedom divide by 0
/// (inf or NaN), as NumPy after its warning. The result is float64, or complex128 for a
/// complex m (the C++ type follows m: a real m with a complex y is refused).
/// FLOPs: `flops::cov_cost(n, m, weighted)`: n^2*m + 2*n*m + n^2, plus 2*n*m + 2*m with
/// weights, at least 1 (n variables, m observations).
/// @throws me::ValueError for more than 2 dimensions, mismatched observation counts,
///         weights that are not integers (fweights), multidimensional, of the wrong length
///         or negative, weights summing to zero, or a real m with a complex y; nothing charged.
template <array_like M, class C = detail::stats::cov_t<M>>
array<C> cov(const M& m, const cov_options& options = {}) {
    constexpr auto id = detail::op_index("cov");
    if constexpr (!detail::is_complex_v<C>)
        if (options.y && options.y->is_complex())
            throw ValueError("cov: a complex y needs a complex m in C++ (the result type follows m)");
    const long long ddof = options.ddof.value_or(options.bias ? 0 : 1);
    const auto p = detail::stats::cov_prepare(m.shape(), options.y, options.rowvar, ddof, options.fweights,
                                              options.aweights, sizeof(C));
    detail::charge(id, flops::op_cost<id>(p.n, p.m, !p.early_empty && !p.w.empty()), detail::shape_details(m.shape()));
    auto c = detail::stats::cov_finish<C>(p, m, options.y);
    return p.early_empty ? c : detail::stats::squeezed(std::move(c));
}

/// NumPy 1.24's `corrcoef(x, y, rowvar)`: the Pearson correlation coefficients, cov(x, y)
/// divided by the outer product of the standard deviations, clipped to [-1, 1] (real and
/// imaginary parts separately for complex input). One variable gives the 0-d c / c (1, or
/// NaN for a constant variable).
/// FLOPs: `flops::corrcoef_cost(n, m)`: cov_cost(n, m) + 3*n^2 + n, at least 1.
/// @throws as `me::cov`; nothing charged.
template <array_like X, class C = detail::stats::cov_t<X>>
array<C> corrcoef(const X& x, const corrcoef_options& options = {}) {
    constexpr auto id = detail::op_index("corrcoef");
    if constexpr (!detail::is_complex_v<C>)
        if (options.y && options.y->is_complex())
            throw ValueError("corrcoef: a complex y needs a complex x in C++ (the result type follows x)");
    const auto p = detail::stats::cov_prepare(x.shape(), options.y, options.rowvar, 1, std::nullopt, std::nullopt, sizeof(C));
    detail::charge(id, flops::op_cost<id>(p.n, p.m), detail::shape_details(x.shape()));
    auto c = detail::stats::cov_finish<C>(p, x, options.y);
    const std::size_t n = p.n;
    if (!p.early_empty && n == 1) return array<C>(c.data()[0] / c.data()[0]);
    std::vector<double> sd(n);
    for (std::size_t i = 0; i < n; ++i) sd[i] = std::sqrt(std::real(c.data()[i * n + i]));
    const auto limit = [](double v) { return std::isnan(v) ? v : std::clamp(v, -1.0, 1.0); };
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            C& v = c.data()[i * n + j];
            v = v / sd[i] / sd[j];
            if constexpr (detail::is_complex_v<C>) v = C(limit(v.real()), limit(v.imag()));
            else v = limit(v);
        }
    return c;
}

// ---------------------------------------------------------------------------------------
// Counted creation: logspace, geomspace, vander

/// Options of `me::logspace` (NumPy's keywords).
struct logspace_options {
    bool endpoint = true;  ///< include base ** stop as the last sample
    double base = 10.0;
};

/// Options of `me::geomspace` (NumPy's keyword).
struct geomspace_options {
    bool endpoint = true;  ///< include stop as the last sample
};

/// Options of `me::vander` (NumPy's keywords): the number of columns (none: len(x)) and
/// the order of the powers (false: decreasing, x^(N-1) first).
struct vander_options {
    std::optional<std::ptrdiff_t> N{};
    bool increasing = false;
};

namespace detail::stats {

template <class A, class B>
using space_t = std::conditional_t<is_complex_v<A> || is_complex_v<B>, std::complex<double>, double>;

/// NumPy's `.astype(dtype)` of a result computed in float64/complex128 (T void: as it is).
template <class T, class R>
array<same_or_t<T, R>> as_dtype(array<R> a) {
    if constexpr (std::is_void_v<T> || std::is_same_v<T, R>) return a;
    else return a.template astype<T>();
}

template <class R>
void logspace_fill(R start, R stop, std::size_t num, bool endpoint, double base, R* out) {
    linspace_fill(start, stop, num, endpoint, out);
    for (std::size_t i = 0; i < num; ++i) out[i] = std::pow(R(base), out[i]);
}

/// NumPy's sign as geomspace tests it: of the real part, or of the imaginary part when the
/// real part is 0.
template <class R>
double sign_of(const R& v) {
    const auto s = [](double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; };
    if constexpr (is_complex_v<R>) return v.real() != 0 ? s(v.real()) : s(v.imag());
    else return s(v);
}

}  // namespace detail::stats

/// NumPy's `logspace(start, stop, num, endpoint, base)`: base ** linspace(start, stop, num)
/// (float64; complex128 for a complex start or stop; `logspace<T>` converts to T afterwards,
/// as NumPy's dtype). A negative base gives NaN for fractional powers, as NumPy.
/// FLOPs: `flops::logspace_cost(num)`: num, at least 1.
/// @throws me::ValueError for num < 0; nothing charged.
template <class T = void, class A, class B, class R = detail::stats::space_t<A, B>>
    requires(detail::is_scalar_v<A> && detail::is_scalar_v<B>)
array<detail::same_or_t<T, R>> logspace(A start, B stop, std::ptrdiff_t num = 50, const logspace_options& options = {}) {
    constexpr auto id = detail::op_index("logspace");
    const std::size_t n = detail::sample_count(num, "logspace");
    (void)detail::checked_size(shape_t{n}, sizeof(R), "logspace");
    detail::charge(id, flops::op_cost<id>(n));
    auto out = array<R>::uninitialized(shape_t{n}, "logspace");
    detail::stats::logspace_fill(static_cast<R>(start), static_cast<R>(stop), n, options.endpoint, options.base, out.data());
    return detail::stats::as_dtype<T>(std::move(out));
}

/// NumPy's `geomspace(start, stop, num, endpoint)`: num samples evenly spaced on a log
/// scale, the first exactly start and the last exactly stop (float64; complex128 for
/// complex input; `geomspace<T>` converts to T afterwards, as NumPy's dtype). Both negative: the negated sequence; both purely imaginary: along the
/// imaginary axis; of mixed signs (real): NaN between the end points, as NumPy.
/// FLOPs: `flops::geomspace_cost(num)`: num, at least 1.
/// @throws me::ValueError "Geometric sequence cannot include zero" for a zero start or
///         stop, and for num < 0; nothing charged.
template <class T = void, class A, class B, class R = detail::stats::space_t<A, B>>
    requires(detail::is_scalar_v<A> && detail::is_scalar_v<B>)
array<detail::same_or_t<T, R>> geomspace(A start, B stop, std::ptrdiff_t num = 50, const geomspace_options& options = {}) {
    constexpr auto id = detail::op_index("geomspace");
    R s = static_cast<R>(start), t = static_cast<R>(stop);
    if (s == R(0) || t == R(0)) throw ValueError("geomspace: Geometric sequence cannot include zero");
    const std::size_t n = detail::sample_count(num, "geomspace");
    (void)detail::checked_size(shape_t{n}, sizeof(R), "geomspace");
    detail::charge(id, flops::op_cost<id>(n));
    R sign = R(1);
    if constexpr (detail::is_complex_v<R>) {
        if (s.real() == 0 && t.real() == 0) {
            s = R(s.imag());
            t = R(t.imag());
            sign = R(0, 1);
        }
    }
    if (detail::stats::sign_of(s) == -1 && detail::stats::sign_of(t) == -1) {
        s = -s;
        t = -t;
        sign = -sign;
    }
    auto out = array<R>::uninitialized(shape_t{n}, "geomspace");
    R* o = out.data();
    detail::stats::logspace_fill(std::log10(s), std::log10(t), n, options.endpoint, 10.0, o);
    if (n > 0) o[0] = s;
    if (n > 1 && options.endpoint) o[n - 1] = t;
    for (std::size_t i = 0; i < n; ++i) o[i] *= sign;
    return detail::stats::as_dtype<T>(std::move(out));
}

namespace detail::stats {
/// vander's element type: NumPy's promotion of x's type with int64.
template <class T>
using vander_t = std::conditional_t<is_complex_v<T>, std::complex<double>,
                                    std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>>;
}  // namespace detail::stats

/// NumPy's `vander(x, N, increasing)`: the Vandermonde matrix of a 1-D x, len(x) x N, whose
/// columns are powers of x (decreasing: x^(N-1) ... x^0; `.increasing`: x^0 ...). Integers
/// and bools give int64 (wrapping on overflow, as NumPy), floats float64, complex complex128.
/// FLOPs: `flops::vander_cost(len(x), N)`: len(x)*(N-1), len(x) for N = 1, at least 1.
/// @throws me::ValueError "x must be a one-dimensional array or sequence." and "negative
///         dimensions are not allowed" (N < 0); nothing charged.
template <array_like X, class R = detail::stats::vander_t<detail::value_t<X>>>
array<R> vander(const X& x_in, const vander_options& options = {}) {
    constexpr auto id = detail::op_index("vander");
    if (x_in.ndim() != 1) throw ValueError("vander: x must be a one-dimensional array or sequence.");
    const std::size_t len = x_in.shape()[0];
    const std::ptrdiff_t cols_given = options.N.value_or(static_cast<std::ptrdiff_t>(len));
    if (cols_given < 0) throw ValueError("vander: negative dimensions are not allowed");
    const auto cols = static_cast<std::size_t>(cols_given);
    (void)detail::checked_size(shape_t{len, cols}, sizeof(R), "vander");
    detail::charge(id, flops::op_cost<id>(len, cols), detail::shape_details(x_in.shape()));
    const auto& x = detail::contiguous(x_in);
    auto out = array<R>::uninitialized(shape_t{len, cols}, "vander");
    for (std::size_t i = 0; i < len; ++i) {
        const R v = detail::element_cast<R>(x.data()[i]);
        R p = R(1);
        for (std::size_t k = 0; k < cols; ++k) {
            out.data()[i * cols + (options.increasing ? k : cols - 1 - k)] = p;
            if constexpr (std::is_integral_v<R>)  // wraps as NumPy's int64 multiply
                p = static_cast<R>(static_cast<std::uint64_t>(p) * static_cast<std::uint64_t>(v));
            else p *= v;
        }
    }
    return out;
}


// ---------------------------------------------------------------------------------------
// Free: bytes and memory (cost 0, never create the global default)

/// Options of `me::frombuffer` (NumPy's keywords): how many elements (-1: all the buffer
/// holds after `offset`) and the byte offset to start at.
struct frombuffer_options {
    std::ptrdiff_t count = -1;
    std::ptrdiff_t offset = 0;
};

/// NumPy's `frombuffer(buffer, dtype, count, offset)`: the bytes of `buffer` read as
/// elements of T (the machine's byte order). A C++ span does not own its bytes, so the
/// result is a copy (NumPy's shares the buffer). A bool is true for any nonzero byte.
/// FLOPs: 0.
/// @throws me::ValueError with NumPy's messages: an offset outside the buffer, a size that
///         is not a multiple of the element size (count -1), a buffer smaller than count
///         elements.
template <class T>
    requires detail::is_scalar_v<T>
array<T> frombuffer(std::span<const std::byte> buffer, const frombuffer_options& options = {}) {
    const std::size_t len = buffer.size();
    if (options.offset < 0 || static_cast<std::size_t>(options.offset) > len)
        throw ValueError(fmt::format("frombuffer: offset must be non-negative and no greater than buffer length ({})", len));
    const std::size_t rest = len - static_cast<std::size_t>(options.offset);
    std::size_t n;
    if (options.count < 0) {
        if (rest % sizeof(T) != 0) throw ValueError("frombuffer: buffer size must be a multiple of element size");
        n = rest / sizeof(T);
    } else {
        n = static_cast<std::size_t>(options.count);
        if (n > rest / sizeof(T)) throw ValueError("frombuffer: buffer is smaller than requested size");
    }
    auto out = array<T>::uninitialized(shape_t{n}, "frombuffer");
    const std::byte* src = buffer.data() + options.offset;
    for (std::size_t i = 0; i < n; ++i) {
        if constexpr (std::is_same_v<T, bool>) out.data()[i] = src[i] != std::byte{0};
        else std::memcpy(out.data() + i, src + i * sizeof(T), sizeof(T));
    }
    return out;
}

/// Options of `me::packbits` (NumPy's keywords): the axis packed (none: the flattened
/// array) and the bit order ("big": the first element in the most significant bit).
struct packbits_options {
    std::optional<int> axis{};
    std::string_view bitorder = "big";
};

/// Options of `me::unpackbits` (NumPy's keywords): the axis unpacked (none: flattened),
/// how many bits to keep along it (none: all; more than there are pads with zeros;
/// negative drops that many from the end) and the bit order.
struct unpackbits_options {
    std::optional<int> axis{};
    std::optional<std::ptrdiff_t> count{};
    std::string_view bitorder = "big";
};

namespace detail::stats {

inline bool big_endian_bits(std::string_view order, std::string_view op) {
    if (order != "big" && order != "little")
        throw ValueError(fmt::format("{}: 'order' must be either 'little' or 'big'", op));
    return order == "big";
}

/// The array as rows along `axis`: outer blocks of `len` elements `inner` apart (a flat
/// array for none), and the output shape with that axis given a new length.
struct bit_plan {
    axis_layout l;
    shape_t out;
    std::size_t axis = 0;
};

template <class F>
bit_plan plan_bits(const shape_t& shape, std::optional<int> axis, F new_len, std::string_view op) {
    bit_plan p;
    if (!axis) {
        const auto n = static_cast<std::size_t>(flops::detail::numel(shape));
        p.l = {1, n, 1};
        p.out = {new_len(n)};
        return p;
    }
    p.axis = normalize_axis(*axis, shape.size(), op);
    p.l = layout_around(shape, p.axis);
    p.out = shape;
    p.out[p.axis] = new_len(shape[p.axis]);
    return p;
}

}  // namespace detail::stats

/// NumPy's `packbits(a, axis, bitorder)`: the elements of a bool or integer array as bits
/// (nonzero is 1), eight to a uint8 along `axis` (or of the flattened array), the last byte
/// padded with zeros. FLOPs: 0.
/// @throws me::ValueError for a bitorder other than "big"/"little", me::AxisError for an
///         axis out of range. (Float and complex arrays do not compile: NumPy's TypeError.)
template <array_like A, class T = detail::value_t<A>>
    requires(std::is_integral_v<T>)
array<std::uint8_t> packbits(const A& a_in, const packbits_options& options = {}) {
    const bool big = detail::stats::big_endian_bits(options.bitorder, "packbits");
    const auto& a = detail::contiguous(a_in);
    const auto p = detail::stats::plan_bits(a.shape(), options.axis, [](std::size_t n) { return (n + 7) / 8; }, "packbits");
    auto out = array<std::uint8_t>::uninitialized(p.out, "packbits");
    const std::size_t bytes = (p.l.len + 7) / 8;
    for (std::size_t o = 0; o < p.l.outer; ++o)
        for (std::size_t j = 0; j < p.l.inner; ++j)
            for (std::size_t b = 0; b < bytes; ++b) {
                unsigned v = 0;
                for (std::size_t k = 0; k < 8 && b * 8 + k < p.l.len; ++k)
                    if (a.data()[(o * p.l.len + b * 8 + k) * p.l.inner + j] != T(0)) v |= 1u << (big ? 7 - k : k);
                out.data()[(o * bytes + b) * p.l.inner + j] = static_cast<std::uint8_t>(v);
            }
    return out;
}

/// NumPy's `unpackbits(a, axis, count, bitorder)`: each uint8 as eight 0/1 uint8 along
/// `axis` (or of the flattened array), `count` bits kept. FLOPs: 0.
/// @throws me::ValueError "-count larger than number of elements" and for a bad
///         bitorder, me::AxisError for an axis out of range. (Other element types do not
///         compile: NumPy's TypeError.)
template <array_like A>
    requires(std::is_same_v<detail::value_t<A>, std::uint8_t>)
array<std::uint8_t> unpackbits(const A& a_in, const unpackbits_options& options = {}) {
    const bool big = detail::stats::big_endian_bits(options.bitorder, "unpackbits");
    const auto& a = detail::contiguous(a_in);
    const shape_t shape = a.shape();
    const std::size_t len = options.axis ? shape[detail::normalize_axis(*options.axis, shape.size(), "unpackbits")]
                                         : static_cast<std::size_t>(flops::detail::numel(shape));
    std::size_t kept = 8 * len;
    if (options.count) {
        const std::ptrdiff_t c = *options.count;
        if (c < 0 && static_cast<std::size_t>(-c) > kept) throw ValueError("unpackbits: -count larger than number of elements");
        kept = c < 0 ? kept - static_cast<std::size_t>(-c) : static_cast<std::size_t>(c);
    }
    const auto p = detail::stats::plan_bits(shape, options.axis, [kept](std::size_t) { return kept; }, "unpackbits");
    auto out = array<std::uint8_t>::uninitialized(p.out, "unpackbits");
    for (std::size_t o = 0; o < p.l.outer; ++o)
        for (std::size_t j = 0; j < p.l.inner; ++j)
            for (std::size_t k = 0; k < kept; ++k) {
                std::uint8_t bit = 0;
                if (k / 8 < p.l.len) {
                    const unsigned byte = a.data()[(o * p.l.len + k / 8) * p.l.inner + j];
                    bit = static_cast<std::uint8_t>((byte >> (big ? 7 - k % 8 : k % 8)) & 1u);
                }
                out.data()[(o * kept + k) * p.l.inner + j] = bit;
            }
    return out;
}

namespace detail::stats {

/// An array's or view's elements as memory: the lowest element's address, the element
/// size, and the axes by decreasing positive stride (in elements), without length-1 and
/// broadcast (stride 0) axes; `count` elements (0: none).
struct memory_layout {
    std::uintptr_t low = 0, item = 0;
    std::vector<std::pair<std::ptrdiff_t, std::size_t>> axes;  ///< (stride, length)
    /// Elements, and distinct addresses among them: a stride-0 (broadcast) axis repeats
    /// addresses, and walking it would do numel work (2^50 for a broadcast of 2) for one
    /// buffer's worth of answers.
    std::size_t count = 0, distinct = 0;
    std::uintptr_t high() const {  ///< one past the last byte
        std::uintptr_t reach = 0;
        for (const auto& [stride, len] : axes) reach += static_cast<std::uintptr_t>(stride) * (len - 1) * item;
        return low + reach + item;
    }
};

template <class X>
memory_layout layout_of(const X& x) {
    const auto s = memory_order(view_access::strided(x));
    memory_layout m;
    m.item = sizeof(value_t<X>);
    m.count = 1;
    for (auto d : s.shape) m.count *= d;
    if (m.count == 0) return m;
    m.low = reinterpret_cast<std::uintptr_t>(s.origin);
    m.distinct = 1;
    for (std::size_t k = 0; k < s.shape.size(); ++k)
        if (s.strides[k] != 0) {
            m.axes.emplace_back(s.strides[k], s.shape[k]);
            m.distinct *= s.shape[k];  // at most the buffer's length: it cannot overflow
        }
    return m;
}

inline bool extents_overlap(const memory_layout& a, const memory_layout& b) {
    return a.count > 0 && b.count > 0 && a.low < b.high() && b.low < a.high();
}

/// Whether each axis's stride exceeds the reach of all the smaller ones: then an address
/// has at most one index, found greedily. Every view basic indexing, transposes, reshapes
/// and diagonals make of a contiguous buffer is nested.
inline bool nested(const memory_layout& m) {
    std::ptrdiff_t reach = 0;
    for (auto it = m.axes.rbegin(); it != m.axes.rend(); ++it) {
        if (it->first <= reach) return false;
        reach += it->first * static_cast<std::ptrdiff_t>(it->second - 1);
    }
    return true;
}

/// Whether the element starting at `address` is one of m's (m nested, same element size).
inline bool holds(const memory_layout& m, std::uintptr_t address) {
    if (address < m.low || (address - m.low) % m.item != 0) return false;
    auto e = static_cast<std::ptrdiff_t>((address - m.low) / m.item);
    for (const auto& [stride, len] : m.axes) {
        const std::ptrdiff_t i = e / stride;
        if (i >= static_cast<std::ptrdiff_t>(len)) return false;
        e -= i * stride;
    }
    return e == 0;
}

/// Calls f(address) for every distinct element of m (each address once, whatever the
/// broadcast axes), stopping when it returns true; true then.
template <class F>
bool any_element(const memory_layout& m, F&& f) {
    std::vector<std::size_t> index(m.axes.size(), 0);
    std::uintptr_t at = m.low;
    for (std::size_t k = 0; k < m.distinct; ++k) {
        if (f(at)) return true;
        for (std::size_t j = m.axes.size(); j-- > 0;) {
            const auto step = static_cast<std::uintptr_t>(m.axes[j].first) * m.item;
            at += step;
            if (++index[j] < m.axes[j].second) break;
            at -= step * m.axes[j].second;
            index[j] = 0;
        }
    }
    return false;
}

}  // namespace detail::stats

/// NumPy's `may_share_memory(a, b)`: whether the memory extents of a and b (arrays or
/// views) overlap: true for views of one buffer whose bounds overlap even when no element
/// is shared (a[::2] and a[1::2]), false for distinct arrays (each owns its buffer) and
/// empty ones. FLOPs: 0.
template <array_like A, array_like B>
bool may_share_memory(const A& a, const B& b) {
    return detail::stats::extents_overlap(detail::stats::layout_of(a), detail::stats::layout_of(b));
}

/// NumPy's `shares_memory(a, b)`: whether a and b have an element in common, exactly: each
/// element of the smaller is looked up in the larger's strides (views of one buffer have
/// one element type and nested strides; anything else, which the library does not make,
/// answers as may_share_memory). FLOPs: 0.
template <array_like A, array_like B>
bool shares_memory(const A& a, const B& b) {
    namespace st = detail::stats;
    const auto la = st::layout_of(a), lb = st::layout_of(b);
    if (!st::extents_overlap(la, lb)) return false;
    const bool a_smaller = la.distinct <= lb.distinct;
    const auto& small = a_smaller ? la : lb;
    const auto& large = a_smaller ? lb : la;
    if (la.item != lb.item || !st::nested(large)) return true;
    return st::any_element(small, [&](std::uintptr_t address) { return st::holds(large, address); });
}

/// Options of `me::require` (NumPy's keyword): the flags, by NumPy's letters or names
/// (any case): "C"/"C_CONTIGUOUS"/"CONTIGUOUS", "F"/"F_CONTIGUOUS"/"FORTRAN",
/// "A"/"ALIGNED", "W"/"WRITEABLE", "O"/"OWNDATA", "E"/"ENSUREARRAY".
struct require_options {
    std::vector<std::string> requirements{};
};

/// NumPy's `require(a, dtype, requirements)`: an array (of type U if given) that meets the
/// requirements. A me::array is always C-contiguous, aligned, writeable and owns its data,
/// and the result is one (a copy of a view or of an array), so C, A, W, O and E hold
/// whatever is asked. F holds only where C and F order coincide (at most one axis longer
/// than 1); otherwise it is refused, as me::array has no Fortran order. FLOPs: 0.
/// @throws me::ValueError for an unknown flag (NumPy's KeyError), C with F ("Cannot specify
///         both "C" and "F" order"), and F on an array that is not also F-contiguous.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> require(const A& a, const require_options& options = {}) {
    bool c = false, f = false;
    for (const auto& r : options.requirements) {
        std::string up(r);
        std::transform(up.begin(), up.end(), up.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        static constexpr std::string_view known[] = {"C", "C_CONTIGUOUS", "CONTIGUOUS", "F", "F_CONTIGUOUS", "FORTRAN",
                                                     "A", "ALIGNED", "W", "WRITEABLE", "O", "OWNDATA", "E", "ENSUREARRAY"};
        if (std::find(std::begin(known), std::end(known), up) == std::end(known))
            throw ValueError(fmt::format("require: '{}' is not a requirement (NumPy's KeyError)", r));
        c = c || up == "C" || up == "C_CONTIGUOUS" || up == "CONTIGUOUS";
        f = f || up == "F" || up == "F_CONTIGUOUS" || up == "FORTRAN";
    }
    if (c && f) throw ValueError("require: Cannot specify both \"C\" and \"F\" order");
    if (f) {
        const auto s = a.shape();
        if (std::count_if(s.begin(), s.end(), [](std::size_t d) { return d > 1; }) > 1)
            throw ValueError("require: Fortran order (\"F\") is not available: a me::array is always C-contiguous");
    }
    return asarray<U>(a);
}

}  // namespace me


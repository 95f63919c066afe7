/// @file polynomial.hpp
/// @brief NumPy's polynomial functions at top level: poly, polyadd, polysub, polyder,
/// polyint, polymul, polydiv, polyfit, polyval, roots (coefficients highest power first).
///
/// Each op checks its arguments, charges its formula (flops/polynomial.hpp), then computes
/// the way NumPy 1.24's numpy/lib/polynomial.py does, step for step where the order of
/// the floating-point operations decides the last bits: Horner from a zero start
/// (polyval), repeated convolution by (1, -z) (poly), cumulative products for the
/// Vandermonde matrix and sequential column sums for its scaling (polyfit), the long
/// division loop (polydiv). Integers wrap as NumPy's do. LAPACK does what NumPy has it
/// do: geev for eigenvalues (roots, poly of a matrix), gelsd for polyfit's least squares.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <new>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "linalg/decompositions.hpp"
#include "linalg/solve.hpp"
#include "ufuncs.hpp"
#include "view.hpp"
#include "detail/lapack.hpp"
#include "detail/ufunc.hpp"
#include "flops/polynomial.hpp"

namespace me {

/// Options of `me::polyder`: the order of the derivative.
struct polyder_options {
    std::int64_t m = 1;
};

/// polyint's integration constants `k`: unset (NumPy's None: zeros), one value (used for
/// every order), or one per order (a list of at least m values, the first for the
/// innermost integral). Written `.k = 2.0` or `.k = {1.0, 2.0}`.
class poly_constants {
public:
    poly_constants() = default;
    poly_constants(double k) : values_{k}, given_(true) {}  // NOLINT: implicit, as NumPy's k=2.0
    poly_constants(std::initializer_list<double> k) : values_(k), given_(true) {}
    poly_constants(std::vector<double> k) : values_(std::move(k)), given_(true) {}  // NOLINT

    bool given() const noexcept { return given_; }
    const std::vector<double>& values() const noexcept { return values_; }

private:
    std::vector<double> values_;
    bool given_ = false;
};

/// Options of `me::polyint`: the order `m` and the constants `k`.
struct polyint_options {
    std::int64_t m = 1;
    poly_constants k{};
};

/// polyfit's `cov`: false (the default), true (scaled by the residuals), or "unscaled".
class polyfit_cov {
public:
    polyfit_cov() = default;
    polyfit_cov(bool on) : on_(on) {}  // NOLINT: implicit, as NumPy's cov=True
    polyfit_cov(const char* mode) : polyfit_cov(std::string_view(mode)) {}  // NOLINT
    polyfit_cov(std::string_view mode) : on_(true), unscaled_(mode == "unscaled"), valid_(mode == "unscaled") {}  // NOLINT

    bool on() const noexcept { return on_; }
    bool unscaled() const noexcept { return unscaled_; }
    bool valid() const noexcept { return valid_; }

private:
    bool on_ = false;
    bool unscaled_ = false;
    bool valid_ = true;
};

/// Options of `me::polyfit` (NumPy's keywords): `rcond` (unset: len(x) times the machine
/// epsilon of x's type), `full` (the diagnostics too), `w` (weights, one per point),
/// `cov` (the covariance matrix of the coefficients; ignored with `full`, as NumPy).
struct polyfit_options {
    std::optional<double> rcond{};
    bool full = false;
    std::optional<array<double>> w{};
    polyfit_cov cov{};
};

/// polydiv's result: the quotient and the remainder, `auto [q, r] = me::polydiv(u, v)`.
template <class T>
struct PolydivResult {
    array<T> quotient;
    array<T> remainder;
};

/// polyfit's result: the coefficients (deg + 1, or (deg + 1, k) for a 2-D y), and what
/// NumPy returns with `full` (the residuals, the rank and singular values of the scaled
/// Vandermonde matrix, rcond) and with `cov` (the covariance matrix, (deg + 1, deg + 1),
/// or (deg + 1, deg + 1, k) for a 2-D y; empty when not asked for). Every field is filled
/// whatever the options (they come with the solution), but `cov` only when asked.
/// Converts to its coefficients: `me::array<double> c = me::polyfit(x, y, 2);`.
template <class T>
struct PolyfitResult {
    array<T> coefficients;
    array<double> residuals;
    std::int64_t rank = 0;
    array<double> singular_values;
    double rcond = 0;
    array<T> cov;

    operator array<T>() const& { return coefficients; }  // NOLINT: implicit, the common use
    operator array<T>() && { return std::move(coefficients); }  // NOLINT
};

}  // namespace me

namespace me::detail {

/// The buffers of the polynomial ops: huge pages for large ones, and an allocation the
/// machine cannot satisfy is a me::ValueError (NumPy's MemoryError), never std::bad_alloc.
template <class T>
using poly_buffer = std::vector<T, huge_page_allocator<T>>;

}  // namespace me::detail

namespace me::detail::polynomial {

namespace pf = flops::detail::polynomial;
namespace lp = detail::lapack;

/// An array or view of numbers (the coefficients, zeros or points an op takes).
template <class A>
concept numbers = array_like<A> && (std::is_arithmetic_v<value_t<A>> || is_complex_v<value_t<A>>);

// NumPy's arithmetic on one element type: integers wrap, bools are logical (* is and, + is or).
template <class T>
T add(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) return a || b;
    else return wrapping_add(a, b);
}
template <class T>
T mul(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) return a && b;
    else return wrapping_mul(a, b);
}

/// The elements of a 1-D (or 0-d: one element) array converted to `R`, in order.
template <class R, class T>
poly_buffer<R> values_as(const array<T>& a) {
    poly_buffer<R> v(a.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = element_cast<R>(a.data()[i]);
    return v;
}

template <class R>
array<R> vector_array(const poly_buffer<R>& v, std::string_view op) {
    auto out = array<R>::uninitialized(shape_t{v.size()}, op);
    std::copy(v.begin(), v.end(), out.begin());
    return out;
}

template <class T>
bool finite(const T& v) {
    if constexpr (is_complex_v<T>) return std::isfinite(v.real()) && std::isfinite(v.imag());
    else if constexpr (std::is_floating_point_v<T>) return std::isfinite(v);
    else return true;
}

/// Multiplies `a` (highest power first) by (x - z) in place, as NumPy's
/// convolve(a, [1, -z]): each new coefficient is a[k] + a[k-1]*(-z), the ends one term.
template <class C>
void times_factor(poly_buffer<C>& a, C z) {
    const C minus = -z;
    a.push_back(a.back() * minus);
    for (std::size_t k = a.size() - 2; k > 0; --k) a[k] = a[k] + a[k - 1] * minus;
}

/// The eigenvalues of the n x n matrix held row-major in `m`, as NumPy's eigvals finds
/// them: in double precision whatever the input (geev), in geev's order on the matrix
/// itself (geev reads column-major, so it is given the transpose's rows), then rounded to
/// C's precision.
template <class C, class S>
poly_buffer<std::complex<real_t<C>>> eigenvalues(const S* m, std::size_t n) {
    using K = promote_t<C, double>;
    poly_buffer<K> t(n * n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) t[j * n + i] = static_cast<K>(static_cast<C>(m[i * n + j]));
    poly_buffer<std::complex<real_t<K>>> w(n);
    try {
        decompositions::eig_kernel<K> kernel(n, false);  // its own n x n copy, in std::vectors
        kernel(t.data(), w.data(), nullptr);
    } catch (const std::bad_alloc&) {
        throw ValueError(cat("eigenvalues of a ", n, " x ", n, " matrix: out of memory (NumPy's MemoryError)"));
    }
    return poly_buffer<std::complex<real_t<C>>>(w.begin(), w.end());
}

// ---------------------------------------------------------------------------------------
// polyfit: the pieces of NumPy's body.

/// The k right-hand sides of gelsd (ld rows each, column-major) from y (m x k, row-major),
/// weighted as NumPy's `rhs *= w` (in y's float type, then widened).
template <class W, class Y>
poly_buffer<W> fit_rhs(const array<Y>& y, std::size_t m, std::size_t k, std::size_t ld, const double* w) {
    using Yf = float_result_t<Y>;
    poly_buffer<W> b(ld * std::max<std::size_t>(k, 1), W(0));
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            Yf v = static_cast<Yf>(y.data()[i * k + j]);
            if (w) v = static_cast<Yf>(promote_t<Yf, double>(v) * w[i]);
            b[j * ld + i] = static_cast<W>(v);
        }
    return b;
}

/// gelsd on a (m x n, column-major, overwritten) and b (ld x nrhs); the singular values
/// into s; returns the rank. @throws me::LinAlgError when the SVD does not converge.
template <class W>
std::int64_t least_squares(poly_buffer<W>& a, std::size_t m, std::size_t n, poly_buffer<W>& b, std::size_t ld,
                           std::size_t nrhs, double rcond, double* s) {
    using R = real_t<W>;
    const auto mi = static_cast<lp::index_t>(m), ni = static_cast<lp::index_t>(n), ki = static_cast<lp::index_t>(nrhs),
               lda = std::max<lp::index_t>(1, mi), ldb = static_cast<lp::index_t>(ld);
    lp::index_t rank = 0, iquery = 0;
    W query{};
    R rquery{};
    lp::index_t info = solvers::gelsd(mi, ni, ki, a.data(), lda, b.data(), ldb, s, static_cast<R>(rcond), rank, &query, -1,
                                      &rquery, &iquery);
    lp::check_arguments(info, "gelsd", "polyfit");
    poly_buffer<W> work(static_cast<std::size_t>(lp::queried_size(query)));
    poly_buffer<R> rwork(static_cast<std::size_t>(lp::queried_size(rquery)));
    poly_buffer<lp::index_t> iwork(static_cast<std::size_t>(std::max<lp::index_t>(1, iquery)));
    info = solvers::gelsd(mi, ni, ki, a.data(), lda, b.data(), ldb, s, static_cast<R>(rcond), rank, work.data(),
                          static_cast<lp::index_t>(work.size()), rwork.data(), iwork.data());
    lp::check_arguments(info, "gelsd", "polyfit");
    if (info > 0) throw LinAlgError("polyfit: SVD did not converge in Linear Least Squares");
    return rank;
}

/// inv(lhsᵀ lhs) / outer(scale, scale) (lhs m x n column-major, already scaled): NumPy's
/// Vbase. lhsᵀ lhs is symmetric (complex symmetric for complex data), so the row-major
/// and column-major readings agree and gesv inverts it as it is.
template <class W>
poly_buffer<W> covariance_base(const poly_buffer<W>& lhs, std::size_t m, std::size_t n, const poly_buffer<W>& scale) {
    poly_buffer<W> g(n * n, W(0)), inverse(n * n, W(0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            W acc(0);
            for (std::size_t r = 0; r < m; ++r) acc += lhs[i * m + r] * lhs[j * m + r];
            g[i * n + j] = acc;
        }
    for (std::size_t i = 0; i < n; ++i) inverse[i * n + i] = W(1);
    poly_buffer<lp::index_t> ipiv(n);
    const auto ni = static_cast<lp::index_t>(n);
    const lp::index_t info = cxxlapack::gesv<lp::index_t>(ni, ni, g.data(), ni, ipiv.data(), inverse.data(), ni);
    lp::check_arguments(info, "gesv", "polyfit");
    if (info > 0) throw LinAlgError("polyfit: Singular matrix (lhs^T lhs of the covariance)");
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) inverse[i * n + j] /= scale[i] * scale[j];
    return inverse;
}

/// The scaled covariance: Vbase times fac (1 for "unscaled", else residuals / (m - n));
/// shape (n, n) for a 1-D y, (n, n, k) for a 2-D y (k = 1 when unscaled, as NumPy's).
template <class W>
array<W> scaled_covariance(const poly_buffer<W>& base, std::size_t n, const array<double>& residuals, bool unscaled,
                           std::size_t m, bool y2d) {
    poly_buffer<double> fac{1.0};
    if (!unscaled) {
        if (residuals.size() == 0 && n > 1)
            throw ValueError("polyfit: no residuals (the fit is rank deficient): the covariance cannot be scaled");
        fac.assign(residuals.begin(), residuals.end());
        for (double& f : fac) f /= static_cast<double>(m - n);
    }
    const std::size_t k = fac.size();
    shape_t shape{n, n};
    if (y2d) shape.push_back(k);
    else if (k != 1) throw ValueError("polyfit: residuals do not match a 1-D y");  // not reached: a 1-D y has one
    auto out = array<W>::uninitialized(shape, "polyfit");
    for (std::size_t e = 0; e < n * n; ++e)
        for (std::size_t j = 0; j < k; ++j) out.data()[e * k + j] = base[e] * fac[j];
    return out;
}

/// polyfit's weights, checked (NumPy's TypeErrors as me::ValueErrors), or null for none.
inline const double* weights_of(const polyfit_options& o, std::size_t m) {
    if (!o.w) return nullptr;
    const array<double>& w = *o.w;
    if (w.ndim() != 1) throw ValueError("polyfit: expected a 1-d array for weights");
    if (w.shape()[0] != m) throw ValueError("polyfit: expected w and y to have the same length");
    return w.data();
}

}  // namespace me::detail::polynomial

namespace me {

/// NumPy's `poly(seq_of_zeros)`: the coefficients of the monic polynomial whose zeros are
/// the given 1-D sequence, or, for a non-empty square matrix, its characteristic
/// polynomial (from its eigenvalues, geev). No zeros give the 0-d array 1.
/// Result type: float64 for integer and bool zeros, else the input's (float32 stays); a
/// real matrix gives real coefficients (NumPy's, the eigenvalues coming in conjugate
/// pairs); complex input gives complex coefficients even when NumPy, finding the zeros in
/// conjugate pairs, returns their real part (docs/numpy-differences.md).
/// FLOPs: `flops::poly_cost(shape)`: n^2 for n zeros; eig's 10n^3 + n^2 for an n x n
/// matrix; at least 1.
/// @throws me::ValueError unless 1-D or a non-empty square 2-D array; me::LinAlgError for
///         a matrix holding NaN or inf ("Array must not contain infs or NaNs"); nothing
///         charged. "Eigenvalues did not converge" (geev) after the charge.
template <detail::polynomial::numbers A, class T = detail::value_t<A>>
array<detail::float_result_t<T>> poly(const A& seq_of_zeros) {
    using R = detail::float_result_t<T>;
    using C = std::complex<detail::real_t<R>>;
    constexpr auto id = detail::op_index("poly");
    const auto& z = detail::contiguous(seq_of_zeros);
    const auto in = flops::detail::polynomial::poly_of(z.shape());
    if (in.matrix) {
        (void)detail::lapack::square_matrices(z.shape(), "poly");
        if (!detail::lapack::all_finite(z.data(), z.size())) throw LinAlgError("poly: Array must not contain infs or NaNs");
    }
    detail::charge(id, flops::op_cost<id>(in), detail::shape_details(z.shape()));
    if (in.n == 0) return array<R>(R(1));
    if (!in.matrix) {
        auto a = detail::poly_buffer<R>{R(1)};
        for (const T& v : z) detail::polynomial::times_factor(a, static_cast<R>(v));
        return detail::polynomial::vector_array(a, "poly");
    }
    const auto w = detail::polynomial::eigenvalues<detail::lapack::compute_t<T>>(z.data(), in.n);
    detail::poly_buffer<C> a{C(1)};
    for (const C& v : w) detail::polynomial::times_factor(a, v);
    auto out = array<R>::uninitialized(shape_t{a.size()}, "poly");
    for (std::size_t i = 0; i < a.size(); ++i) out.data()[i] = detail::element_cast<R>(a[i]);
    return out;
}

namespace detail::polynomial {

/// The lengths of two polynomials (1-D, or 0-d as one coefficient), after charging op `Id`
/// its formula on them. @throws me::ValueError for more than one dimension, uncharged.
template <op_id Id, class T, class U>
std::pair<std::size_t, std::size_t> charge_lengths(const array<T>& a, const array<U>& b) {
    const std::size_t n1 = pf::length(a.shape(), op_name(Id)), n2 = pf::length(b.shape(), op_name(Id));
    charge(Id, flops::op_cost<Id>(n1, n2), shape_details(a.shape(), b.shape()));
    return {n1, n2};
}

/// polyadd and polysub: the shorter operand padded with zeros in front, then `op`
/// elementwise in the promoted type (0 - b for the padded part, as NumPy).
template <op_id Id, class R, class A, class B, class F>
array<R> padded(const A& a_in, const B& b_in, F op) {
    const auto& a = contiguous(a_in);
    const auto& b = contiguous(b_in);
    const auto [n1, n2] = charge_lengths<Id>(a, b);
    const std::size_t n = std::max(n1, n2);
    auto out = array<R>::uninitialized(shape_t{n}, op_name(Id));
    for (std::size_t i = 0; i < n; ++i) {
        const R x = i + n1 >= n ? element_cast<R>(a.data()[i + n1 - n]) : R(0);
        const R y = i + n2 >= n ? element_cast<R>(b.data()[i + n2 - n]) : R(0);
        out.data()[i] = op(x, y);
    }
    return out;
}

/// poly1d's view of a sequence: leading zeros dropped, an empty result as [0].
template <class R, class T>
poly_buffer<R> trimmed(const array<T>& a) {
    std::size_t first = 0;
    while (first < a.size() && a.data()[first] == T(0)) ++first;
    if (first == a.size()) return {R(0)};
    poly_buffer<R> v(a.size() - first);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = element_cast<R>(a.data()[first + i]);
    return v;
}

}  // namespace detail::polynomial

/// NumPy's `polyadd(a1, a2)`: the sum of two polynomials (1-D coefficients, a 0-d array
/// as one), the shorter padded with zeros in front; NumPy's type promotion (bool is or).
/// FLOPs: `flops::polyadd_cost(a1.shape(), a2.shape())`: max(n1, n2), at least 1.
/// @throws me::ValueError for an operand of more than one dimension; nothing charged.
template <detail::polynomial::numbers A, detail::polynomial::numbers B,
          class R = detail::promote_t<detail::value_t<A>, detail::value_t<B>>>
array<R> polyadd(const A& a1, const B& a2) {
    return detail::polynomial::padded<detail::op_index("polyadd"), R>(a1, a2, [](R x, R y) { return detail::polynomial::add(x, y); });
}

/// NumPy's `polysub(a1, a2)`: a1 - a2, the shorter padded with zeros in front. bool
/// operands do not compile (NumPy's TypeError for boolean subtract).
/// FLOPs: `flops::polysub_cost(a1.shape(), a2.shape())`: max(n1, n2), at least 1.
/// @throws me::ValueError for an operand of more than one dimension; nothing charged.
template <detail::polynomial::numbers A, detail::polynomial::numbers B,
          class R = detail::promote_t<detail::value_t<A>, detail::value_t<B>>>
    requires(!std::is_same_v<R, bool>)
array<R> polysub(const A& a1, const B& a2) {
    return detail::polynomial::padded<detail::op_index("polysub"), R>(a1, a2, [](R x, R y) { return detail::wrapping_sub(x, y); });
}

/// NumPy's `polymul(a1, a2)`: the product, the full convolution of the coefficients after
/// poly1d drops their leading zeros (an all-zero or empty operand is [0]).
/// FLOPs: `flops::polymul_cost(a1.shape(), a2.shape())`: n1*n2 (the input lengths), at least 1.
/// @throws me::ValueError for an operand of more than one dimension; nothing charged.
template <detail::polynomial::numbers A, detail::polynomial::numbers B,
          class R = detail::promote_t<detail::value_t<A>, detail::value_t<B>>>
array<R> polymul(const A& a1, const B& a2) {
    const auto& c1 = detail::contiguous(a1);
    const auto& c2 = detail::contiguous(a2);
    (void)detail::polynomial::charge_lengths<detail::op_index("polymul")>(c1, c2);
    const auto x = detail::polynomial::trimmed<R>(c1), y = detail::polynomial::trimmed<R>(c2);
    detail::poly_buffer<R> out(x.size() + y.size() - 1, R(0));
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::size_t lo = k + 1 > y.size() ? k + 1 - y.size() : 0, hi = std::min(k, x.size() - 1);
        R acc = detail::polynomial::mul(x[lo], y[k - lo]);
        for (std::size_t j = lo + 1; j <= hi; ++j) acc = detail::polynomial::add(acc, detail::polynomial::mul(x[j], y[k - j]));
        out[k] = acc;
    }
    return detail::polynomial::vector_array(out, "polymul");
}

/// NumPy's `polydiv(u, v)`: the quotient and remainder of u / v, in floating point
/// (float64 for integer and bool input, float32 kept, complex kept), NumPy's loop: each
/// quotient coefficient d = (1 / v[0]) * r[k] (in double precision), then r[k:k+n+1] -= d*v;
/// leading remainder coefficients within allclose's tolerance of 0 are dropped (at least
/// one kept). A v with a zero leading coefficient gives NumPy's infs and NaNs.
/// `auto [q, r] = me::polydiv(u, v)`.
/// FLOPs: `flops::polydiv_cost(u.shape(), v.shape())`: n1*n2, at least 1.
/// @throws me::ValueError for an operand of more than one dimension; me::IndexError for an
///         empty operand (NumPy's u[0]); nothing charged.
template <detail::polynomial::numbers U, detail::polynomial::numbers V,
          class W = detail::promote_t<detail::float_result_t<detail::value_t<U>>, detail::float_result_t<detail::value_t<V>>>>
PolydivResult<W> polydiv(const U& u_in, const V& v_in) {
    using Vf = detail::float_result_t<detail::value_t<V>>;
    using D = detail::promote_t<W, double>;  // NumPy's scalars 1./v[0] and d are double precision
    constexpr auto id = detail::op_index("polydiv");
    const auto& u = detail::contiguous(u_in);
    const auto& v = detail::contiguous(v_in);
    const std::size_t n1 = flops::detail::polynomial::length(u.shape(), "polydiv"),
                      n2 = flops::detail::polynomial::length(v.shape(), "polydiv");
    if (n1 == 0 || n2 == 0) throw IndexError("polydiv: index 0 is out of bounds for axis 0 with size 0");
    detail::charge(id, flops::op_cost<id>(n1, n2), detail::shape_details(u.shape(), v.shape()));
    detail::poly_buffer<W> r = detail::polynomial::values_as<W>(u);
    const detail::poly_buffer<Vf> vv = detail::polynomial::values_as<Vf>(v);
    const D scale = D(1) / static_cast<D>(vv[0]);
    const std::size_t steps = n1 >= n2 ? n1 - n2 + 1 : 0;
    detail::poly_buffer<W> q(std::max<std::size_t>(steps, 1), W(0));
    for (std::size_t k = 0; k < steps; ++k) {
        const D d = scale * static_cast<D>(r[k]);
        q[k] = static_cast<W>(d);
        // d*v is computed in v's type when the kinds agree (NumPy 1.24's scalar casting).
        using P = std::conditional_t<detail::is_complex_v<Vf> == detail::is_complex_v<D>, Vf, W>;
        for (std::size_t i = 0; i < n2; ++i)
            r[k + i] = r[k + i] - static_cast<W>(static_cast<P>(d) * static_cast<P>(vv[i]));
    }
    std::size_t first = 0;
    while (first + 1 < r.size() && detail::polynomial::finite(r[first]) && std::abs(r[first]) <= 1e-8) ++first;
    r.erase(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(first));
    return {detail::polynomial::vector_array(q, "polydiv"), detail::polynomial::vector_array(r, "polydiv")};
}

/// NumPy's `polyder(p, m)`: the m-th derivative (`me::polyder(p, {.m = 2})`), NumPy's
/// p[:-1] * arange(n, 0, -1) m times. Result type: p's promoted with int64 (float32 and
/// int32 give float64 and int64, bool int64), also for m = 0, where NumPy returns p itself.
/// FLOPs: `flops::polyder_cost(p.shape(), m)`: len(p)*max(m, 1), at least 1.
/// @throws me::ValueError for a 0-d or multi-dimensional p, or m < 0; nothing charged.
template <detail::polynomial::numbers A, class R = detail::promote_t<detail::value_t<A>, std::int64_t>>
array<R> polyder(const A& p_in, const polyder_options& options = {}) {
    constexpr auto id = detail::op_index("polyder");
    const auto& p = detail::contiguous(p_in);
    const std::size_t n = flops::detail::polynomial::sized_length(p.shape(), "polyder");
    if (options.m < 0) throw ValueError("polyder: Order of derivative must be positive (see polyint)");
    detail::charge(id, flops::op_cost<id>(n, options.m), detail::shape_details(p.shape()));
    detail::poly_buffer<R> c = detail::polynomial::values_as<R>(p);
    // Past len(p) orders the coefficients are gone; NumPy's further passes change nothing.
    const auto orders = static_cast<std::size_t>(std::min<std::int64_t>(options.m, static_cast<std::int64_t>(n) + 1));
    for (std::size_t j = 0; j < orders && !c.empty(); ++j) {
        const std::size_t deg = c.size() - 1;
        for (std::size_t i = 0; i < deg; ++i) c[i] = detail::polynomial::mul(c[i], static_cast<R>(deg - i));
        c.pop_back();
    }
    return detail::polynomial::vector_array(c, "polyder");
}
/// NumPy's positional order: `polyder(p, 2)`. FLOPs: as above. @throws as above.
template <detail::polynomial::numbers A>
auto polyder(const A& p, std::int64_t m) {
    return polyder(p, polyder_options{.m = m});
}

/// NumPy's `polyint(p, m, k)`: the m-th antiderivative (`me::polyint(p, {.m = 2, .k = {1.0, 2.0}})`),
/// NumPy's concatenate(p / arange(len(p), 0, -1), [k[j]]) for each order j; k unset is
/// zeros, one value serves every order. Result: float64 (complex128 for complex p), also
/// for m = 0, where NumPy returns p itself. Constants are real.
/// FLOPs: `flops::polyint_cost(p.shape(), m)`: m*n + m*(m-1)/2 (n = len(p)), 1 for m = 0.
/// @throws me::ValueError for a 0-d or multi-dimensional p, m < 0, fewer than m constants
///         (NumPy's "k must be a scalar or a rank-1 array of length 1 or >m."), or an order
///         whose result is too big for an array; nothing charged.
template <detail::polynomial::numbers A, class R = std::conditional_t<detail::is_complex_v<detail::value_t<A>>, std::complex<double>, double>>
array<R> polyint(const A& p_in, const polyint_options& options = {}) {
    constexpr auto id = detail::op_index("polyint");
    const auto& p = detail::contiguous(p_in);
    const std::size_t n = flops::detail::polynomial::sized_length(p.shape(), "polyint");
    const std::int64_t m = options.m;
    if (m < 0) throw ValueError("polyint: Order of integral must be positive (see polyder)");
    std::vector<double> k = options.k.given() ? options.k.values() : std::vector<double>(static_cast<std::size_t>(std::min<std::int64_t>(m, 1)), 0.0);
    const bool broadcast = !options.k.given() || (k.size() == 1 && m > 1);
    if (!broadcast && static_cast<std::int64_t>(k.size()) < m)
        throw ValueError("polyint: k must be a scalar or a rank-1 array of length 1 or >m.");
    const auto mm = static_cast<std::size_t>(m);
    if (mm > static_cast<std::size_t>(PTRDIFF_MAX) / 16 - n) throw ValueError("polyint: array is too big (the order m)");
    (void)detail::checked_size(shape_t{n + mm}, sizeof(R), "polyint");
    detail::charge(id, flops::op_cost<id>(n, m), detail::shape_details(p.shape()));
    detail::poly_buffer<R> c = detail::polynomial::values_as<R>(p);
    c.reserve(n + mm);
    for (std::size_t j = 0; j < mm; ++j) {
        const std::size_t len = c.size();
        for (std::size_t i = 0; i < len; ++i) c[i] = c[i] / static_cast<double>(len - i);
        c.push_back(R(broadcast ? (k.empty() ? 0.0 : k[0]) : k[j]));
    }
    return detail::polynomial::vector_array(c, "polyint");
}
/// NumPy's positional order: `polyint(p, 2)`. FLOPs: as above. @throws as above.
template <detail::polynomial::numbers A>
auto polyint(const A& p, std::int64_t m) {
    return polyint(p, polyint_options{.m = m});
}

namespace detail::polynomial {

/// Horner over `count` points from x into y, in NumPy's order: y = 0*x + p0, then
/// y = y*x + p_i. Blocks of points keep y in cache while the coefficients stream by, so
/// the inner loop runs over points and vectorises.
template <class R, class X>
void horner(const poly_buffer<R>& p, const X* x, R* y, std::size_t count) {
    constexpr std::size_t block = 512;
    R xs[block];
    for (std::size_t at = 0; at < count; at += block) {
        const std::size_t len = std::min(block, count - at);
        for (std::size_t j = 0; j < len; ++j) {
            xs[j] = element_cast<R>(x[at + j]);
            y[at + j] = add(mul(R(0), xs[j]), p[0]);
        }
        for (std::size_t i = 1; i < p.size(); ++i) {
            const R c = p[i];
            for (std::size_t j = 0; j < len; ++j) y[at + j] = add(mul(y[at + j], xs[j]), c);
        }
    }
}

}  // namespace detail::polynomial

/// NumPy's `polyval(p, x)`: the polynomial p (1-D, highest power first) at every element of
/// x (an array or view of any shape, or a scalar: a 0-d result), by Horner's rule in
/// NumPy's order (y = 0*x + p[0], so an inf or NaN x gives NaN; then y = y*x + p[i]).
/// Result type: NumPy 2's promotion of p's and x's types (NumPy 1.24 lets the values of
/// p's elements pick it); an empty p gives zeros. Integers wrap, bool is and/or.
/// FLOPs: `flops::polyval_cost(p.shape(), x.shape())`: 2*numel(x)*max(deg, 1), at least 1.
/// @throws me::ValueError for a p that is not 1-D; nothing charged.
template <detail::polynomial::numbers P, detail::polynomial::numbers X,
          class R = detail::promote_t<detail::value_t<P>, detail::value_t<X>>>
array<R> polyval(const P& p_in, const X& x_in) {
    constexpr auto id = detail::op_index("polyval");
    const auto& p = detail::contiguous(p_in);
    const auto& x = detail::contiguous(x_in);
    if (p.ndim() != 1) throw ValueError("polyval: p must be a 1-D array of coefficients");
    detail::charge(id, flops::op_cost<id>(flops::detail::numel(x.shape()), p.size()), detail::shape_details(p.shape(), x.shape()));
    auto y = array<R>::uninitialized_like(x.xt().shape());
    if (p.size() == 0) std::fill(y.begin(), y.end(), R(0));
    else detail::polynomial::horner(detail::polynomial::values_as<R>(p), x.data(), y.data(), y.size());
    return y;
}
/// polyval at a scalar x (NumPy's 0-d array of x's type). FLOPs: 2*max(deg, 1). @throws as above.
template <detail::polynomial::numbers P, class S>
    requires detail::is_scalar_v<S>
auto polyval(const P& p, S x) {  // auto: clang 14 forms a declared return type before the constraint
    return polyval(p, array<S>(x));
}

/// NumPy's `roots(p)`: the zeros of the polynomial p (1-D, highest power first), as the
/// eigenvalues of its companion matrix (geev, NumPy's order) after leading zeros are
/// stripped, followed by one 0 per trailing zero. All zero (or empty): an empty array.
/// Always complex (`std::complex` of float for float32 and complex64 input, of double
/// otherwise): NumPy returns a real array when every root is real, which a C++ return
/// type cannot follow (as eigvals; take me::real).
/// FLOPs: `flops::roots_cost(p.shape())`: 10n^3 for n = len(p) - 1, at least 1.
/// @throws me::ValueError for a p that is not 1-D ("Input must be a rank-1 array."), or too
///         long for LAPACK; me::LinAlgError "Array must not contain infs or NaNs" when a
///         companion entry -p[i]/p[0] is not finite; nothing charged. "Eigenvalues did not
///         converge" (geev) after the charge.
template <detail::polynomial::numbers A, class C = detail::lapack::compute_t<detail::value_t<A>>>
array<std::complex<detail::real_t<C>>> roots(const A& p_in) {
    using Z = std::complex<detail::real_t<C>>;
    constexpr auto id = detail::op_index("roots");
    const auto& p = detail::contiguous(p_in);
    if (p.ndim() != 1) throw ValueError("roots: Input must be a rank-1 array.");
    const auto* v = p.data();
    std::size_t first = 0, last = p.size();
    using T = detail::value_t<A>;
    while (first < last && v[first] == T(0)) ++first;
    while (last > first && v[last - 1] == T(0)) --last;
    const std::size_t n = last > first ? last - first - 1 : 0;  // the companion matrix's order
    detail::poly_buffer<C> row(n);
    for (std::size_t i = 0; i < n; ++i) {
        row[i] = -static_cast<C>(v[first + 1 + i]) / static_cast<C>(v[first]);
        if (!detail::polynomial::finite(row[i])) throw LinAlgError("roots: Array must not contain infs or NaNs");
    }
    (void)detail::lapack::square_matrices(shape_t{n, n}, "roots");
    (void)detail::checked_size(shape_t{n, n}, sizeof(C), "roots");
    detail::charge(id, flops::op_cost<id>(p.size()), detail::shape_details(p.shape()));
    const std::size_t zeros = last > first ? p.size() - last : 0;
    auto out = array<Z>::uninitialized(shape_t{n + zeros}, "roots");
    std::fill(out.begin(), out.end(), Z(0));
    if (n == 0) return out;
    // The companion matrix: first row -p[1:]/p[0], ones below the diagonal (in p's type, as NumPy's).
    detail::poly_buffer<C> a(n * n, C(0));
    std::copy(row.begin(), row.end(), a.begin());
    for (std::size_t i = 1; i < n; ++i) a[i * n + i - 1] = C(1);
    const auto w = detail::polynomial::eigenvalues<C>(a.data(), n);
    std::copy(w.begin(), w.end(), out.begin());
    return out;
}

/// NumPy 1.24's `polyfit(x, y, deg, rcond, full, w, cov)`: the least-squares polynomial fit
/// of degree deg to the points (x, y) (y 1-D, or 2-D for several fits at once): the
/// Vandermonde matrix of x (weighted by w), its columns scaled to unit norm, solved by gelsd
/// (NumPy's routine) with rcond, the coefficients unscaled. `me::polyfit(x, y, 2).coefficients`,
/// `auto r = me::polyfit(x, y, 3, {.full = true})`, `me::polyfit(x, y, 1, {.cov = "unscaled"}).cov`.
/// Result type: float64 (complex128 if x or y is complex), as NumPy's (its Vandermonde
/// matrix is float64). Rank warnings are not raised.
/// FLOPs: `flops::polyfit_cost(x.shape(), y.shape(), deg, cov && !full)`:
/// 2*m*n*(n + max(k, 1) - 1) for m points, n = deg + 1, k columns of y; with cov plus
/// 2*m*n^2 + n^3 + n^2*k; at least 1.
/// @throws me::ValueError with NumPy's messages (deg < 0, x not 1-D or empty, y not 1-D
///         or 2-D, lengths that differ, w not 1-D or of another length, a scaled cov with
///         no more points than coefficients, a cov string other than "unscaled"), or a
///         problem too big for LAPACK; me::LinAlgError when x or w holds NaN or inf
///         ("SVD did not converge in Linear Least Squares"); nothing charged. After the
///         charge: me::LinAlgError when the scaled Vandermonde matrix is not finite (a
///         column of zeros, an overflow: NumPy's failure too) or gelsd/gesv fail.
template <detail::polynomial::numbers XA, detail::polynomial::numbers YA,
          class T = std::conditional_t<detail::is_complex_v<detail::value_t<XA>> || detail::is_complex_v<detail::value_t<YA>>,
                                       std::complex<double>, double>>
PolyfitResult<T> polyfit(const XA& x_in, const YA& y_in, std::int64_t deg, const polyfit_options& options = {}) {
    using X = detail::value_t<XA>;
    using L = std::conditional_t<detail::is_complex_v<X>, std::complex<double>, double>;  // NumPy's vander type
    namespace dp = detail::polynomial;
    constexpr auto id = detail::op_index("polyfit");
    const auto& x = detail::contiguous(x_in);
    const auto& y = detail::contiguous(y_in);
    if (!options.cov.valid()) throw ValueError("polyfit: cov must be true, false or \"unscaled\"");
    const bool want_cov = options.cov.on() && !options.full;
    const auto dims = flops::detail::polynomial::fit_of(x.shape(), y.shape(), deg, want_cov);
    const std::size_t m = dims.m, n = dims.n, k = dims.k, ld = std::max(m, n);
    const double* w = dp::weights_of(options, m);
    if (want_cov && !options.cov.unscaled() && m <= n)
        throw ValueError("polyfit: the number of data points must exceed order to scale the covariance matrix");
    (void)detail::lapack::matrices(shape_t{ld, n}, "polyfit");
    (void)detail::lapack::matrices(shape_t{ld, std::max<std::size_t>(k, 1)}, "polyfit");  // b, and nrhs in 32 bits
    (void)detail::checked_size(shape_t{ld, n + k}, sizeof(T), "polyfit");
    if (!detail::lapack::all_finite(x.data(), x.size()) || (w && !detail::lapack::all_finite(w, m)))
        throw LinAlgError("polyfit: SVD did not converge in Linear Least Squares (x or w holds NaN or inf)");
    detail::charge(id, flops::op_cost<id>(dims), detail::shape_details(x.shape(), y.shape()));

    // lhs = vander(x, n) (column-major, m rows), x^j by cumulative products; weighted.
    detail::poly_buffer<L> lhs(m * n);
    for (std::size_t i = 0; i < m; ++i) {
        L power(1);
        const L xi = detail::element_cast<L>(detail::float_result_t<X>(x.data()[i]));
        for (std::size_t j = 0; j < n; ++j) {
            if (j > 0) power = power * xi;
            lhs[(n - 1 - j) * m + i] = w ? power * w[i] : power;
        }
    }
    // scale = sqrt(sum(lhs*lhs, axis=0)), summed row after row as NumPy's axis-0 reduction.
    detail::poly_buffer<L> scale(n);
    for (std::size_t j = 0; j < n; ++j) {
        L acc(0);
        for (std::size_t i = 0; i < m; ++i) acc = acc + lhs[j * m + i] * lhs[j * m + i];
        scale[j] = std::sqrt(acc);
        for (std::size_t i = 0; i < m; ++i) lhs[j * m + i] = lhs[j * m + i] / scale[j];
    }
    if (!detail::lapack::all_finite(lhs.data(), lhs.size()))
        throw LinAlgError("polyfit: SVD did not converge in Linear Least Squares (the scaled Vandermonde matrix is not finite)");
    const double rcond = options.rcond ? *options.rcond
                                       : static_cast<double>(m) * std::numeric_limits<detail::real_t<detail::float_result_t<X>>>::epsilon();
    detail::poly_buffer<T> b = dp::fit_rhs<T>(y, m, y.ndim() == 2 ? k : 1, ld, w);
    // A few elements of slack after the matrix, as linalg.lstsq's: OpenBLAS's complex gemv
    // kernels inside gelsd read 16 bytes past the last column.
    detail::poly_buffer<T> a(lhs.size() + 4, T(0));
    std::copy(lhs.begin(), lhs.end(), a.begin());
    PolyfitResult<T> r;
    r.rcond = rcond;
    r.singular_values = array<double>::uninitialized(shape_t{std::min(m, n)}, "polyfit");
    r.rank = dp::least_squares(a, m, n, b, ld, std::max<std::size_t>(k, 1), rcond, r.singular_values.data());
    shape_t cs{n};
    if (y.ndim() == 2) cs.push_back(k);
    r.coefficients = array<T>::uninitialized(cs, "polyfit");
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) r.coefficients.data()[i * k + j] = b[j * ld + i] / scale[i];
    const bool residuals = static_cast<std::size_t>(r.rank) == n && m > n;
    r.residuals = array<double>::uninitialized(shape_t{residuals ? k : 0}, "polyfit");
    for (std::size_t j = 0; residuals && j < k; ++j) {
        double acc = 0;
        for (std::size_t i = n; i < m; ++i) acc += std::norm(b[j * ld + i]);
        r.residuals.data()[j] = acc;
    }
    if (want_cov) {
        // In the Vandermonde matrix's type, as NumPy's (real for real x).
        const auto cov = dp::scaled_covariance(dp::covariance_base(lhs, m, n, scale), n, r.residuals, options.cov.unscaled(),
                                               m, y.ndim() == 2);
        r.cov = array<T>::uninitialized(cov.shape(), "polyfit");
        std::copy(cov.begin(), cov.end(), r.cov.begin());
    }
    return r;
}

}  // namespace me

/// @file linalg/solve.hpp
/// @brief Solvers and inverses of `me::linalg`: det, slogdet, inv, solve (on LAPACK through
/// cxxlapack, detail/lapack.hpp).
///
/// Every op charges its registry formula (flops/solve.hpp) before it computes, and makes
/// the one copy per matrix that its LAPACK routine overwrites, as NumPy does. The copies
/// are not transposed: a row-major matrix read column-major is its transpose, and
/// - det(Aᵀ) = det(A), so det and slogdet factor Aᵀ (getrf);
/// - solving Aᵀ X = I gives X = A⁻ᵀ column-major, i.e. A⁻¹ row-major, so inv runs gesv
///   straight into its result;
/// - solve factors Aᵀ and solves with getrs('T'), i.e. with A itself.
/// A real matrix tagged symmetric over its last two axes is its own transpose: it is
/// factored by Cholesky (potrf, the price the reference gives it); when it is not positive
/// definite the op falls back to LU and returns what NumPy returns, at the symmetric price.
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
#include "../flops/solve.hpp"
#include "norms.hpp"

namespace me::linalg {

/// The result of `me::linalg::slogdet`: sign (±1 or 0 for real input, a unit complex
/// number or 0 for complex input) and the natural log of |det|, so det = sign * exp(logabsdet).
template <class T>
struct SlogdetResult {
    array<T> sign;
    array<detail::real_t<T>> logabsdet;
};

}  // namespace me::linalg

namespace me::detail::solvers {

namespace lp = me::detail::lapack;
using lp::index_t;

/// Whether `a` carries a symmetry group over its last two axes (the reference's
/// "symmetric input", priced by Cholesky).
template <class T>
bool tagged_symmetric(const array<T>& a) {
    const std::size_t nd = a.ndim();
    if (nd < 2) return false;
    for (const auto& g : a.symmetric_axes())
        if (std::find(g.begin(), g.end(), nd - 2) != g.end() && std::find(g.begin(), g.end(), nd - 1) != g.end())
            return true;
    return false;
}

/// Cholesky is tried only where it factors what NumPy factors: a real symmetric matrix
/// (a complex symmetric one is not Hermitian).
template <class C>
constexpr bool cholesky_applies = !is_complex_v<C>;

/// Copies one n x n matrix of the input into `dst`, converting to the compute type.
template <class C, class S>
void load(const S* src, std::size_t n, C* dst) {
    std::transform(src, src + n * n, dst, [](const S& v) { return static_cast<C>(v); });
}

/// Which matrix of an input batch each matrix of a broadcast batch reads (NumPy's
/// broadcasting of the batch axes).
inline std::vector<std::size_t> broadcast_sources(const shape_t& out, const shape_t& in) {
    const std::size_t count = numel(out), off = out.size() - in.size();
    std::vector<std::size_t> src(count, 0);
    std::vector<std::size_t> index(out.size(), 0);
    for (std::size_t k = 0; k < count; ++k) {
        std::size_t at = 0;
        for (std::size_t d = 0; d < in.size(); ++d) at = at * in[d] + (in[d] == 1 ? 0 : index[off + d]);
        src[k] = at;
        for (std::size_t d = out.size(); d-- > 0;) {
            if (++index[d] < out[d]) break;
            index[d] = 0;
        }
    }
    return src;
}

/// sign and log|det| of one n x n matrix from the factor LAPACK left in `f` (column-major):
/// Cholesky (the determinant is the squared product of the diagonal) or LU with `ipiv`
/// (each row interchange flips the sign). A zero pivot gives sign 0 and log|det| -inf, as NumPy.
template <class C>
void slogdet_from_factor(const C* f, std::size_t n, const index_t* ipiv, C& sign, real_t<C>& logabs) {
    using R = real_t<C>;
    sign = C(1);
    logabs = R(0);
    for (std::size_t i = 0; i < n; ++i) {
        const C d = f[i * n + i];
        const R ad = std::abs(d);
        if (ad == R(0)) {
            sign = C(0);
            logabs = -std::numeric_limits<R>::infinity();
            return;
        }
        if (ipiv) {
            if (ipiv[i] != static_cast<index_t>(i + 1)) sign = -sign;
            sign *= d / ad;
            logabs += std::log(ad);
        } else {
            logabs += 2 * std::log(ad);
        }
    }
}

/// Factors the n x n matrix in `work` (a copy LAPACK may overwrite): Cholesky when
/// `symmetric` and it is positive definite, else LU; `src` reloads the matrix when the
/// Cholesky attempt fails. Returns whether LU was used (then `ipiv` holds the pivots) and
/// LU's info (> 0: exactly singular).
template <class C, class S>
std::pair<bool, index_t> factor(const S* src, std::size_t n, C* work, index_t* ipiv, bool symmetric,
                                std::string_view op) {
    const auto ni = static_cast<index_t>(n);
    const index_t ld = std::max<index_t>(1, ni);
    if constexpr (cholesky_applies<C>) {
        if (symmetric) {
            const index_t info = cxxlapack::potrf<index_t>('L', ni, work, ld);
            lp::check_arguments(info, "potrf", op);
            if (info == 0) return {false, 0};
            load(src, n, work);  // not positive definite: LU, as NumPy
        }
    }
    const index_t info = cxxlapack::getrf<index_t>(ni, ni, work, ld, ipiv);
    lp::check_arguments(info, "getrf", op);
    return {true, info};
}

/// The body of det and slogdet: the sign and log|det| of every matrix of the stack.
template <class C, class T>
void slogdets(const array<T>& a, const lp::matrix_stack& s, bool symmetric, C* sign, real_t<C>* logabs,
              std::string_view op) {
    const std::size_t n = s.rows;
    std::vector<C> work(n * n);
    std::vector<index_t> ipiv(n);
    for (std::size_t k = 0; k < s.count; ++k) {
        const T* m = a.data() + k * n * n;
        load(m, n, work.data());
        const auto [lu, info] = factor(m, n, work.data(), ipiv.data(), symmetric, op);
        (void)info;  // an exactly singular matrix shows as a zero pivot
        slogdet_from_factor(work.data(), n, lu ? ipiv.data() : nullptr, sign[k], logabs[k]);
    }
}

/// The inverses of `count` n x n matrices at `data` (a stack of shape `shape`), uncharged:
/// gesv against the identity, written straight into the result (see the file comment);
/// Cholesky for a real `symmetric` stack, LU when a matrix is not positive definite.
/// @throws me::LinAlgError "Singular matrix".
template <class C, class T>
array<C> invert(const T* data, const shape_t& shape, std::size_t count, bool symmetric, std::string_view op) {
    const bool sym = symmetric;
    auto out = array<C>::uninitialized(shape, op);
    const std::size_t n = shape.empty() ? 0 : shape.back();
    const auto ni = static_cast<lp::index_t>(n);
    const lp::index_t ld = std::max<lp::index_t>(1, ni);
    std::vector<C> work(n * n);
    std::vector<lp::index_t> ipiv(n);
    bool still_symmetric = sym;
    for (std::size_t k = 0; k < count; ++k) {
        const T* m = data + k * n * n;
        C* x = out.data() + k * n * n;
        if constexpr (cholesky_applies<C>) {
            if (sym) {  // in place in the result: potrf, potri, then mirror the lower triangle
                load(m, n, x);
                lp::index_t info = cxxlapack::potrf<lp::index_t>('L', ni, x, ld);
                lp::check_arguments(info, "potrf", op);
                if (info == 0) {
                    info = cxxlapack::potri<lp::index_t>('L', ni, x, ld);
                    lp::check_arguments(info, "potri", op);
                    for (std::size_t j = 0; j < n; ++j)
                        for (std::size_t i = j + 1; i < n; ++i) x[i * n + j] = x[j * n + i];
                    continue;
                }
                still_symmetric = false;  // LU's inverse is symmetric only up to rounding
            }
        }
        load(m, n, work.data());
        std::fill(x, x + n * n, C(0));
        for (std::size_t i = 0; i < n; ++i) x[i * n + i] = C(1);
        const lp::index_t info = n == 0 ? 0 : cxxlapack::gesv<lp::index_t>(ni, ni, work.data(), ld, ipiv.data(), x, ld);
        lp::check_arguments(info, "gesv", op);
        if (info > 0) throw LinAlgError(cat(op, ": Singular matrix"));
    }
    if (still_symmetric && shape.size() >= 2) symmetry_access::set(out, {{shape.size() - 2, shape.size() - 1}});
    return out;
}

/// The systems of `sys` (flops/solve.hpp: NumPy 1.24's reading of b, the broadcast batch),
/// uncharged: getrf + getrs('T') on each matrix read as its transpose, or Cholesky.
/// @throws me::LinAlgError "Singular matrix".
template <class T, class A, class B>
array<T> solve_systems(const array<A>& a, const array<B>& b, const flops::detail::solvers::system_stack& sys,
                       std::string_view op) {
    const shape_t as = a.shape(), bs = b.shape();
    const std::size_t n = sys.n, nrhs = sys.nrhs, core = sys.vector_b ? 1 : 2;
    shape_t out_shape = sys.batch;
    out_shape.push_back(n);
    if (!sys.vector_b) out_shape.push_back(nrhs);
    auto out = array<T>::uninitialized(out_shape, op);
    const std::size_t count = numel(sys.batch);
    if (count == 0 || n == 0 || nrhs == 0) return out;
    const auto from_a = broadcast_sources(sys.batch, shape_t(as.begin(), as.end() - 2));
    const auto from_b = broadcast_sources(
        sys.batch, shape_t(bs.begin(), bs.end() - static_cast<std::ptrdiff_t>(core)));
    const auto ni = static_cast<lp::index_t>(n), ki = static_cast<lp::index_t>(nrhs);
    std::vector<T> work(n * n), rhs(sys.vector_b ? 0 : n * nrhs);
    std::vector<lp::index_t> ipiv(n);
    for (std::size_t k = 0; k < count; ++k) {
        const auto* m = a.data() + from_a[k] * n * n;
        const auto* v = b.data() + from_b[k] * n * nrhs;
        T* x = out.data() + k * n * nrhs;
        // A vector is its own column-major form; a matrix right-hand side is copied
        // column-major and back, as NumPy does.
        T* col = sys.vector_b ? x : rhs.data();
        if (sys.vector_b) std::transform(v, v + n, x, [](const auto& e) { return static_cast<T>(e); });
        else lp::to_column_major(v, n, nrhs, col, n);
        load(m, n, work.data());
        const auto [lu, info] = factor(m, n, work.data(), ipiv.data(), sys.symmetric, op);
        if (info > 0) throw LinAlgError(cat(op, ": Singular matrix"));
        lp::index_t st = 0;
        if (lu) st = cxxlapack::getrs<lp::index_t>('T', ni, ki, work.data(), ni, ipiv.data(), col, ni);
        else st = cxxlapack::potrs<lp::index_t>('L', ni, ki, work.data(), ni, col, ni);
        lp::check_arguments(st, lu ? "getrs" : "potrs", op);
        if (!sys.vector_b) lp::from_column_major(col, n, nrhs, n, x);
    }
    return out;
}


/// The thin SVD of one row-major rows x cols matrix read column-major as its transpose Aᵀ
/// (cols x rows): gesdd 'S' gives Aᵀ = U' S V'ᴴ into `u` (cols x k, column-major),
/// `s` (k) and `vt` (k x rows, column-major), k = min(rows, cols). Returns LAPACK's info.
template <class C, class S>
index_t thin_svd(const S* matrix, std::size_t rows, std::size_t cols, std::vector<C>& a, real_t<C>* s,
                 std::vector<C>& u, std::vector<C>& vt, std::string_view op) {
    const auto m = static_cast<index_t>(cols), n = static_cast<index_t>(rows);
    const index_t k = std::min(m, n);
    a.resize(rows * cols + 4);  // 4 more: OpenBLAS's complex gemv kernels read past the last column
    std::transform(matrix, matrix + rows * cols, a.begin(), [](const S& v) { return static_cast<C>(v); });
    u.resize(static_cast<std::size_t>(m) * static_cast<std::size_t>(k));
    vt.resize(static_cast<std::size_t>(k) * static_cast<std::size_t>(n));
    std::vector<index_t> iwork(static_cast<std::size_t>(8 * k));
    const index_t lda = std::max<index_t>(1, m), ldvt = std::max<index_t>(1, k);
    C query{};
    index_t info;
    if constexpr (is_complex_v<C>) {
        const std::size_t big = static_cast<std::size_t>(std::max(m, n)), small = static_cast<std::size_t>(k);
        std::vector<real_t<C>> rwork(std::max<std::size_t>(1, small * std::max(5 * small + 7, 2 * big + 2 * small + 1)));
        info = cxxlapack::gesdd<index_t>('S', m, n, a.data(), lda, s, u.data(), lda, vt.data(), ldvt, &query, -1,
                                         rwork.data(), iwork.data());
        lp::check_arguments(info, "gesdd", op);
        std::vector<C> work(static_cast<std::size_t>(lp::queried_size(query)));
        info = cxxlapack::gesdd<index_t>('S', m, n, a.data(), lda, s, u.data(), lda, vt.data(), ldvt, work.data(),
                                         static_cast<index_t>(work.size()), rwork.data(), iwork.data());
    } else {
        info = cxxlapack::gesdd<index_t>('S', m, n, a.data(), lda, s, u.data(), lda, vt.data(), ldvt, &query, -1,
                                         iwork.data());
        lp::check_arguments(info, "gesdd", op);
        std::vector<C> work(static_cast<std::size_t>(lp::queried_size(query)));
        info = cxxlapack::gesdd<index_t>('S', m, n, a.data(), lda, s, u.data(), lda, vt.data(), ldvt, work.data(),
                                         static_cast<index_t>(work.size()), iwork.data());
    }
    lp::check_arguments(info, "gesdd", op);
    return info;
}


/// gelsd for every element type (`rwork` unused for real types). cxxlapack's
/// complex<float> overload passes LAPACK's cgelsd a const matrix where it takes a mutable
/// one and does not compile, so that type calls LAPACK directly.
template <class T, class R>
index_t gelsd(index_t m, index_t n, index_t k, T* a, index_t lda, T* b, index_t ldb, R* s, R rcond, index_t& rank,
              T* work, index_t lwork, R* rwork, index_t* iwork) {
    if constexpr (std::is_same_v<T, std::complex<float>>) {
        index_t info = 0;
        cxxlapack::LAPACK_IMPL(cgelsd)(&m, &n, &k, reinterpret_cast<float*>(a), &lda, reinterpret_cast<float*>(b), &ldb, s, &rcond,
                                       &rank, reinterpret_cast<float*>(work), &lwork, rwork, iwork, &info);
        return info;
    } else if constexpr (is_complex_v<T>) {
        return cxxlapack::gelsd<index_t>(m, n, k, a, lda, b, ldb, s, rcond, rank, work, lwork, rwork, iwork);
    } else {
        (void)rwork;
        return cxxlapack::gelsd<index_t>(m, n, k, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork);
    }
}

}  // namespace me::detail::solvers

namespace me::linalg {

/// NumPy's `linalg.det`: the determinant of each n x n matrix of a stack (..., n, n),
/// shape (...) (0-d for one matrix); ints and bool computed in float64, float32 and
/// complex kept. As NumPy, computed from the LU factorisation as sign * exp(log|det|); a
/// singular matrix gives 0. A real matrix tagged symmetric is factored by Cholesky.
/// FLOPs: `flops::det_cost(a.shape(), symmetric)`: n^3 per matrix (floor(n^3/3) when
/// tagged symmetric) times the number of matrices, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices; nothing charged.
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::lapack::compute_t<T>> det(const A& a_in) {
    using C = detail::lapack::compute_t<T>;
    constexpr auto id = detail::op_index("linalg.det");
    const auto& a = detail::contiguous(a_in);
    const auto s = detail::lapack::square_matrices(a.shape(), "linalg.det");
    const bool sym = detail::solvers::tagged_symmetric(a);
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::square_stack{
                           flops::detail::to_flops(s.count), s.rows, sym}),
                   detail::shape_details(a.xt().shape()));
    auto out = array<C>::uninitialized(s.batch, "linalg.det");
    std::vector<C> sign(s.count);
    std::vector<detail::real_t<C>> logabs(s.count);
    detail::solvers::slogdets(a, s, sym, sign.data(), logabs.data(), "linalg.det");
    C* o = out.data();
    for (std::size_t k = 0; k < s.count; ++k) o[k] = sign[k] * std::exp(logabs[k]);
    return out;
}

/// NumPy's `linalg.slogdet`: the sign and natural log of |det| of each matrix of a stack
/// (..., n, n), each of shape (...): `auto [sign, logabsdet] = me::linalg::slogdet(a)`.
/// A singular matrix gives sign 0 and logabsdet -inf. logabsdet is real (float32 for
/// float32 and complex64 input).
/// FLOPs: `flops::slogdet_cost(a.shape(), symmetric)`: as det, n^3 per matrix (floor(n^3/3)
/// when tagged symmetric), at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices; nothing charged.
template <detail::contract::number_array A, class T = detail::value_t<A>>
SlogdetResult<detail::lapack::compute_t<T>> slogdet(const A& a_in) {
    using C = detail::lapack::compute_t<T>;
    constexpr auto id = detail::op_index("linalg.slogdet");
    const auto& a = detail::contiguous(a_in);
    const auto s = detail::lapack::square_matrices(a.shape(), "linalg.slogdet");
    const bool sym = detail::solvers::tagged_symmetric(a);
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::square_stack{
                           flops::detail::to_flops(s.count), s.rows, sym}),
                   detail::shape_details(a.xt().shape()));
    SlogdetResult<C> r{array<C>::uninitialized(s.batch, "linalg.slogdet"),
                       array<detail::real_t<C>>::uninitialized(s.batch, "linalg.slogdet")};
    detail::solvers::slogdets(a, s, sym, r.sign.data(), r.logabsdet.data(), "linalg.slogdet");
    return r;
}

/// NumPy's `linalg.inv`: the inverse of each n x n matrix of a stack, same shape; ints
/// and bool computed in float64. NumPy's way: gesv against the identity. A real matrix
/// tagged symmetric is inverted through Cholesky (potrf + potri) and the result is tagged
/// symmetric too.
/// FLOPs: `flops::inv_cost(a.shape(), symmetric)`: n^3 per matrix (floor(n^3/3) +
/// floor(n^3/2) when tagged symmetric) times the number of matrices, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices (nothing
///         charged); me::LinAlgError "Singular matrix" when a matrix is exactly singular
///         (found by LAPACK: the charge has been made).
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::lapack::compute_t<T>> inv(const A& a_in) {
    using C = detail::lapack::compute_t<T>;
    namespace lp = detail::lapack;
    constexpr auto id = detail::op_index("linalg.inv");
    const auto& a = detail::contiguous(a_in);
    const auto s = lp::square_matrices(a.shape(), "linalg.inv");
    const bool sym = detail::solvers::tagged_symmetric(a);
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::square_stack{
                           flops::detail::to_flops(s.count), s.rows, sym}),
                   detail::shape_details(a.xt().shape()));
    return detail::solvers::invert<C>(a.data(), a.shape(), s.count, sym, "linalg.inv");
}

/// NumPy 1.24's `linalg.solve`: x with a @ x == b for each matrix of a stack a (..., n, n).
/// b is a stack of vectors (..., n) when b.ndim == a.ndim - 1, else a stack of matrices
/// (..., n, k); the batch axes broadcast. Result in NumPy's promotion of the two
/// element types (ints in float64). A real a tagged symmetric is solved by Cholesky.
/// FLOPs: `flops::solve_cost(a.shape(), b.shape(), symmetric)`: floor(2n^3/3) + n^2*k per
/// system (floor(n^3/3) + n*k when tagged symmetric; k = 1 for vectors) times the broadcast
/// batch count, at least 1.
/// @throws me::LinAlgError for a bad a, me::ValueError for a b that does not fit or batches
///         that do not broadcast (nothing charged); me::LinAlgError "Singular matrix" when a
///         matrix is exactly singular (found by LAPACK: the charge has been made).
template <detail::contract::number_array A, detail::contract::number_array B,
          class T = detail::lapack::compute_t<detail::contract::result_t<A, B>>>
array<T> solve(const A& a_in, const B& b_in) {
    namespace lp = detail::lapack;
    namespace fs = flops::detail::solvers;
    constexpr auto id = detail::op_index("linalg.solve");
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const shape_t as = a.shape(), bs = b.shape();
    (void)lp::square_matrices(as, "linalg.solve");  // LAPACK's 32-bit limits
    const bool sym = detail::solvers::tagged_symmetric(a);
    const auto sys = fs::systems_of(as, bs, "linalg.solve", sym);
    detail::charge(id, flops::op_cost<id>(sys), detail::shape_details(as, bs));
    return detail::solvers::solve_systems<T>(a, b, sys, "linalg.solve");
}

}  // namespace me::linalg

namespace me::linalg {

/// Options of `me::linalg::lstsq`: singular values below `rcond` times the largest are
/// taken as zero; unset, machine epsilon times max(m, n) (NumPy's `rcond=None`; NumPy
/// 1.24's default warns and then means the same).
struct lstsq_options {
    std::optional<double> rcond{};
};

/// The result of `me::linalg::lstsq`, NumPy's four values: the solution (n,) or (n, k),
/// the squared residual norms ((1,) or (k,) when a has full rank n < m, else empty), the
/// rank of a and its singular values (min(m, n)).
template <class T>
struct LstsqResult {
    array<T> x;
    array<detail::real_t<T>> residuals;
    std::int64_t rank = 0;
    array<detail::real_t<T>> s;
};

/// Options of `me::linalg::pinv`: singular values at most `rcond` times the largest are
/// dropped (NumPy's default 1e-15); `hermitian` is accepted as NumPy's (the values are
/// those of the SVD either way).
struct pinv_options {
    double rcond = 1e-15;
    bool hermitian = false;
};

/// NumPy 1.24's `linalg.lstsq(a, b, rcond=None)`: the least-squares solution of a x = b
/// for a (m, n) and b (m,) or (m, k), by gelsd (NumPy's routine):
/// `auto [x, residuals, rank, s] = me::linalg::lstsq(a, b)`.
/// FLOPs: `flops::lstsq_cost(a.shape(), b.shape())`: m*n*min(m, n) + 2*m*n*(k - 1) for a
/// b of k columns (k = 1 for a vector), at least 1.
/// @throws me::LinAlgError for a not 2-D, b not 1-D/2-D, rows that differ, or a NaN or
///         inf (NumPy's gelsd fails on them); nothing charged. me::LinAlgError "SVD did not
///         converge in Linear Least Squares" when LAPACK does not converge (charged).
template <detail::contract::number_array A, detail::contract::number_array B,
          class T = detail::lapack::compute_t<detail::contract::result_t<A, B>>>
LstsqResult<T> lstsq(const A& a_in, const B& b_in, const lstsq_options& options = {}) {
    namespace lp = detail::lapack;
    using R = detail::real_t<T>;
    constexpr auto id = detail::op_index("linalg.lstsq");
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const shape_t as = a.shape(), bs = b.shape();
    const auto st = flops::detail::solvers::lstsq_of(as, bs, "linalg.lstsq");
    (void)lp::matrices(as, "linalg.lstsq");
    if (!detail::norms::finite(a) || !detail::norms::finite(b))
        throw LinAlgError("linalg.lstsq: SVD did not converge in Linear Least Squares (the input holds NaN or inf)");
    detail::charge(id, flops::op_cost<id>(st), detail::shape_details(as, bs));
    const std::size_t m = as[0], n = as[1], k = bs.size() == 1 ? 1 : bs[1], ldb = std::max<std::size_t>({1, m, n});
    const auto mi = static_cast<lp::index_t>(m), ni = static_cast<lp::index_t>(n),
               ki = static_cast<lp::index_t>(std::max<std::size_t>(1, k));
    LstsqResult<T> r;
    r.s = array<R>::uninitialized(shape_t{std::min(m, n)}, "linalg.lstsq");
    shape_t xs{n};
    if (bs.size() == 2) xs.push_back(k);
    r.x = array<T>::uninitialized(xs, "linalg.lstsq");
    // gelsd wants a itself column-major (one copy, as NumPy's), and b in a max(m, n) x k buffer.
    // acol has a few elements more than a: OpenBLAS's complex gemv kernels (inside gelsd)
    // read 16 bytes past the last column (seen under valgrind), harmless but kept in bounds.
    std::vector<T> acol(m * n + 4), bcol(ldb * std::max<std::size_t>(1, k), T(0));
    lp::to_column_major(a.data(), m, n, acol.data(), std::max<std::size_t>(1, m));
    lp::to_column_major(b.data(), m, k, bcol.data(), ldb);
    lp::index_t rank = 0;
    if (m > 0 && n > 0) {  // k = 0: one zero column, so that rank and s are still a's (NumPy's way)
        const R rcond = options.rcond ? static_cast<R>(*options.rcond)
                                      : std::numeric_limits<R>::epsilon() * static_cast<R>(std::max(m, n));
        const auto lda = std::max<lp::index_t>(1, mi), ldbi = static_cast<lp::index_t>(ldb);
        // A workspace query first (work, rwork and iwork sizes), then the solve.
        T query{};
        R rquery{};
        lp::index_t iquery = 0;
        lp::index_t info = detail::solvers::gelsd(mi, ni, ki, acol.data(), lda, bcol.data(), ldbi, r.s.data(), rcond, rank,
                                                  &query, -1, &rquery, &iquery);
        lp::check_arguments(info, "gelsd", "linalg.lstsq");
        std::vector<T> work(static_cast<std::size_t>(lp::queried_size(query)));
        std::vector<R> rwork(static_cast<std::size_t>(lp::queried_size(rquery)));
        std::vector<lp::index_t> iwork(static_cast<std::size_t>(std::max<lp::index_t>(1, iquery)));
        info = detail::solvers::gelsd(mi, ni, ki, acol.data(), lda, bcol.data(), ldbi, r.s.data(), rcond, rank, work.data(),
                                      static_cast<lp::index_t>(work.size()), rwork.data(), iwork.data());
        lp::check_arguments(info, "gelsd", "linalg.lstsq");
        if (info > 0) throw LinAlgError("linalg.lstsq: SVD did not converge in Linear Least Squares");
    } else {
        std::fill(r.s.begin(), r.s.end(), R(0));
        std::fill(bcol.begin(), bcol.end(), T(0));  // NumPy: x is 0 when a or b is empty
    }
    r.rank = rank;
    lp::from_column_major(bcol.data(), n, k, ldb, r.x.data());
    // The residuals: rows n..m of gelsd's b hold a x - b's orthogonal part, when a has
    // full rank n < m (NumPy's rule); otherwise none.
    const bool full = static_cast<std::size_t>(rank) == n && m > n;
    r.residuals = array<R>::uninitialized(shape_t{full ? k : 0}, "linalg.lstsq");
    if (full)
        for (std::size_t j = 0; j < k; ++j) {
            R acc = 0;
            for (std::size_t i = n; i < m; ++i) acc += std::norm(bcol[j * ldb + i]);
            r.residuals.data()[j] = acc;
        }
    return r;
}

/// NumPy's `linalg.pinv(a, rcond=1e-15, hermitian=False)`: the Moore-Penrose pseudo-inverse
/// of each matrix of a stack (..., m, n), shape (..., n, m), from the thin SVD (gesdd):
/// singular values at most rcond times the largest are dropped.
/// FLOPs: `flops::pinv_cost(a.shape())`: m*n*min(m, n) per matrix, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions, or a NaN or inf (NumPy's SVD fails
///         on NaN and returns zeros for inf); nothing charged. me::LinAlgError "SVD did not
///         converge" when LAPACK does not converge (charged).
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::lapack::compute_t<T>> pinv(const A& a_in, const pinv_options& options = {}) {
    namespace lp = detail::lapack;
    using C = lp::compute_t<T>;
    using R = detail::real_t<C>;
    constexpr auto id = detail::op_index("linalg.pinv");
    const auto& a = detail::contiguous(a_in);
    const auto st = lp::matrices(a.shape(), "linalg.pinv");
    if (!detail::norms::finite(a)) throw LinAlgError("linalg.pinv: SVD did not converge (the input holds NaN or inf)");
    detail::charge(id, flops::op_cost<id>(flops::detail::solvers::spectral_of(a.shape())), detail::shape_details(a.xt().shape()));
    const std::size_t m = st.rows, n = st.cols, k = std::min(m, n);
    auto out = array<C>::uninitialized(lp::stacked(st.batch, {n, m}), "linalg.pinv");
    if (out.size() == 0) return out;
    if (k == 0) {
        std::fill(out.begin(), out.end(), C(0));
        return out;
    }
    std::vector<C> work, u, vt;
    std::vector<R> s(k);
    for (std::size_t b = 0; b < st.count; ++b) {
        if (detail::solvers::thin_svd(a.data() + b * m * n, m, n, work, s.data(), u, vt, "linalg.pinv") > 0)
            throw LinAlgError("linalg.pinv: SVD did not converge");
        // Aᵀ = U' S V'ᴴ, so A⁺ᵀ = conj(V') S⁺ U'ᵀ... written column-major as (A⁺)ᵀ's
        // storage: P (m x n) = V' S⁺ U'ᴴ, i.e. row-major A⁺ (n x m) with no transpose.
        const R cutoff = static_cast<R>(options.rcond) * s[0];
        for (std::size_t l = 0; l < k; ++l) {
            const R inv = s[l] > cutoff ? R(1) / s[l] : R(0);
            for (std::size_t j = 0; j < n; ++j) u[l * n + j] *= inv;  // U' (n x k): scale column l
        }
        C* p = out.data() + b * m * n;
        const auto mi = static_cast<lp::index_t>(m), ni = static_cast<lp::index_t>(n), ki = static_cast<lp::index_t>(k);
        // P = (V'ᴴ)ᴴ (m x k) * (U' S⁺)ᴴ (k x n), column-major.
        cxxblas::gemm(cxxblas::ColMajor, cxxblas::ConjTrans, cxxblas::ConjTrans, mi, ni, ki, C(1), vt.data(), ki,
                      u.data(), ni, C(0), p, mi);
    }
    return out;
}

/// NumPy's `linalg.matrix_power(a, k)`: a to the integer power k for each matrix of a
/// stack, by binary exponentiation (NumPy's products: k = 3 is (a a) a); k = 0 gives the
/// identity, k < 0 the power of the inverse. Same element type as a.
/// FLOPs: `flops::matrix_power_cost(a.shape(), k)`: (floor(log2 |k|) + popcount(|k|) - 1)
/// * 2n^3 per matrix, plus n^3 for the inverse when k < 0; at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices; me::ValueError
///         for k < 0 on integer or bool input (NumPy switches to float64 there; convert
///         first with astype<double>()); nothing charged. me::LinAlgError "Singular matrix"
///         for k < 0 and a singular matrix (charged).
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<T> matrix_power(const A& a_in, long long k) {
    namespace fs = flops::detail::solvers;
    constexpr auto id = detail::op_index("linalg.matrix_power");
    const auto& a = detail::contiguous(a_in);
    const auto st = detail::lapack::square_matrices(a.shape(), "linalg.matrix_power");
    if (k < 0 && !(std::is_floating_point_v<T> || detail::is_complex_v<T>))
        throw ValueError("linalg.matrix_power: a negative power of an integer matrix is a float matrix; convert it with astype<double>() first");
    detail::charge(id, flops::op_cost<id>(fs::power_stack{fs::square_of(a.shape(), "linalg.matrix_power", false), k}),
                   detail::shape_details(a.xt().shape()));
    const std::size_t n = st.rows;
    const auto product = [&](const array<T>& x, const array<T>& y) {
        return detail::contract::run_uncharged(detail::contract::matmul_form("linalg.matrix_power", x.shape(), y.shape()), x, y);
    };
    if (k == 0) {
        auto out = array<T>::uninitialized(a.shape(), "linalg.matrix_power");
        std::fill(out.begin(), out.end(), T(0));
        for (std::size_t b = 0; b < st.count; ++b)
            for (std::size_t i = 0; i < n; ++i) out.data()[b * n * n + i * n + i] = T(1);
        return out;
    }
    array<T> base = a;
    if constexpr (std::is_floating_point_v<T> || detail::is_complex_v<T>)
        if (k < 0) base = detail::solvers::invert<T>(a.data(), a.shape(), st.count, false, "linalg.matrix_power");
    unsigned long long m = k < 0 ? 0ULL - static_cast<unsigned long long>(k) : static_cast<unsigned long long>(k);
    if (m == 1) return base;
    if (m == 2) return product(base, base);
    if (m == 3) return product(product(base, base), base);
    std::optional<array<T>> z, result;
    while (m > 0) {
        z = z ? product(*z, *z) : base;
        const bool bit = m & 1ULL;
        m >>= 1;
        if (bit) result = result ? product(*result, *z) : *z;
    }
    return *result;
}

/// NumPy's `linalg.tensorinv(a, ind=2)`: the inverse of a under tensordot over `ind`
/// axes: a reshaped to (prod(a.shape[ind:]), -1), inverted, reshaped to
/// a.shape[ind:] + a.shape[:ind].
/// FLOPs: `flops::tensorinv_cost(a.shape(), ind)`: n^3 for n = prod(a.shape[ind:]), at least 1.
/// @throws me::ValueError for ind <= 0 or a shape that does not reshape, me::LinAlgError
///         when it does not reshape to a square matrix; nothing charged. me::LinAlgError
///         "Singular matrix" (charged).
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::lapack::compute_t<T>> tensorinv(const A& a_in, int ind = 2) {
    using C = detail::lapack::compute_t<T>;
    constexpr auto id = detail::op_index("linalg.tensorinv");
    const auto& a = detail::contiguous(a_in);
    const shape_t shape = a.shape();
    const std::size_t n = flops::detail::solvers::tensorinv_n(shape, ind, "linalg.tensorinv");
    (void)detail::lapack::square_matrices({n, n}, "linalg.tensorinv");
    detail::charge(id, flops::op_cost<id>(n), detail::shape_details(a.xt().shape()));
    auto out = detail::solvers::invert<C>(a.data(), shape_t{n, n}, 1, false, "linalg.tensorinv");
    const auto split = static_cast<std::ptrdiff_t>(std::min<std::size_t>(static_cast<std::size_t>(ind), shape.size()));
    shape_t inv_shape(shape.begin() + split, shape.end());
    inv_shape.insert(inv_shape.end(), shape.begin(), shape.begin() + split);
    out.xt().reshape(inv_shape);
    return out;
}

/// NumPy's `linalg.tensorsolve(a, b, axes)`: x with tensordot(a, x, x.ndim) == b; the axes
/// of a in `axes` are moved to the end first. a is reshaped to an n x n matrix with n =
/// prod(b.shape) and solved by LU; x has the shape of a's trailing a.ndim - b.ndim axes.
/// FLOPs: `flops::tensorsolve_cost(a.shape(), b.shape())`: n^3, at least 1.
/// @throws me::LinAlgError when a's shape does not fit b's (NumPy's message), me::ValueError
///         when b's size differs from n, me::AxisError for a bad axis; nothing charged.
///         me::LinAlgError "Singular matrix" (charged).
template <detail::contract::number_array A, detail::contract::number_array B,
          class T = detail::lapack::compute_t<detail::contract::result_t<A, B>>>
array<T> tensorsolve(const A& a_in, const B& b_in, std::optional<std::vector<int>> axes = std::nullopt) {
    constexpr auto id = detail::op_index("linalg.tensorsolve");
    const auto& a0 = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    shape_t as = a0.shape();
    std::vector<std::size_t> order;
    for (std::size_t d = 0; d < as.size(); ++d) order.push_back(d);
    if (axes)  // NumPy: each axis removed and appended at the end, in turn
        for (int ax : *axes) {
            const std::size_t d = detail::normalize_axis(ax, as.size(), "linalg.tensorsolve");
            order.erase(std::find(order.begin(), order.end(), d));
            order.push_back(d);
        }
    shape_t moved;
    for (auto d : order) moved.push_back(as[d]);
    const shape_t bs = b.shape();
    const std::size_t n = flops::detail::solvers::tensorsolve_n(moved, bs, "linalg.tensorsolve");
    (void)detail::lapack::square_matrices({n, n}, "linalg.tensorsolve");
    detail::charge(id, flops::op_cost<id>(n), detail::shape_details(as, bs));
    // a with its axes in `order`, as an n x n matrix (a free transpose, then one copy).
    std::vector<std::size_t> perm(order.begin(), order.end());
    const array<detail::value_t<A>> a = axes ? array<detail::value_t<A>>(xt::transpose(a0.xt(), perm)) : a0;
    array<detail::value_t<A>> square(a);
    square.xt().reshape({n, n});
    array<detail::value_t<B>> rhs(b);
    rhs.xt().reshape({n});
    flops::detail::solvers::system_stack sys;
    sys.n = n;
    sys.vector_b = true;
    auto x = detail::solvers::solve_systems<T>(square, rhs, sys, "linalg.tensorsolve");
    const std::size_t tail = moved.size() >= bs.size() ? moved.size() - bs.size() : 0;
    x.xt().reshape(shape_t(moved.end() - static_cast<std::ptrdiff_t>(tail == 0 ? moved.size() : tail), moved.end()));
    return x;
}

}  // namespace me::linalg

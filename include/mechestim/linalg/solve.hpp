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
#include <vector>

#include "../array.hpp"
#include "../budget.hpp"
#include "../contractions.hpp"
#include "../errors.hpp"
#include "../view.hpp"
#include "../detail/lapack.hpp"
#include "../detail/ufunc.hpp"
#include "../flops/solve.hpp"

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
    auto out = array<C>::uninitialized(a.shape(), "linalg.inv");
    const std::size_t n = s.rows;
    const auto ni = static_cast<lp::index_t>(n);
    const lp::index_t ld = std::max<lp::index_t>(1, ni);
    std::vector<C> work(n * n);
    std::vector<lp::index_t> ipiv(n);
    bool still_symmetric = sym;
    for (std::size_t k = 0; k < s.count; ++k) {
        const T* m = a.data() + k * n * n;
        C* x = out.data() + k * n * n;
        if constexpr (detail::solvers::cholesky_applies<C>) {
            if (sym) {  // in place in the result: potrf, potri, then mirror the lower triangle
                detail::solvers::load(m, n, x);
                lp::index_t info = cxxlapack::potrf<lp::index_t>('L', ni, x, ld);
                lp::check_arguments(info, "potrf", "linalg.inv");
                if (info == 0) {
                    info = cxxlapack::potri<lp::index_t>('L', ni, x, ld);
                    lp::check_arguments(info, "potri", "linalg.inv");
                    for (std::size_t j = 0; j < n; ++j)
                        for (std::size_t i = j + 1; i < n; ++i) x[i * n + j] = x[j * n + i];
                    continue;
                }
                still_symmetric = false;  // LU's inverse is symmetric only up to rounding
            }
        }
        detail::solvers::load(m, n, work.data());
        std::fill(x, x + n * n, C(0));
        for (std::size_t i = 0; i < n; ++i) x[i * n + i] = C(1);
        const lp::index_t info = n == 0 ? 0 : cxxlapack::gesv<lp::index_t>(ni, ni, work.data(), ld, ipiv.data(), x, ld);
        lp::check_arguments(info, "gesv", "linalg.inv");
        if (info > 0) throw LinAlgError("linalg.inv: Singular matrix");
    }
    if (still_symmetric && a.ndim() >= 2) detail::symmetry_access::set(out, {{a.ndim() - 2, a.ndim() - 1}});
    return out;
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
    const std::size_t n = sys.n, nrhs = sys.nrhs, core = sys.vector_b ? 1 : 2;
    shape_t out_shape = sys.batch;
    out_shape.push_back(n);
    if (!sys.vector_b) out_shape.push_back(nrhs);
    auto out = array<T>::uninitialized(out_shape, "linalg.solve");
    const std::size_t count = detail::numel(sys.batch);
    if (count == 0 || n == 0 || nrhs == 0) return out;
    const auto from_a = detail::solvers::broadcast_sources(sys.batch, shape_t(as.begin(), as.end() - 2));
    const auto from_b = detail::solvers::broadcast_sources(
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
        detail::solvers::load(m, n, work.data());
        const auto [lu, info] = detail::solvers::factor(m, n, work.data(), ipiv.data(), sym, "linalg.solve");
        if (info > 0) throw LinAlgError("linalg.solve: Singular matrix");
        lp::index_t st = 0;
        if (lu) st = cxxlapack::getrs<lp::index_t>('T', ni, ki, work.data(), ni, ipiv.data(), col, ni);
        else st = cxxlapack::potrs<lp::index_t>('L', ni, ki, work.data(), ni, col, ni);
        lp::check_arguments(st, lu ? "getrs" : "potrs", "linalg.solve");
        if (!sys.vector_b) lp::from_column_major(col, n, nrhs, n, x);
    }
    return out;
}

}  // namespace me::linalg

/// @file linalg/decompositions.hpp
/// @brief The decompositions of `me::linalg`: svd, svdvals, cholesky, qr, eig, eigvals, eigh, eigvalsh (on LAPACK, detail/lapack.hpp).
///
/// LAPACK directly (cxxlapack's typed overloads; xtensor-blas's wrappers would need
/// column-major containers, a copy more than NumPy makes), the routines NumPy 1.24 uses:
/// gesdd (svd, svdvals), potrf (cholesky), geqrf + orgqr/ungqr (qr), geev (eig, eigvals),
/// syevd/heevd (eigh, eigvalsh). Every op takes a stack (..., m, n) as NumPy does, computes
/// in NumPy's element type (float32, float64, complex kept; ints and bool in float64), and
/// takes arrays or views.
///
/// The order of every op: shape and argument checks (nothing charged when they fail), the
/// NaN checks NumPy makes before LAPACK (nothing charged), the result arrays allocated, the
/// registry formula charged, then LAPACK, one matrix at a time with workspaces queried and
/// allocated once per stack. A failure only LAPACK finds (no convergence, not positive
/// definite) raises me::LinAlgError with NumPy's message after the charge.
///
/// Our row-major matrix read as column-major is its transpose, and most ops use that
/// instead of transposing on the way in: svd of Aᵀ = V S Uᵀ hands back U and Vh already in
/// row-major order; a Hermitian A read column-major is conj(A), whose Cholesky factor and
/// eigenvalues follow by swapping UPLO; eig of Aᵀ gives A's eigenvalues and, as left
/// eigenvectors, the conjugates of A's right ones. Only qr needs a true column-major copy.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../array.hpp"
#include "../budget.hpp"
#include "../detail/lapack.hpp"
#include "../errors.hpp"
#include "../flops/decompositions.hpp"
#include "../shape.hpp"
#include "../view.hpp"

namespace me::linalg {

/// The result of `me::linalg::svd`: A = U @ diag(S) @ Vh for each matrix (NumPy's SVDResult).
/// S is real and descending. With `compute_uv = false`, U and Vh are empty (shape (0,)).
template <class T>
struct SVDResult {
    array<T> U;
    array<detail::real_t<T>> S;
    array<T> Vh;
};

/// The result of `me::linalg::qr` (NumPy's QRResult): A = Q @ R. Mode "r" leaves Q empty
/// (shape (0,)); mode "raw" holds NumPy's (h, tau) in (Q, R), so `auto [h, tau] = qr(a, "raw")`.
template <class T>
struct QRResult {
    array<T> Q;
    array<T> R;
};

/// The result of `me::linalg::eig` (NumPy's EigResult): A @ v = w v for each eigenvalue w
/// and unit eigenvector column v. Always complex (NumPy returns real arrays when every
/// eigenvalue happens to be real; a C++ type cannot depend on the values).
template <class T>
struct EigResult {
    array<std::complex<detail::real_t<T>>> eigenvalues;
    array<std::complex<detail::real_t<T>>> eigenvectors;
};

/// The result of `me::linalg::eigh` (NumPy's EighResult): real eigenvalues, ascending, and
/// orthonormal eigenvector columns.
template <class T>
struct EighResult {
    array<detail::real_t<T>> eigenvalues;
    array<T> eigenvectors;
};

/// Options of `me::linalg::svd` (NumPy's keywords, and the reference's top-k).
struct svd_options {
    bool full_matrices = true;      ///< U is m x m and Vh n x n (else m x k and k x n)
    bool compute_uv = true;         ///< false: S only (as svdvals)
    std::optional<std::size_t> k{}; ///< top-k: U[..., :k], S[..., :k], Vh[..., :k, :]; 1 <= k <= min(m, n)
    bool hermitian = false;         ///< A is Hermitian (its lower triangle is read): NumPy's eigh-based SVD
};

/// Options of `me::linalg::qr`: NumPy's mode, "reduced", "complete", "r" or "raw".
struct qr_options {
    std::string_view mode = "reduced";
};

/// Options of `me::linalg::eigh` and `eigvalsh`: which triangle is read, "L" or "U".
struct eigh_options {
    std::string_view UPLO = "L";
};

}  // namespace me::linalg

namespace me::detail::decompositions {

using lapack::index_t;

/// An array or a view of numbers (ints and bool are computed in float64, as NumPy does).
template <class A>
concept matrix_input = array_like<A> && (std::is_arithmetic_v<value_t<A>> || is_complex_v<value_t<A>>);

template <class A>
using compute_t = lapack::compute_t<value_t<A>>;

inline index_t dim(std::size_t n) { return static_cast<index_t>(n); }
/// A leading dimension: LAPACK wants at least 1, even for an empty matrix.
inline index_t ld(std::size_t n) { return std::max<index_t>(1, static_cast<index_t>(n)); }

inline flops::detail::matrix_stack_dims cost_dims(const lapack::matrix_stack& s) {
    return {flops::detail::to_flops(s.count), s.rows, s.cols};
}

/// Charges op `Id` its formula on the stack (extra formula arguments after it), logging the input shape.
template <op_id Id, class... Extra>
void charge_stack(const shape_t& shape, const lapack::matrix_stack& s, const Extra&... extra) {
    charge(Id, flops::op_cost<Id>(cost_dims(s), extra...), [&](OpRecord& rec) { rec.shapes = {shape}; });
}

/// LAPACK's report of a failure found in the data: NumPy's LinAlgError text.
inline void check_info(index_t info, std::string_view routine, std::string_view op, std::string_view message) {
    lapack::check_arguments(info, routine, op);
    if (info > 0) throw LinAlgError(cat(op, ": ", message));
}

/// Copies (converting) n elements: the one copy an op makes of each input matrix, since
/// LAPACK overwrites what it is given.
template <class T, class S>
void load(const S* src, std::size_t n, T* dst) {
    for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<T>(src[i]);
}

template <class S>
bool any_nan(const S* p, std::size_t n) {
    if constexpr (std::is_integral_v<S>) {
        return false;
    } else {
        for (std::size_t i = 0; i < n; ++i)
            if (p[i] != p[i]) return true;  // NaN, complex included
        return false;
    }
}

/// Whether every element of the triangle eigh reads (row-major, `lower`: i >= j) of every
/// matrix of the stack is finite.
template <class S>
bool triangles_finite(const S* p, const lapack::matrix_stack& s, bool lower) {
    if constexpr (std::is_integral_v<S>) {
        return true;
    } else {
        const std::size_t n = s.rows;
        for (std::size_t k = 0; k < s.count; ++k, p += n * n)
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t from = lower ? 0 : i, to = lower ? i + 1 : n;
                if (!lapack::all_finite(p + i * n + from, to - from)) return false;
            }
        return true;
    }
}

/// The conjugate of a value (itself when real).
template <class T>
T conj_of(const T& v) {
    if constexpr (is_complex_v<T>) return std::conj(v);
    else return v;
}

/// Transposes (and conjugates, for complex) an n x n matrix in place: a column-major
/// result of LAPACK into our row-major order.
template <class T>
void adjoint_in_place(T* a, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        a[i * n + i] = conj_of(a[i * n + i]);
        for (std::size_t j = i + 1; j < n; ++j) {
            const T upper = a[i * n + j];
            a[i * n + j] = conj_of(a[j * n + i]);
            a[j * n + i] = conj_of(upper);
        }
    }
}

/// Fills a stack of n x n matrices with identities (what NumPy returns for the unused
/// factor of an empty matrix's SVD).
template <class T>
void identities(array<T>& out, std::size_t n) {
    std::fill(out.begin(), out.end(), T(0));
    for (std::size_t k = 0; k * n * n < out.size(); ++k)
        for (std::size_t i = 0; i < n; ++i) out.data()[k * n * n + i * n + i] = T(1);
}

// --------------------------------------------------------------------------------------
// svd: gesdd on the row-major matrix, i.e. on Aᵀ (n x m column-major). Aᵀ = conj(V) S Uᵀ,
// so gesdd's "U" (n x n or n x k, column-major) is Vh in row-major order and its "VT"
// (m x m or k x m) is U in row-major order: both are written straight into the results.

template <class T>
struct svd_kernel {
    using R = real_t<T>;
    index_t m, n, k;  // LAPACK's view: the transpose, m = our cols, n = our rows
    char jobz;        // 'A' full factors, 'S' reduced, 'N' singular values only
    std::string_view op;
    std::vector<T> a, work;
    std::vector<R> rwork;
    std::vector<index_t> iwork;

    svd_kernel(std::size_t rows, std::size_t cols, char job, std::string_view op_name)
        : m(dim(cols)), n(dim(rows)), k(std::min(m, n)), jobz(job), op(op_name), a(rows * cols),
          iwork(static_cast<std::size_t>(8 * k)) {
        if constexpr (is_complex_v<T>) {
            const std::size_t mn = static_cast<std::size_t>(k), mx = static_cast<std::size_t>(std::max(m, n));
            rwork.resize(jobz == 'N' ? 7 * mn : std::max(5 * mn * mn + 5 * mn, 2 * mx * mn + 2 * mn * mn + mn));
        }
        T query{};
        lapack::check_arguments(call(nullptr, nullptr, nullptr, &query, -1), "gesdd", op);
        work.resize(static_cast<std::size_t>(lapack::queried_size(query)));
    }

    index_t call(R* s, T* lapack_u, T* lapack_vt, T* w, index_t lwork) {
        const index_t ldu = ld(static_cast<std::size_t>(m)), ldvt = jobz == 'A' ? ld(static_cast<std::size_t>(n)) : ld(static_cast<std::size_t>(k));
        if constexpr (is_complex_v<T>)
            return cxxlapack::gesdd<index_t>(jobz, m, n, a.data(), ld(static_cast<std::size_t>(m)), s, lapack_u, ldu,
                                             lapack_vt, ldvt, w, lwork, rwork.data(), iwork.data());
        else
            return cxxlapack::gesdd<index_t>(jobz, m, n, a.data(), ld(static_cast<std::size_t>(m)), s, lapack_u, ldu,
                                             lapack_vt, ldvt, w, lwork, iwork.data());
    }

    /// One matrix: U (rows x rows or rows x k), s, Vh (cols x cols or k x cols), row-major
    /// (u and vh unused with 'N').
    template <class S>
    void operator()(const S* matrix, T* u, R* s, T* vh) {
        load(matrix, a.size(), a.data());
        check_info(call(s, vh, u, work.data(), static_cast<index_t>(work.size())), "gesdd", op, "SVD did not converge");
    }
};

/// The first `k` singular values of each matrix of a stack into out (k per matrix):
/// gesdd 'N', one workspace for the whole stack. svdvals and svd without U and Vh.
template <class T, class S>
void stack_singular_values(const array<S>& a, const lapack::matrix_stack& s, std::size_t k, real_t<T>* out,
                           std::string_view op) {
    const std::size_t full = std::min(s.rows, s.cols);
    if (full == 0) return;
    svd_kernel<T> kernel(s.rows, s.cols, 'N', op);
    std::vector<real_t<T>> all(full);
    for (std::size_t i = 0; i < s.count; ++i) {
        kernel(a.data() + i * s.matrix_size(), nullptr, all.data(), nullptr);
        std::copy_n(all.begin(), k, out + i * k);
    }
}

template <class T, class S>
linalg::SVDResult<T> svd_hermitian(const array<S>& a, const lapack::matrix_stack& s, std::size_t k, bool uv);

template <class T, class S>
linalg::SVDResult<T> svd(const array<S>& a, const linalg::svd_options& o) {
    constexpr op_id id = op_index("linalg.svd");
    const shape_t& shape = a.shape();
    const auto s = lapack::matrices(shape, "linalg.svd");
    const std::size_t full = std::min(s.rows, s.cols), k = flops::detail::svd_rank(s.rows, s.cols, o.k);
    if (o.hermitian) return svd_hermitian<T>(a, s, k, o.compute_uv);
    if (any_nan(a.data(), a.size())) throw LinAlgError("linalg.svd: SVD did not converge");  // NumPy's answer to NaN
    linalg::SVDResult<T> r;
    r.S = array<real_t<T>>::uninitialized(lapack::stacked(s.batch, {k}), "linalg.svd");
    if (!o.compute_uv) {
        charge_stack<id>(shape, s, k);
        stack_singular_values<T>(a, s, k, r.S.data(), "linalg.svd");
        return r;
    }
    // Top-k is the reduced SVD cut to k: it needs the full reduced factors as scratch.
    const bool full_uv = o.full_matrices && !o.k, cut = k < full;
    const std::size_t ucols = full_uv ? s.rows : full, vrows = full_uv ? s.cols : full;
    r.U = array<T>::uninitialized(lapack::stacked(s.batch, {s.rows, cut ? k : ucols}), "linalg.svd");
    r.Vh = array<T>::uninitialized(lapack::stacked(s.batch, {cut ? k : vrows, s.cols}), "linalg.svd");
    charge_stack<id>(shape, s, k);
    if (full == 0) {  // NumPy: the square factors of an empty matrix are identities
        if (full_uv) {
            identities(r.U, s.rows);
            identities(r.Vh, s.cols);
        }
        return r;
    }
    svd_kernel<T> kernel(s.rows, s.cols, full_uv ? 'A' : 'S', "linalg.svd");
    std::vector<T> u_all(cut ? s.rows * full : 0), vh_all(cut ? full * s.cols : 0);
    std::vector<real_t<T>> s_all(cut ? full : 0);
    for (std::size_t i = 0; i < s.count; ++i) {
        const S* m = a.data() + i * s.matrix_size();
        if (!cut) {
            kernel(m, r.U.data() + i * s.rows * ucols, r.S.data() + i * full, r.Vh.data() + i * vrows * s.cols);
            continue;
        }
        kernel(m, u_all.data(), s_all.data(), vh_all.data());
        T* u = r.U.data() + i * s.rows * k;
        for (std::size_t row = 0; row < s.rows; ++row) std::copy_n(u_all.data() + row * full, k, u + row * k);
        std::copy_n(s_all.data(), k, r.S.data() + i * k);
        std::copy_n(vh_all.data(), k * s.cols, r.Vh.data() + i * k * s.cols);  // the first k rows
    }
    return r;
}

template <class T, class S>
array<real_t<T>> svdvals(const array<S>& a) {
    constexpr op_id id = op_index("linalg.svdvals");
    const auto s = lapack::matrices(a.shape(), "linalg.svdvals");
    if (any_nan(a.data(), a.size())) throw LinAlgError("linalg.svdvals: SVD did not converge");
    const std::size_t k = std::min(s.rows, s.cols);
    auto out = array<real_t<T>>::uninitialized(lapack::stacked(s.batch, {k}), "linalg.svdvals");
    charge_stack<id>(a.shape(), s);
    stack_singular_values<T>(a, s, k, out.data(), "linalg.svdvals");
    return out;
}

// --------------------------------------------------------------------------------------
// cholesky: the row-major A read column-major is Aᵀ = conj(A) for a Hermitian A; its
// upper triangle is A's lower one (what NumPy reads). potrf('U') gives conj(A) = Uᴴ U, so
// A = Uᵀ conj(U) = L Lᴴ with L = Uᵀ: the buffer read row-major is L, in place.

template <class T, class S>
array<T> cholesky(const array<S>& a) {
    constexpr op_id id = op_index("linalg.cholesky");
    const auto s = lapack::square_matrices(a.shape(), "linalg.cholesky");
    auto out = array<T>::uninitialized(a.shape(), "linalg.cholesky");
    charge_stack<id>(a.shape(), s);
    const std::size_t n = s.rows;
    if (n == 0) return out;
    load(a.data(), a.size(), out.data());
    for (std::size_t k = 0; k < s.count; ++k) {
        T* l = out.data() + k * n * n;
        check_info(cxxlapack::potrf<index_t>('U', dim(n), l, ld(n)), "potrf", "linalg.cholesky",
                   "Matrix is not positive definite");
        for (std::size_t i = 0; i < n; ++i) std::fill(l + i * n + i + 1, l + (i + 1) * n, T(0));
    }
    return out;
}

// --------------------------------------------------------------------------------------
// qr: Householder QR needs A itself column-major (Aᵀ's QR is not A's), so the one copy
// transposes. NumPy's raw h is that column-major buffer read row-major, shape (n, m).

enum class qr_mode { reduced, complete, r, raw };

inline qr_mode parse_qr_mode(std::string_view mode) {
    if (mode == "reduced") return qr_mode::reduced;
    if (mode == "complete") return qr_mode::complete;
    if (mode == "r") return qr_mode::r;
    if (mode == "raw") return qr_mode::raw;
    throw ValueError(cat("linalg.qr: Unrecognized mode '", mode, "' (expected 'reduced', 'complete', 'r' or 'raw')"));
}

template <class T>
struct qr_kernel {
    index_t m, n, k, qcols;
    std::vector<T> tau, work;

    qr_kernel(std::size_t rows, std::size_t cols, std::size_t q_columns)
        : m(dim(rows)), n(dim(cols)), k(std::min(m, n)), qcols(dim(q_columns)), tau(std::max<std::size_t>(1, std::min(rows, cols))) {
        T query{};
        index_t info = cxxlapack::geqrf<index_t>(m, n, nullptr, ld(rows), tau.data(), &query, -1);
        lapack::check_arguments(info, "geqrf", "linalg.qr");
        index_t size = lapack::queried_size(query);
        if (qcols > 0) {
            info = generate(nullptr, &query, -1);
            lapack::check_arguments(info, "orgqr", "linalg.qr");
            size = std::max(size, lapack::queried_size(query));
        }
        work.resize(static_cast<std::size_t>(size));
    }

    /// Q's first `qcols` columns from the reflectors in q (column-major, m x qcols).
    index_t generate(T* q, T* w, index_t lwork) {
        if constexpr (is_complex_v<T>) return cxxlapack::ungqr<index_t>(m, qcols, k, q, ld(static_cast<std::size_t>(m)), tau.data(), w, lwork);
        else return cxxlapack::orgqr<index_t>(m, qcols, k, q, ld(static_cast<std::size_t>(m)), tau.data(), w, lwork);
    }

    void factor(T* a) {
        const index_t info = cxxlapack::geqrf<index_t>(m, n, a, ld(static_cast<std::size_t>(m)), tau.data(), work.data(),
                                                       static_cast<index_t>(work.size()));
        lapack::check_arguments(info, "geqrf", "linalg.qr");
    }

    void form_q(T* q) {
        lapack::check_arguments(generate(q, work.data(), static_cast<index_t>(work.size())), "orgqr", "linalg.qr");
    }
};

template <class T, class S>
linalg::QRResult<T> qr(const array<S>& a, std::string_view mode_text) {
    constexpr op_id id = op_index("linalg.qr");
    const auto s = lapack::matrices(a.shape(), "linalg.qr");
    const qr_mode mode = parse_qr_mode(mode_text);
    const std::size_t m = s.rows, n = s.cols, k = std::min(m, n);
    const std::size_t qcols = mode == qr_mode::complete ? m : mode == qr_mode::reduced ? k : 0;
    const std::size_t rrows = mode == qr_mode::complete ? m : k;
    linalg::QRResult<T> r;
    if (mode == qr_mode::raw) {
        r.Q = array<T>::uninitialized(lapack::stacked(s.batch, {n, m}), "linalg.qr");
        r.R = array<T>::uninitialized(lapack::stacked(s.batch, {k}), "linalg.qr");
    } else {
        if (mode != qr_mode::r) r.Q = array<T>::uninitialized(lapack::stacked(s.batch, {m, qcols}), "linalg.qr");
        r.R = array<T>::uninitialized(lapack::stacked(s.batch, {rrows, n}), "linalg.qr");
    }
    charge_stack<id>(a.shape(), s);
    qr_kernel<T> kernel(m, n, qcols);
    std::vector<T> buf(mode == qr_mode::raw ? 0 : m * n), q(qcols > 0 ? std::max(qcols, n) * m : 0);
    for (std::size_t b = 0; b < s.count; ++b) {
        T* h = mode == qr_mode::raw ? r.Q.data() + b * m * n : buf.data();
        lapack::to_column_major(a.data() + b * m * n, m, n, h, std::max<std::size_t>(1, m));
        kernel.factor(h);
        if (mode == qr_mode::raw) {
            std::copy_n(kernel.tau.data(), k, r.R.data() + b * k);
            continue;
        }
        T* rr = r.R.data() + b * rrows * n;
        for (std::size_t i = 0; i < rrows; ++i)
            for (std::size_t j = 0; j < n; ++j) rr[i * n + j] = i <= j && i < k ? h[i + j * m] : T(0);
        if (qcols == 0) continue;
        // Q needs qcols >= the reflectors' columns: complete mode of a tall matrix widens it.
        std::copy_n(h, std::min(qcols, n) * m, q.data());
        kernel.form_q(q.data());
        lapack::from_column_major(q.data(), m, qcols, std::max<std::size_t>(1, m), r.Q.data() + b * m * qcols);
    }
    return r;
}

// --------------------------------------------------------------------------------------
// eig: geev on the row-major A, i.e. on Aᵀ. Same eigenvalues; a left eigenvector u of Aᵀ
// (uᴴ Aᵀ = w uᴴ) transposes to A conj(u) = w conj(u), so A's right eigenvectors are the
// conjugated left ones of Aᵀ (LAPACK normalises both kinds alike: unit norm, largest
// component real).

template <class T>
struct eig_kernel {
    using R = real_t<T>;
    using C = std::complex<R>;
    index_t n;
    char jobvl;
    std::vector<T> a, vl, work;
    std::vector<R> wr, wi, rwork;
    std::vector<C> w;

    eig_kernel(std::size_t size, bool vectors)
        : n(dim(size)), jobvl(vectors ? 'V' : 'N'), a(size * size), vl(vectors ? size * size : 1) {
        if constexpr (is_complex_v<T>) {
            w.resize(size);
            rwork.resize(std::max<std::size_t>(1, 2 * size));
        } else {
            wr.resize(size);
            wi.resize(size);
        }
        T query{};
        lapack::check_arguments(call(&query, -1), "geev", "linalg.eig");
        work.resize(static_cast<std::size_t>(lapack::queried_size(query)));
    }

    index_t call(T* wk, index_t lwork) {
        T* no_vr = nullptr;
        if constexpr (is_complex_v<T>)
            return cxxlapack::geev<index_t>(jobvl, 'N', n, a.data(), ld(static_cast<std::size_t>(n)), w.data(), vl.data(),
                                            ld(static_cast<std::size_t>(n)), no_vr, 1, wk, lwork, rwork.data());
        else
            return cxxlapack::geev<index_t>(jobvl, 'N', n, a.data(), ld(static_cast<std::size_t>(n)), wr.data(), wi.data(),
                                            vl.data(), ld(static_cast<std::size_t>(n)), no_vr, 1, wk, lwork);
    }

    /// One matrix: its eigenvalues into `values`, and when asked the eigenvectors (row-major, columns) into `vectors`.
    template <class S>
    void operator()(const S* matrix, C* values, C* vectors) {
        const std::size_t sz = static_cast<std::size_t>(n);
        load(matrix, a.size(), a.data());
        check_info(call(work.data(), static_cast<index_t>(work.size())), "geev", "linalg.eig",
                   "Eigenvalues did not converge");
        if constexpr (is_complex_v<T>) {
            std::copy(w.begin(), w.end(), values);
            if (vectors)
                for (std::size_t j = 0; j < sz; ++j)
                    for (std::size_t i = 0; i < sz; ++i) vectors[i * sz + j] = std::conj(vl[i + j * sz]);
        } else {
            for (std::size_t j = 0; j < sz; ++j) values[j] = C(wr[j], wi[j]);
            if (!vectors) return;
            for (std::size_t j = 0; j < sz; ++j) {
                if (wi[j] == R(0)) {
                    for (std::size_t i = 0; i < sz; ++i) vectors[i * sz + j] = C(vl[i + j * sz], 0);
                    continue;
                }
                // A complex pair (wi[j] > 0): Aᵀ's left vectors are vl_j ± i vl_{j+1};
                // conjugated, A's right ones are vl_j ∓ i vl_{j+1}.
                for (std::size_t i = 0; i < sz; ++i) {
                    const R re = vl[i + j * sz], im = vl[i + (j + 1) * sz];
                    vectors[i * sz + j] = C(re, -im);
                    vectors[i * sz + j + 1] = C(re, im);
                }
                ++j;
            }
        }
    }
};

/// eig and eigvals: NumPy refuses NaN and inf before LAPACK (geev would return garbage).
template <op_id Id, class T, class S>
linalg::EigResult<T> eig(const array<S>& a, bool vectors) {
    using C = std::complex<real_t<T>>;
    const std::string_view op = op_name(Id);
    const auto s = lapack::square_matrices(a.shape(), op);
    if (!lapack::all_finite(a.data(), a.size())) throw LinAlgError(cat(op, ": Array must not contain infs or NaNs"));
    const std::size_t n = s.rows;
    linalg::EigResult<T> r;
    r.eigenvalues = array<C>::uninitialized(lapack::stacked(s.batch, {n}), op);
    if (vectors) r.eigenvectors = array<C>::uninitialized(a.shape(), op);
    charge_stack<Id>(a.shape(), s);
    if (n == 0) return r;
    eig_kernel<T> kernel(n, vectors);
    for (std::size_t i = 0; i < s.count; ++i)
        kernel(a.data() + i * n * n, r.eigenvalues.data() + i * n, vectors ? r.eigenvectors.data() + i * n * n : nullptr);
    return r;
}

// --------------------------------------------------------------------------------------
// eigh: A read column-major is conj(A) (= A when real), whose eigenvalues are A's; UPLO
// swaps ("L" of A is "U" of the buffer). The eigenvectors of conj(A) are the conjugates
// of A's, so the column-major result becomes ours by an in-place conjugate transpose.

template <class T>
struct eigh_kernel {
    using R = real_t<T>;
    index_t n;
    char jobz, uplo;
    std::vector<T> work;
    std::vector<R> rwork;
    std::vector<index_t> iwork;

    eigh_kernel(std::size_t size, bool vectors, bool lower)
        : n(dim(size)), jobz(vectors ? 'V' : 'N'), uplo(lower ? 'U' : 'L') {
        T query{};
        R rquery{};
        index_t iquery{};
        lapack::check_arguments(call(nullptr, nullptr, &query, -1, &rquery, -1, &iquery, -1), "syevd", "linalg.eigh");
        work.resize(static_cast<std::size_t>(lapack::queried_size(query)));
        if constexpr (is_complex_v<T>) rwork.resize(static_cast<std::size_t>(lapack::queried_size(rquery)));
        iwork.resize(static_cast<std::size_t>(std::max<index_t>(1, iquery)));
    }

    index_t call(T* a, R* w, T* wk, index_t lwork, R* rwk, index_t lrwork, index_t* iwk, index_t liwork) {
        if constexpr (is_complex_v<T>)
            return cxxlapack::heevd<index_t>(jobz, uplo, n, a, ld(static_cast<std::size_t>(n)), w, wk, lwork, rwk, lrwork,
                                             iwk, liwork);
        else
            return cxxlapack::syevd<index_t>(jobz, uplo, n, a, ld(static_cast<std::size_t>(n)), w, wk, lwork, iwk, liwork);
    }

    /// One matrix, overwritten in `a` (row-major): its eigenvalues into w, and with
    /// vectors, `a` becomes the eigenvector columns (row-major).
    void operator()(T* a, R* w) {
        check_info(call(a, w, work.data(), static_cast<index_t>(work.size()), rwork.data(),
                        static_cast<index_t>(rwork.size()), iwork.data(), static_cast<index_t>(iwork.size())),
                   "syevd", op(), "Eigenvalues did not converge");
        if (jobz == 'V') adjoint_in_place(a, static_cast<std::size_t>(n));
    }

    std::string_view op() const { return jobz == 'V' ? "linalg.eigh" : "linalg.eigvalsh"; }
};

inline bool parse_uplo(std::string_view uplo, std::string_view op) {
    if (uplo == "L" || uplo == "l") return true;  // NumPy upper-cases it
    if (uplo == "U" || uplo == "u") return false;
    throw ValueError(cat(op, ": UPLO argument must be 'L' or 'U', got '", uplo, "'"));
}

/// eigh and eigvalsh. A NaN or inf in the triangle read is refused before charging:
/// LAPACK returns garbage for it (NumPy 1.24 passes it through; see docs/numpy-differences.md).
template <op_id Id, class T, class S>
linalg::EighResult<T> eigh(const array<S>& a, std::string_view uplo_text, bool vectors) {
    const std::string_view op = op_name(Id);
    const auto s = lapack::square_matrices(a.shape(), op);
    const bool lower = parse_uplo(uplo_text, op);
    if (!triangles_finite(a.data(), s, lower))
        throw LinAlgError(cat(op, ": Array must not contain infs or NaNs (in the ", lower ? "lower" : "upper", " triangle read)"));
    const std::size_t n = s.rows;
    linalg::EighResult<T> r;
    r.eigenvalues = array<real_t<T>>::uninitialized(lapack::stacked(s.batch, {n}), op);
    if (vectors) r.eigenvectors = array<T>::uninitialized(a.shape(), op);
    charge_stack<Id>(a.shape(), s);
    if (n == 0) return r;
    eigh_kernel<T> kernel(n, vectors, lower);
    std::vector<T> scratch(vectors ? 0 : n * n);
    for (std::size_t i = 0; i < s.count; ++i) {
        T* m = vectors ? r.eigenvectors.data() + i * n * n : scratch.data();
        load(a.data() + i * n * n, n * n, m);
        kernel(m, r.eigenvalues.data() + i * n);
    }
    return r;
}

// --------------------------------------------------------------------------------------
// svd with hermitian = true: NumPy's route through eigh. The singular values are |w|
// sorted descending (NumPy: argsort ascending, reversed), U the eigenvectors in that order,
// Vh = (U * sign(w))ᴴ (sign(0) = 0, as NumPy's: the row of a zero singular value is zero).

template <class T, class S>
linalg::SVDResult<T> svd_hermitian(const array<S>& a, const lapack::matrix_stack& s, std::size_t k, bool uv) {
    using R = real_t<T>;
    constexpr op_id id = op_index("linalg.svd");
    if (s.rows != s.cols) throw LinAlgError("linalg.svd: Last 2 dimensions of the array must be square (hermitian=true)");
    if (!triangles_finite(a.data(), s, true)) throw LinAlgError("linalg.svd: Array must not contain infs or NaNs");
    const std::size_t n = s.rows;
    linalg::SVDResult<T> r;
    r.S = array<R>::uninitialized(lapack::stacked(s.batch, {k}), "linalg.svd");
    if (uv) {
        r.U = array<T>::uninitialized(lapack::stacked(s.batch, {n, k}), "linalg.svd");
        r.Vh = array<T>::uninitialized(lapack::stacked(s.batch, {k, n}), "linalg.svd");
    }
    charge_stack<id>(a.shape(), s, k);
    if (n == 0) return r;
    eigh_kernel<T> kernel(n, uv, true);
    std::vector<T> v(n * n);
    std::vector<R> w(n);
    std::vector<std::size_t> order(n);
    for (std::size_t b = 0; b < s.count; ++b) {
        load(a.data() + b * n * n, n * n, v.data());
        kernel(v.data(), w.data());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return std::abs(w[x]) < std::abs(w[y]); });
        std::reverse(order.begin(), order.end());
        for (std::size_t j = 0; j < k; ++j) r.S.data()[b * k + j] = std::abs(w[order[j]]);
        if (!uv) continue;
        T* u = r.U.data() + b * n * k;
        T* vh = r.Vh.data() + b * k * n;
        for (std::size_t j = 0; j < k; ++j) {
            const R wj = w[order[j]];
            const R sign = wj > R(0) ? R(1) : wj < R(0) ? R(-1) : R(0);
            for (std::size_t i = 0; i < n; ++i) {
                u[i * k + j] = v[i * n + order[j]];
                vh[j * n + i] = conj_of(v[i * n + order[j]] * sign);
            }
        }
    }
    return r;
}

}  // namespace me::detail::decompositions

namespace me::linalg {

/// NumPy's `linalg.svd`: A = U diag(S) Vh for each matrix of a stack (..., m, n), S
/// descending; `{.full_matrices = false}` gives U (m, k) and Vh (k, n) with k = min(m, n);
/// `{.compute_uv = false}` only S; the reference's top-k `{.k = 3}` gives U[..., :k],
/// S[..., :k], Vh[..., :k, :] of the reduced SVD; `{.hermitian = true}` NumPy's SVD of a
/// Hermitian matrix through eigh (square; U (n, k), Vh (k, n) whatever full_matrices).
/// `auto [U, S, Vh] = me::linalg::svd(a)`.
/// FLOPs: `flops::svd_cost(shape, k)`: m*n*k per matrix (k = min(m, n) unless given)
/// times the number of matrices, at least 1; svd of 256x256 costs 16,777,216.
/// @throws me::LinAlgError for fewer than 2 dimensions; me::ValueError unless
///         1 <= k <= min(m, n); me::LinAlgError "SVD did not converge" for NaN input
///         (NumPy's answer); with hermitian, LinAlgError for non-square matrices or NaN/inf
///         in the lower triangle; all before charging. gesdd (syevd) failing to converge
///         otherwise raises after the charge.
template <detail::decompositions::matrix_input A>
SVDResult<detail::decompositions::compute_t<A>> svd(const A& a, const svd_options& options = {}) {
    return detail::decompositions::svd<detail::decompositions::compute_t<A>>(detail::contiguous(a), options);
}
/// NumPy's positional form `svd(a, full_matrices, compute_uv, hermitian)`. FLOPs: as above, m*n*min(m, n) per matrix.
/// @throws as above.
template <detail::decompositions::matrix_input A>
SVDResult<detail::decompositions::compute_t<A>> svd(const A& a, bool full_matrices, bool compute_uv = true,
                                                     bool hermitian = false) {
    return svd(a, svd_options{.full_matrices = full_matrices, .compute_uv = compute_uv, .hermitian = hermitian});
}

/// NumPy 2's `linalg.svdvals` (1.24's `svd(a, compute_uv=False)`): the singular values of
/// each matrix of a stack (..., m, n), descending, shape (..., min(m, n)), real.
/// FLOPs: `flops::svdvals_cost(shape)`: m*n*min(m, n) per matrix, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or NaN input ("SVD did not
///         converge"), before charging; non-convergence otherwise after it.
template <detail::decompositions::matrix_input A>
array<detail::real_t<detail::decompositions::compute_t<A>>> svdvals(const A& a) {
    return detail::decompositions::svdvals<detail::decompositions::compute_t<A>>(detail::contiguous(a));
}

/// NumPy's `linalg.cholesky`: the lower-triangular L with A = L Lᴴ for each matrix of a
/// stack (..., n, n); only A's lower triangle is read (as NumPy, no symmetry check).
/// FLOPs: `flops::cholesky_cost(shape)`: floor(n^3/3) per matrix, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions or non-square matrices, before
///         charging; "Matrix is not positive definite" after the charge (found by potrf).
template <detail::decompositions::matrix_input A>
array<detail::decompositions::compute_t<A>> cholesky(const A& a) {
    return detail::decompositions::cholesky<detail::decompositions::compute_t<A>>(detail::contiguous(a));
}

/// NumPy's `linalg.qr` of each matrix of a stack (..., m, n), k = min(m, n): mode
/// "reduced" (Q (m, k), R (k, n)), "complete" (Q (m, m), R (m, n)), "r" (R only, Q empty)
/// or "raw" (NumPy's Householder data: h (n, m) in Q, tau (k,) in R).
/// `auto [Q, R] = me::linalg::qr(a)`, `me::linalg::qr(a, "r").R`, `qr(a, {.mode = "complete"})`.
/// FLOPs: `flops::qr_cost(shape)`: 2mn^2 - floor(2n^3/3) per matrix for m >= n (a wide
/// matrix on its transpose's dimensions), any mode, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions; me::ValueError for an unknown
///         mode; nothing charged.
template <detail::decompositions::matrix_input A>
QRResult<detail::decompositions::compute_t<A>> qr(const A& a, const qr_options& options = {}) {
    return detail::decompositions::qr<detail::decompositions::compute_t<A>>(detail::contiguous(a), options.mode);
}
/// NumPy's positional mode: `qr(a, "complete")`. FLOPs: as above.
/// @throws as above.
template <detail::decompositions::matrix_input A>
QRResult<detail::decompositions::compute_t<A>> qr(const A& a, std::string_view mode) {
    return qr(a, qr_options{.mode = mode});
}

/// NumPy's `linalg.eig`: eigenvalues w and unit right eigenvectors (columns v, A v = w v)
/// of each matrix of a stack (..., n, n), in LAPACK's order. Always complex here (NumPy
/// returns real arrays when all eigenvalues are real; see docs/numpy-differences.md).
/// FLOPs: `flops::eig_cost(shape)`: 10n^3 per matrix, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions, non-square matrices, or NaN/inf
///         ("Array must not contain infs or NaNs"), before charging; "Eigenvalues did not
///         converge" after the charge (found by geev).
template <detail::decompositions::matrix_input A>
EigResult<detail::decompositions::compute_t<A>> eig(const A& a) {
    return detail::decompositions::eig<detail::op_index("linalg.eig"), detail::decompositions::compute_t<A>>(
        detail::contiguous(a), true);
}

/// NumPy's `linalg.eigvals`: the eigenvalues of each matrix of a stack, shape (..., n),
/// always complex. FLOPs: `flops::eigvals_cost(shape)`: 10n^3 per matrix, at least 1.
/// @throws as eig.
template <detail::decompositions::matrix_input A>
array<std::complex<detail::real_t<detail::decompositions::compute_t<A>>>> eigvals(const A& a) {
    return detail::decompositions::eig<detail::op_index("linalg.eigvals"), detail::decompositions::compute_t<A>>(
               detail::contiguous(a), false)
        .eigenvalues;
}

/// NumPy's `linalg.eigh`: the eigenvalues (real, ascending) and orthonormal eigenvectors
/// (columns) of each symmetric/Hermitian matrix of a stack (..., n, n), reading only the
/// triangle `UPLO` ("L", the default, or "U"). `auto [w, v] = me::linalg::eigh(a)`,
/// `eigh(a, "U")`, `eigh(a, {.UPLO = "U"})`.
/// FLOPs: `flops::eigh_cost(shape)`: floor(4n^3/3) per matrix, at least 1.
/// @throws me::LinAlgError for fewer than 2 dimensions, non-square matrices, or NaN/inf
///         in the triangle read; me::ValueError for a bad UPLO; all before charging.
///         "Eigenvalues did not converge" after the charge (found by syevd).
template <detail::decompositions::matrix_input A>
EighResult<detail::decompositions::compute_t<A>> eigh(const A& a, const eigh_options& options = {}) {
    return detail::decompositions::eigh<detail::op_index("linalg.eigh"), detail::decompositions::compute_t<A>>(
        detail::contiguous(a), options.UPLO, true);
}
/// NumPy's positional UPLO: `eigh(a, "U")`. FLOPs: as above. @throws as above.
template <detail::decompositions::matrix_input A>
EighResult<detail::decompositions::compute_t<A>> eigh(const A& a, std::string_view UPLO) {
    return eigh(a, eigh_options{.UPLO = UPLO});
}

/// NumPy's `linalg.eigvalsh`: the eigenvalues (real, ascending) of each symmetric/Hermitian
/// matrix of a stack, reading the triangle `UPLO`.
/// FLOPs: `flops::eigvalsh_cost(shape)`: floor(4n^3/3) per matrix, at least 1.
/// @throws as eigh.
template <detail::decompositions::matrix_input A>
array<detail::real_t<detail::decompositions::compute_t<A>>> eigvalsh(const A& a, const eigh_options& options = {}) {
    return detail::decompositions::eigh<detail::op_index("linalg.eigvalsh"), detail::decompositions::compute_t<A>>(
               detail::contiguous(a), options.UPLO, false)
        .eigenvalues;
}
/// NumPy's positional UPLO: `eigvalsh(a, "U")`. FLOPs: as above. @throws as eigh.
template <detail::decompositions::matrix_input A>
array<detail::real_t<detail::decompositions::compute_t<A>>> eigvalsh(const A& a, std::string_view UPLO) {
    return eigvalsh(a, eigh_options{.UPLO = UPLO});
}

}  // namespace me::linalg

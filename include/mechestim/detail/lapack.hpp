/// @file detail/lapack.hpp
/// @brief What every LAPACK-backed `me::linalg` op shares: the element type NumPy computes
/// in, the geometry of a stack of matrices and its checks (NumPy's messages), the copies
/// between our row-major buffers and LAPACK's column-major ones, workspace queries, and
/// the one kernel several ops need (singular values).
///
/// The LAPACK calls go through xtensor-blas's bundled cxxlapack (`cxxlapack::gesdd<int>`
/// ...): typed overloads for s/d/c/z over raw pointers, so an op works on our buffers
/// directly. xtensor-blas's own `xt::lapack::*` wrappers are not used: they require
/// column-major xtensor containers and would cost a copy more per call than NumPy makes.
///
/// Row-major and column-major differ by a transpose, which several ops exploit to avoid
/// the copy: a symmetric/Hermitian input read column-major is itself (swap `UPLO`), the
/// singular values of Aᵀ are those of A, and the LU of Aᵀ gives det(A). Every op whose
/// LAPACK routine overwrites its input works on a copy (the input is const).
#pragma once

#include <algorithm>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "../errors.hpp"
#include "../shape.hpp"
#include "blas.hpp"
#include "format.hpp"
#include "types.hpp"

#include <xflens/cxxlapack/cxxlapack.cxx>

namespace me::detail::lapack {

/// LAPACK's integer (32-bit in Debian's OpenBLAS, as BLAS's).
using index_t = blas::index_t;

/// Element types LAPACK computes in: float, double and their complex forms.
template <class T>
concept element = blas::supported_v<T>;

/// The element type NumPy's linalg computes and returns for input `T`: float32, float64
/// and the complex types are kept; integers and bool are computed in float64.
template <class T>
using compute_t = float_result_t<T>;

/// A stack of matrices: the leading (batch) axes, each matrix `rows` x `cols`, and how
/// many matrices there are. A 2-D input is a stack of one with an empty batch.
struct matrix_stack {
    shape_t batch;
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::size_t count = 1;

    std::size_t matrix_size() const noexcept { return rows * cols; }
};

/// The geometry of `shape` as a stack of matrices (the last two axes).
/// @throws me::LinAlgError with NumPy's message for fewer than two dimensions, and when a
///         dimension exceeds LAPACK's 32-bit integer; charges nothing (shapes only).
inline matrix_stack matrices(const shape_t& shape, std::string_view op) {
    if (shape.size() < 2)
        throw LinAlgError(cat(op, ": ", shape.size(), "-dimensional array given. Array must be at least two-dimensional"));
    matrix_stack s;
    s.batch.assign(shape.begin(), shape.end() - 2);
    s.rows = shape[shape.size() - 2];
    s.cols = shape[shape.size() - 1];
    s.count = 1;
    for (auto d : s.batch) s.count *= d;  // the array exists, so its numel does not wrap
    if (!blas::fits(s.rows) || !blas::fits(s.cols) || !blas::fits(s.rows * s.cols))
        throw ValueError(cat(op, ": matrices of shape ", shape_string(shape), " exceed LAPACK's 32-bit dimensions"));
    return s;
}

/// As `matrices`, for ops that need square matrices.
/// @throws me::LinAlgError "Last 2 dimensions of the array must be square" (NumPy's text).
inline matrix_stack square_matrices(const shape_t& shape, std::string_view op) {
    auto s = matrices(shape, op);
    if (s.rows != s.cols) throw LinAlgError(cat(op, ": Last 2 dimensions of the array must be square"));
    return s;
}

/// The shape of a stack's result: its batch followed by `tail`.
inline shape_t stacked(const shape_t& batch, std::initializer_list<std::size_t> tail) {
    shape_t out(batch);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

/// Copies a row-major `rows` x `cols` matrix into column-major storage with leading
/// dimension `ld` >= rows, converting to `T` (ints to double, NumPy's promotion).
template <class T, class S>
void to_column_major(const S* src, std::size_t rows, std::size_t cols, T* dst, std::size_t ld) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) dst[j * ld + i] = static_cast<T>(src[i * cols + j]);
}

/// Copies a column-major `rows` x `cols` matrix (leading dimension `ld`) into row-major storage.
template <class T>
void from_column_major(const T* src, std::size_t rows, std::size_t cols, std::size_t ld, T* dst) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) dst[i * cols + j] = src[j * ld + i];
}

/// The size a workspace query (`lwork = -1`) returned in `work[0]`, at least `minimum`.
/// LAPACK reports it as a floating-point value, which may round below the integer it
/// means for big sizes; one more element is harmless.
template <class T>
index_t queried_size(const T& work0, index_t minimum = 1) {
    const double v = static_cast<double>(std::real(work0));
    return std::max<index_t>(minimum, static_cast<index_t>(v) + 1);
}

/// A negative `info` means we passed LAPACK a bad argument: a bug of ours, never the
/// user's input; reported as a `me::` error rather than ignored.
inline void check_arguments(index_t info, std::string_view routine, std::string_view op) {
    if (info < 0) throw MechEstimError(cat(op, ": internal error: LAPACK's ", routine, " rejected argument ", -info));
}

/// Whether every element is finite (NaN and inf make some routines return garbage or
/// fail to converge; the op decides what NumPy does then).
template <class T>
bool all_finite(const T* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        if constexpr (is_complex_v<T>) {
            if (!std::isfinite(p[i].real()) || !std::isfinite(p[i].imag())) return false;
        } else {
            if (!std::isfinite(p[i])) return false;
        }
    }
    return true;
}

/// The singular values (descending) of one row-major `rows` x `cols` matrix, into
/// `s[0 .. min(rows, cols))`: `gesdd` with JOBZ = 'N'. The row-major matrix is read as
/// its column-major transpose (same singular values), so the only copy is the one
/// `gesdd` needs to overwrite. Returns LAPACK's info (> 0: did not converge).
template <element T, class S>
index_t singular_values(const S* matrix, std::size_t rows, std::size_t cols, real_t<T>* s, std::string_view op) {
    const auto m = static_cast<index_t>(cols), n = static_cast<index_t>(rows);  // the transpose
    const index_t k = std::min(m, n);
    if (k == 0) return 0;
    std::vector<T> a(rows * cols);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<T>(matrix[i]);
    std::vector<index_t> iwork(static_cast<std::size_t>(8 * k));
    T query{};
    T* no_vectors = nullptr;
    const index_t ld = std::max<index_t>(1, m);
    index_t info;
    if constexpr (is_complex_v<T>) {
        std::vector<real_t<T>> rwork(static_cast<std::size_t>(7 * k));
        info = cxxlapack::gesdd<index_t>('N', m, n, a.data(), ld, s, no_vectors, 1, no_vectors, 1, &query, -1,
                                         rwork.data(), iwork.data());
        check_arguments(info, "gesdd", op);
        std::vector<T> work(static_cast<std::size_t>(queried_size(query)));
        info = cxxlapack::gesdd<index_t>('N', m, n, a.data(), ld, s, no_vectors, 1, no_vectors, 1, work.data(),
                                         static_cast<index_t>(work.size()), rwork.data(), iwork.data());
    } else {
        info = cxxlapack::gesdd<index_t>('N', m, n, a.data(), ld, s, no_vectors, 1, no_vectors, 1, &query, -1,
                                         iwork.data());
        check_arguments(info, "gesdd", op);
        std::vector<T> work(static_cast<std::size_t>(queried_size(query)));
        info = cxxlapack::gesdd<index_t>('N', m, n, a.data(), ld, s, no_vectors, 1, no_vectors, 1, work.data(),
                                         static_cast<index_t>(work.size()), iwork.data());
    }
    check_arguments(info, "gesdd", op);
    return info;
}

}  // namespace me::detail::lapack

/// @file detail/blas.hpp
/// @brief The few BLAS calls mechestim makes (GEMM, GEMV, DOT), row-major, for the four
/// BLAS element types.
///
/// The calls go through xtensor-blas's bundled cxxblas rather than `<cblas.h>`: cxxblas
/// declares the cblas_* functions itself (with its own CBLAS_ORDER enums), so including
/// both in one translation unit, as the umbrella header does once linalg uses
/// xtensor-blas, would be a redefinition error. The BLAS library behind them is whatever
/// the `xtensor-blas` CMake target links (OpenBLAS here).
#pragma once

#include <climits>
#include <complex>
#include <cstddef>
#include <type_traits>

#include <xtensor-blas/xblas_config.hpp>
#include <xflens/cxxblas/cxxblas.cxx>

namespace me::detail::blas {

/// Element types BLAS computes in: float, double and their complex forms.
template <class T>
inline constexpr bool supported_v = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                    std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>;

/// BLAS's integer (32-bit in Debian's OpenBLAS; cxxblas only forwards `int` to cblas_*).
using index_t = xt::blas_index_t;

/// Whether `n` fits BLAS's integer type.
inline bool fits(std::size_t n) { return n <= static_cast<std::size_t>(INT_MAX); }

inline cxxblas::Transpose op(bool transposed) { return transposed ? cxxblas::Trans : cxxblas::NoTrans; }

/// c (m x n, row-major, leading dimension ldc) = op(a) (m x k) * op(b) (k x n), where
/// op transposes a row-major operand when its flag is set.
template <class T>
void gemm(bool trans_a, bool trans_b, index_t m, index_t n, index_t k, const T* a, index_t lda, const T* b,
          index_t ldb, T* c, index_t ldc) {
    cxxblas::gemm(cxxblas::RowMajor, op(trans_a), op(trans_b), m, n, k, T(1), a, lda, b, ldb, T(0), c, ldc);
}

/// y (stride 1) = op(a) * x, where `a` is m x n row-major (leading dimension lda).
template <class T>
void gemv(bool trans, index_t m, index_t n, const T* a, index_t lda, const T* x, index_t incx, T* y) {
    cxxblas::gemv(cxxblas::RowMajor, op(trans), m, n, T(1), a, lda, x, incx, T(0), y, index_t{1});
}

/// sum_k x[k * incx] * y[k * incy], without conjugation for complex types.
template <class T>
T dot(index_t n, const T* x, index_t incx, const T* y, index_t incy) {
    T r{};
    if constexpr (std::is_floating_point_v<T>) cxxblas::dot(n, x, incx, y, incy, r);
    else cxxblas::dotu(n, x, incx, y, incy, r);
    return r;
}

}  // namespace me::detail::blas

/// @file detail/random/generator_multivariate.hpp
/// @brief The multivariate kernels of NumPy's Generator (numpy/random/_generator.pyx),
/// over any bit_generator: multivariate_normal's factor by svd, eigh or cholesky, and
/// permuted's independent shuffles of the 1-d slices along an axis.
#pragma once

#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../../array.hpp"
#include "../../errors.hpp"
#include "../../linalg/decompositions.hpp"
#include "bitgen.hpp"
#include "generator_kernels.hpp"
#include "multivariate_normal.hpp"

namespace me::random {
/// Generator.multivariate_normal's `method`: how cov is factored.
enum class mvn_method { svd, eigh, cholesky };
}  // namespace me::random

namespace me::random::detail {

/// cov^T row-major, i.e. cov column-major: the buffer NumPy hands LAPACK.
inline std::vector<double> column_major(const array<double>& cov, std::size_t k) {
    std::vector<double> out(k * k);
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) out[j * k + i] = cov.data()[i * k + j];
    return out;
}

// NumPy's eigh and cholesky pass NaN and inf through to LAPACK (garbage or NaN out);
// here they are refused before anything is charged (docs/random.md).
inline void require_finite(std::string_view op, const array<double>& cov) {
    for (std::size_t i = 0; i < cov.size(); ++i)
        if (!std::isfinite(cov.data()[i]))
            throw LinAlgError(fmt::format("random.{}: Array must not contain infs or NaNs", op));
}

/// Generator.multivariate_normal's plan: the factor F with x = z @ F + mean, F = factor.T
/// of NumPy's `u * sqrt(s)` (svd), `u * sqrt(abs(s))` (eigh) or `l` (cholesky), and
/// check_valid applied as NumPy does (ignored for cholesky, whose failure raises).
inline mvn_plan_t generator_mvn_plan(std::string_view op, const array<double>& mean, const array<double>& cov,
                                     const shape_t& size, check_valid check, double tol, mvn_method method) {
    mvn_plan_t plan = mvn_validate(op, mean, cov, size);
    const std::size_t k = plan.k;
    if (k == 0) return plan;
    auto& f = plan.factor;
    if (method == mvn_method::svd) {
        const cov_svd_t d = cov_svd(op, cov, k);
        if (check != check_valid::ignore && !svd_is_psd(cov, d, k, tol)) not_psd(op, check);
        for (std::size_t m = 0; m < k; ++m)
            for (std::size_t j = 0; j < k; ++j) f[m * k + j] = d.u[j * k + m] * std::sqrt(d.s[m]);
        return plan;
    }
    require_finite(op, cov);
    std::vector<double> a = column_major(cov, k);
    if (method == mvn_method::eigh) {
        // NumPy: syevd('L') on cov column-major. The kernel's lower=false asks for 'L' on
        // its buffer read column-major, which is that same call; it returns the
        // eigenvector columns row-major (NumPy's u).
        std::vector<double> s(k);
        me::detail::decompositions::eigh_kernel<double> eigh(k, true, /*lower=*/false);
        eigh(a.data(), s.data());
        if (check != check_valid::ignore) {
            bool psd = true;
            for (double v : s) psd = psd && !(v < -tol);
            if (!psd) not_psd(op, check);
        }
        for (std::size_t m = 0; m < k; ++m)
            for (std::size_t j = 0; j < k; ++j) f[m * k + j] = a[j * k + m] * std::sqrt(std::fabs(s[m]));
        return plan;
    }
    // NumPy: potrf('L') on cov column-major; L[j][m] sits at a[m * k + j], and only the
    // lower triangle (m <= j) is L's.
    using me::detail::lapack::index_t;
    const auto n = static_cast<index_t>(k);
    if (cxxlapack::potrf<index_t>('L', n, a.data(), n) != 0)
        throw LinAlgError(fmt::format("random.{}: Matrix is not positive definite", op));
    for (std::size_t m = 0; m < k; ++m)
        for (std::size_t j = m; j < k; ++j) f[m * k + j] = a[m * k + j];
    return plan;
}

/// permuted's shuffle of `count` slices of length n (stride `stride` between elements),
/// the slice starts given by `first`: each one in turn, Fisher-Yates from its end with
/// random_interval draws (NumPy's _shuffle_raw with first = 1).
template <bit_generator G, class T>
void shuffle_slices(G& g, T* data, const std::vector<std::size_t>& first, std::size_t n, std::size_t stride) {
    // Slices of length 0 or 1 draw nothing; an empty x may have no storage at all, so
    // even forming data + start would be undefined.
    if (n < 2) return;
    for (const std::size_t start : first) {
        T* x = data + start;
        for (std::size_t i = n; i-- > 1;) {
            const auto j = static_cast<std::size_t>(random_interval(g, i));
            std::swap(x[i * stride], x[j * stride]);
        }
    }
}

}  // namespace me::random::detail

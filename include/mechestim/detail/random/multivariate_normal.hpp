/// @file detail/random/multivariate_normal.hpp
/// @brief multivariate_normal's construction, NumPy's: z @ (sqrt(s)[:, None] * Vh) + mean
/// from the SVD cov = U S Vh, with the positive-semi-definite check.
///
/// NumPy draws the standard normals before it factors cov, so a non-PSD cov with
/// check_valid='raise' has already advanced its generator when it raises. Here the SVD
/// and the check come first: a rejected call charges nothing and draws nothing (the
/// rule every mechestim op follows); accepted calls draw the same normals in the same order.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../../array.hpp"
#include "../../errors.hpp"
#include "../../linalg/decompositions.hpp"
#include "../blas.hpp"
#include "sampler.hpp"

namespace me::random {
/// NumPy's `multivariate_normal(check_valid=...)`: what to do when cov is not positive
/// semi-definite.
enum class check_valid { warn, raise, ignore };
}  // namespace me::random

namespace me::random::detail {

/// What a multivariate_normal call needs once its arguments are accepted.
struct mvn_plan_t {
    shape_t out_shape;            ///< size + (k,)
    std::size_t k = 0;            ///< the dimension
    std::vector<double> factor;   ///< k x k row-major: x = z @ factor + mean
};

/// Checks mean (1-d) and cov (k x k), NumPy's messages; the plan's shape is size + (k,)
/// and its factor k x k zeros.
inline mvn_plan_t mvn_validate(std::string_view op, const array<double>& mean, const array<double>& cov,
                               const shape_t& size) {
    if (mean.ndim() != 1) fail(op, "mean must be 1 dimensional");
    const auto cs = cov.shape();
    if (cs.size() != 2 || cs[0] != cs[1]) fail(op, "cov must be 2 dimensional and square");
    const std::size_t k = cs[0];
    if (mean.size() != k) fail(op, "mean and cov must have same length");
    mvn_plan_t plan;
    plan.k = k;
    plan.out_shape = size;
    plan.out_shape.push_back(k);
    (void)checked_numel<double>(plan.out_shape, op);
    plan.factor.assign(k * k, 0.0);
    return plan;
}

/// NumPy's `u, s, vh = svd(cov)`, row-major k x k, with NumPy's signs.
struct cov_svd_t {
    std::vector<double> u, s, vh;
};

/// The SVD of a finite k x k cov (k > 0) as NumPy's svd computes it (gesdd on cov
/// column-major); a non-finite entry raises LinAlgError before anything is charged.
inline cov_svd_t cov_svd(std::string_view op, const array<double>& cov, std::size_t k) {
    for (std::size_t i = 0; i < cov.size(); ++i)
        if (!std::isfinite(cov.data()[i])) throw LinAlgError(fmt::format("random.{}: SVD did not converge", op));
    // The kernel reads its row-major input as the transpose, so given cov^T it runs
    // gesdd on cov itself, as NumPy does; its U is then NumPy's Vh^T and its Vh NumPy's
    // U^T. Signs of singular vectors follow NumPy's exactly, which matters when cov is
    // not PSD (then U != V^T).
    std::vector<double> covt(k * k), kernel_u(k * k), kernel_vh(k * k);
    cov_svd_t out{std::vector<double>(k * k), std::vector<double>(k), std::vector<double>(k * k)};
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) covt[j * k + i] = cov.data()[i * k + j];
    me::detail::decompositions::svd_kernel<double> svd(k, k, 'A', "random.multivariate_normal");
    svd(covt.data(), kernel_u.data(), out.s.data(), kernel_vh.data());
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            out.vh[i * k + j] = kernel_u[j * k + i];
            out.u[i * k + j] = kernel_vh[j * k + i];
        }
    return out;
}

/// NumPy's allclose(Vh.T * s @ Vh, cov, rtol=tol, atol=tol).
inline bool svd_is_psd(const array<double>& cov, const cov_svd_t& d, std::size_t k, double tol) {
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            double rebuilt = 0.0;
            for (std::size_t m = 0; m < k; ++m) rebuilt += d.vh[m * k + i] * d.s[m] * d.vh[m * k + j];
            const double c = cov.data()[i * k + j];
            if (!(std::fabs(rebuilt - c) <= tol + tol * std::fabs(c))) return false;
        }
    return true;
}

/// check_valid's answer to a cov found not positive semi-definite: raise or warn.
inline void not_psd(std::string_view op, check_valid check) {
    if (check == check_valid::raise) fail(op, "covariance is not symmetric positive-semidefinite.");
    if (check == check_valid::warn)
        std::fputs("RuntimeWarning: random.multivariate_normal: covariance is not symmetric positive-semidefinite.\n",
                   stderr);
}

/// Checks mean and cov, factors cov by SVD and applies check_valid; RandomState's factor
/// is sqrt(s)[:, None] * Vh.
inline mvn_plan_t mvn_plan(std::string_view op, const array<double>& mean, const array<double>& cov,
                           const shape_t& size, check_valid check, double tol) {
    mvn_plan_t plan = mvn_validate(op, mean, cov, size);
    const std::size_t k = plan.k;
    if (k == 0) return plan;
    const cov_svd_t d = cov_svd(op, cov, k);
    if (check != check_valid::ignore && !svd_is_psd(cov, d, k, tol)) not_psd(op, check);
    for (std::size_t m = 0; m < k; ++m) {
        const double root = std::sqrt(d.s[m]);
        for (std::size_t j = 0; j < k; ++j) plan.factor[m * k + j] = root * d.vh[m * k + j];
    }
    return plan;
}

/// x = z @ factor + mean, row by row (z holds the standard normals, shape size + (k,)).
inline array<double> mvn_finish(const array<double>& z, const array<double>& mean, const mvn_plan_t& plan) {
    auto out = array<double>::uninitialized(plan.out_shape);
    const std::size_t k = plan.k;
    if (k == 0 || z.size() == 0) return out;
    const std::size_t rows = z.size() / k;
    using me::detail::blas::index_t;
    me::detail::blas::gemm(false, false, static_cast<index_t>(rows), static_cast<index_t>(k), static_cast<index_t>(k),
                           z.data(), static_cast<index_t>(k), plan.factor.data(), static_cast<index_t>(k), out.data(),
                           static_cast<index_t>(k));
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < k; ++j) out.data()[r * k + j] += mean.data()[j];
    return out;
}

}  // namespace me::random::detail

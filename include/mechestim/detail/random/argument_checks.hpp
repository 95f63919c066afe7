/// @file detail/random/argument_checks.hpp
/// @brief The checks of samplers whose arguments constrain each other (triangular,
/// hypergeometric, multinomial, dirichlet), in NumPy's order and with its messages.
/// They run before anything is charged or drawn.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../../errors.hpp"
#include "../../shape.hpp"
#include "choice.hpp"
#include "sampler.hpp"

namespace me::random::detail {

/// Whether pred holds for some element of the broadcast of the parameters (NumPy's
/// `np.any(f(a, b, ...))`); the shapes must broadcast.
template <class Pred, class... T>
bool any_of_broadcast(std::string_view op, Pred pred, const basic_parameter<T>&... params) {
    if ((params.is_scalar() && ...)) return pred(params.scalar()...);
    const shape_t shape = output_shape(op, {}, params...);
    const std::size_t n = me::detail::numel(shape);
    constexpr std::size_t N = sizeof...(T);
    broadcast_walker<N> walk(shape, std::array<const shape_t*, N>{&params.shape()...});
    for (std::size_t i = 0; i < n; ++i, walk.next()) {
        std::size_t k = 0;
        auto at = [&](const auto& p) { return p[walk.offset(k++)]; };  // a scalar has shape (): offset 0
        if (std::apply(pred, std::tuple<T...>{at(params)...})) return true;
    }
    return false;
}

/// triangular: left > mode, mode > right, left == right raise, element-wise.
inline void check_triangular(const param& left, const param& mode, const param& right) {
    constexpr std::string_view op = "triangular";
    if (any_of_broadcast(op, [](double l, double m) { return l > m; }, left, mode)) fail(op, "left > mode");
    if (any_of_broadcast(op, [](double m, double r) { return m > r; }, mode, right)) fail(op, "mode > right");
    if (any_of_broadcast(op, [](double l, double r) { return l == r; }, left, right)) fail(op, "left == right");
}

/// hypergeometric's checks. Legacy: ngood >= 0, nbad >= 0, nsample >= 1 and
/// ngood + nbad >= nsample. Generator: ngood, nbad < 10**9, nsample >= 0 and the sum rule.
inline void check_hypergeometric(std::string_view op, const int_param& ngood, const int_param& nbad,
                                 const int_param& nsample, bool legacy) {
    auto short_of = [](std::int64_t g, std::int64_t b, std::int64_t n) { return g + b < n; };
    const bool scalar = ngood.is_scalar() && nbad.is_scalar() && nsample.is_scalar();
    if (!legacy) {
        auto big = [](std::int64_t v) { return v >= 1000000000; };
        for (auto v : ngood.values())
            if (big(v)) fail(op, "both ngood and nbad must be less than 1000000000");
        for (auto v : nbad.values())
            if (big(v)) fail(op, "both ngood and nbad must be less than 1000000000");
    }
    if (!scalar && any_of_broadcast(op, short_of, ngood, nbad, nsample)) fail(op, "ngood + nbad < nsample");
    check(op, "ngood", ngood, cons::non_negative);
    check(op, "nbad", nbad, cons::non_negative);
    check(op, "nsample", nsample, legacy ? cons::gte_1 : cons::non_negative);
    if (scalar && short_of(ngood.scalar(), nbad.scalar(), nsample.scalar())) fail(op, "ngood + nbad < nsample");
}

/// size + (k,): the shape of a multivariate sampler's output.
inline shape_t with_last(const shape_t& size, std::size_t k) {
    shape_t shape = size;
    shape.push_back(k);
    return shape;
}

/// multinomial's checks: n >= 0, every pval in [0, 1] and not NaN, sum(pvals[:-1]) <= 1 + 1e-12.
/// Returns the output shape size + (len(pvals),).
inline shape_t multinomial_checks(std::string_view op, std::int64_t n, const std::vector<double>& pvals,
                                  const shape_t& size) {
    if (n < 0) fail(op, "n < 0");
    if (!pvals.empty()) {
        const std::vector<double> head(pvals.begin(), pvals.end() - 1);
        if (kahan_sum(head) > 1.0 + 1e-12) fail(op, "sum(pvals[:-1]) > 1.0");
    }
    check(op, "pvals", param(pvals), cons::bounded_0_1);
    return with_last(size, pvals.size());
}

/// dirichlet's checks: legacy raises on alpha <= 0 (NaN passes, as NumPy's np.less_equal);
/// Generator on alpha < 0 and on NaN. Returns size + (len(alpha),).
inline shape_t dirichlet_checks(std::string_view op, const std::vector<double>& alpha, const shape_t& size,
                                bool legacy) {
    for (double a : alpha) {
        if (legacy && a <= 0) fail(op, "alpha <= 0");
        if (!legacy && a < 0) fail(op, "alpha < 0");
    }
    if (!legacy)
        for (double a : alpha)
            if (std::isnan(a)) fail(op, "alpha must not contain NaN");
    return with_last(size, alpha.size());
}

}  // namespace me::random::detail

/// @file detail/random/argument_checks.hpp
/// @brief The checks of samplers whose arguments constrain each other (triangular,
/// hypergeometric, multinomial, dirichlet), in NumPy's order and with its messages.
/// They run before anything is charged or drawn.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
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
/// ngood + nbad >= nsample. Generator (NumPy 1.24's order): ngood, nbad < 10**9, then the
/// sum rule, then ngood, nbad, nsample >= 0.
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
    if ((!legacy || !scalar) && any_of_broadcast(op, short_of, ngood, nbad, nsample)) fail(op, "ngood + nbad < nsample");
    check(op, "ngood", ngood, cons::non_negative);
    check(op, "nbad", nbad, cons::non_negative);
    check(op, "nsample", nsample, legacy ? cons::gte_1 : cons::non_negative);
    if (legacy && scalar && short_of(ngood.scalar(), nbad.scalar(), nsample.scalar())) fail(op, "ngood + nbad < nsample");
}

/// Generator.multivariate_hypergeometric's checks in NumPy 1.24's order; returns
/// sum(colors). count_method: the urn limit of method count instead of marginals' 10**9.
inline std::int64_t mvhg_checks(std::string_view op, const int_param& colors, std::int64_t nsample, bool count_method) {
    if (nsample < 0) fail(op, "nsample must be nonnegative.");
    bool valid = !colors.is_scalar() && colors.shape().size() == 1;
    for (std::int64_t c : colors.values()) valid = valid && c >= 0;
    if (!valid)
        fail(op, "colors must be a one-dimensional sequence of nonnegative integers not exceeding 9223372036854775807.");
    std::int64_t total = 0;
    for (std::int64_t c : colors.values())
        if (__builtin_add_overflow(total, c, &total))
            fail(op, "sum(colors) must not exceed the maximum value of a 64 bit signed integer (9223372036854775807)");
    if (!count_method && total >= 1000000000) fail(op, "When method is \"marginals\", sum(colors) must be less than 1000000000.");
    constexpr std::int64_t max_index = std::numeric_limits<std::int64_t>::max() / static_cast<std::int64_t>(sizeof(std::size_t));
    if (count_method && total > max_index)
        fail(op, fmt::format("When method is 'count', sum(colors) must not exceed {}", max_index));
    if (nsample > total) fail(op, "nsample > sum(colors)");
    return total;
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

/// dirichlet's checks, the same in both APIs of NumPy 1.24: alpha <= 0 raises, a NaN passes
/// (np.less_equal is false for it). Returns size + (len(alpha),).
inline shape_t dirichlet_checks(std::string_view op, const std::vector<double>& alpha, const shape_t& size) {
    for (double a : alpha)
        if (a <= 0) fail(op, "alpha <= 0");
    return with_last(size, alpha.size());
}

/// Generator.dirichlet's alpha: a 1-d sequence (NumPy's PyArray_FROMANY with depth 1..1),
/// then dirichlet_checks. Returns size + (len(alpha),).
inline shape_t generator_dirichlet_checks(std::string_view op, const param& alpha, const shape_t& size) {
    if (alpha.is_scalar() || alpha.shape().empty()) fail(op, "alpha must be a 1-d sequence (object has no len())");
    if (alpha.shape().size() > 1) fail(op, "object too deep for desired array");
    return dirichlet_checks(op, alpha.values(), size);
}

/// The shape of the parameter rows of Generator.multinomial: what n and pvals[..., 0]
/// broadcast to, and the output shape (that + (d,)).
struct multinomial_plan {
    shape_t rows;       // the broadcast shape of n and pvals.shape[:-1] (or size)
    shape_t out_shape;  // rows + (d,)
    std::size_t d = 0;  // categories
};

/// Generator.multinomial's checks in NumPy 1.24's order: pvals has a last axis of length
/// > 0; every pval in [0, 1]; each row's Kahan sum of pvals[..., :-1] <= 1 + 1e-12; n >= 0;
/// then n, the rows of pvals and size broadcast (the vector path, when n is an array or
/// pvals n-d), with size required to be the broadcast shape itself.
inline multinomial_plan generator_multinomial_plan(std::string_view op, const int_param& n, const param& pvals,
                                                   const shape_t& size) {
    const shape_t& ps = pvals.shape();
    if (ps.empty() || ps.back() == 0)
        fail(op, "pvals must have at least 1 dimension and the last dimension of pvals must be greater than 0.");
    check(op, "pvals", pvals, cons::bounded_0_1);
    const std::size_t d = ps.back();
    const std::vector<double>& p = pvals.values();
    for (std::size_t offset = 0; offset < p.size(); offset += d) {
        const std::vector<double> head(p.begin() + static_cast<std::ptrdiff_t>(offset),
                                       p.begin() + static_cast<std::ptrdiff_t>(offset + d - 1));
        if (kahan_sum(head) > 1.0 + 1e-12) fail(op, ps.size() == 1 ? "sum(pvals[:-1]) > 1.0" : "sum(pvals[...,:-1]) > 1.0");
    }
    check(op, "n", n, cons::non_negative);
    multinomial_plan plan{.rows = size, .out_shape = {}, .d = d};
    if (!n.shape().empty() || ps.size() > 1) {
        // NumPy broadcasts (n, offsets of pvals' rows, an empty array of shape size) in that
        // order, so its mismatch message numbers them so.
        struct shape_only {
            shape_t s;
            bool is_scalar() const noexcept { return false; }
            const shape_t& shape() const noexcept { return s; }
        };
        const shape_only rows{shape_t(ps.begin(), ps.end() - 1)};
        plan.rows = size.empty() ? output_shape(op, {}, shape_only{n.shape()}, rows)
                                 : output_shape(op, {}, shape_only{n.shape()}, rows, shape_only{size});
        if (!size.empty() && !me::detail::shapes_equal(plan.rows, size))
            throw ValueError(fmt::format("random.{}: Output size {} is not compatible with broadcast dimensions of inputs {}.",
                                         op, me::detail::shape_string(size), me::detail::shape_string(plan.rows)));
    }
    plan.out_shape = with_last(plan.rows, d);
    return plan;
}

}  // namespace me::random::detail

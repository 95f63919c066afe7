/// @file flops.hpp
/// @brief The cost model: every FLOP formula of the library, as pure functions of shapes.
///
/// Each counted op charges through one of these functions, and `me::flops::*_cost` is what
/// users query, so the two never disagree. Costs saturate instead of overflowing, and
/// every counted op costs at least 1 FLOP (a scalar op costs 1).
#pragma once

#include <bit>
#include <cstddef>
#include <initializer_list>

#include "budget.hpp"
#include "shape.hpp"

namespace me::flops {

namespace detail {
template <class Shape>
constexpr flops_t numel(const Shape& shape) {
    flops_t n = 1;
    for (auto d : shape) n = me::detail::saturating_mul(n, me::detail::to_flops(static_cast<std::size_t>(d)));
    return n;
}
constexpr flops_t at_least_one(flops_t c) { return c < 1 ? 1 : c; }
constexpr flops_t ceil_log2(flops_t n) {
    return n <= 1 ? 0 : static_cast<flops_t>(std::bit_width(static_cast<std::uint64_t>(n - 1)));
}
}  // namespace detail

/// Pointwise (unary and binary) ops: numel of the (broadcast) output.
/// FLOPs: numel(output), at least 1.
template <class Shape>
constexpr flops_t pointwise_cost(const Shape& output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}
constexpr flops_t pointwise_cost(std::initializer_list<std::size_t> output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}

/// Reductions (sum, max, argmax, cumsum, median, ...): numel of the input, whatever the axis.
/// FLOPs: numel(input), at least 1.
template <class Shape>
constexpr flops_t reduction_cost(const Shape& input_shape, const axis_spec& /*axis*/ = {}) {
    return detail::at_least_one(detail::numel(input_shape));
}
constexpr flops_t reduction_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis = {}) {
    return reduction_cost(shape_t(input_shape), axis);
}

/// Mean-like reductions (mean, average, nanmean): a sum plus one division per output element.
/// FLOPs: numel(input) + numel(output).
template <class Shape>
flops_t mean_cost(const Shape& input_shape, const axis_spec& axis = {}) {
    const auto axes = me::detail::normalize_axes(axis, input_shape.size(), "mean");
    const auto out = me::detail::reduced_shape(input_shape, axes, false);
    return detail::at_least_one(me::detail::saturating_add(detail::numel(input_shape), detail::numel(out)));
}

/// Variance-like reductions (var, std, nanvar, nanstd): two passes over the input plus one
/// division per output element. FLOPs: 2*numel(input) + numel(output).
template <class Shape>
flops_t variance_cost(const Shape& input_shape, const axis_spec& axis = {}) {
    const auto axes = me::detail::normalize_axes(axis, input_shape.size(), "var");
    const auto out = me::detail::reduced_shape(input_shape, axes, false);
    return detail::at_least_one(me::detail::saturating_add(
        me::detail::saturating_mul(2, detail::numel(input_shape)), detail::numel(out)));
}

/// Random sampling: one FLOP per sample drawn. FLOPs: numel(output), at least 1.
template <class Shape>
constexpr flops_t random_cost(const Shape& output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}
constexpr flops_t random_cost(std::initializer_list<std::size_t> output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}

/// Sorting-like work on n items (sort, permutation, shuffle, choice without replacement).
/// FLOPs: n*ceil(log2(n)), at least 1.
constexpr flops_t sort_cost(std::size_t n) {
    const flops_t nf = me::detail::to_flops(n);
    return detail::at_least_one(me::detail::saturating_mul(nf, detail::ceil_log2(nf)));
}

}  // namespace me::flops

/// @file flops.hpp
/// @brief The cost model: every FLOP formula of the library, as pure functions of shapes.
///
/// Each counted op charges through one of these functions, and `me::flops::*_cost` is what
/// users query, so the two never disagree. Costs saturate instead of overflowing, and
/// every counted op costs at least 1 FLOP (a scalar op costs 1).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "budget.hpp"
#include "detail/symmetry_rules.hpp"
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
/// C(n + k - 1, k): the multisets of k of n values, so the distinct elements of a group of
/// k interchangeable axes of length n (stars and bars). Saturating. Einsum's step pricing
/// and the pointwise/reduction pricing of symmetric arrays both count through this.
constexpr flops_t multisets(flops_t n, std::size_t k) {
    if (k == 0) return 1;
    if (n == 0) return 0;
    __extension__ using u128 = unsigned __int128;
    u128 r = 1;
    for (std::size_t i = 0; i < k; ++i) {
        // r * (n + i) / (i + 1) stays an integer: it is C(n + i, i + 1) at every step.
        r = r * static_cast<u128>(n + static_cast<flops_t>(i)) / (i + 1);
        if (r >= static_cast<u128>(me::detail::flops_max)) return me::detail::flops_max;
    }
    return static_cast<flops_t>(r);
}
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

/// The number of distinct elements of an array of `shape` with symmetry `groups`: each
/// group of k axes of length n holds C(n+k-1, k) distinct index multisets (stars and
/// bars), free axes count fully: `unique_elements({10, 10}, {{0, 1}})` is 55. A group whose
/// axes differ in length or lie outside the shape counts as free axes. Saturates.
/// FLOPs: 0 (a query).
template <class Shape>
flops_t unique_elements(const Shape& shape, const symmetry_groups& groups) {
    if (groups.empty()) return detail::numel(shape);
    std::vector<char> in_group(shape.size(), 0);
    flops_t n = 1;
    for (const auto& g : groups) {
        const bool valid = g.size() >= 2 && std::all_of(g.begin(), g.end(), [&](std::size_t a) {
            return a < shape.size() && !in_group[a] && shape[a] == shape[g[0]];
        });
        if (!valid) continue;
        for (auto a : g) in_group[a] = 1;
        n = me::detail::saturating_mul(n, detail::multisets(me::detail::to_flops(static_cast<std::size_t>(shape[g[0]])), g.size()));
    }
    for (std::size_t a = 0; a < shape.size(); ++a)
        if (!in_group[a]) n = me::detail::saturating_mul(n, me::detail::to_flops(static_cast<std::size_t>(shape[a])));
    return n;
}
inline flops_t unique_elements(std::initializer_list<std::size_t> shape, const symmetry_groups& groups) {
    return unique_elements(shape_t(shape), groups);
}

/// Pointwise ops on (or producing) a symmetric array compute each distinct element once.
/// FLOPs: unique_elements(output, groups), at least 1.
template <class Shape>
flops_t pointwise_cost(const Shape& output_shape, const symmetry_groups& groups) {
    return detail::at_least_one(unique_elements(output_shape, groups));
}
inline flops_t pointwise_cost(std::initializer_list<std::size_t> output_shape, const symmetry_groups& groups) {
    return pointwise_cost(shape_t(output_shape), groups);
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
/// A reduction of a symmetric input reads each distinct element once.
/// FLOPs: unique_elements(input, groups), at least 1.
template <class Shape>
flops_t reduction_cost(const Shape& input_shape, const axis_spec& /*axis*/, const symmetry_groups& groups) {
    return detail::at_least_one(unique_elements(input_shape, groups));
}
template <class Shape>
flops_t reduction_cost(const Shape& input_shape, const symmetry_groups& groups) {
    return reduction_cost(input_shape, axis_spec{}, groups);
}
inline flops_t reduction_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis,
                              const symmetry_groups& groups) {
    return reduction_cost(shape_t(input_shape), axis, groups);
}

namespace detail {
/// The input and output terms of a mean- or variance-like reduction: numel of each, or
/// with symmetry `groups` their distinct elements (the output keeps the groups of the axes
/// not reduced, see symmetry.hpp).
template <class Shape>
std::pair<flops_t, flops_t> reduction_terms(const Shape& input_shape, const axis_spec& axis,
                                            const symmetry_groups& groups, std::string_view op) {
    const auto axes = me::detail::normalize_axes(axis, input_shape.size(), op);
    const auto out = me::detail::reduced_shape(input_shape, axes, false);
    if (groups.empty()) return {numel(input_shape), numel(out)};
    const auto out_groups = me::detail::sym::reduce(groups, input_shape.size(), axes, false).groups;
    return {unique_elements(input_shape, groups), unique_elements(out, out_groups)};
}
}  // namespace detail

/// Mean-like reductions (mean, average, nanmean): a sum plus one division per output element.
/// With symmetry `groups`, distinct elements of input and output.
/// FLOPs: numel(input) + numel(output).
template <class Shape>
flops_t mean_cost(const Shape& input_shape, const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    const auto [in, out] = detail::reduction_terms(input_shape, axis, groups, "mean");
    return detail::at_least_one(me::detail::saturating_add(in, out));
}

inline flops_t mean_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis = {}) {
    return mean_cost(shape_t(input_shape), axis);
}

/// Variance-like reductions (var, std, nanvar, nanstd): two passes over the input plus one
/// division per output element. FLOPs: 2*numel(input) + numel(output).
/// With symmetry `groups`, distinct elements of input and output.
template <class Shape>
flops_t variance_cost(const Shape& input_shape, const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    const auto [in, out] = detail::reduction_terms(input_shape, axis, groups, "var");
    return detail::at_least_one(me::detail::saturating_add(me::detail::saturating_mul(2, in), out));
}
inline flops_t variance_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis = {}) {
    return variance_cost(shape_t(input_shape), axis);
}

/// Which formula each counted reduction charges: the one table that maps the 37
/// reduction names to `reduction_cost`, `mean_cost` or `variance_cost`.
enum class reduction_formula { input, mean, variance };

namespace detail {
struct reduction_formula_row {
    std::string_view name;
    reduction_formula formula;
};
inline constexpr reduction_formula_row reduction_formula_rows[] = {
    {"mean", reduction_formula::mean},         {"average", reduction_formula::mean},
    {"nanmean", reduction_formula::mean},      {"var", reduction_formula::variance},
    {"std", reduction_formula::variance},      {"nanvar", reduction_formula::variance},
    {"nanstd", reduction_formula::variance},
};
}  // namespace detail

/// The formula reduction `op` charges (every reduction not in the table costs numel(input)).
constexpr reduction_formula reduction_formula_of(std::string_view op) {
    for (const auto& row : detail::reduction_formula_rows)
        if (row.name == op) return row.formula;
    return reduction_formula::input;
}

/// The cost of a reduction priced by formula `F`, known at compile time (what ops charge:
/// `reduction_op_cost` looks `F` up by name at run time).
template <reduction_formula F, class Shape>
flops_t formula_cost(const Shape& input_shape, const axis_spec& axis) {
    if constexpr (F == reduction_formula::mean) return mean_cost(input_shape, axis);
    else if constexpr (F == reduction_formula::variance) return variance_cost(input_shape, axis);
    else return reduction_cost(input_shape, axis);
}
/// The same for an input with symmetry `groups` (distinct elements instead of numel).
template <reduction_formula F, class Shape>
flops_t formula_cost(const Shape& input_shape, const axis_spec& axis, const symmetry_groups& groups) {
    if constexpr (F == reduction_formula::mean) return mean_cost(input_shape, axis, groups);
    else if constexpr (F == reduction_formula::variance) return variance_cost(input_shape, axis, groups);
    else return reduction_cost(input_shape, axis, groups);
}

/// The cost of counted reduction `op` (a NumPy name: "sum", "nanvar", "percentile", ...)
/// over `axis` of an input of shape `input_shape`: what `me::<op>` charges.
/// FLOPs: numel(input); mean-like numel(input)+numel(output); var-like 2*numel(input)+numel(output).
/// With symmetry `groups`, distinct elements replace numel (input and output).
template <class Shape>
flops_t reduction_op_cost(std::string_view op, const Shape& input_shape, const axis_spec& axis = {},
                          const symmetry_groups& groups = {}) {
    switch (reduction_formula_of(op)) {
        case reduction_formula::mean: return formula_cost<reduction_formula::mean>(input_shape, axis, groups);
        case reduction_formula::variance: return formula_cost<reduction_formula::variance>(input_shape, axis, groups);
        default: return formula_cost<reduction_formula::input>(input_shape, axis, groups);
    }
}
inline flops_t reduction_op_cost(std::string_view op, std::initializer_list<std::size_t> input_shape,
                                 const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    return reduction_op_cost(op, shape_t(input_shape), axis, groups);
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

/// @file flops/reductions.hpp
/// @brief Formulas of the reductions: numel(input) whatever the axis; mean-like ops add
/// one division per output element; variance-like ops read the input twice.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "../detail/format.hpp"
#include "../detail/symmetry_rules.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"
#include "pointwise.hpp"

namespace me::flops {

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
/// FLOPs: numel(input) + numel(output), at least 1.
template <class Shape>
flops_t mean_cost(const Shape& input_shape, const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    const auto [in, out] = detail::reduction_terms(input_shape, axis, groups, "mean");
    return detail::at_least_one(detail::saturating_add(in, out));
}
inline flops_t mean_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis = {}) {
    return mean_cost(shape_t(input_shape), axis);
}

/// Variance-like reductions (var, std, nanvar, nanstd): two passes over the input plus one
/// division per output element. With symmetry `groups`, distinct elements of input and output.
/// FLOPs: 2*numel(input) + numel(output), at least 1.
template <class Shape>
flops_t variance_cost(const Shape& input_shape, const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    const auto [in, out] = detail::reduction_terms(input_shape, axis, groups, "var");
    return detail::at_least_one(detail::saturating_add(detail::saturating_mul(2, in), out));
}
inline flops_t variance_cost(std::initializer_list<std::size_t> input_shape, const axis_spec& axis = {}) {
    return variance_cost(shape_t(input_shape), axis);
}

template <>
struct formula_impl<formula::reduction> {
    template <class Shape>
    static flops_t cost(const Shape& input_shape, const axis_spec& axis, const symmetry_groups& groups) {
        return groups.empty() ? reduction_cost(input_shape, axis) : reduction_cost(input_shape, axis, groups);
    }
};
template <>
struct formula_impl<formula::mean_reduction> {
    template <class Shape>
    static flops_t cost(const Shape& input_shape, const axis_spec& axis, const symmetry_groups& groups) {
        return mean_cost(input_shape, axis, groups);
    }
};
template <>
struct formula_impl<formula::variance_reduction> {
    template <class Shape>
    static flops_t cost(const Shape& input_shape, const axis_spec& axis, const symmetry_groups& groups) {
        return variance_cost(input_shape, axis, groups);
    }
};

/// The cost of the counted reduction named `op` ("sum", "nanvar", "percentile", ...) over
/// `axis` of an input of shape `input_shape`: what `me::<op>` charges, looked up in the
/// registry by name for callers that hold names at run time (ops themselves are bound at
/// compile time). FLOPs: 0 (a query).
/// @throws me::ValueError when `op` is not a reduction of the registry (never a default).
template <class Shape>
flops_t reduction_op_cost(std::string_view op, const Shape& input_shape, const axis_spec& axis = {},
                          const symmetry_groups& groups = {}) {
    for (const auto& row : me::detail::registry_rows) {
        if (row.name != op) continue;
        switch (row.formula) {
            case formula::reduction: return formula_impl<formula::reduction>::cost(input_shape, axis, groups);
            case formula::mean_reduction: return formula_impl<formula::mean_reduction>::cost(input_shape, axis, groups);
            case formula::variance_reduction:
                return formula_impl<formula::variance_reduction>::cost(input_shape, axis, groups);
            default: break;
        }
        break;
    }
    throw ValueError(me::detail::cat("reduction_op_cost: '", op, "' is not a counted reduction of the registry"));
}
inline flops_t reduction_op_cost(std::string_view op, std::initializer_list<std::size_t> input_shape,
                                 const axis_spec& axis = {}, const symmetry_groups& groups = {}) {
    return reduction_op_cost(op, shape_t(input_shape), axis, groups);
}

}  // namespace me::flops

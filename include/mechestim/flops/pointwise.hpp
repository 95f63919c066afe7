/// @file flops/pointwise.hpp
/// @brief Formulas of the pointwise family: unary and binary ufuncs (numel of the
/// broadcast output, distinct elements when it is symmetric), type predicates and vecdot.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <vector>

#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

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
        n = detail::saturating_mul(n, detail::multisets(detail::to_flops(static_cast<std::size_t>(shape[g[0]])), g.size()));
    }
    for (std::size_t a = 0; a < shape.size(); ++a)
        if (!in_group[a]) n = detail::saturating_mul(n, detail::to_flops(static_cast<std::size_t>(shape[a])));
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

template <>
struct formula_impl<formula::pointwise> {
    template <class Shape>
    static flops_t cost(const Shape& output_shape) { return pointwise_cost(output_shape); }
    template <class Shape>
    static flops_t cost(const Shape& output_shape, const symmetry_groups& groups) {
        return groups.empty() ? pointwise_cost(output_shape) : pointwise_cost(output_shape, groups);
    }
};

/// A question about an element type (iscomplexobj, isrealobj), priced as one scalar op.
/// FLOPs: 1.
constexpr flops_t type_predicate_cost() { return 1; }

template <>
struct formula_impl<formula::type_predicate> {
    static constexpr flops_t cost() { return type_predicate_cost(); }
};

namespace detail {

/// The length of vecdot's summed axis and the (broadcast) shape of its result, or
/// AxisError / ShapeError naming the op and the shapes.
struct vecdot_shape {
    std::size_t n = 0;
    shape_t out;
};
template <class SA, class SB>
vecdot_shape vecdot_shapes(const SA& a, const SB& b, int axis) {
    using me::detail::cat;
    using me::detail::shape_string;
    if (a.empty() || b.empty())
        throw ShapeError(cat("vecdot: operands must have at least one dimension, got shapes ", shape_string(a), " ",
                             shape_string(b)));
    const std::size_t ia = me::detail::normalize_axis(axis, a.size(), "vecdot");
    const std::size_t ib = me::detail::normalize_axis(axis, b.size(), "vecdot");
    if (a[ia] != b[ib])
        throw ShapeError(cat("vecdot: the summed axis ", axis, " has length ", a[ia], " in shape ", shape_string(a),
                             " but ", b[ib], " in shape ", shape_string(b)));
    auto drop = [](const auto& s, std::size_t k) {
        shape_t r(s.begin(), s.end());
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(k));
        return r;
    };
    const shape_t ra = drop(a, ia), rb = drop(b, ib);
    try {
        return {static_cast<std::size_t>(a[ia]), me::detail::broadcast_shapes(ra, rb, "vecdot")};
    } catch (const ShapeError&) {  // name the operands' shapes, not just their batch parts
        throw ShapeError(cat("vecdot: operands could not be broadcast together with shapes ", shape_string(a), " ",
                             shape_string(b), " (axis ", axis, " summed)"));
    }
}

}  // namespace detail

/// `vecdot` of operands with these shapes: a multiply-add (2 FLOPs) per element of the
/// summed axis, for each element of the broadcast result (opt_einsum's count of
/// `...i,...i->...`). Throws like `me::vecdot` on shapes it rejects.
/// FLOPs: 2 * n * numel(output), at least 1.
template <class SA, class SB>
flops_t vecdot_cost(const SA& a_shape, const SB& b_shape, int axis = -1) {
    const auto s = detail::vecdot_shapes(a_shape, b_shape, axis);
    return detail::at_least_one(
        detail::saturating_mul(detail::saturating_mul(2, detail::to_flops(s.n)), detail::numel(s.out)));
}
inline flops_t vecdot_cost(std::initializer_list<std::size_t> a_shape, std::initializer_list<std::size_t> b_shape,
                           int axis = -1) {
    return vecdot_cost(shape_t(a_shape), shape_t(b_shape), axis);
}

template <>
struct formula_impl<formula::vecdot> {
    template <class SA, class SB>
    static flops_t cost(const SA& a_shape, const SB& b_shape, int axis) { return vecdot_cost(a_shape, b_shape, axis); }
};

}  // namespace me::flops

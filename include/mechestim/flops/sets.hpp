/// @file flops/sets.hpp
/// @brief What the set family costs (unique and NumPy 2's unique_all, unique_counts,
/// unique_inverse, unique_values; in1d, isin, intersect1d, union1d, setdiff1d,
/// setxor1d), and the options of those ops: shape math only.
///
/// Two formulas, the reference's: the unique family sorts its input once, n*ceil(log2(n))
/// with n = numel; the two-operand ops sort both inputs together, (n+m)*ceil(log2(n+m))
/// with n and m the numels of the operands. At least 1 either way.
///
/// One departure, where the reference's n would price less than the work: `unique` with an
/// axis sorts the sub-arrays along it, and when they are empty (a shape like (1e12, 0))
/// numel is 0 while there are still shape[axis] of them to sort and as many inverse indices
/// to write, so n is max(numel, shape[axis]) there (docs/cost-model.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me {

/// Options of `me::unique` (NumPy 1.24's keywords): which extra results to return, the axis
/// whose sub-arrays are compared (none: the flattened array), and whether NaNs count as one
/// value (`equal_nan`, flattened input only: with an axis, sub-arrays holding a NaN are
/// always distinct, as NumPy's).
struct unique_options {
    bool return_index = false;
    bool return_inverse = false;
    bool return_counts = false;
    std::optional<int> axis{};
    bool equal_nan = true;
};

/// Options of `me::in1d` and `me::isin`: `assume_unique` (a promise that both operands hold
/// distinct values; accepted, the answer is the same either way here), `invert` (true
/// where an element is *not* in the test elements) and NumPy's `kind` ("" for None,
/// "sort" or "table"; it never changes the answer, and "table" is refused for
/// non-integer operands, as NumPy refuses it).
struct in1d_options {
    bool assume_unique = false;
    bool invert = false;
    std::string_view kind{};
};
using isin_options = in1d_options;

/// Options of `me::intersect1d`: `assume_unique` skips making the operands unique (NumPy's
/// algorithm then runs on them as they are, duplicates included), `return_indices` asks for
/// the positions of the common values in each operand.
struct intersect1d_options {
    bool assume_unique = false;
    bool return_indices = false;
};

/// Options of `me::setdiff1d` and `me::setxor1d`: `assume_unique` skips making the operands
/// unique (setdiff1d then keeps ar1's order and duplicates, as NumPy's).
struct setdiff1d_options {
    bool assume_unique = false;
};
using setxor1d_options = setdiff1d_options;

}  // namespace me

namespace me::flops::detail::sets {

/// n*ceil(log2(n)), at least 1, saturating.
constexpr flops_t sort_count(flops_t n) noexcept { return at_least_one(saturating_mul(n, ceil_log2(n))); }

/// The n `unique` is priced on: numel, or with an axis max(numel, shape[axis]) (see the file
/// comment). @throws me::AxisError naming `op` for an axis out of range (any axis of a 0-d array).
inline flops_t unique_n(const shape_t& shape, std::optional<int> axis, std::string_view op) {
    const flops_t n = numel(shape);
    if (!axis) return n;
    const std::size_t d = me::detail::normalize_axis(*axis, shape.size(), op);
    return std::max(n, to_flops(shape[d]));
}

}  // namespace me::flops::detail::sets

namespace me::flops {

template <>
struct formula_impl<formula::unique> {
    /// n: the number of elements sorted (numel, see unique_n).
    static constexpr flops_t cost(flops_t n) noexcept { return detail::sets::sort_count(n); }
};

template <>
struct formula_impl<formula::set_op> {
    /// n, m: the numels of the two operands.
    static constexpr flops_t cost(flops_t n, flops_t m) noexcept {
        return detail::sets::sort_count(detail::saturating_add(n, m));
    }
};

/// What `me::unique(a, options)` charges: n*ceil(log2(n)) with n = numel(a) (with an axis,
/// max(numel(a), a.shape[axis])), at least 1, whatever else is asked for.
/// unique_cost({1000}) = 10,000. FLOPs: 0 (a query).
/// @throws me::AxisError for an axis out of range, as the op.
inline flops_t unique_cost(const shape_t& shape, const unique_options& o = {}) {
    return formula_impl<formula::unique>::cost(detail::sets::unique_n(shape, o.axis, "unique"));
}

/// What NumPy 2's `me::unique_all(x)` charges: n*ceil(log2(n)), n = numel(x), at least 1.
/// FLOPs: 0 (a query).
inline flops_t unique_all_cost(const shape_t& shape) { return formula_impl<formula::unique>::cost(detail::numel(shape)); }
/// What `me::unique_counts(x)` charges: n*ceil(log2(n)), n = numel(x), at least 1. FLOPs: 0 (a query).
inline flops_t unique_counts_cost(const shape_t& shape) { return unique_all_cost(shape); }
/// What `me::unique_inverse(x)` charges: n*ceil(log2(n)), n = numel(x), at least 1. FLOPs: 0 (a query).
inline flops_t unique_inverse_cost(const shape_t& shape) { return unique_all_cost(shape); }
/// What `me::unique_values(x)` charges: n*ceil(log2(n)), n = numel(x), at least 1. FLOPs: 0 (a query).
inline flops_t unique_values_cost(const shape_t& shape) { return unique_all_cost(shape); }

/// What a two-operand set op charges for operands of these shapes: (n+m)*ceil(log2(n+m))
/// with n, m their numels, at least 1. set_op_cost({600}, {400}) = 10,000. FLOPs: 0 (a query).
inline flops_t set_op_cost(const shape_t& ar1, const shape_t& ar2) {
    return formula_impl<formula::set_op>::cost(detail::numel(ar1), detail::numel(ar2));
}
/// What `me::in1d(ar1, ar2)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t in1d_cost(const shape_t& ar1, const shape_t& ar2) { return set_op_cost(ar1, ar2); }
/// What `me::isin(element, test_elements)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t isin_cost(const shape_t& element, const shape_t& test_elements) { return set_op_cost(element, test_elements); }
/// What `me::intersect1d(ar1, ar2)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t intersect1d_cost(const shape_t& ar1, const shape_t& ar2) { return set_op_cost(ar1, ar2); }
/// What `me::union1d(ar1, ar2)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t union1d_cost(const shape_t& ar1, const shape_t& ar2) { return set_op_cost(ar1, ar2); }
/// What `me::setdiff1d(ar1, ar2)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t setdiff1d_cost(const shape_t& ar1, const shape_t& ar2) { return set_op_cost(ar1, ar2); }
/// What `me::setxor1d(ar1, ar2)` charges: (n+m)*ceil(log2(n+m)), at least 1. FLOPs: 0 (a query).
inline flops_t setxor1d_cost(const shape_t& ar1, const shape_t& ar2) { return set_op_cost(ar1, ar2); }

}  // namespace me::flops

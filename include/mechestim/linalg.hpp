/// @file linalg.hpp
/// @brief `me::linalg`: NumPy 2's linalg names. Here the contraction delegates (matmul,
/// outer, tensordot, trace, cross, vecdot) and multi_dot, each tallied under its own name
/// ("linalg.matmul", ...) and priced exactly as the op it delegates to; the LAPACK-backed
/// names live in linalg/decompositions.hpp, linalg/solve.hpp and linalg/norms.hpp, which
/// this header includes. Every function takes arrays or views (`me::array_like`), a view
/// charged exactly as the array it shows.
#pragma once

#include <deque>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "view.hpp"
#include "contractions.hpp"
#include "einsum.hpp"
#include "errors.hpp"
#include "shape.hpp"
#include "ufuncs.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"

namespace me::detail {
/// `linalg.vecdot`: vecdot's body (ufuncs.hpp) charged as "linalg.vecdot", its operands
/// arrays or views (a view is read as the array it shows, and charged as it).
struct linalg_vecdot {
    using body = vecdot_op<op_index("linalg.vecdot")>;
    static constexpr op_id id = body::id;
    /// FLOPs: `me::flops::vecdot_cost(a.shape(), b.shape(), axis)` = 2 * n * numel(output).
    template <contract::number_array A, contract::number_array B>
    array<contract::result_t<A, B>> operator()(const A& a_in, const B& b_in, vecdot_options options = {}) const {
        const auto& a = contiguous(a_in);
        const auto& b = contiguous(b_in);
        return body{}(a, b, options);
    }
    /// NumPy's positional axis. FLOPs: as above.
    template <contract::number_array A, contract::number_array B>
    array<contract::result_t<A, B>> operator()(const A& a, const B& b, int axis) const {
        return (*this)(a, b, vecdot_options{axis});
    }
};
}  // namespace me::detail

namespace me::linalg {

/// Options of `me::linalg::trace` (NumPy 2's keyword): the diagonal's offset.
struct trace_options {
    int offset = 0;
};

/// Options of `me::linalg::cross` (NumPy 2's keyword): the axis holding the 3-vectors.
struct cross_options {
    int axis = -1;
};

/// NumPy 2's `linalg.matmul`: `me::matmul` (batched, broadcast, 1-D promotion) tallied as "linalg.matmul".
/// FLOPs: `flops::matmul_cost`: 2*n*k*m per product in the broadcast batch, at least 1.
/// @throws as `me::matmul`, naming linalg.matmul; nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> matmul(const A& a_in, const B& b_in) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::matmul<detail::op_index("linalg.matmul")>(a, b);
}

/// NumPy 2's `linalg.outer`: the outer product of two 1-D arrays, shape (m, n).
/// FLOPs: `flops::outer_cost`: m * n, at least 1.
/// @throws me::ValueError when an operand is not 1-D (NumPy 2 refuses to flatten here); nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> outer(const A& a_in, const B& b_in) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    if (a.ndim() != 1 || b.ndim() != 1)
        throw ValueError(fmt::format("linalg.outer: Input arrays must be one-dimensional, but they have shapes {} and {}",
                                     detail::shape_string(a.xt().shape()), detail::shape_string(b.xt().shape())));
    return detail::contract::outer<detail::op_index("linalg.outer")>(a, b);
}

/// NumPy 2's `linalg.tensordot`: `me::tensordot` tallied as "linalg.tensordot".
/// FLOPs: `flops::tensordot_cost`: the opt_einsum count of the contraction, at least 1.
/// @throws as `me::tensordot`; nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> tensordot(const A& a_in, const B& b_in, const tensordot_axes& axes = {}) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::tensordot<detail::op_index("linalg.tensordot")>(a, b, axes);
}

/// NumPy 2's `linalg.trace`: the sum along the diagonal at `offset` of the last two axes
/// (each matrix of a stack); element type as `me::trace`.
/// FLOPs: `flops::trace_cost(shape, {.offset, .axis1 = -2, .axis2 = -1})`: numel(output) *
/// diagonal length (min(n, m) for a matrix at offset 0), at least 1.
/// @throws me::ValueError for fewer than 2 dimensions; nothing charged.
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::contract::trace_t<T>> trace(const A& x_in, const trace_options& options = {}) {
    const auto& x = detail::contiguous(x_in);
    return detail::contract::trace<detail::op_index("linalg.trace")>(x, me::trace_options{options.offset, -2, -1});
}

/// NumPy 2's `linalg.cross`: the cross product of 3-vectors along `axis` (default last),
/// the other axes broadcast; 2-vectors are refused.
/// FLOPs: `flops::cross_cost`: numel(output), at least 1.
/// @throws me::ValueError unless both have 3 components along `axis`, me::AxisError for a
///         bad axis, me::ShapeError when the other axes do not broadcast; nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
    requires(!std::is_same_v<detail::contract::result_t<A, B>, bool>)
array<detail::contract::result_t<A, B>> cross(const A& a_in, const B& b_in, const cross_options& options = {}) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const std::size_t ia = detail::normalize_axis(options.axis, a.ndim(), "linalg.cross"),
                      ib = detail::normalize_axis(options.axis, b.ndim(), "linalg.cross");
    if (a.xt().shape()[ia] != 3 || b.xt().shape()[ib] != 3)
        throw ValueError(fmt::format("linalg.cross: both input arrays must be (arrays of) 3-dimensional vectors, but "
                                     "they have shapes {} and {} (axis {})",
                                     detail::shape_string(a.xt().shape()), detail::shape_string(b.xt().shape()),
                                     options.axis));
    return detail::contract::cross<detail::op_index("linalg.cross")>(a, b, me::cross_options{.axis = options.axis});
}

/// NumPy 2's `linalg.vecdot`: `me::vecdot` (conj(a) * b summed over `axis`, the other
/// axes broadcast) tallied as "linalg.vecdot".
/// Takes arrays or views (`vecdot(a, b)`, `vecdot(a, b, axis)`, `vecdot(a, b, {.axis = 0})`).
/// FLOPs: `flops::vecdot_cost`: 2 * n * numel(output), at least 1.
inline constexpr detail::linalg_vecdot vecdot{};

/// NumPy's `linalg.multi_dot`: the product of a chain of matrices in the order that costs
/// least (the classic matrix-chain DP; ties keep NumPy's choice). The first argument may
/// be 1-D (a row) and the last 1-D (a column); their dimension is removed from the result
/// (two 1-D ends give a 0-d array). Two arrays are NumPy's `dot` of them, of any ranks. All operands share one element type here; the
/// variadic form below promotes.
/// FLOPs: `flops::multi_dot_cost`: the optimal chain's sum of 2*m*k*n, at least 1;
/// (10,100),(100,5),(5,50) costs 15,000. One charge; the products inside are not charged again.
/// @throws me::ValueError for fewer than two arrays, a middle operand that is not 2-D,
///         or neighbours whose dimensions differ; nothing charged.
template <detail::contract::number T>
array<T> multi_dot(const std::vector<array<T>>& arrays) {
    std::vector<const array<T>*> ops;
    for (const auto& a : arrays) ops.push_back(&a);
    return detail::contract::multi_dot<T>(ops);
}
/// The list form over views (`std::vector<me::array_view<E>>`, E being T or const T).
/// FLOPs: as the list of arrays they show (the optimal chain's sum of 2*m*k*n, at least 1).
/// @throws as the list of arrays; nothing charged.
template <class E>
    requires detail::contract::number<std::remove_const_t<E>>
array<std::remove_const_t<E>> multi_dot(const std::vector<array_view<E>>& views) {
    using T = std::remove_const_t<E>;
    std::deque<array<T>> held;  // a deque keeps the addresses taken below
    std::vector<const array<T>*> ops;
    for (const auto& v : views) {
        held.push_back(detail::contiguous(v));
        ops.push_back(&held.back());
    }
    return detail::contract::multi_dot<T>(ops);
}

/// `multi_dot(a, b, c, ...)`: the chain as separate arguments, in NumPy's promotion of
/// their element types. FLOPs: as the list form (the optimal chain's sum of 2*m*k*n).
/// Each may be an array or a view.
template <detail::contract::number_array... A>
    requires(sizeof...(A) >= 2)
array<typename detail::einsum_promote<detail::value_t<A>...>::type> multi_dot(const A&... arrays) {
    using C = typename detail::einsum_promote<detail::value_t<A>...>::type;
    std::deque<array<C>> converted;  // a deque keeps the addresses taken below
    std::vector<const array<C>*> ops;
    auto add = [&](const auto& a_in) {
        using V = std::remove_cvref_t<decltype(a_in)>;
        if constexpr (is_array_v<V> && std::is_same_v<detail::value_t<V>, C>) {
            ops.push_back(&a_in);
        } else if constexpr (std::is_same_v<detail::value_t<V>, C>) {
            converted.push_back(detail::contiguous(a_in));  // a view: its elements, aliased or copied
            ops.push_back(&converted.back());
        } else {
            const auto& a = detail::contiguous(a_in);
            converted.push_back(a.template astype<C>());
            ops.push_back(&converted.back());
        }
    };
    (add(arrays), ...);
    return detail::contract::multi_dot<C>(ops);
}

}  // namespace me::linalg

// The LAPACK-backed names, one header per group.
#include "linalg/decompositions.hpp"
#include "linalg/norms.hpp"
#include "linalg/solve.hpp"

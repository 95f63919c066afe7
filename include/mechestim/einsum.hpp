/// @file einsum.hpp
/// @brief `me::einsum`: Einstein summation with NumPy's semantics, priced by opt_einsum's count.
///
/// Three stages, each replaceable on its own:
///  1. `detail::parse_einsum` checks the subscripts against the operand shapes and expands
///     them into integer labels (NumPy's rules: implicit output, `...`, repeated labels,
///     size-1 broadcasting);
///  2. `detail::plan_einsum` turns a contraction path (opt_einsum's form: lists of operand
///     positions; each step removes its operands and appends its result) into priced
///     steps. Today the path is always left to right; the path optimiser plugs in here;
///  3. `detail::einsum_execute` runs the steps: each operand is first laid out as
///     (batch, free, contracted) in one strided pass that also takes diagonals and sums
///     labels no one else needs, then a two-operand step is a loop of contiguous dot
///     products. (BLAS replaces that loop in the next issue.)
/// The cost comes from the plan alone, so `me::flops::einsum_cost` and `me::einsum` share it.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"
#include "detail/einsum_execute.hpp"
#include "detail/einsum_plan.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"

namespace me {

namespace detail {

template <class T, class... Rest>
struct einsum_promote {
    using type = T;
};
template <class T, class U, class... Rest>
struct einsum_promote<T, U, Rest...> {
    using type = promote_t<T, typename einsum_promote<U, Rest...>::type>;
};

/// Runs a plan over the operands without charging: the body shared by `me::einsum` and
/// the contraction family (matmul, dot, ...), which charge under their own names.
template <class C, class... Arrays>
array<C> einsum_compute(const einsum_plan& plan, const Arrays&... operand_lists) {
    std::vector<einsum_tensor<C>> list;
    std::size_t k = 0;
    auto add = [&](const auto& a) {
        list.push_back(einsum_operand<C>(a, plan.spec.inputs[k]));
        ++k;
    };
    auto add_all = [&](const auto& x) {
        if constexpr (is_array_v<decltype(x)>) add(x);
        else
            for (const auto& a : x) add(a);
    };
    (add_all(operand_lists), ...);
    return einsum_execute<C>(plan, std::move(list));
}

/// Plans, charges, then runs: the one body behind both public forms.
template <class C, class... Arrays>
array<C> einsum_run(std::string_view subscripts, std::vector<shape_t> shapes, const Arrays&... operand_lists) {
    const einsum_plan plan = plan_einsum(subscripts, std::move(shapes));
    charge(op_index("einsum"), plan.cost, [&](OpRecord& rec) {
        rec.subscripts = plan.spec.subscripts;
        rec.shapes = plan.spec.shapes;
    });
    return einsum_compute<C>(plan, operand_lists...);
}

}  // namespace detail

/// Einstein summation, as `numpy.einsum`: `me::einsum("ij,jk->ik", a, b)`.
///
/// Subscripts follow NumPy: letters label dimensions; `->` gives the output explicitly,
/// otherwise it is the labels used once, in alphabetical (character code) order, after
/// any broadcast dimensions; a label repeated within an operand takes its diagonal
/// (`"ii->"` is the trace, `"ii->i"` the diagonal); `...` stands for broadcast leading
/// dimensions; a size-1 dimension broadcasts against the same label elsewhere. Operands
/// of different element types are computed in their NumPy promotion (int32 with float32
/// gives float64); integer sums wrap like NumPy's, bool gives OR of ANDs.
///
/// Operands are contracted pairwise, left to right (path optimisation comes later).
///
/// FLOPs: opt_einsum's count, summed over the pairwise steps: for each step, the product
/// of the sizes of all labels in it, times max(1, operands in the step - 1), plus one
/// more if the step sums a label away; at least 1. `'ij,j->i'` on 256x256 is 131,072,
/// `'ij,jk->ik'` on 256^3 is 33,554,432, the outer product `'i,j->ij'` is n*m.
/// The same number as `me::flops::einsum_cost(subscripts, shapes)`.
///
/// @throws me::ValueError naming einsum, the subscripts and the shapes, before anything is
///         charged: bad characters, a stray '.', a wrong number of operands or subscripts,
///         a label of two different sizes (neither 1), an unknown or repeated output label.
/// @throws me::BudgetExhaustedError when the cost does not fit; nothing runs.
template <class... T>
    requires(sizeof...(T) >= 1)
array<typename detail::einsum_promote<T...>::type> einsum(std::string_view subscripts, const array<T>&... operands) {
    using C = typename detail::einsum_promote<T...>::type;
    std::vector<shape_t> shapes{shape_t(operands.xt().shape().begin(), operands.xt().shape().end())...};
    return detail::einsum_run<C>(subscripts, std::move(shapes), operands...);
}

/// Einstein summation over a list of operands of one element type (see the variadic form).
/// FLOPs: as the variadic form (opt_einsum's count over the pairwise steps, at least 1).
/// @throws me::ValueError as the variadic form, and when `operands` is empty.
template <class T>
array<T> einsum(std::string_view subscripts, const std::vector<array<T>>& operands) {
    std::vector<shape_t> shapes;
    for (const auto& a : operands) shapes.emplace_back(a.xt().shape().begin(), a.xt().shape().end());
    return detail::einsum_run<T>(subscripts, std::move(shapes), operands);
}

namespace flops {

/// What `me::einsum(subscripts, operands...)` charges for operands of these shapes,
/// without arrays and without charging: `einsum_cost("ij,jk->ik", {{3, 4}, {4, 5}})` is 120.
/// FLOPs: opt_einsum's count over the pairwise left-to-right steps (see `me::einsum`), at least 1.
/// @throws me::ValueError for subscripts that do not fit the shapes, as `me::einsum` does.
inline flops_t einsum_cost(std::string_view subscripts, std::vector<shape_t> shapes) {
    return me::detail::plan_einsum(subscripts, std::move(shapes)).cost;
}

}  // namespace flops

}  // namespace me

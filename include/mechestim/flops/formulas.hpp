/// @file flops/formulas.hpp
/// @brief The binding of ops to formulas: the registry row of an op (generated from
/// tools/registry/) names the formula it is priced by, and `op_cost<id>(...)` evaluates
/// that formula, chosen at compile time. An op never names its formula: a registry row
/// that binds an op to a formula whose arguments it cannot supply does not compile, and no
/// lookup by name can fall back to a default.
///
/// Each formula is a specialisation `formula_impl<formula::X>` with a static `cost(...)`,
/// defined next to the public `*_cost` query it backs (pointwise.hpp, reductions.hpp, ...).
#pragma once

#include <cstddef>
#include <string_view>

#include "../detail/ops.hpp"
#include "count.hpp"

namespace me::flops {

/// The formula the registry binds op `id` to. FLOPs: 0 (a query).
constexpr formula formula_of(me::detail::op_id id) noexcept { return me::detail::registry_rows[id].formula; }

/// The text of a formula, as `me::find_op(name)->cost_formula` and docs/operations.md
/// quote it. FLOPs: 0 (a query).
constexpr std::string_view formula_text(formula f) noexcept {
    return me::detail::formula_rows[static_cast<std::size_t>(f)].text;
}

/// The evaluation of formula `F`: specialised once per formula, next to its public query.
template <formula F>
struct formula_impl;

/// What op `Id` charges for these arguments: the formula its registry row names.
/// FLOPs: 0 (a query); the value is what the op charges.
template <me::detail::op_id Id, class... Args>
constexpr flops_t op_cost(const Args&... args) {
    return formula_impl<formula_of(Id)>::cost(args...);
}

namespace detail {
/// True when op `Id` is bound to one of the formulas `F...`: op templates assert it where
/// they serve only some formulas (every reduction is numel-, mean- or variance-priced).
template <me::detail::op_id Id, formula... F>
inline constexpr bool priced_by = ((formula_of(Id) == F) || ...);
}  // namespace detail

}  // namespace me::flops

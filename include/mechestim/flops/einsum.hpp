/// @file flops/einsum.hpp
/// @brief What einsum costs, as the cost layer computes it: the options that choose the
/// contraction path, the path search, and `me::flops::einsum_cost`. `me::einsum` charges
/// `plan_einsum(...).cost` from here, `me::einsum_path` reports it, and the contraction
/// family (dot, matmul, ...) is priced through the same planner.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../detail/format.hpp"
#include "../detail/symmetry_rules.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "einsum_paths.hpp"
#include "einsum_plan.hpp"
#include "formulas.hpp"

namespace me {

/// How einsum picks its contraction order: an optimiser's name, as opt_einsum spells it
/// ("auto", "optimal", "greedy", "dp", "branch-all", "branch-2", "branch-1",
/// "random-greedy", "random-greedy-128"), or an explicit path in opt_einsum's form
/// (`{{0, 1}, {0, 1}}`: each step lists positions in the current operand list; those
/// operands are removed and the result appended).
class einsum_optimize {
public:
    einsum_optimize() = default;  ///< "auto"
    einsum_optimize(const char* name) : name_(name) {}
    einsum_optimize(std::string name) : name_(std::move(name)) {}
    einsum_optimize(std::string_view name) : name_(name) {}
    einsum_optimize(std::vector<std::vector<int>> path) : path_(std::move(path)), explicit_(true) {}
    einsum_optimize(std::initializer_list<std::vector<int>> path) : path_(path), explicit_(true) {}

    bool is_path() const noexcept { return explicit_; }
    const std::string& name() const noexcept { return name_; }
    const std::vector<std::vector<int>>& path() const noexcept { return path_; }

private:
    std::string name_ = "auto";
    std::vector<std::vector<int>> path_;
    bool explicit_ = false;
};

/// Options of `me::einsum`, `me::einsum_path` and `me::flops::einsum_cost`:
/// `me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = "optimal"})`.
struct einsum_options {
    einsum_optimize optimize{};         ///< the optimiser, or an explicit path
    symmetry_groups symmetric_axes{};   ///< declares the output symmetric along these axes (validated)
};

/// What a cost query knows about an operand's symmetry, which `me::einsum` reads from the
/// arrays themselves: its declared groups, and whether it is the same array as an earlier
/// operand (`same_as` = that operand's position; -1 for none).
struct operand_symmetry {
    symmetry_groups groups{};
    int same_as = -1;
};

namespace detail {

/// Runs the optimiser `optimize` names on `net` (or takes its explicit path).
inline paths::path_t einsum_choose_path(const paths::network& net, const einsum_optimize& optimize) {
    if (optimize.is_path()) return optimize.path();
    const std::string& n = optimize.name();
    if (n == "auto") return paths::auto_path(net);
    if (n == "optimal") return paths::optimal(net);
    if (n == "greedy") return paths::greedy(net);
    if (n == "dp") return paths::dp(net);
    if (n == "branch-all") return paths::branch_all(net);
    if (n == "branch-2") return paths::branch_2(net);
    if (n == "branch-1") return paths::branch_1(net);
    if (n == "random-greedy") return paths::random_greedy(net);
    if (n == "random-greedy-128") return paths::random_greedy(net, 128);
    throw ValueError(me::detail::cat("einsum: unknown optimize '", n, "': expected 'auto', 'optimal', 'greedy', 'dp', 'branch-all', 'branch-2', 'branch-1', 'random-greedy', 'random-greedy-128' or an explicit path"));
}

/// Checks `symmetric_axes` against the output before anything is charged: the structural
/// rules of every symmetry declaration (`normalize_symmetry`), plus one length per group,
/// which only the output's shape can tell here (the values are checked after computing).
inline void einsum_check_output_groups(const einsum_spec& spec, const symmetry_groups& groups) {
    if (groups.empty()) return;
    for (const auto& g : normalize_symmetry(groups, spec.output.size(), "einsum symmetric_axes"))
        for (std::size_t axis : g)
            if (spec.sizes[spec.output[axis]] != spec.sizes[spec.output[g[0]]])
                einsum_fail(spec.subscripts, spec.shapes,
                            me::detail::cat("symmetric_axes: axes ", g[0], " and ", axis, " of the output have sizes ", spec.sizes[spec.output[g[0]]], " and ", spec.sizes[spec.output[axis]]));
}

/// Parses, chooses the path and prices it: what `me::einsum` charges, `me::einsum_path`
/// reports and `me::flops::einsum_cost` returns.
inline einsum_plan plan_einsum(std::string_view subscripts, std::vector<shape_t> shapes,
                               const einsum_options& options = {},
                               const std::vector<einsum_operand_symmetry>& symmetry = {}) {
    einsum_spec spec = parse_einsum(subscripts, std::move(shapes));
    for (std::size_t k = 0; k < symmetry.size() && k < spec.shapes.size(); ++k)
        for (const auto& g : symmetry[k].groups)
            for (std::size_t axis : g)
                if (axis >= spec.shapes[k].size())
                    einsum_fail(spec.subscripts, spec.shapes,
                                me::detail::cat("operand ", k, " declares symmetry on axis ", axis, " but has ", spec.shapes[k].size(), " dimension(s)"));
    einsum_check_output_groups(spec, options.symmetric_axes);
    const paths::network net = einsum_network(spec, symmetry);
    paths::path_t path;
    try {
        path = einsum_choose_path(net, options.optimize);
    } catch (const ValueError& e) {
        if (!options.optimize.is_path() && std::string_view(e.what()).starts_with("einsum:")) throw;
        einsum_fail(spec.subscripts, spec.shapes, e.what());
    }
    return plan_einsum(std::move(spec), path, net);
}

}  // namespace detail

namespace flops {

namespace detail {
/// The operand symmetry of a cost query, in the planner's form: each operand's array
/// identity (an operand that is the same array as an earlier one takes its identity,
/// through any chain) and declared groups.
inline std::vector<me::detail::einsum_operand_symmetry> einsum_operands(const std::vector<operand_symmetry>& symmetry,
                                                                        std::size_t operands) {
    std::vector<me::detail::einsum_operand_symmetry> ops;
    for (std::size_t k = 0; k < symmetry.size(); ++k) {
        const int same = symmetry[k].same_as;
        if (same >= static_cast<int>(k) || same < -1)
            throw ValueError(me::detail::cat("einsum_cost: operand ", k, " says it is the same array as operand ", same,
                                             ", which is not an earlier operand"));
        ops.push_back({same < 0 ? static_cast<int>(k) : ops[static_cast<std::size_t>(same)].object,
                       same < 0 ? symmetry[k].groups : symmetry[static_cast<std::size_t>(same)].groups});
    }
    if (!ops.empty() && ops.size() != operands)
        throw ValueError(me::detail::cat("einsum_cost: ", ops.size(), " operand symmetries given for ", operands, " shapes"));
    return ops;
}
}  // namespace detail

/// What `me::einsum(subscripts, operands..., options)` charges for operands of these
/// shapes, without arrays and without charging: `einsum_cost("ij,jk->ik", {{3, 4}, {4, 5}})`
/// is 120. `symmetry` describes the operands' symmetry as einsum would read it from the
/// arrays (declared groups; `same_as` for an array passed again).
/// FLOPs: opt_einsum's count along the chosen path, unique elements of symmetric step
/// results (see `me::einsum`), at least 1.
/// @throws me::ValueError for subscripts that do not fit the shapes, as `me::einsum` does.
inline flops_t einsum_cost(std::string_view subscripts, std::vector<shape_t> shapes, const einsum_options& options = {},
                           const std::vector<operand_symmetry>& symmetry = {}) {
    const auto ops = detail::einsum_operands(symmetry, shapes.size());
    return me::detail::plan_einsum(subscripts, std::move(shapes), options, ops).cost;
}

template <>
struct formula_impl<formula::einsum> {
    /// The plan's cost: what `me::einsum` charges.
    template <class Plan>
    static flops_t cost(const Plan& plan) { return plan.cost; }
};

}  // namespace flops
}  // namespace me

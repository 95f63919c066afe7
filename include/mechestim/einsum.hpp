/// @file einsum.hpp
/// @brief `me::einsum` and `me::einsum_path`: Einstein summation with NumPy's semantics,
/// contracted in the order opt_einsum's optimisers choose, priced by opt_einsum's count.
///
/// Three stages, each replaceable on its own:
///  1. `detail::parse_einsum` checks the subscripts against the operand shapes and expands
///     them into integer labels (NumPy's rules: implicit output, `...`, repeated labels,
///     size-1 broadcasting);
///  2. a path optimiser (`flops/einsum_paths.hpp`) picks the pairwise order, and
///     `detail::plan_einsum` prices it step by step, on unique elements where operands
///     are symmetric or repeated (stages 1 and 2 are the cost layer's, flops/einsum.hpp);
///  3. `detail::einsum_execute` runs the steps, contractions on BLAS.
/// The cost comes from the plan alone, so `me::flops::einsum_cost`, `me::einsum_path` and
/// `me::einsum` share it.
///
/// Operands are arrays or views (`me::array_like`), in any mix. A view is priced and
/// computed as the array it shows: its shape, the symmetry its slicing left, and, as for
/// arrays, the same object passed at several positions counts as a repeated operand. It
/// is read in place when contiguous, else from a copy (free).
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "view.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"
#include "symmetry.hpp"
#include "detail/einsum_execute.hpp"
#include "detail/format.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"

namespace me {

/// One step of a contraction path, as `me::einsum_path` reports it.
struct StepInfo {
    std::string subscript;           ///< e.g. "ij,jk->ik" (broadcast dimensions get unused letters)
    flops_t flop_cost = 0;           ///< what the step charges
    flops_t dense_flop_cost = 0;     ///< what it would charge were nothing symmetric
    double symmetry_savings = 0;     ///< 1 - flop_cost / dense_flop_cost
    std::string blas_type;           ///< opt_einsum's kind: "GEMM", "TDOT", "DOT", "GEMV/EINSUM", "OUTER/EINSUM", or "" (none)
    std::vector<int> path_indices;   ///< positions contracted, in the current operand list
    std::vector<shape_t> input_shapes;
    shape_t output_shape;
    symmetry_groups output_symmetry; ///< groups of the step's result (its axes), as detected
};

/// A contraction path and what it costs, from `me::einsum_path`.
struct PathInfo {
    std::vector<std::vector<int>> path;  ///< opt_einsum's form
    std::vector<StepInfo> steps;
    flops_t naive_cost = 0;       ///< all operands contracted in one step
    flops_t optimized_cost = 0;   ///< what `me::einsum` charges along `path`
    double speedup = 1;           ///< naive_cost / optimized_cost
    std::size_t largest_intermediate = 0;  ///< elements of the largest step result
    std::vector<std::string> input_subscripts;
    std::string output_subscript;
    std::map<char, std::size_t> size_dict;
    std::string optimizer_used;   ///< the optimiser that chose the path ("explicit" for a given path)

    /// The report opt_einsum prints, one line per step. FLOPs: 0.
    std::string format_table() const {
        std::string s;
        auto join = [](const std::vector<std::string>& v) {
            std::string r;
            for (std::size_t i = 0; i < v.size(); ++i) r += (i ? "," : "") + v[i];
            return r;
        };
        s += fmt::format("  Complete contraction:  {}->{}\n", join(input_subscripts), output_subscript);
        s += fmt::format("             Optimizer:  {}\n", optimizer_used);
        s += fmt::format("      Naive FLOP count:  {}\n", detail::thousands(naive_cost));
        s += fmt::format("  Optimized FLOP count:  {}\n", detail::thousands(optimized_cost));
        s += fmt::format("   Theoretical speedup:  {:.3f}\n", speedup);
        s += fmt::format("  Largest intermediate:  {} elements\n", detail::thousands(static_cast<flops_t>(largest_intermediate)));
        const std::string rule(96, '-');
        s += rule + "\n";
        s += fmt::format("{:>4}  {:<28} {:>16} {:>16} {:>8}  {}\n", "step", "subscript", "flops", "dense flops",
                         "savings", "blas");
        s += rule + "\n";
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const StepInfo& st = steps[i];
            s += fmt::format("{:>4}  {:<28} {:>16} {:>16} {:>7.1f}%  {}\n", i, st.subscript,
                             detail::thousands(st.flop_cost), detail::thousands(st.dense_flop_cost),
                             100.0 * st.symmetry_savings, st.blas_type.empty() ? "-" : st.blas_type);
        }
        return s;
    }

    friend std::ostream& operator<<(std::ostream& os, const PathInfo& info) { return os << info.format_table(); }
};

namespace detail {

template <class T, class... Rest>
struct einsum_promote {
    using type = T;
};
template <class T, class U, class... Rest>
struct einsum_promote<T, U, Rest...> {
    using type = promote_t<T, typename einsum_promote<U, Rest...>::type>;
};

/// Calls f(operand) for every operand, in order: each argument is one array or view, or a
/// vector of them.
template <class F, class... Arrays>
void einsum_for_each_operand(F&& f, const Arrays&... operand_lists) {
    auto visit = [&](const auto& x) {
        if constexpr (array_like<decltype(x)>) f(x);
        else
            for (const auto& a : x) f(a);
    };
    (visit(operand_lists), ...);
}

/// Per operand, which array it is (the position of its first occurrence) and its groups.
template <class... Arrays>
std::vector<einsum_operand_symmetry> einsum_symmetry_of(const Arrays&... operand_lists) {
    std::vector<const void*> address;
    std::vector<einsum_operand_symmetry> out;
    einsum_for_each_operand(
        [&](const auto& a) {
            const void* p = &a;
            const auto first = std::find(address.begin(), address.end(), p) - address.begin();
            out.push_back({static_cast<int>(first), a.symmetric_axes()});
            address.push_back(p);
        },
        operand_lists...);
    return out;
}

template <class... Arrays>
std::vector<shape_t> einsum_shapes_of(const Arrays&... operand_lists) {
    std::vector<shape_t> shapes;
    einsum_for_each_operand(
        [&](const auto& a) {
            if constexpr (is_view_v<decltype(a)>) shapes.emplace_back(a.xt_shape().begin(), a.xt_shape().end());
            else shapes.emplace_back(a.xt().shape().begin(), a.xt().shape().end());
        },
        operand_lists...);
    return shapes;
}

/// An operand as a tensor of the computation type C: an array as `einsum_operand` takes
/// it; a contiguous view read in place (the caller's view keeps its elements alive); any
/// other view from a contiguous copy that the tensor owns.
template <class C, class A>
einsum_tensor<C> einsum_input(const A& a, std::vector<einsum_label> labels) {
    if constexpr (is_view_v<A>) {
        if constexpr (std::is_same_v<value_t<A>, C>) {
            if (!a.is_contiguous()) {
                einsum_tensor<C> t;
                t.owned = a.copy();
                t.shape.assign(a.xt_shape().begin(), a.xt_shape().end());
                t.strides = einsum_row_major_strides(t.shape);
                t.labels = std::move(labels);
                return t;
            }
        }
        // Borrowed in place, or converted (into a tensor that owns the result).
        return einsum_operand<C>(contiguous(a), std::move(labels));
    } else {
        return einsum_operand<C>(a, std::move(labels));
    }
}

/// Runs a plan over the operands without charging: the body shared by `me::einsum` and
/// the contraction family (matmul, dot, ...), which charge under their own names.
template <class C, class... Arrays>
array<C> einsum_compute(const einsum_plan& plan, const Arrays&... operand_lists) {
    std::vector<einsum_tensor<C>> list;
    einsum_for_each_operand(
        [&](const auto& a) { list.push_back(einsum_input<C>(a, plan.spec.inputs[list.size()])); },
        operand_lists...);
    return einsum_execute<C>(plan, std::move(list));
}

/// The output's symmetry groups (as axes) that the operands guarantee.
inline symmetry_groups einsum_detected_symmetry(const einsum_plan& plan) {
    if (plan.records.empty()) return {};
    return einsum_groups_as_axes(plan.network, plan.records.back().mask, plan.network.output, plan.spec.output);
}

/// Plans, charges, then runs: the one body behind both public forms.
template <class C, class... Arrays>
array<C> einsum_run(std::string_view subscripts, const einsum_options& options, const Arrays&... operand_lists) {
    const auto symmetry = einsum_symmetry_of(operand_lists...);
    const einsum_plan plan = plan_einsum(subscripts, einsum_shapes_of(operand_lists...), options, symmetry);
    constexpr op_id id = op_index("einsum");
    charge(id, flops::op_cost<id>(plan), [&](OpRecord& rec) {
        rec.subscripts = plan.spec.subscripts;
        rec.shapes = plan.spec.shapes;
    });
    array<C> out = einsum_compute<C>(plan, operand_lists...);
    if (!options.symmetric_axes.empty()) {
        // Declared symmetry is checked on the values, so only after computing them: the
        // FLOPs are spent either way, as in the original.
        symmetry_access::set(out, check_symmetry(out, options.symmetric_axes, 1e-6, 1e-5, "einsum"));
    } else {
        symmetry_access::set(out, einsum_detected_symmetry(plan));
    }
    return out;
}

/// The arguments of a variadic einsum call: arrays or views, optionally followed by einsum_options.
template <class... Args>
struct einsum_arguments {
    static constexpr std::size_t count = sizeof...(Args);
    using last = std::remove_cvref_t<std::tuple_element_t<count - 1, std::tuple<Args...>>>;
    static constexpr bool has_options = std::is_same_v<last, einsum_options>;
    static constexpr std::size_t arrays = has_options ? count - 1 : count;

    template <std::size_t... I>
    static constexpr bool all_arrays(std::index_sequence<I...>) {
        return (array_like<std::remove_cvref_t<std::tuple_element_t<I, std::tuple<Args...>>>> && ...);
    }
    static constexpr bool valid = arrays >= 1 && all_arrays(std::make_index_sequence<arrays>{});

    template <std::size_t... I>
    static auto promote(std::index_sequence<I...>)
        -> einsum_promote<value_t<std::tuple_element_t<I, std::tuple<Args...>>>...>;
    using value_type = typename decltype(promote(std::make_index_sequence<arrays>{}))::type;
};

/// Calls f(options, arrays...) on the arguments of a variadic call.
template <class F, class... Args>
decltype(auto) einsum_split(F&& f, const Args&... args) {
    using A = einsum_arguments<Args...>;
    auto refs = std::forward_as_tuple(args...);
    return [&]<std::size_t... I>(std::index_sequence<I...>) -> decltype(auto) {
        if constexpr (A::has_options) return f(std::get<A::count - 1>(refs), std::get<I>(refs)...);
        else return f(einsum_options{}, std::get<I>(refs)...);
    }(std::make_index_sequence<A::arrays>{});
}

/// opt_einsum's BLAS classification of a two-operand step (`can_blas`).
inline std::string einsum_blas_type(const std::vector<std::string>& inputs, std::string_view result) {
    if (inputs.size() != 2) return "";
    const std::string_view left = inputs[0], right = inputs[1];
    std::string removed;
    auto count = [](std::string_view s, char c) { return std::count(s.begin(), s.end(), c); };
    for (std::string_view side : {left, right})
        for (char c : side) {
            const auto nl = count(left, c), nr = count(right, c);
            if (nl > 1 || nr > 1) return "";
            const bool kept = result.find(c) != std::string_view::npos;
            if (nl + nr - 1 == (kept ? 1 : 0)) return "";  // a batch label, or one summed alone
            if (!kept && removed.find(c) == std::string::npos) removed += c;
        }
    if (removed.empty()) return "OUTER/EINSUM";
    if (left == right) return "DOT";
    if (left.size() == right.size() && std::is_permutation(left.begin(), left.end(), right.begin())) return "";
    const std::size_t rs = removed.size();
    auto head = [](std::string_view x, std::size_t n) { return x.substr(0, n); };
    auto tail = [](std::string_view x, std::size_t n) { return x.substr(x.size() - std::min(n, x.size())); };
    if (tail(left, rs) == head(right, rs) || head(left, rs) == tail(right, rs) || tail(left, rs) == tail(right, rs) ||
        head(left, rs) == head(right, rs))
        return "GEMM";
    if (left.size() == rs || right.size() == rs) return "GEMV/EINSUM";
    return "TDOT";
}

/// The report for a plan (see `me::einsum_path`).
inline PathInfo einsum_path_info(const einsum_plan& plan, const einsum_options& options) {
    const einsum_spec& spec = plan.spec;
    // Letters for display: a letter as itself, a broadcast dimension as an unused letter.
    std::vector<char> letter(spec.sizes.size(), '?');
    std::vector<char> used(spec.sizes.size(), 0);
    for (const auto& in : spec.inputs)
        for (einsum_label l : in) used[static_cast<std::size_t>(l)] = 1;
    std::string unused;
    for (einsum_label l = 0; l < einsum_ellipsis_base; ++l) {
        const char c = static_cast<char>(einsum_label_byte(l));
        if (used[static_cast<std::size_t>(l)]) letter[l] = c;
        else unused += c;
    }
    for (std::size_t l = einsum_ellipsis_base, k = 0; l < spec.sizes.size(); ++l, ++k)
        if (k < unused.size()) letter[l] = unused[k];
    auto text = [&](const std::vector<einsum_label>& labels) {
        std::string t;
        for (einsum_label l : labels) t += letter[l];
        return t;
    };
    auto shape_of = [&](const std::vector<einsum_label>& labels) {
        shape_t sh;
        for (einsum_label l : labels) sh.push_back(spec.sizes[l]);
        return sh;
    };

    PathInfo info;
    info.path = plan.path;
    info.optimizer_used = options.optimize.is_path() ? "explicit" : options.optimize.name();
    if (info.optimizer_used == "auto")
        info.optimizer_used = fmt::format("auto ({})", paths::auto_choice(spec.inputs.size()));
    for (std::size_t k = 0; k < spec.inputs.size(); ++k) {
        // As written: a repeated label stays repeated, `...` shows as its letters.
        info.input_subscripts.push_back(text(spec.inputs[k]));
        for (std::size_t d = 0; d < spec.inputs[k].size(); ++d)
            info.size_dict[letter[spec.inputs[k][d]]] = spec.sizes[spec.inputs[k][d]];
    }
    info.output_subscript = text(spec.output);
    info.optimized_cost = plan.cost;
    {
        // Everything in one step: the union of all labels, the output kept.
        const paths::network& net = plan.network;
        paths::labelset all;
        for (const auto& t : net.terms) all = all | t;
        const std::size_t n = net.terms.size();
        const std::uint64_t full = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
        info.naive_cost = std::max<flops_t>(1, paths::step_flops(net, all, net.output, n > 64 ? 0 : full, n));
    }
    info.speedup = static_cast<double>(info.naive_cost) / static_cast<double>(info.optimized_cost);

    for (std::size_t s = 0; s < plan.steps.size(); ++s) {
        const einsum_step& step = plan.steps[s];
        StepInfo st;
        std::vector<std::string> ins;
        for (const auto& in : step.inputs) {
            ins.push_back(text(in));
            st.input_shapes.push_back(shape_of(in));
        }
        std::string joined;
        for (std::size_t i = 0; i < ins.size(); ++i) joined += (i ? "," : "") + ins[i];
        st.subscript = joined + "->" + text(step.result);
        st.flop_cost = step.cost;
        st.dense_flop_cost = step.dense_cost;
        st.symmetry_savings =
            step.dense_cost > 0 ? 1.0 - static_cast<double>(step.cost) / static_cast<double>(step.dense_cost) : 0.0;
        st.blas_type = einsum_blas_type(ins, text(step.result));
        st.path_indices.assign(plan.path[s].begin(), plan.path[s].end());
        st.output_shape = shape_of(step.result);
        st.output_symmetry =
            einsum_groups_as_axes(plan.network, plan.records[s].mask, plan.records[s].kept, step.result);
        info.largest_intermediate = std::max(info.largest_intermediate, static_cast<std::size_t>(numel(st.output_shape)));
        info.steps.push_back(std::move(st));
    }
    return info;
}

}  // namespace detail

/// Einstein summation, as `numpy.einsum`: `me::einsum("ij,jk->ik", a, b)`, optionally
/// with `me::einsum_options{...}` as the last argument. Operands are arrays or views
/// (`me::einsum("ij,jk->ik", a.T(), b[0])`), a view priced and computed as the array it shows.
///
/// Subscripts follow NumPy: letters label dimensions; `->` gives the output explicitly,
/// otherwise it is the labels used once, in alphabetical (character code) order, after
/// any broadcast dimensions; a label repeated within an operand takes its diagonal
/// (`"ii->"` is the trace, `"ii->i"` the diagonal); `...` stands for broadcast leading
/// dimensions; a size-1 dimension broadcasts against the same label elsewhere. Operands
/// of different element types are computed in their NumPy promotion (int32 with float32
/// gives float64); integer sums wrap like NumPy's, bool gives OR of ANDs.
///
/// Operands are contracted pairwise in the order `options.optimize` picks (opt_einsum's
/// optimisers; "auto" by default: optimal up to 4 operands, branch-and-bound up to 14,
/// greedy above), and contractions run on BLAS for floating types.
///
/// Symmetry: an operand that carries symmetry groups (`me::as_symmetric`), or the same
/// array passed at several positions, makes step results symmetric; each step is then
/// priced on the unique elements of its result. The result carries the symmetry the
/// operands guarantee, or `options.symmetric_axes` when given (checked on the values,
/// atol 1e-6, rtol 1e-5: me::SymmetryError otherwise, after the FLOPs are charged).
///
/// FLOPs: opt_einsum's count, summed over the steps of the path: for each step, the
/// product of the sizes of all labels in it, times max(1, operands in the step - 1), plus
/// one more if the step sums a label away; the labels the step keeps count their unique
/// elements only (stars and bars per symmetric group); at least 1. `'ij,j->i'` on
/// 256x256 is 131,072, `'ij,jk->ik'` on 256^3 is 33,554,432, the outer product `'i,j->ij'`
/// is n*m. The same number as `me::flops::einsum_cost` and `me::einsum_path(...).optimized_cost`.
///
/// @throws me::ValueError naming einsum, the subscripts and the shapes, before anything is
///         charged: bad characters, a stray '.', a wrong number of operands or subscripts,
///         a label of two different sizes (neither 1), an unknown or repeated output label,
///         an unknown optimiser, an invalid explicit path, bad `symmetric_axes`.
/// @throws me::BudgetExhaustedError when the cost does not fit; nothing runs.
template <class... Args>
    requires(sizeof...(Args) >= 1 && detail::einsum_arguments<Args...>::valid)
array<typename detail::einsum_arguments<Args...>::value_type> einsum(std::string_view subscripts, const Args&... args) {
    using C = typename detail::einsum_arguments<Args...>::value_type;
    return detail::einsum_split(
        [&](const einsum_options& options, const auto&... operands) {
            return detail::einsum_run<C>(subscripts, options, operands...);
        },
        args...);
}

/// Einstein summation over a list of operands of one element type (see the variadic form):
/// a `std::vector` of arrays, or of views (each priced and computed as the array it shows).
/// FLOPs: as the variadic form (opt_einsum's count along the chosen path, at least 1).
/// @throws me::ValueError as the variadic form, and when `operands` is empty.
template <array_like A>
array<detail::value_t<A>> einsum(std::string_view subscripts, const std::vector<A>& operands,
                                 const einsum_options& options = {}) {
    return detail::einsum_run<detail::value_t<A>>(subscripts, options, operands);
}

/// The contraction path `me::einsum` would take for these arguments, and what it costs,
/// without computing or charging anything (NumPy's and opt_einsum's `einsum_path`).
/// FLOPs: 0 (the returned `optimized_cost` is what `me::einsum` would charge).
/// @throws me::ValueError as `me::einsum`.
template <class... Args>
    requires(sizeof...(Args) >= 1 && detail::einsum_arguments<Args...>::valid)
PathInfo einsum_path(std::string_view subscripts, const Args&... args) {
    return detail::einsum_split(
        [&](const einsum_options& options, const auto&... operands) {
            const auto symmetry = detail::einsum_symmetry_of(operands...);
            const auto plan = detail::plan_einsum(subscripts, detail::einsum_shapes_of(operands...), options, symmetry);
            return detail::einsum_path_info(plan, options);
        },
        args...);
}

/// `me::einsum_path` over a list of operands of one element type (arrays, or views).
/// FLOPs: 0.
template <array_like A>
PathInfo einsum_path(std::string_view subscripts, const std::vector<A>& operands, const einsum_options& options = {}) {
    const auto symmetry = detail::einsum_symmetry_of(operands);
    const auto plan = detail::plan_einsum(subscripts, detail::einsum_shapes_of(operands), options, symmetry);
    return detail::einsum_path_info(plan, options);
}

}  // namespace me

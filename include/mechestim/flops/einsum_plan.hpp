/// @file flops/einsum_plan.hpp
/// @brief Stages 1 and 2 of einsum, part of the cost layer: parsing subscripts against
/// shapes, and pricing a path (no arrays, no fmt: `me::flops::einsum_cost` needs only this).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "einsum_paths.hpp"

namespace me {

namespace detail {

// ---------------------------------------------------------------------------------------
// 1. Parsing
// ---------------------------------------------------------------------------------------

/// A label as a small int: 'A'-'Z' are 0-25 and 'a'-'z' 26-51, so that sorting labels
/// sorts by character code as NumPy's implicit output does; the k-th dimension covered
/// by `...` (counted from the left of the broadcast ellipsis shape) is 52 + k.
using einsum_label = int;
inline constexpr einsum_label einsum_ellipsis_base = 52;

inline bool einsum_is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

inline einsum_label einsum_letter_label(char c) { return c <= 'Z' ? c - 'A' : 26 + (c - 'a'); }

inline std::string einsum_label_name(einsum_label l) {
    if (l < 26) return std::string(1, static_cast<char>('A' + l));
    if (l < einsum_ellipsis_base) return std::string(1, static_cast<char>('a' + (l - 26)));
    return cat("... (broadcast dimension ", l - einsum_ellipsis_base, ")");
}

/// The subscripts, checked and expanded against the operand shapes.
struct einsum_spec {
    std::string subscripts;                          ///< as the user wrote them
    std::vector<shape_t> shapes;                     ///< operand shapes
    std::vector<std::vector<einsum_label>> inputs;   ///< per operand, one label per dimension
    std::vector<einsum_label> output;                ///< result labels, in order
    std::vector<std::size_t> sizes;                  ///< by label: its size after broadcasting (1 when unused)
};

[[noreturn]] inline void einsum_fail(std::string_view subscripts, const std::vector<shape_t>& shapes,
                                     std::string_view what) {
    std::string s;
    for (std::size_t k = 0; k < shapes.size(); ++k) s += (k ? ", " : "") + tuple_string(shapes[k]);
    throw ValueError(cat("einsum('", subscripts, "') with operand shapes [", s, "]: ", what));
}

/// One term of the subscripts: its letters and where its `...` is, if any.
struct einsum_term {
    std::vector<char> letters;       // in order, without the ellipsis
    std::ptrdiff_t ellipsis_at = -1;  // index into letters before which `...` stands
};

/// Splits a term into letters and at most one `...`; `operand` names it in errors (-1: the
/// output). The name is only formatted on failure: this runs for every einsum call.
inline einsum_term einsum_split_term(std::string_view term, std::ptrdiff_t operand, const auto& fail) {
    const auto where = [operand] {
        return operand < 0 ? std::string("the output") : cat("operand ", operand);
    };
    einsum_term t;
    for (std::size_t i = 0; i < term.size();) {
        const char c = term[i];
        if (einsum_is_letter(c)) {
            t.letters.push_back(c);
            ++i;
        } else if (c == '.') {
            if (term.substr(i, 3) != "...")
                fail(cat("a '.' that is not part of an ellipsis ('...') in ", where()));
            if (t.ellipsis_at >= 0) fail(cat("more than one ellipsis ('...') in ", where()));
            t.ellipsis_at = static_cast<std::ptrdiff_t>(t.letters.size());
            i += 3;
        } else {
            fail(cat("invalid subscript '", c, "' in ", where(), ": subscripts must be letters"));
        }
    }
    return t;
}

/// Checks `subscripts` against the operand shapes with NumPy's rules and expands them.
/// Throws ValueError (naming einsum, the subscripts and the shapes) on any mismatch.
inline einsum_spec parse_einsum(std::string_view subscripts, std::vector<shape_t> shapes) {
    const auto fail = [&](std::string_view what) { einsum_fail(subscripts, shapes, what); };
    if (shapes.empty()) fail("no operands given");

    std::string text;  // NumPy ignores spaces anywhere
    for (char c : subscripts)
        if (c != ' ') text.push_back(c);
    const std::size_t arrow = text.find("->");
    const std::string_view lhs = std::string_view(text).substr(0, arrow);
    const std::optional<std::string_view> rhs =
        arrow == std::string::npos ? std::nullopt : std::optional(std::string_view(text).substr(arrow + 2));

    std::vector<std::string_view> terms;
    for (std::size_t start = 0;;) {
        const std::size_t comma = lhs.find(',', start);
        terms.push_back(lhs.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (terms.size() != shapes.size())
        fail(cat("the subscripts name ", terms.size(), " operand(s) but ", shapes.size(), " were given"));

    // Split every term first, so that the number of broadcast dimensions is known.
    std::vector<einsum_term> split;
    std::vector<std::size_t> ellipsis_ndim(shapes.size(), 0);
    std::size_t broadcast_ndim = 0;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        // Every operand shape is one an array could have (NumPy's rule, at one byte per
        // element since a cost query has no element type). Labels of broadcast dimensions
        // are bytes 128 + k in the path network: the limit of 64 dimensions keeps them
        // apart from every letter.
        if (shapes[k].size() > max_ndim)
            fail(cat("operand ", k, " has ", shapes[k].size(), " dimensions, more than the ", max_ndim,
                     " an array may have"));
        try {
            (void)checked_size(shapes[k], 1, "einsum");
        } catch (const ValueError&) {
            fail(cat("operand ", k, " has a shape no array can have (its size overflows)"));
        }
        split.push_back(einsum_split_term(terms[k], static_cast<std::ptrdiff_t>(k), fail));
        const std::size_t ndim = shapes[k].size(), nletters = split[k].letters.size();
        if (nletters > ndim)
            fail(cat("operand ", k, " has ", ndim, " dimension(s) but ", nletters, " subscript(s)"));
        if (split[k].ellipsis_at < 0 && nletters < ndim)
            fail(cat("operand ", k, " has ", ndim, " dimension(s) but only ", nletters, " subscript(s) and no '...' to cover the rest"));
        ellipsis_ndim[k] = ndim - nletters;
        broadcast_ndim = std::max(broadcast_ndim, ellipsis_ndim[k]);
    }

    einsum_spec spec;
    spec.subscripts = std::string(subscripts);
    spec.sizes.assign(einsum_ellipsis_base + broadcast_ndim, 0);  // 0: not seen yet
    std::vector<int> count(spec.sizes.size(), 0);
    for (std::size_t k = 0; k < terms.size(); ++k) {
        std::vector<einsum_label> labels;
        const auto& t = split[k];
        for (std::size_t i = 0; i <= t.letters.size(); ++i) {
            if (static_cast<std::ptrdiff_t>(i) == t.ellipsis_at)  // right-aligned, as NumPy broadcasts
                for (std::size_t j = 0; j < ellipsis_ndim[k]; ++j)
                    labels.push_back(static_cast<einsum_label>(einsum_ellipsis_base + broadcast_ndim - ellipsis_ndim[k] + j));
            if (i < t.letters.size()) labels.push_back(einsum_letter_label(t.letters[i]));
        }
        for (std::size_t d = 0; d < labels.size(); ++d) {
            const einsum_label l = labels[d];
            const std::size_t n = shapes[k][d];
            const auto first = std::find(labels.begin(), labels.end(), l) - labels.begin();
            if (static_cast<std::size_t>(first) != d && shapes[k][first] != n)
                fail(cat("dimensions in operand ", k, " for collapsing label '", einsum_label_name(l), "' don't match (", shapes[k][first], " != ", n, ")"));
            ++count[l];
            std::size_t& size = spec.sizes[l];
            if (count[l] == 1 || size == 1) size = n;
            else if (n != size && n != 1)
                fail(cat("label '", einsum_label_name(l), "' has size ", n, " in operand ", k, " but ", size, " in an earlier one, and neither is 1"));
        }
        spec.inputs.push_back(std::move(labels));
    }

    if (rhs) {
        const einsum_term out = einsum_split_term(*rhs, -1, fail);
        for (std::size_t i = 0; i <= out.letters.size(); ++i) {
            if (static_cast<std::ptrdiff_t>(i) == out.ellipsis_at)
                for (std::size_t j = 0; j < broadcast_ndim; ++j)
                    spec.output.push_back(static_cast<einsum_label>(einsum_ellipsis_base + j));
            if (i == out.letters.size()) break;
            const einsum_label l = einsum_letter_label(out.letters[i]);
            if (count[l] == 0) fail(cat("output label '", out.letters[i], "' does not appear in any input"));
            if (std::find(spec.output.begin(), spec.output.end(), l) != spec.output.end())
                fail(cat("output label '", out.letters[i], "' appears more than once"));
            spec.output.push_back(l);
        }
        if (out.ellipsis_at < 0 && broadcast_ndim > 0)
            fail("the inputs have dimensions covered by '...' but the output has no '...' to keep them");
    } else {
        // Implicit output: the broadcast dimensions, then every label used once, by character code.
        for (std::size_t j = 0; j < broadcast_ndim; ++j)
            spec.output.push_back(static_cast<einsum_label>(einsum_ellipsis_base + j));
        for (einsum_label l = 0; l < einsum_ellipsis_base; ++l)
            if (count[l] == 1) spec.output.push_back(l);
    }
    for (std::size_t l = 0; l < spec.sizes.size(); ++l)
        if (count[l] == 0) spec.sizes[l] = 1;
    spec.shapes = std::move(shapes);
    return spec;
}

// ---------------------------------------------------------------------------------------
// 2. Planning and pricing
// ---------------------------------------------------------------------------------------

/// A contraction path in opt_einsum's form: each step lists positions in the current
/// operand list; those operands are removed and the step's result is appended.
using einsum_path_t = paths::path_t;

/// One step of a plan.
struct einsum_step {
    std::vector<std::size_t> operands;              ///< positions in the current list, ascending
    std::vector<std::vector<einsum_label>> inputs;  ///< labels of those operands, in that order
    std::vector<einsum_label> result;               ///< labels that survive (ascending); the output for the last step
    flops_t cost = 0;        ///< opt_einsum's flop_count, the kept part on unique elements
    flops_t dense_cost = 0;  ///< the same step priced as if nothing were symmetric
};

/// A parsed expression with its priced path.
struct einsum_plan {
    einsum_spec spec;
    einsum_path_t path;                      ///< the path, as chosen or given
    std::vector<einsum_step> steps;          ///< one per path step: what is charged and reported
    std::vector<paths::step_record> records; ///< the same steps as the path module priced them
    paths::network network;                  ///< what they were priced on (labels, sizes, symmetry)
    /// The steps as they run when the path has a step of more than two operands: that
    /// step folded into pairwise steps, left to right (its price does not depend on how
    /// it runs). Empty otherwise: `steps` run as they are.
    std::vector<einsum_step> folded;
    flops_t cost = 1;  ///< sum of the step costs, at least 1
    flops_t dense_cost = 1;

    const std::vector<einsum_step>& run_steps() const noexcept { return folded.empty() ? steps : folded; }
};

/// Per operand, what symmetric pricing needs: which array it is (the same array passed
/// twice shares an id) and its declared symmetry groups.
struct einsum_operand_symmetry {
    int object = 0;
    symmetry_groups groups;
};

/// The label's byte in a path network: letters are themselves; the k-th broadcast
/// dimension of `...` is byte 128 + k, which no letter can clash with.
inline unsigned char einsum_label_byte(einsum_label l) {
    static_assert(128 + max_ndim <= 256, "broadcast labels must not wrap into letters");
    if (l < 26) return static_cast<unsigned char>('A' + l);
    if (l < einsum_ellipsis_base) return static_cast<unsigned char>('a' + (l - 26));
    return static_cast<unsigned char>(128 + (l - einsum_ellipsis_base));
}

inline einsum_label einsum_byte_label(unsigned char c) {
    if (c >= 128) return einsum_ellipsis_base + (c - 128);
    return c <= 'Z' ? c - 'A' : 26 + (c - 'a');
}

/// The network the path optimisers and the pricing work on. `symmetry` (one entry per
/// operand, or empty) is kept only when something is symmetric or repeated, and only up
/// to 64 operands (the optimisers' subset masks are 64-bit).
inline paths::network einsum_network(const einsum_spec& spec, const std::vector<einsum_operand_symmetry>& symmetry) {
    paths::network net;
    for (std::size_t l = 0; l < spec.sizes.size(); ++l)
        net.size[einsum_label_byte(static_cast<einsum_label>(l))] = to_flops(spec.sizes[l]);
    for (const auto& in : spec.inputs) {
        paths::labelset t;
        for (einsum_label l : in) t.add(einsum_label_byte(l));
        net.terms.push_back(t);
    }
    for (einsum_label l : spec.output) net.output.add(einsum_label_byte(l));
    bool any = false;
    for (std::size_t k = 0; k < symmetry.size(); ++k)
        any = any || !symmetry[k].groups.empty() || symmetry[k].object != static_cast<int>(k);
    if (any && symmetry.size() == spec.inputs.size() && symmetry.size() <= 64) {
        for (std::size_t k = 0; k < symmetry.size(); ++k) {
            paths::operand_symmetry op;
            for (einsum_label l : spec.inputs[k]) op.labels.push_back(static_cast<char>(einsum_label_byte(l)));
            op.object = symmetry[k].object;
            op.groups = symmetry[k].groups;
            net.symmetry.push_back(std::move(op));
        }
    }
    return net;
}

inline std::vector<einsum_label> einsum_labels_of(const paths::labelset& s) {
    std::vector<einsum_label> out;
    s.for_each([&](unsigned char c) { out.push_back(einsum_byte_label(c)); });
    std::sort(out.begin(), out.end());
    return out;
}

/// The labels `step` keeps from `current` (the labels of every current operand): those the
/// output or an operand outside the step still needs.
inline std::vector<einsum_label> einsum_kept(const std::vector<std::vector<einsum_label>>& current,
                                             const std::vector<std::size_t>& step,
                                             const std::vector<einsum_label>& output) {
    std::vector<einsum_label> in_step, needed = output, kept;
    for (std::size_t i = 0; i < current.size(); ++i) {
        auto& dest = std::binary_search(step.begin(), step.end(), i) ? in_step : needed;
        dest.insert(dest.end(), current[i].begin(), current[i].end());
    }
    for (einsum_label l : in_step)
        if (std::find(needed.begin(), needed.end(), l) != needed.end() &&
            std::find(kept.begin(), kept.end(), l) == kept.end())
            kept.push_back(l);
    std::sort(kept.begin(), kept.end());
    return kept;
}

/// Removes the operands at `step` (ascending) from `list` and appends `result`.
template <class V>
void einsum_replace(std::vector<V>& list, const std::vector<std::size_t>& step, V result) {
    for (std::size_t k = step.size(); k-- > 0;) list.erase(list.begin() + static_cast<std::ptrdiff_t>(step[k]));
    list.push_back(std::move(result));
}

/// `steps` with every step of more than two operands folded into pairwise steps: its
/// first two operands, then each further one with the intermediate (always last).
inline std::vector<einsum_step> einsum_fold(const std::vector<einsum_step>& steps,
                                            std::vector<std::vector<einsum_label>> running,
                                            const std::vector<einsum_label>& output) {
    std::vector<einsum_step> out;
    for (const einsum_step& step : steps) {
        std::vector<std::size_t> pending = step.operands;
        while (pending.size() > 2) {
            einsum_step sub;
            sub.operands = {pending[0], pending[1]};
            for (std::size_t p : sub.operands) sub.inputs.push_back(running[p]);
            sub.result = einsum_kept(running, sub.operands, output);
            std::vector<std::size_t> rest;
            for (std::size_t k = 2; k < pending.size(); ++k)
                rest.push_back(pending[k] - (pending[k] > pending[1] ? 2 : pending[k] > pending[0] ? 1 : 0));
            einsum_replace(running, sub.operands, sub.result);
            rest.push_back(running.size() - 1);
            pending = std::move(rest);
            out.push_back(std::move(sub));
        }
        einsum_step run = step;
        run.operands = pending;
        std::sort(run.operands.begin(), run.operands.end());
        run.inputs.clear();
        for (std::size_t p : run.operands) run.inputs.push_back(running[p]);
        einsum_replace(running, run.operands, run.result);
        out.push_back(std::move(run));
    }
    return out;
}

/// Prices `path` over `spec` through the path module's step pricing (the one formula the
/// optimisers minimise, `me::einsum` charges and `me::flops::einsum_cost` returns). An
/// invalid path is a ValueError naming einsum.
inline einsum_plan plan_einsum(einsum_spec spec, const einsum_path_t& path, const paths::network& net) {
    einsum_plan plan;
    try {
        plan.records = paths::path_steps(net, path);
    } catch (const ValueError& e) {
        einsum_fail(spec.subscripts, spec.shapes, e.what());
    }
    plan.path = path;
    plan.steps.reserve(path.size());
    flops_t total = 0, dense = 0;
    bool wide = false;
    std::vector<std::vector<einsum_label>> current = spec.inputs;
    for (std::size_t s = 0; s < path.size(); ++s) {
        einsum_step step;
        for (int p : path[s]) step.operands.push_back(static_cast<std::size_t>(p));
        std::sort(step.operands.begin(), step.operands.end());
        for (std::size_t p : step.operands) step.inputs.push_back(current[p]);
        step.result = s + 1 == path.size() ? spec.output : einsum_labels_of(plan.records[s].kept);
        step.cost = plan.records[s].cost;
        step.dense_cost = plan.records[s].dense_cost;
        total = saturating_add(total, step.cost);
        dense = saturating_add(dense, step.dense_cost);
        wide = wide || step.operands.size() > 2;
        einsum_replace(current, step.operands, step.result);
        plan.steps.push_back(std::move(step));
    }
    if (wide) plan.folded = einsum_fold(plan.steps, spec.inputs, spec.output);
    plan.cost = total < 1 ? 1 : total;
    plan.dense_cost = dense < 1 ? 1 : dense;
    plan.spec = std::move(spec);
    plan.network = net;
    return plan;
}

/// The groups of interchangeable labels the path module found among `kept` (the labels
/// of the term holding the operands `mask`), as axes of a result laid out as `result`.
inline symmetry_groups einsum_groups_as_axes(const paths::network& net, std::uint64_t mask,
                                             const paths::labelset& kept, const std::vector<einsum_label>& result) {
    if (net.symmetry.empty()) return {};
    symmetry_groups groups;
    for (const auto& g : paths::label_groups(net, mask, kept)) {
        if (g.size() < 2) continue;
        std::vector<std::size_t> axes;
        for (unsigned char c : g)
            axes.push_back(static_cast<std::size_t>(
                std::find(result.begin(), result.end(), einsum_byte_label(c)) - result.begin()));
        std::sort(axes.begin(), axes.end());
        groups.push_back(std::move(axes));
    }
    std::sort(groups.begin(), groups.end());
    return groups;
}

/// `plan_einsum` over a network built from `spec` and `symmetry`.
inline einsum_plan plan_einsum(einsum_spec spec, const einsum_path_t& path,
                               const std::vector<einsum_operand_symmetry>& symmetry = {}) {
    const paths::network net = einsum_network(spec, symmetry);
    return plan_einsum(std::move(spec), path, net);
}

}  // namespace detail
}  // namespace me

/// @file detail/symmetry_rules.hpp
/// @brief How symmetry groups travel through ops, as pure functions of groups and shapes
/// (no arrays, no xtensor), so that flops.hpp can price symmetric inputs without
/// including the array machinery. The public face is symmetry.hpp.
///
/// Every rule is one of two shapes: an axis map (each input axis goes to an output axis,
/// is removed, or is pulled out of its group), or the broadcast intersection of two
/// operands. Both report which input axes lost a partner, for the SymmetryLossWarning.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "../errors.hpp"
#include "../shape.hpp"
#include "format.hpp"

namespace me::detail::sym {

/// An input axis that is gone from the result (reduced over, integer-indexed).
inline constexpr std::size_t removed = std::numeric_limits<std::size_t>::max();

/// Groups of a result, and the input axes whose symmetry did not survive.
struct propagated {
    symmetry_groups groups;
    std::vector<std::size_t> lost;  ///< input axes (ascending) that kept existing but lost a partner
};

inline void sort_groups(symmetry_groups& groups) {
    for (auto& g : groups) std::sort(g.begin(), g.end());
    std::sort(groups.begin(), groups.end());
}

/// Groups after an axis map: input axis a becomes output axis `to[a]`, or is `removed`;
/// where `pulled[a]` (if given) the axis survives but leaves its group (a slice that
/// changes its length). Groups left with fewer than 2 axes disappear.
inline propagated map_axes(const symmetry_groups& groups, std::span<const std::size_t> to,
                           std::span<const char> pulled = {}) {
    auto is_pulled = [&](std::size_t a) { return !pulled.empty() && pulled[a]; };
    propagated r;
    for (const auto& g : groups) {
        std::vector<std::size_t> kept, survivors;  // survivors: input axes still in the result
        for (auto a : g) {
            if (to[a] == removed) continue;
            survivors.push_back(a);
            if (!is_pulled(a)) kept.push_back(to[a]);
        }
        if (kept.size() >= 2) r.groups.push_back(std::move(kept));
        // A survivor lost symmetry when it no longer shares a group with another survivor.
        if (survivors.size() < 2) continue;
        const bool last_one = survivors.size() - static_cast<std::size_t>(std::count_if(
                                  survivors.begin(), survivors.end(), is_pulled)) == 1;
        for (auto a : survivors)
            if (is_pulled(a) || last_one) r.lost.push_back(a);
    }
    sort_groups(r.groups);
    std::sort(r.lost.begin(), r.lost.end());
    return r;
}

/// A reduction over `axes` (sorted, normalized): they disappear and the rest renumber;
/// with keepdims they stay as length-1 axes outside any group. The axes left in a group
/// lose nothing (a group reduced to one axis is no loss: one axis has nothing to swap with).
inline propagated reduce(const symmetry_groups& groups, std::size_t ndim, const std::vector<std::size_t>& axes,
                         bool keepdims) {
    std::vector<std::size_t> to(ndim);
    std::size_t next = 0;
    for (std::size_t a = 0; a < ndim; ++a) {
        const bool reduced = std::binary_search(axes.begin(), axes.end(), a);
        to[a] = reduced ? removed : keepdims ? a : next++;
    }
    return map_axes(groups, to);
}

/// An integer index on `axis`: the axis disappears, the rest renumber.
inline propagated index(const symmetry_groups& groups, std::size_t ndim, std::size_t axis) {
    return reduce(groups, ndim, {axis}, false);
}

/// A basic slice that keeps the rank: an axis whose length changed leaves its group
/// (`A[0:5, 0:5]` on a 10x10x10x10 tensor symmetric in all four keeps only (2, 3)).
template <class S1, class S2>
propagated slice(const symmetry_groups& groups, const S1& in_shape, const S2& out_shape) {
    const std::size_t ndim = in_shape.size();
    std::vector<std::size_t> to(ndim);
    std::vector<char> changed(ndim);
    for (std::size_t a = 0; a < ndim; ++a) {
        to[a] = a;
        changed[a] = static_cast<std::size_t>(in_shape[a]) != static_cast<std::size_t>(out_shape[a]);
    }
    return map_axes(groups, to, changed);
}

/// Axis i of the result is axis perm[i] of the input (transpose, swapaxes, moveaxis).
inline propagated permute(const symmetry_groups& groups, std::span<const std::size_t> perm) {
    std::vector<std::size_t> to(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i) to[perm[i]] = i;
    return map_axes(groups, to);
}

/// Groups of a binary op's result: the common refinement of what each operand allows.
/// An operand allows a set of output axes to be permuted when they lie in one of its
/// groups (none of them stretched from length 1), or when it is constant along all of
/// them (absent, or length 1). Only subsets of a declared group are candidates, so two
/// plain operands never acquire symmetry. A scalar operand thus keeps the other's groups.
template <class SA, class SB, class SO>
propagated broadcast(const SA& a_shape, const symmetry_groups& a_groups, const SB& b_shape,
                     const symmetry_groups& b_groups, const SO& out_shape) {
    const std::size_t nd = out_shape.size();
    // Per operand: a class label for each output axis: 0 constant, g+1 its group g,
    // and a label of its own (past the group labels) for an axis that forbids any swap.
    auto classes = [nd, &out_shape](const auto& shape, const symmetry_groups& groups) {
        const std::size_t off = nd - shape.size();
        std::vector<std::size_t> label(nd, 0);
        for (std::size_t i = 0; i < nd; ++i) {
            const bool present = i >= off;
            const std::size_t d = present ? static_cast<std::size_t>(shape[i - off]) : 1;
            label[i] = d == 1 ? 0 : groups.size() + 1 + i;
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            bool stretched = false;
            for (auto a : groups[g])
                stretched |= static_cast<std::size_t>(shape[a]) != static_cast<std::size_t>(out_shape[a + off]);
            if (stretched) continue;  // constant along those axes: label 0 already
            for (auto a : groups[g]) label[a + off] = g + 1;
        }
        return label;
    };
    const auto la = classes(a_shape, a_groups);
    const auto lb = classes(b_shape, b_groups);
    propagated r;
    auto candidates = [&](const auto& shape, const symmetry_groups& groups) {
        const std::size_t off = nd - shape.size();
        for (const auto& g : groups) {
            std::vector<std::size_t> axes;
            for (auto a : g) axes.push_back(a + off);
            // A group stretched from length 1 is dropped (its operand is constant there);
            // keeping it as a candidate could yield overlapping groups.
            if (static_cast<std::size_t>(shape[g[0]]) != static_cast<std::size_t>(out_shape[axes[0]])) {
                r.lost.insert(r.lost.end(), axes.begin(), axes.end());
                continue;
            }
            // Split the candidate into parts on which both operands agree.
            std::vector<bool> used(axes.size(), false);
            std::vector<std::size_t> alone;
            for (std::size_t i = 0; i < axes.size(); ++i) {
                if (used[i]) continue;
                std::vector<std::size_t> part{axes[i]};
                used[i] = true;
                for (std::size_t j = i + 1; j < axes.size(); ++j)
                    if (!used[j] && la[axes[j]] == la[axes[i]] && lb[axes[j]] == lb[axes[i]]) {
                        part.push_back(axes[j]);
                        used[j] = true;
                    }
                if (part.size() >= 2) {
                    if (std::find(r.groups.begin(), r.groups.end(), part) == r.groups.end()) r.groups.push_back(part);
                } else {
                    alone.push_back(part[0]);
                }
            }
            r.lost.insert(r.lost.end(), alone.begin(), alone.end());
        }
    };
    candidates(a_shape, a_groups);
    candidates(b_shape, b_groups);
    sort_groups(r.groups);
    std::sort(r.lost.begin(), r.lost.end());
    r.lost.erase(std::unique(r.lost.begin(), r.lost.end()), r.lost.end());
    return r;
}

/// Every input axis in a group: what an op that drops symmetry (reshape, advanced
/// indexing, matmul) loses.
inline std::vector<std::size_t> all_axes(const symmetry_groups& groups) {
    std::vector<std::size_t> out;
    for (const auto& g : groups) out.insert(out.end(), g.begin(), g.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace me::detail::sym

namespace me {

/// The symmetry argument of as_symmetric / is_symmetric: one group `{0, 1}` or several
/// `{{0, 1}, {2, 3}}` (or a `me::symmetry_groups`). Axes may be negative, as in NumPy.
class symmetry_spec {
public:
    symmetry_spec(std::initializer_list<int> one_group) { groups_.emplace_back(one_group.begin(), one_group.end()); }
    symmetry_spec(std::initializer_list<std::initializer_list<int>> groups) {
        for (const auto& g : groups) groups_.emplace_back(g.begin(), g.end());
    }
    symmetry_spec(const std::vector<int>& one_group) { groups_.emplace_back(one_group.begin(), one_group.end()); }
    symmetry_spec(const std::vector<std::vector<int>>& groups) {
        for (const auto& g : groups) groups_.emplace_back(g.begin(), g.end());
    }
    symmetry_spec(const symmetry_groups& groups) {
        for (const auto& g : groups) groups_.emplace_back(g.begin(), g.end());
    }

    const std::vector<std::vector<long long>>& raw() const noexcept { return groups_; }

private:
    std::vector<std::vector<long long>> groups_;
};

namespace detail {

/// Normalized groups of `spec` for an array of rank `ndim`: axes in range (negatives
/// counted from the end), each group sorted with at least 2 distinct axes, groups
/// disjoint and ordered by first axis. AxisError or ValueError naming `op` otherwise.
inline symmetry_groups normalize_symmetry(const symmetry_spec& spec, std::size_t ndim, std::string_view op) {
    symmetry_groups groups;
    std::vector<int> owner(ndim, -1);
    for (const auto& raw : spec.raw()) {
        std::vector<std::size_t> g;
        for (long long a : raw) {
            const auto n = static_cast<long long>(ndim);
            if (a < -n || a >= n)
                throw AxisError(cat(op, ": axis ", a, " is out of bounds for array of dimension ", ndim));
            g.push_back(static_cast<std::size_t>(a < 0 ? a + n : a));
        }
        std::sort(g.begin(), g.end());
        if (g.size() < 2)
            throw ValueError(cat(op, ": a symmetry group needs at least 2 axes, got ", tuple_string(raw)));
        if (std::adjacent_find(g.begin(), g.end()) != g.end())
            throw ValueError(cat(op, ": repeated axis in symmetry group ", tuple_string(raw)));
        for (auto a : g) {
            if (owner[a] >= 0)
                throw ValueError(cat(op, ": axis ", a, " is in two symmetry groups, ",
                                     tuple_string(groups[static_cast<std::size_t>(owner[a])]), " and ", tuple_string(g)));
            owner[a] = static_cast<int>(groups.size());
        }
        groups.push_back(std::move(g));
    }
    sym::sort_groups(groups);
    return groups;
}

}  // namespace detail
}  // namespace me

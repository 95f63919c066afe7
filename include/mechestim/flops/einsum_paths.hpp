/// @file flops/einsum_paths.hpp
/// @brief Contraction-path optimisers, part of the cost layer.
#pragma once
/// Contraction-path optimisers for einsum, after opt_einsum's paths.py, as pure functions.
///
/// A network is a list of operands (a std::string of labels each), an output label string
/// and a size per label. A path is in opt_einsum's linear form: each step lists positions
/// in the CURRENT operand list; those operands are removed and the result is appended.
/// Labels kept after a step are those in the output or in any operand still remaining.
///
/// Every optimiser returns a path; `path_cost` prices any path with opt_einsum's
/// flop_count, so the cost einsum charges and the cost users query are the same function.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../errors.hpp"
#include "count.hpp"

namespace me::detail::paths {

using path_t = std::vector<std::vector<int>>;
using size_dict_t = std::unordered_map<char, std::size_t>;

/// A set of char labels as a 256-bit mask: std::bitset lacks a portable "next set bit",
/// which the size products below need.
struct labelset {
    std::array<std::uint64_t, 4> w{};

    static labelset of(const std::string& s) {
        labelset r;
        for (unsigned char c : s) r.add(c);
        return r;
    }
    void add(unsigned char c) { w[c >> 6] |= std::uint64_t{1} << (c & 63); }
    bool has(unsigned char c) const { return (w[c >> 6] >> (c & 63)) & 1; }
    bool any() const { return (w[0] | w[1] | w[2] | w[3]) != 0; }
    friend labelset operator|(labelset a, const labelset& b) { for (int i = 0; i < 4; ++i) a.w[i] |= b.w[i]; return a; }
    friend labelset operator&(labelset a, const labelset& b) { for (int i = 0; i < 4; ++i) a.w[i] &= b.w[i]; return a; }
    friend labelset operator-(labelset a, const labelset& b) { for (int i = 0; i < 4; ++i) a.w[i] &= ~b.w[i]; return a; }
    friend bool operator==(const labelset&, const labelset&) = default;
    template <class F> void for_each(F f) const {
        for (int i = 0; i < 4; ++i)
            for (std::uint64_t x = w[i]; x; x &= x - 1) f(static_cast<unsigned char>(i * 64 + std::countr_zero(x)));
    }
};

/// What pricing needs to know about one original operand when the network has symmetry:
/// its labels axis by axis, which array it is (operands passed as the same array share an
/// `object`), and its declared groups of interchangeable axes.
struct operand_symmetry {
    std::string labels;
    int object = 0;
    std::vector<std::vector<std::size_t>> groups;
};

/// A network in internal form: label sets and a size table indexed by label byte, plus,
/// when some operand is symmetric or repeated, what the symmetry oracle needs.
struct network {
    std::vector<labelset> terms;
    labelset output;
    std::array<flops_t, 256> size{};
    std::vector<operand_symmetry> symmetry;  ///< one per operand, or empty: no symmetry to exploit
    /// Unique elements of the term holding a subset of operands, by subset: a subset fixes
    /// the term's labels, so the mask alone is the key.
    mutable std::unordered_map<std::uint64_t, flops_t> unique_cache;

    flops_t size_of(const labelset& s) const {
        flops_t n = 1;
        s.for_each([&](unsigned char c) { n = saturating_mul(n, size[c]); });
        return n;
    }
};

using me::flops::detail::multisets;

/// The factors of the term holding `mask` as a multiset: (array, labels with each declared
/// group's labels sorted), after relabelling with `swap` (a, b exchanged; a == b: none).
/// Two relabellings give the same multiset exactly when they give the same product.
inline std::vector<std::pair<int, std::string>> factor_multiset(const network& net, std::uint64_t mask,
                                                                unsigned char a, unsigned char b) {
    std::vector<std::pair<int, std::string>> out;
    for (std::uint64_t x = mask; x; x &= x - 1) {
        const operand_symmetry& op = net.symmetry[std::countr_zero(x)];
        std::string l = op.labels;
        for (char& c : l) {
            const auto u = static_cast<unsigned char>(c);
            if (u == a) c = static_cast<char>(b);
            else if (u == b) c = static_cast<char>(a);
        }
        for (const auto& g : op.groups) {
            std::string part;
            for (std::size_t axis : g) part += l[axis];
            std::sort(part.begin(), part.end());
            for (std::size_t i = 0; i < g.size(); ++i) l[g[i]] = part[i];
        }
        out.emplace_back(op.object, std::move(l));
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The groups of interchangeable labels among `kept`, the labels of the term holding the
/// original operands `mask` (singletons included, each group ascending). Two kept labels of
/// one size are interchangeable when exchanging them maps the product of the subset's
/// factors onto itself (a declared group, or the same array at two positions, as in
/// 'ai,bi->ab' of x with x); transpositions generate the full symmetric group of each
/// connected set. Only exchanges of kept labels are tried, so a symmetry that also needs
/// summed labels renamed is missed, never invented.
inline std::vector<std::vector<unsigned char>> label_groups(const network& net, std::uint64_t mask,
                                                            const labelset& kept) {
    std::vector<unsigned char> labels;
    kept.for_each([&](unsigned char c) { labels.push_back(c); });
    std::vector<std::size_t> parent(labels.size());
    for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
    auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    if (!net.symmetry.empty() && mask != 0) {
        const auto base = factor_multiset(net, mask, 0, 0);
        for (std::size_t i = 0; i < labels.size(); ++i)
            for (std::size_t j = i + 1; j < labels.size(); ++j) {
                if (net.size[labels[i]] != net.size[labels[j]] || root(i) == root(j)) continue;
                if (factor_multiset(net, mask, labels[i], labels[j]) == base) parent[root(j)] = root(i);
            }
    }
    std::vector<std::vector<unsigned char>> groups;
    std::vector<std::ptrdiff_t> slot(labels.size(), -1);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::size_t r = root(i);
        if (slot[r] < 0) {
            slot[r] = static_cast<std::ptrdiff_t>(groups.size());
            groups.emplace_back();
        }
        groups[static_cast<std::size_t>(slot[r])].push_back(labels[i]);
    }
    return groups;
}

/// Unique elements of the term holding the original operands `mask`, whose labels are
/// `kept`: stars and bars over `label_groups`. Without symmetry information (or above 64
/// operands) it is the dense size.
inline flops_t unique_size(const network& net, std::uint64_t mask, const labelset& kept) {
    if (net.symmetry.empty() || mask == 0) return net.size_of(kept);
    if (auto it = net.unique_cache.find(mask); it != net.unique_cache.end()) return it->second;
    flops_t unique = 1;
    for (const auto& g : label_groups(net, mask, kept)) unique = saturating_mul(unique, multisets(net.size[g[0]], g.size()));
    net.unique_cache.emplace(mask, unique);
    return unique;
}

inline network make_network(const std::vector<std::string>& inputs, const std::string& output,
                            const size_dict_t& sizes) {
    network net;
    auto lookup = [&](char c) {
        auto it = sizes.find(c);
        if (it == sizes.end())
            throw ValueError(std::string("einsum path: label '") + c + "' has no size in the size dictionary");
        net.size[static_cast<unsigned char>(c)] = to_flops(it->second);
    };
    for (const auto& s : inputs) {
        for (char c : s) lookup(c);
        net.terms.push_back(labelset::of(s));
    }
    for (char c : output) lookup(c);
    net.output = labelset::of(output);
    return net;
}

/// opt_einsum's flop_count: size of all labels in the step x (max(1, terms-1) + inner).
/// FLOPs: none charged (this is the formula).
inline flops_t flop_count(flops_t overall_size, bool inner, std::size_t num_terms) {
    flops_t factor = std::max<flops_t>(1, static_cast<flops_t>(num_terms) - 1) + (inner ? 1 : 0);
    return saturating_mul(overall_size, factor);
}

/// The cost of one step over `all` labels keeping `kept`, holding the original operands
/// `mask`: opt_einsum's flop_count, with the kept part priced on its unique elements
/// (dense x unique(kept) / size(kept)); identical to flop_count without symmetry.
inline flops_t step_flops(const network& net, const labelset& all, const labelset& kept, std::uint64_t mask,
                          std::size_t num_terms) {
    const bool inner = !(kept == all);
    if (net.symmetry.empty()) return flop_count(net.size_of(all), inner, num_terms);
    return saturating_mul(flop_count(net.size_of(all - kept), inner, num_terms), unique_size(net, mask, kept));
}

/// The dense (symmetry-blind) cost of the same step. FLOPs: none charged.
inline flops_t dense_step_flops(const network& net, const labelset& all, const labelset& kept, std::size_t num_terms) {
    return flop_count(net.size_of(all), !(kept == all), num_terms);
}

/// Labels of the result when `all` (the union of the contracted terms) is contracted while
/// `rest` (the union of the remaining terms) stays.
inline labelset kept_labels(const labelset& all, const labelset& rest, const labelset& output) {
    return all & (output | rest);
}

/// Validates one step against `n` current operands (distinct, in range, non-empty).
inline void check_step(const std::vector<int>& step, std::size_t n) {
    if (step.empty()) throw ValueError("einsum path: a contraction step lists no operand");
    for (std::size_t a = 0; a < step.size(); ++a) {
        if (step[a] < 0 || static_cast<std::size_t>(step[a]) >= n)
            throw ValueError("einsum path: operand position " + std::to_string(step[a]) + " out of range for " +
                             std::to_string(n) + " current operands");
        for (std::size_t b = 0; b < a; ++b)
            if (step[a] == step[b])
                throw ValueError("einsum path: operand position " + std::to_string(step[a]) + " repeated in a step");
    }
}

/// The current operands during a path: label sets, and the original operands each holds
/// (bit masks; zero above 64 operands, where symmetry is not exploited).
struct path_state {
    std::vector<labelset> terms;
    std::vector<std::uint64_t> masks;

    explicit path_state(const network& net) : terms(net.terms), masks(net.terms.size(), 0) {
        if (masks.size() <= 64)
            for (std::size_t i = 0; i < masks.size(); ++i) masks[i] = std::uint64_t{1} << i;
    }
};

/// One step applied: what it contracted, what it kept, and its costs.
struct step_record {
    labelset all, kept;
    std::uint64_t mask = 0;
    flops_t cost = 0, dense_cost = 0;
};

/// Contracts `step` of `state` in place (removed, result appended) and prices it.
inline step_record apply_step(const network& net, path_state& state, const std::vector<int>& step) {
    auto& terms = state.terms;
    check_step(step, terms.size());
    step_record r;
    labelset rest;
    thread_local std::vector<char> in_step;  // reused: a step runs once per path step per search
    in_step.assign(terms.size(), 0);
    for (int i : step) {
        in_step[i] = 1;
        r.all = r.all | terms[i];
        r.mask |= state.masks[i];
    }
    for (std::size_t i = 0; i < terms.size(); ++i) if (!in_step[i]) rest = rest | terms[i];
    r.kept = kept_labels(r.all, rest, net.output);
    r.cost = step_flops(net, r.all, r.kept, r.mask, step.size());
    r.dense_cost = dense_step_flops(net, r.all, r.kept, step.size());
    std::size_t out = 0;  // compact in place: no allocation per step
    for (std::size_t i = 0; i < terms.size(); ++i)
        if (!in_step[i]) {
            terms[out] = terms[i];
            state.masks[out++] = state.masks[i];
        }
    terms.resize(out);
    state.masks.resize(out);
    terms.push_back(r.kept);
    state.masks.push_back(r.mask);
    return r;
}

/// Cost of contracting operands `step` of the current list `operands` (opt_einsum's flop_count).
/// FLOPs: none charged; this is the formula einsum charges per step.
inline flops_t step_cost(const std::vector<std::string>& operands, const std::vector<int>& step,
                         const std::string& output, const size_dict_t& sizes) {
    const network net = make_network(operands, output, sizes);
    path_state state(net);
    return apply_step(net, state, step).cost;
}

/// Every step of `path` applied and priced. Throws me::ValueError if the path is invalid.
inline std::vector<step_record> path_steps(const network& net, const path_t& path) {
    // A path with no step would price nothing at all, yet the operand still has to be
    // read (and summed, transposed ...): a lone operand takes the one step [(0,)].
    if (path.empty() && !net.terms.empty())
        throw ValueError("einsum path: the path has no step (a single operand takes one: {{0}})");
    path_state state(net);
    std::vector<step_record> steps;
    steps.reserve(path.size());
    for (const auto& step : path) steps.push_back(apply_step(net, state, step));
    if (state.terms.size() != 1)
        throw ValueError("einsum path: the path leaves " + std::to_string(state.terms.size()) + " operands, not 1");
    return steps;
}

inline flops_t path_cost(const network& net, const path_t& path) {
    flops_t total = 0;
    for (const auto& r : path_steps(net, path)) total = saturating_add(total, r.cost);
    return total;
}

/// Total cost of `path` (sum of step costs, saturating). Throws me::ValueError if the path is
/// invalid (a bad position, or it does not end with exactly one operand).
/// FLOPs: none charged; this is the formula einsum charges.
inline flops_t path_cost(const std::vector<std::string>& inputs, const std::string& output,
                         const size_dict_t& sizes, const path_t& path) {
    return path_cost(make_network(inputs, output, sizes), path);
}

// ---------------------------------------------------------------------------------------
// Trees over subsets of the ORIGINAL operands. The labels an intermediate keeps depend
// only on which original operands it holds (labels(S) & (output | labels(not S))), so a
// contraction tree fixes every step's cost; that is why memoising by subset is exact.

/// SSA steps (ids: 0..n-1 inputs, then n, n+1, ... results) to opt_einsum's linear form.
inline path_t ssa_to_linear(const std::vector<std::vector<int>>& ssa, std::size_t n) {
    std::vector<int> current(n);
    for (std::size_t i = 0; i < n; ++i) current[i] = static_cast<int>(i);
    int next_id = static_cast<int>(n);
    path_t path;
    for (const auto& step : ssa) {
        std::vector<int> pos;
        for (int id : step)
            pos.push_back(static_cast<int>(std::find(current.begin(), current.end(), id) - current.begin()));
        std::sort(pos.begin(), pos.end());  // canonical, as opt_einsum's paths list positions ascending
        path.push_back(pos);
        std::vector<int> next;
        for (std::size_t i = 0; i < current.size(); ++i)
            if (std::find(pos.begin(), pos.end(), static_cast<int>(i)) == pos.end()) next.push_back(current[i]);
        next.push_back(next_id++);
        current = std::move(next);
    }
    return path;
}

/// Union of the labels of the original operands in `mask`.
inline labelset labels_of(const network& net, std::uint64_t mask) {
    labelset s;
    for (std::uint64_t x = mask; x; x &= x - 1) s = s | net.terms[std::countr_zero(x)];
    return s;
}

/// Labels of the term holding the original operands `mask` (an input keeps all its labels).
inline labelset term_labels(const network& net, std::uint64_t mask, std::uint64_t full) {
    if (std::popcount(mask) == 1) return net.terms[std::countr_zero(mask)];
    return kept_labels(labels_of(net, mask), labels_of(net, full & ~mask), net.output);
}

/// Cost of merging the terms of disjoint subsets a and b.
inline flops_t merge_cost(const network& net, std::uint64_t a, std::uint64_t b, std::uint64_t full) {
    labelset all = term_labels(net, a, full) | term_labels(net, b, full);
    labelset kept = kept_labels(labels_of(net, a | b), labels_of(net, full & ~(a | b)), net.output);
    return step_flops(net, all, kept, a | b, 2);
}

struct tree_entry {
    flops_t cost = std::numeric_limits<flops_t>::max();
    std::uint64_t left = 0, right = 0;
};

/// Post-order SSA steps of the tree rooted at `mask`; returns the root's SSA id.
template <class Lookup>
int emit_tree(std::uint64_t mask, const Lookup& lookup, int& next_id, std::vector<std::vector<int>>& ssa) {
    if (std::popcount(mask) == 1) return std::countr_zero(mask);
    const tree_entry& e = lookup(mask);
    int l = emit_tree(e.left, lookup, next_id, ssa);
    int r = emit_tree(e.right, lookup, next_id, ssa);
    ssa.push_back({l, r});
    return next_id++;
}

inline path_t trivial_path(std::size_t n) {
    if (n == 1) return {{0}};
    return {};
}

/// A bound on the work of the exhaustive searches (optimal, branch, dp), counted in the
/// candidate steps they price, not in time, so that whether a search completes is
/// deterministic. Path search is free of FLOPs; without a bound an input of a few dozen
/// operands could occupy a core for hours (branch-all on 24 operands took over 10 s, dp
/// on 30 densely connected ones longer). optimal on 16 operands stays within it.
inline constexpr std::uint64_t search_step_limit = 50'000'000;

struct search_work {
    std::string_view optimizer;
    std::size_t operands;
    std::uint64_t steps = 0;
    void tick(std::uint64_t k = 1) {
        steps += k;
        if (steps > search_step_limit)
            throw ValueError("einsum path '" + std::string(optimizer) + "': the search over " +
                             std::to_string(operands) + " operands exceeded its limit of " +
                             std::to_string(search_step_limit) +
                             " steps; use 'greedy', 'branch-1' or an explicit path");
    }
};

/// Exhaustive optimum: DP over all subsets of original operands (3^n), the TRUE minimum of
/// path_cost over every pairwise order. opt_einsum memoises by the two operands' label sets,
/// which is wrong when the same pair occurs with different operands remaining.
/// FLOPs: none charged (path search is free). Throws me::ValueError above 16 operands.
inline path_t optimal(const network& net) {
    const std::size_t n = net.terms.size();
    if (n <= 1) return trivial_path(n);
    if (n > 16) throw ValueError("einsum path 'optimal': " + std::to_string(n) + " operands is too many (max 16)");
    const std::uint64_t full = (std::uint64_t{1} << n) - 1;
    // Per subset: union of original labels, then the labels its term carries.
    std::vector<labelset> uni(full + 1), term(full + 1);
    for (std::uint64_t s = 1; s <= full; ++s) uni[s] = uni[s & (s - 1)] | net.terms[std::countr_zero(s)];
    for (std::uint64_t s = 1; s <= full; ++s)
        term[s] = std::popcount(s) == 1 ? uni[s] : kept_labels(uni[s], uni[full & ~s], net.output);
    std::vector<tree_entry> best(full + 1);
    for (std::size_t i = 0; i < n; ++i) best[std::uint64_t{1} << i].cost = 0;
    search_work work{"optimal", n};
    for (std::uint64_t s = 1; s <= full; ++s) {
        if (std::popcount(s) < 2) continue;
        const std::uint64_t low = s & -s;  // halves each split: the left side holds the lowest bit
        for (std::uint64_t a = (s - 1) & s; a; a = (a - 1) & s) {
            if (!(a & low)) continue;
            work.tick();
            const std::uint64_t b = s & ~a;
            const flops_t sub = saturating_add(best[a].cost, best[b].cost);
            if (best[s].left && sub >= best[s].cost) continue;  // .left == 0: no split yet (costs may saturate)
            const labelset all = term[a] | term[b];
            const flops_t c = saturating_add(sub, step_flops(net, all, term[s], s, 2));
            if (!best[s].left || c < best[s].cost) best[s] = {c, a, b};
        }
    }
    std::vector<std::vector<int>> ssa;
    int next_id = static_cast<int>(n);
    emit_tree(full, [&](std::uint64_t m) -> const tree_entry& { return best[m]; }, next_id, ssa);
    return ssa_to_linear(ssa, n);
}

// ---------------------------------------------------------------------------------------
// Greedy family: candidates scored by opt_einsum's "memory-removed" heuristic
// (size(result) - size(a) - size(b)), ties by flops.

struct candidate {
    flops_t heuristic, flops;
    int i, j;
    labelset result;
};

/// The best `limit` pair candidates among the current terms (all of them for 0), best
/// first. Only pairs that share a label are candidates; when none does, the rest are
/// disconnected and opt_einsum joins them by outer products, smallest first: then the
/// two smallest terms are the one candidate.
inline std::vector<candidate> candidates(const network& net, const path_state& state, std::size_t limit = 0) {
    const std::vector<labelset>& terms = state.terms;
    // Per-label occurrence counts let a pair's kept labels be found without rescanning the rest.
    labelset ge2, ge3, seen1;
    for (const auto& t : terms) {
        ge3 = ge3 | (ge2 & t);
        ge2 = ge2 | (seen1 & t);
        seen1 = seen1 | t;
    }
    std::vector<flops_t> sz(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) sz[i] = net.size_of(terms[i]);
    auto make = [&](int i, int j) {
        const labelset all = terms[i] | terms[j];
        const labelset both = terms[i] & terms[j];
        const labelset kept = all & (net.output | ge3 | (ge2 - both));
        const flops_t s12 = net.size_of(kept);
        // 128-bit: with saturated sizes the difference would overflow int64.
        __extension__ using i128 = __int128;  // __extension__: quiet under -Wpedantic
        const i128 h = static_cast<i128>(s12) - sz[i] - sz[j];
        const flops_t hc = static_cast<flops_t>(std::clamp<i128>(h, -flops_max, flops_max));
        return candidate{hc, step_flops(net, all, kept, state.masks[i] | state.masks[j], 2), i, j, kept};
    };
    auto better = [](const candidate& a, const candidate& b) {
        return std::tie(a.heuristic, a.flops, a.i, a.j) < std::tie(b.heuristic, b.flops, b.i, b.j);
    };
    std::vector<candidate> out;
    for (std::size_t i = 0; i < terms.size(); ++i)
        for (std::size_t j = i + 1; j < terms.size(); ++j) {
            if (!(terms[i] & terms[j]).any()) continue;
            candidate c = make(int(i), int(j));
            if (limit == 1) {  // greedy: keep the best only, no vector growth or sort
                if (out.empty()) out.push_back(c);
                else if (better(c, out[0])) out[0] = c;
            } else {
                out.push_back(c);
            }
        }
    if (out.empty()) {
        std::size_t a = 0, b = 1;  // the two smallest, earliest first on ties
        if (sz[b] < sz[a]) std::swap(a, b);
        for (std::size_t k = 2; k < terms.size(); ++k) {
            if (sz[k] < sz[a]) { b = a; a = k; }
            else if (sz[k] < sz[b]) b = k;
        }
        out.push_back(make(int(std::min(a, b)), int(std::max(a, b))));
        return out;
    }
    if (limit > 1 && limit < out.size()) {
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), better);
        out.resize(limit);
    } else if (limit != 1) {
        std::sort(out.begin(), out.end(), better);
    }
    return out;
}

inline void contract_pair(path_state& state, const candidate& c) {
    const std::uint64_t mask = state.masks[c.i] | state.masks[c.j];
    // c.i < c.j: erase the later first so the earlier position stays valid.
    state.terms.erase(state.terms.begin() + c.j);
    state.terms.erase(state.terms.begin() + c.i);
    state.masks.erase(state.masks.begin() + c.j);
    state.masks.erase(state.masks.begin() + c.i);
    state.terms.push_back(c.result);
    state.masks.push_back(mask);
}

/// Greedy with a chooser picking one of the best `limit` candidates each step.
template <class Choose>
path_t greedy_with(const network& net, std::size_t limit, Choose&& choose) {
    if (net.terms.size() <= 1) return trivial_path(net.terms.size());
    path_state state(net);
    path_t path;
    while (state.terms.size() > 1) {
        auto cands = candidates(net, state, limit);
        const candidate& c = cands[choose(cands)];
        path.push_back({c.i, c.j});
        contract_pair(state, c);
    }
    return path;
}

/// opt_einsum's greedy: repeatedly contract the pair minimising size(result) - size(inputs)
/// (ties by flops); when no pair shares a label, the two smallest terms (outer products).
/// FLOPs: none charged.
inline path_t greedy(const network& net) {
    return greedy_with(net, 1, [](const std::vector<candidate>&) { return std::size_t{0}; });
}

/// opt_einsum's RandomGreedy: `tries` greedy runs choosing among the best 8 candidates with
/// Boltzmann weights exp(-(h - h_min) / (T * max(1, |h_min|))); the first run is plain
/// greedy, so the result is never dearer than greedy. Fixed seed: deterministic.
/// FLOPs: none charged.
inline path_t random_greedy(const network& net, int tries = 32, double temperature = 1.0,
                            std::uint64_t seed = 0x5eed) {
    path_t best = greedy(net);
    flops_t best_cost = path_cost(net, best);
    // splitmix64 and a hand-rolled uniform double: a generator of our own keeps the path
    // (so the charge) the same with every standard library, std:: distributions differing
    // between them, and keeps <random> out of the cost layer.
    std::uint64_t state = seed;
    auto next = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    auto uniform = [&] { return static_cast<double>(next() >> 11) * 0x1.0p-53; };
    for (int t = 1; t < tries; ++t) {
        path_t p = greedy_with(net, 8, [&](const std::vector<candidate>& c) {
            const std::size_t k = std::min<std::size_t>(8, c.size());
            const double hmin = static_cast<double>(c[0].heuristic);
            const double temp = temperature * std::max(1.0, std::abs(hmin));
            std::vector<double> w(k);
            double total = 0;
            for (std::size_t i = 0; i < k; ++i) total += w[i] = std::exp(-(static_cast<double>(c[i].heuristic) - hmin) / temp);
            double r = uniform() * total;
            for (std::size_t i = 0; i < k; ++i) if ((r -= w[i]) < 0) return i;
            return k - 1;
        });
        const flops_t cost = path_cost(net, p);
        if (cost < best_cost) { best_cost = cost; best = std::move(p); }
    }
    return best;
}

/// opt_einsum's BranchBound: depth-first over pairwise orders, trying the best `nbranch`
/// candidates per step by the greedy heuristic (0 = all), pruning any partial path no cheaper
/// than the best complete one or than an earlier visit of the same remaining operands (keyed by
/// the subsets of ORIGINAL operands, not by label sets). At most 64 operands.
/// FLOPs: none charged.
inline path_t branch(const network& net, std::size_t nbranch) {
    const std::size_t n = net.terms.size();
    if (n <= 1) return trivial_path(n);
    if (n > 64) throw ValueError("einsum path 'branch': " + std::to_string(n) + " operands is too many (max 64)");
    flops_t best_cost = std::numeric_limits<flops_t>::max();
    path_t best_path, cur;
    std::map<std::vector<std::uint64_t>, flops_t> seen;
    search_work work{nbranch == 0 ? "branch-all" : nbranch == 1 ? "branch-1" : "branch-2", n};
    auto recurse = [&](auto& self, path_state& state, flops_t so_far) -> void {
        const auto& masks = state.masks;
        if (state.terms.size() == 1) {
            if (best_path.empty() || so_far < best_cost) { best_cost = so_far; best_path = cur; }
            return;
        }
        std::vector<std::uint64_t> key = masks;
        std::sort(key.begin(), key.end());
        auto [it, fresh] = seen.try_emplace(key, so_far);
        if (!fresh) {
            if (so_far >= it->second) return;
            it->second = so_far;
        }
        auto cands = candidates(net, state);
        work.tick(state.terms.size() * state.terms.size());  // what finding the candidates cost
        std::size_t taken = 0;
        for (const auto& c : cands) {
            if (nbranch && taken == nbranch) break;
            const flops_t cost = saturating_add(so_far, c.flops);
            if (!best_path.empty() && cost >= best_cost) continue;
            ++taken;
            path_state next = state;
            contract_pair(next, c);
            cur.push_back({c.i, c.j});
            self(self, next, cost);
            cur.pop_back();
        }
    };
    path_state state(net);
    recurse(recurse, state, 0);
    return best_path;
}

/// Branch and bound over every candidate. FLOPs: none charged.
inline path_t branch_all(const network& net) { return branch(net, 0); }
/// Branch and bound over the best 2 candidates per step. FLOPs: none charged.
inline path_t branch_2(const network& net) { return branch(net, 2); }
/// Branch and bound over the best candidate per step. FLOPs: none charged.
inline path_t branch_1(const network& net) { return branch(net, 1); }

/// opt_einsum's DynamicProgramming (minimising flops, no outer products): for each connected
/// component, build the cheapest tree for every connected subset by size, joining only
/// disjoint subsets that share a label; components are then joined by outer products, the
/// two smallest results first. At most 64 operands.
/// FLOPs: none charged.
inline path_t dp(const network& net) {
    const std::size_t n = net.terms.size();
    if (n <= 1) return trivial_path(n);
    if (n > 64) throw ValueError("einsum path 'dp': " + std::to_string(n) + " operands is too many (max 64)");
    const std::uint64_t full = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    std::unordered_map<std::uint64_t, tree_entry> best;
    search_work work{"dp", n};
    // Connected components by shared labels.
    std::vector<std::uint64_t> components;
    std::uint64_t left = full;
    while (left) {
        std::uint64_t comp = left & -left;
        for (bool grew = true; grew;) {
            grew = false;
            const labelset l = labels_of(net, comp);
            for (std::uint64_t x = left & ~comp; x; x &= x - 1) {
                const int i = std::countr_zero(x);
                if ((net.terms[i] & l).any()) { comp |= std::uint64_t{1} << i; grew = true; }
            }
        }
        components.push_back(comp);
        left &= ~comp;
    }
    for (std::uint64_t comp : components) {
        const int m = std::popcount(comp);
        std::vector<std::vector<std::uint64_t>> level(m + 1);
        for (std::uint64_t x = comp; x; x &= x - 1) {
            const std::uint64_t bit = x & -x;
            best[bit].cost = 0;
            level[1].push_back(bit);
        }
        for (int k = 2; k <= m; ++k) {
            for (int a = 1; a <= k / 2; ++a) {
                for (std::uint64_t sa : level[a]) {
                    const labelset la = labels_of(net, sa);
                    for (std::uint64_t sb : level[k - a]) {
                        work.tick();
                        if ((sa & sb) || (a == k - a && sb < sa)) continue;
                        if (!(la & labels_of(net, sb)).any()) continue;
                        const std::uint64_t s = sa | sb;
                        const flops_t c = saturating_add(saturating_add(best[sa].cost, best[sb].cost),
                                                         merge_cost(net, sa, sb, full));
                        auto [it, fresh] = best.try_emplace(s);
                        if (fresh) level[k].push_back(s);
                        if (!it->second.left || c < it->second.cost) it->second = {c, sa, sb};
                    }
                }
            }
        }
    }
    // Join components by outer products, smallest results first.
    std::vector<std::uint64_t> roots = components;
    auto result_size = [&](std::uint64_t s) { return net.size_of(term_labels(net, s, full)); };
    while (roots.size() > 1) {
        std::sort(roots.begin(), roots.end(), [&](auto x, auto y) { return result_size(x) < result_size(y); });
        const std::uint64_t a = roots[0], b = roots[1];
        best[a | b] = {0, a, b};
        roots.erase(roots.begin(), roots.begin() + 2);
        roots.push_back(a | b);
    }
    std::vector<std::vector<int>> ssa;
    int next_id = static_cast<int>(n);
    emit_tree(full, [&](std::uint64_t s) -> const tree_entry& { return best.at(s); }, next_id, ssa);
    return ssa_to_linear(ssa, n);
}

/// The optimiser opt_einsum's 'auto' uses for `n` operands: optimal up to 4, branch-all
/// for 5-6, branch-2 for 7-8, branch-1 for 9-14, greedy above. FLOPs: none charged.
constexpr std::string_view auto_choice(std::size_t n) {
    return n <= 4 ? "optimal" : n <= 6 ? "branch-all" : n <= 8 ? "branch-2" : n <= 14 ? "branch-1" : "greedy";
}

/// opt_einsum's 'auto': the optimiser `auto_choice` names. FLOPs: none charged.
inline path_t auto_path(const network& net) {
    const std::string_view choice = auto_choice(net.terms.size());
    if (choice == "optimal") return optimal(net);
    if (choice == "branch-all") return branch_all(net);
    if (choice == "branch-2") return branch_2(net);
    if (choice == "branch-1") return branch_1(net);
    return greedy(net);
}

// String-level entry points: (inputs, output, size_dict) -> path.
#define ME_PATHS_STRING_OVERLOAD(name)                                                              \
    inline path_t name(const std::vector<std::string>& inputs, const std::string& output,           \
                       const size_dict_t& sizes) {                                                  \
        return name(make_network(inputs, output, sizes));                                           \
    }
ME_PATHS_STRING_OVERLOAD(optimal)
ME_PATHS_STRING_OVERLOAD(greedy)
ME_PATHS_STRING_OVERLOAD(branch_all)
ME_PATHS_STRING_OVERLOAD(branch_2)
ME_PATHS_STRING_OVERLOAD(branch_1)
ME_PATHS_STRING_OVERLOAD(dp)
ME_PATHS_STRING_OVERLOAD(auto_path)
#undef ME_PATHS_STRING_OVERLOAD

/// random_greedy over strings; see the network overload. FLOPs: none charged.
inline path_t random_greedy(const std::vector<std::string>& inputs, const std::string& output,
                            const size_dict_t& sizes, int tries = 32) {
    return random_greedy(make_network(inputs, output, sizes), tries);
}

}  // namespace me::detail::paths

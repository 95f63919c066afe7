/// @file flops/histograms.hpp
/// @brief What the histogram and counting ops cost (histogram, histogram_bin_edges,
/// histogram2d, histogramdd, bincount, digitize), and NumPy's names of the bin rules:
/// shape math only.
///
/// The reference prices a histogram as a binary search per value (n*ceil(log2(bins))).
/// Two kinds of input would make that less than the work done, so the formulas here add
/// floors (docs/histograms.md): at least one FLOP per value (one bin: ceil(log2(1)) = 0)
/// and at least one per element of the output (a million bins for one value). A string
/// rule ("stone", "fd", ...) computes the bin width from the data before the histogram;
/// its work is priced from numel(a) alone (an upper bound of what NumPy does on the
/// values inside the range) and charged first, then the histogram on the bins it picked.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "count.hpp"
#include "formulas.hpp"

namespace me::flops::detail::histograms {

/// NumPy's bin estimators (`bins="auto"`, ...).
enum class bin_rule { auto_, fd, doane, scott, stone, rice, sturges, sqrt };

/// The rule a string names, or nothing (NumPy: "'x' is not a valid estimator for `bins`").
inline std::optional<bin_rule> rule_of(std::string_view s) noexcept {
    constexpr std::pair<std::string_view, bin_rule> names[] = {
        {"auto", bin_rule::auto_}, {"fd", bin_rule::fd},     {"doane", bin_rule::doane},     {"scott", bin_rule::scott},
        {"stone", bin_rule::stone}, {"rice", bin_rule::rice}, {"sturges", bin_rule::sturges}, {"sqrt", bin_rule::sqrt}};
    for (const auto& [name, rule] : names)
        if (name == s) return rule;
    return std::nullopt;
}

/// max(1, ceil(log2(b))): a value is placed among b bins by at least one comparison.
constexpr flops_t search_steps(flops_t bins) noexcept { return std::max<flops_t>(1, ceil_log2(bins)); }

/// The histogram part of the formula: max(n * max(1, steps), output elements).
constexpr flops_t placed(flops_t n, flops_t steps, flops_t outputs) noexcept {
    return at_least_one(std::max(saturating_mul(n, std::max<flops_t>(1, steps)), outputs));
}

/// The number of candidate bin counts "stone" tries for n values: max(100, floor(sqrt(n))).
constexpr flops_t stone_candidates(flops_t n) noexcept {
    flops_t r = 0;
    for (flops_t bit = flops_t{1} << 31; bit > 0; bit >>= 1)  // floor(sqrt(n)) bit by bit
        if ((r + bit) <= n / (r + bit)) r += bit;
    return std::max<flops_t>(100, r);
}

/// sum over k = 1..K of search_steps(k), by runs of equal ceil(log2(k)).
constexpr flops_t steps_sum(flops_t k_max) noexcept {
    flops_t total = std::min<flops_t>(k_max, 2);  // k = 1 and 2: one step each
    for (flops_t lo = 3, c = 2; lo <= k_max; lo = lo * 2 - 1, ++c) {  // ceil(log2 k) = c for k in [2^(c-1)+1, 2^c]
        const flops_t hi = std::min(k_max, (flops_t{1} << c));
        total = saturating_add(total, saturating_mul(c, hi - lo + 1));
        if (hi == k_max) break;
    }
    return total;
}

/// The rule's own work on n = numel(a) values (0 for no values: NumPy takes one bin then):
/// sqrt, sturges, rice: the range (n); scott: a standard deviation (2n+1); fd: two
/// percentiles (a reduction, n); auto: fd and sturges (2n); doane: the range, a standard
/// deviation, a mean, three passes of pointwise ops and a mean (8n+3); stone: the range,
/// then for every candidate k of max(100, floor(sqrt(n))) a histogram of k bins and the
/// 2k of its squared-probability sum.
constexpr flops_t rule_work(flops_t n, bin_rule r) noexcept {
    if (n <= 0) return 0;
    switch (r) {
        case bin_rule::sqrt: case bin_rule::sturges: case bin_rule::rice: case bin_rule::fd: return n;
        case bin_rule::scott: return saturating_add(saturating_mul(2, n), 1);
        case bin_rule::auto_: return saturating_mul(2, n);
        case bin_rule::doane: return saturating_add(saturating_mul(8, n), 3);
        case bin_rule::stone: {
            const flops_t k_max = stone_candidates(n);
            flops_t total = n;
            if (n >= k_max) {  // n*steps >= n >= k: the histogram of each candidate is priced by n
                total = saturating_add(total, saturating_mul(n, steps_sum(k_max)));
            } else {
                for (flops_t k = 1; k <= k_max; ++k) total = saturating_add(total, placed(n, search_steps(k), k));
            }
            return saturating_add(total, saturating_mul(k_max, k_max + 1));  // 2k per candidate
        }
    }
    return n;
}

}  // namespace me::flops::detail::histograms

namespace me::flops {

template <>
struct formula_impl<formula::histogram> {
    /// n values among `bins` bins, plus `rule` FLOPs of a string rule's work.
    static constexpr flops_t cost(flops_t n, flops_t bins, flops_t rule = 0) noexcept {
        namespace h = detail::histograms;
        return detail::saturating_add(h::placed(n, h::search_steps(bins), bins), rule);
    }
};

template <>
struct formula_impl<formula::histogram_bin_edges> {
    static constexpr flops_t cost(flops_t n, flops_t bins, flops_t rule = 0) noexcept {
        return detail::at_least_one(detail::saturating_add(std::max(n, detail::saturating_add(bins, 1)), rule));
    }
};

template <>
struct formula_impl<formula::histogramdd> {
    /// n samples of D = bins.size() coordinates, the bins of each dimension: at least one
    /// per coordinate read, per cell written and per edge read (a dimension of no bins
    /// leaves no cells while its neighbours' edges are still read).
    static flops_t cost(flops_t n, const std::vector<flops_t>& bins) noexcept {
        flops_t steps = 0, cells = 1, edges = 0;
        for (flops_t b : bins) {
            steps = detail::saturating_add(steps, detail::ceil_log2(b));
            cells = detail::saturating_mul(cells, b);
            edges = detail::saturating_add(edges, detail::saturating_add(b, 1));
        }
        const flops_t per_sample = std::max(steps, detail::to_flops(bins.size()));
        return detail::histograms::placed(n, per_sample, std::max(cells, edges));
    }
};

template <>
struct formula_impl<formula::bincount> {
    static constexpr flops_t cost(flops_t n, flops_t length) noexcept { return detail::at_least_one(std::max(n, length)); }
};

template <>
struct formula_impl<formula::digitize> {
    /// n values searched among `bins` edges, which are read (checked monotonic) too.
    static constexpr flops_t cost(flops_t n, flops_t bins) noexcept {
        return detail::at_least_one(std::max(detail::saturating_mul(n, detail::histograms::search_steps(bins)), bins));
    }
};

/// What `me::histogram(a, bins)` charges for n = numel(a) values and an int bins (or
/// explicit edges: bins = len(edges) - 1): max(n*max(1, ceil(log2(bins))), bins), at least
/// 1. histogram_cost(1'000'000, 100) = 7,000,000. FLOPs: 0 (a query).
constexpr flops_t histogram_cost(std::size_t n, std::int64_t bins) noexcept {
    return formula_impl<formula::histogram>::cost(detail::to_flops(n), bins);
}

/// What `me::histogram(a, rule)` charges for a string rule ("auto", "fd", "doane",
/// "scott", "stone", "rice", "sturges", "sqrt") that picked `bins` bins (the result's
/// bin_edges.size() - 1): the rule's work on n values (docs/histograms.md) plus
/// histogram_cost(n, bins). An unknown rule: me::ValueError. FLOPs: 0 (a query).
inline flops_t histogram_cost(std::size_t n, std::string_view rule, std::int64_t bins);

/// What `me::histogram_bin_edges(a, bins)` charges: max(numel(a), bins+1), at least 1.
/// FLOPs: 0 (a query).
constexpr flops_t histogram_bin_edges_cost(std::size_t n, std::int64_t bins) noexcept {
    return formula_impl<formula::histogram_bin_edges>::cost(detail::to_flops(n), bins);
}

/// What `me::histogram_bin_edges(a, rule)` charges when the rule picked `bins` bins: the
/// rule's work on n values plus max(n, bins+1). FLOPs: 0 (a query).
inline flops_t histogram_bin_edges_cost(std::size_t n, std::string_view rule, std::int64_t bins);

/// What `me::histogramdd(sample, bins)` charges for n samples and bins b_i per dimension
/// (D of them): max(n*max(D, sum(ceil(log2(b_i)))), prod(b_i), sum(b_i + 1)), at least 1.
/// FLOPs: 0 (a query).
inline flops_t histogramdd_cost(std::size_t n, const std::vector<std::int64_t>& bins) noexcept {
    return formula_impl<formula::histogramdd>::cost(detail::to_flops(n), bins);
}

/// What `me::histogram2d(x, y, bins)` charges for n points and bx x by bins:
/// max(n*max(2, ceil(log2(bx)) + ceil(log2(by))), bx*by, bx + by + 2), at least 1.
/// FLOPs: 0 (a query).
inline flops_t histogram2d_cost(std::size_t n, std::int64_t bx, std::int64_t by) noexcept {
    return histogramdd_cost(n, {bx, by});
}

/// What `me::bincount(x, {.minlength})` charges for n = numel(x) values and an output of
/// `length` counts (max(max(x) + 1, minlength); 0 values: minlength): max(n, length), at
/// least 1. FLOPs: 0 (a query).
constexpr flops_t bincount_cost(std::size_t n, std::int64_t length) noexcept {
    return formula_impl<formula::bincount>::cost(detail::to_flops(n), length);
}

/// What `me::digitize(x, bins)` charges for n = numel(x) values and len(bins) edges:
/// max(n*max(1, ceil(log2(len(bins)))), len(bins)), at least 1. FLOPs: 0 (a query).
constexpr flops_t digitize_cost(std::size_t n, std::int64_t bins) noexcept {
    return formula_impl<formula::digitize>::cost(detail::to_flops(n), bins);
}

}  // namespace me::flops

#include "../errors.hpp"

namespace me::flops::detail::histograms {

/// The rule `s` names. @throws me::ValueError "'x' is not a valid estimator for `bins`".
inline bin_rule checked_rule(std::string_view s, std::string_view op) {
    if (auto r = rule_of(s)) return *r;
    throw ValueError(me::detail::cat(op, ": '", s, "' is not a valid estimator for `bins`"));
}

}  // namespace me::flops::detail::histograms

namespace me::flops {

inline flops_t histogram_cost(std::size_t n, std::string_view rule, std::int64_t bins) {
    const flops_t work = detail::histograms::rule_work(detail::to_flops(n), detail::histograms::checked_rule(rule, "histogram"));
    return formula_impl<formula::histogram>::cost(detail::to_flops(n), bins, work);
}

inline flops_t histogram_bin_edges_cost(std::size_t n, std::string_view rule, std::int64_t bins) {
    const flops_t work =
        detail::histograms::rule_work(detail::to_flops(n), detail::histograms::checked_rule(rule, "histogram_bin_edges"));
    return formula_impl<formula::histogram_bin_edges>::cost(detail::to_flops(n), bins, work);
}

}  // namespace me::flops

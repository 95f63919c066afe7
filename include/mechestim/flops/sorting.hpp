/// @file flops/sorting.hpp
/// @brief What sorting and searching cost (era B, the reference's §1.13): a comparison
/// sort of n items is n*ceil(log2 n), charged once per slice (a (1000, 8) array sorted
/// along its last axis holds 1000 sorts of 8); lexsort multiplies by the k keys; a
/// selection (partition) is one pass of n per slice, and one more pass per further
/// distinct kth, capped by what a sort of the slice costs (the selection sorts the slice
/// instead then); a binary search is ceil(log2 n) per value looked up. Every counted op
/// costs at least 1. sorting.hpp charges exactly these.
#pragma once

#include <algorithm>
#include <cstddef>

#include "count.hpp"
#include "formulas.hpp"

namespace me::flops {

namespace detail {
/// slices * n*max(1, ceil(log2(n))), saturating: the count every sort formula scales. The
/// reference's n*ceil(log2(n)) is 0 for n = 1, which would make a (10^8, 1) array sorted
/// along its last axis (10^8 slices, each read and written) cost 1; a slice of one
/// element costs one here (n >= 2 is the reference's count).
constexpr flops_t sorts(std::size_t n, std::size_t slices) noexcept {
    const flops_t nf = to_flops(n);
    return saturating_mul(saturating_mul(nf, std::max<flops_t>(1, ceil_log2(nf))), to_flops(slices));
}
}  // namespace detail

/// A sort of `slices` slices of n items each (`sort`, `argsort`; also what a shuffle or a
/// draw without replacement of n items costs). `sort_cost(1000)` is 10,000;
/// `sort_cost(8, 1000)` (a (1000, 8) array along its last axis) 24,000.
/// FLOPs: slices*n*max(1, ceil(log2(n))), at least 1.
constexpr flops_t sort_cost(std::size_t n, std::size_t slices = 1) noexcept {
    return detail::at_least_one(detail::sorts(n, slices));
}

/// `argsort` of `slices` slices of n items. FLOPs: slices*n*max(1, ceil(log2(n))), at least 1.
constexpr flops_t argsort_cost(std::size_t n, std::size_t slices = 1) noexcept { return sort_cost(n, slices); }

/// `lexsort` of k keys of n items, `slices` slices (the product of the keys' other axes).
/// `lexsort_cost(2, 1000)` is 20,000; at least k (every key is read, even an empty one).
/// FLOPs: max(k, slices*k*n*max(1, ceil(log2(n)))), at least 1.
constexpr flops_t lexsort_cost(std::size_t k, std::size_t n, std::size_t slices = 1) noexcept {
    return detail::at_least_one(std::max(detail::to_flops(k), detail::saturating_mul(detail::sorts(n, slices), detail::to_flops(k))));
}

/// `partition` of `slices` slices of n items around `kth_count` distinct kth (1 for an
/// int kth). One selection pass of n per kth, each narrowing the next; past
/// ceil(log2(n)) kth the slice is sorted instead, and priced as the sort.
/// `partition_cost(1000)` is 1,000; `partition_cost(1000, 1, 3)` 3,000;
/// `partition_cost(1000, 1, 50)` 10,000. FLOPs: slices*n*min(j, max(1, ceil(log2(n)))), at least 1.
constexpr flops_t partition_cost(std::size_t n, std::size_t slices = 1, std::size_t kth_count = 1) noexcept {
    const flops_t nf = detail::to_flops(n);
    const flops_t passes = std::min(detail::to_flops(kth_count), std::max<flops_t>(1, detail::ceil_log2(nf)));
    return detail::at_least_one(detail::saturating_mul(detail::saturating_mul(nf, passes), detail::to_flops(slices)));
}

/// `argpartition`: as `partition_cost`. FLOPs: slices*n*min(j, max(1, ceil(log2(n)))), at least 1.
constexpr flops_t argpartition_cost(std::size_t n, std::size_t slices = 1, std::size_t kth_count = 1) noexcept {
    return partition_cost(n, slices, kth_count);
}

/// `searchsorted` of m values in a sorted array of n. A binary search of n = 1 still
/// compares once (the reference's m*0 would make it free); n = 0 compares nothing.
/// `searchsorted_cost(1024, 1000)` is 10,000. FLOPs: m*max(1, ceil(log2(n))) (n >= 1), at least 1.
constexpr flops_t searchsorted_cost(std::size_t n, std::size_t m) noexcept {
    if (n == 0) return 1;
    const flops_t steps = std::max<flops_t>(1, detail::ceil_log2(detail::to_flops(n)));
    return detail::at_least_one(detail::saturating_mul(detail::to_flops(m), steps));
}

template <>
struct formula_impl<formula::sort> {
    static constexpr flops_t cost(std::size_t n, std::size_t slices) noexcept { return sort_cost(n, slices); }
};
template <>
struct formula_impl<formula::lexsort> {
    static constexpr flops_t cost(std::size_t k, std::size_t n, std::size_t slices) noexcept {
        return lexsort_cost(k, n, slices);
    }
};
template <>
struct formula_impl<formula::partition> {
    static constexpr flops_t cost(std::size_t n, std::size_t slices, std::size_t kth_count) noexcept {
        return partition_cost(n, slices, kth_count);
    }
};
template <>
struct formula_impl<formula::searchsorted> {
    static constexpr flops_t cost(std::size_t n, std::size_t m) noexcept { return searchsorted_cost(n, m); }
};

}  // namespace me::flops

/// @file flops/count.hpp
/// @brief The leaf of the library: `me::flops_t` and the saturating arithmetic every cost
/// is computed with. Includes nothing of mechestim and only two standard headers.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace me {

/// FLOP counts. Cost arithmetic saturates at the maximum, which exceeds every budget:
/// a cost that would overflow raises BudgetExhaustedError, it never wraps.
using flops_t = std::int64_t;

namespace detail {

inline constexpr flops_t flops_max = std::numeric_limits<flops_t>::max();

constexpr flops_t saturating_add(flops_t a, flops_t b) noexcept {
    flops_t r{};
    return __builtin_add_overflow(a, b, &r) ? flops_max : r;
}

constexpr flops_t saturating_mul(flops_t a, flops_t b) noexcept {
    flops_t r{};
    return __builtin_mul_overflow(a, b, &r) ? flops_max : r;
}

/// A size_t count (numel, a dimension) as flops, saturating.
constexpr flops_t to_flops(std::size_t n) noexcept {
    return n > static_cast<std::size_t>(flops_max) ? flops_max : static_cast<flops_t>(n);
}

}  // namespace detail

namespace flops::detail {

using me::detail::saturating_add;
using me::detail::saturating_mul;
using me::detail::to_flops;

/// The product of a shape's lengths as flops, saturating (a cost, never an allocation size).
template <class Shape>
constexpr flops_t numel(const Shape& shape) noexcept {
    flops_t n = 1;
    for (auto d : shape) n = saturating_mul(n, to_flops(static_cast<std::size_t>(d)));
    return n;
}

/// Every counted op costs at least 1 FLOP (a scalar op, an empty array).
constexpr flops_t at_least_one(flops_t c) noexcept { return c < 1 ? 1 : c; }

/// C(n + k - 1, k): the multisets of k of n values, so the distinct elements of a group of
/// k interchangeable axes of length n (stars and bars). Saturating. Einsum's step pricing
/// and the pointwise/reduction pricing of symmetric arrays both count through this.
constexpr flops_t multisets(flops_t n, std::size_t k) noexcept {
    if (k == 0) return 1;
    if (n == 0) return 0;
    __extension__ using u128 = unsigned __int128;
    u128 r = 1;
    for (std::size_t i = 0; i < k; ++i) {
        // r * (n + i) / (i + 1) stays an integer: it is C(n + i, i + 1) at every step.
        r = r * (static_cast<u128>(n) + i) / (i + 1);
        if (r >= static_cast<u128>(me::detail::flops_max)) return me::detail::flops_max;
    }
    return static_cast<flops_t>(r);
}

constexpr flops_t ceil_log2(flops_t n) noexcept {
    return n <= 1 ? 0 : static_cast<flops_t>(std::bit_width(static_cast<std::uint64_t>(n - 1)));
}

}  // namespace flops::detail
}  // namespace me

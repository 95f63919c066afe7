/// @file flops/window.hpp
/// @brief What the window functions cost (bartlett, blackman, hamming, hanning, kaiser):
/// the reference's per-point counts, n for one cosine or one linear ramp per point
/// (bartlett, hamming, hanning) and 3n for blackman's two cosines and kaiser's square
/// root and Bessel function I0 (n = M, the window's length), at least 1. Shape math only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "formulas.hpp"

namespace me::flops::detail::window {

/// The window's length: M, or 0 for M <= 0 (NumPy returns an empty array).
/// @throws me::ValueError ("array is too big") when M float64 values cannot be allocated,
///         before anything is charged.
inline std::size_t points(std::int64_t M, std::string_view op) {
    if (M <= 0) return 0;
    const shape_t shape{static_cast<std::size_t>(M)};
    (void)me::detail::checked_size(shape, sizeof(double), op);
    return shape[0];
}

}  // namespace me::flops::detail::window

namespace me::flops {

template <>
struct formula_impl<formula::window> {
    static constexpr flops_t cost(std::size_t n) noexcept { return detail::at_least_one(detail::to_flops(n)); }
};
template <>
struct formula_impl<formula::window3> {
    static constexpr flops_t cost(std::size_t n) noexcept {
        return detail::at_least_one(detail::saturating_mul(3, detail::to_flops(n)));
    }
};

/// What `me::bartlett(M)` charges: M (at least 1). FLOPs: 0 (a query).
/// @throws me::ValueError for an M too big for an array.
inline flops_t bartlett_cost(std::int64_t M) { return formula_impl<formula::window>::cost(detail::window::points(M, "bartlett")); }
/// What `me::hamming(M)` charges: M (at least 1). FLOPs: 0 (a query).
/// @throws me::ValueError for an M too big for an array.
inline flops_t hamming_cost(std::int64_t M) { return formula_impl<formula::window>::cost(detail::window::points(M, "hamming")); }
/// What `me::hanning(M)` charges: M (at least 1). FLOPs: 0 (a query).
/// @throws me::ValueError for an M too big for an array.
inline flops_t hanning_cost(std::int64_t M) { return formula_impl<formula::window>::cost(detail::window::points(M, "hanning")); }
/// What `me::blackman(M)` charges: 3M (at least 1). FLOPs: 0 (a query).
/// @throws me::ValueError for an M too big for an array.
inline flops_t blackman_cost(std::int64_t M) { return formula_impl<formula::window3>::cost(detail::window::points(M, "blackman")); }
/// What `me::kaiser(M, beta)` charges: 3M (at least 1), whatever beta. FLOPs: 0 (a query).
/// @throws me::ValueError for an M too big for an array.
inline flops_t kaiser_cost(std::int64_t M) { return formula_impl<formula::window3>::cost(detail::window::points(M, "kaiser")); }

}  // namespace me::flops

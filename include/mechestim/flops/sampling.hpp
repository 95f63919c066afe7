/// @file flops/sampling.hpp
/// @brief Formulas of random sampling: one FLOP per value drawn; shuffles and draws
/// without replacement priced as a sort of the population.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "count.hpp"
#include "formulas.hpp"
#include "decompositions.hpp"  // scaled_product: the k^3 of multivariate_normal's SVD
#include "sorting.hpp"  // sort_cost: a shuffle is priced as a sort

namespace me::flops {

/// Random sampling: one FLOP per sample drawn. FLOPs: numel(output), at least 1.
template <class Shape>
constexpr flops_t random_cost(const Shape& output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}
constexpr flops_t random_cost(std::initializer_list<std::size_t> output_shape) {
    return detail::at_least_one(detail::numel(output_shape));
}

/// random_cost under the name of what it prices, one sampler call. FLOPs: numel(output), at least 1.
template <class Shape>
constexpr flops_t sample_cost(const Shape& output_shape) {
    return random_cost(output_shape);
}
constexpr flops_t sample_cost(std::initializer_list<std::size_t> output_shape) { return random_cost(output_shape); }

/// `random.permutation(n)` / `random.shuffle` of n items along the first axis.
/// FLOPs: n*ceil(log2(n)), at least 1 (a negative n counts as 0, as NumPy's arange does).
constexpr flops_t permutation_cost(std::int64_t n) { return sort_cost(n < 0 ? 0 : static_cast<std::size_t>(n)); }

/// `random.shuffle` of an array whose first axis has length n. FLOPs: n*ceil(log2(n)), at least 1.
constexpr flops_t shuffle_cost(std::size_t n) { return sort_cost(n); }

/// `random.choice` from a population of `pop_size` into an output of shape `size`.
/// FLOPs: numel(size) (at least 1) with replacement, pop_size*ceil(log2(pop_size)) without.
template <class Shape>
constexpr flops_t choice_cost(std::int64_t pop_size, const Shape& size, bool replace = true) {
    return replace ? random_cost(size) : permutation_cost(pop_size);
}
constexpr flops_t choice_cost(std::int64_t pop_size, std::initializer_list<std::size_t> size, bool replace = true) {
    return replace ? random_cost(size) : permutation_cost(pop_size);
}

/// `random.multivariate_normal` of dimension k into size + (k,): numel(output) plus the
/// SVD of the k x k covariance. FLOPs: numel(size)*k + k^3, at least 1.
template <class Shape>
constexpr flops_t multivariate_normal_cost(const Shape& output_shape, std::size_t k) {
    return detail::at_least_one(detail::numel(output_shape) + detail::scaled_product(k, k, k));
}

/// `random.multivariate_hypergeometric` into size + (k,): one FLOP per value drawn; with
/// method count, also the urn of sum(colors) items it lays out and the
/// min(nsample, sum(colors) - nsample) swaps it makes per variate.
/// FLOPs: numel(output) [+ total + variates*min(nsample, total - nsample)], at least 1.
template <class Shape>
constexpr flops_t multivariate_hypergeometric_cost(const Shape& output_shape, std::int64_t total, std::int64_t nsample,
                                                   bool count_method) {
    const flops_t drawn = detail::numel(output_shape);
    if (!count_method || drawn == 0 || total == 0 || nsample == 0) return detail::at_least_one(drawn);
    const auto k = static_cast<flops_t>(output_shape.back());
    const auto swaps = static_cast<flops_t>(nsample < total - nsample ? nsample : total - nsample);
    return detail::at_least_one(drawn + static_cast<flops_t>(total) + drawn / k * swaps);
}

/// `random.bytes(length)`. FLOPs: length, at least 1.
constexpr flops_t bytes_cost(std::size_t length) { return random_cost({length}); }

template <>
struct formula_impl<formula::multivariate_normal> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& output_shape, std::size_t k) {
        return multivariate_normal_cost(output_shape, k);
    }
};
template <>
struct formula_impl<formula::multivariate_hypergeometric> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& output_shape, std::int64_t total, std::int64_t nsample, bool count_method) {
        return multivariate_hypergeometric_cost(output_shape, total, nsample, count_method);
    }
};
template <>
struct formula_impl<formula::sampling> {
    template <class Shape>
    static constexpr flops_t cost(const Shape& output_shape) { return random_cost(output_shape); }
};
template <>
struct formula_impl<formula::permutation> {
    static constexpr flops_t cost(std::int64_t n) { return permutation_cost(n); }
    static constexpr flops_t cost(std::size_t n) { return shuffle_cost(n); }
};
template <>
struct formula_impl<formula::choice> {
    template <class Shape>
    static constexpr flops_t cost(std::int64_t pop_size, const Shape& size, bool replace) {
        return choice_cost(pop_size, size, replace);
    }
};

}  // namespace me::flops

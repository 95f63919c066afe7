/// @file detail/random/generator_discrete.hpp
/// @brief The discrete kernels of NumPy's Generator (numpy/random/src/distributions/distributions.c),
/// over any bit_generator.
#pragma once

#include "bitgen.hpp"
#include "generator_continuous.hpp"
#include "generator_kernels.hpp"
#include "legacy_discrete.hpp"

#include <cmath>
#include <cstdint>

namespace me::random::detail {

/// NumPy 1.24's random_geometric: the CDF search while the mean is short (p >= 1/3),
/// else inversion of a ziggurat exponential, ceil(-E / log1p(-p)). 1.24 casts without a
/// clamp, so a quotient past int64 (p below about 1e-19) is INT64_MIN, as on x86.
template <bit_generator G>
std::int64_t random_geometric(G& g, double p) {
    if (p >= 0.333333333333333333333333) return random_geometric_search(g, p);
    return x86_long_cast(std::ceil(-random_standard_exponential(g) / std::log1p(-p)));
}

/// NumPy's random_negative_binomial: Poisson with a Gamma(n, (1 - p) / p) mean, the
/// gamma Generator's (Marsaglia-Tsang on the ziggurat normal).
template <bit_generator G>
std::int64_t random_negative_binomial(G& g, double n, double p) {
    return random_poisson(g, random_standard_gamma(g, n) * ((1 - p) / p));
}

}  // namespace me::random::detail

/// @file detail/random/generator_continuous.hpp
/// @brief The continuous kernels of NumPy's Generator (numpy/random/src/distributions/distributions.c),
/// over any bit_generator. They differ from the legacy ones in their primitive draws: the
/// ziggurat normal and exponential instead of polar Box-Muller and inversion.
#pragma once

#include <cmath>

#include "bitgen.hpp"
#include "generator_kernels.hpp"
#include "legacy_continuous.hpp"

namespace me::random::detail {

/// NumPy's random_standard_gamma: standard_gamma_on with the ziggurat exponential and normal.
template <bit_generator G>
double random_standard_gamma(G& g, double shape) {
    return standard_gamma_on(
        shape, [&g] { return g.next_double(); }, [&g] { return random_standard_exponential(g); },
        [&g] { return random_standard_normal(g); });
}

/// NumPy's random_chisquare: 2 * Gamma(df / 2).
template <bit_generator G>
double random_chisquare(G& g, double df) {
    return 2.0 * random_standard_gamma(g, df / 2.0);
}

/// NumPy's random_beta: Johnk's algorithm when both parameters are <= 1 (redrawing when
/// U and V are both 0, unlike the legacy kernel), else a ratio of gammas.
template <bit_generator G>
double random_beta(G& g, double a, double b) {
    if (a <= 1.0 && b <= 1.0) return johnk_beta([&g] { return g.next_double(); }, a, b, true);
    const double ga = random_standard_gamma(g, a);
    const double gb = random_standard_gamma(g, b);
    return ga / (ga + gb);
}

}  // namespace me::random::detail

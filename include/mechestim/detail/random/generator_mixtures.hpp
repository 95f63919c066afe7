/// @file detail/random/generator_mixtures.hpp
/// @brief Generator's noncentral chi-square and F (distributions.c): a shifted normal or a
/// Poisson mixture over Generator's gamma.
#pragma once

#include "bitgen.hpp"
#include "generator_continuous.hpp"
#include "legacy_discrete.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace me::random::detail {

/// NumPy's random_noncentral_chisquare: a NaN nonc returns NaN before drawing (unlike the
/// legacy kernel, which draws first); df > 1: a central chi-square on df - 1 plus a
/// shifted squared ziggurat normal; otherwise a Poisson mixture of central chi-squares.
template <bit_generator G>
double random_noncentral_chisquare(G& g, double df, double nonc) {
    if (std::isnan(nonc)) return std::numeric_limits<double>::quiet_NaN();
    if (nonc == 0) return random_chisquare(g, df);
    if (1 < df) {
        const double chi2 = random_chisquare(g, df - 1);
        const double n = random_standard_normal(g) + std::sqrt(nonc);
        return chi2 + n * n;
    }
    const std::int64_t i = random_poisson(g, nonc / 2.0);
    return random_chisquare(g, df + 2 * static_cast<double>(i));
}

/// NumPy's random_noncentral_f: the noncentral numerator drawn first.
template <bit_generator G>
double random_noncentral_f(G& g, double dfnum, double dfden, double nonc) {
    const double t = random_noncentral_chisquare(g, dfnum, nonc) * dfden;
    return t / (random_chisquare(g, dfden) * dfnum);
}

}  // namespace me::random::detail

/// @file detail/random/generator_mixtures.hpp
/// @brief Generator's noncentral chi-square and F (distributions.c): a shifted normal or a
/// Poisson mixture over Generator's gamma; and its Dirichlet rows (_generator.pyx).
#pragma once

#include "bitgen.hpp"
#include "generator_continuous.hpp"
#include "legacy_discrete.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

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

/// Generator.dirichlet's rows, rows x k doubles at out. When every alpha is below 0.1 the
/// gammas could all underflow to 0 and their normalisation give 0/0, so NumPy breaks a
/// stick with Beta(alpha[j], sum(alpha[j+1:])) draws instead; otherwise k gammas times the
/// reciprocal of their sum. A NaN alpha fails the "< 0.1" test (NumPy's max is NaN) and
/// takes the gamma path.
template <bit_generator G>
void random_dirichlet_rows(G& g, const std::vector<double>& alpha, std::size_t rows, double* out) {
    const std::size_t k = alpha.size();
    if (k == 0) return;
    bool small = true;
    for (double a : alpha) small = small && a < 0.1;
    if (small) {
        std::vector<double> tail_sum(k);  // tail_sum[j] = sum(alpha[j:]), summed right to left as NumPy
        double csum = 0.0;
        for (std::size_t j = k; j-- > 0;) tail_sum[j] = csum += alpha[j];
        for (std::size_t r = 0; r < rows; ++r, out += k) {
            double acc = 1.0;
            for (std::size_t j = 0; j + 1 < k; ++j) {
                const double v = random_beta(g, alpha[j], tail_sum[j + 1]);
                out[j] = acc * v;
                acc *= 1.0 - v;
            }
            out[k - 1] = acc;
        }
        return;
    }
    for (std::size_t r = 0; r < rows; ++r, out += k) {
        double acc = 0.0;
        for (std::size_t j = 0; j < k; ++j) acc += out[j] = random_standard_gamma(g, alpha[j]);
        const double inverse = 1.0 / acc;
        for (std::size_t j = 0; j < k; ++j) out[j] *= inverse;
    }
}

}  // namespace me::random::detail

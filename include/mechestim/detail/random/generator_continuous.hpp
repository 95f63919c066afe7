/// @file detail/random/generator_continuous.hpp
/// @brief The continuous kernels of NumPy's Generator (numpy/random/src/distributions/distributions.c),
/// over any bit_generator. They differ from the legacy ones in their primitive draws (the
/// ziggurat normal and exponential instead of polar Box-Muller and inversion) and in a few
/// formulas NumPy rewrote for accuracy (expm1 in pareto and power, sqrt(2E) in rayleigh).
/// The float32 twins (NumPy's *_f functions) keep every operation in float, as NumPy's C.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "bitgen.hpp"
#include "generator_kernels.hpp"
#include "legacy_continuous.hpp"
#include "ziggurat_tables.hpp"

namespace me::random::detail {

/// NumPy's random_standard_normal_f: the float ziggurat on one 32-bit draw (8 bits of
/// layer, 1 of sign, 23 of magnitude). The wedge test compares against a double exp, as
/// NumPy's C does (its -0.5 literal is a double).
template <bit_generator G>
float random_standard_normal_f(G& g) {
    namespace z = ziggurat;
    for (;;) {
        const std::uint32_t r = g.next_uint32();
        const auto idx = static_cast<std::size_t>(r & 0xff);
        const std::uint32_t rabs = (r >> 9) & 0x007fffff;
        float x = static_cast<float>(rabs) * z::wi_float[idx];
        if ((r >> 8) & 0x1) x = -x;
        if (rabs < z::ki_float[idx]) [[likely]]
            return x;
        if (idx == 0) {
            for (;;) {
                const float xx = -z::nor_inv_r_f * std::log1p(-next_float(g));
                const float yy = -std::log1p(-next_float(g));
                if (yy + yy > xx * xx) return ((rabs >> 8) & 0x1) ? -(z::nor_r_f + xx) : z::nor_r_f + xx;
            }
        }
        if ((z::fi_float[idx - 1] - z::fi_float[idx]) * next_float(g) + z::fi_float[idx] < std::exp(-0.5 * x * x))
            return x;
    }
}

/// NumPy's random_standard_exponential_f: the float exponential ziggurat on a 32-bit draw.
template <bit_generator G>
float random_standard_exponential_f(G& g) {
    namespace z = ziggurat;
    for (;;) {
        std::uint32_t ri = g.next_uint32() >> 1;
        const auto idx = static_cast<std::size_t>(ri & 0xff);
        ri >>= 8;
        const float x = static_cast<float>(ri) * z::we_float[idx];
        if (ri < z::ke_float[idx]) [[likely]]
            return x;
        if (idx == 0) return z::exp_r_f - std::log1p(-next_float(g));
        if ((z::fe_float[idx - 1] - z::fe_float[idx]) * next_float(g) + z::fe_float[idx] < std::exp(-x)) return x;
    }
}

/// Generator.standard_exponential(method="inv"): -log1p(-U). The float32 one draws a
/// float but takes the double log1p, as NumPy's C (npy_log1p of a promoted float; checked
/// against NumPy: log1pf differs in the last bit on about 7% of draws).
template <class T, bit_generator G>
T random_standard_exponential_inv(G& g) {
    if constexpr (std::is_same_v<T, float>) return static_cast<float>(-std::log1p(-static_cast<double>(next_float(g))));
    else return -std::log1p(-g.next_double());
}

/// NumPy's random_standard_gamma: standard_gamma_on with the ziggurat exponential and normal.
template <bit_generator G>
double random_standard_gamma(G& g, double shape) {
    return standard_gamma_on(
        shape, [&g] { return g.next_double(); }, [&g] { return random_standard_exponential(g); },
        [&g] { return random_standard_normal(g); });
}

/// NumPy's random_standard_gamma_f: the same steps in float on the float ziggurats.
template <bit_generator G>
float random_standard_gamma_f(G& g, float shape) {
    return standard_gamma_on(
        shape, [&g] { return next_float(g); }, [&g] { return random_standard_exponential_f(g); },
        [&g] { return random_standard_normal_f(g); });
}

/// NumPy's random_chisquare: 2 * Gamma(df / 2).
template <bit_generator G>
double random_chisquare(G& g, double df) {
    return 2.0 * random_standard_gamma(g, df / 2.0);
}

/// NumPy's random_beta: Johnk's algorithm when both parameters are <= 1 (redrawing where
/// both powers underflow, unlike the legacy kernel), else a ratio of gammas.
template <bit_generator G>
double random_beta(G& g, double a, double b) {
    if (a <= 1.0 && b <= 1.0) return johnk_beta([&g] { return g.next_double(); }, a, b, false);
    const double ga = random_standard_gamma(g, a);
    const double gb = random_standard_gamma(g, b);
    return ga / (ga + gb);
}

/// NumPy's random_f: a ratio of scaled chi-squares, the numerator drawn first.
template <bit_generator G>
double random_f(G& g, double dfnum, double dfden) {
    const double num = random_chisquare(g, dfnum) * dfden;
    return num / (random_chisquare(g, dfden) * dfnum);
}

/// NumPy's random_standard_t: a normal over the root of a scaled gamma, the normal first.
template <bit_generator G>
double random_standard_t(G& g, double df) {
    const double num = random_standard_normal(g);
    const double denom = random_standard_gamma(g, df / 2);
    return std::sqrt(df / 2) * num / std::sqrt(denom);
}

/// NumPy's random_standard_cauchy: a ratio of two normals, the numerator drawn first.
template <bit_generator G>
double random_standard_cauchy(G& g) {
    const double num = random_standard_normal(g);
    return num / random_standard_normal(g);
}

/// NumPy's random_pareto: expm1(E / a), accurate where E / a is small.
template <bit_generator G>
double random_pareto(G& g, double a) {
    return std::expm1(random_standard_exponential(g) / a);
}

/// NumPy's random_weibull: E^(1/a); a == 0 returns 0 without drawing.
template <bit_generator G>
double random_weibull(G& g, double a) {
    if (a == 0.0) return 0.0;
    return std::pow(random_standard_exponential(g), 1. / a);
}

/// NumPy's random_power: (1 - exp(-E))^(1/a), as -expm1(-E) for accuracy.
template <bit_generator G>
double random_power(G& g, double a) {
    return std::pow(-std::expm1(-random_standard_exponential(g)), 1. / a);
}

/// NumPy's random_rayleigh: mode * sqrt(2 E).
template <bit_generator G>
double random_rayleigh(G& g, double mode) {
    return mode * std::sqrt(2.0 * random_standard_exponential(g));
}

/// NumPy's random_lognormal: exp(mean + sigma * N).
template <bit_generator G>
double random_lognormal(G& g, double mean, double sigma) {
    return std::exp(mean + sigma * random_standard_normal(g));
}

/// NumPy's random_wald: wald_on with the ziggurat normal.
template <bit_generator G>
double random_wald(G& g, double mean, double scale) {
    return wald_on([&g] { return random_standard_normal(g); }, [&g] { return g.next_double(); }, mean, scale);
}

/// NumPy's random_vonmises: Best and Fisher's rejection, a wrapped normal above kappa 1e6.
template <bit_generator G>
double random_vonmises(G& g, double mu, double kappa) {
    return vonmises_on<true>([&g] { return g.next_double(); }, [&g] { return random_standard_normal(g); }, mu, kappa);
}

}  // namespace me::random::detail

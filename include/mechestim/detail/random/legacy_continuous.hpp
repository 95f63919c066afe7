/// @file detail/random/legacy_continuous.hpp
/// @brief The continuous sampling kernels of NumPy's legacy RandomState (NumPy 1.24),
/// value for value: legacy-distributions.c plus the distributions.c kernels RandomState
/// shares with Generator (uniform, laplace, gumbel, logistic, triangular).
///
/// Each function has the name and argument order of the NumPy C function it reproduces,
/// so the two can be read side by side. What makes the streams agree is the order and the
/// number of draws: every rejection loop, early return and evaluation order below follows
/// NumPy's, including where the result is discarded (a draw that NumPy makes must be made
/// here too, or every later value shifts). Argument checks are the callers' business, as
/// in NumPy, where mtrand.pyx checks before calling the kernel.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>

#include "bitgen.hpp"
#include "legacy_discrete.hpp"  // the Poisson draw of the noncentral chi-square

namespace me::random::detail {

// ---------------------------------------------------------------------------------------
// Kernels shared with Generator: they only need a uniform double, so any generator will do.

/// random_uniform: lower + range * U, U in [0, 1).
template <class G>
inline double random_uniform(G& g, double lower, double range) {
    return lower + range * g.next_double();
}

/// random_laplace: inversion on either side of the median.
template <class G>
inline double random_laplace(G& g, double loc, double scale) {
    for (;;) {
        const double u = g.next_double();
        if (u >= 0.5) return loc - scale * std::log(2.0 - u - u);
        // u == 0 would give log(0); NumPy draws again (recursively) in that case.
        if (u > 0.0) return loc + scale * std::log(u + u);
    }
}

/// random_gumbel: inversion of the Gumbel cdf on 1 - U, which lies in (0, 1].
template <class G>
inline double random_gumbel(G& g, double loc, double scale) {
    for (;;) {
        const double u = 1.0 - g.next_double();
        // u == 1 would give log(-log(1)) = log(0); NumPy draws again.
        if (u < 1.0) return loc - scale * std::log(-std::log(u));
    }
}

/// random_logistic: inversion of the logistic cdf.
template <class G>
inline double random_logistic(G& g, double loc, double scale) {
    for (;;) {
        const double u = g.next_double();
        // u == 0 would give log(0); NumPy draws again.
        if (u > 0.0) return loc + scale * std::log(u / (1.0 - u));
    }
}

/// random_triangular: inversion, choosing the side by comparing U with the mode's cdf.
template <class G>
inline double random_triangular(G& g, double left, double mode, double right) {
    const double base = right - left;
    const double leftbase = mode - left;
    const double ratio = leftbase / base;
    const double leftprod = leftbase * base;
    const double rightprod = (right - mode) * base;
    const double u = g.next_double();
    if (u <= ratio) return left + std::sqrt(u * leftprod);
    return right - std::sqrt((1.0 - u) * rightprod);
}

/// Johnk's beta for a, b <= 1, RandomState's and Generator's: accept when
/// u^(1/a) + v^(1/b) <= 1. When both powers underflow to 0, the legacy kernel takes the
/// ratio in log space (`log_space_underflow`); NumPy 1.24's Generator rejects the pair
/// and draws again (checked against NumPy: its stream skips those pairs), which is why
/// its tiny-parameter betas come out as exact 0s and 1s.
template <class Uniform>
double johnk_beta(Uniform&& uniform, double a, double b, bool log_space_underflow) {
    for (;;) {
        const double u = uniform();
        const double v = uniform();
        const double x = std::pow(u, 1.0 / a);
        const double y = std::pow(v, 1.0 / b);
        if (x + y > 1.0) continue;
        if (x + y > 0) return x / (x + y);
        if (!log_space_underflow) continue;
        // Scaled by the larger log so the exponentials stay representable.
        double logx = std::log(u) / a;
        double logy = std::log(v) / b;
        const double logm = logx > logy ? logx : logy;
        logx -= logm;
        logy -= logm;
        return std::exp(logx - std::log(std::exp(logx) + std::exp(logy)));
    }
}

/// Wald (inverse Gaussian), RandomState's and Generator's: the Michael-Schucany-Haas
/// transformation of a squared normal, then one uniform to pick a root. The two differ
/// only in their normal.
template <class Normal, class Uniform>
double wald_on(Normal&& normal, Uniform&& uniform, double mean, double scale) {
    const double mu_2l = mean / (2 * scale);
    double y = normal();
    y = mean * y * y;
    const double x = mean + mu_2l * (y - std::sqrt(4 * scale * y + y * y));
    const double u = uniform();
    if (u <= mean / (mean + x)) return x;
    return mean * mean / x;
}

/// von Mises by Best and Fisher's rejection. With WrapLarge (Generator since NumPy 1.21),
/// kappa > 1e6 draws a wrapped normal instead, where the rejection's s loses all precision.
template <bool WrapLarge, class Uniform, class Normal>
double vonmises_on(Uniform&& uniform, Normal&& normal, double mu, double kappa) {
    constexpr double pi = std::numbers::pi;
    // NaN would never satisfy the acceptance test below, so it must return up front.
    if (std::isnan(kappa)) return std::numeric_limits<double>::quiet_NaN();
    if (kappa < 1e-8) return pi * (2 * uniform() - 1);
    double s;
    if (kappa < 1e-5) {
        // rho underflows to 0 in double for tiny kappa; use the series of s instead.
        s = 1. / kappa + kappa;
    } else if (!WrapLarge || kappa <= 1e6) {
        const double r = 1 + std::sqrt(1 + 4 * kappa * kappa);
        const double rho = (r - std::sqrt(2 * r)) / (2 * kappa);
        s = (1 + rho * rho) / (2 * rho);
    } else {
        double result = mu + std::sqrt(1. / kappa) * normal();
        if (result < -pi) result += 2 * pi;
        if (result > pi) result -= 2 * pi;
        return result;
    }
    double w;
    for (;;) {
        const double u = uniform();
        const double z = std::cos(pi * u);
        w = (1 + s * z) / (s + z);
        const double y = kappa * (s - w);
        const double v = uniform();
        // v == 0 is harmless: y >= 0 accepts on the first test and y < 0 rejects both.
        if (y * (2 - y) - v >= 0 || std::log(y / v) + 1 - y >= 0) break;
    }
    const double u = uniform();
    double result = std::acos(w);
    if (u < 0.5) result = -result;
    result += mu;
    // Wrap into [-pi, pi] symmetrically: fmod of |result| shifted, then restore the sign.
    const bool neg = result < 0;
    double mod = std::fmod(std::fabs(result) + pi, 2 * pi) - pi;
    if (neg) mod *= -1;
    return mod;
}

/// NumPy's standard gamma, for RandomState (legacy_standard_gamma) and Generator
/// (random_standard_gamma and its float twin random_standard_gamma_f): exponential for
/// shape 1, Ahrens-Dieter GS rejection below 1, Marsaglia-Tsang above. The three share
/// every step and differ only in their uniform, exponential and normal draws and in T,
/// so one template serves them. In float every constant and operation stays in float,
/// as powf/logf/sqrtf in NumPy's C.
template <class T, class Uniform, class Exponential, class Normal>
T standard_gamma_on(T shape, Uniform&& uniform, Exponential&& exponential, Normal&& normal) {
    if (shape == T(1)) return exponential();
    if (shape == T(0)) return T(0);
    if (shape < T(1)) {
        for (;;) {
            const T u = uniform();
            const T v = exponential();
            if (u <= T(1) - shape) {
                const T x = std::pow(u, T(1) / shape);
                if (x <= v) return x;
            } else {
                const T y = -std::log((T(1) - u) / shape);
                const T x = std::pow(T(1) - shape + shape * y, T(1) / shape);
                if (x <= v + y) return x;
            }
        }
    }
    const T b = shape - T(1) / T(3);
    const T c = T(1) / std::sqrt(T(9) * b);
    for (;;) {
        T x, v;
        do {
            x = normal();
            v = T(1) + c * x;
        } while (v <= T(0));
        v = v * v * v;
        const T u = uniform();
        // Squeeze first; the log test only when the squeeze fails (log(0) is fine there).
        if (u < T(1) - T(0.0331) * (x * x) * (x * x)) return b * v;
        if (std::log(u) < T(0.5) * x * x + b * (T(1) - v + std::log(v))) return b * v;
    }
}

// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Legacy kernels: the exponential is by inversion and the normal is the cached polar
// Box-Muller of legacy_rng::gaussian (Generator uses ziggurats instead; that is the
// difference these kernels exist to preserve).

/// legacy_standard_exponential: -log(1 - U), so that U = 0 is safe.
inline double legacy_standard_exponential(legacy_rng& g) { return -std::log(1.0 - g.next_double()); }

/// legacy_exponential
inline double legacy_exponential(legacy_rng& g, double scale) { return scale * legacy_standard_exponential(g); }

/// legacy_standard_gamma: standard_gamma_on with the inversion exponential and the
/// polar Box-Muller normal.
inline double legacy_standard_gamma(legacy_rng& g, double shape) {
    return standard_gamma_on(
        shape, [&g] { return g.next_double(); }, [&g] { return legacy_standard_exponential(g); },
        [&g] { return g.gaussian(); });
}

/// legacy_gamma
inline double legacy_gamma(legacy_rng& g, double shape, double scale) {
    return scale * legacy_standard_gamma(g, shape);
}

/// legacy_beta: Johnk's algorithm when both parameters are <= 1, else a ratio of gammas.
inline double legacy_beta(legacy_rng& g, double a, double b) {
    if (a <= 1.0 && b <= 1.0) return johnk_beta([&g] { return g.next_double(); }, a, b, true);
    const double ga = legacy_standard_gamma(g, a);
    const double gb = legacy_standard_gamma(g, b);
    return ga / (ga + gb);
}

/// legacy_chisquare: 2 * Gamma(df / 2).
inline double legacy_chisquare(legacy_rng& g, double df) { return 2.0 * legacy_standard_gamma(g, df / 2.0); }

/// legacy_noncentral_chisquare: for df > 1 a central chi-square on df - 1 plus a shifted
/// squared normal; otherwise a Poisson mixture of central chi-squares.
inline double legacy_noncentral_chisquare(legacy_rng& g, double df, double nonc) {
    if (nonc == 0) return legacy_chisquare(g, df);
    if (1 < df) {
        const double chi2 = legacy_chisquare(g, df - 1);
        const double n = g.gaussian() + std::sqrt(nonc);
        return chi2 + n * n;
    }
    const std::int64_t i = legacy_random_poisson(g, nonc / 2.0);
    const double out = legacy_chisquare(g, df + 2 * static_cast<double>(i));
    // NumPy guards NaN only after drawing, so that the stream is consumed as before.
    if (std::isnan(nonc)) return std::numeric_limits<double>::quiet_NaN();
    return out;
}

/// legacy_f: ratio of scaled chi-squares, numerator drawn first.
inline double legacy_f(legacy_rng& g, double dfnum, double dfden) {
    const double num = legacy_chisquare(g, dfnum) * dfden;
    return num / (legacy_chisquare(g, dfden) * dfnum);
}

/// legacy_noncentral_f
inline double legacy_noncentral_f(legacy_rng& g, double dfnum, double dfden, double nonc) {
    const double t = legacy_noncentral_chisquare(g, dfnum, nonc) * dfden;
    return t / (legacy_chisquare(g, dfden) * dfnum);
}

/// legacy_standard_t: normal over the root of a scaled gamma, normal drawn first.
inline double legacy_standard_t(legacy_rng& g, double df) {
    const double num = g.gaussian();
    const double denom = legacy_standard_gamma(g, df / 2);
    return std::sqrt(df / 2) * num / std::sqrt(denom);
}

/// legacy_standard_cauchy: ratio of two normals, numerator drawn first.
inline double legacy_standard_cauchy(legacy_rng& g) {
    const double num = g.gaussian();
    return num / g.gaussian();
}

/// legacy_normal
inline double legacy_normal(legacy_rng& g, double loc, double scale) { return loc + scale * g.gaussian(); }

/// legacy_lognormal
inline double legacy_lognormal(legacy_rng& g, double mean, double sigma) {
    return std::exp(legacy_normal(g, mean, sigma));
}

/// legacy_pareto: exp(E / a) - 1 (exp, not expm1, as in the legacy code).
inline double legacy_pareto(legacy_rng& g, double a) { return std::exp(legacy_standard_exponential(g) / a) - 1; }

/// legacy_weibull: E^(1/a); a == 0 returns 0 without drawing.
inline double legacy_weibull(legacy_rng& g, double a) {
    if (a == 0.0) return 0.0;
    return std::pow(legacy_standard_exponential(g), 1. / a);
}

/// legacy_power: (1 - exp(-E))^(1/a).
inline double legacy_power(legacy_rng& g, double a) {
    return std::pow(1 - std::exp(-legacy_standard_exponential(g)), 1. / a);
}

/// legacy_rayleigh: inversion, with log1p(-U) for accuracy near U = 0.
inline double legacy_rayleigh(legacy_rng& g, double scale) {
    return scale * std::sqrt(-2.0 * std::log1p(-g.next_double()));
}

/// legacy_wald: wald_on with the polar Box-Muller normal.
inline double legacy_wald(legacy_rng& g, double mean, double scale) {
    return wald_on([&g] { return g.gaussian(); }, [&g] { return g.next_double(); }, mean, scale);
}

/// legacy_vonmises: vonmises_on without the wrapped-normal branch, which NumPy gave only
/// Generator; RandomState keeps Best and Fisher's rejection for every kappa.
inline double legacy_vonmises(legacy_rng& g, double mu, double kappa) {
    return vonmises_on<false>([&g] { return g.next_double(); }, [] { return 0.0; }, mu, kappa);
}

/// RandomState.dirichlet's per-row loop (mtrand.pyx): k standard gammas, then each is
/// multiplied by 1 / sum (a multiplication by the reciprocal, not a division, as NumPy).
inline void legacy_dirichlet(legacy_rng& g, const double* alpha, std::size_t k, double* out) {
    double acc = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
        out[j] = legacy_standard_gamma(g, alpha[j]);
        acc = acc + out[j];
    }
    const double invacc = 1 / acc;
    for (std::size_t j = 0; j < k; ++j) out[j] = out[j] * invacc;
}

}  // namespace me::random::detail

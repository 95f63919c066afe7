/// @file detail/random/legacy_discrete.hpp
/// @brief The discrete sampling kernels of NumPy 1.24's legacy RandomState, value for value
/// (legacy-distributions.c and the distributions.c kernels it forwards to). The kernels
/// Generator shares (binomial, poisson) are templates over any generator with next_double.
///
/// What RandomState (mtrand.pyx, NumPy 1.24) checks before calling these kernels; the
/// kernels themselves check nothing, so the caller must. Strings are NumPy's exact
/// ValueError texts; "scalar / array" marks the two variants NumPy words differently.
///
/// - binomial(n, p): p goes through float64, n through intp (C long): a float n truncates
///   toward zero (5.7 -> 5, -0.5 -> 0), NaN n raises "cannot convert float NaN to integer",
///   a value past int64 raises OverflowError "Python int too large to convert to C long".
///   n < 0: "n < 0". p outside [0, 1] or NaN: "p < 0, p > 1 or p is NaN" (scalar) /
///   "p < 0, p > 1 or p contains NaNs" (array). p is checked before n.
/// - poisson(lam): lam < 0 or NaN: "lam < 0 or lam is NaN" / "lam < 0 or lam contains NaNs";
///   lam > POISSON_LAM_MAX (= int64 max - 10 sqrt(int64 max), about 9.223372006484771e18;
///   inf included): "lam value too large".
/// - geometric(p): p <= 0, p > 1 or NaN: "p <= 0, p > 1 or p contains NaNs" (same text for
///   scalars and arrays).
/// - negative_binomial(n, p): both float64. n <= 0: "n <= 0" (NaN n passes and yields 0);
///   p outside [0, 1] or NaN: "p < 0, p > 1 or p is NaN" / "... p contains NaNs". p == 0
///   passes: gamma scale is inf and the poisson draw returns INT64_MIN. n is checked first.
/// - hypergeometric(ngood, nbad, nsample): each through int64 (floats truncate), past int64:
///   OverflowError. ngood + nbad < nsample (checked first): "ngood + nbad < nsample";
///   then ngood < 0: "ngood < 0"; nbad < 0: "nbad < 0"; nsample < 1: "nsample < 1 or
///   nsample is NaN".
/// - logseries(p): p < 0, p >= 1 or NaN: "p < 0, p >= 1 or p is NaN" / "p < 0, p >= 1 or p
///   contains NaNs". p == 0 is allowed (always 1).
/// - zipf(a): a <= 1 or NaN: "a <= 1 or a is NaN" / "a <= 1 or a contains NaNs". (a = inf
///   passes the check and never returns in NumPy.)
/// - multinomial(n, pvals): n is a C long argument (floats truncate, past int64:
///   OverflowError); pvals through float64 as a 1-d sequence: 0-d: TypeError "pvals must be
///   a 1-d sequence", 2-d: ValueError "object too deep for desired array". Any pval < 0,
///   > 1 or NaN: "pvals < 0, pvals > 1 or pvals contains NaNs". Kahan sum of pvals[:-1] >
///   1 + 1e-12: "sum(pvals[:-1]) > 1.0" (NumPy words it longer for a non-float64 floating
///   ndarray whose sum is < 1.0001). n < 0: "n < 0" (checked after pvals). Empty pvals
///   draws nothing. The kernel never reads the last pval (it is still range-checked): that
///   cell takes the remainder.
/// All results are C long (int64 here).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numbers>

#include "bitgen.hpp"

namespace me::random::detail {

/// NumPy's binomial_t: the set-up of the last (n, p) the binomial kernels saw, kept so a run
/// of draws with the same parameters skips it. BTPE and inversion share the slots (the
/// inversion stores q^n in r, n p in c and its search bound in m), as in NumPy, so a
/// switch between them with the same (n, p) reuses the other's numbers exactly as NumPy
/// does.
struct binomial_t {
    bool has_binomial = false;
    double psave = 0.0;
    std::int64_t nsave = 0;
    double r = 0.0, q = 0.0, fm = 0.0;
    std::int64_t m = 0;
    double p1 = 0.0, xm = 0.0, xl = 0.0, xr = 0.0, c = 0.0, laml = 0.0, lamr = 0.0, p2 = 0.0, p3 = 0.0, p4 = 0.0;
};

/// NumPy's (long) cast of a double as x86-64 performs it: values outside the int64 range,
/// infinities and NaN become INT64_MIN (cvttsd2si's "integer indefinite"). In C++ that
/// cast is undefined, so it is spelled out where NumPy's kernels can reach it.
inline std::int64_t x86_long_cast(double v) {
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(v);
}

/// NumPy's random_loggam: log Gamma(x) by the SPECFUN series, shifting x up to 7 first.
inline double random_loggam(double x) {
    static constexpr double a[10] = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                                     -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                                     6.410256410256410e-03,  -2.955065359477124e-02, 1.796443723688307e-01,
                                     -1.39243221690590e+00};
    if (x == 1.0 || x == 2.0) return 0.0;
    std::int64_t shift = 0;
    double x0 = x;
    if (x <= 7.0) {
        shift = static_cast<std::int64_t>(7 - x);
        x0 = x + static_cast<double>(shift);
    }
    const double x2 = 1.0 / (x0 * x0);
    double series = a[9];
    for (int k = 8; k >= 0; --k) series = series * x2 + a[k];
    // Same operation order as NumPy (2 pi folded into one log), so the last bit agrees.
    double gl = series / x0 + 0.5 * std::log(2 * std::numbers::pi) + (x0 - 0.5) * std::log(x0) - x0;
    for (std::int64_t k = 1; k <= shift; ++k) {
        gl -= std::log(x0 - 1.0);
        x0 -= 1.0;
    }
    return gl;
}

/// Whether the cached set-up is for another (n, p); if so, claims the cache for this one
/// (the caller then fills it). Both binomial kernels key the cache this way.
inline bool binomial_stale(binomial_t* b, std::int64_t n, double p) {
    if (b->has_binomial && b->nsave == n && b->psave == p) return false;
    b->nsave = n;
    b->psave = p;
    b->has_binomial = true;
    return true;
}

/// NumPy's random_binomial_btpe (Kachitvichyanukul & Schmeiser), for p <= 0.5, n p > 30.
template <class G>
std::int64_t random_binomial_btpe(G& g, std::int64_t n, double p, binomial_t* b) {
    const double dn = static_cast<double>(n);
    if (binomial_stale(b, n, p)) {
        b->r = std::fmin(p, 1.0 - p);
        b->q = 1.0 - b->r;
        b->fm = dn * b->r + b->r;
        b->m = static_cast<std::int64_t>(std::floor(b->fm));
        b->p1 = std::floor(2.195 * std::sqrt(dn * b->r * b->q) - 4.6 * b->q) + 0.5;
        b->xm = static_cast<double>(b->m) + 0.5;
        b->xl = b->xm - b->p1;
        b->xr = b->xm + b->p1;
        b->c = 0.134 + 20.5 / (15.3 + static_cast<double>(b->m));
        double a = (b->fm - b->xl) / (b->fm - b->xl * b->r);
        b->laml = a * (1.0 + a / 2.0);
        a = (b->xr - b->fm) / (b->xr * b->q);
        b->lamr = a * (1.0 + a / 2.0);
        b->p2 = b->p1 * (1.0 + 2.0 * b->c);
        b->p3 = b->p2 + b->c / b->laml;
        b->p4 = b->p3 + b->c / b->lamr;
    }
    const double r = b->r, q = b->q, p1 = b->p1, xm = b->xm, xl = b->xl, xr = b->xr, c = b->c;
    const double laml = b->laml, lamr = b->lamr, p2 = b->p2, p3 = b->p3, p4 = b->p4;
    const std::int64_t m = b->m;
    const double dm = static_cast<double>(m);
    const double nrq = dn * r * q;

    std::int64_t y = 0;
    for (;;) {
        const double u = g.next_double() * p4;
        double v = g.next_double();
        // Region 1: the triangle, accepted outright.
        if (u <= p1) {
            y = static_cast<std::int64_t>(std::floor(xm - p1 * v + u));
            break;
        }
        if (u <= p2) {
            // Region 2: the parallelograms.
            const double x = xl + (u - p1) / c;
            v = v * c + 1.0 - std::fabs(dm - x + 0.5) / p1;
            if (v > 1.0) continue;
            y = static_cast<std::int64_t>(std::floor(x));
        } else if (u <= p3) {
            // Region 3: left exponential tail; v == 0 would make the cast undefined.
            y = static_cast<std::int64_t>(std::floor(xl + std::log(v) / laml));
            if (y < 0 || v == 0.0) continue;
            v = v * (u - p2) * laml;
        } else {
            // Region 4: right exponential tail.
            y = static_cast<std::int64_t>(std::floor(xr - std::log(v) / lamr));
            if (y > n || v == 0.0) continue;
            v = v * (u - p3) * lamr;
        }
        const std::int64_t k = std::llabs(y - m);
        const double dk = static_cast<double>(k);
        if (!(k > 20 && dk < nrq / 2.0 - 1)) {
            // Near the mode: evaluate f(y)/f(m) by the recurrence.
            const double s = r / q;
            const double a = s * (dn + 1);
            double F = 1.0;
            if (m < y) {
                for (std::int64_t i = m + 1; i <= y; ++i) F *= (a / static_cast<double>(i) - s);
            } else if (m > y) {
                for (std::int64_t i = y + 1; i <= m; ++i) F /= (a / static_cast<double>(i) - s);
            }
            if (v > F) continue;
            break;
        }
        // Far from the mode: squeeze on log f(y)/f(m), then Stirling's bound.
        const double rho = (dk / nrq) * ((dk * (dk / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
        // NumPy forms -k*k in integer arithmetic before dividing.
        const double t = static_cast<double>(-k * k) / (2 * nrq);
        const double A = std::log(v);
        if (A < t - rho) break;
        if (A > t + rho) continue;
        const double x1 = static_cast<double>(y + 1);
        const double f1 = static_cast<double>(m + 1);
        const double z = static_cast<double>(n + 1 - m);
        const double w = static_cast<double>(n - y + 1);
        const double x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
        const double bound =
            xm * std::log(f1 / x1) + (static_cast<double>(n - m) + 0.5) * std::log(z / w) +
            static_cast<double>(y - m) * std::log(w * r / (x1 * q)) +
            (13680. - (462. - (132. - (99. - 140. / f2) / f2) / f2) / f2) / f1 / 166320. +
            (13680. - (462. - (132. - (99. - 140. / z2) / z2) / z2) / z2) / z / 166320. +
            (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x1 / 166320. +
            (13680. - (462. - (132. - (99. - 140. / w2) / w2) / w2) / w2) / w / 166320.;
        if (A > bound) continue;
        break;
    }
    // NumPy keeps this flip although its callers only pass p <= 0.5.
    if (p > 0.5) y = n - y;
    return y;
}

/// NumPy's random_binomial_inversion: sequential search of the CDF, for n p <= 30, restarting
/// with a fresh uniform when the search passes a bound of n p + 10 sd.
template <class G>
std::int64_t random_binomial_inversion(G& g, std::int64_t n, double p, binomial_t* b) {
    const double dn = static_cast<double>(n);
    if (binomial_stale(b, n, p)) {
        b->q = 1.0 - p;
        b->r = std::exp(dn * std::log(b->q));
        b->c = dn * p;
        b->m = static_cast<std::int64_t>(std::fmin(dn, b->c + 10.0 * std::sqrt(b->c * b->q + 1)));
    }
    const double q = b->q, qn = b->r;
    const std::int64_t bound = b->m;
    std::int64_t X = 0;
    double px = qn;
    double U = g.next_double();
    while (U > px) {
        ++X;
        if (X > bound) {
            X = 0;
            px = qn;
            U = g.next_double();
        } else {
            U -= px;
            px = (static_cast<double>(n - X + 1) * p * px) / (static_cast<double>(X) * q);
        }
    }
    return X;
}

/// Legacy dispatch shared by legacy_random_binomial and random_binomial: work with
/// min(p, 1 - p) and flip the count back, inversion when the mean is <= 30.
template <class G>
std::int64_t binomial_dispatch(G& g, double p, std::int64_t n, binomial_t* b) {
    if (p <= 0.5) {
        if (p * static_cast<double>(n) <= 30.0) return random_binomial_inversion(g, n, p, b);
        return random_binomial_btpe(g, n, p, b);
    }
    const double q = 1.0 - p;
    if (q * static_cast<double>(n) <= 30.0) return n - random_binomial_inversion(g, n, q, b);
    return n - random_binomial_btpe(g, n, q, b);
}

/// NumPy's legacy_random_binomial (legacy_random_binomial_original): no shortcut for n == 0
/// or p == 0, so those still spend one uniform in the inversion, as RandomState does.
inline std::int64_t legacy_random_binomial(legacy_rng& g, double p, std::int64_t n, binomial_t* b) {
    return binomial_dispatch(g, p, n, b);
}

/// NumPy's random_binomial (used by multinomial): as the legacy one, but n == 0 or p == 0
/// returns 0 without a draw.
template <class G>
std::int64_t random_binomial(G& g, double p, std::int64_t n, binomial_t* b) {
    if (n == 0 || p == 0.0) return 0;
    return binomial_dispatch(g, p, n, b);
}

/// NumPy's random_poisson_mult: count uniforms until their product drops below e^-lam.
template <class G>
std::int64_t random_poisson_mult(G& g, double lam) {
    const double enlam = std::exp(-lam);
    std::int64_t X = 0;
    double prod = 1.0;
    for (;;) {
        prod *= g.next_double();
        if (prod <= enlam) return X;
        ++X;
    }
}

/// NumPy's random_poisson_ptrs: Hoermann's transformed rejection, for lam >= 10.
template <class G>
std::int64_t random_poisson_ptrs(G& g, double lam) {
    const double slam = std::sqrt(lam);
    const double loglam = std::log(lam);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        const double U = g.next_double() - 0.5;
        const double V = g.next_double();
        const double us = 0.5 - std::fabs(U);
        // lam = inf (negative_binomial with p == 0) makes k inf: INT64_MIN, returned at once.
        const std::int64_t k = x86_long_cast(std::floor((2 * a / us + b) * U + lam + 0.43));
        if (us >= 0.07 && V <= vr) return k;
        if (k < 0 || (us < 0.013 && V > us)) continue;
        const double dk = static_cast<double>(k);
        // log(0) = -inf when V == 0 accepts, as in NumPy.
        if (std::log(V) + std::log(invalpha) - std::log(a / (us * us) + b) <= -lam + dk * loglam - random_loggam(dk + 1))
            return k;
    }
}

/// NumPy's random_poisson, Generator's and (through legacy_random_poisson) RandomState's.
template <class G>
std::int64_t random_poisson(G& g, double lam) {
    if (lam >= 10) return random_poisson_ptrs(g, lam);
    if (lam == 0) return 0;
    return random_poisson_mult(g, lam);
}

/// NumPy's legacy_random_poisson: random_poisson unchanged.
inline std::int64_t legacy_random_poisson(legacy_rng& g, double lam) { return random_poisson(g, lam); }

/// NumPy's random_geometric_search: walk the CDF, one uniform per draw.
template <class G>
std::int64_t random_geometric_search(G& g, double p) {
    std::int64_t X = 1;
    double sum = p, prod = p;
    const double q = 1.0 - p;
    const double U = g.next_double();
    while (U > sum) {
        prod *= q;
        sum += prod;
        ++X;
    }
    return X;
}

/// NumPy's legacy_geometric_inversion: ceil(log1p(-U) / log(1 - p)). The legacy file keeps
/// this mixed form (log1p above, plain log below); it decides the ceiling when the quotient
/// lands near an integer, so neither log may be swapped for the other. For p below about
/// 1.1e-16, 1 - p is 1, the quotient -inf, and the cast gives INT64_MIN as NumPy does on x86.
inline std::int64_t legacy_geometric_inversion(legacy_rng& g, double p) {
    return x86_long_cast(std::ceil(std::log1p(-g.next_double()) / std::log(1.0 - p)));
}

/// NumPy's legacy_random_geometric: the search is cheaper while the mean
/// is short (p >= 1/3, NumPy's literal rounded to double).
inline std::int64_t legacy_random_geometric(legacy_rng& g, double p) {
    if (p >= 0.333333333333333333333333) return random_geometric_search(g, p);
    return legacy_geometric_inversion(g, p);
}

/// NumPy 1.24's random_logseries, both APIs' (Kemp's second algorithm, in the form before
/// NumPy 1.25 changed it for the Generator).
template <class G>
std::int64_t random_logseries(G& g, double p) {
    const double r = std::log(1.0 - p);
    for (;;) {
        const double V = g.next_double();
        if (V >= p) return 1;
        const double U = g.next_double();
        const double q = 1.0 - std::exp(r * U);
        if (V <= q * q) {
            const auto result = static_cast<std::int64_t>(std::floor(1 + std::log(V) / std::log(q)));
            // V == 0 gives -inf / log(q) and an undefined cast: draw again.
            if (result < 1 || V == 0.0) continue;
            return result;
        }
        if (V >= q) return 1;
        return 2;
    }
}

/// NumPy 1.24's random_zipf, both APIs': rejection from a Pareto proposal, truncated to the
/// int64 range by rejecting larger proposals.
template <class G>
std::int64_t random_zipf(G& g, double a) {
    const double am1 = a - 1.0;
    const double b = std::pow(2.0, am1);
    // NumPy compares against RAND_INT_MAX converted to double (2^63).
    constexpr double int_max = static_cast<double>(std::numeric_limits<std::int64_t>::max());
    for (;;) {
        const double U = 1.0 - g.next_double();
        const double V = g.next_double();
        const double X = std::floor(std::pow(U, -1.0 / am1));
        if (X > int_max || X < 1.0) continue;
        const double T = std::pow(1.0 + 1.0 / X, am1);
        if (V * X * (T - 1.0) / (b - 1.0) <= T / b) return static_cast<std::int64_t>(X);
    }
}

/// NumPy's legacy_negative_binomial: a Poisson draw whose mean is Gamma(n, (1 - p) / p),
/// the gamma drawn by the legacy gamma kernel passed in as gamma(g, shape, scale).
template <class Gamma>
std::int64_t legacy_negative_binomial(legacy_rng& g, double n, double p, Gamma gamma) {
    const double Y = gamma(g, n, (1 - p) / p);
    return legacy_random_poisson(g, Y);
}

/// NumPy's legacy random_hypergeometric_hyp: draw the sample one item at a time while the
/// scarcer kind (good or bad) is left, for samples of at most 10.
inline std::int64_t random_hypergeometric_hyp(legacy_rng& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    const std::int64_t d1 = bad + good - sample;
    const double d2 = static_cast<double>(std::min(bad, good));
    double y = d2;
    std::int64_t k = sample;
    while (y > 0.0) {
        const double u = g.next_double();
        y -= static_cast<double>(static_cast<std::int64_t>(std::floor(u + y / static_cast<double>(d1 + k))));
        --k;
        if (k == 0) break;
    }
    auto z = static_cast<std::int64_t>(d2 - y);
    // The walk counted the scarcer kind; report good items.
    if (good > bad) z = sample - z;
    return z;
}

/// NumPy's legacy random_hypergeometric_hrua: Stadlober's ratio-of-uniforms, with loggam,
/// for samples above 10.
inline std::int64_t random_hypergeometric_hrua(legacy_rng& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    constexpr double D1 = 1.7155277699214135;  // 2 sqrt(2 / e)
    constexpr double D2 = 0.8989161620588988;  // 3 - 2 sqrt(3 / e)
    const std::int64_t mingoodbad = std::min(good, bad);
    const std::int64_t popsize = good + bad;
    const std::int64_t maxgoodbad = std::max(good, bad);
    const std::int64_t m = std::min(sample, popsize - sample);
    const double dpop = static_cast<double>(popsize);
    const double d4 = static_cast<double>(mingoodbad) / dpop;
    const double d5 = 1.0 - d4;
    const double d6 = static_cast<double>(m) * d4 + 0.5;
    const double d7 = std::sqrt(static_cast<double>(popsize - m) * static_cast<double>(sample) * d4 * d5 /
                                    static_cast<double>(popsize - 1) +
                                0.5);
    const double d8 = D1 * d7 + D2;
    const auto d9 = static_cast<std::int64_t>(std::floor(static_cast<double>(m + 1) *
                                                         static_cast<double>(mingoodbad + 1) /
                                                         static_cast<double>(popsize + 2)));
    const auto lg = [](std::int64_t v) { return random_loggam(static_cast<double>(v)); };
    const double d10 = lg(d9 + 1) + lg(mingoodbad - d9 + 1) + lg(m - d9 + 1) + lg(maxgoodbad - m + d9 + 1);
    // 16 sd past the mode is enough for 16-digit D1, D2.
    const double d11 = std::fmin(static_cast<double>(std::min(m, mingoodbad)) + 1.0, std::floor(d6 + 16 * d7));

    std::int64_t Z = 0;
    for (;;) {
        const double X = g.next_double();
        const double Y = g.next_double();
        const double W = d6 + d8 * (Y - 0.5) / X;
        if (W < 0.0 || W >= d11) continue;
        Z = static_cast<std::int64_t>(std::floor(W));
        const double T = d10 - (lg(Z + 1) + lg(mingoodbad - Z + 1) + lg(m - Z + 1) + lg(maxgoodbad - m + Z + 1));
        if (X * (4.0 - X) - 3.0 <= T) break;
        if (X * (X - T) >= 1) continue;
        // log(0) = -inf accepts, as in NumPy.
        if (2.0 * std::log(X) <= T) break;
    }
    // Z counted the scarcer kind within the smaller of sample and its complement.
    if (good > bad) Z = m - Z;
    if (m < sample) Z = good - Z;
    return Z;
}

/// NumPy's legacy_random_hypergeometric (random_hypergeometric_original).
inline std::int64_t legacy_random_hypergeometric(legacy_rng& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    if (sample > 10) return random_hypergeometric_hrua(g, good, bad, sample);
    if (sample > 0) return random_hypergeometric_hyp(g, good, bad, sample);
    return 0;
}

/// NumPy's random_multinomial, one row of RandomState's and Generator's multinomial:
/// successive conditional binomials, the last cell taking what is left. The row is zeroed
/// first because NumPy's loop leaves the cells after an early stop at the zeros np.zeros
/// gave them.
template <class G>
void random_multinomial(G& g, std::int64_t n, std::int64_t* out, const double* pix, std::size_t d, binomial_t* b) {
    if (d == 0) return;
    for (std::size_t j = 0; j < d; ++j) out[j] = 0;
    double remaining_p = 1.0;
    std::int64_t dn = n;
    for (std::size_t j = 0; j + 1 < d; ++j) {
        out[j] = random_binomial(g, pix[j] / remaining_p, dn, b);
        dn -= out[j];
        if (dn <= 0) break;
        remaining_p -= pix[j];
    }
    if (dn > 0) out[d - 1] = dn;
}

}  // namespace me::random::detail

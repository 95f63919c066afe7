/// @file random.hpp
/// @brief `me::random`: NumPy's legacy `np.random` API and `RandomState`, reproducing their streams value for value.
///
/// After `me::random::seed(s)`, every sampler here returns exactly what NumPy returns after
/// `np.random.seed(s)` for the same sequence of calls: the generator is MT19937 with NumPy's
/// legacy state (key, position, and the cached second gaussian of the polar Box-Muller
/// method), doubles take 53 bits from two draws, integers use NumPy's masked rejection
/// sampling, `shuffle`/`permutation` NumPy's Fisher-Yates, and `choice` the algorithm of
/// `RandomState.choice` in numpy/random/mtrand.pyx.
///
/// Seeding rules:
/// - There is one process-wide generator, guarded by a mutex: every call takes the lock for
///   all of its draws, so calls from several threads interleave whole, never lose a draw,
///   and the total stream is the one a single thread would see for the same calls in some order.
/// - Before the first `seed`, the generator is seeded from `std::random_device`
///   (NumPy seeds from the OS the same way), so unseeded runs differ.
/// - `seed(s)` with an integer in [0, 2**32-1] is NumPy's `np.random.seed(s)`; `seed({k0, k1, ...})`
///   NumPy's array seed; `seed()` reseeds from entropy. Every seed discards the cached gaussian.
///
/// Sizes: samplers take NumPy's `size` as a braced shape (`normal(0.0, 1.0, {256, 256})`).
/// NumPy's `size=None` (one scalar) is the empty shape `{}`, the default, and gives a 0-d
/// array: read it with `.item()`. `rand(d0, d1, ...)` and `randn(d0, d1, ...)` take dimensions
/// like NumPy; with none they too return a 0-d array (one draw, cost 1).
///
/// Costs (the registry's): samplers numel(output), at least 1; `permutation`, `shuffle` and
/// `choice` without replacement n*ceil(log2 n); `choice` with replacement numel(output).
/// Bad arguments raise `me::ValueError` (or `me::IndexError` where NumPy raises IndexError)
/// before anything is charged, and the generator does not advance.
///
/// Views: `permutation`, `choice` and choice's `p` take arrays or views (`me::array_like`),
/// a view read as the array it shows. `shuffle` takes an array or a writeable view and
/// shuffles the view's elements in place along its first axis (NumPy's `shuffle(a[::2])`),
/// with the draws, the cost and the result of shuffling the array it shows; a read-only
/// view is a `me::ValueError`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "random/generator.hpp"
#include "random/random_state.hpp"

namespace me::random {

// ---------------------------------------------------------------------------------------
// The module functions: each draws from the process-wide RandomState
// (detail::global_state()), as NumPy's np.random.<name> draws from its global
// RandomState; the docs of the methods of RandomState apply.

/// `np.random.seed(s)`, s in [0, 2**32-1]. FLOPs: 0 (free).
template <std::integral I>
    requires(!std::same_as<I, bool>)
void seed(I s) {
    detail::global_state().seed(s);
}
/// `np.random.seed([k0, k1, ...])` (init_by_array). FLOPs: 0 (free).
inline void seed(const std::vector<std::int64_t>& key) { detail::global_state().seed(key); }
/// `np.random.seed()`: reseeds from the OS. FLOPs: 0 (free).
inline void seed() { detail::global_state().seed(); }
/// `np.random.get_state()`. FLOPs: 0 (free).
inline state_t get_state() { return detail::global_state().get_state(); }
/// `np.random.set_state(state)`. FLOPs: 0 (free).
inline void set_state(const state_t& st) { detail::global_state().set_state(st); }

/// `np.random.rand(d0, d1, ...)`. FLOPs: d0*d1*..., at least 1.
template <std::integral... D>
array<double> rand(D... dims) {
    return detail::global_state().rand(dims...);
}
/// `np.random.randn(d0, d1, ...)`. FLOPs: d0*d1*..., at least 1.
template <std::integral... D>
array<double> randn(D... dims) {
    return detail::global_state().randn(dims...);
}
/// `np.random.random_sample(size)`. FLOPs: numel(size), at least 1.
inline array<double> random_sample(const shape_t& size = {}) { return detail::global_state().random_sample(size); }
/// `np.random.random(size)`, tallied as "random.random". FLOPs: numel(size), at least 1.
inline array<double> random(const shape_t& size = {}) { return detail::global_state().random(size); }
/// `np.random.ranf(size)`, tallied as "random.ranf". FLOPs: numel(size), at least 1.
inline array<double> ranf(const shape_t& size = {}) {
    return detail::global_state().uniform01<me::detail::op_index("random.ranf")>("ranf", size);
}
/// `np.random.sample(size)`, tallied as "random.sample". FLOPs: numel(size), at least 1.
inline array<double> sample(const shape_t& size = {}) {
    return detail::global_state().uniform01<me::detail::op_index("random.sample")>("sample", size);
}
/// `np.random.uniform(low, high, size)`. FLOPs: numel(output), at least 1.
inline array<double> uniform(const param& low = 0.0, const param& high = 1.0, const shape_t& size = {}) {
    return detail::global_state().uniform(low, high, size);
}
/// `np.random.randint(low, high, size)`. FLOPs: numel(size), at least 1.
template <detail::randint_type T = std::int64_t>
array<T> randint(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
    return detail::global_state().randint<T>(low, high, size);
}
/// `np.random.randint(high)`: one integer in [0, high). FLOPs: 1.
template <detail::randint_type T = std::int64_t>
array<T> randint(std::int64_t high) {
    return detail::global_state().randint<T>(high);
}
/// `np.random.random_integers(low, high, size)` (deprecated in NumPy). FLOPs: numel(size), at least 1.
inline array<std::int64_t> random_integers(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
    return detail::global_state().random_integers(low, high, size);
}
/// `np.random.random_integers(high)`. FLOPs: 1.
inline array<std::int64_t> random_integers(std::int64_t high) { return detail::global_state().random_integers(high); }
/// `np.random.bytes(length)`. FLOPs: length, at least 1.
inline std::string bytes(std::int64_t length) { return detail::global_state().bytes(length); }

/// `np.random.standard_normal(size)`. FLOPs: numel(size), at least 1.
inline array<double> standard_normal(const shape_t& size = {}) { return detail::global_state().standard_normal(size); }
/// `np.random.normal(loc, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> normal(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().normal(loc, scale, size);
}
/// `np.random.lognormal(mean, sigma, size)`. FLOPs: numel(output), at least 1.
inline array<double> lognormal(const param& mean = 0.0, const param& sigma = 1.0, const shape_t& size = {}) {
    return detail::global_state().lognormal(mean, sigma, size);
}
/// `np.random.standard_cauchy(size)`. FLOPs: numel(size), at least 1.
inline array<double> standard_cauchy(const shape_t& size = {}) { return detail::global_state().standard_cauchy(size); }
/// `np.random.standard_t(df, size)`. FLOPs: numel(output), at least 1.
inline array<double> standard_t(const param& df, const shape_t& size = {}) {
    return detail::global_state().standard_t(df, size);
}
/// `np.random.standard_exponential(size)`. FLOPs: numel(size), at least 1.
inline array<double> standard_exponential(const shape_t& size = {}) {
    return detail::global_state().standard_exponential(size);
}
/// `np.random.exponential(scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> exponential(const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().exponential(scale, size);
}
/// `np.random.standard_gamma(shape, size)`. FLOPs: numel(output), at least 1.
inline array<double> standard_gamma(const param& shape, const shape_t& size = {}) {
    return detail::global_state().standard_gamma(shape, size);
}
/// `np.random.gamma(shape, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> gamma(const param& shape, const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().gamma(shape, scale, size);
}
/// `np.random.beta(a, b, size)`. FLOPs: numel(output), at least 1.
inline array<double> beta(const param& a, const param& b, const shape_t& size = {}) {
    return detail::global_state().beta(a, b, size);
}
/// `np.random.chisquare(df, size)`. FLOPs: numel(output), at least 1.
inline array<double> chisquare(const param& df, const shape_t& size = {}) {
    return detail::global_state().chisquare(df, size);
}
/// `np.random.noncentral_chisquare(df, nonc, size)`. FLOPs: numel(output), at least 1.
inline array<double> noncentral_chisquare(const param& df, const param& nonc, const shape_t& size = {}) {
    return detail::global_state().noncentral_chisquare(df, nonc, size);
}
/// `np.random.f(dfnum, dfden, size)`. FLOPs: numel(output), at least 1.
inline array<double> f(const param& dfnum, const param& dfden, const shape_t& size = {}) {
    return detail::global_state().f(dfnum, dfden, size);
}
/// `np.random.noncentral_f(dfnum, dfden, nonc, size)`. FLOPs: numel(output), at least 1.
inline array<double> noncentral_f(const param& dfnum, const param& dfden, const param& nonc, const shape_t& size = {}) {
    return detail::global_state().noncentral_f(dfnum, dfden, nonc, size);
}
/// `np.random.pareto(a, size)`. FLOPs: numel(output), at least 1.
inline array<double> pareto(const param& a, const shape_t& size = {}) { return detail::global_state().pareto(a, size); }
/// `np.random.weibull(a, size)`. FLOPs: numel(output), at least 1.
inline array<double> weibull(const param& a, const shape_t& size = {}) { return detail::global_state().weibull(a, size); }
/// `np.random.power(a, size)`. FLOPs: numel(output), at least 1.
inline array<double> power(const param& a, const shape_t& size = {}) { return detail::global_state().power(a, size); }
/// `np.random.rayleigh(scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> rayleigh(const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().rayleigh(scale, size);
}
/// `np.random.laplace(loc, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> laplace(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().laplace(loc, scale, size);
}
/// `np.random.gumbel(loc, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> gumbel(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().gumbel(loc, scale, size);
}
/// `np.random.logistic(loc, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> logistic(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
    return detail::global_state().logistic(loc, scale, size);
}
/// `np.random.wald(mean, scale, size)`. FLOPs: numel(output), at least 1.
inline array<double> wald(const param& mean, const param& scale, const shape_t& size = {}) {
    return detail::global_state().wald(mean, scale, size);
}
/// `np.random.vonmises(mu, kappa, size)`. FLOPs: numel(output), at least 1.
inline array<double> vonmises(const param& mu, const param& kappa, const shape_t& size = {}) {
    return detail::global_state().vonmises(mu, kappa, size);
}
/// `np.random.triangular(left, mode, right, size)`. FLOPs: numel(output), at least 1.
inline array<double> triangular(const param& left, const param& mode, const param& right, const shape_t& size = {}) {
    return detail::global_state().triangular(left, mode, right, size);
}

/// `np.random.binomial(n, p, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> binomial(const int_param& n, const param& p, const shape_t& size = {}) {
    return detail::global_state().binomial(n, p, size);
}
/// `np.random.negative_binomial(n, p, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> negative_binomial(const param& n, const param& p, const shape_t& size = {}) {
    return detail::global_state().negative_binomial(n, p, size);
}
/// `np.random.poisson(lam, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> poisson(const param& lam = 1.0, const shape_t& size = {}) {
    return detail::global_state().poisson(lam, size);
}
/// `np.random.zipf(a, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> zipf(const param& a, const shape_t& size = {}) { return detail::global_state().zipf(a, size); }
/// `np.random.geometric(p, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> geometric(const param& p, const shape_t& size = {}) {
    return detail::global_state().geometric(p, size);
}
/// `np.random.logseries(p, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> logseries(const param& p, const shape_t& size = {}) {
    return detail::global_state().logseries(p, size);
}
/// `np.random.hypergeometric(ngood, nbad, nsample, size)`. FLOPs: numel(output), at least 1.
inline array<std::int64_t> hypergeometric(const int_param& ngood, const int_param& nbad, const int_param& nsample,
                                          const shape_t& size = {}) {
    return detail::global_state().hypergeometric(ngood, nbad, nsample, size);
}
/// `np.random.multinomial(n, pvals, size)`: shape size + (len(pvals),). FLOPs: numel(output), at least 1.
inline array<std::int64_t> multinomial(std::int64_t n, const std::vector<double>& pvals, const shape_t& size = {}) {
    return detail::global_state().multinomial(n, pvals, size);
}
/// `np.random.dirichlet(alpha, size)`: shape size + (len(alpha),). FLOPs: numel(output), at least 1.
inline array<double> dirichlet(const std::vector<double>& alpha, const shape_t& size = {}) {
    return detail::global_state().dirichlet(alpha, size);
}
/// `np.random.multivariate_normal(mean, cov, size, check_valid, tol)`: shape size + (k,).
/// FLOPs: numel(output) + k^3, at least 1.
inline array<double> multivariate_normal(const array<double>& mean, const array<double>& cov, const shape_t& size = {},
                                         check_valid check = check_valid::warn, double tol = 1e-8) {
    return detail::global_state().multivariate_normal(mean, cov, size, check, tol);
}

/// `np.random.shuffle(x)` along the first axis. FLOPs: n*ceil(log2(n)), at least 1.
template <class T>
void shuffle(array<T>& x) {
    detail::global_state().shuffle(x);
}
/// `np.random.shuffle(view)`: a writeable view's elements. FLOPs: n*ceil(log2(n)), at least 1.
template <class E>
void shuffle(array_view<E> x) {
    detail::global_state().shuffle(x);
}
/// `np.random.permutation(n)`. FLOPs: n*ceil(log2(n)), at least 1.
inline array<std::int64_t> permutation(std::int64_t n) { return detail::global_state().permutation(n); }
/// `np.random.permutation(x)`: a shuffled copy along the first axis. FLOPs: n*ceil(log2(n)), at least 1.
template <array_like A>
auto permutation(const A& x) {
    return detail::global_state().permutation(x);
}
/// `np.random.choice(n, size, replace, p)`. FLOPs: numel(size) with replacement, n*ceil(log2(n)) without.
inline array<std::int64_t> choice(std::int64_t n, const shape_t& size = {}, const choice_options& options = {}) {
    return detail::global_state().choice(n, size, options);
}
/// `np.random.choice(a, size, replace, p)` from a 1-d array or view. FLOPs: as choice(len(a), ...).
template <array_like A>
auto choice(const A& a, const shape_t& size = {}, const choice_options& options = {}) {
    return detail::global_state().choice(a, size, options);
}

}  // namespace me::random

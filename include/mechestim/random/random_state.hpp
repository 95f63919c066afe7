/// @file random/random_state.hpp
/// @brief `me::random::RandomState`, NumPy's legacy generator as an object, and the
/// module functions of `np.random`, which draw from one process-wide RandomState.
///
/// After `RandomState rs(s)` (or `me::random::seed(s)`), every method returns exactly
/// what NumPy's `np.random.RandomState(s)` returns for the same sequence of calls: MT19937
/// with NumPy's legacy state (key, position and the cached second gaussian of the polar
/// Box-Muller method), doubles of 53 bits from two draws, integers by masked rejection,
/// and each distribution by the legacy algorithm of numpy/random/mtrand.pyx.
///
/// Parameters broadcast as NumPy's do: a `param` is a scalar, a braced list or an array
/// (or view); with `size` given every parameter must broadcast to it, without it (`{}`,
/// NumPy's None) the output takes the broadcast shape of the parameters (0-d when all are
/// scalars: read it with `.item()`).
///
/// Costs (the registry's): numel(output), at least 1; `permutation`, `shuffle` and
/// `choice` without replacement n*ceil(log2 n); `bytes(length)` length. Bad arguments
/// raise NumPy's error as a `me::` error before anything is charged or drawn.
///
/// Threads: a RandomState serialises its calls with its own mutex, so calls from several
/// threads interleave whole and never lose a draw. It cannot be copied (a copy would
/// silently repeat the stream); move it, or share it by reference.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../array.hpp"
#include "../budget.hpp"
#include "../detail/ops.hpp"
#include "../detail/random/bitgen.hpp"
#include "../detail/random/choice.hpp"
#include "../detail/random/legacy_continuous.hpp"
#include "../detail/random/legacy_discrete.hpp"
#include "../detail/random/argument_checks.hpp"
#include "../detail/random/multivariate_normal.hpp"
#include "../detail/random/sampler.hpp"
#include "../errors.hpp"
#include "../flops.hpp"
#include "../shape.hpp"
#include "../view.hpp"

namespace me::random {

/// NumPy's legacy state tuple `('MT19937', key, pos, has_gauss, cached_gaussian)`.
struct state_t {
    std::array<std::uint32_t, 624> key{};  ///< the 624 MT19937 key words
    int pos = 624;                         ///< next key word to temper (624: regenerate first)
    int has_gauss = 0;                     ///< 1 when a second gaussian is cached
    double cached_gaussian = 0.0;          ///< that gaussian
    bool operator==(const state_t&) const = default;
};

namespace detail {

template <class T>
concept randint_type = std::same_as<T, std::int64_t> || std::same_as<T, std::int32_t>;

/// randint's validated bounds: the offset and the inclusive range width.
template <class T>
std::pair<std::int64_t, std::uint64_t> randint_bounds(std::int64_t low, std::int64_t high, std::string_view op) {
    using lim = std::numeric_limits<T>;
    if (low < static_cast<std::int64_t>(lim::min()))
        throw ValueError(fmt::format("random.{}: low is out of bounds for {} (got {})", op,
                                     me::detail::dtype_name<T>(), low));
    if (high <= low) throw ValueError(fmt::format("random.{}: low >= high (low={}, high={})", op, low, high));
    if (high - 1 > static_cast<std::int64_t>(lim::max()))
        throw ValueError(fmt::format("random.{}: high is out of bounds for {} (got {})", op,
                                     me::detail::dtype_name<T>(), high));
    return {low, static_cast<std::uint64_t>(high - 1) - static_cast<std::uint64_t>(low)};
}

/// NumPy's `*dims` of rand/randn as a shape; negative dimensions raise.
template <class... D>
shape_t dims_shape(std::string_view op, D... dims) {
    shape_t shape;
    auto add = [&](auto d) {
        if constexpr (std::is_signed_v<decltype(d)>)
            if (d < 0) throw ValueError(fmt::format("random.{}: negative dimensions are not allowed, got {}", op, d));
        shape.push_back(static_cast<std::size_t>(d));
    };
    (add(dims), ...);
    (void)add;  // unused when there are no dimensions
    return shape;
}

}  // namespace detail

/// NumPy's legacy generator `np.random.RandomState`: MT19937 and the legacy samplers.
/// Every method is charged like the module function of the same name and tallied under
/// "random.<name>".
class RandomState {
public:
    /// Seeded from the OS (`RandomState()` / `RandomState(None)`). FLOPs: 0.
    RandomState() { rng_.seed_from_entropy(); }
    /// Seeded like `np.random.RandomState(s)`, s in [0, 2**32-1]. FLOPs: 0.
    template <std::integral I>
        requires(!std::same_as<I, bool>)
    explicit RandomState(I s) {
        seed(s);
    }
    /// Seeded from an array of words like `RandomState([k0, k1, ...])`. FLOPs: 0.
    explicit RandomState(const std::vector<std::int64_t>& key) { seed(key); }

    RandomState(const RandomState&) = delete;
    RandomState& operator=(const RandomState&) = delete;
    /// Moves the state; the moved-from object must be reseeded before use. FLOPs: 0.
    RandomState(RandomState&& other) noexcept : rng_(other.rng_) {}
    RandomState& operator=(RandomState&& other) noexcept {
        if (this != &other) {
            std::scoped_lock lock(mutex_, other.mutex_);
            rng_ = other.rng_;
        }
        return *this;
    }

    // -- seeding and state (free) ---------------------------------------------------------

    /// `seed(s)`: MT19937 init_genrand, cached gaussian dropped; s outside [0, 2**32-1] is
    /// a `me::ValueError` and nothing changes. FLOPs: 0 (free).
    template <std::integral I>
        requires(!std::same_as<I, bool>)
    void seed(I s) {
        if (std::cmp_less(s, 0) || std::cmp_greater(s, 0xFFFFFFFFULL))
            throw ValueError(fmt::format("random.seed: Seed must be between 0 and 2**32 - 1, got {}", s));
        locked([&](detail::legacy_rng& g) { g.seed(static_cast<std::uint32_t>(s)); });
    }
    /// `seed([k0, k1, ...])` (init_by_array): non-empty, every word in [0, 2**32-1]. FLOPs: 0 (free).
    void seed(const std::vector<std::int64_t>& key) {
        if (key.empty()) throw ValueError("random.seed: Seed must be non-empty");
        std::vector<std::uint32_t> words;
        for (std::int64_t k : key) {
            if (k < 0 || k > 0xFFFFFFFFLL)
                throw ValueError(fmt::format("random.seed: Seed must be between 0 and 2**32 - 1, got {}", k));
            words.push_back(static_cast<std::uint32_t>(k));
        }
        locked([&](detail::legacy_rng& g) { g.seed(words); });
    }
    /// `seed()`: reseeds from `std::random_device`. FLOPs: 0 (free).
    void seed() {
        locked([](detail::legacy_rng& g) { g.seed_from_entropy(); });
    }
    /// NumPy's `get_state()`: key, position and cached gaussian. FLOPs: 0 (free).
    state_t get_state() const {
        std::lock_guard lock(mutex_);
        state_t st;
        st.key = rng_.mt.key();
        st.pos = rng_.mt.pos();
        st.has_gauss = rng_.has_gauss ? 1 : 0;
        st.cached_gaussian = rng_.gauss;
        return st;
    }
    /// NumPy's `set_state(state)`; `pos` outside [0, 624] is a `me::ValueError` and the
    /// state is unchanged. FLOPs: 0 (free).
    void set_state(const state_t& st) {
        if (st.pos < 0 || st.pos > me::detail::mt19937::state_len)
            throw ValueError(fmt::format("random.set_state: pos must be in [0, 624], got {}", st.pos));
        locked([&](detail::legacy_rng& g) {
            g.mt.set(st.key, st.pos);
            g.has_gauss = st.has_gauss != 0;
            g.gauss = st.cached_gaussian;
        });
    }

    /// Runs f(generator) under this object's lock (the samplers' access path).
    template <class F>
    auto locked(F&& f) -> decltype(f(std::declval<detail::legacy_rng&>())) {
        std::lock_guard lock(mutex_);
        return f(rng_);
    }

    // -- uniform and integers ---------------------------------------------------------------

    /// Uniform doubles in [0, 1) (`random_sample(size)`). FLOPs: numel(size), at least 1.
    array<double> random_sample(const shape_t& size = {}) { return uniform01<me::detail::op_index("random.random_sample")>("random_sample", size); }
    /// Alias of random_sample (`RandomState.random`). FLOPs: numel(size), at least 1.
    array<double> random(const shape_t& size = {}) { return uniform01<me::detail::op_index("random.random")>("random", size); }
    /// Uniform doubles of shape (d0, d1, ...) (`rand(d0, d1, ...)`); none: a 0-d array.
    /// FLOPs: d0*d1*..., at least 1.
    template <std::integral... D>
    array<double> rand(D... dims) {
        return uniform01<me::detail::op_index("random.rand")>("rand", detail::dims_shape("rand", dims...));
    }
    /// Uniform doubles in [low, high) (`uniform`): low + (high - low) * U. A non-finite
    /// high - low is a `me::ValueError` (NumPy's OverflowError). FLOPs: numel(output), at least 1.
    array<double> uniform(const param& low = 0.0, const param& high = 1.0, const shape_t& size = {}) {
        const param range = difference(low, high);
        for (double r : range.values())
            if (!std::isfinite(r)) detail::fail("uniform", "Range exceeds valid bounds");
        return draw<me::detail::op_index("random.uniform"), double>(
            "uniform", size, [](auto& g, double lo, double r) { return detail::random_uniform(g, lo, r); },
            detail::checked{low, "low", detail::cons::none}, detail::checked{range, "range", detail::cons::none});
    }

    /// Integers in [low, high) (`randint(low, high, size)`), int64 or int32, by masked
    /// rejection. An empty size returns at once (as NumPy, whatever the bounds); otherwise
    /// high <= low or bounds outside the type raise `me::ValueError`. FLOPs: numel(size), at least 1.
    template <detail::randint_type T = std::int64_t>
    array<T> randint(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
        return randint_as<me::detail::op_index("random.randint"), T>("randint", low, high, size);
    }
    /// One integer in [0, high) as a 0-d array (`randint(high)`). FLOPs: 1.
    template <detail::randint_type T = std::int64_t>
    array<T> randint(std::int64_t high) {
        return randint<T>(0, high);
    }
    /// Integers in [low, high] (`random_integers`, deprecated in NumPy): randint(low, high + 1).
    /// FLOPs: numel(size), at least 1.
    array<std::int64_t> random_integers(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
        if (high == std::numeric_limits<std::int64_t>::max())
            throw ValueError(fmt::format("random.random_integers: high is out of bounds for int64 (got {})", high));
        return randint_as<me::detail::op_index("random.random_integers"), std::int64_t>("random_integers", low, high + 1, size);
    }
    /// One integer in [1, high] (`random_integers(high)`). FLOPs: 1.
    array<std::int64_t> random_integers(std::int64_t high) { return random_integers(1, high); }

    /// `length` random bytes (`bytes(length)`), NumPy's: uint32 draws written little-endian.
    /// A negative length is a `me::ValueError`. FLOPs: length, at least 1.
    std::string bytes(std::int64_t length) {
        if (length < 0) detail::fail("bytes", fmt::format("negative dimensions are not allowed (length {})", length));
        const auto n = static_cast<std::size_t>(length);
        (void)detail::checked_numel<char>(shape_t{n}, "bytes");
        constexpr auto op = me::detail::op_index("random.bytes");
        me::detail::charge(op, flops::op_cost<op>(shape_t{n}));
        std::string out(n, '\0');
        locked([&](detail::legacy_rng& g) { detail::fill_bytes(g, out.data(), n); });
        return out;
    }

    // -- gaussians ------------------------------------------------------------------------

    /// Standard normal doubles (`standard_normal(size)`, legacy polar Box-Muller).
    /// FLOPs: numel(size), at least 1.
    array<double> standard_normal(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_normal"), double>("standard_normal", size,
                                                          [](detail::legacy_rng& g) { return g.gaussian(); });
    }
    /// Standard normal doubles of shape (d0, d1, ...) (`randn`). FLOPs: d0*d1*..., at least 1.
    template <std::integral... D>
    array<double> randn(D... dims) {
        return draw<me::detail::op_index("random.randn"), double>("randn", detail::dims_shape("randn", dims...),
                                                [](detail::legacy_rng& g) { return g.gaussian(); });
    }
    /// Normal doubles loc + scale * gaussian (`normal`); scale < 0 (including -0.0) raises.
    /// FLOPs: numel(output), at least 1.
    array<double> normal(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.normal"), double>(
            "normal", size, [](detail::legacy_rng& g, double l, double s) { return detail::legacy_normal(g, l, s); },
            detail::checked{loc, "loc", detail::cons::none}, detail::checked{scale, "scale", detail::cons::non_negative});
    }
    /// exp(normal(mean, sigma)) (`lognormal`); sigma < 0 raises. FLOPs: numel(output), at least 1.
    array<double> lognormal(const param& mean = 0.0, const param& sigma = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.lognormal"), double>(
            "lognormal", size,
            [](detail::legacy_rng& g, double m, double s) { return detail::legacy_lognormal(g, m, s); },
            detail::checked{mean, "mean", detail::cons::none}, detail::checked{sigma, "sigma", detail::cons::non_negative});
    }
    /// Standard Cauchy doubles, a ratio of gaussians (`standard_cauchy`). FLOPs: numel(size), at least 1.
    array<double> standard_cauchy(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_cauchy"), double>(
            "standard_cauchy", size, [](detail::legacy_rng& g) { return detail::legacy_standard_cauchy(g); });
    }
    /// Student's t with df degrees of freedom (`standard_t`); df <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> standard_t(const param& df, const shape_t& size = {}) {
        return one<me::detail::op_index("random.standard_t")>("standard_t", size, df, "df", detail::cons::positive,
                                            [](detail::legacy_rng& g, double v) { return detail::legacy_standard_t(g, v); });
    }

    // -- exponential family ---------------------------------------------------------------

    /// Standard exponential doubles -log(1 - U) (`standard_exponential`). FLOPs: numel(size), at least 1.
    array<double> standard_exponential(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_exponential"), double>(
            "standard_exponential", size, [](detail::legacy_rng& g) { return detail::legacy_standard_exponential(g); });
    }
    /// scale * standard_exponential (`exponential`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> exponential(const param& scale = 1.0, const shape_t& size = {}) {
        return one<me::detail::op_index("random.exponential")>("exponential", size, scale, "scale", detail::cons::non_negative,
                                             [](detail::legacy_rng& g, double s) { return detail::legacy_exponential(g, s); });
    }
    /// Standard gamma with the given shape (`standard_gamma`); shape < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> standard_gamma(const param& shape, const shape_t& size = {}) {
        return one<me::detail::op_index("random.standard_gamma")>("standard_gamma", size, shape, "shape", detail::cons::non_negative,
                                                [](detail::legacy_rng& g, double k) { return detail::legacy_standard_gamma(g, k); });
    }
    /// Gamma(shape, scale) (`gamma`); shape < 0 or scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> gamma(const param& shape, const param& scale = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.gamma"), double>(
            "gamma", size, [](detail::legacy_rng& g, double k, double s) { return detail::legacy_gamma(g, k, s); },
            detail::checked{shape, "shape", detail::cons::non_negative},
            detail::checked{scale, "scale", detail::cons::non_negative});
    }
    /// Beta(a, b) (`beta`); a <= 0 or b <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> beta(const param& a, const param& b, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.beta"), double>(
            "beta", size, [](detail::legacy_rng& g, double x, double y) { return detail::legacy_beta(g, x, y); },
            detail::checked{a, "a", detail::cons::positive}, detail::checked{b, "b", detail::cons::positive});
    }
    /// Chi-square with df degrees of freedom (`chisquare`); df <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> chisquare(const param& df, const shape_t& size = {}) {
        return one<me::detail::op_index("random.chisquare")>("chisquare", size, df, "df", detail::cons::positive,
                                           [](detail::legacy_rng& g, double v) { return detail::legacy_chisquare(g, v); });
    }
    /// Noncentral chi-square (`noncentral_chisquare`); df <= 0 or nonc < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> noncentral_chisquare(const param& df, const param& nonc, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.noncentral_chisquare"), double>(
            "noncentral_chisquare", size,
            [](detail::legacy_rng& g, double v, double l) { return detail::legacy_noncentral_chisquare(g, v, l); },
            detail::checked{df, "df", detail::cons::positive}, detail::checked{nonc, "nonc", detail::cons::non_negative});
    }
    /// F(dfnum, dfden) (`f`); either <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> f(const param& dfnum, const param& dfden, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.f"), double>(
            "f", size, [](detail::legacy_rng& g, double n, double d) { return detail::legacy_f(g, n, d); },
            detail::checked{dfnum, "dfnum", detail::cons::positive}, detail::checked{dfden, "dfden", detail::cons::positive});
    }
    /// Noncentral F (`noncentral_f`); dfnum/dfden <= 0 or nonc < 0 raises. FLOPs: numel(output), at least 1.
    array<double> noncentral_f(const param& dfnum, const param& dfden, const param& nonc, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.noncentral_f"), double>(
            "noncentral_f", size,
            [](detail::legacy_rng& g, double n, double d, double l) { return detail::legacy_noncentral_f(g, n, d, l); },
            detail::checked{dfnum, "dfnum", detail::cons::positive}, detail::checked{dfden, "dfden", detail::cons::positive},
            detail::checked{nonc, "nonc", detail::cons::non_negative});
    }

    // -- location-scale and shape families -----------------------------------------------

    /// Pareto II (Lomax) with shape a (`pareto`); a <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> pareto(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.pareto")>("pareto", size, a, "a", detail::cons::positive,
                                        [](detail::legacy_rng& g, double x) { return detail::legacy_pareto(g, x); });
    }
    /// Weibull with shape a (`weibull`); a < 0 raises. FLOPs: numel(output), at least 1.
    array<double> weibull(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.weibull")>("weibull", size, a, "a", detail::cons::non_negative,
                                         [](detail::legacy_rng& g, double x) { return detail::legacy_weibull(g, x); });
    }
    /// Power distribution with exponent a - 1 (`power`); a <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> power(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.power")>("power", size, a, "a", detail::cons::positive,
                                       [](detail::legacy_rng& g, double x) { return detail::legacy_power(g, x); });
    }
    /// Rayleigh with the given scale (`rayleigh`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> rayleigh(const param& scale = 1.0, const shape_t& size = {}) {
        return one<me::detail::op_index("random.rayleigh")>("rayleigh", size, scale, "scale", detail::cons::non_negative,
                                          [](detail::legacy_rng& g, double s) { return detail::legacy_rayleigh(g, s); });
    }
    /// Laplace(loc, scale) (`laplace`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> laplace(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.laplace")>("laplace", loc, scale, size,
                                               [](auto& g, double l, double s) { return detail::random_laplace(g, l, s); });
    }
    /// Gumbel(loc, scale) (`gumbel`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> gumbel(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.gumbel")>("gumbel", loc, scale, size,
                                              [](auto& g, double l, double s) { return detail::random_gumbel(g, l, s); });
    }
    /// Logistic(loc, scale) (`logistic`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> logistic(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.logistic")>("logistic", loc, scale, size,
                                                [](auto& g, double l, double s) { return detail::random_logistic(g, l, s); });
    }
    /// Wald (inverse Gaussian) with mean and scale (`wald`); either <= 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> wald(const param& mean, const param& scale, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.wald")>(
            "wald", size, [](detail::legacy_rng& g, double m, double s) { return detail::legacy_wald(g, m, s); },
            detail::checked{mean, "mean", detail::cons::positive}, detail::checked{scale, "scale", detail::cons::positive});
    }
    /// von Mises with mode mu and concentration kappa (`vonmises`); kappa < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> vonmises(const param& mu, const param& kappa, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.vonmises")>(
            "vonmises", size, [](detail::legacy_rng& g, double m, double k) { return detail::legacy_vonmises(g, m, k); },
            detail::checked{mu, "mu", detail::cons::none}, detail::checked{kappa, "kappa", detail::cons::non_negative});
    }
    /// Triangular on [left, right] with the given mode (`triangular`); left > mode,
    /// mode > right or left == right raises. FLOPs: numel(output), at least 1.
    array<double> triangular(const param& left, const param& mode, const param& right, const shape_t& size = {}) {
        detail::check_triangular(left, mode, right);
        return draw<me::detail::op_index("random.triangular")>(
            "triangular", size,
            [](auto& g, double l, double m, double r) { return detail::random_triangular(g, l, m, r); },
            detail::checked{left, "left", detail::cons::none}, detail::checked{mode, "mode", detail::cons::none},
            detail::checked{right, "right", detail::cons::none});
    }

    // -- discrete -------------------------------------------------------------------------

    /// Binomial(n, p) as int64 (`binomial`); n < 0 or p outside [0, 1] (or NaN) raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> binomial(const int_param& n, const param& p, const shape_t& size = {}) {
        detail::binomial_t cache{};
        return draw<me::detail::op_index("random.binomial"), std::int64_t>(
            "binomial", size,
            [&cache](detail::legacy_rng& g, std::int64_t k, double q) { return detail::legacy_random_binomial(g, q, k, &cache); },
            detail::checked{n, "n", detail::cons::non_negative}, detail::checked{p, "p", detail::cons::bounded_0_1});
    }
    /// Negative binomial(n, p) as int64 (`negative_binomial`); n <= 0 or p outside [0, 1] raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> negative_binomial(const param& n, const param& p, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.negative_binomial"), std::int64_t>(
            "negative_binomial", size,
            [](detail::legacy_rng& g, double k, double q) {
                return detail::legacy_negative_binomial(
                    g, k, q, [](detail::legacy_rng& r, double shape, double scale) { return detail::legacy_gamma(r, shape, scale); });
            },
            detail::checked{n, "n", detail::cons::positive}, detail::checked{p, "p", detail::cons::bounded_0_1});
    }
    /// Poisson(lam) as int64 (`poisson`); lam < 0, NaN or too large raises. FLOPs: numel(output), at least 1.
    array<std::int64_t> poisson(const param& lam = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.poisson"), std::int64_t>(
            "poisson", size, [](detail::legacy_rng& g, double l) { return detail::legacy_random_poisson(g, l); },
            detail::checked{lam, "lam", detail::cons::legacy_poisson});
    }
    /// Zipf(a) as int64 (`zipf`); a <= 1 or NaN raises. FLOPs: numel(output), at least 1.
    array<std::int64_t> zipf(const param& a, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.zipf"), std::int64_t>(
            "zipf", size, [](detail::legacy_rng& g, double x) { return detail::random_zipf(g, x); },
            detail::checked{a, "a", detail::cons::gt_1});
    }
    /// Geometric(p) on 1, 2, ... as int64 (`geometric`); p outside (0, 1] raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> geometric(const param& p, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.geometric"), std::int64_t>(
            "geometric", size, [](detail::legacy_rng& g, double q) { return detail::legacy_random_geometric(g, q); },
            detail::checked{p, "p", detail::cons::bounded_gt_0_1});
    }
    /// Logarithmic series(p) as int64 (`logseries`); p outside [0, 1) raises. FLOPs: numel(output), at least 1.
    array<std::int64_t> logseries(const param& p, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.logseries"), std::int64_t>(
            "logseries", size, [](detail::legacy_rng& g, double q) { return detail::random_logseries(g, q); },
            detail::checked{p, "p", detail::cons::bounded_lt_0_1});
    }
    /// Hypergeometric(ngood, nbad, nsample) as int64 (`hypergeometric`); negative counts,
    /// nsample < 1 or ngood + nbad < nsample raise. FLOPs: numel(output), at least 1.
    array<std::int64_t> hypergeometric(const int_param& ngood, const int_param& nbad, const int_param& nsample,
                                       const shape_t& size = {}) {
        detail::check_hypergeometric("hypergeometric", ngood, nbad, nsample, /*legacy=*/true);
        return draw<me::detail::op_index("random.hypergeometric"), std::int64_t>(
            "hypergeometric", size,
            [](detail::legacy_rng& g, std::int64_t good, std::int64_t bad, std::int64_t n) {
                return detail::legacy_random_hypergeometric(g, good, bad, n);
            },
            detail::checked{ngood, "ngood", detail::cons::none}, detail::checked{nbad, "nbad", detail::cons::none},
            detail::checked{nsample, "nsample", detail::cons::none});
    }

    // -- multivariate ---------------------------------------------------------------------

    /// Multinomial counts of n trials over pvals (`multinomial(n, pvals, size)`): int64 of
    /// shape size + (len(pvals),). The last probability is 1 - sum of the others; pvals
    /// with a negative entry, NaN, or summing past 1 + 1e-12 raise. FLOPs: numel(output), at least 1.
    array<std::int64_t> multinomial(std::int64_t n, const std::vector<double>& pvals, const shape_t& size = {}) {
        const shape_t shape = detail::multinomial_checks("multinomial", n, pvals, size);
        detail::binomial_t cache{};
        return vector_draw<me::detail::op_index("random.multinomial"), std::int64_t>(shape, [&](detail::legacy_rng& g, std::int64_t* out) {
            detail::random_multinomial(g, n, out, pvals.data(), pvals.size(), &cache);
        });
    }
    /// Dirichlet(alpha) (`dirichlet(alpha, size)`): doubles of shape size + (len(alpha),);
    /// an alpha <= 0 or NaN raises. FLOPs: numel(output), at least 1.
    array<double> dirichlet(const std::vector<double>& alpha, const shape_t& size = {}) {
        const shape_t shape = detail::dirichlet_checks("dirichlet", alpha, size);
        return vector_draw<me::detail::op_index("random.dirichlet"), double>(shape, [&](detail::legacy_rng& g, double* out) {
            detail::legacy_dirichlet(g, alpha.data(), alpha.size(), out);
        });
    }
    /// Multivariate normal (`multivariate_normal(mean, cov, size, check_valid, tol)`):
    /// standard normals of shape size + (k,) times sqrt(s) V from the SVD of cov, plus mean,
    /// NumPy's construction. mean not 1-d, cov not k x k, or (check_valid raise) cov not
    /// positive semi-definite raise, before anything is charged or drawn (NumPy draws
    /// first). FLOPs: numel(output) + k^3 (the SVD of cov), at least 1.
    array<double> multivariate_normal(const array<double>& mean, const array<double>& cov, const shape_t& size = {},
                                      check_valid check = check_valid::warn, double tol = 1e-8) {
        const auto plan = detail::mvn_plan("multivariate_normal", mean, cov, size, check, tol);
        constexpr auto op = me::detail::op_index("random.multivariate_normal");
        me::detail::charge(op, flops::op_cost<op>(plan.out_shape, plan.k), detail::size_details(plan.out_shape));
        auto z = array<double>::uninitialized(plan.out_shape);
        locked([&](detail::legacy_rng& g) {
            for (double& v : z) v = g.gaussian();
        });
        return detail::mvn_finish(z, mean, plan);
    }

    // -- permutations and choice ----------------------------------------------------------

    /// Shuffles x in place along its first axis (`shuffle`), NumPy's legacy Fisher-Yates.
    /// A 0-d array raises. FLOPs: n*ceil(log2(n)) for n = len(x), at least 1.
    template <class T>
    void shuffle(array<T>& x) {
        shuffle_impl(x);
    }
    /// Shuffles a writeable view's elements along its first axis (NumPy's shuffle(a[::2]));
    /// a read-only or 0-d view raises before anything is charged. FLOPs: n*ceil(log2(n)), at least 1.
    template <class E>
    void shuffle(array_view<E> x) {
        if constexpr (std::is_const_v<E>)
            throw ValueError("random.shuffle: x is a read-only view (assignment destination is read-only)");
        else
            shuffle_impl(x);
    }
    /// A permutation of 0..n-1 as int64 (`permutation(n)`); a negative n gives an empty
    /// array, as NumPy's arange. FLOPs: n*ceil(log2(n)), at least 1.
    array<std::int64_t> permutation(std::int64_t n) {
        const std::size_t len = n < 0 ? 0 : static_cast<std::size_t>(n);
        (void)detail::checked_numel<std::int64_t>(shape_t{len}, "permutation");
        constexpr auto op = me::detail::op_index("random.permutation");
        me::detail::charge(op, flops::op_cost<op>(n));
        auto out = array<std::int64_t>::uninitialized(shape_t{len});
        for (std::size_t i = 0; i < len; ++i) out.data()[i] = static_cast<std::int64_t>(i);
        locked([&](detail::legacy_rng& g) { g.shuffle_rows(out.data(), len, 1); });
        return out;
    }
    /// A shuffled copy of x along its first axis (`permutation(x)`); 0-d raises
    /// `me::IndexError`. FLOPs: n*ceil(log2(n)) for n = len(x), at least 1.
    template <array_like A, class T = me::detail::value_t<A>>
    array<T> permutation(const A& x_in) {
        const auto& x = me::detail::contiguous(x_in);
        if (x.ndim() == 0) throw IndexError("random.permutation: x must be an integer or at least 1-dimensional");
        const std::size_t n = x.xt().shape()[0];
        constexpr auto op = me::detail::op_index("random.permutation");
        me::detail::charge(op, flops::op_cost<op>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
        array<T> out = x;
        const std::size_t row = n == 0 ? 0 : out.size() / n;
        locked([&](detail::legacy_rng& g) { g.shuffle_rows(out.data(), n, row); });
        return out;
    }
    /// Samples from range(n) as int64 (`choice(n, size, replace, p)`), NumPy's legacy
    /// algorithm; errors in NumPy's order, all `me::ValueError`. FLOPs: numel(size) (at
    /// least 1) with replacement, n*ceil(log2(n)) without.
    array<std::int64_t> choice(std::int64_t n, const shape_t& size = {}, const choice_options& options = {}) {
        return choice_indices(n, true, size, options);
    }
    /// Samples from the 1-d array or view a (`choice(a, size, replace, p)`): a[choice(len(a), ...)].
    /// FLOPs: as choice(len(a), ...).
    template <array_like A, class T = me::detail::value_t<A>>
    array<T> choice(const A& a_in, const shape_t& size = {}, const choice_options& options = {}) {
        const auto& a = me::detail::contiguous(a_in);
        if (a.ndim() != 1)
            throw ValueError(fmt::format("random.choice: a must be 1-dimensional, got shape {}",
                                         me::detail::shape_string(a.shape())));
        const auto idx = choice_indices(static_cast<std::int64_t>(a.size()), false, size, options);
        auto out = array<T>::uninitialized(size);
        for (std::size_t i = 0; i < idx.size(); ++i) out.data()[i] = a.data()[idx.data()[i]];
        return out;
    }

    /// random_sample under another name (the module's ranf/sample aliases). FLOPs: numel(size), at least 1.
    template <me::detail::op_id Id>
    array<double> uniform01(std::string_view op, const shape_t& size) {
        return draw<Id, double>(op, size, [](detail::legacy_rng& g) { return g.next_double(); });
    }

private:
    template <me::detail::op_id Id, class Out = double, class Kernel, class... T>
    array<Out> draw(std::string_view op, const shape_t& size, Kernel kernel, const detail::checked<T>&... params) {
        return detail::sample<Id, Out>(op, *this, size, std::move(kernel), params...);
    }
    template <me::detail::op_id Id, class Kernel>
    array<double> one(std::string_view op, const shape_t& size, const param& a, std::string_view name, detail::cons c,
                      Kernel kernel) {
        return draw<Id>(op, size, std::move(kernel), detail::checked{a, name, c});
    }
    template <me::detail::op_id Id, class Kernel>
    array<double> loc_scale(std::string_view op, const param& loc, const param& scale, const shape_t& size,
                            Kernel kernel) {
        return draw<Id>(op, size, std::move(kernel), detail::checked{loc, "loc", detail::cons::none},
                        detail::checked{scale, "scale", detail::cons::non_negative});
    }
    /// A multivariate draw: the shape is final (size + (k,)); fill(g, row) writes one row of k.
    template <me::detail::op_id Id, class Out, class Fill>
    array<Out> vector_draw(const shape_t& shape, Fill&& fill_row) {
        (void)detail::checked_numel<Out>(shape, "multivariate");
        me::detail::charge(Id, flops::op_cost<Id>(shape), detail::size_details(shape));
        auto out = array<Out>::uninitialized(shape);
        const std::size_t k = shape.back();
        const std::size_t rows = k == 0 ? 0 : out.size() / k;
        locked([&](detail::legacy_rng& g) {
            for (std::size_t r = 0; r < rows; ++r) fill_row(g, out.data() + r * k);
        });
        return out;
    }

    static param difference(const param& low, const param& high) {
        if (low.is_scalar() && high.is_scalar()) return param(high.scalar() - low.scalar());
        // high - low broadcast as NumPy's subtract does: shape from the broadcast, values
        // taken through the sampler's walker.
        const shape_t shape = detail::output_shape("uniform", {}, low, high);
        auto out = array<double>::uninitialized(shape);
        auto minus = [](int, double lo, double hi) { return hi - lo; };
        int dummy = 0;
        detail::fill(out, shape, dummy, minus, low, high);
        return param(out);
    }

    template <me::detail::op_id Id, detail::randint_type T>
    array<T> randint_as(std::string_view op, std::int64_t low, std::int64_t high, const shape_t& size) {
        // NumPy returns an empty array for an empty size before checking the bounds.
        if (detail::checked_numel<T>(size, op) == 0) {
            me::detail::charge(Id, flops::op_cost<Id>(size), detail::size_details(size));
            return array<T>::uninitialized(size);
        }
        const auto [off, rng] = detail::randint_bounds<T>(low, high, op);
        return draw<Id, T>(op, size, [off = off, rng = rng](detail::legacy_rng& g) {
            return static_cast<T>(static_cast<std::int64_t>(static_cast<std::uint64_t>(off) + g.bounded(rng)));
        });
    }

    template <class X>
    void shuffle_impl(X& x) {
        if (x.ndim() == 0) throw ValueError("random.shuffle: len() of unsized object (x is 0-d)");
        const std::size_t n = x.shape()[0];
        constexpr auto op = me::detail::op_index("random.shuffle");
        me::detail::charge(op, flops::op_cost<op>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
        if (x.size() == 0) return;  // NumPy 1.24 draws nothing for an empty x, whatever its length
        const std::size_t row = x.size() / n;
        if constexpr (is_array_v<X>) {
            locked([&](detail::legacy_rng& g) { g.shuffle_rows(x.data(), n, row); });
        } else if (x.is_contiguous()) {
            locked([&](detail::legacy_rng& g) { g.shuffle_rows(x.data(), n, row); });
        } else {
            // Shuffled as a contiguous copy with the same draws, then written back through the view.
            auto rows = x.copy();
            locked([&](detail::legacy_rng& g) { g.shuffle_rows(rows.data(), n, row); });
            x = rows;
        }
    }

    array<std::int64_t> choice_indices(std::int64_t pop_size, bool from_int, const shape_t& size,
                                       const choice_options& opts) {
        const std::size_t n = detail::choice_validate(pop_size, from_int, size, opts);
        constexpr auto op = me::detail::op_index("random.choice");
        me::detail::charge(op, flops::op_cost<op>(pop_size, size, opts.replace), detail::size_details(size));
        auto out = array<std::int64_t>::uninitialized(size);
        locked([&](detail::legacy_rng& g) { detail::legacy_choice(g, pop_size, n, opts, out.data()); });
        return out;
    }

    detail::legacy_rng rng_;
    mutable std::mutex mutex_;
};

namespace detail {
/// The process-wide RandomState behind the module functions, seeded from the OS until
/// `seed` is called (NumPy seeds its global generator the same way).
inline RandomState& global_state() {
    static RandomState state;
    return state;
}
}  // namespace detail

}  // namespace me::random

/// @file random/generator.hpp
/// @brief `me::random::basic_generator<BitGen>`: the core of NumPy's `Generator` API
/// (ziggurat normals and exponentials, Lemire integers, Generator's choice and shuffle)
/// over any bit generator, value for value with `np.random.Generator(bit_generator)`.
///
/// Methods are charged like the module functions of the same name and tallied under
/// "random.<name>" ("random.integers" for the Generator-only integers). Every charge comes
/// before the first draw, so a budget too small leaves the generator's state untouched.
/// A generator cannot be copied (a copy would repeat the stream); it serialises its calls
/// with its own mutex.
#pragma once

#include <algorithm>
#include <concepts>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../array.hpp"
#include "../budget.hpp"
#include "../detail/ops.hpp"
#include "../detail/random/argument_checks.hpp"
#include "../detail/random/bitgen.hpp"
#include "../detail/random/choice.hpp"
#include "../detail/random/generator_continuous.hpp"
#include "../detail/random/generator_discrete.hpp"
#include "../detail/random/generator_hypergeometric.hpp"
#include "../detail/random/generator_kernels.hpp"
#include "../detail/random/generator_mixtures.hpp"
#include "../detail/random/generator_multivariate.hpp"
#include "../detail/random/legacy_continuous.hpp"
#include "../detail/random/pcg64.hpp"
#include "../detail/random/seed_sequence.hpp"
#include "../detail/random/sampler.hpp"
#include "../errors.hpp"
#include "../flops.hpp"
#include "../shape.hpp"
#include "../view.hpp"

namespace me::random {

namespace detail {

template <class T>
concept real_dtype = std::same_as<T, double> || std::same_as<T, float>;

template <class T>
concept integers_type = std::same_as<T, std::int64_t> || std::same_as<T, std::int32_t>;

/// Generator.integers' bounds as (offset, inclusive range width), NumPy's checks and messages.
template <class T>
std::pair<std::int64_t, std::uint64_t> integers_bounds(std::int64_t low, std::int64_t high, bool endpoint) {
    using lim = std::numeric_limits<T>;
    constexpr std::string_view op = "integers";
    if (low < static_cast<std::int64_t>(lim::min()))
        fail(op, fmt::format("low is out of bounds for {}", me::detail::dtype_name<T>()));
    // The exclusive high is checked as high - 1, so high = INT64_MIN needs care.
    if (!endpoint && high == std::numeric_limits<std::int64_t>::min()) fail(op, "low >= high");
    const std::int64_t top = endpoint ? high : high - 1;
    if (top > static_cast<std::int64_t>(lim::max()))
        fail(op, fmt::format("high is out of bounds for {}", me::detail::dtype_name<T>()));
    if (low > top) fail(op, endpoint ? "low > high" : "low >= high");
    return {low, static_cast<std::uint64_t>(top) - static_cast<std::uint64_t>(low)};
}

}  // namespace detail

/// Generator.standard_exponential's `method`: the ziggurat ("zig", NumPy's default) or
/// inversion ("inv").
enum class exponential_method { zig, inv };

/// Generator.multivariate_hypergeometric's `method`: repeated univariate hypergeometrics
/// ("marginals", NumPy's default) or draws from the whole urn laid out ("count").
enum class mvhg_method { marginals, count };

/// NumPy's Generator over a bit generator BitGen (PCG64 for `default_rng`).
template <detail::bit_generator BitGen>
class basic_generator {
public:
    /// A generator drawing from `bit_generator` (NumPy's `Generator(bit_generator)`). FLOPs: 0.
    explicit basic_generator(BitGen bit_generator) : bits_(std::move(bit_generator)) {}
    basic_generator(const basic_generator&) = delete;
    basic_generator& operator=(const basic_generator&) = delete;
    /// Moves the stream (the moved-from generator must not be used). FLOPs: 0.
    basic_generator(basic_generator&& other) noexcept : bits_(std::move(other.bits_)) {}

    /// The bit generator itself (NumPy's `.bit_generator`): read or set its `state()`,
    /// `advance` it, take `jumped()` copies. Not locked: do not touch it while another
    /// thread draws from this generator. FLOPs: 0.
    BitGen& bit_generator() noexcept { return bits_; }
    /// The bit generator, read-only. FLOPs: 0.
    const BitGen& bit_generator() const noexcept { return bits_; }

    /// spawn(n): n generators on independent streams, seeded from n children of the bit
    /// generator's SeedSequence (NumPy 1.25's Generator.spawn; in NumPy 1.24
    /// `[Generator(PCG64(s)) for s in rng.bit_generator.seed_seq.spawn(n)]`). Give one to
    /// each worker thread; this generator's stream is unchanged. FLOPs: 0.
    std::vector<basic_generator> spawn(std::size_t n)
        requires requires(BitGen& b) { b.spawn(n); }
    {
        std::lock_guard lock(mutex_);
        std::vector<basic_generator> out;
        out.reserve(n);
        for (auto& bits : bits_.spawn(n)) out.emplace_back(std::move(bits));
        return out;
    }

    /// Runs f(bit generator) under this generator's lock.
    template <class F>
    auto locked(F&& f) -> decltype(f(std::declval<BitGen&>())) {
        std::lock_guard lock(mutex_);
        return f(bits_);
    }

    /// Uniform floats in [0, 1) (`random(size, dtype)`): doubles from 53 bits, or with
    /// T = float NumPy's float32 from 24 bits. FLOPs: numel(size), at least 1.
    template <detail::real_dtype T = double>
    array<T> random(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.random"), T>("random", size, [](BitGen& g) {
            if constexpr (std::is_same_v<T, float>) return detail::next_float(g);
            else return g.next_double();
        });
    }
    /// Uniform doubles in [low, high) (`uniform`); a non-finite high - low raises.
    /// FLOPs: numel(output), at least 1.
    array<double> uniform(const param& low = 0.0, const param& high = 1.0, const shape_t& size = {}) {
        if (detail::any_of_broadcast("uniform", [](double l, double h) { return !std::isfinite(h - l); }, low, high))
            detail::fail("uniform", "Range exceeds valid bounds");
        return draw<me::detail::op_index("random.uniform")>(
            "uniform", size, [](BitGen& g, double l, double h) { return detail::random_uniform(g, l, h - l); },
            detail::checked{low, "low", detail::cons::none}, detail::checked{high, "high", detail::cons::none});
    }
    /// Integers in [low, high) (or [low, high] with `endpoint`), int64 or int32, by
    /// Lemire's method (`integers(low, high, size, dtype, endpoint)`). An empty size returns
    /// at once. FLOPs: numel(size), at least 1.
    template <detail::integers_type T = std::int64_t>
    array<T> integers(std::int64_t low, std::int64_t high, const shape_t& size = {}, bool endpoint = false) {
        constexpr auto id = me::detail::op_index("random.integers");
        if (detail::checked_numel<T>(size, "integers") == 0) {
            me::detail::charge(id, flops::op_cost<id>(size), detail::size_details(size));
            return array<T>::uninitialized(size);
        }
        const auto [off, rng] = detail::integers_bounds<T>(low, high, endpoint);
        const std::size_t n = detail::checked_numel<T>(size, "integers");
        me::detail::charge(id, flops::op_cost<id>(size), detail::size_details(size));
        auto out = array<T>::uninitialized(size);
        locked([&, off = off, rng = rng](BitGen& bits) {
            auto run = [&](auto& g) {
                T* data = out.data();
                for (std::size_t i = 0; i < n; ++i)
                    data[i] = static_cast<T>(static_cast<std::int64_t>(detail::random_bounded_uint64(g, static_cast<std::uint64_t>(off), rng)));
            };
            if constexpr (requires { bits.on_local_state(run); }) bits.on_local_state(run);
            else run(bits);
        });
        return out;
    }
    /// Integers in [0, high) (`integers(high)`): one as a 0-d array. FLOPs: 1.
    template <detail::integers_type T = std::int64_t>
    array<T> integers(std::int64_t high) {
        return integers<T>(0, high);
    }

    /// Standard normals by NumPy's ziggurat (`standard_normal(size, dtype)`), double or, with
    /// T = float, NumPy's float32 ziggurat. FLOPs: numel(size), at least 1.
    template <detail::real_dtype T = double>
    array<T> standard_normal(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_normal"), T>("standard_normal", size, [](BitGen& g) {
            if constexpr (std::is_same_v<T, float>) return detail::random_standard_normal_f(g);
            else return detail::random_standard_normal(g);
        });
    }
    /// loc + scale * standard_normal (`normal`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> normal(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.normal")>(
            "normal", size, [](BitGen& g, double l, double s) { return l + s * detail::random_standard_normal(g); },
            detail::checked{loc, "loc", detail::cons::none}, detail::checked{scale, "scale", detail::cons::non_negative});
    }
    /// Standard exponentials (`standard_exponential(size, dtype, method)`): NumPy's ziggurat,
    /// or -log1p(-U) with method inv; double or, with T = float, float32.
    /// FLOPs: numel(size), at least 1.
    template <detail::real_dtype T = double>
    array<T> standard_exponential(const shape_t& size = {}, exponential_method method = exponential_method::zig) {
        constexpr auto id = me::detail::op_index("random.standard_exponential");
        if (method == exponential_method::inv)
            return draw<id, T>("standard_exponential", size,
                               [](BitGen& g) { return detail::random_standard_exponential_inv<T>(g); });
        return draw<id, T>("standard_exponential", size, [](BitGen& g) {
            if constexpr (std::is_same_v<T, float>) return detail::random_standard_exponential_f(g);
            else return detail::random_standard_exponential(g);
        });
    }
    /// scale * standard_exponential (`exponential`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> exponential(const param& scale = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.exponential")>(
            "exponential", size, [](BitGen& g, double s) { return s * detail::random_standard_exponential(g); },
            detail::checked{scale, "scale", detail::cons::non_negative});
    }

    /// Shuffles x in place along `axis` (`shuffle(x, axis)`), Generator's Fisher-Yates over
    /// the slices. An empty x draws nothing, as NumPy's; a 0-d x raises ValueError, an axis
    /// out of range AxisError. FLOPs: n*ceil(log2(n)) for n = x.shape[axis], at least 1.
    template <class T>
    void shuffle(array<T>& x, int axis = 0) {
        if (x.ndim() == 0) throw ValueError("random.shuffle: x must be an array of at least one dimension");
        const std::size_t ax = me::detail::normalize_axis(axis, x.ndim(), "random.shuffle");
        const std::size_t n = x.shape()[ax];
        constexpr auto id = me::detail::op_index("random.shuffle");
        me::detail::charge(id, flops::op_cost<id>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
        if (x.size() == 0) return;
        if (ax == 0) return shuffle_rows(x.data(), n, x.size() / n);
        x = slices_in_order(x, ax, shuffled_index(n));
    }
    /// arange(n) shuffled (`permutation(n)`). FLOPs: n*ceil(log2(n)), at least 1.
    array<std::int64_t> permutation(std::int64_t n) {
        const std::size_t len = n < 0 ? 0 : static_cast<std::size_t>(n);
        (void)detail::checked_numel<std::int64_t>(shape_t{len}, "permutation");
        constexpr auto id = me::detail::op_index("random.permutation");
        me::detail::charge(id, flops::op_cost<id>(n));
        auto out = array<std::int64_t>::uninitialized(shape_t{len});
        for (std::size_t i = 0; i < len; ++i) out.data()[i] = static_cast<std::int64_t>(i);
        shuffle_rows(out.data(), len, 1);
        return out;
    }
    /// A copy of x shuffled along `axis` (`permutation(x, axis)`): NumPy shuffles the
    /// indices of that axis (drawing even when the slices are empty) and takes the slices
    /// in that order. A 0-d x raises `me::IndexError`, an axis out of range AxisError.
    /// FLOPs: n*ceil(log2(n)) for n = x.shape[axis], at least 1.
    template <array_like A, class T = me::detail::value_t<A>>
    array<T> permutation(const A& x_in, int axis = 0) {
        const auto& x = me::detail::contiguous(x_in);
        if (x.ndim() == 0) throw IndexError("random.permutation: x must be an integer or at least 1-dimensional");
        const std::size_t ax = me::detail::normalize_axis(axis, x.ndim(), "random.permutation");
        const std::size_t n = x.shape()[ax];
        constexpr auto id = me::detail::op_index("random.permutation");
        me::detail::charge(id, flops::op_cost<id>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
        if (x.ndim() == 1 && n == 0) return array<T>(x);  // NumPy's 1-d path: shuffle, which skips an empty x
        return slices_in_order(x, ax, shuffled_index(n));
    }
    /// Samples from range(n) as int64 (`choice(n, size, replace, p, shuffle)`), Generator's
    /// algorithms: with replacement integers (or the inverse CDF of p); without, a tail
    /// shuffle or Floyd's algorithm (or the p loop). FLOPs: numel(size) (at least 1) with
    /// replacement, n*ceil(log2(n)) without.
    array<std::int64_t> choice(std::int64_t n, const shape_t& size = {}, const choice_options& options = {},
                               bool shuffle = true) {
        return choice_indices(n, true, size, options, shuffle);
    }
    /// Samples slices of the array or view a along `axis`: a.take(choice(a.shape[axis],
    /// ...), axis), of shape a.shape[:axis] + size + a.shape[axis+1:]. A 0-d a raises
    /// ValueError (NumPy takes an integer 0-d a as n), an axis out of range AxisError.
    /// FLOPs: as choice(a.shape[axis], ...).
    template <array_like A, class T = me::detail::value_t<A>>
    array<T> choice(const A& a_in, const shape_t& size = {}, const choice_options& options = {}, bool shuffle = true,
                    int axis = 0) {
        const auto& a = me::detail::contiguous(a_in);
        if (a.ndim() == 0) throw ValueError("random.choice: a must be 1-dimensional or an integer, got a 0-d array");
        const shape_t shape = a.shape();
        const std::size_t ax = me::detail::normalize_axis(axis, shape.size(), "random.choice");
        const std::size_t pop = shape[ax];
        shape_t out_shape(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(ax));
        out_shape.insert(out_shape.end(), size.begin(), size.end());
        out_shape.insert(out_shape.end(), shape.begin() + static_cast<std::ptrdiff_t>(ax) + 1, shape.end());
        (void)detail::checked_numel<T>(out_shape, "choice");
        const auto idx = choice_indices(static_cast<std::int64_t>(pop), false, size, options, shuffle);
        auto out = array<T>::uninitialized(out_shape);
        std::size_t outer = 1, inner = 1;
        for (std::size_t d = 0; d < ax; ++d) outer *= shape[d];
        for (std::size_t d = ax + 1; d < shape.size(); ++d) inner *= shape[d];
        const std::size_t m = idx.size();
        for (std::size_t o = 0; o < outer; ++o)
            for (std::size_t s = 0; s < m; ++s) {
                const T* from = a.data() + (o * pop + static_cast<std::size_t>(idx.data()[s])) * inner;
                std::copy(from, from + inner, out.data() + (o * m + s) * inner);
            }
        return out;
    }
    // ==== continuous distributions (kernels in detail/random/generator_continuous.hpp) ====
    // Parameters broadcast against each other and against size as NumPy's; each is checked
    // with NumPy's constraint and message before anything is charged or drawn.

    /// Standard gamma of the given shape (`standard_gamma(shape, size, dtype)`), by
    /// Marsaglia-Tsang on the ziggurat normal above 1 and Ahrens-Dieter GS below; with
    /// T = float NumPy's float32 kernel (shape taken as float32). shape < 0 raises.
    /// FLOPs: numel(output), at least 1.
    template <detail::real_dtype T = double>
    array<T> standard_gamma(const param& shape, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_gamma"), T>(
            "standard_gamma", size,
            [](BitGen& g, double k) {
                if constexpr (std::is_same_v<T, float>) return detail::random_standard_gamma_f(g, static_cast<float>(k));
                else return detail::random_standard_gamma(g, k);
            },
            detail::checked{shape, "shape", detail::cons::non_negative});
    }
    /// Gamma(shape, scale) (`gamma`): scale * standard_gamma(shape); either < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> gamma(const param& shape, const param& scale = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.gamma")>(
            "gamma", size, [](BitGen& g, double k, double s) { return s * detail::random_standard_gamma(g, k); },
            detail::checked{shape, "shape", detail::cons::non_negative},
            detail::checked{scale, "scale", detail::cons::non_negative});
    }
    /// Beta(a, b) (`beta`): Johnk's algorithm when both are <= 1, else a ratio of gammas;
    /// a <= 0 or b <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> beta(const param& a, const param& b, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.beta")>(
            "beta", size, [](BitGen& g, double x, double y) { return detail::random_beta(g, x, y); },
            detail::checked{a, "a", detail::cons::positive}, detail::checked{b, "b", detail::cons::positive});
    }
    /// Chi-square with df degrees of freedom (`chisquare`): 2 * standard_gamma(df / 2);
    /// df <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> chisquare(const param& df, const shape_t& size = {}) {
        return one<me::detail::op_index("random.chisquare")>("chisquare", size, df, "df", detail::cons::positive,
                                                       [](BitGen& g, double v) { return detail::random_chisquare(g, v); });
    }
    /// F(dfnum, dfden) (`f`), a ratio of scaled chi-squares; either <= 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> f(const param& dfnum, const param& dfden, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.f")>(
            "f", size, [](BitGen& g, double n, double d) { return detail::random_f(g, n, d); },
            detail::checked{dfnum, "dfnum", detail::cons::positive}, detail::checked{dfden, "dfden", detail::cons::positive});
    }
    /// Student's t with df degrees of freedom (`standard_t`); df <= 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> standard_t(const param& df, const shape_t& size = {}) {
        return one<me::detail::op_index("random.standard_t")>("standard_t", size, df, "df", detail::cons::positive,
                                                       [](BitGen& g, double v) { return detail::random_standard_t(g, v); });
    }
    /// Standard Cauchy, a ratio of ziggurat normals (`standard_cauchy`). FLOPs: numel(size), at least 1.
    array<double> standard_cauchy(const shape_t& size = {}) {
        return draw<me::detail::op_index("random.standard_cauchy")>(
            "standard_cauchy", size, [](BitGen& g) { return detail::random_standard_cauchy(g); });
    }
    /// exp(normal(mean, sigma)) (`lognormal`); sigma < 0 raises. FLOPs: numel(output), at least 1.
    array<double> lognormal(const param& mean = 0.0, const param& sigma = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.lognormal")>(
            "lognormal", size, [](BitGen& g, double m, double s) { return detail::random_lognormal(g, m, s); },
            detail::checked{mean, "mean", detail::cons::none}, detail::checked{sigma, "sigma", detail::cons::non_negative});
    }
    /// Pareto II (Lomax) with shape a (`pareto`): expm1(E / a); a <= 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> pareto(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.pareto")>("pareto", size, a, "a", detail::cons::positive,
                                                       [](BitGen& g, double x) { return detail::random_pareto(g, x); });
    }
    /// Weibull with shape a (`weibull`): E^(1/a), 0 for a = 0; a < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> weibull(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.weibull")>("weibull", size, a, "a", detail::cons::non_negative,
                                                       [](BitGen& g, double x) { return detail::random_weibull(g, x); });
    }
    /// Power distribution with exponent a - 1 (`power`); a <= 0 raises. FLOPs: numel(output), at least 1.
    array<double> power(const param& a, const shape_t& size = {}) {
        return one<me::detail::op_index("random.power")>("power", size, a, "a", detail::cons::positive,
                                                       [](BitGen& g, double x) { return detail::random_power(g, x); });
    }
    /// Rayleigh with the given scale (`rayleigh`): scale * sqrt(2E); scale < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> rayleigh(const param& scale = 1.0, const shape_t& size = {}) {
        return one<me::detail::op_index("random.rayleigh")>("rayleigh", size, scale, "scale", detail::cons::non_negative,
                                                       [](BitGen& g, double s) { return detail::random_rayleigh(g, s); });
    }
    /// Wald (inverse Gaussian) with mean and scale (`wald`); either <= 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> wald(const param& mean, const param& scale, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.wald")>(
            "wald", size, [](BitGen& g, double m, double s) { return detail::random_wald(g, m, s); },
            detail::checked{mean, "mean", detail::cons::positive}, detail::checked{scale, "scale", detail::cons::positive});
    }
    /// von Mises with mode mu and concentration kappa (`vonmises`): Best and Fisher's
    /// rejection, a wrapped normal for kappa > 1e6; kappa < 0 raises. FLOPs: numel(output), at least 1.
    array<double> vonmises(const param& mu, const param& kappa, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.vonmises")>(
            "vonmises", size, [](BitGen& g, double m, double k) { return detail::random_vonmises(g, m, k); },
            detail::checked{mu, "mu", detail::cons::none}, detail::checked{kappa, "kappa", detail::cons::non_negative});
    }
    /// Laplace(loc, scale) (`laplace`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> laplace(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.laplace")>(
            "laplace", loc, scale, size, [](BitGen& g, double l, double s) { return detail::random_laplace(g, l, s); });
    }
    /// Gumbel(loc, scale) (`gumbel`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> gumbel(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.gumbel")>(
            "gumbel", loc, scale, size, [](BitGen& g, double l, double s) { return detail::random_gumbel(g, l, s); });
    }
    /// Logistic(loc, scale) (`logistic`); scale < 0 raises. FLOPs: numel(output), at least 1.
    array<double> logistic(const param& loc = 0.0, const param& scale = 1.0, const shape_t& size = {}) {
        return loc_scale<me::detail::op_index("random.logistic")>(
            "logistic", loc, scale, size, [](BitGen& g, double l, double s) { return detail::random_logistic(g, l, s); });
    }
    /// Triangular on [left, right] with the given mode (`triangular`); left > mode,
    /// mode > right or left == right raises. FLOPs: numel(output), at least 1.
    array<double> triangular(const param& left, const param& mode, const param& right, const shape_t& size = {}) {
        detail::check_triangular(left, mode, right);
        return draw<me::detail::op_index("random.triangular")>(
            "triangular", size,
            [](BitGen& g, double l, double m, double r) { return detail::random_triangular(g, l, m, r); },
            detail::checked{left, "left", detail::cons::none}, detail::checked{mode, "mode", detail::cons::none},
            detail::checked{right, "right", detail::cons::none});
    }
    // ==== end of continuous distributions ====

    // ==== noncentral chi-square and F (kernels in detail/random/generator_mixtures.hpp) ====
    /// Noncentral chi-square (`noncentral_chisquare`); df <= 0 or nonc < 0 raises.
    /// FLOPs: numel(output), at least 1.
    array<double> noncentral_chisquare(const param& df, const param& nonc, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.noncentral_chisquare")>(
            "noncentral_chisquare", size,
            [](BitGen& g, double v, double l) { return detail::random_noncentral_chisquare(g, v, l); },
            detail::checked{df, "df", detail::cons::positive}, detail::checked{nonc, "nonc", detail::cons::non_negative});
    }
    /// Noncentral F (`noncentral_f`); dfnum or dfden <= 0, or nonc < 0, raises.
    /// FLOPs: numel(output), at least 1.
    array<double> noncentral_f(const param& dfnum, const param& dfden, const param& nonc, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.noncentral_f")>(
            "noncentral_f", size,
            [](BitGen& g, double n, double d, double l) { return detail::random_noncentral_f(g, n, d, l); },
            detail::checked{dfnum, "dfnum", detail::cons::positive}, detail::checked{dfden, "dfden", detail::cons::positive},
            detail::checked{nonc, "nonc", detail::cons::non_negative});
    }
    /// Dirichlet(alpha) (`dirichlet(alpha, size)`): doubles of shape size + (len(alpha),),
    /// gammas over their sum, or NumPy's stick-breaking on betas when every alpha < 0.1.
    /// alpha not 1-d, or an alpha <= 0, raises (a NaN alpha gives NaN rows, as NumPy 1.24).
    /// FLOPs: numel(output), at least 1.
    array<double> dirichlet(const param& alpha, const shape_t& size = {}) {
        const shape_t shape = detail::generator_dirichlet_checks("dirichlet", alpha, size);
        const std::size_t k = shape.back();
        return rows<me::detail::op_index("random.dirichlet"), double>("dirichlet", shape, [&](BitGen& g, double* out, std::size_t n) {
            detail::random_dirichlet_rows(g, alpha.values(), n / std::max<std::size_t>(k, 1), out);
        });
    }
    /// Multinomial counts of n trials over pvals (`multinomial(n, pvals, size)`): int64 of
    /// shape b + (d,), where d = pvals.shape[-1] and b is size or the broadcast of n and
    /// pvals.shape[:-1]; each row's last probability is 1 - sum of the others. An empty
    /// last axis, a pval outside [0, 1] or NaN, a row of pvals[..., :-1] summing past
    /// 1 + 1e-12, n < 0, or a size other than the broadcast raise, in NumPy's order.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> multinomial(const int_param& n, const param& pvals, const shape_t& size = {}) {
        const auto plan = detail::generator_multinomial_plan("multinomial", n, pvals, size);
        const std::size_t d = plan.d;
        return rows<me::detail::op_index("random.multinomial"), std::int64_t>(
            "multinomial", plan.out_shape, [&](BitGen& g, std::int64_t* out, std::size_t count) {
                const shape_t p_rows(pvals.shape().begin(), pvals.shape().end() - 1);
                detail::broadcast_walker<2> walk(plan.rows, {&n.shape(), &p_rows});
                detail::binomial_t cache{};
                for (std::size_t r = 0; r < count / d; ++r, walk.next())
                    detail::random_multinomial(g, n[walk.offset(0)], out + r * d, pvals.values().data() + walk.offset(1) * d, d,
                                               &cache);
            });
    }
    // ==== end of noncentral distributions ====

    // ==== discrete distributions (kernels in detail/random/generator_discrete.hpp) ====
    // int64 results; parameters checked as NumPy 1.24's Generator checks them, before
    // anything is charged or drawn.

    /// Binomial(n, p) (`binomial`): inversion for n min(p, 1-p) <= 30, else BTPE; n = 0 or
    /// p = 0 returns 0 without a draw. p outside [0, 1] or NaN raises (checked first), then
    /// n < 0. FLOPs: numel(output), at least 1.
    array<std::int64_t> binomial(const int_param& n, const param& p, const shape_t& size = {}) {
        detail::check("binomial", "p", p, detail::cons::bounded_0_1);
        detail::binomial_t cache{};
        return draw<me::detail::op_index("random.binomial"), std::int64_t>(
            "binomial", size,
            [&cache](BitGen& g, std::int64_t k, double q) { return detail::random_binomial(g, q, k, &cache); },
            detail::checked{n, "n", detail::cons::non_negative}, detail::checked{p, "p", detail::cons::none});
    }
    /// Poisson(lam) (`poisson`): multiplication of uniforms below 10, Hoermann's PTRS above;
    /// lam < 0, NaN or past int64 max - 10 sqrt(int64 max) raises. FLOPs: numel(output), at least 1.
    array<std::int64_t> poisson(const param& lam = 1.0, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.poisson"), std::int64_t>(
            "poisson", size, [](BitGen& g, double l) { return detail::random_poisson(g, l); },
            detail::checked{lam, "lam", detail::cons::poisson});
    }
    /// Geometric(p) on 1, 2, ... (`geometric`): a CDF search for p >= 1/3, else
    /// ceil(-E / log1p(-p)) on a ziggurat exponential; p outside (0, 1] raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> geometric(const param& p, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.geometric"), std::int64_t>(
            "geometric", size, [](BitGen& g, double q) { return detail::random_geometric(g, q); },
            detail::checked{p, "p", detail::cons::bounded_gt_0_1});
    }
    /// Negative binomial(n, p) (`negative_binomial`): Poisson of a Gamma(n, (1-p)/p) mean.
    /// n <= 0 or NaN, p outside (0, 1], or a mean bound (1-p)/p (n + 10 sqrt(n)) past the
    /// Poisson limit raise. FLOPs: numel(output), at least 1.
    array<std::int64_t> negative_binomial(const param& n, const param& p, const shape_t& size = {}) {
        constexpr std::string_view op = "negative_binomial";
        detail::check(op, "n", n, detail::cons::positive_not_nan);
        detail::check(op, "p", p, detail::cons::bounded_gt_0_1);
        auto too_large = [](double k, double q) { return (1 - q) / q * (k + 10 * std::sqrt(k)) > detail::poisson_lam_max; };
        if (detail::any_of_broadcast(op, too_large, n, p))
            detail::fail(op, "n too large or p too small, see Generator.negative_binomial Notes");
        return draw<me::detail::op_index("random.negative_binomial"), std::int64_t>(
            op, size, [](BitGen& g, double k, double q) { return detail::random_negative_binomial(g, k, q); },
            detail::checked{n, "n", detail::cons::none}, detail::checked{p, "p", detail::cons::none});
    }
    /// Logarithmic series(p) (`logseries`), Kemp's second algorithm; p outside [0, 1) raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> logseries(const param& p, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.logseries"), std::int64_t>(
            "logseries", size, [](BitGen& g, double q) { return detail::random_logseries(g, q); },
            detail::checked{p, "p", detail::cons::bounded_lt_0_1});
    }
    /// Zipf(a) (`zipf`), rejection from a Pareto proposal; a <= 1 or NaN raises.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> zipf(const param& a, const shape_t& size = {}) {
        return draw<me::detail::op_index("random.zipf"), std::int64_t>(
            "zipf", size, [](BitGen& g, double x) { return detail::random_zipf(g, x); },
            detail::checked{a, "a", detail::cons::gt_1});
    }
    // ==== end of discrete distributions ====

    // ==== hypergeometric and multivariate_hypergeometric (detail/random/generator_hypergeometric.hpp) ====
    /// Hypergeometric(ngood, nbad, nsample) as int64 (`hypergeometric`): Generator's own
    /// algorithms, HRUA for 10 <= nsample <= ngood + nbad - 10, else an urn walk. ngood or
    /// nbad >= 10**9, ngood + nbad < nsample, or a negative count raise, in NumPy's order.
    /// FLOPs: numel(output), at least 1.
    array<std::int64_t> hypergeometric(const int_param& ngood, const int_param& nbad, const int_param& nsample,
                                       const shape_t& size = {}) {
        detail::check_hypergeometric("hypergeometric", ngood, nbad, nsample, /*legacy=*/false);
        return draw<me::detail::op_index("random.hypergeometric"), std::int64_t>(
            "hypergeometric", size,
            [](BitGen& g, std::int64_t good, std::int64_t bad, std::int64_t n) {
                return detail::random_hypergeometric(g, good, bad, n);
            },
            detail::checked{ngood, "ngood", detail::cons::none}, detail::checked{nbad, "nbad", detail::cons::none},
            detail::checked{nsample, "nsample", detail::cons::none});
    }
    /// Counts of each color in nsample items drawn without replacement from an urn holding
    /// colors[i] items of color i (`multivariate_hypergeometric(colors, nsample, size,
    /// method)`): int64 of shape size + (len(colors),). colors not 1-d or negative, nsample
    /// < 0 or > sum(colors), sum(colors) >= 10**9 with marginals, raise before anything is
    /// charged. FLOPs: numel(output), at least 1; with method count also sum(colors) +
    /// variates*min(nsample, sum(colors) - nsample), for the urn it lays out and shuffles.
    array<std::int64_t> multivariate_hypergeometric(const int_param& colors, std::int64_t nsample,
                                                    const shape_t& size = {},
                                                    mvhg_method method = mvhg_method::marginals) {
        constexpr std::string_view op = "multivariate_hypergeometric";
        const bool count = method == mvhg_method::count;
        const std::int64_t total = detail::mvhg_checks(op, colors, nsample, count);
        const shape_t shape = detail::with_last(size, colors.size());
        const std::size_t n = detail::checked_numel<std::int64_t>(shape, op);
        // The urn of method count, allocated before the charge so that a giant one fails
        // with nothing charged.
        const bool urn_needed = count && n != 0 && nsample != 0 && total != 0;
        auto urn = array<std::size_t>::uninitialized(shape_t{urn_needed ? static_cast<std::size_t>(total) : 0});
        constexpr auto id = me::detail::op_index("random.multivariate_hypergeometric");
        me::detail::charge(id, flops::op_cost<id>(shape, total, nsample, count), detail::size_details(shape));
        auto out = array<std::int64_t>::uninitialized(shape);
        std::fill(out.data(), out.data() + n, std::int64_t{0});
        if (colors.size() == 0) return out;
        const std::size_t variates = n / colors.size();
        locked([&](BitGen& g) {
            if (count) detail::mvhg_count(g, total, colors.values(), nsample, variates, out.data(), urn.data());
            else detail::mvhg_marginals(g, total, colors.values(), nsample, variates, out.data());
        });
        return out;
    }
    // ==== end of hypergeometric distributions ====

    // ==== multivariate samplers and permuted (detail/random/generator_multivariate.hpp) ====
    /// Multivariate normal (`multivariate_normal(mean, cov, size, check_valid, tol, method)`):
    /// ziggurat standard normals of shape size + (k,) times factor.T plus mean, factor
    /// NumPy's u * sqrt(s) (svd), u * sqrt(|s|) (eigh) or the Cholesky L. mean not 1-d,
    /// cov not k x k, cov not PSD (check_valid raise; cholesky always), or non-finite cov
    /// raise before anything is charged or drawn (NumPy draws first).
    /// FLOPs: numel(output) + k^3 (the factorisation of cov), at least 1.
    array<double> multivariate_normal(const array<double>& mean, const array<double>& cov, const shape_t& size = {},
                                      check_valid check = check_valid::warn, double tol = 1e-8,
                                      mvn_method method = mvn_method::svd) {
        const auto plan = detail::generator_mvn_plan("multivariate_normal", mean, cov, size, check, tol, method);
        constexpr auto id = me::detail::op_index("random.multivariate_normal");
        me::detail::charge(id, flops::op_cost<id>(plan.out_shape, plan.k), detail::size_details(plan.out_shape));
        auto z = array<double>::uninitialized(plan.out_shape);
        locked([&](BitGen& g) {
            for (double& v : z) v = detail::random_standard_normal(g);
        });
        return detail::mvn_finish(z, mean, plan);
    }
    /// A copy of x with each 1-d slice along `axis` shuffled independently (`permuted(x,
    /// axis)`), the slices in C order of the other axes, each by Generator's Fisher-Yates;
    /// axis = nullopt shuffles the flattened copy (reshaped back). A 0-d x with no axis
    /// raises ValueError (NumPy's TypeError), an axis out of range AxisError, before
    /// anything is charged. FLOPs: slices*n*max(1,ceil(log2(n))) for slices of length n
    /// (n = numel(x) without an axis), at least 1.
    template <array_like A, class T = me::detail::value_t<A>>
    array<T> permuted(const A& x_in, std::optional<int> axis = std::nullopt) {
        const auto& x = me::detail::contiguous(x_in);
        const shape_t shape = x.shape();
        std::size_t n = x.size(), stride = 1, outer = 1;
        if (!axis) {
            if (x.ndim() == 0) throw ValueError("random.permuted: len() of unsized object");
        } else {
            const std::size_t ax = me::detail::normalize_axis(*axis, shape.size(), "random.permuted");
            n = shape[ax];
            for (std::size_t d = 0; d < ax; ++d) outer *= shape[d];
            for (std::size_t d = ax + 1; d < shape.size(); ++d) stride *= shape[d];
        }
        constexpr auto id = me::detail::op_index("random.permuted");
        me::detail::charge(id, flops::op_cost<id>(n, outer * stride), [&shape](OpRecord& rec) { rec.shapes.push_back(shape); });
        array<T> out = x;
        std::vector<std::size_t> first;
        first.reserve(outer * stride);
        for (std::size_t o = 0; o < outer; ++o)
            for (std::size_t i = 0; i < stride; ++i) first.push_back(o * n * stride + i);
        locked([&](BitGen& g) { detail::shuffle_slices(g, out.data(), first, n, stride); });
        return out;
    }
    // ==== end of multivariate samplers ====

    /// `length` random bytes (`bytes(length)`). FLOPs: length, at least 1.
    std::string bytes(std::int64_t length) {
        if (length < 0) detail::fail("bytes", fmt::format("negative dimensions are not allowed (length {})", length));
        const auto n = static_cast<std::size_t>(length);
        (void)detail::checked_numel<char>(shape_t{n}, "bytes");
        constexpr auto id = me::detail::op_index("random.bytes");
        me::detail::charge(id, flops::op_cost<id>(shape_t{n}));
        std::string out(n, '\0');
        locked([&](BitGen& g) { detail::fill_bytes(g, out.data(), n); });
        return out;
    }

private:
    // The one-parameter families.
    template <me::detail::op_id Id, class Kernel>
    array<double> one(std::string_view op, const shape_t& size, const param& p, std::string_view name, detail::cons c,
                      Kernel kernel) {
        return draw<Id>(op, size, std::move(kernel), detail::checked{p, name, c});
    }

    // The location-scale families: loc free, scale >= 0.
    template <me::detail::op_id Id, class Kernel>
    array<double> loc_scale(std::string_view op, const param& loc, const param& scale, const shape_t& size, Kernel kernel) {
        return draw<Id>(op, size, std::move(kernel), detail::checked{loc, "loc", detail::cons::none},
                        detail::checked{scale, "scale", detail::cons::non_negative});
    }

    // A sampler whose output shape is already known (the multivariate ones): charge
    // numel(shape), then fill(g, data, numel) under the lock.
    template <me::detail::op_id Id, class Out, class Fill>
    array<Out> rows(std::string_view op, const shape_t& shape, Fill fill) {
        const std::size_t n = detail::checked_numel<Out>(shape, op);
        me::detail::charge(Id, flops::op_cost<Id>(shape), detail::size_details(shape));
        auto out = array<Out>::uninitialized(shape);
        locked([&](BitGen& g) { fill(g, out.data(), n); });
        return out;
    }

    template <me::detail::op_id Id, class Out = double, class Kernel, class... T>
    array<Out> draw(std::string_view op, const shape_t& size, Kernel kernel, const detail::checked<T>&... params) {
        return detail::sample<Id, Out>(op, *this, size, std::move(kernel), params...);
    }

    // arange(n) shuffled, NumPy's index array for permutation and shuffle along an axis.
    std::vector<std::size_t> shuffled_index(std::size_t n) {
        std::vector<std::size_t> index(n);
        for (std::size_t i = 0; i < n; ++i) index[i] = i;
        shuffle_rows(index.data(), n, 1);
        return index;
    }

    // x with its slices along axis ax taken in the order `index` gives (x[..., index, ...]).
    template <class T>
    static array<T> slices_in_order(const array<T>& x, std::size_t ax, const std::vector<std::size_t>& index) {
        const shape_t& shape = x.shape();
        std::size_t outer = 1, inner = 1;
        for (std::size_t d = 0; d < ax; ++d) outer *= shape[d];
        for (std::size_t d = ax + 1; d < shape.size(); ++d) inner *= shape[d];
        const std::size_t n = shape[ax];
        auto out = array<T>::uninitialized(shape);
        for (std::size_t o = 0; o < outer; ++o)
            for (std::size_t i = 0; i < n; ++i) {
                const T* from = x.data() + (o * n + index[i]) * inner;
                std::copy(from, from + inner, out.data() + (o * n + i) * inner);
            }
        return out;
    }

    // Generator's _shuffle_raw: the same Fisher-Yates as RandomState's.
    template <class T>
    void shuffle_rows(T* data, std::size_t n, std::size_t row) {
        locked([&](BitGen& g) { detail::shuffle_rows(g, data, n, row); });
    }

    array<std::int64_t> choice_indices(std::int64_t pop_size, bool from_int, const shape_t& size,
                                       const choice_options& opts, bool shuffle) {
        const std::size_t n = detail::choice_validate(pop_size, from_int, size, opts);
        constexpr auto id = me::detail::op_index("random.choice");
        me::detail::charge(id, flops::op_cost<id>(pop_size, size, opts.replace), detail::size_details(size));
        auto out = array<std::int64_t>::uninitialized(size);
        std::int64_t* idx = out.data();
        const auto& p = opts.p;
        locked([&](BitGen& g) {
            if (opts.replace && p.given()) return detail::choice_by_p_with_replacement(g, p.values(), n, idx);
            if (p.given()) return detail::choice_by_p_without_replacement(g, p.values(), n, idx);
            if (opts.replace) {
                for (std::size_t i = 0; i < n; ++i)
                    idx[i] = static_cast<std::int64_t>(detail::random_bounded_uint64(g, 0, static_cast<std::uint64_t>(pop_size - 1)));
                return;
            }
            without_replacement(g, static_cast<std::size_t>(pop_size), n, shuffle, idx);
        });
        return out;
    }

    // Generator.choice(replace=False, p=None), NumPy's heuristic: a partial tail shuffle of
    // arange(pop) when the population is large and the sample a large part of it, else
    // Floyd's algorithm over an open-addressing set, then a shuffle of the sample when asked.
    static void without_replacement(BitGen& g, std::size_t pop, std::size_t n, bool shuffle, std::int64_t* idx) {
        const std::size_t cutoff = shuffle ? 50 : 20;
        if (pop > 10000 && n > pop / cutoff) {
            // An array's storage, not a std::vector: no zero fill, and huge pages, since
            // touching millions of fresh 4 KiB pages costs more than the shuffle itself.
            auto all = array<std::int64_t>::uninitialized(shape_t{pop});
            std::int64_t* a = all.data();
            for (std::size_t i = 0; i < pop; ++i) a[i] = static_cast<std::int64_t>(i);
            detail::shuffle_int(g, pop, std::max<std::size_t>(pop - n, 1), a);
            std::copy(a + (pop - n), a + pop, idx);
            return;
        }
        const std::uint64_t mask = detail::gen_mask(static_cast<std::uint64_t>(1.2 * static_cast<double>(n)));
        constexpr std::uint64_t empty = ~std::uint64_t{0};
        std::vector<std::uint64_t> set(static_cast<std::size_t>(mask + 1), empty);
        for (std::size_t j = pop - n; j < pop; ++j) {
            const std::uint64_t val = detail::random_bounded_uint64(g, 0, j);
            std::uint64_t loc = val & mask;
            while (set[loc] != empty && set[loc] != val) loc = (loc + 1) & mask;
            std::uint64_t chosen = val;
            if (set[loc] != empty) {  // val already taken: take j instead
                chosen = j;
                loc = j & mask;
                while (set[loc] != empty) loc = (loc + 1) & mask;
            }
            set[loc] = chosen;
            idx[j - (pop - n)] = static_cast<std::int64_t>(chosen);
        }
        if (shuffle) detail::shuffle_int(g, n, 1, idx);
    }

    BitGen bits_;
    mutable std::mutex mutex_;
};

/// NumPy's `np.random.Generator` on its default bit generator, PCG64.
using Generator = basic_generator<PCG64>;

/// `np.random.default_rng()`: a Generator on PCG64 seeded from fresh OS entropy. FLOPs: 0.
inline Generator default_rng() { return Generator(PCG64()); }
/// `np.random.default_rng(seed)` for a non-negative integer, a sequence of them (a
/// std::vector, std::array or braced list) or a SeedSequence: PCG64(SeedSequence(seed)),
/// value for value with NumPy. A negative seed raises me::ValueError. FLOPs: 0.
template <class S>
    requires std::constructible_from<PCG64, S>
Generator default_rng(S&& seed) {
    return Generator(PCG64(std::forward<S>(seed)));
}
/// `np.random.default_rng([k0, k1, ...])` with a braced list. FLOPs: 0.
inline Generator default_rng(std::initializer_list<std::uint64_t> seed) { return Generator(PCG64(SeedSequence(seed))); }

}  // namespace me::random

/// @file random.hpp
/// @brief `me::random`: NumPy's legacy `np.random` API, reproducing its stream value for value.
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

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <random>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "view.hpp"
#include "budget.hpp"
#include "detail/random/bitgen.hpp"
#include "detail/ops.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"

namespace me::random {

/// NumPy's legacy state tuple `('MT19937', key, pos, has_gauss, cached_gaussian)`.
struct state_t {
    std::array<std::uint32_t, 624> key{};  ///< the 624 MT19937 key words
    int pos = 624;                         ///< next key word to temper (624: regenerate first)
    int has_gauss = 0;                     ///< 1 when a second gaussian is cached
    double cached_gaussian = 0.0;          ///< that gaussian
    bool operator==(const state_t&) const = default;
};

/// Probabilities for `choice` (NumPy's `p`): left out (`None`), a braced list, a
/// `std::vector<double>`, a `me::array` or a `me::array_view`. A float32 array loosens the
/// sum-to-1 tolerance to sqrt(eps(float32)), as NumPy does for float arrays.
class probabilities {
public:
    probabilities() = default;  ///< None: uniform
    probabilities(std::initializer_list<double> p) : values_(p), given_(true) {}
    probabilities(std::vector<double> p) : values_(std::move(p)), given_(true) {}
    template <class T>
        requires(!me::detail::is_complex_v<T>)
    probabilities(const array<T>& p) : values_(p.begin(), p.end()), given_(true), ndim_(p.ndim()) {
        if constexpr (std::is_floating_point_v<T>)
            atol_ = std::max(atol_, std::sqrt(static_cast<double>(std::numeric_limits<T>::epsilon())));
    }
    template <class E>
        requires(!me::detail::is_complex_v<std::remove_const_t<E>>)
    probabilities(const array_view<E>& p) : values_(p.begin(), p.end()), given_(true), ndim_(p.ndim()) {
        using T = std::remove_const_t<E>;
        if constexpr (std::is_floating_point_v<T>)
            atol_ = std::max(atol_, std::sqrt(static_cast<double>(std::numeric_limits<T>::epsilon())));
    }

    bool given() const noexcept { return given_; }
    const std::vector<double>& values() const noexcept { return values_; }
    std::size_t ndim() const noexcept { return ndim_; }
    double atol() const noexcept { return atol_; }

private:
    std::vector<double> values_;
    bool given_ = false;
    std::size_t ndim_ = 1;
    double atol_ = std::sqrt(std::numeric_limits<double>::epsilon());
};

/// Keyword arguments of `choice`: `{.replace = false, .p = {0.1, 0.2, 0.7}}`.
struct choice_options {
    bool replace = true;
    probabilities p = {};
};

namespace detail {

struct global_generator {
    std::mutex mutex;
    legacy_rng rng;
    global_generator() { rng.seed_from_entropy(); }
};

inline global_generator& global() {
    static global_generator g;
    return g;
}

/// Runs f(rng) on the global generator under its lock.
template <class F>
decltype(auto) with_rng(F&& f) {
    auto& g = global();
    std::lock_guard lock(g.mutex);
    return f(g.rng);
}

/// Log details of a sampler: the requested size.
inline auto size_details(const shape_t& size) {
    return [&size](OpRecord& rec) { rec.shapes.emplace_back(size.begin(), size.end()); };
}

/// numel of `size`, or ValueError when it cannot be allocated as T (a dimension beyond
/// PTRDIFF_MAX can only come from a negative number cast to size_t).
template <class T>
std::size_t checked_numel(const shape_t& size, std::string_view op) {
    constexpr auto limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());
    for (std::size_t d : size)
        if (d > limit)
            throw ValueError(fmt::format("random.{}: negative dimensions are not allowed (size {})", op,
                                         me::detail::shape_string(size)));
    return me::detail::checked_size(size, sizeof(T), fmt::format("random.{}", op));
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

/// The sampler template: validate the size, charge numel(size), then fill under the lock.
template <me::detail::op_id id, class T, class Draw>
array<T> sample_array(std::string_view op, const shape_t& size, Draw&& draw) {
    (void)checked_numel<T>(size, op);
    me::detail::charge(id, flops::op_cost<id>(size), size_details(size));
    auto out = array<T>::uninitialized(size);
    with_rng([&](legacy_rng& g) {
        for (T& v : out) v = draw(g);
    });
    return out;
}

/// NumPy's check for parameters that must be >= 0: NaN passes, -0.0 fails.
inline void check_non_negative(double v, std::string_view op, std::string_view name) {
    if (!std::isnan(v) && std::signbit(v)) throw ValueError(fmt::format("random.{}: {} < 0 (got {})", op, name, v));
}

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

template <me::detail::op_id id, randint_type T>
array<T> randint_impl(std::string_view op, std::int64_t low, std::int64_t high,
                      const shape_t& size) {
    // NumPy returns an empty array for an empty size before checking the bounds.
    if (checked_numel<T>(size, op) == 0) {
        me::detail::charge(id, flops::op_cost<id>(size), size_details(size));
        return array<T>::uninitialized(size);
    }
    const auto [off, rng] = randint_bounds<T>(low, high, op);
    return sample_array<id, T>(op, size, [off = off, rng = rng](legacy_rng& g) {
        return static_cast<T>(static_cast<std::int64_t>(static_cast<std::uint64_t>(off) + g.bounded(rng)));
    });
}

/// Cumulative distribution of p, normalised by its last value (NumPy's cumsum; cdf /= cdf[-1]).
inline std::vector<double> normalized_cdf(const std::vector<double>& p) {
    std::vector<double> cdf(p.size());
    double acc = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) cdf[i] = acc += p[i];
    const double last = cdf.empty() ? 1.0 : cdf.back();
    for (double& c : cdf) c /= last;
    return cdf;
}

/// searchsorted(cdf, x, side='right').
inline std::int64_t search_right(const std::vector<double>& cdf, double x) {
    return std::upper_bound(cdf.begin(), cdf.end(), x) - cdf.begin();
}

/// NumPy's kahan_sum over p (as choice sums p).
inline double kahan_sum(const std::vector<double>& p) {
    if (p.empty()) return 0.0;
    double sum = p[0], c = 0.0;
    for (std::size_t i = 1; i < p.size(); ++i) {
        const double y = p[i] - c;
        const double t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    return sum;
}

/// Validates choice's arguments exactly in NumPy's order and returns the number of samples.
inline std::size_t choice_validate(std::int64_t pop_size, bool from_int, const shape_t& size,
                                   const choice_options& opts) {
    const std::size_t n = checked_numel<std::int64_t>(size, "choice");
    if (from_int && pop_size <= 0 && n != 0)
        throw ValueError(fmt::format("random.choice: a must be greater than 0 unless no samples are taken (a={})",
                                     pop_size));
    if (!from_int && pop_size == 0 && n != 0)
        throw ValueError("random.choice: 'a' cannot be empty unless no samples are taken");
    const auto& p = opts.p;
    if (p.given()) {
        if (p.ndim() != 1)
            throw ValueError(fmt::format("random.choice: 'p' must be 1-dimensional, got {} dimensions", p.ndim()));
        if (static_cast<std::int64_t>(p.values().size()) != pop_size)
            throw ValueError(fmt::format("random.choice: 'a' and 'p' must have same size ({} and {})", pop_size,
                                         p.values().size()));
        const double sum = kahan_sum(p.values());
        if (std::isnan(sum)) throw ValueError("random.choice: probabilities contain NaN");
        if (std::any_of(p.values().begin(), p.values().end(), [](double v) { return v < 0; }))
            throw ValueError("random.choice: probabilities are not non-negative");
        if (std::fabs(sum - 1.0) > p.atol())
            throw ValueError(fmt::format("random.choice: probabilities do not sum to 1 (sum {})", sum));
    }
    if (!opts.replace) {
        if (static_cast<std::int64_t>(n) > pop_size)
            throw ValueError(fmt::format("random.choice: Cannot take a larger sample than population when "
                                         "'replace=False' ({} samples from {})",
                                         n, pop_size));
        if (p.given()) {
            const auto nonzero = std::count_if(p.values().begin(), p.values().end(), [](double v) { return v > 0; });
            if (static_cast<std::size_t>(nonzero) < n)
                throw ValueError(fmt::format("random.choice: Fewer non-zero entries in p than size ({} < {})",
                                             nonzero, n));
        }
    }
    return n;
}

/// Choice's indices into the population (validated first; charges; then draws under the lock).
inline array<std::int64_t> choice_indices(std::int64_t pop_size, bool from_int, const shape_t& size,
                                          const choice_options& opts) {
    const std::size_t n = choice_validate(pop_size, from_int, size, opts);
    constexpr auto id = me::detail::op_index("random.choice");
    me::detail::charge(id, flops::op_cost<id>(pop_size, size, opts.replace), size_details(size));
    auto out = array<std::int64_t>::uninitialized(size);
    std::int64_t* idx = out.data();
    const auto& p = opts.p;
    with_rng([&](legacy_rng& g) {
        if (opts.replace && p.given()) {
            const auto cdf = normalized_cdf(p.values());
            for (std::size_t i = 0; i < n; ++i) idx[i] = search_right(cdf, g.uniform01());
        } else if (opts.replace) {
            // randint(0, pop_size, size): no draws at all for an empty size.
            if (n == 0) return;
            const auto rng = static_cast<std::uint64_t>(pop_size - 1);
            for (std::size_t i = 0; i < n; ++i) idx[i] = static_cast<std::int64_t>(g.bounded(rng));
        } else if (p.given()) {
            // Draw batches of uniforms and keep each batch's new indices in order of first
            // appearance, zeroing the probability of those already taken (NumPy's loop).
            std::vector<double> q = p.values();
            std::size_t found = 0;
            while (found < n) {
                std::vector<double> x(n - found);
                for (double& v : x) v = g.uniform01();
                for (std::size_t k = 0; k < found; ++k) q[static_cast<std::size_t>(idx[k])] = 0.0;
                const auto cdf = normalized_cdf(q);
                std::vector<char> in_batch(q.size() + 1, 0);
                for (double v : x) {
                    const auto j = static_cast<std::size_t>(search_right(cdf, v));
                    if (in_batch[j]) continue;
                    in_batch[j] = 1;
                    idx[found++] = static_cast<std::int64_t>(j);
                }
            }
        } else {
            std::vector<std::int64_t> perm(static_cast<std::size_t>(pop_size));
            for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<std::int64_t>(i);
            g.shuffle_rows(perm.data(), perm.size(), 1);
            std::copy_n(perm.begin(), n, idx);
        }
    });
    return out;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Seeding and state (free)

/// Seeds the global generator like `np.random.seed(s)` (MT19937 init_genrand) and drops
/// the cached gaussian. `s` must be in [0, 2**32-1], else `me::ValueError` and nothing
/// changes. FLOPs: 0 (free).
template <std::integral I>
    requires(!std::same_as<I, bool>)
void seed(I s) {
    if (std::cmp_less(s, 0) || std::cmp_greater(s, 0xFFFFFFFFULL))
        throw ValueError(fmt::format("random.seed: Seed must be between 0 and 2**32 - 1, got {}", s));
    detail::with_rng([&](detail::legacy_rng& g) { g.seed(static_cast<std::uint32_t>(s)); });
}

/// Seeds from an array of words like `np.random.seed([k0, k1, ...])` (init_by_array).
/// The list must be non-empty with every word in [0, 2**32-1]. FLOPs: 0 (free).
inline void seed(const std::vector<std::int64_t>& key) {
    if (key.empty()) throw ValueError("random.seed: Seed must be non-empty");
    std::vector<std::uint32_t> words;
    for (std::int64_t k : key) {
        if (k < 0 || k > 0xFFFFFFFFLL)
            throw ValueError(fmt::format("random.seed: Seed must be between 0 and 2**32 - 1, got {}", k));
        words.push_back(static_cast<std::uint32_t>(k));
    }
    detail::with_rng([&](detail::legacy_rng& g) { g.seed(words); });
}

/// Reseeds from `std::random_device`, like `np.random.seed()` / `seed(None)`. FLOPs: 0 (free).
inline void seed() {
    detail::with_rng([](detail::legacy_rng& g) { g.seed_from_entropy(); });
}

/// NumPy's `get_state()`: key, position and cached gaussian. FLOPs: 0 (free).
inline state_t get_state() {
    return detail::with_rng([](detail::legacy_rng& g) {
        state_t st;
        st.key = g.mt.key();
        st.pos = g.mt.pos();
        st.has_gauss = g.has_gauss ? 1 : 0;
        st.cached_gaussian = g.gauss;
        return st;
    });
}

/// NumPy's `set_state(state)`. `pos` must be in [0, 624], else `me::ValueError` and the
/// state is unchanged. FLOPs: 0 (free).
inline void set_state(const state_t& st) {
    if (st.pos < 0 || st.pos > me::detail::mt19937::state_len)
        throw ValueError(fmt::format("random.set_state: pos must be in [0, 624], got {}", st.pos));
    detail::with_rng([&](detail::legacy_rng& g) {
        g.mt.set(st.key, st.pos);
        g.has_gauss = st.has_gauss != 0;
        g.gauss = st.cached_gaussian;
    });
}

// ---------------------------------------------------------------------------------------
// Uniform doubles

/// Uniform doubles in [0, 1) of shape (d0, d1, ...), like `np.random.rand`. No dimensions:
/// a 0-d array (one draw). Negative dimensions: `me::ValueError`.
/// FLOPs: d0*d1*..., at least 1.
template <std::integral... D>
array<double> rand(D... dims) {
    return detail::sample_array<me::detail::op_index("random.rand"), double>("rand", detail::dims_shape("rand", dims...),
                                        [](detail::legacy_rng& g) { return g.uniform01(); });
}

namespace detail {
/// `random_sample` and its aliases differ only in the name they are tallied under.
template <class Name>
struct uniform_sampler {
    // Unqualified, inside a lambda: clang 14 rejects this consteval call written directly
    // in a member initializer of a class template, or qualified ("cannot take address of
    // consteval function").
    static constexpr me::detail::op_id id = [] {
        using me::detail::op_index;
        return op_index(Name::value);
    }();
    array<double> operator()(const shape_t& size = {}) const {
        constexpr std::string_view full = Name::value;
        return sample_array<id, double>(full.substr(full.find('.') + 1), size,
                                    [](legacy_rng& g) { return g.uniform01(); });
    }
};
}  // namespace detail

/// Uniform doubles in [0, 1) of shape `size` (`np.random.random_sample`); `{}` gives a 0-d array.
/// FLOPs: numel(size), at least 1.
inline constexpr detail::uniform_sampler<me::detail::literal_name<"random.random_sample">> random_sample{};
/// Alias of `random_sample` (`np.random.random`), tallied as "random.random". FLOPs: numel(size), at least 1.
inline constexpr detail::uniform_sampler<me::detail::literal_name<"random.random">> random{};
/// Alias of `random_sample` (`np.random.ranf`), tallied as "random.ranf". FLOPs: numel(size), at least 1.
inline constexpr detail::uniform_sampler<me::detail::literal_name<"random.ranf">> ranf{};
/// Alias of `random_sample` (`np.random.sample`), tallied as "random.sample". FLOPs: numel(size), at least 1.
inline constexpr detail::uniform_sampler<me::detail::literal_name<"random.sample">> sample{};

/// Uniform doubles in [low, high): `low + (high - low) * random_sample()`, as `np.random.uniform`
/// with scalar bounds (high < low is allowed, as in NumPy). A non-finite `high - low` raises
/// `me::ValueError` (NumPy's OverflowError). FLOPs: numel(size), at least 1.
inline array<double> uniform(double low = 0.0, double high = 1.0, const shape_t& size = {}) {
    const double range = high - low;
    if (!std::isfinite(range))
        throw ValueError(fmt::format("random.uniform: Range exceeds valid bounds (low={}, high={})", low, high));
    return detail::sample_array<me::detail::op_index("random.uniform"), double>("uniform", size,
                                        [low, range](detail::legacy_rng& g) { return low + range * g.uniform01(); });
}

// ---------------------------------------------------------------------------------------
// Gaussians (legacy polar Box-Muller with the cached second value)

/// Standard normal doubles of shape (d0, d1, ...), like `np.random.randn`. No dimensions:
/// a 0-d array. Negative dimensions: `me::ValueError`. FLOPs: d0*d1*..., at least 1.
template <std::integral... D>
array<double> randn(D... dims) {
    return detail::sample_array<me::detail::op_index("random.randn"), double>("randn",
                                        detail::dims_shape("randn", dims...),
                                        [](detail::legacy_rng& g) { return g.gaussian(); });
}

/// Standard normal doubles of shape `size` (`np.random.standard_normal`). FLOPs: numel(size), at least 1.
inline array<double> standard_normal(const shape_t& size = {}) {
    return detail::sample_array<me::detail::op_index("random.standard_normal"), double>("standard_normal", size,
                                        [](detail::legacy_rng& g) { return g.gaussian(); });
}

/// Normal doubles `loc + scale * gaussian` (`np.random.normal` with scalar parameters).
/// `scale < 0` (including -0.0, as NumPy) raises `me::ValueError`; NaN is allowed.
/// FLOPs: numel(size), at least 1.
inline array<double> normal(double loc = 0.0, double scale = 1.0, const shape_t& size = {}) {
    detail::check_non_negative(scale, "normal", "scale");
    return detail::sample_array<me::detail::op_index("random.normal"), double>("normal", size,
                                        [loc, scale](detail::legacy_rng& g) { return loc + scale * g.gaussian(); });
}

/// Log-normal doubles `exp(normal(mean, sigma))` (`np.random.lognormal`, scalar parameters).
/// `sigma < 0` raises `me::ValueError`. FLOPs: numel(size), at least 1.
inline array<double> lognormal(double mean = 0.0, double sigma = 1.0, const shape_t& size = {}) {
    detail::check_non_negative(sigma, "lognormal", "sigma");
    return detail::sample_array<me::detail::op_index("random.lognormal"), double>("lognormal", size,
        [mean, sigma](detail::legacy_rng& g) { return std::exp(mean + sigma * g.gaussian()); });
}

/// Standard Cauchy doubles, a ratio of two gaussians (`np.random.standard_cauchy`).
/// FLOPs: numel(size), at least 1.
inline array<double> standard_cauchy(const shape_t& size = {}) {
    return detail::sample_array<me::detail::op_index("random.standard_cauchy"), double>("standard_cauchy", size,
                                        [](detail::legacy_rng& g) {
                                            const double num = g.gaussian();
                                            return num / g.gaussian();
                                        });
}

// ---------------------------------------------------------------------------------------
// Exponentials

/// Standard exponential doubles `-log(1 - U)` (`np.random.standard_exponential`, legacy).
/// FLOPs: numel(size), at least 1.
inline array<double> standard_exponential(const shape_t& size = {}) {
    return detail::sample_array<me::detail::op_index("random.standard_exponential"), double>("standard_exponential",
                                        size, [](detail::legacy_rng& g) { return -std::log(1.0 - g.uniform01()); });
}

/// Exponential doubles `scale * standard_exponential` (`np.random.exponential`, scalar scale).
/// `scale < 0` raises `me::ValueError`. FLOPs: numel(size), at least 1.
inline array<double> exponential(double scale = 1.0, const shape_t& size = {}) {
    detail::check_non_negative(scale, "exponential", "scale");
    return detail::sample_array<me::detail::op_index("random.exponential"), double>("exponential", size,
        [scale](detail::legacy_rng& g) { return scale * -std::log(1.0 - g.uniform01()); });
}

// ---------------------------------------------------------------------------------------
// Integers

/// Integers in [low, high) (`np.random.randint(low, high, size)`), int64 by default or
/// int32 (`randint<std::int32_t>`), by NumPy's masked rejection sampling. An empty `size`
/// returns at once (as NumPy, whatever the bounds); otherwise `high <= low` or bounds outside
/// the type raise `me::ValueError`. For NumPy's `randint(high, size=s)` write `randint(0, high, s)`.
/// FLOPs: numel(size), at least 1.
template <detail::randint_type T = std::int64_t>
array<T> randint(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
    return detail::randint_impl<me::detail::op_index("random.randint"), T>("randint", low, high, size);
}

/// One integer in [0, high) as a 0-d array (`np.random.randint(high)`). FLOPs: 1.
template <detail::randint_type T = std::int64_t>
array<T> randint(std::int64_t high) {
    return randint<T>(0, high);
}

/// Integers in the closed range [low, high] (`np.random.random_integers`, deprecated in
/// NumPy): `randint(low, high + 1, size)`. FLOPs: numel(size), at least 1.
inline array<std::int64_t> random_integers(std::int64_t low, std::int64_t high, const shape_t& size = {}) {
    if (high == std::numeric_limits<std::int64_t>::max())
        throw ValueError(fmt::format("random.random_integers: high is out of bounds for int64 (got {})", high));
    return detail::randint_impl<me::detail::op_index("random.random_integers"), std::int64_t>("random_integers", low,
                                              high + 1, size);
}

/// One integer in [1, high] (`np.random.random_integers(high)`). FLOPs: 1.
inline array<std::int64_t> random_integers(std::int64_t high) { return random_integers(1, high); }

// ---------------------------------------------------------------------------------------
// Permutations and choice

/// Shuffles `x` in place along its first axis (`np.random.shuffle`): Fisher-Yates from the
/// end with NumPy's draws. A 0-d array raises `me::ValueError` (NumPy's TypeError).
/// FLOPs: n*ceil(log2(n)) for n = len(x), at least 1.
template <class T>
void shuffle(array<T>& x) {
    if (x.ndim() == 0) throw ValueError("random.shuffle: len() of unsized object (x is 0-d)");
    const std::size_t n = x.xt().shape()[0];
    constexpr auto id = me::detail::op_index("random.shuffle");
    me::detail::charge(id, flops::op_cost<id>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
    const std::size_t row = n == 0 ? 0 : x.size() / n;
    detail::with_rng([&](detail::legacy_rng& g) { g.shuffle_rows(x.data(), n, row); });
}

/// Shuffles a writeable view's elements in place along its first axis (NumPy's
/// `shuffle(a[::2])`): the base's elements under the view move, nothing else does. The
/// draws are those of shuffling the array the view shows, so the stream stays NumPy's.
/// A read-only view (`array_view<const T>`) or a 0-d view raises `me::ValueError` before
/// anything is charged or drawn. FLOPs: n*ceil(log2(n)) for n = len(x), at least 1.
template <class E>
void shuffle(array_view<E> x) {
    if constexpr (std::is_const_v<E>) {
        throw ValueError("random.shuffle: x is a read-only view (assignment destination is read-only)");
    } else {
        if (x.ndim() == 0) throw ValueError("random.shuffle: len() of unsized object (x is 0-d)");
        const std::size_t n = x.xt_shape()[0];
        constexpr auto id = me::detail::op_index("random.shuffle");
        me::detail::charge(id, flops::op_cost<id>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
        const std::size_t row = n == 0 ? 0 : x.size() / n;
        if (x.is_contiguous()) {
            // The rows lie in order in the base's buffer: shuffled there directly.
            detail::with_rng([&](detail::legacy_rng& g) { g.shuffle_rows(x.data(), n, row); });
        } else {
            // Shuffled as a contiguous copy with the same draws, then written back through the view.
            auto rows = x.copy();
            detail::with_rng([&](detail::legacy_rng& g) { g.shuffle_rows(rows.data(), n, row); });
            x = rows;
        }
    }
}

/// A random permutation of 0..n-1 as int64 (`np.random.permutation(n)`: arange(n) shuffled).
/// A negative n gives an empty array, as NumPy's arange does. FLOPs: n*ceil(log2(n)), at least 1.
inline array<std::int64_t> permutation(std::int64_t n) {
    const std::size_t len = n < 0 ? 0 : static_cast<std::size_t>(n);
    (void)detail::checked_numel<std::int64_t>(shape_t{len}, "permutation");
    constexpr auto id = me::detail::op_index("random.permutation");
    me::detail::charge(id, flops::op_cost<id>(n));
    auto out = array<std::int64_t>::uninitialized(shape_t{len});
    for (std::size_t i = 0; i < len; ++i) out.data()[i] = static_cast<std::int64_t>(i);
    detail::with_rng([&](detail::legacy_rng& g) { g.shuffle_rows(out.data(), len, 1); });
    return out;
}

/// A copy of `x` (an array or a view) shuffled along its first axis (`np.random.permutation(x)`).
/// A 0-d array raises `me::IndexError`, as NumPy. FLOPs: n*ceil(log2(n)) for n = len(x), at least 1.
template <array_like A, class T = me::detail::value_t<A>>
array<T> permutation(const A& x_in) {
    const auto& x = me::detail::contiguous(x_in);
    if (x.ndim() == 0) throw IndexError("random.permutation: x must be an integer or at least 1-dimensional");
    const std::size_t n = x.xt().shape()[0];
    constexpr auto id = me::detail::op_index("random.permutation");
    me::detail::charge(id, flops::op_cost<id>(n), [&x](OpRecord& rec) { rec.shapes.push_back(x.shape()); });
    array<T> out = x;
    const std::size_t row = n == 0 ? 0 : out.size() / n;
    detail::with_rng([&](detail::legacy_rng& g) { g.shuffle_rows(out.data(), n, row); });
    return out;
}

/// Samples from range(n) (`np.random.choice(n, size, replace, p)`) as int64, by NumPy's
/// legacy algorithm: with replacement randint (or the inverse CDF of p); without, the head
/// of a permutation (or NumPy's rejection loop over p). Errors, in NumPy's order, all
/// `me::ValueError`: n <= 0 with samples requested, p not 1-d / wrong length / NaN /
/// negative / not summing to 1 (within sqrt(eps)), more samples than n without replacement,
/// fewer non-zero p than samples. FLOPs: numel(size) (at least 1) with replacement,
/// n*ceil(log2(n)) without.
inline array<std::int64_t> choice(std::int64_t n, const shape_t& size = {}, const choice_options& options = {}) {
    return detail::choice_indices(n, true, size, options);
}

/// Samples from the 1-d array or view `a` (`np.random.choice(a, size, replace, p)`):
/// `a[choice(len(a), ...)]`.
/// `a` not 1-d: `me::ValueError`. FLOPs: as `choice(len(a), ...)`.
template <array_like A, class T = me::detail::value_t<A>>
array<T> choice(const A& a_in, const shape_t& size = {}, const choice_options& options = {}) {
    const auto& a = me::detail::contiguous(a_in);
    if (a.ndim() != 1)
        throw ValueError(fmt::format("random.choice: a must be 1-dimensional, got shape {}",
                                     me::detail::shape_string(a.shape())));
    const auto idx = detail::choice_indices(static_cast<std::int64_t>(a.size()), false, size, options);
    auto out = array<T>::uninitialized(size);
    for (std::size_t i = 0; i < idx.size(); ++i) out.data()[i] = a.data()[idx.data()[i]];
    return out;
}

}  // namespace me::random

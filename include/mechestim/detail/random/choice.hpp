/// @file detail/random/choice.hpp
/// @brief `choice`'s arguments (probabilities, replace) and their checks in NumPy's
/// order, and the legacy RandomState.choice algorithm (numpy/random/mtrand.pyx).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../../array.hpp"
#include "../../errors.hpp"
#include "../../view.hpp"
#include "bitgen.hpp"
#include "sampler.hpp"

namespace me::random {

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

}  // namespace me::random

namespace me::random::detail {

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

/// Choice without replacement from probabilities p (RandomState's and Generator's loop):
/// batches of uniforms, each batch's new indices kept in order of first appearance, the
/// probabilities of those already taken zeroed before the next batch.
template <bit_generator G>
void choice_by_p_without_replacement(G& g, const std::vector<double>& p, std::size_t n, std::int64_t* idx) {
    std::vector<double> q = p;
    std::size_t found = 0;
    while (found < n) {
        std::vector<double> x(n - found);
        for (double& v : x) v = g.next_double();
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
}

/// Choice with replacement from probabilities p: the inverse CDF of uniforms.
template <bit_generator G>
void choice_by_p_with_replacement(G& g, const std::vector<double>& p, std::size_t n, std::int64_t* idx) {
    const auto cdf = normalized_cdf(p);
    for (std::size_t i = 0; i < n; ++i) idx[i] = search_right(cdf, g.next_double());
}

/// RandomState.choice's indices into the population of pop_size, n of them, after
/// choice_validate: with replacement randint (or the inverse CDF of p), without the head
/// of a permutation (or NumPy's rejection loop over p).
inline void legacy_choice(legacy_rng& g, std::int64_t pop_size, std::size_t n, const choice_options& opts,
                          std::int64_t* idx) {
    const auto& p = opts.p;
    if (opts.replace && p.given()) {
        choice_by_p_with_replacement(g, p.values(), n, idx);
    } else if (opts.replace) {
        // randint(0, pop_size, size): no draws at all for an empty size.
        if (n == 0) return;
        const auto rng = static_cast<std::uint64_t>(pop_size - 1);
        for (std::size_t i = 0; i < n; ++i) idx[i] = static_cast<std::int64_t>(g.bounded(rng));
    } else if (p.given()) {
        choice_by_p_without_replacement(g, p.values(), n, idx);
    } else {
        std::vector<std::int64_t> perm(static_cast<std::size_t>(pop_size));
        for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<std::int64_t>(i);
        g.shuffle_rows(perm.data(), perm.size(), 1);
        std::copy_n(perm.begin(), n, idx);
    }
}

}  // namespace me::random::detail

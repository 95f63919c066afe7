/// @file detail/random/generator_hypergeometric.hpp
/// @brief NumPy Generator's hypergeometric (random_hypergeometric.c, NumPy 1.24) and the
/// two multivariate_hypergeometric methods (random_mvhg_count.c, random_mvhg_marginals.c),
/// over any bit_generator. Generator's algorithms, not the legacy ones: an urn walk for
/// small samples and Stadlober's HRUA on logfactorial otherwise.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitgen.hpp"
#include "generator_kernels.hpp"
#include "logfactorial_table.hpp"

namespace me::random::detail {

/// NumPy's logfactorial: the table below 126, else Stirling's series to the 1/k^3 term.
inline double logfactorial(std::int64_t k) {
    if (k < static_cast<std::int64_t>(logfactorial_table.size())) return logfactorial_table[static_cast<std::size_t>(k)];
    const double x = static_cast<double>(k);
    constexpr double half_log_2pi = 0.9189385332046728;
    return (x + 0.5) * std::log(x) - x + (half_log_2pi + (1.0 / x) * (1 / 12.0 - 1 / (360.0 * x * x)));
}

/// NumPy's hypergeometric_sample: draw items from the urn one at a time (random_interval
/// over what is left), counting the smaller of the sample and its complement, and stop
/// early once only good items remain.
template <bit_generator G>
std::int64_t hypergeometric_sample(G& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    const std::int64_t total = good + bad;
    const bool complement = sample > total / 2;
    std::int64_t left_to_draw = complement ? total - sample : sample;
    std::int64_t remaining_total = total, remaining_good = good;
    while (left_to_draw > 0 && remaining_good > 0 && remaining_total > remaining_good) {
        --remaining_total;
        if (static_cast<std::int64_t>(random_interval(g, static_cast<std::uint64_t>(remaining_total))) < remaining_good)
            --remaining_good;
        --left_to_draw;
    }
    if (remaining_total == remaining_good) remaining_good -= left_to_draw;
    return complement ? remaining_good : good - remaining_good;
}

/// NumPy's hypergeometric_hrua: Stadlober's ratio of uniforms under a table-mountain hat,
/// on the scarcer kind within the smaller of sample and complement, then mapped back.
template <bit_generator G>
std::int64_t hypergeometric_hrua(G& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    constexpr double D1 = 1.7155277699214135;  // 2 sqrt(2/e)
    constexpr double D2 = 0.8989161620588988;  // 3 - 2 sqrt(3/e)
    const std::int64_t popsize = good + bad;
    const std::int64_t n = std::min(sample, popsize - sample);
    const std::int64_t scarce = std::min(good, bad), plenty = std::max(good, bad);
    const double N = static_cast<double>(popsize);
    const double p = static_cast<double>(scarce) / N, q = static_cast<double>(plenty) / N;
    const double a = static_cast<double>(n) * p + 0.5;
    const double var = static_cast<double>(popsize - n) * static_cast<double>(n) * p * q / (N - 1);
    const double c = std::sqrt(var + 0.5);
    const double h = D1 * c + D2;
    const auto m = static_cast<std::int64_t>(
        std::floor(static_cast<double>(n + 1) * static_cast<double>(scarce + 1) / (N + 2)));
    auto log_weight = [&](std::int64_t k) {
        return logfactorial(k) + logfactorial(scarce - k) + logfactorial(n - k) + logfactorial(plenty - n + k);
    };
    const double mode_weight = log_weight(m);
    // The support ends at min(n, scarce); 16 standard deviations past the mean is as far
    // as NumPy looks.
    const double bound = std::min(static_cast<double>(std::min(n, scarce) + 1), std::floor(a + 16 * c));
    std::int64_t K = 0;
    for (;;) {
        const double U = g.next_double();
        const double V = g.next_double();
        const double X = a + h * (V - 0.5) / U;
        if (X < 0.0 || X >= bound) continue;
        K = static_cast<std::int64_t>(std::floor(X));
        const double T = mode_weight - log_weight(K);
        if (U * (4.0 - U) - 3.0 <= T) break;
        if (U * (U - T) >= 1) continue;
        if (2.0 * std::log(U) <= T) break;
    }
    if (good > bad) K = n - K;
    if (n < sample) K = good - K;
    return K;
}

/// NumPy 1.24's random_hypergeometric: HRUA when 10 <= sample <= total - 10, else the urn walk.
template <bit_generator G>
std::int64_t random_hypergeometric(G& g, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    if (sample >= 10 && sample <= good + bad - 10) return hypergeometric_hrua(g, good, bad, sample);
    return hypergeometric_sample(g, good, bad, sample);
}

/// NumPy's random_mvhg_count: the urn laid out once as color indices, then per variate a
/// partial Fisher-Yates from the front (continuing from the previous variate's order, as
/// NumPy's does) whose first draws are counted per color. `out` holds `variates` rows of
/// len(colors) zeros; `urn` has room for `total` entries. Nothing is drawn when the urn
/// or the sample is empty.
template <bit_generator G>
void mvhg_count(G& g, std::int64_t total, const std::vector<std::int64_t>& colors, std::int64_t nsample,
                std::size_t variates, std::int64_t* out, std::size_t* urn) {
    if (total == 0 || nsample == 0 || variates == 0) return;
    const std::size_t k = colors.size();
    std::size_t* end = urn;
    for (std::size_t c = 0; c < k; ++c) end = std::fill_n(end, static_cast<std::size_t>(colors[c]), c);
    const bool more_than_half = nsample > total / 2;
    const auto drawn = static_cast<std::size_t>(more_than_half ? total - nsample : nsample);
    const auto size = static_cast<std::size_t>(total);
    for (std::size_t v = 0; v < variates; ++v, out += k) {
        for (std::size_t j = 0; j < drawn; ++j)
            std::swap(urn[j], urn[j + static_cast<std::size_t>(random_interval(g, size - j - 1))]);
        for (std::size_t j = 0; j < drawn; ++j) ++out[urn[j]];
        if (more_than_half)
            for (std::size_t c = 0; c < k; ++c) out[c] = colors[c] - out[c];
    }
}

/// NumPy's random_mvhg_marginals: per variate, one univariate hypergeometric per color
/// against the colors after it, on the smaller of the sample and its complement. `out`
/// holds `variates` rows of len(colors) zeros; nothing is drawn when the urn or the sample
/// is empty.
template <bit_generator G>
void mvhg_marginals(G& g, std::int64_t total, const std::vector<std::int64_t>& colors, std::int64_t nsample,
                    std::size_t variates, std::int64_t* out) {
    if (total == 0 || nsample == 0 || variates == 0) return;
    const std::size_t k = colors.size();
    const bool more_than_half = nsample > total / 2;
    const std::int64_t drawn = more_than_half ? total - nsample : nsample;
    for (std::size_t v = 0; v < variates; ++v, out += k) {
        std::int64_t to_draw = drawn, rest = total;
        for (std::size_t c = 0; to_draw > 0 && c + 1 < k; ++c) {
            rest -= colors[c];
            out[c] = random_hypergeometric(g, colors[c], rest, to_draw);
            to_draw -= out[c];
        }
        if (to_draw > 0) out[k - 1] = to_draw;
        if (more_than_half)
            for (std::size_t c = 0; c < k; ++c) out[c] = colors[c] - out[c];
    }
}

}  // namespace me::random::detail

/// @file detail/random/bitgen.hpp
/// @brief The bit-generator interface every sampling kernel is written against, and the
/// legacy generator (MT19937 with NumPy's cached gaussian).
///
/// The kernels of detail/random/ mirror NumPy's C kernels (distributions.c,
/// legacy-distributions.c): each is a template over any type modelling `bit_generator`, so
/// the same code serves the legacy RandomState (MT19937) and the Generator (PCG64), which
/// is how NumPy shares them through its `bitgen_t` struct of function pointers. A template
/// instead of function pointers lets the compiler inline the generator into the loop.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <random>
#include <span>

#include "../mt19937.hpp"

namespace me::random::detail {

/// 128-bit arithmetic for PCG64's state and Lemire's bounded integers (gcc and clang
/// both have it; `__extension__` keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 uint128_t;

/// What NumPy's `bitgen_t` offers: 64- and 32-bit words and a double in [0, 1).
template <class G>
concept bit_generator = requires(G& g) {
    { g.next_uint64() } -> std::same_as<std::uint64_t>;
    { g.next_uint32() } -> std::same_as<std::uint32_t>;
    { g.next_double() } -> std::same_as<double>;
};

/// NumPy's next_float: the top 24 bits of a 32-bit word.
template <bit_generator G>
inline float next_float(G& g) {
    return static_cast<float>(g.next_uint32() >> 8) * (1.0f / 16777216.0f);
}

/// Smallest all-ones bit mask covering `max`.
constexpr std::uint64_t gen_mask(std::uint64_t max) {
    for (int s = 1; s <= 32; s <<= 1) max |= max >> s;
    return max;
}

/// NumPy's random_interval: a uniform integer in [0, max] by masked rejection, from
/// 32-bit draws when max fits them, else 64-bit ones (RandomState's randint and both
/// APIs' shuffles).
template <bit_generator G>
std::uint64_t random_interval(G& g, std::uint64_t max) {
    if (max == 0) return 0;
    const std::uint64_t mask = gen_mask(max);
    std::uint64_t v;
    if (max <= 0xFFFFFFFFULL) {
        do v = g.next_uint32() & mask; while (v > max);
    } else {
        do v = g.next_uint64() & mask; while (v > max);
    }
    return v;
}

/// Fisher-Yates of single elements from the end down to `first`, j = draw(i) in [0, i].
/// On an array past the caches every swap misses at a random j; the js depend only on the
/// stream, so on large arrays they are drawn `ahead` swaps early and their lines
/// prefetched: the same draws in the same order, the same result, less waiting.
template <class T, class Draw>
void fisher_yates(T* data, std::size_t n, std::size_t first, Draw draw) {
    if (n <= first) return;
    const std::size_t steps = n - first;
    constexpr std::size_t ahead = 16;
    if (steps * sizeof(T) < (std::size_t{1} << 20)) {  // cache-resident: nothing to hide
        for (std::size_t i = n; i-- > first;) std::swap(data[i], data[draw(i)]);
        return;
    }
    std::size_t ring[ahead];
    for (std::size_t k = 0; k < ahead; ++k) {
        ring[k] = draw(n - 1 - k);
        __builtin_prefetch(data + ring[k], 1);
    }
    for (std::size_t k = 0; k < steps; ++k) {
        std::size_t& slot = ring[k % ahead];
        const std::size_t j = slot;
        if (k + ahead < steps) {
            slot = draw(n - 1 - (k + ahead));
            __builtin_prefetch(data + slot, 1);
        }
        std::swap(data[n - 1 - k], data[j]);
    }
}

/// Fisher-Yates from the end over n rows of `row` elements with random_interval draws
/// (NumPy's shuffle, both APIs; their callers skip an empty array, which NumPy does not
/// shuffle). Rows of zero elements still draw, for permutation's index shuffle.
template <bit_generator G, class T>
void shuffle_rows(G& g, T* data, std::size_t n, std::size_t row) {
    if (row == 1)
        return fisher_yates(data, n, 1, [&g](std::size_t i) { return static_cast<std::size_t>(random_interval(g, i)); });
    for (std::size_t i = n; i-- > 1;) {
        const auto j = static_cast<std::size_t>(random_interval(g, i));
        if (j != i && row != 0) std::swap_ranges(data + i * row, data + (i + 1) * row, data + j * row);
    }
}

/// NumPy's legacy RandomState state: MT19937 plus the cached second gaussian of the polar
/// Box-Muller method (NumPy's `aug_bitgen_t`). Models `bit_generator`, so the kernels
/// NumPy shares between RandomState and Generator take it directly. Not locked: an owner
/// (RandomState) serialises access.
struct legacy_rng {
    me::detail::mt19937 mt;
    bool has_gauss = false;
    double gauss = 0.0;

    std::uint64_t next_uint64() noexcept { return mt.next64(); }
    std::uint32_t next_uint32() noexcept { return mt.next32(); }
    double next_double() noexcept { return mt.next_double(); }

    void seed(std::uint32_t s) {
        mt.seed(s);
        has_gauss = false;
        gauss = 0.0;
    }
    void seed(std::span<const std::uint32_t> key) {
        mt.seed(key);
        has_gauss = false;
        gauss = 0.0;
    }
    void seed_from_entropy() {
        // NumPy's seed(None) feeds 624 words of OS entropy to init_by_array.
        std::random_device device;
        std::array<std::uint32_t, me::detail::mt19937::state_len> words;
        for (auto& w : words) w = device();
        seed(words);
    }

    double uniform01() { return mt.next_double(); }

    /// legacy_gauss: polar Box-Muller, returning the second value of each pair first
    /// time round and caching the other for the next call.
    double gaussian() {
        if (has_gauss) {
            has_gauss = false;
            const double cached = gauss;
            gauss = 0.0;
            return cached;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * uniform01() - 1.0;
            x2 = 2.0 * uniform01() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double f = std::sqrt(-2.0 * std::log(r2) / r2);
        gauss = f * x1;
        has_gauss = true;
        return f * x2;
    }

    /// A uniform integer in [0, rng] (NumPy's random_interval on MT19937).
    std::uint64_t bounded(std::uint64_t rng) { return random_interval(*this, rng); }

    /// NumPy's legacy shuffle over n rows of `row` elements.
    template <class T>
    void shuffle_rows(T* data, std::size_t n, std::size_t row) {
        detail::shuffle_rows(*this, data, n, row);
    }
};

static_assert(bit_generator<legacy_rng>);

/// NumPy's `bytes(length)`: ceil(length / 4) uint32 draws written little-endian, cut to
/// length (RandomState and Generator both draw integers(0, 2**32, dtype=uint32), whose
/// full-range path returns next_uint32 unchanged). NumPy computes the word count with C
/// division, `(length - 1) / 4 + 1`, so `bytes(0)` still draws one word: we do the same,
/// or every draw after a `bytes(0)` would differ from NumPy's.
template <bit_generator G>
void fill_bytes(G& g, char* out, std::size_t length) {
    const std::size_t words = length == 0 ? 1 : (length - 1) / 4 + 1;
    for (std::size_t w = 0; w < words; ++w) {
        const std::uint32_t word = g.next_uint32();
        for (std::size_t b = 0; b < 4 && 4 * w + b < length; ++b)
            out[4 * w + b] = static_cast<char>((word >> (8 * b)) & 0xFFu);
    }
}

}  // namespace me::random::detail

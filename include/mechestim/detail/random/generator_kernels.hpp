/// @file detail/random/generator_kernels.hpp
/// @brief The kernels of NumPy's Generator that differ from the legacy ones: ziggurat
/// normals and exponentials (distributions.c) and Lemire's bounded integers
/// (_bounded_integers.pyx), over any bit_generator.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "bitgen.hpp"
#include "ziggurat_tables.hpp"

namespace me::random::detail {

/// The ziggurat's rare cases (about 1% of draws): the tail beyond the last layer and the
/// wedge test. Kept out of line so that the common case inlines into the fill loop.
template <bit_generator G>
[[gnu::noinline]] bool standard_normal_rare(G& g, std::size_t idx, std::uint64_t rabs, double& x) {
    namespace z = ziggurat;
    if (idx == 0) {
        for (;;) {
            // 1 - U keeps log away from 0, as NumPy (GH 13361).
            const double xx = -z::nor_inv_r * std::log1p(-g.next_double());
            const double yy = -std::log1p(-g.next_double());
            if (yy + yy > xx * xx) {
                x = ((rabs >> 8) & 0x1) ? -(z::nor_r + xx) : z::nor_r + xx;
                return true;
            }
        }
    }
    return (z::fi_double[idx - 1] - z::fi_double[idx]) * g.next_double() + z::fi_double[idx] < std::exp(-0.5 * x * x);
}

/// NumPy's random_standard_normal: the 256-layer ziggurat on one 64-bit draw (8 bits of
/// layer, 1 of sign, 52 of magnitude), with the tail and wedge rejections.
template <bit_generator G>
[[gnu::always_inline]] inline double random_standard_normal(G& g) {
    namespace z = ziggurat;
    for (;;) {
        std::uint64_t r = g.next_uint64();
        const auto idx = static_cast<std::size_t>(r & 0xff);
        r >>= 8;
        const bool negative = (r & 0x1) != 0;
        const std::uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
        double x = static_cast<double>(rabs) * z::wi_double[idx];
        if (negative) x = -x;
        if (rabs < z::ki_double[idx]) [[likely]]
            return x;
        if (standard_normal_rare(g, idx, rabs, x)) return x;
    }
}

/// The exponential ziggurat's rare cases: the tail and the wedge test, out of line.
template <bit_generator G>
[[gnu::noinline]] bool standard_exponential_rare(G& g, std::size_t idx, double& x) {
    namespace z = ziggurat;
    if (idx == 0) {
        x = z::exp_r - std::log1p(-g.next_double());
        return true;
    }
    return (z::fe_double[idx - 1] - z::fe_double[idx]) * g.next_double() + z::fe_double[idx] < std::exp(-x);
}

/// NumPy's random_standard_exponential: the exponential ziggurat on one 64-bit draw.
template <bit_generator G>
[[gnu::always_inline]] inline double random_standard_exponential(G& g) {
    namespace z = ziggurat;
    for (;;) {
        std::uint64_t ri = g.next_uint64() >> 3;
        const auto idx = static_cast<std::size_t>(ri & 0xff);
        ri >>= 8;
        double x = static_cast<double>(ri) * z::we_double[idx];
        if (ri < z::ke_double[idx]) [[likely]]
            return x;
        if (standard_exponential_rare(g, idx, x)) return x;
    }
}

/// NumPy's bounded_lemire_uint32: a uniform integer in [0, rng] from 32-bit draws.
template <bit_generator G>
std::uint32_t bounded_lemire_uint32(G& g, std::uint32_t rng) {
    const std::uint32_t rng_excl = rng + 1;
    std::uint64_t m = static_cast<std::uint64_t>(g.next_uint32()) * rng_excl;
    auto leftover = static_cast<std::uint32_t>(m & 0xFFFFFFFFULL);
    if (leftover < rng_excl) {
        const std::uint32_t threshold = (0xFFFFFFFFU - rng) % rng_excl;
        while (leftover < threshold) {
            m = static_cast<std::uint64_t>(g.next_uint32()) * rng_excl;
            leftover = static_cast<std::uint32_t>(m & 0xFFFFFFFFULL);
        }
    }
    return static_cast<std::uint32_t>(m >> 32);
}

/// NumPy's bounded_lemire_uint64: a uniform integer in [0, rng] from 64-bit draws.
template <bit_generator G>
std::uint64_t bounded_lemire_uint64(G& g, std::uint64_t rng) {
    const std::uint64_t rng_excl = rng + 1;
    uint128_t m = static_cast<uint128_t>(g.next_uint64()) * rng_excl;
    auto leftover = static_cast<std::uint64_t>(m);
    if (leftover < rng_excl) {
        const std::uint64_t threshold = (~std::uint64_t{0} - rng) % rng_excl;
        while (leftover < threshold) {
            m = static_cast<uint128_t>(g.next_uint64()) * rng_excl;
            leftover = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

/// NumPy's random_bounded_uint64 with use_masked=false (the Generator's default):
/// off + a uniform integer in [0, rng], 32-bit draws when rng fits them.
template <bit_generator G>
std::uint64_t random_bounded_uint64(G& g, std::uint64_t off, std::uint64_t rng) {
    if (rng == 0) return off;
    if (rng <= 0xFFFFFFFFULL) {
        if (rng == 0xFFFFFFFFULL) return off + g.next_uint32();
        return off + bounded_lemire_uint32(g, static_cast<std::uint32_t>(rng));
    }
    if (rng == ~std::uint64_t{0}) return off + g.next_uint64();
    return off + bounded_lemire_uint64(g, rng);
}

/// Generator's _shuffle_int: Fisher-Yates from the end down to `first` with Lemire draws.
template <bit_generator G>
void shuffle_int(G& g, std::size_t n, std::size_t first, std::int64_t* data) {
    fisher_yates(data, n, first, [&g](std::size_t i) { return static_cast<std::size_t>(random_bounded_uint64(g, 0, i)); });
}

}  // namespace me::random::detail

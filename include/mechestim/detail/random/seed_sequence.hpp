/// @file detail/random/seed_sequence.hpp
/// @brief NumPy's SeedSequence (numpy/random/bit_generator.pyx): entropy of any size
/// hashed into a pool of 32-bit words, from which bit generators draw their initial state
/// and children with distinct spawn keys draw independent ones.
///
/// The hashing is O'Neill's seed_seq_fe as NumPy transcribes it: every word goes through
/// `hashmix` (xor with a running constant, multiply, fold the high half down) and the pool
/// words are combined pairwise with `mix`. Entropy is first coerced to little-endian
/// uint32 words as NumPy's `_coerce_to_uint32_array` does: an integer gives its words
/// (0 gives one word), a sequence the concatenation of its elements' words. Seeding costs
/// no FLOPs: NumPy's seeding is not arithmetic on data.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <ranges>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../errors.hpp"

namespace me::random {

namespace detail {

// bit_generator.pyx's constants (seed_seq_fe's).
inline constexpr std::uint32_t seed_init_a = 0x43b0d7e5;
inline constexpr std::uint32_t seed_mult_a = 0x931e8875;
inline constexpr std::uint32_t seed_init_b = 0x8b51f9dd;
inline constexpr std::uint32_t seed_mult_b = 0x58f38ded;
inline constexpr std::uint32_t seed_mix_mult_l = 0xca01f9dd;
inline constexpr std::uint32_t seed_mix_mult_r = 0x4973f715;
inline constexpr unsigned seed_xshift = 16;  // half a word
inline constexpr std::size_t seed_default_pool_size = 4;

/// NumPy's hashmix: hashes one word, stepping the running constant.
constexpr std::uint32_t hashmix(std::uint32_t value, std::uint32_t& hash_const) noexcept {
    value ^= hash_const;
    hash_const *= seed_mult_a;
    value *= hash_const;
    return value ^ (value >> seed_xshift);
}

/// NumPy's mix: combines a pool word with a hashed word.
constexpr std::uint32_t mix(std::uint32_t x, std::uint32_t y) noexcept {
    const std::uint32_t r = seed_mix_mult_l * x - seed_mix_mult_r * y;
    return r ^ (r >> seed_xshift);
}

/// NumPy's _int_to_uint32_array: the little-endian words of n, one word for 0.
inline void append_words(std::vector<std::uint32_t>& out, std::uint64_t n) {
    out.push_back(static_cast<std::uint32_t>(n));
    if (n >> 32) out.push_back(static_cast<std::uint32_t>(n >> 32));
}

/// One Python int of entropy or of a spawn key, rejected when negative as NumPy does.
template <std::integral I>
void append_integer(std::vector<std::uint32_t>& out, I n) {
    if constexpr (std::is_signed_v<I>) {
        if (n < 0) throw ValueError("expected non-negative integer");
    }
    append_words(out, static_cast<std::uint64_t>(n));
}

template <class R>
concept integer_range = std::ranges::input_range<R> && std::integral<std::ranges::range_value_t<R>>;

/// NumPy's _coerce_to_uint32_array on a sequence of ints: each element's words in turn.
template <integer_range R>
std::vector<std::uint32_t> coerce_sequence(const R& seq) {
    std::vector<std::uint32_t> out;
    for (const auto& v : seq) append_integer(out, v);
    return out;
}

/// NumPy's mix_entropy: hashes the first pool_size words into the pool (zeros past the
/// end of short entropy), mixes every pool word into every other, then folds each
/// remaining entropy word into all pool words.
inline std::vector<std::uint32_t> mix_entropy(std::size_t pool_size, const std::vector<std::uint32_t>& entropy) {
    std::vector<std::uint32_t> pool(pool_size);
    std::uint32_t hash_const = seed_init_a;
    for (std::size_t i = 0; i < pool_size; ++i) pool[i] = hashmix(i < entropy.size() ? entropy[i] : 0u, hash_const);
    for (std::size_t src = 0; src < pool_size; ++src)
        for (std::size_t dst = 0; dst < pool_size; ++dst)
            if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src], hash_const));
    for (std::size_t src = pool_size; src < entropy.size(); ++src)
        for (std::size_t dst = 0; dst < pool_size; ++dst) pool[dst] = mix(pool[dst], hashmix(entropy[src], hash_const));
    return pool;
}

/// NumPy's seed=None: randbits(pool_size * 32) from the OS, as the words of that int
/// (high zero words dropped, as an int has none).
inline std::vector<std::uint32_t> os_entropy(std::size_t pool_size) {
    std::random_device device;
    std::vector<std::uint32_t> words(pool_size);
    for (auto& w : words) w = static_cast<std::uint32_t>(device());
    while (words.size() > 1 && words.back() == 0) words.pop_back();
    return words;
}

}  // namespace detail

/// NumPy's numpy.random.SeedSequence: mixes entropy (and a spawn key) into a pool from
/// which `generate_state` draws seeds for bit generators and `spawn` derives independent
/// children. Value semantics; `spawn` is the only call that changes it.
class SeedSequence {
public:
    static constexpr std::size_t default_pool_size = detail::seed_default_pool_size;

    /// SeedSequence(): 128 bits of fresh OS entropy (std::random_device), NumPy's
    /// entropy=None. FLOPs: 0.
    SeedSequence() : SeedSequence(detail::os_entropy(default_pool_size), {}, default_pool_size, 0, words_tag{}) {}

    /// SeedSequence(entropy, spawn_key, pool_size, n_children_spawned) with an integer
    /// entropy. Negative entropy raises ValueError("expected non-negative integer"); a
    /// pool smaller than 4 words raises ValueError. FLOPs: 0.
    template <std::integral I>
    explicit SeedSequence(I entropy, std::vector<std::uint64_t> spawn_key = {},
                          std::size_t pool_size = default_pool_size, std::uint64_t n_children_spawned = 0)
        : SeedSequence(int_words(entropy), std::move(spawn_key), pool_size, n_children_spawned, words_tag{}) {}

    /// SeedSequence with a sequence of non-negative integers as entropy (NumPy's
    /// array_like of ints: each element's uint32 words, concatenated). A uint32 sequence
    /// is taken word for word, so the words of an integer wider than 64 bits (least
    /// significant first) give the same state as that integer. A negative element raises
    /// ValueError("expected non-negative integer"). FLOPs: 0.
    template <detail::integer_range R>
    explicit SeedSequence(const R& entropy, std::vector<std::uint64_t> spawn_key = {},
                          std::size_t pool_size = default_pool_size, std::uint64_t n_children_spawned = 0)
        : SeedSequence(detail::coerce_sequence(entropy), std::move(spawn_key), pool_size, n_children_spawned,
                       words_tag{}) {}

    /// SeedSequence({a, b, ...}): a braced sequence of integers as entropy. FLOPs: 0.
    SeedSequence(std::initializer_list<std::uint64_t> entropy, std::vector<std::uint64_t> spawn_key = {},
                 std::size_t pool_size = default_pool_size, std::uint64_t n_children_spawned = 0)
        : SeedSequence(detail::coerce_sequence(entropy), std::move(spawn_key), pool_size, n_children_spawned,
                       words_tag{}) {}

    /// generate_state(n_words, dtype): n_words words of seed material. T = std::uint32_t
    /// (NumPy's default) or std::uint64_t, whose words are pairs of uint32 words, low word
    /// first (NumPy's little-endian view). Does not change the sequence. FLOPs: 0.
    template <class T = std::uint32_t>
        requires std::same_as<T, std::uint32_t> || std::same_as<T, std::uint64_t>
    std::vector<T> generate_state(std::size_t n_words) const {
        const std::size_t n32 = std::same_as<T, std::uint64_t> ? 2 * n_words : n_words;
        std::vector<std::uint32_t> words(n32);
        std::uint32_t hash_const = detail::seed_init_b;
        for (std::size_t i = 0; i < n32; ++i) {
            std::uint32_t v = pool_[i % pool_.size()] ^ hash_const;
            hash_const *= detail::seed_mult_b;
            v *= hash_const;
            words[i] = v ^ (v >> detail::seed_xshift);
        }
        if constexpr (std::same_as<T, std::uint32_t>) {
            return words;
        } else {
            std::vector<std::uint64_t> out(n_words);
            for (std::size_t i = 0; i < n_words; ++i)
                out[i] = static_cast<std::uint64_t>(words[2 * i]) | (static_cast<std::uint64_t>(words[2 * i + 1]) << 32);
            return out;
        }
    }

    /// spawn(n_children): n children with this entropy and pool size and spawn keys
    /// spawn_key + [n_children_spawned + i]; n_children_spawned grows by n. FLOPs: 0.
    std::vector<SeedSequence> spawn(std::size_t n_children) {
        std::vector<SeedSequence> children;
        children.reserve(n_children);
        for (std::size_t i = 0; i < n_children; ++i) {
            auto key = spawn_key_;
            key.push_back(n_children_spawned_ + i);
            children.push_back(SeedSequence(entropy_, std::move(key), pool_.size(), 0, words_tag{}));
        }
        n_children_spawned_ += n_children;
        return children;
    }

    /// The entropy as NumPy coerces it: little-endian uint32 words (an integer's words, or
    /// a sequence's elements' words in turn). SeedSequence(entropy(), ...) is this sequence.
    /// FLOPs: 0.
    const std::vector<std::uint32_t>& entropy() const noexcept { return entropy_; }
    /// The spawn key: the child indices from the root down. FLOPs: 0.
    const std::vector<std::uint64_t>& spawn_key() const noexcept { return spawn_key_; }
    /// Words in the pool (4 unless given). FLOPs: 0.
    std::size_t pool_size() const noexcept { return pool_.size(); }
    /// How many children `spawn` has made (the next child's last key). FLOPs: 0.
    std::uint64_t n_children_spawned() const noexcept { return n_children_spawned_; }
    /// The mixed pool (NumPy's `pool` attribute). FLOPs: 0.
    const std::vector<std::uint32_t>& pool() const noexcept { return pool_; }

private:
    struct words_tag {};

    SeedSequence(std::vector<std::uint32_t> entropy, std::vector<std::uint64_t> spawn_key, std::size_t pool_size,
                 std::uint64_t n_children_spawned, words_tag)
        : entropy_(std::move(entropy)), spawn_key_(std::move(spawn_key)), n_children_spawned_(n_children_spawned) {
        if (pool_size < default_pool_size) throw ValueError("The size of the entropy pool should be at least 4");
        pool_ = detail::mix_entropy(pool_size, assembled_entropy(pool_size));
    }

    template <std::integral I>
    static std::vector<std::uint32_t> int_words(I n) {
        std::vector<std::uint32_t> out;
        detail::append_integer(out, n);
        return out;
    }

    /// NumPy's get_assembled_entropy: the entropy words, then the spawn key's. With a
    /// spawn key, short entropy is zero-padded to the pool size first so that a child's
    /// key cannot pose as entropy (NumPy 1.19's fix of gh-16539); without one it is not,
    /// keeping the streams of unspawned sequences as they were.
    std::vector<std::uint32_t> assembled_entropy(std::size_t pool_size) const {
        std::vector<std::uint32_t> words = entropy_;
        std::vector<std::uint32_t> key = detail::coerce_sequence(spawn_key_);
        if (!key.empty() && words.size() < pool_size) words.resize(pool_size, 0u);
        words.insert(words.end(), key.begin(), key.end());
        return words;
    }

    std::vector<std::uint32_t> entropy_;
    std::vector<std::uint64_t> spawn_key_;
    std::uint64_t n_children_spawned_ = 0;
    std::vector<std::uint32_t> pool_;
};

}  // namespace me::random

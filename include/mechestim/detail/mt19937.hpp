/// @file detail/mt19937.hpp
/// @brief The 32-bit Mersenne Twister exactly as NumPy's legacy `RandomState` keeps it:
/// 624 key words plus a position, seeded by `init_genrand` or `init_by_array`.
///
/// Why not `std::mt19937`: its output and `init_genrand` seeding match, but it does not
/// expose its key and position (NumPy's `get_state`/`set_state` tuple) and has no
/// `init_by_array` (NumPy's array seeds and entropy seeding). The algorithm is the
/// reference one of Matsumoto and Nishimura (1998); a test checks it against `std::mt19937`.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace me::detail {

class mt19937 {
public:
    static constexpr int state_len = 624;
    using key_type = std::array<std::uint32_t, state_len>;

    /// init_genrand(s): NumPy's `seed(int)` (and `std::mt19937(s)`).
    void seed(std::uint32_t s) noexcept {
        key_[0] = s;
        for (int i = 1; i < state_len; ++i) {
            const std::uint32_t prev = key_[i - 1];
            key_[i] = 1812433253U * (prev ^ (prev >> 30)) + static_cast<std::uint32_t>(i);
        }
        pos_ = state_len;
    }

    /// init_by_array(key): NumPy's `seed(array)` and its entropy seeding. `init` must be non-empty.
    void seed(std::span<const std::uint32_t> init) noexcept {
        seed(19650218U);
        const int len = static_cast<int>(init.size());
        int i = 1, j = 0;
        for (int k = state_len > len ? state_len : len; k > 0; --k) {
            const std::uint32_t prev = key_[i - 1];
            key_[i] = (key_[i] ^ ((prev ^ (prev >> 30)) * 1664525U)) + init[static_cast<std::size_t>(j)] +
                      static_cast<std::uint32_t>(j);
            ++i;
            ++j;
            if (i >= state_len) {
                key_[0] = key_[state_len - 1];
                i = 1;
            }
            if (j >= len) j = 0;
        }
        for (int k = state_len - 1; k > 0; --k) {
            const std::uint32_t prev = key_[i - 1];
            key_[i] = (key_[i] ^ ((prev ^ (prev >> 30)) * 1566083941U)) - static_cast<std::uint32_t>(i);
            ++i;
            if (i >= state_len) {
                key_[0] = key_[state_len - 1];
                i = 1;
            }
        }
        key_[0] = 0x80000000U;  // MSB set: the state is never all zero
        pos_ = state_len;
    }

    /// The next tempered 32-bit output.
    std::uint32_t next32() noexcept {
        if (pos_ >= state_len) regenerate();
        std::uint32_t y = key_[static_cast<std::size_t>(pos_++)];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// Two outputs as one 64-bit word, the first in the high half (NumPy's mt19937_next64).
    std::uint64_t next64() noexcept {
        const std::uint64_t hi = next32();
        return (hi << 32) | next32();
    }

    /// A double in [0, 1) with 53 random bits, NumPy's recipe.
    double next_double() noexcept {
        const std::uint32_t a = next32() >> 5, b = next32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    const key_type& key() const noexcept { return key_; }
    int pos() const noexcept { return pos_; }
    /// Sets key and position; the caller checks 0 <= pos <= 624.
    void set(const key_type& key, int pos) noexcept {
        key_ = key;
        pos_ = pos;
    }

private:
    void regenerate() noexcept {
        constexpr int n = state_len, m = 397;
        constexpr std::uint32_t matrix_a = 0x9908b0dfU, upper = 0x80000000U, lower = 0x7fffffffU;
        auto twist = [&](int i, int next, int far) {
            const std::uint32_t y = (key_[i] & upper) | (key_[next] & lower);
            key_[i] = key_[far] ^ (y >> 1) ^ ((y & 1U) ? matrix_a : 0U);
        };
        int i = 0;
        for (; i < n - m; ++i) twist(i, i + 1, i + m);
        for (; i < n - 1; ++i) twist(i, i + 1, i + m - n);
        twist(n - 1, 0, m - 1);
        pos_ = 0;
    }

    key_type key_{};
    int pos_ = state_len;
};

}  // namespace me::detail

/// @file detail/random/pcg64.hpp
/// @brief NumPy's PCG64 bit generator (numpy/random/_pcg64.pyx, src/pcg64/pcg64.h): the
/// 128-bit LCG with O'Neill's XSL-RR output (PCG XSL RR 128/64, not PCG64DXSM), seeded
/// from a SeedSequence, with NumPy's buffered 32-bit draws, state access, advance and
/// jumped, value for value.
///
/// Each 64-bit draw steps the LCG first and outputs from the new state. A 32-bit draw
/// takes the low half of a 64-bit draw and keeps the high half for the next 32-bit draw
/// (NumPy's has_uint32 / uinteger); 64-bit draws and doubles leave that buffer alone.
/// Bit generation costs no FLOPs: the Generator charges for what it makes of the bits.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "bitgen.hpp"
#include "seed_sequence.hpp"

namespace me::random {

namespace detail {

constexpr uint128_t make_uint128(std::uint64_t high, std::uint64_t low) noexcept {
    return (static_cast<uint128_t>(high) << 64) | low;
}

/// PCG_DEFAULT_MULTIPLIER_128.
inline constexpr uint128_t pcg64_multiplier = make_uint128(2549297995355413924ULL, 4865540595714422341ULL);

/// jumped()'s step: (phi - 1) * 2**128, phi the golden ratio.
inline constexpr uint128_t pcg64_jump_step = make_uint128(0x9e3779b97f4a7c15ULL, 0xf39cc0605cedc835ULL);

/// XSL-RR: xor the halves, rotate right by the top 6 bits.
constexpr std::uint64_t pcg64_output(uint128_t state) noexcept {
    const auto high = static_cast<std::uint64_t>(state >> 64);
    const auto rot = static_cast<unsigned>(state >> 122);
    const std::uint64_t x = high ^ static_cast<std::uint64_t>(state);
    return (x >> rot) | (x << ((0u - rot) & 63u));
}

/// Brown's jump-ahead for an LCG (pcg_advance_lcg_128): state after `delta` steps of
/// state * mult + plus, in O(log delta) by squaring the step.
constexpr uint128_t lcg_advance(uint128_t state, uint128_t delta, uint128_t mult, uint128_t plus) noexcept {
    uint128_t acc_mult = 1, acc_plus = 0;
    while (delta > 0) {
        if (delta & 1) {
            acc_mult *= mult;
            acc_plus = acc_plus * mult + plus;
        }
        plus = (mult + 1) * plus;
        mult *= mult;
        delta >>= 1;
    }
    return acc_mult * state + acc_plus;
}

}  // namespace detail

/// PCG64's full state, as NumPy's `bit_generator.state` dict holds it: the LCG state
/// and increment, and the buffered high half of the last 32-bit draw.
struct pcg64_state {
    detail::uint128_t state = 0;
    detail::uint128_t inc = 0;
    bool has_uint32 = false;
    std::uint32_t uinteger = 0;

    bool operator==(const pcg64_state&) const = default;
};

namespace detail {

/// One PCG64 step on s: the LCG, then XSL-RR of the new state.
inline std::uint64_t pcg64_next64(pcg64_state& s) noexcept {
    s.state = s.state * pcg64_multiplier + s.inc;
    return pcg64_output(s.state);
}

/// NumPy's pcg64_next32: the buffered high half if there is one, else the low half of a
/// fresh 64-bit draw, buffering its high half.
inline std::uint32_t pcg64_next32(pcg64_state& s) noexcept {
    if (s.has_uint32) {
        s.has_uint32 = false;
        return s.uinteger;
    }
    const std::uint64_t next = pcg64_next64(s);
    s.has_uint32 = true;
    s.uinteger = static_cast<std::uint32_t>(next >> 32);
    return static_cast<std::uint32_t>(next);
}

/// PCG64's stream on a copy of its state, for bulk loops: a local whose address never
/// escapes stays in registers, where the generator's own members are stored and
/// reloaded around every int64 written (an int64 store may alias their uint64 words).
/// Models bit_generator; the owner copies the state back when the loop is done.
struct pcg64_local {
    pcg64_state s;
    std::uint64_t next_uint64() noexcept { return pcg64_next64(s); }
    std::uint32_t next_uint32() noexcept { return pcg64_next32(s); }
    double next_double() noexcept { return static_cast<double>(next_uint64() >> 11) * (1.0 / 9007199254740992.0); }
};

}  // namespace detail

/// NumPy's numpy.random.PCG64 bit generator. Models detail::bit_generator. Copyable: a
/// copy continues the same stream independently. Not locked: an owner serialises access.
class PCG64 {
public:
    using state_type = pcg64_state;

    /// PCG64(): seeded from SeedSequence() (fresh OS entropy), NumPy's seed=None. FLOPs: 0.
    PCG64() : PCG64(SeedSequence()) {}

    /// PCG64(seed_seq): the LCG seeded from seed_seq.generate_state(4, uint64) as NumPy's
    /// pcg64_set_seed does (state from words 0-1, stream from words 2-3, high word first),
    /// the 32-bit buffer empty. Keeps seed_seq for spawning. FLOPs: 0.
    explicit PCG64(SeedSequence seed_seq) : seed_seq_(std::move(seed_seq)) {
        const auto v = seed_seq_.generate_state<std::uint64_t>(4);
        seed(detail::make_uint128(v[0], v[1]), detail::make_uint128(v[2], v[3]));
    }

    /// PCG64(seed): PCG64(SeedSequence(seed)) for an integer or a sequence of integers;
    /// a negative one raises ValueError("expected non-negative integer"). FLOPs: 0.
    template <class S>
        requires(!std::same_as<std::remove_cvref_t<S>, PCG64> && !std::same_as<std::remove_cvref_t<S>, SeedSequence> &&
                 std::constructible_from<SeedSequence, S>)
    explicit PCG64(S&& seed) : PCG64(SeedSequence(std::forward<S>(seed))) {}

    /// A uniform 64-bit word: step, then XSL-RR of the new state. FLOPs: 0.
    std::uint64_t next_uint64() noexcept { return detail::pcg64_next64(state_); }

    /// A uniform 32-bit word: the buffered high half if there is one, else the low half
    /// of a fresh 64-bit draw, buffering its high half (NumPy's pcg64_next32). FLOPs: 0.
    std::uint32_t next_uint32() noexcept { return detail::pcg64_next32(state_); }

    /// A double in [0, 1): the top 53 bits of a 64-bit draw (NumPy's uint64_to_double).
    /// FLOPs: 0.
    double next_double() noexcept { return static_cast<double>(next_uint64() >> 11) * (1.0 / 9007199254740992.0); }

    /// Runs f(local) on a detail::pcg64_local copy of the state, then keeps the state f
    /// left; f must not throw. For bulk loops (see detail::pcg64_local). FLOPs: 0.
    template <class F>
    void on_local_state(F&& f) noexcept {
        detail::pcg64_local local{state_};
        f(local);
        state_ = local.s;
    }

    /// The state (NumPy's `state` getter). FLOPs: 0.
    pcg64_state state() const noexcept { return state_; }

    /// Sets the state, buffer included (NumPy's `state` setter; the increment is taken
    /// as given, as NumPy does). FLOPs: 0.
    void set_state(const pcg64_state& s) noexcept { state_ = s; }

    /// advance(delta): the state as if delta 64-bit draws had been made (delta modulo
    /// 2**128), and the 32-bit buffer emptied, as NumPy's advance does. Returns *this.
    /// FLOPs: 0.
    PCG64& advance(detail::uint128_t delta) noexcept {
        state_.state = detail::lcg_advance(state_.state, delta, detail::pcg64_multiplier, state_.inc);
        state_.has_uint32 = false;
        state_.uinteger = 0;
        return *this;
    }

    /// jumped(jumps): a new PCG64 with this state advanced by jumps * (phi - 1) * 2**128
    /// (modulo 2**128), its 32-bit buffer empty; this one is unchanged. As in NumPy, the
    /// new generator's seed_seq() is a fresh OS-entropy SeedSequence, not this one's.
    /// FLOPs: 0.
    PCG64 jumped(detail::uint128_t jumps = 1) const {
        PCG64 out;
        out.state_ = state_;
        out.advance(detail::pcg64_jump_step * jumps);
        return out;
    }

    /// The SeedSequence this generator was seeded from (for spawning). FLOPs: 0.
    const SeedSequence& seed_seq() const noexcept { return seed_seq_; }

    /// spawn(n): n new PCG64s seeded from n children of this one's SeedSequence (NumPy
    /// 1.25's BitGenerator.spawn, i.e. `[PCG64(s) for s in seed_seq.spawn(n)]` in NumPy
    /// 1.24). Independent streams for workers; this generator's stream is unchanged, its
    /// seed sequence remembers the children so a second spawn gives new ones. FLOPs: 0.
    std::vector<PCG64> spawn(std::size_t n) {
        std::vector<PCG64> out;
        out.reserve(n);
        for (auto& child : seed_seq_.spawn(n)) out.emplace_back(std::move(child));
        return out;
    }

private:
    /// pcg_setseq_128_srandom_r: odd increment from the stream, then two steps around
    /// adding the initial state.
    void seed(detail::uint128_t initstate, detail::uint128_t initseq) noexcept {
        state_.state = 0;
        state_.inc = (initseq << 1) | 1;
        next_uint64();
        state_.state += initstate;
        next_uint64();
        state_.has_uint32 = false;
        state_.uinteger = 0;
    }

    SeedSequence seed_seq_;
    pcg64_state state_;
};

static_assert(detail::bit_generator<PCG64>);

}  // namespace me::random

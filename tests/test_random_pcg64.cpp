// me::random::SeedSequence and me::random::PCG64 beyond NumPy's values (those are in
// differential/diff_pcg64.cpp): NumPy's rejections, value semantics, OS-entropy seeding,
// advance and jumped against plain stepping, the seed sequence kept for spawning, the
// bit_generator concept the kernels need, and that bit generation charges nothing.
#include <mechestim/mechestim.hpp>

#include <mechestim/detail/random/generator_kernels.hpp>
#include <mechestim/detail/random/pcg64.hpp>
#include <mechestim/detail/random/seed_sequence.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace rnd = me::random;
using rnd::detail::uint128_t;

static_assert(rnd::detail::bit_generator<rnd::PCG64>);
static_assert(std::is_copy_constructible_v<rnd::PCG64> && std::is_copy_assignable_v<rnd::PCG64>);
static_assert(std::is_copy_constructible_v<rnd::SeedSequence>);
static_assert(!std::is_convertible_v<std::uint64_t, rnd::PCG64>, "a seed converts to a generator only explicitly");

namespace {

std::vector<std::uint64_t> draws(rnd::PCG64& g, int n) {
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(g.next_uint64());
    return out;
}

}  // namespace

TEST_CASE("negative entropy raises ValueError as NumPy does", "[random][pcg64]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_AS(rnd::SeedSequence(-1), me::ValueError);
    CHECK_THROWS_WITH(rnd::SeedSequence(-1), "expected non-negative integer");
    CHECK_THROWS_AS(rnd::SeedSequence(std::int64_t{-(1LL << 40)}), me::ValueError);
    CHECK_THROWS_AS(rnd::SeedSequence(std::vector<int>{1, -2, 3}), me::ValueError);
    CHECK_THROWS_AS(rnd::PCG64(-5), me::ValueError);
    CHECK_THROWS_AS(rnd::PCG64(std::vector<long>{3, -1}), me::ValueError);
    CHECK_THROWS_WITH(rnd::SeedSequence(42, {}, 3), Contains("at least 4"));
    CHECK_NOTHROW(rnd::SeedSequence(0));
    CHECK_NOTHROW(rnd::PCG64(std::numeric_limits<std::uint64_t>::max()));
}

TEST_CASE("entropy is coerced to uint32 words as NumPy's _coerce_to_uint32_array", "[random][pcg64]") {
    const rnd::SeedSequence big(std::numeric_limits<std::uint64_t>::max());
    CHECK(big.entropy() == std::vector<std::uint32_t>{0xffffffffu, 0xffffffffu});
    CHECK(rnd::SeedSequence(0).entropy() == std::vector<std::uint32_t>{0});
    // A sequence's elements each give their words; uint32 words are taken as they are.
    const rnd::SeedSequence seq(std::vector<std::uint64_t>{1ULL << 40, 7});
    CHECK(seq.entropy() == std::vector<std::uint32_t>{0, 256, 7});
    CHECK(rnd::SeedSequence(std::vector<std::uint32_t>{0, 256, 7}).pool() == seq.pool());
    CHECK(rnd::SeedSequence{1, 2, 3}.pool() == rnd::SeedSequence(std::vector<std::uint64_t>{1, 2, 3}).pool());
    CHECK(rnd::SeedSequence{42}.pool() == rnd::SeedSequence(42).pool());
    // Re-seeding from entropy() reproduces the sequence.
    CHECK(rnd::SeedSequence(seq.entropy()).generate_state(8) == seq.generate_state(8));
}

TEST_CASE("generate_state<uint64_t> pairs uint32 words low first", "[random][pcg64]") {
    const rnd::SeedSequence ss(12345);
    const auto w32 = ss.generate_state(10);
    const auto w64 = ss.generate_state<std::uint64_t>(5);
    REQUIRE(w64.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(w64[i] == (w32[2 * i] | (std::uint64_t{w32[2 * i + 1]} << 32)));
    CHECK(ss.generate_state(0).empty());
}

TEST_CASE("spawn gives keyed children and counts them", "[random][pcg64]") {
    rnd::SeedSequence ss(7);
    const auto before = ss.generate_state(4);
    const auto a = ss.spawn(2);
    const auto b = ss.spawn(1);
    CHECK(ss.n_children_spawned() == 3);
    CHECK(ss.generate_state(4) == before);  // spawning does not touch the pool
    CHECK(a[0].spawn_key() == std::vector<std::uint64_t>{0});
    CHECK(a[1].spawn_key() == std::vector<std::uint64_t>{1});
    CHECK(b[0].spawn_key() == std::vector<std::uint64_t>{2});
    CHECK(a[0].entropy() == ss.entropy());
    CHECK(a[0].generate_state(4) != a[1].generate_state(4));
    CHECK(a[0].generate_state(4) != before);
    // A child equals a sequence built with its key.
    CHECK(rnd::SeedSequence(7, {1}).pool() == a[1].pool());
}

TEST_CASE("a copy continues the same stream independently", "[random][pcg64]") {
    rnd::PCG64 g(42);
    g.next_uint32();  // leaves a buffered half, which the copy carries
    rnd::PCG64 c = g;
    CHECK(c.state() == g.state());
    CHECK(c.next_uint32() == g.next_uint32());
    CHECK(draws(c, 100) == draws(g, 100));
    c.next_uint64();
    CHECK(c.state() != g.state());
    rnd::PCG64 assigned(1);
    assigned = g;
    CHECK(draws(assigned, 10) == draws(g, 10));
}

TEST_CASE("default construction draws fresh OS entropy", "[random][pcg64]") {
    rnd::PCG64 a, b;
    CHECK(draws(a, 4) != draws(b, 4));
    const rnd::SeedSequence s1, s2;
    CHECK(s1.entropy() != s2.entropy());
    CHECK(s1.entropy().size() <= 4);
    CHECK(s1.pool_size() == 4);
}

TEST_CASE("the 32-bit buffer halves one 64-bit draw", "[random][pcg64]") {
    rnd::PCG64 g(2024), h(2024);
    const std::uint64_t w = h.next_uint64();
    CHECK(g.next_uint32() == static_cast<std::uint32_t>(w));
    CHECK(g.state().has_uint32);
    CHECK(g.state().uinteger == static_cast<std::uint32_t>(w >> 32));
    // A 64-bit draw in between leaves the buffer alone.
    CHECK(g.next_uint64() == h.next_uint64());
    CHECK(g.next_uint32() == static_cast<std::uint32_t>(w >> 32));
    CHECK_FALSE(g.state().has_uint32);
    rnd::PCG64 d(2024), e(2024);
    CHECK(d.next_double() == static_cast<double>(e.next_uint64() >> 11) * 0x1p-53);
}

TEST_CASE("advance(n) equals n 64-bit draws and empties the buffer", "[random][pcg64]") {
    for (int n : {0, 1, 2, 3, 17, 64, 1000}) {
        rnd::PCG64 stepped(99), jumped(99);
        jumped.next_uint32();
        stepped.next_uint64();
        draws(stepped, n);
        jumped.advance(static_cast<uint128_t>(n));
        INFO("n = " << n);
        CHECK(jumped.state().state == stepped.state().state);
        CHECK_FALSE(jumped.state().has_uint32);
        CHECK(jumped.state().uinteger == 0);
    }
    // The period is 2**128: advancing by 2**128 - 1, then 1, comes back.
    rnd::PCG64 g(5);
    const auto start = g.state();
    g.advance(~uint128_t{0}).advance(1);
    CHECK(g.state() == start);
}

TEST_CASE("jumped leaves the original alone and composes", "[random][pcg64]") {
    rnd::PCG64 g(314);
    g.next_uint32();
    const auto before = g.state();
    const rnd::PCG64 one = g.jumped();
    CHECK(g.state() == before);
    CHECK_FALSE(one.state().has_uint32);
    CHECK(one.jumped().state() == g.jumped(2).state());
    rnd::PCG64 manual = g;
    manual.advance(rnd::detail::pcg64_jump_step * 3);
    CHECK(g.jumped(3).state() == manual.state());
    // As NumPy's, the jumped generator's seed sequence is fresh OS entropy.
    CHECK(one.seed_seq().entropy() != g.seed_seq().entropy());
}

TEST_CASE("PCG64 keeps its seed sequence for spawning", "[random][pcg64]") {
    rnd::SeedSequence ss(8675309);
    const rnd::PCG64 g(ss);
    CHECK(g.seed_seq().pool() == ss.pool());
    CHECK(rnd::PCG64(8675309).state() == g.state());
    auto children = rnd::SeedSequence(g.seed_seq()).spawn(2);
    rnd::PCG64 c0(children[0]), c1(children[1]);
    CHECK(draws(c0, 4) != draws(c1, 4));
}

TEST_CASE("state and set_state round-trip, buffer included", "[random][pcg64]") {
    rnd::PCG64 g(11), h(12);
    g.next_uint32();
    h.set_state(g.state());
    CHECK(h.state() == g.state());
    CHECK(h.next_uint32() == g.next_uint32());
    CHECK(draws(h, 20) == draws(g, 20));
    rnd::pcg64_state s{123, 7, true, 0xdeadbeef};
    h.set_state(s);
    CHECK(h.next_uint32() == 0xdeadbeefu);
}

TEST_CASE("the Generator kernels run on PCG64 and bit generation is free", "[random][pcg64]") {
    rnd::PCG64 g(1);
    me::BudgetContext budget(1e6, "pcg64");
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t v = rnd::detail::random_interval(g, 10);
        CHECK(v <= 10);
        const double u = g.next_double();
        CHECK((u >= 0.0 && u < 1.0));
    }
    CHECK(std::isfinite(rnd::detail::random_standard_normal(g)));
    rnd::PCG64 copy(12);
    rnd::SeedSequence(3).spawn(4);
    CHECK(budget.flops_used() == 0);
}

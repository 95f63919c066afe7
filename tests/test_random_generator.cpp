// me::random::Generator (default_rng) beyond NumPy's values (those are the default_rng
// streams of differential/diff_random_state.cpp): seeding forms and their rejections,
// bit generator state access, jumped and spawned streams, workers on spawned generators,
// the exact charge of every method, and budgets too small that leave the stream untouched.
#include "support.hpp"

#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

namespace rnd = me::random;
using test_support::check_charge;
using test_support::check_too_small;

static_assert(std::is_same_v<rnd::Generator, rnd::basic_generator<rnd::PCG64>>);
static_assert(!std::is_copy_constructible_v<rnd::Generator>, "a copy would repeat the stream");
static_assert(std::is_move_constructible_v<rnd::Generator>);

namespace {

std::vector<double> values(const me::array<double>& a) { return {a.begin(), a.end()}; }

std::vector<double> first(rnd::Generator& g, std::size_t n) {
    me::BudgetContext scratch(1e9);
    return values(g.random({n}));
}

}  // namespace

TEST_CASE("default_rng: every seed form is PCG64(SeedSequence(seed))", "[random][generator]") {
    auto by_int = rnd::default_rng(12345);
    rnd::Generator by_hand(rnd::PCG64(rnd::SeedSequence(12345)));
    CHECK(first(by_int, 20) == first(by_hand, 20));

    auto by_list = rnd::default_rng({1, 2, 3});
    auto by_vector = rnd::default_rng(std::vector<std::uint64_t>{1, 2, 3});
    auto by_seq = rnd::default_rng(rnd::SeedSequence({1, 2, 3}));
    const auto expected = first(by_list, 20);
    CHECK(first(by_vector, 20) == expected);
    CHECK(first(by_seq, 20) == expected);
    auto other = rnd::default_rng(12346);
    CHECK(first(other, 20) != first(by_int, 20));
}

TEST_CASE("default_rng: no seed draws OS entropy; a negative seed is NumPy's ValueError", "[random][generator]") {
    auto a = rnd::default_rng();
    auto b = rnd::default_rng();
    CHECK(first(a, 4) != first(b, 4));
    CHECK_THROWS_AS(rnd::default_rng(-1), me::ValueError);
    CHECK_THROWS_WITH(rnd::default_rng(std::vector<std::int64_t>{3, -2}),
                      Catch::Contains("expected non-negative integer"));
}

TEST_CASE("Generator: the bit generator's state can be read, set and advanced", "[random][generator]") {
    auto g = rnd::default_rng(7);
    me::BudgetContext budget(1e9);
    (void)g.integers<std::int32_t>(0, 10, {3});  // leaves half a 64-bit word buffered
    const auto saved = g.bit_generator().state();
    CHECK(saved.has_uint32);
    const auto ahead = values(g.standard_normal({50}));
    g.bit_generator().set_state(saved);
    CHECK(values(g.standard_normal({50})) == ahead);

    // advance(n) skips n 64-bit words: random() takes one word per value.
    auto h = rnd::default_rng(7);
    const auto stream = values(h.random({10}));
    auto k = rnd::default_rng(7);
    k.bit_generator().advance(4);
    CHECK(values(k.random({6})) == std::vector<double>(stream.begin() + 4, stream.end()));
}

TEST_CASE("Generator: jumped bit generators give a new stream and leave the original", "[random][generator]") {
    auto g = rnd::default_rng(11);
    rnd::Generator jumped(g.bit_generator().jumped());
    auto fresh = rnd::default_rng(11);
    const auto original = first(fresh, 10);
    CHECK(first(jumped, 10) != original);
    CHECK(first(g, 10) == original);
}

TEST_CASE("Generator.spawn: independent children, new ones each call, the parent unchanged", "[random][generator]") {
    auto parent = rnd::default_rng(42);
    auto children = parent.spawn(3);
    REQUIRE(children.size() == 3);
    auto more = parent.spawn(2);  // keys 3 and 4, not 0 and 1 again
    auto reference = rnd::default_rng(42);
    CHECK(first(parent, 10) == first(reference, 10));

    std::vector<std::vector<double>> streams;
    for (auto& c : children) streams.push_back(first(c, 10));
    for (auto& c : more) streams.push_back(first(c, 10));
    for (std::size_t i = 0; i < streams.size(); ++i)
        for (std::size_t j = i + 1; j < streams.size(); ++j) CHECK(streams[i] != streams[j]);

    // Child k is default_rng on the k-th child of the parent's SeedSequence.
    rnd::SeedSequence root(42);
    auto seqs = root.spawn(5);
    rnd::Generator fourth{rnd::PCG64(seqs[4])};
    CHECK(first(fourth, 10) == streams[4]);
}

TEST_CASE("Generator.spawn: one generator per worker thread, the same draws as in sequence", "[random][generator][threads]") {
    constexpr std::size_t workers = 4, n = 2000;
    std::vector<std::vector<double>> expected;
    {
        auto parent = rnd::default_rng(2024);
        for (auto& c : parent.spawn(workers)) expected.push_back(first(c, n));
    }
    auto parent = rnd::default_rng(2024);
    auto children = parent.spawn(workers);
    me::BudgetContext budget(1e9, "workers");
    std::vector<std::vector<double>> got(workers);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < workers; ++t)
        pool.emplace_back([&, t] {
            auto guard = budget.enter();
            got[t] = values(children[t].random({n}));
        });
    for (auto& th : pool) th.join();
    CHECK(got == expected);
    CHECK(budget.flops_used() == static_cast<me::flops_t>(workers * n));
}

TEST_CASE("Generator: every method charges its registry formula exactly", "[random][generator][flops]") {
    auto g = rnd::default_rng(3);
    check_charge([&] { (void)g.random({4, 5}); }, "random.random", 20);
    check_charge([&] { (void)g.random(); }, "random.random", 1);
    check_charge([&] { (void)g.integers(0, 9, {7}); }, "random.integers", 7);
    check_charge([&] { (void)g.integers(0, 9, {0}); }, "random.integers", 1);
    check_charge([&] { (void)g.standard_normal({3, 3}); }, "random.standard_normal", 9);
    check_charge([&] { (void)g.normal(me::array<double>{0.0, 1.0, 2.0}, 1.0); }, "random.normal", 3);
    check_charge([&] { (void)g.uniform(0.0, 2.0, {6}); }, "random.uniform", 6);
    check_charge([&] { (void)g.standard_exponential({8}); }, "random.standard_exponential", 8);
    check_charge([&] { (void)g.exponential(2.0, {2, 2}); }, "random.exponential", 4);
    check_charge([&] { (void)g.permutation(16); }, "random.permutation", 16 * 4);
    auto x = test_support::iota({9, 2});
    check_charge([&] { g.shuffle(x); }, "random.shuffle", 9 * 4);
    check_charge([&] { (void)g.choice(100, {5}); }, "random.choice", 5);
    check_charge([&] { (void)g.choice(100, {5}, {.replace = false}); }, "random.choice", 100 * 7);
    check_charge([&] { (void)g.bytes(13); }, "random.bytes", 13);
    static_assert(me::flops::sample_cost({4, 5}) == 20 && me::flops::sample_cost({}) == 1);
    check_charge([&] { (void)g.standard_normal({2, 3}); }, "random.standard_normal",
                 me::flops::sample_cost(me::shape_t{2, 3}));
    check_charge([&] { (void)g.choice(100, {5}, {.replace = false}); }, "random.choice",
                 me::flops::choice_cost(100, {5}, false));
    check_charge([&] { (void)g.permutation(16); }, "random.permutation", me::flops::permutation_cost(16));
}

TEST_CASE("Generator: a too-small budget raises before drawing and the stream stays put", "[random][generator][budget]") {
    auto g = rnd::default_rng(5);
    const auto before = g.bit_generator().state();
    check_too_small([&] { (void)g.random({10}); }, "random.random", 10);
    check_too_small([&] { (void)g.integers(0, 4, {10}); }, "random.integers", 10);
    check_too_small([&] { (void)g.standard_normal({10}); }, "random.standard_normal", 10);
    check_too_small([&] { (void)g.normal(0.0, 1.0, {10}); }, "random.normal", 10);
    check_too_small([&] { (void)g.permutation(8); }, "random.permutation", 24);
    check_too_small([&] { (void)g.choice(8, {3}, {.replace = false}); }, "random.choice", 24);
    check_too_small([&] { (void)g.bytes(10); }, "random.bytes", 10);
    auto x = test_support::iota({8});
    const auto x0 = x;
    check_too_small([&] { g.shuffle(x); }, "random.shuffle", 24);
    CHECK(me::identical(x, x0));
    const auto after = g.bit_generator().state();
    CHECK(after.state == before.state);
    CHECK(after.inc == before.inc);
    auto fresh = rnd::default_rng(5);
    CHECK(first(g, 10) == first(fresh, 10));
}

TEST_CASE("Generator: bad parameters raise NumPy's errors, charge nothing, draw nothing", "[random][generator][errors]") {
    auto g = rnd::default_rng(9);
    const auto before = g.bit_generator().state();
    test_support::check_rejected<me::ValueError>([&] { (void)g.normal(0.0, -1.0); }, {"scale"});
    test_support::check_rejected<me::ValueError>([&] { (void)g.integers(5, 5); }, {"low >= high"});
    test_support::check_rejected<me::ValueError>([&] { (void)g.integers(6, 5, {}, true); }, {"low > high"});
    test_support::check_rejected<me::ValueError>([&] { (void)g.choice(3, {4}, {.replace = false}); }, {"larger sample"});
    test_support::check_rejected<me::ValueError>([&] { (void)g.bytes(-1); }, {"negative"});
    const auto after = g.bit_generator().state();
    CHECK(after.state == before.state);
    CHECK(after.has_uint32 == before.has_uint32);
}

// ==== continuous distributions: charges, too-small budgets, bad parameters ====
// ==== end of continuous distributions ====

// ==== noncentral chi-square and F, dirichlet, multinomial ====
// ==== end of noncentral, dirichlet, multinomial ====

// ==== discrete distributions and multivariate_hypergeometric ====
// ==== end of discrete distributions ====

// me::random::Generator (default_rng) beyond NumPy's values (those are the default_rng
// streams of differential/diff_random_state.cpp): seeding forms and their rejections,
// bit generator state access, jumped and spawned streams, workers on spawned generators,
// the exact charge of every method, and budgets too small that leave the stream untouched.
#include "support.hpp"

#include <cstdint>
#include <functional>
#include <limits>
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

TEST_CASE("Generator.shuffle and permutation along an axis: charged by that axis's length; an empty shuffle draws nothing",
          "[random][generator][flops]") {
    auto x = me::array<double>::uninitialized({2, 8});
    for (std::size_t i = 0; i < 16; ++i) x.data()[i] = static_cast<double>(i);
    auto g = rnd::default_rng(5);
    check_charge([&] { g.shuffle(x, 1); }, "random.shuffle", 24);  // 8 * ceil(log2 8)
    check_charge([&] { (void)g.permutation(x, -1); }, "random.permutation", 24);
    check_charge([&] { (void)g.permutation(x, 0); }, "random.permutation", 2);
    auto h = rnd::default_rng(5);
    check_too_small([&] { h.shuffle(x, 1); }, "random.shuffle", 24);
    auto fresh = rnd::default_rng(5);
    CHECK(first(h, 3) == first(fresh, 3));
    auto empty = me::array<double>::uninitialized({3, 0});
    auto e = rnd::default_rng(5);
    {
        me::BudgetContext budget(1e6);
        e.shuffle(empty);
    }
    auto reference = rnd::default_rng(5);
    CHECK(first(e, 3) == first(reference, 3));
    test_support::check_rejected<me::AxisError>([&] { g.shuffle(x, 2); }, {"axis"});
}

// ==== continuous distributions: charges, too-small budgets, bad parameters ====
namespace {

struct continuous_row {
    const char* op;
    me::flops_t cost;
    std::function<void(rnd::Generator&)> call;
};

// Every continuous method once, with a parameter array broadcasting against size where
// the method takes parameters, so the charge is numel of the broadcast output.
std::vector<continuous_row> continuous_rows() {
    const me::array<double> col = {{1.5, 2.5}, {3.5, 4.5}};
    return {
        {"random.standard_gamma", 4, [=](auto& g) { (void)g.standard_gamma(col, {2, 2}); }},
        {"random.standard_gamma", 4, [](auto& g) { (void)g.template standard_gamma<float>(0.5, {4}); }},
        {"random.gamma", 12, [=](auto& g) { (void)g.gamma(col, 2.0, {3, 2, 2}); }},
        {"random.beta", 5, [](auto& g) { (void)g.beta(0.5, 0.5, {5}); }},
        {"random.chisquare", 4, [=](auto& g) { (void)g.chisquare(col); }},
        {"random.f", 3, [](auto& g) { (void)g.f(2.0, 3.0, {3}); }},
        {"random.standard_t", 3, [](auto& g) { (void)g.standard_t(4.0, {3}); }},
        {"random.standard_cauchy", 7, [](auto& g) { (void)g.standard_cauchy({7}); }},
        {"random.lognormal", 4, [=](auto& g) { (void)g.lognormal(me::array<double>{0.0, 1.0}, col); }},
        {"random.pareto", 1, [](auto& g) { (void)g.pareto(2.0); }},
        {"random.weibull", 2, [](auto& g) { (void)g.weibull(1.5, {2}); }},
        {"random.power", 2, [](auto& g) { (void)g.power(1.5, {2}); }},
        {"random.rayleigh", 3, [](auto& g) { (void)g.rayleigh(1.0, {3}); }},
        {"random.wald", 3, [](auto& g) { (void)g.wald(1.0, 2.0, {3}); }},
        {"random.vonmises", 3, [](auto& g) { (void)g.vonmises(0.0, 2e6, {3}); }},
        {"random.laplace", 3, [](auto& g) { (void)g.laplace(0.0, 1.0, {3}); }},
        {"random.gumbel", 3, [](auto& g) { (void)g.gumbel(0.0, 1.0, {3}); }},
        {"random.logistic", 3, [](auto& g) { (void)g.logistic(0.0, 1.0, {3}); }},
        {"random.triangular", 8, [](auto& g) { (void)g.triangular(0.0, 0.5, 1.0, {2, 4}); }},
        {"random.random", 5, [](auto& g) { (void)g.template random<float>({5}); }},
        {"random.standard_normal", 5, [](auto& g) { (void)g.template standard_normal<float>({5}); }},
        {"random.standard_exponential", 5,
         [](auto& g) { (void)g.template standard_exponential<float>({5}, rnd::exponential_method::inv); }},
    };
}

// Each row: the exact charge (also sample_cost's), and a too-small budget that raises,
// charges nothing and leaves the whole PCG64 state where a fresh generator's is.
void check_rows(const std::vector<continuous_row>& rows, std::uint64_t seed) {
    for (const auto& row : rows) {
        auto g = rnd::default_rng(seed);
        check_charge([&] { row.call(g); }, row.op, row.cost);
        CHECK(row.cost == me::flops::sample_cost(me::shape_t{static_cast<std::size_t>(row.cost)}));
        auto h = rnd::default_rng(seed);
        check_too_small([&] { row.call(h); }, row.op, row.cost);
        auto fresh = rnd::default_rng(seed);
        CHECK(h.bit_generator().state() == fresh.bit_generator().state());
        CHECK(first(h, 5) == first(fresh, 5));
    }
}

}  // namespace

TEST_CASE("Generator: every continuous method charges numel(output), before drawing", "[random][generator][flops]") {
    check_rows(continuous_rows(), 11);
}

TEST_CASE("Generator: continuous methods reject NumPy's bad parameters, charging and drawing nothing",
          "[random][generator][errors]") {
    auto g = rnd::default_rng(13);
    const auto before = g.bit_generator().state();
    using test_support::check_rejected;
    const me::array<double> mixed{1.0, -0.5};
    check_rejected<me::ValueError>([&] { (void)g.standard_gamma(-1.0); }, {"shape < 0"});
    check_rejected<me::ValueError>([&] { (void)g.template standard_gamma<float>(mixed); }, {"shape < 0"});
    check_rejected<me::ValueError>([&] { (void)g.gamma(1.0, -1.0); }, {"scale < 0"});
    check_rejected<me::ValueError>([&] { (void)g.beta(0.0, 1.0); }, {"a <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.chisquare(0.0); }, {"df <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.f(1.0, 0.0); }, {"dfden <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.standard_t(-2.0); }, {"df <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.lognormal(0.0, -1.0); }, {"sigma < 0"});
    check_rejected<me::ValueError>([&] { (void)g.pareto(0.0); }, {"a <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.weibull(-1.0); }, {"a < 0"});
    check_rejected<me::ValueError>([&] { (void)g.power(0.0); }, {"a <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.rayleigh(-1.0); }, {"scale < 0"});
    check_rejected<me::ValueError>([&] { (void)g.wald(1.0, 0.0); }, {"scale <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.vonmises(0.0, -1.0); }, {"kappa < 0"});
    check_rejected<me::ValueError>([&] { (void)g.laplace(0.0, -1.0); }, {"scale < 0"});
    check_rejected<me::ValueError>([&] { (void)g.gumbel(0.0, -1.0); }, {"scale < 0"});
    check_rejected<me::ValueError>([&] { (void)g.logistic(0.0, -1.0); }, {"scale < 0"});
    check_rejected<me::ValueError>([&] { (void)g.triangular(1.0, 0.0, 2.0); }, {"left > mode"});
    check_rejected<me::ValueError>([&] { (void)g.triangular(1.0, 1.0, 1.0); }, {"left == right"});
    check_rejected<me::ValueError>([&] { (void)g.gamma(me::array<double>{1.0, 2.0, 3.0}, 1.0, {2}); }, {"broadcast"});
    const auto after = g.bit_generator().state();
    CHECK(after.state == before.state);
    CHECK(after.has_uint32 == before.has_uint32);
}
// ==== end of continuous distributions ====

// ==== noncentral chi-square and F, dirichlet, multinomial ====
TEST_CASE("Generator: noncentral chi-square and F charge numel(output) before drawing, and reject bad parameters",
          "[random][generator][flops][errors]") {
    const me::array<double> nonc = {0.0, 1.0, 2.0};
    const std::vector<continuous_row> rows = {
        {"random.noncentral_chisquare", 6, [=](auto& g) { (void)g.noncentral_chisquare(0.5, nonc, {2, 3}); }},
        {"random.noncentral_chisquare", 1, [](auto& g) { (void)g.noncentral_chisquare(3.0, 2.0); }},
        {"random.noncentral_f", 3, [=](auto& g) { (void)g.noncentral_f(3.0, 7.0, nonc); }},
        // dirichlet and multinomial: numel of size + (k,), whichever algorithm draws it.
        {"random.dirichlet", 12, [](auto& g) { (void)g.dirichlet({0.5, 1.0, 2.0}, {2, 2}); }},
        {"random.dirichlet", 6, [](auto& g) { (void)g.dirichlet(std::vector<double>{0.05, 0.05}, {3}); }},
        {"random.dirichlet", 1, [](auto& g) { (void)g.dirichlet(std::vector<double>{}, {4}); }},
        {"random.multinomial", 15, [](auto& g) { (void)g.multinomial(20, {0.2, 0.3, 0.5}, {5}); }},
        {"random.multinomial", 12,
         [](auto& g) { (void)g.multinomial(me::array<std::int64_t>{10, 20}, me::array<double>{{0.5, 0.5}, {0.1, 0.9}}, {3, 2}); }},
    };
    check_rows(rows, 17);
    auto g = rnd::default_rng(19);
    const auto before = g.bit_generator().state();
    using test_support::check_rejected;
    check_rejected<me::ValueError>([&] { (void)g.noncentral_chisquare(0.0, 1.0); }, {"df <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.noncentral_chisquare(1.0, -1.0); }, {"nonc < 0"});
    check_rejected<me::ValueError>([&] { (void)g.noncentral_f(1.0, 0.0, 1.0); }, {"dfden <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.noncentral_f(1.0, 1.0, -0.5); }, {"nonc < 0"});
    check_rejected<me::ValueError>([&] { (void)g.dirichlet({0.5, 0.0}); }, {"alpha <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.dirichlet(2.0); }, {"1-d"});
    check_rejected<me::ValueError>([&] { (void)g.dirichlet(me::array<double>{{1.0, 2.0}, {3.0, 4.0}}); }, {"too deep"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(5, std::vector<double>{}); }, {"last dimension"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(5, {0.5, 1.5}); }, {"pvals < 0, pvals > 1"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(5, {0.7, 0.7, 0.1}); }, {"sum(pvals[:-1]) > 1.0"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(-1, {0.5, 0.5}); }, {"n < 0"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(me::array<std::int64_t>{1, 2}, {0.5, 0.5}, {2, 1}); },
                                   {"Output size (2, 1) is not compatible"});
    check_rejected<me::ValueError>([&] { (void)g.multinomial(me::array<std::int64_t>{1, 2}, {0.5, 0.5}, {3}); },
                                   {"shape mismatch", "arg 0 with shape (2,) and arg 2 with shape (3,)"});
    CHECK(g.bit_generator().state().state == before.state);
}

TEST_CASE("Generator: multinomial rows count every trial; dirichlet rows sum to 1", "[random][generator]") {
    me::BudgetContext budget(1e9);
    auto g = rnd::default_rng(3);
    auto trials = me::array<std::int64_t>::uninitialized({2, 1});  // a column: each row of size draws its own n
    trials.data()[0] = 10;
    trials.data()[1] = 1000;
    const auto counts = g.multinomial(trials, {0.2, 0.3, 0.5}, {2, 4});
    REQUIRE(counts.shape() == me::shape_t{2, 4, 3});
    for (std::size_t r = 0; r < 8; ++r) {
        const std::int64_t* row = counts.data() + 3 * r;
        CHECK(row[0] + row[1] + row[2] == (r < 4 ? 10 : 1000));
    }
    for (const auto& alpha : {std::vector<double>{0.01, 0.02, 0.05}, std::vector<double>{2.0, 3.0, 4.0}}) {
        const auto x = g.dirichlet(alpha, {50});
        for (std::size_t r = 0; r < 50; ++r) CHECK(x.data()[3 * r] + x.data()[3 * r + 1] + x.data()[3 * r + 2] == Approx(1.0));
    }
}
// ==== end of noncentral, dirichlet, multinomial ====

// ==== discrete distributions ====
TEST_CASE("Generator: discrete methods charge numel(output) before drawing, and reject NumPy's bad parameters",
          "[random][generator][flops][errors]") {
    const me::array<double> ps = {0.1, 0.5, 0.9};
    const std::vector<continuous_row> rows = {
        {"random.binomial", 6, [=](auto& g) { (void)g.binomial(10, ps, {2, 3}); }},
        {"random.binomial", 1, [](auto& g) { (void)g.binomial(0, 0.5); }},
        {"random.poisson", 4, [](auto& g) { (void)g.poisson(20.0, {4}); }},
        {"random.geometric", 3, [=](auto& g) { (void)g.geometric(ps); }},
        {"random.negative_binomial", 5, [](auto& g) { (void)g.negative_binomial(2.5, 0.4, {5}); }},
        {"random.logseries", 2, [](auto& g) { (void)g.logseries(0.7, {2}); }},
        {"random.zipf", 3, [](auto& g) { (void)g.zipf(2.0, {3}); }},
    };
    check_rows(rows, 23);
    auto g = rnd::default_rng(29);
    const auto before = g.bit_generator().state();
    using test_support::check_rejected;
    check_rejected<me::ValueError>([&] { (void)g.binomial(-1, 2.0); }, {"p < 0, p > 1 or p is NaN"});  // p first
    check_rejected<me::ValueError>([&] { (void)g.binomial(-1, 0.5); }, {"n < 0"});
    check_rejected<me::ValueError>([&] { (void)g.binomial(5, ps, {2}); }, {"shape mismatch"});
    check_rejected<me::ValueError>([&] { (void)g.poisson(-1.0); }, {"lam < 0 or lam is NaN"});
    check_rejected<me::ValueError>([&] { (void)g.poisson(1e19); }, {"lam value too large"});
    check_rejected<me::ValueError>([&] { (void)g.geometric(0.0); }, {"p <= 0, p > 1 or p contains NaNs"});
    check_rejected<me::ValueError>([&] { (void)g.negative_binomial(0.0, 0.5); }, {"n <= 0"});
    check_rejected<me::ValueError>([&] { (void)g.negative_binomial(std::nan(""), 0.5); }, {"n must not be NaN"});
    check_rejected<me::ValueError>([&] { (void)g.negative_binomial(1.0, 0.0); }, {"p <= 0, p > 1"});
    check_rejected<me::ValueError>([&] { (void)g.negative_binomial(1e18, 1e-3); }, {"n too large or p too small"});
    check_rejected<me::ValueError>([&] { (void)g.logseries(1.0); }, {"p < 0, p >= 1 or p is NaN"});
    check_rejected<me::ValueError>([&] { (void)g.zipf(me::array<double>{0.5}); }, {"a <= 1 or a contains NaNs"});
    CHECK(g.bit_generator().state() == before);
}

TEST_CASE("Generator: discrete edge values are NumPy's", "[random][generator]") {
    me::BudgetContext budget(1e9);
    auto g = rnd::default_rng(31);
    const auto before = g.bit_generator().state();
    for (std::int64_t v : g.binomial(0, 0.5, {4})) CHECK(v == 0);    // no draw for n = 0
    for (std::int64_t v : g.binomial(9, 0.0, {4})) CHECK(v == 0);    // nor for p = 0
    CHECK(g.bit_generator().state() == before);
    for (std::int64_t v : g.binomial(9, 1.0, {4})) CHECK(v == 9);
    for (std::int64_t v : g.geometric(1.0, {4})) CHECK(v == 1);
    for (std::int64_t v : g.logseries(0.0, {4})) CHECK(v == 1);
    for (std::int64_t v : g.negative_binomial(3.0, 1.0, {4})) CHECK(v == 0);
}
// ==== end of discrete distributions ====

// ==== hypergeometric and multivariate_hypergeometric ====
TEST_CASE("Generator: hypergeometric and multivariate_hypergeometric charge before drawing and reject bad counts",
          "[random][generator][flops][errors]") {
    const me::array<std::int64_t> goods = {10, 400};
    const std::vector<continuous_row> rows = {
        {"random.hypergeometric", 6, [=](auto& g) { (void)g.hypergeometric(goods, 600, 50, {3, 2}); }},
        {"random.hypergeometric", 1, [](auto& g) { (void)g.hypergeometric(5, 5, 3); }},
        {"random.multivariate_hypergeometric", 12, [](auto& g) { (void)g.multivariate_hypergeometric({16, 8, 4}, 6, {4}); }},
        // count: 12 values + the urn of 28 + 4 variates x min(6, 22) swaps
        {"random.multivariate_hypergeometric", 64,
         [](auto& g) { (void)g.multivariate_hypergeometric({16, 8, 4}, 6, {4}, rnd::mvhg_method::count); }},
        // count with nsample = 20: the complement (8 swaps per variate) is drawn
        {"random.multivariate_hypergeometric", 72,
         [](auto& g) { (void)g.multivariate_hypergeometric({16, 8, 4}, 20, {4}, rnd::mvhg_method::count); }},
    };
    check_rows(rows, 37);
    CHECK(me::flops::multivariate_hypergeometric_cost(me::shape_t{4, 3}, 28, 6, true) == 64);
    CHECK(me::flops::multivariate_hypergeometric_cost(me::shape_t{4, 3}, 28, 0, true) == 12);
    auto g = rnd::default_rng(41);
    const auto before = g.bit_generator().state();
    using test_support::check_rejected;
    check_rejected<me::ValueError>([&] { (void)g.hypergeometric(-1, 5, 10); }, {"ngood + nbad < nsample"});  // sum first
    check_rejected<me::ValueError>([&] { (void)g.hypergeometric(5, -1, 2); }, {"nbad < 0"});
    check_rejected<me::ValueError>([&] { (void)g.hypergeometric(5, 5, -1); }, {"nsample < 0"});
    check_rejected<me::ValueError>([&] { (void)g.hypergeometric(1000000000, 1, 1); }, {"less than 1000000000"});
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({3, 2}, -1); }, {"nsample must be nonnegative."});
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({3, -2}, 1); }, {"one-dimensional sequence of nonnegative"});
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({3, 2}, 6); }, {"nsample > sum(colors)"});
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({1000000000}, 1); }, {"must be less than 1000000000"});
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2 + 1;
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({big, big}, 1); }, {"64 bit signed integer"});
    check_rejected<me::ValueError>([&] { (void)g.multivariate_hypergeometric({big}, 1, {}, rnd::mvhg_method::count); },
                                   {"When method is 'count'"});
    CHECK(g.bit_generator().state() == before);
}

TEST_CASE("Generator: a giant urn for method count fails before anything is charged", "[random][generator][errors]") {
    auto g = rnd::default_rng(43);
    const auto before = g.bit_generator().state();
    me::BudgetContext budget(1e30);
    const std::int64_t huge = std::int64_t{1} << 58;  // within NumPy's limit, past any memory
    CHECK_THROWS_AS(g.multivariate_hypergeometric({huge}, 1, {}, rnd::mvhg_method::count), me::ValueError);
    CHECK(budget.flops_used() == 0);
    CHECK(g.bit_generator().state() == before);
}

TEST_CASE("Generator: multivariate_hypergeometric variates add up to nsample", "[random][generator]") {
    me::BudgetContext budget(1e9);
    auto g = rnd::default_rng(47);
    for (auto method : {rnd::mvhg_method::marginals, rnd::mvhg_method::count}) {
        const auto x = g.multivariate_hypergeometric({50, 0, 30, 20}, 70, {25}, method);
        for (std::size_t r = 0; r < 25; ++r) {
            const std::int64_t* v = x.data() + 4 * r;
            CHECK(v[0] + v[1] + v[2] + v[3] == 70);
            CHECK(v[1] == 0);
            CHECK((v[0] <= 50 && v[2] <= 30 && v[3] <= 20));
        }
    }
}
// ==== end of hypergeometric distributions ====

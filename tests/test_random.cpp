// me::random: the generator itself, exact FLOP charges, budgets that run out before any
// draw, bad arguments, and thread safety. Values against NumPy are in differential/diff_random.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace rnd = me::random;

namespace {

// The whole generator state, to show that a call did not advance it.
rnd::state_t state() { return rnd::get_state(); }

// Runs `f`, which must throw E, inside a fresh context; checks nothing was charged and the
// generator did not move.
template <class E, class F>
void rejects(F&& f) {
    me::BudgetContext budget(1e12);
    const auto before = state();
    CHECK_THROWS_AS(f(), E);
    CHECK(budget.flops_used() == 0);
    CHECK(state() == before);
}

// Runs `f` in a fresh context and returns what it charged.
template <class F>
me::flops_t charged(F&& f) {
    me::BudgetContext budget(1e15);
    f();
    return budget.flops_used();
}

}  // namespace

TEST_CASE("random: MT19937 matches std::mt19937 (init_genrand and tempering)", "[random]") {
    for (std::uint32_t s : {0U, 1U, 42U, 5489U, 0xFFFFFFFFU}) {
        me::detail::mt19937 ours;
        ours.seed(s);
        std::mt19937 ref(s);
        for (int i = 0; i < 2000; ++i) REQUIRE(ours.next32() == ref());
    }
}

TEST_CASE("random: seed sets NumPy's state, get_state and set_state round-trip", "[random]") {
    me::BudgetContext budget(1e9);
    rnd::seed(42);
    auto st = state();
    CHECK(st.pos == 624);
    CHECK(st.has_gauss == 0);
    CHECK(st.key[0] == 42U);
    CHECK(st.key[1] == 1812433253U * (42U ^ (42U >> 30)) + 1U);
    // np.random.seed(42); np.random.rand() == 0.3745401188473625 (documented in the toolchain notes).
    CHECK(rnd::rand().item() == 0.3745401188473625);

    (void)rnd::randn(1);  // caches the second gaussian
    st = state();
    CHECK(st.has_gauss == 1);
    const double next = rnd::randn().item();
    CHECK(next == st.cached_gaussian);
    rnd::set_state(st);
    CHECK(rnd::randn().item() == next);
    // Reseeding drops the cached gaussian.
    (void)rnd::randn(1);
    rnd::seed(42);
    CHECK(state().has_gauss == 0);
    CHECK(budget.flops_used() == 1 + 1 + 1 + 1 + 1);
}

TEST_CASE("random: each op charges its registry formula exactly", "[random][flops]") {
    rnd::seed(0);
    // Hand-computed numbers and the cost functions, both.
    CHECK(charged([] { (void)rnd::randn(256, 256); }) == 65536);
    CHECK(me::flops::random_cost(me::shape_t{256, 256}) == 65536);
    CHECK(charged([] { (void)rnd::randn(); }) == 1);
    CHECK(charged([] { (void)rnd::rand(3, 4, 5); }) == 60);
    CHECK(charged([] { (void)rnd::rand(0, 4); }) == 1);  // every op costs at least 1
    CHECK(charged([] { (void)rnd::random_sample({2, 3}); }) == 6);
    CHECK(charged([] { (void)rnd::random({7}); }) == 7);
    CHECK(charged([] { (void)rnd::ranf(); }) == 1);
    CHECK(charged([] { (void)rnd::sample({2, 2}); }) == 4);
    CHECK(charged([] { (void)rnd::standard_normal({10}); }) == 10);
    CHECK(charged([] { (void)rnd::normal(0.0, 1.0, {256, 256}); }) == 65536);
    CHECK(charged([] { (void)rnd::uniform(-1.0, 1.0, {3, 3}); }) == 9);
    CHECK(charged([] { (void)rnd::lognormal(0.0, 1.0, {5}); }) == 5);
    CHECK(charged([] { (void)rnd::exponential(2.0, {5}); }) == 5);
    CHECK(charged([] { (void)rnd::standard_exponential({5}); }) == 5);
    CHECK(charged([] { (void)rnd::standard_cauchy({5}); }) == 5);
    CHECK(charged([] { (void)rnd::randint(0, 10, {4, 5}); }) == 20);
    CHECK(charged([] { (void)rnd::randint(10); }) == 1);
    CHECK(charged([] { (void)rnd::random_integers(1, 6, {8}); }) == 8);
    // n*ceil(log2 n): 10*4, 1000*10, 8*3; n <= 1 costs 1.
    CHECK(charged([] { (void)rnd::permutation(10); }) == 40);
    CHECK(me::flops::permutation_cost(10) == 40);
    CHECK(charged([] { (void)rnd::permutation(1); }) == 1);
    CHECK(charged([] { (void)rnd::permutation(-3); }) == 1);
    me::array<double> m = me::array<double>::uninitialized(me::shape_t{8, 3});
    std::fill(m.begin(), m.end(), 1.0);
    CHECK(charged([&] { (void)rnd::permutation(m); }) == 24);
    auto v = me::array<std::int64_t>::uninitialized(me::shape_t{1000});
    std::fill(v.begin(), v.end(), 0);
    CHECK(charged([&] { rnd::shuffle(v); }) == 10000);
    CHECK(me::flops::shuffle_cost(1000) == 10000);
    // choice: numel(size) with replacement, n*ceil(log2 n) without.
    CHECK(charged([] { (void)rnd::choice(10, {3}); }) == 3);
    CHECK(charged([] { (void)rnd::choice(10, {3}, {.replace = false}); }) == 40);
    CHECK(charged([] { (void)rnd::choice(5, {4}, {.p = {0.1, 0.2, 0.3, 0.2, 0.2}}); }) == 4);
    CHECK(charged([] { (void)rnd::choice(5, {2}, {.replace = false, .p = {0.1, 0.2, 0.3, 0.2, 0.2}}); }) == 15);
    CHECK(me::flops::choice_cost(10, {3}, false) == 40);
    CHECK(me::flops::choice_cost(10, {3}, true) == 3);
    // Seeding and state are free.
    CHECK(charged([] { rnd::seed(3); (void)rnd::get_state(); rnd::set_state(rnd::get_state()); }) == 0);
}

TEST_CASE("random: ops are tallied under their NumPy names", "[random][flops]") {
    me::BudgetContext budget(1e9);
    (void)rnd::randn(4, 4);
    (void)rnd::randn(2);
    (void)rnd::ranf({3});
    (void)rnd::permutation(8);
    CHECK(budget.operation("random.randn").calls == 2);
    CHECK(budget.operation("random.randn").flop_cost == 18);
    CHECK(budget.operation("random.ranf").flop_cost == 3);
    CHECK(budget.operation("random.permutation").flop_cost == 24);
    CHECK(budget.flops_used() == 45);
}

TEST_CASE("random: a too-small budget raises before drawing", "[random][budget]") {
    rnd::seed(7);
    {
        me::BudgetContext outer(1e9);
        (void)rnd::randn(1);  // a cached gaussian must survive the failed calls too
    }
    const auto before = state();
    // What the next ten gaussians are, to check later that the failures did not move the stream.
    const auto expected = [&] {
        me::BudgetContext scratch(1e9);
        auto a = rnd::randn(10);
        rnd::set_state(before);
        return a;
    }();
    me::BudgetContext budget(10);
    CHECK_THROWS_AS(rnd::randn(4, 4), me::BudgetExhaustedError);
    CHECK_THROWS_AS(rnd::rand(11), me::BudgetExhaustedError);
    CHECK_THROWS_AS(rnd::normal(0.0, 1.0, {3, 4}), me::BudgetExhaustedError);
    CHECK_THROWS_AS(rnd::randint(0, 5, {11}), me::BudgetExhaustedError);
    CHECK_THROWS_AS(rnd::permutation(5), me::BudgetExhaustedError);  // 5*3 = 15 > 10
    CHECK_THROWS_AS(rnd::choice(5, {2}, {.replace = false}), me::BudgetExhaustedError);
    auto x = me::array<double>{1, 2, 3, 4, 5, 6};
    const auto x0 = x;
    CHECK_THROWS_AS(rnd::shuffle(x), me::BudgetExhaustedError);
    CHECK(me::identical(x, x0));
    CHECK(budget.flops_used() == 0);
    CHECK(state() == before);
    // A budget that is exactly enough succeeds, with the draws it would have made anyway.
    const auto got = rnd::randn(10);
    CHECK(me::identical(got, expected));
    CHECK(budget.flops_remaining() == 0);
}

TEST_CASE("random: bad arguments raise me:: errors, charge nothing, draw nothing", "[random][errors]") {
    rnd::seed(11);
    {
        me::BudgetContext b(1e6);
        (void)rnd::randn(1);
    }
    rejects<me::ValueError>([] { (void)rnd::rand(-1); });
    rejects<me::ValueError>([] { (void)rnd::randn(2, -3); });
    rejects<me::ValueError>([] { (void)rnd::random_sample({static_cast<std::size_t>(-2)}); });
    rejects<me::ValueError>([] { (void)rnd::rand(std::int64_t{1} << 40, std::int64_t{1} << 40); });  // too big
    rejects<me::ValueError>([] { (void)rnd::randint(5, 5, {3}); });
    rejects<me::ValueError>([] { (void)rnd::randint(10, 0); });
    rejects<me::ValueError>([] { (void)rnd::randint(0); });
    rejects<me::ValueError>([] { (void)rnd::randint<std::int32_t>(0, (std::int64_t{1} << 31) + 1, {2}); });
    rejects<me::ValueError>([] { (void)rnd::random_integers(0, std::numeric_limits<std::int64_t>::max(), {2}); });
    rejects<me::ValueError>([] { (void)rnd::normal(0.0, -1.0, {3}); });
    rejects<me::ValueError>([] { (void)rnd::normal(0.0, -0.0); });
    rejects<me::ValueError>([] { (void)rnd::lognormal(0.0, -1.0); });
    rejects<me::ValueError>([] { (void)rnd::exponential(-1.0); });
    rejects<me::ValueError>([] { (void)rnd::uniform(0.0, INFINITY, {2}); });
    rejects<me::ValueError>([] { (void)rnd::uniform(NAN, 1.0, {2}); });
    rejects<me::ValueError>([] { (void)rnd::choice(5, {6}, {.replace = false}); });
    rejects<me::ValueError>([] { (void)rnd::choice(0, {3}); });
    rejects<me::ValueError>([] { (void)rnd::choice(5, {}, {.p = {0.5, 0.6, 0, 0, 0}}); });
    rejects<me::ValueError>([] { (void)rnd::choice(5, {}, {.p = {0.25, 0.25, 0.25, 0.25}}); });
    rejects<me::ValueError>([] { (void)rnd::choice(3, {}, {.p = {1.5, -0.5, 0}}); });
    rejects<me::ValueError>([] { (void)rnd::choice(3, {}, {.p = {NAN, 0.5, 0.5}}); });
    rejects<me::ValueError>([] { (void)rnd::choice(5, {3}, {.replace = false, .p = {1, 0, 0, 0, 0}}); });
    rejects<me::ValueError>([] { (void)rnd::choice(me::array<double>{{1.0, 2.0}, {3.0, 4.0}}, {1}); });
    rejects<me::ValueError>([] { (void)rnd::choice(me::array<double>(), {2}); });
    rejects<me::ValueError>([] {
        (void)rnd::choice(4, {2}, {.p = me::array<double>{{0.25, 0.25}, {0.25, 0.25}}});
    });
    rejects<me::IndexError>([] { (void)rnd::permutation(me::array<double>(3.0)); });
    rejects<me::ValueError>([] {
        me::array<double> x(3.0);
        rnd::shuffle(x);
    });
    rejects<me::ValueError>([] { rnd::seed(-1); });
    rejects<me::ValueError>([] { rnd::seed(std::int64_t{1} << 32); });
    rejects<me::ValueError>([] { rnd::seed(std::vector<std::int64_t>{}); });
    rejects<me::ValueError>([] { rnd::seed(std::vector<std::int64_t>{1, -2}); });
    rejects<me::ValueError>([] {
        auto st = rnd::get_state();
        st.pos = 625;
        rnd::set_state(st);
    });
    // A float32 p gets float32's tolerance; the same numbers as doubles do not.
    me::BudgetContext b(1e6);
    const me::array<float> p32 = {0.25f, 0.25f, 0.25f, 0.25005f};
    CHECK_NOTHROW(rnd::choice(4, {2}, {.p = p32}));
    CHECK_THROWS_AS(rnd::choice(4, {2}, {.p = {0.25, 0.25, 0.25, 0.25005}}), me::ValueError);
}

TEST_CASE("random: results have NumPy's shapes and element types", "[random]") {
    me::BudgetContext b(1e9);
    rnd::seed(5);
    CHECK(rnd::rand().ndim() == 0);
    CHECK(rnd::randn(2, 3).shape() == me::shape_t{2, 3});
    CHECK(rnd::randint(0, 5, {4}).dtype() == "int64");
    CHECK(rnd::randint<std::int32_t>(0, 5, {4}).dtype() == "int32");
    CHECK(rnd::randint(3, 3, {0}).size() == 0);  // empty size: no bounds check, as NumPy
    const auto r = rnd::randint(-3, 4, {1000});
    CHECK(*std::min_element(r.begin(), r.end()) == -3);
    CHECK(*std::max_element(r.begin(), r.end()) == 3);
    auto p = rnd::permutation(50);
    std::sort(p.begin(), p.end());
    for (std::int64_t i = 0; i < 50; ++i) CHECK(p.data()[i] == i);
    const me::array<std::int32_t> rows = {{1, 1}, {2, 2}, {3, 3}};
    const auto pr = rnd::permutation(rows);
    CHECK(pr.shape() == me::shape_t{3, 2});
    for (std::size_t i = 0; i < 3; ++i) CHECK(pr(i, 0) == pr(i, 1));  // rows move whole
    const me::array<float> a = {1.5f, 2.5f};
    const auto c = rnd::choice(a, {3, 2});
    CHECK(c.dtype() == "float32");
    CHECK(c.shape() == me::shape_t{3, 2});
    const auto u = rnd::choice(20, {20}, {.replace = false});
    CHECK(std::set<std::int64_t>(u.begin(), u.end()).size() == 20);
}

TEST_CASE("random: the global generator is thread-safe and loses no draw", "[random][threads]") {
    constexpr int threads = 4, calls = 100, per_call = 50;
    rnd::seed(2024);
    std::vector<double> expected;
    rnd::state_t after;
    {
        me::BudgetContext scratch(1e9);
        const auto all = rnd::rand(threads * calls * per_call);
        expected.assign(all.begin(), all.end());
        after = rnd::get_state();
    }
    rnd::seed(2024);
    me::BudgetContext budget(1e9, "threads");
    std::vector<std::vector<double>> drawn(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            auto guard = budget.enter();
            for (int i = 0; i < calls; ++i) {
                const auto a = rnd::rand(per_call);
                drawn[static_cast<std::size_t>(t)].insert(drawn[static_cast<std::size_t>(t)].end(), a.begin(), a.end());
            }
        });
    for (auto& th : pool) th.join();
    CHECK(budget.flops_used() == threads * calls * per_call);
    CHECK(rnd::get_state() == after);
    // Every call took a contiguous run of the stream: together they are exactly the stream.
    std::vector<double> all;
    for (const auto& d : drawn) all.insert(all.end(), d.begin(), d.end());
    std::sort(all.begin(), all.end());
    std::sort(expected.begin(), expected.end());
    CHECK(all == expected);
}

// ---------------------------------------------------------------------------------------
// Views (api.md §2.1: every function that takes an array takes a view)

namespace {

me::array<double> iota(const me::shape_t& shape, double start = 1.0) {
    auto a = me::array<double>::uninitialized(shape);
    double v = start;
    for (auto& x : a) x = v++;
    return a;
}

template <class X>
auto owning(const X& x) {
    if constexpr (me::is_view_v<X>) return me::array<typename X::value_type>(x);
    else return x;
}

// f on `x` as given (a view) and on the array it shows, each after seed(s): the same
// values, element type and charge, and the generator left in the same state.
template <class F, class X>
void same_as_on_array(F&& f, const X& x) {
    auto run = [&](const auto& arg) {
        rnd::seed(2024);
        me::BudgetContext budget(1e15);
        auto r = f(arg);
        return std::tuple{std::move(r), budget.flops_used(), state()};
    };
    const auto [on_view, cost_view, state_view] = run(x);
    const auto [on_array, cost_array, state_array] = run(owning(x));
    STATIC_REQUIRE(std::is_same_v<decltype(on_view), decltype(on_array)>);
    CHECK(me::identical(on_view, on_array));
    CHECK(cost_view == cost_array);
    CHECK(cost_view > 0);
    CHECK(state_view == state_array);
}

}  // namespace

TEST_CASE("random: permutation and choice take views, drawing as from the arrays they show", "[random][views]") {
    auto m = iota({6, 4});
    auto t = iota({3, 5, 2});
    auto rows = m(me::slice(me::none, me::none, 2), me::slice());  // (3, 4), every other row
    auto reversed = m[1](me::slice(me::none, me::none, -1));       // (4,), negative stride
    auto column = m(me::slice(), 2);                               // (6,), stride 4
    const auto& cm = m;
    REQUIRE(!rows.is_contiguous());
    REQUIRE(!column.is_contiguous());

    auto permutation = [](const auto& x) { return rnd::permutation(x); };
    same_as_on_array(permutation, m.T());
    same_as_on_array(permutation, rows);
    same_as_on_array(permutation, reversed);
    same_as_on_array(permutation, t[1]);      // contiguous
    same_as_on_array(permutation, m.view());  // contiguous
    same_as_on_array(permutation, cm.T());    // read-only
    {
        rnd::seed(1);
        me::BudgetContext budget(1e9);
        const auto p = rnd::permutation(rows);
        CHECK(budget.flops_used() == me::flops::permutation_cost(3));
        CHECK(p.shape() == me::shape_t{3, 4});
        CHECK(me::identical(me::array<double>(rows), me::array<double>{{1, 2, 3, 4}, {9, 10, 11, 12}, {17, 18, 19, 20}}));  // not shuffled
    }

    auto choice = [](const auto& x) { return rnd::choice(x, {3, 2}); };
    same_as_on_array(choice, column);
    same_as_on_array(choice, reversed);
    same_as_on_array(choice, m[2]);  // contiguous
    same_as_on_array([](const auto& x) { return rnd::choice(x, {3}, {.replace = false}); }, column);
    same_as_on_array([](const auto& x) { return rnd::choice(x, {}, {.replace = false}); }, cm[5]);
    // p from a view, as from the array it shows (float32 keeps its tolerance).
    me::array<double> weights = {0.1, 0.6, 0.2, 0.3, 0.4, 0.2, 0.3, 0.7};
    auto every_other = weights(me::slice(me::none, me::none, 2));  // 0.1, 0.2, 0.4, 0.3
    REQUIRE(!every_other.is_contiguous());
    same_as_on_array([&](const auto& p) { return rnd::choice(reversed, {5}, {.p = p}); }, every_other);
    same_as_on_array([&](const auto& p) { return rnd::choice(4, {3}, {.replace = false, .p = p}); }, every_other);
    same_as_on_array([&](const auto& p) { return rnd::choice(column, {4}, {.p = p}); },
                     me::array<double>{0.5, 0.1, 0.1, 0.1, 0.1, 0.1}.view());
    const me::array<float> p32 = {0.25f, 0.25f, 0.25f, 0.25005f};
    {
        me::BudgetContext budget(1e9);
        CHECK_NOTHROW(rnd::choice(4, {2}, {.p = p32.view()}));
        CHECK_NOTHROW(rnd::choice(4, {2}, {.p = p32(me::slice(me::none, me::none, -1))}));
    }
    rejects<me::ValueError>([&] { (void)rnd::choice(4, {2}, {.p = m(me::slice(0, 2), me::slice(0, 2))}); });  // 2-d p
    rejects<me::ValueError>([&] { (void)rnd::choice(m.T(), {2}); });  // a not 1-d
    rejects<me::IndexError>([&] { (void)rnd::permutation(m(0, 0, me::ellipsis)); });  // 0-d
}

TEST_CASE("random: shuffle shuffles a writeable view's elements in place, as NumPy's shuffle(a[::2])",
          "[random][views]") {
    // Every other row of a 6x4 array: the view's rows move among themselves, the rest stays.
    auto check_shuffle = [](auto make_view, const me::shape_t& shape) {
        auto base = iota(shape);
        auto original = base;
        auto v = make_view(base);
        auto expected = me::array<double>(v);  // the array the view shows, shuffled the same way
        rnd::seed(99);
        me::flops_t on_array = 0, on_view = 0;
        {
            me::BudgetContext budget(1e9);
            rnd::shuffle(expected);
            on_array = budget.flops_used();
        }
        const auto after_array = state();
        rnd::seed(99);
        {
            me::BudgetContext budget(1e9);
            rnd::shuffle(v);
            on_view = budget.flops_used();
        }
        CHECK(state() == after_array);  // the same draws
        CHECK(on_view == on_array);
        CHECK(on_view == me::flops::shuffle_cost(v.shape(0)));
        CHECK(me::identical(me::array<double>(v), expected));
        // Elements outside the view are untouched: write the original back through the
        // view and the base is the original again.
        v = make_view(original);
        CHECK(me::identical(base, original));
    };
    check_shuffle([](me::array<double>& a) { return a(me::slice(me::none, me::none, 2), me::slice()); }, {6, 4});
    check_shuffle([](me::array<double>& a) { return a.T(); }, {3, 8});                          // strided rows
    check_shuffle([](me::array<double>& a) { return a(me::slice(me::none, me::none, -1)); }, {9});  // reversed
    check_shuffle([](me::array<double>& a) { return a(me::slice(), 1); }, {7, 3});                 // a column
    check_shuffle([](me::array<double>& a) { return a[1]; }, {2, 5, 3});                           // contiguous
    check_shuffle([](me::array<double>& a) { return a.view(); }, {10});                            // contiguous
    check_shuffle([](me::array<double>& a) { return a(me::slice(2, 8)); }, {10, 2});               // contiguous part

    // The view writes through: the base changed where the view is, and only there.
    auto a = iota({8});
    auto evens = a(me::slice(me::none, me::none, 2));
    rnd::seed(5);
    {
        me::BudgetContext budget(1e9);
        rnd::shuffle(evens);
    }
    std::vector<double> even_values, odd_values;
    for (std::size_t k = 0; k < 8; ++k) (k % 2 ? odd_values : even_values).push_back(std::as_const(a)(k));
    CHECK(odd_values == std::vector<double>{2, 4, 6, 8});
    std::sort(even_values.begin(), even_values.end());
    CHECK(even_values == std::vector<double>{1, 3, 5, 7});

    // A read-only view, or a 0-d one, is refused before anything is charged or drawn.
    const auto c = iota({4, 2});
    rejects<me::ValueError>([&] { rnd::shuffle(c.view()); });
    rejects<me::ValueError>([&] { rnd::shuffle(c.T()); });
    rejects<me::ValueError>([&] { rnd::shuffle(me::broadcast_to(c, {3, 4, 2})); });
    rejects<me::ValueError>([&] { rnd::shuffle(a(0, me::ellipsis)); });
    CHECK(me::identical(c, iota({4, 2})));
    // A budget too small raises before the view changes.
    auto b = iota({16});
    auto b_odd = b(me::slice(1, me::none, 2));
    {
        me::BudgetContext budget(static_cast<double>(me::flops::shuffle_cost(8) - 1));
        const auto before = state();
        CHECK_THROWS_AS(rnd::shuffle(b_odd), me::BudgetExhaustedError);
        CHECK(state() == before);
    }
    CHECK(me::identical(b, iota({16})));
}

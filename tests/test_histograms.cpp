// histograms (histograms.hpp): histogram, histogram_bin_edges, histogram2d, histogramdd,
// bincount, digitize; exact charges against the queries and hand counts, budgets too
// small, bad inputs charging nothing, giant outputs refused before the charge, values,
// element types, views. Values against NumPy: differential/diff_histograms.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

me::array<std::int64_t> ints(std::initializer_list<std::int64_t> v) {
    auto a = me::array<std::int64_t>::uninitialized(me::shape_t{v.size()});
    std::copy(v.begin(), v.end(), a.begin());
    return a;
}

}  // namespace

TEST_CASE("histogram costs: a search per value, at least one per value and per bin", "[histograms]") {
    using me::flops::histogram_cost;
    CHECK(histogram_cost(1'000'000, 100) == 7'000'000);
    CHECK(histogram_cost(1000, 2) == 1000);
    CHECK(histogram_cost(1000, 1) == 1000);        // one bin still reads every value
    CHECK(histogram_cost(0, 10) == 10);            // the bins are written
    CHECK(histogram_cost(3, 1'000'000) == 1'000'000);
    CHECK(histogram_cost(0, 1) == 1);
    CHECK(histogram_cost(100, "sqrt", 10) == 100 * 4 + 100);
    CHECK(histogram_cost(100, "scott", 5) == 100 * 3 + 201);
    CHECK(histogram_cost(100, "doane", 5) == 300 + 803);
    CHECK(histogram_cost(100, "auto", 5) == 300 + 200);
    CHECK(histogram_cost(0, "auto", 1) == 1);
    // stone: the range (n), then per candidate k = 1..100 max(n*max(1, ceil(log2 k)), k) + 2k.
    std::int64_t stone = 1000;
    for (std::int64_t k = 1; k <= 100; ++k) stone += 1000 * std::max<std::int64_t>(1, me::flops::detail::ceil_log2(k)) + 2 * k;
    CHECK(histogram_cost(1000, "stone", 7) == stone + 3000);
    std::int64_t small = 10;  // n = 10 < 100 candidates: the bins dominate for large k
    for (std::int64_t k = 1; k <= 100; ++k) small += std::max<std::int64_t>(10 * std::max<std::int64_t>(1, me::flops::detail::ceil_log2(k)), k) + 2 * k;
    CHECK(histogram_cost(10, "stone", 2) == small + 10);
    CHECK_THROWS_AS(histogram_cost(10, "nope", 2), me::ValueError);
    CHECK(me::flops::histogram_bin_edges_cost(50, 10) == 50);
    CHECK(me::flops::histogram_bin_edges_cost(5, 10) == 11);
    CHECK(me::flops::histogram_bin_edges_cost(50, "rice", 4) == 100);
    CHECK(me::flops::histogram2d_cost(100, 8, 16) == 700);
    CHECK(me::flops::histogram2d_cost(1, 100, 100) == 10'000);
    CHECK(me::flops::histogramdd_cost(100, {2, 4, 8}) == 600);
    CHECK(me::flops::histogramdd_cost(10, {2, 4, 8}) == 64);  // the 64 cells, more than 10 * 6
    CHECK(me::flops::histogramdd_cost(10, {1, 1}) == 20);  // one per coordinate read
    CHECK(me::flops::histogramdd_cost(1, {0, 1000}) == 1002);  // no cells, 1002 edges read
    CHECK(me::flops::bincount_cost(10, 3) == 10);
    CHECK(me::flops::bincount_cost(1, 1000) == 1000);
    CHECK(me::flops::bincount_cost(0, 0) == 1);
    CHECK(me::flops::digitize_cost(100, 16) == 400);
    CHECK(me::flops::digitize_cost(100, 1) == 100);
    CHECK(me::flops::digitize_cost(0, 16) == 16);  // the bins are read
    CHECK(me::flops::digitize_cost(1, 1000) == 1000);
    CHECK(me::flops::digitize_cost(0, 0) == 1);
    // Saturation, never a wrap.
    CHECK(me::flops::histogramdd_cost(1, {1 << 30, 1 << 30, 1 << 30}) == std::numeric_limits<me::flops_t>::max());
}

TEST_CASE("histogram ops charge exactly their queries", "[histograms]") {
    const auto a = iota({6, 5});
    check_charge([&] { me::histogram(a); }, "histogram", 30 * 4);
    check_charge([&] { me::histogram(a, 3); }, "histogram", 60);
    check_charge([&] { me::histogram(a, me::array<double>{0, 1, 2, 3, 40}); }, "histogram", 30 * 2);
    check_charge([&] { me::histogram(a, 1000); }, "histogram", 1000);  // the bins, more than 30 * 10
    check_charge([&] { me::histogram(a, 200); }, "histogram", 30 * 8);
    check_charge([&] { me::histogram(a, 5000); }, "histogram", 5000);
    check_charge([&] { me::histogram_bin_edges(a, 7); }, "histogram_bin_edges", 30);
    check_charge([&] { me::histogram_bin_edges(a, me::array<double>{0, 1}); }, "histogram_bin_edges", 30);
    check_charge([&] { me::histogram2d(iota({9}), iota({9}), {4, 8}); }, "histogram2d", 9 * 5);
    check_charge([&] { me::histogramdd(a, {2, 3, 4, 5, 6}); }, "histogramdd", 720);  // prod(b_i) > 6 * 11
    check_charge([&] { me::bincount(ints({0, 5, 2})); }, "bincount", 6);
    check_charge([&] { me::bincount(ints({0, 5, 2}), {.minlength = 2}); }, "bincount", 6);
    check_charge([&] { me::bincount(ints({0, 1, 1, 1, 1, 1, 1, 1})); }, "bincount", 8);
    check_charge([&] { me::digitize(a, me::array<double>{1, 2, 3, 4, 5}); }, "digitize", 30 * 3);
    CHECK(me::flops::histogram_cost(30, 10) == 120);
    CHECK(me::flops::histogramdd_cost(6, {2, 3, 4, 5, 6}) == 720);
    // A string rule charges its work, then the histogram on the bins it picked: two calls.
    {
        me::BudgetContext budget(1e12);
        const auto [h, e] = me::histogram(a, "sturges");
        const auto bins = static_cast<std::int64_t>(e.size() - 1);
        CHECK(bins == 6);  // ceil(log2(30) + 1)
        CHECK(budget.flops_used() == me::flops::histogram_cost(30, "sturges", bins));
        CHECK(budget.flops_used() == 30 + 30 * 3);
        CHECK(budget.operation("histogram").calls == 2);
    }
    check_too_small([&] { me::histogram(a, 3); }, "histogram", 60);
    check_too_small([&] { me::histogram(a, "sqrt"); }, "histogram", 30);  // the rule's work, first
    check_too_small([&] { me::histogram_bin_edges(a, 7); }, "histogram_bin_edges", 30);
    check_too_small([&] { me::histogram2d(iota({9}), iota({9}), {4, 8}); }, "histogram2d", 45);
    check_too_small([&] { me::histogramdd(a, 2); }, "histogramdd", 32);
    check_too_small([&] { me::bincount(ints({0, 5, 2})); }, "bincount", 6);
    check_too_small([&] { me::digitize(a, me::array<double>{1, 2, 3, 4, 5}); }, "digitize", 90);
}

TEST_CASE("histogram values, types and NumPy's bins near the edges", "[histograms]") {
    me::BudgetContext budget(1e12);
    const me::array<double> a = {1.0, 2.0, 2.5, 3.0, 7.0};
    const auto [h, e] = me::histogram(a, 4);
    STATIC_REQUIRE(std::is_same_v<decltype(h), const me::array<std::int64_t>>);
    CHECK(me::identical(h, ints({2, 2, 0, 1})));
    CHECK(me::identical(e, me::array<double>{1.0, 2.5, 4.0, 5.5, 7.0}));
    const auto r = me::histogram(me::array<float>{1, 2}, 3);
    STATIC_REQUIRE(std::is_same_v<decltype(r.bin_edges), me::array<float>>);
    CHECK(r.bin_edges(1) == 1.0f + 1.0f / 3.0f);
    // 0.3 lies just below edge 3 of linspace(0, 1, 11) (0.30000000000000004): bin 2, as
    // NumPy's corrected index; the edge itself goes to bin 3; the last edge is closed.
    const auto edges = me::linspace(0.0, 1.0, 11);
    const me::array<double> near = {0.3, edges(3), std::nextafter(edges(3), 0.0), 1.0, 0.0};
    const auto hn = me::histogram(near, 10, {.range = {0.0, 1.0}}).hist;
    CHECK(hn(0) == 1);
    CHECK(hn(2) == 2);
    CHECK(hn(3) == 1);
    CHECK(hn(9) == 1);
    // Out of range, NaN and inf are dropped when a range is given.
    const me::array<double> wild = {-1.0, me::nan, me::inf, 0.5, 2.0};
    CHECK(me::identical(me::histogram(wild, 2, {.range = {0.0, 1.0}}).hist, ints({0, 1})));
    // Density and weights: the hist type is the template argument, weights of that type.
    const auto [d, de] = me::histogram<double>(a, 2, {.density = true});
    CHECK(d(0) == Approx(4.0 / 5.0 / 3.0));
    CHECK(d(1) == Approx(1.0 / 5.0 / 3.0));
    const auto w = me::histogram<double>(a, 2, {.weights = me::array<double>{0.5, 1, 1, 1, 2}}).hist;
    CHECK(w(0) == 3.5);
    CHECK(w(1) == 2.0);
    const auto wf = me::histogram<float>(a, 2, {.weights = me::array<float>{0.5, 1, 1, 1, 2}}).hist;
    STATIC_REQUIRE(std::is_same_v<decltype(wf), const me::array<float>>);
    // Explicit edges come back as given, of their type.
    const auto [hx, ex] = me::histogram(a, me::array<std::int64_t>{0, 2, 8});
    STATIC_REQUIRE(std::is_same_v<decltype(ex), const me::array<std::int64_t>>);
    CHECK(me::identical(hx, ints({1, 4})));
    // Integer and bool data, equal values, empty data.
    CHECK(me::identical(me::histogram(ints({3, 3, 3}), 2).bin_edges, me::array<double>{2.5, 3.0, 3.5}));
    CHECK(me::identical(me::histogram(me::array<bool>{true, false, true}, 2).hist, ints({1, 2})));
    CHECK(me::identical(me::histogram(me::array<double>::uninitialized(me::shape_t{0}), 2).bin_edges, me::array<double>{0, 0.5, 1}));
    // Large int64 values: the span is taken unsigned, as NumPy's.
    const auto big = me::histogram(ints({INT64_MIN + 1, INT64_MAX}), 2).hist;
    CHECK(me::identical(big, ints({1, 1})));
    // Rules.
    CHECK(me::histogram_bin_edges(iota({100}), "sqrt").size() == 11);
    CHECK(me::histogram_bin_edges(iota({100}), "rice").size() == 11);   // ceil(2 * 100^(1/3)) = 10
    CHECK(me::histogram_bin_edges(me::array<double>{5, 5}, "fd").size() == 2);
    // histogram2d, histogramdd.
    const auto [h2, xe, ye] = me::histogram2d(me::array<double>{0, 1, 1}, me::array<double>{0, 0, 1}, 2);
    CHECK(me::identical(h2, me::array<double>{{1, 0}, {1, 1}}));
    CHECK(me::identical(xe, me::array<double>{0, 0.5, 1}));
    const auto dd = me::histogramdd(std::vector<me::array<double>>{{0, 1, 1}, {0, 0, 1}}, {2, 1});
    REQUIRE(dd.hist.shape() == me::shape_t{2, 1});
    CHECK(dd.hist(0, 0) == 1.0);
    CHECK(dd.hist(1, 0) == 2.0);
    CHECK(dd.edges.size() == 2);
    const auto h2e = me::histogram2d(me::array<double>{0, 1}, me::array<double>{0, 1}, me::array<double>{0, 1, 2});
    CHECK(me::identical(h2e.hist, me::array<double>{{1, 0}, {0, 1}}));
    // bincount, digitize.
    CHECK(me::identical(me::bincount(ints({1, 3, 3})), ints({0, 1, 0, 2})));
    CHECK(me::identical(me::bincount(ints({1}), {.minlength = 3}), ints({0, 1, 0})));
    CHECK(me::identical(me::bincount<double>(ints({1, 1}), {.weights = me::array<double>{0.5, 2}}), me::array<double>{0, 2.5}));
    CHECK(me::identical(me::bincount(me::array<std::int64_t>::uninitialized(me::shape_t{0})), me::array<std::int64_t>::uninitialized(me::shape_t{0})));
    CHECK(me::identical(me::digitize(a, me::array<double>{3, 2, 1}), ints({2, 1, 1, 0, 0})));
    CHECK(me::identical(me::digitize(a, me::array<double>{1, 2, 3}, {.right = true}), ints({0, 1, 2, 2, 3})));
    CHECK(me::identical(me::digitize(me::array<double>{me::nan}, me::array<double>{1, 2}), ints({2})));
}

TEST_CASE("bad inputs raise NumPy's errors and charge nothing", "[histograms]") {
    using me::ValueError;
    const auto a = iota({5});
    check_rejected<ValueError>([&] { me::histogram(a, 0); }, {"`bins` must be positive, when an integer"});
    check_rejected<ValueError>([&] { me::histogram(a, "nope"); }, {"'nope' is not a valid estimator for `bins`"});
    check_rejected<ValueError>([&] { me::histogram<double>(a, "auto", {.weights = iota({5})}); }, {"not supported for weighted data"});
    check_rejected<ValueError>([&] { me::histogram(a, 3, {.range = {2.0, 1.0}}); }, {"max must be larger than min in range parameter."});
    check_rejected<ValueError>([&] { me::histogram(a, 3, {.range = {0.0, me::inf}}); }, {"supplied range of [0, inf] is not finite"});
    check_rejected<ValueError>([&] { me::histogram(me::array<double>{me::nan, 1}, 3); }, {"autodetected range of [nan, nan] is not finite"});
    check_rejected<ValueError>([&] { me::histogram(me::array<double>{1, me::inf}, 3); }, {"autodetected range of [1, inf] is not finite"});
    check_rejected<ValueError>([&] { me::histogram<double>(a, 3, {.weights = iota({4})}); }, {"weights should have the same shape as a."});
    check_rejected<ValueError>([&] { me::histogram(a, 3, {.density = true}); }, {"me::histogram<double>"});
    check_rejected<ValueError>([&] { me::histogram(a, me::array<double>{1, 0}); }, {"`bins` must increase monotonically, when an array"});
    check_rejected<ValueError>([&] { me::histogram(a, me::array<double>{{1, 2}}); }, {"`bins` must be 1d, when an array"});
    check_rejected<ValueError>([&] { me::histogram_bin_edges(a, -1); }, {"must be positive"});
    check_rejected<ValueError>([&] { me::histogram2d(a, iota({4})); }, {"x and y must have the same length."});
    check_rejected<ValueError>([&] { me::histogram2d(a, a, {3}); }, {"The dimension of bins must be equal"});
    check_rejected<ValueError>([&] { me::histogramdd(iota({5, 2}), 10, {.range = {{0, 1}}}); }, {"range argument must have one entry per dimension"});
    check_rejected<ValueError>([&] { me::histogramdd(iota({5, 2}), {2, 0}); }, {"`bins[1]` must be positive, when an integer"});
    check_rejected<ValueError>([&] { me::histogramdd(iota({5, 2}), 2, {.weights = iota({4})}); }, {"The weights and list don't have the same length."});
    check_rejected<ValueError>([&] { me::histogramdd(iota({5, 2, 1})); }, {"(N, D)"});
    check_rejected<ValueError>([&] { me::histogramdd(iota({2, 65}), 1); }, {"64"});
    check_rejected<ValueError>([&] { me::bincount(ints({1, -1})); }, {"'list' argument must have no negative elements"});
    check_rejected<ValueError>([&] { me::bincount(me::array<double>{1.0}); }, {"Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'"});
    check_rejected<ValueError>([&] { me::bincount(me::zeros<std::int64_t>({1, 1})); }, {"object too deep for desired array"});
    check_rejected<ValueError>([&] { me::bincount(me::array<std::int64_t>(3)); }, {"object of too small depth"});
    check_rejected<ValueError>([&] { me::bincount(ints({1}), {.minlength = -1}); }, {"'minlength' must not be negative"});
    check_rejected<ValueError>([&] { me::bincount<double>(ints({1}), {.weights = iota({2})}); }, {"The weights and list don't have the same length."});
    check_rejected<ValueError>([&] { me::bincount(ints({1}), {.weights = iota({1})}); }, {"me::bincount<double>"});
    check_rejected<ValueError>([&] { me::digitize(a, me::array<double>{1, 3, 2}); }, {"bins must be monotonically increasing or decreasing"});
    check_rejected<ValueError>([&] { me::digitize(a, me::array<double>{{1, 3}}); }, {"object too deep"});
}

TEST_CASE("giant outputs are me:: errors before anything is charged", "[histograms][regression]") {
    using me::ValueError;
    const auto one = ints({1'000'000'000'000});
    check_rejected<ValueError>([&] { me::bincount(one); }, {"Unable to allocate"});
    check_rejected<ValueError>([&] { me::bincount(ints({INT64_MAX})); }, {"bincount"});
    check_rejected<ValueError>([&] { me::bincount(ints({1}), {.minlength = 1'000'000'000'000}); }, {"Unable to allocate"});
    check_rejected<ValueError>([&] { me::histogram(iota({3}), 1'000'000'000'000); }, {"Unable to allocate"});
    check_rejected<ValueError>([&] { me::histogram(iota({3}), INT64_MAX); }, {"histogram"});
    check_rejected<ValueError>([&] { me::histogram_bin_edges(iota({3}), 1'000'000'000'000); }, {"Unable to allocate"});
    check_rejected<ValueError>([&] { me::histogramdd(iota({3, 3}), {1 << 20, 1 << 20, 1 << 20}); }, {"histogramdd"});
    check_rejected<ValueError>([&] { me::histogram2d(iota({3}), iota({3}), {1'000'000, 1'000'000}); }, {"Unable to allocate"});
    // A rule whose width is tiny against the range asks for too many bins: refused after
    // the rule's work (charged: it ran), before the histogram.
    auto spread = iota({1000}, 0.0) * 1e-10;  // an IQR of 5e-8
    spread(0) = 1e300;
    me::BudgetContext budget(1e15);
    const me::flops_t before = budget.flops_used();
    CHECK_THROWS_AS(me::histogram(spread, "fd"), ValueError);
    CHECK(budget.flops_used() - before == me::flops::detail::histograms::rule_work(1000, me::flops::detail::histograms::bin_rule::fd));
}

TEST_CASE("histogram ops take views, charged as the arrays they show", "[histograms]") {
    const auto base = iota({4, 6});
    const auto t = base.T();
    REQUIRE(!t.is_contiguous());
    const me::array<double> owned(t);
    me::BudgetContext budget(1e12);
    const auto r1 = me::histogram(t, 5), r2 = me::histogram(owned, 5);
    CHECK(me::identical(r1.hist, r2.hist));
    CHECK(me::identical(r1.bin_edges, r2.bin_edges));
    const auto edges = me::array<double>{0, 3, 9, 30};
    const auto ev = edges(me::slice(me::none, me::none, 1));
    CHECK(me::identical(me::histogram(t, ev).hist, me::histogram(owned, edges).hist));
    CHECK(me::identical(me::histogram_bin_edges(t, "sturges"), me::histogram_bin_edges(owned, "sturges")));
    CHECK(me::identical(me::histogramdd(t, 2).hist, me::histogramdd(owned, 2).hist));
    const auto col = base(me::slice(), 0), col2 = base(me::slice(), 1);
    REQUIRE(!col.is_contiguous());
    CHECK(me::identical(me::histogram2d(col, col2, 3).hist, me::histogram2d(me::array<double>(col), me::array<double>(col2), 3).hist));
    CHECK(me::identical(me::digitize(t, ev), me::digitize(owned, edges)));
    const auto i = ints({0, 3, 1, 3, 2, 2});
    const auto every_other = i(me::slice(me::none, me::none, 2));
    REQUIRE(!every_other.is_contiguous());
    CHECK(me::identical(me::bincount(every_other), ints({1, 1, 1})));
    const me::flops_t before = budget.flops_used();
    (void)me::histogram(t, 5);
    CHECK(budget.flops_used() - before == me::flops::histogram_cost(24, 5));
}

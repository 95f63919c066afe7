// Reductions: exact FLOP charges, charge-before-compute, errors that charge nothing,
// result types and pairwise accuracy. Values against NumPy are in differential/.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

/// A (4, 5) float64 array with distinct values.
me::array<double> a45() {
    auto a = me::array<double>::uninitialized({4, 5});
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = std::sin(static_cast<double>(i) + 0.5) * 10;
    return a;
}

struct op_case {
    std::string name;                                   // registry name
    me::axis_spec axis;                                 // the axis the call uses (for the cost query)
    me::flops_t hand;                                   // cost worked out by hand for a (4, 5) input
    std::function<void(const me::array<double>&)> run;  // the call
};

std::vector<op_case> all_ops() {
    using A = const me::array<double>&;
    const me::array<double> w5 = {1., 2., 3., 4., 5.};
    return {
        {"sum", {}, 20, [](A a) { me::sum(a); }},
        {"nansum", 0, 20, [](A a) { me::nansum(a, 0); }},
        {"prod", 1, 20, [](A a) { me::prod(a, {.axis = 1}); }},
        {"nanprod", {}, 20, [](A a) { me::nanprod(a); }},
        {"all", {}, 20, [](A a) { me::all(a); }},
        {"any", 0, 20, [](A a) { me::any(a, 0); }},
        {"count_nonzero", {}, 20, [](A a) { me::count_nonzero(a); }},
        {"max", -1, 20, [](A a) { me::max(a, -1); }},
        {"min", {}, 20, [](A a) { me::min(a); }},
        {"amax", {0, 1}, 20, [](A a) { me::amax(a, {.axis = {0, 1}}); }},
        {"amin", 0, 20, [](A a) { me::amin(a, {.axis = 0, .keepdims = true}); }},
        {"nanmax", {}, 20, [](A a) { me::nanmax(a); }},
        {"nanmin", 1, 20, [](A a) { me::nanmin(a, 1); }},
        {"ptp", 0, 20, [](A a) { me::ptp(a, 0); }},
        {"argmax", {}, 20, [](A a) { me::argmax(a); }},
        {"argmin", 0, 20, [](A a) { me::argmin(a, 0); }},
        {"nanargmax", 1, 20, [](A a) { me::nanargmax(a, {.axis = 1}); }},
        {"nanargmin", {}, 20, [](A a) { me::nanargmin(a); }},
        {"median", {}, 20, [](A a) { me::median(a); }},
        {"nanmedian", 0, 20, [](A a) { me::nanmedian(a, 0); }},
        {"quantile", 0, 20, [](A a) { me::quantile(a, 0.3, {.axis = 0}); }},
        {"percentile", {}, 20, [](A a) { me::percentile(a, 90.0); }},
        {"nanquantile", 1, 20, [](A a) { me::nanquantile(a, std::vector<double>{0.1, 0.9}, {.axis = 1}); }},
        {"nanpercentile", {}, 20, [](A a) { me::nanpercentile(a, 50.0); }},
        {"cumsum", {}, 20, [](A a) { me::cumsum(a); }},
        {"cumprod", 0, 20, [](A a) { me::cumprod(a, 0); }},
        {"nancumsum", 1, 20, [](A a) { me::nancumsum(a, {.axis = 1}); }},
        {"nancumprod", {}, 20, [](A a) { me::nancumprod(a); }},
        {"cumulative_sum", 0, 20, [](A a) { me::cumulative_sum(a, {.axis = 0, .include_initial = true}); }},
        {"cumulative_prod", 1, 20, [](A a) { me::cumulative_prod(a, 1); }},
        // mean-like: numel(input) + numel(output)
        {"mean", 0, 20 + 5, [](A a) { me::mean(a, {.axis = 0}); }},
        {"mean", {}, 20 + 1, [](A a) { me::mean(a); }},
        {"nanmean", 1, 20 + 4, [](A a) { me::nanmean(a, {.axis = 1, .keepdims = true}); }},
        {"average", 1, 20 + 4, [w5](A a) { me::average(a, {.axis = 1, .weights = w5}); }},
        {"average", {}, 20 + 1, [](A a) { me::average(a); }},
        // var-like: 2*numel(input) + numel(output)
        {"var", {}, 2 * 20 + 1, [](A a) { me::var(a); }},
        {"var", 0, 2 * 20 + 5, [](A a) { me::var(a, {.axis = 0, .ddof = 1}); }},
        {"std", -1, 2 * 20 + 4, [](A a) { me::std(a, -1); }},
        {"nanvar", {0, 1}, 2 * 20 + 1, [](A a) { me::nanvar(a, {.axis = {0, 1}}); }},
        {"nanstd", 0, 2 * 20 + 5, [](A a) { me::nanstd(a, {.axis = 0, .ddof = 1, .keepdims = true}); }},
    };
}

}  // namespace

TEST_CASE("every reduction charges its formula, by hand and through me::flops", "[reductions][cost]") {
    const auto a = a45();
    std::vector<std::string> seen;
    for (const auto& c : all_ops()) {
        INFO(c.name);
        me::BudgetContext ctx(1e6);
        c.run(a);
        CHECK(ctx.flops_used() == c.hand);
        CHECK(ctx.flops_used() == me::flops::reduction_op_cost(c.name, me::shape_t{4, 5}, c.axis));
        CHECK(ctx.operation(c.name).calls == 1);
        seen.push_back(c.name);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    // Every reduction of the registry (the count comes from tools/registry/, not from here).
    CHECK(seen.size() == me::detail::registry_counts[static_cast<std::size_t>(me::detail::registry_category::counted_reduction)].names);
}

TEST_CASE("reduction cost functions", "[reductions][cost]") {
    CHECK(me::flops::reduction_cost({256}) == 256);
    CHECK(me::flops::reduction_op_cost("sum", {256}) == 256);
    CHECK(me::flops::mean_cost({4, 5}, 0) == 25);
    CHECK(me::flops::variance_cost({4, 5}) == 41);
    CHECK(me::flops::reduction_op_cost("nanstd", {4, 5}, {0, 1}) == 41);
    CHECK(me::flops::reduction_op_cost("max", {0}) == 1);   // at least 1
    CHECK(me::flops::reduction_op_cost("mean", {0}) == 1);  // 0 + numel(()) = 1
    CHECK(me::flops::reduction_op_cost("mean", {0, 3}, 0) == 3);
    using me::flops::formula;
    using me::flops::formula_of;
    static_assert(formula_of(me::detail::op_index("average")) == formula::mean_reduction);
    static_assert(formula_of(me::detail::op_index("nanvar")) == formula::variance_reduction);
    static_assert(formula_of(me::detail::op_index("median")) == formula::reduction);
    // A name that is not a reduction is an error, never a default.
    CHECK_THROWS_AS(me::flops::reduction_op_cost("summ", {4}), me::ValueError);
    CHECK_THROWS_AS(me::flops::reduction_op_cost("exp", {4}), me::ValueError);

    me::BudgetContext ctx(1e6);
    me::array<double> v = me::array<double>::uninitialized({256});
    std::fill(v.begin(), v.end(), 1.0);
    CHECK(me::sum(v).item() == 256.0);
    CHECK(ctx.flops_used() == 256);
}

TEST_CASE("a too-small budget raises before any reduction runs", "[reductions][budget]") {
    const auto a = a45();
    const auto copy = a;
    for (const auto& c : all_ops()) {
        INFO(c.name);
        me::BudgetContext ctx(static_cast<double>(c.hand - 1));
        CHECK_THROWS_AS(c.run(a), me::BudgetExhaustedError);
        CHECK(ctx.flops_used() == 0);
        CHECK(ctx.operation(c.name).calls == 0);
        CHECK(me::identical(a, copy));
    }
    // A budget that is exactly enough succeeds.
    me::BudgetContext exact(41);
    CHECK_NOTHROW(me::var(a));
    CHECK(exact.flops_remaining() == 0);
}

TEST_CASE("bad axes raise AxisError and charge nothing", "[reductions][errors]") {
    const auto a = a45();
    me::BudgetContext ctx(1e6);
    CHECK_THROWS_AS(me::sum(a, 2), me::AxisError);
    CHECK_THROWS_AS(me::mean(a, -3), me::AxisError);
    CHECK_THROWS_AS(me::var(a, {.axis = {0, 5}}), me::AxisError);
    CHECK_THROWS_AS(me::argmax(a, 2), me::AxisError);
    CHECK_THROWS_AS(me::cumsum(a, 2), me::AxisError);
    CHECK_THROWS_AS(me::median(a, 7), me::AxisError);
    CHECK_THROWS_AS(me::quantile(a, 0.5, {.axis = 2}), me::AxisError);
    CHECK_THROWS_AS(me::average(a, {.axis = 3}), me::AxisError);
    CHECK_THROWS_AS(me::sum(a, {.axis = {0, -2}}), me::ValueError);  // duplicate axis
    try {
        me::max(a, 2);
        FAIL("no AxisError");
    } catch (const me::AxisError& e) {
        CHECK(std::string(e.what()).find("max") != std::string::npos);
    }
    CHECK(ctx.flops_used() == 0);
}

TEST_CASE("value errors NumPy raises charge nothing", "[reductions][errors]") {
    me::BudgetContext ctx(1e6);
    const me::array<double> empty = me::array<double>::uninitialized({0, 3});
    CHECK_THROWS_AS(me::max(empty), me::ValueError);  // zero-size array ... no identity
    CHECK_THROWS_AS(me::amin(empty, 0), me::ValueError);
    CHECK_THROWS_AS(me::ptp(empty, 0), me::ValueError);
    CHECK_THROWS_AS(me::argmax(empty), me::ValueError);
    CHECK_THROWS_AS(me::nanmax(empty, 0), me::ValueError);
    CHECK_THROWS_AS(me::quantile(empty, 0.5, {.axis = 0}), me::IndexError);
    try {
        me::max(empty, 0);
    } catch (const me::ValueError& e) {
        CHECK(std::string(e.what()).find("zero-size array to reduction operation maximum") != std::string::npos);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const me::array<double> half_nan = {{1.0, nan}, {nan, nan}};
    CHECK_THROWS_AS(me::nanargmax(half_nan, 1), me::ValueError);  // All-NaN slice
    CHECK_THROWS_AS(me::nanargmin(half_nan, 0), me::ValueError);
    const auto a = a45();
    CHECK_THROWS_AS(me::quantile(a, 1.5), me::ValueError);
    CHECK_THROWS_AS(me::percentile(a, -1.0), me::ValueError);
    CHECK_THROWS_AS(me::percentile(a, nan), me::ValueError);
    CHECK_THROWS_AS(me::quantile(a, 0.5, {.method = "weibull"}), me::ValueError);
    CHECK_THROWS_AS(me::average(a, {.axis = 1, .weights = me::array<double>{1., -1., 2., -2., 0.}}), me::ValueError);
    CHECK_THROWS_AS(me::average(a, {.weights = me::array<double>{1., 2., 3., 4., 5.}}), me::ShapeError);
    CHECK_THROWS_AS(me::average(a, {.axis = 0, .weights = me::array<double>{1., 2.}}), me::ShapeError);
    CHECK_THROWS_AS(me::cumulative_sum(a), me::ValueError);  // axis required above 1-d
    CHECK(ctx.flops_used() == 0);
    // NumPy gives NaN, not an error, for these (and charges).
    CHECK(me::nanargmax(me::array<double>{nan, 2.0}).item() == 1);
    CHECK(std::isnan(me::mean(me::array<double>::uninitialized({0})).item()));
    CHECK(std::isnan(me::nanmean(half_nan, 1)(1)));
    CHECK(std::isnan(me::nanmax(half_nan, 1)(1)));
    CHECK(std::isnan(me::median(me::array<double>{1.0, nan, 3.0}).item()));
    CHECK(me::nanmedian(me::array<double>{1.0, nan, 3.0}).item() == 2.0);
}

TEST_CASE("result element types follow NumPy", "[reductions][types]") {
    me::BudgetContext ctx(1e9);
    const me::array<std::int32_t> i = {{1, 2}, {3, 4}};
    const me::array<bool> b = {true, false, true};
    const me::array<float> f = {1.f, 2.f, 4.f};
    STATIC_REQUIRE(std::is_same_v<decltype(me::sum(i)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::sum(b)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::prod(i)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::sum(f)), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::mean(i)), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::mean(f)), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::var(std::declval<me::array<std::complex<double>>>())), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::argmax(f)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::all(i)), me::array<bool>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::count_nonzero(f)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::cumsum(i)), me::array<std::int64_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::max(i)), me::array<std::int32_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::median(i)), me::array<double>>);
    CHECK(me::sum(b).item() == 2);
    CHECK(me::sum(i).ndim() == 0);
    CHECK(me::sum(i, {.axis = 0, .keepdims = true}).shape() == me::shape_t{1, 2});
    CHECK(me::argmax(i, {.keepdims = true}).shape() == me::shape_t{1, 1});
    CHECK(me::mean(i).item() == 2.5);
    CHECK(me::cumulative_sum(me::array<std::int32_t>{1, 2, 3}, {.include_initial = true}).shape() == me::shape_t{4});
}

TEST_CASE("float32 sums are pairwise: 2e7 ones sum to exactly 2e7", "[reductions][accuracy]") {
    me::BudgetContext ctx(1e9);
    auto ones = me::array<float>::uninitialized({20'000'000});
    std::fill(ones.begin(), ones.end(), 1.0f);
    CHECK(me::sum(ones).item() == 20'000'000.0f);
    CHECK(me::mean(ones).item() == 1.0f);
    CHECK(me::nansum(ones).item() == 20'000'000.0f);
    CHECK(me::var(ones).item() == 0.0f);
    CHECK(ctx.flops_used() == 20'000'000 * 3 + 1 + (2 * 20'000'000 + 1));
    // A leading axis (rows accumulated) and a trailing one (contiguous blocks).
    auto m = me::array<float>::uninitialized({1000, 300});
    std::fill(m.begin(), m.end(), 0.1f);
    const auto s0 = me::sum(m, 0), s1 = me::sum(m, 1);
    CHECK(s0.shape() == me::shape_t{300});
    CHECK(s1.shape() == me::shape_t{1000});
    CHECK(s1(0) == Approx(30.0f).epsilon(1e-6));
    CHECK(s0(0) == Approx(100.0f).epsilon(1e-5));
}

TEST_CASE("walks over middle and split axes agree with a direct loop", "[reductions][engine]") {
    me::BudgetContext ctx(1e9);
    auto a = me::array<double>::uninitialized({2, 3, 4, 5});
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<double>((i * 7) % 11);
    const auto s = me::sum(a, {.axis = {0, 2}});  // general walk: gather
    const auto m = me::sum(a, 1);                 // rows walk with outer > 1
    REQUIRE(s.shape() == me::shape_t{3, 5});
    for (std::size_t j = 0; j < 3; ++j)
        for (std::size_t l = 0; l < 5; ++l) {
            double want = 0;
            for (std::size_t i = 0; i < 2; ++i)
                for (std::size_t k = 0; k < 4; ++k) want += a(i, j, k, l);
            CHECK(s(j, l) == want);
        }
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t k = 0; k < 4; ++k)
            for (std::size_t l = 0; l < 5; ++l) CHECK(m(i, k, l) == a(i, 0, k, l) + a(i, 1, k, l) + a(i, 2, k, l));
    const auto am = me::argmax(a, 2);  // strided blocks
    CHECK(am.shape() == me::shape_t{2, 3, 5});
}

// Issue 7, defect 7: cumsum along an axis of an empty (2**62, 3, 0, 0) array looped for
// ever over its outer rows. Such a shape cannot be made now (NumPy's size rule), and a
// scan of an empty result does no work however many outer rows its shape counts.
TEST_CASE("scans of empty arrays return at once", "[reductions][regression]") {
    CHECK_THROWS_AS(me::zeros({std::size_t{1} << 62, 3, 0, 0}), me::ValueError);
    const auto empty = me::zeros({std::size_t{1} << 40, 3, 0});  // allowed: empty, and its bytes fit
    me::BudgetContext budget(1e9);
    for (int axis : {0, 1, 2}) {
        INFO(axis);
        const auto r = me::cumsum(empty, axis);
        CHECK(r.shape() == empty.shape());
        CHECK(me::cumulative_sum(empty, {.axis = axis}).size() == 0);
    }
    CHECK(budget.flops_used() == 6);  // six scans of an empty input: 1 FLOP each
}

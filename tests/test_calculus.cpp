// calculus and convolution (calculus.hpp): diff, ediff1d, gradient, trapezoid, trapz,
// interp, convolve, correlate, unwrap. Exact charges against the queries and hand counts
// (including the passes, axes and enlarged inputs charged beyond the reference's formula),
// budgets too small, bad input charging nothing, values, element types, views.
// Values against NumPy: differential/diff_calculus.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

bool same(const me::array<double>& a, std::initializer_list<double> want) {
    if (a.size() != want.size()) return false;
    std::size_t i = 0;
    for (double w : want)
        if (std::fabs(a.data()[i++] - w) > 1e-12 * (1 + std::fabs(w))) return false;
    return true;
}

}  // namespace

TEST_CASE("calculus cost queries: the formulas, and the work beyond them", "[calculus]") {
    using namespace me::flops;
    CHECK(diff_cost({4, 5}) == 20);
    CHECK(diff_cost({4, 5}, 1, 0) == 20);
    CHECK(diff_cost({10}, 3) == 10 + 9 + 8);
    CHECK(diff_cost({2, 10}, 3) == 2 * 27);
    CHECK(diff_cost({3}, 10) == 3 + 2 + 1);      // passes past the length read nothing
    CHECK(diff_cost({4, 5}, 1, -1, 2) == 4 * 7);  // prepend/append enlarge the input
    CHECK(diff_cost({4, 5}, 0) == 1);
    CHECK(diff_cost({0}) == 1);
    CHECK(diff_cost({1ull << 40}, 1ll << 40) > 0);  // saturates, never wraps
    CHECK(diff_cost({1ull << 40, 1ull << 40}, 1ll << 40) == std::numeric_limits<me::flops_t>::max());
    CHECK(ediff1d_cost(12) == 12);
    CHECK(ediff1d_cost(0) == 1);
    CHECK(gradient_cost({4, 5}) == 40);
    CHECK(gradient_cost({4, 5}, 1) == 20);
    CHECK(gradient_cost({2, 3, 4}, {0, 2}) == 48);
    CHECK(trapezoid_cost({3, 10}) == 30);
    CHECK(trapezoid_cost({3, 10}, {10}) == 30);
    CHECK(trapezoid_cost({10}, {1000, 10}) == 10000);  // x broadcasting y larger
    CHECK(trapz_cost({3, 10}) == 30);
    CHECK(interp_cost(1000, 1024) == 10000);
    CHECK(interp_cost(1000, 1) == 1000);  // at least one per query
    CHECK(interp_cost(1000, 1025) == 11000);
    CHECK(interp_cost(10, 8, true) == 10 * 3 + 8 * 3);
    CHECK(interp_cost(0, 8) == 1);
    CHECK(convolve_cost(100000, 1000) == 100'000'000);
    CHECK(correlate_cost(3, 7) == 21);
    CHECK(unwrap_cost({6, 7}) == 42);
    check_rejected<me::ValueError>([] { (void)diff_cost({3}, -1); }, {"order must be non-negative but got -1"});
    check_rejected<me::ValueError>([] { (void)diff_cost({}); }, {"at least one dimensional"});
    check_rejected<me::AxisError>([] { (void)diff_cost({3}, 1, 1); }, {"axis 1 is out of bounds"});
    check_rejected<me::ValueError>([] { (void)gradient_cost({3, 3}, {0, 0}); }, {"repeated axis"});
    check_rejected<me::ShapeError>([] { (void)trapezoid_cost({5}, {4}); }, {"broadcast"});
}

TEST_CASE("diff: values, orders, prepend/append, types", "[calculus]") {
    me::BudgetContext budget(1e12);
    const me::array<std::int64_t> x = {1, 2, 4, 7, 0};
    CHECK(me::identical(me::diff(x), me::array<std::int64_t>{1, 2, 3, -7}));
    CHECK(me::identical(me::diff(x, {.n = 2}), me::array<std::int64_t>{1, 1, -10}));
    CHECK(me::diff(x, {.n = 7}).shape() == me::shape_t{0});
    CHECK(me::identical(me::diff(x, {.n = 0}), x));
    const me::array<std::int64_t> m = {{1, 3, 6, 10}, {0, 5, 6, 8}};
    CHECK(me::identical(me::diff(m), me::array<std::int64_t>{{2, 3, 4}, {5, 1, 2}}));
    CHECK(me::identical(me::diff(m, {.axis = 0}), me::array<std::int64_t>{{-1, 2, 0, -2}}));
    CHECK(me::identical(me::diff(m, {.axis = -2, .prepend = 0}), me::array<std::int64_t>{{1, 3, 6, 10}, {-1, 2, 0, -2}}));
    CHECK(me::identical(me::diff(x, {.prepend = me::array<std::int64_t>{0, 0}, .append = 9}),
                        me::array<std::int64_t>{0, 1, 1, 2, 3, -7, 9}));
    const auto promoted = me::diff(x, me::diff_options<double>{.append = 0.5});
    STATIC_REQUIRE(std::is_same_v<decltype(promoted), const me::array<double>>);
    CHECK(same(promoted, {1, 2, 3, -7, 0.5}));
    const me::array<bool> b = {true, false, false, true};
    CHECK(me::identical(me::diff(b), me::array<bool>{true, false, true}));
    const me::array<std::int32_t> wrap = {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    CHECK(me::diff(wrap)(0) == -1);
    STATIC_REQUIRE(std::is_same_v<decltype(me::diff(me::array<float>{1.f})), me::array<float>>);
}

TEST_CASE("diff and ediff1d charge their work and refuse bad input", "[calculus]") {
    const auto a = iota({4, 6});
    check_charge([&] { me::diff(a); }, "diff", 24);
    check_charge([&] { me::diff(a, {.n = 3}); }, "diff", 4 * (6 + 5 + 4));
    check_charge([&] { me::diff(a, {.axis = 0, .prepend = 1.0, .append = iota({2, 6})}); }, "diff", 7 * 6);
    check_charge([&] { me::diff(a, {.n = 0}); }, "diff", 1);
    CHECK(me::flops::diff_cost({4, 6}, 3) == 60);
    check_too_small([&] { me::diff(a, {.n = 2}); }, "diff", 4 * 11);
    check_charge([&] { me::ediff1d(a); }, "ediff1d", 24);
    check_too_small([&] { me::ediff1d(a); }, "ediff1d", 24);
    check_rejected<me::ValueError>([&] { me::diff(a, {.n = -1}); }, {"order must be non-negative but got -1"});
    check_rejected<me::ValueError>([&] { me::diff(me::array<double>(2.0)); }, {"at least one dimensional"});
    check_rejected<me::AxisError>([&] { me::diff(a, {.axis = 2}); }, {"out of bounds"});
    check_rejected<me::ValueError>([&] { me::diff(a, {.prepend = iota({3, 1})}); }, {"concatenation axis"});
    check_rejected<me::ValueError>([&] { me::diff(a, {.append = iota({6})}); }, {"number of dimensions"});
    me::BudgetContext budget(1e12);
    CHECK(me::identical(me::ediff1d(me::array<std::int64_t>{{1, 2, 4}, {1, 6, 24}}), me::array<std::int64_t>{1, 2, -3, 5, 18}));
    CHECK(me::identical(me::ediff1d(me::array<std::int64_t>{1, 2, 4}, {.to_end = me::array<std::int64_t>{7, 8}, .to_begin = -9}),
                        me::array<std::int64_t>{-9, 1, 2, 7, 8}));
    CHECK(me::ediff1d(me::array<double>{}).shape() == me::shape_t{0});
    CHECK(me::ediff1d(me::array<double>{}, {.to_end = 1.0}).shape() == me::shape_t{1});
}

TEST_CASE("gradient: spacing forms, edge orders, axes", "[calculus]") {
    me::BudgetContext budget(1e12);
    const me::array<double> f = {1, 2, 4, 7, 11, 16};
    me::array<double> g = me::gradient(f);
    CHECK(same(g, {1, 1.5, 2.5, 3.5, 4.5, 5}));
    g = me::gradient(f, 2.0);
    CHECK(same(g, {0.5, 0.75, 1.25, 1.75, 2.25, 2.5}));
    g = me::gradient(f, {.edge_order = 2});
    CHECK(same(g, {0.5, 1.5, 2.5, 3.5, 4.5, 5.5}));
    const me::array<double> x = {0, 1, 1.5, 3.5, 4, 6};
    g = me::gradient(f, x);
    CHECK(same(g, {1., 3., 3.5, 6.7, 6.9, 2.5}));
    const me::array<double> evenly = {0, 2, 4, 6, 8, 10};
    CHECK(me::identical(me::array<double>(me::gradient(f, evenly)), me::array<double>(me::gradient(f, 2.0))));
    const me::array<std::int64_t> m = {{1, 2, 6}, {3, 4, 5}};
    const auto both = me::gradient(m);
    STATIC_REQUIRE(std::is_same_v<decltype(both), const me::gradients<double>>);
    REQUIRE(both.size() == 2);
    CHECK(same(both[0], {2, 2, -1, 2, 2, -1}));
    CHECK(same(both[1], {1, 2.5, 4, 1, 1, 1}));
    const auto rev = me::gradient(m, 1.0, 2.0, {.axis = {1, 0}});
    REQUIRE(rev.size() == 2);
    CHECK(same(rev[0], {1, 2.5, 4, 1, 1, 1}));
    CHECK(same(rev[1], {1, 1, -0.5, 1, 1, -0.5}));
    CHECK(me::gradient(m, {.axis = -1}).size() == 1);
    CHECK_THROWS_AS(static_cast<me::array<double>>(both), me::ValueError);
    STATIC_REQUIRE(std::is_same_v<decltype(me::gradient(me::array<float>{1.f})), me::gradients<float>>);
}

TEST_CASE("gradient charges numel per axis and refuses NumPy's errors", "[calculus]") {
    const auto a = iota({4, 6});
    check_charge([&] { me::gradient(a); }, "gradient", 48);
    check_charge([&] { me::gradient(a, {.axis = 0}); }, "gradient", 24);
    check_too_small([&] { me::gradient(a); }, "gradient", 48);
    using me::ValueError;
    check_rejected<ValueError>([&] { me::gradient(iota({1})); }, {"Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required."});
    check_rejected<ValueError>([&] { me::gradient(iota({2, 6}), {.edge_order = 2}); }, {"at least (edge_order + 1)"});
    check_rejected<ValueError>([&] { me::gradient(a, {.edge_order = 3}); }, {"'edge_order' greater than 2 not supported"});
    check_rejected<ValueError>([&] { me::gradient(a, {.edge_order = 0}); }, {"edge_order"});
    check_rejected<ValueError>([&] { me::gradient(a, 1.0, 2.0, 3.0); }, {"invalid number of arguments"});
    check_rejected<ValueError>([&] { me::gradient(a, iota({4}), iota({5})); }, {"must match the length"});
    check_rejected<ValueError>([&] { me::gradient(a, iota({4, 1}), 1.0); }, {"scalars or 1d"});
    check_rejected<ValueError>([&] { me::gradient(a, {.axis = {1, -1}}); }, {"repeated axis"});
    check_rejected<me::AxisError>([&] { me::gradient(a, {.axis = 2}); }, {"out of bounds"});
}

TEST_CASE("trapezoid and trapz: values, x broadcasting, charges", "[calculus]") {
    const auto a = iota({2, 3});
    check_charge([&] { me::trapezoid(a); }, "trapezoid", 6);
    check_charge([&] { me::trapz(a, {.axis = 0}); }, "trapz", 6);
    check_charge([&] { me::trapezoid(iota({3}), {.x = iota({5, 3})}); }, "trapezoid", 15);
    check_too_small([&] { me::trapz(a, {.x = iota({3})}); }, "trapz", 6);
    check_rejected<me::ShapeError>([&] { me::trapezoid(a, {.x = iota({4})}); }, {"broadcast"});
    check_rejected<me::AxisError>([&] { me::trapezoid(a, {.axis = 3}); }, {"out of bounds"});
    me::BudgetContext budget(1e12);
    CHECK(me::trapz(me::array<double>{1, 2, 3})() == 4.0);
    CHECK(me::trapz(me::array<double>{1, 2, 3}, {.x = me::array<double>{4, 6, 8}})() == 8.0);
    CHECK(me::trapz(me::array<double>{1, 2, 3}, {.dx = 2})() == 8.0);
    const me::array<double> m = {{0, 1, 2}, {3, 4, 5}};
    CHECK(same(me::trapezoid(m, {.axis = 0}), {1.5, 2.5, 3.5}));
    CHECK(same(me::trapezoid(m, {.axis = 1}), {2, 8}));
    CHECK(me::trapezoid(me::array<double>{}).shape() == me::shape_t{});
    CHECK(me::trapezoid(me::array<double>{})() == 0.0);
    STATIC_REQUIRE(std::is_same_v<decltype(me::trapz(me::array<int>{1})), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::trapz(me::array<float>{1.f})), me::array<float>>);
}

TEST_CASE("interp: values, left/right, period, complex, NaN, errors", "[calculus]") {
    const me::array<double> xp = {1, 2, 3}, fp = {3, 2, 0};
    check_charge([&] { me::interp(iota({10}), xp, fp); }, "interp", 10 * 2);
    check_charge([&] { me::interp(iota({10}), xp, fp, {.period = 4.0}); }, "interp", 10 * 2 + 3 * 2);
    check_charge([&] { me::interp(iota({10}), me::array<double>{1}, me::array<double>{5}); }, "interp", 10);
    check_too_small([&] { me::interp(iota({10}), xp, fp); }, "interp", 20);
    using me::ValueError;
    check_rejected<ValueError>([&] { me::interp(2.5, me::array<double>{}, me::array<double>{}); }, {"array of sample points is empty"});
    check_rejected<ValueError>([&] { me::interp(2.5, xp, me::array<double>{1, 2}); }, {"fp and xp are not of the same length"});
    check_rejected<ValueError>([&] { me::interp(2.5, xp, fp, {.period = 0.0}); }, {"period must be a non-zero value"});
    check_rejected<ValueError>([&] { me::interp(2.5, iota({1, 3}), fp); }, {"too deep"});
    me::BudgetContext budget(1e12);
    CHECK(me::interp(2.5, xp, fp)() == 1.0);
    CHECK(same(me::interp(me::array<double>{0, 1, 1.5, 2.72, 3.14}, xp, fp), {3, 3, 2.5, 0.56, 0}));
    CHECK(me::interp(3.14, xp, fp, {.right = -99.0})() == -99.0);
    CHECK(me::interp(0.0, xp, fp, {.left = 10.0})() == 10.0);
    CHECK(std::isnan(me::interp(me::nan, xp, fp)()));
    CHECK(me::interp(me::nan, me::array<double>{1}, me::array<double>{5})() == 5.0);
    const me::array<double> deg = {-180, -170, -185, 185, -10, -5, 0, 365};
    const auto periodic = me::interp(deg, me::array<double>{190, -190, 350, -350}, me::array<double>{5, 10, 3, 4}, {.period = 360.0});
    CHECK(same(periodic, {7.5, 5., 8.75, 6.25, 3., 3.25, 3.5, 3.75}));
    const auto c = me::interp(me::array<double>{1.5, 4.0}, me::array<double>{2, 3, 5},
                              me::array<std::complex<double>>{std::complex<double>(0, 1), 0.0, std::complex<double>(2, 3)});
    STATIC_REQUIRE(std::is_same_v<decltype(c), const me::array<std::complex<double>>>);
    CHECK(c(0) == std::complex<double>(0, 1));
    CHECK(c(1) == std::complex<double>(1, 1.5));
}

TEST_CASE("convolve and correlate: modes, swap, conjugation, charges", "[calculus]") {
    const me::array<double> a = {1, 2, 3}, v = {0, 1, 0.5};
    check_charge([&] { me::convolve(a, v); }, "convolve", 9);
    check_charge([&] { me::correlate(iota({10}), iota({4}), {.mode = "full"}); }, "correlate", 40);
    check_too_small([&] { me::convolve(a, v, {.mode = "valid"}); }, "convolve", 9);
    check_too_small([&] { me::correlate(a, v); }, "correlate", 9);
    using me::ValueError;
    check_rejected<ValueError>([&] { me::convolve(me::array<double>{}, v); }, {"v cannot be empty"});
    check_rejected<ValueError>([&] { me::convolve(me::array<double>{}, me::array<double>{}); }, {"a cannot be empty"});
    check_rejected<ValueError>([&] { me::correlate(me::array<double>{}, v); }, {"first array argument cannot be empty"});
    check_rejected<ValueError>([&] { me::correlate(a, me::array<double>{}); }, {"second array argument cannot be empty"});
    check_rejected<ValueError>([&] { me::convolve(a, v, {.mode = "bad"}); }, {"mode must be one of 'valid', 'same', or 'full' (got 'bad')"});
    check_rejected<ValueError>([&] { me::convolve(iota({2, 2}), v); }, {"too deep"});
    me::BudgetContext budget(1e12);
    CHECK(same(me::convolve(a, v), {0, 1, 2.5, 4, 1.5}));
    CHECK(same(me::convolve(a, v, {.mode = "same"}), {1, 2.5, 4}));
    CHECK(same(me::convolve(a, v, {.mode = "valid"}), {2.5}));
    CHECK(same(me::convolve(v, a, {.mode = "same"}), {1, 2.5, 4}));
    CHECK(same(me::correlate(a, me::array<double>{0, 1, 0.5}), {3.5}));
    CHECK(same(me::correlate(a, me::array<double>{0, 1, 0.5}, {.mode = "same"}), {2, 3.5, 3}));
    CHECK(same(me::correlate(a, me::array<double>{0, 1, 0.5}, {.mode = "full"}), {0.5, 2, 3.5, 3, 0}));
    CHECK(same(me::correlate(me::array<double>{1, 2, 3}, me::array<double>{1, 1, 0, 0}, {.mode = "same"}), {0, 1, 3, 5}));
    using C = std::complex<double>;
    const auto cc = me::correlate(me::array<C>{C(0, 0), C(1, 0), C(0, 0.5)}, me::array<C>{C(1, 1), C(2, 0), C(3, -1)}, {.mode = "full"});
    const std::vector<C> want = {{0, 0}, {3, 1}, {1.5, 1.5}, {1, 0}, {0.5, 0.5}};
    REQUIRE(cc.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(std::abs(cc(i) - want[i]) < 1e-12);
    CHECK(me::identical(me::convolve(me::array<bool>{true, false}, me::array<bool>{true, true}), me::array<bool>{true, true, false}));
    CHECK(me::identical(me::convolve(me::array<std::int64_t>{1, 2}, me::array<std::int32_t>{3, 4}), me::array<std::int64_t>{3, 10, 8}));
    // A long one through the vectorised tile (32 and 4 wide, then the tail): against a plain sum.
    const auto x = iota({1000}, -300.0), w = iota({37}, -5.0);
    const auto full = me::convolve(x, w);
    REQUIRE(full.size() == 1036);
    for (std::size_t k = 0; k < full.size(); ++k) {
        double s = 0;
        for (std::size_t j = 0; j < 37; ++j)
            if (k >= j && k - j < 1000) s += x(k - j) * w(j);
        CHECK(full(k) == Approx(s).margin(1e-9));
    }
}

TEST_CASE("unwrap: NumPy's algorithm, types, errors", "[calculus]") {
    check_charge([&] { me::unwrap(iota({3, 5})); }, "unwrap", 15);
    check_too_small([&] { me::unwrap(iota({3, 5})); }, "unwrap", 15);
    check_rejected<me::ValueError>([] { me::unwrap(me::array<double>(1.0)); }, {"at least one dimensional"});
    check_rejected<me::AxisError>([] { me::unwrap(iota({3}), {.axis = 1}); }, {"out of bounds"});
    me::BudgetContext budget(1e12);
    const me::array<double> p = {0, 0.78539816, 1.57079633, 5.49778714, 6.28318531};
    CHECK(same(me::unwrap(p), {0, 0.78539816, 1.57079633, 5.49778714 - 2 * me::pi, 6.28318531 - 2 * me::pi}));
    CHECK(same(me::unwrap(me::array<std::int64_t>{1, 2, 3, 4, 5, 6, 1, 2, 3}, {.period = 6}), {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    CHECK(same(me::unwrap(me::array<double>{0, 190, 370}, {.period = 360.0}), {0, -170, 10}));
    CHECK(same(me::unwrap(me::array<double>{0, 180}, {.period = 360.0}), {0, 180}));
    STATIC_REQUIRE(std::is_same_v<decltype(me::unwrap(me::array<float>{1.f})), me::array<float>>);
}

TEST_CASE("calculus ops take views, charged as the arrays they show", "[calculus]") {
    const auto a = iota({6, 5});
    const auto t = a.T();
    const auto col = a(me::slice(), 1);
    const auto row = a[2];
    REQUIRE(!t.is_contiguous());
    REQUIRE(!col.is_contiguous());
    const me::array<double> to(t), co(col), ro(row);
    auto check = [](const auto& view, const me::array<double>& owned, auto&& f) {
        me::BudgetContext budget(1e12);
        const auto r1 = f(view);
        const auto used = budget.flops_used();
        const auto r2 = f(owned);
        CHECK(budget.flops_used() == 2 * used);
        CHECK(me::identical(r1, r2));
    };
    check(t, to, [](const auto& x) { return me::diff(x, {.axis = 0}); });
    check(t, to, [](const auto& x) { return me::ediff1d(x); });
    check(t, to, [](const auto& x) { return me::array<double>(me::gradient(x, {.axis = 1})); });
    check(t, to, [](const auto& x) { return me::trapezoid(x); });
    check(t, to, [](const auto& x) { return me::unwrap(x, {.period = 5.0}); });
    check(col, co, [&](const auto& x) { return me::convolve(x, row, {.mode = "same"}); });
    check(col, co, [&](const auto& x) { return me::correlate(row, x); });
    check(col, co, [&](const auto& x) { return me::interp(x, ro, ro); });
    check(col, co, [&](const auto& x) { return me::trapz(co, {.x = x}); });
}

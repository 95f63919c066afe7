// Polynomial and window functions (polynomial.hpp, window.hpp): exact charges against the
// queries and hand counts, budgets too small, bad input charging nothing, the inputs whose
// work the reference's formulas would undercount, values on small cases, views.
// Values against NumPy: differential/diff_polynomial.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

using cd = std::complex<double>;

}  // namespace

TEST_CASE("polynomial cost queries: the formulas by hand", "[polynomial]") {
    using namespace me::flops;
    CHECK(poly_cost({5}) == 25);
    CHECK(poly_cost({4, 4}) == 10 * 64 + 16);  // eig first, then the 4 factors
    CHECK(poly_cost({4, 4}) == eig_cost(4) + 16);
    CHECK(poly_cost({0}) == 1);
    CHECK(polyadd_cost({3}, {5}) == 5);
    CHECK(polyadd_cost({}, {0}) == 1);
    CHECK(polysub_cost({7}, {2}) == 7);
    CHECK(polyder_cost({5}) == 5);
    CHECK(polyder_cost({5}, 3) == 15);
    CHECK(polyder_cost({5}, 0) == 5);
    CHECK(polyint_cost({5}) == 5);
    CHECK(polyint_cost({5}, 3) == 5 + 6 + 7);  // each order divides the coefficients it holds
    CHECK(polyint_cost({5}, 0) == 1);
    CHECK(polymul_cost({3}, {4}) == 12);
    CHECK(polydiv_cost({5}, {2}) == 10);
    CHECK(polyfit_cost({10}, {10}, 2) == 2 * 10 * 3 * 3);
    CHECK(polyfit_cost({10}, {10, 4}, 2) == 2 * 10 * 3 * (3 + 3));
    CHECK(polyfit_cost({10}, {10}, 2, true) == 180 + 2 * 10 * 9 + 27 + 9);
    CHECK(polyfit_cost({10}, {10, 4}, 2, true) == 360 + 180 + 27 + 9 * 4);
    CHECK(polyfit_cost({10}, {10, 0}, 0) == 20);
    CHECK(polyval_cost({11}, {1000}) == 2 * 1000 * 10);
    CHECK(polyval_cost({1}, {7}) == 14);  // a constant still evaluates 0*x + p0
    CHECK(polyval_cost({0}, {7}) == 14);
    CHECK(polyval_cost({3}, {}) == 4);
    CHECK(polyval_cost({3}, {0}) == 1);
    CHECK(roots_cost({4}) == 270);
    CHECK(roots_cost({1}) == 1);
    CHECK(roots_cost({0}) == 1);
    CHECK(bartlett_cost(7) == 7);
    CHECK(hamming_cost(7) == 7);
    CHECK(hanning_cost(7) == 7);
    CHECK(blackman_cost(7) == 21);
    CHECK(kaiser_cost(7) == 21);
    CHECK(kaiser_cost(0) == 1);
    CHECK(bartlett_cost(-5) == 1);
    // saturation, never a wrap
    CHECK(polyder_cost({5}, std::numeric_limits<std::int64_t>::max()) == std::numeric_limits<me::flops_t>::max());
    CHECK(polyint_cost({5}, std::numeric_limits<std::int64_t>::max()) == std::numeric_limits<me::flops_t>::max());
}

TEST_CASE("polynomial ops charge exactly their queries", "[polynomial]") {
    const auto p = iota({5});
    const auto q = iota({3});
    const auto m = iota({4, 4}) + me::eye(4) * 10.0;
    const auto x = iota({2, 6});
    check_charge([&] { me::poly(p); }, "poly", 25);
    check_charge([&] { me::poly(m); }, "poly", me::flops::poly_cost({4, 4}));
    check_charge([&] { me::polyadd(p, q); }, "polyadd", 5);
    check_charge([&] { me::polysub(q, p); }, "polysub", 5);
    check_charge([&] { me::polyder(p, {.m = 3}); }, "polyder", 15);
    check_charge([&] { me::polyder(p, 0); }, "polyder", 5);
    check_charge([&] { me::polyint(p, {.m = 3}); }, "polyint", 18);
    check_charge([&] { me::polyint(p, 0); }, "polyint", 1);
    check_charge([&] { me::polymul(p, q); }, "polymul", 15);
    check_charge([&] { me::polydiv(p, q); }, "polydiv", 15);
    check_charge([&] { me::polyval(p, x); }, "polyval", 2 * 12 * 4);
    check_charge([&] { me::polyval(p, 2.0); }, "polyval", 8);
    check_charge([&] { me::polyval(me::array<double>{3.0}, x); }, "polyval", 24);
    check_charge([&] { me::roots(p); }, "roots", 640);
    const auto xs = iota({8}), ys = iota({8}) * 2.0, ys2 = iota({8, 3});
    check_charge([&] { me::polyfit(xs, ys, 2); }, "polyfit", me::flops::polyfit_cost({8}, {8}, 2));
    check_charge([&] { me::polyfit(xs, ys, 2); }, "polyfit", 2 * 8 * 9);
    check_charge([&] { me::polyfit(xs, ys2, 2); }, "polyfit", 2 * 8 * 3 * 5);
    check_charge([&] { me::polyfit(xs, ys, 2, {.cov = true}); }, "polyfit", 144 + 144 + 27 + 9);
    check_charge([&] { me::polyfit(xs, ys, 2, {.full = true, .cov = true}); }, "polyfit", 144);  // full ignores cov
    check_charge([&] { me::polyfit(xs, ys2, 1, {.cov = "unscaled"}); }, "polyfit", me::flops::polyfit_cost({8}, {8, 3}, 1, true));
    check_charge([&] { me::bartlett(9); }, "bartlett", 9);
    check_charge([&] { me::hamming(9); }, "hamming", 9);
    check_charge([&] { me::hanning(0); }, "hanning", 1);
    check_charge([&] { me::blackman(9); }, "blackman", 27);
    check_charge([&] { me::kaiser(9, 14.0); }, "kaiser", 27);
}

TEST_CASE("too small a budget stops every op before it runs", "[polynomial]") {
    const auto p = iota({5});
    const auto q = iota({3});
    const auto xs = iota({8}), ys = iota({8}) * 2.0;
    check_too_small([&] { me::poly(p); }, "poly", 25);
    check_too_small([&] { me::poly(iota({3, 3})); }, "poly", 279);
    check_too_small([&] { me::polyadd(p, q); }, "polyadd", 5);
    check_too_small([&] { me::polysub(p, q); }, "polysub", 5);
    check_too_small([&] { me::polyder(p, 2); }, "polyder", 10);
    check_too_small([&] { me::polyint(p, 2); }, "polyint", 11);
    check_too_small([&] { me::polymul(p, q); }, "polymul", 15);
    check_too_small([&] { me::polydiv(p, q); }, "polydiv", 15);
    check_too_small([&] { me::polyval(p, xs); }, "polyval", 64);
    check_too_small([&] { me::roots(p); }, "roots", 640);
    check_too_small([&] { me::polyfit(xs, ys, 2); }, "polyfit", 144);
    check_too_small([&] { me::bartlett(4); }, "bartlett", 4);
    check_too_small([&] { me::hamming(1); }, "hamming", 1);
    check_too_small([&] { me::hanning(4); }, "hanning", 4);
    check_too_small([&] { me::blackman(4); }, "blackman", 12);
    check_too_small([&] { me::kaiser(4, 2.0); }, "kaiser", 12);
    // The inputs are const references: what the op read is what the caller still holds.
    CHECK(me::identical(p, iota({5})));
}

TEST_CASE("bad input raises a me:: error and charges nothing", "[polynomial]") {
    using me::LinAlgError;
    using me::ValueError;
    const auto p = iota({4});
    check_rejected<ValueError>([&] { me::poly(iota({2, 2, 2})); }, {"input must be 1d or non-empty square 2d array."});
    check_rejected<ValueError>([&] { me::poly(iota({2, 3})); }, {"square"});
    check_rejected<ValueError>([&] { me::poly(me::array<double>::uninitialized(me::shape_t{0, 0})); }, {"non-empty"});
    check_rejected<ValueError>([&] { me::poly(me::array<double>(2.0)); }, {"input must be 1d"});
    check_rejected<LinAlgError>([&] { me::poly(me::array<double>{{me::nan, 1}, {1, 1}}); }, {"infs or NaNs"});
    check_rejected<ValueError>([&] { me::polyadd(iota({2, 2}), p); }, {"1-D"});
    check_rejected<ValueError>([&] { me::polymul(p, iota({2, 2})); }, {"1-D"});
    check_rejected<ValueError>([&] { me::polyder(p, -1); }, {"Order of derivative must be positive"});
    check_rejected<ValueError>([&] { me::polyder(me::array<double>(1.0)); }, {"len() of unsized object"});
    check_rejected<ValueError>([&] { me::polyint(p, -1); }, {"Order of integral must be positive"});
    check_rejected<ValueError>([&] { me::polyint(p, {.m = 3, .k = {1.0, 2.0}}); }, {"k must be a scalar"});
    check_rejected<ValueError>([&] { me::polyint(p, {.m = 1, .k = std::vector<double>{}}); }, {"k must be a scalar"});
    check_rejected<ValueError>([&] { me::polyint(p, std::numeric_limits<std::int64_t>::max()); }, {"too big"});
    check_rejected<me::IndexError>([&] { me::polydiv(me::array<double>::uninitialized(me::shape_t{0}), p); }, {"index 0"});
    check_rejected<me::IndexError>([&] { me::polydiv(p, me::array<double>::uninitialized(me::shape_t{0})); }, {"index 0"});
    check_rejected<ValueError>([&] { me::polyval(iota({2, 2}), p); }, {"1-D"});
    check_rejected<ValueError>([&] { me::polyval(me::array<double>(1.0), p); }, {"1-D"});
    check_rejected<ValueError>([&] { me::roots(iota({1, 3})); }, {"Input must be a rank-1 array."});
    check_rejected<LinAlgError>([&] { me::roots(me::array<double>{1, me::nan}); }, {"infs or NaNs"});
    check_rejected<LinAlgError>([&] { me::roots(me::array<double>{1e-300, 1e300}); }, {"infs or NaNs"});
    const auto xs = iota({5}), ys = iota({5});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, -1); }, {"expected deg >= 0"});
    check_rejected<ValueError>([&] { me::polyfit(iota({5, 1}), ys, 1); }, {"expected 1D vector for x"});
    check_rejected<ValueError>([&] { me::polyfit(me::array<double>::uninitialized(me::shape_t{0}), me::array<double>::uninitialized(me::shape_t{0}), 1); }, {"non-empty"});
    check_rejected<ValueError>([&] { me::polyfit(xs, iota({5, 1, 1}), 1); }, {"expected 1D or 2D array for y"});
    check_rejected<ValueError>([&] { me::polyfit(xs, iota({4}), 1); }, {"same length"});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, 1, {.w = iota({4})}); }, {"w and y"});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, 1, {.w = iota({5, 1})}); }, {"1-d array for weights"});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, 4, {.cov = true}); }, {"must exceed order"});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, 1, {.cov = "scaled"}); }, {"unscaled"});
    check_rejected<ValueError>([&] { me::polyfit(xs, ys, std::numeric_limits<std::int64_t>::max()); }, {"too big"});
    check_rejected<LinAlgError>([&] { me::polyfit(me::array<double>{1, me::inf, 3}, iota({3}), 1); }, {"SVD did not converge"});
    check_rejected<LinAlgError>([&] { me::polyfit(iota({3}), iota({3}), 1, {.w = me::array<double>{1, me::nan, 1}}); }, {"SVD"});
    const std::int64_t giant = std::numeric_limits<std::int64_t>::max();
    check_rejected<ValueError>([&] { me::hanning(giant); }, {"too big"});
    check_rejected<ValueError>([&] { me::kaiser(giant, 1.0); }, {"too big"});
    check_rejected<ValueError>([&] { me::flops::bartlett_cost(giant); }, {"too big"});
}

TEST_CASE("failures found in the data after the charge", "[polynomial]") {
    // NumPy's too: a column of zeros in the Vandermonde matrix scales to NaN and gelsd fails.
    me::BudgetContext budget(1e9);
    CHECK_THROWS_AS(me::polyfit(me::zeros({3}), iota({3}), 1), me::LinAlgError);
    CHECK(budget.flops_used() == me::flops::polyfit_cost({3}, {3}, 1));
}

TEST_CASE("work the reference's formulas would undercount is charged", "[polynomial][regression]") {
    // A constant polynomial still evaluates 0*x + p0 at every point.
    check_charge([] { me::polyval(me::array<double>{2.0}, me::ones({1000})); }, "polyval", 2000);
    // Extra columns of y are solved too.
    check_charge([] { me::polyfit(iota({4}), iota({4, 100}), 0); }, "polyfit", 2 * 4 * 1 * 100);
    // The order of a derivative or integral repeats the pass; a giant order cannot hang:
    // its charge exceeds every budget.
    check_charge([] { me::polyder(iota({4}), 10); }, "polyder", 40);
    {
        me::BudgetContext budget(1e15);
        CHECK_THROWS_AS(me::polyder(iota({4}), std::numeric_limits<std::int64_t>::max()), me::BudgetExhaustedError);
        CHECK_THROWS_AS(me::polyint(iota({4}), std::int64_t{1} << 40), me::BudgetExhaustedError);
        CHECK(budget.flops_used() == 0);
    }
    // The covariance of many fits is n*n per fit.
    check_charge([] { me::polyfit(iota({3}), iota({3, 50}), 1, {.cov = "unscaled"}); }, "polyfit",
                 2 * 3 * 2 * 51 + 2 * 3 * 4 + 8 + 4 * 50);
}

TEST_CASE("polynomial values on small cases", "[polynomial]") {
    me::BudgetContext budget(1e12);
    const me::array<double> p = {1.0, -3.0, 2.0};  // (x - 1)(x - 2)
    CHECK(me::identical(me::poly(me::array<double>{1.0, 2.0}), p));
    CHECK(me::poly(me::array<double>::uninitialized(me::shape_t{0})).ndim() == 0);
    CHECK(me::poly(me::array<double>::uninitialized(me::shape_t{0})).item() == 1.0);
    CHECK(me::identical(me::poly(me::array<double>{{0, -1}, {1, 0}}), me::array<double>{1.0, 0.0, 1.0}));
    STATIC_REQUIRE(std::is_same_v<decltype(me::poly(me::array<float>{})), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::poly(me::array<int>{})), me::array<double>>);
    CHECK(me::identical(me::polyadd(me::array<int>{1, 2}, me::array<int>{1, 1, 1}), me::array<int>{1, 2, 3}));
    CHECK(me::identical(me::polysub(me::array<double>{1.0}, me::array<double>{0.0, 2.0}), me::array<double>{0.0, -1.0}));
    CHECK(me::identical(me::polymul(me::array<std::int64_t>{0, 0, 1, 2}, me::array<std::int64_t>{1, 1}), me::array<std::int64_t>{1, 3, 2}));
    auto [q, r] = me::polydiv(me::array<double>{1, 2, 3}, me::array<double>{2, 1});
    CHECK(me::identical(q, me::array<double>{0.5, 0.75}));
    CHECK(me::identical(r, me::array<double>{2.25}));
    CHECK(me::identical(me::polyder(me::array<bool>{true, true, true}), me::array<std::int64_t>{2, 1}));
    CHECK(me::polyder(p, 5).size() == 0);
    const auto integral = me::polyint(me::array<int>{3, 2}, {.k = 7.0});
    CHECK(me::identical(integral, me::array<double>{1.5, 2.0, 7.0}));
    CHECK(me::identical(me::polyval(p, me::array<double>{0, 1, 2, 3}), me::array<double>{2, 0, 0, 2}));
    CHECK(std::isnan(me::polyval(me::array<double>{1.0}, me::inf).item()));  // 0*inf, as NumPy
    CHECK(me::identical(me::polyval(me::array<std::int64_t>{1, 0}, me::array<std::int64_t>{std::int64_t{1} << 62, 3}),
                        me::array<std::int64_t>{std::int64_t{1} << 62, 3}));
    const auto z = me::roots(me::array<double>{0, 1, -3, 2, 0});
    REQUIRE(z.shape() == me::shape_t{3});
    CHECK(z(0).real() == Approx(2.0));
    CHECK(z(1).real() == Approx(1.0));
    CHECK(z(2) == cd(0, 0));
    CHECK(me::roots(me::array<double>{0, 0}).size() == 0);
    const auto fit = me::polyfit(me::array<double>{0, 1, 2, 3}, me::array<double>{1, 3, 5, 7}, 1, {.full = true});
    CHECK(fit.coefficients(0) == Approx(2.0));
    CHECK(fit.coefficients(1) == Approx(1.0));
    CHECK(fit.rank == 2);
    CHECK(fit.rcond == 4 * std::numeric_limits<double>::epsilon());
    CHECK(me::hanning(1).item() == 1.0);
    CHECK(me::kaiser(-3, 1.0).size() == 0);
    CHECK(me::bartlett(5)(1) == 0.5);
}

TEST_CASE("polynomial ops take views", "[polynomial][views]") {
    me::BudgetContext budget(1e12);
    const auto base = iota({3, 8});
    const auto column = base(me::slice(), 2);                             // strided
    const auto reversed = base[1](me::slice(me::none, me::none, -1));     // negative stride
    const me::array<double> col(column), rev(reversed);
    CHECK(me::identical(me::polyval(column, reversed), me::polyval(col, rev)));
    CHECK(me::identical(me::polymul(reversed, column), me::polymul(rev, col)));
    CHECK(me::identical(me::polyadd(column, reversed), me::polyadd(col, rev)));
    CHECK(me::identical(me::polyder(reversed, 2), me::polyder(rev, 2)));
    CHECK(me::identical(me::polyint(column), me::polyint(col)));
    CHECK(me::identical(me::poly(column), me::poly(col)));
    CHECK(me::identical(me::polydiv(reversed, column).quotient, me::polydiv(rev, col).quotient));
    const auto fit = me::polyfit(reversed, reversed, 2);
    CHECK(me::identical(fit.coefficients, me::polyfit(rev, rev, 2).coefficients));
    me::BudgetContext inner(1e9);
    me::roots(reversed);
    CHECK(inner.flops_used() == me::flops::roots_cost({8}));
}

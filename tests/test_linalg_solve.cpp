// linalg solvers and inverses (linalg/solve.hpp): exact charges against the cost queries and
// hand counts, budgets too small, bad inputs charging nothing, LAPACK's failures charged,
// values by reconstruction (A inv(A) = I, A x = b), element types, symmetric inputs, views.
// Values against NumPy: differential/diff_linalg_solve.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <complex>
#include <type_traits>

namespace {

using cdouble = std::complex<double>;
using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;

/// A well-conditioned n x n matrix stack: iota plus n on the diagonal of each matrix.
me::array<double> dominant(const me::shape_t& shape) {
    auto a = test_support::iota(shape, 0.0);
    const std::size_t n = shape.back();
    for (auto& v : a) v = std::fmod(v * 0.37, 1.0);
    for (std::size_t k = 0; k < a.size(); k += n * n)
        for (std::size_t i = 0; i < n; ++i) a.data()[k + i * n + i] += static_cast<double>(n);
    return a;
}

/// A symmetric positive definite matrix, tagged symmetric.
me::array<double> spd(std::size_t n) {
    auto a = me::array<double>::uninitialized(me::shape_t{n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) a(i, j) = i == j ? 2.0 * static_cast<double>(n) : 1.0 / (1.0 + static_cast<double>(i + j));
    return me::as_symmetric(a, {{0, 1}});
}

}  // namespace

TEST_CASE("det, slogdet, inv, solve: the cost queries are the reference's formulas", "[linalg][solve]") {
    CHECK(me::flops::det_cost(256) == 16'777'216);
    CHECK(me::flops::det_cost(256, true) == 16'777'216 / 3);
    CHECK(me::flops::det_cost({3, 5, 5}) == 3 * 125);
    CHECK(me::flops::det_cost({0, 5, 5}) == 1);  // at least 1
    CHECK(me::flops::det_cost({0, 0}) == 1);
    CHECK(me::flops::slogdet_cost({2, 4, 4}) == 2 * 64);
    CHECK(me::flops::inv_cost(256) == 16'777'216);
    CHECK(me::flops::inv_cost(10, true) == 1000 / 3 + 1000 / 2);
    CHECK(me::flops::inv_cost({2, 3, 3}) == 54);
    CHECK(me::flops::solve_cost(256) == 2 * 16'777'216 / 3 + 65'536);
    CHECK(me::flops::solve_cost(10, 4) == 2000 / 3 + 400);
    CHECK(me::flops::solve_cost(10, 4, true) == 1000 / 3 + 40);
    CHECK(me::flops::solve_cost({10, 10}, {10}) == 2000 / 3 + 100);
    CHECK(me::flops::solve_cost({10, 10}, {10, 3}) == 2000 / 3 + 300);
    CHECK(me::flops::solve_cost({4, 1, 6, 6}, {1, 3, 6}) == 12 * (2 * 216 / 3 + 36));  // b a vector stack (ndim - 1)
    CHECK(me::flops::solve_cost({2, 6, 6}, {1, 6, 2}) == 2 * (2 * 216 / 3 + 72));  // b a matrix, broadcast
    // NumPy 1.24: b of a.ndim - 1 dimensions is a vector stack, so (6, 2) against (2, 6, 6) does not fit.
    CHECK_THROWS_AS(me::flops::solve_cost({2, 6, 6}, {6, 2}), me::ValueError);
    // Adversarial shapes saturate instead of wrapping.
    CHECK(me::flops::det_cost(std::size_t{1} << 40) == std::numeric_limits<me::flops_t>::max());
}

TEST_CASE("det, slogdet, inv, solve charge exactly their queries", "[linalg][solve]") {
    const auto a = dominant({6, 6}), stack = dominant({3, 6, 6});
    const auto b = test_support::iota({6}), bm = test_support::iota({1, 6, 4});
    check_charge([&] { me::linalg::det(a); }, "linalg.det", 216);
    check_charge([&] { me::linalg::det(stack); }, "linalg.det", me::flops::det_cost(stack.shape()));
    check_charge([&] { me::linalg::slogdet(stack); }, "linalg.slogdet", 3 * 216);
    check_charge([&] { me::linalg::inv(stack); }, "linalg.inv", 3 * 216);
    check_charge([&] { me::linalg::solve(a, b); }, "linalg.solve", 144 + 36);
    check_charge([&] { me::linalg::solve(stack, bm); }, "linalg.solve", 3 * (144 + 36 * 4));
    check_charge([&] { me::linalg::solve(stack, test_support::iota({3, 6})); }, "linalg.solve", 3 * (144 + 36));
    const auto s = spd(9);
    check_charge([&] { me::linalg::det(s); }, "linalg.det", 729 / 3);
    check_charge([&] { me::linalg::slogdet(s); }, "linalg.slogdet", 729 / 3);
    check_charge([&] { me::linalg::inv(s); }, "linalg.inv", 729 / 3 + 729 / 2);
    check_charge([&] { me::linalg::solve(s, test_support::iota({9})); }, "linalg.solve", 729 / 3 + 9);
    check_charge([&] { me::linalg::det(me::array<double>::uninitialized(me::shape_t{0, 0})); }, "linalg.det", 1);
}

TEST_CASE("a budget too small raises before det, inv, solve run", "[linalg][solve]") {
    const auto a = dominant({6, 6});
    auto copy = a;
    check_too_small([&] { me::linalg::det(a); }, "linalg.det", 216);
    check_too_small([&] { me::linalg::slogdet(a); }, "linalg.slogdet", 216);
    check_too_small([&] { me::linalg::inv(a); }, "linalg.inv", 216);
    check_too_small([&] { me::linalg::solve(a, test_support::iota({6})); }, "linalg.solve", 180);
    CHECK(me::identical(a, copy));
}

TEST_CASE("bad inputs raise and charge nothing; singular matrices raise after the charge", "[linalg][solve]") {
    using me::LinAlgError;
    using me::ValueError;
    check_rejected<LinAlgError>([] { me::linalg::det(test_support::iota({3})); }, {"1-dimensional", "at least two-dimensional"});
    check_rejected<LinAlgError>([] { me::linalg::inv(test_support::iota({2, 3})); }, {"must be square"});
    check_rejected<LinAlgError>([] { me::linalg::slogdet(test_support::iota({4, 2, 3})); }, {"must be square"});
    check_rejected<LinAlgError>([] { me::linalg::solve(test_support::iota({2, 3}), test_support::iota({2})); }, {"square"});
    check_rejected<ValueError>([] { me::linalg::solve(dominant({2, 2}), test_support::iota({3})); }, {"mismatch", "(m,m),(m)->(m)"});
    check_rejected<ValueError>([] { me::linalg::solve(dominant({3, 2, 2}), test_support::iota({2})); }, {"does not have enough dimensions"});
    check_rejected<ValueError>([] { me::linalg::solve(dominant({3, 2, 2}), test_support::iota({4, 2, 1})); }, {"broadcast"});
    const me::array<double> singular = {{1, 2}, {2, 4}};
    {
        me::BudgetContext budget(1e9);
        CHECK_THROWS_AS(me::linalg::inv(singular), LinAlgError);
        CHECK(budget.flops_used() == me::flops::inv_cost(2));  // found by LAPACK: charged
        CHECK_THROWS_WITH(me::linalg::solve(singular, me::array<double>{1, 1}), Catch::Contains("Singular matrix"));
        CHECK(me::linalg::det(singular)() == 0.0);
        const auto [sign, logabs] = me::linalg::slogdet(singular);
        CHECK(sign() == 0.0);
        CHECK(std::isinf(logabs()));
    }
}

TEST_CASE("det, slogdet, inv, solve values: reconstructions, stacks, element types", "[linalg][solve]") {
    me::BudgetContext budget(1e12);
    const me::array<double> a = {{4, 1}, {2, 3}};
    CHECK(me::linalg::det(a)() == Approx(10.0));
    const auto [sign, logabs] = me::linalg::slogdet(a);
    CHECK(sign() == 1.0);
    CHECK(logabs() == Approx(std::log(10.0)));
    const auto ai = me::linalg::inv(a);
    CHECK(ai(0, 0) == Approx(0.3));
    CHECK(ai(0, 1) == Approx(-0.1));
    CHECK(ai(1, 0) == Approx(-0.2));
    CHECK(ai(1, 1) == Approx(0.4));
    const auto x = me::linalg::solve(a, me::array<double>{1, 2});
    CHECK(x(0) == Approx(0.1));
    CHECK(x(1) == Approx(0.6));
    // A stack: A inv(A) = I and A X = B for each matrix, broadcast over b's batch.
    const auto stack = dominant({3, 5, 5});
    const auto inv = me::linalg::inv(stack);
    const auto eye = me::matmul(stack, inv);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 5; ++j) CHECK(eye(k, i, j) == Approx(i == j ? 1.0 : 0.0).margin(1e-12));
    const auto bm = test_support::iota({1, 5, 2});
    const auto xs = me::linalg::solve(stack, bm);
    REQUIRE(xs.shape() == me::shape_t{3, 5, 2});
    const auto back = me::matmul(stack, xs);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 2; ++j) CHECK(back(k, i, j) == Approx(bm(0, i, j)));
    CHECK(me::linalg::det(stack).shape() == me::shape_t{3});
    // Element types: ints in float64, float32 and complex kept.
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::det(me::array<int>{{1, 2}, {3, 4}})), me::array<double>>);
    CHECK(me::linalg::det(me::array<int>{{1, 2}, {3, 4}})() == Approx(-2.0));
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::inv(me::array<float>{{1, 2}, {3, 4}})), me::array<float>>);
    const me::array<cdouble> c = {{cdouble(1, 1), cdouble(2, 0)}, {cdouble(3, 0), cdouble(4, 0)}};
    const auto dc = me::linalg::det(c)();
    CHECK(dc.real() == Approx(-2.0));
    CHECK(dc.imag() == Approx(4.0));
    const auto sc = me::linalg::slogdet(c);
    STATIC_REQUIRE(std::is_same_v<decltype(sc.logabsdet), me::array<double>>);
    CHECK(std::abs(sc.sign()) == Approx(1.0));
    CHECK(sc.logabsdet() == Approx(std::log(std::abs(dc))));
    const auto ci = me::linalg::inv(c);
    const auto ce = me::matmul(c, ci);
    CHECK(std::abs(ce(0, 0) - 1.0) < 1e-12);
    CHECK(std::abs(ce(0, 1)) < 1e-12);
    // Empty and 1x1.
    CHECK(me::linalg::det(me::array<double>::uninitialized(me::shape_t{0, 0}))() == 1.0);
    CHECK(me::linalg::inv(me::array<double>::uninitialized(me::shape_t{0, 0})).shape() == me::shape_t{0, 0});
    CHECK(me::linalg::inv(test_support::filled({1, 1}, 4.0))(0, 0) == 0.25);
    CHECK(me::linalg::solve(me::array<double>::uninitialized(me::shape_t{0, 0}), me::array<double>::uninitialized(me::shape_t{0})).shape() == me::shape_t{0});
}

TEST_CASE("symmetric inputs: Cholesky, the inverse tagged, LU when not positive definite", "[linalg][solve]") {
    me::BudgetContext budget(1e12);
    const auto s = spd(7);
    const me::array<double> plain(s.xt());  // the same values without the tag
    REQUIRE(plain.symmetric_axes().empty());
    CHECK(me::linalg::det(s)() == Approx(me::linalg::det(plain)()));
    CHECK(me::linalg::slogdet(s).logabsdet() == Approx(me::linalg::slogdet(plain).logabsdet()));
    const auto si = me::linalg::inv(s), pi = me::linalg::inv(plain);
    CHECK(si.symmetric_axes() == me::symmetry_groups{{0, 1}});
    for (std::size_t i = 0; i < 7; ++i)
        for (std::size_t j = 0; j < 7; ++j) CHECK(si(i, j) == Approx(pi(i, j)).margin(1e-14));
    const auto b = test_support::iota({7, 3});
    const auto xs = me::linalg::solve(s, b), xp = me::linalg::solve(plain, b);
    for (std::size_t i = 0; i < 7; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK(xs(i, j) == Approx(xp(i, j)));
    // Symmetric but indefinite: LU, NumPy's values, the symmetric price.
    const auto ind = me::as_symmetric(me::array<double>{{1, 2}, {2, 1}}, {{0, 1}});
    me::BudgetContext inner(1e12);
    CHECK(me::linalg::det(ind)() == Approx(-3.0));
    CHECK(inner.flops_used() == me::flops::det_cost(2, true));
    const auto ii = me::linalg::inv(ind);
    CHECK(ii(0, 1) == Approx(2.0 / 3.0));
    CHECK(ii.symmetric_axes().empty());
    CHECK(me::linalg::solve(ind, me::array<double>{3, 3})(0) == Approx(1.0));
}

TEST_CASE("det, inv, solve take views, charged as the arrays they show", "[linalg][solve]") {
    me::BudgetContext budget(1e12);
    const auto a = dominant({4, 4});
    const auto t = a.T();  // a strided view
    REQUIRE(!t.is_contiguous());
    const me::array<double> owned(t);
    me::BudgetContext inner(1e12);
    CHECK(me::identical(me::linalg::det(t), me::linalg::det(owned)));
    CHECK(me::identical(me::linalg::inv(t), me::linalg::inv(owned)));
    CHECK(me::identical(me::linalg::solve(t, a.view()), me::linalg::solve(owned, a)));
    CHECK(me::identical(me::linalg::slogdet(t).logabsdet, me::linalg::slogdet(owned).logabsdet));
    CHECK(inner.flops_used() == 2 * (me::flops::det_cost(4) + me::flops::inv_cost(4) + me::flops::solve_cost(4, 4) + me::flops::slogdet_cost(4)));
}

TEST_CASE("lstsq, pinv, matrix_power, tensorinv, tensorsolve: charges and queries", "[linalg][solve]") {
    CHECK(me::flops::lstsq_cost({6, 4}, {6}) == 6 * 4 * 4);
    CHECK(me::flops::lstsq_cost({3, 5}, {3, 2}) == 3 * 5 * 3 + 2 * 3 * 5);
    // Each column of b after the first is worked on: a wide b is not one column's price.
    CHECK(me::flops::lstsq_cost({2, 2}, {2, 100000000}) == 8 + 2 * 2 * 2 * (100000000 - 1));
    CHECK(me::flops::lstsq_cost({3, 2}, {3, 0}) == 3 * 2 * 2);
    CHECK(me::flops::pinv_cost({2, 6, 4}) == 2 * 96);
    CHECK(me::flops::matrix_power_cost({256, 256}, 3) == 2 * 2 * 16'777'216);
    CHECK(me::flops::matrix_power_cost({4, 4}, 13) == (3 + 3 - 1) * 2 * 64);  // 13 = 0b1101
    CHECK(me::flops::matrix_power_cost({4, 4}, -2) == 1 * 2 * 64 + 64);
    CHECK(me::flops::matrix_power_cost({4, 4}, 1) == 1);
    CHECK(me::flops::matrix_power_cost({4, 4}, 0) == 1);
    CHECK(me::flops::matrix_power_cost({3, 4, 4}, 2) == 3 * 128);
    CHECK(me::flops::tensorinv_cost({4, 6, 8, 3}) == 24 * 24 * 24);
    CHECK(me::flops::tensorinv_cost({144, 6, 24}, 1) == 144 * 144 * 144);
    CHECK_THROWS_AS(me::flops::tensorinv_cost({4, 6, 24}, 1), me::LinAlgError);  // 4 x 144
    CHECK(me::flops::tensorsolve_cost({2, 3, 6}, {2, 3}) == 216);
    const auto a = dominant({6, 4 + 2}), tall = test_support::iota({6, 4}, 0.5);
    check_charge([&] { me::linalg::lstsq(tall, test_support::iota({6})); }, "linalg.lstsq", 96);
    check_charge([&] { me::linalg::pinv(tall); }, "linalg.pinv", 96);
    check_charge([&] { me::linalg::matrix_power(a, 5); }, "linalg.matrix_power", 3 * 2 * 216);
    check_charge([&] { me::linalg::matrix_power(a, -3); }, "linalg.matrix_power", 2 * 2 * 216 + 216);
    check_charge([&] { me::linalg::tensorinv(me::array<double>(me::reshape(dominant({6, 6}), {6, 2, 3})), 1); }, "linalg.tensorinv", 216);
    check_charge([&] { me::linalg::tensorsolve(me::array<double>(me::reshape(dominant({6, 6}), {2, 3, 6})), test_support::iota({2, 3})); },
                 "linalg.tensorsolve", 216);
    check_too_small([&] { me::linalg::lstsq(tall, test_support::iota({6})); }, "linalg.lstsq", 96);
    check_too_small([&] { me::linalg::pinv(tall); }, "linalg.pinv", 96);
    check_too_small([&] { me::linalg::matrix_power(a, 2); }, "linalg.matrix_power", 432);
    using me::LinAlgError;
    check_rejected<LinAlgError>([&] { me::linalg::lstsq(test_support::iota({2, 3, 4}), test_support::iota({3})); }, {"two-dimensional"});
    check_rejected<LinAlgError>([&] { me::linalg::lstsq(tall, test_support::iota({5})); }, {"Incompatible dimensions"});
    check_rejected<LinAlgError>([&] { me::linalg::lstsq(me::array<double>{{me::nan, 1}, {1, 1}}, test_support::iota({2})); }, {"SVD"});
    check_rejected<LinAlgError>([&] { me::linalg::pinv(test_support::iota({3})); }, {"two-dimensional"});
    check_rejected<LinAlgError>([&] { me::linalg::matrix_power(tall, 2); }, {"square"});
    check_rejected<me::ValueError>([&] { me::linalg::matrix_power(me::array<int>{{1, 2}, {3, 4}}, -1); }, {"astype"});
    check_rejected<me::ValueError>([&] { me::linalg::tensorinv(dominant({6, 6}), 0); }, {"Invalid ind argument."});
    check_rejected<LinAlgError>([&] { me::linalg::tensorinv(test_support::iota({2, 3}), 1); }, {"square"});
    check_rejected<LinAlgError>([&] { me::linalg::tensorsolve(test_support::iota({2, 3, 5}), test_support::iota({2, 3})); }, {"prod(a.shape[b.ndim:])"});
}

TEST_CASE("lstsq, pinv, matrix_power, tensorinv, tensorsolve: values", "[linalg][solve]") {
    me::BudgetContext budget(1e12);
    // lstsq: the line through (0, 1), (1, 3), (2, 5) is exact; residuals 0, rank 2.
    const me::array<double> a = {{0, 1}, {1, 1}, {2, 1}};
    const auto [x, residuals, rank, s] = me::linalg::lstsq(a, me::array<double>{1, 3, 5});
    CHECK(x(0) == Approx(2.0));
    CHECK(x(1) == Approx(1.0));
    REQUIRE(residuals.shape() == me::shape_t{1});
    CHECK(residuals(0) == Approx(0.0).margin(1e-20));
    CHECK(rank == 2);
    CHECK(s.shape() == me::shape_t{2});
    const auto off = me::linalg::lstsq(a, me::array<double>{1, 3, 6});
    CHECK(off.residuals(0) == Approx(1.0 / 6.0));  // the fitted line misses by 1/6, -1/3, 1/6
    const auto wide = me::linalg::lstsq(me::array<double>{{1, 1}}, me::array<double>{2});
    CHECK(wide.x(0) == Approx(1.0));  // the minimum-norm solution
    CHECK(wide.residuals.size() == 0);
    // pinv: A A+ A = A, shape (n, m).
    const auto t = test_support::iota({2, 5, 3});
    const auto p = me::linalg::pinv(t);
    REQUIRE(p.shape() == me::shape_t{2, 3, 5});
    const auto back = me::matmul(me::matmul(t, p), t);
    for (std::size_t i = 0; i < t.size(); ++i) CHECK(back.flat(i) == Approx(t.flat(i)).margin(1e-9));
    const me::array<std::complex<double>> c = {{std::complex<double>(1, 2), std::complex<double>(0, 1)},
                                               {std::complex<double>(3, 0), std::complex<double>(1, -1)},
                                               {std::complex<double>(0, 0), std::complex<double>(2, 2)}};
    const auto cp = me::linalg::pinv(c);
    const auto cb = me::matmul(me::matmul(c, cp), c);
    for (std::size_t i = 0; i < c.size(); ++i) CHECK(std::abs(cb.flat(i) - c.flat(i)) < 1e-12);
    // matrix_power against repeated products; negative powers through the inverse.
    const me::array<double> m = {{1, 1}, {1, 0}};
    const auto f = me::linalg::matrix_power(m, 10);  // Fibonacci
    CHECK(f(0, 0) == 89.0);
    CHECK(f(0, 1) == 55.0);
    const auto g = me::linalg::matrix_power(m, -3);
    const auto one = me::matmul(g, me::linalg::matrix_power(m, 3));
    CHECK(one(0, 0) == Approx(1.0));
    CHECK(one(0, 1) == Approx(0.0).margin(1e-12));
    CHECK(me::linalg::matrix_power(me::array<int>{{2, 0}, {0, 3}}, 3)(1, 1) == 27);
    CHECK(me::linalg::matrix_power(m, 0)(1, 1) == 1.0);
    // tensorinv: tensordot(ainv, a, 1) is the identity; tensorsolve: tensordot(a, x, 2) == b.
    const auto a3 = me::array<double>(me::reshape(dominant({6, 6}), {6, 2, 3}));
    const auto ainv = me::linalg::tensorinv(a3, 1);
    REQUIRE(ainv.shape() == me::shape_t{2, 3, 6});
    const auto eye = me::tensordot(ainv, a3, 1);
    CHECK(eye(0, 0, 0, 0) == Approx(1.0));
    CHECK(eye(0, 1, 0, 0) == Approx(0.0).margin(1e-12));
    const auto a4 = me::array<double>(me::reshape(dominant({6, 6}), {2, 3, 2, 3}));
    const auto b = test_support::iota({2, 3});
    const auto xs = me::linalg::tensorsolve(a4, b);
    REQUIRE(xs.shape() == me::shape_t{2, 3});
    const auto bb = me::tensordot(a4, xs, 2);
    for (std::size_t i = 0; i < b.size(); ++i) CHECK(bb.flat(i) == Approx(b.flat(i)));
}

// linalg norms (linalg/norms.hpp): norm (every ord, axis, keepdims), vector_norm and
// matrix_norm; exact charges against the queries and hand counts, budgets too small, bad
// ord/axis charging nothing, values, element types, views.
// Values against NumPy: differential/diff_linalg_solve.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <complex>
#include <type_traits>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

}  // namespace

TEST_CASE("norm costs: numel, 2*numel, or the SVD count by ord", "[linalg][norms]") {
    using me::flops::norm_cost;
    CHECK(norm_cost({256, 256}) == 131'072);
    CHECK(norm_cost({256, 256}, {.ord = 2}) == 16'777'216);
    CHECK(norm_cost({256, 256}, {.ord = "fro"}) == 131'072);
    CHECK(norm_cost({256, 256}, {.ord = 1}) == 65'536);
    CHECK(norm_cost({256, 256}, {.ord = -me::inf}) == 65'536);
    CHECK(norm_cost({3, 4, 5}, {.ord = "nuc", .axis = {0, 2}}) == 4 * 3 * 5 * 3);
    CHECK(norm_cost({10}, {.ord = 0}) == 10);
    CHECK(norm_cost({10}, {.ord = 3}) == 20);
    CHECK(norm_cost({2, 10}, {.ord = me::inf, .axis = 1}) == 20);
    CHECK(norm_cost({0}) == 1);
    CHECK(me::flops::vector_norm_cost({3, 4, 5}) == 120);
    CHECK(me::flops::vector_norm_cost({3, 4, 5}, {.axis = {0, 2}, .ord = 1}) == 60);
    CHECK(me::flops::matrix_norm_cost({3, 4, 5}) == 120);
    CHECK(me::flops::matrix_norm_cost({3, 4, 5}, {.ord = -2}) == 3 * 4 * 5 * 4);
}

TEST_CASE("norm, vector_norm, matrix_norm charge exactly their queries", "[linalg][norms]") {
    const auto a = iota({4, 6});
    check_charge([&] { me::linalg::norm(a); }, "linalg.norm", 48);
    check_charge([&] { me::linalg::norm(a, {.ord = 2}); }, "linalg.norm", 4 * 6 * 4);
    check_charge([&] { me::linalg::norm(a, {.ord = 1}); }, "linalg.norm", 24);
    check_charge([&] { me::linalg::norm(a, {.ord = 3, .axis = 0}); }, "linalg.norm", 48);
    check_charge([&] { me::linalg::vector_norm(a, {.ord = me::inf}); }, "linalg.vector_norm", 24);
    check_charge([&] { me::linalg::matrix_norm(iota({2, 4, 6}), {.ord = "nuc"}); }, "linalg.matrix_norm", 2 * 96);
    check_too_small([&] { me::linalg::norm(a, {.ord = 2}); }, "linalg.norm", 96);
    check_too_small([&] { me::linalg::vector_norm(a); }, "linalg.vector_norm", 48);
    check_too_small([&] { me::linalg::matrix_norm(a); }, "linalg.matrix_norm", 48);
}

TEST_CASE("norm values for every ord", "[linalg][norms]") {
    me::BudgetContext budget(1e12);
    const me::array<double> m = {{1, -2}, {3, 4}};
    const me::array<double> v = {3, -4, 0};
    using me::linalg::norm;
    CHECK(norm(v)() == Approx(5.0));
    CHECK(norm(v, {.ord = 1})() == Approx(7.0));
    CHECK(norm(v, {.ord = 0})() == 2.0);
    CHECK(norm(v, {.ord = me::inf})() == 4.0);
    CHECK(norm(v, {.ord = -me::inf})() == 0.0);
    CHECK(norm(v, {.ord = 3})() == Approx(std::cbrt(27.0 + 64.0)));
    CHECK(norm(m)() == Approx(std::sqrt(30.0)));
    CHECK(norm(m, {.ord = "fro"})() == Approx(std::sqrt(30.0)));
    CHECK(norm(m, {.ord = 1})() == Approx(6.0));       // max column sum
    CHECK(norm(m, {.ord = -1})() == Approx(4.0));
    CHECK(norm(m, {.ord = me::inf})() == Approx(7.0));  // max row sum
    CHECK(norm(m, {.ord = -me::inf})() == Approx(3.0));
    // Singular values of [[1,-2],[3,4]]: sqrt(15 +- sqrt(125)).
    const double s1 = std::sqrt(15 + std::sqrt(125.0)), s2 = std::sqrt(15 - std::sqrt(125.0));
    CHECK(norm(m, {.ord = 2})() == Approx(s1));
    CHECK(norm(m, {.ord = -2})() == Approx(s2));
    CHECK(norm(m, {.ord = "nuc"})() == Approx(s1 + s2));
    // axis and keepdims.
    const auto rows = norm(m, {.ord = 1, .axis = 1});
    REQUIRE(rows.shape() == me::shape_t{2});
    CHECK(rows(0) == 3.0);
    CHECK(rows(1) == 7.0);
    CHECK(norm(m, {.axis = 0, .keepdims = true}).shape() == me::shape_t{1, 2});
    CHECK(norm(m, {.keepdims = true}).shape() == me::shape_t{1, 1});
    const auto t = iota({2, 3, 4});
    const auto mats = norm(t, {.ord = me::inf, .axis = {2, 0}});  // rows along axis 2
    REQUIRE(mats.shape() == me::shape_t{3});
    CHECK(mats(0) == 20.0);  // max over r of t[0,0,r] + t[1,0,r] = 14 + 2r
    // Element types: real results, float32 kept.
    STATIC_REQUIRE(std::is_same_v<decltype(norm(me::array<int>{1, 2})), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(norm(me::array<std::complex<float>>{})), me::array<float>>);
    const me::array<std::complex<double>> c = {std::complex<double>(3, 4), std::complex<double>(0, 0)};
    CHECK(norm(c)() == Approx(5.0));
    CHECK(norm(c, {.ord = 0})() == 1.0);
    // vector_norm and matrix_norm.
    CHECK(me::linalg::vector_norm(t)() == Approx(norm(t)()));
    CHECK(me::linalg::vector_norm(t, {.axis = {0, 2}, .keepdims = true}).shape() == me::shape_t{1, 3, 1});
    CHECK(me::linalg::matrix_norm(t).shape() == me::shape_t{2});
    CHECK(me::linalg::matrix_norm(m, {.ord = 2})() == Approx(s1));
    // Empty: sums are 0; maxima refuse, as NumPy's max.
    CHECK(norm(me::array<double>::uninitialized(me::shape_t{0, 3}), {.ord = 1})() == 0.0);
    CHECK(norm(me::array<double>::uninitialized(me::shape_t{0}))() == 0.0);
    // inf gives NaN through the SVD, as NumPy.
    CHECK(std::isnan(norm(me::array<double>{{me::inf, 1}, {1, 1}}, {.ord = 2})()));
}

TEST_CASE("bad ord and axis raise and charge nothing", "[linalg][norms]") {
    using me::ValueError;
    const auto m = iota({3, 3});
    check_rejected<ValueError>([&] { me::linalg::norm(iota({3}), {.ord = "fro"}); }, {"Invalid norm order 'fro' for vectors"});
    check_rejected<ValueError>([&] { me::linalg::norm(m, {.ord = "bad"}); }, {"Invalid norm order for matrices."});
    check_rejected<ValueError>([&] { me::linalg::norm(m, {.ord = 3}); }, {"Invalid norm order for matrices."});
    check_rejected<ValueError>([&] { me::linalg::norm(iota({3, 3, 3}), {.ord = 1}); }, {"Improper number of dimensions to norm."});
    check_rejected<ValueError>([&] { me::linalg::norm(m, {.axis = {0, 1, 0}}); }, {"Improper number of dimensions"});
    check_rejected<ValueError>([&] { me::linalg::norm(m, {.axis = {0, -2}}); }, {"Duplicate axes given."});
    check_rejected<me::AxisError>([&] { me::linalg::norm(m, {.axis = 2}); }, {"axis"});
    check_rejected<ValueError>([&] { me::linalg::norm(me::array<double>::uninitialized(me::shape_t{0, 0}), {.ord = 2}); }, {"zero-size array to reduction operation maximum"});
    check_rejected<ValueError>([&] { me::linalg::norm(me::array<double>::uninitialized(me::shape_t{0}), {.ord = -me::inf}); }, {"minimum"});
    check_rejected<me::LinAlgError>([&] { me::linalg::norm(me::array<double>{{me::nan, 1}, {1, 1}}, {.ord = 2}); }, {"SVD did not converge"});
    check_rejected<me::LinAlgError>([&] { me::linalg::matrix_norm(iota({3})); }, {"at least two-dimensional"});
    check_rejected<ValueError>([&] { me::linalg::vector_norm(m, {.ord = "nuc"}); }, {"for vectors"});
}

TEST_CASE("norms take views, charged as the arrays they show", "[linalg][norms]") {
    const auto a = iota({4, 5});
    const auto t = a.T();
    REQUIRE(!t.is_contiguous());
    const me::array<double> owned(t);
    me::BudgetContext budget(1e12);
    for (const me::linalg::norm_ord& ord : {me::linalg::norm_ord{}, me::linalg::norm_ord{2}, me::linalg::norm_ord{"nuc"},
                                           me::linalg::norm_ord{-1}, me::linalg::norm_ord{me::inf}})
        CHECK(me::identical(me::linalg::norm(t, {.ord = ord}), me::linalg::norm(owned, {.ord = ord})));
    CHECK(me::identical(me::linalg::vector_norm(t, {.axis = 0}), me::linalg::vector_norm(owned, {.axis = 0})));
    CHECK(me::identical(me::linalg::matrix_norm(t), me::linalg::matrix_norm(owned)));
}

TEST_CASE("cond and matrix_rank: charges, values, errors", "[linalg][norms]") {
    CHECK(me::flops::cond_cost({4, 4}) == 64);
    CHECK(me::flops::cond_cost({3, 5, 2}) == 3 * 20);
    CHECK(me::flops::matrix_rank_cost({6, 4}) == 96);
    CHECK(me::flops::matrix_rank_cost({7}) == 7);
    const me::array<double> m = {{1, -2}, {3, 4}};
    check_charge([&] { me::linalg::cond(m); }, "linalg.cond", 8);
    check_charge([&] { me::linalg::cond(m, "fro"); }, "linalg.cond", 8);
    check_charge([&] { me::linalg::matrix_rank(iota({3, 6, 4})); }, "linalg.matrix_rank", 3 * 96);
    check_too_small([&] { me::linalg::cond(m, 1); }, "linalg.cond", 8);
    check_too_small([&] { me::linalg::matrix_rank(m); }, "linalg.matrix_rank", 8);
    me::BudgetContext budget(1e12);
    const double s1 = std::sqrt(15 + std::sqrt(125.0)), s2 = std::sqrt(15 - std::sqrt(125.0));
    CHECK(me::linalg::cond(m)() == Approx(s1 / s2));
    CHECK(me::linalg::cond(m, -2)() == Approx(s2 / s1));
    // inv(m) = [[4, 2], [-3, 1]] / 10: ||m||_1 = 6, ||inv||_1 = 0.7.
    CHECK(me::linalg::cond(m, 1)() == Approx(6 * 0.7));
    CHECK(me::linalg::cond(m, me::inf)() == Approx(7 * 0.6));
    CHECK(me::linalg::cond(m, "fro")() == Approx(30.0 / 10.0));
    CHECK(std::isinf(me::linalg::cond(me::array<double>{{1, 1}, {1, 1}})()));
    CHECK(std::isinf(me::linalg::cond(me::array<double>{{1, 1}, {1, 1}}, 1)()));
    CHECK(me::linalg::cond(iota({3, 5, 2})).shape() == me::shape_t{3});
    CHECK(me::linalg::matrix_rank(m)() == 2);
    CHECK(me::linalg::matrix_rank(me::array<double>{{1, 2}, {2, 4}})() == 1);
    CHECK(me::linalg::matrix_rank(iota({4, 5}))() == 2);  // rows in arithmetic progression
    CHECK(me::linalg::matrix_rank(me::array<double>{{1, 0}, {0, 1e-3}}, {.tol = 1e-2})() == 1);
    CHECK(me::linalg::matrix_rank(me::array<double>{0, 0, 0})() == 0);
    CHECK(me::linalg::matrix_rank(me::array<double>{0, 1, 0})() == 1);
    using me::LinAlgError;
    check_rejected<LinAlgError>([] { me::linalg::cond(iota({3})); }, {"two-dimensional"});
    check_rejected<LinAlgError>([] { me::linalg::cond(me::array<double>::uninitialized(me::shape_t{0, 0})); }, {"empty arrays"});
    check_rejected<LinAlgError>([] { me::linalg::cond(iota({2, 3}), 1); }, {"square"});
    check_rejected<me::ValueError>([] { me::linalg::cond(iota({2, 2}), 3); }, {"Invalid norm order for matrices."});
    check_rejected<LinAlgError>([] { me::linalg::cond(me::array<double>{{me::nan, 1}, {1, 1}}); }, {"SVD did not converge"});
    check_rejected<LinAlgError>([] { me::linalg::matrix_rank(me::array<double>{{me::nan, 1}, {1, 1}}); }, {"SVD did not converge"});
    check_rejected<me::ValueError>([] { me::linalg::matrix_rank(me::array<double>::uninitialized(me::shape_t{0, 3})); }, {"zero-size"});
}

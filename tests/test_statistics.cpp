// Statistics, comparisons, counted creation and the byte/memory free names
// (statistics.hpp): exact charges against the queries and hand counts, budgets too small,
// bad input charging nothing, views as inputs, and the free names charging nothing.
// Values against NumPy: differential/diff_statistics.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

}  // namespace

TEST_CASE("statistics costs: the formulas on several shapes", "[statistics]") {
    using namespace me::flops;
    CHECK(clip_cost({256, 256}) == 65'536);
    CHECK(clip_cost({3}, {4, 1}, {}) == 12);  // a bound larger than a: the broadcast output
    CHECK(clip_cost({0, 3}) == 1);
    CHECK(cov_cost(10, 1000) == 10 * 10 * 1000 + 2 * 10 * 1000 + 100);
    CHECK(cov_cost(10, 1000, true) == 10 * 10 * 1000 + 4 * 10 * 1000 + 100 + 2 * 1000);
    CHECK(cov_cost(0, 5) == 1);
    CHECK(corrcoef_cost(3, 7) == cov_cost(3, 7) + 27 + 3);
    CHECK(allclose_cost({}, {1000}) == 1000);  // a scalar a against a large b pays for b
    CHECK(allclose_cost({4, 5}, {5}) == 20);
    CHECK(array_equal_cost({4, 5}, {4, 5}) == 20);
    CHECK(array_equal_cost({4}, {400}) == 4);
    CHECK(array_equiv_cost({1}, {4, 5}) == 20);
    CHECK(array_equiv_cost({3}, {4}) == 3);
    CHECK(geomspace_cost(50) == 50);
    CHECK(logspace_cost(0) == 1);
    CHECK(vander_cost(5, 4) == 15);
    CHECK(vander_cost(5, 1) == 5);  // a column of ones is still written (review of issue 10)
    CHECK(vander_cost(1000000, 1) == 1000000);
    CHECK(vander_cost(5, 0) == 1);
    CHECK(vander_cost(0, 3) == 1);
    CHECK_THROWS_AS(clip_cost({3}, {4}), me::ShapeError);
}

TEST_CASE("statistics ops charge exactly their queries", "[statistics]") {
    const auto a = iota({4, 6});
    const auto row = iota({6});
    check_charge([&] { me::clip(a, 2.0, 5.0); }, "clip", me::flops::clip_cost({4, 6}));
    check_charge([&] { me::clip(row, iota({3, 1}), me::none); }, "clip", 18);
    check_charge([&] { me::cov(a); }, "cov", me::flops::cov_cost(4, 6));
    check_charge([&] { me::cov(a, {.rowvar = false}); }, "cov", me::flops::cov_cost(6, 4));
    check_charge([&] { me::cov(a, {.y = a}); }, "cov", me::flops::cov_cost(8, 6));
    check_charge([&] { me::cov(a, {.aweights = iota({6})}); }, "cov", me::flops::cov_cost(4, 6, true));
    check_charge([&] { me::cov(row); }, "cov", 1 * 1 * 6 + 2 * 6 + 1);  // one variable, six observations
    check_charge([&] { me::corrcoef(a); }, "corrcoef", me::flops::corrcoef_cost(4, 6));
    check_charge([&] { (void)me::allclose(a, row); }, "allclose", 24);
    check_charge([&] { (void)me::allclose(1.0, a); }, "allclose", 24);
    check_charge([&] { (void)me::array_equal(a, a); }, "array_equal", 24);
    check_charge([&] { (void)me::array_equiv(row, a); }, "array_equiv", 24);
    check_charge([&] { me::geomspace(1.0, 1000.0, 7); }, "geomspace", 7);
    check_charge([&] { me::logspace(0.0, 3.0, 9); }, "logspace", 9);
    check_charge([&] { me::vander(row, {.N = 3}); }, "vander", 12);
    check_charge([&] { me::vander(row); }, "vander", 30);
}

TEST_CASE("statistics ops stop before running when the budget is too small", "[statistics]") {
    const auto a = iota({4, 6});
    check_too_small([&] { me::clip(a, 2.0, 5.0); }, "clip", 24);
    check_too_small([&] { me::cov(a); }, "cov", me::flops::cov_cost(4, 6));
    check_too_small([&] { me::corrcoef(a); }, "corrcoef", me::flops::corrcoef_cost(4, 6));
    check_too_small([&] { (void)me::allclose(a, a); }, "allclose", 24);
    check_too_small([&] { (void)me::array_equal(a, a); }, "array_equal", 24);
    check_too_small([&] { (void)me::array_equiv(a, a); }, "array_equiv", 24);
    check_too_small([&] { me::geomspace(1.0, 2.0, 5); }, "geomspace", 5);
    check_too_small([&] { me::logspace(1.0, 2.0, 5); }, "logspace", 5);
    check_too_small([&] { me::vander(iota({6})); }, "vander", 30);
}

TEST_CASE("statistics ops refuse bad input and charge nothing", "[statistics]") {
    const auto a = iota({4, 6});
    check_rejected<me::ValueError>([&] { me::clip(a, me::none, me::none); }, {"One of max or min must be given"});
    check_rejected<me::ShapeError>([&] { me::clip(a, iota({5}), 1.0); }, {"clip"});
    check_rejected<me::ValueError>([&] { me::cov(iota({2, 2, 2})); }, {"m has more than 2 dimensions"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.y = iota({2, 5})}); }, {"must match exactly"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.fweights = me::array<double>{1, 2, 3, 4, 5, 6.5}}); },
                                   {"fweights must be integer"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.fweights = iota({5})}); }, {"incompatible numbers of samples"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.aweights = iota({2, 3})}); }, {"multidimensional aweights"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.aweights = iota({6}, -3)}); }, {"aweights cannot be negative"});
    check_rejected<me::ValueError>([&] { me::cov(a, {.aweights = me::zeros({6})}); }, {"Weights sum to zero"});
    check_rejected<me::ValueError>([&] { me::corrcoef(iota({1, 2, 3})); }, {"more than 2 dimensions"});
    check_rejected<me::ShapeError>([&] { (void)me::allclose(a, iota({5})); }, {"allclose"});
    // A broadcast too big to hold is refused before the charge (not a bad_alloc after it).
    const auto tall = me::broadcast_to(me::array<double>(1.0), {std::size_t{1} << 40, 1});
    const auto wide = me::broadcast_to(me::array<double>(1.0), {1, std::size_t{1} << 40});
    check_rejected<me::ValueError>([&] { (void)me::allclose(tall, wide); }, {"too big"});
    check_rejected<me::ValueError>([&] { (void)me::array_equiv(tall, wide); }, {"too big"});
    check_rejected<me::ValueError>([&] { me::clip(tall, wide, me::none); }, {"too big"});
    check_rejected<me::ValueError>([&] { me::geomspace(0.0, 1.0, 3); }, {"Geometric sequence cannot include zero"});
    check_rejected<me::ValueError>([&] { me::geomspace(1.0, 2.0, -1); }, {"must be non-negative"});
    check_rejected<me::ValueError>([&] { me::logspace(1.0, 2.0, -3); }, {"Number of samples, -3"});
    check_rejected<me::ValueError>([&] { me::vander(a); }, {"one-dimensional"});
    check_rejected<me::ValueError>([&] { me::vander(iota({3}), {.N = -1}); }, {"negative dimensions"});
    check_rejected<me::ValueError>([&] { me::vander(iota({1 << 20}), {.N = std::ptrdiff_t{1} << 50}); }, {"too big"});
}

TEST_CASE("statistics values on small cases", "[statistics]") {
    me::BudgetContext budget(1e12);
    const me::array<double> x = {1, me::nan, 5, -2};
    const auto c = me::clip(x, 0.0, 3.0);
    CHECK(c(0) == 1.0);
    CHECK(std::isnan(c(1)));
    CHECK(c(2) == 3.0);
    CHECK(c(3) == 0.0);
    CHECK(me::clip(me::array<std::int32_t>{-5, 7}, 0, 5).dtype() == "int32");
    CHECK(me::clip(me::array<float>{1.5f}, 0.0, 1.0).dtype() == "float32");
    CHECK(me::clip(me::array<double>{1, 2}, 3.0, 0.0)(0) == 0.0);  // a_max wins where a_min > a_max
    CHECK(me::clip(7, 0, 5).item() == 5);  // a scalar a: a 0-d result
    using cd = std::complex<double>;
    const auto z = me::clip(me::array<cd>{cd(1, 5), cd(2, 9)}, cd(2, 0), 2.5);  // lexicographic, as NumPy
    CHECK(z(0) == cd(2, 0));
    CHECK(z(1) == cd(2, 9));
    CHECK(me::clip(x, me::nan, 3.0)(3) == -2.0);  // a scalar NaN bound is no bound (NumPy 1.24)
    CHECK(std::isnan(me::clip(x, me::array<double>{me::nan, 0, 0, 0}, 3.0)(0)));  // in an array it propagates
    const me::array<double> m = {{1, 2, 3}, {2, 4, 6}};
    const auto k = me::cov(m);
    CHECK(k(0, 0) == Approx(1.0));
    CHECK(k(0, 1) == Approx(2.0));
    CHECK(k(1, 1) == Approx(4.0));
    CHECK(me::cov(me::array<double>{1, 2, 3}).ndim() == 0);
    const auto r = me::corrcoef(m);
    CHECK(r(0, 1) == Approx(1.0));
    CHECK(r(0, 1) <= 1.0);
    CHECK(me::allclose(1.0, me::array<double>{1.0, 1.0 + 1e-9}));
    CHECK_FALSE(me::allclose(me::array<double>{me::nan}, me::array<double>{me::nan}));
    CHECK(me::allclose(me::array<double>{me::nan}, me::array<double>{me::nan}, {.equal_nan = true}));
    CHECK_FALSE(me::array_equal(iota({3}), iota({4})));
    CHECK(me::array_equiv(me::array<double>{1, 2}, me::array<double>{{1, 2}, {1, 2}}));
    CHECK_FALSE(me::array_equiv(iota({3}), iota({4})));
    CHECK(me::allclose(1.0, 1.0 + 1e-12));  // two scalars, as NumPy
    CHECK(me::array_equal(2, 2.0));
    CHECK(me::geomspace<std::int64_t>(1, 1000, 4)(2) == 100);  // NumPy's dtype: converted afterwards
    CHECK(me::logspace<float>(0.0, 2.0, 3).dtype() == "float32");
    const auto g = me::geomspace(1.0, 1000.0, 4);
    CHECK(g(0) == 1.0);
    CHECK(g(1) == Approx(10.0));
    CHECK(g(3) == 1000.0);
    const auto v = me::vander(me::array<std::int32_t>{2, 3}, {.N = 3, .increasing = true});
    CHECK(v.dtype() == "int64");
    CHECK(v(1, 2) == 9);
}

TEST_CASE("statistics ops take views", "[statistics][views]") {
    me::BudgetContext budget(1e12);
    auto a = iota({4, 6});
    const auto t = a.T();  // not contiguous
    const auto k = me::cov(t);
    const auto ref = me::cov(me::array<double>(t));
    CHECK(me::array_equal(k, ref));
    CHECK(me::clip(a(me::slice(), 0), 5.0, 10.0)(0) == 5.0);
    CHECK(me::allclose(a(me::slice(), me::slice(me::none, me::none, -1)), me::flip(a, 1)));
    CHECK(me::vander(a(me::slice(), 1)).shape() == me::shape_t{4, 4});
}

TEST_CASE("the byte and memory names are free and follow NumPy", "[statistics][free]") {
    // Outside any context: a free op must not create the global default.
    const void* before = me::detail::session().default_context.get();
    const std::array<std::int16_t, 3> words = {1, -2, 300};
    const auto bytes = std::as_bytes(std::span(words));
    const auto w = me::frombuffer<std::int16_t>(bytes);
    CHECK(w.size() == 3);
    CHECK(w(2) == 300);
    CHECK(me::frombuffer<std::int16_t>(bytes, {.count = 1, .offset = 2})(0) == -2);
    CHECK_THROWS_AS(me::frombuffer<std::int32_t>(bytes), me::ValueError);  // 6 bytes, not a multiple of 4
    CHECK_THROWS_AS(me::frombuffer<std::int16_t>(bytes, {.offset = 7}), me::ValueError);
    CHECK_THROWS_AS(me::frombuffer<std::int16_t>(bytes, {.count = 4}), me::ValueError);
    const me::array<bool> bits = {true, false, true, true, false, false, false, false, true};
    const auto packed = me::packbits(bits);
    REQUIRE(packed.shape() == me::shape_t{2});
    CHECK(packed(0) == 0b10110000);
    CHECK(packed(1) == 0b10000000);
    CHECK(me::packbits(bits, {.bitorder = "little"})(0) == 0b00001101);
    CHECK_THROWS_AS(me::packbits(bits, {.bitorder = "middle"}), me::ValueError);
    const auto unpacked = me::unpackbits(packed, {.count = 9});
    CHECK(unpacked.size() == 9);
    CHECK(unpacked(8) == 1);
    CHECK_THROWS_AS(me::unpackbits(packed, {.count = -17}), me::ValueError);
    auto base = iota({10});
    auto even = base(me::slice(me::none, me::none, 2));
    auto odd = base(me::slice(1, me::none, 2));
    CHECK(me::may_share_memory(even, odd));
    CHECK_FALSE(me::shares_memory(even, odd));
    CHECK(me::shares_memory(even, base(me::slice(4, 5))));
    CHECK_FALSE(me::may_share_memory(base, iota({10})));
    auto grid = iota({4, 6});
    CHECK(me::shares_memory(grid.T(), grid(2, me::slice(3, 4))));
    CHECK_FALSE(me::shares_memory(grid(me::slice(), me::slice(0, 2)), grid(me::slice(), me::slice(2, 4))));
    CHECK(me::may_share_memory(grid(me::slice(), me::slice(0, 2)), grid(me::slice(), me::slice(2, 4))));
    CHECK(me::shares_memory(me::broadcast_to(grid[1], {3, 4, 6}), grid(me::slice(1, 2), me::slice(5, 6))));
    CHECK_FALSE(me::shares_memory(me::broadcast_to(grid[1], {3, 4, 6}), grid[2]));
    CHECK_FALSE(me::shares_memory(grid(me::slice(0, 0)), grid));  // empty shares nothing
    // Regression (review of issue 10): broadcast axes repeat addresses; walking them made
    // this free op loop 2^51 times. Each distinct element is looked up once.
    const auto wide_even = me::broadcast_to(even, {std::size_t{1} << 50, 5});
    const auto wide_odd = me::broadcast_to(odd, {std::size_t{1} << 50, 5});
    CHECK(me::may_share_memory(wide_even, wide_odd));
    CHECK_FALSE(me::shares_memory(wide_even, wide_odd));
    CHECK(me::shares_memory(wide_even, base(me::slice(8, 9))));
    CHECK(me::require(even, {.requirements = {"C", "aligned", "W", "O", "E"}}).size() == 5);
    CHECK(me::require(base, {.requirements = {"F"}}).size() == 10);
    CHECK_THROWS_AS(me::require(iota({2, 2}), {.requirements = {"F"}}), me::ValueError);
    CHECK_THROWS_AS(me::require(base, {.requirements = {"C", "F"}}), me::ValueError);
    CHECK_THROWS_AS(me::require(base, {.requirements = {"Q"}}), me::ValueError);
    CHECK(me::detail::session().default_context.get() == before);
}

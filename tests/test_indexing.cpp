// Free indexing and selection ops, element tests and type queries: errors, in-place
// validation, cost 0, and never the global default context (values are checked against
// NumPy in cases_free.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <type_traits>

using test_support::check_free;

TEST_CASE("indexing ops cost 0 and never create the default context", "[indexing][free]") {
    const auto a = me::reshape(me::arange<double>(12), {3, 4});
    const me::array<std::int64_t> idx = {0, 2};
    const me::array<bool> mask = {{true, false, true, false}, {false, false, true, true}, {true, true, false, false}};
    check_free([&] {
        auto b = a;
        (void)me::take(a, idx, 1);
        (void)me::take_along_axis(a, me::reshape(idx, {1, 2}), 1);
        me::put(b, idx, me::array<double>{1.0});
        me::put_along_axis(b, me::reshape(idx, {1, 2}), 5.0, 1);
        me::place(b, mask, me::array<double>{1.0});
        me::putmask(b, mask, me::array<double>{2.0});
        me::copyto(b, a);
        (void)me::where(mask, a, 0.0);
        (void)me::where(mask);
        (void)me::nonzero(a);
        (void)me::argwhere(a);
        (void)me::flatnonzero(a);
        (void)me::compress(me::array<bool>{true, false}, a, 0);
        (void)me::extract(mask, a);
        (void)me::select(std::vector{mask}, std::vector{a});
        (void)me::choose(me::array<std::int64_t>{0, 1, 0, 1}, std::vector{a, a});
        (void)me::diagonal(a);
        (void)me::tril(a);
        (void)me::triu(a, 1);
        (void)me::tril_indices(3);
        (void)me::triu_indices(3, 1, 4);
        (void)me::tril_indices_from(a);
        (void)me::triu_indices_from(a);
        (void)me::diag_indices(3);
        (void)me::diag_indices_from(me::zeros({2, 2}));
        me::fill_diagonal(b, 0.0);
        (void)me::mask_indices(3, [](const auto& m, auto k) { return me::triu(m, k); });
        (void)me::unravel_index(idx, {2, 2});
        (void)me::ravel_multi_index(std::vector{idx, idx}, {3, 3});
        (void)me::ix_(std::vector{idx, idx});
        (void)me::isnan(a);
        (void)me::isinf(a);
        (void)me::isfinite(a);
        (void)me::linalg::diagonal(a);
        (void)me::linalg::matrix_transpose(a);
    });
}

TEST_CASE("bad indices raise me:: errors before anything is written or charged", "[indexing][errors]") {
    me::BudgetContext ctx(100);
    auto a = me::reshape(me::arange<double>(6), {2, 3});
    const auto before = a;
    CHECK_THROWS_WITH(me::take(a, me::array<std::int64_t>{0, 3}, 1), Catch::Contains("take") && Catch::Contains("index 3"));
    CHECK_THROWS_AS(me::take(a, me::array<std::int64_t>{6}), me::IndexError);
    CHECK_THROWS_AS(me::take(a, me::array<std::int64_t>{0}, 0, "bogus"), me::ValueError);
    CHECK_THROWS_AS(me::put(a, me::array<std::int64_t>{0, 6}, me::array<double>{9, 9}), me::IndexError);
    CHECK_THROWS_AS(me::put_along_axis(a, me::array<std::int64_t>{{0, 5}}, 9.0, 1), me::IndexError);
    CHECK_THROWS_AS(me::place(a, me::array<bool>{true}, me::array<double>{1}), me::ValueError);
    CHECK_THROWS_AS(me::place(a, me::ones<bool>({2, 3}), me::array<double>()), me::ValueError);
    CHECK_THROWS_AS(me::putmask(a, me::array<bool>{true}, me::array<double>{1}), me::ValueError);
    CHECK_THROWS_AS(me::copyto(a, me::zeros({4})), me::ShapeError);
    auto v = me::zeros(3);
    CHECK_THROWS_AS(me::fill_diagonal(v, 1.0), me::ValueError);
    CHECK(me::identical(a, before));
    CHECK_THROWS_AS(me::where(me::array<bool>{true, false}, a, a), me::ShapeError);
    CHECK_THROWS_AS(me::compress(me::array<bool>{false, false, true}, a, 0), me::IndexError);
    CHECK_THROWS_AS((me::choose(me::array<std::int64_t>{0, 2, 0}, std::vector{a, a})), me::ValueError);
    CHECK_THROWS_AS(me::diagonal(me::zeros(3)), me::ValueError);
    CHECK_THROWS_AS(me::diagonal(a, 0, 1, -1), me::ValueError);
    CHECK_THROWS_AS(me::diag_indices_from(a), me::ValueError);
    CHECK_THROWS_AS(me::unravel_index(me::array<std::int64_t>{6}, {2, 3}), me::ValueError);
    CHECK_THROWS_AS((me::ravel_multi_index(std::vector{me::array<std::int64_t>{2}, me::array<std::int64_t>{0}}, {2, 3})), me::ValueError);
    CHECK_THROWS_AS((me::select(std::vector{me::array<bool>{true}}, std::vector<me::array<double>>{})), me::ValueError);
    CHECK_THROWS_AS(me::base_repr(5, 37), me::ValueError);
    CHECK_THROWS_AS(me::binary_repr(-5, 2), me::ValueError);
    CHECK(ctx.flops_used() == 0);
}

TEST_CASE("selection keeps NumPy's dtypes", "[indexing]") {
    const me::array<std::int32_t> i = {1, 0, 2};
    const me::array<float> f = {1.f, 2.f, 3.f};
    const me::array<bool> c = {true, false, true};
    static_assert(std::is_same_v<decltype(me::where(c, i, f)), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::where(c, f, 0.0)), me::array<float>>);
    static_assert(std::is_same_v<decltype(me::where(c, i, 0.5)), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::where(c, 1, 2)), me::array<std::int64_t>>);
    static_assert(std::is_same_v<decltype(me::nonzero(i)), std::vector<me::array<std::int64_t>>>);
    CHECK(me::identical(me::where(c, f, 0.0), me::array<float>{1.f, 0.f, 3.f}));
    CHECK(me::identical(me::flatnonzero(i), me::array<std::int64_t>{0, 2}));
    CHECK(me::argwhere(me::zeros({2, 0})).shape() == me::shape_t{0, 2});
    CHECK(me::identical(me::isfinite(me::array<double>{1.0, NAN, INFINITY}), me::array<bool>{true, false, false}));
    CHECK(me::identical(me::isnan(me::array<std::int64_t>{1, 2}), me::array<bool>{false, false}));
    CHECK(me::isinf(-INFINITY));
}

TEST_CASE("type and shape queries", "[indexing][types]") {
    static_assert(std::is_same_v<me::result_type_t<std::int32_t, float>, double>);
    static_assert(std::is_same_v<me::result_type_t<bool, std::int32_t, float>, double>);
    static_assert(std::is_same_v<me::promote_types_t<float, std::complex<float>>, std::complex<float>>);
    static_assert(me::can_cast<std::int32_t, double>());
    static_assert(!me::can_cast<std::int64_t, float>());
    static_assert(!me::can_cast<double, float>());
    static_assert(me::can_cast<double, float>("same_kind"));
    static_assert(!me::can_cast<double, std::int64_t>("same_kind"));
    static_assert(me::can_cast<double, std::int64_t>("unsafe"));
    static_assert(me::can_cast<bool, std::int32_t>());
    CHECK_THROWS_AS((me::can_cast<int, int>("bogus")), me::ValueError);
    const auto a = me::zeros({2, 3});
    CHECK(me::shape(a) == me::shape_t{2, 3});
    CHECK(me::ndim(a) == 2);
    CHECK(me::size(a) == 6);
    CHECK(me::size(a, -1) == 3);
    CHECK(me::isscalar(3.0));
    CHECK(!me::isscalar(a));
    CHECK(me::iterable(a));
    CHECK(!me::iterable(me::array<double>(1.0)));
    CHECK(!me::iterable(3));
    CHECK(me::binary_repr(5) == "101");
    CHECK(me::binary_repr(-3) == "-11");
    CHECK(me::binary_repr(-3, 3) == "101");
    CHECK(me::binary_repr(3, 5) == "00011");
    CHECK(me::base_repr(255, 16) == "FF");
    CHECK(me::base_repr(-255, 16, 3) == "-000FF");
    CHECK(me::base_repr(0) == "0");
}

// Issue 7, defect 9: diagonal negated PTRDIFF_MIN (signed overflow, UB).
TEST_CASE("diagonal at any offset, PTRDIFF_MIN and PTRDIFF_MAX included", "[indexing][regression]") {
    const auto m = me::reshape(me::arange<double>(12), {3, 4});
    CHECK(me::diagonal(m, PTRDIFF_MIN).shape() == me::shape_t{0});
    CHECK(me::diagonal(m, PTRDIFF_MAX).shape() == me::shape_t{0});
    CHECK(me::identical(me::diagonal(m, -2), me::array<double>{8.0}));
    CHECK(me::identical(me::diagonal(m, 3), me::array<double>{3.0}));
    CHECK(me::identical(me::diagonal(m, 1), me::array<double>{1.0, 6.0, 11.0}));
    const auto batch = me::zeros({std::size_t{1} << 40, 0, 5});  // empty: returns at once
    CHECK(me::diagonal(batch, 0, 1, 2).shape() == me::shape_t{std::size_t{1} << 40, 0});
}

// Free creation ops: dtypes, edge cases and errors (values are checked against NumPy in
// tests/differential/cases_free.py), cost 0, and never the global default context.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <span>
#include <type_traits>
#include <vector>

using test_support::check_free;

TEST_CASE("creation ops cost 0 and never create the default context", "[creation][free]") {
    const me::array<double> a = {{1, 2, 3}, {4, 5, 6}};
    check_free([&] {
        (void)me::zeros({3, 4});
        (void)me::ones<float>(8);
        (void)me::empty({2});
        (void)me::full({2, 2}, 7.0);
        (void)me::zeros_like(a);
        (void)me::ones_like(a);
        (void)me::empty_like(a);
        (void)me::full_like(a, 3);
        (void)me::eye(3, 4, 1);
        (void)me::identity(3);
        (void)me::tri(3);
        (void)me::arange(0, 10, 2);
        (void)me::linspace(0.0, 1.0, 5, {.endpoint = false});
        (void)me::asarray<float>(a);
        (void)me::asarray_chkfinite(a);
        (void)me::copy(a);
        (void)me::astype<int>(a);
        (void)me::diag(a);
        (void)me::diagflat(a, 1);
        (void)me::meshgrid({a, a}, {.indexing = "ij"});
        (void)me::indices({2, 3});
        (void)me::fromfunction([](double i, double j) { return i * j; }, {2, 3});
        (void)me::fromiter(std::vector<int>{1, 2, 3});
    });
}

TEST_CASE("creation dtypes follow NumPy's rules", "[creation]") {
    static_assert(std::is_same_v<decltype(me::zeros({2})), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::full({2}, 7)), me::array<std::int64_t>>);
    static_assert(std::is_same_v<decltype(me::full({2}, 7.0)), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::full({2}, true)), me::array<bool>>);
    static_assert(std::is_same_v<decltype(me::full<float>({2}, 1)), me::array<float>>);
    static_assert(std::is_same_v<decltype(me::arange(0, 10, 2)), me::array<std::int64_t>>);
    static_assert(std::is_same_v<decltype(me::arange(0, 1.0, 0.25)), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::arange<float>(5)), me::array<float>>);
    static_assert(std::is_same_v<decltype(me::zeros_like(me::array<std::int32_t>{1, 2})), me::array<std::int32_t>>);
    static_assert(std::is_same_v<decltype(me::indices({2})), me::array<std::int64_t>>);

    CHECK(me::identical(me::arange(0, 10, 3), me::array<std::int64_t>{0, 3, 6, 9}));
    CHECK(me::arange(10, 0, 2).size() == 0);
    CHECK(me::identical(me::linspace(0.0, 1.0, 5), me::array<double>{0, 0.25, 0.5, 0.75, 1.0}));
    CHECK(me::identical(me::linspace(0.0, 1.0, 4, {.endpoint = false}), me::array<double>{0, 0.25, 0.5, 0.75}));
    CHECK(me::zeros({4, 0, 2}).shape() == me::shape_t{4, 0, 2});
    CHECK(me::identical(me::eye(2, 3, 1), me::array<double>{{0, 1, 0}, {0, 0, 1}}));
    CHECK(me::identical(me::diag(me::array<double>{{1, 2}, {3, 4}}, -1), me::array<double>{3}));
    CHECK(me::identical(me::fromfunction([](double i, double j) { return i * 10 + j; }, {2, 2}),
                        me::array<double>{{0, 1}, {10, 11}}));
    CHECK(me::identical(me::fromiter(std::vector<int>{4, 5, 6}, 2), me::array<int>{4, 5}));
}

TEST_CASE("bad creation arguments raise me:: errors and charge nothing", "[creation][errors]") {
    me::BudgetContext ctx(100);
    CHECK_THROWS_AS(me::arange(0, 10, 0), me::ValueError);
    CHECK_THROWS_AS(me::arange(0.0, INFINITY, 1.0), me::ValueError);
    CHECK_THROWS_AS(me::linspace(0.0, 1.0, -1), me::ValueError);
    CHECK_THROWS_AS(me::diag(me::zeros({2, 2, 2})), me::ValueError);
    CHECK_THROWS_WITH(me::asarray_chkfinite(me::array<double>{1.0, NAN}), Catch::Contains("infs or NaNs"));
    CHECK_THROWS_AS(me::meshgrid({me::zeros(2)}, {.indexing = "xz"}), me::ValueError);
    CHECK_THROWS_AS(me::fromiter(std::vector<int>{1}, 3), me::ValueError);
    CHECK(ctx.flops_used() == 0);
}

// Issue 7, defect 2: element counts overflowed in free ops (zeros of 2**61 + 2**20
// doubles returned an 8 MiB buffer; {1 << 32, 1 << 32} had size 0). Every shape is now
// checked as NumPy checks it, before anything is allocated.
TEST_CASE("giant, wrapping and too-deep shapes are ValueErrors, before any allocation", "[creation][errors][regression]") {
    const std::size_t huge = (std::size_t{1} << 61) + (std::size_t{1} << 20);
    const std::size_t wrap = std::size_t{1} << 32;
    for (const me::shape_t& s : {me::shape_t{huge}, me::shape_t{wrap, wrap}, me::shape_t{std::size_t{1} << 62, 3, 0, 0},
                                 me::shape_t{0, wrap, wrap}, me::shape_t{SIZE_MAX}, me::shape_t(65, 1)}) {
        INFO(me::detail::shape_string(s));
        test_support::check_rejected<me::ValueError>([&] { (void)me::zeros(s); }, {"zeros"});
        CHECK_THROWS_AS(me::ones(s), me::ValueError);
        CHECK_THROWS_AS(me::empty(s), me::ValueError);
        CHECK_THROWS_AS(me::full(s, 1.0), me::ValueError);
    }
    CHECK_THAT(std::string([&] {
                   try {
                       (void)me::zeros({wrap, wrap});
                   } catch (const me::ValueError& e) {
                       return std::string(e.what());
                   }
                   return std::string();
               }()),
               Catch::Contains("array is too big"));
    CHECK_THAT(std::string([] {
                   try {
                       (void)me::zeros(me::shape_t(65, 1));
                   } catch (const me::ValueError& e) {
                       return std::string(e.what());
                   }
                   return std::string();
               }()),
               Catch::Contains("maximum supported dimension for an ndarray is 64, found 65"));
    // Empty shapes with small lengths are fine, as is the 64-dimension limit itself.
    CHECK(me::zeros({0, 1u << 20}).size() == 0);
    CHECK(me::zeros(me::shape_t(64, 1)).ndim() == 64);
    // An xtensor expression of a giant shape cannot be turned into an array either.
    CHECK_THROWS_AS(me::array<double>(xt::broadcast(xt::xarray<double>(1.0), std::vector<std::size_t>{wrap, wrap})),
                    me::ValueError);
}

// ---------------------------------------------------------------------------------------
// Issue 8: every function takes views (spec §2.1). Each call is made on a strided view and
// on a contiguous one, and must give what it gives on an owning copy of the view, free.

using test_support::on_views;
using test_support::same_as_owned;
using test_support::same_result;

TEST_CASE("every creation op that takes an array takes views: as on a copy, and free", "[creation][views]") {
    const auto m = test_support::iota({3, 4});
    const auto mt = m.T();     // (4, 3), strided
    const auto mv = m.view();  // (3, 4)
    const auto r = test_support::iota({8});
    const auto rs = r(me::slice(me::none, me::none, -3));  // 8, 5, 2
    const auto rv = r(me::slice(2, 6));

    on_views("zeros_like", mt, mv, [](const auto& x) { return me::zeros_like(x); });
    on_views("zeros_like<int>", mt, mv, [](const auto& x) { return me::zeros_like<int>(x); });
    on_views("ones_like", mt, mv, [](const auto& x) { return me::ones_like<float>(x); });
    on_views("empty_like", mt, mv, [](const auto& x) { return me::empty_like(x).shape(); });
    on_views("full_like", mt, mv, [](const auto& x) { return me::full_like(x, 3); });
    on_views("full_like<bool>", mt, mv, [](const auto& x) { return me::full_like<bool>(x, 1); });
    on_views("diag", mt, mv, [](const auto& x) { return me::diag(x, 1); });
    on_views("diag 1-d", rs, rv, [](const auto& x) { return me::diag(x, -2); });
    on_views("diagflat", mt, mv, [](const auto& x) { return me::diagflat(x, 1); });
    on_views("asarray", mt, mv, [](const auto& x) { return me::asarray(x); });
    on_views("asarray<float>", mt, mv, [](const auto& x) { return me::asarray<float>(x); });
    on_views("copy", mt, mv, [](const auto& x) { return me::copy(x); });
    on_views("astype", mt, mv, [](const auto& x) { return me::astype<std::int32_t>(x); });
    on_views("asarray_chkfinite", mt, mv, [](const auto& x) { return me::asarray_chkfinite(x); });
    on_views("fromiter", mt, mv, [](const auto& x) { return me::fromiter(x); });
    on_views("fromiter count", mt, mv, [](const auto& x) { return me::fromiter<int>(x, 5); });
    on_views("meshgrid", rs, rv, [](const auto& x) { return me::meshgrid({x(me::ellipsis), x(me::slice(1, me::none))}); });
    on_views("meshgrid ij", rs, rv, [](const auto& x) { return me::meshgrid(std::vector{x, x, x}, {.indexing = "ij"}); });
    on_views("meshgrid sparse", mt, mv, [](const auto& x) { return me::meshgrid({x, x}, {.sparse = true}); });
    on_views("meshgrid span", rs, rv, [](const auto& x) {
        const std::vector<me::array<double>> xs{x, x};
        return me::meshgrid(std::span<const me::array<double>>(xs));
    });

    // Results are owning arrays, never views of the input.
    static_assert(std::is_same_v<decltype(me::copy(mt)), me::array<double>>);
    static_assert(std::is_same_v<decltype(me::asarray(mv)), me::array<double>>);
    auto base = test_support::iota({2, 2});
    auto c = me::copy(base.view());
    auto a = me::asarray(base.view());
    c.flat(0) = 100;
    a.flat(0) = 100;
    CHECK(base(0, 0) == 1.0);
    // Errors are those of the array forms.
    CHECK_THROWS_AS(me::asarray_chkfinite(me::array<double>{1.0, me::nan}(me::slice(me::none, me::none, -1))), me::ValueError);
    CHECK_THROWS_AS(me::diag(me::zeros({2, 2, 2}).T()), me::ValueError);
}

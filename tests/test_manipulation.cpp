// Free shape, joining and splitting ops: errors, copies-not-views, cost 0, and never the
// global default context (values are checked against NumPy in cases_free.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using test_support::check_free;

TEST_CASE("shape and joining ops cost 0 and never create the default context", "[manipulation][free]") {
    const auto a = me::reshape(me::arange<double>(24), {2, 3, 4});
    const me::array<double> m = {{1, 2}, {3, 4}};
    check_free([&] {
        (void)me::reshape(a, {4, -1});
        (void)me::ravel(a);
        (void)me::transpose(a);
        (void)me::transpose(a, {1, 0, 2});
        (void)me::permute_dims(a, {2, 0, 1});
        (void)me::matrix_transpose(a);
        (void)me::swapaxes(a, 0, 2);
        (void)me::moveaxis(a, 0, -1);
        (void)me::rollaxis(a, 2);
        (void)me::expand_dims(a, {0, 2});
        (void)me::squeeze(me::zeros({1, 3, 1}));
        (void)me::flip(a);
        (void)me::fliplr(m);
        (void)me::flipud(m);
        (void)me::rot90(m, 3);
        (void)me::roll(a, 2, 1);
        (void)me::broadcast_to(m, {3, 2, 2});
        (void)me::broadcast_arrays(m, me::array<float>{1.f, 2.f});
        (void)me::broadcast_shapes({{2, 1}, {3}});
        (void)me::atleast_1d(me::array<double>(1.0));
        (void)me::atleast_2d(m);
        (void)me::atleast_3d(m);
        (void)me::concatenate({m, m}, 1);
        (void)me::concat({m, m});
        (void)me::stack({m, m}, -1);
        (void)me::vstack({m, m});
        (void)me::hstack({m, m});
        (void)me::dstack({m, m});
        (void)me::column_stack({m, m});
        (void)me::row_stack({m, m});
        (void)me::block({{m, m}, {m, m}});
        (void)me::append(m, m);
        (void)me::insert(m, 1, me::array<double>{9, 9}, 0);
        (void)me::delete_(m, 0, 1);
        (void)me::split(a, 2, 2);
        (void)me::array_split(a, 3, 1);
        (void)me::hsplit(m, 2);
        (void)me::vsplit(m, std::vector<std::ptrdiff_t>{1});
        (void)me::dsplit(a, 2);
        (void)me::unstack(a, 1);
        (void)me::tile(m, {2, 2});
        (void)me::repeat(m, 2, 0);
        (void)me::resize(m, {3, 3});
        (void)me::trim_zeros(me::array<double>{0, 1, 0});
        (void)me::pad(m, 1, {.mode = "reflect"});
    });
}

TEST_CASE("results are copies: writing one never changes the input", "[manipulation]") {
    // The shape ops return views (of a const array, read-only ones: view.hpp); the other
    // ops return new arrays, also where NumPy returns a view (flip, atleast_2d, split ...),
    // and also when their input is a view.
    me::array<double> base = {{1, 2}, {3, 4}};
    const auto& m = base;
    static_assert(!decltype(me::reshape(m, {4}))::writeable());
    static_assert(!decltype(me::transpose(m))::writeable());
    static_assert(!decltype(me::broadcast_to(m, {2, 2, 2}))::writeable());
    auto f = me::flip(m);
    auto fv = me::flip(base.T());
    auto a = me::atleast_2d(base.view());
    auto s = me::split(base.view(), 2);
    auto r = me::rot90(base.T());
    auto [b1, b2] = me::broadcast_arrays(base.view(), base.T());
    for (auto* x : {&f, &fv, &a, &s[0], &r, &b1, &b2}) x->flat(0) = 100;
    CHECK(me::identical(base, me::array<double>{{1, 2}, {3, 4}}));
}

TEST_CASE("bad shapes and axes raise me:: errors naming the op and charge nothing", "[manipulation][errors]") {
    me::BudgetContext ctx(100);
    const auto a = me::reshape(me::arange<double>(6), {2, 3});
    CHECK_THROWS_AS(me::reshape(a, {4, -1}), me::ShapeError);
    CHECK_THROWS_WITH(me::reshape(a, {4}), Catch::Contains("reshape") && Catch::Contains("size 6") && Catch::Contains("(4,)"));
    CHECK_THROWS_AS(me::reshape(a, {-1, -1}), me::ValueError);
    CHECK_THROWS_AS(me::transpose(a, {0, 0}), me::ValueError);
    CHECK_THROWS_AS(me::transpose(a, {0, 2}), me::AxisError);
    CHECK_THROWS_AS(me::swapaxes(a, 0, -3), me::AxisError);
    CHECK_THROWS_AS(me::squeeze(a, 0), me::ValueError);
    CHECK_THROWS_AS(me::expand_dims(a, 3), me::AxisError);
    CHECK_THROWS_AS(me::broadcast_to(a, {3, 3}), me::ShapeError);
    CHECK_THROWS_AS(me::broadcast_shapes({{2}, {3}}), me::ShapeError);
    const me::array<double> a_copy = a;  // a braced list holds arrays or views, not both
    CHECK_THROWS_WITH(me::concatenate({a_copy, me::zeros({3, 2})}, 0), Catch::Contains("concatenate") && Catch::Contains("(2, 3)") && Catch::Contains("(3, 2)"));
    CHECK_THROWS_AS(me::concatenate({a, a}, 2), me::AxisError);
    CHECK_THROWS_AS(me::concatenate(std::vector<me::array<double>>{}), me::ValueError);
    CHECK_THROWS_AS(me::stack({a_copy, me::zeros({3, 2})}), me::ShapeError);
    CHECK_THROWS_WITH(me::split(a, 2, 1), Catch::Contains("equal division"));
    CHECK_THROWS_AS(me::array_split(a, 0), me::ValueError);
    CHECK_THROWS_AS(me::vsplit(me::zeros(4), 2), me::ValueError);
    CHECK_THROWS_AS(me::delete_(a, 3, 1), me::IndexError);
    CHECK_THROWS_AS(me::insert(a, 5, a, 1), me::IndexError);
    CHECK_THROWS_AS(me::repeat(a, -1), me::ValueError);
    CHECK_THROWS_AS(me::pad(a, 1, {.mode = "mean"}), me::ValueError);
    CHECK_THROWS_AS(me::pad(me::zeros({0, 2}), 1, {.mode = "edge"}), me::ValueError);
    CHECK_THROWS_AS(me::rot90(a, 1, {0, 0}), me::ValueError);
    CHECK_THROWS_AS(me::fliplr(me::zeros(3)), me::ValueError);
    CHECK(ctx.flops_used() == 0);
}

TEST_CASE("joining, splitting and padding give NumPy's shapes", "[manipulation]") {
    const auto a = me::reshape(me::arange<std::int64_t>(12), {3, 4});
    const auto parts = me::array_split(a, 3, 1);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].shape() == me::shape_t{3, 2});
    CHECK(parts[2].shape() == me::shape_t{3, 1});
    CHECK(me::identical(me::concatenate(parts, 1), a));
    CHECK(me::concatenate({a, a}, std::nullopt).shape() == me::shape_t{24});
    CHECK(me::pad(a, {{1, 2}, {0, 3}}).shape() == me::shape_t{6, 7});
    CHECK(me::tile(me::array<int>{1, 2}, {2, 1, 3}).shape() == me::shape_t{2, 1, 6});
    CHECK(me::identical(me::trim_zeros(me::array<int>{0, 0, 3, 0, 4, 0}, "f"), me::array<int>{3, 0, 4, 0}));
    CHECK(me::identical(me::roll(me::array<int>{1, 2, 3, 4}, -1), me::array<int>{2, 3, 4, 1}));
}

// ---------------------------------------------------------------------------------------
// Issue 7: regressions from the adversarial review, one per reproducer.

TEST_CASE("reshape, resize, tile, broadcast_to and repeat refuse giant shapes with a me:: error", "[manipulation][errors][regression]") {
    const me::array<double> scalar(1.0);
    const auto row = me::arange<double>(4);
    constexpr auto big = PTRDIFF_MAX;
    const std::size_t wrap = std::size_t{1} << 32;
    // Defect 2: reshape validated with a wrapping product, and concatenate then memmoved a negative size.
    CHECK_THROWS_AS(me::reshape(scalar, std::vector<std::ptrdiff_t>{big, big}), me::ValueError);
    CHECK_THROWS_AS(me::reshape(scalar, std::vector<std::ptrdiff_t>{1 << 30, 1 << 30, 1 << 30, 1 << 30}), me::ValueError);
    CHECK_THROWS_AS(me::reshape(me::zeros({0}), std::vector<std::ptrdiff_t>{0, big, big}), me::ValueError);
    CHECK_THROWS_AS(me::reshape(row, std::vector<std::ptrdiff_t>(65, 1)), me::ValueError);
    CHECK(me::reshape(me::zeros({0}), std::vector<std::ptrdiff_t>{0, 1 << 20}).shape() == me::shape_t{0, 1u << 20});
    CHECK(me::reshape(row, {-1, 2}).shape() == me::shape_t{2, 2});
    // Defect 8: giant shapes threw std::bad_alloc / std::length_error.
    CHECK_THROWS_AS(me::resize(row, {wrap, wrap}), me::ValueError);
    CHECK_THROWS_AS(me::resize(row, {std::size_t{1} << 62}), me::ValueError);
    CHECK_THROWS_AS(me::tile(row, std::vector<std::size_t>{wrap, wrap}), me::ValueError);
    CHECK_THROWS_AS(me::tile(row, std::vector<std::size_t>{SIZE_MAX}), me::ValueError);
    CHECK_THROWS_AS(me::broadcast_to(scalar, {wrap, wrap}), me::ValueError);
    CHECK_THROWS_AS(me::broadcast_to(scalar, me::shape_t(65, 1)), me::ValueError);
    CHECK_THROWS_AS(me::repeat(row, big), me::ValueError);
    CHECK_THROWS_AS(me::repeat(row, std::vector<std::ptrdiff_t>{big, big, big, big}, 0), me::ValueError);
    CHECK(me::repeat(me::zeros({0, 3}), std::ptrdiff_t{1} << 40, 1).shape() == me::shape_t{0, std::size_t{3} << 40});  // empty: no work
    CHECK(me::tile(row, std::vector<std::size_t>{2}).size() == 8);
}

TEST_CASE("roll: an empty axis list rolls nothing, and any shift is exact", "[manipulation][regression]") {
    const auto a = me::arange<double>(5);
    // Defect 4: roll(a, {1}, {}) read axis[0] of an empty list.
    CHECK(me::identical(me::roll(a, std::vector<std::ptrdiff_t>{1}, std::vector<int>{}), a));
    CHECK(me::identical(me::roll(a, std::vector<std::ptrdiff_t>{}, std::vector<int>{0}), a));
    // Defect 9: PTRDIFF_MIN overflowed (signed overflow, UB). -2**63 mod 5 = 2: a roll by 2.
    const me::array<double> by2 = {3, 4, 0, 1, 2};
    CHECK(me::identical(me::roll(a, PTRDIFF_MIN, 0), by2));
    CHECK(me::identical(me::roll(a, std::vector<std::ptrdiff_t>{PTRDIFF_MIN, PTRDIFF_MIN}, std::vector<int>{0, 0}),
                        me::roll(a, 4, 0)));
    CHECK(me::identical(me::roll(a, PTRDIFF_MAX, 0), me::roll(a, 2, 0)));
}

TEST_CASE("pad refuses giant widths at once", "[manipulation][errors][regression]") {
    // Defect 7: widths of 2**32 spent seconds building index vectors before failing.
    const auto a = me::arange<double>(4);
    const std::size_t w = std::size_t{1} << 32;
    for (const char* mode : {"constant", "edge", "reflect", "symmetric", "wrap"}) {
        INFO(mode);
        CHECK_THROWS_AS(me::pad(me::reshape(a, {2, 2}), {{w, w}}, {.mode = mode}), me::ValueError);
        CHECK_THROWS_AS(me::pad(a, {{SIZE_MAX, 1}}, {.mode = mode}), me::ValueError);
    }
    // An empty result of any width is made at once, without gathering anything.
    CHECK(me::pad(me::zeros({0, 2}), {{0, 0}, {w, w}}).shape() == me::shape_t{0, 2 * w + 2});
}

TEST_CASE("broadcast_to a length of SIZE_MAX is too big, not 1", "[manipulation][errors][regression]") {
    // Found by fuzz_shapes: xtensor's broadcast takes SIZE_MAX for "a length still to be
    // found" and made it 1, so the result had another shape than asked for.
    const auto one = me::zeros({1});
    CHECK_THROWS_AS(me::broadcast_to(one, {2, SIZE_MAX}), me::ValueError);
    CHECK_THROWS_AS(me::broadcast_to(one, {SIZE_MAX}), me::ValueError);
    CHECK(me::broadcast_to(one, {2, 3}).shape() == me::shape_t{2, 3});
}

// ---------------------------------------------------------------------------------------
// Issue 8: every function takes views (spec §2.1). Each call is made on a strided view and
// on a contiguous one, and must give what it gives on an owning copy of the view, free.

using test_support::on_views;
using test_support::same_as_owned;
using test_support::same_result;

TEST_CASE("every shape, joining and splitting op takes views: as on a copy, and free", "[manipulation][views]") {
    const auto m = test_support::iota({3, 4});
    const auto c = test_support::iota({2, 3, 4});
    const auto r = test_support::iota({8});
    const auto mt = m.T();   // (4, 3), strided
    const auto mv = m.view();  // (3, 4)
    const auto ct = c.T();   // (4, 3, 2)
    const auto cv = c.view();
    const auto rs = r(me::slice(me::none, me::none, 2));  // (4,), stride 2
    const auto rv = m[1];      // (4,), a row
    const auto zero_d = r[3];  // 0-d

    // The shape ops (views of views).
    on_views("reshape", mt, mv, [](const auto& x) { return me::reshape(x, {2, -1}); });
    on_views("reshape vector", mt, mv, [](const auto& x) { return me::reshape(x, std::vector<std::ptrdiff_t>{12}); });
    on_views("reshape shape_t", mt, mv, [](const auto& x) { return me::reshape(x, me::shape_t{6, 2}); });
    on_views("ravel", mt, mv, [](const auto& x) { return me::ravel(x); });
    on_views("transpose", ct, cv, [](const auto& x) { return me::transpose(x); });
    on_views("transpose axes", ct, cv, [](const auto& x) { return me::transpose(x, {1, 0, 2}); });
    on_views("permute_dims", ct, cv, [](const auto& x) { return me::permute_dims(x, {2, 0, 1}); });
    on_views("matrix_transpose", ct, cv, [](const auto& x) { return me::matrix_transpose(x); });
    on_views("swapaxes", ct, cv, [](const auto& x) { return me::swapaxes(x, 0, 2); });
    on_views("moveaxis", ct, cv, [](const auto& x) { return me::moveaxis(x, 0, -1); });
    on_views("moveaxis lists", ct, cv, [](const auto& x) { return me::moveaxis(x, std::vector{0, 1}, std::vector{2, 0}); });
    on_views("rollaxis", ct, cv, [](const auto& x) { return me::rollaxis(x, 2); });
    on_views("expand_dims", mt, mv, [](const auto& x) { return me::expand_dims(x, {0, 2}); });
    on_views("squeeze", mt, mv, [](const auto& x) { return me::squeeze(me::expand_dims(x, 1)); });
    on_views("broadcast_to", mt, mv, [](const auto& x) { return me::broadcast_to(x, me::shape_t{2, x.shape(0), x.shape(1)}); });

    on_views("atleast_1d", rs, rv, [](const auto& x) { return me::atleast_1d(x); });
    on_views("atleast_2d", rs, rv, [](const auto& x) { return me::atleast_2d(x); });
    on_views("atleast_3d", rs, rv, [](const auto& x) { return me::atleast_3d(x); });
    on_views("atleast_3d of 2-d", mt, mv, [](const auto& x) { return me::atleast_3d(x); });
    on_views("atleast_2d of 3-d", ct, cv, [](const auto& x) { return me::atleast_2d(x); });
    same_as_owned(zero_d, [](const auto& x) { return me::atleast_1d(x); });
    same_as_owned(zero_d, [](const auto& x) { return me::atleast_2d(x); });
    same_as_owned(zero_d, [](const auto& x) { return me::atleast_3d(x); });

    on_views("flip", ct, cv, [](const auto& x) { return me::flip(x); });
    on_views("flip axes", ct, cv, [](const auto& x) { return me::flip(x, {0, 2}); });
    on_views("fliplr", mt, mv, [](const auto& x) { return me::fliplr(x); });
    on_views("flipud", mt, mv, [](const auto& x) { return me::flipud(x); });
    on_views("flipud 1-d", rs, rv, [](const auto& x) { return me::flipud(x); });
    for (int k : {1, 2, 3}) on_views("rot90", mt, mv, [k](const auto& x) { return me::rot90(x, k); });
    on_views("rot90 axes", ct, cv, [](const auto& x) { return me::rot90(x, 1, {2, 0}); });
    on_views("roll", mt, mv, [](const auto& x) { return me::roll(x, 5); });
    on_views("roll axis", mt, mv, [](const auto& x) { return me::roll(x, -1, 1); });
    on_views("roll lists", ct, cv, [](const auto& x) { return me::roll(x, std::vector<std::ptrdiff_t>{1, 2}, std::vector{0, 2}); });

    on_views("broadcast_arrays", mt, mv, [](const auto& x) { return me::broadcast_arrays(x, me::zeros({2, 1, 1})); });
    on_views("broadcast_arrays views", mt, mv, [](const auto& x) { return me::broadcast_arrays(x, x(me::slice(0, 1), me::ellipsis)); });
    on_views("broadcast_arrays vector", mt, mv, [](const auto& x) { return me::broadcast_arrays(std::vector{x(me::ellipsis), x(me::slice(1, 2), me::ellipsis)}); });
    on_views("broadcast_arrays braced", mt, mv, [](const auto& x) { return me::broadcast_arrays({x(me::ellipsis), x(me::slice(1, 2), me::ellipsis)}); });

    on_views("concatenate", mt, mv, [](const auto& x) { return me::concatenate({x, x, x}, 1); });
    on_views("concatenate vector", mt, mv, [](const auto& x) { return me::concatenate(std::vector{x, x}); });
    on_views("concatenate flat", mt, mv, [](const auto& x) { return me::concatenate({x, x}, std::nullopt); });
    on_views("concat", mt, mv, [](const auto& x) { return me::concat({x, x}, -1); });
    on_views("concat vector", mt, mv, [](const auto& x) { return me::concat(std::vector{x, x}); });
    on_views("stack", mt, mv, [](const auto& x) { return me::stack({x, x}, -1); });
    on_views("stack vector", mt, mv, [](const auto& x) { return me::stack(std::vector{x, x, x}, 1); });
    on_views("vstack", mt, mv, [](const auto& x) { return me::vstack({x, x}); });
    on_views("vstack 1-d", rs, rv, [](const auto& x) { return me::vstack(std::vector{x, x}); });
    on_views("hstack", mt, mv, [](const auto& x) { return me::hstack({x, x}); });
    on_views("hstack 1-d", rs, rv, [](const auto& x) { return me::hstack(std::vector{x, x}); });
    on_views("dstack", mt, mv, [](const auto& x) { return me::dstack({x, x}); });
    on_views("dstack vector", mt, mv, [](const auto& x) { return me::dstack(std::vector{x}); });
    on_views("column_stack", rs, rv, [](const auto& x) { return me::column_stack({x, x}); });
    on_views("column_stack vector", mt, mv, [](const auto& x) { return me::column_stack(std::vector{x, x}); });
    on_views("row_stack", mt, mv, [](const auto& x) { return me::row_stack({x, x}); });
    on_views("row_stack vector", rs, rv, [](const auto& x) { return me::row_stack(std::vector{x, x}); });
    on_views("block", mt, mv, [](const auto& x) { return me::block({x, x}); });
    on_views("block vector", rs, rv, [](const auto& x) { return me::block(std::vector{x, x}); });
    on_views("block nested", mt, mv, [](const auto& x) { return me::block({{x, x}, {x, x}}); });
    on_views("block nested vector", mt, mv, [](const auto& x) {
        using X = std::remove_cvref_t<decltype(x)>;
        return me::block(std::vector<std::vector<X>>{{x}, {x}});
    });

    on_views("append", mt, mv, [](const auto& x) { return me::append(x, x); });
    on_views("append axis", mt, mv, [](const auto& x) { return me::append(x, x[0](me::newaxis, me::ellipsis), 0); });
    on_views("append strided values", mt, mv, [&](const auto& x) { return me::append(x, rs); });
    on_views("delete_", mt, mv, [](const auto& x) { return me::delete_(x, 1, 1); });
    on_views("delete_ list", mt, mv, [](const auto& x) { return me::delete_(x, std::vector<std::ptrdiff_t>{0, -1}); });
    on_views("insert", mt, mv, [](const auto& x) { return me::insert(x, 1, x[0], 0); });
    on_views("insert flat", mt, mv, [](const auto& x) { return me::insert(x, 2, me::array<double>{9}); });
    on_views("insert list", mt, mv, [](const auto& x) { return me::insert(x, std::vector<std::ptrdiff_t>{0, 2}, x(me::slice(), me::slice(0, 1)), 1); });
    on_views("insert strided values", mt, mv, [&](const auto& x) { return me::insert(x, 0, rs(me::slice(0, x.shape(1))), 0); });

    on_views("split", mt, mv, [](const auto& x) { return me::split(x, 3, x.shape(0) == 3 ? 0 : 1); });
    on_views("split indices", mt, mv, [](const auto& x) { return me::split(x, std::vector<std::ptrdiff_t>{1, 2}); });
    on_views("array_split", mt, mv, [](const auto& x) { return me::array_split(x, 2, 1); });
    on_views("array_split indices", mt, mv, [](const auto& x) { return me::array_split(x, std::vector<std::ptrdiff_t>{-1}, 1); });
    on_views("hsplit", mt, mv, [](const auto& x) { return me::hsplit(x, std::vector<std::ptrdiff_t>{1}); });
    on_views("hsplit 1-d", rs, rv, [](const auto& x) { return me::hsplit(x, 2); });
    on_views("vsplit", ct, cv, [](const auto& x) { return me::vsplit(x, 2); });
    on_views("dsplit", ct, cv, [](const auto& x) { return me::dsplit(x, 2); });
    on_views("unstack", ct, cv, [](const auto& x) { return me::unstack(x, 1); });

    on_views("tile", mt, mv, [](const auto& x) { return me::tile(x, {2, 1, 2}); });
    on_views("tile n", rs, rv, [](const auto& x) { return me::tile(x, 3); });
    on_views("repeat", mt, mv, [](const auto& x) { return me::repeat(x, 2, 0); });
    on_views("repeat flat", mt, mv, [](const auto& x) { return me::repeat(x, 2); });
    on_views("repeat counts", mt, mv, [](const auto& x) { return me::repeat(x, std::vector<std::ptrdiff_t>{1, 0, 2}, x.shape(0) == 3 ? 0 : 1); });
    on_views("resize", mt, mv, [](const auto& x) { return me::resize(x, {5, 5}); });
    const me::array<double> zeros_around = {0, 0, 1, 0, 2, 0, 0, 0};
    on_views("trim_zeros", zeros_around(me::slice(me::none, me::none, 2)), zeros_around(me::slice(1, 7)),
             [](const auto& x) { return me::trim_zeros(x); });
    on_views("trim_zeros f", zeros_around(me::slice(1, me::none, 3)), zeros_around.view(),
             [](const auto& x) { return me::trim_zeros(x, "f"); });
    for (const char* mode : {"constant", "edge", "reflect", "symmetric", "wrap"})
        on_views(mode, mt, mv, [mode](const auto& x) { return me::pad(x, 2, {.mode = mode, .constant_values = 7.0}); });
    on_views("pad widths", ct, cv, [](const auto& x) { return me::pad(x, {{1, 0}, {0, 2}, {1, 1}}); });
}

TEST_CASE("list ops of views keep the element type, and a mix of arrays and views goes in a vector of arrays", "[manipulation][views]") {
    me::array<std::int32_t> a = {{1, 2}, {3, 4}};
    static_assert(std::is_same_v<decltype(me::concatenate({a.T(), a.T()})), me::array<std::int32_t>>);
    static_assert(std::is_same_v<decltype(me::vstack(std::vector{a.view()})), me::array<std::int32_t>>);
    static_assert(std::is_same_v<decltype(me::split(a.T(), 2)), std::vector<me::array<std::int32_t>>>);
    static_assert(std::is_same_v<decltype(me::broadcast_arrays(a.T(), me::array<float>{1.f, 2.f})),
                                 std::tuple<me::array<std::int32_t>, me::array<float>>>);
    // A mix of arrays and views goes in a vector of arrays (views convert to arrays).
    CHECK(me::identical(me::concatenate(std::vector<me::array<std::int32_t>>{a, a.T()}),
                        me::array<std::int32_t>{{1, 2}, {3, 4}, {1, 3}, {2, 4}}));
    // A writeable and a read-only view of one type: a vector of read-only views.
    CHECK(me::identical(me::stack(std::vector<me::array_view<const std::int32_t>>{a.T(), std::as_const(a).view()}),
                        me::array<std::int32_t>{{{1, 3}, {2, 4}}, {{1, 2}, {3, 4}}}));
}

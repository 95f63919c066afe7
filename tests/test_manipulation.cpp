// Free shape, joining and splitting ops: errors, copies-not-views, cost 0, and never the
// global default context (values are checked against NumPy in cases_free.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

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
    const me::array<double> m = {{1, 2}, {3, 4}};
    auto r = me::reshape(m, {4});
    auto t = me::transpose(m);
    auto b = me::broadcast_to(m, {2, 2, 2});
    r.flat(0) = 100;
    t.flat(0) = 100;
    b.flat(0) = 100;
    CHECK(m(0, 0) == 1.0);
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
    CHECK_THROWS_WITH(me::concatenate({a, me::zeros({3, 2})}, 0), Catch::Contains("concatenate") && Catch::Contains("(2, 3)") && Catch::Contains("(3, 2)"));
    CHECK_THROWS_AS(me::concatenate({a, a}, 2), me::AxisError);
    CHECK_THROWS_AS(me::concatenate(std::vector<me::array<double>>{}), me::ValueError);
    CHECK_THROWS_AS(me::stack({a, me::zeros({3, 2})}), me::ShapeError);
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

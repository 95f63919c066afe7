// Free indexing and selection ops, element tests and type queries: errors, in-place
// validation, cost 0, and never the global default context (values are checked against
// NumPy in cases_free.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

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

// ---------------------------------------------------------------------------------------
// Issue 8: every function takes views (spec §2.1). Each call is made on a strided view and
// on a contiguous one, and must give what it gives on an owning copy of the view, free.
// In-place ops write through a writeable view and refuse a read-only one.

namespace {

using test_support::on_views;
using test_support::same_as_owned;
using test_support::same_result;

/// A bool array of `shape`, true except at every third element.
me::array<bool> pattern_mask(const me::shape_t& shape) {
    auto m = me::array<bool>::uninitialized(shape);
    for (std::size_t i = 0; i < m.size(); ++i) m.flat(i) = i % 3 != 1;
    return m;
}

/// op(view of a base) leaves the base as op on an owning copy of the view, assigned back
/// through the view, would (the elements outside the view untouched), changes it, and is
/// free; the same view of a const base (read-only) raises ValueError and changes nothing.
template <class MakeView, class Op>
void writes_through(const char* what, MakeView make_view, Op op) {
    INFO(what);
    const auto start = test_support::iota({4, 6});
    auto expected = start;
    {
        auto v = make_view(expected);
        me::array<double> owned(v);
        op(owned);
        v = owned;
    }
    auto base = start;
    op(make_view(base));
    CHECK(me::identical(base, expected));
    CHECK(!me::identical(base, start));
    check_free([&] {
        auto b = start;
        op(make_view(b));
    });
    auto kept = start;
    static_assert(!decltype(make_view(std::as_const(kept)))::writeable());
    CHECK_THROWS_WITH(op(make_view(std::as_const(kept))), Catch::Contains("assignment destination is read-only"));
    CHECK(me::identical(kept, start));
}

}  // namespace

TEST_CASE("every indexing and selection op takes views: as on a copy, and free", "[indexing][views]") {
    const auto m = test_support::iota({3, 4});
    const auto mt = m.T();     // (4, 3), strided
    const auto mv = m.view();  // (3, 4)
    const auto sq = test_support::iota({3, 3});
    const auto c = test_support::iota({3, 3, 3});
    const me::array<std::int64_t> idx = {0, 2};

    on_views("take", mt, mv, [&](const auto& x) { return me::take(x, idx, 1); });
    on_views("take flat", mt, mv, [&](const auto& x) { return me::take(x, idx); });
    on_views("take one", mt, mv, [](const auto& x) { return me::take(x, -1, 0); });
    on_views("take wrap", mt, mv, [](const auto& x) { return me::take(x, me::array<std::int64_t>{5, -7}, 0, "wrap"); });
    on_views("take_along_axis", mt, mv, [](const auto& x) { return me::take_along_axis(x, me::array<std::int64_t>{{2, 0}}, 1); });
    on_views("take_along_axis flat", mt, mv, [&](const auto& x) { return me::take_along_axis(x, idx, std::nullopt); });
    // Index arrays as views.
    const me::array<std::int64_t> ib = {{0, 2, 1}, {3, 1, 0}};
    const me::array<std::int64_t> ik = {{0, 3}, {2, 1}, {1, 0}, {3, 3}};
    on_views("take with index views", ib.T(), ik(me::slice(0, 3), me::ellipsis), [&](const auto& i) { return me::take(m, i, 1); });
    on_views("take_along_axis with index views", ib.T(), ik(me::slice(0, 3), me::ellipsis),
             [&](const auto& i) { return me::take_along_axis(m, i, 1); });
    on_views("unravel_index", ib.T(), ib.view(), [](const auto& i) { return me::unravel_index(i, {2, 2}); });
    on_views("ravel_multi_index", ib.T(), ik(me::slice(1, 3), me::ellipsis),
             [](const auto& i) { return me::ravel_multi_index({i(me::ellipsis), i(me::slice(), me::slice(0, 1))}, {4, 4}); });
    on_views("ravel_multi_index vector", ib.T(), ik(me::slice(1, 3), me::ellipsis),
             [](const auto& i) { return me::ravel_multi_index(std::vector{i, i}, {4, 4}, "clip"); });
    const me::array<std::int64_t> picks = {0, 1, 1, 0, 1, 0};
    on_views("choose", picks(me::slice(me::none, me::none, 2)), picks(me::slice(1, 4)),
             [&](const auto& a) { return me::choose(a, std::vector{m[0](me::slice(0, 3)), m[1](me::slice(0, 3))}); });
    on_views("choose braced", mt, mv, [](const auto& x) {
        return me::choose(me::array<std::int64_t>{1, 0, 2}, {x[0](me::slice(0, 3)), x[1](me::slice(0, 3)), x[2](me::slice(0, 3))}, "clip");
    });
    on_views("choose vector", mt, mv, [](const auto& x) {
        return me::choose(me::array<std::int64_t>{{1, 0, 1}, {0, 1, 0}}, std::vector{x(me::slice(0, 2), me::slice(0, 3)), x(me::slice(1, 3), me::slice(0, 3))});
    });
    on_views("ix_", ib.T()[0], ib[1], [](const auto& i) { return me::ix_({i, i}); });
    on_views("ix_ vector", ib.T()[0], ib[1], [](const auto& i) { return me::ix_(std::vector{i}); });

    // Conditions and masks as views.
    const auto mask = pattern_mask({4, 3});
    on_views("where", mask.T(), pattern_mask({3, 4}).view(), [&](const auto& k) { return me::where(k, m, 0.0); });
    on_views("where x y", mt, mv, [](const auto& x) { return me::where(pattern_mask({1, x.shape(1)}), x, x(0, me::ellipsis)); });
    on_views("where scalar x", mt, mv, [](const auto& x) { return me::where(me::array<bool>(true), 2, x); });
    on_views("where one", mask.T(), pattern_mask({3, 4}).view(), [](const auto& k) { return me::where(k); });
    on_views("nonzero", mt, mv, [](const auto& x) { return me::nonzero(x); });
    on_views("nonzero mask", mask.T(), pattern_mask({3, 4}).view(), [](const auto& k) { return me::nonzero(k); });
    on_views("argwhere", mask.T(), pattern_mask({3, 4}).view(), [](const auto& k) { return me::argwhere(k); });
    on_views("flatnonzero", mask.T(), pattern_mask({3, 4}).view(), [](const auto& k) { return me::flatnonzero(k); });
    const me::array<bool> cond = {true, false, true, true, false, true};
    on_views("compress", cond(me::slice(me::none, me::none, 2)), cond(me::slice(0, 3)), [&](const auto& k) { return me::compress(k, m, 0); });
    on_views("compress a", mt, mv, [&](const auto& x) { return me::compress(cond(me::slice(0, 3)), x, 1); });
    on_views("compress flat", mt, mv, [&](const auto& x) { return me::compress(cond, x); });
    on_views("extract", mask.T(), pattern_mask({3, 4}).view(), [&](const auto& k) { return me::extract(k, m); });
    on_views("extract a", mt, mv, [&](const auto& x) { return me::extract(pattern_mask(x.shape()), x); });
    on_views("select", mask.T(), pattern_mask({3, 4}).view(), [&](const auto& k) { return me::select(std::vector{k}, std::vector{m.view()}, -1.0); });
    on_views("select choices", mt, mv, [](const auto& x) {
        return me::select({pattern_mask(x.shape())(me::ellipsis), pattern_mask(x.shape()).T().T()}, {x(me::ellipsis), x(me::slice(0, 1), me::ellipsis)});
    });

    // Diagonals, triangles and the shape, type and element queries.
    on_views("diagonal", mt, mv, [](const auto& x) { return me::diagonal(x, 1); });
    on_views("diagonal axes", c.T(), c.view(), [](const auto& x) { return me::diagonal(x, -1, 2, 0); });
    on_views("linalg.diagonal", c.T(), c.view(), [](const auto& x) { return me::linalg::diagonal(x, 1); });
    on_views("linalg.matrix_transpose", c.T(), c.view(), [](const auto& x) { return me::linalg::matrix_transpose(x); });
    on_views("tril", mt, mv, [](const auto& x) { return me::tril(x, -1); });
    on_views("triu", mt, mv, [](const auto& x) { return me::triu(x, 1); });
    on_views("tril 1-d", mt[0], mv[0], [](const auto& x) { return me::tril(x); });
    on_views("tril_indices_from", mt, mv, [](const auto& x) { return me::tril_indices_from(x, 1); });
    on_views("triu_indices_from", mt, mv, [](const auto& x) { return me::triu_indices_from(x); });
    on_views("diag_indices_from", sq.T(), sq.view(), [](const auto& x) { return me::diag_indices_from(x); });
    on_views("mask_indices", mt, mv, [](const auto& x) {
        return me::mask_indices(3, [&](const auto& ones, auto k) { return me::where(me::triu(ones, k), x(me::slice(0, 3), me::slice(0, 3)), 0.0); });
    });
    const me::array<double> odd = {1.0, me::nan, 2.0, me::inf, -me::inf, 0.0};
    on_views("isnan", odd(me::slice(1, me::none, 2)), odd(me::slice(0, 4)), [](const auto& x) { return me::isnan(x); });
    on_views("isinf", odd(me::slice(1, me::none, 2)), odd(me::slice(0, 4)), [](const auto& x) { return me::isinf(x); });
    on_views("isfinite", odd(me::slice(1, me::none, 2)), odd(me::slice(0, 4)), [](const auto& x) { return me::isfinite(x); });
    on_views("shape", mt, mv, [](const auto& x) { return me::shape(x); });
    on_views("ndim", mt, mv, [](const auto& x) { return me::ndim(x); });
    on_views("size", mt, mv, [](const auto& x) { return me::size(x); });
    on_views("size axis", mt, mv, [](const auto& x) { return me::size(x, -1); });
    on_views("iterable", mt, mv, [](const auto& x) { return me::iterable(x); });
    on_views("isscalar", mt, mv, [](const auto& x) { return me::isscalar(x); });
    CHECK(!me::iterable(m[0][0]));  // a 0-d view, as a 0-d array
}

TEST_CASE("in-place ops write through a writeable view and refuse a read-only one", "[indexing][views]") {
    const auto strided = [](auto& b) { return b.T(); };                                           // (6, 4), all of b
    const auto every_other = [](auto& b) { return b(me::slice(), me::slice(me::none, me::none, 2)); };  // (4, 3), part of b
    const auto rows = [](auto& b) { return b(me::slice(1, 3), me::ellipsis); };                    // (2, 6), contiguous
    const auto whole = [](auto& b) { return b.view(); };
    const auto vals = test_support::iota({10}, -10.0);
    const auto vals_strided = vals(me::slice(me::none, me::none, 3));  // -10, -7, -4, -1

    auto each = [&](const char* what, auto op) {
        writes_through(what, strided, op);
        writes_through(what, every_other, op);
        writes_through(what, rows, op);
        writes_through(what, whole, op);
    };
    each("put", [&](auto&& d) { me::put(d, me::array<std::int64_t>{0, 5, -1}, me::array<double>{-1, -2}); });
    each("put strided values", [&](auto&& d) { me::put(d, me::array<std::int64_t>{{1, 3}, {4, 2}}.T(), vals_strided, "wrap"); });
    each("put_along_axis", [](auto&& d) { me::put_along_axis(d, me::array<std::int64_t>{{0, 2}}, -5.0, 1); });
    each("put_along_axis values", [&](auto&& d) {
        me::put_along_axis(d, me::array<std::int64_t>{{1, 0}}(me::slice(), me::slice(0, 1)), vals_strided(me::newaxis, me::slice(0, 1)), 0);
    });
    each("place", [&](auto&& d) { me::place(d, pattern_mask(d.shape()), vals_strided); });
    each("putmask", [&](auto&& d) {
        const auto mk = pattern_mask({d.shape(1), d.shape(0)});
        me::putmask(d, mk.T(), vals_strided);
    });
    each("copyto", [](auto&& d) { me::copyto(d, me::array<double>(7.0)); });
    each("copyto where", [](auto&& d) {
        const auto src = test_support::iota({d.shape(1), d.shape(0)}, 100.0);
        const auto mk = pattern_mask({d.shape(1), d.shape(0)});
        me::copyto(d, src.T(), mk.T());
    });
    each("copyto ints", [](auto&& d) { me::copyto(d, me::array<std::int32_t>{{-1, -2}}(me::slice(), me::slice(0, 1)), {true}); });
    each("fill_diagonal", [](auto&& d) { me::fill_diagonal(d, -3.0); });
    each("fill_diagonal wrap", [&](auto&& d) { me::fill_diagonal(d, vals_strided, true); });

    // Other read-only views: broadcast_to and diagonal give them; nothing is written.
    auto base = test_support::iota({3, 3});
    const auto before = base;
    CHECK_THROWS_WITH(me::put(me::broadcast_to(base, {2, 3, 3}), me::array<std::int64_t>{0}, me::array<double>{1}),
                      Catch::Contains("put") && Catch::Contains("read-only"));
    CHECK_THROWS_AS(me::copyto(me::broadcast_to(base, {3, 3}), base), me::ValueError);
    CHECK_THROWS_AS(me::fill_diagonal(me::broadcast_to(base, {3, 3}), 0.0), me::ValueError);
    CHECK_THROWS_AS(me::place(me::diagonal(base), me::array<bool>{true, true, true}, base), me::ValueError);
    CHECK_THROWS_AS(me::putmask(me::diagonal(base), me::array<bool>{true, true, true}, base), me::ValueError);
    CHECK_THROWS_AS(me::put_along_axis(me::diagonal(base), me::array<std::int64_t>{0}, 1.0, 0), me::ValueError);
    // Checked first: even arguments that are wrong otherwise give the read-only error.
    CHECK_THROWS_WITH(me::put(std::as_const(base).view(), me::array<std::int64_t>{99}, me::array<double>{1}),
                      Catch::Contains("read-only"));
    CHECK(me::identical(base, before));

    // A writeable view of an int array takes same-kind sources; the write shows in the base.
    me::array<std::int64_t> ints = {{1, 2, 3}, {4, 5, 6}};
    me::copyto(ints.T(), me::array<std::int32_t>{{0, 0}, {9, 9}, {0, 0}}, me::array<bool>{{false, false}, {true, true}, {false, false}});
    CHECK(me::identical(ints, me::array<std::int64_t>{{1, 9, 3}, {4, 9, 6}}));
    // Writes through a view end the symmetry tags of its base.
    auto s = me::as_symmetric(me::array<double>{{1, 2}, {2, 1}}, {0, 1});
    REQUIRE(!s.symmetric_axes().empty());
    me::fill_diagonal(s.view(), 5.0);
    CHECK(s.symmetric_axes().empty());
    CHECK(me::identical(s, me::array<double>{{5, 2}, {2, 5}}));
}

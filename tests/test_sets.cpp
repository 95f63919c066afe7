// The set family (sets.hpp): unique (flattened and along an axis, every option), NumPy 2's
// unique_all/counts/inverse/values, in1d, isin, intersect1d, union1d, setdiff1d, setxor1d.
// Exact charges against the queries and hand counts, budgets too small, bad arguments
// charging nothing, element types, views and scalars, and the empty sub-arrays whose
// count the formula's numel would miss. Values against NumPy: differential/diff_sets.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

/// Values with repeats and a NaN: 3, 1, nan, 2, 1, nan, 3, 0.
me::array<double> repeats() { return {3, 1, me::nan, 2, 1, me::nan, 3, 0}; }

template <class T>
std::vector<T> elements(const me::array<T>& a) {
    return std::vector<T>(a.begin(), a.end());
}

using ints = std::vector<std::int64_t>;

/// Same shape and elements, NaN matching NaN (me::identical compares with ==).
template <class T>
bool same(const me::array<T>& a, const me::array<T>& b) {
    if (a.shape() != b.shape()) return false;
    return std::equal(a.begin(), a.end(), b.begin(), [](const T& x, const T& y) {
        if constexpr (std::is_floating_point_v<T>) return x == y || (std::isnan(x) && std::isnan(y));
        else return x == y;
    });
}

}  // namespace

TEST_CASE("set costs: n*ceil(log2 n) and (n+m)*ceil(log2(n+m)), at least 1", "[sets]") {
    using namespace me::flops;
    CHECK(unique_cost({1000}) == 10'000);
    CHECK(unique_cost({3, 4}) == 12 * 4);
    CHECK(unique_cost({1}) == 1);
    CHECK(unique_cost({}) == 1);
    CHECK(unique_cost({0, 5}) == 1);
    CHECK(unique_cost({4, 6}, {.axis = 1}) == 24 * 5);
    CHECK(unique_cost({5, 0}, {.axis = 0}) == 5 * 3);  // empty sub-arrays: their count, not numel 0
    CHECK(unique_cost({std::size_t{1} << 40, 0}, {.axis = -2}) == (me::flops_t{1} << 40) * 40);
    CHECK(unique_all_cost({2, 512}) == 1024 * 10);
    CHECK(unique_counts_cost({7}) == 7 * 3);
    CHECK(unique_inverse_cost({8}) == 8 * 3);
    CHECK(unique_values_cost({9}) == 9 * 4);
    CHECK(in1d_cost({600}, {400}) == 10'000);
    CHECK(isin_cost({2, 3}, {}) == 7 * 3);
    CHECK(intersect1d_cost({}, {}) == 2);
    CHECK(union1d_cost({0}, {0}) == 1);
    CHECK(setdiff1d_cost({3}, {0}) == 3 * 2);
    CHECK(setxor1d_cost({5, 5}, {7}) == 32 * 5);
    // Saturation: a cost that would overflow exceeds every budget.
    const me::shape_t giant{std::size_t{1} << 62, 4};
    CHECK(unique_cost(giant) == std::numeric_limits<me::flops_t>::max());
    CHECK(set_op_cost(giant, giant) == std::numeric_limits<me::flops_t>::max());
    CHECK_THROWS_AS(unique_cost({3}, {.axis = 1}), me::AxisError);
    CHECK_THROWS_AS(unique_cost({}, {.axis = 0}), me::AxisError);
}

TEST_CASE("every set op charges exactly its query and the hand count", "[sets]") {
    const auto a = repeats();                // 8 elements
    const auto m = iota({4, 6});             // 24
    const me::array<int> b = {1, 5, 2};      // 3
    check_charge([&] { me::unique(a); }, "unique", 8 * 3);
    check_charge([&] { me::unique(a, {.return_index = true, .return_inverse = true, .return_counts = true}); }, "unique", 24);
    check_charge([&] { me::unique(m, {.axis = 0}); }, "unique", me::flops::unique_cost({4, 6}, {.axis = 0}));
    check_charge([&] { me::unique(m, {.return_counts = true, .axis = -1}); }, "unique", 24 * 5);
    check_charge([&] { me::unique_all(m); }, "unique_all", me::flops::unique_all_cost({4, 6}));
    check_charge([&] { me::unique_counts(m); }, "unique_counts", 120);
    check_charge([&] { me::unique_inverse(a); }, "unique_inverse", me::flops::unique_inverse_cost({8}));
    check_charge([&] { me::unique_values(a); }, "unique_values", 24);
    check_charge([&] { me::in1d(a, b); }, "in1d", 11 * 4);
    check_charge([&] { me::isin(m, b, {.invert = true}); }, "isin", me::flops::isin_cost({4, 6}, {3}));
    check_charge([&] { me::intersect1d(a, b); }, "intersect1d", 44);
    check_charge([&] { me::intersect1d(m, a, {.return_indices = true}); }, "intersect1d", 32 * 5);
    check_charge([&] { me::union1d(a, m); }, "union1d", me::flops::union1d_cost({8}, {4, 6}));
    check_charge([&] { me::setdiff1d(m, b, {.assume_unique = true}); }, "setdiff1d", 27 * 5);
    check_charge([&] { me::setxor1d(b, b); }, "setxor1d", 6 * 3);
    check_charge([&] { me::unique(me::array<double>::uninitialized(me::shape_t{0})); }, "unique", 1);
    check_charge([&] { me::isin(2.0, 3); }, "isin", 2);
}

TEST_CASE("a too-small budget stops every set op before it runs", "[sets]") {
    const auto a = repeats();
    const auto before = a;
    const auto m = iota({4, 6});
    const me::array<int> b = {1, 5, 2};
    check_too_small([&] { me::unique(a); }, "unique", 24);
    check_too_small([&] { me::unique(m, {.return_inverse = true, .axis = 1}); }, "unique", 120);
    check_too_small([&] { me::unique_all(a); }, "unique_all", 24);
    check_too_small([&] { me::unique_counts(a); }, "unique_counts", 24);
    check_too_small([&] { me::unique_inverse(a); }, "unique_inverse", 24);
    check_too_small([&] { me::unique_values(a); }, "unique_values", 24);
    check_too_small([&] { me::in1d(a, b); }, "in1d", 44);
    check_too_small([&] { me::isin(a, b); }, "isin", 44);
    check_too_small([&] { me::intersect1d(a, b, {.return_indices = true}); }, "intersect1d", 44);
    check_too_small([&] { me::union1d(a, b); }, "union1d", 44);
    check_too_small([&] { me::setdiff1d(a, b); }, "setdiff1d", 44);
    check_too_small([&] { me::setxor1d(a, b); }, "setxor1d", 44);
    check_too_small([&] { me::unique(me::array<double>(2.0)); }, "unique", 1);
    CHECK(same(a, before));
}

TEST_CASE("bad arguments raise NumPy's errors and charge nothing", "[sets]") {
    const auto m = iota({2, 3});
    check_rejected<me::AxisError>([&] { me::unique(m, {.axis = 2}); }, {"unique", "axis 2 is out of bounds for array of dimension 2"});
    check_rejected<me::AxisError>([&] { me::unique(m, {.return_counts = true, .axis = -3}); }, {"axis -3"});
    check_rejected<me::AxisError>([&] { me::unique(me::array<double>(1.0), {.axis = 0}); }, {"dimension 0"});
    check_rejected<me::ValueError>([&] { me::in1d(m, m, {.kind = "hash"}); }, {"Invalid kind: 'hash'. Please use None, 'sort' or 'table'."});
    check_rejected<me::ValueError>([&] { me::isin(m, me::array<int>{1}, {.kind = "table"}); }, {"The 'table' method is only supported for boolean or integer arrays"});
    me::BudgetContext budget(1e6);
    CHECK_NOTHROW(me::isin(me::array<int>{1, 2}, me::array<bool>{true}, {.kind = "table"}));
    CHECK_NOTHROW(me::in1d(m, m, {.kind = "sort"}));
}

TEST_CASE("unique: values and every option", "[sets]") {
    me::BudgetContext budget(1e9);
    const auto a = repeats();  // 3, 1, nan, 2, 1, nan, 3, 0
    const auto v = me::unique(a);
    REQUIRE(v.shape() == me::shape_t{5});
    CHECK(elements(v)[3] == 3.0);
    CHECK(std::isnan(v(4)));
    const auto r = me::unique(a, {.return_index = true, .return_inverse = true, .return_counts = true});
    CHECK(elements(r.indices) == ints{7, 1, 3, 0, 2});
    CHECK(elements(r.inverse) == ints{3, 1, 4, 2, 1, 4, 3, 0});
    CHECK(elements(r.counts) == ints{1, 2, 1, 2, 2});
    // Unrequested results are empty; the struct converts to the values.
    const auto only = me::unique(a, {.return_counts = true});
    CHECK(only.indices.size() == 0);
    CHECK(only.inverse.size() == 0);
    const me::array<double> values = only;
    CHECK(same(values, v));
    // equal_nan = false keeps each NaN; the index of each is its own position.
    const auto apart = me::unique(a, {.return_index = true, .equal_nan = false});
    CHECK(apart.values.size() == 6);
    CHECK(elements(apart.indices) == ints{7, 1, 3, 0, 2, 5});
    // 0-d input: one element; integers keep their type.
    CHECK(me::unique(me::array<int>(4)).shape() == me::shape_t{1});
    STATIC_REQUIRE(std::is_same_v<decltype(me::unique(me::array<std::int32_t>{1})), me::array<std::int32_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::unique(me::array<float>{1}, {}).counts), me::array<std::int64_t>>);
    const auto bools = me::unique(me::array<bool>{true, false, true});
    CHECK(elements(bools) == std::vector<bool>{false, true});
}

TEST_CASE("unique along an axis: sub-arrays, NaN rows distinct, empty sub-arrays", "[sets]") {
    me::BudgetContext budget(1e9);
    const me::array<double> m = {{1, 2}, {0, 5}, {1, 2}, {me::nan, 0}, {me::nan, 0}};
    const auto r = me::unique(m, {.return_index = true, .return_inverse = true, .return_counts = true, .axis = 0});
    REQUIRE(r.values.shape() == me::shape_t{4, 2});
    CHECK(r.values(0, 1) == 5.0);
    CHECK(elements(r.indices) == ints{1, 0, 3, 4});
    CHECK(elements(r.inverse) == ints{1, 0, 1, 2, 3});
    CHECK(elements(r.counts) == ints{1, 2, 1, 1});
    // Columns: axis 1 of a (2, 3) array, negative axis.
    const me::array<int> c = {{1, 0, 1}, {2, 9, 2}};
    const auto cols = me::unique(c, {.return_inverse = true, .axis = -1});
    CHECK(cols.values.shape() == me::shape_t{2, 2});
    CHECK(elements(cols.values) == std::vector<int>{0, 1, 9, 2});
    CHECK(elements(cols.inverse) == ints{1, 0, 1});
    // Three dimensions, the middle axis.
    const auto t = me::unique(iota({2, 3, 2}), {.axis = 1});
    CHECK(t.values.shape() == me::shape_t{2, 3, 2});
    // Sub-arrays of no elements are all equal (NumPy: one of them, counted shape[axis] times).
    const auto e = me::unique(me::array<double>::uninitialized(me::shape_t{3, 0}),
                              {.return_index = true, .return_inverse = true, .return_counts = true, .axis = 0});
    CHECK(e.values.shape() == me::shape_t{1, 0});
    CHECK(elements(e.inverse) == ints{0, 0, 0});
    CHECK(elements(e.counts) == ints{3});
    CHECK(me::unique(me::array<double>::uninitialized(me::shape_t{0, 3}), {.axis = 0}).values.shape() == me::shape_t{0, 3});
}

TEST_CASE("NumPy 2's unique_all, unique_counts, unique_inverse, unique_values", "[sets]") {
    me::BudgetContext budget(1e9);
    const me::array<double> x = {{2, me::nan, 2}, {me::nan, 1, 2}};
    const auto all = me::unique_all(x);
    CHECK(all.values.size() == 4);  // 1, 2, nan, nan
    CHECK(elements(all.indices) == ints{4, 0, 1, 3});
    CHECK(all.inverse_indices.shape() == me::shape_t{2, 3});
    CHECK(elements(all.inverse_indices) == ints{1, 2, 1, 3, 0, 1});
    CHECK(elements(all.counts) == ints{1, 3, 1, 1});
    CHECK(elements(me::unique_counts(x).counts) == ints{1, 3, 1, 1});
    CHECK(me::unique_inverse(x).inverse_indices.shape() == me::shape_t{2, 3});
    CHECK(me::unique_inverse(me::array<int>(7)).inverse_indices.shape() == me::shape_t{});
    CHECK(me::unique_values(x).size() == 4);
}

TEST_CASE("in1d, isin, intersect1d, union1d, setdiff1d, setxor1d: values and types", "[sets]") {
    me::BudgetContext budget(1e9);
    const me::array<double> a = {3, me::nan, 1, 5, 1};
    const me::array<int> b = {1, 2, 3, 3};
    CHECK(elements(me::in1d(a, b)) == std::vector<bool>{true, false, true, false, true});
    CHECK(elements(me::in1d(a, a, {.invert = true})) == std::vector<bool>{false, true, false, false, false});  // NaN is in nothing
    const auto in = me::isin(me::array<int>{{1, 2}, {3, 4}}, b, {.assume_unique = true});
    CHECK(in.shape() == me::shape_t{2, 2});
    CHECK(me::isin(3, b).shape() == me::shape_t{});
    CHECK(me::isin(3, b).item());
    STATIC_REQUIRE(std::is_same_v<decltype(me::intersect1d(b, me::array<float>{})), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::setdiff1d(b, a)), me::array<int>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::union1d(me::array<bool>{}, me::array<bool>{})), me::array<bool>>);
    CHECK(elements(me::intersect1d(a, b)) == std::vector<double>{1, 3});
    const auto [common, i1, i2] = me::intersect1d(a, b, {.return_indices = true});
    CHECK(elements(common) == std::vector<double>{1, 3});
    CHECK(elements(i1) == ints{2, 0});
    CHECK(elements(i2) == ints{0, 2});
    CHECK(me::union1d(a, b).size() == 5);  // 1, 2, 3, 5, nan
    CHECK(elements(me::setdiff1d(b, a)) == std::vector<int>{2});
    CHECK(elements(me::setdiff1d(me::array<int>{3, 1, 2, 3}, 2, {.assume_unique = true})) == std::vector<int>{3, 1, 3});
    const auto x = me::setxor1d(a, me::array<double>{me::nan, 2});
    REQUIRE(x.size() == 6);  // 2, 3, 5, nan, nan: NumPy keeps a NaN of each
    CHECK(std::isnan(x(4)));
    CHECK(std::isnan(x(5)));
    CHECK(me::setxor1d(me::array<int>{}, me::array<int>{}).size() == 0);
    using cd = std::complex<double>;
    const me::array<cd> z = {cd(1, 1), cd(1, 1), cd(0, 2)};
    CHECK(me::unique(z).size() == 2);
    CHECK(me::in1d(z, me::array<double>{0}).size() == 3);
}

TEST_CASE("intersect1d's indices when the promoted type merges values of one operand", "[sets]") {
    // 2^53 and 2^53 + 1 are one float64: NumPy's ind2[-1] counts from the end, and an
    // index one past the end is its IndexError (found after the sort, so after the charge).
    const me::array<std::int64_t> big = {std::int64_t{1} << 53, (std::int64_t{1} << 53) + 1, 3};
    const me::array<double> small = {3, 7};
    me::BudgetContext budget(1e9);
    const auto r = me::intersect1d(big, small, {.return_indices = true});
    CHECK(elements(r.ar1_indices) == ints{2, 0});
    CHECK(elements(r.ar2_indices) == ints{0, 1});
    CHECK_THROWS_AS(me::intersect1d(small, big, {.return_indices = true}), me::IndexError);
    CHECK(me::intersect1d(small, big).size() == 2);
}

TEST_CASE("set ops take views, charged and answered as the arrays they show", "[sets]") {
    const auto base = iota({4, 6});
    const auto strided = base.T();  // (6, 4), not contiguous
    const auto rows = base(me::slice(1, 3), me::slice());
    REQUIRE(!strided.is_contiguous());
    REQUIRE(rows.is_contiguous());
    const me::array<double> s(strided), r(rows);
    me::BudgetContext budget(1e9);
    auto same = [&](auto f, const auto& view, const auto& owned) {
        const auto before = budget.flops_used();
        const auto on_view = f(view);
        const auto charged = budget.flops_used() - before;
        CHECK(me::identical(on_view, f(owned)));
        CHECK(budget.flops_used() - before == 2 * charged);
    };
    for (int k = 0; k < 2; ++k) {
        const auto& view = k == 0 ? strided : rows;
        const auto& owned = k == 0 ? s : r;
        same([](const auto& x) { return me::unique(x, {.return_inverse = true, .axis = 1}).inverse; }, view, owned);
        same([](const auto& x) { return me::unique_all(x).inverse_indices; }, view, owned);
        same([](const auto& x) { return me::unique_values(x); }, view, owned);
        same([&](const auto& x) { return me::isin(x, rows); }, view, owned);
        same([&](const auto& x) { return me::setxor1d(strided, x); }, view, owned);
        same([&](const auto& x) { return me::intersect1d(x, strided, {.return_indices = true}).ar2_indices; }, view, owned);
    }
}

TEST_CASE("empty sub-arrays along an axis are priced by their count, and never walked by the other axes", "[sets][regression]") {
    // A (2^59, 0) array holds nothing: unique along axis 1 has no sub-array, costs 1 and
    // returns at once (a loop over the 2^59 outer positions would never end).
    const auto huge_outer = me::array<double>::uninitialized(me::shape_t{std::size_t{1} << 59, 0});
    check_charge([&] { me::unique(huge_outer, {.return_counts = true, .axis = 1}); }, "unique", 1);
    // (2^40, 0) along axis 0: 2^40 empty sub-arrays to sort, priced as such (numel is 0).
    const auto many_rows = me::array<double>::uninitialized(me::shape_t{std::size_t{1} << 40, 0});
    const me::flops_t cost = me::flops::unique_cost(many_rows.shape(), {.axis = 0});
    CHECK(cost == (me::flops_t{1} << 40) * 40);
    check_too_small([&] { me::unique(many_rows, {.axis = 0}); }, "unique", cost);
    check_charge([&] { me::unique(me::array<double>::uninitialized(me::shape_t{1000, 0}), {.return_inverse = true, .axis = 0}); },
                 "unique", 1000 * 10);
}

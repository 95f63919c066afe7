// The contraction family (contractions.hpp, linalg.hpp): exact FLOP charges against
// hand-computed numbers, budgets too small, bad shapes. Values against NumPy are checked
// in differential/diff_contractions.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using cdouble = std::complex<double>;

using test_support::iota;
using test_support::check_charge;
using test_support::check_too_small;
using test_support::check_rejected;

}  // namespace

TEST_CASE("matmul charges 2*n*k*m per product in the broadcast batch", "[contractions]") {
    CHECK(me::flops::matmul_cost({256, 256}, {256, 256}) == 33'554'432);
    CHECK(me::flops::matmul_cost({4, 1, 3, 5}, {2, 5, 7}) == 4 * 2 * 2 * 3 * 5 * 7);
    CHECK(me::flops::matmul_cost({5}, {5, 7}) == 2 * 5 * 7);
    CHECK(me::flops::matmul_cost({3, 5}, {5}) == 2 * 3 * 5);
    CHECK(me::flops::matmul_cost({5}, {5}) == 10);
    CHECK(me::flops::matmul_cost({0, 5}, {5, 7}) == 1);  // every counted op costs at least 1
    check_charge([] { me::matmul(iota({256, 256}), iota({256, 256})); }, "matmul", 33'554'432);
    check_charge([] { me::matmul(iota({4, 1, 3, 5}), iota({2, 5, 7})); }, "matmul", 4 * 2 * 2 * 3 * 5 * 7);
    check_charge([] { me::linalg::matmul(iota({3, 5}), iota({5, 7})); }, "linalg.matmul", 2 * 3 * 5 * 7);
    me::BudgetContext budget(1e9);
    const me::array<double> a = {{1, 2}, {3, 4}}, b = {{5, 6}, {7, 8}};
    const auto r = me::matmul(a, b);
    CHECK(r(0, 0) == 19);
    CHECK(r(1, 1) == 50);
    CHECK(me::matmul(iota({2, 3, 4}), iota({4})).shape() == me::shape_t{2, 3});
    CHECK(me::matmul(iota({4}), iota({2, 4, 5})).shape() == me::shape_t{2, 5});
    CHECK(me::matmul(iota({4}), iota({4})).ndim() == 0);
}

TEST_CASE("dot, inner, outer, vdot, kron charge their counts", "[contractions]") {
    CHECK(me::flops::dot_cost({7}, {7}) == 14);
    CHECK(me::flops::dot_cost({3, 4}, {4, 5}) == 2 * 3 * 4 * 5);
    CHECK(me::flops::dot_cost({2, 3, 4}, {5, 4, 6}) == 2 * 2 * 3 * 4 * 5 * 6);
    CHECK(me::flops::dot_cost({}, {3, 4}) == 12);  // a 0-d operand multiplies
    CHECK(me::flops::inner_cost({8}, {8}) == 16);
    CHECK(me::flops::inner_cost({2, 3}, {4, 3}) == 2 * 2 * 4 * 3);
    CHECK(me::flops::outer_cost({3, 2}, {5}) == 30);
    CHECK(me::flops::vdot_cost({2, 3}, {6}) == 12);
    CHECK(me::flops::vdot_cost({}, {}) == 2);
    CHECK(me::flops::kron_cost({2, 3}, {4, 5}) == 2 * 3 * 4 * 5);
    CHECK(me::flops::kron_cost({3}, {2, 2}) == 12);
    check_charge([] { me::dot(iota({3, 4}), iota({4, 5})); }, "dot", 120);
    check_charge([] { me::dot(iota({7}), iota({7})); }, "dot", 14);
    check_charge([] { me::dot(me::array<double>(2.0), iota({3, 4})); }, "dot", 12);
    check_charge([] { me::inner(iota({2, 3}), iota({4, 3})); }, "inner", 48);
    check_charge([] { me::outer(iota({3, 2}), iota({5})); }, "outer", 30);
    check_charge([] { me::linalg::outer(iota({3}), iota({5})); }, "linalg.outer", 15);
    check_charge([] { me::vdot(iota({2, 3}), iota({6})); }, "vdot", 12);
    check_charge([] { me::kron(iota({2, 3}), iota({4, 5})); }, "kron", 120);

    me::BudgetContext budget(1e9);
    CHECK(me::dot(iota({3}), iota({3})).item() == 14);
    CHECK(me::outer(iota({2, 2}), iota({3})).shape() == me::shape_t{4, 3});
    const me::array<cdouble> z = {cdouble(1, 2), cdouble(3, -1)};
    CHECK(me::vdot(z, z).item() == cdouble(1 + 4 + 9 + 1, 0));  // the first is conjugated
    const auto k = me::kron(me::array<double>{{1, 2}, {3, 4}}, me::array<double>{{0, 1}, {1, 0}});
    CHECK(k.shape() == me::shape_t{4, 4});
    CHECK(k(0, 1) == 1);
    CHECK(k(3, 2) == 4);
}

TEST_CASE("dot, inner, outer, vdot and kron take a C++ scalar as a 0-d operand", "[contractions]") {
    check_charge([] { me::dot(iota({3}), 2.0); }, "dot", 3);
    check_charge([] { me::outer(2.0, iota({3})); }, "outer", 3);
    check_charge([] { me::vdot(2.0, me::array<double>(3.0)); }, "vdot", 2);
    me::BudgetContext budget(1e9);
    const auto d = me::dot(iota({3}), 2.0);
    CHECK(d.shape() == me::shape_t{3});
    CHECK(d(2) == 6);
    CHECK(me::outer(2.0, iota({3})).shape() == me::shape_t{1, 3});
    const auto i = me::inner(me::array<std::int32_t>{1, 2}, 3);  // a 0-d operand multiplies
    CHECK(i.shape() == me::shape_t{2});
    CHECK(i(1) == 6);
    // Weak scalars (NEP 50): a float32 array stays float32, an int32 array with 2.5 gives float64.
    STATIC_REQUIRE(std::is_same_v<decltype(me::kron(me::array<float>{1, 2}, 2.0)), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::dot(me::array<std::int32_t>{1, 2}, 2.5)), me::array<double>>);
    CHECK(me::kron(me::array<float>{1, 2}, 2.0)(1) == 4.0f);
}

TEST_CASE("tensordot charges the count of its contraction", "[contractions]") {
    CHECK(me::flops::tensordot_cost({3, 4, 5}, {4, 5, 6}) == 2 * 3 * 4 * 5 * 6);
    CHECK(me::flops::tensordot_cost({3, 4, 5}, {5, 6}, 1) == 2 * 3 * 4 * 5 * 6);
    CHECK(me::flops::tensordot_cost({3, 4}, {5, 6}, 0) == 3 * 4 * 5 * 6);  // outer: no multiply-add
    CHECK(me::flops::tensordot_cost({3, 4, 5}, {5, 3}, {{0, 2}, {1, 0}}) == 2 * 3 * 4 * 5);
    check_charge([] { me::tensordot(iota({3, 4, 5}), iota({4, 5, 6})); }, "tensordot", 720);
    check_charge([] { me::linalg::tensordot(iota({3, 4}), iota({4, 2}), 1); }, "linalg.tensordot", 48);
    me::BudgetContext budget(1e9);
    const auto r = me::tensordot(iota({3, 4, 5}), iota({5, 3}), {{0, 2}, {-1, 0}});
    CHECK(r.shape() == me::shape_t{4});
    const auto s = me::tensordot(iota({2, 3}), iota({3, 2}), {{1}, {0}});  // NumPy's axes=[1, 0]
    CHECK(s.shape() == me::shape_t{2, 2});
    CHECK(s(0, 0) == 1 * 1 + 2 * 3 + 3 * 5);
    CHECK(me::tensordot(iota({2}), iota({3}), {{}, {}}).shape() == me::shape_t{2, 3});  // empty lists: outer
}

TEST_CASE("cross and trace charge numel(output) and the diagonal", "[contractions]") {
    CHECK(me::flops::cross_cost({4, 3}, {3}) == 12);
    CHECK(me::flops::cross_cost({4, 2}, {2}) == 4);
    CHECK(me::flops::cross_cost({3, 5}, {5, 3}, {.axisa = 0}) == 15);
    CHECK(me::flops::trace_cost({4, 6}) == 4);
    CHECK(me::flops::trace_cost({6, 4}) == 4);
    CHECK(me::flops::trace_cost({4, 6}, {.offset = 3}) == 3);
    CHECK(me::flops::trace_cost({4, 6}, {.offset = 9}) == 1);  // empty diagonal: at least 1
    CHECK(me::flops::trace_cost({2, 3, 5}, {.axis1 = 1, .axis2 = 2}) == 2 * 3);
    check_charge([] { me::cross(iota({4, 3}), iota({3})); }, "cross", 12);
    check_charge([] { me::linalg::cross(iota({4, 3}), iota({3})); }, "linalg.cross", 12);
    check_charge([] { me::trace(iota({4, 6})); }, "trace", 4);
    check_charge([] { me::linalg::trace(iota({2, 4, 6}), {.offset = 1}); }, "linalg.trace", 8);
    me::BudgetContext budget(1e9);
    const me::array<double> x = {1, 0, 0}, y = {0, 1, 0};
    const auto z = me::cross(x, y);
    CHECK(z(2) == 1);
    CHECK(me::cross(me::array<double>{1, 2}, me::array<double>{3, 4}).item() == -2);
    CHECK(me::trace(iota({3, 3})).item() == 1 + 5 + 9);
    CHECK(me::trace(iota({3, 3}), 1).item() == 2 + 6);
    CHECK(me::trace(me::array<std::int32_t>{{1, 2}, {3, 4}}).item() == std::int64_t{5});  // int64, as NumPy
}

TEST_CASE("multi_dot picks the cheapest chain and charges it once", "[contractions]") {
    CHECK(me::flops::multi_dot_cost({{10, 100}, {100, 5}, {5, 50}}) == 15'000);
    CHECK(me::flops::multi_dot_cost({{100}, {100, 5}, {5}}) == 2 * 100 * 5 + 2 * 5);
    const auto a = iota({10, 100}), b = iota({100, 5}), c = iota({5, 50});
    check_charge([&] { me::linalg::multi_dot(a, b, c); }, "linalg.multi_dot", 15'000);
    check_charge([&] { me::linalg::multi_dot(std::vector{a, b, c}); }, "linalg.multi_dot", 15'000);
    me::BudgetContext budget(1e9);
    const auto r = me::linalg::multi_dot(a, b, c);
    CHECK(budget.operation("matmul").calls == 0);  // the products inside are not charged again
    const auto expect = me::matmul(me::matmul(a, b), c);
    CHECK(r.shape() == me::shape_t{10, 50});
    CHECK(me::identical(r, expect));
    CHECK(me::linalg::multi_dot(iota({3}), iota({3, 4}), iota({4})).ndim() == 0);
    CHECK(me::linalg::multi_dot(iota({3}), iota({3, 4}), me::array<std::int32_t>{1, 2, 3, 4}).ndim() == 0);
}

TEST_CASE("vecdot's linalg alias is tallied under its own name", "[contractions]") {
    check_charge([] { me::linalg::vecdot(iota({3, 4}), iota({4})); }, "linalg.vecdot", 24);
}

TEST_CASE("a budget too small raises before any contraction runs", "[contractions]") {
    const auto a = iota({4, 4}), b = iota({4, 4});
    const auto a0 = a, b0 = b;
    check_too_small([&] { me::matmul(a, b); }, "matmul", 128);
    check_too_small([&] { me::linalg::matmul(a, b); }, "linalg.matmul", 128);
    check_too_small([&] { me::dot(a, b); }, "dot", 128);
    check_too_small([&] { me::inner(a, b); }, "inner", 128);
    check_too_small([&] { me::outer(a, b); }, "outer", 256);
    check_too_small([&] { me::vdot(a, b); }, "vdot", 32);
    check_too_small([&] { me::tensordot(a, b); }, "tensordot", 32);
    check_too_small([&] { me::kron(a, b); }, "kron", 256);
    check_too_small([&] { me::trace(a); }, "trace", 4);
    check_too_small([&] { me::linalg::trace(a); }, "linalg.trace", 4);
    check_too_small([&] { me::cross(iota({4, 3}), iota({4, 3})); }, "cross", 12);
    check_too_small([&] { me::linalg::multi_dot(a, b, a); }, "linalg.multi_dot", 256);
    CHECK(me::identical(a, a0));
    CHECK(me::identical(b, b0));
}

TEST_CASE("bad shapes raise me:: errors naming the op, charging nothing", "[contractions]") {
    check_rejected<me::ValueError>([] { me::matmul(iota({2, 3}), iota({4, 5})); },
                                   {"matmul", "mismatch in its core dimension 0", "size 4 is different from 3"});
    check_rejected<me::ValueError>([] { me::matmul(me::array<double>(1.0), iota({2})); },
                                   {"matmul", "does not have enough dimensions"});
    check_rejected<me::ShapeError>([] { me::matmul(iota({2, 3, 4}), iota({3, 4, 5})); }, {"matmul", "(2, 3, 4)", "(3, 4, 5)"});
    check_rejected<me::ValueError>([] { me::linalg::matmul(iota({2, 3}), iota({4})); }, {"linalg.matmul"});
    check_rejected<me::ValueError>([] { me::dot(iota({2, 3}), iota({4, 5})); },
                                   {"dot", "shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)"});
    check_rejected<me::ValueError>([] { me::inner(iota({2, 3}), iota({3, 2})); }, {"inner", "not aligned"});
    check_rejected<me::ValueError>([] { me::vdot(iota({2, 3}), iota({5})); }, {"vdot", "(2, 3)", "(5,)"});
    check_rejected<me::ValueError>([] { me::tensordot(iota({2, 3}), iota({4, 5}), 1); }, {"tensordot", "shape-mismatch"});
    check_rejected<me::ValueError>([] { me::tensordot(iota({2, 3}), iota({3, 5}), {{1, 0}, {0}}); }, {"tensordot"});
    check_rejected<me::AxisError>([] { me::tensordot(iota({2, 3}), iota({3, 5}), {{2}, {0}}); }, {"tensordot"});
    check_rejected<me::AxisError>([] { me::tensordot(iota({2, 3}), iota({3, 5}), 3); }, {"tensordot"});
    check_rejected<me::ValueError>([] { me::cross(iota({4}), iota({3})); }, {"cross", "incompatible dimensions"});
    check_rejected<me::AxisError>([] { me::cross(iota({3}), iota({3}), {.axisa = 2}); }, {"cross"});
    check_rejected<me::ShapeError>([] { me::cross(iota({2, 3}), iota({4, 3})); }, {"cross", "(2, 3)", "(4, 3)"});
    check_rejected<me::ValueError>([] { me::linalg::cross(iota({2}), iota({2})); }, {"linalg.cross", "3-dimensional"});
    check_rejected<me::ValueError>([] { me::trace(iota({3})); }, {"trace", "at least two dimensions"});
    check_rejected<me::ValueError>([] { me::trace(iota({3, 3}), 0, 1, -1); }, {"trace", "cannot be the same"});
    check_rejected<me::AxisError>([] { me::trace(iota({3, 3}), 0, 0, 2); }, {"trace"});
    check_rejected<me::ValueError>([] { me::linalg::outer(iota({2, 2}), iota({2})); }, {"linalg.outer", "one-dimensional"});
    check_rejected<me::ValueError>([] { me::linalg::multi_dot(std::vector{iota({2, 2})}); }, {"multi_dot", "at least two"});
    check_rejected<me::ValueError>([] { me::linalg::multi_dot(iota({2, 3}), iota({3}), iota({3, 2})); },
                                   {"multi_dot", "argument 1"});
    check_rejected<me::ValueError>([] { me::linalg::multi_dot(iota({2, 3}), iota({4, 2})); }, {"multi_dot", "not aligned"});
}

// ---------------------------------------------------------------------------------------
// Views (api.md §2.1: every function that takes an array takes a view)

namespace {

using test_support::owning;

template <class T, class U>
bool same_result(const me::array<T>& a, const me::array<U>& b) {
    return std::is_same_v<T, U> && me::identical(a, b) && a.symmetric_axes() == b.symmetric_axes();
}

// f on the arguments as given (views among them) and on the arrays they show: the same
// result, element type and symmetry, and the same charge (under the same op).
template <class F, class... X>
void same_as_on_arrays(const std::string& op, F&& f, const X&... xs) {
    INFO("op " << op);
    auto run = [&](const auto&... args) {
        me::BudgetContext budget(1e15);
        auto r = f(args...);
        CHECK(budget.operation(op).calls == 1);
        return std::pair{std::move(r), budget.flops_used()};
    };
    const auto [on_views, cost_views] = run(xs...);
    const auto [on_arrays, cost_arrays] = run(owning(xs)...);
    CHECK(cost_views == cost_arrays);
    CHECK(cost_views > 0);
    CHECK(same_result(on_views, on_arrays));
}

}  // namespace

TEST_CASE("contractions take views, charged and computed as the arrays they show", "[contractions][views]") {
    auto m = iota({4, 6});
    auto n = iota({6, 4}, 0.5);
    auto t = iota({3, 4, 6});
    const auto c = iota({6, 4}, -3.0);
    auto nT = n.T();                                               // (4, 6), not contiguous
    auto rows = m(me::slice(me::none, me::none, 2), me::slice());  // (2, 6), every other row
    auto reversed = iota({6})(me::slice(me::none, me::none, -1));  // (6,), negative stride
    auto t0 = t[0];                                                // (4, 6), contiguous
    auto whole = m.view();                                         // (4, 6), contiguous
    auto cT = c.T();                                               // read-only, not contiguous
    REQUIRE(!nT.is_contiguous());
    REQUIRE(!rows.is_contiguous());
    REQUIRE(!reversed.is_contiguous());
    REQUIRE(t0.is_contiguous());
    REQUIRE(whole.is_contiguous());
    STATIC_REQUIRE(!decltype(cT)::writeable());

    auto dot = [](const auto& a, const auto& b) { return me::dot(a, b); };
    same_as_on_arrays("dot", dot, nT, n);
    same_as_on_arrays("dot", dot, t0, n);
    same_as_on_arrays("dot", dot, whole, nT.T());
    same_as_on_arrays("dot", dot, rows, cT.T());
    same_as_on_arrays("dot", dot, reversed, reversed);
    same_as_on_arrays("dot", dot, t, n.view());  // 3-d with a view

    auto matmul = [](const auto& a, const auto& b) { return me::matmul(a, b); };
    same_as_on_arrays("matmul", matmul, nT, n);
    same_as_on_arrays("matmul", matmul, t0, c);
    same_as_on_arrays("matmul", matmul, rows, cT.T());
    same_as_on_arrays("matmul", matmul, t, nT.T());  // a batch against a view
    same_as_on_arrays("matmul", matmul, reversed, n);
    auto lmatmul = [](const auto& a, const auto& b) { return me::linalg::matmul(a, b); };
    same_as_on_arrays("linalg.matmul", lmatmul, nT, n);
    same_as_on_arrays("linalg.matmul", lmatmul, whole, n.view());

    auto inner = [](const auto& a, const auto& b) { return me::inner(a, b); };
    same_as_on_arrays("inner", inner, nT, rows);
    same_as_on_arrays("inner", inner, t0, whole);
    same_as_on_arrays("inner", inner, reversed, m);

    auto outer = [](const auto& a, const auto& b) { return me::outer(a, b); };
    same_as_on_arrays("outer", outer, nT, rows);
    same_as_on_arrays("outer", outer, t0, reversed);
    auto louter = [](const auto& a, const auto& b) { return me::linalg::outer(a, b); };
    same_as_on_arrays("linalg.outer", louter, reversed, m[1]);
    same_as_on_arrays("linalg.outer", louter, nT[2], t0[0]);

    auto vdot = [](const auto& a, const auto& b) { return me::vdot(a, b); };
    same_as_on_arrays("vdot", vdot, nT, whole);
    same_as_on_arrays("vdot", vdot, t0, nT);
    same_as_on_arrays("vdot", vdot, reversed, m[0]);
    same_as_on_arrays("vdot", vdot, cT, m);

    auto tensordot = [](const auto& a, const auto& b) { return me::tensordot(a, b, 1); };
    same_as_on_arrays("tensordot", tensordot, nT, n);
    same_as_on_arrays("tensordot", tensordot, t0, cT.T());
    auto tensordot2 = [](const auto& a, const auto& b) { return me::tensordot(a, b, {{0, 1}, {1, 0}}); };
    same_as_on_arrays("tensordot", tensordot2, nT, n);
    same_as_on_arrays("tensordot", tensordot2, whole, t0.T());
    auto ltensordot = [](const auto& a, const auto& b) { return me::linalg::tensordot(a, b); };
    same_as_on_arrays("linalg.tensordot", ltensordot, nT, t0);
    same_as_on_arrays("linalg.tensordot", ltensordot, t, whole);

    auto kron = [](const auto& a, const auto& b) { return me::kron(a, b); };
    same_as_on_arrays("kron", kron, rows, nT);
    same_as_on_arrays("kron", kron, t0, reversed);

    // The scalar forms: a view beside a C++ scalar.
    same_as_on_arrays("dot", [](const auto& a) { return me::dot(a, 2.0); }, nT);
    same_as_on_arrays("dot", [](const auto& a) { return me::dot(3, a); }, t0);
    same_as_on_arrays("inner", [](const auto& a) { return me::inner(a, 2.0); }, rows);
    same_as_on_arrays("inner", [](const auto& a) { return me::inner(2.0, a); }, whole);
    same_as_on_arrays("outer", [](const auto& a) { return me::outer(a, 2.0); }, reversed);
    same_as_on_arrays("outer", [](const auto& a) { return me::outer(2.0, a); }, t0);
    same_as_on_arrays("vdot", [&](const auto& a) { return me::vdot(m[0](me::slice(0, 1)), a); }, reversed(me::slice(0, 1)));
    same_as_on_arrays("vdot", [](const auto& a) { return me::vdot(a, 2.0); }, m(1, me::slice(2, 3)));
    same_as_on_arrays("vdot", [](const auto& a) { return me::vdot(2.0, a); }, whole(0, me::slice(0, 1)));
    same_as_on_arrays("kron", [](const auto& a) { return me::kron(a, 2.0); }, cT);
    same_as_on_arrays("kron", [](const auto& a) { return me::kron(2.0, a); }, whole);

    auto v3 = iota({3, 5});  // v3.T(): five 3-vectors, not contiguous
    auto w3 = iota({2, 5, 3}, 0.25);
    auto cross = [](const auto& a, const auto& b) { return me::cross(a, b); };
    same_as_on_arrays("cross", cross, v3.T(), w3[1]);
    same_as_on_arrays("cross", cross, w3[0], w3(me::slice(), me::slice(me::none, me::none, -1)));
    auto cross_axis = [](const auto& a, const auto& b) { return me::cross(a, b, {.axisa = 0}); };
    same_as_on_arrays("cross", cross_axis, v3.view(), w3[1].T().T());
    auto lcross = [](const auto& a, const auto& b) { return me::linalg::cross(a, b); };
    same_as_on_arrays("linalg.cross", lcross, v3.T(), w3[0]);
    same_as_on_arrays("linalg.cross", lcross, w3[1], w3[0](me::ellipsis));

    auto trace = [](const auto& a) { return me::trace(a); };
    same_as_on_arrays("trace", trace, nT);
    same_as_on_arrays("trace", trace, t0);
    same_as_on_arrays("trace", [](const auto& a) { return me::trace(a, 1); }, rows);
    same_as_on_arrays("trace", [](const auto& a) { return me::trace(a, -1, 1, 0); }, whole);
    same_as_on_arrays("trace", [](const auto& a) { return me::trace(a, {.offset = 1, .axis1 = 1, .axis2 = 2}); }, t.T());
    same_as_on_arrays("linalg.trace", [](const auto& a) { return me::linalg::trace(a); }, t.T());
    same_as_on_arrays("linalg.trace", [](const auto& a) { return me::linalg::trace(a, {.offset = 2}); }, t[2]);

    auto vecdot = [](const auto& a, const auto& b) { return me::linalg::vecdot(a, b); };
    same_as_on_arrays("linalg.vecdot", vecdot, nT, m);
    same_as_on_arrays("linalg.vecdot", vecdot, t0, reversed);
    same_as_on_arrays("linalg.vecdot", [](const auto& a, const auto& b) { return me::linalg::vecdot(a, b, 0); }, nT, whole);
    same_as_on_arrays("linalg.vecdot", [](const auto& a, const auto& b) { return me::linalg::vecdot(a, b, {.axis = 0}); },
                      t0, cT);

    auto multi_dot = [](const auto&... a) { return me::linalg::multi_dot(a...); };
    same_as_on_arrays("linalg.multi_dot", multi_dot, nT, n, t0);
    same_as_on_arrays("linalg.multi_dot", multi_dot, whole, cT.T(), rows(me::slice(), me::slice(0, 4)).T());
    same_as_on_arrays("linalg.multi_dot", multi_dot, reversed, nT.T());
    same_as_on_arrays("linalg.multi_dot", multi_dot, reversed, n, me::array<std::int32_t>{1, 2, 3, 4});
}

TEST_CASE("contractions of views: promotion, read-only views, and the list form of multi_dot", "[contractions][views]") {
    me::BudgetContext budget(1e12);
    const auto d = iota({4, 3});
    me::array<float> f = {{1.f, 2.f}, {3.f, 4.f}, {5.f, 6.f}};
    me::array<std::int32_t> i = {{1, 2, 3}, {4, 5, 6}};
    // Each operand keeps its own type: float32 view with float64 gives float64, as the arrays.
    auto r = me::matmul(d, f.T().T());
    STATIC_REQUIRE(std::is_same_v<decltype(r), me::array<double>>);
    CHECK(me::identical(r, me::matmul(d, f)));
    auto ri = me::dot(i.T(), i);
    STATIC_REQUIRE(std::is_same_v<decltype(ri), me::array<std::int32_t>>);
    CHECK(me::identical(ri, me::dot(me::array<std::int32_t>(i.T()), i)));
    auto rf = me::inner(f.T(), f.T());
    STATIC_REQUIRE(std::is_same_v<decltype(rf), me::array<float>>);
    // Read-only views (a const array's) are read as well.
    const auto& cd = d;
    CHECK(me::identical(me::dot(cd.T(), cd), me::dot(me::array<double>(d.T()), d)));
    CHECK(me::identical(me::trace(cd.view()), me::trace(d)));

    // multi_dot over a vector of views, charged as over the vector of arrays.
    auto a = iota({10, 30}), b = iota({30, 5}), c = iota({50, 5});
    const std::vector views{a.view(), b.view(), c.T()};
    const std::vector arrays{a, b, me::array<double>(c.T())};
    me::flops_t on_views = 0, on_arrays = 0;
    me::array<double> rv, ra;
    {
        me::BudgetContext inner(1e12);
        rv = me::linalg::multi_dot(views);
        on_views = inner.flops_used();
    }
    {
        me::BudgetContext inner(1e12);
        ra = me::linalg::multi_dot(arrays);
        on_arrays = inner.flops_used();
    }
    CHECK(on_views == on_arrays);
    CHECK(on_views == me::flops::multi_dot_cost({{10, 30}, {30, 5}, {5, 50}}));
    CHECK(me::identical(rv, ra));
    const std::vector<me::array_view<const double>> ro{cd.view(), cd.T()};
    CHECK(me::identical(me::linalg::multi_dot(ro), me::dot(d, me::array<double>(d.T()))));

    // A bad view is refused as the array would be, charging nothing.
    check_rejected<me::ValueError>([&] { me::dot(d.T(), d.T()); }, {"dot", "not aligned"});
    check_rejected<me::ValueError>([&] { me::linalg::outer(d.T(), d[0]); }, {"linalg.outer", "one-dimensional"});
    check_rejected<me::ValueError>([&] { me::linalg::cross(d.T(), d.T()); }, {"linalg.cross", "3-dimensional"});
    // A budget too small for the view's product raises before it runs.
    check_too_small([&] { me::matmul(d.T(), d); }, "matmul", 2 * 3 * 4 * 3);
}

TEST_CASE("contractions of a symmetric array's view keep the dense price and the loss warning", "[contractions][views]") {
    me::BudgetContext budget(1e12);
    const auto s = me::as_symmetric(me::array<double>{{1, 2, 3}, {2, 4, 5}, {3, 5, 6}}, {0, 1});
    auto v = s.view();
    REQUIRE(!v.symmetric_axes().empty());
    same_as_on_arrays("matmul", [](const auto& a, const auto& b) { return me::matmul(a, b); }, v, s.T());
    std::vector<std::string> warnings;
    me::configure_symmetry_warnings(true);
    auto previous = me::set_symmetry_warning_handler([&](std::string_view m) { warnings.emplace_back(m); });
    (void)me::dot(v, s);
    me::set_symmetry_warning_handler(previous);
    me::configure_symmetry_warnings(false);
    CHECK(warnings.size() == 2);  // as dot(s, s): one per symmetric input
}

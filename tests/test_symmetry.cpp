// Symmetric tensors outside einsum (symmetry.hpp): declaring and testing symmetry, the
// exact SymmetryError, costs on distinct elements, how the groups travel through ops,
// and the SymmetryLossWarning hook.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using groups = me::symmetry_groups;

// f(sorted indices): a value that depends only on the multiset of indices, so the array
// is symmetric in every axis of `sym_axes`; other axes enter as they are.
me::array<double> symmetric_array(const me::shape_t& shape, const std::vector<std::size_t>& sym_axes) {
    auto a = me::array<double>::uninitialized(shape);
    std::vector<std::size_t> idx(shape.size(), 0);
    for (std::size_t flat = 0; flat < a.size(); ++flat) {
        std::size_t rem = flat;
        for (std::size_t d = shape.size(); d-- > 0;) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        std::vector<std::size_t> s;
        for (auto ax : sym_axes) s.push_back(idx[ax]);
        std::sort(s.begin(), s.end());
        double v = 0.25;
        for (std::size_t k = 0; k < s.size(); ++k) v += std::pow(1.5, static_cast<double>(k)) * static_cast<double>(s[k] + 1);
        for (std::size_t d = 0; d < shape.size(); ++d)
            if (std::find(sym_axes.begin(), sym_axes.end(), d) == sym_axes.end()) v += 0.1 * static_cast<double>(idx[d] + 1) * static_cast<double>(d + 1);
        a.data()[flat] = v;
    }
    return a;
}

me::array<double> sym10() { return me::as_symmetric(symmetric_array({10, 10}, {0, 1}), {0, 1}); }

// Charged FLOPs of f() in a fresh context.
template <class F>
me::flops_t cost_of(F&& f) {
    me::BudgetContext budget(1e12);
    f();
    return budget.flops_used();
}

// Collects warnings while alive; restores the default handler and turns warnings off after.
struct warning_sink {
    std::vector<std::string> messages;
    explicit warning_sink(bool enable = true) {
        me::set_symmetry_warning_handler([this](std::string_view m) { messages.emplace_back(m); });
        me::configure_symmetry_warnings(enable);
    }
    ~warning_sink() {
        me::configure_symmetry_warnings(false);
        me::set_symmetry_warning_handler({});
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------
// Declaring symmetry

TEST_CASE("as_symmetric accepts a symmetric array, keeps the values and charges nothing") {
    const auto t = symmetric_array({3, 3, 2, 2}, {0, 1});
    const auto t2 = me::add(t, me::transpose(t, {0, 1, 3, 2}));  // symmetric in (2, 3) as well
    me::BudgetContext budget(1);
    const auto plain = symmetric_array({4, 4}, {0, 1});
    const auto s = me::as_symmetric(plain, {0, 1});
    CHECK(s.symmetric_axes() == groups{{0, 1}});
    CHECK(me::identical(s, plain));
    CHECK(plain.symmetric_axes().empty());
    // Several groups, negative axes, unsorted groups: normalized.
    const auto u = me::as_symmetric(t2, {{-1, 2}, {1, 0}});
    CHECK(u.symmetric_axes() == groups{{0, 1}, {2, 3}});
    CHECK(budget.flops_used() == 0);
    // The rvalue form and the symmetry_groups form.
    auto moved = me::as_symmetric(me::array<double>(plain), groups{{0, 1}});
    CHECK(moved.symmetric_axes() == groups{{0, 1}});
    CHECK(me::identical(moved, plain));
}

TEST_CASE("as_symmetric raises SymmetryError with the group, the worst deviation and the tolerances") {
    me::array<double> a = {{1.0, 2.0, 3.0}, {2.5, 4.0, 5.0}, {3.0, 5.0, 6.0}};
    me::BudgetContext budget(1e6);
    try {
        (void)me::as_symmetric(a, {0, 1});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        CHECK(e.axes == std::vector<int>{0, 1});
        CHECK(e.max_deviation == 0.5);
        CHECK(e.atol == 1e-6);
        CHECK(e.rtol == 1e-5);
        CHECK(std::string(e.what()) ==
              "Tensor not symmetric along axes (0, 1): max deviation = 0.5 (tolerance: atol=1e-06, rtol=1e-05)");
    }
    CHECK(budget.flops_used() == 0);
    // The second group is the one reported.
    const auto t = symmetric_array({2, 2, 3, 3}, {0, 1});
    try {
        (void)me::as_symmetric(t, {{0, 1}, {2, 3}});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        CHECK(e.axes == std::vector<int>{2, 3});
        CHECK(e.max_deviation > 0);
    }
    // Axes of different lengths: deviation inf, as the reference.
    try {
        (void)me::as_symmetric(me::array<double>::uninitialized({2, 3}), {0, 1});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        CHECK(std::isinf(e.max_deviation));
        CHECK(std::string(e.what()).find("max deviation = inf") != std::string::npos);
    }
}

TEST_CASE("as_symmetric: the tolerance is |a - a^T| <= atol + rtol*|a^T|, NaN is never close") {
    me::array<double> a = {{1.0, 1000.0}, {1000.0 + 0.9e-2, 2.0}};  // 1e-6 + 1e-5*1000 = 0.010001
    CHECK_NOTHROW(me::as_symmetric(a, {0, 1}));
    me::array<double> b = {{1.0, 1000.0}, {1000.0 + 1.1e-2, 2.0}};
    CHECK_THROWS_AS(me::as_symmetric(b, {0, 1}), me::SymmetryError);
    me::array<double> c = {{1.0, 0.0}, {5e-7, 2.0}};  // within atol
    CHECK_NOTHROW(me::as_symmetric(c, {0, 1}));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    me::array<double> d = {{nan, 1.0}, {1.0, 2.0}};
    try {
        (void)me::as_symmetric(d, {0, 1});
        FAIL("NaN accepted");
    } catch (const me::SymmetryError& e) {
        CHECK(std::isnan(e.max_deviation));
    }
    me::array<double> e = {{1.0, inf}, {inf, 2.0}};  // inf equals inf, as np.allclose
    CHECK_NOTHROW(me::as_symmetric(e, {0, 1}));
    me::array<double> f = {{1.0, inf}, {-inf, 2.0}};
    CHECK_THROWS_AS(me::as_symmetric(f, {0, 1}), me::SymmetryError);
}

TEST_CASE("as_symmetric on integers, float32 and complex (abs of the difference)") {
    me::array<std::int32_t> i = {{1, 7}, {7, 3}};
    CHECK(me::as_symmetric(i, {0, 1}).symmetric_axes() == groups{{0, 1}});
    me::array<std::int64_t> j = {{1, 7}, {8, 3}};
    CHECK_THROWS_AS(me::as_symmetric(j, {0, 1}), me::SymmetryError);
    me::array<float> f = {{1.f, 0.5f}, {0.5f, 3.f}};
    CHECK(me::as_symmetric(f, {0, 1}).symmetric_axes() == groups{{0, 1}});
    using c = std::complex<double>;
    me::array<c> z = {{c(1, 0), c(0, 3)}, {c(4, 3), c(2, 0)}};
    try {
        (void)me::as_symmetric(z, {0, 1});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        CHECK(e.max_deviation == 4.0);  // |(0+3i) - (4+3i)|
    }
    me::array<bool> b = {{true, false}, {false, true}};
    CHECK(me::as_symmetric(b, {0, 1}).symmetric_axes() == groups{{0, 1}});
}

TEST_CASE("as_symmetric: a group of 3 axes checks every transposition") {
    auto s3 = symmetric_array({3, 3, 3}, {0, 1, 2});
    CHECK(me::as_symmetric(s3, {0, 1, 2}).symmetric_axes() == groups{{0, 1, 2}});
    s3(0, 1, 2) += 1.0;  // breaks (0,1,2) <-> (2,1,0) etc.
    try {
        (void)me::as_symmetric(s3, {0, 1, 2});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        CHECK(e.axes == std::vector<int>{0, 1, 2});
        CHECK(e.max_deviation == 1.0);
    }
    CHECK(me::is_symmetric(s3, {1, 2}) == false);
}

TEST_CASE("as_symmetric: bad axes raise AxisError or ValueError and charge nothing") {
    me::BudgetContext budget(10);
    const auto a = symmetric_array({3, 3, 3}, {0, 1, 2});
    CHECK_THROWS_AS(me::as_symmetric(a, {0, 3}), me::AxisError);
    CHECK_THROWS_AS(me::as_symmetric(a, {-4, 0}), me::AxisError);
    CHECK_THROWS_WITH(me::as_symmetric(a, {0}), Catch::Contains("at least 2 axes"));
    CHECK_THROWS_WITH(me::as_symmetric(a, {1, 1}), Catch::Contains("repeated axis"));
    CHECK_THROWS_WITH(me::as_symmetric(a, {{0, 1}, {1, 2}}), Catch::Contains("axis 1 is in two symmetry groups"));
    CHECK_THROWS_AS(me::as_symmetric(a, {{0, 1}, {1, 2}}), me::ValueError);
    CHECK_THROWS_AS(me::is_symmetric(a, {0, 5}), me::AxisError);
    CHECK(budget.flops_used() == 0);
}

TEST_CASE("is_symmetric: a free test with NumPy's tolerances") {
    me::BudgetContext budget(1);
    me::array<double> a = {{1.0, 2.0}, {2.0 + 1e-3, 1.0}};
    CHECK_FALSE(me::is_symmetric(a, {0, 1}));
    CHECK(me::is_symmetric(a, {0, 1}, 1e-2));
    CHECK(me::is_symmetric(a, {0, 1}, 0.0, 1e-3));
    CHECK(me::is_symmetric(symmetric_array({5, 5}, {0, 1}), {0, 1}));
    CHECK_FALSE(me::is_symmetric(me::array<double>::uninitialized({2, 3}), {0, 1}));
    CHECK(me::is_symmetric(me::array<double>::uninitialized({0, 0}), {0, 1}));  // nothing to compare
    CHECK(budget.flops_used() == 0);
}

TEST_CASE("detail::check_symmetry and detail::symmetric, the hooks einsum uses") {
    const auto a = symmetric_array({3, 3}, {0, 1});
    CHECK(me::detail::check_symmetry(a, groups{{1, 0}}) == groups{{0, 1}});
    CHECK_THROWS_AS(me::detail::check_symmetry(me::array<double>{{1.0, 2.0}, {3.0, 4.0}}, {0, 1}), me::SymmetryError);
    const auto tagged = me::detail::symmetric(me::array<double>{{1.0, 2.0}, {3.0, 4.0}}, groups{{0, 1}});
    CHECK(tagged.symmetric_axes() == groups{{0, 1}});  // unchecked by design
}

// ---------------------------------------------------------------------------------------
// What symmetry saves

TEST_CASE("unique_elements: stars and bars per group times the free axes") {
    CHECK(me::flops::unique_elements({10, 10}, {{0, 1}}) == 55);
    CHECK(me::flops::unique_elements({5, 5, 5}, {{0, 1, 2}}) == 35);  // C(7, 3)
    CHECK(me::flops::unique_elements({4, 4, 3, 3}, {{0, 1}, {2, 3}}) == 60);  // 10 * 6
    CHECK(me::flops::unique_elements({3, 3, 7}, {{0, 1}}) == 42);
    CHECK(me::flops::unique_elements({7, 3, 3}, {{1, 2}}) == 42);
    CHECK(me::flops::unique_elements({10, 10}, {}) == 100);
    CHECK(me::flops::unique_elements({0, 0}, {{0, 1}}) == 0);
    CHECK(me::flops::unique_elements({1, 1}, {{0, 1}}) == 1);
    CHECK(me::flops::unique_elements({2, 3}, {{0, 1}}) == 6);  // lengths differ: counted as free axes
    // Saturates instead of overflowing.
    CHECK(me::flops::unique_elements({1u << 20, 1u << 20, 1u << 20, 1u << 20}, {{0, 1, 2, 3}}) ==
          std::numeric_limits<me::flops_t>::max());
    CHECK(me::unique_elements(sym10()) == 55);
    CHECK(me::flops::pointwise_cost({10, 10}, {{0, 1}}) == 55);
    CHECK(me::flops::pointwise_cost({0, 0}, {{0, 1}}) == 1);  // every counted op costs at least 1
    CHECK(me::flops::reduction_cost({10, 10}, me::axis_spec{}, {{0, 1}}) == 55);
    CHECK(me::flops::reduction_cost(me::shape_t{10, 10}, groups{{0, 1}}) == 55);
}

TEST_CASE("unary ops on a symmetric array cost its distinct elements and keep the groups") {
    const auto s = sym10();
    me::array<double> out;
    CHECK(cost_of([&] { out = me::exp(s); }) == 55);
    CHECK(me::flops::pointwise_cost(s.shape(), s.symmetric_axes()) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(me::identical(out, me::exp(me::array<double>(s.xt()))));  // same values as the plain computation
    // Two groups and a rectangular block: (4,4,3,3) symmetric in (0,1) and (2,3): 10 * 6.
    auto t = symmetric_array({4, 4, 3, 3}, {0, 1});
    t = me::add(t, me::transpose(t, {0, 1, 3, 2}));
    const auto ts = me::as_symmetric(t, {{0, 1}, {2, 3}});
    CHECK(cost_of([&] { (void)me::sqrt(ts); }) == 60);
    // A free axis: (3,3,7) symmetric in (0,1): 6 * 7.
    const auto u = me::as_symmetric(symmetric_array({3, 3, 7}, {0, 1}), {0, 1});
    CHECK(cost_of([&] { (void)me::negative(u); }) == 42);
    // Pair results (modf) carry the groups on both arrays.
    auto [frac, whole] = me::modf(s);
    CHECK(frac.symmetric_axes() == groups{{0, 1}});
    CHECK(whole.symmetric_axes() == groups{{0, 1}});
    // Operators count like the named functions.
    CHECK(cost_of([&] { out = -s; }) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
}

TEST_CASE("binary ops: groups intersect after broadcasting; costs follow the result's groups") {
    const auto s = sym10();
    const auto p = symmetric_array({10, 10}, {0, 1}) + 0.0;  // same values, no declared symmetry
    me::array<double> out;
    CHECK(cost_of([&] { out = me::add(s, s); }) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(me::identical(out, me::add(p, p)));
    // With a plain operand the symmetry is lost.
    CHECK(cost_of([&] { out = me::multiply(s, p); }) == 100);
    CHECK(out.symmetric_axes().empty());
    // Scalars (C++ or 0-d arrays) keep the groups, on either side.
    CHECK(cost_of([&] { out = s * 2.0; }) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(cost_of([&] { out = me::subtract(1.0, s); }) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(cost_of([&] { out = me::add(s, me::array<double>(3.0)); }) == 55);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    // A row vector broadcast along axis 0 breaks the symmetry.
    CHECK(cost_of([&] { out = me::add(s, me::ones({10})); }) == 100);
    CHECK(out.symmetric_axes().empty());
    // A leading batch axis: (2,1,1) plain is constant along the group axes, so they survive
    // and renumber: (2,10,10) with (1,2), 2 * 55.
    me::array<double> batch = me::reshape(me::array<double>{1.0, 2.0}, {2, 1, 1});
    CHECK(cost_of([&] { out = me::add(s, batch); }) == 110);
    CHECK(out.shape() == me::shape_t{2, 10, 10});
    CHECK(out.symmetric_axes() == groups{{1, 2}});
    // Groups of both operands intersect: (3,4,4) sym (1,2) with (4,4) sym (0,1): 3 * 10.
    const auto b3 = me::as_symmetric(symmetric_array({3, 4, 4}, {1, 2}), {1, 2});
    const auto m4 = me::as_symmetric(symmetric_array({4, 4}, {0, 1}), {0, 1});
    CHECK(cost_of([&] { out = me::add(b3, m4); }) == 30);
    CHECK(out.symmetric_axes() == groups{{1, 2}});
    // S3 with a (0,1)-symmetric operand keeps (0,1) only: 10 * 4 = 40.
    const auto s3 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1, 2}), {0, 1, 2});
    const auto s01 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1}), {0, 1});
    CHECK(cost_of([&] { out = me::add(s3, s01); }) == 40);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    // A symmetric operand stretched from length 1 loses its group.
    const auto tiny = me::as_symmetric(me::reshape(me::array<double>(2.0), {1, 1}), {0, 1});
    CHECK(cost_of([&] { out = me::add(tiny, p); }) == 100);
    CHECK(out.symmetric_axes().empty());
    // Comparisons give bool arrays with the same groups.
    me::array<bool> mask;
    CHECK(cost_of([&] { mask = s > 3.0; }) == 55);
    CHECK(mask.symmetric_axes() == groups{{0, 1}});
}

TEST_CASE("the symmetric pricing matches the formula functions") {
    const auto s3 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1, 2}), {0, 1, 2});
    CHECK(cost_of([&] { (void)me::exp(s3); }) == me::flops::pointwise_cost(s3.shape(), s3.symmetric_axes()));
    CHECK(cost_of([&] { (void)me::exp(s3); }) == 20);  // C(6, 3)
    CHECK(cost_of([&] { (void)me::sum(s3, 1); }) == me::flops::reduction_op_cost("sum", s3.shape(), 1, s3.symmetric_axes()));
    CHECK(cost_of([&] { (void)me::mean(s3, 1); }) == me::flops::reduction_op_cost("mean", s3.shape(), 1, s3.symmetric_axes()));
    CHECK(cost_of([&] { (void)me::var(s3, 1); }) == me::flops::reduction_op_cost("var", s3.shape(), 1, s3.symmetric_axes()));
}

// ---------------------------------------------------------------------------------------
// Reductions

TEST_CASE("reductions charge the distinct elements of the input and keep the groups left") {
    const auto s = sym10();
    const auto p = me::array<double>(s.xt());
    me::array<double> out;
    CHECK(cost_of([&] { out = me::sum(s); }) == 55);
    CHECK(out.symmetric_axes().empty());
    CHECK(out.item() == me::sum(p).item());
    CHECK(cost_of([&] { out = me::sum(s, 0); }) == 55);
    CHECK(out.symmetric_axes().empty());
    CHECK(me::identical(out, me::sum(p, 0)));
    CHECK(cost_of([&] { (void)me::max(s, -1); }) == 55);
    CHECK(cost_of([&] { (void)me::argmax(s); }) == 55);
    CHECK(cost_of([&] { (void)me::median(s); }) == 55);
    CHECK(cost_of([&] { (void)me::percentile(s, 50.0); }) == 55);
    // mean adds the output's distinct elements: 55 + 1 and 55 + 10; var: 2*55 + 1.
    CHECK(cost_of([&] { (void)me::mean(s); }) == 56);
    CHECK(cost_of([&] { (void)me::mean(s, 0); }) == 65);
    CHECK(cost_of([&] { (void)me::var(s); }) == 111);
    CHECK(cost_of([&] { (void)me::std(s, 1); }) == 120);
    // S3 (4,4,4): 20 distinct; summing axis 0 leaves a (4,4) symmetric result (10 distinct).
    const auto s3 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1, 2}), {0, 1, 2});
    CHECK(cost_of([&] { out = me::sum(s3, 0); }) == 20);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(me::is_symmetric(out, {0, 1}));
    CHECK(cost_of([&] { out = me::mean(s3, -1); }) == 30);
    CHECK(out.symmetric_axes() == groups{{0, 1}});
    CHECK(cost_of([&] { out = me::sum(s3, {.axis = 1, .keepdims = true}); }) == 20);
    CHECK(out.shape() == me::shape_t{4, 1, 4});
    CHECK(out.symmetric_axes() == groups{{0, 2}});
    CHECK(cost_of([&] { out = me::sum(s3, {.axis = {0, 2}}); }) == 20);
    CHECK(out.symmetric_axes().empty());
    // Quantiles with several q: a leading q axis, the groups shift by one.
    CHECK(cost_of([&] { out = me::quantile(s3, std::vector<double>{0.25, 0.75}, {.axis = 0}); }) == 20);
    CHECK(out.shape() == me::shape_t{2, 4, 4});
    CHECK(out.symmetric_axes() == groups{{1, 2}});
}

TEST_CASE("scans: accumulating along an axis takes it out of its group") {
    warning_sink sink;
    const auto s3 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1, 2}), {0, 1, 2});
    me::array<double> out;
    CHECK(cost_of([&] { out = me::cumsum(s3, 0); }) == 20);
    CHECK(out.symmetric_axes() == groups{{1, 2}});
    CHECK(me::is_symmetric(out, {1, 2}));
    CHECK_FALSE(me::is_symmetric(out, {0, 1}));
    REQUIRE(sink.messages.size() == 1);
    CHECK(sink.messages[0].find("Symmetry lost along dims (0,)") == 0);
    CHECK(cost_of([&] { out = me::cumsum(sym10()); }) == 55);
    CHECK(out.symmetric_axes().empty());
}

// ---------------------------------------------------------------------------------------
// Indexing and manipulation

TEST_CASE("propagation rules of indexing: integer index, slice, advanced indexing") {
    namespace sym = me::detail::sym;
    // A[0:5, 0:5] on S4 (10,10,10,10) keeps ((2, 3)), as the reference.
    auto r = sym::slice(groups{{0, 1, 2, 3}}, me::shape_t{10, 10, 10, 10}, me::shape_t{5, 5, 10, 10});
    CHECK(r.groups == groups{{2, 3}});
    CHECK(r.lost == std::vector<std::size_t>{0, 1});
    // An integer index removes the axis and renumbers.
    r = sym::index(groups{{0, 1, 2}}, 4, 0);
    CHECK(r.groups == groups{{0, 1}});
    CHECK(r.lost.empty());
    r = sym::index(groups{{1, 3}}, 4, 0);
    CHECK(r.groups == groups{{0, 2}});
    r = sym::index(groups{{0, 1}}, 2, 1);
    CHECK(r.groups.empty());
    CHECK(r.lost.empty());  // one axis left has nothing to be symmetric with

    const auto s3 = me::as_symmetric(symmetric_array({4, 4, 4}, {0, 1, 2}), {0, 1, 2});
    me::BudgetContext budget(1);
    auto row = me::take(s3, 2, 1);
    CHECK(row.shape() == me::shape_t{4, 4});
    CHECK(row.symmetric_axes() == groups{{0, 1}});
    CHECK(me::is_symmetric(row, {0, 1}));
    auto fancy = me::take(s3, me::array<std::int64_t>{0, 1, 2, 3}, 0);
    CHECK(fancy.symmetric_axes().empty());
    auto kept = me::compress(me::array<bool>{true, false, true}, s3, 2);
    CHECK(kept.shape() == me::shape_t{4, 4, 2});
    CHECK(kept.symmetric_axes() == groups{{0, 1}});
    auto all = me::compress(me::array<bool>{true, true, true, true}, s3, 0);
    CHECK(all.symmetric_axes() == groups{{0, 1, 2}});
    CHECK(budget.flops_used() == 0);
}

TEST_CASE("transpose, swapaxes and moveaxis permute the groups; reshape and others drop them") {
    const auto b3 = me::as_symmetric(symmetric_array({3, 4, 4}, {1, 2}), {1, 2});
    auto t = me::transpose(b3);
    CHECK(t.symmetric_axes() == groups{{0, 1}});
    CHECK(me::is_symmetric(t, {0, 1}));
    CHECK(me::transpose(b3, {1, 0, 2}).symmetric_axes() == groups{{0, 2}});
    CHECK(me::swapaxes(b3, 1, 2).symmetric_axes() == groups{{1, 2}});
    CHECK(me::moveaxis(b3, 0, -1).symmetric_axes() == groups{{0, 1}});
    CHECK(me::matrix_transpose(b3).symmetric_axes() == groups{{1, 2}});
    warning_sink sink;
    CHECK(me::reshape(b3, {3, 16}).symmetric_axes().empty());
    REQUIRE(sink.messages.size() == 1);
    CHECK(sink.messages[0] ==
          "Symmetry lost along dims (1, 2): reshape does not preserve symmetry. Use me::as_symmetric() to re-tag the "
          "result if it is still symmetric. Suppress with me::configure_symmetry_warnings(false).");
    CHECK(me::ravel(b3).symmetric_axes().empty());
    CHECK(me::flip(b3, 1).symmetric_axes().empty());
    CHECK(me::expand_dims(b3, 0).symmetric_axes().empty());
    CHECK(me::concatenate({b3, b3}, 0).symmetric_axes().empty());
    CHECK(sink.messages.size() == 5);
    // Ops that leave the array as it is keep the groups, silently.
    CHECK(me::atleast_2d(b3).symmetric_axes() == groups{{1, 2}});
    CHECK(me::roll(b3, std::vector<std::ptrdiff_t>{0}, std::vector<int>{1}).symmetric_axes() == groups{{1, 2}});
    CHECK(sink.messages.size() == 5);
}

TEST_CASE("copies and astype keep the groups") {
    const auto s = sym10();
    const me::array<double> copy = s;
    CHECK(copy.symmetric_axes() == groups{{0, 1}});
    CHECK(s.astype<float>().symmetric_axes() == groups{{0, 1}});
    CHECK(s.astype<std::int32_t>().symmetric_axes() == groups{{0, 1}});
    auto acc = s;
    acc += s;  // in place: the result of add, converted
    CHECK(acc.symmetric_axes() == groups{{0, 1}});
}

// ---------------------------------------------------------------------------------------
// Warnings

TEST_CASE("SymmetryLossWarning is off by default and reaches the handler when on") {
    REQUIRE_FALSE(me::symmetry_warnings_enabled());
    const auto s = sym10();
    const auto p = me::array<double>(s.xt());
    {
        warning_sink off(false);
        (void)me::add(s, p);
        (void)me::reshape(s, {100});
        CHECK(off.messages.empty());
    }
    {
        warning_sink on;
        CHECK(me::symmetry_warnings_enabled());
        (void)me::add(s, p);
        REQUIRE(on.messages.size() == 1);
        CHECK(on.messages[0].find("Symmetry lost along dims (0, 1): add with an operand that is not symmetric") == 0);
        CHECK(on.messages[0].find("me::configure_symmetry_warnings(false)") != std::string::npos);
        // No loss, no warning: unary ops, scalars, matching symmetric operands, full reductions.
        (void)me::exp(s);
        (void)me::add(s, 1.0);
        (void)me::add(s, s);
        (void)me::sum(s);
        (void)me::sum(s, 0);
        CHECK(on.messages.size() == 1);
    }
    CHECK_FALSE(me::symmetry_warnings_enabled());
}

TEST_CASE("the default handler prints the warning on stderr") {
    me::configure_symmetry_warnings(true);
    me::set_symmetry_warning_handler({});
    test_support::fd_capture err(2);
    (void)me::reshape(sym10(), {100});
    const auto text = err.finish();
    me::configure_symmetry_warnings(false);
    CHECK(text.find("mechestim: SymmetryLossWarning: Symmetry lost along dims (0, 1): reshape does not preserve symmetry") == 0);
    CHECK(text.back() == '\n');
}

TEST_CASE("set_symmetry_warning_handler returns the previous handler") {
    int calls = 0;
    auto previous = me::set_symmetry_warning_handler([&](std::string_view) { ++calls; });
    CHECK_FALSE(previous);  // the default
    auto mine = me::set_symmetry_warning_handler({});
    REQUIRE(mine);
    mine("x");
    CHECK(calls == 1);
}

// ---------------------------------------------------------------------------------------
// Budgets and bad input

TEST_CASE("a symmetric op over budget raises before running and charges nothing") {
    const auto s = sym10();
    const auto before = s;
    {
        me::BudgetContext budget(54);
        CHECK_THROWS_AS(me::exp(s), me::BudgetExhaustedError);
        CHECK_THROWS_AS(me::add(s, s), me::BudgetExhaustedError);
        CHECK_THROWS_AS(me::sum(s), me::BudgetExhaustedError);
        CHECK(budget.flops_used() == 0);
        CHECK(me::identical(s, before));
        CHECK(s.symmetric_axes() == groups{{0, 1}});
    }
    {
        me::BudgetContext budget(55);  // exactly enough
        CHECK_NOTHROW(me::exp(s));
        CHECK(budget.flops_used() == 55);
    }
    {
        me::BudgetContext budget(55);
        auto acc = s;
        me::detail::charge(me::detail::op_index("add"), 1);
        CHECK_THROWS_AS(acc += s, me::BudgetExhaustedError);
        CHECK(me::identical(acc, before));
        CHECK(budget.flops_used() == 1);
    }
}

TEST_CASE("bad input with a symmetric operand raises the usual error and charges nothing") {
    const auto s = sym10();
    me::BudgetContext budget(1e6);
    CHECK_THROWS_AS(me::add(s, me::ones({3})), me::ShapeError);
    CHECK_THROWS_AS(me::sum(s, 2), me::AxisError);
    CHECK_THROWS_AS(me::mean(s, {.axis = {0, 0}}), me::ValueError);
    CHECK_THROWS_AS(me::cumsum(s, -3), me::AxisError);
    CHECK_THROWS_AS(me::take(s, 10, 0), me::IndexError);
    CHECK(budget.flops_used() == 0);
}

// ---------------------------------------------------------------------------------------
// Issue 7, defect 3: symmetry tags survived ops that break symmetry, so the next op was
// priced on half the elements it computed.

TEST_CASE("ops that break symmetry drop the tags: no op is priced on elements it does not hold", "[symmetry][regression]") {
    const auto s = me::as_symmetric(symmetric_array({100, 100}, {0, 1}), {0, 1});
    REQUIRE(cost_of([&] { (void)me::exp(s); }) == 5050);
    const auto lower = me::tril(s);
    CHECK(lower.symmetric_axes().empty());
    CHECK(cost_of([&] { (void)me::exp(lower); }) == 10'000);  // was 5,050
    CHECK(me::triu(s, 1).symmetric_axes().empty());
    // An einsum of two trils is neither priced nor tagged as symmetric.
    const auto upper = me::triu(s);
    me::array<double> prod;
    CHECK(cost_of([&] { prod = me::einsum("ij,jk->ik", lower, upper); }) == 2 * 100 * 100 * 100);
    CHECK(prod.symmetric_axes().empty());
    // A permutation of the rows is not symmetric; neither is a shuffled copy, nor an array put into.
    me::random::seed(7);
    const auto p = me::random::permutation(s);
    CHECK(p.symmetric_axes().empty());
    CHECK(cost_of([&] { (void)me::exp(p); }) == 10'000);
    auto shuffled = s;
    me::random::shuffle(shuffled);
    CHECK(shuffled.symmetric_axes().empty());
    auto put_into = s;
    me::put(put_into, me::array<std::int64_t>{1}, me::array<double>{42.0});
    CHECK(put_into.symmetric_axes().empty());
    CHECK(cost_of([&] { (void)me::exp(put_into); }) == 10'000);
    // Any write through the array's mutable accessors drops the tags too.
    auto written = s;
    written(0, 1) = -1.0;
    CHECK(written.symmetric_axes().empty());
    auto through_xt = s;
    through_xt.xt()(2, 3) = 5.0;
    CHECK(through_xt.symmetric_axes().empty());
    // The original keeps its groups, and reads leave them in place.
    const auto& view = s;
    CHECK(view(0, 1) == view(1, 0));
    CHECK(s.symmetric_axes() == groups{{0, 1}});
}

TEST_CASE("symmetry tolerances must be finite and non-negative", "[symmetry][errors][regression]") {
    auto asym = symmetric_array({4, 4}, {0, 1});
    asym(0, 1) = 1e6;  // far from symmetric
    for (double bad : {double(INFINITY), -double(INFINITY), std::nan(""), -1e-9}) {
        INFO(bad);
        CHECK_THROWS_AS(me::as_symmetric(asym, {0, 1}, bad), me::ValueError);
        CHECK_THROWS_AS(me::as_symmetric(asym, {0, 1}, 1e-6, bad), me::ValueError);
        CHECK_THROWS_AS(me::is_symmetric(asym, {0, 1}, bad), me::ValueError);
    }
    CHECK_THROWS_AS(me::as_symmetric(asym, {0, 1}), me::SymmetryError);
    CHECK(me::as_symmetric(symmetric_array({4, 4}, {0, 1}), {0, 1}, 0.0, 0.0).symmetric_axes() == groups{{0, 1}});
}

// ---------------------------------------------------------------------------------------
// Views (api.md §2.1: every function that takes an array takes a view)

TEST_CASE("as_symmetric of a view checks the view's values and returns an owning array", "[symmetry][views]") {
    // Stacked symmetric 4x4 matrices, untagged: t[k] is a contiguous view, t.T()[..] not.
    auto t = symmetric_array({3, 4, 4}, {1, 2});
    REQUIRE(t.symmetric_axes().empty());
    auto contiguous = t[1];
    auto transposed = t.T()(me::slice(), me::slice(), 2);  // (4, 4), strided: t[2] transposed
    REQUIRE(contiguous.is_contiguous());
    REQUIRE(!transposed.is_contiguous());
    me::BudgetContext budget(1e9);
    for (const auto& v : {contiguous, transposed}) {
        const auto s = me::as_symmetric(v, {0, 1});
        STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(s)>, me::array<double>>);
        CHECK(s.symmetric_axes() == groups{{0, 1}});
        CHECK(me::identical(s, me::array<double>(v)));
        const auto from_array = me::as_symmetric(me::array<double>(v), {0, 1});
        CHECK(me::identical(s, from_array));
        CHECK(s.symmetric_axes() == from_array.symmetric_axes());
        CHECK(v.symmetric_axes().empty());  // the view is not tagged, nor is its base
    }
    CHECK(t.symmetric_axes().empty());
    // A read-only view and a view with a negative stride.
    const auto& ct = t;
    CHECK(me::as_symmetric(ct[0], {{1, 0}}).symmetric_axes() == groups{{0, 1}});
    auto flipped = t(0, me::slice(me::none, me::none, -1), me::slice(me::none, me::none, -1));  // still symmetric
    CHECK(me::as_symmetric(flipped, {0, 1}).symmetric_axes() == groups{{0, 1}});
    CHECK(budget.flops_used() == 0);

    // The result owns its elements: writes to the base do not reach it, nor its writes the base.
    auto s = me::as_symmetric(contiguous, {0, 1});
    const double before = std::as_const(s)(0, 1);
    t(1, 0, 1) = 1000.0;
    CHECK(std::as_const(s)(0, 1) == before);
    CHECK(s.symmetric_axes() == groups{{0, 1}});
    s(2, 3) = -1.0;
    CHECK(t(1, 2, 3) != -1.0);

    // A symmetric block of a larger, non-symmetric array is accepted; the whole is not.
    me::array<double> a = {{1, 2, 9}, {2, 3, 8}, {7, 6, 5}};
    auto block = a(me::slice(0, 2), me::slice(0, 2));
    CHECK(me::as_symmetric(block, {0, 1}).symmetric_axes() == groups{{0, 1}});
    CHECK_THROWS_AS(me::as_symmetric(a.view(), {0, 1}), me::SymmetryError);
    // The error is the one the equivalent array gives, and nothing is charged.
    auto strided = a(me::slice(me::none, me::none, 2), me::slice(me::none, me::none, 2));  // {{1, 9}, {7, 5}}
    double deviation_view = 0, deviation_array = 0;
    try {
        (void)me::as_symmetric(strided, {0, 1});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        deviation_view = e.max_deviation;
        CHECK(e.axes == std::vector<int>{0, 1});
    }
    try {
        (void)me::as_symmetric(me::array<double>(strided), {0, 1});
        FAIL("no SymmetryError");
    } catch (const me::SymmetryError& e) {
        deviation_array = e.max_deviation;
    }
    CHECK(deviation_view == 2.0);
    CHECK(deviation_view == deviation_array);
    CHECK_THROWS_AS(me::as_symmetric(block, {0, 2}), me::AxisError);
    CHECK_THROWS_AS(me::as_symmetric(block, {0, 1}, me::inf), me::ValueError);
    CHECK(budget.flops_used() == 0);

    // The owning result is priced on its distinct elements, as an as_symmetric array is.
    (void)me::exp(me::as_symmetric(transposed, {0, 1}));
    CHECK(budget.flops_used() == 10);  // 10 distinct of 16
}

TEST_CASE("is_symmetric and unique_elements take views", "[symmetry][views]") {
    auto t = symmetric_array({3, 4, 4}, {1, 2});
    me::array<double> a = {{1, 2, 9}, {2, 3, 8}, {7, 6, 5}};
    const auto s = sym10();
    me::BudgetContext budget(1);
    auto check_is_symmetric = [](const auto& v, const me::symmetry_spec& g, bool expected) {
        CHECK(me::is_symmetric(v, g) == expected);
        CHECK(me::is_symmetric(me::array<typename std::remove_cvref_t<decltype(v)>::value_type>(v), g) == expected);
    };
    check_is_symmetric(t[0], {0, 1}, true);                                            // contiguous
    check_is_symmetric(t.T()(me::slice(), me::slice(), 1), {0, 1}, true);              // strided
    check_is_symmetric(t(me::slice(), 0, me::slice()), {0, 1}, false);                 // (3, 4): lengths differ
    check_is_symmetric(t(me::slice(), me::slice(0, 3), me::slice(1, 4)), {1, 2}, false);  // off-diagonal blocks
    check_is_symmetric(t.T(), {0, 1}, true);                                           // (4, 4, 3)
    check_is_symmetric(a.view(), {0, 1}, false);
    check_is_symmetric(a(me::slice(0, 2), me::slice(0, 2)), {0, 1}, true);
    check_is_symmetric(a(me::slice(me::none, me::none, 2), me::slice(me::none, me::none, 2)), {0, 1}, false);
    CHECK(me::is_symmetric(a(me::slice(me::none, me::none, 2), me::slice(me::none, me::none, 2)), {0, 1}, 2.0));
    CHECK_THROWS_AS(me::is_symmetric(a.T(), {0, 3}), me::AxisError);
    CHECK_THROWS_AS(me::is_symmetric(a.T(), {0, 1}, -1.0), me::ValueError);

    // unique_elements: the view's own groups (what the slicing left), as the array it shows.
    auto check_unique = [](const auto& v, me::flops_t expected) {
        CHECK(me::unique_elements(v) == expected);
        CHECK(me::unique_elements(me::array<typename std::remove_cvref_t<decltype(v)>::value_type>(v)) == expected);
    };
    check_unique(s.view(), 55);
    check_unique(s.T(), 55);
    check_unique(s(me::slice(0, 5), me::slice()), 50);                                 // the group is gone
    check_unique(s(me::slice(me::none, me::none, -1), me::slice(me::none, me::none, -1)), 100);  // reversed: gone
    check_unique(s[3], 10);
    check_unique(t.T(), 48);
    CHECK(budget.flops_used() == 0);
}

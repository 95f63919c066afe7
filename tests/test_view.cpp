// Element access, basic and advanced indexing, views (view.hpp): bounds, write-through,
// lifetime, read-only views, the charges of compound assignment, and the symmetry a view
// keeps. Values against NumPy are in tests/differential/cases_indexing.py.
#include "support.hpp"

#include <memory>
#include <utility>

using test_support::check_charge;
using test_support::check_free;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

namespace {
me::array<double> grid(std::size_t rows, std::size_t cols) { return me::reshape(iota({rows * cols}, 0.0), {static_cast<std::ptrdiff_t>(rows), static_cast<std::ptrdiff_t>(cols)}); }
}  // namespace

TEST_CASE("element access takes negative indices and checks bounds", "[view][access]") {
    auto a = grid(2, 3);
    CHECK(a(0, 0) == 0.0);
    CHECK(a(-1, -1) == 5.0);
    CHECK(a(1, -3) == 3.0);
    a(-1, 0) = 42.0;
    CHECK(a(1, 0) == 42.0);
    CHECK(a.unchecked(1, 2) == 5.0);
    check_rejected<me::IndexError>([&] { (void)a(2, 0); }, {"index 2 is out of bounds for axis 0 with size 2"});
    check_rejected<me::IndexError>([&] { (void)a(0, -4); }, {"index -4 is out of bounds for axis 1 with size 3"});
    check_rejected<me::IndexError>([&] { (void)a(0, 0, 0); }, {"too many indices"});
    check_rejected<me::IndexError>([&] { (void)a(0); }, {"one index per dimension"});
    me::array<double> scalar(3.5);
    CHECK(scalar() == 3.5);
    STATIC_REQUIRE(std::is_base_of_v<me::MechEstimError, me::IndexError>);
}

TEST_CASE("a[i] and basic indexing give views that write through", "[view][basic]") {
    auto a = grid(3, 4);
    auto row = a[1];
    CHECK(row.shape() == me::shape_t{4});
    row(0) = -1.0;
    CHECK(a(1, 0) == -1.0);
    CHECK(a[-1](3) == 11.0);
    auto col = a(me::slice(), 2);
    CHECK(col.shape() == me::shape_t{3});
    CHECK(!col.is_contiguous());
    col = 7.0;
    for (std::size_t i = 0; i < 3; ++i) CHECK(a(i, 2) == 7.0);
    auto rev = a(me::slice(me::none, me::none, -1), me::slice(1, me::none, 2));
    CHECK(rev.shape() == me::shape_t{3, 2});
    CHECK(rev(0, 0) == a(2, 1));
    CHECK(rev(2, 1) == a(0, 3));
    auto expanded = a(me::ellipsis, me::newaxis);
    CHECK(expanded.shape() == me::shape_t{3, 4, 1});
    CHECK(a(me::none, 0).shape() == me::shape_t{1, 4});
    CHECK(a(me::slice(10, 20)).shape() == me::shape_t{0, 4});  // clipped to empty
    CHECK(a(me::slice(-100, 2)).shape() == me::shape_t{2, 4});
    CHECK(a(0, me::slice(3, 1)).size() == 0);
    auto view_of_view = rev(me::slice(1, me::none), 0);  // views of views
    CHECK(view_of_view.shape() == me::shape_t{2});
    view_of_view = 100.0;
    CHECK(a(1, 1) == 100.0);
    CHECK(a(0, 1) == 100.0);
    check_rejected<me::ValueError>([&] { (void)a(me::slice(0, 3, 0)); }, {"slice step cannot be zero"});
    check_rejected<me::IndexError>([&] { (void)a(me::ellipsis, me::ellipsis); }, {"single ellipsis"});
    check_rejected<me::IndexError>([&] { (void)a(0, 0, me::slice()); }, {"too many indices"});
    check_rejected<me::IndexError>([&] { (void)a[3]; }, {"index 3 is out of bounds for axis 0 with size 3"});
}

TEST_CASE("assignment through a view broadcasts and reads overlapping sources first", "[view][assign]") {
    auto a = grid(3, 4);
    a(me::slice(0, 2), me::slice()) = me::array<double>{1.0, 2.0, 3.0, 4.0};
    CHECK(a(1, 3) == 4.0);
    auto b = iota({5}, 0.0);
    b(me::slice(1, me::none)) = b(me::slice(me::none, -1));  // NumPy: [0, 0, 1, 2, 3]
    CHECK(me::identical(b, me::array<double>{0.0, 0.0, 1.0, 2.0, 3.0}));
    const auto before = a;
    check_rejected<me::ValueError>([&] { a(me::slice(), 0) = me::array<double>{1.0, 2.0}; }, {"could not broadcast"});
    CHECK(me::identical(a, before));
    me::array<std::int64_t> ints = {1, 2, 3};
    ints(me::slice(0, 2)) = me::array<double>{7.9, -1.5};  // NumPy's unsafe cast on assignment
    CHECK(ints(0) == 7);
    CHECK(ints(1) == -1);
}

TEST_CASE("views keep their base's elements alive", "[view][lifetime]") {
    me::array_view<double> v = [] {
        auto base = grid(4, 4);
        return base(me::slice(1, 3), me::slice(1, 3));
    }();
    CHECK(v(0, 0) == 5.0);
    CHECK(v(1, 1) == 10.0);
    v(0, 0) = 1.0;  // the buffer is still there to write to
    auto of_temporary = grid(2, 2).T();
    CHECK(of_temporary(0, 1) == 2.0);
    auto t = me::transpose(me::reshape(iota({6}), {2, 3}));
    CHECK(t(2, 1) == 6.0);
    auto vv = v[0];
    { auto inner = std::move(v); }
    CHECK(vv(1) == 6.0);
    me::array<double> owned = vv;  // an owning copy
    vv(0) = -5.0;
    CHECK(owned(0) == 1.0);
}

TEST_CASE("copies of an array never share its buffer", "[view][lifetime]") {
    auto a = grid(2, 2);
    auto v = a.view();
    auto b = a;  // deep
    b(0, 0) = 9.0;
    CHECK(v(0, 0) == 0.0);
    a = b;  // a's old buffer stays with v
    CHECK(v(0, 0) == 0.0);
    CHECK(a(0, 0) == 9.0);
}

TEST_CASE("read-only views refuse writes with a ValueError", "[view][readonly]") {
    const auto a = grid(2, 3);
    auto r = a(me::slice(), 0);
    STATIC_REQUIRE(std::is_same_v<decltype(r), me::array_view<const double>>);
    CHECK(r(1) == 3.0);
    check_rejected<me::ValueError>([&] { r = 1.0; }, {"read-only"});
    auto b = me::broadcast_to(me::array<double>{1.0, 2.0}, {3, 2});
    CHECK(b.strides()[0] == 0);
    check_rejected<me::ValueError>([&] { b = me::array<double>{0.0, 0.0}; }, {"read-only"});
    check_rejected<me::ValueError>([&] { b += 1.0; }, {"read-only"});
    auto m = grid(3, 3);
    auto d = me::diagonal(m);
    CHECK(std::as_const(d)(2) == 8.0);
    check_rejected<me::ValueError>([&] { d = 0.0; }, {"read-only"});
    CHECK(m(1, 1) == 4.0);
}

TEST_CASE("indexing, views and shape ops are free and never create the default", "[view][free]") {
    auto a = grid(4, 5);
    const me::array<bool> mask = a > 10.0;  // counted: made outside check_free
    check_free([&] {
        (void)a[1];
        (void)a(me::slice(1, 3), me::ellipsis, me::newaxis);
        (void)a(2, 3);
        (void)a.T();
        (void)a.copy();
        (void)a[mask];
        (void)a[me::array<std::int64_t>{0, -1}];
        (void)me::reshape(a, {5, 4});
        (void)me::ravel(a.T());
        (void)me::transpose(a);
        (void)me::swapaxes(a, 0, 1);
        (void)me::moveaxis(a, 0, 1);
        (void)me::squeeze(me::expand_dims(a, 0));
        (void)me::broadcast_to(a, {2, 4, 5});
        (void)me::diagonal(a);
        a(me::slice(), 0) = 1.0;
        a[0] = a[1];
        (void)static_cast<double>(a(0, 0));
    });
}

TEST_CASE("compound assignment through a view is the counted op on the view's shape", "[view][charge]") {
    auto a = grid(4, 6);
    const auto b = iota({6});
    check_charge([&] { a(me::slice(1, 3), me::slice()) += b; }, "add", 12);
    check_charge([&] { a(me::slice(), 0) -= 1.0; }, "subtract", 4);
    check_charge([&] { a[0] *= 2.0; }, "multiply", 6);
    check_charge([&] { a(0, me::slice(0, 1)) /= 2.0; }, "divide", 1);
    check_charge([&] { a(me::slice(0, 0)) += 1.0; }, "add", 1);  // every counted op costs at least 1
    auto expected = grid(4, 6);
    a = grid(4, 6);
    a(me::slice(1, 3), me::slice()) += b;
    for (std::size_t i = 1; i < 3; ++i)
        for (std::size_t j = 0; j < 6; ++j) expected(i, j) += b(j);
    CHECK(me::identical(a, expected));
    // Too small a budget: raises before anything is written or charged.
    const auto before = a;
    check_too_small([&] { a(me::slice(1, 3), me::slice()) += b; }, "add", 12);
    CHECK(me::identical(a, before));
    // A shape the view cannot hold: ShapeError, nothing charged, nothing changed.
    check_rejected<me::ShapeError>([&] { a[0] += me::ones({2, 6}); }, {"non-broadcastable output operand"});
    CHECK(me::identical(a, before));
}

TEST_CASE("an array's += updates it in place, so its views see the update", "[view][charge]") {
    auto a = grid(2, 2);
    auto v = a.view();
    a += 1.0;
    CHECK(v(0, 0) == 1.0);
    check_charge([&] { a += a; }, "add", 4);  // the overlapping operand is read as it was
    CHECK(me::identical(a, me::array<double>{{2, 4}, {6, 8}}));
}

TEST_CASE("ops accept views and charge as on the arrays they show", "[view][ops]") {
    auto a = grid(3, 4);
    auto t = a.T();
    const me::array<double> tc = t;
    CHECK(me::identical(me::exp(t), me::exp(tc)));
    CHECK(me::identical(t + 1.0, tc + 1.0));
    CHECK(me::identical(t * t, tc * tc));
    CHECK(me::identical(me::sum(t), me::sum(tc)));
    CHECK(me::identical(me::sum(t, 0), me::sum(tc, 0)));
    CHECK(me::identical(me::mean(a(me::slice(me::none, me::none, 2))), me::mean(me::array<double>(a(me::slice(me::none, me::none, 2))))));
    check_charge([&] { (void)me::exp(t); }, "exp", 12);
    check_charge([&] { (void)me::sum(t); }, "sum", 12);
    check_charge([&] { (void)(a[0] + a[1]); }, "add", 4);
    check_charge([&] { (void)-a[0]; }, "negative", 4);
    CHECK(me::identical(me::vecdot(t, t, {.axis = 0}), me::vecdot(tc, tc, {.axis = 0})));
    check_charge([&] { (void)me::vecdot(t, tc, {.axis = 0}); }, "vecdot", 2 * 4 * 3);
    CHECK(me::identical(me::sort_complex(a[1]), me::sort_complex(me::array<double>(a[1]))));
    CHECK_FALSE(me::iscomplexobj(t));
    CHECK(me::identical(me::cumsum(t, 0), me::cumsum(tc, 0)));
    CHECK(me::identical(me::percentile(t, 50.0, {.axis = 1}), me::percentile(tc, 50.0, {.axis = 1})));
    CHECK(me::identical(me::median(t), me::median(tc)));
    CHECK(me::identical(me::var(t, {.axis = 0, .ddof = 1}), me::var(tc, {.axis = 0, .ddof = 1})));
    check_charge([&] { (void)me::cumsum(t, 1); }, "cumsum", 12);
}

TEST_CASE("a strided full sum reads the view in place, in memory order", "[view][reductions]") {
    auto big = iota({64, 64});
    const me::array<double> every_other = big(me::slice(me::none, me::none, 2), me::slice(me::none, me::none, -1));
    CHECK(me::sum(big(me::slice(me::none, me::none, 2), me::slice(me::none, me::none, -1))).item() ==
          me::sum(every_other).item());
    me::array<float> ones = me::ones<float>({4096, 2});
    CHECK(me::sum(ones(me::slice(), 0)).item() == 4096.0f);  // pairwise, not naive
}

TEST_CASE("views keep the symmetry the slicing rule leaves", "[view][symmetry]") {
    auto s = me::as_symmetric(me::add(grid(4, 4), me::transpose(grid(4, 4))), {{0, 1}});
    const auto& cs = s;
    CHECK(cs.view().symmetric_axes() == me::symmetry_groups{{0, 1}});
    CHECK(cs(me::slice(), me::slice()).symmetric_axes() == me::symmetry_groups{{0, 1}});
    CHECK(cs(me::slice(0, 2), me::slice(0, 2)).symmetric_axes().empty());  // a changed length pulls both out
    CHECK(cs(me::slice(me::none, me::none, -1), me::slice()).symmetric_axes().empty());  // so does a reversal
    CHECK(cs[0].symmetric_axes().empty());
    CHECK(cs.T().symmetric_axes() == me::symmetry_groups{{0, 1}});
    check_charge([&] { (void)me::exp(cs.view()); }, "exp", 10);
    CHECK(me::exp(cs.view()).symmetric_axes() == me::symmetry_groups{{0, 1}});
}

TEST_CASE("a write through any view ends the symmetry tags of the buffer", "[view][symmetry][regression]") {
    // Adversarial: keep a symmetric read-only view, break the symmetry through the array,
    // and price the view as if it were still symmetric.
    auto s = me::as_symmetric(me::add(grid(4, 4), me::transpose(grid(4, 4))), {{0, 1}});
    auto kept = std::as_const(s).view();
    auto writer = s(me::slice(), 0);
    writer(1) = 1000.0;
    CHECK(kept.symmetric_axes().empty());
    CHECK(s.symmetric_axes().empty());
    check_charge([&] { (void)me::exp(kept); }, "exp", 16);
    // The same through a write to the array, then a copy that must not revive the tag.
    auto t = me::as_symmetric(me::add(grid(3, 3), me::transpose(grid(3, 3))), {{0, 1}});
    auto w = t.view();
    w(0, 1) = -1.0;
    const auto copy = t;
    CHECK(copy.symmetric_axes().empty());
    check_charge([&] { (void)me::exp(copy); }, "exp", 9);
}

TEST_CASE("masks and index arrays give copies, and check their shapes and ranges", "[view][advanced]") {
    auto a = grid(3, 4);
    auto picked = a[a > 5.0];
    CHECK(me::identical(picked, me::array<double>{6, 7, 8, 9, 10, 11}));
    picked(0) = -1.0;
    CHECK(a(1, 2) == 6.0);  // a copy
    const me::array<bool> rows = {true, false, true};
    CHECK(a[rows].shape() == me::shape_t{2, 4});
    auto taken = a[me::array<std::int64_t>{2, -3, 2}];
    CHECK(taken.shape() == me::shape_t{3, 4});
    CHECK(taken(1, 0) == 0.0);
    CHECK(a[me::zeros<std::int64_t>({0})].shape() == me::shape_t{0, 4});
    check_rejected<me::IndexError>([&] { (void)a[me::array<bool>{true, false}]; }, {"boolean index did not match"});
    check_rejected<me::IndexError>([&] { (void)a[me::array<std::int64_t>{0, 3}]; }, {"index 3 is out of bounds for axis 0 with size 3"});
    check_rejected<me::IndexError>([&] { (void)a[me::array<std::int64_t>{-4}]; }, {"index -4 is out of bounds"});
}

TEST_CASE("conveniences: T(), copy(), conversions to scalars, constants", "[view][conveniences]") {
    auto a = grid(2, 3);
    CHECK(a.T().shape() == me::shape_t{3, 2});
    CHECK(a.T()(2, 1) == 5.0);
    auto c = a.copy();
    c(0, 0) = 9.0;
    CHECK(a(0, 0) == 0.0);
    CHECK(static_cast<double>(me::sum(a)) == 15.0);
    CHECK(static_cast<int>(a(me::slice(1, 2), me::slice(2, 3))) == 5);
    check_rejected<me::ValueError>([&] { (void)static_cast<double>(a); }, {"size-1"});
    CHECK(me::pi == Approx(3.141592653589793));
    CHECK(me::e == Approx(2.718281828459045));
    CHECK(me::euler_gamma == Approx(0.5772156649015329));
    CHECK(std::isinf(me::inf));
    CHECK(std::isnan(me::nan));
    CHECK(a(me::newaxis).shape() == me::shape_t{1, 2, 3});
    std::vector<me::index_item> items = {me::index_item(1), me::slice(me::none, me::none, -1)};
    CHECK(me::identical(me::array<double>(a.subscript(items)), me::array<double>{5, 4, 3}));
}

TEST_CASE("slicing that loses symmetry warns when warnings are on", "[view][symmetry]") {
    const auto s = me::as_symmetric(me::add(grid(3, 3), me::transpose(grid(3, 3))), {{0, 1}});
    std::vector<std::string> messages;
    me::configure_symmetry_warnings(true);
    auto previous = me::set_symmetry_warning_handler([&](std::string_view m) { messages.emplace_back(m); });
    (void)s(me::slice(0, 2), me::slice());
    (void)s(me::slice(), me::slice());  // keeps everything: no warning
    (void)s[1];                          // one axis of a pair left: nothing to swap, no loss
    me::set_symmetry_warning_handler(previous);
    me::configure_symmetry_warnings(false);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].find("Symmetry lost along dims (0, 1)") != std::string::npos);
}

// Pointwise ops (ufuncs.hpp): exact FLOP charges, operators counted under their NumPy
// names, budgets too small, bad inputs, result types. Values against NumPy are checked in
// differential/diff_ufuncs.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace {

using cdouble = std::complex<double>;

using test_support::iota;
using test_support::check_charge;
using test_support::check_too_small;
using test_support::check_rejected;

template <class L, class R>
concept divides_in_place = requires(L l, R r) { l /= r; };
template <class L, class R>
concept adds_in_place = requires(L l, R r) { l += r; };

}  // namespace

TEST_CASE("unary ops charge numel of the output", "[ufuncs]") {
    const auto a = iota({4, 8});
    REQUIRE(me::flops::pointwise_cost(a.shape()) == 32);
    check_charge([&] { me::exp(a); }, "exp", 32);
    check_charge([&] { me::sqrt(a); }, "sqrt", 32);
    check_charge([&] { me::sign(a); }, "sign", 32);
    check_charge([&] { me::abs(a); }, "abs", 32);
    check_charge([&] { me::round(a, 2); }, "round", 32);
    check_charge([&] { me::nan_to_num(a); }, "nan_to_num", 32);
    check_charge([&] { me::conj(me::array<cdouble>(iota({2, 3}).astype<cdouble>())); }, "conj", 6);
    // Two outputs, charged once.
    check_charge([&] { me::frexp(a); }, "frexp", 32);
    check_charge([&] { me::modf(a); }, "modf", 32);
    check_charge([&] { me::sort_complex(a); }, "sort_complex", 32);
    // 0-d arrays and C++ scalars cost 1 (shape ()), as do empty arrays (every op costs at least 1).
    check_charge([&] { me::sqrt(me::array<double>(2.0)); }, "sqrt", 1);
    check_charge([&] { CHECK(me::sqrt(2.0 / 256) == Approx(0.08838834764831845)); }, "sqrt", 1);
    check_charge([&] { me::exp(me::array<double>::uninitialized({0, 5})); }, "exp", 1);
    check_charge([&] { CHECK(me::iscomplexobj(me::array<cdouble>(cdouble(1, 2)))); }, "iscomplexobj", 1);
    check_charge([&] { CHECK_FALSE(me::iscomplexobj(a)); }, "iscomplexobj", 1);
    check_charge([&] { CHECK(me::isrealobj(a)); }, "isrealobj", 1);
    check_charge([&] { CHECK(me::isrealobj(3.0)); }, "isrealobj", 1);
}

TEST_CASE("binary ops charge numel of the broadcast output", "[ufuncs]") {
    const auto h = iota({256}, -128);
    check_charge([&] { me::maximum(h, 0.0); }, "maximum", 256);
    check_charge([&] { me::maximum(0.0, h); }, "maximum", 256);
    check_charge([&] { CHECK(me::add(2.0, 3) == 5.0); }, "add", 1);
    // (3,1) with (4,) -> (3,4); (2,3,4) with (3,1) -> (2,3,4).
    check_charge([&] { me::add(iota({3, 1}), iota({4})); }, "add", 12);
    CHECK(me::flops::pointwise_cost({3, 4}) == 12);
    check_charge([&] { me::multiply(iota({2, 3, 4}), iota({3, 1})); }, "multiply", 24);
    check_charge([&] { me::divmod(iota({2, 3, 4}), iota({3, 1})); }, "divmod", 24);  // two outputs, once
    check_charge([&] { me::less(iota({5}), iota({1})); }, "less", 5);
    check_charge([&] { me::add(iota({0, 3}), iota({3})); }, "add", 1);
    check_charge([&] { me::isclose(iota({3, 1}), iota({4})); }, "isclose", 12);
    check_charge([&] { me::isclose(iota({6}), 1.0, {.atol = 0.5}); }, "isclose", 6);
    check_charge([&] { me::ldexp(iota({6}), 3); }, "ldexp", 6);
}

TEST_CASE("vecdot charges 2n per output element", "[ufuncs]") {
    const auto a = iota({3, 4}), b = iota({4});
    CHECK(me::flops::vecdot_cost(a.shape(), b.shape()) == 24);
    CHECK(me::flops::vecdot_cost({2, 1, 5}, {3, 5}) == 2 * 5 * 6);
    check_charge([&] { me::vecdot(a, b); }, "vecdot", 24);
    check_charge([&] { me::vecdot(iota({4, 3}), iota({4, 1}), 0); }, "vecdot", 2 * 4 * 3);
    check_charge([&] { me::vecdot(iota({4, 3}), iota({4, 3}), {.axis = -2}); }, "vecdot", 2 * 4 * 3);
    check_charge([&] { me::vecdot(iota({0}), iota({0})); }, "vecdot", 1);
    me::BudgetContext budget(1e6);
    const auto r = me::vecdot(a, b);
    CHECK(r.shape() == me::shape_t{3});
    CHECK(r(0) == 1 * 1 + 2 * 2 + 3 * 3 + 4 * 4);
    const me::array<cdouble> z = {cdouble(1, 2), cdouble(3, -1)};
    CHECK(me::vecdot(z, z).item() == cdouble(1 + 4 + 9 + 1, 0));  // conj(a) * b
}

TEST_CASE("operators are counted under the NumPy names", "[ufuncs]") {
    const auto a = iota({2, 3}), b = iota({3});
    const me::array<std::int64_t> i = {{1, 2, 3}, {4, 5, 6}};
    const me::array<bool> t = {true, false};
    check_charge([&] { auto r = a + b; }, "add", 6);
    check_charge([&] { auto r = a - 1.0; }, "subtract", 6);
    check_charge([&] { auto r = 2.0 * a; }, "multiply", 6);
    check_charge([&] { auto r = a / b; }, "divide", 6);
    check_charge([&] { auto r = i % 4; }, "remainder", 6);
    check_charge([&] { auto r = a == b; }, "equal", 6);
    check_charge([&] { auto r = a != b; }, "not_equal", 6);
    check_charge([&] { auto r = a < b; }, "less", 6);
    check_charge([&] { auto r = a <= b; }, "less_equal", 6);
    check_charge([&] { auto r = a > b; }, "greater", 6);
    check_charge([&] { auto r = a >= b; }, "greater_equal", 6);
    check_charge([&] { auto r = i & 3; }, "bitwise_and", 6);
    check_charge([&] { auto r = i | 3; }, "bitwise_or", 6);
    check_charge([&] { auto r = i ^ 3; }, "bitwise_xor", 6);
    check_charge([&] { auto r = i << 2; }, "left_shift", 6);
    check_charge([&] { auto r = i >> 1; }, "right_shift", 6);
    check_charge([&] { auto r = -a; }, "negative", 6);
    check_charge([&] { auto r = +a; }, "positive", 6);
    check_charge([&] { auto r = !t; }, "logical_not", 2);
    check_charge([&] { auto r = ~i; }, "invert", 6);
    check_charge([&] { auto c = a; c += b; CHECK(c(1, 2) == 6 + 3); }, "add", 6);
    check_charge([&] { auto c = a; c -= 1.0; }, "subtract", 6);
    check_charge([&] { auto c = a; c *= b; }, "multiply", 6);
    check_charge([&] { auto c = a; c /= 2.0; CHECK(c(0, 0) == 0.5); }, "divide", 6);
    check_charge([&] { auto c = i; c %= 4; CHECK(c(1, 0) == 0); }, "remainder", 6);
    check_charge([&] { auto c = i; c &= 1; }, "bitwise_and", 6);
    check_charge([&] { auto c = i; c |= 1; }, "bitwise_or", 6);
    check_charge([&] { auto c = i; c ^= 1; }, "bitwise_xor", 6);
    // A compound assignment keeps the left operand's type, as NumPy's in-place ops (same kind).
    me::BudgetContext budget(1e6);
    auto f = me::array<float>(a.astype<float>());
    f *= 0.5;
    static_assert(std::is_same_v<decltype(f)::value_type, float>);
    CHECK(f(0, 1) == 1.0f);
}

TEST_CASE("a budget too small raises before the op runs", "[ufuncs]") {
    const auto a = iota({4, 8});
    const auto before = a;
    check_too_small([&] { me::exp(a); }, "exp", 32);
    check_too_small([&] { me::frexp(a); }, "frexp", 32);
    check_too_small([&] { me::add(a, iota({8})); }, "add", 32);
    check_too_small([&] { auto r = a * 2.0; }, "multiply", 32);
    check_too_small([&] { me::isclose(a, a); }, "isclose", 32);
    check_too_small([&] { me::vecdot(a, a); }, "vecdot", 64);
    check_too_small([&] { me::sort_complex(a); }, "sort_complex", 32);
    check_too_small([&] { me::power(me::array<std::int64_t>({1, 2}), 3); }, "power", 2);
    CHECK(me::identical(a, before));
    // A failed compound assignment leaves its left operand as it was.
    auto c = a;
    check_too_small([&] { c += 1.0; }, "add", 32);
    CHECK(me::identical(c, before));
    // Scalar ops cost 1: a context with no room left refuses them.
    {
        me::BudgetContext budget(1);
        me::sqrt(2.0);
        CHECK_THROWS_AS(me::sqrt(2.0), me::BudgetExhaustedError);
        CHECK(budget.flops_used() == 1);
    }
}

TEST_CASE("bad inputs raise me:: errors and charge nothing", "[ufuncs]") {
    check_rejected<me::ShapeError>([] { me::add(iota({3}), iota({4})); }, {"add", "(3,)", "(4,)"});
    check_rejected<me::ShapeError>([] { auto r = iota({2, 3}) * iota({2}); }, {"multiply", "(2, 3)", "(2,)"});
    check_rejected<me::ShapeError>([] { me::isclose(iota({2, 3}), iota({4})); }, {"isclose", "(2, 3)", "(4,)"});
    check_rejected<me::ShapeError>([] {
        auto c = iota({3});
        c += iota({2, 3});  // the result would not fit: NumPy raises too
    }, {"add"});
    const me::array<std::int64_t> base = {1, 2, 3};
    check_rejected<me::ValueError>([&] { me::power(base, std::int64_t{-1}); }, {"power", "negative"});
    check_rejected<me::ValueError>([&] { me::power(base, me::array<std::int64_t>{1, -2, 3}); }, {"power"});
    check_rejected<me::ValueError>([&] { me::power(2, -1); }, {"power"});
    const me::array<std::int64_t> negative = {-1, -2, 0};
    check_rejected<me::ValueError>([&] { me::pow(std::int64_t{2}, negative); }, {"pow"});
    check_rejected<me::ShapeError>([] { me::vecdot(iota({3, 4}), iota({3})); }, {"vecdot", "(3, 4)", "(3,)"});
    check_rejected<me::ShapeError>([] { me::vecdot(iota({2, 4}), iota({3, 4})); }, {"vecdot", "(2, 4)", "(3, 4)"});
    check_rejected<me::ShapeError>([] { me::vecdot(me::array<double>(1.0), iota({3})); }, {"vecdot"});
    check_rejected<me::AxisError>([] { me::vecdot(iota({3}), iota({3}), 1); }, {"vecdot", "axis 1"});
    check_rejected<me::AxisError>([] { me::sort_complex(me::array<double>(1.0)); }, {"sort_complex"});
    CHECK_THROWS_AS(me::flops::vecdot_cost({3, 4}, {3}), me::ShapeError);
}

TEST_CASE("result types follow NumPy", "[ufuncs]") {
    me::BudgetContext budget(1e6);
    const me::array<std::int32_t> i = {1, 2, 3};
    const me::array<float> f = {1.f, 2.f, 3.f};
    const me::array<bool> t = {true, false, true};
    static_assert(std::is_same_v<decltype(me::exp(i))::value_type, double>);
    static_assert(std::is_same_v<decltype(me::exp(f))::value_type, float>);
    static_assert(std::is_same_v<decltype(f * 2.0)::value_type, float>);  // a C++ scalar is weak
    static_assert(std::is_same_v<decltype(i * 2)::value_type, std::int32_t>);
    static_assert(std::is_same_v<decltype(i * 2.5)::value_type, double>);
    static_assert(std::is_same_v<decltype(i / i)::value_type, double>);
    static_assert(std::is_same_v<decltype(f + me::array<double>{1.0})::value_type, double>);
    static_assert(std::is_same_v<decltype(i < f)::value_type, bool>);
    static_assert(std::is_same_v<decltype(t + t)::value_type, bool>);
    static_assert(std::is_same_v<decltype(me::abs(me::array<cdouble>{}))::value_type, double>);
    static_assert(std::is_same_v<decltype(me::ldexp(f, i))::value_type, float>);
    static_assert(std::is_same_v<decltype(me::sort_complex(f))::value_type, cdouble>);
    static_assert(std::is_same_v<decltype(me::vecdot(i, f))::value_type, double>);
    static_assert(std::is_same_v<decltype(me::isclose(i, f))::value_type, bool>);
    static_assert(std::is_same_v<decltype(me::frexp(i).second)::value_type, std::int32_t>);
    // Ops NumPy rejects for a type do not compile.
    static_assert(!std::is_invocable_v<decltype(me::bitwise_and), me::array<double>, me::array<double>>);
    static_assert(!std::is_invocable_v<decltype(me::subtract), me::array<bool>, me::array<bool>>);
    static_assert(!std::is_invocable_v<decltype(me::ldexp), me::array<double>, double>);
    static_assert(!std::is_invocable_v<decltype(me::floor), me::array<cdouble>>);
    static_assert(!std::is_invocable_v<decltype(me::deg2rad), me::array<cdouble>>);
    static_assert(!std::is_invocable_v<decltype(me::arctan2), me::array<cdouble>, me::array<cdouble>>);
    static_assert(!divides_in_place<me::array<std::int32_t>, int>);  // NumPy: same_kind casting refuses
    static_assert(!adds_in_place<me::array<std::int32_t>, double>);
    static_assert(adds_in_place<me::array<double>, int>);
    CHECK(budget.flops_used() == 0);  // static checks only
}

TEST_CASE("integer edge cases never trap", "[ufuncs]") {
    me::BudgetContext budget(1e6);
    constexpr auto lo = std::numeric_limits<std::int64_t>::min();
    const me::array<std::int64_t> a = {7, -7, lo, 0};
    const me::array<std::int64_t> zero = {0, 0, 0, 0};
    CHECK(me::identical(me::floor_divide(a, zero), zero));  // NumPy: 0 (with a warning)
    CHECK(me::identical(me::remainder(a, zero), zero));
    CHECK(me::identical(me::fmod(a, zero), zero));
    CHECK(me::floor_divide(a, std::int64_t{-1})(2) == lo);  // wraps, no SIGFPE
    CHECK(me::negative(a)(2) == lo);
    CHECK(me::abs(a)(2) == lo);
    CHECK(me::floor_divide(a, std::int64_t{2})(1) == -4);
    CHECK(me::remainder(a, std::int64_t{2})(1) == 1);
    CHECK(me::left_shift(a, std::int64_t{64})(0) == 0);
    CHECK(me::right_shift(a, std::int64_t{64})(1) == -1);
    CHECK(me::add(a, lo)(2) == 0);
    CHECK(me::power(me::array<std::int64_t>{3}, 40).item() == -6289078614652622815LL);  // 3**40 mod 2**64, as NumPy
}

TEST_CASE("real_if_close: charge, too-small budget, and the variant's alternative", "[ufuncs][real_if_close]") {
    using c64 = std::complex<double>;
    me::BudgetContext ctx(1e6, "real_if_close");
    const me::array<c64> nearly_real = {c64(1.0, 1e-20), c64(2.0, 0.0), c64(-3.0, 0.0)};
    const me::array<c64> complex_values = {c64(1.0, 0.5), c64(2.0, 0.0), c64(-3.0, 0.0)};
    const auto r = me::real_if_close(nearly_real);
    REQUIRE(r.index() == 0);  // the real array
    CHECK(std::get<0>(r).size() == 3);
    CHECK(ctx.flops_used() == me::flops::pointwise_cost(nearly_real.xt().shape()));
    CHECK(ctx.flops_used() == 3);
    CHECK(me::real_if_close(complex_values).index() == 1);  // unchanged complex array
    CHECK(ctx.operation("real_if_close").calls == 2);
    {
        me::BudgetContext tiny(2, "tiny");
        CHECK_THROWS_AS(me::real_if_close(nearly_real), me::BudgetExhaustedError);
        CHECK(tiny.flops_used() == 0);
    }
    CHECK(ctx.flops_used() == 6);
}

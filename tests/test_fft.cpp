// The FFT family (fft.hpp): exact FLOP charges against the reference's formula (the
// me::flops query and a hand-computed figure), budgets too small, bad arguments, views,
// and a few values with known answers. Values against NumPy are checked in
// differential/diff_fft.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using cdouble = std::complex<double>;

using test_support::check_charge;
using test_support::check_free;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;
using test_support::owning;

/// The largest |a - b| over two arrays of one shape.
template <class A, class B>
double max_diff(const A& a, const B& b) {
    REQUIRE(a.shape() == b.shape());
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(cdouble(a.data()[i]) - cdouble(b.data()[i])));
    return d;
}

}  // namespace

TEST_CASE("the FFT cost queries are the reference's formulas, at least 1", "[fft]") {
    // 5*n*ceil(log2 n)
    CHECK(me::flops::fft_cost(1024) == 5 * 1024 * 10);
    CHECK(me::flops::fft_cost(1000) == 5 * 1000 * 10);
    CHECK(me::flops::fft_cost(1025) == 5 * 1025 * 11);
    CHECK(me::flops::fft_cost(7) == 5 * 7 * 3);
    CHECK(me::flops::fft_cost(2) == 10);
    CHECK(me::flops::fft_cost(1) == 1);  // the reference's 0, raised to the minimum of 1
    CHECK(me::flops::ifft_cost(64) == 5 * 64 * 6);
    CHECK(me::flops::hfft_cost(14) == 5 * 14 * 4);
    CHECK(me::flops::ihfft_cost(9) == 5 * 9 * 4);
    // 5*(n//2)*ceil(log2 n)
    CHECK(me::flops::rfft_cost(1024) == 5 * 512 * 10);
    CHECK(me::flops::rfft_cost(7) == 5 * 3 * 3);
    CHECK(me::flops::rfft_cost(1) == 1);
    CHECK(me::flops::irfft_cost(14) == 5 * 7 * 4);
    // N = prod(s)
    CHECK(me::flops::fftn_cost({64, 64}) == 5 * 4096 * 12);
    CHECK(me::flops::fft2_cost({1024, 1024}) == 104'857'600);
    CHECK(me::flops::ifftn_cost({3, 5, 7}) == 5 * 105 * 7);
    CHECK(me::flops::ifft2_cost(me::shape_t{4, 6}) == 5 * 24 * 5);
    CHECK(me::flops::rfftn_cost({64, 64}) == 5 * 2048 * 12);
    CHECK(me::flops::rfft2_cost({3, 5}) == 5 * 7 * 4);
    CHECK(me::flops::irfftn_cost({4, 8}) == 5 * 16 * 5);
    CHECK(me::flops::irfft2_cost({1, 1}) == 1);
    STATIC_REQUIRE(me::flops::fft_cost(8) == 120);  // constexpr
    // Saturating, never wrapping: an adversarial shape exceeds every budget.
    CHECK(me::flops::fft_cost(std::size_t{1} << 62) == std::numeric_limits<me::flops_t>::max());
    CHECK(me::flops::fftn_cost({std::size_t{1} << 40, std::size_t{1} << 40}) == std::numeric_limits<me::flops_t>::max());
    // find_op reports the bound formula's text
    CHECK(me::find_op("fft.rfft")->cost_formula == "lines*5*(n//2)*ceil(log2(n))");
    CHECK(me::flops::fft_cost(1024, 8) == 8 * 51200);  // an (8, 1024) array: 8 transforms
    CHECK(me::flops::rfftn_cost({64, 64}, 0) == 1);  // no transform at all: the minimum
    CHECK(me::find_op("fft.fft2")->implemented);
}

TEST_CASE("every FFT charges its formula on the transform lengths, once per transform", "[fft]") {
    const auto x = iota({16});
    const auto z = iota({3, 10}).astype<cdouble>();
    const auto m = iota({4, 6});
    const auto t = iota({2, 5, 8});
    using o = me::fft::options;
    using nd = me::fft::nd_options;
    // 1-D: the length along the axis, or .n, times the number of lines along it
    check_charge([&] { me::fft::fft(x); }, "fft.fft", 5 * 16 * 4);
    check_charge([&] { me::fft::fft(x, {.n = 20}); }, "fft.fft", 5 * 20 * 5);
    check_charge([&] { me::fft::fft(z); }, "fft.fft", 3 * 5 * 10 * 4);
    check_charge([&] { me::fft::fft(z, {.axis = 0}); }, "fft.fft", 10 * 5 * 3 * 2);
    check_charge([&] { me::fft::ifft(z, o{.n = 7, .axis = -1, .norm = "ortho"}); }, "fft.ifft", 3 * 5 * 7 * 3);
    check_charge([&] { me::fft::rfft(x); }, "fft.rfft", 5 * 8 * 4);
    check_charge([&] { me::fft::rfft(t, {.n = 9, .axis = 1}); }, "fft.rfft", 16 * 5 * 4 * 4);
    check_charge([&] { me::fft::irfft(z); }, "fft.irfft", 3 * 5 * 9 * 5);  // n = 2*(10-1) = 18
    check_charge([&] { me::fft::irfft(z, {.n = 5}); }, "fft.irfft", 3 * 5 * 2 * 3);
    check_charge([&] { me::fft::hfft(z); }, "fft.hfft", 3 * 5 * 18 * 5);
    check_charge([&] { me::fft::hfft(z, {.n = 1}); }, "fft.hfft", 1);  // 3 lines of 0 FLOPs: the minimum
    check_charge([&] { me::fft::ihfft(x); }, "fft.ihfft", 5 * 16 * 4);
    check_charge([&] { me::fft::ihfft(m, {.axis = 0}); }, "fft.ihfft", 6 * 5 * 4 * 2);
    // N-D: N = prod(s) over the transformed axes
    check_charge([&] { me::fft::fftn(t); }, "fft.fftn", me::flops::fftn_cost({2, 5, 8}));
    check_charge([&] { me::fft::fftn(t); }, "fft.fftn", 5 * 80 * 7);
    check_charge([&] { me::fft::fftn(t, nd{.axes = {0, 2}}); }, "fft.fftn", 5 * 5 * 16 * 4);
    check_charge([&] { me::fft::fftn(t, nd{.s = {3, 4}}); }, "fft.fftn", 2 * 5 * 12 * 4);
    check_charge([&] { me::fft::ifftn(t, nd{.s = {4}, .axes = {1}}); }, "fft.ifftn", 16 * 5 * 4 * 2);
    check_charge([&] { me::fft::fft2(t); }, "fft.fft2", 2 * 5 * 40 * 6);
    check_charge([&] { me::fft::fft2(t); }, "fft.fft2", me::flops::fft2_cost({5, 8}, 2));
    check_charge([&] { me::fft::ifft2(m, nd{.norm = "forward"}); }, "fft.ifft2", 5 * 24 * 5);
    check_charge([&] { me::fft::rfftn(t); }, "fft.rfftn", 5 * 40 * 7);
    check_charge([&] { me::fft::rfft2(m, nd{.s = {8, 8}}); }, "fft.rfft2", 5 * 32 * 6);
    check_charge([&] { me::fft::irfftn(z); }, "fft.irfftn", 5 * 27 * 6);  // every axis: one transform  // s = (3, 18)
    check_charge([&] { me::fft::irfft2(t, nd{.s = {4, 4}}); }, "fft.irfft2", 2 * 5 * 8 * 4);
    check_charge([&] { me::fft::fftn(me::array<double>(2.0)); }, "fft.fftn", 1);  // no axes: N = 1
}

TEST_CASE("an FFT raises BudgetExhaustedError before it runs", "[fft]") {
    auto x = iota({32});
    const auto before = x;
    check_too_small([&] { me::fft::fft(x); }, "fft.fft", 5 * 32 * 5);
    check_too_small([&] { me::fft::rfft(x, {.n = 64}); }, "fft.rfft", 5 * 32 * 6);
    check_too_small([&] { me::fft::irfft(x); }, "fft.irfft", 5 * 31 * 6);
    check_too_small([&] { me::fft::hfft(x); }, "fft.hfft", 5 * 62 * 6);
    check_too_small([&] { me::fft::ihfft(x); }, "fft.ihfft", 5 * 32 * 5);
    check_too_small([&] { me::fft::ifft(x, {.n = 1}); }, "fft.ifft", 1);
    auto m = iota({8, 8});
    check_too_small([&] { me::fft::fft2(m); }, "fft.fft2", 5 * 64 * 6);
    check_too_small([&] { me::fft::ifftn(m); }, "fft.ifftn", 5 * 64 * 6);
    check_too_small([&] { me::fft::rfftn(m); }, "fft.rfftn", 5 * 32 * 6);
    check_too_small([&] { me::fft::irfft2(m); }, "fft.irfft2", 5 * 56 * 7);
    CHECK(me::identical(x, before));
    // A giant transform length saturates and is refused like any over-budget op.
    me::BudgetContext budget(1e12);
    CHECK_THROWS_AS(me::fft::fft(x, {.n = std::int64_t{1} << 40}), me::BudgetExhaustedError);
    CHECK(budget.flops_used() == 0);
}

TEST_CASE("bad FFT arguments raise me:: errors with nothing charged", "[fft]") {
    const auto x = iota({8});
    const auto m = iota({4, 6});
    check_rejected<me::ValueError>([&] { me::fft::fft(x, {.n = 0}); }, {"fft.fft", "Invalid number of FFT data points (0)"});
    check_rejected<me::ValueError>([&] { me::fft::rfft(x, {.n = -3}); }, {"Invalid number of FFT data points (-3)"});
    check_rejected<me::ValueError>([&] { me::fft::fft(iota({0})); }, {"Invalid number of FFT data points (0) specified."});
    check_rejected<me::ValueError>([&] { me::fft::irfft(iota({1})); }, {"fft.irfft", "(0)"});
    check_rejected<me::ValueError>([&] { me::fft::hfft(iota({3, 1})); }, {"fft.hfft", "(0)"});
    check_rejected<me::AxisError>([&] { me::fft::fft(x, {.axis = 1}); }, {"fft.fft", "axis 1 is out of bounds"});
    check_rejected<me::AxisError>([&] { me::fft::ifft(m, {.axis = -3}); }, {"axis -3"});
    check_rejected<me::AxisError>([&] { me::fft::fft(me::array<double>(1.0)); }, {"out of bounds"});
    check_rejected<me::ValueError>([&] { me::fft::fft(x, {.norm = "bogus"}); }, {"Invalid norm value bogus", "\"ortho\""});
    check_rejected<me::ValueError>([&] { me::fft::ihfft(x, {.norm = "Forward"}); }, {"Invalid norm value Forward"});
    check_rejected<me::ValueError>([&] { me::fft::fftn(m, {.s = {4}, .axes = {0, 1}}); }, {"fft.fftn", "Shape and axes have different lengths"});
    check_rejected<me::ValueError>([&] { me::fft::fft2(m, {.s = {4, 4, 4}}); }, {"fft.fft2", "different lengths"});
    check_rejected<me::AxisError>([&] { me::fft::fft2(x); }, {"fft.fft2", "out of bounds"});
    check_rejected<me::AxisError>([&] { me::fft::rfftn(m, {.axes = {0, 2}}); }, {"fft.rfftn"});
    check_rejected<me::ValueError>([&] { me::fft::rfftn(me::array<double>(1.0)); }, {"fft.rfftn", "at least one axis"});
    check_rejected<me::ValueError>([&] { me::fft::irfftn(m, {.s = {4, 0}}); }, {"fft.irfftn", "(0)"});
    check_rejected<me::ValueError>([&] { me::fft::fftn(iota({4, 0})); }, {"(0)"});
    check_rejected<me::ValueError>([&] { me::fft::fft(x, {.n = std::int64_t{1} << 61}); }, {"fft.fft", "too big"});
    check_rejected<me::ValueError>([] { me::fft::fftfreq(0); }, {"fft.fftfreq"});
    check_rejected<me::ValueError>([] { me::fft::rfftfreq(4, 0.0); }, {"fft.rfftfreq"});
    check_rejected<me::AxisError>([&] { me::fft::fftshift(m, 2); }, {"fft.fftshift"});
}

TEST_CASE("FFT values: known transforms, norms, round trips and element types", "[fft]") {
    me::BudgetContext budget(1e12);
    // The transform of a unit impulse is all ones; of ones, n at zero.
    auto impulse = me::zeros({8});
    impulse(0) = 1.0;
    for (const auto& v : me::fft::fft(impulse)) CHECK(v == cdouble(1, 0));
    const auto ones = me::fft::rfft(me::ones({8}));
    CHECK(ones.shape() == me::shape_t{5});
    CHECK(std::abs(ones(0) - cdouble(8, 0)) < 1e-15);
    CHECK(std::abs(ones(3)) < 1e-15);
    // A pure tone lands in its bin: cos(2 pi 3 k / 16) has 8 at bins 3 and 13.
    auto tone = me::array<double>::uninitialized(me::shape_t{16});
    for (std::size_t k = 0; k < 16; ++k) tone.data()[k] = std::cos(2 * M_PI * 3.0 * static_cast<double>(k) / 16.0);
    const auto T = me::fft::fft(tone);
    CHECK(std::abs(T(3) - cdouble(8, 0)) < 1e-13);
    CHECK(std::abs(T(13) - cdouble(8, 0)) < 1e-13);
    CHECK(std::abs(T(4)) < 1e-13);
    // Round trips of every pair, on lengths with every kind of factor (and Bluestein's primes).
    for (std::size_t n : {1u, 2u, 3u, 5u, 12u, 53u, 97u, 210u, 1031u}) {
        INFO("n = " << n);
        const auto a = iota({2, n}, -3.0);
        CHECK(max_diff(me::fft::ifft(me::fft::fft(a)), a) < 1e-12 * static_cast<double>(n));
        CHECK(max_diff(me::fft::irfft(me::fft::rfft(a), {.n = static_cast<std::int64_t>(n)}), a) < 1e-12 * static_cast<double>(n));
        CHECK(max_diff(me::fft::hfft(me::fft::ihfft(a), {.n = static_cast<std::int64_t>(n)}), a) < 1e-12 * static_cast<double>(n));
    }
    const auto m = iota({6, 10});
    CHECK(max_diff(me::fft::ifft2(me::fft::fft2(m)), m) < 1e-12);
    CHECK(max_diff(me::fft::irfftn(me::fft::rfftn(m), {.s = {6, 10}}), m) < 1e-12);
    CHECK(max_diff(me::fft::ifftn(me::fft::fftn(m, {.norm = "ortho"}), {.norm = "ortho"}), m) < 1e-12);
    // Norms: forward divides the forward transform by n, ortho by sqrt(n).
    const auto F = me::fft::fft(m[0]);
    const auto Ff = me::fft::fft(m[0], {.norm = "forward"});
    const auto Fo = me::fft::fft(m[0], {.norm = "ortho"});
    CHECK(std::abs(Ff(1) * 10.0 - F(1)) < 1e-12);
    CHECK(std::abs(Fo(1) * std::sqrt(10.0) - F(1)) < 1e-12);
    // Element types: float32 gives complex64 (NumPy 2), integers and bool complex128.
    STATIC_REQUIRE(std::is_same_v<decltype(me::fft::fft(me::array<float>{})), me::array<std::complex<float>>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::fft::irfft(me::array<std::complex<float>>{})), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::fft::rfft(me::array<std::int32_t>{})), me::array<cdouble>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::fft::fft(me::array<bool>{})), me::array<cdouble>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::fft::hfft(me::array<double>{})), me::array<double>>);
    const me::array<std::int32_t> ints = {1, 2, 3, 4};
    CHECK(me::fft::fft(ints)(0) == cdouble(10, 0));
    CHECK(me::fft::rfft(ints.astype<float>())(0) == std::complex<float>(10, 0));
}

TEST_CASE("fftfreq, rfftfreq, fftshift and ifftshift are free and NumPy's", "[fft]") {
    check_free([] { (void)me::fft::fftfreq(8, 0.5); });
    check_free([] { (void)me::fft::rfftfreq(9); });
    check_free([] { (void)me::fft::fftshift(iota({5})); });
    check_free([] { (void)me::fft::ifftshift(iota({2, 3}), 1); });
    const auto f = me::fft::fftfreq(5, 0.5);  // [0, 1, 2, -2, -1] / 2.5
    const std::vector<double> want = {0.0, 0.4, 0.8, -0.8, -0.4};
    REQUIRE(f.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(f(static_cast<std::int64_t>(i)) == Approx(want[i]).epsilon(1e-15));
    const auto rf = me::fft::rfftfreq(8);
    CHECK(rf.shape() == me::shape_t{5});
    CHECK(rf(4) == 0.5);
    const auto s = me::fft::fftshift(iota({5}, 0.0));  // [3, 4, 0, 1, 2]
    CHECK(s(0) == 3);
    CHECK(s(2) == 0);
    CHECK(me::identical(me::fft::ifftshift(s), iota({5}, 0.0)));
    const auto m = me::fft::fftshift(iota({2, 3}, 0.0), {1});
    CHECK(m(0, 0) == 2);
    CHECK(m(1, 1) == 3);
}

namespace {

// f on a view and on the array it shows: the same result and type, the same charge.
template <class F, class V>
void same_as_on_array(const std::string& op, F&& f, const V& view) {
    INFO("op " << op);
    auto run = [&](const auto& arg) {
        me::BudgetContext budget(1e15);
        auto r = f(arg);
        CHECK(budget.operation(op).calls == 1);
        return std::pair{std::move(r), budget.flops_used()};
    };
    const auto [on_view, cost_view] = run(view);
    const auto [on_array, cost_array] = run(owning(view));
    CHECK(cost_view == cost_array);
    CHECK(cost_view > 0);
    STATIC_REQUIRE(std::is_same_v<decltype(on_view), decltype(on_array)>);
    CHECK(me::identical(on_view, on_array));
}

}  // namespace

TEST_CASE("FFTs take views, charged and computed as the arrays they show", "[fft][views]") {
    auto m = iota({6, 8});
    const auto c = iota({8, 6}, -2.0);
    auto mT = m.T();                                                // (8, 6), not contiguous
    auto rows = m(me::slice(me::none, me::none, 2), me::slice());   // (3, 8), every other row
    auto reversed = iota({9})(me::slice(me::none, me::none, -1));   // negative stride
    auto row = m[2];                                                // contiguous
    auto cT = c.T();                                                // read-only, not contiguous
    REQUIRE(!mT.is_contiguous());
    REQUIRE(row.is_contiguous());
    same_as_on_array("fft.fft", [](const auto& a) { return me::fft::fft(a); }, mT);
    same_as_on_array("fft.fft", [](const auto& a) { return me::fft::fft(a, {.axis = 0}); }, rows);
    same_as_on_array("fft.ifft", [](const auto& a) { return me::fft::ifft(a, {.n = 12}); }, reversed);
    same_as_on_array("fft.rfft", [](const auto& a) { return me::fft::rfft(a); }, row);
    same_as_on_array("fft.rfft", [](const auto& a) { return me::fft::rfft(a, {.axis = 0}); }, cT);
    same_as_on_array("fft.irfft", [](const auto& a) { return me::fft::irfft(a); }, mT);
    same_as_on_array("fft.hfft", [](const auto& a) { return me::fft::hfft(a, {.n = 7}); }, reversed);
    same_as_on_array("fft.ihfft", [](const auto& a) { return me::fft::ihfft(a); }, cT);
    same_as_on_array("fft.fftn", [](const auto& a) { return me::fft::fftn(a); }, mT);
    same_as_on_array("fft.ifftn", [](const auto& a) { return me::fft::ifftn(a, {.axes = {0}}); }, rows);
    same_as_on_array("fft.fft2", [](const auto& a) { return me::fft::fft2(a); }, cT);
    same_as_on_array("fft.ifft2", [](const auto& a) { return me::fft::ifft2(a, {.s = {4, 4}}); }, m.view());
    same_as_on_array("fft.rfftn", [](const auto& a) { return me::fft::rfftn(a); }, mT);
    same_as_on_array("fft.rfft2", [](const auto& a) { return me::fft::rfft2(a); }, rows);
    same_as_on_array("fft.irfftn", [](const auto& a) { return me::fft::irfftn(a); }, cT);
    same_as_on_array("fft.irfft2", [](const auto& a) { return me::fft::irfft2(a, {.s = {6, 6}}); }, mT);
    // A bad view is refused as the array would be, charging nothing.
    check_rejected<me::ValueError>([&] { me::fft::fft(mT, {.n = 0}); }, {"Invalid number"});
    CHECK(me::identical(me::fft::fftshift(mT), me::fft::fftshift(owning(mT))));
}

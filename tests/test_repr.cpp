// Printing (operator<< and me::to_string): NumPy 1.24's repr text. The bulk of the
// checks is differential (tests/differential/cases_repr.py); here: the reference examples
// of the spec, layout invariants, and that printing is free.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace {

template <class T>
std::string printed(const me::array<T>& a) {
    std::ostringstream os;
    os << a;
    return os.str();
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

template <class T>
me::array<T> iota(const me::shape_t& shape, double scale = 1.0) {
    auto a = me::array<T>::uninitialized(shape);
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<T>(static_cast<double>(i) * scale);
    return a;
}

}  // namespace

TEST_CASE("repr: the spec's reference examples", "[repr]") {
    using c128 = std::complex<double>;
    CHECK(printed(me::array<double>{1.5, 2.0, 3.0}) == "array([1.5, 2. , 3. ])");
    CHECK(printed(me::array<float>{{1, 2}, {3, 4}}) == "array([[1., 2.],\n       [3., 4.]], dtype=float32)");
    CHECK(printed(me::array<double>{1e-5, 1.0}) == "array([1.e-05, 1.e+00])");
    CHECK(printed(me::array<double>(3.0)) == "array(3.)");
    CHECK(printed(me::array<bool>{true, false}) == "array([ True, False])");
    CHECK(printed(me::array<std::int64_t>{1, 2, 3}) == "array([1, 2, 3])");
    CHECK(printed(me::array<std::int32_t>{1, 2}) == "array([1, 2], dtype=int32)");
    CHECK(printed(me::array<c128>{c128(1, 2), c128(3, -1)}) == "array([1.+2.j, 3.-1.j])");
    CHECK(printed(me::array<double>()) == "array([], dtype=float64)");
    CHECK(printed(me::array<double>::uninitialized(me::shape_t{0, 3})) == "array([], shape=(0, 3), dtype=float64)");
}

TEST_CASE("repr: nan, inf, signed zero, 0-d and small dtypes", "[repr]") {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    CHECK(printed(me::array<double>{nan, inf}) == "array([nan, inf])");
    CHECK(printed(me::array<double>{nan, -inf}) == "array([ nan, -inf])");
    CHECK(printed(me::array<double>{-0.0, 0.0}) == "array([-0.,  0.])");
    CHECK(printed(me::array<double>{-1.5, 2.0}) == "array([-1.5,  2. ])");
    CHECK(printed(me::array<double>(nan)) == "array(nan)");
    CHECK(printed(me::array<bool>(true)) == "array(True)");
    CHECK(printed(me::array<float>(2.5f)) == "array(2.5, dtype=float32)");
    CHECK(printed(me::array<std::uint8_t>{0, 255}) == "array([  0, 255], dtype=uint8)");
    CHECK(printed(me::array<std::int8_t>{-128, 127}) == "array([-128,  127], dtype=int8)");
    CHECK(printed(me::array<std::int32_t>::uninitialized(me::shape_t{0})) == "array([], dtype=int32)");
}

TEST_CASE("repr: to_string and operator<< give the same text", "[repr]") {
    const auto a = iota<double>({3, 4, 5}, 0.37);
    CHECK(me::to_string(a) == printed(a));
    const auto b = iota<std::int32_t>({2000});
    CHECK(me::to_string(b) == printed(b));
}

TEST_CASE("repr: 3-d arrays separate blocks with a blank line", "[repr]") {
    const auto a = iota<std::int64_t>({2, 2, 2});
    CHECK(printed(a) == "array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]])");
}

TEST_CASE("repr: lines never exceed 75 characters", "[repr]") {
    for (std::size_t n = 1; n <= 60; ++n) {
        for (const auto& text : {printed(iota<double>({n}, 1.37)), printed(iota<float>({2, n}, 1.37)),
                                 printed(iota<std::int32_t>({n}, 12345.0))}) {
            INFO(text);
            for (const auto& line : lines_of(text)) CHECK(line.size() <= 75);
        }
    }
    // A long row wraps with the continuation aligned under the first element.
    const auto lines = lines_of(printed(iota<double>({30})));
    REQUIRE(lines.size() > 1);
    CHECK(lines[1].rfind("       ", 0) == 0);
    CHECK(lines[1][7] != ' ');
}

TEST_CASE("repr: arrays above 1000 elements are summarised with 3 edge items", "[repr]") {
    const std::string full = printed(iota<std::int64_t>({1000}));
    CHECK(full.find("...") == std::string::npos);
    CHECK(full.find("999") != std::string::npos);
    const std::string cut = printed(iota<std::int64_t>({1001}));
    CHECK(cut == "array([   0,    1,    2, ...,  998,  999, 1000])");
    const std::string cut2 = printed(iota<std::int64_t>({40, 50}));
    const auto lines = lines_of(cut2);
    CHECK(lines.size() == 7);  // 3 rows, "...", 3 rows
    CHECK(lines[3] == "       ...,");
    for (const auto& line : lines) CHECK(line.find("...") != std::string::npos);
    CHECK(lines[0] == "array([[   0,    1,    2, ...,   47,   48,   49],");
    CHECK(lines[6] == "       [1950, 1951, 1952, ..., 1997, 1998, 1999]])");
}

TEST_CASE("repr: printing is free and never creates the default budget", "[repr]") {
    me::budget_reset();
    {
        me::BudgetContext budget(1, "print");
        const auto a = iota<double>({50, 50});
        const std::string text = printed(a) + me::to_string(a);
        CHECK(!text.empty());
        CHECK(budget.flops_used() == 0);
    }
    const auto b = iota<float>({3});
    CHECK(!printed(b).empty());
    CHECK(me::detail::session().default_context == nullptr);
}

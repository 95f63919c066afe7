// The vectorised transcendentals (simd.hpp, detail/vector_math.hpp): their error in ULPs
// over a dense sweep of each function's domain against long double, their values at the
// special points against the C library, the same bits at every SIMD level this machine
// has (and from C++ scalars and strided views), and charges that do not depend on the
// level. Values against NumPy are checked by the differential suite (cases_ufuncs.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace {

using test_support::check_charge;
using test_support::check_too_small;

/// Restores the level (and the environment's say in it) when a test is done.
struct level_guard {
    me::simd_level saved = me::simd_level_in_use();
    ~level_guard() { me::set_simd_level(saved); }
};

std::vector<me::simd_level> levels_here() {
    std::vector<me::simd_level> out;
    for (int l = 0; l <= static_cast<int>(me::detected_simd_level()); ++l) out.push_back(static_cast<me::simd_level>(l));
    return out;
}

/// Distance from `got` to the exact `want`, in units in the last place of T at `want`.
template <class T>
double ulp_error(T got, long double want) {
    if (std::isnan(want)) return std::isnan(got) ? 0 : 1e9;
    const long double rounded = static_cast<T>(want);
    if (std::isinf(rounded)) return got == rounded ? 0 : 1e9;
    const long double magnitude = std::fabs(rounded);
    // The ULP of the binade of `want`; below the normal range, the subnormal spacing.
    const long double ulp = std::max<long double>(
        std::nextafter(static_cast<T>(magnitude), std::numeric_limits<T>::infinity()) - static_cast<T>(magnitude),
        std::numeric_limits<T>::denorm_min());
    return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

/// n points spread evenly over [lo, hi], plus n spread evenly in magnitude over the same
/// range (both signs where it spans zero), so that tiny and huge arguments are swept too.
template <class T>
std::vector<T> sweep(double lo, double hi, std::size_t n) {
    std::vector<T> x;
    for (std::size_t i = 0; i < n; ++i) x.push_back(static_cast<T>(lo + (hi - lo) * static_cast<double>(i) / (n - 1)));
    auto magnitudes = [&](double from, double to, double sign) {
        if (!(to > from && from > 0)) return;
        const double a = std::log(from), b = std::log(to);
        for (std::size_t i = 0; i < n; ++i) {
            const T v = static_cast<T>(sign * std::exp(a + (b - a) * static_cast<double>(i) / (n - 1)));
            if (v >= lo && v <= hi) x.push_back(v);
        }
    };
    const double tiny = std::numeric_limits<T>::denorm_min() * 4;
    if (hi > 0) magnitudes(std::max(lo > 0 ? lo : tiny, tiny), hi, 1);
    if (lo < 0) magnitudes(std::max(hi < 0 ? -hi : tiny, tiny), -lo, -1);
    return x;
}

// Each function: the op, the long double reference, its sweep domain per type, and the
// largest error SLEEF documents for the variant each type runs (detail/vector_math.hpp):
// 3.5 ULP, or 1 ULP, which its tables give as up to 1.0001 ULP for tanh, sinh and the
// inverse hyperbolics at tiny arguments; 0.5 for sqrt and hypot.
struct unary_case {
    const char* name;
    me::array<double> (*f64)(const me::array<double>&);
    me::array<float> (*f32)(const me::array<float>&);
    long double (*reference)(long double);
    double lo64, hi64, lo32, hi32;
    double bound64, bound32;
};

#define ME_TEST_UNARY(op, ref, lo64, hi64, lo32, hi32, bound64, bound32)                                      \
    unary_case {                                                                                      \
        #op, [](const me::array<double>& a) { return me::op(a); },                                    \
            [](const me::array<float>& a) { return me::op(a); }, [](long double v) { return ref(v); }, \
            lo64, hi64, lo32, hi32, bound64, bound32                                                  \
    }

const std::vector<unary_case>& unary_cases() {
    static const std::vector<unary_case> cases = {
        ME_TEST_UNARY(exp, std::exp, -745, 709.7, -103, 88.7, 1.0, 1.0),
        ME_TEST_UNARY(exp2, std::exp2, -1074, 1023.9, -149, 127.9, 3.5, 3.5),
        ME_TEST_UNARY(expm1, std::expm1, -40, 709.7, -20, 88.7, 1.0, 1.0),
        ME_TEST_UNARY(log, std::log, 1e-320, 1e308, 1e-44, 3e38, 1.0, 1.0),
        ME_TEST_UNARY(log2, std::log2, 1e-320, 1e308, 1e-44, 3e38, 1.0, 1.0),
        ME_TEST_UNARY(log10, std::log10, 1e-320, 1e308, 1e-44, 3e38, 1.0, 1.0),
        ME_TEST_UNARY(log1p, std::log1p, -0.999999, 1e308, -0.999, 3e38, 1.0, 1.0),
        ME_TEST_UNARY(sqrt, std::sqrt, 0, 1e308, 0, 3e38, 0.5, 0.5),
        ME_TEST_UNARY(cbrt, std::cbrt, -1e308, 1e308, -3e38, 3e38, 3.5, 3.5),
        ME_TEST_UNARY(sin, std::sin, -1e6, 1e6, -1e4, 1e4, 3.5, 1.0),
        ME_TEST_UNARY(cos, std::cos, -1e6, 1e6, -1e4, 1e4, 3.5, 1.0),
        ME_TEST_UNARY(tan, std::tan, -1e6, 1e6, -1e4, 1e4, 3.5, 1.0),
        ME_TEST_UNARY(arcsin, std::asin, -1, 1, -1, 1, 3.5, 3.5),
        ME_TEST_UNARY(arccos, std::acos, -1, 1, -1, 1, 3.5, 3.5),
        ME_TEST_UNARY(arctan, std::atan, -1e308, 1e308, -3e38, 3e38, 1.0, 1.0),
        ME_TEST_UNARY(sinh, std::sinh, -710.4, 710.4, -89.4, 89.4, 1.001, 1.001),
        ME_TEST_UNARY(cosh, std::cosh, -710.4, 710.4, -89.4, 89.4, 3.5, 3.5),
        ME_TEST_UNARY(tanh, std::tanh, -30, 30, -15, 15, 1.001, 1.001),
        ME_TEST_UNARY(arcsinh, std::asinh, -1e308, 1e308, -3e38, 3e38, 1.001, 1.001),
        ME_TEST_UNARY(arccosh, std::acosh, 1, 1e308, 1, 3e38, 1.001, 1.001),
        ME_TEST_UNARY(arctanh, std::atanh, -0.999999, 0.999999, -0.999, 0.999, 1.001, 1.001),
        // Exact operations: the correctly rounded value (0 ULP) everywhere.
        ME_TEST_UNARY(floor, std::floor, -1e20, 1e20, -1e10, 1e10, 0.0, 0.0),
        ME_TEST_UNARY(ceil, std::ceil, -1e20, 1e20, -1e10, 1e10, 0.0, 0.0),
        ME_TEST_UNARY(trunc, std::trunc, -1e20, 1e20, -1e10, 1e10, 0.0, 0.0),
    };
    return cases;
}
#undef ME_TEST_UNARY

template <class T>
double worst_error(const unary_case& c, const std::vector<T>& x) {
    auto a = me::array<T>::uninitialized({x.size()});
    std::copy(x.begin(), x.end(), a.begin());
    me::array<T> y;
    if constexpr (std::is_same_v<T, double>) y = c.f64(a);
    else y = c.f32(a);
    double worst = 0;
    T at = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double e = ulp_error<T>(y.data()[i], c.reference(static_cast<long double>(x[i])));
        if (e > worst) worst = e, at = x[i];
    }
    INFO(c.name << " worst at " << at);
    CHECK(worst <= (std::is_same_v<T, double> ? c.bound64 : c.bound32));
    return worst;
}

template <class T>
std::vector<T> bits_probe() {
    // Specials, then values of every sign and magnitude, in a length that is a multiple of
    // no vector width (so every level runs its tail).
    std::vector<T> x = {0, -T(0), 1, -1, std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
                        std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::denorm_min(),
                        std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), T(0.5), T(-0.5)};
    std::uint64_t state = 12345;
    while (x.size() < 1021) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
        x.push_back(static_cast<T>((u - 0.5) * std::pow(10.0, static_cast<int>(state % 13) - 6)));
    }
    return x;
}

/// The same bits, or both NaN (a NaN's sign and payload are not portable: the vector
/// widths of SLEEF's log give -NaN for log(-1), the scalar build +NaN, as NumPy's loops differ).
template <class T>
bool same_values(const T* a, const T* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (std::memcmp(a + i, b + i, sizeof(T)) != 0 && !(std::isnan(a[i]) && std::isnan(b[i]))) return false;
    return true;
}
template <class T>
bool same_bits(const me::array<T>& a, const me::array<T>& b) {
    return a.size() == b.size() && same_values(a.data(), b.data(), a.size());
}

}  // namespace

TEST_CASE("the level is found from the CPU, and can be forced", "[simd]") {
    level_guard guard;
    const auto detected = me::detected_simd_level();
    INFO("detected " << me::simd_level_name(detected));
#if defined(__x86_64__)
    CHECK(static_cast<int>(detected) >= static_cast<int>(me::simd_level::sse2));
#endif
    CHECK(me::set_simd_level(me::simd_level::scalar) == me::simd_level::scalar);
    CHECK(me::simd_level_in_use() == me::simd_level::scalar);
    // Asking for more than the machine has gives what it has.
    CHECK(me::set_simd_level(me::simd_level::avx512) == detected);
    CHECK(me::simd_level_name(me::simd_level::avx) == "avx");
}

TEST_CASE("MECHESTIM_SIMD chooses the level; an unknown one raises before anything is charged", "[simd]") {
    level_guard guard;
    const char* saved = std::getenv("MECHESTIM_SIMD");
    const std::string restore = saved ? saved : "";
    auto read_env_again = [] { me::detail::chosen_simd_level.store(-1); };
    const auto x = test_support::iota({10});

    ::setenv("MECHESTIM_SIMD", "sse3", 1);
    read_env_again();
    {
        me::BudgetContext budget(1e6);
        CHECK_THROWS_AS(me::exp(x), me::ValueError);
        CHECK_THROWS_WITH(me::hypot(x, x), Catch::Contains("MECHESTIM_SIMD") && Catch::Contains("sse3"));
        CHECK_THROWS_AS(me::power(x, 2.0), me::ValueError);
        CHECK(budget.flops_used() == 0);
    }
    ::setenv("MECHESTIM_SIMD", "scalar", 1);
    read_env_again();
    CHECK(me::simd_level_in_use() == me::simd_level::scalar);
    ::setenv("MECHESTIM_SIMD", "avx512", 1);
    read_env_again();
    CHECK(me::simd_level_in_use() == me::detected_simd_level());

    if (saved) ::setenv("MECHESTIM_SIMD", restore.c_str(), 1);
    else ::unsetenv("MECHESTIM_SIMD");
    read_env_again();
}

TEST_CASE("the unary transcendentals are within their ULP bound over their domains", "[simd]") {
    me::BudgetContext budget(1e12);
    for (const auto& c : unary_cases()) {
        const double e64 = worst_error<double>(c, sweep<double>(c.lo64, c.hi64, 40000));
        const double e32 = worst_error<float>(c, sweep<float>(c.lo32, c.hi32, 40000));
        UNSCOPED_INFO(c.name << ": worst " << e64 << " ULP (float64), " << e32 << " ULP (float32)");
    }
}

TEST_CASE("arctan2, hypot and power are within their ULP bound over a grid", "[simd]") {
    me::BudgetContext budget(1e12);
    auto grid = [](double lo, double hi) { return sweep<double>(lo, hi, 300); };
    // `bound` holds where the operands are normal and the result is more than a
    // significand's width above the subnormal range (|r| >= 2^-969 in float64); nearer
    // it, or with a subnormal operand, SLEEF's atan2 and hypot lose up to 2 ULP, the C
    // library 0.5-1.2 (docs/simd.md).
    auto check = [](const char* name, auto op, long double (*ref)(long double, long double), const std::vector<double>& xs,
                    const std::vector<double>& ys, double bound) {
        for (int precision = 0; precision < 2; ++precision) {
            double worst = 0, worst_subnormal = 0;
            auto run = [&]<class T>(T) {
                auto a = me::array<T>::uninitialized({xs.size(), 1});
                auto b = me::array<T>::uninitialized({ys.size()});
                std::transform(xs.begin(), xs.end(), a.begin(), [](double v) { return static_cast<T>(v); });
                std::transform(ys.begin(), ys.end(), b.begin(), [](double v) { return static_cast<T>(v); });
                const me::array<T> r = op(a, b);  // the broadcast path, one row per x
                for (std::size_t i = 0; i < xs.size(); ++i)
                    for (std::size_t j = 0; j < ys.size(); ++j) {
                        const long double want = ref(a.data()[i], b.data()[j]);
                        if (!std::isfinite(want) || std::fabs(want) > std::numeric_limits<T>::max()) continue;
                        const double e = ulp_error<T>(r.data()[i * ys.size() + j], want);
                        // Near the subnormal range: within a significand's width above it.
                        const long double near_subnormal =
                            std::ldexp(static_cast<long double>(std::numeric_limits<T>::min()), std::numeric_limits<T>::digits);
                        const bool subnormal = std::fabs(want) < near_subnormal ||
                                               (a.data()[i] != 0 && std::fabs(a.data()[i]) < std::numeric_limits<T>::min()) ||
                                               (b.data()[j] != 0 && std::fabs(b.data()[j]) < std::numeric_limits<T>::min());
                        if (subnormal) worst_subnormal = std::max(worst_subnormal, e);
                        else worst = std::max(worst, e);
                    }
            };
            if (precision == 0) run(double{});
            else run(float{});
            INFO(name << (precision ? " float32" : " float64") << ": worst " << worst << " ULP, " << worst_subnormal
                      << " near or in the subnormal range");
            CHECK(worst <= bound);
            CHECK(worst_subnormal <= 2.0);
        }
    };
    check("arctan2", [](const auto& a, const auto& b) { return me::arctan2(a, b); },
          [](long double y, long double x) { return std::atan2(y, x); }, grid(-1e30, 1e30), grid(-1e30, 1e30), 3.5);
    check("divide", [](const auto& a, const auto& b) { return me::divide(a, b); },
          [](long double x, long double y) { return x / y; }, grid(-1e30, 1e30), grid(-1e30, 1e30), 0.5);
    check("hypot", [](const auto& a, const auto& b) { return me::hypot(a, b); },
          [](long double x, long double y) { return std::hypot(x, y); }, grid(-1e30, 1e30), grid(-1e30, 1e30), 0.5001);
    check("power", [](const auto& a, const auto& b) { return me::power(a, b); },
          [](long double x, long double y) { return std::pow(x, y); }, grid(1e-6, 1e6), grid(-30, 30), 1.0);
}

TEST_CASE("the special values are the C library's", "[simd]") {
    me::BudgetContext budget(1e9);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> specials = {0.0, -0.0, 1.0, -1.0, inf, -inf, nan, 1e-310, -1e-310, 710, -750, 1e300};
    auto x = me::array<double>::uninitialized({specials.size()});
    std::copy(specials.begin(), specials.end(), x.begin());
    // Finite values within the function's ULP bound (a ULP is at most 2^-52 of the value).
    auto same = [](double got, double want, double bound) {
        if (std::isnan(want)) return std::isnan(got);
        if (want == 0 || std::isinf(want)) return got == want && std::signbit(got) == std::signbit(want);
        const double relative = bound > 1 ? bound * 0x1p-52 : 2e-16;
        return std::fabs(got - want) <= relative * std::fabs(want) || std::fabs(got - want) < 1e-320;
    };
    for (const auto& c : unary_cases()) {
        const auto y = c.f64(x);
        for (std::size_t i = 0; i < specials.size(); ++i) {
            const double want = static_cast<double>(c.reference(specials[i]));
            INFO(c.name << "(" << specials[i] << ") = " << y.data()[i] << ", C library " << want);
            CHECK(same(y.data()[i], want, c.bound64));
        }
    }
    // pow's C99 cases, which NumPy's power keeps.
    CHECK(me::power(1.0, nan) == 1.0);
    CHECK(me::power(nan, 0.0) == 1.0);
    CHECK(me::power(-1.0, inf) == 1.0);
    CHECK(std::isnan(me::power(-8.0, 1.0 / 3)));
    CHECK(me::power(-2.0, 3.0) == -8.0);
    CHECK(me::power(0.0, -1.0) == inf);
    CHECK(me::hypot(inf, nan) == inf);
    CHECK(me::arctan2(-0.0, -1.0) == Approx(-3.141592653589793));
}

TEST_CASE("every SIMD level gives the same bits, as do scalars and strided views", "[simd]") {
    level_guard guard;
    me::BudgetContext budget(1e12);
    auto compare = [&]<class T>(T) {
        const auto probe = bits_probe<T>();
        auto x = me::array<T>::uninitialized({probe.size()});
        std::copy(probe.begin(), probe.end(), x.begin());
        for (const auto& c : unary_cases()) {
            auto run = [&](const me::array<T>& a) {
                if constexpr (std::is_same_v<T, double>) return c.f64(a);
                else return c.f32(a);
            };
            me::set_simd_level(me::simd_level::scalar);
            const me::array<T> expected = run(x);
            for (auto level : levels_here()) {
                me::set_simd_level(level);
                INFO(c.name << " at " << me::simd_level_name(level) << (std::is_same_v<T, float> ? " float32" : " float64"));
                CHECK(same_bits(run(x), expected));
                // Every length up to two AVX-512 vectors: bodies and tails.
                for (std::size_t n = 1; n <= 33; ++n) {
                    auto head = me::array<T>::uninitialized({n});
                    std::copy(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), head.begin());
                    const auto y = run(head);
                    CHECK(same_values(y.data(), expected.data(), n));
                }
            }
        }
        // Binary ops: array-array, broadcast, and with a scalar on either side.
        me::set_simd_level(me::simd_level::scalar);
        const me::array<T> p_expected = me::power(me::abs(x), x);
        const me::array<T> h_expected = me::hypot(x, T(3));
        const me::array<T> a_expected = me::arctan2(T(-2), x);
        for (auto level : levels_here()) {
            me::set_simd_level(level);
            INFO("binary at " << me::simd_level_name(level));
            CHECK(same_bits(me::power(me::abs(x), x), p_expected));
            CHECK(same_bits(me::hypot(x, T(3)), h_expected));
            CHECK(same_bits(me::arctan2(T(-2), x), a_expected));
        }
    };
    compare(double{});
    compare(float{});

    // A C++ scalar and an element of a strided view give the array's bits.
    const auto x = test_support::iota({40}, -19.75);
    const auto y = me::tanh(x);
    const auto every_other = me::tanh(x(me::slice(0, 40, 2)));
    for (std::size_t i = 0; i < 40; ++i) {
        const double s = me::tanh(x.data()[i]);
        CHECK(std::memcmp(&s, y.data() + i, sizeof s) == 0);
        if (i % 2 == 0) CHECK(std::memcmp(every_other.data() + i / 2, y.data() + i, sizeof s) == 0);
    }
    // Integer input computes in float64: the same bits as the float64 array.
    const auto ints = me::arange(-20, 20);
    CHECK(same_bits(me::exp(ints), me::exp(me::astype<double>(ints))));
    CHECK(same_bits(me::power(ints, 0.5), me::power(me::astype<double>(ints), 0.5)));
}

TEST_CASE("the comparisons give C++'s answers at every level, NaN included", "[simd]") {
    level_guard guard;
    me::BudgetContext budget(1e12);
    auto run = [&]<class T>(T) {
        const auto probe = bits_probe<T>();  // specials (NaN, infinities, zeros), then random values
        auto x = me::array<T>::uninitialized({probe.size()});
        std::copy(probe.begin(), probe.end(), x.begin());
        const me::array<T> y = me::flip(x);  // NaN meets numbers, numbers meet NaN, x meets x
        const auto row = me::array<T>(x(me::slice(0, 37)));
        const auto grid = me::reshape(me::array<T>(x(me::slice(0, 37 * 9))), {9, 37});  // broadcast against row
        const T s = probe[20];
        using me::detail::vector_math::comparison;
        auto check = [&]<comparison C>(auto op, const char* name) {
            auto want = [](T a, T b) { return me::detail::vector_math::compare_one<C>(a, b); };
            for (auto level : levels_here()) {
                me::set_simd_level(level);
                INFO(name << " at " << me::simd_level_name(level) << (std::is_same_v<T, float> ? " float32" : " float64"));
                const auto r = op(x, y), left = op(s, x), right = op(x, s), b = op(grid, row);
                bool ok = true;
                for (std::size_t i = 0; i < x.size(); ++i)
                    ok &= r.data()[i] == want(x.data()[i], y.data()[i]) && left.data()[i] == want(s, x.data()[i]) &&
                          right.data()[i] == want(x.data()[i], s);
                for (std::size_t i = 0; i < grid.size(); ++i) ok &= b.data()[i] == want(grid.data()[i], row.data()[i % 37]);
                CHECK(ok);
                // Every length up to two AVX-512 vectors: bodies and tails.
                for (std::size_t n = 1; n <= 33; ++n) {
                    const auto head = me::array<T>(x(me::slice(0, static_cast<std::ptrdiff_t>(n))));
                    const auto tail = me::array<T>(y(me::slice(0, static_cast<std::ptrdiff_t>(n))));
                    const auto z = op(head, tail);
                    for (std::size_t i = 0; i < n; ++i) ok &= z.data()[i] == want(head.data()[i], tail.data()[i]);
                }
                CHECK(ok);
            }
        };
        check.template operator()<comparison::equal>([](const auto& a, const auto& b) { return me::equal(a, b); }, "equal");
        check.template operator()<comparison::not_equal>([](const auto& a, const auto& b) { return me::not_equal(a, b); }, "not_equal");
        check.template operator()<comparison::less>([](const auto& a, const auto& b) { return me::less(a, b); }, "less");
        check.template operator()<comparison::less_equal>([](const auto& a, const auto& b) { return me::less_equal(a, b); }, "less_equal");
        check.template operator()<comparison::greater>([](const auto& a, const auto& b) { return me::greater(a, b); }, "greater");
        check.template operator()<comparison::greater_equal>([](const auto& a, const auto& b) { return me::greater_equal(a, b); },
                                                             "greater_equal");
    };
    run(double{});
    run(float{});
}

TEST_CASE("where picks the same elements at every level, bit for bit", "[simd]") {
    level_guard guard;
    auto run = [&]<class T>(T) {
        const auto probe = bits_probe<T>();  // NaN, infinities and signed zeros among them
        const std::size_t n = probe.size();
        auto x = me::array<T>::uninitialized({n});
        std::copy(probe.begin(), probe.end(), x.begin());
        const me::array<T> y = me::flip(x);
        auto mask = me::array<bool>::uninitialized({n});
        std::uint32_t state = 12345;  // a random mask, so that no pattern in it is assumed
        for (auto& m : mask) m = ((state = state * 1664525u + 1013904223u) >> 31) != 0;
        const T s = probe[20];
        const auto one_true = me::array<bool>(true), one_false = me::array<bool>(false);
        const auto grid_mask = me::reshape(me::array<bool>(mask(me::slice(0, 9 * 37))), {9, 37});
        const auto row = me::array<T>(x(me::slice(0, 37)));
        auto same_bits = [](T a, T b) { return std::memcmp(&a, &b, sizeof a) == 0; };
        for (auto level : levels_here()) {
            me::set_simd_level(level);
            INFO(me::simd_level_name(level) << (std::is_same_v<T, float> ? " float32" : " float64"));
            const auto both = me::where(mask, x, y), left = me::where(mask, s, x), right = me::where(mask, x, s);
            const auto all = me::where(one_true, x, y), none = me::where(one_false, x, y);
            const auto grid = me::where(grid_mask, row, s);  // broadcast: the copying path
            bool ok = true;
            for (std::size_t i = 0; i < n; ++i) {
                const bool m = mask.data()[i];
                ok &= same_bits(both.data()[i], m ? x.data()[i] : y.data()[i]);
                ok &= same_bits(left.data()[i], m ? s : x.data()[i]) && same_bits(right.data()[i], m ? x.data()[i] : s);
                ok &= same_bits(all.data()[i], x.data()[i]) && same_bits(none.data()[i], y.data()[i]);
            }
            for (std::size_t i = 0; i < grid.size(); ++i)
                ok &= same_bits(grid.data()[i], grid_mask.data()[i] ? row.data()[i % 37] : s);
            CHECK(ok);
            // Every length up to two AVX-512 vectors: bodies and tails.
            for (std::ptrdiff_t k = 1; k <= 33; ++k) {
                const auto m = me::array<bool>(mask(me::slice(0, k)));
                const auto z = me::where(m, me::array<T>(x(me::slice(0, k))), me::array<T>(y(me::slice(0, k))));
                for (std::size_t i = 0; i < z.size(); ++i)
                    ok &= same_bits(z.data()[i], m.data()[i] ? x.data()[i] : y.data()[i]);
            }
            CHECK(ok);
        }
    };
    run(double{});
    run(float{});
}

TEST_CASE("charges do not depend on the level, and a small budget stops the op first", "[simd]") {
    level_guard guard;
    const auto x = test_support::iota({3, 100});
    const auto row = test_support::iota({100});
    const auto x32 = me::astype<float>(x);
    for (auto level : levels_here()) {
        me::set_simd_level(level);
        INFO(me::simd_level_name(level));
        check_charge([&] { me::exp(x); }, "exp", 300);
        check_charge([&] { me::sqrt(x32); }, "sqrt", 300);
        check_charge([&] { me::arctan2(x, row); }, "arctan2", 300);
        check_charge([&] { me::power(x, 0.5); }, "power", 300);
        check_charge([&] { me::tanh(x(me::slice(), me::slice(0, 100, 3))); }, "tanh", 102);
        check_too_small([&] { me::log(x); }, "log", 300);
        check_too_small([&] { me::hypot(x, row); }, "hypot", 300);
        check_charge([&] { me::less(x, row); }, "less", 300);
        check_charge([&] { me::equal(x32, 0.5f); }, "equal", 300);
        check_too_small([&] { me::greater(x, 0.5); }, "greater", 300);
    }
}

TEST_CASE("max, min, argmax, argmin and their nan forms keep NumPy's NaN rules at every level", "[simd]") {
    level_guard guard;
    me::BudgetContext budget(1e12);
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    // 5000 elements: several of argmax's 2048-element blocks, and a tail.
    auto make = [&](std::initializer_list<std::pair<std::size_t, double>> at) {
        auto a = me::array<double>::uninitialized({5000});
        for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = std::sin(0.37 * static_cast<double>(i)) * 10;
        for (const auto& [i, v] : at) a.data()[i] = v;
        return a;
    };
    // The element-by-element rules, written out.
    auto first_of = [inf](const me::array<double>& a, bool max, bool skip) {
        std::size_t best = 0;
        auto read = [=](double v) { return skip && std::isnan(v) ? (max ? -inf : inf) : v; };
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!skip && std::isnan(a.data()[i])) return static_cast<std::int64_t>(i);
            if (max ? read(a.data()[i]) > read(a.data()[best]) : read(a.data()[i]) < read(a.data()[best])) best = i;
        }
        return static_cast<std::int64_t>(best);
    };
    const std::vector<me::array<double>> inputs = {
        make({}),
        make({{4097, 50.0}, {100, 50.0}, {4999, -50.0}}),          // ties: the first wins
        make({{3000, nan}, {4000, nan}}),                          // NaN in a later block
        make({{0, nan}}),                                          // NaN first
        make({{4999, nan}, {10, inf}, {20, -inf}}),                // NaN in the tail, infinities
        make({{2047, 99.0}, {2048, 99.0}}),                        // a tie across a block edge
    };
    auto nan_prefix = make({});
    for (std::size_t i = 0; i < 2500; ++i) nan_prefix.data()[i] = nan;  // a whole block of NaN first
    for (auto level : levels_here()) {
        me::set_simd_level(level);
        INFO(me::simd_level_name(level));
        for (std::size_t k = 0; k < inputs.size(); ++k) {
            const auto& a = inputs[k];
            INFO("input " << k);
            const bool has_nan = std::any_of(a.begin(), a.end(), [](double v) { return std::isnan(v); });
            const auto imax = first_of(a, true, false), imin = first_of(a, false, false);
            CHECK(me::argmax(a).item() == imax);
            CHECK(me::argmin(a).item() == imin);
            CHECK(me::nanargmax(a).item() == first_of(a, true, true));
            CHECK(me::nanargmin(a).item() == first_of(a, false, true));
            if (has_nan) {
                CHECK(std::isnan(me::max(a).item()));
                CHECK(std::isnan(me::min(a).item()));
            } else {
                CHECK(me::max(a).item() == a.data()[imax]);
                CHECK(me::min(a).item() == a.data()[imin]);
            }
            CHECK(me::nanmax(a).item() == a.data()[first_of(a, true, true)]);
            CHECK(me::nanmin(a).item() == a.data()[first_of(a, false, true)]);
        }
        CHECK(me::nanargmax(nan_prefix).item() == first_of(nan_prefix, true, true));
        CHECK(me::nanmax(nan_prefix).item() == nan_prefix.data()[first_of(nan_prefix, true, true)]);
        CHECK(me::argmax(nan_prefix).item() == 0);
        // float32 and a strided axis reduction take the same rules.
        const auto f = me::astype<float>(inputs[2]);
        CHECK(me::argmax(f).item() == 3000);
        const auto m = me::reshape(inputs[1], {50, 100});
        const auto by_column = me::argmax(m, {.axis = 0});
        for (std::size_t j = 0; j < 100; ++j) {
            std::size_t best = 0;
            for (std::size_t i = 1; i < 50; ++i)
                if (m.data()[i * 100 + j] > m.data()[best * 100 + j]) best = i;
            CHECK(by_column.data()[j] == static_cast<std::int64_t>(best));
        }
    }
}

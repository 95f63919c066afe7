// The sorting family (sorting.hpp): exact FLOP charges against the formulas (the me::flops
// queries and hand-computed figures), budgets too small, bad arguments, views, and values
// with known answers (NaN placement, stability, the partition contract). Values against
// NumPy are checked in differential/diff_sorting.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace {

using cdouble = std::complex<double>;
using i64 = std::int64_t;

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

template <class T>
std::vector<T> values(const me::array<T>& a) {
    return std::vector<T>(a.begin(), a.end());
}

/// A deterministic shuffle of 0..n-1 as doubles, with repeats when `mod` < n.
me::array<double> scrambled(std::size_t n, std::size_t mod) {
    auto a = me::array<double>::uninitialized(me::shape_t{n});
    for (std::size_t i = 0; i < n; ++i) a.data()[i] = static_cast<double>((i * 7919 + 13) % mod);
    return a;
}

}  // namespace

TEST_CASE("the sorting cost queries are the formulas, at least 1", "[sorting]") {
    // n*ceil(log2 n) per slice
    CHECK(me::flops::sort_cost(1000) == 1000 * 10);
    CHECK(me::flops::sort_cost(1024) == 1024 * 10);
    CHECK(me::flops::sort_cost(1025) == 1025 * 11);
    CHECK(me::flops::sort_cost(8, 1000) == 1000 * 8 * 3);
    CHECK(me::flops::sort_cost(1) == 1);
    CHECK(me::flops::sort_cost(0, 5) == 1);
    // A slice of one element costs one: (10^6, 1) along the last axis is 10^6 slices read
    // and written, not the reference's n*ceil(log2(1)) = 0 (review of issue 10).
    CHECK(me::flops::sort_cost(1, 1000000) == 1000000);
    CHECK(me::flops::argsort_cost(1, 7) == 7);
    CHECK(me::flops::argsort_cost(7, 3) == 3 * 7 * 3);
    // k*n*ceil(log2 n) per slice: the minimum is applied to the whole product
    CHECK(me::flops::lexsort_cost(2, 1000) == 2 * 1000 * 10);
    CHECK(me::flops::lexsort_cost(3, 5, 4) == 4 * 3 * 5 * 3);
    CHECK(me::flops::lexsort_cost(4, 1, 1) == 4);
    CHECK(me::flops::lexsort_cost(1000, 0, 1) == 1000);  // every key is read, even empty ones
    // n per slice per distinct kth, capped at ceil(log2 n) passes
    CHECK(me::flops::partition_cost(1000) == 1000);
    CHECK(me::flops::partition_cost(1000, 1, 3) == 3000);
    CHECK(me::flops::partition_cost(1000, 1, 50) == 10000);
    CHECK(me::flops::partition_cost(6, 4) == 24);
    CHECK(me::flops::partition_cost(1, 9, 1) == 9);
    CHECK(me::flops::partition_cost(0, 9, 1) == 1);
    CHECK(me::flops::argpartition_cost(16, 2, 2) == 2 * 16 * 2);
    // m*ceil(log2 n); one comparison each when n = 1; 1 when n = 0
    CHECK(me::flops::searchsorted_cost(1024, 1000) == 10000);
    CHECK(me::flops::searchsorted_cost(1000, 3) == 30);
    CHECK(me::flops::searchsorted_cost(1, 500) == 500);
    CHECK(me::flops::searchsorted_cost(2, 500) == 500);
    CHECK(me::flops::searchsorted_cost(0, 500) == 1);
    CHECK(me::flops::searchsorted_cost(100, 0) == 1);
    STATIC_REQUIRE(me::flops::sort_cost(8) == 24);  // constexpr
    STATIC_REQUIRE(me::flops::partition_cost(8, 1, 2) == 16);
    // saturating, never wrapping
    constexpr auto max = std::numeric_limits<me::flops_t>::max();
    CHECK(me::flops::sort_cost(std::size_t{1} << 62, 16) == max);
    CHECK(me::flops::lexsort_cost(std::size_t{1} << 40, std::size_t{1} << 40) == max);
    CHECK(me::flops::searchsorted_cost(std::size_t{1} << 40, std::size_t{1} << 62) == max);
    // shuffles are still priced as a sort (flops/sampling.hpp uses sort_cost)
    CHECK(me::flops::permutation_cost(1000) == 10000);
    CHECK(me::find_op("sort")->cost_formula == "slices*n*max(1,ceil(log2(n)))");
    CHECK(me::find_op("argpartition")->cost_formula == me::find_op("partition")->cost_formula);
    for (const char* name : {"sort", "argsort", "lexsort", "partition", "argpartition", "searchsorted"})
        CHECK(me::find_op(name)->implemented);
}

TEST_CASE("every sorting op charges its formula, once per slice", "[sorting]") {
    const auto x = scrambled(100, 100);
    const auto m = iota({6, 10});
    const auto t = iota({2, 5, 8});
    using so = me::sort_options;
    check_charge([&] { me::sort(x); }, "sort", 100 * 7);
    check_charge([&] { me::sort(x); }, "sort", me::flops::sort_cost(100));
    check_charge([&] { me::sort(m); }, "sort", 6 * 10 * 4);
    check_charge([&] { me::sort(m, {.axis = 0}); }, "sort", 10 * 6 * 3);
    check_charge([&] { me::sort(m, so{.axis = std::nullopt}); }, "sort", 60 * 6);
    check_charge([&] { me::sort(t, {.axis = 1, .kind = "stable"}); }, "sort", 16 * 5 * 3);
    check_charge([&] { me::argsort(t); }, "argsort", 10 * 8 * 3);
    check_charge([&] { me::argsort(t, {.axis = -3, .kind = "heapsort"}); }, "argsort", me::flops::argsort_cost(2, 40));
    check_charge([&] { me::argsort(me::array<double>(2.0)); }, "argsort", 1);
    check_charge([&] { me::sort(me::zeros({0, 4})); }, "sort", 1);
    // partition: n per slice, one pass per distinct kth
    check_charge([&] { me::partition(x, 10); }, "partition", 100);
    check_charge([&] { me::partition(m, 3, {.axis = 0}); }, "partition", 10 * 6);
    check_charge([&] { me::partition(x, {1, 50, -1, 99}); }, "partition", 3 * 100);  // -1 and 99 are one kth
    check_charge([&] { me::partition(x, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); }, "partition", 7 * 100);  // sorted instead
    check_charge([&] { me::argpartition(t, {1, 2}, {.axis = std::nullopt}); }, "argpartition", 2 * 80);
    check_charge([&] { me::argpartition(m, -1); }, "argpartition", me::flops::argpartition_cost(10, 6));
    // lexsort: k keys
    const me::array<double> k1 = {1, 2, 1, 2, 1}, k2 = {0, 0, 1, 1, 0};
    check_charge([&] { me::lexsort(std::vector{k1, k2}); }, "lexsort", 2 * 5 * 3);
    check_charge([&] { me::lexsort(iota({3, 4, 8})); }, "lexsort", 4 * 3 * 8 * 3);
    check_charge([&] { me::lexsort(iota({3, 4, 8}), {.axis = 0}); }, "lexsort", me::flops::lexsort_cost(3, 4, 8));
    // searchsorted: m*ceil(log2 n)
    const auto sorted = me::sort(x);
    check_charge([&] { me::searchsorted(sorted, m); }, "searchsorted", 60 * 7);
    check_charge([&] { me::searchsorted(sorted, 3.5); }, "searchsorted", 7);
    check_charge([&] { me::searchsorted(me::array<double>{1.0}, m); }, "searchsorted", 60);
    check_charge([&] { me::searchsorted(me::array<double>(), m); }, "searchsorted", 1);
    const auto order = me::argsort(x);
    check_charge([&] { me::searchsorted(x, m, {.side = "right", .sorter = order}); }, "searchsorted", 60 * 7);
}

TEST_CASE("a sorting op raises BudgetExhaustedError before it runs", "[sorting]") {
    auto x = scrambled(64, 64);
    const auto before = values(x);
    check_too_small([&] { me::sort(x); }, "sort", 64 * 6);
    check_too_small([&] { me::argsort(x, {.kind = "stable"}); }, "argsort", 64 * 6);
    check_too_small([&] { me::partition(x, 3); }, "partition", 64);
    check_too_small([&] { me::argpartition(x, {3, 9}); }, "argpartition", 128);
    check_too_small([&] { me::lexsort(std::vector{x, x}); }, "lexsort", 2 * 64 * 6);
    check_too_small([&] { me::searchsorted(x, x); }, "searchsorted", 64 * 6);
    check_too_small([&] { me::searchsorted(x, 1.0); }, "searchsorted", 6);
    CHECK(values(x) == before);
}

TEST_CASE("bad arguments raise NumPy's errors and charge nothing", "[sorting]") {
    const auto x = iota({5});
    const auto m = iota({2, 3});
    check_rejected<me::ValueError>([&] { me::sort(x, {.kind = "foo"}); }, {"sort kind must be one of", "'foo'"});
    check_rejected<me::ValueError>([&] { me::argsort(x, {.kind = ""}); }, {"sort kind"});
    check_rejected<me::AxisError>([&] { me::sort(m, {.axis = 2}); }, {"axis 2 is out of bounds for array of dimension 2"});
    check_rejected<me::AxisError>([&] { me::sort(me::array<double>(1.0)); }, {"axis -1 is out of bounds for array of dimension 0"});
    check_rejected<me::AxisError>([&] { me::argsort(me::array<double>(1.0), {.axis = 1}); }, {"dimension 1"});
    check_rejected<me::ValueError>([&] { me::partition(x, 5); }, {"kth(=5) out of bounds (5)"});
    check_rejected<me::ValueError>([&] { me::partition(x, -6); }, {"kth(=-1) out of bounds (5)"});
    check_rejected<me::ValueError>([&] { me::argpartition(x, {0, 9}); }, {"kth(=9)"});
    check_rejected<me::ValueError>([&] { me::partition(x, std::vector<i64>{}); }, {"Partition index"});
    check_rejected<me::ValueError>([&] { me::partition(x, 1, {.kind = "quick"}); }, {"select kind must be 'introselect'"});
    check_rejected<me::AxisError>([&] { me::argpartition(m, 0, {.axis = -3}); }, {"out of bounds"});
    check_rejected<me::ValueError>([&] { me::lexsort(std::vector<me::array<double>>{}); }, {"need sequence of keys"});
    check_rejected<me::ValueError>([&] { me::lexsort(std::vector{x, iota({4})}); }, {"same shape"});
    check_rejected<me::ValueError>([&] { me::lexsort(me::zeros({0, 3})); }, {"need sequence of keys"});
    check_rejected<me::AxisError>([&] { me::lexsort(m, {.axis = 1}); }, {"out of bounds"});
    check_rejected<me::ValueError>([&] { me::searchsorted(m, x); }, {"object too deep"});
    check_rejected<me::ValueError>([&] { me::searchsorted(me::array<double>(1.0), 1.0); }, {"too small depth"});
    check_rejected<me::ValueError>([&] { me::searchsorted(x, 1.0, {.side = "up"}); }, {"search side must be 'left' or 'right'"});
    check_rejected<me::ValueError>([&] { me::searchsorted(x, x, {.sorter = me::array<i64>{0, 1}}); }, {"sorter.size must equal a.size"});
    check_rejected<me::ValueError>([&] { me::searchsorted(x, x, {.sorter = me::array<i64>{0, 1, 2, 3, 5}}); }, {"Sorter index out of range"});
    check_rejected<me::ValueError>([&] { me::searchsorted(x, x, {.sorter = me::array<i64>{0, 1, 2, 3, -1}}); }, {"Sorter index out of range"});
    check_rejected<me::ValueError>([&] { me::searchsorted(x, x, {.sorter = me::array<i64>{{0, 1, 2, 3, 4}}}); }, {"sorter"});
}

TEST_CASE("sort orders NaNs last and complex numbers lexicographically", "[sorting]") {
    const double nan = std::nan("");
    const me::array<double> a = {3.0, nan, -INFINITY, 1.0, nan, INFINITY, -0.0, 0.0};
    const auto s = values(me::sort(a));
    CHECK(s[0] == -INFINITY);
    CHECK(s[1] == 0.0);
    CHECK(s[2] == 0.0);
    CHECK(s[3] == 1.0);
    CHECK(s[4] == 3.0);
    CHECK(s[5] == INFINITY);
    CHECK((std::isnan(s[6]) && std::isnan(s[7])));
    // stable kinds keep -0.0 before 0.0 and the NaNs in their order
    const auto st = values(me::argsort(a, {.kind = "mergesort"}));
    CHECK(st == std::vector<i64>{2, 6, 7, 3, 0, 5, 1, 4});
    const me::array<cdouble> z = {cdouble(1, 1), cdouble(nan, 0), cdouble(1, -1), cdouble(1, nan),
                                  cdouble(0, 5), cdouble(nan, 1), cdouble(2, 0), cdouble(nan, nan)};
    const std::vector<cdouble> want_z = {{0, 5}, {1, -1}, {1, 1}, {2, 0}, {1, nan}, {nan, 0}, {nan, 1}, {nan, nan}};
    const auto sz = values(me::sort(z));
    for (std::size_t i = 0; i < want_z.size(); ++i) {
        INFO("position " << i);
        CHECK((sz[i] == want_z[i] || (std::isnan(want_z[i].real()) == std::isnan(sz[i].real()) &&
                                      std::isnan(want_z[i].imag()) == std::isnan(sz[i].imag()) &&
                                      (std::isnan(sz[i].real()) || sz[i].real() == want_z[i].real()) &&
                                      (std::isnan(sz[i].imag()) || sz[i].imag() == want_z[i].imag()))));
    }
    // sort_complex (a counted_unary name) agrees with sort's order
    const auto sc = values(me::sort_complex(z));
    for (std::size_t i = 0; i < sc.size(); ++i) {
        const bool same = (sc[i] == sz[i]) || (std::isnan(sc[i].real()) == std::isnan(sz[i].real()) &&
                                               std::isnan(sc[i].imag()) == std::isnan(sz[i].imag()));
        CHECK(same);
    }
    // every kind sorts every element type: long arrays go through vqsort
    const auto big = scrambled(5000, 4999);
    for (const char* kind : {"quicksort", "heapsort", "stable", "mergesort"}) {
        const auto r = values(me::sort(big, {.kind = kind}));
        CHECK(std::is_sorted(r.begin(), r.end()));
        const auto ri = values(me::sort(big.astype<std::int32_t>(), {.kind = kind}));
        CHECK(std::is_sorted(ri.begin(), ri.end()));
        const auto rb = values(me::sort(scrambled(5000, 251).astype<std::uint8_t>(), {.kind = kind}));
        CHECK(std::is_sorted(rb.begin(), rb.end()));
    }
}

TEST_CASE("argsort is a permutation that sorts; stable kinds keep ties in order", "[sorting]") {
    for (std::size_t n : {5u, 63u, 64u, 1000u, 20000u}) {
        const auto a = scrambled(n, n / 3 + 1);  // many ties
        for (const char* kind : {"quicksort", "stable"}) {
            for (int cast = 0; cast < 3; ++cast) {
                INFO("n " << n << " kind " << kind << " cast " << cast);
                const auto idx = values(cast == 0 ? me::argsort(a, {.kind = kind})
                                        : cast == 1 ? me::argsort(a.astype<float>(), {.kind = kind})
                                                    : me::argsort(a.astype<std::int16_t>(), {.kind = kind}));
                std::vector<i64> perm = idx;
                std::sort(perm.begin(), perm.end());
                std::vector<i64> all(n);
                std::iota(all.begin(), all.end(), i64{0});
                CHECK(perm == all);
                bool sorted = true, stable = true;
                for (std::size_t i = 1; i < n; ++i) {
                    const double p = a.data()[idx[i - 1]], q = a.data()[idx[i]];
                    sorted &= p <= q;
                    stable &= p != q || idx[i - 1] < idx[i];
                }
                CHECK(sorted);
                if (std::string(kind) == "stable") CHECK(stable);
            }
        }
    }
    // along a leading axis: each column sorted
    const me::array<double> m = {{3, 1}, {1, 2}, {2, 0}};
    CHECK(values(me::argsort(m, {.axis = 0})) == std::vector<i64>{1, 2, 2, 0, 0, 1});
    CHECK(values(me::sort(m, {.axis = std::nullopt})) == std::vector<double>{0, 1, 1, 2, 2, 3});
    // an already sorted input and a reversed one
    const auto up = iota({3000});
    CHECK(values(me::argsort(up))[2999] == 2999);
    const auto down = me::sort(up) * -1.0;
    CHECK(values(me::argsort(down, {.kind = "stable"}))[0] == 2999);
}

TEST_CASE("partition and argpartition keep NumPy's contract", "[sorting]") {
    const double nan = std::nan("");
    auto a = scrambled(300, 97);
    a.data()[5] = nan;
    a.data()[100] = nan;
    const auto sorted = values(me::sort(a));
    for (const std::vector<i64>& kth : {std::vector<i64>{0}, {150}, {-1}, {297}, {10, 200, 298}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}) {
        const auto p = values(me::partition(a, kth));
        const auto ip = values(me::argpartition(a, kth));
        for (i64 k0 : kth) {
            const auto k = static_cast<std::size_t>(k0 < 0 ? k0 + 300 : k0);
            INFO("kth " << k);
            const auto same = [](double u, double v) { return u == v || (std::isnan(u) && std::isnan(v)); };
            CHECK(same(p[k], sorted[k]));
            CHECK(same(a.data()[ip[k]], sorted[k]));
            for (std::size_t j = 0; j < 300; ++j) {
                const double u = p[j], w = a.data()[ip[j]];
                if (j < k) CHECK((std::isnan(p[k]) || u <= p[k]));
                if (j > k) CHECK((std::isnan(u) || (!std::isnan(p[k]) && u >= p[k])));
                if (j < k) CHECK((std::isnan(sorted[k]) || w <= sorted[k]));
            }
        }
    }
    const me::array<double> m = {{9, 1, 5}, {0, 7, 3}};
    CHECK(values(me::partition(m, 0, {.axis = 0})) == std::vector<double>{0, 1, 3, 9, 7, 5});
    CHECK(values(me::partition(me::zeros({0}), 5)).empty());  // NumPy checks no kth on an empty array
}

TEST_CASE("lexsort sorts on the last key first, stably", "[sorting]") {
    const me::array<i64> first = {3, 1, 2, 1, 3};
    const me::array<i64> last = {1, 1, 0, 1, 0};
    CHECK(values(me::lexsort(std::vector{first, last})) == std::vector<i64>{2, 4, 1, 3, 0});
    CHECK(values(me::lexsort({first, last})) == std::vector<i64>{2, 4, 1, 3, 0});
    const me::array<i64> both = {{3, 1, 2, 1, 3}, {1, 1, 0, 1, 0}};
    CHECK(values(me::lexsort(both)) == std::vector<i64>{2, 4, 1, 3, 0});
    CHECK(me::lexsort(me::array<i64>{4, 2, 9}).ndim() == 0);  // three 0-d keys
    const me::array<double> nan_key = {std::nan(""), 1.0, 0.0};
    CHECK(values(me::lexsort(std::vector{nan_key})) == std::vector<i64>{2, 1, 0});
}

TEST_CASE("searchsorted finds NumPy's insertion points", "[sorting]") {
    const double nan = std::nan("");
    const me::array<double> a = {1, 2, 2, 2, 5, nan, nan};
    const me::array<double> v = {0, 2, 3, 5, 9, nan, INFINITY};
    CHECK(values(me::searchsorted(a, v)) == std::vector<i64>{0, 1, 4, 4, 5, 5, 5});
    CHECK(values(me::searchsorted(a, v, {.side = "right"})) == std::vector<i64>{0, 4, 4, 5, 5, 7, 5});
    CHECK(me::searchsorted(a, 2) == 1);  // an int against floats
    CHECK(me::searchsorted(me::array<i64>{1, 2, 3}, 2.5) == 2);
    const me::array<double> shuffled = {5, 1, 2, 9};
    CHECK(values(me::searchsorted(shuffled, v, {.sorter = me::argsort(shuffled)})) == std::vector<i64>{0, 1, 2, 2, 3, 4, 4});
    CHECK(me::searchsorted(me::array<double>{7.0}, 8.0) == 1);
    CHECK(values(me::searchsorted(me::array<double>(), v)) == std::vector<i64>(7, 0));
    // many queries: the lockstep searches against a plain lower_bound
    const auto big = me::sort(scrambled(10000, 3001));
    const auto q = scrambled(777, 3100) - 50.0;
    const auto got = values(me::searchsorted(big, q));
    const auto got_r = values(me::searchsorted(big, q, {.side = "right"}));
    bool ok = true;
    for (std::size_t j = 0; j < q.size(); ++j) {
        ok &= got[j] == std::lower_bound(big.begin(), big.end(), q.data()[j]) - big.begin();
        ok &= got_r[j] == std::upper_bound(big.begin(), big.end(), q.data()[j]) - big.begin();
    }
    CHECK(ok);
    const me::array<cdouble> zs = {cdouble(0, 1), cdouble(1, 0), cdouble(1, 2), cdouble(nan, 0)};
    CHECK(values(me::searchsorted(zs, me::array<cdouble>{cdouble(1, 1), cdouble(nan, 0)})) == std::vector<i64>{2, 3});
}

TEST_CASE("sorting ops take views and charge as on the arrays they show", "[sorting]") {
    const auto base = me::reshape(scrambled(60, 17), {6, 10}).copy();
    const auto strided = base(me::slice(), me::slice(0, 10, 2));  // 6 x 5, not contiguous
    const auto owned = strided.copy();
    CHECK(values(me::sort(strided)) == values(me::sort(owned)));
    CHECK(values(me::argsort(strided, {.axis = 0, .kind = "stable"})) == values(me::argsort(owned, {.axis = 0, .kind = "stable"})));
    check_charge([&] { me::sort(strided); }, "sort", me::flops::sort_cost(5, 6));
    check_charge([&] { me::partition(strided, 2); }, "partition", 30);
    check_charge([&] { me::lexsort(strided); }, "lexsort", me::flops::lexsort_cost(6, 5));
    const auto row = me::sort(base)[0];  // a view of a sorted row
    check_charge([&] { me::searchsorted(row, strided); }, "searchsorted", 30 * 4);
    CHECK(values(me::searchsorted(row, strided)) == values(me::searchsorted(row.copy(), owned)));
}

TEST_CASE("adversarial shapes are charged for the work they do", "[sorting][regression]") {
    // n = 1: the reference's m*ceil(log2 1) = 0 would make a million comparisons free
    const auto one = me::array<double>{1.0};
    const auto many = me::zeros({1000, 1000});
    check_charge([&] { me::searchsorted(one, many); }, "searchsorted", 1'000'000);
    // a list of kth is not one pass: ten kth over 1024 cost ten passes
    const auto x = scrambled(1024, 1024);
    std::vector<i64> ten(10);
    std::iota(ten.begin(), ten.end(), i64{500});
    check_charge([&] { me::partition(x, ten); }, "partition", 10 * 1024);
    // slices of one element: a million slices read and written are a million FLOPs
    const auto column = me::zeros({1000, 1});
    check_charge([&] { me::sort(column); }, "sort", 1000);
    check_charge([&] { me::argsort(column); }, "argsort", 1000);
    // 2^40 empty keys: charged (and refused by the budget) before anything is built for
    // them, where a vector of 2^40 key pointers used to throw std::bad_alloc
    const auto empty_keys = me::zeros({std::size_t{1} << 40, 0});
    check_too_small([&] { me::lexsort(empty_keys); }, "lexsort", std::size_t{1} << 40);
    check_charge([&] { me::lexsort(me::zeros({1000, 0})); }, "lexsort", 1000);
}

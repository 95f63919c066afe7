// The sorting family against NumPy (cases_sorting.py). sort, stable argsort, lexsort and
// searchsorted are compared with NumPy's results exactly. Where NumPy's permutation is
// implementation-defined (unstable argsort, partition, argpartition), the runner checks
// the contract here (a permutation of each slice; each kth in its sorted place, smaller
// before, larger after, NaNs last) and hands the harness what does not depend on the
// choice: the values the indices pick, or the result sorted along the axis and the values
// at kth. Every charge is also checked against the op's me::flops query.
#include "harness.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

std::optional<int> axis_of(const json& kw) {
    if (!kw.contains("axis")) return -1;
    if (kw.at("axis").is_null()) return std::nullopt;
    return kw.at("axis").get<int>();
}

/// A strict weak order with NaNs last, as NumPy sorts (written here, not taken from the library).
template <class T>
bool numpy_less(const T& a, const T& b) {
    if constexpr (me::detail::is_complex_v<T>) {
        auto key = [](const T& z) {
            const bool rn = z.real() != z.real(), in = z.imag() != z.imag();
            // NumPy's classes: numbers, then R+nanj, nan+Rj, nan+nanj; each ordered by what is not NaN
            return std::tuple(rn, in, rn ? 0 : z.real(), in ? 0 : z.imag());
        };
        return key(a) < key(b);
    } else if constexpr (std::is_floating_point_v<T>) {
        return (a != a) ? false : (b != b) || a < b;
    } else {
        return a < b;
    }
}

/// The lines of `a` along `axis` (moved last; none: flattened), as a contiguous array.
template <class T>
me::array<T> lines_last(const me::array<T>& a, std::optional<int> axis) {
    if (!axis) return a.copy();  // already flat
    return me::moveaxis(a, *axis, -1).copy();
}

/// Checks that each row of `idx` (n per row) is a permutation of 0..n-1.
void check_permutation(const me::array<std::int64_t>& idx, std::size_t n) {
    std::vector<std::int64_t> row(n);
    for (std::size_t at = 0; at + n <= idx.size() && n > 0; at += n) {
        std::copy(idx.data() + at, idx.data() + at + n, row.begin());
        std::sort(row.begin(), row.end());
        bool ok = true;
        for (std::size_t k = 0; k < n; ++k) ok &= row[k] == static_cast<std::int64_t>(k);
        INFO("indices of a slice are not a permutation");
        CHECK(ok);
    }
}

/// The values of `a` at `idx` along `axis` (flattened for none): what the indices pick.
template <class T>
me::array<T> picked(const me::array<T>& a, const me::array<std::int64_t>& idx, std::optional<int> axis) {
    if (!axis || a.ndim() == 0) return me::take(a, idx);  // argsort reads a 0-d array as (1,)
    return me::take_along_axis(a, idx, *axis);
}

std::size_t line_length(const me::shape_t& shape, std::optional<int> axis) {
    if (!axis || shape.empty()) return me::detail::numel(shape);
    return shape.at(me::detail::normalize_axis(*axis, shape.size(), "test"));
}
std::size_t line_count(const me::shape_t& shape, std::optional<int> axis) {
    const std::size_t n = line_length(shape, axis);
    return n == 0 ? 0 : me::detail::numel(shape) / n;
}

diff::runner sort_runner(bool indices) {
    return [indices](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            const std::string kind = kw.at("kind").get<std::string>();
            const me::sort_options o{.axis = axis_of(kw), .kind = kind};
            me::BudgetContext budget(1e18);
            if (!indices) {
                auto r = me::sort(a, o);
                CHECK(budget.flops_used() == me::flops::sort_cost(line_length(a.shape(), o.axis), line_count(a.shape(), o.axis)));
                return diff::as_result(std::move(r));
            }
            auto idx = me::argsort(a, o);
            CHECK(budget.flops_used() == me::flops::argsort_cost(line_length(a.shape(), o.axis), line_count(a.shape(), o.axis)));
            if (!kw.contains("check")) return diff::as_result(std::move(idx));
            check_permutation(lines_last(idx, o.axis), line_length(a.shape(), o.axis));
            return diff::as_result(picked(a, idx, o.axis));
        });
    };
}

std::vector<std::int64_t> kth_list(const json& kth) {
    return kth.is_array() ? kth.get<std::vector<std::int64_t>>() : std::vector<std::int64_t>{kth.get<std::int64_t>()};
}

/// The partition contract on a result whose lines are last: for every kth k of each row,
/// nothing before k sorts after row[k] and nothing after sorts before it.
template <class T>
void check_partitioned(const me::array<T>& rows, std::size_t n, const std::vector<std::int64_t>& kth) {
    for (std::size_t at = 0; at + n <= rows.size() && n > 0; at += n) {
        const T* row = rows.data() + at;
        for (std::int64_t k0 : kth) {
            const auto k = static_cast<std::size_t>(k0 < 0 ? k0 + static_cast<std::int64_t>(n) : k0);
            bool ok = true;
            for (std::size_t j = 0; j < k; ++j) ok &= !numpy_less(row[k], row[j]);
            for (std::size_t j = k + 1; j < n; ++j) ok &= !numpy_less(row[j], row[k]);
            INFO("slice at " << at << " is not partitioned around kth " << k);
            CHECK(ok);
        }
    }
}

/// [rows sorted, the values at kth of each sorted row] of a result whose lines are last.
template <class T>
diff::result sorted_and_kth(me::array<T> rows, std::size_t n, const std::vector<std::int64_t>& kth) {
    me::shape_t kth_shape = rows.shape();
    kth_shape.back() = rows.size() == 0 ? 0 : kth.size();
    auto at_kth = me::array<T>::uninitialized(kth_shape);
    std::size_t w = 0;
    for (std::size_t at = 0; at + n <= rows.size() && n > 0; at += n) {
        std::sort(rows.data() + at, rows.data() + at + n, numpy_less<T>);
        for (std::int64_t k : kth) at_kth.data()[w++] = rows.data()[at + static_cast<std::size_t>(k < 0 ? k + static_cast<std::int64_t>(n) : k)];
    }
    return {diff::any_array(std::move(rows)), diff::any_array(std::move(at_kth))};
}

diff::runner partition_runner(bool indices) {
    return [indices](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            const std::string kind = kw.value("kind", std::string("introselect"));
            const me::partition_options o{.axis = axis_of(kw), .kind = kind};
            const auto kth = kth_list(kw.at("kth"));
            me::BudgetContext budget(1e18);
            using T = typename std::decay_t<decltype(a)>::value_type;
            me::array<T> values;
            if (indices) {
                auto idx = kw.at("kth").is_array() ? me::argpartition(a, kth, o) : me::argpartition(a, kth[0], o);
                STATIC_REQUIRE(std::is_same_v<decltype(idx), me::array<std::int64_t>>);
                check_permutation(lines_last(idx, o.axis), line_length(a.shape(), o.axis));
                values = picked(a, idx, o.axis);
            } else {
                values = kw.at("kth").is_array() ? me::partition(a, kth, o) : me::partition(a, kth[0], o);
            }
            const std::size_t n = line_length(a.shape(), o.axis);
            std::vector<std::int64_t> distinct;
            for (auto k : kth) distinct.push_back(n == 0 ? k : (k % static_cast<std::int64_t>(n) + static_cast<std::int64_t>(n)) % static_cast<std::int64_t>(n));
            std::sort(distinct.begin(), distinct.end());
            distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
            const std::size_t j = a.size() == 0 ? 0 : distinct.size();
            CHECK(budget.flops_used() == me::flops::partition_cost(n, line_count(a.shape(), o.axis), j));
            auto rows = lines_last(values, o.axis);
            check_partitioned(rows, n, kth);
            return sorted_and_kth(std::move(rows), n, kth);
        });
    };
}

diff::result lexsort_run(const json& args, const json& kw) {
    return diff::visit_array(args.at(0), [&](const auto& keys) -> diff::result {
        using T = typename std::decay_t<decltype(keys)>::value_type;
        const me::lexsort_options o{.axis = kw.value("axis", -1)};
        me::BudgetContext budget(1e18);
        me::array<std::int64_t> r;
        if (kw.at("form") == "vector") {
            std::vector<me::array<T>> list;
            for (std::size_t k = 0; k < keys.shape(0); ++k) list.push_back(keys[static_cast<std::ptrdiff_t>(k)].copy());
            r = me::lexsort(list, o);
        } else {
            r = me::lexsort(keys, o);
        }
        const me::shape_t shape = keys.shape();
        const me::shape_t key_shape(shape.begin() + 1, shape.end());
        const std::size_t n = key_shape.empty() ? 1 : line_length(key_shape, o.axis);
        const std::size_t lines = key_shape.empty() ? 1 : line_count(key_shape, o.axis);
        CHECK(budget.flops_used() == me::flops::lexsort_cost(shape[0], n, lines));
        return diff::as_result(std::move(r));
    });
}

me::searchsorted_options search_options(const json& kw) {
    me::searchsorted_options o;
    if (kw.contains("side")) o.side = kw.at("side").get_ref<const std::string&>();
    if (kw.contains("sorter"))
        o.sorter = diff::decode_as<std::int64_t>(kw.at("sorter"));
    return o;
}

diff::result searchsorted_run(const json& args, const json& kw) {
    const me::searchsorted_options o = search_options(kw);
    return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
        me::BudgetContext budget(1e18);
        const json& v = args.at(1);
        if (v.contains("scalar")) {
            const json& s = v.at("scalar");
            const std::int64_t r = s.is_number_integer() ? me::searchsorted(a, s.get<std::int64_t>(), o)
                                                         : me::searchsorted(a, diff::number(s), o);
            CHECK(budget.flops_used() == me::flops::searchsorted_cost(a.size(), 1));
            return diff::as_result(me::array<std::int64_t>(r));
        }
        return diff::visit_array(v, [&](const auto& values) -> diff::result {
            auto r = me::searchsorted(a, values, o);
            CHECK(budget.flops_used() == me::flops::searchsorted_cost(a.size(), values.size()));
            return diff::as_result(std::move(r));
        });
    });
}

std::map<std::string, diff::runner> runners() {
    return {{"sort", sort_runner(false)},          {"argsort", sort_runner(true)},
            {"partition", partition_runner(false)}, {"argpartition", partition_runner(true)},
            {"lexsort", lexsort_run},               {"searchsorted", searchsorted_run}};
}

}  // namespace

TEST_CASE("the sorting family matches NumPy", "[sorting][differential]") {
    diff::run_family("sorting", runners());
}

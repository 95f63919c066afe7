/// @file histograms.hpp
/// @brief Histograms and counting: histogram, histogram_bin_edges, histogram2d,
/// histogramdd, bincount, digitize, with NumPy 1.24's semantics, bins and errors.
///
/// Call forms (NumPy's keywords in an options struct, last):
/// @code
///   auto [hist, edges] = me::histogram(a);                         // 10 bins, int64 counts
///   auto [hist, edges] = me::histogram(a, 50, {.range = {0.0, 1.0}});
///   auto [hist, edges] = me::histogram(a, "auto");                 // NumPy's bin rules
///   auto [hist, edges] = me::histogram(a, me::array<double>{0, 1, 5});  // explicit edges
///   auto [dens, edges] = me::histogram<double>(a, 10, {.density = true});
///   auto [h, xe, ye]   = me::histogram2d(x, y, {5, 8});
///   auto counts        = me::bincount(x, {.minlength = 4});
///   auto where         = me::digitize(x, bins, {.right = true});
/// @endcode
///
/// The hist's element type is a template argument, `std::int64_t` by default (NumPy's
/// counts): NumPy's type depends on `density` and on the weights' type at run time, which
/// a C++ return type cannot, so `me::histogram<double>` (or `<float>`) asks for it, and
/// weights are given as an array of that type (NumPy's hist has the weights' type).
/// Density with an integer hist is a me::ValueError, nothing charged.
///
/// Design: one plan per histogram (flops/histograms.hpp prices it): the outer edges and
/// the arithmetic NumPy's fast path uses for equal bins (in the edges' type: float32 data
/// stays float32), or explicit edges searched by bisection. Values are placed in one pass,
/// exactly where NumPy places them (its index arithmetic, then its one-step correction
/// against the edges). Outputs whose size comes from the data (a bin count, max(x) in
/// bincount) are checked against the machine's memory before anything is charged.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <unistd.h>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops/histograms.hpp"
#include "view.hpp"
#include "detail/ops.hpp"
#include "detail/ufunc.hpp"

namespace me {

/// A histogram's `range` (NumPy's `(min, max)`), or none (the data's own range).
struct histogram_range {
    constexpr histogram_range() noexcept = default;
    constexpr histogram_range(double lo, double hi) noexcept : given(true), first(lo), last(hi) {}
    bool given = false;
    double first = 0, last = 0;
};

/// `bins` of `me::histogram` and `histogram_bin_edges` other than explicit edges: an int
/// (the number of equal-width bins) or one of NumPy's rules ("auto", "fd", "doane",
/// "scott", "stone", "rice", "sturges", "sqrt"; anything else is refused by the op).
class histogram_bins {
public:
    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
    histogram_bins(I n) noexcept  // NOLINT: implicit, as NumPy's bins=10
        : count_(std::is_unsigned_v<I> && static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(INT64_MAX)
                     ? INT64_MAX
                     : static_cast<std::int64_t>(n)) {}
    histogram_bins(std::string_view rule) : rule_(rule) {}  // NOLINT: implicit, as bins="auto"
    histogram_bins(const char* rule) : rule_(rule) {}       // NOLINT
    histogram_bins(const std::string& rule) : rule_(rule) {}  // NOLINT

    std::int64_t count() const noexcept { return count_; }
    const std::optional<std::string>& rule() const noexcept { return rule_; }

private:
    std::int64_t count_ = 10;
    std::optional<std::string> rule_;
};

/// Options of `me::histogram<H>`: `range`, `density` (needs a floating H) and `weights`
/// (a's shape, of the hist's type H, as NumPy's hist takes the weights' type).
template <class H = std::int64_t>
struct histogram_options {
    histogram_range range{};
    bool density = false;
    std::optional<array<H>> weights{};
};

/// Options of `me::histogram_bin_edges`: `range`; `weights` only matter to refuse a string
/// rule (NumPy's TypeError).
struct histogram_bin_edges_options {
    histogram_range range{};
    std::optional<array<double>> weights{};
};

/// A histogram's result: `auto [hist, bin_edges] = me::histogram(a);`.
template <class H, class E>
struct histogram_result {
    array<H> hist;
    array<E> bin_edges;
};

/// `bins` of histogram2d and histogramdd: one int for every dimension, one int per
/// dimension (`{5, 8}`), or one array of edges per dimension (`{xedges, yedges}`).
class histogramdd_bins {
public:
    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
    histogramdd_bins(I n) : counts_{static_cast<std::int64_t>(n)}, all_(true) {}  // NOLINT
    histogramdd_bins(std::initializer_list<std::int64_t> counts) : counts_(counts) {}
    histogramdd_bins(std::vector<std::int64_t> counts) : counts_(std::move(counts)) {}  // NOLINT
    histogramdd_bins(std::vector<array<double>> edges) : edges_(std::move(edges)) {}     // NOLINT
    histogramdd_bins(std::initializer_list<array<double>> edges) : edges_(edges) {}

    /// Dimension i's bins: an int, or edges (null for an int).
    std::size_t size() const noexcept { return all_ ? 0 : (edges_.empty() ? counts_.size() : edges_.size()); }
    bool for_all() const noexcept { return all_; }
    std::int64_t count(std::size_t i) const noexcept { return all_ ? counts_[0] : counts_[i]; }
    const array<double>* edges(std::size_t i) const noexcept { return edges_.empty() ? nullptr : &edges_[i]; }

private:
    std::vector<std::int64_t> counts_;
    std::vector<array<double>> edges_;
    bool all_ = false;
};

/// Options of histogram2d and histogramdd: `range` (one (min, max) per dimension, each
/// may be none: `{{0, 1}, {}}`), `density`, `weights` (one per sample).
struct histogramdd_options {
    std::vector<histogram_range> range{};
    bool density = false;
    std::optional<array<double>> weights{};
};

struct histogram2d_result {
    array<double> hist;
    array<double> xedges;
    array<double> yedges;
};

struct histogramdd_result {
    array<double> hist;
    std::vector<array<double>> edges;
};

/// Options of `me::bincount`: `weights` (x's length; a float64 result: `me::bincount<double>`)
/// and `minlength`.
struct bincount_options {
    std::optional<array<double>> weights{};
    std::int64_t minlength = 0;
};

/// Options of `me::digitize`: `right` (intervals closed on the right).
struct digitize_options {
    bool right = false;
};

}  // namespace me

namespace me::detail::histograms {

namespace fh = flops::detail::histograms;

template <class T>
concept real_number = std::is_arithmetic_v<T>;

/// The type NumPy computes on: bool becomes uint8 (with a warning), others stay.
template <class T>
using data_t = std::conditional_t<std::is_same_v<T, bool>, std::uint8_t, T>;

/// The equal-bin edges' type: float32 for float32 data, float64 otherwise (ints too).
template <class T>
using edge_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

/// NumPy's order for searching: NaN after every number.
template <class C>
constexpr bool before(C a, C b) noexcept {
    if constexpr (std::is_floating_point_v<C>) return a < b || (b != b && a == a);
    else return a < b;
}

/// The type values and edges are compared in (NumPy's common type; comparing in double
/// gives float32's answers, its values being exact in double).
template <class V, class B>
using search_t = std::conditional_t<std::is_floating_point_v<V> || std::is_floating_point_v<B>, double,
                                    std::conditional_t<std::is_unsigned_v<V> && std::is_unsigned_v<B>, std::uint64_t, std::int64_t>>;

/// NumPy's MemoryError, before anything is charged: an output sized from the data (a
/// bin count, max(x) + 1) that is larger than the machine's memory is refused here rather
/// than allocated (it would fail, or with overcommit be zero-filled into the OOM killer).
inline void check_output(std::size_t elements, std::size_t itemsize, std::string_view op) {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    const double memory = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0x1p62;
    const double bytes = static_cast<double>(elements) * static_cast<double>(itemsize);
    if (bytes > memory)
        throw ValueError(cat(op, ": Unable to allocate ", general_number(bytes), " bytes for an array of ", elements,
                             " elements: more than the machine's memory (NumPy's MemoryError)"));
}

/// A bin count NumPy computed as a float (a rule's ceil(span / width)), as an int.
inline std::int64_t bins_from(double count, std::string_view op) {
    if (!(count < 0x1p62)) throw ValueError(cat(op, ": the bin rule asks for ", general_number(count), " bins: array is too big"));
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(count));
}

/// The outer edges of equal bins and the arithmetic NumPy's fast path places values with.
template <class E>
struct uniform_plan {
    double first = 0, last = 1;  ///< NumPy's first_edge, last_edge (exact in double)
    double span = 1;             ///< _unsigned_subtract(last_edge, first_edge), in its NumPy type
    std::int64_t bins = 1;
};

/// NumPy's _get_outer_edges and the type of last - first: data (min, max) keep the data's
/// type (float32 subtraction for float32, unsigned for ints); a range and the +-0.5 of an
/// empty width are float64.
template <class T>
uniform_plan<edge_t<T>> outer_edges(const data_t<T>* x, std::size_t n, const histogram_range& range, std::string_view op) {
    using V = data_t<T>;
    uniform_plan<edge_t<T>> p;
    bool typed = false;  // first/last are still of the data's type
    V lo{}, hi{};
    if (range.given) {
        if (range.first > range.last) throw ValueError(cat(op, ": max must be larger than min in range parameter."));
        if (!std::isfinite(range.first) || !std::isfinite(range.last))
            throw ValueError(cat(op, ": supplied range of [", general_number(range.first), ", ", general_number(range.last),
                                 "] is not finite"));
        p.first = range.first;
        p.last = range.last;
    } else if (n == 0) {
        p.first = 0;
        p.last = 1;
    } else {
        lo = hi = x[0];
        bool nan = false;
        for (std::size_t i = 0; i < n; ++i) {
            const V v = x[i];
            if constexpr (std::is_floating_point_v<V>)
                if (v != v) nan = true;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        p.first = static_cast<double>(lo);
        p.last = static_cast<double>(hi);
        if (nan) p.first = p.last = std::numeric_limits<double>::quiet_NaN();
        if (!std::isfinite(p.first) || !std::isfinite(p.last))
            throw ValueError(cat(op, ": autodetected range of [", general_number(p.first), ", ", general_number(p.last),
                                 "] is not finite"));
        typed = true;
    }
    if (p.first == p.last) {
        p.first -= 0.5;
        p.last += 0.5;
        typed = false;
    }
    if (typed && std::is_integral_v<V>) p.span = static_cast<double>(static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo));
    else if (typed) p.span = static_cast<double>(static_cast<V>(hi - lo));
    else p.span = p.last - p.first;
    return p;
}

/// np.linspace(first, last, bins + 1) in E: computed in float64, the last set to `last`.
template <class E>
void fill_edges(E* out, const uniform_plan<E>& p) {
    const auto num = static_cast<std::size_t>(p.bins) + 1;
    const double delta = p.last - p.first, div = static_cast<double>(p.bins), step = delta / div;
    for (std::size_t i = 0; i < num; ++i) {
        const auto k = static_cast<double>(i);
        out[i] = static_cast<E>((step == 0 ? k / div * delta : k * step) + p.first);
    }
    out[num - 1] = static_cast<E>(p.last);
}

/// Calls place(i, bin) for every value x[i] inside the edges, with NumPy's fast-path bin:
/// (x - first) * norm in the edges' type, truncated, then moved one bin if the edges say
/// so (values near an edge land where the edges put them), the last bin closed.
template <class E, class V, class F>
void place_uniform(const V* x, std::size_t n, const uniform_plan<E>& p, const E* edges, F&& place) {
    const E fe = static_cast<E>(p.first), le = static_cast<E>(p.last);
    const E norm = static_cast<E>(static_cast<double>(p.bins) / p.span);
    const std::int64_t last_bin = p.bins - 1;
    for (std::size_t i = 0; i < n; ++i) {
        const E v = static_cast<E>(x[i]);
        if (!(v >= fe && v <= le)) continue;  // NaN too
        const E f = (v - fe) * norm;
        // f >= bins (the last edge) and NaN (an infinite norm over a denormal span) go to
        // the last bin, then the edges decide, so that no float-to-int cast overflows.
        std::int64_t k = f < static_cast<E>(p.bins) ? static_cast<std::int64_t>(f) : last_bin;
        k = k > last_bin ? last_bin : k;
        if (v < edges[k]) --k;
        else if (k != last_bin && v >= edges[k + 1]) ++k;
        place(i, k);
    }
}

/// Calls place(i, bin) for every value inside explicit edges (increasing, m >= 2 of them):
/// bin j holds edges[j] <= x < edges[j+1], the last bin closed, compared as NumPy's
/// searchsorted does (in the common type, NaN after everything).
template <class V, class B, class F>
void place_explicit(const V* x, std::size_t n, const B* edges, std::size_t m, F&& place) {
    using C = search_t<V, B>;
    std::vector<C> e(edges, edges + m);
    const C lo = e.front(), hi = e.back();
    for (std::size_t i = 0; i < n; ++i) {
        const C v = static_cast<C>(x[i]);
        if (before(v, lo) || before(hi, v)) continue;
        if constexpr (std::is_floating_point_v<C>)
            if (v != v) continue;  // NaN counts only if an edge is NaN: NaN edges are not supported
        std::size_t k;
        if (v == hi) {
            k = m - 2;
        } else {
            k = static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), v, [](C a, C b) { return before(a, b); }) - e.begin()) - 1;
        }
        place(i, static_cast<std::int64_t>(k));
    }
}

/// Counts (or sums weights) into hist[0..bins): NumPy's bincount per block of 65,536
/// values, each block's weighted sums taken in double and added in H, as NumPy does.
template <class H, class Placer>
void accumulate(H* hist, std::size_t bins, std::size_t n, const H* weights, Placer&& placer) {
    std::fill(hist, hist + bins, H(0));
    if (weights == nullptr && std::is_same_v<H, std::int64_t>) {
        placer(0, n, [&](std::size_t, std::int64_t k) { ++hist[k]; });
        return;
    }
    if (weights == nullptr) {
        std::vector<std::int64_t> counts(bins, 0);
        placer(0, n, [&](std::size_t, std::int64_t k) { ++counts[static_cast<std::size_t>(k)]; });
        for (std::size_t k = 0; k < bins; ++k) hist[k] = static_cast<H>(counts[k]);
        return;
    }
    // One placing pass (the placer's setup, e.g. converting explicit edges, done once) with
    // a flush at every block boundary of only the bins the block touched: flushing all bins
    // per block did (n / 65536) * bins work the charge does not price (10^8 bins, 6.5e7
    // weighted values: 2e11 steps). Untouched bins would add 0.0, which changes nothing.
    constexpr std::size_t block = 65536;
    std::vector<double> part(bins, 0.0);
    std::vector<unsigned char> seen(bins, 0);
    std::vector<std::size_t> touched;
    const auto flush = [&] {
        for (std::size_t k : touched) {
            hist[k] = static_cast<H>(hist[k] + static_cast<H>(part[k]));
            part[k] = 0.0;
            seen[k] = 0;
        }
        touched.clear();
    };
    std::size_t block_end = block;
    placer(0, n, [&](std::size_t i, std::int64_t bin) {
        if (i >= block_end) {  // values are placed in index order
            flush();
            block_end += (i - block_end) / block * block + block;
        }
        const auto k = static_cast<std::size_t>(bin);
        if (!seen[k]) {
            seen[k] = 1;
            touched.push_back(k);
        }
        part[k] += static_cast<double>(weights[i]);
    });
    flush();
}

/// NumPy's density: n / diff(edges) / n.sum(), in float64.
template <class H, class E>
void to_density(H* hist, const E* edges, std::size_t bins) {
    double total = 0;
    for (std::size_t k = 0; k < bins; ++k) total += static_cast<double>(hist[k]);
    for (std::size_t k = 0; k < bins; ++k)
        hist[k] = static_cast<H>(static_cast<double>(hist[k]) / static_cast<double>(static_cast<E>(edges[k + 1] - edges[k])) / total);
}

// ---------------------------------------------------------------------------------------
// NumPy's bin rules (numpy/lib/histograms.py), on the values inside the range.

inline double mean_of(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

inline double std_of(const std::vector<double>& v) {
    const double m = mean_of(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size()));
}

/// np.percentile(v, q) (linear, NumPy's lerp), by selection as NumPy's partition: linear
/// work (the rule is priced so), `v` reordered.
inline double percentile_of(std::vector<double>& v, double q) {
    const double at = q / 100.0 * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(std::floor(at));
    const double t = at - static_cast<double>(i);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    const double a = v[i];
    const double b = i + 1 < v.size() ? *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end()) : a;
    const double d = b - a;
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/// Stone's rule: the candidate bin count minimising the estimated integrated squared error.
template <class E, class V>
double stone_width(const V* x, std::size_t n, double ptp, const uniform_plan<E>& outer) {
    if (n <= 1 || ptp == 0) return 0;
    const auto upper = std::max<std::int64_t>(100, static_cast<std::int64_t>(std::sqrt(static_cast<double>(n))));
    double best = 0;
    std::int64_t best_k = 1;
    std::vector<std::int64_t> counts;
    std::vector<E> edges;
    for (std::int64_t k = 1; k <= upper; ++k) {
        uniform_plan<E> p = outer;
        p.bins = k;
        edges.assign(static_cast<std::size_t>(k) + 1, E(0));
        fill_edges(edges.data(), p);
        counts.assign(static_cast<std::size_t>(k), 0);
        place_uniform(x, n, p, edges.data(), [&](std::size_t, std::int64_t b) { ++counts[static_cast<std::size_t>(b)]; });
        double dot = 0;
        for (auto c : counts) {
            const double pk = static_cast<double>(c) / static_cast<double>(n);
            dot += pk * pk;
        }
        const double j = (2 - static_cast<double>(n + 1) * dot) / (ptp / static_cast<double>(k));
        if (k == 1 || j < best) {
            best = j;
            best_k = k;
        }
    }
    return ptp / static_cast<double>(best_k);
}

/// The number of equal bins NumPy's rule picks, on the values of x inside `outer`.
template <class T>
std::int64_t rule_bins(fh::bin_rule rule, const data_t<T>* x, std::size_t n, const uniform_plan<edge_t<T>>& outer,
                       bool range_given, std::string_view op) {
    using V = data_t<T>;
    using E = edge_t<T>;
    std::vector<V> kept;
    if (range_given) {
        const E fe = static_cast<E>(outer.first), le = static_cast<E>(outer.last);
        for (std::size_t i = 0; i < n; ++i) {
            const E v = static_cast<E>(x[i]);
            if (v >= fe && v <= le) kept.push_back(x[i]);
        }
    } else {
        kept.assign(x, x + n);
    }
    const std::size_t m = kept.size();
    if (m == 0) return 1;
    const auto [lo, hi] = std::minmax_element(kept.begin(), kept.end());
    const double ptp = std::is_integral_v<V> ? static_cast<double>(static_cast<std::uint64_t>(*hi) - static_cast<std::uint64_t>(*lo))
                                             : static_cast<double>(static_cast<V>(*hi - *lo));
    const double size = static_cast<double>(m);
    std::vector<double> v(kept.begin(), kept.end());
    auto fd = [&] {
        std::vector<double> w(v);
        const double q75 = percentile_of(w, 75), q25 = percentile_of(w, 25);
        return 2.0 * (q75 - q25) * std::pow(size, -1.0 / 3.0);
    };
    const double sturges = ptp / (std::log2(size) + 1.0);
    double width = 0;
    switch (rule) {
        case fh::bin_rule::sqrt: width = ptp / std::sqrt(size); break;
        case fh::bin_rule::sturges: width = sturges; break;
        case fh::bin_rule::rice: width = ptp / (2.0 * std::pow(size, 1.0 / 3)); break;
        case fh::bin_rule::scott: width = std::pow(24.0 * std::sqrt(std::numbers::pi) / size, 1.0 / 3.0) * std_of(v); break;
        case fh::bin_rule::fd: width = fd(); break;
        case fh::bin_rule::auto_: {
            const double f = fd();
            width = f != 0 ? std::min(f, sturges) : sturges;
            break;
        }
        case fh::bin_rule::doane:
            if (m > 2) {
                const double sg1 = std::sqrt(6.0 * (size - 2) / ((size + 1.0) * (size + 3)));
                const double sigma = std_of(v);
                if (sigma > 0.0) {
                    const double mu = mean_of(v);
                    double g1 = 0;
                    for (double t : v) g1 += std::pow((t - mu) / sigma, 3);
                    g1 /= size;
                    width = ptp / (1.0 + std::log2(size) + std::log2(1.0 + std::fabs(g1) / sg1));
                }
            }
            break;
        case fh::bin_rule::stone: width = stone_width(kept.data(), m, ptp, outer); break;
    }
    if (width == 0 || width != width) return 1;
    return bins_from(std::ceil(outer.span / width), op);
}

/// a's values as NumPy computes on them (bool as uint8): a's buffer, or a converted copy.
template <class T>
class widened {
public:
    explicit widened(const array<T>& a) : size_(a.size()) {
        if constexpr (std::is_same_v<T, data_t<T>>) {
            data_ = a.data();
        } else {
            copy_.assign(a.begin(), a.end());
            data_ = copy_.data();
        }
    }
    const data_t<T>* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }

private:
    std::vector<data_t<T>> copy_;
    const data_t<T>* data_ = nullptr;
    std::size_t size_;
};

/// The equal bins an int or a rule came to: NumPy's plan for them and their number.
template <class E>
struct binning {
    uniform_plan<E> plan;
    std::int64_t bins = 0;
};

/// NumPy's checks on explicit edges. @throws me::ValueError for edges not 1-D or not increasing.
template <class B>
void check_edges(const array<B>& e, std::string_view op) {
    if (e.ndim() != 1) throw ValueError(cat(op, ": `bins` must be 1d, when an array"));
    for (std::size_t i = 1; i < e.size(); ++i)
        if (e.data()[i - 1] > e.data()[i]) throw ValueError(cat(op, ": `bins` must increase monotonically, when an array"));
}

/// The equal bins of an int or a rule: checks, and for a rule charges its work and runs it.
template <op_id Id, class T>
binning<edge_t<T>> equal_bins(const data_t<T>* x, std::size_t n, const histogram_bins& bins, const histogram_range& range,
                              bool weighted, std::string_view op) {
    binning<edge_t<T>> b;
    if (!bins.rule()) {
        if (bins.count() < 1) throw ValueError(cat(op, ": `bins` must be positive, when an integer"));
        b.plan = outer_edges<T>(x, n, range, op);
        b.bins = b.plan.bins = bins.count();
        return b;
    }
    const fh::bin_rule rule = fh::checked_rule(*bins.rule(), op);
    if (weighted) throw ValueError(cat(op, ": Automated estimation of the number of bins is not supported for weighted data"));
    b.plan = outer_edges<T>(x, n, range, op);
    // The rule's work is charged before it runs; the histogram on its bins after.
    if (const flops_t work = fh::rule_work(flops::detail::to_flops(n), rule); work > 0) charge(Id, work);
    b.bins = b.plan.bins = rule_bins<T>(rule, x, n, b.plan, range.given, op);
    return b;
}

/// The body of histogram for equal bins.
template <op_id Id, class H, class T>
histogram_result<H, edge_t<T>> run_equal(const array<T>& a, const histogram_bins& bins, const histogram_options<H>& o) {
    using E = edge_t<T>;
    const std::string_view op = op_name(Id);
    const auto x = widened(a);
    const auto b = equal_bins<Id, T>(x.data(), x.size(), bins, o.range, o.weights.has_value(), op);
    const auto nb = static_cast<std::size_t>(b.bins);
    check_output(nb + 1, sizeof(E) + sizeof(H), op);
    auto hist = array<H>::uninitialized(shape_t{nb}, op);
    auto edges = array<E>::uninitialized(shape_t{nb + 1}, op);
    charge(Id, flops::op_cost<Id>(flops::detail::to_flops(x.size()), b.bins), shape_details(a.xt().shape()));
    fill_edges(edges.data(), b.plan);
    const E* e = edges.data();
    accumulate(hist.data(), nb, x.size(), o.weights ? o.weights->data() : nullptr, [&](std::size_t lo, std::size_t hi, auto&& place) {
        place_uniform(x.data() + lo, hi - lo, b.plan, e, [&](std::size_t i, std::int64_t k) { place(lo + i, k); });
    });
    if (o.density) to_density(hist.data(), e, nb);
    return {std::move(hist), std::move(edges)};
}

/// The body of histogram for explicit edges.
template <op_id Id, class H, class T, class B>
histogram_result<H, B> run_explicit(const array<T>& a, const array<B>& edges, const histogram_options<H>& o) {
    const std::string_view op = op_name(Id);
    check_edges(edges, op);
    const auto x = widened(a);
    const std::size_t m = edges.size(), nb = m == 0 ? 0 : m - 1;
    auto hist = array<H>::uninitialized(shape_t{nb}, op);
    charge(Id, flops::op_cost<Id>(flops::detail::to_flops(x.size()), static_cast<std::int64_t>(nb)), shape_details(a.xt().shape()));
    if (nb == 0) return {std::move(hist), edges};
    accumulate(hist.data(), nb, x.size(), o.weights ? o.weights->data() : nullptr, [&](std::size_t lo, std::size_t hi, auto&& place) {
        place_explicit(x.data() + lo, hi - lo, edges.data(), m, [&](std::size_t i, std::int64_t k) { place(lo + i, k); });
    });
    if (o.density) to_density(hist.data(), edges.data(), nb);
    return {std::move(hist), edges};
}

/// NumPy's checks of histogram's weights and density before anything is charged.
template <class H, class T>
void check_options(const array<T>& a, const histogram_options<H>& o, std::string_view op) {
    if (o.weights && o.weights->shape() != a.shape()) throw ValueError(cat(op, ": weights should have the same shape as a."));
    if (o.density && !std::is_floating_point_v<H>)
        throw ValueError(cat(op, ": density=True gives a float64 hist: call me::histogram<double>(...)"));
}

// ---------------------------------------------------------------------------------------
// histogramdd

/// The edges of one dimension (float64): linspace of its outer edges, or the given edges.
template <class V>
array<double> dimension_edges(const V* sample, std::size_t n, std::size_t d, const histogramdd_bins& bins,
                              std::size_t i, const histogram_range& range, std::string_view op) {
    if (const array<double>* given = bins.edges(i)) {
        if (given->ndim() != 1) throw ValueError(cat(op, ": `bins[", i, "]` must be a scalar or 1d array"));
        for (std::size_t k = 1; k < given->size(); ++k)
            if (given->data()[k - 1] > given->data()[k])
                throw ValueError(cat(op, ": `bins[", i, "]` must be monotonically increasing, when an array"));
        return *given;
    }
    const std::int64_t count = bins.count(i);
    if (count < 1) throw ValueError(cat(op, ": `bins[", i, "]` must be positive, when an integer"));
    std::vector<double> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<double>(sample[k * d + i]);  // no offset on an empty sample's null
    uniform_plan<double> p = outer_edges<double>(v.data(), n, range, op);
    p.bins = count;
    check_output(static_cast<std::size_t>(count) + 1, sizeof(double), op);
    auto e = array<double>::uninitialized(shape_t{static_cast<std::size_t>(count) + 1}, op);
    fill_edges(e.data(), p);
    return e;
}

/// The body of histogramdd on an (N, D) row-major sample.
template <op_id Id, class V>
histogramdd_result run_dd(const V* sample, std::size_t n, std::size_t d, const histogramdd_bins& bins,
                          const histogramdd_options& o, const shape_t& shape) {
    const std::string_view op = op_name(Id);
    check_ndim(d, op);  // the result has D dimensions: refused before any edge is computed
    if (!bins.for_all() && bins.size() != d)
        throw ValueError(cat(op, ": The dimension of bins must be equal to the dimension of the  sample x."));
    if (!o.range.empty() && o.range.size() != d) throw ValueError(cat(op, ": range argument must have one entry per dimension"));
    if (o.weights && (o.weights->ndim() != 1 || o.weights->size() != n))
        throw ValueError(cat(op, ": The weights and list don't have the same length."));
    histogramdd_result r;
    std::vector<std::int64_t> counts(d);
    shape_t out(d);
    for (std::size_t i = 0; i < d; ++i) {
        r.edges.push_back(dimension_edges(sample, n, d, bins, i, o.range.empty() ? histogram_range{} : o.range[i], op));
        out[i] = r.edges[i].size() == 0 ? 0 : r.edges[i].size() - 1;
        counts[i] = static_cast<std::int64_t>(out[i]);
    }
    const std::size_t cells = checked_size(out, sizeof(double), op) / sizeof(double);
    check_output(cells, sizeof(double), op);
    auto hist = array<double>::uninitialized(out, op);
    charge(Id, flops::op_cost<Id>(flops::detail::to_flops(n), counts), shape_details(shape));
    double* h = hist.data();
    std::fill(h, h + hist.size(), 0.0);
    if (hist.size() == 0) {
        r.hist = std::move(hist);
        return r;
    }
    std::vector<std::size_t> stride(d, 1);
    for (std::size_t i = d; i-- > 1;) stride[i - 1] = stride[i] * out[i];
    // Each sample's flat cell, or n (an outlier in some dimension).
    std::vector<std::size_t> cell(n, 0);
    for (std::size_t i = 0; i < d; ++i) {
        const double* e = r.edges[i].data();
        std::vector<double> col(n);
        for (std::size_t k = 0; k < n; ++k) col[k] = static_cast<double>(sample[k * d + i]);
        std::vector<char> in(n, 0);
        place_explicit(col.data(), n, e, r.edges[i].size(), [&](std::size_t k, std::int64_t b) {
            in[k] = 1;
            if (cell[k] != SIZE_MAX) cell[k] += static_cast<std::size_t>(b) * stride[i];
        });
        for (std::size_t k = 0; k < n; ++k)
            if (!in[k]) cell[k] = SIZE_MAX;
    }
    const double* w = o.weights ? o.weights->data() : nullptr;
    for (std::size_t k = 0; k < n; ++k)
        if (cell[k] != SIZE_MAX) h[cell[k]] += w ? w[k] : 1.0;
    if (o.density) {
        double s = 0;
        for (std::size_t c = 0; c < hist.size(); ++c) s += h[c];
        std::vector<std::size_t> index(d, 0);
        for (std::size_t c = 0; c < hist.size(); ++c) {
            double v = h[c];
            for (std::size_t i = 0; i < d; ++i) v = v / (r.edges[i].data()[index[i] + 1] - r.edges[i].data()[index[i]]);
            h[c] = v / s;
            for (std::size_t i = d; i-- > 0;) {
                if (++index[i] < out[i]) break;
                index[i] = 0;
            }
        }
    }
    r.hist = std::move(hist);
    return r;
}

}  // namespace me::detail::histograms

namespace me {

/// NumPy 1.24's `histogram(a, bins, range, density, weights)` with `bins` an int (equal
/// bins, default 10) or a rule ("auto", "fd", "doane", "scott", "stone", "rice",
/// "sturges", "sqrt"): `auto [hist, bin_edges] = me::histogram(a, 20, {.range = {0, 1}})`.
/// a is flattened; bin_edges are float32 for float32 data, else float64; the last bin is
/// closed; values are placed with NumPy's fast-path arithmetic, so exactly in NumPy's bins.
/// hist is H (int64 counts by default; `me::histogram<double>` for density or float
/// weights; weights, if any, are of type H and a's shape).
/// FLOPs: `flops::histogram_cost(numel(a), bins)`: max(n*max(1, ceil(log2(bins))), bins),
/// at least 1; a rule first charges its own work on numel(a) (docs/histograms.md), then
/// the histogram on the bins it picked (`flops::histogram_cost(numel(a), rule, bins)` is
/// the sum).
/// @throws me::ValueError NumPy's messages: bins < 1, an unknown rule, a rule with weights,
///         a range with min > max or not finite, NaN or inf in the data without a range
///         ("autodetected range of [nan, nan] is not finite"), weights of another shape,
///         density with an integer H, a bin count beyond the machine's memory; nothing
///         charged (a rule's work is charged before its bins are known).
template <class H = std::int64_t, array_like A, class T = detail::value_t<A>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<H>)
histogram_result<H, detail::histograms::edge_t<T>> histogram(const A& a_in, const histogram_bins& bins = 10,
                                                              const histogram_options<H>& options = {}) {
    constexpr auto id = detail::op_index("histogram");
    const auto& a = detail::contiguous(a_in);
    detail::histograms::check_options(a, options, "histogram");
    return detail::histograms::run_equal<id>(a, bins, options);
}

/// NumPy's `histogram(a, bins)` with explicit edges (a 1-D increasing array, the last bin
/// closed): bin_edges come back as given, of their type.
/// FLOPs: `flops::histogram_cost(numel(a), len(bins) - 1)`.
/// @throws me::ValueError "`bins` must increase monotonically, when an array", "`bins`
///         must be 1d, when an array", and histogram's other messages; nothing charged.
template <class H = std::int64_t, array_like A, array_like Bins, class T = detail::value_t<A>, class B = detail::value_t<Bins>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<B> && detail::histograms::real_number<H>)
histogram_result<H, B> histogram(const A& a_in, const Bins& bins_in, const histogram_options<H>& options = {}) {
    constexpr auto id = detail::op_index("histogram");
    const auto& a = detail::contiguous(a_in);
    const auto& edges = detail::contiguous(bins_in);
    detail::histograms::check_options(a, options, "histogram");
    return detail::histograms::run_explicit<id>(a, edges, options);
}

/// NumPy's `histogram_bin_edges(a, bins, range, weights)`: the edges `histogram` would
/// use, for an int or a rule.
/// FLOPs: `flops::histogram_bin_edges_cost(numel(a), bins)`: max(numel(a), bins+1), at
/// least 1; a rule first charges its work (`histogram_bin_edges_cost(n, rule, bins)`).
/// @throws me::ValueError as histogram; nothing charged.
template <array_like A, class T = detail::value_t<A>>
    requires detail::histograms::real_number<T>
array<detail::histograms::edge_t<T>> histogram_bin_edges(const A& a_in, const histogram_bins& bins = 10,
                                                         const histogram_bin_edges_options& options = {}) {
    namespace h = detail::histograms;
    constexpr auto id = detail::op_index("histogram_bin_edges");
    const auto& a = detail::contiguous(a_in);
    if (options.weights && options.weights->shape() != a.shape())
        throw ValueError("histogram_bin_edges: weights should have the same shape as a.");
    const auto x = h::widened(a);
    const auto b = h::equal_bins<id, T>(x.data(), x.size(), bins, options.range, options.weights.has_value(), "histogram_bin_edges");
    const auto nb = static_cast<std::size_t>(b.bins);
    h::check_output(nb + 1, sizeof(h::edge_t<T>), "histogram_bin_edges");
    auto edges = array<h::edge_t<T>>::uninitialized(shape_t{nb + 1}, "histogram_bin_edges");
    detail::charge(id, flops::op_cost<id>(flops::detail::to_flops(x.size()), b.bins), detail::shape_details(a.xt().shape()));
    h::fill_edges(edges.data(), b.plan);
    return edges;
}

/// NumPy's `histogram_bin_edges(a, bins)` with explicit edges: a copy of them, checked.
/// FLOPs: `flops::histogram_bin_edges_cost(numel(a), len(bins) - 1)`.
/// @throws me::ValueError for edges not 1-D or not increasing; nothing charged.
template <array_like A, array_like Bins, class T = detail::value_t<A>, class B = detail::value_t<Bins>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<B>)
array<B> histogram_bin_edges(const A& a_in, const Bins& bins_in, const histogram_bin_edges_options& options = {}) {
    constexpr auto id = detail::op_index("histogram_bin_edges");
    const auto& a = detail::contiguous(a_in);
    const auto& edges = detail::contiguous(bins_in);
    if (options.weights && options.weights->shape() != a.shape())
        throw ValueError("histogram_bin_edges: weights should have the same shape as a.");
    detail::histograms::check_edges(edges, "histogram_bin_edges");
    const auto nb = static_cast<std::int64_t>(edges.size() == 0 ? 0 : edges.size() - 1);
    detail::charge(id, flops::op_cost<id>(flops::detail::to_flops(a.size()), nb), detail::shape_details(a.xt().shape()));
    return edges;
}

/// NumPy's `histogramdd(sample, bins, range, density, weights)` on an (N, D) sample (a 1-D
/// sample is N values of one dimension): hist of shape (b_0, ..., b_{D-1}), float64, and
/// the float64 edges of every dimension. `bins`: an int for all, one int per dimension, or
/// one edge array per dimension; `range`: one (min, max) per dimension (each may be none).
/// FLOPs: `flops::histogramdd_cost(N, {b_i...})`: max(N*max(D, sum(ceil(log2(b_i)))),
/// prod(b_i), sum(b_i + 1)), at least 1.
/// @throws me::ValueError NumPy's messages (bins or range of the wrong length, a bin count
///         below 1, edges not increasing, weights not of length N, the range errors of
///         histogram, a sample of more than 2 dimensions); nothing charged.
template <array_like A, class T = detail::value_t<A>>
    requires detail::histograms::real_number<T>
histogramdd_result histogramdd(const A& sample_in, const histogramdd_bins& bins = 10, const histogramdd_options& options = {}) {
    constexpr auto id = detail::op_index("histogramdd");
    const auto& s = detail::contiguous(sample_in);
    if (s.ndim() > 2 || s.ndim() == 0)
        throw ValueError(detail::cat("histogramdd: the sample must be an (N, D) array or N values, got shape ", detail::tuple_string(s.shape())));
    const std::size_t n = s.shape()[0], d = s.ndim() == 2 ? s.shape()[1] : 1;
    if (d == 0) throw ValueError("histogramdd: the sample has no dimensions (shape (N, 0))");
    const auto x = detail::histograms::widened(s);
    return detail::histograms::run_dd<id>(x.data(), n, d, bins, options, s.shape());
}

/// NumPy's `histogramdd` on a list of D 1-D arrays of one length (the D coordinates).
/// FLOPs: as histogramdd on the (N, D) sample.
/// @throws me::ValueError for arrays of different lengths or not 1-D, and histogramdd's messages.
template <class T>
    requires detail::histograms::real_number<T>
histogramdd_result histogramdd(const std::vector<array<T>>& coordinates, const histogramdd_bins& bins = 10,
                               const histogramdd_options& options = {}) {
    constexpr auto id = detail::op_index("histogramdd");
    const std::size_t d = coordinates.size();
    if (d == 0) throw ValueError("histogramdd: the sample has no dimensions");
    const std::size_t n = coordinates[0].size();
    for (const auto& c : coordinates)
        if (c.ndim() != 1 || c.size() != n) throw ValueError("histogramdd: the coordinates must be 1-D arrays of one length");
    std::vector<detail::histograms::data_t<T>> x(n * d);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t k = 0; k < n; ++k) x[k * d + i] = coordinates[i].data()[k];
    return detail::histograms::run_dd<id>(x.data(), n, d, bins, options, shape_t{n, d});
}

/// NumPy's `histogram2d(x, y, bins, range, density, weights)`: histogramdd of the points
/// (x[i], y[i]); bins an int, `{bx, by}`, `{xedges, yedges}`, or one edge array (below).
/// FLOPs: `flops::histogram2d_cost(n, bx, by)`: max(n*max(2, ceil(log2(bx)) +
/// ceil(log2(by))), bx*by, bx + by + 2), at least 1.
/// @throws me::ValueError "x and y must have the same length.", x or y not 1-D, and
///         histogramdd's messages; nothing charged.
template <array_like X, array_like Y, class T = detail::value_t<X>, class U = detail::value_t<Y>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<U>)
histogram2d_result histogram2d(const X& x_in, const Y& y_in, const histogramdd_bins& bins = 10,
                               const histogramdd_options& options = {}) {
    constexpr auto id = detail::op_index("histogram2d");
    const auto& x = detail::contiguous(x_in);
    const auto& y = detail::contiguous(y_in);
    if (x.size() != y.size()) throw ValueError("histogram2d: x and y must have the same length.");
    if (x.ndim() != 1 || y.ndim() != 1) throw ValueError("histogram2d: x and y must be 1-D");
    const std::size_t n = x.size();
    std::vector<double> xy(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
        xy[2 * k] = static_cast<double>(x.data()[k]);
        xy[2 * k + 1] = static_cast<double>(y.data()[k]);
    }
    auto r = detail::histograms::run_dd<id>(xy.data(), n, 2, bins, options, x.shape());
    return {std::move(r.hist), std::move(r.edges[0]), std::move(r.edges[1])};
}

/// NumPy's `histogram2d(x, y, bins)` with one edge array for both axes.
/// FLOPs: `flops::histogram2d_cost(n, len(bins) - 1, len(bins) - 1)`.
template <array_like X, array_like Y, array_like Bins, class T = detail::value_t<X>, class U = detail::value_t<Y>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<U>)
histogram2d_result histogram2d(const X& x, const Y& y, const Bins& edges, const histogramdd_options& options = {}) {
    const array<double> e = detail::contiguous(edges).template astype<double>();
    return histogram2d(x, y, histogramdd_bins(std::vector<array<double>>{e, e}), options);
}

/// NumPy's `bincount(x, weights, minlength)`: the number of occurrences of each value
/// 0..max(x) of the non-negative integers x (1-D), at least minlength of them; int64
/// counts, or with weights (x's length) their sums: `me::bincount<double>(x, {.weights = w})`.
/// FLOPs: `flops::bincount_cost(numel(x), len(output))`: max(numel(x), len(output)), at
/// least 1 (the output's length, max(x) + 1, is read from x before anything is charged).
/// @throws me::ValueError NumPy's messages: x not 1-D ("object too deep for desired
///         array", "object of too small depth for desired array"), not of an integer type
///         ("Cannot cast array data from dtype('float64') to dtype('int64') according to the
///         rule 'safe'"), a negative value, minlength < 0, weights of another length,
///         weights with an integer result type, an output beyond the machine's memory;
///         nothing charged.
template <class H = std::int64_t, array_like A, class T = detail::value_t<A>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<H>)
array<H> bincount(const A& x_in, const bincount_options& options = {}) {
    constexpr auto id = detail::op_index("bincount");
    const auto& x = detail::contiguous(x_in);
    if (x.ndim() > 1) throw ValueError("bincount: object too deep for desired array");
    if (x.ndim() == 0) throw ValueError("bincount: object of too small depth for desired array");
    constexpr bool safe = std::is_same_v<T, bool> || (std::is_integral_v<T> && (std::is_signed_v<T> || sizeof(T) < 8));
    if (!safe)
        throw ValueError(detail::cat("bincount: Cannot cast array data from dtype('", detail::dtype_name<T>(),
                             "') to dtype('int64') according to the rule 'safe'"));
    if (options.minlength < 0) throw ValueError("bincount: 'minlength' must not be negative");
    if (options.weights && (options.weights->ndim() != 1 || options.weights->size() != x.size()))
        throw ValueError("bincount: The weights and list don't have the same length.");
    if (options.weights && !std::is_floating_point_v<H>)
        throw ValueError("bincount: weights give a float64 result: call me::bincount<double>(x, {.weights = w})");
    // One branch-free pass for the extremes (the count pass below is the other), four
    // running extremes of each kind so that no select waits on the previous one (int64
    // min/max has no SSE2 instruction: the baseline build does this pass scalar).
    std::int64_t tops[4] = {-1, -1, -1, -1}, lows[4] = {0, 0, 0, 0};
    const T* xs = x.data();
    const std::size_t quads = x.size() / 4 * 4;
    for (std::size_t i = 0; i < quads; i += 4)
        for (std::size_t l = 0; l < 4; ++l) {
            const auto k = static_cast<std::int64_t>(xs[i + l]);
            tops[l] = k > tops[l] ? k : tops[l];
            lows[l] = k < lows[l] ? k : lows[l];
        }
    for (std::size_t i = quads; i < x.size(); ++i) {
        const auto k = static_cast<std::int64_t>(xs[i]);
        tops[0] = k > tops[0] ? k : tops[0];
        lows[0] = k < lows[0] ? k : lows[0];
    }
    const std::int64_t top = std::max({tops[0], tops[1], tops[2], tops[3]});
    const std::int64_t low = std::min({lows[0], lows[1], lows[2], lows[3]});
    if (low < 0) throw ValueError("bincount: 'list' argument must have no negative elements");
    // max(x) + 1 cannot wrap: max(x) <= INT64_MAX - 0 only for int64, refused as too big below
    const std::int64_t length = std::max(top == INT64_MAX ? top : top + 1, options.minlength);
    detail::histograms::check_output(static_cast<std::size_t>(length), sizeof(H), "bincount");
    auto out = array<H>::uninitialized(shape_t{static_cast<std::size_t>(length)}, "bincount");
    detail::charge(id, flops::op_cost<id>(flops::detail::to_flops(x.size()), length), detail::shape_details(x.xt().shape()));
    H* o = out.data();
    std::fill(o, o + length, H(0));
    const T* v = x.data();
    if (options.weights) {
        const double* w = options.weights->data();
        for (std::size_t i = 0; i < x.size(); ++i) o[static_cast<std::size_t>(v[i])] += static_cast<H>(w[i]);
    } else {
        for (std::size_t i = 0; i < x.size(); ++i) ++o[static_cast<std::size_t>(v[i])];
    }
    return out;
}

/// NumPy's `digitize(x, bins, right)`: for each value of x (any shape) the index i of the
/// bin it falls in: bins[i-1] <= x < bins[i] for increasing bins (right: bins[i-1] < x <=
/// bins[i]), the mirror for decreasing ones; 0 below and len(bins) above; int64 of x's shape.
/// FLOPs: `flops::digitize_cost(numel(x), len(bins))`: max(numel(x)*max(1,
/// ceil(log2(len(bins)))), len(bins)), at least 1.
/// @throws me::ValueError "bins must be monotonically increasing or decreasing", bins not
///         1-D ("object too deep for desired array", "object of too small depth for
///         desired array"); nothing charged.
template <array_like X, array_like Bins, class T = detail::value_t<X>, class B = detail::value_t<Bins>>
    requires(detail::histograms::real_number<T> && detail::histograms::real_number<B>)
array<std::int64_t> digitize(const X& x_in, const Bins& bins_in, const digitize_options& options = {}) {
    constexpr auto id = detail::op_index("digitize");
    const auto& x = detail::contiguous(x_in);
    const auto& bins = detail::contiguous(bins_in);
    if (bins.ndim() > 1) throw ValueError("digitize: object too deep for desired array");
    if (bins.ndim() == 0) throw ValueError("digitize: object of too small depth for desired array");
    const B* e = bins.data();
    const std::size_t m = bins.size();
    // NumPy's monotonicity test, as it is: the first edge that differs from the first one
    // sets the direction by a plain `<` (so a NaN there means decreasing), and only a
    // strict step the other way fails ([0, 2, nan] increases, [nan, 1, -2] decreases).
    bool up = true;
    std::size_t i = 1;
    while (i < m && e[i] == e[0]) ++i;
    if (i < m) {
        up = e[0] < e[i];
        for (++i; i < m; ++i)
            if (up ? e[i - 1] > e[i] : e[i - 1] < e[i])
                throw ValueError("digitize: bins must be monotonically increasing or decreasing");
    }
    auto out = array<std::int64_t>::uninitialized_like(x.xt().shape());
    detail::charge(id, flops::op_cost<id>(flops::detail::to_flops(x.size()), static_cast<std::int64_t>(m)), detail::shape_details(x.xt().shape()));
    using C = detail::histograms::search_t<T, B>;
    // Increasing bins (up, also when all are equal) are searched as they are, decreasing
    // ones reversed with the index mirrored, as NumPy.
    std::vector<C> s(e, e + m);
    if (!up) std::reverse(s.begin(), s.end());
    const auto lt = [](C a, C b) { return detail::histograms::before(a, b); };
    // right=False: searchsorted side 'right' (upper bound) on increasing bins, and NumPy's
    // side swap on the reversed ones.
    const bool upper = !options.right;
    std::int64_t* o = out.data();
    for (std::size_t i = 0; i < x.size(); ++i) {
        const C v = static_cast<C>(x.data()[i]);
        const auto at = upper ? std::upper_bound(s.begin(), s.end(), v, lt) : std::lower_bound(s.begin(), s.end(), v, lt);
        const auto k = static_cast<std::int64_t>(at - s.begin());
        o[i] = up ? k : static_cast<std::int64_t>(m) - k;
    }
    return out;
}

}  // namespace me

/// @file reductions.hpp
/// @brief Counted reductions (the 37 `counted_reduction` names): sum, mean, var, max,
/// argmax, median, quantile, cumsum, ... with NumPy's semantics, result types and errors.
///
/// Call forms (NumPy's keywords in one options struct, last, designated initializers):
/// @code
///   me::sum(a);                                   // all axes, a 0-d array: .item() for the value
///   me::sum(a, 0);                                // positional axis
///   me::sum(a, {.axis = {0, 1}});                 // several axes
///   me::sum(a, {.axis = -1, .keepdims = true});
///   me::var(a, {.axis = 0, .ddof = 1});
///   me::percentile(a, 90.0, {.axis = 0});
///   me::average(a, {.axis = 1, .weights = w});
/// @endcode
///
/// FLOPs (the formula each op's registry row binds it to, flops/reductions.hpp): numel(input) for every
/// reduction, whatever the axis; mean, average and nanmean add numel(output); var, std,
/// nanvar and nanstd cost 2*numel(input) + numel(output); at least 1. A symmetric input
/// (symmetry.hpp) counts its distinct elements instead of numel, and the result keeps the
/// groups of the axes not reduced. The cost is charged before anything is computed; a bad
/// argument raises a me:: error and charges nothing.
///
/// Design: every reduction runs through one engine (`detail::reduce_into`) that plans the
/// walk once from the shape: reduced axes that are trailing give contiguous blocks (no copy),
/// leading reduced axes accumulate whole rows into the output (no transpose), anything else
/// walks strided blocks or gathers. A reduction itself is a small kernel: a *fold*
/// (lift/combine/finish, e.g. sum, max, all) or a *block* kernel (var, argmax, median).
/// Sums use NumPy's pairwise summation (detail/pairwise_sum.hpp), accumulating float32 in
/// float32 like NumPy. Cumulative ops share one scan engine along an axis.
///
/// Result types follow NumPy on Linux: sum/prod/cumsum of bool and int32 give int64;
/// float32 stays float32; mean/var/median/quantile of integers give float64; argmax and
/// count_nonzero give int64; all/any give bool. Ordering reductions (max, argmax, median,
/// quantile, ptp) are defined for real types; quantile/percentile and ptp reject bool at
/// compile time (NumPy raises TypeError).
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "detail/ops.hpp"
#include "detail/pairwise_sum.hpp"
#include "detail/vector_math.hpp"
#include "detail/types.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"
#include "symmetry.hpp"

namespace me {

// ---------------------------------------------------------------------------------------
// Options (NumPy's keyword arguments, in NumPy's order).

/// `keepdims`: a bool that only a bool initializes. Without it `me::sum(a, {0, 1})` (axes 0
/// and 1, in NumPy's spelling) would silently read as `{.axis = 0, .keepdims = true}`; with
/// it that call does not compile, and several axes are written `{.axis = {0, 1}}`.
struct keepdims_flag {
    bool value = false;
    constexpr keepdims_flag() = default;
    constexpr keepdims_flag(bool v) : value(v) {}
    template <class T>
        requires(!std::is_same_v<T, bool>)
    keepdims_flag(T) = delete;
    constexpr operator bool() const { return value; }
};

/// sum, prod, max, min, all, any, mean, median, count_nonzero, ptp and their nan* forms.
struct reduce_options {
    axis_spec axis{};       ///< int, braced list, or left out for all axes
    keepdims_flag keepdims{};  ///< keep reduced axes with length 1
};

/// var, std, nanvar, nanstd.
struct var_options {
    axis_spec axis{};
    double ddof = 0;  ///< delta degrees of freedom: the divisor is N - ddof
    keepdims_flag keepdims{};
};

/// argmax, argmin, nanargmax, nanargmin: one axis or none (flattened index).
struct arg_options {
    std::optional<int> axis{};
    keepdims_flag keepdims{};
};

/// average.
struct average_options {
    axis_spec axis{};
    std::optional<array<double>> weights{};  ///< same shape as `a`, or 1-d along `axis`
    keepdims_flag keepdims{};
};

/// quantile, percentile, nanquantile, nanpercentile.
struct quantile_options {
    axis_spec axis{};
    std::string_view method = "linear";  ///< "linear", "lower", "higher", "nearest", "midpoint"
    keepdims_flag keepdims{};
};

/// cumsum, cumprod, nancumsum, nancumprod: one axis, or none to scan the flattened array.
struct cum_options {
    std::optional<int> axis{};
};

/// cumulative_sum, cumulative_prod (NumPy 2): `axis` may be left out only for 0-d and 1-d input.
struct cumulative_options {
    std::optional<int> axis{};
    bool include_initial = false;  ///< prepend the identity (0 or 1) along the axis
};

namespace detail::rd {  // internals of the reduction family

// ---------------------------------------------------------------------------------------
// Result types.

template <class T>
constexpr auto sum_type_pick() {
    if constexpr (std::is_same_v<T, bool>) return std::int64_t{};
    else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return std::int64_t{};
    else if constexpr (std::is_integral_v<T>) return std::uint64_t{};
    else return T{};
}
/// NumPy's sum/prod/cumsum result type: bool and small integers widen to 64 bits.
template <class T> using sum_t = decltype(sum_type_pick<T>());
/// mean/median/quantile result type: integers and bool give float64.
template <class T> using mean_t = float_result_t<T>;
/// var/std result type: the real type of the mean type.
template <class T> using var_t = real_t<float_result_t<T>>;

template <class T>
constexpr bool is_nan(const T& x) {
    if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
    else if constexpr (is_complex_v<T>) return std::isnan(x.real()) || std::isnan(x.imag());
    else return false;
}
template <class T> inline constexpr bool can_be_nan = std::is_floating_point_v<T> || is_complex_v<T>;
template <class T> concept real_element = std::is_arithmetic_v<T>;
template <class T> concept real_nonbool = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
template <class T> concept any_element = std::is_arithmetic_v<T> || is_complex_v<T>;

template <class T>
constexpr real_t<T> abs2(const T& x) {
    if constexpr (is_complex_v<T>) return x.real() * x.real() + x.imag() * x.imag();
    else return x * x;
}

/// A heap buffer reused across blocks (std::vector<bool> has no data()).
template <class T>
class scratch_buffer {
public:
    T* get(std::size_t n) {
        if (n > capacity_) {
            data_ = std::make_unique<T[]>(n);
            capacity_ = n;
        }
        return data_.get();
    }

private:
    std::unique_ptr<T[]> data_;
    std::size_t capacity_ = 0;
};

// ---------------------------------------------------------------------------------------
// The plan: how to walk a contiguous row-major input for a reduction over sorted axes.

struct reduce_plan {
    enum class walk { blocks, rows, general };
    shape_t result_shape;      ///< output shape, keepdims applied
    std::size_t out_size = 1;  ///< number of outputs
    std::size_t count = 1;     ///< elements reduced into each output
    walk kind = walk::blocks;
    // blocks: output o reduces in[o*len, (o+1)*len).  rows: input is (outer, len, inner)
    // and the output (outer, inner).
    std::size_t outer = 1, len = 1, inner = 1;
    // general: kept and reduced dimensions (merged) with their element strides.
    std::vector<std::size_t> kdims, kstrides, rdims, rstrides;
};

/// Adjacent dimensions of the same kind (kept or reduced) merge into one, and length-1
/// dimensions vanish, so most reductions become one of two cheap walks.
template <class Shape>
reduce_plan make_plan(const Shape& shape, const std::vector<std::size_t>& axes, bool keepdims) {
    reduce_plan p;
    p.result_shape = reduced_shape(shape, axes, keepdims);
    p.out_size = numel(p.result_shape);
    for (auto ax : axes) p.count *= static_cast<std::size_t>(shape[ax]);
    if (p.out_size == 0 || p.count == 0) return p;
    if (axes.size() == shape.size()) {  // a full reduction: one contiguous block, nothing to plan
        p.kind = reduce_plan::walk::blocks;
        p.len = p.count;
        return p;
    }

    struct segment { std::size_t size, stride; bool reduced; };
    std::vector<segment> segs;
    const std::size_t nd = shape.size();
    std::vector<std::size_t> strides(nd);
    std::size_t s = 1;
    for (std::size_t d = nd; d-- > 0;) {
        strides[d] = s;
        s *= static_cast<std::size_t>(shape[d]);
    }
    for (std::size_t d = 0; d < nd; ++d) {
        const auto n = static_cast<std::size_t>(shape[d]);
        if (n == 1) continue;
        const bool r = std::binary_search(axes.begin(), axes.end(), d);
        if (!segs.empty() && segs.back().reduced == r) {
            segs.back().size *= n;
            segs.back().stride = strides[d];
        } else {
            segs.push_back({n, strides[d], r});
        }
    }
    std::string pattern;
    for (const auto& g : segs) pattern += g.reduced ? 'R' : 'K';
    using walk = reduce_plan::walk;
    if (pattern.empty()) {
        p.kind = walk::blocks;
    } else if (pattern == "R" || pattern == "K" || pattern == "KR") {
        p.kind = walk::blocks;
        p.len = pattern == "K" ? 1 : segs.back().size;
        p.outer = pattern == "R" ? 1 : segs.front().size;
    } else if (pattern == "RK" || pattern == "KRK") {
        p.kind = walk::rows;
        p.outer = pattern == "RK" ? 1 : segs[0].size;
        p.len = segs[pattern.size() - 2].size;
        p.inner = segs.back().size;
    } else {
        p.kind = walk::general;
        for (const auto& g : segs) {
            (g.reduced ? p.rdims : p.kdims).push_back(g.size);
            (g.reduced ? p.rstrides : p.kstrides).push_back(g.stride);
        }
    }
    return p;
}

// ---------------------------------------------------------------------------------------
// Kernels. A fold kernel has `acc`, `result`, lift(x), combine(a, b), identity(),
// finish(acc, count) and `pairwise` (sum-like: use pairwise summation over lift).
// A block kernel has `result` and block(p, n, stride).

template <class K>
concept fold_kernel = requires { K::pairwise; };

template <class T, class Acc, bool Nan>
struct sum_fold {
    using acc = Acc;
    using result = Acc;
    static constexpr bool pairwise = true;
    static acc lift(const T& x) {
        if constexpr (Nan) {
            if (is_nan(x)) return acc(0);
        }
        return static_cast<acc>(x);
    }
    static acc combine(acc a, acc b) { return a + b; }
    static acc identity() { return acc(0); }
    static result finish(acc a, std::size_t) { return a; }
};

template <class T, bool Nan>
struct prod_fold {
    using acc = sum_t<T>;
    using result = acc;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) {
        if constexpr (Nan) {
            if (is_nan(x)) return acc(1);
        }
        return static_cast<acc>(x);
    }
    static acc combine(acc a, acc b) {
        if constexpr (std::is_integral_v<acc>)  // wraps like NumPy instead of signed-overflow UB
            return static_cast<acc>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
        else return a * b;
    }
    static acc identity() { return acc(1); }
    static result finish(acc a, std::size_t) { return a; }
};

/// maximum/minimum propagate NaN; fmax/fmin (the nan* forms) skip it.
template <class T, bool Max, bool Nan>
struct extreme_fold {
    using acc = T;
    using result = T;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) { return x; }
    static acc combine(acc a, acc b) {
        const bool a_wins = Max ? a >= b : a <= b;
        if constexpr (Nan) return (a_wins || is_nan(b)) ? a : b;
        else return (a_wins || is_nan(a)) ? a : b;
    }
    static acc identity() { return std::numeric_limits<T>::quiet_NaN(); }  // never used: empty is an error
    static result finish(acc a, std::size_t) { return a; }
    /// Contiguous float blocks take `extreme_block`.
    static constexpr bool lanes = std::is_floating_point_v<T>;
    static constexpr bool skips_nan = Nan;
    static constexpr bool is_max = Max;
};

/// Max or min of a contiguous float block on the vector kernels (detail/vector_math.hpp):
/// the generic fold tests NaN per element and runs ~10x slower than NumPy's SIMD loop.
/// Any NaN in the block gives NaN: np.maximum.reduce's answer, and for nanmax the signal
/// to take the element-by-element rule.
template <bool Max, class T>
T extreme_block(const T* p, std::size_t n) {
    if constexpr (vector_math::available) {
        bool nan = false;
        const T r = vector_math::extreme<Max>(p, n, nan, simd_level_in_use());
        return nan ? std::numeric_limits<T>::quiet_NaN() : r;
    } else {
        T r = p[0];
        for (std::size_t i = 0; i < n; ++i) {
            if (p[i] != p[i]) return std::numeric_limits<T>::quiet_NaN();
            if (Max ? p[i] > r : p[i] < r) r = p[i];
        }
        return r;
    }
}

template <class T>
struct ptp_fold {
    using acc = std::pair<T, T>;
    using result = T;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) { return {x, x}; }
    static acc combine(acc a, acc b) {
        return {extreme_fold<T, true, false>::combine(a.first, b.first),
                extreme_fold<T, false, false>::combine(a.second, b.second)};
    }
    static acc identity() { return {T{}, T{}}; }
    static result finish(acc a, std::size_t) {
        if constexpr (std::is_integral_v<T>)  // wraps like NumPy's subtract
            return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a.first) -
                                  static_cast<std::make_unsigned_t<T>>(a.second));
        else return a.first - a.second;
    }
};

template <class T, bool All>
struct logical_fold {
    using acc = bool;
    using result = bool;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) { return x != T{}; }
    static acc combine(acc a, acc b) { return All ? (a && b) : (a || b); }
    static acc identity() { return All; }
    static result finish(acc a, std::size_t) { return a; }
};

template <class T>
struct count_nonzero_fold {
    using acc = std::int64_t;
    using result = std::int64_t;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) { return x != T{} ? 1 : 0; }
    static acc combine(acc a, acc b) { return a + b; }
    static acc identity() { return 0; }
    static result finish(acc a, std::size_t) { return a; }
};

/// True where a slice is all NaN (the uncharged check behind nanargmax's ValueError).
template <class T>
struct all_nan_fold {
    using acc = bool;
    using result = bool;
    static constexpr bool pairwise = false;
    static acc lift(const T& x) { return is_nan(x); }
    static acc combine(acc a, acc b) { return a && b; }
    static acc identity() { return true; }
    static result finish(acc a, std::size_t) { return a; }
};

template <class T>
struct mean_fold {
    using acc = mean_t<T>;
    using result = acc;
    static constexpr bool pairwise = true;
    static acc lift(const T& x) { return static_cast<acc>(x); }
    static acc combine(acc a, acc b) { return a + b; }
    static acc identity() { return acc(0); }
    // An empty mean is 0/0 = NaN, as in NumPy.
    static result finish(acc a, std::size_t n) { return a / static_cast<real_t<acc>>(n); }
};

/// A running sum with the count of the terms that were not NaN (nanmean, nanvar).
template <class A>
struct sum_count {
    A sum{};
    std::int64_t count = 0;
    sum_count() = default;
    explicit sum_count(int) {}
    sum_count(A s, std::int64_t c) : sum(s), count(c) {}
    sum_count& operator+=(const sum_count& o) {
        sum += o.sum;
        count += o.count;
        return *this;
    }
    friend sum_count operator+(sum_count a, const sum_count& b) { return a += b; }
};

template <class T>
struct nanmean_fold {
    using acc = sum_count<mean_t<T>>;
    using result = mean_t<T>;
    static constexpr bool pairwise = true;
    static acc lift(const T& x) { return is_nan(x) ? acc() : acc(static_cast<result>(x), 1); }
    static acc combine(acc a, acc b) { return a + b; }
    static acc identity() { return acc(); }
    static result finish(acc a, std::size_t) { return a.sum / static_cast<real_t<result>>(a.count); }
};

/// var/std (and nan* forms): NumPy's two passes, mean then the sum of squared deviations,
/// both pairwise, in the mean type (float32 stays float32).
template <class T, bool Nan, bool Sqrt>
struct var_kernel {
    using A = mean_t<T>;
    using result = var_t<T>;
    double ddof = 0;

    result block(const T* p, std::size_t n, std::size_t stride) const {
        if constexpr (Nan && can_be_nan<T>) {
            const auto sc = pairwise_sum<sum_count<A>>(p, n, stride, [](const T& x) {
                return is_nan(x) ? sum_count<A>() : sum_count<A>(static_cast<A>(x), 1);
            });
            const A mean = sc.sum / static_cast<result>(sc.count);
            const result ss = pairwise_sum<result>(p, n, stride, [mean](const T& x) {
                return is_nan(x) ? result(0) : abs2(static_cast<A>(x) - mean);
            });
            const double dof = static_cast<double>(sc.count) - ddof;
            if (dof <= 0) return std::numeric_limits<result>::quiet_NaN();
            return finish(ss / static_cast<result>(dof));
        } else {
            const A mean = pairwise_sum<A>(p, n, stride) / static_cast<result>(n);
            const result ss = pairwise_sum<result>(
                p, n, stride, [mean](const T& x) { return abs2(static_cast<A>(x) - mean); });
            // NumPy divides by max(N - ddof, 0): 0 gives inf (or NaN for 0/0).
            return finish(ss / static_cast<result>(std::max(static_cast<double>(n) - ddof, 0.0)));
        }
    }
    static result finish(result v) {
        if constexpr (Sqrt) return std::sqrt(v);
        else return v;
    }
};

/// argmax/argmin: the first extreme; a NaN counts as the extreme (NumPy). The nan* forms
/// read NaN as -inf (argmax) or +inf (argmin), as NumPy's nanargmax does.
template <class T, bool Max, bool Nan>
struct arg_kernel {
    using result = std::int64_t;
    result block(const T* p, std::size_t n, std::size_t stride) const {
        if constexpr (std::is_floating_point_v<T> && vector_math::available)
            if (stride == 1 && n >= 64) return static_cast<result>(vector_math::arg_extreme<Max, Nan>(p, n, simd_level_in_use()));
        std::size_t best = 0;
        T bv = read(p[0]);
        if (!Nan && is_nan(bv)) return 0;
        for (std::size_t i = 1; i < n; ++i) {
            const T x = read(p[i * stride]);
            if constexpr (!Nan) {
                if (is_nan(x)) return static_cast<result>(i);
            }
            if (Max ? x > bv : x < bv) {
                best = i;
                bv = x;
            }
        }
        return static_cast<result>(best);
    }
    static T read(const T& x) {
        if constexpr (Nan && can_be_nan<T>) {
            if (is_nan(x)) return Max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        }
        return x;
    }
};

enum class quantile_method { linear, lower, higher, nearest, midpoint, median };

inline quantile_method parse_method(std::string_view m, std::string_view op) {
    if (m == "linear") return quantile_method::linear;
    if (m == "lower") return quantile_method::lower;
    if (m == "higher") return quantile_method::higher;
    if (m == "nearest") return quantile_method::nearest;
    if (m == "midpoint") return quantile_method::midpoint;
    throw ValueError(fmt::format("{}: method '{}' is not supported (use linear, lower, higher, nearest or midpoint)",
                                 op, m));
}

/// median and quantiles of one slice: copy it, drop or detect NaN, then nth_element
/// (NumPy partitions too); a slice holding NaN gives NaN unless NaN are skipped.
template <class T, bool Nan>
struct order_kernel {
    using R = mean_t<T>;
    using result = R;
    double q = 0.5;
    quantile_method method = quantile_method::median;
    mutable scratch_buffer<T> scratch;

    result block(const T* p, std::size_t n, std::size_t stride) const {
        T* buf = scratch.get(n);
        std::size_t m = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T x = p[i * stride];
            if (is_nan(x)) {
                if constexpr (Nan) continue;
                else return std::numeric_limits<R>::quiet_NaN();
            }
            buf[m++] = x;
        }
        if (m == 0) return std::numeric_limits<R>::quiet_NaN();
        if (method == quantile_method::median) {
            const std::size_t k = m / 2;
            std::nth_element(buf, buf + k, buf + m);
            const R hi = static_cast<R>(buf[k]);
            if (m % 2 == 1) return hi;
            const R lo = static_cast<R>(*std::max_element(buf, buf + k));
            return (lo + hi) / R(2);  // NumPy: the mean of the two middle elements
        }
        const double vi = q * static_cast<double>(m - 1);
        double index = vi;
        switch (method) {
            case quantile_method::lower: return static_cast<R>(at(buf, m, static_cast<std::size_t>(std::floor(vi))));
            case quantile_method::higher: return static_cast<R>(at(buf, m, static_cast<std::size_t>(std::ceil(vi))));
            case quantile_method::nearest:  // np.around: halves to even
                return static_cast<R>(at(buf, m, static_cast<std::size_t>(std::nearbyint(vi))));
            case quantile_method::midpoint: index = 0.5 * (std::floor(vi) + std::ceil(vi)); break;
            default: break;
        }
        const double below = std::floor(index);
        double gamma = index - below;
        if (method == quantile_method::midpoint) gamma = std::floor(vi) == vi ? 0.0 : 0.5;
        const auto i0 = std::min(static_cast<std::size_t>(below), m - 1);
        const auto i1 = std::min(i0 + 1, m - 1);
        const double a = static_cast<double>(at(buf, m, i0));
        const double b = i1 == i0 ? a : static_cast<double>(*std::min_element(buf + i0 + 1, buf + m));
        return static_cast<R>(lerp(a, b, gamma));
    }
    static T at(T* buf, std::size_t m, std::size_t k) {
        std::nth_element(buf, buf + k, buf + m);
        return buf[k];
    }
    /// NumPy's _lerp: the form that is exact at both ends.
    static double lerp(double a, double b, double t) {
        const double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
};

// ---------------------------------------------------------------------------------------
// The engine.

template <class K, class T>
typename K::result reduce_block(const K& k, const T* p, std::size_t n, std::size_t stride) {
    if constexpr (fold_kernel<K>) {
        using acc = typename K::acc;
        if constexpr (K::pairwise) {
            return K::finish(pairwise_sum<acc>(p, n, stride, [](const T& x) { return K::lift(x); }), n);
        } else {
            if constexpr (requires { K::lanes; }) {
                if constexpr (K::lanes) {
                    if (stride == 1 && n >= 16) {
                        const T r = extreme_block<K::is_max>(p, n);
                        // nanmax/nanmin: a block with NaNs takes the element-by-element rule.
                        if (!K::skips_nan || r == r) return r;
                    }
                }
            }
            if (n == 0) return K::finish(K::identity(), 0);
            acc a = K::lift(p[0]);
            for (std::size_t i = 1; i < n; ++i) a = K::combine(a, K::lift(p[i * stride]));
            return K::finish(a, n);
        }
    } else {
        return k.block(p, n, stride);
    }
}

/// out[o] = the kernel over every output position of plan `p`.
template <class K, class T>
void reduce_into(typename K::result* out, const T* in, const reduce_plan& p, const K& k) {
    using R = typename K::result;
    if (p.out_size == 0) return;
    if (p.count == 0) {
        std::fill(out, out + p.out_size, reduce_block(k, in, 0, 1));
        return;
    }
    switch (p.kind) {
        case reduce_plan::walk::blocks:
            for (std::size_t o = 0; o < p.outer; ++o) out[o] = reduce_block(k, in + o * p.len, p.len, 1);
            return;
        case reduce_plan::walk::rows:
            if constexpr (fold_kernel<K>) {
                // Leading reduced axes: combine whole rows into per-output accumulators
                // (NumPy's order for these axes too), never transposing the input.
                using acc = typename K::acc;
                std::vector<acc> buf(p.inner);
                for (std::size_t o = 0; o < p.outer; ++o) {
                    const T* base = in + o * p.len * p.inner;
                    if constexpr (K::pairwise) {
                        for (std::size_t j = 0; j < p.inner; ++j) buf[j] = K::identity() + K::lift(base[j]);
                    } else {
                        for (std::size_t j = 0; j < p.inner; ++j) buf[j] = K::lift(base[j]);
                    }
                    for (std::size_t i = 1; i < p.len; ++i) {
                        const T* row = base + i * p.inner;
                        for (std::size_t j = 0; j < p.inner; ++j) buf[j] = K::combine(buf[j], K::lift(row[j]));
                    }
                    R* dst = out + o * p.inner;
                    for (std::size_t j = 0; j < p.inner; ++j) dst[j] = K::finish(buf[j], p.len);
                }
            } else {
                for (std::size_t o = 0; o < p.outer; ++o)
                    for (std::size_t j = 0; j < p.inner; ++j)
                        out[o * p.inner + j] = reduce_block(k, in + o * p.len * p.inner + j, p.len, p.inner);
            }
            return;
        case reduce_plan::walk::general: {
            scratch_buffer<T> gather;
            std::vector<std::size_t> kidx(p.kdims.size(), 0), ridx(p.rdims.size(), 0);
            std::size_t base = 0;
            for (std::size_t o = 0; o < p.out_size; ++o) {
                if (p.rdims.size() == 1) {
                    out[o] = reduce_block(k, in + base, p.rdims[0], p.rstrides[0]);
                } else {
                    T* g = gather.get(p.count);
                    std::fill(ridx.begin(), ridx.end(), 0);
                    std::size_t off = 0;
                    for (std::size_t i = 0; i < p.count; ++i) {
                        g[i] = in[base + off];
                        for (std::size_t d = p.rdims.size(); d-- > 0;) {
                            off += p.rstrides[d];
                            if (++ridx[d] < p.rdims[d]) break;
                            off -= p.rstrides[d] * p.rdims[d];
                            ridx[d] = 0;
                        }
                    }
                    out[o] = reduce_block(k, static_cast<const T*>(g), p.count, 1);
                }
                for (std::size_t d = p.kdims.size(); d-- > 0;) {
                    base += p.kstrides[d];
                    if (++kidx[d] < p.kdims[d]) break;
                    base -= p.kstrides[d] * p.kdims[d];
                    kidx[d] = 0;
                }
            }
            return;
        }
    }
}

template <class K, class T>
array<typename K::result> reduce_array(const array<T>& a, const reduce_plan& p, const K& k) {
    auto out = array<typename K::result>::uninitialized(p.result_shape);
    reduce_into(out.data(), a.data(), p, k);
    return out;
}

inline axis_spec as_axis_spec(const axis_spec& a) { return a; }
inline axis_spec as_axis_spec(const std::optional<int>& a) { return a ? axis_spec(*a) : axis_spec(); }

template <class Shape>
auto log_shape(const Shape& shape) {
    return [&shape](OpRecord& rec) { rec.shapes.emplace_back(shape.begin(), shape.end()); };
}

/// What every reduction does before it computes: normalize the axes (AxisError), plan the
/// walk, reject empty reductions that have no identity; the caller charges next.
struct prepared {
    axis_spec axis;
    reduce_plan plan;
};

template <class T, class Axis>
prepared prepare(std::string_view op, const array<T>& a, const Axis& axis, bool keepdims) {
    prepared r{as_axis_spec(axis), {}};
    if (r.axis.is_all()) {  // the common full reduction: one block, no axes to normalize or plan
        r.plan.result_shape = keepdims ? shape_t(a.ndim(), 1) : shape_t{};
        r.plan.count = a.size();
        if (r.plan.count != 0) r.plan.len = r.plan.count;
        return r;
    }
    const auto axes = normalize_axes(r.axis, a.ndim(), op);
    r.plan = make_plan(a.xt().shape(), axes, keepdims);
    return r;
}

template <class T>
void require_nonempty(std::string_view op, std::string_view ufunc, const array<T>& a, const reduce_plan& p) {
    if (p.count == 0)
        throw ValueError(fmt::format("{}: zero-size array to reduction operation {} which has no identity (shape {})",
                                     op, ufunc, shape_string(a.xt().shape())));
}

/// Charges reduction `Id` the formula its registry row binds it to (numel-, mean- or
/// variance-priced, chosen at compile time), on the distinct elements when `a` is symmetric.
template <op_id Id, class Shape>
void charge_reduction(const Shape& shape, const symmetry_groups& groups, const axis_spec& axis) {
    using flops::formula;
    static_assert(flops::detail::priced_by<Id, formula::reduction, formula::mean_reduction, formula::variance_reduction>,
                  "a reduction's registry row must bind it to a reduction formula");
    (void)simd_level_in_use();  // an unknown MECHESTIM_SIMD raises here, before the charge
    charge(Id, flops::op_cost<Id>(shape, axis, groups), log_shape(shape));
}
template <op_id Id, class T>
void charge_reduction(const array<T>& a, const axis_spec& axis) {
    charge_reduction<Id>(a.xt().shape(), a.symmetric_axes(), axis);
}

/// A fold kernel over a strided operand in memory order: pairwise (or plain) runs along
/// the last axis, combined in order.
template <class K, class T>
typename K::result fold_strided(const K& k, const strided_source<T>& s) {
    const std::size_t nd = s.shape.size();
    if (nd == 0) return reduce_block(k, s.origin, 1, 1);
    if (nd == 1) return reduce_block(k, s.origin, s.shape[0], static_cast<std::size_t>(s.strides[0]));
    using acc = typename K::acc;
    const std::size_t inner = s.shape[nd - 1];
    const auto step = static_cast<std::size_t>(s.strides[nd - 1]);
    view_shape outer(s.shape.begin(), s.shape.end() - 1);
    view_strides outer_strides(s.strides.begin(), s.strides.end() - 1);
    acc total = K::identity();
    for_each_offset(outer, outer_strides, [&](std::ptrdiff_t off) {
        const T* p = s.origin + off;
        // The hardware prefetcher restarts at every run; ask for the start of the next
        // (the usual case: runs one outer stride apart) while this one is summed.
        // (Integer arithmetic: the address may lie past the buffer, which a prefetch may touch.)
        const auto next = reinterpret_cast<std::uintptr_t>(p) +
                          static_cast<std::uintptr_t>(outer_strides.back()) * sizeof(T);
        for (std::uintptr_t byte = 0; byte < 512; byte += 64) __builtin_prefetch(reinterpret_cast<const void*>(next + byte));
        acc part;
        if constexpr (K::pairwise) {
            part = pairwise_sum<acc>(p, inner, step, [](const T& x) { return K::lift(x); });
        } else {
            part = K::lift(p[0]);
            for (std::size_t i = 1; i < inner; ++i) part = K::combine(part, K::lift(p[i * step]));
        }
        total = K::combine(total, part);
    });
    return K::finish(total, detail::numel(s.shape));
}

/// Gives a reduction's result the groups of `a` left after reducing over `axis`
/// (`leading` extra axes in front: quantile's q axis). Call only when `a` has groups.
template <class R, class T>
void reduce_symmetry(array<R>& out, const array<T>& a, const axis_spec& axis, bool keepdims, std::string_view op,
                     std::size_t leading = 0) {
    const auto axes = normalize_axes(axis, a.ndim(), op);
    auto p = sym::reduce(a.symmetric_axes(), a.ndim(), axes, keepdims);
    for (auto& g : p.groups)
        for (auto& ax : g) ax += leading;
    carry_symmetry(out, std::move(p), op);
}

// ---------------------------------------------------------------------------------------
// Op specs: name, options, accepted element types, the kernel, and checks made before the
// charge. `reducer<Spec>` provides the call forms for all of them.

template <class Spec>
struct reducer {
    using options = typename Spec::options;
    static constexpr op_id id = op_index(Spec::name);
    /// A fold with nothing to check and no computation of its own (sum, prod, mean, all, ...).
    template <class T>
    static constexpr bool plain_fold =
        !requires(const array<T>& a, const reduce_plan& p, const options& o) { Spec::check(a, p, o); } &&
        !requires(const array<T>& a, const prepared& p, const options& o) { Spec::compute(a, p, o); } &&
        requires { typename decltype(Spec::template kernel<T>(std::declval<const options&>()))::acc; };

    template <class T>
        requires(Spec::template accepts<T>)
    auto operator()(const array<T>& a, const options& opt = {}) const {
        // The whole array to a 0-d result, the most common call (`me::sum(a)`): one block,
        // no axes to normalise and no walk to plan, which on small arrays cost more than
        // the sum itself. (Two functions returning prvalues: the result is never moved.)
        if constexpr (plain_fold<T>)
            if (opt.axis.is_all() && !opt.keepdims && a.symmetric_axes().empty()) [[likely]] return reduce_all(a, opt);
        return reduce_planned(a, opt);
    }

private:
    template <class T>
    static auto reduce_all(const array<T>& a, const options& opt) {
        charge_reduction<id>(a, opt.axis);
        const auto kernel = Spec::template kernel<T>(opt);
        auto out = array<typename decltype(kernel)::result>::uninitialized_like(std::array<std::size_t, 0>{});
        out.data()[0] = reduce_block(kernel, a.data(), a.size(), 1);
        return out;
    }

    template <class T>
    static auto reduce_planned(const array<T>& a, const options& opt) {
        auto pre = prepare(Spec::name, a, opt.axis, opt.keepdims);
        if constexpr (requires { Spec::check(a, pre.plan, opt); }) Spec::check(a, pre.plan, opt);
        charge_reduction<id>(a, pre.axis);
        auto out = [&] {
            if constexpr (requires { Spec::compute(a, pre, opt); }) return Spec::compute(a, pre, opt);
            else return reduce_array(a, pre.plan, Spec::template kernel<T>(opt));
        }();
        if (!a.symmetric_axes().empty()) reduce_symmetry(out, a, pre.axis, opt.keepdims, Spec::name);
        return out;
    }

    // A full fold over a view that is not contiguous reads it in place, in memory order.
    template <class V>
    static auto reduce_all_strided(const V& v, const options& opt) {
        using T = value_t<V>;
        charge_reduction<id>(v.xt_shape(), v.symmetric_axes(), opt.axis);
        const auto kernel = Spec::template kernel<T>(opt);
        auto out = array<typename decltype(kernel)::result>::uninitialized_like(std::array<std::size_t, 0>{});
        out.data()[0] = fold_strided(kernel, memory_order(view_access::strided(v)));
        return out;
    }

public:
    /// Positional axis: `me::sum(a, 0)`.
    template <class T>
        requires(Spec::template accepts<T>)
    auto operator()(const array<T>& a, int axis) const {
        options opt{};
        opt.axis = axis;
        return (*this)(a, opt);
    }

    /// On a view: as on the array it shows. A full fold (sum, prod, mean, all ...) reads a
    /// strided view in place; other reductions read a contiguous view in place and copy
    /// any other view first.
    template <class V>
        requires is_view_v<V> && (Spec::template accepts<value_t<V>>)
    auto operator()(const V& v, const options& opt = {}) const {
        if constexpr (plain_fold<value_t<V>>)
            if (opt.axis.is_all() && !opt.keepdims && v.symmetric_axes().empty() && !v.is_contiguous())
                return reduce_all_strided(v, opt);
        return (*this)(contiguous(v), opt);
    }
    template <class V>
        requires is_view_v<V> && (Spec::template accepts<value_t<V>>)
    auto operator()(const V& v, int axis) const {
        options opt{};
        opt.axis = axis;
        return (*this)(v, opt);
    }

};

template <class T> inline constexpr bool accepts_any = any_element<T>;
template <class T> inline constexpr bool accepts_real = real_element<T>;
template <class T> inline constexpr bool accepts_real_nonbool = real_nonbool<T>;

#define ME_REDUCTION_SPEC(spec, op_name, opts, accepted, ...)                      \
    struct spec {                                                                  \
        static constexpr std::string_view name = op_name;                          \
        using options = opts;                                                      \
        template <class T> static constexpr bool accepts = accepted<T>;            \
        template <class T> static auto kernel(const options&) { return __VA_ARGS__{}; } \
    }

// Folds with no value checks: one line each.
ME_REDUCTION_SPEC(sum_spec, "sum", reduce_options, accepts_any, sum_fold<T, sum_t<T>, false>);
ME_REDUCTION_SPEC(nansum_spec, "nansum", reduce_options, accepts_any, sum_fold<T, sum_t<T>, true>);
ME_REDUCTION_SPEC(prod_spec, "prod", reduce_options, accepts_any, prod_fold<T, false>);
ME_REDUCTION_SPEC(nanprod_spec, "nanprod", reduce_options, accepts_any, prod_fold<T, true>);
ME_REDUCTION_SPEC(all_spec, "all", reduce_options, accepts_any, logical_fold<T, true>);
ME_REDUCTION_SPEC(any_spec, "any", reduce_options, accepts_any, logical_fold<T, false>);
ME_REDUCTION_SPEC(count_nonzero_spec, "count_nonzero", reduce_options, accepts_any, count_nonzero_fold<T>);
ME_REDUCTION_SPEC(mean_spec, "mean", reduce_options, accepts_any, mean_fold<T>);
ME_REDUCTION_SPEC(nanmean_spec, "nanmean", reduce_options, accepts_any,
                  std::conditional_t<can_be_nan<T>, nanmean_fold<T>, mean_fold<T>>);
#undef ME_REDUCTION_SPEC

/// max, min, amax, amin, nanmax, nanmin, ptp: no identity, so an empty reduction is an error.
template <class Name, bool Max, bool Nan, bool Ptp = false>
struct extreme_spec {
    static constexpr std::string_view name = Name::value;
    using options = reduce_options;
    template <class T> static constexpr bool accepts = Ptp ? real_nonbool<T> : real_element<T>;
    template <class T>
    static auto kernel(const options&) {
        if constexpr (Ptp) return ptp_fold<T>{};
        else return extreme_fold<T, Max, Nan && can_be_nan<T>>{};
    }
    template <class T>
    static void check(const array<T>& a, const reduce_plan& p, const options&) {
        constexpr std::string_view ufunc = Nan ? (Max ? "fmax" : "fmin") : (Max ? "maximum" : "minimum");
        require_nonempty(name, ufunc, a, p);
    }
};

template <class Name, bool Max, bool Nan>
struct arg_spec {
    static constexpr std::string_view name = Name::value;
    using options = arg_options;
    template <class T> static constexpr bool accepts = real_element<T>;
    template <class T>
    static auto kernel(const options&) { return arg_kernel<T, Max, Nan>{}; }
    template <class T>
    static void check(const array<T>& a, const reduce_plan& p, const options&) {
        if (p.count == 0)
            throw ValueError(fmt::format("{}: attempt to get {} of an empty sequence (shape {})", name,
                                         Max ? "argmax" : "argmin", shape_string(a.xt().shape())));
        if constexpr (Nan && can_be_nan<T>) {
            // A value check NumPy makes too; it reads the data but charges nothing.
            const auto all_nan = reduce_array(a, p, all_nan_fold<T>{});
            if (std::any_of(all_nan.begin(), all_nan.end(), [](bool b) { return b; }))
                throw ValueError(fmt::format("{}: All-NaN slice encountered", name));
        }
    }
};

template <class Name, bool Nan, bool Sqrt>
struct var_spec {
    static constexpr std::string_view name = Name::value;
    using options = var_options;
    template <class T> static constexpr bool accepts = any_element<T>;
    template <class T>
    static auto kernel(const options& o) { return var_kernel<T, Nan, Sqrt>{o.ddof}; }
};

template <class Name, bool Nan>
struct median_spec {
    static constexpr std::string_view name = Name::value;
    using options = reduce_options;
    template <class T> static constexpr bool accepts = real_element<T>;
    template <class T>
    static auto kernel(const options&) { return order_kernel<T, Nan>{}; }
};

struct average_spec {
    static constexpr std::string_view name = "average";
    using options = average_options;
    template <class T> static constexpr bool accepts = any_element<T>;

    /// Weights broadcast to a's shape (numpy: same shape, or 1-d along an int axis).
    template <class T>
    static void check(const array<T>& a, const reduce_plan& p, const options& o) {
        // NumPy 1.24-2.x divide a.size by the result's size even without weights, so an
        // empty result raises ZeroDivisionError; we match it.
        if (!o.weights && p.out_size == 0)
            throw ValueError(fmt::format("average: the result of averaging a {} array is empty (NumPy raises "
                                         "ZeroDivisionError)", shape_string(a.shape())));
        if (!o.weights) return;
        const auto& w = *o.weights;
        if (w.shape() != a.shape()) {
            if (o.axis.is_all() || o.axis.list().size() != 1)
                throw ShapeError(fmt::format("average: axis must be specified when shapes of a {} and weights {} differ",
                                             shape_string(a.shape()), shape_string(w.shape())));
            if (w.ndim() != 1)
                throw ShapeError(fmt::format("average: 1D weights expected when shapes of a {} and weights {} differ",
                                             shape_string(a.shape()), shape_string(w.shape())));
            const auto ax = normalize_axis(o.axis.list()[0], a.ndim(), name);
            if (w.size() != a.shape()[ax])
                throw ShapeError(fmt::format("average: length of weights {} not compatible with axis {} of a {}",
                                             w.size(), o.axis.list()[0], shape_string(a.shape())));
        }
        // NumPy's ZeroDivisionError, found before the charge: reads only the weights.
        const auto scl = reduce_array(full_weights(a, o), p, sum_fold<double, double, false>{});
        if (std::any_of(scl.begin(), scl.end(), [](double s) { return s == 0.0; }))
            throw ValueError("average: weights sum to zero, can't be normalized");
    }

    template <class T>
    static array<double> full_weights(const array<T>& a, const options& o) {
        const auto& w = *o.weights;
        if (w.shape() == a.shape()) return w;
        const auto ax = normalize_axis(o.axis.list()[0], a.ndim(), name);
        const auto shape = a.shape();
        std::size_t inner = 1;
        for (std::size_t d = ax + 1; d < shape.size(); ++d) inner *= shape[d];
        auto full = array<double>::uninitialized(shape);
        const std::size_t len = shape[ax];
        for (std::size_t i = 0; i < full.size(); ++i) full.data()[i] = w.data()[(i / inner) % len];
        return full;
    }

    /// The result keeps mean's type (float32 stays float32 even with weights, where NumPy
    /// would widen to the weights' float64): the return type cannot depend on whether
    /// weights were given. The weighted sums run in double.
    template <class T>
    static array<mean_t<T>> compute(const array<T>& a, const prepared& pre, const options& o) {
        using R = mean_t<T>;
        using W = promote_t<R, double>;
        if (!o.weights) return reduce_array(a, pre.plan, mean_fold<T>{});
        const auto w = full_weights(a, o);
        auto prod = array<W>::uninitialized(a.shape());
        for (std::size_t i = 0; i < a.size(); ++i) prod.data()[i] = static_cast<W>(a.data()[i]) * w.data()[i];
        const auto avg = reduce_array(prod, pre.plan, sum_fold<W, W, false>{});
        const auto scl = reduce_array(w, pre.plan, sum_fold<double, double, false>{});
        auto out = array<R>::uninitialized(pre.plan.result_shape);
        for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = static_cast<R>(avg.data()[i] / scl.data()[i]);
        return out;
    }
};

template <std::size_t N>
struct name_literal {
    char text[N]{};
    constexpr name_literal(const char (&s)[N]) { std::copy_n(s, N, text); }
};
template <name_literal L>
struct named {
    static constexpr std::string_view value{L.text, sizeof(L.text) - 1};
};

// ---------------------------------------------------------------------------------------
// Quantiles: quantile, percentile and their nan* forms.

template <class Name, bool Nan, bool Percent>
struct quantile_reducer {
    static constexpr std::string_view name = Name::value;
    static constexpr op_id id = op_index(Name::value);  // not `name`: clang 14 rejects it here

    /// One q: the result has the reduced shape.
    template <class T>
        requires real_nonbool<T>
    array<mean_t<T>> operator()(const array<T>& a, double q, const quantile_options& opt = {}) const {
        return run(a, std::vector<double>{q}, opt, true);
    }
    /// Several q: a leading axis of length q.size() (NumPy's q array).
    template <class T>
        requires real_nonbool<T>
    array<mean_t<T>> operator()(const array<T>& a, const std::vector<double>& q, const quantile_options& opt = {}) const {
        return run(a, q, opt, false);
    }
    template <class T>
        requires real_nonbool<T>
    array<mean_t<T>> operator()(const array<T>& a, double q, int axis) const {
        return run(a, std::vector<double>{q}, {.axis = axis}, true);
    }
    /// On views: as on the arrays they show.
    template <class V>
        requires is_view_v<V> && real_nonbool<value_t<V>>
    auto operator()(const V& v, double q, const quantile_options& opt = {}) const {
        return (*this)(contiguous(v), q, opt);
    }
    template <class V>
        requires is_view_v<V> && real_nonbool<value_t<V>>
    auto operator()(const V& v, const std::vector<double>& q, const quantile_options& opt = {}) const {
        return (*this)(contiguous(v), q, opt);
    }
    template <class V>
        requires is_view_v<V> && real_nonbool<value_t<V>>
    auto operator()(const V& v, double q, int axis) const {
        return (*this)(contiguous(v), q, axis);
    }

private:
    template <class T>
    static array<mean_t<T>> run(const array<T>& a, std::vector<double> q, const quantile_options& opt, bool scalar) {
        auto pre = prepare(name, a, opt.axis, opt.keepdims);
        const auto method = parse_method(opt.method, name);
        for (double& v : q) {
            if (Percent) v /= 100;
            if (!(v >= 0.0 && v <= 1.0))
                throw ValueError(fmt::format("{}: {} must be in the range [0, {}]", name,
                                             Percent ? "Percentiles" : "Quantiles", Percent ? 100 : 1));
        }
        if (!Nan && pre.plan.count == 0)
            throw IndexError(fmt::format("{}: cannot take a quantile over an empty axis (shape {})", name,
                                         shape_string(a.xt().shape())));
        charge_reduction<id>(a, pre.axis);
        shape_t shape = pre.plan.result_shape;
        if (!scalar) shape.insert(shape.begin(), q.size());
        auto out = array<mean_t<T>>::uninitialized(shape);
        order_kernel<T, Nan> k;
        k.method = method;
        for (std::size_t i = 0; i < q.size(); ++i) {
            k.q = q[i];
            reduce_into(out.data() + i * pre.plan.out_size, a.data(), pre.plan, k);
        }
        if (!a.symmetric_axes().empty()) reduce_symmetry(out, a, pre.axis, opt.keepdims, name, scalar ? 0 : 1);
        return out;
    }
};

// ---------------------------------------------------------------------------------------
// Scans: cumsum, cumprod, nancumsum, nancumprod, cumulative_sum, cumulative_prod.

template <class Name, bool Prod, bool Nan, bool Cumulative>
struct scanner {
    static constexpr std::string_view name = Name::value;
    static constexpr op_id id = op_index(Name::value);  // not `name`: clang 14 rejects it here
    using options = std::conditional_t<Cumulative, cumulative_options, cum_options>;

    /// FLOPs: numel(a).
    template <class T>
        requires any_element<T>
    array<sum_t<T>> operator()(const array<T>& a, const options& opt = {}) const {
        using R = sum_t<T>;
        const auto& shape = a.xt().shape();
        std::size_t outer = 1, len = a.size(), inner = 1;
        shape_t out_shape{a.size()};
        if (opt.axis) {
            const auto ax = normalize_axis(*opt.axis, a.ndim(), name);
            out_shape.assign(shape.begin(), shape.end());
            len = shape[ax];
            for (std::size_t d = 0; d < ax; ++d) outer *= shape[d];
            for (std::size_t d = ax + 1; d < shape.size(); ++d) inner *= shape[d];
        } else if (Cumulative && a.ndim() > 1) {
            throw ValueError(fmt::format("{}: axis is required for arrays with more than one dimension (shape {})",
                                         name, shape_string(shape)));
        }
        bool initial = false;
        if constexpr (Cumulative) initial = opt.include_initial;
        auto& out_len = opt.axis ? out_shape[normalize_axis(*opt.axis, a.ndim(), name)] : out_shape[0];
        if (initial) out_len += 1;
        const auto& groups = a.symmetric_axes();
        charge_reduction<id>(a, axis_spec{});
        auto out = array<R>::uninitialized(out_shape);
        // An empty result has nothing to scan, however many outer rows its shape counts.
        if (out.size() != 0) scan(out.data(), a.data(), outer, len, inner, initial);
        if (!groups.empty()) scan_symmetry(out, a, opt.axis);
        return out;
    }

    template <class T>
        requires any_element<T>
    array<sum_t<T>> operator()(const array<T>& a, int axis) const {
        options opt{};
        opt.axis = axis;
        return (*this)(a, opt);
    }
    /// On views: as on the arrays they show.
    template <class V>
        requires is_view_v<V> && any_element<value_t<V>>
    auto operator()(const V& v, const options& opt = {}) const {
        return (*this)(contiguous(v), opt);
    }
    template <class V>
        requires is_view_v<V> && any_element<value_t<V>>
    auto operator()(const V& v, int axis) const {
        return (*this)(contiguous(v), axis);
    }

private:
    // Accumulating along an axis breaks every swap involving it: the axis leaves its group;
    // the flattened scan keeps nothing.
    template <class R, class T>
    static void scan_symmetry(array<R>& out, const array<T>& a, const std::optional<int>& axis) {
        if (!axis) return drop_symmetry(a, name);
        const auto ax = normalize_axis(*axis, a.ndim(), name);
        std::vector<std::size_t> to(a.ndim());
        std::vector<char> pulled(a.ndim(), 0);
        for (std::size_t d = 0; d < a.ndim(); ++d) to[d] = d;
        pulled[ax] = 1;
        carry_symmetry(out, sym::map_axes(a.symmetric_axes(), to, pulled),
                       [ax] { return fmt::format("{} accumulates along axis {}", name, ax); });
    }

    template <class R, class T>
    static R lift(const T& x) {
        if constexpr (Nan) {
            if (is_nan(x)) return R(Prod ? 1 : 0);
        }
        return static_cast<R>(x);
    }
    template <class R>
    static R combine(R a, R b) {
        if constexpr (Prod) return prod_fold<R, false>::combine(a, b);
        else if constexpr (std::is_integral_v<R>)  // wraps like NumPy
            return static_cast<R>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
        else return a + b;
    }
    /// Sequential along the axis (NumPy's accumulate); with inner > 1 whole rows at a time.
    template <class R, class T>
    static void scan(R* out, const T* in, std::size_t outer, std::size_t len, std::size_t inner, bool initial) {
        const std::size_t out_len = len + (initial ? 1 : 0);
        for (std::size_t o = 0; o < outer; ++o) {
            const T* src = in + o * len * inner;
            R* dst = out + o * out_len * inner;
            if (initial) {
                std::fill(dst, dst + inner, R(Prod ? 1 : 0));
                dst += inner;
            }
            if (len == 0) continue;
            for (std::size_t j = 0; j < inner; ++j) dst[j] = lift<R>(src[j]);
            for (std::size_t i = 1; i < len; ++i) {
                const R* prev = dst + (i - 1) * inner;
                R* cur = dst + i * inner;
                const T* s = src + i * inner;
                for (std::size_t j = 0; j < inner; ++j) cur[j] = combine(prev[j], lift<R>(s[j]));
            }
        }
    }
};

}  // namespace detail::rd

// ---------------------------------------------------------------------------------------
// The public ops. Each is a function object: `me::sum(a)`, `me::sum(a, 0)`,
// `me::sum(a, {.axis = {0, 1}})`, `me::sum(a, {.axis = 0, .keepdims = true})`.

/// Sum of elements over the given axes (NumPy's pairwise summation for floats).
/// bool/int32 give int64, float32 stays float32. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::sum_spec> sum{};
/// Sum treating NaN as zero. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::nansum_spec> nansum{};
/// Product of elements (integers wrap like NumPy). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::prod_spec> prod{};
/// Product treating NaN as one. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::nanprod_spec> nanprod{};
/// True where every element is nonzero. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::all_spec> all{};
/// True where some element is nonzero. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::any_spec> any{};
/// Number of nonzero elements (int64). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::count_nonzero_spec> count_nonzero{};
/// Arithmetic mean (float64 for integers; an empty mean is NaN). FLOPs: numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::mean_spec> mean{};
/// Mean ignoring NaN (all-NaN gives NaN). FLOPs: numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::nanmean_spec> nanmean{};

/// Maximum (NaN propagates; empty raises ValueError). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"max">, true, false>> max{};
/// Alias of max. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"amax">, true, false>> amax{};
/// Minimum (NaN propagates; empty raises ValueError). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"min">, false, false>> min{};
/// Alias of min. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"amin">, false, false>> amin{};
/// Maximum ignoring NaN (all-NaN gives NaN). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"nanmax">, true, true>> nanmax{};
/// Minimum ignoring NaN (all-NaN gives NaN). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"nanmin">, false, true>> nanmin{};
/// Peak to peak, max - min (not for bool, as in NumPy). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::extreme_spec<detail::rd::named<"ptp">, true, false, true>> ptp{};

/// Index of the first maximum along one axis, or in the flattened array (int64). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::arg_spec<detail::rd::named<"argmax">, true, false>> argmax{};
/// Index of the first minimum. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::arg_spec<detail::rd::named<"argmin">, false, false>> argmin{};
/// argmax ignoring NaN; an all-NaN slice raises ValueError (nothing charged). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::arg_spec<detail::rd::named<"nanargmax">, true, true>> nanargmax{};
/// argmin ignoring NaN; an all-NaN slice raises ValueError (nothing charged). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::arg_spec<detail::rd::named<"nanargmin">, false, true>> nanargmin{};

/// Variance, sum(|x - mean|^2) / (N - ddof), NumPy's two passes. FLOPs: 2*numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::var_spec<detail::rd::named<"var">, false, false>> var{};
/// Standard deviation, sqrt(var). FLOPs: 2*numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::var_spec<detail::rd::named<"std">, false, true>> std{};
/// Variance ignoring NaN (NaN where N - ddof <= 0). FLOPs: 2*numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::var_spec<detail::rd::named<"nanvar">, true, false>> nanvar{};
/// Standard deviation ignoring NaN. FLOPs: 2*numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::var_spec<detail::rd::named<"nanstd">, true, true>> nanstd{};

/// Median (NaN if the slice holds NaN; empty gives NaN). FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::median_spec<detail::rd::named<"median">, false>> median{};
/// Median ignoring NaN. FLOPs: numel(a).
inline constexpr detail::rd::reducer<detail::rd::median_spec<detail::rd::named<"nanmedian">, true>> nanmedian{};

/// Weighted average: `{.axis, .weights, .keepdims}`; without weights, the mean.
/// Weights summing to zero raise ValueError (NumPy's ZeroDivisionError), nothing charged.
/// FLOPs: numel(a) + numel(output).
inline constexpr detail::rd::reducer<detail::rd::average_spec> average{};

/// q-th quantile, q in [0, 1] (a double, or a std::vector for a leading axis of results).
/// FLOPs: numel(a).
inline constexpr detail::rd::quantile_reducer<detail::rd::named<"quantile">, false, false> quantile{};
/// q-th percentile, q in [0, 100]. FLOPs: numel(a).
inline constexpr detail::rd::quantile_reducer<detail::rd::named<"percentile">, false, true> percentile{};
/// Quantile ignoring NaN (all-NaN gives NaN). FLOPs: numel(a).
inline constexpr detail::rd::quantile_reducer<detail::rd::named<"nanquantile">, true, false> nanquantile{};
/// Percentile ignoring NaN. FLOPs: numel(a).
inline constexpr detail::rd::quantile_reducer<detail::rd::named<"nanpercentile">, true, true> nanpercentile{};

/// Cumulative sum along an axis (none: the flattened array). FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"cumsum">, false, false, false> cumsum{};
/// Cumulative product. FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"cumprod">, true, false, false> cumprod{};
/// Cumulative sum treating NaN as zero. FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"nancumsum">, false, true, false> nancumsum{};
/// Cumulative product treating NaN as one. FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"nancumprod">, true, true, false> nancumprod{};
/// NumPy 2's cumulative_sum: `{.axis, .include_initial}`; axis required above 1-d. FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"cumulative_sum">, false, false, true> cumulative_sum{};
/// NumPy 2's cumulative_prod. FLOPs: numel(a).
inline constexpr detail::rd::scanner<detail::rd::named<"cumulative_prod">, true, false, true> cumulative_prod{};

}  // namespace me

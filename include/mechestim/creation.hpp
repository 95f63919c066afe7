/// @file creation.hpp
/// @brief Free array creation: zeros, ones, full, empty, eye, identity, arange, linspace,
/// array/asarray/copy, tri, diag, diagflat, meshgrid, indices, fromfunction, fromiter and
/// the *_like family.
///
/// FLOPs: 0 for every function here. Free ops never charge a budget and never create the
/// global default context, so they work outside any `BudgetContext` and inside an
/// exhausted one.
///
/// Conventions (shared with manipulation.hpp and indexing.hpp):
/// - Shapes are braced lists: `me::zeros({3, 4})`; the element type is the template
///   argument, `double` by default: `me::ones<float>({8})`.
/// - Where NumPy infers the dtype from a value (`full`, `arange`, `*_like`), a C++ value
///   maps to NumPy's default dtype of its kind: `bool` -> bool, any integer -> int64,
///   `float` -> float32, `double` -> float64, complex keeps its type. An explicit template
///   argument overrides it: `me::full<float>({2}, 1)`.
/// - Arguments NumPy passes positionally stay positional (`me::eye(3, 4, 1)`,
///   `me::concatenate({a, b}, 1)`); ops with several keyword arguments take one options
///   struct last, written with designated initializers
///   (`me::linspace(0.0, 1.0, 5, {.endpoint = false})`).
/// - Every function that takes an array also takes a view (`me::array_view`, view.hpp):
///   it reads the view's elements as they are, without a copy when they are contiguous.
///   Results here are new arrays (copies), also where NumPy answers with a view.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "flops.hpp"

namespace me {

namespace detail {

/// The NumPy dtype a C++ value takes when NumPy would infer it from a Python scalar.
template <class V>
using scalar_dtype_t = std::conditional_t<
    std::is_same_v<V, bool>, bool,
    std::conditional_t<std::is_integral_v<V>, std::int64_t, V>>;

/// `Explicit` unless it is void, else `T` itself (the *_like family, asarray).
template <class Explicit, class T>
using same_or_t = std::conditional_t<std::is_void_v<Explicit>, T, Explicit>;

/// `Explicit` unless it is void, else the default dtype of `V`.
template <class Explicit, class V>
using dtype_or_t = std::conditional_t<std::is_void_v<Explicit>, scalar_dtype_t<V>, Explicit>;

/// Row-major decomposition of a shape around one axis: `outer` blocks of `len` slabs of
/// `inner` contiguous elements. Every axis-wise copy below walks this layout.
struct axis_layout {
    std::size_t outer = 1, len = 1, inner = 1;
};

template <class Shape>
axis_layout layout_around(const Shape& shape, std::size_t axis) {
    axis_layout l;
    for (std::size_t i = 0; i < axis; ++i) l.outer *= static_cast<std::size_t>(shape[i]);
    l.len = static_cast<std::size_t>(shape[axis]);
    for (std::size_t i = axis + 1; i < shape.size(); ++i) l.inner *= static_cast<std::size_t>(shape[i]);
    return l;
}

/// out[..., j, ...] = a[..., idx[j], ...] along `axis`; the workhorse of take, flip, roll,
/// repeat, compress, delete and split. Hand-written because xtensor 0.24 has no
/// `take`-style gather for dynamic-rank containers; the inner slabs are contiguous, so
/// this is a sequence of `copy_n`. Indices must already be valid.
template <class T>
void gather_slabs(const T* src, const axis_layout& l, const std::vector<std::size_t>& idx, T* dst) {
    if (l.inner == 1) {  // one element per index (take of a 1-d array): no copy_n call per element
        for (std::size_t o = 0; o < l.outer; ++o, src += l.len, dst += idx.size())
            for (std::size_t j = 0; j < idx.size(); ++j) dst[j] = src[idx[j]];
        return;
    }
    for (std::size_t o = 0; o < l.outer; ++o)
        for (std::size_t j = 0; j < idx.size(); ++j, dst += l.inner)
            std::copy_n(src + (o * l.len + idx[j]) * l.inner, l.inner, dst);
}
/// As above, into a result of shape `out_shape` (the gathered shape, or another of its size).
template <class T>
array<T> gather_axis(const array<T>& a, std::size_t axis, const std::vector<std::size_t>& idx,
                     std::optional<shape_t> out_shape = std::nullopt) {
    if (!out_shape) {
        out_shape = a.shape();
        (*out_shape)[axis] = idx.size();
    }
    auto out = array<T>::uninitialized(*out_shape);
    gather_slabs(a.data(), layout_around(a.xt().shape(), axis), idx, out.data());
    return out;
}

/// A copy of `a` holding the same elements under another shape of the same size.
template <class T>
array<T> with_shape(const array<T>& a, const shape_t& shape) {
    auto out = array<T>::uninitialized(shape);
    std::copy(a.begin(), a.end(), out.begin());
    return out;
}

template <class T>
array<T> filled(const shape_t& shape, const T& value, std::string_view op = "array") {
    auto out = array<T>::uninitialized(shape, op);
    std::fill(out.begin(), out.end(), value);
    return out;
}

/// An integer length as a dimension: negative lengths are NumPy's ValueError. (The
/// one-length overloads take any integer type, not std::size_t, so that a braced shape
/// such as `zeros({2})` picks the shape overload instead of a braced scalar.)
template <std::integral N>
std::size_t length_of(N n, std::string_view op) {
    if constexpr (std::is_signed_v<N>)
        if (n < 0) throw ValueError(fmt::format("{}: negative dimensions are not allowed, got {}", op, n));
    return static_cast<std::size_t>(n);
}

inline std::ptrdiff_t checked_count(double n, std::string_view op) {
    if (!std::isfinite(n)) throw ValueError(fmt::format("{}: cannot compute length (got {})", op, n));
    return n <= 0 ? 0 : static_cast<std::ptrdiff_t>(std::ceil(n));
}

/// A list of arrays or of views (of one element type) as the ops that take lists read it:
/// a list of arrays as it is (a span over it), a list of views as a vector of arrays
/// (contiguous views alias their elements: no copy; others are copied). The arrays are
/// for reading inside the op only. `list_span<X>(array_list(xs))` is what the span forms
/// take (the vector lives to the end of the full expression). FLOPs: 0.
template <array_like X>
auto array_list(std::span<const X> xs) {
    if constexpr (is_array_v<X>) {
        return xs;
    } else {
        std::vector<array<value_t<X>>> out;
        out.reserve(xs.size());
        for (const auto& v : xs) out.push_back(contiguous(v));
        return out;
    }
}
template <array_like X>
auto array_list(std::initializer_list<X> xs) { return array_list(std::span<const X>(xs.begin(), xs.size())); }
template <array_like X>
auto array_list(const std::vector<X>& xs) { return array_list(std::span<const X>(xs)); }
template <class X>
using list_span = std::span<const array<value_t<X>>>;

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Filled arrays

/// A new array of `shape` filled with zeros (np.zeros). FLOPs: 0.
template <class T = double>
array<T> zeros(const shape_t& shape) { return detail::filled<T>(shape, T(0), "zeros"); }
/// np.zeros(n). FLOPs: 0.
template <class T = double, std::integral N>
array<T> zeros(N n) { return zeros<T>(shape_t{detail::length_of(n, "zeros")}); }

/// A new array of `shape` filled with ones (np.ones). FLOPs: 0.
template <class T = double>
array<T> ones(const shape_t& shape) { return detail::filled<T>(shape, T(1), "ones"); }
/// np.ones(n). FLOPs: 0.
template <class T = double, std::integral N>
array<T> ones(N n) { return ones<T>(shape_t{detail::length_of(n, "ones")}); }

/// A new array of `shape` whose elements are not initialised (np.empty). FLOPs: 0.
template <class T = double>
array<T> empty(const shape_t& shape) { return array<T>::uninitialized(shape, "empty"); }
/// np.empty(n). FLOPs: 0.
template <class T = double, std::integral N>
array<T> empty(N n) { return empty<T>(shape_t{detail::length_of(n, "empty")}); }

/// A new array of `shape` filled with `fill_value` (np.full); the dtype is that of the
/// value (an int gives int64) unless given: `me::full<float>({2}, 1)`. FLOPs: 0.
template <class T = void, class V>
    requires detail::is_scalar_v<V>
array<detail::dtype_or_t<T, V>> full(const shape_t& shape, V fill_value) {
    using R = detail::dtype_or_t<T, V>;
    return detail::filled<R>(shape, static_cast<R>(fill_value), "full");
}

/// Zeros with the shape and dtype of `a` (an array or a view; or dtype `U`). FLOPs: 0.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> zeros_like(const A& a) { return zeros<detail::same_or_t<U, T>>(a.shape()); }
/// Ones with the shape and dtype of `a` (or dtype `U`). FLOPs: 0.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> ones_like(const A& a) { return ones<detail::same_or_t<U, T>>(a.shape()); }
/// Uninitialised, with the shape and dtype of `a` (or dtype `U`). FLOPs: 0.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> empty_like(const A& a) { return empty<detail::same_or_t<U, T>>(a.shape()); }
/// `fill_value` cast to the dtype of `a` (or `U`), with the shape of `a` (np.full_like). FLOPs: 0.
template <class U = void, array_like A, class V>
    requires detail::is_scalar_v<V>
array<detail::same_or_t<U, detail::value_t<A>>> full_like(const A& a, V fill_value) {
    using R = detail::same_or_t<U, detail::value_t<A>>;
    return detail::filled<R>(a.shape(), static_cast<R>(fill_value));
}

// ---------------------------------------------------------------------------------------
// Matrices

/// Ones on the k-th diagonal of an N x M matrix (np.tri's complement is tri; this is
/// np.eye(N, M, k)). M defaults to N; k > 0 is above the main diagonal. FLOPs: 0.
template <class T = double>
array<T> eye(std::size_t N, std::optional<std::size_t> M = std::nullopt, std::ptrdiff_t k = 0) {
    const std::size_t m = M.value_or(N);
    auto out = zeros<T>({N, m});
    for (std::size_t i = 0; i < N; ++i) {
        const auto j = static_cast<std::ptrdiff_t>(i) + k;
        if (j >= 0 && j < static_cast<std::ptrdiff_t>(m)) out(i, j) = T(1);
    }
    return out;
}

/// The n x n identity matrix (np.identity). FLOPs: 0.
template <class T = double>
array<T> identity(std::size_t n) { return eye<T>(n); }

/// Ones at and below the k-th diagonal of an N x M matrix, zeros above (np.tri). FLOPs: 0.
template <class T = double>
array<T> tri(std::size_t N, std::optional<std::size_t> M = std::nullopt, std::ptrdiff_t k = 0) {
    const std::size_t m = M.value_or(N);
    auto out = array<T>::uninitialized(shape_t{N, m});
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < m; ++j)
            out(i, j) = static_cast<std::ptrdiff_t>(j) <= static_cast<std::ptrdiff_t>(i) + k ? T(1) : T(0);
    return out;
}

/// np.diag: for a 1-d `v`, the square matrix with `v` on the k-th diagonal; for a 2-d `v`,
/// a copy of its k-th diagonal. Other ranks raise ValueError. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> diag(const A& v_in, std::ptrdiff_t k = 0) {
    const auto& v = detail::contiguous(v_in);
    if (v.ndim() == 1) {
        const std::size_t n = v.size() + static_cast<std::size_t>(k < 0 ? -k : k);
        auto out = zeros<T>({n, n});
        const std::size_t r0 = k >= 0 ? 0 : n - v.size(), c0 = k >= 0 ? n - v.size() : 0;
        for (std::size_t i = 0; i < v.size(); ++i) out(r0 + i, c0 + i) = v.data()[i];
        return out;
    }
    if (v.ndim() == 2) {
        const auto rows = static_cast<std::ptrdiff_t>(v.shape(0)), cols = static_cast<std::ptrdiff_t>(v.shape(1));
        const std::ptrdiff_t r0 = k >= 0 ? 0 : -k, c0 = k >= 0 ? k : 0;
        const std::ptrdiff_t n = std::max<std::ptrdiff_t>(0, std::min(rows - r0, cols - c0));
        auto out = array<T>::uninitialized(shape_t{static_cast<std::size_t>(n)});
        for (std::ptrdiff_t i = 0; i < n; ++i) out.data()[i] = v(r0 + i, c0 + i);
        return out;
    }
    throw ValueError(fmt::format("diag: input must be 1-d or 2-d, got shape {}", detail::shape_string(v.shape())));
}

/// The flattened input placed on the k-th diagonal of a square matrix (np.diagflat). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> diagflat(const A& v_in, std::ptrdiff_t k = 0) {
    const auto& v = detail::contiguous(v_in);
    return diag(detail::with_shape(v, shape_t{v.size()}), k);
}

// ---------------------------------------------------------------------------------------
// Ranges

/// Evenly spaced values in [start, stop) with `step` (np.arange). The dtype follows NumPy:
/// integer arguments give int64, any floating argument gives float64 (float32 only if all
/// are float); `me::arange<float>(...)` forces one. step == 0 raises ValueError. FLOPs: 0.
template <class T = void, class A, class B, class C>
    requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B> && std::is_arithmetic_v<C>)
auto arange(A start, B stop, C step) {
    using D = detail::promote_t<detail::scalar_dtype_t<A>, detail::promote_t<detail::scalar_dtype_t<B>, detail::scalar_dtype_t<C>>>;
    using R = std::conditional_t<std::is_void_v<T>, std::conditional_t<std::is_same_v<D, bool>, std::int64_t, D>, T>;
    if (step == C(0)) throw ValueError("arange: step must not be zero (division by zero)");
    const auto n = detail::checked_count((static_cast<double>(stop) - static_cast<double>(start)) / static_cast<double>(step), "arange");
    auto out = array<R>::uninitialized(shape_t{static_cast<std::size_t>(n)});
    if constexpr (std::is_integral_v<R>) {
        for (std::ptrdiff_t i = 0; i < n; ++i)
            out.data()[i] = static_cast<R>(static_cast<std::int64_t>(start) + i * static_cast<std::int64_t>(step));
    } else {
        // NumPy fills with start + i * delta, where delta = (start + step) - start.
        const double s = static_cast<double>(start), delta = (s + static_cast<double>(step)) - s;
        for (std::ptrdiff_t i = 0; i < n; ++i) out.data()[i] = static_cast<R>(s + static_cast<double>(i) * delta);
    }
    return out;
}
/// np.arange(start, stop). FLOPs: 0.
template <class T = void, class A, class B>
    requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
auto arange(A start, B stop) { return arange<T>(start, stop, 1); }
/// np.arange(stop). FLOPs: 0.
template <class T = void, class B>
    requires std::is_arithmetic_v<B>
auto arange(B stop) { return arange<T>(0, stop, 1); }

/// Options of `linspace`: NumPy's keyword arguments.
struct linspace_options {
    bool endpoint = true;  ///< include `stop` as the last sample
};

namespace detail {
/// NumPy's linspace arithmetic in type R (real or complex) into `out[0, num)` (converted
/// to its element type): start + i * step, or i / div * delta when the step underflows to
/// zero, the last sample set to `stop` exactly. Shared by linspace, logspace and geomspace.
template <class R, class Out>
void linspace_fill(R start, R stop, std::size_t num, bool endpoint, Out* out) {
    const R delta = stop - start;
    const auto div = static_cast<double>(endpoint ? num - 1 : num);
    const R step = div > 0 ? delta / div : delta;
    for (std::size_t i = 0; i < num; ++i) {
        const auto x = static_cast<double>(i);
        const R y = (div > 0 && step == R(0)) ? x / div * delta : x * step;
        out[i] = element_cast<Out>(y + start);
    }
    if (endpoint && num > 1) out[num - 1] = element_cast<Out>(stop);
}

/// NumPy's check of a sample count. @throws me::ValueError for num < 0.
inline std::size_t sample_count(std::ptrdiff_t num, std::string_view op) {
    if (num < 0) throw ValueError(fmt::format("{}: Number of samples, {}, must be non-negative.", op, num));
    return static_cast<std::size_t>(num);
}
}  // namespace detail

/// `num` evenly spaced samples over [start, stop] (np.linspace), computed as NumPy does
/// (start + i * step, the last one set to `stop` exactly). num < 0 raises ValueError.
/// `retstep` is not offered: the step is (stop - start) / (num - endpoint). FLOPs: 0.
template <class T = double, class A, class B>
    requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
array<T> linspace(A start, B stop, std::ptrdiff_t num = 50, linspace_options opts = {}) {
    const std::size_t n = detail::sample_count(num, "linspace");
    auto out = array<T>::uninitialized(shape_t{n}, "linspace");
    detail::linspace_fill(static_cast<double>(start), static_cast<double>(stop), n, opts.endpoint, out.data());
    return out;
}

// ---------------------------------------------------------------------------------------
// From existing data

/// np.asarray (and np.array, whose C++ spelling is the `me::array<T>` constructor: nested
/// braces, a scalar or an xtensor expression): `a` as an array of dtype `U` (default: its
/// own). Because me::array owns its buffer this is a copy, like np.array (NumPy's asarray
/// of a view returns the view itself). FLOPs: 0.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> asarray(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if constexpr (std::is_void_v<U> || std::is_same_v<U, T>) return a;
    else return a.template astype<U>();
}
/// np.asarray of a flat sequence: a 1-d array (of dtype `U` if given). FLOPs: 0.
template <class U = void, class T>
array<detail::same_or_t<U, T>> asarray(const std::vector<T>& values) {
    auto out = array<detail::same_or_t<U, T>>::uninitialized(shape_t{values.size()});
    std::copy(values.begin(), values.end(), out.begin());
    return out;
}

/// np.copy: an owning copy (of a view too). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> copy(const A& a) {
    if constexpr (is_view_v<A>) return a.copy();
    else return a;
}

/// np.astype: a copy converted to `U` (complex to real keeps the real part). FLOPs: 0.
template <class U, array_like A>
array<U> astype(const A& a) { return detail::contiguous(a).template astype<U>(); }

/// np.asarray_chkfinite: like asarray, but raises ValueError if `a` holds NaN or inf. FLOPs: 0.
template <class U = void, array_like A, class T = detail::value_t<A>>
array<detail::same_or_t<U, T>> asarray_chkfinite(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if constexpr (!std::is_integral_v<T>) {
        for (const T& v : a) {
            bool finite;
            if constexpr (detail::is_complex_v<T>) finite = std::isfinite(v.real()) && std::isfinite(v.imag());
            else finite = std::isfinite(v);
            if (!finite) throw ValueError("asarray_chkfinite: array must not contain infs or NaNs");
        }
    }
    return asarray<U>(a);
}

/// np.fromiter: a 1-d array from an input range (a view is one: its elements in row-major
/// order); `count` >= 0 takes that many elements (ValueError if the range is shorter), -1
/// takes all. FLOPs: 0.
template <class T = void, class Range>
auto fromiter(const Range& values, std::ptrdiff_t count = -1) {
    using V = std::remove_cvref_t<decltype(*std::begin(values))>;
    using R = std::conditional_t<std::is_void_v<T>, V, T>;
    std::vector<R> buf;
    for (auto it = std::begin(values); it != std::end(values); ++it) {
        if (count >= 0 && static_cast<std::ptrdiff_t>(buf.size()) == count) break;
        buf.push_back(static_cast<R>(*it));
    }
    if (count >= 0 && static_cast<std::ptrdiff_t>(buf.size()) < count)
        throw ValueError(fmt::format("fromiter: iterator too short: expected {} but iterator had only {} items",
                                     count, buf.size()));
    return asarray(buf);
}

/// np.fromfunction: element [i, j, ...] is `f(i, j, ...)`, with the indices passed as
/// `T` (double, like NumPy's default float index grids). NumPy calls `f` once on index
/// arrays; in C++ `f` is called per element, which gives the same result for the
/// elementwise functions fromfunction is meant for. The rank is that of the braced
/// shape: `me::fromfunction([](double i, double j) { return i + j; }, {2, 3})`. FLOPs: 0.
template <class T = double, class F, std::size_t N>
auto fromfunction(F&& f, const std::size_t (&shape)[N]) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        using R = std::remove_cvref_t<std::invoke_result_t<F, decltype(T(I))...>>;
        auto out = array<R>::uninitialized(shape_t(shape, shape + N));
        std::size_t idx[N == 0 ? 1 : N] = {};
        for (std::size_t flat = 0; flat < out.size(); ++flat) {
            out.data()[flat] = f(static_cast<T>(idx[I])...);
            for (std::size_t d = N; d-- > 0;) {  // odometer increment, row-major
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }(std::make_index_sequence<N>{});
}

// ---------------------------------------------------------------------------------------
// Grids

/// Options of `meshgrid`: NumPy's keyword arguments.
struct meshgrid_options {
    std::string_view indexing = "xy";  ///< "xy" (Cartesian) or "ij" (matrix)
    bool sparse = false;                ///< keep the broadcastable size-1 axes
};

/// np.meshgrid of 1-d coordinate vectors (inputs of other ranks are flattened, as in
/// NumPy). "xy" swaps the first two output axes. FLOPs: 0.
template <class T>
std::vector<array<T>> meshgrid(std::span<const array<T>> xs, meshgrid_options opts = {}) {
    if (opts.indexing != "xy" && opts.indexing != "ij")
        throw ValueError(fmt::format("meshgrid: valid values for `indexing` are 'xy' and 'ij', got '{}'", opts.indexing));
    const std::size_t n = xs.size();
    const bool xy = opts.indexing == "xy" && n >= 2;
    auto axis_of = [&](std::size_t i) { return xy && i < 2 ? 1 - i : i; };
    shape_t full_shape(n);
    for (std::size_t i = 0; i < n; ++i) full_shape[axis_of(i)] = xs[i].size();
    if (!opts.sparse) (void)detail::checked_size(full_shape, sizeof(T), "meshgrid");  // before building any
    std::vector<array<T>> out;
    for (std::size_t i = 0; i < n; ++i) {
        shape_t s(n, 1);
        s[axis_of(i)] = xs[i].size();
        auto column = detail::with_shape(xs[i], s);
        if (opts.sparse) out.push_back(std::move(column));
        else out.emplace_back(xt::broadcast(column.xt(), full_shape));
    }
    return out;
}
/// np.meshgrid of a braced list or a vector of arrays, or of views (of one element type). FLOPs: 0.
template <array_like X>
std::vector<array<detail::value_t<X>>> meshgrid(std::initializer_list<X> xs, meshgrid_options opts = {}) {
    return meshgrid(detail::list_span<X>(detail::array_list(xs)), opts);
}
template <array_like X>
std::vector<array<detail::value_t<X>>> meshgrid(const std::vector<X>& xs, meshgrid_options opts = {}) {
    return meshgrid(detail::list_span<X>(detail::array_list(xs)), opts);
}

/// np.indices: an int64 array of shape (len(dimensions), *dimensions) whose i-th slice
/// holds the index along axis i. FLOPs: 0.
template <class T = std::int64_t>
array<T> indices(const shape_t& dimensions) {
    shape_t s{dimensions.size()};
    s.insert(s.end(), dimensions.begin(), dimensions.end());
    auto out = array<T>::uninitialized(s);
    const std::size_t n = detail::numel(dimensions);
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
        const auto l = detail::layout_around(dimensions, d);
        T* p = out.data() + d * n;
        for (std::size_t o = 0; o < l.outer; ++o)
            for (std::size_t j = 0; j < l.len; ++j, p += l.inner) std::fill_n(p, l.inner, static_cast<T>(j));
    }
    return out;
}

}  // namespace me

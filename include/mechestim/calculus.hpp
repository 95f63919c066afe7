/// @file calculus.hpp
/// @brief Differences, derivatives, integrals, interpolation, convolution: diff, ediff1d,
/// gradient, trapezoid (and trapz), interp, convolve, correlate, unwrap, with NumPy 1.24's
/// semantics, result types and errors.
///
/// Call forms (NumPy's keywords in one options struct, last):
/// @code
///   me::diff(a);                                  me::diff(a, {.n = 2, .axis = 0, .prepend = 0.0});
///   me::ediff1d(a, {.to_end = 9.0});
///   me::gradient(f);                              me::gradient(f, 0.5, x_coords, {.edge_order = 2});
///   me::trapezoid(y, {.x = x});                   me::trapz(y, {.dx = 0.1, .axis = 0});
///   me::interp(x, xp, fp, {.left = 0.0, .period = 360.0});
///   me::convolve(a, v);                           me::correlate(a, v, {.mode = "full"});
///   me::unwrap(phase, {.period = 360.0});
/// @endcode
///
/// Every op takes arrays or views, validates all its arguments (a me:: error, nothing
/// charged), charges its formula (flops/calculus.hpp) and only then allocates and computes.
/// Options that carry values of the input's element type (diff's prepend/append, ediff1d's
/// to_begin/to_end) are templates on it: `{.prepend = 0}` on an int array is an int; to
/// mix in a value of a higher kind, as NumPy's promotion does, name the type:
/// `me::diff(ints, me::diff_options<double>{.prepend = 0.5})` gives float64.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops/calculus.hpp"
#include "shape.hpp"
#include "view.hpp"
#include "detail/convolve_kernel.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"
#include "detail/ufunc.hpp"

namespace me {

namespace detail::calc {

template <class T>
concept number = std::is_arithmetic_v<T> || is_complex_v<T>;
template <class T>
concept real_number = std::is_arithmetic_v<T>;

/// An array or view of `U` as an owning array of `T` (free: a copy at most).
template <class T, class A>
array<T> owned_as(const A& a) {
    using U = value_t<A>;
    if constexpr (std::is_same_v<U, T>) return array<T>(contiguous(a));
    else return contiguous(a).template astype<T>();
}

/// An array seen as lines x length x inner along one axis: element (o, l, i) is at
/// (o*length + l)*inner + i.
struct axis_layout {
    std::size_t lines = 1, length = 0, inner = 1;
};
inline axis_layout layout_of(const shape_t& shape, std::size_t axis) {
    axis_layout g;
    g.length = shape[axis];
    for (std::size_t d = 0; d < axis; ++d) g.lines *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) g.inner *= shape[d];
    // A zero after the axis empties every line: none is walked (a (2^59, 3, 0) input would
    // otherwise loop 2^59 times over nothing, charged 1). Every output has the inner
    // factor, so it is empty too.
    if (g.inner == 0) g.lines = 0;
    return g;
}

/// b - a as NumPy's diff takes it: not_equal for bool, wrapping for integers.
template <class R>
constexpr R difference(R b, R a) noexcept {
    if constexpr (std::is_same_v<R, bool>) {
        return b != a;
    } else if constexpr (std::is_integral_v<R>) {
        using U = std::make_unsigned_t<R>;
        return static_cast<R>(static_cast<U>(b) - static_cast<U>(a));
    } else {
        return b - a;
    }
}

/// NumPy's floor modulo of floats (npy_divmod): the sign of the divisor, -0 kept as +-0.
template <class R>
R floor_mod(R a, R b) noexcept {
    R m = std::fmod(a, b);
    if (m != 0) {
        if ((b < 0) != (m < 0)) m += b;
    } else {
        m = std::copysign(R(0), b);
    }
    return m;
}

}  // namespace detail::calc

/// Values given to an op next to an array of element type `T`: a scalar or an array (or
/// view) of a kind no higher than T's (bool < integer < float < complex), converted to T.
/// Left out, it is absent. FLOPs: 0.
template <class T>
class edge_values {
public:
    edge_values() = default;
    template <detail::calc::number U>
    edge_values(U value) : values_(array<T>(detail::element_cast<T>(value))) {  // NOLINT: implicit, as NumPy's prepend=0
        static_assert(static_cast<int>(detail::kind_of<U>()) <= static_cast<int>(detail::kind_of<T>()),
                      "a value of a higher kind than the array's: name the result type, e.g. me::diff_options<double>{...}");
    }
    template <array_like A>
    edge_values(const A& values) : values_(detail::calc::owned_as<T>(values)) {  // NOLINT: implicit, as NumPy's prepend=[...]
        static_assert(static_cast<int>(detail::kind_of<detail::value_t<A>>()) <= static_cast<int>(detail::kind_of<T>()),
                      "an array of a higher kind than the array's: name the result type, e.g. me::diff_options<double>{...}");
    }

    bool given() const noexcept { return values_.has_value(); }
    const array<T>& values() const { return *values_; }

private:
    std::optional<array<T>> values_;
};

/// Options of `me::diff` (NumPy's keywords): the order `n` (>= 0), the `axis`, and values
/// put before and after `a` along the axis (`prepend`, `append`: a scalar, broadcast to one
/// slice, or an array matching `a` off the axis).
template <class T = double>
struct diff_options {
    long long n = 1;
    int axis = -1;
    edge_values<T> prepend{};
    edge_values<T> append{};
};

/// Options of `me::ediff1d`: values put after and before the differences (flattened).
template <class T = double>
struct ediff1d_options {
    edge_values<T> to_end{};
    edge_values<T> to_begin{};
};

namespace detail::calc {

/// The length a prepend/append adds along `axis`, checked as NumPy's concatenate checks it.
/// @throws me::ValueError for a rank or an off-axis length that differs.
template <class T>
std::size_t edge_length(const edge_values<T>& e, const shape_t& shape, std::size_t axis, std::size_t index) {
    if (!e.given()) return 0;
    const array<T>& v = e.values();
    if (v.ndim() == 0) return 1;
    if (v.ndim() != shape.size())
        throw ValueError(cat("diff: all the input array dimensions must have same number of dimensions, but the array at index 0 has ",
                             index == 0 ? v.ndim() : shape.size(), " dimension(s) and the array at index 1 has ",
                             index == 0 ? shape.size() : v.ndim(), " dimension(s)"));
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != axis && v.shape()[d] != shape[d])
            throw ValueError(cat("diff: all the input array dimensions except for the concatenation axis must match exactly, "
                                 "but along dimension ", d, " the shapes differ (", v.shape()[d], " and ", shape[d], ")"));
    return v.shape()[axis];
}

/// Appends `count` slices of one line of `part` (or its single value, broadcast) to `out`.
template <class R, class T>
R* put_slices(R* out, const array<T>& part, std::size_t line, std::size_t count, std::size_t inner) {
    const std::size_t n = count * inner;
    if (part.ndim() == 0) return std::fill_n(out, n, static_cast<R>(part.data()[0]));
    const T* src = part.data() + line * n;
    return std::transform(src, src + n, out, [](const T& v) { return static_cast<R>(v); });
}

}  // namespace detail::calc

/// NumPy's `diff(a, n, axis, prepend, append)`: the n-th discrete difference along `axis`
/// (default the last), after putting `prepend` before and `append` after `a` along it.
/// bool takes not_equal (NumPy's choice); integers wrap; the result type is a's promoted
/// with the options' T (a's own type by default). The axis is max(L - n, 0) long (L with
/// prepend/append). n = 0 returns a copy of `a`.
/// FLOPs: `flops::diff_cost(a.shape(), n, axis, added)`: the elements each of the n passes
/// reads (pass k reads lines*(L - k)), numel(a) for n = 1; at least 1.
/// @throws me::ValueError for n < 0, a 0-d `a`, a prepend/append that does not fit;
///         me::AxisError; nothing charged.
template <array_like X, class P = detail::value_t<X>>
    requires detail::calc::number<detail::value_t<X>>
array<detail::promote_t<detail::value_t<X>, P>> diff(const X& a_in, const diff_options<P>& o = {}) {
    using T = detail::value_t<X>;
    using R = detail::promote_t<T, P>;
    constexpr auto id = detail::op_index("diff");
    const auto& a = detail::contiguous(a_in);
    const shape_t shape = a.shape();
    if (o.n == 0) {  // NumPy returns a itself, before any other check
        detail::charge(id, flops::op_cost<id>(flops::detail::calculus::diff_plan{1, 0, 0}), detail::shape_details(shape));
        return a.template astype<R>();
    }
    const std::size_t ax = flops::detail::calculus::diff_axis(shape, o.n, o.axis, "diff");
    const std::size_t before = detail::calc::edge_length(o.prepend, shape, ax, 0);
    const std::size_t after = detail::calc::edge_length(o.append, shape, ax, 1);
    shape_t combined = shape;
    combined[ax] += before + after;
    (void)detail::checked_size(combined, sizeof(R), "diff");
    detail::charge(id, flops::op_cost<id>(flops::detail::calculus::diff_plan_of(shape, o.n, o.axis, before + after, "diff")),
                   detail::shape_details(shape));

    const auto g = detail::calc::layout_of(combined, ax);
    auto x = array<R>::uninitialized(combined, "diff");  // a work buffer (std::vector<bool> has no data())
    R* w = x.data();
    for (std::size_t line = 0; line < g.lines; ++line) {
        if (before) w = detail::calc::put_slices<R>(w, o.prepend.values(), line, before, g.inner);
        w = detail::calc::put_slices<R>(w, a, line, shape[ax], g.inner);
        if (after) w = detail::calc::put_slices<R>(w, o.append.values(), line, after, g.inner);
    }
    // Each pass in place: slice l becomes slice l+1 minus slice l, reading l+1 before it is written.
    const std::size_t passes = static_cast<std::size_t>(std::min<long long>(o.n, static_cast<long long>(g.length)));
    const std::size_t stride = g.length * g.inner;
    for (std::size_t pass = 0; pass < passes; ++pass) {
        const std::size_t count = (g.length - pass - 1) * g.inner;
        for (std::size_t line = 0; line < g.lines; ++line) {
            R* s = x.data() + line * stride;
            for (std::size_t e = 0; e < count; ++e) s[e] = detail::calc::difference(s[e + g.inner], s[e]);
        }
    }
    shape_t out_shape = combined;
    out_shape[ax] = g.length - passes;
    auto out = array<R>::uninitialized(out_shape, "diff");
    const std::size_t keep = out_shape[ax] * g.inner;
    for (std::size_t line = 0; line < g.lines; ++line)
        std::copy_n(x.data() + line * stride, keep, out.data() + line * keep);
    return out;
}

/// NumPy's `ediff1d(ary, to_end, to_begin)`: the differences of the flattened `ary`
/// (ary[1:] - ary[:-1], integers wrapping), with `to_begin` before and `to_end` after
/// them (flattened). The result has ary's element type. bool does not compile (NumPy
/// raises TypeError for boolean subtract), nor does a to_begin/to_end of a higher kind
/// (NumPy's "same_kind" TypeError).
/// FLOPs: `flops::ediff1d_cost(ary.size())`: numel(ary), at least 1.
template <array_like X, class T = detail::value_t<X>>
    requires(detail::calc::number<T> && !std::is_same_v<T, bool>)
array<T> ediff1d(const X& ary_in, const ediff1d_options<T>& o = {}) {
    constexpr auto id = detail::op_index("ediff1d");
    const auto& ary = detail::contiguous(ary_in);
    const std::size_t n = ary.size();
    const std::size_t diffs = n == 0 ? 0 : n - 1;
    const std::size_t begin = o.to_begin.given() ? o.to_begin.values().size() : 0;
    const std::size_t end = o.to_end.given() ? o.to_end.values().size() : 0;
    detail::charge(id, flops::op_cost<id>(shape_t{n}), detail::shape_details(ary.xt().shape()));
    auto out = array<T>::uninitialized(shape_t{begin + diffs + end}, "ediff1d");
    T* w = out.data();
    if (begin) w = std::copy_n(o.to_begin.values().data(), begin, w);
    const T* s = ary.data();
    for (std::size_t i = 0; i < diffs; ++i) *w++ = detail::calc::difference(s[i + 1], s[i]);
    if (end) std::copy_n(o.to_end.values().data(), end, w);
    return out;
}

// ---------------------------------------------------------------------------------------
// gradient

/// One spacing argument of `me::gradient`: a scalar step, or the coordinates of the
/// samples along the axis (a real 1-D array or view, taken as float64). FLOPs: 0.
class gradient_spacing {
public:
    template <detail::calc::real_number U>
    gradient_spacing(U step) : step_(static_cast<double>(step)) {}  // NOLINT: implicit, as NumPy's varargs
    template <array_like A>
        requires detail::calc::real_number<detail::value_t<A>>
    gradient_spacing(const A& coordinates) {  // NOLINT
        const auto c = detail::calc::owned_as<double>(coordinates);
        ndim_ = c.ndim();
        if (ndim_ == 0) step_ = c.data()[0];
        else coordinates_.assign(c.begin(), c.end());
    }
    bool scalar() const noexcept { return ndim_ == 0; }
    double step() const noexcept { return step_; }
    std::size_t ndim() const noexcept { return ndim_; }
    const std::vector<double>& coordinates() const noexcept { return coordinates_; }

private:
    double step_ = 1.0;
    std::size_t ndim_ = 0;
    std::vector<double> coordinates_;
};

/// Options of `me::gradient`: the axes to differentiate along (all by default; an int or
/// a braced list, in the order the results come back) and the accuracy at the edges
/// (`edge_order` 1 or 2).
struct gradient_options {
    axis_spec axis{};
    int edge_order = 1;
};

/// The results of `me::gradient`: one array per axis differentiated, in the order of the
/// axes. NumPy returns a single array for one axis and a list for several; here the result
/// is always this vector, which converts to the single array when it holds exactly one
/// (`me::array<double> g = me::gradient(y);`), and raises me::ValueError otherwise.
template <class R>
class gradients : public std::vector<array<R>> {
public:
    using std::vector<array<R>>::vector;
    operator array<R>() const {  // NOLINT: implicit, as NumPy's single-axis result
        if (this->size() != 1)
            throw ValueError(detail::cat("gradient: ", this->size(), " gradients (one per axis), not one array"));
        return this->front();
    }
};

namespace detail::calc {

/// The spacing along one axis: a uniform step, or the differences of the coordinates.
struct axis_spacing {
    bool uniform = true;
    double step = 1.0;
    std::vector<double> dx;  ///< x[l+1] - x[l], when not uniform
};

/// NumPy's reading of gradient's varargs for `axes` of `shape`.
/// @throws me::ValueError for a wrong count, a spacing array that is not 1-D or whose
///         length is not the axis length; me::IndexError for one coordinate (NumPy's diffx[0]).
inline std::vector<axis_spacing> spacings_of(const std::vector<gradient_spacing>& given, const shape_t& shape,
                                             const std::vector<std::size_t>& axes) {
    std::vector<axis_spacing> out(axes.size());
    if (given.empty()) return out;
    if (given.size() == 1 && given[0].scalar()) {
        for (auto& s : out) s.step = given[0].step();
        return out;
    }
    if (given.size() != axes.size()) throw ValueError("gradient: invalid number of arguments");
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const gradient_spacing& g = given[i];
        if (g.scalar()) {
            out[i].step = g.step();
            continue;
        }
        if (g.ndim() != 1) throw ValueError("gradient: distances must be either scalars or 1d");
        const auto& x = g.coordinates();
        if (x.size() != shape[axes[i]])
            throw ValueError("gradient: when 1d, distances must match the length of the corresponding dimension");
        if (x.size() < 2) throw IndexError("gradient: index 0 is out of bounds for axis 0 with size 0");
        std::vector<double> dx(x.size() - 1);
        for (std::size_t l = 0; l + 1 < x.size(); ++l) dx[l] = x[l + 1] - x[l];
        // constant differences reduce to the scalar case, as NumPy does
        if (std::all_of(dx.begin(), dx.end(), [&](double d) { return d == dx[0]; })) out[i].step = dx[0];
        else out[i] = {false, 0.0, std::move(dx)};
    }
    return out;
}

/// The gradient along one axis of f (element type R) into out.
template <class R>
void gradient_along(const R* f, R* out, const axis_layout& g, const axis_spacing& sp, int edge_order) {
    using C = promote_t<double, R>;  // NumPy's coefficient arrays are float64
    const std::size_t L = g.length, in = g.inner;
    const auto r = [](double v) { return static_cast<R>(v); };
    for (std::size_t line = 0; line < g.lines; ++line) {
        const R* s = f + line * L * in;
        R* o = out + line * L * in;
        for (std::size_t i = 0; i < in; ++i) {
            const auto at = [&](std::size_t l) { return s[l * in + i]; };
            auto put = [&](std::size_t l, R v) { o[l * in + i] = v; };
            for (std::size_t l = 1; l + 1 < L; ++l) {
                if (sp.uniform) {
                    put(l, (at(l + 1) - at(l - 1)) / r(2.0 * sp.step));
                } else {
                    const double d1 = sp.dx[l - 1], d2 = sp.dx[l];
                    const double a = -d2 / (d1 * (d1 + d2)), b = (d2 - d1) / (d1 * d2), c = d1 / (d2 * (d1 + d2));
                    put(l, static_cast<R>(C(a) * C(at(l - 1)) + C(b) * C(at(l)) + C(c) * C(at(l + 1))));
                }
            }
            if (edge_order == 1) {
                const double first = sp.uniform ? sp.step : sp.dx.front(), last = sp.uniform ? sp.step : sp.dx.back();
                put(0, (at(1) - at(0)) / r(first));
                put(L - 1, (at(L - 1) - at(L - 2)) / r(last));
                continue;
            }
            double a0, b0, c0, a1, b1, c1;
            if (sp.uniform) {
                const double h = sp.step;
                a0 = -1.5 / h, b0 = 2. / h, c0 = -0.5 / h;
                a1 = 0.5 / h, b1 = -2. / h, c1 = 1.5 / h;
            } else {
                const double d1 = sp.dx[0], d2 = sp.dx[1];
                a0 = -(2. * d1 + d2) / (d1 * (d1 + d2)), b0 = (d1 + d2) / (d1 * d2), c0 = -d1 / (d2 * (d1 + d2));
                const double e1 = sp.dx[L - 3], e2 = sp.dx[L - 2];
                a1 = e2 / (e1 * (e1 + e2)), b1 = -(e2 + e1) / (e1 * e2), c1 = (2. * e2 + e1) / (e2 * (e1 + e2));
            }
            put(0, r(a0) * at(0) + r(b0) * at(1) + r(c0) * at(2));
            put(L - 1, r(a1) * at(L - 3) + r(b1) * at(L - 2) + r(c1) * at(L - 1));
        }
    }
}

template <class X, class T = value_t<X>, class R = float_result_t<T>>
gradients<R> gradient_body(const X& f_in, const std::vector<gradient_spacing>& given, const gradient_options& o) {
    static_assert(!std::is_same_v<T, bool>, "gradient of bool: NumPy raises TypeError (boolean subtract)");
    constexpr auto id = op_index("gradient");
    const auto& f0 = contiguous(f_in);
    const shape_t shape = f0.shape();
    const auto axes = flops::detail::calculus::axis_tuple(o.axis, shape.size(), "gradient");
    const auto spacing = spacings_of(given, shape, axes);
    if (o.edge_order > 2) throw ValueError("gradient: 'edge_order' greater than 2 not supported");
    if (o.edge_order < 1) throw ValueError(cat("gradient: edge_order must be 1 or 2, got ", o.edge_order));
    for (std::size_t ax : axes)
        if (shape[ax] < static_cast<std::size_t>(o.edge_order) + 1)
            throw ValueError("gradient: Shape of array too small to calculate a numerical gradient, at least "
                             "(edge_order + 1) elements are required.");
    charge(id, flops::op_cost<id>(shape, axes.size()), shape_details(shape));
    const array<R> f = owned_as<R>(f0);
    gradients<R> out;
    out.reserve(axes.size());
    for (std::size_t k = 0; k < axes.size(); ++k) {
        auto g = array<R>::uninitialized_like(shape);
        gradient_along(f.data(), g.data(), layout_of(shape, axes[k]), spacing[k], o.edge_order);
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace detail::calc

/// NumPy's `gradient(f, *varargs, axis, edge_order)`: second-order central differences
/// inside, first- or second-order one-sided differences at the ends (`edge_order`), along
/// every axis (or `.axis`). Spacing: none (1), one scalar for every axis, or one per axis
/// (a scalar step or the coordinates along it, of the axis's length; evenly spaced
/// coordinates are a step, as in NumPy). Integers give float64, float32 and complex keep
/// their type; bool does not compile (NumPy's TypeError). The result is `me::gradients`,
/// one array per axis (it converts to `me::array` when there is one).
/// FLOPs: `flops::gradient_cost(f.shape(), axis)`: numel(f) per axis, at least 1.
/// @throws me::ValueError for a wrong number of spacings, a spacing array that is not 1-D
///         or of the axis's length, edge_order outside 1..2, an axis shorter than
///         edge_order + 1; me::AxisError; nothing charged.
template <array_like X>
auto gradient(const X& f, const gradient_options& o = {}) {
    return detail::calc::gradient_body(f, {}, o);
}
template <array_like X>
auto gradient(const X& f, const gradient_spacing& s0, const gradient_options& o = {}) {
    return detail::calc::gradient_body(f, {s0}, o);
}
template <array_like X>
auto gradient(const X& f, const gradient_spacing& s0, const gradient_spacing& s1, const gradient_options& o = {}) {
    return detail::calc::gradient_body(f, {s0, s1}, o);
}
template <array_like X>
auto gradient(const X& f, const gradient_spacing& s0, const gradient_spacing& s1, const gradient_spacing& s2,
              const gradient_options& o = {}) {
    return detail::calc::gradient_body(f, {s0, s1, s2}, o);
}
/// The same with any number of spacings, as a `std::vector<me::gradient_spacing>`.
/// FLOPs: `flops::gradient_cost(f.shape(), o.axis)`: numel(f) per axis differentiated.
template <array_like X, class V>
    requires std::is_same_v<V, std::vector<gradient_spacing>>  // deduced: a braced list is the options
auto gradient(const X& f, const V& spacing, const gradient_options& o = {}) {
    return detail::calc::gradient_body(f, spacing, o);
}

// ---------------------------------------------------------------------------------------
// trapezoid

/// Sample points of an op: a real array or view (taken as float64), or absent. FLOPs: 0.
class sample_points {
public:
    sample_points() = default;
    template <array_like A>
        requires detail::calc::real_number<detail::value_t<A>>
    sample_points(const A& x) : x_(detail::calc::owned_as<double>(x)) {}  // NOLINT: implicit, as NumPy's x=...
    bool given() const noexcept { return x_.has_value(); }
    const array<double>& values() const { return *x_; }

private:
    std::optional<array<double>> x_;
};

/// Options of `me::trapezoid` and `me::trapz`: the sample points `x` (float64; they
/// broadcast against y as in NumPy), else the spacing `dx`; the `axis` integrated along.
struct trapezoid_options {
    sample_points x{};
    double dx = 1.0;
    int axis = -1;
};

namespace detail::calc {

/// y[l+1] + y[l] as NumPy adds them (bool: or).
template <class T>
constexpr T pair_sum(T a, T b) noexcept {
    if constexpr (std::is_same_v<T, bool>) return a || b;
    else if constexpr (std::is_integral_v<T>) {
        using U = std::make_unsigned_t<T>;
        return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
    }
    else return a + b;
}

/// The sum over `axis` of terms (shape `shape`, row-major), accumulated in S, as R.
template <class R, class Terms>
array<R> sum_along(const Terms& terms, const shape_t& shape, std::size_t axis) {
    using S = typename Terms::value_type;
    const auto g = layout_of(shape, axis);
    shape_t out_shape = shape;
    out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(axis));
    auto out = array<R>::uninitialized(out_shape, "trapezoid");
    std::vector<S> acc(g.inner);
    for (std::size_t line = 0; line < g.lines; ++line) {
        std::fill(acc.begin(), acc.end(), S(0));
        const S* t = terms.data() + line * g.length * g.inner;
        for (std::size_t l = 0; l < g.length; ++l)
            for (std::size_t i = 0; i < g.inner; ++i) acc[i] += t[l * g.inner + i];
        std::transform(acc.begin(), acc.end(), out.data() + line * g.inner, [](const S& v) { return static_cast<R>(v); });
    }
    return out;
}

/// The elements of `a` (shape `from`) at each index of `to` they broadcast to.
template <class S, class A>
array<S> broadcast_to_shape(const A* a, const shape_t& from, const shape_t& to) {
    const std::size_t nd = to.size(), off = nd - from.size();
    std::vector<std::size_t> stride(nd, 0);
    std::size_t s = 1;
    for (std::size_t d = from.size(); d-- > 0;) {
        stride[d + off] = from[d] == 1 ? 0 : s;
        s *= from[d];
    }
    auto out = array<S>::uninitialized(to, "trapezoid");  // the library's allocator: out of memory is a me:: error
    std::vector<std::size_t> index(nd, 0);
    std::size_t at = 0;
    for (auto& v : out) {
        v = static_cast<S>(a[at]);
        for (std::size_t d = nd; d-- > 0;) {
            at += stride[d];
            if (++index[d] < to[d]) break;
            at -= stride[d] * to[d];
            index[d] = 0;
        }
    }
    return out;
}

template <op_id Id, class X>
auto trapezoid_body(const X& y_in, const trapezoid_options& o) {
    using T = value_t<X>;
    const auto& y = contiguous(y_in);
    const shape_t ys = y.shape();
    const std::size_t ya = normalize_axis(o.axis, ys.size(), op_name(Id));
    const auto g = layout_of(ys, ya);
    shape_t slice_shape = ys;
    slice_shape[ya] = g.length == 0 ? 0 : g.length - 1;
    const auto pairs = [&]<class S>(S) {  // y[1:] + y[:-1], in y's type, then as S
        std::vector<S> p(numel(slice_shape));
        const std::size_t count = slice_shape[ya] * g.inner;
        for (std::size_t line = 0; line < g.lines; ++line)
            for (std::size_t e = 0; e < count; ++e) {
                const T* s = y.data() + line * g.length * g.inner + e;
                p[line * count + e] = static_cast<S>(pair_sum(s[g.inner], s[0]));
            }
        return p;
    };
    if (!o.x.given()) {
        using R = float_result_t<T>;
        using S = promote_t<R, double>;
        charge(Id, flops::op_cost<Id>(ys, shape_t{}, ys), shape_details(ys));
        std::vector<S> terms = pairs(S{});
        for (auto& t : terms) t = static_cast<S>(static_cast<R>(static_cast<R>(o.dx) * static_cast<R>(t)) / static_cast<R>(2.0));
        return sum_along<R>(terms, slice_shape, ya);
    }
    using R = float_result_t<T>;
    using W = promote_t<T, double>;  // NumPy's float64 differences of x
    const array<double>& x = o.x.values();
    const shape_t xs = x.shape();
    shape_t ds;
    std::vector<double> d;
    if (xs.size() == 1) {
        ds.assign(ys.size(), 1);
        ds[ya] = xs[0] == 0 ? 0 : xs[0] - 1;
        for (std::size_t l = 0; l + 1 < xs[0]; ++l) d.push_back(x.data()[l + 1] - x.data()[l]);
    } else {
        const std::size_t xa = flops::detail::calculus::diff_axis(xs, 1, o.axis, op_name(Id));
        const auto gx = layout_of(xs, xa);
        ds = xs;
        ds[xa] = gx.length == 0 ? 0 : gx.length - 1;
        const std::size_t count = ds[xa] * gx.inner;
        for (std::size_t line = 0; line < gx.lines; ++line)
            for (std::size_t e = 0; e < count; ++e) {
                const double* s = x.data() + line * gx.length * gx.inner + e;
                d.push_back(s[gx.inner] - s[0]);
            }
    }
    const shape_t terms_shape = broadcast_shapes(ds, slice_shape, op_name(Id));
    const std::size_t ta = normalize_axis(o.axis, terms_shape.size(), op_name(Id));
    (void)checked_size(terms_shape, sizeof(W), op_name(Id));
    charge(Id, flops::op_cost<Id>(ys, xs, terms_shape), shape_details(ys, xs));
    const std::vector<W> p = pairs(W{});
    const auto dd = broadcast_to_shape<W>(d.data(), ds, terms_shape);
    auto terms = broadcast_to_shape<W>(p.data(), slice_shape, terms_shape);
    for (std::size_t k = 0; k < terms.size(); ++k) terms.data()[k] = dd.data()[k] * terms.data()[k] / W(2.0);
    return sum_along<R>(terms, terms_shape, ta);
}

}  // namespace detail::calc

/// NumPy 2's `trapezoid(y, x, dx, axis)`: the integral of y along `axis` by the trapezoidal
/// rule, sum(d * (y[1:] + y[:-1]) / 2) with d = dx, or the differences of `x` (1-D along
/// the axis, or an array broadcasting against y as NumPy's). Result: y's shape without the
/// axis (a 0-d array for 1-D y); float64 for integers and bool, float32 and complex64 kept
/// (also with x, which NumPy would promote to float64: the result type cannot depend on
/// whether an option is given). Checked against NumPy 1.24's `trapz`.
/// FLOPs: `flops::trapezoid_cost(y.shape())`, or `trapezoid_cost(y.shape(), x.shape(), axis)`:
/// numel(y), or the largest of numel(y), numel(x) and the broadcast products; at least 1.
/// @throws me::AxisError, me::ShapeError when x's differences do not broadcast against y,
///         me::ValueError for a 0-d x; nothing charged.
template <array_like X>
    requires detail::calc::number<detail::value_t<X>>
auto trapezoid(const X& y, const trapezoid_options& o = {}) {
    return detail::calc::trapezoid_body<detail::op_index("trapezoid")>(y, o);
}

/// NumPy's `trapz`: `trapezoid` under its older name, tallied as "trapz".
/// FLOPs: `flops::trapz_cost(...)`, as trapezoid.
template <array_like X>
    requires detail::calc::number<detail::value_t<X>>
auto trapz(const X& y, const trapezoid_options& o = {}) {
    return detail::calc::trapezoid_body<detail::op_index("trapz")>(y, o);
}

// ---------------------------------------------------------------------------------------
// interp

/// Options of `me::interp`: the values below xp[0] (`left`, default fp[0]) and above
/// xp[-1] (`right`, default fp[-1]), and a `period` for periodic x (then left and right
/// are ignored, as in NumPy). V is the result's element type (double, or complex for
/// complex fp).
template <class V = double>
struct interp_options {
    std::optional<V> left{};
    std::optional<V> right{};
    std::optional<double> period{};
};

namespace detail::calc {

template <class F>
using interp_value_t = std::conditional_t<is_complex_v<F>, std::complex<double>, double>;

/// NumPy's interpolation on one segment of doubles, with its NaN retries.
inline double segment(double x, double x0, double x1, double y0, double y1) {
    const double slope = (y1 - y0) / (x1 - x0);
    double r = slope * (x - x0) + y0;
    if (std::isnan(r)) {  // NaN one way (an inf slope): try from the other end
        r = slope * (x - x1) + y1;
        if (std::isnan(r) && y0 == y1) r = y0;
    }
    return r;
}

/// NumPy's compiled interp of one query into sorted xp (m >= 1 points), read in place in
/// their own element types (P, F) and taken as double and V.
template <class V, class P, class F>
V interp_one(double x, const P* xp, const F* fp, std::size_t m, V left, V right) {
    const auto at = [&](std::size_t i) { return static_cast<double>(xp[i]); };
    const auto value = [&](std::size_t i) { return static_cast<V>(fp[i]); };
    if (m == 1) return x < at(0) ? left : x > at(0) ? right : value(0);
    if (std::isnan(x)) return V(x);
    if (x > at(m - 1)) return right;
    if (x < at(0)) return left;
    const std::size_t j =
        static_cast<std::size_t>(std::upper_bound(xp, xp + m, x, [](double k, const P& e) { return k < static_cast<double>(e); }) - xp) - 1;
    if (j == m - 1 || at(j) == x) return value(j);
    const V y0 = value(j), y1 = value(j + 1);
    if constexpr (is_complex_v<V>) {
        return V(segment(x, at(j), at(j + 1), y0.real(), y1.real()), segment(x, at(j), at(j + 1), y0.imag(), y1.imag()));
    } else {
        return segment(x, at(j), at(j + 1), y0, y1);
    }
}

/// Every query of x into (xp, fp), into r.
template <class V, class P, class F>
void interp_all(const array<double>& x, const P* xp, const F* fp, std::size_t m, V left, V right, V* r) {
    const double* q = x.data();
    for (std::size_t i = 0; i < x.size(); ++i) r[i] = interp_one(q[i], xp, fp, m, left, right);
}

/// x as doubles, whether an array, a view or a real scalar.
template <class A>
array<double> queries_of(const A& x) {
    if constexpr (array_like<A>) return owned_as<double>(x);
    else return array<double>(static_cast<double>(x));
}

}  // namespace detail::calc

/// NumPy's `interp(x, xp, fp, left, right, period)`: the piecewise-linear interpolant
/// through (xp, fp) at x (an array, a view or a real scalar), of x's shape. xp must be
/// increasing (the caller's promise, as in NumPy; not checked), or with a period any
/// order (x and xp are taken modulo the period and xp sorted). float64 result, complex128
/// for complex fp. A NaN x gives NaN; inf slopes are retried from the other end as NumPy.
/// FLOPs: `flops::interp_cost(x.size(), xp.size(), period given)`: n*max(1, ceil(log2 m))
/// plus m*ceil(log2 m) for the sort when periodic; at least 1.
/// @throws me::ValueError for a period of 0, xp or fp not 1-D, lengths that differ, an
///         empty xp; nothing charged.
template <class XA, array_like XP, array_like FP, class V = detail::calc::interp_value_t<detail::value_t<FP>>>
    requires(detail::calc::real_number<detail::value_t<XA>> && detail::calc::real_number<detail::value_t<XP>> &&
             detail::calc::number<detail::value_t<FP>>)
array<V> interp(const XA& x_in, const XP& xp_in, const FP& fp_in, const interp_options<V>& o = {}) {
    constexpr auto id = detail::op_index("interp");
    if (o.period && *o.period == 0) throw ValueError("interp: period must be a non-zero value");
    if (xp_in.ndim() != 1 || fp_in.ndim() != 1)
        throw ValueError(o.period ? "interp: Data points must be 1-D sequences" : "interp: object too deep for desired array");
    if (xp_in.shape()[0] != fp_in.shape()[0])
        throw ValueError(o.period ? "interp: fp and xp are not of the same length" : "interp: fp and xp are not of the same length.");
    if (xp_in.shape()[0] == 0) throw ValueError("interp: array of sample points is empty");
    array<double> x = detail::calc::queries_of(x_in);
    const std::size_t m = xp_in.shape()[0];
    detail::charge(id, flops::op_cost<id>(flops::detail::calculus::interp_plan{
                           flops::detail::to_flops(x.size()), flops::detail::to_flops(m), o.period.has_value()}),
                   detail::shape_details(x.shape(), xp_in.shape()));
    // xp and fp are read where they are: a query costs a search, not a copy of the points.
    const auto& xpc = detail::contiguous(xp_in);
    const auto& fpc = detail::contiguous(fp_in);
    const auto fp0 = static_cast<V>(fpc.data()[0]), fpn = static_cast<V>(fpc.data()[m - 1]);
    auto out = array<V>::uninitialized_like(x.shape());
    if (!o.period) {
        detail::calc::interp_all(x, xpc.data(), fpc.data(), m, o.left.value_or(fp0), o.right.value_or(fpn), out.data());
        return out;
    }
    // Periodic: x and xp modulo the period, xp sorted (charged), one point past each end.
    const double period = std::fabs(*o.period);
    for (auto& v : x) v = detail::calc::floor_mod(v, period);
    std::vector<double> xp(m);
    for (std::size_t i = 0; i < m; ++i) xp[i] = detail::calc::floor_mod(static_cast<double>(xpc.data()[i]), period);
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return xp[i] < xp[j]; });
    std::vector<double> xs{xp[order.back()] - period};
    std::vector<V> fs{static_cast<V>(fpc.data()[order.back()])};
    for (std::size_t i : order) xs.push_back(xp[i]), fs.push_back(static_cast<V>(fpc.data()[i]));
    xs.push_back(xp[order.front()] + period);
    fs.push_back(static_cast<V>(fpc.data()[order.front()]));
    detail::calc::interp_all(x, xs.data(), fs.data(), xs.size(), fs.front(), fs.back(), out.data());
    return out;
}

// ---------------------------------------------------------------------------------------
// convolve, correlate

/// Options of `me::convolve` and `me::correlate`: `mode` "full" (every overlap, n+m-1
/// values), "same" (max(n, m), centred) or "valid" (full overlaps only, max - min + 1).
struct convolve_options {
    std::string_view mode = "full";
};
/// Options of `me::correlate` (default mode "valid", as NumPy's).
struct correlate_options {
    std::string_view mode = "valid";
};

namespace detail::calc {

enum class conv_mode { full, same, valid };

inline conv_mode mode_of(std::string_view mode, std::string_view op) {
    if (mode == "full") return conv_mode::full;
    if (mode == "same") return conv_mode::same;
    if (mode == "valid") return conv_mode::valid;
    throw ValueError(cat(op, ": mode must be one of 'valid', 'same', or 'full' (got '", mode, "')"));
}

/// The length of a 1-D operand: convolve takes 0-d ones as length 1 (NumPy's ndmin=1),
/// correlate refuses them as NumPy's does; more dimensions are refused.
template <class A>
std::size_t operand_length(const A& a, bool scalars, std::string_view op) {
    if (a.ndim() > 1) throw ValueError(cat(op, ": object too deep for desired array"));
    if (a.ndim() == 0 && !scalars) throw ValueError(cat(op, ": object of too small depth for desired array"));
    return a.size();
}

template <class R>
R conj_of(R v) {
    if constexpr (is_complex_v<R>) return std::conj(v);
    else return v;
}

/// Window [lo, hi) of the full result for `mode`, s = min(n, m), l = max(n, m); `swapped`
/// (correlate with the longer v) centres "same" from the other end, as NumPy's does.
inline std::pair<std::size_t, std::size_t> window_of(conv_mode mode, std::size_t n, std::size_t m, bool swapped) {
    const std::size_t s = std::min(n, m), l = std::max(n, m);
    switch (mode) {
        case conv_mode::full: return {0, n + m - 1};
        case conv_mode::same: {
            const std::size_t start = swapped ? s / 2 : (s - 1) / 2;
            return {start, start + l};
        }
        default: return {s - 1, l};
    }
}

/// The body of convolve (`reverse`: v reversed) and correlate (v conjugated).
template <op_id Id, bool Convolve, class A, class B>
array<promote_t<value_t<A>, value_t<B>>> convolve_body(const A& a_in, const B& v_in, std::string_view mode_text) {
    using R = promote_t<value_t<A>, value_t<B>>;
    const std::string_view op = op_name(Id);
    const std::size_t n = operand_length(a_in, Convolve, op), m = operand_length(v_in, Convolve, op);
    if (Convolve ? std::max(n, m) == 0 : n == 0) throw ValueError(cat(op, Convolve ? ": a cannot be empty" : ": first array argument cannot be empty"));
    if (Convolve ? std::min(n, m) == 0 : m == 0) throw ValueError(cat(op, Convolve ? ": v cannot be empty" : ": second array argument cannot be empty"));
    const conv_mode mode = mode_of(mode_text, op);
    charge(Id, flops::op_cost<Id>(n, m), shape_details(shape_t{n}, shape_t{m}));
    const array<R> a = owned_as<R>(a_in), v = owned_as<R>(v_in);
    // The kernel slides the shorter operand along the longer one.
    const bool swapped = m > n;
    const array<R>& longer = swapped ? v : a;
    const array<R>& shorter = swapped ? a : v;
    const std::size_t L = longer.size(), S = shorter.size(), N = n + m - 1;
    auto w = array<R>::uninitialized_like(shape_t{S});  // the taps (std::vector<bool> has no data())
    if constexpr (Convolve) std::reverse_copy(shorter.begin(), shorter.end(), w.begin());
    else std::transform(shorter.begin(), shorter.end(), w.begin(), [](R x) { return conj_of(x); });
    const auto [lo, hi] = window_of(mode, n, m, swapped && !Convolve);
    auto out = array<R>::uninitialized(shape_t{hi - lo}, op);
    if (Convolve || !swapped) {
        convolution::window(longer.data(), L, w.data(), S, lo, hi, out.data());
    } else {
        // correlate(a, v) is correlate(v, a) reversed and conjugated.
        convolution::window(longer.data(), L, w.data(), S, N - hi, N - lo, out.data());
        std::reverse(out.begin(), out.end());
        for (auto& x : out) x = conj_of(x);
    }
    return out;
}

}  // namespace detail::calc

/// NumPy's `convolve(a, v, mode)`: the discrete linear convolution of two 1-D sequences
/// (0-d operands count as length 1), computed directly as NumPy does (not by FFT), the
/// longer operand first. mode "full" (default), "same" or "valid". The result type is a's
/// and v's promoted; integers wrap, bool is NumPy's or-of-ands.
/// FLOPs: `flops::convolve_cost(a.size(), v.size())`: n*m whatever the mode, at least 1.
/// @throws me::ValueError for an empty operand, an operand of more than 1 dimension, a bad
///         mode; nothing charged.
template <array_like A, array_like B>
    requires(detail::calc::number<detail::value_t<A>> && detail::calc::number<detail::value_t<B>>)
auto convolve(const A& a, const B& v, const convolve_options& o = {}) {
    return detail::calc::convolve_body<detail::op_index("convolve"), true>(a, v, o.mode);
}

/// NumPy's `correlate(a, v, mode)`: c[k] = sum_n a[n+k] * conj(v[n]) over two 1-D
/// sequences (0-d operands refused, as NumPy's), computed directly; mode "valid" (default), "same" or "full", with NumPy's
/// windows when v is the longer (the result is the swapped correlation reversed and
/// conjugated).
/// FLOPs: `flops::correlate_cost(a.size(), v.size())`: n*m whatever the mode, at least 1.
/// @throws me::ValueError for an empty or 0-d operand, more than 1 dimension, a bad mode;
///         nothing charged.
template <array_like A, array_like B>
    requires(detail::calc::number<detail::value_t<A>> && detail::calc::number<detail::value_t<B>>)
auto correlate(const A& a, const B& v, const correlate_options& o = {}) {
    return detail::calc::convolve_body<detail::op_index("correlate"), false>(a, v, o.mode);
}

// ---------------------------------------------------------------------------------------
// unwrap

/// Options of `me::unwrap`: the largest jump left alone (`discont`, default and minimum
/// period/2), the `axis`, and the `period` of the phase (default 2*pi).
struct unwrap_options {
    std::optional<double> discont{};
    int axis = -1;
    double period = 2 * std::numbers::pi;
};

/// NumPy 1.24's `unwrap(p, discont, axis, period)`: jumps along `axis` larger than
/// `discont` are replaced by their value modulo `period` (NumPy's algorithm: the corrections
/// mod(dd + period/2, period) - period/2 - dd, cumulated). float64 for integers and bool,
/// float32 kept (computed in float32 as NumPy). Complex does not compile (NumPy's mod
/// refuses it). An integer period on integer input gives floats here (NumPy keeps ints).
/// FLOPs: `flops::unwrap_cost(p.shape())`: numel(p), at least 1.
/// @throws me::ValueError for a 0-d p, me::AxisError; nothing charged.
template <array_like X, class T = detail::value_t<X>>
    requires detail::calc::real_number<T>
array<detail::float_result_t<T>> unwrap(const X& p_in, const unwrap_options& o = {}) {
    using R = detail::float_result_t<T>;
    constexpr auto id = detail::op_index("unwrap");
    const auto& p = detail::contiguous(p_in);
    const shape_t shape = p.shape();
    const std::size_t ax = flops::detail::calculus::diff_axis(shape, 1, o.axis, "unwrap");
    detail::charge(id, flops::op_cost<id>(shape), detail::shape_details(shape));
    const R period = static_cast<R>(o.period), high = static_cast<R>(o.period / 2), low = -high;
    const R discont = static_cast<R>(o.discont.value_or(o.period / 2));
    const auto g = detail::calc::layout_of(shape, ax);
    auto out = array<R>::uninitialized_like(shape);
    std::vector<R> correction(g.inner);
    for (std::size_t line = 0; line < g.lines; ++line) {
        const T* s = p.data() + line * g.length * g.inner;
        R* u = out.data() + line * g.length * g.inner;
        std::fill(correction.begin(), correction.end(), R(0));
        if (g.length > 0) std::transform(s, s + g.inner, u, [](T v) { return static_cast<R>(v); });
        for (std::size_t l = 1; l < g.length; ++l)
            for (std::size_t i = 0; i < g.inner; ++i) {
                const std::size_t e = l * g.inner + i;
                const R dd = static_cast<R>(detail::calc::difference(s[e], s[e - g.inner]));
                R ddmod = detail::calc::floor_mod(static_cast<R>(dd - low), period) + low;
                if (ddmod == low && dd > 0) ddmod = high;
                const R fix = std::fabs(dd) < discont ? R(0) : static_cast<R>(ddmod - dd);
                correction[i] += fix;
                u[e] = static_cast<R>(static_cast<R>(s[e]) + correction[i]);
            }
    }
    return out;
}

}  // namespace me

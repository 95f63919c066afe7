/// @file fft.hpp
/// @brief `me::fft`: NumPy's discrete Fourier transforms (fft, ifft, rfft, irfft, fft2,
/// ifft2, fftn, ifftn, rfft2, irfft2, rfftn, irfftn, hfft, ihfft) and the free helpers
/// (fftfreq, rfftfreq, fftshift, ifftshift).
///
/// Semantics are NumPy's: `.n` / `.s` crop or zero-pad the input along the transformed
/// axes, `.axis` / `.axes` accept negatives, `.norm` is "backward" (the default),
/// "ortho" or "forward". Integer and bool inputs are transformed as float64. float32 and
/// complex64 inputs give complex64 (real outputs float32), as NumPy 2 does; the arithmetic
/// is float64 throughout (see docs/numpy-differences.md).
///
/// Every counted op validates its arguments (nothing charged on a bad one), charges the
/// reference's formula (flops/fft.hpp; `me::flops::fft_cost` and friends return exactly the
/// charge), then computes with the kernels of detail/fft_engine.hpp. Arrays and views
/// (`me::array_like`) are accepted alike.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "manipulation.hpp"
#include "shape.hpp"
#include "view.hpp"
#include "detail/fft_engine.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"

namespace me::fft {

/// Options of the 1-D transforms (NumPy's keywords): `.n` the transform length (default
/// the input's length along the axis; irfft and hfft: 2*(m-1)), `.axis`, `.norm`.
struct options {
    std::optional<std::int64_t> n{};
    int axis = -1;
    std::string_view norm = "backward";
};

/// Options of the N-D transforms: `.s` the transform lengths and `.axes` the axes (either
/// may be left empty: NumPy's None), `.norm`. fft2 and friends default to the last two axes.
struct nd_options {
    std::vector<std::int64_t> s{};
    std::vector<int> axes{};
    std::string_view norm = "backward";
};

}  // namespace me::fft

namespace me::detail::fftops {

using fftk::cplx;

template <class T>
concept number = std::is_arithmetic_v<T> || is_complex_v<T>;
/// An array or view of numbers: what every transform takes.
template <class A>
concept fft_input = array_like<A> && number<value_t<A>>;
/// Real input only (rfft, ihfft): NumPy 2 refuses complex input there.
template <class A>
concept real_input = fft_input<A> && !is_complex_v<value_t<A>>;

/// float32 and complex64 give single-precision results; everything else double.
template <class T>
using real_result_t = std::conditional_t<std::is_same_v<real_t<T>, float>, float, double>;
template <class T>
using complex_result_t = std::complex<real_result_t<T>>;

enum class norm_mode { backward, ortho, forward };

inline norm_mode parse_norm(std::string_view norm, std::string_view op) {
    if (norm == "backward") return norm_mode::backward;
    if (norm == "ortho") return norm_mode::ortho;
    if (norm == "forward") return norm_mode::forward;
    throw ValueError(cat(op, ": Invalid norm value ", norm, "; should be \"backward\", \"ortho\" or \"forward\"."));
}

/// hfft and ihfft run irfft and rfft with the norm's direction swapped, as NumPy does.
inline norm_mode swapped(norm_mode m) {
    return m == norm_mode::ortho ? m : (m == norm_mode::backward ? norm_mode::forward : norm_mode::backward);
}

/// The scale of a transform of length n: 1/n on the side the norm names, 1/sqrt(n) for ortho.
inline double norm_factor(norm_mode m, std::size_t n, bool inverse) {
    if (m == norm_mode::ortho) return 1.0 / std::sqrt(static_cast<double>(n));
    return (m == norm_mode::backward) == inverse ? 1.0 / static_cast<double>(n) : 1.0;
}

inline std::size_t points(std::int64_t n, std::string_view op) {
    if (n < 1) throw ValueError(cat(op, ": Invalid number of FFT data points (", n, ") specified."));
    return static_cast<std::size_t>(n);
}

enum class kind { c2c, r2c, c2r };

/// One 1-D transform of a sequence: along `axis`, length n, scaled by fct.
struct step {
    kind k;
    std::size_t axis, n;
    double fct;
};

/// A transform, resolved from the shapes and options and checked before anything is
/// charged: its steps in the order they run, the transform lengths the cost is priced on,
/// and the result's shape.
struct plan {
    std::vector<step> steps;
    std::vector<std::size_t> s;
    shape_t out;
};

/// The shape after a step, checked as every new array's is (a giant n is a ValueError).
inline shape_t after(const shape_t& shape, const step& st, std::size_t itemsize, std::string_view op) {
    shape_t out = shape;
    out[st.axis] = st.k == kind::r2c ? st.n / 2 + 1 : st.n;
    (void)checked_size(out, itemsize, op);
    return out;
}

inline plan plan_1d(const shape_t& shape, const fft::options& o, kind k, bool inverse, std::string_view op,
                    std::size_t itemsize) {
    const std::size_t axis = normalize_axis(o.axis, shape.size(), op);
    const auto m = static_cast<std::int64_t>(shape[axis]);
    const std::size_t n = points(o.n ? *o.n : (k == kind::c2r ? 2 * (m - 1) : m), op);
    const norm_mode norm = parse_norm(o.norm, op);
    const step st{k, axis, n, norm_factor(norm, n, inverse)};
    return {{st}, {n}, after(shape, st, itemsize, op)};
}

/// NumPy's `_cook_nd_args` and the order its N-D functions apply 1-D transforms in:
/// fftn/ifftn from the last listed axis to the first; rfftn rfft on the last then fft on
/// the others in order; irfftn ifft on all but the last in order, then irfft on the last.
inline plan plan_nd(const shape_t& shape, const fft::nd_options& o, kind k, bool inverse, bool two_d,
                    std::string_view op, std::size_t itemsize) {
    std::vector<int> axes = o.axes;
    if (axes.empty()) {
        const auto count = static_cast<int>(two_d ? 2 : (o.s.empty() ? shape.size() : o.s.size()));
        for (int i = -count; i < 0; ++i) axes.push_back(i);
    }
    if (!o.s.empty() && o.s.size() != axes.size())
        throw ValueError(cat(op, ": Shape and axes have different lengths (s has ", o.s.size(), ", axes ", axes.size(), ")."));
    std::vector<std::size_t> ax;
    for (int a : axes) ax.push_back(normalize_axis(a, shape.size(), op));
    if (k != kind::c2c && ax.empty()) throw ValueError(cat(op, ": a real transform needs at least one axis"));
    std::vector<std::size_t> s;
    for (std::size_t i = 0; i < ax.size(); ++i) {
        auto d = o.s.empty() ? static_cast<std::int64_t>(shape[ax[i]]) : o.s[i];
        if (o.s.empty() && k == kind::c2r && i + 1 == ax.size()) d = 2 * (d - 1);
        s.push_back(points(d, op));
    }
    const norm_mode norm = parse_norm(o.norm, op);
    plan p{{}, s, shape};
    auto add = [&](kind sk, std::size_t i) {
        const step st{sk, ax[i], s[i], norm_factor(norm, s[i], inverse)};
        p.out = after(p.out, st, itemsize, op);
        p.steps.push_back(st);
    };
    const std::size_t last = ax.size() - 1;
    if (k == kind::c2c) {
        for (std::size_t i = ax.size(); i-- > 0;) add(kind::c2c, i);
    } else if (k == kind::r2c) {
        add(kind::r2c, last);
        for (std::size_t i = 0; i < last; ++i) add(kind::c2c, i);
    } else {
        for (std::size_t i = 0; i < last; ++i) add(kind::c2c, i);
        add(kind::c2r, last);
    }
    return p;
}

/// Log details: the input's shape.
inline auto input_shape(const shape_t& shape) {
    return [&](OpRecord& rec) { rec.shapes.push_back(shape); };
}

/// Bool input is read as float64 (the kernels read numbers).
template <class T>
decltype(auto) numeric(const array<T>& a) {
    if constexpr (std::is_same_v<T, bool>) return a.template astype<double>();
    else return (a);
}

template <class R, class S>
array<R> convert(array<S>&& a) {
    if constexpr (std::is_same_v<R, S>) return std::move(a);
    else return a.template astype<R>();
}

/// Runs the steps of `p` on `a`: c2c and r2c steps give complex buffers, a c2r step (the
/// last, if any) a real one. Steps that keep the shape run in place.
template <bool Forward, class T>
array<cplx> complex_steps(const array<T>& a, const std::vector<step>& steps) {
    array<cplx> cur;
    shape_t shape = a.shape();
    bool first = true;
    for (const step& st : steps) {
        if (st.k == kind::c2r) break;
        shape_t out = shape;
        out[st.axis] = st.k == kind::r2c ? st.n / 2 + 1 : st.n;
        if (first) {
            auto next = array<cplx>::uninitialized_like(out);
            if (st.k == kind::r2c) {
                if constexpr (!is_complex_v<T>) fftk::r2c(a.data(), shape, st.axis, st.n, st.fct, next.data());
            } else {
                fftk::c2c(a.data(), shape, st.axis, st.n, Forward, st.fct, next.data());
            }
            cur = std::move(next);
        } else if (out == shape) {
            fftk::c2c(cur.data(), shape, st.axis, st.n, Forward, st.fct, cur.data());
        } else {
            auto next = array<cplx>::uninitialized_like(out);
            fftk::c2c(cur.data(), shape, st.axis, st.n, Forward, st.fct, next.data());
            cur = std::move(next);
        }
        shape = std::move(out);
        first = false;
    }
    if (first) {  // no complex step: the input as complex (a transform over no axes)
        cur = array<cplx>::uninitialized_like(shape);
        std::transform(a.begin(), a.end(), cur.data(), [](const T& v) { return fftk::to_cplx(v); });
    }
    return cur;
}

/// c2c transforms (fft, ifft, fftn, ifftn, fft2, ifft2) of an array, once charged.
template <bool Forward, class T>
array<complex_result_t<T>> complex_transform(const array<T>& a, const plan& p) {
    return convert<complex_result_t<T>>(complex_steps<Forward>(numeric(a), p.steps));
}

/// r2c transforms (rfft, rfftn, rfft2, ihfft).
template <class T>
array<complex_result_t<T>> real_forward(const array<T>& a, const plan& p) {
    return convert<complex_result_t<T>>(complex_steps<true>(numeric(a), p.steps));
}

/// c2r transforms (irfft, irfftn, irfft2, hfft): the complex steps, then irfft along the
/// last axis (of the conjugated spectrum for hfft).
template <class T>
array<real_result_t<T>> real_backward(const array<T>& a, const plan& p, bool conjugate = false) {
    const step& last = p.steps.back();
    auto out = array<double>::uninitialized_like(p.out);
    if (p.steps.size() == 1) {
        const auto& x = numeric(a);
        fftk::c2r(x.data(), a.shape(), last.axis, last.n, last.fct, out.data(), conjugate);
    } else {
        const array<cplx> spec = complex_steps<false>(numeric(a), p.steps);
        fftk::c2r(spec.data(), spec.shape(), last.axis, last.n, last.fct, out.data(), conjugate);
    }
    return convert<real_result_t<T>>(std::move(out));
}

/// How many transforms a plan makes: the product of the lengths of the axes it does not
/// transform (each line along the transformed axes is one transform, and each is charged).
inline std::size_t lines(const shape_t& shape, const plan& p) {
    std::vector<bool> transformed(shape.size(), false);
    for (const auto& st : p.steps) transformed[st.axis] = true;
    std::size_t count = 1;
    for (std::size_t ax = 0; ax < shape.size(); ++ax)
        if (!transformed[ax]) count *= shape[ax];  // an existing array: its numel does not wrap
    return count;
}

template <op_id Id, bool Forward, class A>
auto fft1(const A& a_in, const fft::options& o) {
    const auto& a = contiguous(a_in);
    using T = value_t<A>;
    const plan p = plan_1d(a.shape(), o, kind::c2c, !Forward, op_name(Id), sizeof(complex_result_t<T>));
    charge(Id, flops::op_cost<Id>(p.s[0], lines(a.shape(), p)), input_shape(a.shape()));
    return complex_transform<Forward>(a, p);
}

template <op_id Id, bool Forward, class A>
auto fftnd(const A& a_in, const fft::nd_options& o, bool two_d) {
    const auto& a = contiguous(a_in);
    using T = value_t<A>;
    const plan p = plan_nd(a.shape(), o, kind::c2c, !Forward, two_d, op_name(Id), sizeof(complex_result_t<T>));
    charge(Id, flops::op_cost<Id>(p.s, lines(a.shape(), p)), input_shape(a.shape()));
    return complex_transform<Forward>(a, p);
}

template <op_id Id, class A>
auto rfftnd(const A& a_in, const fft::nd_options& o, bool two_d) {
    const auto& a = contiguous(a_in);
    using T = value_t<A>;
    const plan p = plan_nd(a.shape(), o, kind::r2c, false, two_d, op_name(Id), sizeof(complex_result_t<T>));
    charge(Id, flops::op_cost<Id>(p.s, lines(a.shape(), p)), input_shape(a.shape()));
    return real_forward(a, p);
}

template <op_id Id, class A>
auto irfftnd(const A& a_in, const fft::nd_options& o, bool two_d) {
    const auto& a = contiguous(a_in);
    using T = value_t<A>;
    const plan p = plan_nd(a.shape(), o, kind::c2r, true, two_d, op_name(Id), sizeof(real_result_t<T>));
    charge(Id, flops::op_cost<Id>(p.s, lines(a.shape(), p)), input_shape(a.shape()));
    return real_backward(a, p);
}

/// A 1-D plan with the norm's direction swapped (hfft, ihfft).
inline plan plan_hermitian(const shape_t& shape, fft::options o, kind k, std::string_view op, std::size_t itemsize) {
    const norm_mode swapped_norm = swapped(parse_norm(o.norm, op));
    o.norm = swapped_norm == norm_mode::backward ? "backward" : swapped_norm == norm_mode::forward ? "forward" : "ortho";
    return plan_1d(shape, o, k, k == kind::c2r, op, itemsize);
}

/// The 1-D real transforms: rfft and ihfft (r2c), irfft and hfft (c2r); the Hermitian
/// pair (hfft, ihfft) swaps the norm's direction and conjugates. Plans, charges, runs.
template <op_id Id, kind K, bool Hermitian, class A>
auto real1(const A& a_in, const fft::options& o) {
    const auto& a = contiguous(a_in);
    using T = value_t<A>;
    using R = std::conditional_t<K == kind::r2c, complex_result_t<T>, real_result_t<T>>;
    const plan p = Hermitian ? plan_hermitian(a.shape(), o, K, op_name(Id), sizeof(R))
                             : plan_1d(a.shape(), o, K, K == kind::c2r, op_name(Id), sizeof(R));
    charge(Id, flops::op_cost<Id>(p.s[0], lines(a.shape(), p)), input_shape(a.shape()));
    if constexpr (K == kind::r2c) {
        auto r = real_forward(a, p);
        if constexpr (Hermitian)
            for (auto& v : r) v = std::conj(v);
        return r;
    } else {
        return real_backward(a, p, Hermitian);
    }
}

/// The shifts of fftshift (sign +1) and ifftshift (sign -1): n//2 along each axis.
template <class A>
auto shift_half(const A& x, const axis_spec& axes, int sign, std::string_view op) {
    std::vector<int> ax;
    std::vector<std::ptrdiff_t> shift;
    const std::size_t nd = x.ndim();
    if (axes.is_all()) {
        for (std::size_t d = 0; d < nd; ++d) ax.push_back(static_cast<int>(d));
    } else {
        for (int a : axes.list()) ax.push_back(static_cast<int>(normalize_axis(a, nd, op)));
    }
    const shape_t shape = x.shape();
    for (int a : ax) shift.push_back(sign * static_cast<std::ptrdiff_t>(shape[static_cast<std::size_t>(a)] / 2));
    return me::roll(x, shift, ax);
}

}  // namespace me::detail::fftops

namespace me::fft {

namespace fo = me::detail::fftops;

/// NumPy's `fft.fft`: the discrete Fourier transform along `.axis` (default last) of
/// length `.n` (the input cropped or zero-padded; default its length), scaled per `.norm`.
/// `me::fft::fft(x, {.n = 64})`. Real, integer and bool inputs are promoted to complex.
/// FLOPs: `flops::fft_cost(n, lines)` = 5*n*ceil(log2(n)), times `lines`, the number of transforms (the product of the other axes' lengths), at least 1.
/// @throws me::ValueError for n < 1 (an empty axis without `.n`: "Invalid number of FFT
///         data points (0) specified.") or a bad norm; me::AxisError for a bad axis;
///         nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> fft(const A& a, const options& o = {}) {
    return fo::fft1<detail::op_index("fft.fft"), true>(a, o);
}

/// NumPy's `fft.ifft`: the inverse of fft (1/n on the backward side by default).
/// FLOPs: `flops::ifft_cost(n, lines)` = 5*n*ceil(log2(n)), at least 1.
/// @throws as `fft`, nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> ifft(const A& a, const options& o = {}) {
    return fo::fft1<detail::op_index("fft.ifft"), false>(a, o);
}

/// NumPy's `fft.rfft`: the transform of real input, the n//2+1 non-negative frequencies.
/// Complex input does not compile (NumPy 2 refuses it; 1.24 dropped the imaginary part).
/// FLOPs: `flops::rfft_cost(n, lines)` = 5*(n//2)*ceil(log2(n)), at least 1.
/// @throws as `fft`, nothing charged.
template <fo::real_input A>
array<fo::complex_result_t<detail::value_t<A>>> rfft(const A& a, const options& o = {}) {
    return fo::real1<detail::op_index("fft.rfft"), fo::kind::r2c, false>(a, o);
}

/// NumPy's `fft.irfft`: the inverse of rfft, n real outputs (default n = 2*(m-1) for m
/// inputs); the input, cropped or zero-padded to n//2+1, is read as a Hermitian spectrum
/// (the imaginary parts of the zero and, for even n, Nyquist terms are ignored).
/// FLOPs: `flops::irfft_cost(n, lines)` = 5*(n//2)*ceil(log2(n)), at least 1.
/// @throws as `fft` (m = 1 without `.n` gives n = 0), nothing charged.
template <fo::fft_input A>
array<fo::real_result_t<detail::value_t<A>>> irfft(const A& a, const options& o = {}) {
    return fo::real1<detail::op_index("fft.irfft"), fo::kind::c2r, false>(a, o);
}

/// NumPy's `fft.hfft`: the transform of a Hermitian-symmetric signal given by its first
/// half: irfft of the conjugate with the norm's direction swapped; n real outputs (default
/// 2*(m-1)). FLOPs: `flops::hfft_cost(n, lines)` = 5*n*ceil(log2(n)), at least 1.
/// @throws as `irfft`, nothing charged.
template <fo::fft_input A>
array<fo::real_result_t<detail::value_t<A>>> hfft(const A& a, const options& o = {}) {
    return fo::real1<detail::op_index("fft.hfft"), fo::kind::c2r, true>(a, o);
}

/// NumPy's `fft.ihfft`: the inverse of hfft: the conjugate of rfft with the norm's
/// direction swapped (1/n by default). Real input only.
/// FLOPs: `flops::ihfft_cost(n, lines)` = 5*n*ceil(log2(n)), at least 1.
/// @throws as `fft`, nothing charged.
template <fo::real_input A>
array<fo::complex_result_t<detail::value_t<A>>> ihfft(const A& a, const options& o = {}) {
    return fo::real1<detail::op_index("fft.ihfft"), fo::kind::r2c, true>(a, o);
}

/// NumPy's `fft.fftn`: 1-D transforms along each of `.axes` (default all, or the last
/// len(s)) with lengths `.s` (default the input's). FLOPs: `flops::fftn_cost(s, lines)` =
/// 5*N*ceil(log2(N)), N = prod(s), at least 1.
/// @throws me::ValueError when s and axes differ in length, for a length < 1 or a bad
///         norm; me::AxisError for a bad axis; nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> fftn(const A& a, const nd_options& o = {}) {
    return fo::fftnd<detail::op_index("fft.fftn"), true>(a, o, false);
}

/// NumPy's `fft.ifftn`: the inverse of fftn. FLOPs: `flops::ifftn_cost(s, lines)`, as fftn.
/// @throws as `fftn`, nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> ifftn(const A& a, const nd_options& o = {}) {
    return fo::fftnd<detail::op_index("fft.ifftn"), false>(a, o, false);
}

/// NumPy's `fft.fft2`: fftn over `.axes` (default the last two).
/// FLOPs: `flops::fft2_cost(s, lines)` = lines*5*N*ceil(log2(N)), N = prod(s): one 1024x1024 costs 104,857,600.
/// @throws as `fftn`, nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> fft2(const A& a, const nd_options& o = {}) {
    return fo::fftnd<detail::op_index("fft.fft2"), true>(a, o, true);
}

/// NumPy's `fft.ifft2`: ifftn over `.axes` (default the last two). FLOPs: `flops::ifft2_cost(s, lines)`.
/// @throws as `fftn`, nothing charged.
template <fo::fft_input A>
array<fo::complex_result_t<detail::value_t<A>>> ifft2(const A& a, const nd_options& o = {}) {
    return fo::fftnd<detail::op_index("fft.ifft2"), false>(a, o, true);
}

/// NumPy's `fft.rfftn`: rfft along the last of `.axes`, fft along the others.
/// FLOPs: `flops::rfftn_cost(s, lines)` = 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
/// @throws as `fftn` (and ValueError for no axes at all), nothing charged.
template <fo::real_input A>
array<fo::complex_result_t<detail::value_t<A>>> rfftn(const A& a, const nd_options& o = {}) {
    return fo::rfftnd<detail::op_index("fft.rfftn")>(a, o, false);
}

/// NumPy's `fft.rfft2`: rfftn over `.axes` (default the last two). FLOPs: `flops::rfft2_cost(s, lines)`.
/// @throws as `rfftn`, nothing charged.
template <fo::real_input A>
array<fo::complex_result_t<detail::value_t<A>>> rfft2(const A& a, const nd_options& o = {}) {
    return fo::rfftnd<detail::op_index("fft.rfft2")>(a, o, true);
}

/// NumPy's `fft.irfftn`: ifft along all but the last of `.axes`, irfft along the last
/// (its output length s[-1], default 2*(m-1)). FLOPs: `flops::irfftn_cost(s, lines)` =
/// 5*(N//2)*ceil(log2(N)), N = prod(s), at least 1.
/// @throws as `rfftn`, nothing charged.
template <fo::fft_input A>
array<fo::real_result_t<detail::value_t<A>>> irfftn(const A& a, const nd_options& o = {}) {
    return fo::irfftnd<detail::op_index("fft.irfftn")>(a, o, false);
}

/// NumPy's `fft.irfft2`: irfftn over `.axes` (default the last two). FLOPs: `flops::irfft2_cost(s, lines)`.
/// @throws as `rfftn`, nothing charged.
template <fo::fft_input A>
array<fo::real_result_t<detail::value_t<A>>> irfft2(const A& a, const nd_options& o = {}) {
    return fo::irfftnd<detail::op_index("fft.irfft2")>(a, o, true);
}

/// NumPy's `fft.fftfreq`: the sample frequencies of an n-point transform with sample
/// spacing d: [0, 1, ..., (n-1)//2, -(n//2), ..., -1] / (d*n), float64. FLOPs: 0 (free).
/// @throws me::ValueError for n < 1 or d == 0 (NumPy: a ZeroDivisionError or negative dimensions).
inline array<double> fftfreq(std::int64_t n, double d = 1.0) {
    if (n < 1 || d == 0.0) throw ValueError(detail::cat("fft.fftfreq: n must be at least 1 and d non-zero, got n = ", n, ", d = ", d));
    const double val = 1.0 / (static_cast<double>(n) * d);
    auto r = array<double>::uninitialized(shape_t{static_cast<std::size_t>(n)}, "fft.fftfreq");
    const std::int64_t half = (n - 1) / 2 + 1;
    for (std::int64_t k = 0; k < n; ++k) r.data()[k] = static_cast<double>(k < half ? k : k - n) * val;
    return r;
}

/// NumPy's `fft.rfftfreq`: [0, 1, ..., n//2] / (d*n), float64. FLOPs: 0 (free).
/// @throws me::ValueError for n < 1 or d == 0.
inline array<double> rfftfreq(std::int64_t n, double d = 1.0) {
    if (n < 1 || d == 0.0) throw ValueError(detail::cat("fft.rfftfreq: n must be at least 1 and d non-zero, got n = ", n, ", d = ", d));
    const double val = 1.0 / (static_cast<double>(n) * d);
    auto r = array<double>::uninitialized(shape_t{static_cast<std::size_t>(n / 2 + 1)}, "fft.rfftfreq");
    for (std::int64_t k = 0; k <= n / 2; ++k) r.data()[k] = static_cast<double>(k) * val;
    return r;
}

/// NumPy's `fft.fftshift`: the zero frequency moved to the centre, a roll by n//2 along
/// each of `axes` (default all). FLOPs: 0 (free). @throws me::AxisError for a bad axis.
template <array_like A>
array<detail::value_t<A>> fftshift(const A& x, const axis_spec& axes = {}) {
    return fo::shift_half(x, axes, 1, "fft.fftshift");
}

/// NumPy's `fft.ifftshift`: the inverse of fftshift, a roll by -(n//2). FLOPs: 0 (free).
/// @throws me::AxisError for a bad axis.
template <array_like A>
array<detail::value_t<A>> ifftshift(const A& x, const axis_spec& axes = {}) {
    return fo::shift_half(x, axes, -1, "fft.ifftshift");
}

}  // namespace me::fft

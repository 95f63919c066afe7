/// @file indexing.hpp
/// @brief Free indexing and selection (take, put, where, nonzero, compress, choose,
/// diagonal, tril/triu and their index helpers, unravel_index, ...), the element tests
/// isnan/isinf/isfinite (free in the registry), and type and shape queries.
///
/// FLOPs: 0 for every function here; none charges a budget or creates the global default
/// context. Conventions are those of creation.hpp and manipulation.hpp. Index results are
/// int64 arrays (NumPy's intp); ops returning one index array per dimension (nonzero,
/// tril_indices, unravel_index, ...) return a `std::vector<me::array<std::int64_t>>`.
/// In-place ops (put, put_along_axis, place, putmask, copyto, fill_diagonal) take the
/// target by reference and validate everything before writing anything.
/// Every function takes views (`me::array_view`, view.hpp) wherever it takes arrays, and
/// lists of views wherever it takes lists of arrays. The target of an in-place op may be
/// a writeable view: the op writes through it into its base; a read-only view
/// (`array_view<const T>`: of a const array, broadcast_to, diagonal) is a
/// `me::ValueError` ("assignment destination is read-only"), raised before anything else.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "creation.hpp"
#include "detail/vector_math.hpp"
#include "flops.hpp"
#include "manipulation.hpp"
#include "symmetry.hpp"

namespace me {

using index_array = array<std::int64_t>;  ///< what NumPy calls an intp array

namespace detail {

/// NumPy's `mode` of take/put/choose: how an out-of-range index is treated.
inline char index_mode(std::string_view mode, std::string_view op) {
    if (mode == "raise" || mode == "wrap" || mode == "clip") return mode[0];
    throw ValueError(fmt::format("{}: clipmode must be one of 'clip', 'raise', or 'wrap', got '{}'", op, mode));
}

/// Resolves index `i` into [0, n) under `mode` ('r', 'w', 'c'), or IndexError.
inline std::size_t resolve_index(std::int64_t i, std::size_t n, char mode, std::string_view op, std::size_t axis) {
    const auto m = static_cast<std::int64_t>(n);
    if (mode == 'w' && n > 0) return static_cast<std::size_t>(((i % m) + m) % m);
    if (mode == 'c' && n > 0) return static_cast<std::size_t>(std::clamp<std::int64_t>(i, 0, m - 1));
    if (i < -m || i >= m)
        throw IndexError(fmt::format("{}: index {} is out of bounds for axis {} with size {}", op, i, axis, n));
    return static_cast<std::size_t>(i < 0 ? i + m : i);
}

template <class I>
concept index_type = std::is_integral_v<I> && !std::is_same_v<I, bool>;

template <class T>
bool truthy(const T& v) { return v != T(0); }

/// What an in-place op writes into: a (non-const) array lvalue, or a view (a read-only view
/// is refused at run time, as NumPy refuses an array whose writeable flag is off).
template <class D>
concept destination = (is_array_v<D> && std::is_lvalue_reference_v<D> && !std::is_const_v<std::remove_reference_t<D>>) ||
                      is_view_v<D>;

/// Element i (in row-major order) of an in-place op's target, an array or a writeable view.
/// The target's elements are reached on the first write only, so an op that writes
/// nothing leaves the array as it was (its symmetry tags included), as the array forms
/// always did; a view that is not contiguous maps row-major positions to its strides.
template <class T>
class flat_writer {
public:
    explicit flat_writer(array<T>& a) noexcept : array_(&a) {}
    explicit flat_writer(const array_view<T>& v) noexcept : view_(&v) {}
    T& operator[](std::size_t i) {
        if (!started_) start();
        return offsets_.empty() ? origin_[i] : origin_[offsets_[i]];
    }

private:
    void start() {
        started_ = true;
        if (array_ != nullptr) {
            origin_ = array_->data();
            return;
        }
        origin_ = view_->data();
        if (view_->is_contiguous()) return;
        offsets_.reserve(view_->size());
        for_each_offset(view_->xt_shape(), view_->strides(), [&](std::ptrdiff_t off) { offsets_.push_back(off); });
    }
    array<T>* array_ = nullptr;
    const array_view<T>* view_ = nullptr;
    T* origin_ = nullptr;
    bool started_ = false;
    std::vector<std::ptrdiff_t> offsets_;
};

/// The writer of an in-place op's target; a read-only view raises NumPy's ValueError here,
/// before the op reads or checks anything else.
template <class T>
flat_writer<T> writer(array<T>& a, std::string_view) noexcept { return flat_writer<T>(a); }
template <class E>
flat_writer<std::remove_const_t<E>> writer(const array_view<E>& v, std::string_view op) {
    if constexpr (std::is_const_v<E>) throw ValueError(fmt::format("{}: assignment destination is read-only", op));
    else return flat_writer<E>(v);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Taking and putting

/// np.take: elements of `a` at `indices` along `axis` (of the flattened array when no
/// axis). The result's shape is a.shape[:axis] + indices.shape + a.shape[axis+1:].
/// `mode` is "raise" (IndexError when out of range), "wrap" or "clip". Symmetry: a 0-d
/// index along an axis is an integer index (the axis leaves its group, the rest
/// renumber); an index array is advanced indexing (no symmetry). FLOPs: 0.
template <array_like A, array_like J, class T = detail::value_t<A>, class I = detail::value_t<J>>
    requires detail::index_type<I>
array<T> take(const A& a_in, const J& indices_in, std::optional<int> axis = std::nullopt,
              std::string_view mode = "raise") {
    const auto& a = detail::contiguous(a_in);
    const auto& indices = detail::contiguous(indices_in);
    const char m = detail::index_mode(mode, "take");
    if (!axis) {  // the flattened array, read in place
        detail::drop_symmetry(a, "take without an axis");
        std::vector<std::size_t> idx(indices.size());
        for (std::size_t k = 0; k < idx.size(); ++k)
            idx[k] = detail::resolve_index(static_cast<std::int64_t>(indices.data()[k]), a.size(), m, "take", 0);
        auto out = array<T>::uninitialized(indices.shape());
        detail::gather_slabs(a.data(), detail::axis_layout{1, a.size(), 1}, idx, out.data());
        return out;
    }
    const auto ax = detail::normalize_axis(*axis, a.ndim(), "take");
    const std::size_t n = a.shape(static_cast<int>(ax));
    std::vector<std::size_t> idx(indices.size());
    for (std::size_t k = 0; k < idx.size(); ++k)
        idx[k] = detail::resolve_index(static_cast<std::int64_t>(indices.data()[k]), n, m, "take", ax);
    shape_t shape(a.xt().shape().begin(), a.xt().shape().begin() + static_cast<std::ptrdiff_t>(ax));
    for (auto d : indices.shape()) shape.push_back(d);
    shape.insert(shape.end(), a.xt().shape().begin() + static_cast<std::ptrdiff_t>(ax) + 1, a.xt().shape().end());
    auto out = detail::gather_axis(a, ax, idx, shape);
    if (!a.symmetric_axes().empty()) {
        if (indices.ndim() == 0) detail::carry_symmetry(out, detail::sym::index(a.symmetric_axes(), a.ndim(), ax), "take");
        else detail::drop_symmetry(a, "take with an index array (advanced indexing)");
    }
    return out;
}
/// np.take with one index: the slab without the axis (a 0-d array with no axis). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> take(const A& a, std::int64_t index, std::optional<int> axis = std::nullopt, std::string_view mode = "raise") {
    return take(a, index_array(index), axis, mode);
}

namespace detail {
/// Shapes of `a` and `indices` broadcast against each other on every axis but `axis`,
/// as the fancy indexing behind take_along_axis/put_along_axis does.
template <class A, class I>
shape_t along_axis_shape(const A& a, const array<I>& indices, std::size_t axis, std::string_view op) {
    if (indices.ndim() != a.ndim())
        throw ValueError(fmt::format("{}: `indices` and `arr` must have the same number of dimensions, got {} and {}",
                                     op, shape_string(indices.shape()), shape_string(a.shape())));
    shape_t sa = a.shape(), si = indices.shape();
    sa[axis] = si[axis] = 1;
    shape_t out = broadcast_shapes(sa, si, op);
    out[axis] = indices.shape(static_cast<int>(axis));
    return out;
}

/// Calls f(flat position in `a`, flat position in the result) for every element of a
/// take_along_axis-style selection; indices are validated first. `a` (an array or a view)
/// gives its shape only.
template <class A, class I, class F>
void for_each_along_axis(const A& a, const array<I>& indices, int axis, std::string_view op, F f) {
    const auto ax = normalize_axis(axis, a.ndim(), op);
    const shape_t out_shape = along_axis_shape(a, indices, ax, op);
    const std::size_t n = a.shape(static_cast<int>(ax));
    shape_t a_shape = out_shape;
    a_shape[ax] = n;
    // Broadcast the indices to the result's shape; a is addressed through its strides so
    // that its size-1 axes repeat.
    const auto idx = broadcast_to(indices, out_shape);
    std::vector<std::size_t> resolved;
    for (const I& i : idx) resolved.push_back(resolve_index(static_cast<std::int64_t>(i), n, 'r', op, ax));
    std::vector<std::size_t> strides(a.ndim());
    std::size_t st = 1;
    for (std::size_t d = a.ndim(); d-- > 0;) {
        strides[d] = a.shape(static_cast<int>(d)) == 1 && d != ax ? 0 : st;
        st *= a.shape(static_cast<int>(d));
    }
    std::vector<std::size_t> pos(a.ndim(), 0);
    for (std::size_t flat = 0; flat < resolved.size(); ++flat) {
        std::size_t src = 0;
        for (std::size_t d = 0; d < a.ndim(); ++d) src += (d == ax ? resolved[flat] : pos[d]) * strides[d];
        f(src, flat);
        for (std::size_t d = a.ndim(); d-- > 0;) {
            if (++pos[d] < out_shape[d]) break;
            pos[d] = 0;
        }
    }
}
}  // namespace detail

/// np.take_along_axis: out[..., j, ...] = a[..., indices[..., j, ...], ...] along `axis`
/// (the flattened array when no axis); `indices` has a's rank and broadcasts on the
/// other axes. FLOPs: 0.
template <array_like A, array_like J, class T = detail::value_t<A>>
    requires detail::index_type<detail::value_t<J>>
array<T> take_along_axis(const A& a_in, const J& indices_in, std::optional<int> axis) {
    const auto& a = detail::contiguous(a_in);
    const auto& indices = detail::contiguous(indices_in);
    if (!axis) {
        if (indices.ndim() != 1) throw ValueError("take_along_axis: when axis=None, `indices` must have a single dimension");
        return take_along_axis(ravel(a), indices, 0);
    }
    const auto ax = detail::normalize_axis(*axis, a.ndim(), "take_along_axis");
    auto out = array<T>::uninitialized(detail::along_axis_shape(a, indices, ax, "take_along_axis"));
    detail::for_each_along_axis(a, indices, *axis, "take_along_axis",
                                [&](std::size_t src, std::size_t dst) { out.data()[dst] = a.data()[src]; });
    return out;
}

/// np.put_along_axis: a[..., indices[..., j, ...], ...] = values (broadcast to the shape
/// of the selection), in place (`a`: an array or a writeable view). `a` must not need
/// broadcasting. FLOPs: 0.
template <class D, array_like J, array_like W>
    requires detail::destination<D> && detail::index_type<detail::value_t<J>>
void put_along_axis(D&& a, const J& indices_in, const W& values, int axis) {
    using T = detail::value_t<D>;
    auto out = detail::writer(a, "put_along_axis");
    const auto& indices = detail::contiguous(indices_in);
    const auto ax = detail::normalize_axis(axis, a.ndim(), "put_along_axis");
    const auto v = detail::broadcast_array(detail::contiguous(values).template astype<T>(),
                                           detail::along_axis_shape(a, indices, ax, "put_along_axis"));
    std::vector<std::pair<std::size_t, std::size_t>> writes;
    detail::for_each_along_axis(a, indices, axis, "put_along_axis",
                                [&](std::size_t dst, std::size_t src) { writes.emplace_back(dst, src); });
    for (auto [dst, src] : writes) out[dst] = v.data()[src];
}
template <class D, array_like J, class V>
    requires detail::destination<D> && detail::index_type<detail::value_t<J>> && detail::is_scalar_v<V>
void put_along_axis(D&& a, const J& indices, V value, int axis) {
    using T = detail::value_t<D>;
    put_along_axis(a, indices, array<T>(static_cast<T>(value)), axis);
}

/// np.put: a.flat[ind[k]] = v[k % len(v)], in place (`a`: an array or a writeable view).
/// `mode` as in take. FLOPs: 0.
template <class D, array_like J, array_like W>
    requires detail::destination<D> && detail::index_type<detail::value_t<J>>
void put(D&& a, const J& ind_in, const W& v_in, std::string_view mode = "raise") {
    using T = detail::value_t<D>;
    auto out = detail::writer(a, "put");
    const auto& ind = detail::contiguous(ind_in);
    const auto& v = detail::contiguous(v_in);
    const char m = detail::index_mode(mode, "put");
    if (v.size() == 0) return;
    std::vector<std::size_t> flat(ind.size());
    for (std::size_t k = 0; k < flat.size(); ++k)
        flat[k] = detail::resolve_index(static_cast<std::int64_t>(ind.data()[k]), a.size(), m, "put", 0);
    for (std::size_t k = 0; k < flat.size(); ++k) out[flat[k]] = static_cast<T>(v.data()[k % v.size()]);
}

/// np.place: the elements of `arr` (an array or a writeable view) where `mask` is true
/// take the values of `vals` in order, cycling. ValueError if mask's size differs, or vals
/// is empty while some mask element is true. FLOPs: 0.
template <class D, array_like K, array_like W>
    requires detail::destination<D>
void place(D&& arr, const K& mask_in, const W& vals_in) {
    using T = detail::value_t<D>;
    using M = detail::value_t<K>;
    auto out = detail::writer(arr, "place");
    const auto& mask = detail::contiguous(mask_in);
    const auto& vals = detail::contiguous(vals_in);
    if (mask.size() != arr.size())
        throw ValueError(fmt::format("place: mask and data must be the same size, got {} and {}", mask.size(), arr.size()));
    const bool any = std::any_of(mask.begin(), mask.end(), [](const M& m) { return detail::truthy(m); });
    if (any && vals.size() == 0) throw ValueError("place: cannot insert from an empty array");
    std::size_t k = 0;
    for (std::size_t i = 0; i < arr.size(); ++i)
        if (detail::truthy(mask.data()[i])) out[i] = static_cast<T>(vals.data()[k++ % vals.size()]);
}

/// np.putmask: a.flat[i] = values.flat[i % len(values)] where mask.flat[i] is true (`a`:
/// an array or a writeable view). `mask` must have a's size (ValueError). FLOPs: 0.
template <class D, array_like K, array_like W>
    requires detail::destination<D>
void putmask(D&& a, const K& mask_in, const W& values_in) {
    using T = detail::value_t<D>;
    auto out = detail::writer(a, "putmask");
    const auto& mask = detail::contiguous(mask_in);
    const auto& values = detail::contiguous(values_in);
    if (mask.size() != a.size())
        throw ValueError(fmt::format("putmask: mask and data must be the same size, got shapes {} and {}",
                                     detail::shape_string(mask.shape()), detail::shape_string(a.shape())));
    if (values.size() == 0) return;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (detail::truthy(mask.data()[i])) out[i] = static_cast<T>(values.data()[i % values.size()]);
}

/// np.copyto: dst = src (broadcast to dst's shape) where `where` is true, in place (`dst`:
/// an array or a writeable view). Casting follows NumPy's default "same_kind": a
/// conversion to a lower kind (float into an int array, complex into a real one) does not
/// compile. FLOPs: 0.
template <class D, array_like S, array_like W = array<bool>>
    requires detail::destination<D> && std::same_as<detail::value_t<W>, bool> &&
             (static_cast<int>(detail::kind_of<detail::value_t<S>>()) <= static_cast<int>(detail::kind_of<detail::value_t<D>>()))
void copyto(D&& dst, const S& src, const W& where = W(true)) {
    using T = detail::value_t<D>;
    auto out = detail::writer(dst, "copyto");
    const auto s = detail::broadcast_array(detail::contiguous(src).template astype<T>(), dst.shape());
    const auto w = detail::broadcast_array(where, dst.shape());
    for (std::size_t i = 0; i < dst.size(); ++i)
        if (w.data()[i]) out[i] = s.data()[i];
}

// ---------------------------------------------------------------------------------------
// Selection

namespace detail {
/// Result type of where/select with array-or-scalar operands (an array or a view counts as
/// an array): arrays promote like NumPy, a scalar mixes in weakly with an array, two
/// scalars take their default dtypes.
/// (Only the branch that applies is instantiated.)
template <class X, class Y>
struct where_result {
    static auto pick() {
        if constexpr (array_like<X> && array_like<Y>) return std::type_identity<promote_t<value_t<X>, value_t<Y>>>{};
        else if constexpr (array_like<X>) return std::type_identity<promote_scalar_t<value_t<X>, value_t<Y>>>{};
        else if constexpr (array_like<Y>) return std::type_identity<promote_scalar_t<value_t<Y>, value_t<X>>>{};
        else return std::type_identity<promote_t<scalar_dtype_t<X>, scalar_dtype_t<Y>>>{};
    }
    using type = typename decltype(pick())::type;
};
template <class X, class Y>
using where_result_t = typename where_result<X, Y>::type;

/// An operand of where/select in type R: an array already of type R as it is (no copy),
/// a view or another type as a new array, a scalar as a 0-d array.
template <class R, class X>
decltype(auto) lift(const X& x) {
    if constexpr (array_like<X> && std::is_same_v<value_t<X>, R>) return contiguous(x);
    else if constexpr (array_like<X>) return contiguous(x).template astype<R>();
    else return array<R>(static_cast<R>(x));
}

/// Element step of an operand of shape `s` in a flat walk of `shape`: 1 when it has that
/// shape, 0 when it has one element, -1 when it needs broadcasting along some axes.
inline std::ptrdiff_t flat_step(const shape_t& s, const shape_t& shape) noexcept {
    if (s == shape) return 1;
    std::size_t n = 1;
    for (auto d : s) n *= d;
    return n == 1 ? 0 : -1;
}
}  // namespace detail

/// np.where(condition, x, y): x where condition is true, else y; all three broadcast.
/// x and y may be arrays, views or scalars. FLOPs: 0.
template <array_like K, class X, class Y>
    requires(array_like<X> || detail::is_scalar_v<X>) && (array_like<Y> || detail::is_scalar_v<Y>)
auto where(const K& condition, const X& x, const Y& y) {
    using R = detail::where_result_t<X, Y>;
    const auto& c = detail::contiguous(condition);
    decltype(auto) xs = detail::lift<R>(x);
    decltype(auto) ys = detail::lift<R>(y);
    const auto shape = broadcast_shapes({c.shape(), xs.shape(), ys.shape()});
    auto out = array<R>::uninitialized(shape);
    const auto sc = detail::flat_step(c.shape(), shape), sx = detail::flat_step(xs.shape(), shape),
               sy = detail::flat_step(ys.shape(), shape);
    R* o = out.data();
    const std::size_t n = out.size();
    // Each operand full-sized (step 1) or one element (step 0), read in place.
    auto pick = [&](const auto* pc, std::size_t sc, const R* px, std::size_t sx, const R* py, std::size_t sy) {
        if constexpr (std::is_same_v<detail::value_t<K>, bool> && detail::vector_math::available &&
                      detail::vector_math::vectorised_type<R>)
            detail::vector_math::select(pc, sc, px, sx, py, sy, o, n, simd_level_in_use());
        else
            for (std::size_t i = 0; i < n; ++i) o[i] = detail::truthy(pc[i * sc]) ? px[i * sx] : py[i * sy];
    };
    if (sc >= 0 && sx >= 0 && sy >= 0) {
        pick(c.data(), static_cast<std::size_t>(sc), xs.data(), static_cast<std::size_t>(sx), ys.data(),
             static_cast<std::size_t>(sy));
        return out;
    }
    const auto bc = detail::broadcast_array(c, shape);
    const auto bx = detail::broadcast_array(xs, shape), by = detail::broadcast_array(ys, shape);
    pick(bc.data(), 1, bx.data(), 1, by.data(), 1);
    return out;
}

/// np.nonzero: for each dimension, the indices of the non-zero elements (row-major order).
/// A 0-d input is treated as 1-d, as NumPy 1.x does. FLOPs: 0.
template <array_like A>
std::vector<index_array> nonzero(const A& a) {
    const auto b = atleast_1d(a);
    std::vector<std::vector<std::int64_t>> idx(b.ndim());
    std::vector<std::int64_t> pos(b.ndim(), 0);
    for (std::size_t flat = 0; flat < b.size(); ++flat) {
        if (detail::truthy(b.data()[flat]))
            for (std::size_t d = 0; d < b.ndim(); ++d) idx[d].push_back(pos[d]);
        for (std::size_t d = b.ndim(); d-- > 0;) {
            if (++pos[d] < static_cast<std::int64_t>(b.shape(static_cast<int>(d)))) break;
            pos[d] = 0;
        }
    }
    std::vector<index_array> out;
    for (auto& v : idx) out.push_back(asarray(v));
    return out;
}
/// np.where(condition): the same as nonzero(condition). FLOPs: 0.
template <array_like A>
std::vector<index_array> where(const A& condition) { return nonzero(condition); }

/// np.argwhere: the indices of the non-zero elements, one row each: shape (N, ndim). FLOPs: 0.
template <array_like A>
index_array argwhere(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() == 0) return index_array::uninitialized(shape_t{detail::truthy(a.data()[0]) ? 1u : 0u, 0});
    const auto nz = nonzero(a);
    return transpose(stack(nz, 0));
}

/// np.flatnonzero: indices of the non-zero elements of the flattened array. FLOPs: 0.
template <array_like A>
index_array flatnonzero(const A& a) { return nonzero(ravel(detail::contiguous(a)))[0]; }

/// np.compress: the slabs along `axis` (of the flattened array when no axis) where the
/// 1-d `condition` is true; a condition shorter than the axis is padded with false, a
/// true beyond the axis raises IndexError. Symmetry: like a slice, the axis leaves its
/// group when its length changes. FLOPs: 0.
template <array_like K, array_like A, class T = detail::value_t<A>>
array<T> compress(const K& condition_in, const A& a_in, std::optional<int> axis = std::nullopt) {
    const auto& condition = detail::contiguous(condition_in);
    const auto& a = detail::contiguous(a_in);
    if (condition.ndim() != 1) throw ValueError(fmt::format("compress: condition must be a 1-d array, got shape {}", detail::shape_string(condition.shape())));
    if (!axis) detail::drop_symmetry(a, "compress without an axis");
    // Without an axis the array is read as the 1-d run of its elements, in place.
    const std::size_t ax = axis ? detail::normalize_axis(*axis, a.ndim(), "compress") : 0;
    const std::size_t n = axis ? a.shape(static_cast<int>(ax)) : a.size();
    const auto* c = condition.data();
    for (std::size_t j = n; j < condition.size(); ++j)
        if (detail::truthy(c[j])) throw IndexError(fmt::format("compress: index {} is out of bounds for axis {} with size {}", j, ax, n));
    const std::size_t m = std::min(n, condition.size());
    std::size_t count = 0;
    for (std::size_t j = 0; j < m; ++j) count += detail::truthy(c[j]) ? 1 : 0;
    if (!axis) {
        auto out = array<T>::uninitialized(shape_t{count});
        T* o = out.data();
        const T* p = a.data();
        for (std::size_t j = 0; j < m; ++j)
            if (detail::truthy(c[j])) *o++ = p[j];
        return out;
    }
    std::vector<std::size_t> idx;
    idx.reserve(count);
    for (std::size_t j = 0; j < m; ++j)
        if (detail::truthy(c[j])) idx.push_back(j);
    auto out = detail::gather_axis(a, ax, idx);
    if (!a.symmetric_axes().empty())
        detail::carry_symmetry(out, detail::sym::slice(a.symmetric_axes(), a.xt().shape(), out.xt().shape()),
                               [ax] { return fmt::format("compress changes the length of axis {}", ax); });
    return out;
}

/// np.extract: the elements of the flattened `arr` where the flattened `condition` is
/// true. FLOPs: 0.
template <array_like K, array_like A, class T = detail::value_t<A>>
array<T> extract(const K& condition, const A& arr) { return compress(ravel(detail::contiguous(condition)), arr); }

namespace detail {
template <array_like K, array_like X, class D>
array<value_t<X>> select_from(std::span<const array<value_t<K>>> condlist, std::span<const array<value_t<X>>> choicelist,
                              D default_value) {
    using C = value_t<K>;
    using T = value_t<X>;
    if (condlist.size() != choicelist.size())
        throw ValueError(fmt::format("select: list of cases must be same length as list of conditions ({} and {})",
                                     condlist.size(), choicelist.size()));
    if (condlist.empty()) throw ValueError("select: select with an empty condition list is not possible");
    if constexpr (!std::is_same_v<C, bool>) throw ValueError("select: invalid entry in condlist: should be boolean ndarray");
    shape_t shape;
    for (const auto& c : condlist) shape = broadcast_shapes(shape, c.shape(), "select");
    for (const auto& c : choicelist) shape = broadcast_shapes(shape, c.shape(), "select");
    auto out = filled(shape, static_cast<T>(default_value));
    for (std::size_t k = condlist.size(); k-- > 0;) {  // the first true condition wins: apply in reverse
        const auto c = broadcast_array(condlist[k], shape);
        const auto v = broadcast_array(choicelist[k], shape);
        for (std::size_t i = 0; i < out.size(); ++i)
            if (truthy(c.data()[i])) out.data()[i] = v.data()[i];
    }
    return out;
}
}  // namespace detail

/// np.select: for each element, the value of the first choice whose condition is true,
/// else `default_value`; conditions and choices broadcast together. Each list is a vector
/// (or both are braced lists) of arrays or of views. FLOPs: 0.
template <array_like K, array_like X, class D = detail::value_t<X>>
array<detail::value_t<X>> select(const std::vector<K>& condlist, const std::vector<X>& choicelist, D default_value = D(0)) {
    return detail::select_from<K, X>(detail::list_span<K>(detail::array_list(condlist)),
                                     detail::list_span<X>(detail::array_list(choicelist)), default_value);
}
template <array_like K, array_like X, class D = detail::value_t<X>>
array<detail::value_t<X>> select(std::initializer_list<K> condlist, std::initializer_list<X> choicelist,
                                 D default_value = D(0)) {
    return detail::select_from<K, X>(detail::list_span<K>(detail::array_list(condlist)),
                                     detail::list_span<X>(detail::array_list(choicelist)), default_value);
}

/// np.choose: out[i] = choices[a[i]][i], all broadcast together; `mode` "raise" (an
/// index outside [0, n) raises ValueError), "wrap" or "clip". `choices`: a span, vector or
/// braced list of arrays, or a vector or braced list of views. FLOPs: 0.
template <array_like A, class T, class I = detail::value_t<A>>
    requires detail::index_type<I>
array<T> choose(const A& a, std::span<const array<T>> choices, std::string_view mode = "raise") {
    const char m = detail::index_mode(mode, "choose");
    if (choices.empty()) throw ValueError("choose: choices must not be empty");
    shape_t shape = a.shape();
    for (const auto& c : choices) shape = detail::broadcast_shapes(shape, c.shape(), "choose");
    const auto idx = detail::broadcast_array(a, shape);
    const auto n = static_cast<std::int64_t>(choices.size());
    for (const I& i : idx)
        if (m == 'r' && (i < 0 || static_cast<std::int64_t>(i) >= n))
            throw ValueError(fmt::format("choose: invalid entry in choice array ({} with {} choices)", i, n));
    std::vector<array<T>> bc;
    for (const auto& c : choices) bc.push_back(detail::broadcast_array(c, shape));
    auto out = array<T>::uninitialized(shape);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto k = detail::resolve_index(static_cast<std::int64_t>(idx.data()[i]), choices.size(), m, "choose", 0);
        out.data()[i] = bc[k].data()[i];
    }
    return out;
}
template <array_like A, array_like X>
    requires detail::index_type<detail::value_t<A>>
array<detail::value_t<X>> choose(const A& a, const std::vector<X>& choices, std::string_view mode = "raise") {
    return choose(a, detail::list_span<X>(detail::array_list(choices)), mode);
}
template <array_like A, array_like X>
    requires detail::index_type<detail::value_t<A>>
array<detail::value_t<X>> choose(const A& a, std::initializer_list<X> choices, std::string_view mode = "raise") {
    return choose(a, detail::list_span<X>(detail::array_list(choices)), mode);
}

// ---------------------------------------------------------------------------------------
// Diagonals and triangles

/// np.diagonal: the diagonal at `offset` of the planes (axis1, axis2); the result has the
/// other axes first and the diagonal last. A read-only view, as NumPy's. The symmetry
/// groups of the other axes survive; those of axis1 and axis2 do not. FLOPs: 0.
template <class A>
    requires array_like<A>
auto diagonal(A&& a, std::ptrdiff_t offset = 0, int axis1 = 0, int axis2 = 1) {
    using T = detail::value_t<A>;
    if (a.ndim() < 2) throw ValueError(fmt::format("diagonal: requires an array of at least two dimensions, got shape {}", detail::shape_string(a.shape())));
    const auto a1 = detail::normalize_axis(axis1, a.ndim(), "diagonal"), a2 = detail::normalize_axis(axis2, a.ndim(), "diagonal");
    if (a1 == a2) throw ValueError("diagonal: axis1 and axis2 cannot be the same");
    const auto g = detail::view_access::geometry_of(a);
    const std::size_t rows = g.shape[a1], cols = g.shape[a2];
    // |offset| in unsigned arithmetic: -PTRDIFF_MIN does not exist as a ptrdiff_t.
    const std::size_t magnitude = offset >= 0 ? static_cast<std::size_t>(offset)
                                              : static_cast<std::size_t>(-(offset + 1)) + 1;
    const std::size_t r0 = offset >= 0 ? 0 : magnitude, c0 = offset >= 0 ? magnitude : 0;
    const std::size_t len = r0 >= rows || c0 >= cols ? 0 : std::min(rows - r0, cols - c0);
    detail::geometry out;
    std::vector<std::size_t> to(a.ndim(), detail::sym::removed);
    for (std::size_t d = 0; d < a.ndim(); ++d)
        if (d != a1 && d != a2) {
            to[d] = out.shape.size();
            out.shape.push_back(g.shape[d]);
            out.strides.push_back(g.strides[d]);
        }
    if (len > 0)
        out.offset = static_cast<std::ptrdiff_t>(r0) * g.strides[a1] + static_cast<std::ptrdiff_t>(c0) * g.strides[a2];
    out.shape.push_back(len);
    out.strides.push_back(g.strides[a1] + g.strides[a2]);
    auto groups = detail::sym::map_axes(a.symmetric_axes(), to).groups;
    return detail::view_access::make<const T>(a, detail::indexed{std::move(out), std::move(groups)});
}

namespace detail {
/// tril/triu: keeps m[..., i, j] where keep(j - i) over the last two axes; a 1-d input is
/// broadcast to a square matrix first, as NumPy's mask does.
template <class T, class Keep>
array<T> triangle(const array<T>& m, Keep keep, std::string_view op) {
    if (m.ndim() == 0) throw ValueError(fmt::format("{}: input must be at least 1-d", op));
    array<T> out = m.ndim() == 1 ? broadcast_to(m, shape_t{m.size(), m.size()}) : m;
    const std::size_t rows = out.shape(-2), cols = out.shape(-1), plane = rows * cols;
    for (std::size_t b = 0; plane && b < out.size() / plane; ++b)
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                if (!keep(static_cast<std::ptrdiff_t>(j) - static_cast<std::ptrdiff_t>(i))) out.data()[b * plane + i * cols + j] = T(0);
    return out;
}

template <class Keep>
std::vector<index_array> triangle_indices(std::size_t n, std::size_t m, Keep keep) {
    std::vector<std::int64_t> r, c;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j)
            if (keep(static_cast<std::ptrdiff_t>(j) - static_cast<std::ptrdiff_t>(i))) {
                r.push_back(static_cast<std::int64_t>(i));
                c.push_back(static_cast<std::int64_t>(j));
            }
    return {asarray(r), asarray(c)};
}

template <class A>
void require_2d(const A& a, std::string_view op) {
    if (a.ndim() != 2) throw ValueError(fmt::format("{}: input array must be 2-d, got shape {}", op, shape_string(a.shape())));
}
}  // namespace detail

/// np.tril: zeros above the k-th diagonal of the last two axes. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> tril(const A& m, std::ptrdiff_t k = 0) {
    return detail::triangle(detail::contiguous(m), [k](std::ptrdiff_t d) { return d <= k; }, "tril");
}
/// np.triu: zeros below the k-th diagonal of the last two axes. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> triu(const A& m, std::ptrdiff_t k = 0) {
    return detail::triangle(detail::contiguous(m), [k](std::ptrdiff_t d) { return d >= k; }, "triu");
}
/// np.tril_indices: (rows, cols) of the lower triangle of an n x m matrix. FLOPs: 0.
inline std::vector<index_array> tril_indices(std::size_t n, std::ptrdiff_t k = 0, std::optional<std::size_t> m = std::nullopt) {
    return detail::triangle_indices(n, m.value_or(n), [k](std::ptrdiff_t d) { return d <= k; });
}
/// np.triu_indices: (rows, cols) of the upper triangle of an n x m matrix. FLOPs: 0.
inline std::vector<index_array> triu_indices(std::size_t n, std::ptrdiff_t k = 0, std::optional<std::size_t> m = std::nullopt) {
    return detail::triangle_indices(n, m.value_or(n), [k](std::ptrdiff_t d) { return d >= k; });
}
/// np.tril_indices_from: tril_indices for the shape of a 2-d array. FLOPs: 0.
template <array_like A>
std::vector<index_array> tril_indices_from(const A& arr, std::ptrdiff_t k = 0) {
    detail::require_2d(arr, "tril_indices_from");
    return tril_indices(arr.shape(0), k, arr.shape(1));
}
/// np.triu_indices_from: triu_indices for the shape of a 2-d array. FLOPs: 0.
template <array_like A>
std::vector<index_array> triu_indices_from(const A& arr, std::ptrdiff_t k = 0) {
    detail::require_2d(arr, "triu_indices_from");
    return triu_indices(arr.shape(0), k, arr.shape(1));
}

/// np.diag_indices: `ndim` copies of arange(n), indexing the main diagonal. FLOPs: 0.
inline std::vector<index_array> diag_indices(std::size_t n, std::size_t ndim = 2) {
    return std::vector<index_array>(ndim, arange(static_cast<std::int64_t>(n)));
}
/// np.diag_indices_from: for an array of rank >= 2 whose axes all have one length. FLOPs: 0.
template <array_like A>
std::vector<index_array> diag_indices_from(const A& arr) {
    if (arr.ndim() < 2) throw ValueError("diag_indices_from: input array must be at least 2-d");
    for (auto d : arr.shape())
        if (d != arr.shape(0)) throw ValueError(fmt::format("diag_indices_from: all dimensions of input must be of equal length, got shape {}", detail::shape_string(arr.shape())));
    return diag_indices(arr.shape(0), arr.ndim());
}

/// np.fill_diagonal: writes `val` (cycled if an array) on the main diagonal, in place
/// (`a`: an array or a writeable view). For tall 2-d matrices `wrap` continues the
/// diagonal after N+1 rows, as NumPy does; arrays of rank > 2 must have equal dimensions.
/// FLOPs: 0.
template <class D, array_like W>
    requires detail::destination<D>
void fill_diagonal(D&& a, const W& val_in, bool wrap = false) {
    using T = detail::value_t<D>;
    auto out = detail::writer(a, "fill_diagonal");
    const auto& val = detail::contiguous(val_in);
    if (a.ndim() < 2) throw ValueError("fill_diagonal: array must be at least 2-d");
    std::size_t step = 0, end = a.size();
    if (a.ndim() == 2) {
        step = a.shape(1) + 1;
        if (!wrap) end = std::min(end, a.shape(1) * a.shape(1));
    } else {
        diag_indices_from(a);  // validates equal dimensions
        std::size_t stride = 1;
        for (std::size_t d = 0; d < a.ndim(); ++d, stride *= a.shape(0)) step += stride;
    }
    if (val.size() == 0) return;
    std::size_t k = 0;
    for (std::size_t i = 0; i < end; i += step) out[i] = static_cast<T>(val.data()[k++ % val.size()]);
}
template <class D, class V>
    requires detail::destination<D> && detail::is_scalar_v<V>
void fill_diagonal(D&& a, V val, bool wrap = false) {
    using T = detail::value_t<D>;
    fill_diagonal(a, array<T>(static_cast<T>(val)), wrap);
}

/// np.mask_indices: the indices where `mask_func(ones((n, n)), k)` is non-zero, e.g.
/// `me::mask_indices(3, [](const auto& m, auto k) { return me::triu(m, k); })`. FLOPs: 0.
template <class F>
std::vector<index_array> mask_indices(std::size_t n, F mask_func, std::ptrdiff_t k = 0) {
    return nonzero(mask_func(ones<std::int64_t>({n, n}), k));
}

/// np.unravel_index: the coordinates in an array of `shape` of each flat index (C order).
/// An index outside [0, prod(shape)) raises ValueError. FLOPs: 0.
template <array_like J, class I = detail::value_t<J>>
    requires detail::index_type<I>
std::vector<index_array> unravel_index(const J& indices_in, const shape_t& shape) {
    const auto& indices = detail::contiguous(indices_in);
    const auto size = static_cast<std::int64_t>(detail::numel(shape));
    for (const I& i : indices)
        if (i < 0 || static_cast<std::int64_t>(i) >= size)
            throw ValueError(fmt::format("unravel_index: index {} is out of bounds for array with size {}", i, size));
    std::vector<index_array> out;
    for (std::size_t d = 0; d < shape.size(); ++d) out.push_back(index_array::uninitialized(indices.shape()));
    for (std::size_t k = 0; k < indices.size(); ++k) {
        auto rest = static_cast<std::int64_t>(indices.data()[k]);
        for (std::size_t d = shape.size(); d-- > 0;) {
            const auto n = static_cast<std::int64_t>(shape[d]);
            out[d].data()[k] = rest % n;
            rest /= n;
        }
    }
    return out;
}
template <detail::index_type I>
std::vector<index_array> unravel_index(I index, const shape_t& shape) { return unravel_index(index_array(index), shape); }

/// np.ravel_multi_index: flat (C-order) indices of coordinate arrays into `dims`; the
/// coordinate arrays broadcast. `mode` "raise" (ValueError when out of range), "wrap" or
/// "clip", one for all dimensions. `multi_index`: a span, vector or braced list of arrays,
/// or a vector or braced list of views. FLOPs: 0.
template <detail::index_type I>
index_array ravel_multi_index(std::span<const array<I>> multi_index, const shape_t& dims, std::string_view mode = "raise") {
    const char m = detail::index_mode(mode, "ravel_multi_index");
    if (multi_index.size() != dims.size())
        throw ValueError(fmt::format("ravel_multi_index: parameter multi_index must be a sequence of length {}, got {}", dims.size(), multi_index.size()));
    shape_t shape;
    for (const auto& c : multi_index) shape = detail::broadcast_shapes(shape, c.shape(), "ravel_multi_index");
    std::vector<array<I>> coords;
    for (std::size_t d = 0; d < dims.size(); ++d) {
        coords.push_back(detail::broadcast_array(multi_index[d], shape));
        for (const I& i : coords.back())
            if (m == 'r' && (i < 0 || static_cast<std::size_t>(i) >= dims[d]))
                throw ValueError(fmt::format("ravel_multi_index: invalid entry {} in coordinates array for dimension {} of size {}", i, d, dims[d]));
    }
    auto out = index_array::uninitialized(shape);
    for (std::size_t k = 0; k < out.size(); ++k) {
        std::int64_t flat = 0;
        for (std::size_t d = 0; d < dims.size(); ++d)
            flat = flat * static_cast<std::int64_t>(dims[d]) +
                   static_cast<std::int64_t>(detail::resolve_index(static_cast<std::int64_t>(coords[d].data()[k]), dims[d], m, "ravel_multi_index", d));
        out.data()[k] = flat;
    }
    return out;
}
template <array_like X>
    requires detail::index_type<detail::value_t<X>>
index_array ravel_multi_index(const std::vector<X>& multi_index, const shape_t& dims, std::string_view mode = "raise") {
    return ravel_multi_index(detail::list_span<X>(detail::array_list(multi_index)), dims, mode);
}
template <array_like X>
    requires detail::index_type<detail::value_t<X>>
index_array ravel_multi_index(std::initializer_list<X> multi_index, const shape_t& dims, std::string_view mode = "raise") {
    return ravel_multi_index(detail::list_span<X>(detail::array_list(multi_index)), dims, mode);
}

/// np.ix_: open-mesh index arrays: the k-th of n 1-d inputs gets shape (1, ..., len, ..., 1)
/// with len at position k; a bool input is replaced by its nonzero indices. `seqs`: a
/// span, vector or braced list of arrays, or a vector or braced list of views. FLOPs: 0.
template <class T>
std::vector<array<std::conditional_t<std::is_same_v<T, bool>, std::int64_t, T>>> ix_(std::span<const array<T>> seqs) {
    std::vector<array<std::conditional_t<std::is_same_v<T, bool>, std::int64_t, T>>> out;
    for (std::size_t k = 0; k < seqs.size(); ++k) {
        if (seqs[k].ndim() != 1) throw ValueError(fmt::format("ix_: cross index must be 1 dimensional, got shape {}", detail::shape_string(seqs[k].shape())));
        shape_t s(seqs.size(), 1);
        if constexpr (std::is_same_v<T, bool>) {
            auto nz = nonzero(seqs[k])[0];
            s[k] = nz.size();
            out.push_back(detail::with_shape(nz, s));
        } else {
            s[k] = seqs[k].size();
            out.push_back(detail::with_shape(seqs[k], s));
        }
    }
    return out;
}
template <array_like X>
auto ix_(const std::vector<X>& seqs) { return ix_(detail::list_span<X>(detail::array_list(seqs))); }
template <array_like X>
auto ix_(std::initializer_list<X> seqs) { return ix_(detail::list_span<X>(detail::array_list(seqs))); }

// ---------------------------------------------------------------------------------------
// Element tests (free in the registry, unlike the other ufuncs)

namespace detail {
template <class T, class P>
array<bool> test_elements(const array<T>& a, P pred) {
    auto out = array<bool>::uninitialized(a.shape());
    std::transform(a.begin(), a.end(), out.begin(), [&](const T& v) {
        if constexpr (is_complex_v<T>) return pred(v.real()) || pred(v.imag());
        else if constexpr (std::is_floating_point_v<T>) return pred(v);
        else return pred(0.0);
    });
    return out;
}
}  // namespace detail

/// np.isnan: true where an element is NaN (never for integers and bools). FLOPs: 0.
template <array_like A>
array<bool> isnan(const A& a) {
    return detail::test_elements(detail::contiguous(a), [](auto v) { return std::isnan(v); });
}
/// np.isinf: true where an element is +-inf. FLOPs: 0.
template <array_like A>
array<bool> isinf(const A& a) {
    return detail::test_elements(detail::contiguous(a), [](auto v) { return std::isinf(v); });
}
/// np.isfinite: true where an element is neither NaN nor inf (both parts, for complex). FLOPs: 0.
template <array_like A>
array<bool> isfinite(const A& a) {
    auto out = detail::test_elements(detail::contiguous(a), [](auto v) { return !std::isfinite(v); });
    for (auto& b : out) b = !b;
    return out;
}
/// Scalar forms of isnan, isinf and isfinite. FLOPs: 0.
template <class S>
    requires detail::is_scalar_v<S>
bool isnan(S x) { return isnan(array<S>(x)).item(); }
template <class S>
    requires detail::is_scalar_v<S>
bool isinf(S x) { return isinf(array<S>(x)).item(); }
template <class S>
    requires detail::is_scalar_v<S>
bool isfinite(S x) { return isfinite(array<S>(x)).item(); }

// ---------------------------------------------------------------------------------------
// Shape and type queries

/// np.shape (of an array or a view). FLOPs: 0.
template <array_like A>
shape_t shape(const A& a) { return a.shape(); }
/// np.ndim. FLOPs: 0.
template <array_like A>
std::size_t ndim(const A& a) { return a.ndim(); }
/// np.size, or the length of one axis. FLOPs: 0.
template <array_like A>
std::size_t size(const A& a, std::optional<int> axis = std::nullopt) {
    return axis ? a.shape(*axis) : a.size();
}

/// np.result_type / np.promote_types as types: the dtype NumPy gives to an operation on
/// arrays of these element types, e.g. `me::result_type_t<std::int32_t, float>` is double.
template <class T, class... Ts>
struct result_type { using type = T; };
template <class A, class B, class... Ts>
struct result_type<A, B, Ts...> : result_type<detail::promote_t<A, B>, Ts...> {};
template <class... Ts>
using result_type_t = typename result_type<Ts...>::type;
template <class A, class B>
using promote_types_t = detail::promote_t<A, B>;

/// np.can_cast(From, To, casting) for element types: "no"/"equiv" (same type), "safe"
/// (no value can change: bool to anything, to a wider int, int32 to float64, float to a
/// wider float or complex), "same_kind" (safe, or within one kind: float64 to float32) or
/// "unsafe" (always). Unknown casting names raise ValueError. FLOPs: 0.
template <class From, class To>
constexpr bool can_cast(std::string_view casting = "safe") {
    using detail::kind, detail::kind_of;
    constexpr kind kf = kind_of<From>(), kt = kind_of<To>();
    constexpr bool same = std::is_same_v<From, To>;
    constexpr bool safe = [] {
        if constexpr (same || kf == kind::boolean) return true;
        else if constexpr (static_cast<int>(kf) > static_cast<int>(kt)) return false;
        else if constexpr (kf == kind::integer && kt == kind::integer)
            return std::is_signed_v<To> ? sizeof(To) > sizeof(From) || (sizeof(To) == sizeof(From) && std::is_signed_v<From>)
                                        : !std::is_signed_v<From> && sizeof(To) >= sizeof(From);
        else if constexpr (kf == kind::integer) return sizeof(detail::real_t<To>) > sizeof(From) || sizeof(detail::real_t<To>) == 8;
        else return sizeof(detail::real_t<To>) >= sizeof(detail::real_t<From>);
    }();
    if (casting == "no" || casting == "equiv") return same;
    if (casting == "safe") return safe;
    if (casting == "same_kind") return safe || kf == kt;
    if (casting == "unsafe") return true;
    throw ValueError("can_cast: casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
}

/// np.isscalar: true for C++ numbers (and std::complex), false for arrays. FLOPs: 0.
template <class X>
constexpr bool isscalar(const X&) { return detail::is_scalar_v<std::remove_cvref_t<X>>; }

/// np.iterable: whether `x` can be iterated: ranges yes, numbers no, and a 0-d array or
/// view no (as NumPy says for np.array(1)). FLOPs: 0.
template <class X>
bool iterable(const X& x) {
    if constexpr (array_like<X>) return x.ndim() > 0;
    else return requires { std::begin(x); std::end(x); };
}

/// np.binary_repr: two's complement with `width` digits for negative numbers when a
/// width is given, else a minus sign and the magnitude. ValueError if `width` is too
/// small for a negative number. FLOPs: 0.
inline std::string binary_repr(std::int64_t num, std::optional<std::size_t> width = std::nullopt) {
    auto digits = [](std::uint64_t v) {
        std::string s;
        do { s.insert(s.begin(), static_cast<char>('0' + (v & 1))); v >>= 1; } while (v);
        return s;
    };
    const std::uint64_t mag = num < 0 ? 0 - static_cast<std::uint64_t>(num) : static_cast<std::uint64_t>(num);
    if (num >= 0 || !width) {
        std::string s = digits(mag);
        if (width && s.size() < *width) s.insert(0, *width - s.size(), '0');
        return num < 0 ? "-" + s : s;
    }
    const std::size_t w = *width;
    const std::size_t need = digits(mag - 1).size() + 1;
    if (w < need)
        throw ValueError(fmt::format("binary_repr: insufficient bit width {} provided for {}", w, num));
    const std::uint64_t twos = w >= 64 ? static_cast<std::uint64_t>(num) : ((std::uint64_t{1} << w) - mag);
    std::string s = digits(twos);
    if (s.size() < w) s.insert(0, w - s.size(), '0');
    return s;
}

/// np.base_repr: `number` in `base` (2 to 36), with `padding` zeros on the left. FLOPs: 0.
inline std::string base_repr(std::int64_t number, int base = 2, std::size_t padding = 0) {
    if (base < 2 || base > 36) throw ValueError(fmt::format("base_repr: bases must be between 2 and 36, got {}", base));
    constexpr std::string_view digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::uint64_t v = number < 0 ? 0 - static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number);
    std::string s;
    do { s.insert(s.begin(), digits[v % static_cast<unsigned>(base)]); v /= static_cast<unsigned>(base); } while (v);
    s.insert(0, padding, '0');
    return number < 0 ? "-" + s : s;
}

namespace linalg {
/// np.linalg.diagonal: the diagonal at `offset` of the last two axes, as a new array
/// (NumPy's is a read-only view). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> diagonal(const A& x, std::ptrdiff_t offset = 0) { return me::diagonal(x, offset, -2, -1); }
/// np.linalg.matrix_transpose: swaps the last two axes, as a new array (NumPy's is a
/// view). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> matrix_transpose(const A& x) { return me::matrix_transpose(x); }
}  // namespace linalg

}  // namespace me

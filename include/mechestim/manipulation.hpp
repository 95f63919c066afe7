/// @file manipulation.hpp
/// @brief Free shape and view ops (reshape, transpose, flip, roll, broadcast_to, ...) and
/// joining/splitting (concatenate, stack, split, tile, repeat, pad, ...).
///
/// FLOPs: 0 for every function here; none charges a budget or creates the global
/// default context. Conventions are those of creation.hpp. In particular:
/// - Every function takes views (`me::array_view`, view.hpp) wherever it takes arrays,
///   lists of views wherever it takes lists of arrays.
/// - reshape, ravel, transpose, permute_dims, matrix_transpose, swapaxes, moveaxis,
///   rollaxis, expand_dims, squeeze and broadcast_to return views, as NumPy's do. Every
///   other op returns a new array (a copy), also where NumPy returns a view (atleast_1d/2d/3d
///   of an array of enough dimensions, flip, fliplr, flipud, rot90, split and its
///   relatives, broadcast_arrays): writing to such a result never changes the input.
/// - An axis that NumPy takes positionally is positional here: `me::concatenate({a, b}, 1)`,
///   `me::split(a, 3, 1)`; `std::nullopt` stands for NumPy's `axis=None` (flatten first).
///   Ops that accept several axes take an `me::axis_spec`: an int, a braced list, or
///   nothing for all axes (`me::flip(a)`, `me::squeeze(a, {0, 2})`).
/// - Lists of arrays are braced lists or `std::vector`s of arrays of one element type, or
///   of views of one element type (`{a.T(), b.T()}`; a list mixing arrays and views is a
///   `std::vector<me::array<T>>`, to which views convert).
/// - Bad input raises the matching me:: error (ValueError, ShapeError, AxisError,
///   IndexError) naming the op and the shapes, before anything is computed.
/// - Symmetry (symmetry.hpp): transpose, permute_dims, matrix_transpose, swapaxes,
///   moveaxis and rollaxis permute the groups; an op that leaves the array as it is
///   keeps them; every other op here returns an array without symmetry (a
///   SymmetryLossWarning when warnings are on and the input had some).
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <numeric>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "creation.hpp"
#include "flops.hpp"
#include "symmetry.hpp"

namespace me {

namespace detail {

inline std::size_t wrap_index(std::ptrdiff_t i, std::size_t n) {  // Python's i % n for n > 0
    const auto m = static_cast<std::ptrdiff_t>(n);
    const std::ptrdiff_t r = i % m;  // |r| < m: adding m cannot overflow
    return static_cast<std::size_t>(r < 0 ? r + m : r);
}

/// Checks that `axes` is a permutation of 0..ndim-1 (negatives allowed), as np.transpose does.
inline std::vector<std::size_t> permutation(const std::vector<int>& axes, std::size_t ndim, std::string_view op) {
    if (axes.size() != ndim)
        throw ValueError(fmt::format("{}: axes don't match array (got {} axes for an array of dimension {})", op,
                                     axes.size(), ndim));
    std::vector<std::size_t> perm;
    std::vector<bool> seen(ndim, false);
    for (int a : axes) {
        const auto k = normalize_axis(a, ndim, op);
        if (seen[k]) throw ValueError(fmt::format("{}: repeated axis in transpose", op));
        seen[k] = true;
        perm.push_back(k);
    }
    return perm;
}

template <class T>
array<T> permuted(const array<T>& a, const std::vector<std::size_t>& perm) {
    if (std::is_sorted(perm.begin(), perm.end())) return a;
    array<T> out(xt::transpose(a.xt(), perm));
    if (!a.symmetric_axes().empty()) carry_symmetry(out, sym::permute(a.symmetric_axes(), perm), "transpose");
    return out;
}

/// Normalized, distinct axes in the order given (moveaxis, expand_dims).
inline std::vector<std::size_t> distinct_axes(std::span<const int> axes, std::size_t ndim, std::string_view op) {
    std::vector<std::size_t> out;
    for (int a : axes) {
        const auto k = normalize_axis(a, ndim, op);
        if (std::find(out.begin(), out.end(), k) != out.end())
            throw ValueError(fmt::format("{}: repeated axis in `{}` argument", op, op));
        out.push_back(k);
    }
    return out;
}

inline std::vector<std::size_t> iota(std::size_t n, std::size_t from = 0) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), from);
    return v;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Shape

/// np.reshape. One dimension may be -1 and is inferred; a size mismatch raises ShapeError.
/// A view of `a` when its elements are contiguous (an array always is); a view of a copy
/// otherwise (NumPy also copies when the strides do not allow a view). The symmetry
/// groups do not survive (a warning says so). FLOPs: 0.
template <class A>
    requires array_like<A>
auto reshape(A&& a, std::span<const std::ptrdiff_t> newshape) {
    using T = detail::value_t<A>;
    detail::check_ndim(newshape.size(), "reshape");
    shape_t shape;
    std::optional<std::size_t> unknown;
    std::size_t known = 1;
    bool known_overflows = false;  // then no shape of a.size() elements can match, unless a length is 0
    for (std::size_t i = 0; i < newshape.size(); ++i) {
        if (newshape[i] == -1) {
            if (unknown) throw ValueError("reshape: can only specify one unknown dimension");
            unknown = i;
            shape.push_back(0);
        } else if (newshape[i] < 0) {
            throw ValueError(fmt::format("reshape: negative dimensions not allowed, got {}", newshape[i]));
        } else {
            shape.push_back(static_cast<std::size_t>(newshape[i]));
            known_overflows = __builtin_mul_overflow(known, shape.back(), &known) || known_overflows;
        }
    }
    if (known_overflows && std::find(shape.begin(), shape.end(), std::size_t{0}) != shape.end() && !unknown) known = 0;
    const auto mismatch = [&] {
        return ShapeError(fmt::format("reshape: cannot reshape array of size {} into shape {}", a.size(),
                                      detail::tuple_string(newshape)));
    };
    if (known_overflows && known != 0) throw mismatch();
    if (unknown) {
        if (known == 0 || a.size() % known != 0) throw mismatch();
        shape[*unknown] = a.size() / known;
    }
    // The product no longer wraps: a shape like {0, 1 << 62, 1 << 62} is too big, not empty.
    if (detail::checked_size(shape, sizeof(T), "reshape") != a.size()) throw mismatch();
    if (!detail::shapes_equal(shape, a.shape())) detail::drop_symmetry(a, "reshape");
    return detail::reshaped_view(std::forward<A>(a), shape);
}
template <class A>
    requires array_like<A>
auto reshape(A&& a, std::initializer_list<std::ptrdiff_t> newshape) {
    return reshape(std::forward<A>(a), std::span<const std::ptrdiff_t>(newshape.begin(), newshape.size()));
}
template <class A>
    requires array_like<A>
auto reshape(A&& a, const std::vector<std::ptrdiff_t>& newshape) {
    return reshape(std::forward<A>(a), std::span<const std::ptrdiff_t>(newshape));
}
template <class A>
    requires array_like<A>
auto reshape(A&& a, const shape_t& newshape) {
    std::vector<std::ptrdiff_t> s(newshape.begin(), newshape.end());
    return reshape(std::forward<A>(a), std::span<const std::ptrdiff_t>(s));
}

/// np.ravel: the elements as a 1-d array, row-major: a view when they are contiguous, a
/// copy otherwise (as NumPy). FLOPs: 0.
template <class A>
    requires array_like<A>
auto ravel(A&& a) {
    if (a.ndim() != 1) detail::drop_symmetry(a, "ravel");
    return detail::reshaped_view(std::forward<A>(a), shape_t{a.size()});
}

/// np.transpose with no axes: the axes reversed, a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto transpose(A&& a) {
    std::vector<std::size_t> perm(a.ndim());
    for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = perm.size() - 1 - i;
    return detail::permuted_view(std::forward<A>(a), perm);
}
/// np.transpose(a, axes): axis i of the result is axis axes[i] of `a`, a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto transpose(A&& a, const std::vector<int>& axes) {
    return detail::permuted_view(std::forward<A>(a), detail::permutation(axes, a.ndim(), "transpose"));
}
/// np.permute_dims (NumPy 2's name for transpose with axes), a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto permute_dims(A&& a, const std::vector<int>& axes) {
    return detail::permuted_view(std::forward<A>(a), detail::permutation(axes, a.ndim(), "permute_dims"));
}
/// np.matrix_transpose: swaps the last two axes (ndim >= 2), a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto matrix_transpose(A&& a) {
    if (a.ndim() < 2)
        throw ValueError(fmt::format("matrix_transpose: input array must be at least 2-dimensional, got shape {}",
                                     detail::shape_string(a.shape())));
    auto perm = detail::iota(a.ndim());
    std::swap(perm[a.ndim() - 1], perm[a.ndim() - 2]);
    return detail::permuted_view(std::forward<A>(a), perm);
}

/// np.swapaxes, a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto swapaxes(A&& a, int axis1, int axis2) {
    auto perm = detail::iota(a.ndim());
    std::swap(perm[detail::normalize_axis(axis1, a.ndim(), "swapaxes")],
              perm[detail::normalize_axis(axis2, a.ndim(), "swapaxes")]);
    return detail::permuted_view(std::forward<A>(a), perm);
}

namespace detail {
inline std::vector<std::size_t> moveaxis_order(std::size_t ndim, const std::vector<int>& source,
                                               const std::vector<int>& destination) {
    const auto src = distinct_axes(source, ndim, "moveaxis");
    const auto dst = distinct_axes(destination, ndim, "moveaxis");
    if (src.size() != dst.size())
        throw ValueError("moveaxis: `source` and `destination` arguments must have the same number of elements");
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < ndim; ++i)
        if (std::find(src.begin(), src.end(), i) == src.end()) rest.push_back(i);
    std::vector<std::pair<std::size_t, std::size_t>> moves;
    for (std::size_t i = 0; i < src.size(); ++i) moves.emplace_back(dst[i], src[i]);
    std::sort(moves.begin(), moves.end());
    for (auto [d, s] : moves) rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(d), s);
    return rest;
}
}  // namespace detail

/// np.moveaxis: axes `source` move to positions `destination`, the others keep their
/// order; a view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto moveaxis(A&& a, const std::vector<int>& source, const std::vector<int>& destination) {
    return detail::permuted_view(std::forward<A>(a), detail::moveaxis_order(a.ndim(), source, destination));
}
template <class A>
    requires array_like<A>
auto moveaxis(A&& a, int source, int destination) {
    return moveaxis(std::forward<A>(a), std::vector<int>{source}, std::vector<int>{destination});
}

/// np.rollaxis: moves `axis` to just before position `start` (0 <= start <= ndim); a view.
/// FLOPs: 0.
template <class A>
    requires array_like<A>
auto rollaxis(A&& a, int axis, int start = 0) {
    const auto n = static_cast<int>(a.ndim());
    const auto ax = static_cast<int>(detail::normalize_axis(axis, a.ndim(), "rollaxis"));
    if (start < -n || start > n)
        throw AxisError(fmt::format("rollaxis: 'start' arg requires {} <= start < {}, got {}", -n, n + 1, start));
    if (start < 0) start += n;
    if (ax < start) --start;
    return moveaxis(std::forward<A>(a), ax, start);
}

/// np.expand_dims: inserts length-1 axes at the given positions of the result; a view
/// (the groups follow their axes). FLOPs: 0.
template <class A>
    requires array_like<A>
auto expand_dims(A&& a, const axis_spec& axis) {
    if (axis.is_all()) throw ValueError("expand_dims: an axis is required");
    const std::size_t out_ndim = a.ndim() + axis.list().size();
    const auto axes = detail::distinct_axes(axis.list(), out_ndim, "expand_dims");
    auto g = detail::view_access::geometry_of(a);
    detail::geometry out{0, detail::view_shape(out_ndim, 1), detail::view_strides(out_ndim, 0)};
    std::vector<std::size_t> to(a.ndim());
    for (std::size_t i = 0, k = 0; i < out_ndim; ++i)
        if (std::find(axes.begin(), axes.end(), i) == axes.end()) {
            out.shape[i] = g.shape[k];
            out.strides[i] = g.strides[k];
            to[k++] = i;
        }
    auto groups = detail::sym::map_axes(a.symmetric_axes(), to).groups;
    return detail::view_access::make<detail::view_element_t<A>>(a, detail::indexed{std::move(out), std::move(groups)});
}

/// np.squeeze: removes the given length-1 axes (all of them by default); an axis whose
/// length is not 1 raises ValueError. A view. FLOPs: 0.
template <class A>
    requires array_like<A>
auto squeeze(A&& a, const axis_spec& axis = {}) {
    auto g = detail::view_access::geometry_of(a);
    const auto& s = g.shape;
    std::vector<bool> drop(a.ndim(), false);
    if (axis.is_all()) {
        for (std::size_t i = 0; i < a.ndim(); ++i) drop[i] = s[i] == 1;
    } else {
        for (auto i : detail::normalize_axes(axis, a.ndim(), "squeeze")) {
            if (s[i] != 1)
                throw ValueError(fmt::format("squeeze: cannot select an axis to squeeze out which has size not "
                                             "equal to one (axis {} of shape {})", i, detail::shape_string(s)));
            drop[i] = true;
        }
    }
    detail::geometry out;
    std::vector<std::size_t> to(a.ndim(), detail::sym::removed);
    for (std::size_t i = 0; i < a.ndim(); ++i)
        if (!drop[i]) {
            to[i] = out.shape.size();
            out.shape.push_back(s[i]);
            out.strides.push_back(g.strides[i]);
        }
    auto groups = detail::sym::map_axes(a.symmetric_axes(), to).groups;
    return detail::view_access::make<detail::view_element_t<A>>(a, detail::indexed{std::move(out), std::move(groups)});
}

/// np.atleast_1d: 0-d becomes shape (1,). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> atleast_1d(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    return a.ndim() >= 1 ? a : detail::with_shape(a, shape_t{1});
}
/// np.atleast_2d: (N,) becomes (1, N), 0-d (1, 1). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> atleast_2d(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() >= 2) return a;
    return detail::with_shape(a, a.ndim() == 1 ? shape_t{1, a.size()} : shape_t{1, 1});
}
/// np.atleast_3d: (N,) becomes (1, N, 1), (M, N) becomes (M, N, 1), 0-d (1, 1, 1). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> atleast_3d(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() >= 3) return a;
    if (a.ndim() == 2) return detail::with_shape(a, shape_t{a.shape(0), a.shape(1), 1});
    return detail::with_shape(a, a.ndim() == 1 ? shape_t{1, a.size(), 1} : shape_t{1, 1, 1});
}

// ---------------------------------------------------------------------------------------
// Reordering

/// np.flip: reverses the order along the given axes (all axes by default). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> flip(const A& a_in, const axis_spec& axis = {}) {
    const auto& a = detail::contiguous(a_in);
    array<T> out = a;
    for (auto ax : detail::normalize_axes(axis, a.ndim(), "flip")) {
        auto idx = detail::iota(out.shape(static_cast<int>(ax)));
        std::reverse(idx.begin(), idx.end());
        out = detail::gather_axis(out, ax, idx);
    }
    if (out.symmetric_axes().empty()) detail::drop_symmetry(a, "flip");
    return out;
}
/// np.fliplr: flips axis 1; needs ndim >= 2. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> fliplr(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() < 2) throw ValueError(fmt::format("fliplr: input must be >= 2-d, got shape {}", detail::shape_string(a.shape())));
    return flip(a, 1);
}
/// np.flipud: flips axis 0; needs ndim >= 1. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> flipud(const A& a_in) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() < 1) throw ValueError("flipud: input must be >= 1-d, got shape ()");
    return flip(a, 0);
}

/// np.rot90: rotates by 90 degrees k times in the plane of `axes`, from the first axis
/// towards the second. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> rot90(const A& m_in, int k = 1, std::array<int, 2> axes = {0, 1}) {
    const auto& m = detail::contiguous(m_in);
    if (m.ndim() < 2) throw ValueError(fmt::format("rot90: axes must be different and the array at least 2-d, got shape {}", detail::shape_string(m.shape())));
    const auto a0 = detail::normalize_axis(axes[0], m.ndim(), "rot90"), a1 = detail::normalize_axis(axes[1], m.ndim(), "rot90");
    if (a0 == a1) throw ValueError("rot90: axes must be different");
    k = ((k % 4) + 4) % 4;
    if (k == 0) return m;
    if (k == 2) return flip(flip(m, static_cast<int>(a0)), static_cast<int>(a1));
    auto perm = detail::iota(m.ndim());
    std::swap(perm[a0], perm[a1]);
    if (k == 1) return detail::permuted(flip(m, static_cast<int>(a1)), perm);
    return flip(detail::permuted(m, perm), static_cast<int>(a1));
}

/// np.roll along several axes: element i moves to i + shift (mod length). `shift` and
/// `axis` broadcast against each other. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> roll(const A& a_in, const std::vector<std::ptrdiff_t>& shift, const std::vector<int>& axis) {
    const auto& a = detail::contiguous(a_in);
    if (shift.size() != axis.size() && shift.size() != 1 && axis.size() != 1)
        throw ValueError(fmt::format("roll: 'shift' and 'axis' should be scalars or 1D sequences of the same "
                                     "length (got {} and {})", shift.size(), axis.size()));
    // NumPy broadcasts shift against axis: an empty list on either side rolls nothing.
    const std::size_t n = shift.empty() || axis.empty() ? 0 : std::max(shift.size(), axis.size());
    std::vector<int> targets;
    for (std::size_t i = 0; i < n; ++i) targets.push_back(axis[axis.size() == 1 ? 0 : i]);
    for (int ax : targets) (void)detail::normalize_axis(ax, a.ndim(), "roll");  // every axis checked first
    // The net shift of each axis, reduced modulo its length as it is summed: no shift, not
    // even PTRDIFF_MIN, can overflow.
    std::vector<std::size_t> total(a.ndim(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t ax = detail::normalize_axis(targets[i], a.ndim(), "roll");
        const std::size_t len = a.shape(static_cast<int>(ax));
        if (len != 0) total[ax] = (total[ax] + detail::wrap_index(shift[shift.size() == 1 ? 0 : i], len)) % len;
    }
    array<T> out = a;
    for (std::size_t ax = 0; ax < a.ndim(); ++ax) {
        const std::size_t len = a.shape(static_cast<int>(ax));
        if (total[ax] == 0 || len == 0 || a.size() == 0) continue;
        std::vector<std::size_t> idx(len);
        for (std::size_t j = 0; j < len; ++j) idx[j] = (j + len - total[ax]) % len;
        out = detail::gather_axis(out, ax, idx);
    }
    if (out.symmetric_axes().empty()) detail::drop_symmetry(a, "roll");
    return out;
}
/// np.roll(a, shift, axis); with no axis the flattened array is rolled and the shape
/// restored. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> roll(const A& a_in, std::ptrdiff_t shift, std::optional<int> axis = std::nullopt) {
    const auto& a = detail::contiguous(a_in);
    if (axis) return roll(a, std::vector<std::ptrdiff_t>{shift}, std::vector<int>{*axis});
    return detail::with_shape(roll(ravel(a), std::vector<std::ptrdiff_t>{shift}, std::vector<int>{0}), a.shape());
}

// ---------------------------------------------------------------------------------------
// Broadcasting

/// np.broadcast_shapes: the shape all the given shapes broadcast to, or ShapeError. FLOPs: 0.
inline shape_t broadcast_shapes(std::initializer_list<shape_t> shapes) {
    shape_t out;
    for (const auto& s : shapes) out = detail::broadcast_shapes(out, s, "broadcast_shapes");
    return out;
}
inline shape_t broadcast_shapes(const std::vector<shape_t>& shapes) {
    shape_t out;
    for (const auto& s : shapes) out = detail::broadcast_shapes(out, s, "broadcast_shapes");
    return out;
}

/// np.broadcast_to: `a` repeated to `shape` by NumPy's rules, as a read-only view (stride 0
/// along the stretched axes). ShapeError if it does not broadcast. FLOPs: 0.
template <class A>
    requires array_like<A>
auto broadcast_to(A&& a, const shape_t& shape) {
    using T = detail::value_t<A>;
    const auto g = detail::view_access::geometry_of(a);
    const auto& s = g.shape;
    bool ok = s.size() <= shape.size();
    for (std::size_t i = 0; ok && i < s.size(); ++i) {
        const auto target = shape[shape.size() - s.size() + i];
        ok = s[i] == target || s[i] == 1;
    }
    if (!ok)
        throw ShapeError(fmt::format("broadcast_to: operands could not be broadcast together with remapped shapes "
                                     "[original->remapped]: {} and requested shape {}",
                                     detail::shape_string(s), detail::shape_string(shape)));
    // The requested shape is checked as any shape that comes in (it may be giant).
    (void)detail::checked_size(shape, sizeof(T), "broadcast_to");
    detail::view_shape to(shape.begin(), shape.end());
    auto strides = detail::broadcast_strides(g.shape, g.strides, to, "broadcast_to");
    if (!detail::shapes_equal(shape, s)) detail::drop_symmetry(a, "broadcast_to");
    auto groups = detail::shapes_equal(shape, s) ? a.symmetric_axes() : symmetry_groups{};
    return detail::view_access::make<const T>(a, detail::indexed{{0, std::move(to), std::move(strides)}, std::move(groups)});
}

namespace detail {
/// `a` (an array or a view) broadcast to `shape` as a new contiguous array: for the ops
/// that walk a broadcast operand by flat index. ShapeError as broadcast_to. FLOPs: 0.
template <array_like A>
array<value_t<A>> broadcast_array(const A& a, const shape_t& shape) {
    return array<value_t<A>>(broadcast_to(contiguous(a), shape));
}
}  // namespace detail

/// np.broadcast_arrays: every input (arrays or views) broadcast to their common shape, as
/// new arrays (NumPy returns views). FLOPs: 0.
template <array_like... A>
std::tuple<array<detail::value_t<A>>...> broadcast_arrays(const A&... arrays) {
    const auto shape = broadcast_shapes({arrays.shape()...});
    return std::tuple<array<detail::value_t<A>>...>(detail::broadcast_array(arrays, shape)...);
}
/// np.broadcast_arrays for a list of arrays, or of views, of one type. FLOPs: 0.
template <array_like X, class T = detail::value_t<X>>
std::vector<array<T>> broadcast_arrays(std::span<const X> arrays) {
    shape_t shape;
    for (const auto& a : arrays) shape = detail::broadcast_shapes(shape, a.shape(), "broadcast_arrays");
    std::vector<array<T>> out;
    for (const auto& a : arrays) out.push_back(detail::broadcast_array(a, shape));
    return out;
}
template <array_like X>
std::vector<array<detail::value_t<X>>> broadcast_arrays(const std::vector<X>& arrays) {
    return broadcast_arrays(std::span<const X>(arrays));
}
template <array_like X>
std::vector<array<detail::value_t<X>>> broadcast_arrays(std::initializer_list<X> arrays) {
    return broadcast_arrays(std::span<const X>(arrays.begin(), arrays.size()));
}

// ---------------------------------------------------------------------------------------
// Joining

/// np.concatenate along `axis` (std::nullopt: flatten every input first). Inputs must have
/// the same rank and the same shape except along `axis`. FLOPs: 0.
template <class T>
array<T> concatenate(std::span<const array<T>> arrays, std::optional<int> axis = 0) {
    if (arrays.empty()) throw ValueError("concatenate: need at least one array to concatenate");
    if (!axis) {
        std::vector<array<T>> flat;
        for (const auto& a : arrays) flat.push_back(ravel(a));
        return concatenate(std::span<const array<T>>(flat), 0);
    }
    const auto& first = arrays[0].xt().shape();
    if (first.size() == 0) throw ValueError("concatenate: zero-dimensional arrays cannot be concatenated");
    const auto ax = detail::normalize_axis(*axis, first.size(), "concatenate");
    shape_t shape(first.begin(), first.end());
    shape[ax] = 0;
    for (std::size_t k = 0; k < arrays.size(); ++k) {
        const auto& s = arrays[k].xt().shape();
        bool ok = s.size() == first.size();
        for (std::size_t d = 0; ok && d < s.size(); ++d) ok = d == ax || s[d] == first[d];
        if (!ok)
            throw ShapeError(fmt::format("concatenate: all the input array dimensions except for the concatenation "
                                         "axis must match exactly, but array 0 has shape {} and array {} has shape {} "
                                         "(axis {})", detail::shape_string(first), k, detail::shape_string(s), ax));
        shape[ax] += s[ax];
    }
    for (const auto& a : arrays)  // one warning, for the first input that had symmetry
        if (!a.symmetric_axes().empty()) {
            detail::drop_symmetry(a, "concatenate");
            break;
        }
    auto out = array<T>::uninitialized(shape);
    // Each outer block of the result is the inputs' outer blocks laid end to end.
    const auto l = detail::layout_around(shape, ax);
    T* dst = out.data();
    for (std::size_t o = 0; o < l.outer; ++o)
        for (const auto& a : arrays) {
            const std::size_t chunk = a.shape(static_cast<int>(ax)) * l.inner;
            dst = std::copy_n(a.data() + o * chunk, chunk, dst);
        }
    return out;
}
/// np.concatenate of a braced list or a vector of arrays, or of views. FLOPs: 0.
template <array_like X>
array<detail::value_t<X>> concatenate(std::initializer_list<X> arrays, std::optional<int> axis = 0) {
    return concatenate(detail::list_span<X>(detail::array_list(arrays)), axis);
}
template <array_like X>
array<detail::value_t<X>> concatenate(const std::vector<X>& arrays, std::optional<int> axis = 0) {
    return concatenate(detail::list_span<X>(detail::array_list(arrays)), axis);
}
/// np.concat (NumPy 2's name for concatenate). FLOPs: 0.
template <array_like X>
array<detail::value_t<X>> concat(std::initializer_list<X> arrays, std::optional<int> axis = 0) { return concatenate(arrays, axis); }
template <array_like X>
array<detail::value_t<X>> concat(const std::vector<X>& arrays, std::optional<int> axis = 0) { return concatenate(arrays, axis); }

namespace detail {
/// Applies `f` to every array of a list, then concatenates along `axis`: the shape of
/// vstack, hstack, dstack, column_stack and stack.
template <class T, class F>
array<T> transform_concat(std::span<const array<T>> arrays, F f, std::optional<int> axis, std::string_view op) {
    if (arrays.empty()) throw ValueError(fmt::format("{}: need at least one array to concatenate", op));
    std::vector<array<T>> parts;
    for (const auto& a : arrays) parts.push_back(f(a));
    return concatenate(std::span<const array<T>>(parts), axis);
}
}  // namespace detail

/// np.stack: joins arrays of one shape along a new axis. FLOPs: 0.
template <class T>
array<T> stack(std::span<const array<T>> arrays, int axis = 0) {
    if (arrays.empty()) throw ValueError("stack: need at least one array to stack");
    for (const auto& a : arrays)
        if (a.shape() != arrays[0].shape())
            throw ShapeError(fmt::format("stack: all input arrays must have the same shape, got {} and {}",
                                         detail::shape_string(arrays[0].shape()), detail::shape_string(a.shape())));
    const int ax = static_cast<int>(detail::normalize_axis(axis, arrays[0].ndim() + 1, "stack"));
    return detail::transform_concat(arrays, [&](const array<T>& a) { return expand_dims(a, ax); }, ax, "stack");
}
template <array_like X>
array<detail::value_t<X>> stack(std::initializer_list<X> arrays, int axis = 0) {
    return stack(detail::list_span<X>(detail::array_list(arrays)), axis);
}
template <array_like X>
array<detail::value_t<X>> stack(const std::vector<X>& arrays, int axis = 0) {
    return stack(detail::list_span<X>(detail::array_list(arrays)), axis);
}

/// np.vstack: rows; 1-d inputs become rows (atleast_2d), joined along axis 0. FLOPs: 0.
template <class T>
array<T> vstack(std::span<const array<T>> arrays) {
    return detail::transform_concat(arrays, [](const array<T>& a) { return atleast_2d(a); }, 0, "vstack");
}
/// np.hstack: columns; joined along axis 1, or axis 0 for 1-d inputs. FLOPs: 0.
template <class T>
array<T> hstack(std::span<const array<T>> arrays) {
    const int ax = !arrays.empty() && arrays[0].ndim() <= 1 ? 0 : 1;
    return detail::transform_concat(arrays, [](const array<T>& a) { return atleast_1d(a); }, ax, "hstack");
}
/// np.dstack: depth; inputs become 3-d (atleast_3d), joined along axis 2. FLOPs: 0.
template <class T>
array<T> dstack(std::span<const array<T>> arrays) {
    return detail::transform_concat(arrays, [](const array<T>& a) { return atleast_3d(a); }, 2, "dstack");
}
/// np.column_stack: 1-d inputs become columns, 2-d ones are kept; joined along axis 1. FLOPs: 0.
template <class T>
array<T> column_stack(std::span<const array<T>> arrays) {
    return detail::transform_concat(
        arrays,
        [](const array<T>& a) { return a.ndim() < 2 ? detail::with_shape(a, shape_t{a.size(), 1}) : a; }, 1,
        "column_stack");
}
/// np.row_stack (an alias of vstack). FLOPs: 0.
template <class T>
array<T> row_stack(std::span<const array<T>> arrays) { return vstack(arrays); }

// The braced-list and vector forms, of arrays or of views.
#define ME_FREE_LIST_OVERLOADS(name)                                                                           \
    template <array_like X>                                                                                    \
    array<detail::value_t<X>> name(std::initializer_list<X> arrays) {                                          \
        return name(detail::list_span<X>(detail::array_list(arrays)));                                         \
    }                                                                                                          \
    template <array_like X>                                                                                    \
    array<detail::value_t<X>> name(const std::vector<X>& arrays) {                                             \
        return name(detail::list_span<X>(detail::array_list(arrays)));                                         \
    }
ME_FREE_LIST_OVERLOADS(vstack)
ME_FREE_LIST_OVERLOADS(hstack)
ME_FREE_LIST_OVERLOADS(dstack)
ME_FREE_LIST_OVERLOADS(column_stack)
ME_FREE_LIST_OVERLOADS(row_stack)
#undef ME_FREE_LIST_OVERLOADS

namespace detail {
template <class T>
array<T> block_flat(std::span<const array<T>> arrays) {
    std::size_t nd = 1;
    for (const auto& a : arrays) nd = std::max(nd, a.ndim());
    return transform_concat(
        arrays, [&](const array<T>& a) { return with_shape(a, [&] {
            shape_t s(nd - a.ndim(), 1);
            for (auto d : a.shape()) s.push_back(d);
            return s; }()); }, -1, "block");
}
/// `rows`: a range of braced lists or vectors of arrays or views of type X.
template <class X, class Rows>
array<value_t<X>> block_rows(const Rows& rows) {
    using T = value_t<X>;
    std::size_t nd = 2;
    for (const auto& r : rows)
        for (const auto& a : r) nd = std::max(nd, a.ndim());
    std::vector<array<T>> joined;
    for (const auto& r : rows) {
        std::vector<array<T>> padded;
        for (const auto& a : r) {
            shape_t s(nd - a.ndim(), 1);
            for (auto d : a.shape()) s.push_back(d);
            padded.push_back(with_shape(contiguous(a), s));
        }
        joined.push_back(concatenate(std::span<const array<T>>(padded), -1));
    }
    return concatenate(std::span<const array<T>>(joined), -2);
}
}  // namespace detail

/// np.block for a flat list (of arrays or of views): joined along their last axis (at
/// least 1-d). FLOPs: 0.
template <array_like X>
array<detail::value_t<X>> block(const std::vector<X>& arrays) {
    return detail::block_flat(detail::list_span<X>(detail::array_list(arrays)));
}
template <array_like X>
array<detail::value_t<X>> block(std::initializer_list<X> arrays) {
    return detail::block_flat(detail::list_span<X>(detail::array_list(arrays)));
}
/// np.block for a nested list: each row joined along the last axis, then the rows along
/// the second-to-last axis (inputs are at least 2-d). FLOPs: 0.
template <array_like X>
array<detail::value_t<X>> block(const std::vector<std::vector<X>>& rows) { return detail::block_rows<X>(rows); }
template <array_like X>
array<detail::value_t<X>> block(std::initializer_list<std::initializer_list<X>> rows) { return detail::block_rows<X>(rows); }

/// np.append: `values` joined to the end of `arr` along `axis`; with no axis both are
/// flattened first. FLOPs: 0.
template <array_like A, array_like B = array<detail::value_t<A>>, class T = detail::value_t<A>>
    requires std::same_as<detail::value_t<B>, T>
array<T> append(const A& arr_in, const B& values_in, std::optional<int> axis = std::nullopt) {
    const auto& arr = detail::contiguous(arr_in);
    const auto& values = detail::contiguous(values_in);
    if (!axis) return concatenate({ravel(arr), ravel(values)}, 0);
    return concatenate({arr, values}, axis);
}

namespace detail {
/// Row-major index of slab j along `axis` for a signed NumPy index, or IndexError.
inline std::size_t checked_index(std::ptrdiff_t i, std::size_t n, std::string_view op, std::size_t axis) {
    const auto m = static_cast<std::ptrdiff_t>(n);
    if (i < -m || i >= m)
        throw IndexError(fmt::format("{}: index {} is out of bounds for axis {} with size {}", op, i, axis, n));
    return static_cast<std::size_t>(i < 0 ? i + m : i);
}
}  // namespace detail

/// np.delete (spelled `delete_`: `delete` is a C++ keyword): `arr` without the slabs
/// `indices` along `axis` (flattened when no axis). Negative indices count from the end;
/// out-of-range ones raise IndexError. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> delete_(const A& arr_in, const std::vector<std::ptrdiff_t>& indices, std::optional<int> axis = std::nullopt) {
    const auto& arr = detail::contiguous(arr_in);
    if (!axis) return delete_(ravel(arr), indices, 0);
    const auto ax = detail::normalize_axis(*axis, arr.ndim(), "delete");
    const std::size_t n = arr.shape(static_cast<int>(ax));
    std::vector<bool> drop(n, false);
    for (auto i : indices) drop[detail::checked_index(i, n, "delete", ax)] = true;
    std::vector<std::size_t> keep;
    for (std::size_t j = 0; j < n; ++j)
        if (!drop[j]) keep.push_back(j);
    detail::drop_symmetry(arr, "delete");
    return detail::gather_axis(arr, ax, keep);
}
template <array_like A, class T = detail::value_t<A>>
array<T> delete_(const A& arr, std::ptrdiff_t index, std::optional<int> axis = std::nullopt) {
    return delete_(arr, std::vector<std::ptrdiff_t>{index}, axis);
}

namespace detail {
/// np.insert's core: `values` (already shaped like `arr` with `positions.size()` slabs
/// along `axis`) interleaved into `arr`, new slab k going before old slab positions[k].
template <class T>
array<T> interleave(const array<T>& arr, std::size_t axis, std::vector<std::size_t> positions, const array<T>& values) {
    const std::size_t n = arr.shape(static_cast<int>(axis)), m = positions.size();
    std::vector<std::size_t> order = iota(m);
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return positions[x] < positions[y]; });
    // Output slab of the k-th new value (in sorted order) is its position plus k.
    std::vector<std::ptrdiff_t> source(n + m, -1);  // >= 0: old slab; < 0: new slab -1-k
    for (std::size_t r = 0; r < m; ++r) source[positions[order[r]] + r] = -1 - static_cast<std::ptrdiff_t>(order[r]);
    std::size_t old = 0;
    std::vector<bool> is_new(n + m, false);
    for (std::size_t r = 0; r < m; ++r) is_new[positions[order[r]] + r] = true;
    for (std::size_t j = 0; j < n + m; ++j)
        if (!is_new[j]) source[j] = static_cast<std::ptrdiff_t>(old++);
    shape_t shape = arr.shape();
    shape[axis] = n + m;
    auto out = array<T>::uninitialized(shape);
    const auto l = layout_around(shape, axis);
    for (std::size_t o = 0; o < l.outer; ++o)
        for (std::size_t j = 0; j < n + m; ++j) {
            const T* src = source[j] >= 0 ? arr.data() + (o * n + static_cast<std::size_t>(source[j])) * l.inner
                                          : values.data() + (o * m + static_cast<std::size_t>(-1 - source[j])) * l.inner;
            std::copy_n(src, l.inner, out.data() + (o * (n + m) + j) * l.inner);
        }
    return out;
}
}  // namespace detail

namespace detail {
/// np.insert accepts positions in [-n, n] (n: before the end).
inline std::size_t insert_position(std::ptrdiff_t i, std::size_t n, std::size_t axis) {
    const auto m = static_cast<std::ptrdiff_t>(n);
    if (i < -m || i > m) throw IndexError(fmt::format("insert: index {} is out of bounds for axis {} with size {}", i, axis, n));
    return static_cast<std::size_t>(i < 0 ? i + m : i);
}
}  // namespace detail

/// np.insert with a list of indices: values[k] goes before index indices[k] along `axis`
/// (flattened when no axis); `values` broadcasts to the shape of the inserted block.
/// Indices may be negative and at most the axis length; others raise IndexError. FLOPs: 0.
template <array_like A, array_like B = array<detail::value_t<A>>, class T = detail::value_t<A>>
    requires std::same_as<detail::value_t<B>, T>
array<T> insert(const A& arr_in, const std::vector<std::ptrdiff_t>& indices, const B& values_in,
                std::optional<int> axis = std::nullopt) {
    const auto& arr = detail::contiguous(arr_in);
    const auto& values = detail::contiguous(values_in);
    if (!axis) return insert(ravel(arr), indices, values, 0);
    const auto ax = detail::normalize_axis(*axis, arr.ndim(), "insert");
    const std::size_t n = arr.shape(static_cast<int>(ax));
    std::vector<std::size_t> pos;
    for (auto i : indices) pos.push_back(detail::insert_position(i, n, ax));
    shape_t block = arr.shape();
    block[ax] = pos.size();
    detail::drop_symmetry(arr, "insert");
    return detail::interleave(arr, ax, pos, detail::broadcast_array(values, block));
}
/// np.insert with one index: `values` is inserted as one slab (or several, if it has an
/// extra leading axis), moved into place as NumPy does (values' axis 0 becomes `axis`).
/// FLOPs: 0.
template <array_like A, array_like B = array<detail::value_t<A>>, class T = detail::value_t<A>>
    requires std::same_as<detail::value_t<B>, T>
array<T> insert(const A& arr_in, std::ptrdiff_t index, const B& values_in, std::optional<int> axis = std::nullopt) {
    const auto& arr = detail::contiguous(arr_in);
    const auto& values = detail::contiguous(values_in);
    if (!axis) return insert(ravel(arr), index, values, 0);
    const auto ax = detail::normalize_axis(*axis, arr.ndim(), "insert");
    const std::size_t n = arr.shape(static_cast<int>(ax));
    const auto pos = detail::insert_position(index, n, ax);
    // NumPy: values = array(values, ndmin=arr.ndim); values = moveaxis(values, 0, axis).
    shape_t vs(values.ndim() < arr.ndim() ? arr.ndim() - values.ndim() : 0, 1);
    for (auto d : values.shape()) vs.push_back(d);
    const array<T> v = moveaxis(detail::with_shape(values, vs), 0, static_cast<int>(ax));
    const std::size_t m = v.shape(static_cast<int>(ax));
    shape_t block = arr.shape();
    block[ax] = m;
    detail::drop_symmetry(arr, "insert");
    return detail::interleave(arr, ax, std::vector<std::size_t>(m, pos), detail::broadcast_array(v, block));
}

// ---------------------------------------------------------------------------------------
// Splitting

namespace detail {
template <class T>
std::vector<array<T>> split_at(const array<T>& a, std::size_t axis, const std::vector<std::ptrdiff_t>& bounds) {
    drop_symmetry(a, "split");
    const auto n = static_cast<std::ptrdiff_t>(a.shape(static_cast<int>(axis)));
    std::vector<array<T>> out;
    std::ptrdiff_t lo = 0;
    for (std::size_t k = 0; k <= bounds.size(); ++k) {
        // Python slice semantics: negative bounds count from the end, everything clamps.
        auto clamp = [&](std::ptrdiff_t b) { return std::clamp(b < 0 ? b + n : b, std::ptrdiff_t{0}, n); };
        const std::ptrdiff_t hi = k < bounds.size() ? clamp(bounds[k]) : n;
        const std::ptrdiff_t from = clamp(lo);
        std::vector<std::size_t> idx;
        for (std::ptrdiff_t j = from; j < hi; ++j) idx.push_back(static_cast<std::size_t>(j));
        out.push_back(gather_axis(a, axis, idx));
        if (k < bounds.size()) lo = bounds[k];
    }
    return out;
}
template <class T>
std::vector<array<T>> split_sections(const array<T>& a, std::ptrdiff_t sections, int axis, bool equal, std::string_view op) {
    if (a.ndim() == 0) throw ValueError(fmt::format("{}: cannot split a 0-d array", op));
    const auto ax = normalize_axis(axis, a.ndim(), op);
    if (sections <= 0) throw ValueError(fmt::format("{}: number sections must be larger than 0, got {}", op, sections));
    const auto n = static_cast<std::ptrdiff_t>(a.shape(static_cast<int>(ax)));
    if (equal && n % sections != 0)
        throw ValueError(fmt::format("{}: array split does not result in an equal division ({} into {} sections "
                                     "along axis {} of shape {})", op, n, sections, ax, shape_string(a.shape())));
    std::vector<std::ptrdiff_t> bounds;
    const std::ptrdiff_t each = n / sections, extra = n % sections;
    std::ptrdiff_t at = 0;
    for (std::ptrdiff_t k = 0; k + 1 < sections; ++k) bounds.push_back(at += each + (k < extra ? 1 : 0));
    return split_at(a, ax, bounds);
}
}  // namespace detail

/// np.split into `sections` equal parts along `axis`; ValueError if they are not equal.
/// The parts are new arrays (NumPy's are views). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
std::vector<array<T>> split(const A& a, std::ptrdiff_t sections, int axis = 0) {
    return detail::split_sections(detail::contiguous(a), sections, axis, true, "split");
}
/// np.split at the given indices along `axis` (Python slice rules: out-of-range indices
/// clamp and give empty parts). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
std::vector<array<T>> split(const A& a_in, const std::vector<std::ptrdiff_t>& indices, int axis = 0) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() == 0) throw ValueError("split: cannot split a 0-d array");
    return detail::split_at(a, detail::normalize_axis(axis, a.ndim(), "split"), indices);
}
/// np.array_split: like split, but the first (n mod sections) parts get one extra element. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
std::vector<array<T>> array_split(const A& a, std::ptrdiff_t sections, int axis = 0) {
    return detail::split_sections(detail::contiguous(a), sections, axis, false, "array_split");
}
template <array_like A, class T = detail::value_t<A>>
std::vector<array<T>> array_split(const A& a, const std::vector<std::ptrdiff_t>& indices, int axis = 0) {
    return split(a, indices, axis);
}

namespace detail {
template <class T, class S>
std::vector<array<T>> split_min_rank(const array<T>& a, const S& how, std::size_t min_ndim, int axis, std::string_view op) {
    if (a.ndim() < min_ndim)
        throw ValueError(fmt::format("{}: only works on arrays of {} or more dimensions, got shape {}", op, min_ndim,
                                     shape_string(a.shape())));
    if constexpr (std::is_integral_v<S>) return split_sections(a, static_cast<std::ptrdiff_t>(how), axis, true, op);
    else return split_at(a, static_cast<std::size_t>(axis), how);
}
}  // namespace detail

/// np.hsplit: split along axis 1 (axis 0 for 1-d arrays). FLOPs: 0.
template <array_like A, class S, class T = detail::value_t<A>>
std::vector<array<T>> hsplit(const A& a, const S& how) {
    return detail::split_min_rank(detail::contiguous(a), how, 1, a.ndim() > 1 ? 1 : 0, "hsplit");
}
/// np.vsplit: split along axis 0; needs ndim >= 2. FLOPs: 0.
template <array_like A, class S, class T = detail::value_t<A>>
std::vector<array<T>> vsplit(const A& a, const S& how) {
    return detail::split_min_rank(detail::contiguous(a), how, 2, 0, "vsplit");
}
/// np.dsplit: split along axis 2; needs ndim >= 3. FLOPs: 0.
template <array_like A, class S, class T = detail::value_t<A>>
std::vector<array<T>> dsplit(const A& a, const S& how) {
    return detail::split_min_rank(detail::contiguous(a), how, 3, 2, "dsplit");
}

/// np.unstack: the slices along `axis`, each without that axis (new arrays). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
std::vector<array<T>> unstack(const A& a_in, int axis = 0) {
    const auto& a = detail::contiguous(a_in);
    if (a.ndim() == 0) throw ValueError("unstack: input array must be at least 1-d");
    const auto ax = detail::normalize_axis(axis, a.ndim(), "unstack");
    std::vector<array<T>> out;
    shape_t s = a.shape();
    s.erase(s.begin() + static_cast<std::ptrdiff_t>(ax));
    detail::drop_symmetry(a, "unstack");
    for (std::size_t j = 0; j < a.shape(static_cast<int>(ax)); ++j)
        out.push_back(detail::with_shape(detail::gather_axis(a, ax, {j}), s));
    return out;
}

// ---------------------------------------------------------------------------------------
// Repetition and padding

/// np.tile: `a` repeated reps[i] times along axis i (shapes are aligned at the right, as
/// NumPy does). Built from a broadcast: (r0, d0, r1, d1, ...) reshaped to (r0*d0, ...). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> tile(const A& a_in, const std::vector<std::size_t>& reps) {
    const auto& a = detail::contiguous(a_in);
    const std::size_t nd = std::max(a.ndim(), reps.size());
    shape_t dims(nd - a.ndim(), 1), r(nd - reps.size(), 1);
    for (auto d : a.shape()) dims.push_back(d);
    r.insert(r.end(), reps.begin(), reps.end());
    shape_t interleaved, spread, out_shape;
    for (std::size_t i = 0; i < nd; ++i) {
        interleaved.insert(interleaved.end(), {1, dims[i]});
        spread.insert(spread.end(), {r[i], dims[i]});
        std::size_t len = 0;
        if (__builtin_mul_overflow(r[i], dims[i], &len)) detail::too_big("tile", spread);
        out_shape.push_back(len);
    }
    (void)detail::checked_size(spread, sizeof(T), "tile");  // before anything is sized by it
    detail::drop_symmetry(a, "tile");
    return detail::with_shape(detail::broadcast_array(detail::with_shape(a, interleaved), spread), out_shape);
}
template <array_like A, std::integral N, class T = detail::value_t<A>>
array<T> tile(const A& a, N reps) {
    return tile(a, std::vector<std::size_t>{detail::length_of(reps, "tile")});
}

/// np.repeat: each element (or slab along `axis`) repeated; `repeats` is one count or one
/// per element; with no axis the array is flattened first. Negative counts raise
/// ValueError, a count list of the wrong length ShapeError. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> repeat(const A& a_in, const std::vector<std::ptrdiff_t>& repeats, std::optional<int> axis = std::nullopt) {
    const auto& a = detail::contiguous(a_in);
    if (!axis) return repeat(ravel(a), repeats, 0);
    const auto ax = detail::normalize_axis(*axis, a.ndim() == 0 ? 1 : a.ndim(), "repeat");
    const array<T> src = atleast_1d(a);
    const std::size_t n = src.shape(static_cast<int>(ax));
    if (repeats.size() != 1 && repeats.size() != n)
        throw ShapeError(fmt::format("repeat: operands could not be broadcast together with shape ({},) ({},)", n, repeats.size()));
    shape_t out_shape = src.shape();
    std::size_t total = 0;
    bool overflow = false;
    for (std::size_t j = 0; j < n; ++j) {
        const auto r = repeats[repeats.size() == 1 ? 0 : j];
        if (r < 0) throw ValueError(fmt::format("repeat: repeats may not contain negative values, got {}", r));
        overflow = __builtin_add_overflow(total, static_cast<std::size_t>(r), &total) || overflow;
    }
    out_shape[ax] = total;
    if (overflow) detail::too_big("repeat", out_shape);
    // Checked before anything is sized by it; copied slab by slab, never through an index
    // vector as long as the output (which an empty slab would not need).
    auto out = array<T>::uninitialized(out_shape, "repeat");
    detail::drop_symmetry(a, "repeat");
    if (out.size() == 0) return out;
    const auto l = detail::layout_around(src.xt().shape(), ax);
    const T* in = src.data();
    T* dst = out.data();
    for (std::size_t o = 0; o < l.outer; ++o)
        for (std::size_t j = 0; j < n; ++j) {
            const T* slab = in + (o * l.len + j) * l.inner;
            for (auto k = repeats[repeats.size() == 1 ? 0 : j]; k > 0; --k) dst = std::copy_n(slab, l.inner, dst);
        }
    return out;
}
template <array_like A, std::integral N, class T = detail::value_t<A>>
array<T> repeat(const A& a, N repeats, std::optional<int> axis = std::nullopt) {
    if constexpr (std::is_unsigned_v<N>)  // beyond PTRDIFF_MAX: too big, not negative
        if (repeats > static_cast<std::make_unsigned_t<std::ptrdiff_t>>(PTRDIFF_MAX))
            detail::too_big("repeat", std::vector<N>{repeats});
    return repeat(a, std::vector<std::ptrdiff_t>{static_cast<std::ptrdiff_t>(repeats)}, axis);
}

/// np.resize: a new array of `new_shape` filled with the elements of `a` repeated
/// cyclically (zeros if `a` is empty). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> resize(const A& a_in, const shape_t& new_shape) {
    const auto& a = detail::contiguous(a_in);
    detail::drop_symmetry(a, "resize");
    auto out = array<T>::uninitialized(new_shape, "resize");
    for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = a.size() ? a.data()[i % a.size()] : T(0);
    return out;
}

/// np.trim_zeros on a 1-d array: leading ("f"), trailing ("b") or both ("fb") zeros removed.
/// FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> trim_zeros(const A& filt_in, std::string_view trim = "fb") {
    const auto& filt = detail::contiguous(filt_in);
    if (filt.ndim() != 1) throw ValueError(fmt::format("trim_zeros: input must be 1-d, got shape {}", detail::shape_string(filt.shape())));
    auto is_f = [&] { return trim.find_first_of("fF") != std::string_view::npos; };
    auto is_b = [&] { return trim.find_first_of("bB") != std::string_view::npos; };
    std::size_t lo = 0, hi = filt.size();
    if (is_f()) while (lo < hi && filt.data()[lo] == T(0)) ++lo;
    if (is_b()) while (hi > lo && filt.data()[hi - 1] == T(0)) --hi;
    return detail::gather_axis(filt, 0, detail::iota(hi - lo, lo));
}

/// Options of `pad`: NumPy's keyword arguments.
template <class T>
struct pad_options {
    std::string_view mode = "constant";  ///< "constant", "edge", "reflect", "symmetric" or "wrap"
    T constant_values = T(0);            ///< the fill of mode "constant"
};

/// np.pad: `pad_width` holds (before, after) per axis, or one pair for every axis.
/// Modes constant, edge, reflect, symmetric and wrap (reflect/symmetric/wrap repeat
/// periodically when the padding is wider than the axis, as NumPy does). FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> pad(const A& a_in, const std::vector<std::pair<std::size_t, std::size_t>>& pad_width,
             pad_options<detail::value_t<A>> opts = {}) {
    const auto& a = detail::contiguous(a_in);
    const std::string_view mode = opts.mode;
    if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "symmetric" && mode != "wrap")
        throw ValueError(fmt::format("pad: mode '{}' is not supported", mode));
    if (pad_width.size() != 1 && pad_width.size() != a.ndim())
        throw ShapeError(fmt::format("pad: pad_width has {} pairs for an array of shape {}", pad_width.size(),
                                     detail::shape_string(a.shape())));
    // The result's shape, checked before any index is built: widths of 2**32 are too big
    // at once, not after minutes of work.
    shape_t final_shape = a.shape();
    for (std::size_t ax = 0; ax < a.ndim(); ++ax) {
        const auto [before, after] = pad_width[pad_width.size() == 1 ? 0 : ax];
        if (final_shape[ax] == 0 && before + after != 0 && mode != "constant")
            throw ValueError(fmt::format("pad: can't extend empty axis {} using modes other than 'constant'", ax));
        if (__builtin_add_overflow(final_shape[ax], before, &final_shape[ax]) ||
            __builtin_add_overflow(final_shape[ax], after, &final_shape[ax]))
            detail::too_big("pad", final_shape);
    }
    if (detail::checked_size(final_shape, sizeof(T), "pad") == 0) {
        detail::drop_symmetry(a, "pad");
        return array<T>::uninitialized(final_shape, "pad");
    }
    array<T> out = a;
    for (std::size_t ax = 0; ax < a.ndim(); ++ax) {
        const auto [before, after] = pad_width[pad_width.size() == 1 ? 0 : ax];
        const std::size_t n = out.shape(static_cast<int>(ax));
        if (before + after == 0) continue;
        if (n == 0 && mode != "constant")
            throw ValueError(fmt::format("pad: can't extend empty axis {} using modes other than 'constant'", ax));
        const auto period = static_cast<std::ptrdiff_t>(mode == "reflect" ? 2 * (n - 1) : mode == "symmetric" ? 2 * n : n);
        std::vector<std::size_t> idx;
        for (std::size_t j = 0; j < n + before + after; ++j) {
            const auto i = static_cast<std::ptrdiff_t>(j) - static_cast<std::ptrdiff_t>(before);
            const auto last = static_cast<std::ptrdiff_t>(n) - 1;
            if (mode == "constant" || mode == "edge") idx.push_back(static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(i, 0, std::max<std::ptrdiff_t>(last, 0))));
            else if (period == 0) idx.push_back(0);
            else {
                const auto m = static_cast<std::ptrdiff_t>(detail::wrap_index(i, static_cast<std::size_t>(period)));
                if (mode == "wrap") idx.push_back(static_cast<std::size_t>(m));
                else if (mode == "reflect") idx.push_back(static_cast<std::size_t>(m > last ? period - m : m));
                else idx.push_back(static_cast<std::size_t>(m > last ? period - 1 - m : m));
            }
        }
        array<T> next = n == 0 ? detail::filled(shape_t([&] { auto s = out.shape(); s[ax] = idx.size(); return s; }()), opts.constant_values)
                               : detail::gather_axis(out, ax, idx);
        if (mode == "constant" && n > 0) {  // overwrite the pads gathered from the edge with the fill value
            const auto l = detail::layout_around(next.xt().shape(), ax);
            for (std::size_t o = 0; o < l.outer; ++o)
                for (std::size_t j = 0; j < l.len; ++j)
                    if (j < before || j >= before + n)
                        std::fill_n(next.data() + (o * l.len + j) * l.inner, l.inner, opts.constant_values);
        }
        out = std::move(next);
    }
    if (out.symmetric_axes().empty()) detail::drop_symmetry(a, "pad");
    return out;
}
/// np.pad with one width for both sides of every axis. FLOPs: 0.
template <array_like A, class T = detail::value_t<A>>
array<T> pad(const A& a, std::size_t pad_width, pad_options<detail::value_t<A>> opts = {}) {
    return pad(a, {{pad_width, pad_width}}, opts);
}

}  // namespace me

/// @file view.hpp
/// @brief NumPy's indexing: `me::slice`, `me::newaxis`, `me::ellipsis`, and `me::array_view<E>`,
/// a strided view that shares its base's buffer.
///
/// A view is what NumPy's basic indexing returns: no copy, writes go through to the base,
/// and it keeps the base's elements alive (it holds a counted reference to the buffer), so
/// it stays valid after the base is gone. `array_view<const T>` is a read-only view: what a
/// const array, `broadcast_to` and `diagonal` give. Writing through it is a
/// `me::ValueError` ("assignment destination is read-only"), as NumPy's flag.
///
/// A view is a handle, like `std::span`: copying one gives another view of the same
/// elements. Assigning to one (`v = 5.0`, `v = other`) writes its elements, broadcasting
/// as NumPy's `v[...] = other`. Compound assignment (`v += b`) is the counted op
/// (ufuncs.hpp). Everything else in this file is free: it charges nothing and never
/// creates the global default budget.
///
/// Symmetry: a view of a symmetric array keeps what the reference's slicing rule leaves:
/// an integer index removes its axis from its group, an axis whose slice is not the whole
/// axis in order (a changed length, a step, a reversal) leaves its group, a new axis is in
/// none. A write to the buffer through any array or view ends every tag on it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <numbers>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "detail/symmetry_rules.hpp"
#include "detail/symmetry_warnings.hpp"
#include "errors.hpp"
#include "shape.hpp"

namespace me {

// ---------------------------------------------------------------------------------------
// Index arguments and constants

/// `me::none`: an absent slice bound (Python's `None`); as an index, a new axis.
struct none_t {
    struct tag {};
    constexpr explicit none_t(tag) noexcept {}
};
inline constexpr none_t none{none_t::tag{}};

/// `me::newaxis`: inserts an axis of length 1 (NumPy's `np.newaxis`, `None`).
struct newaxis_t {
    struct tag {};
    constexpr explicit newaxis_t(tag) noexcept {}
};
inline constexpr newaxis_t newaxis{newaxis_t::tag{}};

/// `me::ellipsis`: as many whole axes as the other indices leave (Python's `...`).
struct ellipsis_t {
    struct tag {};
    constexpr explicit ellipsis_t(tag) noexcept {}
};
inline constexpr ellipsis_t ellipsis{ellipsis_t::tag{}};

inline constexpr double pi = std::numbers::pi;
inline constexpr double e = std::numbers::e;
inline constexpr double euler_gamma = std::numbers::egamma;
inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// One bound of a slice: an integer or `me::none`.
class slice_bound {
public:
    constexpr slice_bound(none_t) noexcept {}
    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
    constexpr slice_bound(I value) noexcept : value_(clamp(value)) {}

    constexpr const std::optional<std::ptrdiff_t>& value() const noexcept { return value_; }

private:
    // A bound beyond the ptrdiff_t range clips as it would against any axis length.
    template <class I>
    static constexpr std::ptrdiff_t clamp(I v) noexcept {
        if constexpr (std::is_unsigned_v<I>)
            return v > static_cast<std::make_unsigned_t<std::ptrdiff_t>>(PTRDIFF_MAX) ? PTRDIFF_MAX
                                                                                     : static_cast<std::ptrdiff_t>(v);
        else return static_cast<std::ptrdiff_t>(v);
    }
    std::optional<std::ptrdiff_t> value_;
};

/// NumPy's slice `start:stop:step`; any part may be `me::none`. `me::slice()` is `:`,
/// `me::slice(stop)` is `:stop` (as Python's `slice(stop)`), `me::slice(1, me::none, 2)`
/// is `1::2`, `me::slice(me::none, me::none, -1)` is `::-1`. Bounds out of range clip as
/// in NumPy; a step of 0 is a `me::ValueError` when the slice is used. FLOPs: 0.
class slice {
public:
    constexpr slice() noexcept : start_(none), stop_(none), step_(none) {}
    constexpr explicit slice(slice_bound stop) noexcept : start_(none), stop_(stop), step_(none) {}
    constexpr slice(slice_bound start, slice_bound stop, slice_bound step = none) noexcept
        : start_(start), stop_(stop), step_(step) {}

    constexpr const std::optional<std::ptrdiff_t>& start() const noexcept { return start_.value(); }
    constexpr const std::optional<std::ptrdiff_t>& stop() const noexcept { return stop_.value(); }
    constexpr const std::optional<std::ptrdiff_t>& step() const noexcept { return step_.value(); }

    /// The start, step and length this slice selects on an axis of length n (Python's
    /// `slice.indices` and `len(range(...))`). FLOPs: 0.
    struct resolved {
        std::ptrdiff_t start, step;
        std::size_t length;
    };
    constexpr resolved resolve(std::size_t n) const {
        const std::ptrdiff_t step = step_.value().value_or(1);
        if (step == 0) throw ValueError("slice step cannot be zero");
        const auto len = static_cast<std::ptrdiff_t>(n);
        auto adjust = [len, step](std::optional<std::ptrdiff_t> bound, std::ptrdiff_t absent) {
            if (!bound) return absent;
            std::ptrdiff_t b = *bound;
            if (b < 0) {
                b = b < -len ? (step < 0 ? -1 : 0) : b + len;  // -len <= b: no overflow
                return b;
            }
            return b >= len ? (step < 0 ? len - 1 : len) : b;
        };
        const std::ptrdiff_t start = adjust(start_.value(), step < 0 ? len - 1 : 0);
        const std::ptrdiff_t stop = adjust(stop_.value(), step < 0 ? -1 : len);
        std::size_t length = 0;
        if (step > 0 && stop > start)
            length = static_cast<std::size_t>(stop - start - 1) / static_cast<std::size_t>(step) + 1;
        else if (step < 0 && start > stop)  // |step| as unsigned: -PTRDIFF_MIN does not fit
            length = static_cast<std::size_t>(start - stop - 1) / (static_cast<std::size_t>(-(step + 1)) + 1) + 1;
        return {start, step, length};
    }

private:
    slice_bound start_, stop_, step_;
};

/// One index of NumPy's basic indexing, chosen at run time: an integer, a `me::slice`,
/// `me::newaxis` (or `me::none`), or `me::ellipsis`. `a(i, s, ...)` converts its
/// arguments to these; `a.subscript(items)` takes a list of them. FLOPs: 0.
class index_item {
public:
    enum class kind { integer, slice, newaxis, ellipsis };

    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
    constexpr index_item(I i) : kind_(kind::integer), integer_(integer_of(i)) {}
    constexpr index_item(const me::slice& s) noexcept : kind_(kind::slice), slice_(s) {}
    constexpr index_item(newaxis_t) noexcept : kind_(kind::newaxis) {}
    constexpr index_item(none_t) noexcept : kind_(kind::newaxis) {}
    constexpr index_item(ellipsis_t) noexcept : kind_(kind::ellipsis) {}

    constexpr kind which() const noexcept { return kind_; }
    constexpr std::ptrdiff_t integer() const noexcept { return integer_; }
    constexpr const me::slice& as_slice() const noexcept { return slice_; }

private:
    template <class I>
    static constexpr std::ptrdiff_t integer_of(I i) {
        if constexpr (std::is_unsigned_v<I>)
            if (i > static_cast<std::make_unsigned_t<std::ptrdiff_t>>(PTRDIFF_MAX))
                throw IndexError(detail::cat("index ", i, " is out of bounds"));
        return static_cast<std::ptrdiff_t>(i);
    }
    kind kind_;
    std::ptrdiff_t integer_ = 0;
    me::slice slice_{};
};

namespace detail {

using view_shape = typename xt::xarray<double>::shape_type;
using view_strides = xt::svector<std::ptrdiff_t, 4>;

/// Where a view's elements are: an offset from a base pointer, a shape, and strides in
/// elements (negative for reversed axes, 0 for broadcast ones).
struct geometry {
    std::ptrdiff_t offset = 0;
    view_shape shape;
    view_strides strides;
};

/// Row-major strides of a contiguous shape, in elements.
template <class Shape>
view_strides contiguous_strides(const Shape& shape) {
    view_strides s(shape.size());
    std::ptrdiff_t stride = 1;
    for (std::size_t k = shape.size(); k-- > 0;) {
        s[k] = stride;
        stride *= static_cast<std::ptrdiff_t>(std::max<std::size_t>(shape[k], 1));
    }
    return s;
}

/// Whether a geometry walks its elements in row-major order without gaps.
inline bool is_c_contiguous(const view_shape& shape, const view_strides& strides) {
    std::ptrdiff_t expected = 1;
    for (std::size_t k = shape.size(); k-- > 0;) {
        if (shape[k] == 0) return true;
        if (shape[k] != 1 && strides[k] != expected) return false;
        expected *= static_cast<std::ptrdiff_t>(shape[k]);
    }
    return true;
}

/// Applies NumPy's basic indexing to a geometry, and maps the symmetry groups by the
/// slicing rule. Every index is checked before anything is built. FLOPs: 0.
struct indexed {
    geometry where;
    symmetry_groups groups;
};
inline indexed apply_index(const geometry& in, std::span<const index_item> items, const symmetry_groups& groups) {
    using kind = index_item::kind;
    const std::size_t ndim = in.shape.size();
    std::size_t consumed = 0, ellipses = 0, added = 0;
    for (const auto& item : items) {
        if (item.which() == kind::integer || item.which() == kind::slice) ++consumed;
        else if (item.which() == kind::ellipsis) ++ellipses;
        else ++added;
    }
    if (ellipses > 1) throw IndexError("an index can only have a single ellipsis ('...')");
    if (consumed > ndim) too_many_indices(ndim, consumed);
    if (ndim - consumed + added > max_ndim)
        throw IndexError(cat("number of dimensions must be within [0, ", max_ndim, "], got ", ndim - consumed + added));

    indexed r;
    r.where.offset = in.offset;
    // Inline storage: making a view allocates nothing for its bookkeeping.
    xt::svector<std::size_t, 8> to(ndim, sym::removed);
    xt::svector<char, 8> pulled(ndim, 0);
    std::size_t axis = 0;
    auto keep_whole = [&](std::size_t count) {
        for (std::size_t k = 0; k < count; ++k, ++axis) {
            to[axis] = r.where.shape.size();
            r.where.shape.push_back(in.shape[axis]);
            r.where.strides.push_back(in.strides[axis]);
        }
    };
    for (const auto& item : items) {
        switch (item.which()) {
        case kind::integer:
            r.where.offset += static_cast<std::ptrdiff_t>(checked_index(item.integer(), in.shape[axis], axis)) * in.strides[axis];
            ++axis;
            break;
        case kind::slice: {
            const auto s = item.as_slice().resolve(in.shape[axis]);
            if (s.length > 0) r.where.offset += s.start * in.strides[axis];
            // A length of 0 or 1 never steps, and |step| < length otherwise: no overflow.
            const std::ptrdiff_t stride = s.length > 1 ? in.strides[axis] * s.step : in.strides[axis];
            pulled[axis] = !(s.start == 0 && s.step == 1 && s.length == in.shape[axis]);
            to[axis] = r.where.shape.size();
            r.where.shape.push_back(s.length);
            r.where.strides.push_back(stride);
            ++axis;
            break;
        }
        case kind::newaxis:
            r.where.shape.push_back(1);
            r.where.strides.push_back(0);
            break;
        case kind::ellipsis: keep_whole(ndim - consumed); break;
        }
    }
    keep_whole(ndim - axis);
    if (!groups.empty()) {
        auto p = sym::map_axes(groups, std::span<const std::size_t>(to.data(), to.size()),
                               std::span<const char>(pulled.data(), pulled.size()));
        warn_symmetry_loss(p.lost, "a slice that is not the whole axis in order takes its axis out of its group");
        r.groups = std::move(p.groups);
    }
    return r;
}

template <class T> struct is_view : std::false_type {};
template <class E> struct is_view<array_view<E>> : std::true_type {};

/// Calls f(offset) for every element of a strided geometry, in row-major order: an
/// odometer over the outer axes around a plain loop over the last one.
template <class F>
void for_each_offset(const view_shape& shape, const view_strides& strides, F&& f) {
    const std::size_t nd = shape.size();
    if (nd == 0) {
        f(std::ptrdiff_t{0});
        return;
    }
    for (auto n : shape)
        if (n == 0) return;
    const std::size_t inner = shape[nd - 1];
    const std::ptrdiff_t step = strides[nd - 1];
    view_shape index(nd, 0);
    std::ptrdiff_t base = 0;
    for (;;) {
        if (step == 1) {
            for (std::size_t j = 0; j < inner; ++j) f(base + static_cast<std::ptrdiff_t>(j));
        } else {
            std::ptrdiff_t off = base;
            for (std::size_t j = 0; j < inner; ++j, off += step) f(off);
        }
        std::size_t k = nd - 1;
        for (;;) {
            if (k-- == 0) return;
            base += strides[k];
            if (++index[k] < shape[k]) break;
            base -= strides[k] * static_cast<std::ptrdiff_t>(shape[k]);
            index[k] = 0;
        }
    }
}

/// The same over two geometries of one shape: f(offset in the first, offset in the second).
template <class F>
void for_each_offset2(const view_shape& shape, const view_strides& s1, const view_strides& s2, F&& f) {
    const std::size_t nd = shape.size();
    if (nd == 0) {
        f(std::ptrdiff_t{0}, std::ptrdiff_t{0});
        return;
    }
    for (auto n : shape)
        if (n == 0) return;
    const std::size_t inner = shape[nd - 1];
    const std::ptrdiff_t step1 = s1[nd - 1], step2 = s2[nd - 1];
    view_shape index(nd, 0);
    std::ptrdiff_t base1 = 0, base2 = 0;
    for (;;) {
        if (step1 == 1 && step2 == 1) {  // unit strides as constants: the loop vectorises
            for (std::size_t j = 0; j < inner; ++j)
                f(base1 + static_cast<std::ptrdiff_t>(j), base2 + static_cast<std::ptrdiff_t>(j));
        } else {
            std::ptrdiff_t o1 = base1, o2 = base2;
            for (std::size_t j = 0; j < inner; ++j, o1 += step1, o2 += step2) f(o1, o2);
        }
        std::size_t k = nd - 1;
        for (;;) {
            if (k-- == 0) return;
            base1 += s1[k];
            base2 += s2[k];
            if (++index[k] < shape[k]) break;
            base1 -= s1[k] * static_cast<std::ptrdiff_t>(shape[k]);
            base2 -= s2[k] * static_cast<std::ptrdiff_t>(shape[k]);
            index[k] = 0;
        }
    }
}

/// Strides that read `shape`/`strides` broadcast to `to` (0 along stretched axes), or
/// NumPy's "could not broadcast input array from shape (3,) into shape (2,2)".
inline view_strides broadcast_strides(const view_shape& shape, const view_strides& strides, const view_shape& to,
                                      std::string_view what) {
    if (shape.size() > to.size()) goto fail;
    {
        view_strides out(to.size(), 0);
        const std::size_t lead = to.size() - shape.size();
        for (std::size_t k = 0; k < shape.size(); ++k) {
            if (shape[k] == to[lead + k]) out[lead + k] = strides[k];
            else if (shape[k] != 1) goto fail;
        }
        return out;
    }
fail:
    throw ValueError(cat(what, ": could not broadcast input array from shape ", shape_string(shape), " into shape ",
                         shape_string(to)));
}

/// An operand read through strides: what assignment and the strided kernels take.
template <class T>
struct strided_source {
    const T* origin;
    view_shape shape;
    view_strides strides;
};

/// The same elements walked in memory order, for ops whose result does not depend on the
/// order (full reductions): length-1 axes dropped, reversed axes turned forward, axes by
/// decreasing stride, and axes that chain merged. A transposed or reversed view then reads
/// its buffer as a contiguous array would.
template <class T>
strided_source<T> memory_order(strided_source<T> s) {
    strided_source<T> out{s.origin, {}, {}};
    std::vector<std::pair<std::ptrdiff_t, std::size_t>> axes;  // (stride, length)
    for (std::size_t k = 0; k < s.shape.size(); ++k) {
        if (s.shape[k] == 0) return {s.origin, {0}, {1}};
        if (s.shape[k] == 1) continue;
        std::ptrdiff_t stride = s.strides[k];
        if (stride < 0) {
            out.origin += stride * static_cast<std::ptrdiff_t>(s.shape[k] - 1);
            stride = -stride;
        }
        axes.emplace_back(stride, s.shape[k]);
    }
    std::stable_sort(axes.begin(), axes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [stride, length] : axes) {
        if (!out.shape.empty() && out.strides.back() == stride * static_cast<std::ptrdiff_t>(length)) {
            out.shape.back() *= length;
            out.strides.back() = stride;
        } else {
            out.shape.push_back(length);
            out.strides.push_back(stride);
        }
    }
    return out;
}

/// The friend through which views are made from arrays, and arrays from views.
struct view_access {
    template <class T>
    static strided_source<T> strided(const array<T>& a) {
        const auto& shape = a.data_.shape();
        return {a.data_.data(), view_shape(shape.begin(), shape.end()), contiguous_strides(shape)};
    }
    template <class E>
    static strided_source<std::remove_const_t<E>> strided(const array_view<E>& v) {
        return {v.origin_, v.shape_, v.strides_};
    }
    template <class S>
        requires is_scalar_v<S>
    static strided_source<S> strided(const S& s) {
        return {&s, {}, {}};
    }

    template <class T>
    static block_header* block(const array<T>& a) noexcept { return a.data_.storage().block(); }
    template <class E>
    static block_header* block(const array_view<E>& v) noexcept { return v.owner_.get(); }

    /// A view of array `a` (E is T or const T) through `items`.
    template <class E, class A>
        requires is_array<std::remove_const_t<A>>::value
    static array_view<E> index(A& a, std::span<const index_item> items) {
        const auto& shape = a.data_.shape();
        geometry whole{0, view_shape(shape.begin(), shape.end()), contiguous_strides(shape)};
        auto r = apply_index(whole, items, a.symmetric_axes());
        return make<E>(a, std::move(r));
    }
    /// A view of array `a` with the given geometry (shape ops: transpose, reshape ...).
    template <class E, class A>
        requires is_array<std::remove_const_t<A>>::value
    static array_view<E> make(A& a, indexed where) {
        auto* block = a.data_.storage().block();
        E* base = const_cast<E*>(a.data_.data());
        return array_view<E>(block_ref(block), base, std::move(where));
    }
    template <class E>
    static array_view<E> make(const array_view<E>& v, indexed where) {
        return array_view<E>(v.owner_, v.origin_, std::move(where));
    }
    template <class E>
    static geometry geometry_of(const array_view<E>& v) { return {0, v.shape_, v.strides_}; }
    template <class T>
    static geometry geometry_of(const array<T>& a) {
        const auto& shape = a.data_.shape();
        return {0, view_shape(shape.begin(), shape.end()), contiguous_strides(shape)};
    }

    /// An array over a contiguous view's elements without copying them: for reading only,
    /// inside ops (see `contiguous`).
    template <class E>
    static array<std::remove_const_t<E>> alias(const array_view<E>& v) {
        using T = std::remove_const_t<E>;
        using container = typename array<T>::container_type;
        typename container::shape_type shape(v.shape_.begin(), v.shape_.end());
        typename container::strides_type strides(shape.size());
        xt::compute_strides(shape, xt::layout_type::row_major, strides);
        container c(shared_buffer<T>::alias(v.owner_.get(), const_cast<T*>(v.origin_), v.size()), std::move(shape),
                    std::move(strides));
        array<T> out(std::move(c));
        const auto& groups = v.symmetric_axes();
        if (!groups.empty()) out.symmetry_ = std::make_shared<const symmetry_groups>(groups);
        return out;
    }
};

/// An op's input as a contiguous array: an array as it is, a contiguous view as an alias
/// of its elements (no copy), any other view as a copy. Bind the result to `const auto&`.
/// FLOPs: 0.
template <class T>
const array<T>& contiguous(const array<T>& a) noexcept {
    return a;
}
template <class E>
array<std::remove_const_t<E>> contiguous(const array_view<E>& v) {
    return v.is_contiguous() ? view_access::alias(v) : v.copy();
}
template <class S>
    requires is_scalar_v<S>
S contiguous(S s) noexcept {
    return s;
}

}  // namespace detail

/// True for `me::array_view<E>`. FLOPs: 0.
template <class T>
inline constexpr bool is_view_v = detail::is_view<std::remove_cvref_t<T>>::value;

/// What every op that takes an array accepts: `me::array<T>` or `me::array_view<E>`. FLOPs: 0.
template <class A>
concept array_like = is_array_v<A> || is_view_v<A>;

namespace detail {
template <class A> struct element_of { using type = typename std::remove_cvref_t<A>::value_type; };
/// The element type of an array, a view, or a scalar (itself).
template <class A> using value_t = typename std::conditional_t<array_like<A>, element_of<A>, std::type_identity<std::remove_cvref_t<A>>>::type;
}  // namespace detail

/// A strided view of another array's elements (NumPy's view). `E` is `T` for a writeable
/// view and `const T` for a read-only one. See the file comment.
template <class E>
class array_view {
public:
    using value_type = std::remove_const_t<E>;
    using element_type = E;
    using size_type = std::size_t;

    /// A view of the same elements (views are handles). FLOPs: 0.
    array_view(const array_view&) noexcept = default;
    array_view(array_view&&) noexcept = default;
    /// A writeable view as a read-only one. FLOPs: 0.
    template <class U>
        requires(std::is_const_v<E> && std::is_same_v<U, value_type>)
    array_view(const array_view<U>& other) noexcept
        : owner_(other.owner_), origin_(other.origin_), shape_(other.shape_), strides_(other.strides_),
          symmetry_(other.symmetry_) {}
    ~array_view() = default;

    /// Writes `other`'s elements into this view's, broadcasting it to this view's shape (NumPy's
    /// `v[...] = other`), as do the overloads below. FLOPs: 0.
    array_view& operator=(const array_view& other) {
        assign(other);
        return *this;
    }
    template <array_like A>
    array_view& operator=(const A& other) {
        assign(other);
        return *this;
    }
    /// Fills the view with `value`. FLOPs: 0.
    template <class S>
        requires detail::is_scalar_v<S>
    array_view& operator=(S value) {
        if constexpr (std::is_const_v<E>) {
            read_only();
        } else {
            const auto v = detail::element_cast<value_type>(value);
            detail::mark_written(owner_.get());
            for_each_element([&](value_type& x) { x = v; });
        }
        return *this;
    }

    shape_t shape() const { return shape_t(shape_.begin(), shape_.end()); }
    size_type shape(int axis) const { return shape_[detail::normalize_axis(axis, ndim(), "shape")]; }
    size_type size() const noexcept { return detail::numel(shape_); }
    size_type ndim() const noexcept { return shape_.size(); }
    /// Strides in elements (NumPy's strides divided by the item size). FLOPs: 0.
    const detail::view_strides& strides() const noexcept { return strides_; }
    /// Whether the elements lie in row-major order without gaps. FLOPs: 0.
    bool is_contiguous() const noexcept { return detail::is_c_contiguous(shape_, strides_); }
    /// Whether writes are allowed (NumPy's `flags.writeable`). FLOPs: 0.
    static constexpr bool writeable() noexcept { return !std::is_const_v<E>; }
    static constexpr std::string_view dtype() { return detail::dtype_name<value_type>(); }
    /// The groups the slicing rule left (see the file comment); empty once the buffer was
    /// written. FLOPs: 0.
    const symmetry_groups& symmetric_axes() const noexcept {
        return symmetry_ && !written() ? *symmetry_ : detail::no_symmetry_groups;
    }
    /// The first element (index 0 along every axis). FLOPs: 0.
    E* data() const noexcept {
        if constexpr (!std::is_const_v<E>) detail::mark_written(owner_.get());
        return origin_;
    }
    const detail::view_shape& xt_shape() const noexcept { return shape_; }

    /// The element at `indices`, one per dimension, negatives from the end; out of range
    /// is a `me::IndexError`. FLOPs: 0.
    template <detail::element_index... I>
    E& operator()(I... indices) const {
        if (sizeof...(I) != ndim()) detail::wrong_index_count(ndim(), sizeof...(I), "v");
        std::ptrdiff_t offset = 0;
        std::size_t axis = 0;
        ((offset += static_cast<std::ptrdiff_t>(detail::checked_index(static_cast<std::ptrdiff_t>(indices), shape_[axis], axis)) *
                    strides_[axis],
          ++axis),
         ...);
        if constexpr (!std::is_const_v<E>) detail::mark_written(owner_.get());
        return origin_[offset];
    }
    /// The element at flat (row-major) index `i`, bounds-checked (NumPy's `v.flat[i]`). FLOPs: 0.
    E& flat(std::size_t i) const {
        if (i >= size()) throw IndexError(fmt::format("index {} is out of bounds for size {}", i, size()));
        std::ptrdiff_t offset = 0;
        for (std::size_t k = ndim(); k-- > 0;) {
            offset += static_cast<std::ptrdiff_t>(i % shape_[k]) * strides_[k];
            i /= shape_[k];
        }
        if constexpr (!std::is_const_v<E>) detail::mark_written(owner_.get());
        return origin_[offset];
    }

    /// The element at `indices` without checks (for hot loops). FLOPs: 0.
    template <class... I>
    E& unchecked(I... indices) const noexcept {
        std::ptrdiff_t offset = 0;
        std::size_t axis = 0;
        ((offset += static_cast<std::ptrdiff_t>(indices) * strides_[axis], ++axis), ...);
        if constexpr (!std::is_const_v<E>) detail::mark_written(owner_.get());
        return origin_[offset];
    }

    /// Basic indexing of the view: a view of a view. FLOPs: 0.
    template <class... I>
        requires(sizeof...(I) > 0 && (detail::view_index<I> || ...) && ((detail::view_index<I> || detail::element_index<I>) && ...))
    array_view operator()(const I&... indices) const {
        const index_item items[] = {index_item(indices)...};
        return subscript(items);
    }
    array_view subscript(std::span<const index_item> items) const {
        auto r = detail::apply_index(geometry(), items, symmetric_axes());
        return array_view(owner_, base_pointer(), std::move(r));
    }
    /// NumPy's `v[i]`. FLOPs: 0.
    array_view operator[](std::ptrdiff_t i) const {
        if (ndim() == 0) detail::too_many_indices(0, 1);
        const index_item items[] = {index_item(i)};
        return subscript(items);
    }
    /// NumPy's `v[mask]` and `v[indices]`: copies, as for arrays. FLOPs: 0.
    array<value_type> operator[](const array<bool>& mask) const { return copy()[mask]; }
    template <class I>
        requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
    array<value_type> operator[](const array<I>& indices) const {
        return copy()[indices];
    }

    /// NumPy's `v.T`: the axes reversed. FLOPs: 0.
    array_view T() const {
        detail::geometry g{offset_zero(), detail::view_shape(shape_.rbegin(), shape_.rend()),
                           detail::view_strides(strides_.rbegin(), strides_.rend())};
        std::vector<std::size_t> perm(ndim());
        for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = ndim() - 1 - i;
        return array_view(owner_, origin_, {std::move(g), detail::sym::permute(symmetric_axes(), perm).groups});
    }

    /// An owning, contiguous copy (NumPy's `v.copy()`), with the view's symmetry. FLOPs: 0.
    array<value_type> copy() const {
        auto out = array<value_type>::uninitialized_like(shape_);
        value_type* p = out.data();
        std::size_t i = 0;
        for_each_element([&](const value_type& x) { p[i++] = x; });
        if (!symmetric_axes().empty()) detail::symmetry_access::set(out, symmetric_axes());
        return out;
    }
    /// Views convert to arrays by copying, so a view can go wherever an array value is
    /// wanted (`me::array<double> a = v;`). FLOPs: 0.
    operator array<value_type>() const { return copy(); }

    /// The single element of a size-1 view. FLOPs: 0.
    value_type item() const {
        if (size() != 1)
            throw ValueError(fmt::format("item: can only convert an array of size 1 to a scalar, got size {}", size()));
        return *origin_;
    }
    /// NumPy's `float(v)`: the element of a size-1 view; any other size is a `me::ValueError`. FLOPs: 0.
    template <class U>
        requires(std::is_arithmetic_v<U> && !detail::is_complex_v<value_type>)
    explicit operator U() const {
        if (size() != 1)
            throw ValueError(fmt::format("only size-1 arrays can be converted to scalars, got size {}", size()));
        return static_cast<U>(*origin_);
    }

    /// Calls f(element) in row-major order of the view. FLOPs: 0.
    template <class F>
    void for_each_element(F&& f) const {
        detail::for_each_offset(shape_, strides_, [&](std::ptrdiff_t off) { f(origin_[off]); });
    }

    /// Row-major iteration over the elements (read-only). FLOPs: 0.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = array_view::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = const value_type*;
        using reference = const value_type&;
        const_iterator() = default;
        reference operator*() const { return view_->origin_[offset_]; }
        const_iterator& operator++() {
            ++count_;
            for (std::size_t k = index_.size(); k-- > 0;) {
                offset_ += view_->strides_[k];
                if (++index_[k] < view_->shape_[k]) return *this;
                offset_ -= view_->strides_[k] * static_cast<std::ptrdiff_t>(view_->shape_[k]);
                index_[k] = 0;
            }
            return *this;
        }
        const_iterator operator++(int) {
            auto old = *this;
            ++*this;
            return old;
        }
        bool operator==(const const_iterator& o) const noexcept { return count_ == o.count_; }

    private:
        friend class array_view;
        const_iterator(const array_view* v, std::size_t count) : view_(v), index_(v->ndim(), 0), count_(count) {}
        const array_view* view_ = nullptr;
        detail::view_shape index_;
        std::ptrdiff_t offset_ = 0;
        std::size_t count_ = 0;
    };
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, size()); }

private:
    template <class U> friend class array_view;
    friend struct detail::view_access;

    array_view(detail::block_ref owner, E* base, detail::indexed where)
        : owner_(std::move(owner)), origin_(base == nullptr ? base : base + where.where.offset),  // empty: no buffer
          shape_(std::move(where.where.shape)),
          strides_(std::move(where.where.strides)),
          symmetry_(where.groups.empty() ? nullptr : std::make_shared<const symmetry_groups>(std::move(where.groups))) {}

    detail::geometry geometry() const { return {0, shape_, strides_}; }
    E* base_pointer() const noexcept { return origin_; }
    static constexpr std::ptrdiff_t offset_zero() noexcept { return 0; }

    bool written() const noexcept {
        const auto* block = owner_.get();
        return block != nullptr && block->written.load(std::memory_order_relaxed);
    }
    [[noreturn]] static void read_only() { throw ValueError("assignment destination is read-only"); }
    // NumPy's `v[...] = other`: other broadcast to this view's shape; a source that shares
    // the buffer is copied first, so overlapping ranges (`a[1:] = a[:-1]`) read the old values.
    template <class A>
    void assign(const A& other) {
        if constexpr (std::is_const_v<E>) read_only();
        else assign_elements(other);
    }
    template <class A>
    void assign_elements(const A& other) {
        if constexpr (is_view_v<A>) {
            if (other.owner_.get() == owner_.get() && owner_.get() != nullptr) {
                assign(other.copy());
                return;
            }
        } else {
            if (other.xt().storage().block() == owner_.get() && owner_.get() != nullptr) {
                assign(array<typename A::value_type>(other));
                return;
            }
        }
        auto source = detail::view_access::strided(other);
        // NumPy's setitem drops the source's leading length-1 axes first: (1, 5) goes into (5,).
        while (source.shape.size() > shape_.size() && source.shape.front() == 1) {
            source.shape.erase(source.shape.begin());
            source.strides.erase(source.strides.begin());
        }
        const auto strides = detail::broadcast_strides(source.shape, source.strides, shape_, "assignment");
        detail::mark_written(owner_.get());
        const auto* from = source.origin;
        detail::for_each_offset2(shape_, strides_, strides, [&](std::ptrdiff_t to, std::ptrdiff_t at) {
            origin_[to] = detail::element_cast<value_type>(from[at]);
        });
    }

    detail::block_ref owner_;
    E* origin_ = nullptr;
    detail::view_shape shape_;
    detail::view_strides strides_;
    std::shared_ptr<const symmetry_groups> symmetry_;
};

namespace detail {

template <class E, class A, class... I>
array_view<E> index_view(A& a, const I&... indices) {
    const index_item items[] = {index_item(indices)...};
    return view_access::index<E>(a, items);
}
template <class E, class A>
array_view<E> subscript_view(A& a, std::span<const index_item> items) {
    return view_access::index<E>(a, items);
}
template <class E, class A>
array_view<E> transposed_view(A& a) {
    auto g = view_access::geometry_of(a);
    std::reverse(g.shape.begin(), g.shape.end());
    std::reverse(g.strides.begin(), g.strides.end());
    std::vector<std::size_t> perm(g.shape.size());
    for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = perm.size() - 1 - i;
    return view_access::make<E>(a, indexed{std::move(g), sym::permute(a.symmetric_axes(), perm).groups});
}

/// The element type of a view made from `A` as passed: const for a const array and for a
/// read-only view, else the value type (views are handles: a const view still writes).
template <class A> struct view_element {
    using type = std::conditional_t<std::is_const_v<std::remove_reference_t<A>>, const value_t<A>, value_t<A>>;
};
template <class E> struct view_element<array_view<E>> { using type = E; };
template <class E> struct view_element<array_view<E>&> { using type = E; };
template <class E> struct view_element<const array_view<E>&> { using type = E; };
template <class E> struct view_element<const array_view<E>> { using type = E; };
template <class A> using view_element_t = typename view_element<A>::type;

/// A view with axis i of the result being axis perm[i] of `a`; the groups follow their axes.
template <class A>
auto permuted_view(A&& a, std::span<const std::size_t> perm) {
    const auto g = view_access::geometry_of(a);
    geometry out{0, view_shape(perm.size()), view_strides(perm.size())};
    for (std::size_t i = 0; i < perm.size(); ++i) {
        out.shape[i] = g.shape[perm[i]];
        out.strides[i] = g.strides[perm[i]];
    }
    return view_access::make<view_element_t<A>>(a, indexed{std::move(out), sym::permute(a.symmetric_axes(), perm).groups});
}

/// A view of `a`'s elements under another shape of the same size: of `a` itself when they
/// are contiguous, else of a contiguous copy. Groups survive only an unchanged shape.
template <class A>
auto reshaped_view(A&& a, const shape_t& shape) {
    using E = view_element_t<A>;
    auto groups = shapes_equal(shape, a.shape()) ? a.symmetric_axes() : symmetry_groups{};
    geometry out{0, view_shape(shape.begin(), shape.end()), {}};
    out.strides = contiguous_strides(out.shape);
    if constexpr (is_view_v<A>) {
        if (!a.is_contiguous()) {
            auto copy = a.copy();
            return view_access::make<E>(copy, indexed{std::move(out), std::move(groups)});
        }
    }
    return view_access::make<E>(a, indexed{std::move(out), std::move(groups)});
}

/// NumPy's boolean-mask indexing: `mask` has a's shape or that of its leading axes; the
/// result stacks the selected elements (or sub-arrays) in row-major order.
template <class T>
array<T> select_mask(const array<T>& a, const array<bool>& mask) {
    const auto& ashape = a.xt().shape();
    const auto& mshape = mask.xt().shape();
    if (mshape.size() > ashape.size()) too_many_indices(ashape.size(), mshape.size());
    // An empty mask selects nothing whatever the lengths (NumPy, and the array API).
    for (std::size_t k = 0; k < mshape.size() && mask.size() != 0; ++k)
        if (mshape[k] != ashape[k])
            throw IndexError(cat("boolean index did not match indexed array along axis ", k, "; size of axis is ",
                                 ashape[k], " but size of corresponding boolean axis is ", mshape[k]));
    const std::size_t chunk = numel(std::span(ashape.begin() + static_cast<std::ptrdiff_t>(mshape.size()), ashape.end()));
    const std::size_t selected = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), true));
    shape_t shape{selected};
    shape.insert(shape.end(), ashape.begin() + static_cast<std::ptrdiff_t>(mshape.size()), ashape.end());
    auto out = array<T>::uninitialized(shape, "boolean index");
    T* to = out.data();
    const T* from = a.data();
    const bool* m = mask.data();
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (m[i]) to = std::copy_n(from + i * chunk, chunk, to);
    return out;
}

/// NumPy's integer-array indexing on the first axis (`a[[2, 0, -1]]`).
template <class T, class I>
array<T> take_first_axis(const array<T>& a, const array<I>& indices) {
    if (a.ndim() == 0) too_many_indices(0, 1);
    const std::size_t n = a.xt().shape()[0];
    std::vector<std::size_t> rows(indices.size());
    const I* idx = indices.data();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if constexpr (std::is_unsigned_v<I>) {
            if (idx[i] >= n) index_out_of_bounds(static_cast<std::ptrdiff_t>(idx[i]), n, 0);
            rows[i] = static_cast<std::size_t>(idx[i]);
        } else {
            rows[i] = checked_index(static_cast<std::ptrdiff_t>(idx[i]), n, 0);
        }
    }
    shape_t shape = indices.shape();
    shape.insert(shape.end(), a.xt().shape().begin() + 1, a.xt().shape().end());
    auto out = array<T>::uninitialized(shape, "index");
    const std::size_t chunk = n == 0 ? 0 : a.size() / n;
    T* to = out.data();
    for (std::size_t r : rows) to = std::copy_n(a.data() + r * chunk, chunk, to);
    return out;
}

}  // namespace detail

/// NumPy's `ascontiguousarray`: the elements in row-major order, as an owning array (an
/// array as it is, copied; a view copied out). FLOPs: 0.
template <class A>
    requires array_like<A>
array<detail::value_t<A>> ascontiguousarray(const A& a) {
    if constexpr (is_view_v<A>) return a.copy();
    else return a;
}

/// Exact equality of shapes and elements (arrays or views), uncounted: for tests and
/// assertions about results, not for computing (NumPy's counted `array_equal` is a
/// registry entry of its own). FLOPs: 0.
template <array_like A, array_like B>
bool identical(const A& a, const B& b) {
    if (a.shape() != b.shape()) return false;
    const auto& x = detail::contiguous(a);
    const auto& y = detail::contiguous(b);
    return std::equal(x.begin(), x.end(), y.begin());
}

/// NumPy's `repr` of the array a view shows. FLOPs: 0.
template <class E>
std::string to_string(const array_view<E>& v) {
    return to_string(v.copy());
}

/// Prints a view as NumPy prints the array it shows. FLOPs: 0.
template <class E>
std::ostream& operator<<(std::ostream& os, const array_view<E>& v) {
    return os << v.copy();
}

}  // namespace me

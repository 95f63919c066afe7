/// @file array.hpp
/// @brief `me::array<T>`: an owning, eager, value-semantics n-d array (dynamic rank).
///
/// Construction, copying, element access, indexing and printing are free; every counted op
/// on it (including operators, see ufuncs.hpp) returns a new `me::array`. Buffers are
/// row-major and contiguous, so kernels may walk `data()` directly. Indexing with slices,
/// `me::newaxis` or `me::ellipsis`, and `a[i]`, give views (`me::array_view`, view.hpp)
/// that share the buffer; copies of an array never do.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <span>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "detail/allocator.hpp"
#include "detail/shared_buffer.hpp"
#include "detail/types.hpp"
#include "detail/xtensor.hpp"
#include "errors.hpp"
#include "shape.hpp"

namespace me {

template <class T>
class array;
template <class E>
class array_view;
class index_item;
class slice;
struct newaxis_t;
struct ellipsis_t;
struct none_t;

namespace detail {
struct symmetry_access;
struct view_access;
/// Index arguments that make `a(...)` basic indexing (a view) rather than element access.
template <class I>
concept view_index = std::is_same_v<std::remove_cvref_t<I>, slice> || std::is_same_v<std::remove_cvref_t<I>, newaxis_t> ||
                     std::is_same_v<std::remove_cvref_t<I>, ellipsis_t> || std::is_same_v<std::remove_cvref_t<I>, none_t> ||
                     std::is_same_v<std::remove_cvref_t<I>, index_item>;
template <class I>
concept element_index = std::is_integral_v<std::remove_cvref_t<I>> && !std::is_same_v<std::remove_cvref_t<I>, bool>;
template <class... I>
concept basic_indices = sizeof...(I) > 0 && (view_index<I> || ...) && ((view_index<I> || element_index<I>) && ...);
template <class I>
concept integer_element = std::is_integral_v<I> && !std::is_same_v<I, bool>;

// Defined in view.hpp, which needs array complete.
template <class E, class A, class... I>
array_view<E> index_view(A& a, const I&... indices);
template <class E, class A>
array_view<E> subscript_view(A& a, std::span<const index_item> items);
template <class E, class A>
array_view<E> transposed_view(A& a);
template <class T>
array<T> select_mask(const array<T>& a, const array<bool>& mask);
template <class T, class I>
array<T> take_first_axis(const array<T>& a, const array<I>& indices);
/// What `symmetric_axes()` returns for an array without groups (constinit: no guard).
inline constinit const symmetry_groups no_symmetry_groups{};
template <class T> struct is_array : std::false_type {};
template <class T> struct is_array<array<T>> : std::true_type {};
}  // namespace detail

/// True for `me::array<T>` (any T). FLOPs: 0.
template <class T>
inline constexpr bool is_array_v = detail::is_array<std::remove_cvref_t<T>>::value;

template <class V>
class array {
public:
    using value_type = V;
    using container_type = xt::xarray_container<detail::shared_buffer<V>, xt::layout_type::row_major,
                                                typename xt::xarray<V>::shape_type>;
    using size_type = std::size_t;
    using iterator = V*;
    using const_iterator = const V*;

    /// An empty 1-d array, shape (0,). FLOPs: 0.
    array() : data_(container_type::from_shape({0})) {}

    /// A 0-d array holding `value`. FLOPs: 0.
    explicit array(V value) : data_(value) {}

    /// From nested braces: `me::array<double> a = {{1, 2}, {3, 4}};` FLOPs: 0.
    array(xt::nested_initializer_list_t<V, 1> values) : data_(values) {}
    array(xt::nested_initializer_list_t<V, 2> values) : data_(values) {}
    array(xt::nested_initializer_list_t<V, 3> values) : data_(values) {}
    array(xt::nested_initializer_list_t<V, 4> values) : data_(values) {}

    /// From any xtensor expression (evaluated now). Its shape is checked first, as every
    /// shape that comes in is (at most 64 dimensions, a size that fits in memory), so a
    /// giant or wrapping shape is a `me::ValueError`. FLOPs: 0.
    template <class E>
    array(const xt::xexpression<E>& expression) : data_(checked_expression(expression)) {}

    /// Copies are deep. The symmetry groups come along only while they hold (nothing wrote
    /// to the buffer since they were set); a copy that carries them gets a buffer of its own.
    array(const array& other) : data_(other.data_), symmetry_(other.valid_symmetry()) {}
    array(array&&) noexcept = default;
    array& operator=(const array& other) {
        if (this == &other) return *this;
        if (auto groups = other.valid_symmetry()) {
            array copy(other);  // a fresh buffer: no reference into the old one can write to it
            *this = std::move(copy);
            return *this;
        }
        data_ = other.data_;
        symmetry_.reset();
        return *this;
    }
    array& operator=(array&&) noexcept = default;
    ~array() = default;

    /// Takes ownership of an xtensor container. FLOPs: 0.
    explicit array(container_type&& container) noexcept : data_(std::move(container)) {}

    /// An array of the given shape whose elements are left uninitialised (for kernels that
    /// fill it). Every array an op makes comes through here, so this is where a shape from
    /// outside is checked: more than 64 dimensions, or a size whose bytes overflow
    /// PTRDIFF_MAX, is a `me::ValueError` naming `op`, before anything is allocated. FLOPs: 0.
    template <class Shape = shape_t>
    static array uninitialized(const Shape& shape, std::string_view op = "array") {
        (void)detail::checked_size(shape, sizeof(V), op);
        return array(uninitialized_tag{}, shape);
    }
    /// Internal: `uninitialized` for the shape of an array that exists (so was checked
    /// when it was made), as ops whose result has an input's shape use it; skipping the
    /// check is a measurable part of an 8-element op. FLOPs: 0.
    template <class Shape>
    static array uninitialized_like(const Shape& existing_shape) {
        return array(uninitialized_tag{}, existing_shape);
    }

    /// The underlying xtensor container. Mutable access drops the symmetry groups (see
    /// `symmetric_axes()`). FLOPs: 0.
    const container_type& xt() const noexcept { return data_; }
    container_type& xt() noexcept {
        forget_symmetry();
        return data_;
    }

    /// The shape, as NumPy's tuple. FLOPs: 0.
    shape_t shape() const { return shape_t(data_.shape().begin(), data_.shape().end()); }
    /// Length of axis `axis` (negative counts from the end). FLOPs: 0.
    size_type shape(int axis) const { return data_.shape()[detail::normalize_axis(axis, ndim(), "shape")]; }
    /// Number of elements. FLOPs: 0.
    size_type size() const noexcept { return data_.size(); }
    /// Number of dimensions. FLOPs: 0.
    size_type ndim() const noexcept { return data_.dimension(); }
    /// The symmetry groups this array carries (see symmetry.hpp; empty when none). Ops
    /// price a symmetric array on its unique elements and propagate the groups to results.
    /// Any mutable access to the elements (`data()`, `flat()`, `xt()`, `begin()`, element
    /// access on a non-const array) drops them: a write could break the symmetry, and a
    /// tag that outlived it would price the array on fewer elements than it holds.
    /// `me::as_symmetric` re-checks and re-tags. FLOPs: 0.
    /// A write through a view of this array's buffer drops them too (the buffer records
    /// that it was written).
    const symmetry_groups& symmetric_axes() const noexcept {
        return symmetry_ && !written() ? *symmetry_ : no_symmetry();
    }

    /// NumPy's dtype name ("float64", "int32", ...). FLOPs: 0.
    static constexpr std::string_view dtype() { return detail::dtype_name<V>(); }

    /// The element at `indices`, one per dimension; negative indices count from the end.
    /// An index out of range is a `me::IndexError` with NumPy's message ("index 5 is out
    /// of bounds for axis 0 with size 3"). FLOPs: 0.
    template <detail::element_index... I>
    V& operator()(I... indices) {
        const std::size_t at = offset_of(indices...);
        forget_symmetry();
        return data_.data()[at];
    }
    template <detail::element_index... I>
    const V& operator()(I... indices) const { return data_.data()[offset_of(indices...)]; }

    /// The element at `indices` without any check (non-negative, in range, one per
    /// dimension): for hot loops. FLOPs: 0.
    template <class... I>
    V& unchecked(I... indices) noexcept {
        forget_symmetry();
        return data_.data()[unchecked_offset(indices...)];
    }
    template <class... I>
    const V& unchecked(I... indices) const noexcept { return data_.data()[unchecked_offset(indices...)]; }

    /// Basic indexing (NumPy's `a[i, 1:3, ..., None]`): integers, `me::slice`,
    /// `me::newaxis` (or `me::none`), `me::ellipsis`. A view of this array's buffer (never
    /// a copy); a const array gives a read-only view. FLOPs: 0.
    template <class... I>
        requires detail::basic_indices<I...>
    array_view<V> operator()(const I&... indices) & { return detail::index_view<V>(*this, indices...); }
    template <class... I>
        requires detail::basic_indices<I...>
    array_view<V> operator()(const I&... indices) && { return detail::index_view<V>(*this, indices...); }
    template <class... I>
        requires detail::basic_indices<I...>
    array_view<const V> operator()(const I&... indices) const& { return detail::index_view<const V>(*this, indices...); }
    /// The same with the indices given at run time (NumPy's `a[tuple(items)]`). FLOPs: 0.
    array_view<V> subscript(std::span<const index_item> items) & { return detail::subscript_view<V>(*this, items); }
    array_view<V> subscript(std::span<const index_item> items) && { return detail::subscript_view<V>(*this, items); }
    array_view<const V> subscript(std::span<const index_item> items) const& {
        return detail::subscript_view<const V>(*this, items);
    }

    /// NumPy's `a[i]`: the i-th sub-array along axis 0 (negative counts from the end), a
    /// view of rank ndim-1 (0-d on a 1-d array). FLOPs: 0.
    array_view<V> operator[](std::ptrdiff_t i) & { return detail::index_view<V>(*this, i); }
    array_view<V> operator[](std::ptrdiff_t i) && { return detail::index_view<V>(*this, i); }
    array_view<const V> operator[](std::ptrdiff_t i) const& { return detail::index_view<const V>(*this, i); }
    /// NumPy's `a[mask]`: the elements where `mask` (a's shape, or that of its leading
    /// axes) is true, as a new array (a copy). FLOPs: 0.
    array operator[](const array<bool>& mask) const { return detail::select_mask(*this, mask); }
    /// NumPy's `a[indices]`: the sub-arrays at `indices` along axis 0 (negatives count from
    /// the end), as a new array of shape indices.shape + a.shape[1:] (a copy). FLOPs: 0.
    template <detail::integer_element I>
    array operator[](const array<I>& indices) const {
        return detail::take_first_axis(*this, indices);
    }

    /// NumPy's `a.V`: the axes reversed, a view. FLOPs: 0.
    array_view<V> T() & { return detail::transposed_view<V>(*this); }
    array_view<V> T() && { return detail::transposed_view<V>(*this); }
    array_view<const V> T() const& { return detail::transposed_view<const V>(*this); }
    /// A view of the whole array (NumPy's `a[...]`). FLOPs: 0.
    array_view<V> view() & { return detail::subscript_view<V>(*this, {}); }
    array_view<V> view() && { return detail::subscript_view<V>(*this, {}); }
    array_view<const V> view() const& { return detail::subscript_view<const V>(*this, {}); }
    /// An owning copy (NumPy's `a.copy()`). FLOPs: 0.
    array copy() const { return *this; }

    /// NumPy's `float(a)`, `int(a)`: the element of a size-1 array, converted; any other
    /// size is a `me::ValueError`. FLOPs: 0.
    template <class U>
        requires(std::is_arithmetic_v<U> && !detail::is_complex_v<V>)
    explicit operator U() const {
        if (size() != 1)
            throw ValueError(fmt::format("only size-1 arrays can be converted to scalars, got size {}", size()));
        return static_cast<U>(data_.data()[0]);
    }

    /// Element access by flat (row-major) index, bounds-checked. FLOPs: 0.
    V& flat(std::size_t i) {
        forget_symmetry();
        return data_.data()[check_flat(i)];
    }
    const V& flat(std::size_t i) const { return data_.data()[check_flat(i)]; }

    V* data() noexcept {
        forget_symmetry();
        return data_.data();
    }
    const V* data() const noexcept { return data_.data(); }
    iterator begin() noexcept { return data(); }
    iterator end() noexcept { return data_.data() + size(); }
    const_iterator begin() const noexcept { return data(); }
    const_iterator end() const noexcept { return data() + size(); }

    /// The single element of a size-1 array (NumPy's `item()`). FLOPs: 0.
    V item() const {
        if (size() != 1)
            throw ValueError(fmt::format("item: can only convert an array of size 1 to a scalar, got size {}", size()));
        return data_.data()[0];
    }

    /// A copy with another element type (NumPy's `astype`, free); it keeps the symmetry
    /// groups (a permutation of indices commutes with converting each element). FLOPs: 0.
    template <class U>
    array<U> astype() const {
        auto out = array<U>::uninitialized(shape());
        std::transform(begin(), end(), out.data_.storage().begin(), [](const V& v) { return detail::element_cast<U>(v); });
        out.symmetry_ = valid_symmetry();
        return out;
    }

private:
    struct uninitialized_tag {};
    // Builds the container in place: moving an xarray swaps its shape and stride vectors,
    // which costs more than the whole add on small arrays.
    template <class Shape>
    array(uninitialized_tag, const Shape& shape) : data_(container_shape(shape)) {}

    // The container's own shape type is passed as it is: a copy into a temporary first
    // costs a measurable part of an 8-element op.
    template <class Shape>
    static decltype(auto) container_shape(const Shape& shape) {
        if constexpr (std::is_same_v<Shape, typename container_type::shape_type>) return (shape);
        else return typename container_type::shape_type(std::begin(shape), std::end(shape));
    }

    template <class E>
    static const xt::xexpression<E>& checked_expression(const xt::xexpression<E>& e) {
        (void)detail::checked_size(e.derived_cast().shape(), sizeof(V), "array");
        return e;
    }

    // Every mutable access comes through here: it drops this array's groups and marks the
    // buffer written, which invalidates the groups of every view of it.
    void forget_symmetry() noexcept {
        if (symmetry_) [[unlikely]]
            symmetry_.reset();
        detail::mark_written(data_.storage().block());
    }
    std::shared_ptr<const symmetry_groups> valid_symmetry() const noexcept {
        return written() ? nullptr : symmetry_;
    }
    bool written() const noexcept {
        const auto* block = data_.storage().block();
        return block != nullptr && block->written.load(std::memory_order_relaxed);
    }

    template <class... I>
    std::size_t offset_of(I... indices) const {
        constexpr std::size_t count = sizeof...(I);
        if (count != ndim()) detail::wrong_index_count(ndim(), count, "a");
        std::size_t offset = 0, axis = 0;
        ((offset += detail::checked_index(static_cast<std::ptrdiff_t>(indices), data_.shape()[axis], axis) *
                    data_.strides()[axis],
          ++axis),
         ...);
        return offset;
    }
    template <class... I>
    std::size_t unchecked_offset(I... indices) const noexcept {
        std::size_t offset = 0, axis = 0;
        ((offset += static_cast<std::size_t>(indices) * data_.strides()[axis], ++axis), ...);
        return offset;
    }

    std::size_t check_flat(std::size_t i) const {
        if (i >= size()) throw IndexError(fmt::format("index {} is out of bounds for size {}", i, size()));
        return i;
    }

    friend struct detail::symmetry_access;
    friend struct detail::view_access;
    template <class U> friend class array;  // astype<U> carries the groups over

    container_type data_;
    // Null unless validated by as_symmetric or propagated by an op. Held by a pointer to
    // immutable groups: a plain array pays one null pointer for it (an empty vector of
    // vectors costs a measurable part of an 8-element op to make and destroy), and copies
    // share the groups.
    std::shared_ptr<const symmetry_groups> symmetry_;

    static const symmetry_groups& no_symmetry() noexcept { return detail::no_symmetry_groups; }
};

namespace detail {
/// The one way to set an array's symmetry groups without validating them: for ops that
/// propagate groups they already know hold (see symmetry.hpp).
struct symmetry_access {
    /// A buffer shared with views is copied first: a view could write after the tag is
    /// set through a reference it took before.
    template <class T>
    static void set(array<T>& a, symmetry_groups groups) {
        if (groups.empty()) {
            a.symmetry_.reset();
            return;
        }
        auto& storage = a.data_.storage();
        if (!storage.unique()) storage = detail::shared_buffer<T>(std::as_const(storage));
        if (auto* block = storage.block()) block->written.store(false, std::memory_order_relaxed);
        a.symmetry_ = std::make_shared<const symmetry_groups>(std::move(groups));
    }
};
}  // namespace detail

}  // namespace me

#include "detail/repr.hpp"
#include "view.hpp"

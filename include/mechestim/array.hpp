/// @file array.hpp
/// @brief `me::array<T>`: an owning, eager, value-semantics n-d array (dynamic rank).
///
/// Construction, copying, element access and printing are free; every counted op on it
/// (including operators, see ufuncs.hpp) returns a new `me::array`. Buffers are row-major
/// and contiguous, so kernels may walk `data()` directly.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "detail/allocator.hpp"
#include "detail/types.hpp"
#include "detail/xtensor.hpp"
#include "errors.hpp"
#include "shape.hpp"

namespace me {

template <class T>
class array;

namespace detail {
struct symmetry_access;
/// What `symmetric_axes()` returns for an array without groups (constinit: no guard).
inline constinit const symmetry_groups no_symmetry_groups{};
template <class T> struct is_array : std::false_type {};
template <class T> struct is_array<array<T>> : std::true_type {};
}  // namespace detail

/// True for `me::array<T>` (any T). FLOPs: 0.
template <class T>
inline constexpr bool is_array_v = detail::is_array<std::remove_cvref_t<T>>::value;

template <class T>
class array {
public:
    using value_type = T;
    using container_type = xt::xarray<T, xt::layout_type::row_major, detail::huge_page_allocator<T>>;
    using size_type = std::size_t;
    using iterator = T*;
    using const_iterator = const T*;

    /// An empty 1-d array, shape (0,). FLOPs: 0.
    array() : data_(container_type::from_shape({0})) {}

    /// A 0-d array holding `value`. FLOPs: 0.
    explicit array(T value) : data_(value) {}

    /// From nested braces: `me::array<double> a = {{1, 2}, {3, 4}};` FLOPs: 0.
    array(xt::nested_initializer_list_t<T, 1> values) : data_(values) {}
    array(xt::nested_initializer_list_t<T, 2> values) : data_(values) {}
    array(xt::nested_initializer_list_t<T, 3> values) : data_(values) {}
    array(xt::nested_initializer_list_t<T, 4> values) : data_(values) {}

    /// From any xtensor expression (evaluated now). Its shape is checked first, as every
    /// shape that comes in is (at most 64 dimensions, a size that fits in memory), so a
    /// giant or wrapping shape is a `me::ValueError`. FLOPs: 0.
    template <class E>
    array(const xt::xexpression<E>& expression) : data_(checked_expression(expression)) {}

    /// Takes ownership of an xtensor container. FLOPs: 0.
    explicit array(container_type&& container) noexcept : data_(std::move(container)) {}

    /// An array of the given shape whose elements are left uninitialised (for kernels that
    /// fill it). Every array an op makes comes through here, so this is where a shape from
    /// outside is checked: more than 64 dimensions, or a size whose bytes overflow
    /// PTRDIFF_MAX, is a `me::ValueError` naming `op`, before anything is allocated. FLOPs: 0.
    template <class Shape = shape_t>
    static array uninitialized(const Shape& shape, std::string_view op = "array") {
        (void)detail::checked_size(shape, sizeof(T), op);
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
    const symmetry_groups& symmetric_axes() const noexcept { return symmetry_ ? *symmetry_ : no_symmetry(); }

    /// NumPy's dtype name ("float64", "int32", ...). FLOPs: 0.
    static constexpr std::string_view dtype() { return detail::dtype_name<T>(); }

    /// Element access by indices (bounds are not checked, as with xtensor). FLOPs: 0.
    template <class... I>
    T& operator()(I... indices) {
        forget_symmetry();
        return data_(static_cast<std::size_t>(indices)...);
    }
    template <class... I>
    const T& operator()(I... indices) const { return data_(static_cast<std::size_t>(indices)...); }

    /// Element access by flat (row-major) index, bounds-checked. FLOPs: 0.
    T& flat(std::size_t i) {
        forget_symmetry();
        return data_.data()[check_flat(i)];
    }
    const T& flat(std::size_t i) const { return data_.data()[check_flat(i)]; }

    T* data() noexcept {
        forget_symmetry();
        return data_.data();
    }
    const T* data() const noexcept { return data_.data(); }
    iterator begin() noexcept { return data(); }
    iterator end() noexcept { return data_.data() + size(); }
    const_iterator begin() const noexcept { return data(); }
    const_iterator end() const noexcept { return data() + size(); }

    /// The single element of a size-1 array (NumPy's `item()`). FLOPs: 0.
    T item() const {
        if (size() != 1)
            throw ValueError(fmt::format("item: can only convert an array of size 1 to a scalar, got size {}", size()));
        return data_.data()[0];
    }

    /// A copy with another element type (NumPy's `astype`, free); it keeps the symmetry
    /// groups (a permutation of indices commutes with converting each element). FLOPs: 0.
    template <class U>
    array<U> astype() const {
        auto out = array<U>::uninitialized(shape());
        std::transform(begin(), end(), out.begin(), [](const T& v) { return convert<U>(v); });
        out.symmetry_ = symmetry_;
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
        (void)detail::checked_size(e.derived_cast().shape(), sizeof(T), "array");
        return e;
    }

    template <class U>
    static U convert(const T& v) {
        if constexpr (detail::is_complex_v<T> && !detail::is_complex_v<U>) return static_cast<U>(v.real());
        else return static_cast<U>(v);
    }

    void forget_symmetry() noexcept {
        if (symmetry_) [[unlikely]]
            symmetry_.reset();
    }

    std::size_t check_flat(std::size_t i) const {
        if (i >= size()) throw IndexError(fmt::format("index {} is out of bounds for size {}", i, size()));
        return i;
    }

    friend struct detail::symmetry_access;
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
    template <class T>
    static void set(array<T>& a, symmetry_groups groups) {
        if (groups.empty()) a.symmetry_.reset();
        else a.symmetry_ = std::make_shared<const symmetry_groups>(std::move(groups));
    }
};
}  // namespace detail

/// Exact equality of shapes and elements, uncounted: for tests and assertions about
/// results, not for computing (NumPy's counted `array_equal` is a registry entry of its own). FLOPs: 0.
template <class T, class U>
bool identical(const array<T>& a, const array<U>& b) {
    return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace me

#include "detail/repr.hpp"

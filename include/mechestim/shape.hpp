/// @file shape.hpp
/// @brief Shapes, axis arguments and broadcasting rules, shared by every family and by the
/// cost layer (no xtensor, no fmt here).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <type_traits>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"

namespace me {

/// A shape, as NumPy's tuple of ints: `me::shape_t{3, 4}`.
using shape_t = std::vector<std::size_t>;

/// Symmetry groups of an array: each group lists axes (ascending) whose indices can be
/// permuted without changing any element; groups are disjoint and sorted by first axis.
/// Empty for an array with no declared symmetry.
using symmetry_groups = std::vector<std::vector<std::size_t>>;

/// An axis argument: one int, a braced list of ints, or nothing (all axes).
/// Negative axes count from the end, as in NumPy. FLOPs: 0.
class axis_spec {
public:
    /// Arrays have at most 64 dimensions (NumPy 2's limit), so axes fit in place: an
    /// axis argument never allocates.
    static constexpr std::size_t capacity = 64;

    constexpr axis_spec() noexcept {}  ///< all axes (user-provided: `{}` must not zero the whole array)
    constexpr axis_spec(int axis) noexcept : count_(1), all_(false), single_(true) { axes_[0] = axis; }
    constexpr axis_spec(std::initializer_list<int> axes) : axis_spec(std::span<const int>(axes.begin(), axes.size())) {}
    axis_spec(const std::vector<int>& axes) : axis_spec(std::span<const int>(axes)) {}
    constexpr explicit axis_spec(std::span<const int> axes) : count_(axes.size()), all_(false) {
        if (axes.size() > capacity)
            throw AxisError(detail::cat("axis: ", axes.size(), " axes given, arrays have at most ", capacity, " dimensions"));
        std::copy(axes.begin(), axes.end(), axes_.begin());
    }

    // Copies move the axes given, not the whole capacity: a reduction copies its axis
    // argument, and 256 bytes per copy were a measurable part of an 8-element sum.
    constexpr axis_spec(const axis_spec& other) noexcept : count_(other.count_), all_(other.all_), single_(other.single_) {
        std::copy_n(other.axes_.data(), count_, axes_.data());
    }
    constexpr axis_spec& operator=(const axis_spec& other) noexcept {
        count_ = other.count_;
        all_ = other.all_;
        single_ = other.single_;
        std::copy_n(other.axes_.data(), count_, axes_.data());
        return *this;
    }

    constexpr bool is_all() const noexcept { return all_; }
    constexpr bool is_single() const noexcept { return single_; }
    constexpr std::span<const int> list() const noexcept { return {axes_.data(), count_}; }

private:
    std::array<int, capacity> axes_;  // the first count_ hold the axes; the rest are never read
    std::size_t count_ = 0;
    bool all_ = true;
    bool single_ = false;
};

namespace detail {

/// The most dimensions an array may have: NumPy 2's limit (NPY_MAXDIMS).
inline constexpr std::size_t max_ndim = 64;

/// The product of the lengths of a shape that is known to be valid (an existing array's).
inline std::size_t numel(const auto& shape) {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    return n;
}

inline std::string shape_string(const auto& shape) { return tuple_string(shape); }

/// ValueError naming `op` when a shape has more than `max_ndim` dimensions. FLOPs: 0.
inline void check_ndim(std::size_t ndim, std::string_view op) {
    if (ndim > max_ndim)
        throw ValueError(cat(op, ": maximum supported dimension for an ndarray is ", max_ndim, ", found ", ndim));
}

[[noreturn]] inline void too_big(std::string_view op, const auto& shape) {
    throw ValueError(cat(op, ": array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum ",
                         "possible size (shape ", tuple_string(shape), ")"));
}

/// The number of elements of a shape that a new array of `itemsize`-byte elements would
/// have, checked as NumPy checks it: at most 64 dimensions, no negative length, and the
/// product of the non-zero lengths times itemsize within PTRDIFF_MAX (so `{1 << 32, 1 << 32}`
/// is too big, not empty, and `{0, 1 << 62, 1 << 62}` too big although it would be empty).
/// Every shape that comes in from outside goes through here before anything is sized by it.
/// FLOPs: 0.
template <class Shape>
std::size_t checked_size(const Shape& shape, std::size_t itemsize, std::string_view op) {
    check_ndim(static_cast<std::size_t>(std::size(shape)), op);
    constexpr auto limit = static_cast<std::size_t>(PTRDIFF_MAX);
    std::size_t bytes = itemsize == 0 ? 1 : itemsize;
    bool empty = false;
    for (auto d : shape) {
        if constexpr (std::is_signed_v<std::remove_cvref_t<decltype(d)>>)
            if (d < 0) throw ValueError(cat(op, ": negative dimensions are not allowed (shape ", tuple_string(shape), ")"));
        const auto n = static_cast<std::size_t>(d);
        if (n == 0) {
            empty = true;
            continue;
        }
        if (__builtin_mul_overflow(bytes, n, &bytes) || bytes > limit) too_big(op, shape);
    }
    return empty ? 0 : bytes / (itemsize == 0 ? 1 : itemsize);
}

/// An axis in [-ndim, ndim) as an index in [0, ndim), or AxisError naming the op. FLOPs: 0.
inline std::size_t normalize_axis(int axis, std::size_t ndim, std::string_view op) {
    const auto n = static_cast<long long>(ndim);
    if (axis < -n || axis >= n)
        throw AxisError(cat(op, ": axis ", axis, " is out of bounds for array of dimension ", ndim));
    return static_cast<std::size_t>(axis < 0 ? axis + n : axis);
}

/// Whether two shapes are equal: a plain loop, cheaper than svector's memcmp on the few
/// dimensions an op has.
template <class S1, class S2>
bool shapes_equal(const S1& a, const S2& b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// NumPy's IndexError for more indices than dimensions, and ours for element access
/// (`x(i, ...)` with integers only) given fewer: `name` is how the message writes the
/// indexed object ("a" for arrays, "v" for views). FLOPs: 0.
[[noreturn]] inline void too_many_indices(std::size_t ndim, std::size_t count) {
    throw IndexError(cat("too many indices for array: array is ", ndim, "-dimensional, but ", count, " were indexed"));
}
[[noreturn]] inline void wrong_index_count(std::size_t ndim, std::size_t count, std::string_view name) {
    if (count > ndim) too_many_indices(ndim, count);
    throw IndexError(cat(name, "(i, ...) with integers only takes one index per dimension (", ndim, "), got ", count,
                         ": use ", name, "[i] or ", name, "(i, me::ellipsis) for a sub-array"));
}

/// An element index in [-n, n) as an index in [0, n), or NumPy's IndexError ("index 5 is
/// out of bounds for axis 0 with size 3"). FLOPs: 0.
[[noreturn]] inline void index_out_of_bounds(std::ptrdiff_t index, std::size_t n, std::size_t axis) {
    throw IndexError(cat("index ", index, " is out of bounds for axis ", axis, " with size ", n));
}
inline std::size_t checked_index(std::ptrdiff_t index, std::size_t n, std::size_t axis) {
    const auto m = static_cast<std::ptrdiff_t>(n);  // lengths of existing arrays fit
    if (index < 0) {
        if (index < -m) [[unlikely]] index_out_of_bounds(index, n, axis);
        return static_cast<std::size_t>(index + m);
    }
    if (index >= m) [[unlikely]] index_out_of_bounds(index, n, axis);
    return static_cast<std::size_t>(index);
}

/// Sorted, checked axes of `spec` for an array of rank ndim (all axes when none given).
/// Repeated axes are an error, as in NumPy. FLOPs: 0.
inline std::vector<std::size_t> normalize_axes(const axis_spec& spec, std::size_t ndim, std::string_view op) {
    std::vector<std::size_t> out;
    if (spec.is_all()) {
        for (std::size_t i = 0; i < ndim; ++i) out.push_back(i);
        return out;
    }
    for (int a : spec.list()) out.push_back(normalize_axis(a, ndim, op));
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end())
        throw ValueError(cat(op, ": duplicate value in 'axis'"));
    return out;
}

/// NumPy's broadcast of two shapes, or ShapeError naming the op and both shapes. FLOPs: 0.
template <class Out = shape_t, class S1, class S2>
Out broadcast_shapes(const S1& a, const S2& b, std::string_view op) {
    const std::size_t n = std::max(a.size(), b.size());
    Out out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t da = i < n - a.size() ? 1 : static_cast<std::size_t>(a[i - (n - a.size())]);
        const std::size_t db = i < n - b.size() ? 1 : static_cast<std::size_t>(b[i - (n - b.size())]);
        if (da != db && da != 1 && db != 1)
            throw ShapeError(cat(op, ": operands could not be broadcast together with shapes ", shape_string(a), " ",
                                 shape_string(b)));
        out[i] = da == 1 ? db : da;
    }
    return out;
}

/// Shape of a reduction's result over `axes` (sorted, normalized). FLOPs: 0.
inline shape_t reduced_shape(const auto& shape, const std::vector<std::size_t>& axes, bool keepdims) {
    shape_t out;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool reduced = std::binary_search(axes.begin(), axes.end(), i);
        if (!reduced) out.push_back(static_cast<std::size_t>(shape[i]));
        else if (keepdims) out.push_back(1);
    }
    return out;
}

}  // namespace detail
}  // namespace me

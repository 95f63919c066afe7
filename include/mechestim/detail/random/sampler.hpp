/// @file detail/random/sampler.hpp
/// @brief What every sampler of RandomState and Generator shares: array-valued
/// parameters, NumPy's parameter constraints with its messages, the output shape rule
/// (`size` or the broadcast of the parameters), and the charge-then-fill loop.
///
/// NumPy's `cont`/`disc` helpers (numpy/random/_common.pyx) are one function per arity
/// and type; here one variadic template serves every arity, so each sampler is a kernel
/// plus its parameters' names and constraints.
#pragma once

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../../array.hpp"
#include "../../budget.hpp"
#include "../../errors.hpp"
#include "../../flops.hpp"
#include "../../shape.hpp"
#include "../../view.hpp"
#include "../ops.hpp"

namespace me::random {

/// A distribution parameter as NumPy takes it: a scalar, a braced list, or an array or
/// view of any real type (converted to T). Arrays broadcast against each other and
/// against `size` as in NumPy.
template <class T>
class basic_parameter {
public:
    template <class S>
        requires(std::is_arithmetic_v<S> && !std::same_as<S, bool> &&
                 (std::is_floating_point_v<T> || std::is_integral_v<S>))
    basic_parameter(S v) : values_{static_cast<T>(v)} {}  // NOLINT: implicit, as NumPy's scalars
    basic_parameter(std::initializer_list<T> v) : values_(v), shape_{v.size()}, scalar_(false) {}
    basic_parameter(std::vector<T> v) : values_(std::move(v)), shape_{values_.size()}, scalar_(false) {}
    template <array_like A, class E = me::detail::value_t<A>>
        requires(!me::detail::is_complex_v<E> && (std::is_floating_point_v<T> || std::is_integral_v<E>))
    basic_parameter(const A& a) : shape_(a.shape()), scalar_(false) {  // NOLINT: implicit
        const auto& c = me::detail::contiguous(a);
        values_.reserve(c.size());
        for (const auto& v : c) values_.push_back(static_cast<T>(v));
    }

    /// True for a plain scalar (NumPy's 0-d path); a 0-d array is not scalar, as in NumPy.
    bool is_scalar() const noexcept { return scalar_; }
    const shape_t& shape() const noexcept { return shape_; }
    std::size_t size() const noexcept { return values_.size(); }
    T operator[](std::size_t i) const noexcept { return values_[i]; }
    T scalar() const noexcept { return values_.front(); }
    const std::vector<T>& values() const noexcept { return values_; }

private:
    std::vector<T> values_;
    shape_t shape_{};
    bool scalar_ = true;
};

/// A real parameter (loc, scale, shape, p, ...).
using param = basic_parameter<double>;
/// An integer parameter (binomial's n, hypergeometric's counts).
using int_param = basic_parameter<std::int64_t>;

}  // namespace me::random

namespace me::random::detail {

/// NumPy's parameter constraints (constraint_type in _common.pxd).
enum class cons {
    none,
    non_negative,            // x >= 0, NaN allowed, -0.0 refused
    positive,                // x > 0
    positive_not_nan,        // x > 0 and not NaN
    bounded_0_1,             // 0 <= x <= 1
    bounded_gt_0_1,          // 0 < x <= 1
    bounded_lt_0_1,          // 0 <= x < 1
    gt_1,                    // x > 1
    gte_1,                   // x >= 1
    poisson,                 // 0 <= x <= POISSON_LAM_MAX
    legacy_poisson,          // 0 <= x <= LEGACY_POISSON_LAM_MAX
    legacy_non_negative_long // 0 <= x <= LONG_MAX
};

// NumPy's limits on the Poisson mean, INT64_MAX - sqrt(INT64_MAX) * 10 in doubles (both
// APIs use the same value): past it the PTRS loop loses its precision.
inline constexpr double poisson_lam_max = 9.223372006484771e+18;
inline constexpr double legacy_poisson_lam_max = 9.223372006484771e+18;

[[noreturn]] inline void fail(std::string_view op, std::string_view what) {
    throw ValueError(fmt::format("random.{}: {}", op, what));
}

/// The message NumPy gives when `v` breaks constraint c, or an empty string. `array`
/// chooses NumPy's array wording ("contains NaNs") over its scalar one ("is NaN").
inline std::string violation(double v, std::string_view n, cons c, bool array) {
    const char* nan_word = array ? "contains NaNs" : "is NaN";
    switch (c) {
        case cons::none: return {};
        case cons::non_negative:
            return !std::isnan(v) && std::signbit(v) ? fmt::format("{} < 0", n) : std::string{};
        case cons::positive_not_nan:
            if (std::isnan(v)) return fmt::format("{} must not be NaN", n);
            [[fallthrough]];
        case cons::positive: return v <= 0 ? fmt::format("{} <= 0", n) : std::string{};
        case cons::bounded_0_1:
            return !(v >= 0 && v <= 1) ? fmt::format("{0} < 0, {0} > 1 or {0} {1}", n, nan_word) : std::string{};
        case cons::bounded_gt_0_1:
            return !(v > 0 && v <= 1) ? fmt::format("{0} <= 0, {0} > 1 or {0} contains NaNs", n) : std::string{};
        case cons::bounded_lt_0_1:
            return !(v >= 0 && v < 1) ? fmt::format("{0} < 0, {0} >= 1 or {0} {1}", n, nan_word) : std::string{};
        case cons::gt_1: return !(v > 1) ? fmt::format("{0} <= 1 or {0} {1}", n, nan_word) : std::string{};
        case cons::gte_1: return !(v >= 1) ? fmt::format("{0} < 1 or {0} {1}", n, nan_word) : std::string{};
        case cons::poisson:
        case cons::legacy_poisson: {
            const double max = c == cons::poisson ? poisson_lam_max : legacy_poisson_lam_max;
            if (!(v >= 0)) return fmt::format("{0} < 0 or {0} {1}", n, nan_word);
            return !(v <= max) ? fmt::format("{} value too large", n) : std::string{};
        }
        case cons::legacy_non_negative_long:
            if (v < 0) return fmt::format("{} < 0", n);
            return v > static_cast<double>(std::numeric_limits<std::int64_t>::max())
                       ? fmt::format("{} is out of bounds for long, consider using the new generator API for "
                                     "64bit integers.",
                                     n)
                       : std::string{};
    }
    return {};
}

/// Raises NumPy's ValueError when any value of p breaks c (NumPy checks whole arrays
/// before drawing anything; for the Poisson limits an array reports "too large" first).
template <class T>
void check(std::string_view op, std::string_view name, const basic_parameter<T>& p, cons c) {
    if (c == cons::none) return;
    const bool array = !p.is_scalar();
    if (array && (c == cons::poisson || c == cons::legacy_poisson)) {
        const double max = c == cons::poisson ? poisson_lam_max : legacy_poisson_lam_max;
        for (T v : p.values())
            if (!(static_cast<double>(v) <= max))  // NaN included, as NumPy's np.all(val <= max)
                fail(op, fmt::format("{} value too large", name));
    }
    for (T v : p.values())
        if (auto msg = violation(static_cast<double>(v), name, c, array); !msg.empty()) fail(op, msg);
}

/// A parameter with its name and constraint, as NumPy's cont() takes them.
template <class T>
struct checked {
    const basic_parameter<T>& value;
    std::string_view name;
    cons constraint = cons::none;
};
checked(const param&, std::string_view, cons) -> checked<double>;
checked(const int_param&, std::string_view, cons) -> checked<std::int64_t>;

/// The output shape of a sampler: `size` when given, else the broadcast of the array
/// parameters (0-d when all are scalars). With `size` given, every parameter must
/// broadcast to exactly `size`, NumPy's validate_output_shape.
template <class... P>
shape_t output_shape(std::string_view op, const shape_t& size, const P&... params) {
    const bool all_scalar = (params.is_scalar() && ...);
    if (all_scalar) return size;
    const bool has_size = !size.empty();
    std::vector<const shape_t*> shapes;
    if (has_size) shapes.push_back(&size);
    (shapes.push_back(&params.shape()), ...);
    shape_t out;
    for (std::size_t k = 0; k < shapes.size(); ++k) {
        try {
            out = me::detail::broadcast_shapes(out, *shapes[k], op);
        } catch (const ShapeError&) {
            std::size_t j = 0;
            while (j < k) {
                try {
                    (void)me::detail::broadcast_shapes(*shapes[j], *shapes[k], op);
                    ++j;
                } catch (const ShapeError&) {
                    break;
                }
            }
            throw ValueError(fmt::format(
                "random.{}: shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg "
                "{} with shape {} and arg {} with shape {}.",
                op, j, me::detail::shape_string(*shapes[j]), k, me::detail::shape_string(*shapes[k])));
        }
    }
    if (has_size && !me::detail::shapes_equal(out, size))
        throw ValueError(fmt::format("random.{}: Output size {} is not compatible with broadcast dimensions of inputs {}.",
                                     op, me::detail::shape_string(size), me::detail::shape_string(out)));
    return out;
}

/// numel of a requested shape, or ValueError when it cannot be allocated as T (a
/// dimension beyond PTRDIFF_MAX can only come from a negative number cast to size_t).
template <class T>
std::size_t checked_numel(const shape_t& size, std::string_view op) {
    constexpr auto limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());
    for (std::size_t d : size)
        if (d > limit)
            throw ValueError(fmt::format("random.{}: negative dimensions are not allowed (size {})", op,
                                         me::detail::shape_string(size)));
    return me::detail::checked_size(size, sizeof(T), fmt::format("random.{}", op));
}

/// Log details of a sampler: the shape drawn.
inline auto size_details(const shape_t& size) {
    return [&size](OpRecord& rec) { rec.shapes.emplace_back(size.begin(), size.end()); };
}

/// Walks the output in C order, keeping the flat offset of each parameter's element
/// (zero stride along the axes it is broadcast over).
template <std::size_t N>
class broadcast_walker {
public:
    broadcast_walker(const shape_t& out, const std::array<const shape_t*, N>& shapes) : out_(out) {
        const std::size_t nd = out.size();
        for (std::size_t k = 0; k < N; ++k) {
            strides_[k].assign(nd, 0);
            const shape_t& s = *shapes[k];
            std::size_t stride = 1;
            for (std::size_t i = s.size(); i-- > 0;) {
                const std::size_t axis = nd - s.size() + i;
                strides_[k][axis] = s[i] == 1 ? 0 : stride;
                stride *= s[i];
            }
        }
        index_.assign(nd, 0);
    }
    std::size_t offset(std::size_t k) const noexcept { return offset_[k]; }
    void next() noexcept {
        for (std::size_t axis = out_.size(); axis-- > 0;) {
            for (std::size_t k = 0; k < N; ++k) offset_[k] += strides_[k][axis];
            if (++index_[axis] < out_[axis]) return;
            for (std::size_t k = 0; k < N; ++k) offset_[k] -= strides_[k][axis] * out_[axis];
            index_[axis] = 0;
        }
    }

private:
    const shape_t& out_;
    std::array<std::vector<std::size_t>, N> strides_;
    std::array<std::size_t, N> offset_{};
    std::vector<std::size_t> index_;
};

/// Fills `out` by calling kernel(rng, values...) once per element in C order, each
/// parameter read at its broadcast position; scalars skip the walk.
template <class Out, class Rng, class Kernel, class... T>
void fill(array<Out>& out, const shape_t& shape, Rng& rng, Kernel& kernel, const basic_parameter<T>&... params) {
    Out* data = out.data();
    const std::size_t n = out.size();
    if ((params.is_scalar() && ...)) {
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<Out>(kernel(rng, params.scalar()...));
        return;
    }
    if constexpr (sizeof...(T) > 0) {
        constexpr std::size_t N = sizeof...(T);
        broadcast_walker<N> walk(shape, std::array<const shape_t*, N>{&params.shape()...});
        for (std::size_t i = 0; i < n; ++i, walk.next()) {
            std::size_t k = 0;
            auto at = [&](const auto& p) { return p[walk.offset(k++)]; };  // a scalar has shape (): offset 0
            // Braced initialisation evaluates left to right, keeping k in parameter order.
            data[i] = static_cast<Out>(std::apply([&](auto... v) { return kernel(rng, v...); },
                                                  std::tuple<T...>{at(params)...}));
        }
    }
}

/// The sampler template of every method: check each parameter's constraint, resolve the
/// output shape, charge numel(output) (at least 1), then draw under the owner's lock.
/// `owner.locked(f)` runs f on the owner's bit generator. Nothing is charged or drawn
/// when a check fails.
template <me::detail::op_id id, class Out, class Owner, class Kernel, class... T>
array<Out> sample(std::string_view op, Owner& owner, const shape_t& size, Kernel kernel,
                  const checked<T>&... params) {
    (check(op, params.name, params.value, params.constraint), ...);
    const shape_t shape = output_shape(op, size, params.value...);
    (void)checked_numel<Out>(shape, op);
    me::detail::charge(id, flops::op_cost<id>(shape), size_details(shape));
    auto out = array<Out>::uninitialized(shape);
    owner.locked([&](auto& rng) { fill(out, shape, rng, kernel, params.value...); });
    return out;
}

}  // namespace me::random::detail

/// @file symmetry.hpp
/// @brief Symmetric tensors outside einsum: declaring symmetry (`me::as_symmetric`),
/// testing it (`me::is_symmetric`), the rules that carry it through ops, and the
/// SymmetryLossWarning hook.
///
/// An array's symmetry groups (`a.symmetric_axes()`) say which axes can be permuted
/// without changing any element. Ops price such an array on its distinct elements
/// (`me::flops::unique_elements`: exp of a symmetric 10x10 costs 55, not 100) and pass
/// the groups on to their results by the rules of detail/symmetry_rules.hpp. Values are
/// always computed in full: symmetry changes what is charged, never what is returned.
///
/// `as_symmetric`, `is_symmetric` and `unique_elements` take arrays or views
/// (`me::array_like`); a view is checked on its own elements, and `as_symmetric` of a view
/// returns an owning array (a copy of them), never a view.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "view.hpp"
#include "detail/symmetry_rules.hpp"
#include "detail/symmetry_warnings.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"

namespace me {

namespace detail {

/// `a` with groups `groups`, unchecked: for ops that know the groups hold. FLOPs: 0.
template <class T>
array<T> symmetric(array<T> a, symmetry_groups groups) {
    symmetry_access::set(a, std::move(groups));
    return a;
}

/// Tags an op's result (one array or a pair of arrays) with the propagated groups and
/// warns about what was lost. `reason` is text, or a function returning it, called only
/// when a warning is due (so that the silent path formats nothing). FLOPs: 0.
template <class Out, class Reason>
void carry_symmetry(Out& out, sym::propagated p, const Reason& reason) {
    if (!p.lost.empty() && symmetry_warnings_enabled()) {
        if constexpr (std::is_invocable_v<const Reason&>) warn_symmetry_loss(p.lost, reason());
        else warn_symmetry_loss(p.lost, std::string_view(reason));
    }
    if constexpr (is_array_v<Out>) {
        symmetry_access::set(out, std::move(p.groups));
    } else {
        symmetry_access::set(out.first, p.groups);
        symmetry_access::set(out.second, std::move(p.groups));
    }
}

/// For ops whose result carries no symmetry (reshape, advanced indexing, matmul): warns
/// when the input had some. FLOPs: 0.
template <class A>
void drop_symmetry(const A& in, std::string_view op) {
    if (in.symmetric_axes().empty() || !symmetry_warnings_enabled()) return;
    warn_symmetry_loss(sym::all_axes(in.symmetric_axes()), fmt::format("{} does not preserve symmetry", op));
}

/// NumPy's isclose of one pair (the tolerance test for finite values, equality
/// otherwise), and |x - y| as NumPy computes it (NaN propagates).
template <class T>
struct symmetry_compare {
    double atol, rtol;
    static double magnitude(const T& v) {
        if constexpr (is_complex_v<T>) return std::abs(std::complex<double>(v));
        else return static_cast<double>(v);
    }
    static bool finite(const T& v) {
        if constexpr (is_complex_v<T>) return std::isfinite(v.real()) && std::isfinite(v.imag());
        else if constexpr (std::is_floating_point_v<T>) return std::isfinite(v);
        else return true;
    }
    static double deviation(const T& x, const T& y) {
        if constexpr (is_complex_v<T>) return std::abs(std::complex<double>(x) - std::complex<double>(y));
        else return std::abs(static_cast<double>(x) - static_cast<double>(y));
    }
    bool close(const T& x, const T& y) const {
        if (finite(x) && finite(y)) return deviation(x, y) <= atol + rtol * std::abs(magnitude(y));
        if constexpr (is_complex_v<T>) return std::complex<double>(x) == std::complex<double>(y);
        else return static_cast<double>(x) == static_cast<double>(y);
    }
};

/// Compares `a` with its transposition of axes p and q, element by element (as
/// `np.allclose(a, np.swapaxes(a, p, q))`); folds into `ok` and `worst` (max |a - a^T|).
/// Hand-written: an xtensor swapaxes view of a dynamic-rank array is far slower than
/// walking the two offsets with an odometer.
template <class T>
void compare_transposed(const array<T>& a, std::size_t p, std::size_t q, const symmetry_compare<T>& cmp, bool& ok,
                        double& worst) {
    const auto& shape = a.xt().shape();
    const std::size_t nd = shape.size();
    std::vector<std::size_t> stride(nd, 1), tstride;
    for (std::size_t d = nd - 1; d-- > 0;) stride[d] = stride[d + 1] * shape[d + 1];
    tstride = stride;
    std::swap(tstride[p], tstride[q]);
    std::vector<std::size_t> idx(nd, 0);
    const T* data = a.data();
    std::size_t j = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const T& x = data[i];
        const T& y = data[j];
        if (!cmp.close(x, y)) ok = false;
        const double dev = symmetry_compare<T>::deviation(x, y);
        if (!std::isnan(worst) && (std::isnan(dev) || dev > worst)) worst = dev;  // NaN sticks, as np.max
        for (std::size_t d = nd; d-- > 0;) {
            j += tstride[d];
            if (++idx[d] < shape[d]) break;
            j -= tstride[d] * shape[d];
            idx[d] = 0;
        }
    }
}

/// The first group of `groups` along which `a` is not symmetric within tolerance, with
/// its worst deviation (inf when the group's axes differ in length); none if symmetric.
template <class T>
std::optional<std::pair<std::size_t, double>> symmetry_violation(const array<T>& a, const symmetry_groups& groups,
                                                                 double atol, double rtol) {
    const symmetry_compare<T> cmp{atol, rtol};
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto& g = groups[k];
        for (auto ax : g)
            if (a.xt().shape()[ax] != a.xt().shape()[g[0]])
                return std::pair{k, std::numeric_limits<double>::infinity()};
        bool ok = true;
        double worst = 0.0;
        for (std::size_t i = 0; i < g.size(); ++i)
            for (std::size_t j = i + 1; j < g.size(); ++j) compare_transposed(a, g[i], g[j], cmp, ok, worst);
        if (!ok) return std::pair{k, worst};
    }
    return std::nullopt;
}

/// Validates that `a` is symmetric along every group of `spec` (|a - a^T| <= atol +
/// rtol*|a^T| for every transposition within a group, NaN never close) and returns the
/// normalized groups; raises me::SymmetryError with the group and its max |a - a^T|
/// otherwise (einsum's `symmetric_axes` calls this too). FLOPs: 0.
/// Tolerances of a symmetry check must be finite and non-negative: an infinite (or NaN)
/// tolerance would accept any array and let it be priced on half its elements.
inline void check_tolerances(double atol, double rtol, std::string_view op) {
    for (auto [name, v] : {std::pair<std::string_view, double>{"atol", atol}, {"rtol", rtol}})
        if (!std::isfinite(v) || v < 0)
            throw ValueError(fmt::format("{}: {} must be finite and non-negative, got {}", op, name, v));
}

template <class T>
symmetry_groups check_symmetry(const array<T>& a, const symmetry_spec& spec, double atol = 1e-6, double rtol = 1e-5,
                               std::string_view op = "as_symmetric") {
    check_tolerances(atol, rtol, op);
    auto groups = normalize_symmetry(spec, a.ndim(), op);
    if (const auto bad = symmetry_violation(a, groups, atol, rtol)) {
        const auto& g = groups[bad->first];
        throw SymmetryError(std::vector<int>(g.begin(), g.end()), bad->second, atol, rtol);
    }
    return groups;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Declaring and testing symmetry

/// `a` declared symmetric along `groups` (one group `{0, 1}` or several `{{0, 1}, {2, 3}}`):
/// checked first (every transposition within a group equal within atol 1e-6, rtol 1e-5),
/// else me::SymmetryError naming the group and the max |a - a^T| (inf when the group's
/// axes differ in length). Bad axes, and tolerances that are negative, NaN or infinite,
/// raise AxisError/ValueError. The result carries the groups, and ops price it on its
/// distinct elements. FLOPs: 0 (validation is free, as in
/// the reference: declaring symmetry must not cost more than it saves).
template <class T>
array<T> as_symmetric(const array<T>& a, const symmetry_spec& groups, double atol = 1e-6, double rtol = 1e-5) {
    return detail::symmetric(a, detail::check_symmetry(a, groups, atol, rtol));
}
/// The same for a view (`me::as_symmetric(a(me::slice(0, 3), me::slice(0, 3)), {0, 1})`):
/// the view's elements are checked, and the result is an owning array of them (a copy, as
/// NumPy's would be a new array), tagged with the groups; the view itself is not tagged.
/// FLOPs: 0.
template <class E>
array<std::remove_const_t<E>> as_symmetric(const array_view<E>& v, const symmetry_spec& groups, double atol = 1e-6,
                                           double rtol = 1e-5) {
    array<std::remove_const_t<E>> a = detail::contiguous(v);  // an alias of a contiguous view, else a copy
    auto checked = detail::check_symmetry(a, groups, atol, rtol);
    if (v.is_contiguous()) a = v.copy();  // owning: never an alias of the view's elements
    return detail::symmetric(std::move(a), std::move(checked));
}
/// The same, reusing the buffer of an rvalue. FLOPs: 0.
template <class T>
array<T> as_symmetric(array<T>&& a, const symmetry_spec& groups, double atol = 1e-6, double rtol = 1e-5) {
    auto checked = detail::check_symmetry(a, groups, atol, rtol);
    return detail::symmetric(std::move(a), std::move(checked));
}

/// Whether `a` is symmetric along `groups` within tolerance (false when a group's axes
/// differ in length). Bad axes raise AxisError/ValueError. FLOPs: 0.
template <array_like A>
bool is_symmetric(const A& a_in, const symmetry_spec& groups, double atol = 1e-6, double rtol = 1e-5) {
    const auto& a = detail::contiguous(a_in);
    detail::check_tolerances(atol, rtol, "is_symmetric");
    return !detail::symmetry_violation(a, detail::normalize_symmetry(groups, a.ndim(), "is_symmetric"), atol, rtol);
}

/// The distinct elements of `a` given its symmetry groups (numel when it has none).
/// FLOPs: 0.
template <array_like A>
flops_t unique_elements(const A& a) {
    if constexpr (is_view_v<A>) return flops::unique_elements(a.xt_shape(), a.symmetric_axes());
    else return flops::unique_elements(a.xt().shape(), a.symmetric_axes());
}

}  // namespace me

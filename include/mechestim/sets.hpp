/// @file sets.hpp
/// @brief The set family: `unique` (NumPy 1.24, flattened or along an axis), NumPy 2's
/// `unique_all`, `unique_counts`, `unique_inverse`, `unique_values`, and the two-operand
/// ops `in1d`, `isin`, `intersect1d`, `union1d`, `setdiff1d`, `setxor1d`.
///
/// Call forms:
/// @code
///   auto u = me::unique(a);                                        // the sorted distinct values
///   auto r = me::unique(a, {.return_index = true, .return_counts = true});
///   r.values; r.indices; r.counts;                                 // r.inverse left empty
///   auto [values, indices, inverse, counts] = me::unique(a, {.return_inverse = true, .axis = 0});
///   auto all = me::unique_all(x);                                  // values, indices, inverse_indices, counts
///   me::isin(x, me::array<int>{1, 2}, {.invert = true});
///   auto [common, i1, i2] = me::intersect1d(a, b, {.return_indices = true});
/// @endcode
/// With options, `unique` and `intersect1d` return a struct whose unrequested members are
/// empty arrays (shape (0,)); the struct converts to the values array, so
/// `me::array<double> v = me::unique(a, {.axis = 0});` works too.
///
/// FLOPs (flops/sets.hpp): n*ceil(log2(n)) for the unique family (n = numel; with an axis
/// max(numel, shape[axis])), (n+m)*ceil(log2(n+m)) for the others; at least 1. Arguments
/// are checked first (nothing charged on an error), then the cost is charged, then the op
/// runs. Each op charges once, however many sorts it does inside.
///
/// Semantics are NumPy's: NaN sorts last; `unique` collapses NaNs into one unless
/// `equal_nan = false` (NumPy 2's functions keep each NaN); the two-operand ops compare in
/// NumPy's promoted type and return it (setdiff1d returns ar1's type, as NumPy); NaN is a
/// member of nothing. Scalars are accepted wherever NumPy takes an array-like (a 0-d array).
/// Every sort goes through detail/sets_sort.hpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "array.hpp"
#include "budget.hpp"
#include "detail/ops.hpp"
#include "detail/sets_sort.hpp"
#include "detail/types.hpp"
#include "detail/ufunc.hpp"
#include "errors.hpp"
#include "flops/sets.hpp"
#include "shape.hpp"
#include "view.hpp"

namespace me {

/// What `me::unique(a, options)` returns: the sorted distinct values (sub-arrays along the
/// axis), and as asked, the position of each one's first occurrence (`indices`), the group
/// of every input element (`inverse`: flattened, or one per sub-array along the axis, as
/// NumPy 1.24) and the size of each group (`counts`); an unrequested one is empty.
template <class T>
struct unique_result {
    array<T> values;
    array<std::int64_t> indices{}, inverse{}, counts{};
    operator array<T>() const& { return values; }  // NOLINT: implicit, the values as NumPy's plain call
    operator array<T>() && { return std::move(values); }  // NOLINT
};

/// NumPy 2's `unique_all` result (its UniqueAllResult).
template <class T>
struct unique_all_result {
    array<T> values;
    array<std::int64_t> indices, inverse_indices, counts;
};

/// NumPy 2's `unique_counts` result (its UniqueCountsResult).
template <class T>
struct unique_counts_result {
    array<T> values;
    array<std::int64_t> counts;
};

/// NumPy 2's `unique_inverse` result (its UniqueInverseResult).
template <class T>
struct unique_inverse_result {
    array<T> values;
    array<std::int64_t> inverse_indices;
};

/// What `me::intersect1d(a, b, options)` returns: the common values and, with
/// `return_indices`, where each is in a and in b (first occurrences unless assume_unique).
template <class T>
struct intersect1d_result {
    array<T> values;
    array<std::int64_t> ar1_indices{}, ar2_indices{};
    operator array<T>() const& { return values; }  // NOLINT: implicit, the values as NumPy's plain call
    operator array<T>() && { return std::move(values); }  // NOLINT
};

}  // namespace me

namespace me::detail::sets {

/// What the set ops take: an array, a view, or a scalar (a 0-d array, as NumPy's asarray).
template <class X>
concept operand = array_like<X> || is_scalar_v<std::remove_cvref_t<X>>;

/// The element type of an operand; a C++ scalar as the array type NumPy would make of it.
template <class X>
using element_t = std::conditional_t<array_like<X>, value_t<X>, typename promote_one<std::remove_cvref_t<X>>::type>;

/// An operand as a contiguous array (bind to `const auto&`): arrays as they are, views
/// aliased or copied, scalars as 0-d arrays. Free.
template <class X>
decltype(auto) flat_operand(const X& x) {
    if constexpr (array_like<X>) return detail::contiguous(x);
    else return array<element_t<X>>(static_cast<element_t<X>>(x));
}

using index_t = std::int64_t;

template <class C, class T>
scratch<C> converted(const T* x, std::size_t n) {
    scratch<C> out(n);
    std::transform(x, x + n, out.begin(), [](const T& v) { return static_cast<C>(v); });
    return out;
}

/// Where the run of NaNs that NumPy collapses into one value starts in sorted[0, n) (n if
/// none, or when NaNs stay distinct).
template <class T>
std::size_t nan_tail(const T* sorted, std::size_t n, bool equal_nan) {
    if constexpr (has_nan_v<T>) {
        if (equal_nan) return static_cast<std::size_t>(std::partition_point(sorted, sorted + n, [](const T& v) { return !is_nan_value(v); }) - sorted);
    }
    return n;
}

/// NumPy's mask of `_unique1d`: true where sorted[i] starts a new value.
template <class T>
bool starts_group(const T* sorted, std::size_t i, std::size_t tail) {
    if (i == 0) return true;
    return i < tail ? sorted[i] != sorted[i - 1] : i == tail;
}

/// The distinct values of x[0, n), sorted, as a scratch buffer (NumPy's `unique(x)`).
template <class T>
scratch<T> unique_values_of(const T* x, std::size_t n, bool equal_nan = true) {
    scratch<T> aux(x, x + n);
    sort_values(aux.data(), aux.data() + n);
    const std::size_t tail = nan_tail(aux.data(), n, equal_nan);
    std::size_t u = 0;
    for (std::size_t i = 0; i < tail; ++i)
        if (u == 0 || aux[i] != aux[u - 1]) aux[u++] = aux[i];
    if (tail < n) aux[u++] = aux[tail];
    aux.shrink(u);
    return aux;
}

template <class T, class Buffer>
array<T> as_array(const Buffer& b, std::string_view op) {
    auto out = array<T>::uninitialized(shape_t{b.size()}, op);
    std::copy(b.begin(), b.end(), out.data());
    return out;
}

/// NumPy's `_unique1d` on x[0, n): the values and the results asked for. The inverse gets
/// `inverse_shape` (n elements).
template <class T>
unique_result<T> unique_flat(const T* x, std::size_t n, const unique_options& o, const shape_t& inverse_shape,
                             std::string_view op) {
    unique_result<T> r;
    if (!o.return_index && !o.return_inverse && !o.return_counts) {
        r.values = as_array<T>(unique_values_of(x, n, o.equal_nan), op);
        return r;
    }
    scratch<T> aux(n);
    scratch<index_t> perm(o.return_index || o.return_inverse ? n : 0);
    if (!perm.empty()) {
        argsort_values(x, n, perm.data(), aux.data());
    } else {
        std::copy(x, x + n, aux.begin());
        sort_values(aux.data(), aux.data() + n);
    }
    const std::size_t tail = nan_tail(aux.data(), n, o.equal_nan);
    std::size_t u = 0;
    for (std::size_t i = 0; i < n; ++i) u += starts_group(aux.data(), i, tail);
    r.values = array<T>::uninitialized(shape_t{u}, op);
    if (o.return_index) r.indices = array<index_t>::uninitialized(shape_t{u}, op);
    if (o.return_counts) r.counts = array<index_t>::uninitialized(shape_t{u}, op);
    if (o.return_inverse) r.inverse = array<index_t>::uninitialized(inverse_shape, op);
    T* values = r.values.data();
    index_t* indices = r.indices.data();
    index_t* counts = r.counts.data();
    index_t* inverse = r.inverse.data();
    index_t g = -1;
    for (std::size_t i = 0; i < n; ++i) {
        if (starts_group(aux.data(), i, tail)) {
            values[++g] = aux[i];
            if (o.return_index) indices[g] = perm[i];
            if (o.return_counts) counts[g] = 0;
        }
        if (o.return_counts) ++counts[g];
        if (o.return_inverse) inverse[perm[i]] = g;
    }
    return r;
}

/// x's elements regrouped as the rows of a matrix: row r is the sub-array at index r along
/// `axis`, its elements in row-major order of the other axes (NumPy's moveaxis + reshape).
struct axis_layout {
    std::size_t outer = 1, rows = 0, inner = 1;  ///< x as (outer, rows, inner)
    std::size_t row_length() const noexcept { return outer * inner; }
};

/// NumPy 1.24's `unique(x, axis=...)`: sub-arrays compared element by element (one holding
/// a NaN equals none, not even itself: NumPy compares the structured view with `!=`),
/// sorted lexicographically.
template <class T>
unique_result<T> unique_along(const array<T>& x, std::size_t axis, const unique_options& o, std::string_view op) {
    const auto& shape = x.xt().shape();
    axis_layout l;
    l.rows = shape[axis];
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d < axis) l.outer *= shape[d];
        else if (d > axis) l.inner *= shape[d];
    const std::size_t k = l.row_length();
    const T* src = x.data();
    // Every loop below is bounded by a size that exists (never by `outer` alone: a
    // (2^59, 0) shape has an outer count but nothing to walk).
    scratch<T> m(x.size());
    for (std::size_t at = 0; at < m.size(); ++at) {  // m[r*k + o*inner + i] = x[o, r, i]
        const std::size_t i = at % l.inner, o_r = at / l.inner, r = o_r % l.rows, oo = o_r / l.rows;
        m[r * k + oo * l.inner + i] = src[at];
    }
    scratch<index_t> perm(l.rows);
    argsort_rows(m.data(), l.rows, k, perm.data());
    auto differs = [&](std::size_t i) {
        if (i == 0) return true;
        const T* a = m.data() + static_cast<std::size_t>(perm[i]) * k;
        const T* b = m.data() + static_cast<std::size_t>(perm[i - 1]) * k;
        for (std::size_t j = 0; j < k; ++j)
            if (a[j] != b[j]) return true;
        return false;
    };
    std::size_t u = 0;
    for (std::size_t i = 0; i < l.rows; ++i) u += differs(i);
    scratch<index_t> starts(u + 1);  // where each group starts in perm, and rows at the end
    for (std::size_t i = 0, g = 0; i < l.rows; ++i)
        if (differs(i)) starts[g++] = static_cast<index_t>(i);
    starts[u] = static_cast<index_t>(l.rows);
    shape_t out_shape(shape.begin(), shape.end());
    out_shape[axis] = u;
    unique_result<T> r;
    r.values = array<T>::uninitialized(out_shape, op);
    T* values = r.values.data();
    for (std::size_t at = 0; at < r.values.size(); ++at) {  // values[o, g, i] = x[o, perm[start g], i]
        const std::size_t i = at % l.inner, o_g = at / l.inner, g = o_g % u, oo = o_g / u;
        values[at] = src[(oo * l.rows + static_cast<std::size_t>(perm[static_cast<std::size_t>(starts[g])])) * l.inner + i];
    }
    if (o.return_index) {
        r.indices = array<index_t>::uninitialized(shape_t{u}, op);
        for (std::size_t g = 0; g < u; ++g) r.indices.data()[g] = perm[static_cast<std::size_t>(starts[g])];
    }
    if (o.return_counts) {
        r.counts = array<index_t>::uninitialized(shape_t{u}, op);
        for (std::size_t g = 0; g < u; ++g) r.counts.data()[g] = starts[g + 1] - starts[g];
    }
    if (o.return_inverse) {
        r.inverse = array<index_t>::uninitialized(shape_t{l.rows}, op);
        for (std::size_t g = 0; g < u; ++g)
            for (auto i = starts[g]; i < starts[g + 1]; ++i) r.inverse.data()[perm[static_cast<std::size_t>(i)]] = static_cast<index_t>(g);
    }
    return r;
}

/// Checks that op `Id` is priced by `F` (its registry row) and charges it on `args`.
template <op_id Id, flops::formula F, class Details, class... Args>
void charge_as(Details&& details, const Args&... args) {
    static_assert(flops::detail::priced_by<Id, F>, "a set op's registry row must bind it to its set formula");
    charge(Id, flops::op_cost<Id>(args...), std::forward<Details>(details));
}

/// The body of unique and NumPy 2's unique_*: checks the axis, charges `Id`, runs.
template <op_id Id, class T>
unique_result<T> run_unique(const array<T>& x, const unique_options& o) {
    const flops_t n = flops::detail::sets::unique_n(x.shape(), o.axis, op_name(Id));
    charge_as<Id, flops::formula::unique>(shape_details(x.xt().shape()), n);
    if (o.axis) return unique_along(x, normalize_axis(*o.axis, x.ndim(), op_name(Id)), o, op_name(Id));
    return unique_flat(x.data(), x.size(), o, Id == op_index("unique") ? shape_t{x.size()} : x.shape(), op_name(Id));
}

/// NumPy 2's unique_* (op `Name`): unique over the flattened x with each NaN distinct and
/// the inverse in x's shape, with the results asked for.
template <op_literal Name, class X>
auto array_api_unique(const X& x_in, bool index, bool inverse, bool counts) {
    constexpr auto id = op_index(literal_name<Name>::value);
    const auto& x = flat_operand(x_in);
    return run_unique<id>(x, {.return_index = index, .return_inverse = inverse, .return_counts = counts, .axis = {},
                              .equal_nan = false});
}

/// Membership of every value of a[0, n) among b's (compared in C; NaN is in nothing).
template <class C, class A, class B, class O>
void members(const A* a, std::size_t n, const B* b, std::size_t m, bool invert, O* out) {
    scratch<C> sorted = converted<C>(b, m);
    sort_values(sorted.data(), sorted.data() + m);
    const C* first = sorted.data();
    const C* last = first + m;
    for (std::size_t i = 0; i < n; ++i) {
        const C v = static_cast<C>(a[i]);
        const C* at = std::lower_bound(first, last, v, [](const C& x, const C& y) { return sort_less(x, y); });
        out[i] = static_cast<O>((at != last && *at == v) != invert);
    }
}

/// NumPy's check of in1d's `kind`, before anything is charged.
/// @throws me::ValueError "Invalid kind: 'x'. Please use None, 'sort' or 'table'." and
///         for "table" on a non-integer operand, NumPy's message.
template <class A, class B>
void check_kind(std::string_view kind, std::string_view op) {
    if (!kind.empty() && kind != "sort" && kind != "table")
        throw ValueError(cat(op, ": Invalid kind: '", kind, "'. Please use None, 'sort' or 'table'."));
    constexpr bool integers = !has_nan_v<A> && !has_nan_v<B>;
    if (kind == "table" && !integers)
        throw ValueError(cat(op, ": The 'table' method is only supported for boolean or integer arrays. ",
                             "Please select 'sort' or None for kind."));
}

/// in1d and isin: checks, charges `Id`, returns the membership of every element of a in
/// `out_shape`.
template <op_id Id, class A, class B>
array<bool> run_in1d(const array<A>& a, const array<B>& b, const in1d_options& o, const shape_t& out_shape) {
    check_kind<A, B>(o.kind, op_name(Id));
    charge_as<Id, flops::formula::set_op>(shape_details(a.xt().shape(), b.xt().shape()), to_flops(a.size()), to_flops(b.size()));
    auto out = array<bool>::uninitialized(out_shape, op_name(Id));
    members<promote_t<A, B>>(a.data(), a.size(), b.data(), b.size(), o.invert, out.data());
    return out;
}

/// An operand made unique (its own type, NumPy's `unique(ar)`) or, under assume_unique,
/// ravelled, then converted to C.
template <class C, class T>
scratch<C> prepared(const array<T>& x, bool assume_unique) {
    if (assume_unique) return converted<C>(x.data(), x.size());
    const scratch<T> u = unique_values_of(x.data(), x.size());
    return converted<C>(u.data(), u.size());
}

/// The two operands one after the other in C.
template <class C>
scratch<C> concatenated(const scratch<C>& a, const scratch<C>& b) {
    scratch<C> aux(a.size() + b.size());
    std::copy(b.begin(), b.end(), std::copy(a.begin(), a.end(), aux.begin()));
    return aux;
}

template <class C, class A, class B>
intersect1d_result<C> intersect(const array<A>& a, const array<B>& b, const intersect1d_options& o, std::string_view op) {
    intersect1d_result<C> r;
    scratch<C> ua, ub;
    unique_result<A> ia;
    unique_result<B> ib;
    if (o.return_indices && !o.assume_unique) {  // NumPy: unique(ar, return_index=True) of each
        const unique_options first{.return_index = true};
        ia = unique_flat(a.data(), a.size(), first, {}, op);
        ib = unique_flat(b.data(), b.size(), first, {}, op);
        ua = converted<C>(ia.values.data(), ia.values.size());
        ub = converted<C>(ib.values.data(), ib.values.size());
    } else {
        ua = prepared<C>(a, o.assume_unique);
        ub = prepared<C>(b, o.assume_unique);
    }
    const scratch<C> aux = concatenated(ua, ub);
    const std::size_t total = aux.size();
    scratch<C> sorted(total);
    scratch<index_t> perm(o.return_indices ? total : 0);
    if (o.return_indices) {
        argsort_values(aux.data(), total, perm.data(), sorted.data());
    } else {
        std::copy(aux.begin(), aux.end(), sorted.begin());
        sort_values(sorted.data(), sorted.data() + total);
    }
    // NumPy's mask = aux[1:] == aux[:-1]: the common values are the equal neighbours.
    std::size_t u = 0;
    for (std::size_t i = 0; i + 1 < total; ++i) u += sorted[i + 1] == sorted[i];
    r.values = array<C>::uninitialized(shape_t{u}, op);
    if (o.return_indices) {
        r.ar1_indices = array<index_t>::uninitialized(shape_t{u}, op);
        r.ar2_indices = array<index_t>::uninitialized(shape_t{u}, op);
    }
    const auto na = static_cast<index_t>(ua.size());
    std::size_t g = 0;
    for (std::size_t i = 0; i + 1 < total; ++i) {
        if (!(sorted[i + 1] == sorted[i])) continue;
        r.values.data()[g] = sorted[i];
        if (o.return_indices) {
            index_t i1 = perm[i], i2 = perm[i + 1] - na;
            if (!o.assume_unique) {
                // NumPy's ind1[i1], ind2[i2]: in range unless two values of one operand
                // became equal in C (int64 beyond 2^53 as float64); then a negative index
                // counts from the end and one past it is NumPy's IndexError.
                i1 = ia.indices.data()[checked_index(i1, ia.indices.size(), 0)];
                i2 = ib.indices.data()[checked_index(i2, ib.indices.size(), 0)];
            }
            r.ar1_indices.data()[g] = i1;
            r.ar2_indices.data()[g] = i2;
        }
        ++g;
    }
    return r;
}

template <class C, class A, class B>
array<C> symmetric_difference(const array<A>& a, const array<B>& b, bool assume_unique, std::string_view op) {
    scratch<C> aux = concatenated(prepared<C>(a, assume_unique), prepared<C>(b, assume_unique));
    const std::size_t n = aux.size();
    sort_values(aux.data(), aux.data() + n);
    // NumPy's flag: a value differing from both neighbours (NaN differs from every NaN).
    auto alone = [&](std::size_t i) { return (i == 0 || aux[i] != aux[i - 1]) && (i + 1 == n || aux[i + 1] != aux[i]); };
    std::size_t u = 0;
    for (std::size_t i = 0; i < n; ++i) u += alone(i);
    auto out = array<C>::uninitialized(shape_t{u}, op);
    for (std::size_t i = 0, g = 0; i < n; ++i)
        if (alone(i)) out.data()[g++] = aux[i];
    return out;
}

template <class A, class B>
array<A> difference(const array<A>& a, const array<B>& b, bool assume_unique, std::string_view op) {
    const scratch<A> ua = assume_unique ? scratch<A>(a.begin(), a.end()) : unique_values_of(a.data(), a.size());
    const scratch<B> ub = assume_unique ? scratch<B>(b.begin(), b.end()) : unique_values_of(b.data(), b.size());
    scratch<char> out_mask(ua.size());  // not bool: vector<bool> packs bits
    members<promote_t<A, B>>(ua.data(), ua.size(), ub.data(), ub.size(), true, out_mask.data());
    const auto u = static_cast<std::size_t>(std::count(out_mask.begin(), out_mask.end(), char(1)));
    auto out = array<A>::uninitialized(shape_t{u}, op);
    for (std::size_t i = 0, g = 0; i < ua.size(); ++i)
        if (out_mask[i]) out.data()[g++] = ua[i];
    return out;
}

/// Charges a two-operand op `Id` on the numels of a and b.
template <op_id Id, class A, class B>
void charge_pair(const array<A>& a, const array<B>& b) {
    charge_as<Id, flops::formula::set_op>(shape_details(a.xt().shape(), b.xt().shape()), to_flops(a.size()), to_flops(b.size()));
}

template <class A, class B>
using pair_t = promote_t<element_t<A>, element_t<B>>;

}  // namespace me::detail::sets

namespace me {

/// NumPy's `unique(a)`: the sorted distinct elements of the flattened a (NaNs as one, last).
/// FLOPs: `flops::unique_cost(a.shape())`: n*ceil(log2(n)), n = numel(a), at least 1.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
array<T> unique(const X& a) {
    constexpr auto id = detail::op_index("unique");
    const auto& x = detail::sets::flat_operand(a);
    return std::move(detail::sets::run_unique<id>(x, {}).values);
}

/// NumPy 1.24's `unique(a, return_index, return_inverse, return_counts, axis, equal_nan)`:
/// the sorted distinct elements of the flattened a, or with `.axis` the distinct sub-arrays
/// along it (sorted lexicographically; one holding a NaN is distinct from every other), and
/// as asked the first occurrence of each (`indices`), each element's (or sub-array's) group
/// (`inverse`, 1-D) and the group sizes (`counts`), int64. `equal_nan = false` keeps every
/// NaN of a flattened input apart.
/// FLOPs: `flops::unique_cost(a.shape(), options)`: n*ceil(log2(n)), n = numel(a) (with an
/// axis max(numel(a), a.shape[axis])), at least 1.
/// @throws me::AxisError for an axis out of range (any axis of a 0-d array); nothing charged.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
unique_result<T> unique(const X& a, const unique_options& options) {
    constexpr auto id = detail::op_index("unique");
    const auto& x = detail::sets::flat_operand(a);
    return detail::sets::run_unique<id>(x, options);
}

/// NumPy 2's `unique_all(x)`: values, first-occurrence indices, inverse_indices of x's shape
/// and counts, over the flattened x with every NaN distinct.
/// FLOPs: `flops::unique_all_cost(x.shape())`: n*ceil(log2(n)), n = numel(x), at least 1.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
unique_all_result<T> unique_all(const X& x_in) {
    auto r = detail::sets::array_api_unique<"unique_all">(x_in, true, true, true);
    return {std::move(r.values), std::move(r.indices), std::move(r.inverse), std::move(r.counts)};
}

/// NumPy 2's `unique_counts(x)`: the distinct values of the flattened x (every NaN
/// distinct) and how often each occurs.
/// FLOPs: `flops::unique_counts_cost(x.shape())`: n*ceil(log2(n)), n = numel(x), at least 1.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
unique_counts_result<T> unique_counts(const X& x_in) {
    auto r = detail::sets::array_api_unique<"unique_counts">(x_in, false, false, true);
    return {std::move(r.values), std::move(r.counts)};
}

/// NumPy 2's `unique_inverse(x)`: the distinct values of the flattened x (every NaN
/// distinct) and, in x's shape, the index of each element's value among them.
/// FLOPs: `flops::unique_inverse_cost(x.shape())`: n*ceil(log2(n)), n = numel(x), at least 1.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
unique_inverse_result<T> unique_inverse(const X& x_in) {
    auto r = detail::sets::array_api_unique<"unique_inverse">(x_in, false, true, false);
    return {std::move(r.values), std::move(r.inverse)};
}

/// NumPy 2's `unique_values(x)`: the sorted distinct values of the flattened x, every NaN
/// distinct.
/// FLOPs: `flops::unique_values_cost(x.shape())`: n*ceil(log2(n)), n = numel(x), at least 1.
template <detail::sets::operand X, class T = detail::sets::element_t<X>>
array<T> unique_values(const X& x_in) {
    return std::move(detail::sets::array_api_unique<"unique_values">(x_in, false, false, false).values);
}

/// NumPy 1.24's `in1d(ar1, ar2, assume_unique, invert, kind)`: for each element of the
/// flattened ar1, whether it equals an element of ar2 (compared in the promoted type; NaN
/// equals nothing), 1-D bool; `invert` negates.
/// FLOPs: `flops::in1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
/// @throws me::ValueError for a bad kind, or "table" with a non-integer operand; nothing charged.
template <detail::sets::operand A, detail::sets::operand B>
array<bool> in1d(const A& ar1, const B& ar2, const in1d_options& options = {}) {
    constexpr auto id = detail::op_index("in1d");
    const auto& a = detail::sets::flat_operand(ar1);
    const auto& b = detail::sets::flat_operand(ar2);
    return detail::sets::run_in1d<id>(a, b, options, shape_t{a.size()});
}

/// NumPy's `isin(element, test_elements, assume_unique, invert, kind)`: in1d in element's
/// shape (a scalar element gives a 0-d array).
/// FLOPs: `flops::isin_cost(element.shape(), test_elements.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
/// @throws me::ValueError for a bad kind, or "table" with a non-integer operand; nothing charged.
template <detail::sets::operand A, detail::sets::operand B>
array<bool> isin(const A& element, const B& test_elements, const isin_options& options = {}) {
    constexpr auto id = detail::op_index("isin");
    const auto& a = detail::sets::flat_operand(element);
    const auto& b = detail::sets::flat_operand(test_elements);
    return detail::sets::run_in1d<id>(a, b, options, a.shape());
}

/// NumPy's `intersect1d(ar1, ar2, assume_unique, return_indices)`: the sorted values in
/// both (promoted type), and with `return_indices` the first occurrence of each in ar1
/// and ar2 (NumPy's algorithm: with assume_unique, on the operands as they are).
/// FLOPs: `flops::intersect1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
/// @throws me::IndexError as NumPy's, after the charge, with return_indices when two
///         distinct values of one operand are equal in the promoted type (int64 beyond 2^53
///         against floats) and NumPy's index arithmetic runs past the end.
template <detail::sets::operand A, detail::sets::operand B, class C = detail::sets::pair_t<A, B>>
intersect1d_result<C> intersect1d(const A& ar1, const B& ar2, const intersect1d_options& options) {
    constexpr auto id = detail::op_index("intersect1d");
    const auto& a = detail::sets::flat_operand(ar1);
    const auto& b = detail::sets::flat_operand(ar2);
    detail::sets::charge_pair<id>(a, b);
    return detail::sets::intersect<C>(a, b, options, "intersect1d");
}

/// NumPy's `intersect1d(ar1, ar2)`: the sorted values in both, in the promoted type.
/// FLOPs: `flops::intersect1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
template <detail::sets::operand A, detail::sets::operand B, class C = detail::sets::pair_t<A, B>>
array<C> intersect1d(const A& ar1, const B& ar2) {
    return me::intersect1d(ar1, ar2, intersect1d_options{}).values;
}

/// NumPy's `union1d(ar1, ar2)`: the sorted distinct values of both (NaNs as one), promoted type.
/// FLOPs: `flops::union1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
template <detail::sets::operand A, detail::sets::operand B, class C = detail::sets::pair_t<A, B>>
array<C> union1d(const A& ar1, const B& ar2) {
    constexpr auto id = detail::op_index("union1d");
    const auto& a = detail::sets::flat_operand(ar1);
    const auto& b = detail::sets::flat_operand(ar2);
    detail::sets::charge_pair<id>(a, b);
    const auto both = detail::sets::concatenated(detail::sets::converted<C>(a.data(), a.size()),
                                                 detail::sets::converted<C>(b.data(), b.size()));
    return detail::sets::as_array<C>(detail::sets::unique_values_of(both.data(), both.size()), "union1d");
}

/// NumPy's `setdiff1d(ar1, ar2, assume_unique)`: the sorted distinct values of ar1 not in
/// ar2, in ar1's element type; with `assume_unique`, ar1's elements not in ar2 in ar1's order.
/// FLOPs: `flops::setdiff1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
template <detail::sets::operand A, detail::sets::operand B>
array<detail::sets::element_t<A>> setdiff1d(const A& ar1, const B& ar2, const setdiff1d_options& options = {}) {
    constexpr auto id = detail::op_index("setdiff1d");
    const auto& a = detail::sets::flat_operand(ar1);
    const auto& b = detail::sets::flat_operand(ar2);
    detail::sets::charge_pair<id>(a, b);
    return detail::sets::difference(a, b, options.assume_unique, "setdiff1d");
}

/// NumPy's `setxor1d(ar1, ar2, assume_unique)`: the sorted values in exactly one of the two
/// (NumPy's algorithm: a NaN of each survives, as two NaNs), promoted type.
/// FLOPs: `flops::setxor1d_cost(ar1.shape(), ar2.shape())`: (n+m)*ceil(log2(n+m)), at least 1.
template <detail::sets::operand A, detail::sets::operand B, class C = detail::sets::pair_t<A, B>>
array<C> setxor1d(const A& ar1, const B& ar2, const setxor1d_options& options = {}) {
    constexpr auto id = detail::op_index("setxor1d");
    const auto& a = detail::sets::flat_operand(ar1);
    const auto& b = detail::sets::flat_operand(ar2);
    detail::sets::charge_pair<id>(a, b);
    return detail::sets::symmetric_difference<C>(a, b, options.assume_unique, "setxor1d");
}

}  // namespace me

/// @file sorting.hpp
/// @brief Sorting and searching: `me::sort`, `argsort`, `lexsort`, `partition`,
/// `argpartition`, `searchsorted`, with NumPy's semantics and order (ascending, NaNs last,
/// complex numbers lexicographic on real then imaginary part with NaNs last).
///
/// Every op validates its arguments (nothing charged on a bad one), charges its formula
/// (flops/sorting.hpp; `me::flops::sort_cost` and friends return exactly the charge), then
/// computes with the kernels of detail/sort_kernel.hpp (Highway's vqsort for the unstable
/// sorts and the (key, index) pairs of argsort). Arrays and views are accepted alike.
/// Index results are int64 (NumPy's intp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"
#include "view.hpp"
#include "detail/ops.hpp"
#include "detail/sort_kernel.hpp"
#include "detail/types.hpp"

namespace me {

/// Options of `sort` and `argsort` (NumPy's keywords): `.axis` an int (negative counts
/// from the end) or `std::nullopt` for NumPy's `axis=None` (the flattened array);
/// `.kind` "quicksort" (the default), "heapsort", "mergesort" or "stable" (NumPy reads the
/// first letter, case-insensitively, and so do we). "stable" and "mergesort" keep equal
/// elements in their order; the others may not.
struct sort_options {
    std::optional<int> axis = -1;
    std::string_view kind = "quicksort";
};

/// Options of `partition` and `argpartition`: `.axis` as for sort; `.kind` "introselect",
/// the only selection NumPy has.
struct partition_options {
    std::optional<int> axis = -1;
    std::string_view kind = "introselect";
};

/// Options of `lexsort`: the axis of the keys to sort along (NumPy's lexsort has no None).
struct lexsort_options {
    int axis = -1;
};

/// Options of `searchsorted`: `.side` "left" (the first suitable index) or "right" (the
/// last); `.sorter` indices that sort `a` (e.g. `me::argsort(a)`), when `a` is not sorted.
struct searchsorted_options {
    std::string_view side = "left";
    std::optional<array<std::int64_t>> sorter{};
};

}  // namespace me

namespace me::detail::sorting {

/// NumPy's sortkind converter: the first letter decides. True for the stable kinds.
inline bool stable_kind(std::string_view kind, std::string_view op) {
    const char c = kind.empty() ? '\0' : static_cast<char>(kind[0] | 0x20);
    if (c == 'q' || c == 'h') return false;
    if (c == 'm' || c == 's') return true;
    throw ValueError(cat(op, ": sort kind must be one of 'quick', 'heap', or 'stable' (got '", kind, "')"));
}

inline void check_select_kind(std::string_view kind, std::string_view op) {
    if (kind != "introselect") throw ValueError(cat(op, ": select kind must be 'introselect' (got '", kind, "')"));
}

/// An array seen as outer x n x inner around the sorted axis: `outer * inner` lines of n
/// elements, each `inner` apart.
struct layout {
    std::size_t outer = 1, n = 0, inner = 1;
    std::size_t lines() const noexcept { return outer * inner; }  // of an existing array: no wrap
};

inline layout along(const shape_t& shape, std::size_t axis) {
    layout g;
    g.n = shape[axis];
    for (std::size_t d = 0; d < axis; ++d) g.outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) g.inner *= shape[d];
    return g;
}

/// The layout along `axis`, or of the flattened array for none; an AxisError naming the
/// op for an axis out of range (a 0-d array has no axis -1).
inline layout resolve(const shape_t& shape, std::optional<int> axis, std::string_view op) {
    if (!axis) return {1, numel(shape), 1};
    return along(shape, normalize_axis(*axis, shape.size(), op));
}

/// The shape of the result: the input's, or flat for none.
inline shape_t result_shape(const shape_t& shape, std::optional<int> axis) {
    return axis ? shape : shape_t{numel(shape)};
}

/// The shape an op works on: NumPy's argsort and argpartition read a 0-d array along an
/// axis as one of shape (1,) (sort and partition refuse it).
template <bool Indices>
shape_t index_shape(const shape_t& shape, std::optional<int> axis) {
    if (Indices && shape.empty() && axis) return shape_t{1};
    return shape;
}

inline auto input_shape(const shape_t& shape) {
    return [&](OpRecord& rec) { rec.shapes.push_back(shape); };
}

/// Calls f(first, stride) for the first element of every line of g.
template <class F>
void for_each_line(const layout& g, F&& f) {
    if (g.n == 0 || g.inner == 0) return;  // no line: (2^59, 3, 0) must not loop 2^59 times
    for (std::size_t o = 0; o < g.outer; ++o)
        for (std::size_t i = 0; i < g.inner; ++i) f(o * g.n * g.inner + i);
}

/// A line of n elements `stride` apart, readable as contiguous: the data itself when the
/// stride is 1, else a copy in `buf`.
template <class T>
T* read_line(T* first, std::size_t n, std::size_t stride, scratch<std::remove_const_t<T>>& buf) {
    if (stride == 1) return first;
    auto* line = buf.get(n);
    for (std::size_t k = 0; k < n; ++k) line[k] = first[k * stride];
    return line;
}

template <class T>
void write_line(const T* line, std::size_t n, T* first, std::size_t stride) {
    if (line == first) return;
    for (std::size_t k = 0; k < n; ++k) first[k * stride] = line[k];
}

/// Runs f(line, n) on every line of `data` in place (strided lines through a copy).
template <class T, class F>
void each_line_in_place(T* data, const layout& g, F&& f) {
    scratch<T> buf;
    for_each_line(g, [&](std::size_t at) {
        T* line = read_line(data + at, g.n, g.inner, buf);
        f(line, g.n);
        write_line<T>(line, g.n, data + at, g.inner);
    });
}

/// Runs f(values, n, indices) on every line of `values`, whose result is the line of
/// `indices` at the same place (strided lines through copies).
template <class T, class F>
void each_line_indexed(const T* values, std::int64_t* indices, const layout& g, F&& f) {
    scratch<T> vbuf;
    scratch<std::int64_t> ibuf;
    for_each_line(g, [&](std::size_t at) {
        const T* line = read_line(values + at, g.n, g.inner, vbuf);
        std::int64_t* out = g.inner == 1 ? indices + at : ibuf.get(g.n);
        f(line, g.n, out);
        write_line<std::int64_t>(out, g.n, indices + at, g.inner);
    });
}

/// The kth of a partition, normalized (negatives count from the end), checked against n
/// with NumPy's message, sorted and made distinct. An empty array is not checked (NumPy
/// does not: it has nothing to select).
inline std::vector<std::size_t> kth_positions(const std::vector<std::int64_t>& kth, std::size_t n, bool empty,
                                              std::string_view op) {
    if (kth.empty()) throw ValueError(cat(op, ": Partition index must be integer (an empty kth list)"));
    std::vector<std::size_t> out;
    if (empty) return out;
    const auto len = static_cast<std::int64_t>(n);
    for (std::int64_t k : kth) {
        const std::int64_t at = k < 0 ? k + len : k;
        if (at < 0 || at >= len) throw ValueError(cat(op, ": kth(=", at, ") out of bounds (", n, ")"));
        out.push_back(static_cast<std::size_t>(at));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

/// How many selection passes a slice of n gets before it is sorted instead (the cost
/// model's cap: one pass per kth up to ceil(log2 n)).
inline std::size_t passes_before_sort(std::size_t n) {
    return static_cast<std::size_t>(std::max<flops_t>(1, flops::detail::ceil_log2(flops::detail::to_flops(n))));
}

template <op_id Id, bool Indices, class A>
auto sort_op(const A& a_in, const sort_options& o) {
    using T = value_t<A>;
    const auto& a = contiguous(a_in);
    const std::string_view op = op_name(Id);
    const bool stable = stable_kind(o.kind, op);
    const shape_t shape = index_shape<Indices>(a.shape(), o.axis);
    const layout g = resolve(shape, o.axis, op);
    charge(Id, flops::op_cost<Id>(g.n, g.lines()), input_shape(shape));
    if constexpr (Indices) {
        auto out = array<std::int64_t>::uninitialized(result_shape(shape, o.axis), op);
        each_line_indexed(a.data(), out.data(), g, [stable](const T* v, std::size_t n, std::int64_t* idx) {
            argsort_numbers(v, n, idx, stable);
        });
        return out;
    } else {
        auto out = array<T>::uninitialized(result_shape(shape, o.axis), op);
        std::copy(a.begin(), a.end(), out.data());
        each_line_in_place(out.data(), g, [stable](T* v, std::size_t n) {
            if (stable) stable_sort_numbers(v, v + n);
            else sort_numbers(v, v + n);
        });
        return out;
    }
}

template <op_id Id, bool Indices, class A>
auto partition_op(const A& a_in, const std::vector<std::int64_t>& kth, const partition_options& o) {
    using T = value_t<A>;
    const auto& a = contiguous(a_in);
    const std::string_view op = op_name(Id);
    check_select_kind(o.kind, op);
    const shape_t shape = index_shape<Indices>(a.shape(), o.axis);
    const layout g = resolve(shape, o.axis, op);
    const std::vector<std::size_t> ks = kth_positions(kth, g.n, a.size() == 0, op);
    charge(Id, flops::op_cost<Id>(g.n, g.lines(), ks.size()), input_shape(shape));
    const std::size_t passes = passes_before_sort(g.n);
    if constexpr (Indices) {
        auto out = array<std::int64_t>::uninitialized(result_shape(shape, o.axis), op);
        each_line_indexed(a.data(), out.data(), g, [&](const T* v, std::size_t n, std::int64_t* idx) {
            for (std::size_t k = 0; k < n; ++k) idx[k] = static_cast<std::int64_t>(k);
            select_kth(idx, idx + n, ks, passes, [v](std::int64_t x, std::int64_t y) { return sort_less(v[x], v[y]); });
        });
        return out;
    } else {
        auto out = array<T>::uninitialized(result_shape(shape, o.axis), op);
        std::copy(a.begin(), a.end(), out.data());
        each_line_in_place(out.data(), g, [&](T* v, std::size_t n) { select_kth(v, v + n, ks, passes, sort_less_fn{}); });
        return out;
    }
}

/// lexsort on `count` keys already contiguous and of one shape, key k at `key_at(k)` (a
/// function, not a vector of pointers: a (2^40, 0) array holds 2^40 empty keys, which are
/// charged before anything is built for them).
template <class T, class KeyAt>
array<std::int64_t> lexsort_keys(std::size_t count, KeyAt key_at, const shape_t& shape, int axis) {
    constexpr op_id id = op_index("lexsort");
    if (count == 0) throw ValueError("lexsort: need sequence of keys with len > 0 in lexsort");
    if (shape.empty()) {  // 0-d keys: one element, NumPy ignores the axis
        charge(id, flops::op_cost<id>(count, std::size_t{1}, std::size_t{1}), input_shape(shape));
        return array<std::int64_t>(std::int64_t{0});
    }
    const layout g = along(shape, normalize_axis(axis, shape.size(), "lexsort"));
    charge(id, flops::op_cost<id>(count, g.n, g.lines()), input_shape(shape));
    if (detail::numel(shape) == 0) return array<std::int64_t>::uninitialized_like(shape);
    std::vector<const T*> keys(count);
    for (std::size_t k = 0; k < count; ++k) keys[k] = key_at(k);
    auto out = array<std::int64_t>::uninitialized_like(shape);
    std::vector<std::int64_t> buf(g.inner == 1 ? 0 : g.n);
    for_each_line(g, [&](std::size_t at) {
        std::int64_t* idx = g.inner == 1 ? out.data() + at : buf.data();
        for (std::size_t k = 0; k < g.n; ++k) idx[k] = static_cast<std::int64_t>(k);
        const std::size_t stride = g.inner;
        std::stable_sort(idx, idx + g.n, [&](std::int64_t x, std::int64_t y) {
            for (std::size_t key = keys.size(); key-- > 0;) {  // the last key is the primary one
                const T& vx = keys[key][at + static_cast<std::size_t>(x) * stride];
                const T& vy = keys[key][at + static_cast<std::size_t>(y) * stride];
                if (sort_less(vx, vy)) return true;
                if (sort_less(vy, vx)) return false;
            }
            return false;
        });
        write_line<std::int64_t>(idx, g.n, out.data() + at, g.inner);
    });
    return out;
}

/// NumPy's searchside converter: the first letter decides. True for "right".
inline bool right_side(std::string_view side) {
    const char c = side.empty() ? '\0' : static_cast<char>(side[0] | 0x20);
    if (c == 'l') return false;
    if (c == 'r') return true;
    throw ValueError(cat("searchsorted: search side must be 'left' or 'right' (got '", side, "')"));
}

inline void check_sorter(const array<std::int64_t>& sorter, std::size_t n) {
    if (sorter.ndim() != 1) throw ValueError("searchsorted: could not parse sorter argument (it must be 1-D)");
    if (sorter.size() != n) throw ValueError("searchsorted: sorter.size must equal a.size");
    for (std::int64_t i : sorter)
        if (i < 0 || static_cast<std::size_t>(i) >= n) throw ValueError("searchsorted: Sorter index out of range.");
}

/// a's elements as C, in sorted order when a sorter is given (a copy only when needed).
template <class C, class T>
array<C> sorted_copy(const array<T>& a, const std::optional<array<std::int64_t>>& sorter) {
    auto out = array<C>::uninitialized_like(a.xt().shape());
    if (sorter) {
        const std::int64_t* s = sorter->data();
        for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = static_cast<C>(a.data()[s[i]]);
    } else {
        std::transform(a.begin(), a.end(), out.begin(), [](const T& x) { return static_cast<C>(x); });
    }
    return out;
}

/// Validates a search of m values (of shape v_shape) in `a` and charges it; true for
/// side "right".
template <class T>
bool charge_search(const array<T>& a, std::size_t m, const searchsorted_options& o, const shape_t& v_shape) {
    constexpr op_id id = op_index("searchsorted");
    if (a.ndim() == 0) throw ValueError("searchsorted: object of too small depth for desired array");
    if (a.ndim() > 1) throw ValueError("searchsorted: object too deep for desired array");
    const bool right = right_side(o.side);
    if (o.sorter) check_sorter(*o.sorter, a.size());
    charge(id, flops::op_cost<id>(a.size(), m), [&](OpRecord& rec) {
        rec.shapes.push_back(a.shape());
        rec.shapes.push_back(v_shape);
    });
    return right;
}

/// The search itself, once charged: m values at `values`, already of the common type C.
template <class C, class T>
void run_search(const array<T>& a, const C* values, std::size_t m, bool right,
                const std::optional<array<std::int64_t>>& sorter, std::int64_t* out) {
    if constexpr (std::is_same_v<C, T>) {
        if (!sorter) {
            search_sorted(a.data(), a.size(), values, m, right, out);
            return;
        }
    }
    const std::size_t n = a.size();
    if (flops::searchsorted_cost(n, m) < flops::detail::to_flops(n)) {
        // Fewer searches than elements: a copy of a (through the sorter, or converted to C)
        // would be n steps for a charge of m*log2(n); search through it in place instead.
        const std::int64_t* s = sorter ? sorter->data() : nullptr;
        const auto at = [&](std::size_t i) { return static_cast<C>(a.data()[s ? static_cast<std::size_t>(s[i]) : i]); };
        for (std::size_t j = 0; j < m; ++j) {
            std::size_t lo = 0, len = n;
            while (len > 0) {
                const std::size_t half = len / 2;
                const C probe = at(lo + half);
                if (right ? !sort_less(values[j], probe) : sort_less(probe, values[j])) {
                    lo += half + 1;
                    len -= half + 1;
                } else {
                    len = half;
                }
            }
            out[j] = static_cast<std::int64_t>(lo);
        }
        return;
    }
    const array<C> sorted = sorted_copy<C>(a, sorter);
    search_sorted(sorted.data(), sorted.size(), values, m, right, out);
}

template <class T>
concept sortable = std::is_arithmetic_v<T> || is_complex_v<T>;
template <class A>
concept sortable_array = array_like<A> && sortable<value_t<A>>;

}  // namespace me::detail::sorting

namespace me {

namespace so = detail::sorting;

/// NumPy's `sort`: a sorted copy of `a` along `.axis` (default the last; `std::nullopt`:
/// the flattened array), ascending, NaNs last, complex numbers by real then imaginary
/// part. `me::sort(a)`, `me::sort(a, {.axis = 0, .kind = "stable"})`.
/// FLOPs: `flops::sort_cost(n, slices)` = slices*n*ceil(log2(n)), at least 1 (n the length
/// of the axis, slices the product of the other axes' lengths; axis none: n = a.size()).
/// @throws me::ValueError for a bad kind; me::AxisError for a bad axis (a 0-d array has
///         none but std::nullopt); nothing charged.
template <so::sortable_array A>
array<detail::value_t<A>> sort(const A& a, const sort_options& o = {}) {
    return so::sort_op<detail::op_index("sort"), false>(a, o);
}

/// NumPy's `argsort`: the int64 indices that sort `a` along `.axis` (as `sort`); with a
/// stable kind equal elements keep their order, so the indices are unique.
/// FLOPs: `flops::argsort_cost(n, slices)` = slices*n*ceil(log2(n)), at least 1.
/// @throws as `sort`, nothing charged.
template <so::sortable_array A>
array<std::int64_t> argsort(const A& a, const sort_options& o = {}) {
    return so::sort_op<detail::op_index("argsort"), true>(a, o);
}

/// NumPy's `partition`: a copy of `a` whose element at position kth (along `.axis`) is
/// the one a sort would put there, every element before it no greater and every one
/// after no smaller (NaNs last); the order within each side is unspecified. `kth` may be
/// negative (from the end). `me::partition(a, 2)`.
/// FLOPs: `flops::partition_cost(n, slices)` = slices*n, at least 1.
/// @throws me::ValueError for kth out of range ("kth(=5) out of bounds (3)", not checked
///         on an empty array, as NumPy) or a kind other than "introselect"; me::AxisError
///         for a bad axis; nothing charged.
template <so::sortable_array A>
array<detail::value_t<A>> partition(const A& a, std::int64_t kth, const partition_options& o = {}) {
    return so::partition_op<detail::op_index("partition"), false>(a, std::vector<std::int64_t>{kth}, o);
}

/// `partition` on several kth at once (`me::partition(a, {1, 5})`): every one of them
/// in its sorted place. One selection per distinct kth, each on what the previous left;
/// with more than ceil(log2(n)) of them the slice is sorted instead.
/// FLOPs: `flops::partition_cost(n, slices, j)` = slices*n*min(j, max(1, ceil(log2(n)))),
/// j the number of distinct kth, at least 1.
/// @throws as `partition`, and me::ValueError for an empty list; nothing charged.
template <so::sortable_array A>
array<detail::value_t<A>> partition(const A& a, const std::vector<std::int64_t>& kth, const partition_options& o = {}) {
    return so::partition_op<detail::op_index("partition"), false>(a, kth, o);
}

/// NumPy's `argpartition`: the int64 indices that partition `a` (as `partition`).
/// FLOPs: `flops::argpartition_cost(n, slices)` = slices*n, at least 1.
/// @throws as `partition`, nothing charged.
template <so::sortable_array A>
array<std::int64_t> argpartition(const A& a, std::int64_t kth, const partition_options& o = {}) {
    return so::partition_op<detail::op_index("argpartition"), true>(a, std::vector<std::int64_t>{kth}, o);
}

/// `argpartition` on several kth. FLOPs: `flops::argpartition_cost(n, slices, j)` =
/// slices*n*min(j, max(1, ceil(log2(n)))), j the number of distinct kth, at least 1.
/// @throws as `partition`, nothing charged.
template <so::sortable_array A>
array<std::int64_t> argpartition(const A& a, const std::vector<std::int64_t>& kth, const partition_options& o = {}) {
    return so::partition_op<detail::op_index("argpartition"), true>(a, kth, o);
}

/// NumPy's `lexsort`: the int64 indices that sort by several keys of one shape, the last
/// key primary, each key breaking the ties of the ones after it; stable. Keys of any
/// shape are sorted along `.axis` (default the last). `me::lexsort({first_names, surnames})`
/// sorts by surname, then first name.
/// FLOPs: `flops::lexsort_cost(k, n, slices)` = slices*k*n*ceil(log2(n)), at least 1.
/// @throws me::ValueError for no keys or keys of different shapes; me::AxisError for a
///         bad axis (0-d keys ignore it, as NumPy); nothing charged.
template <so::sortable T>
array<std::int64_t> lexsort(const std::vector<array<T>>& keys, const lexsort_options& o = {}) {
    for (const auto& k : keys)
        if (!detail::shapes_equal(k.xt().shape(), keys.front().xt().shape()))
            throw ValueError("lexsort: all keys need to be the same shape");
    return so::lexsort_keys<T>(keys.size(), [&](std::size_t k) { return keys[k].data(); },
                               keys.empty() ? shape_t{} : keys.front().shape(), o.axis);
}

/// `lexsort` of keys in braces: `me::lexsort({b, a})`. FLOPs: as the vector form.
/// @throws as the vector form, nothing charged.
template <so::sortable T>
array<std::int64_t> lexsort(std::initializer_list<array<T>> keys, const lexsort_options& o = {}) {
    return lexsort(std::vector<array<T>>(keys), o);
}

/// `lexsort` of an array whose first axis holds the keys (NumPy's 2-D form: each row a
/// key, the last row primary). FLOPs: slices*k*n*ceil(log2(n)), k = the first axis's length.
/// @throws as the vector form; a 0-d array (no keys) is a me::ValueError; nothing charged.
template <so::sortable_array A>
array<std::int64_t> lexsort(const A& keys_in, const lexsort_options& o = {}) {
    using T = detail::value_t<A>;
    const auto& keys = detail::contiguous(keys_in);
    if (keys.ndim() == 0) throw ValueError("lexsort: need sequence of keys with len > 0 in lexsort");
    const shape_t shape = keys.shape();
    const shape_t key_shape(shape.begin() + 1, shape.end());
    const std::size_t each = detail::numel(key_shape);
    return so::lexsort_keys<T>(shape[0], [&](std::size_t k) { return keys.data() + k * each; }, key_shape, o.axis);
}

/// NumPy's `searchsorted`: for each value of `v` (any shape), the index at which it would
/// be inserted into the sorted 1-D `a` to keep it sorted: the first such index for
/// `.side = "left"`, the last for "right"; with `.sorter` (indices that sort `a`, e.g.
/// `me::argsort(a)`) `a` need not be sorted. NaNs sort last, as in `sort`. `a` and `v`
/// are compared in their promoted type. Returns int64 indices of v's shape.
/// FLOPs: `flops::searchsorted_cost(n, m)` = m*ceil(log2(n)), m = v.size(), n = a.size();
/// m when n = 1 (one comparison each; the reference's formula gives 0), 1 when n = 0.
/// @throws me::ValueError when `a` is not 1-D, for a bad side, a sorter that is not 1-D,
///         not of a's size, or has an index out of range; nothing charged.
template <so::sortable_array A, so::sortable_array V>
array<std::int64_t> searchsorted(const A& a_in, const V& v_in, const searchsorted_options& o = {}) {
    using C = detail::promote_t<detail::value_t<A>, detail::value_t<V>>;
    const auto& a = detail::contiguous(a_in);
    const auto& v = detail::contiguous(v_in);
    const shape_t shape = v.shape();
    const bool right = so::charge_search(a, v.size(), o, shape);
    auto out = array<std::int64_t>::uninitialized_like(shape);
    if constexpr (std::is_same_v<C, detail::value_t<V>>) {
        so::run_search(a, v.data(), v.size(), right, o.sorter, out.data());
    } else {
        const auto vc = v.template astype<C>();
        so::run_search(a, vc.data(), vc.size(), right, o.sorter, out.data());
    }
    return out;
}

/// `searchsorted` of one value: its index, an int64. The value is a weak scalar (an int
/// against a float array is compared as a float). FLOPs: `flops::searchsorted_cost(n, 1)`
/// = ceil(log2(n)), at least 1. @throws as the array form, nothing charged.
template <so::sortable_array A, so::sortable S>
std::int64_t searchsorted(const A& a_in, S value, const searchsorted_options& o = {}) {
    using C = detail::promote_scalar_t<detail::value_t<A>, S>;
    const auto& a = detail::contiguous(a_in);
    const C v = static_cast<C>(value);
    const bool right = so::charge_search(a, 1, o, shape_t{});
    std::int64_t out = 0;
    so::run_search(a, &v, 1, right, o.sorter, &out);
    return out;
}

}  // namespace me

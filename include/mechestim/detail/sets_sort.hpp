/// @file detail/sets_sort.hpp
/// @brief Every sort the set family does, behind three functions: `sort_values` (values in
/// place), `argsort_values` (a stable permutation with the sorted values) and
/// `argsort_rows` (a stable permutation of rows compared lexicographically).
///
/// Why one place: the first two run on the sort family's kernel (detail/sort_kernel.hpp:
/// Highway's vqsort on keys, and on (key, index) pairs for the stable permutation), so
/// every set op sorts as fast as `me::sort`; rows compare element by element and stay on
/// std::sort.
///
/// NumPy's order, which every function here follows: ascending, NaN after every number
/// (NaNs equal among themselves); complex values by real part then imaginary part, with
/// NaN-containing values last in NumPy's CLT order (R + Rj < R + nanj < nan + Rj < nan + nanj).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>
#include <utility>

#include "scratch.hpp"
#include "sort_kernel.hpp"
#include "types.hpp"

namespace me::detail::sets {

template <class T>
constexpr bool has_nan_v = std::is_floating_point_v<T> || is_complex_v<T>;

/// Sorts [first, last) ascending in NumPy's order (the sort family's kernel: vqsort for
/// the types it takes).
template <class T>
void sort_values(T* first, T* last) {
    sort_numbers(first, last);
}

/// The stable sorting permutation of keys[0, n): perm[i] is the position in `keys` of the
/// i-th smallest (ties in order of position), and sorted[i] = keys[perm[i]].
template <class T>
void argsort_values(const T* keys, std::size_t n, std::int64_t* perm, T* sorted) {
    argsort_numbers(keys, n, perm, /*stable=*/true);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = keys[static_cast<std::size_t>(perm[i])];
}

/// The stable sorting permutation of the n rows of k elements of the row-major `rows`,
/// compared lexicographically element by element in NumPy's order (how NumPy sorts the
/// structured view `unique` takes along an axis). perm gets n positions.
template <class T>
void argsort_rows(const T* rows, std::size_t n, std::size_t k, std::int64_t* perm) {
    for (std::size_t i = 0; i < n; ++i) perm[i] = static_cast<std::int64_t>(i);
    std::sort(perm, perm + n, [rows, k](std::int64_t a, std::int64_t b) {
        const T* x = rows + static_cast<std::size_t>(a) * k;
        const T* y = rows + static_cast<std::size_t>(b) * k;
        for (std::size_t j = 0; j < k; ++j) {
            if (sort_less(x[j], y[j])) return true;
            if (sort_less(y[j], x[j])) return false;
        }
        return a < b;
    });
}

}  // namespace me::detail::sets

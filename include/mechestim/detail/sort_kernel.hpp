/// @file detail/sort_kernel.hpp
/// @brief The sorting, selection and binary-search kernels behind sorting.hpp (and, later,
/// the set and histogram families), on raw contiguous buffers, in NumPy's order: ascending,
/// NaNs last, complex numbers lexicographic on (real, imag) with NaNs last.
///
/// This is the only header that includes Highway: the unstable sorts of the types its
/// vqsort takes (16-, 32- and 64-bit integers, float, double) run there, runtime-
/// dispatched to AVX-512 or AVX2; indirect sorts (argsort) sort (key, index) pairs there,
/// the key an unsigned integer whose order is the value's order (NaNs mapped above +inf,
/// -0.0 onto +0.0, so equal values get equal keys and a 128-bit sort of (key, index) is a
/// stable argsort). Everything else (bool, 8-bit integers, complex, stable value sorts,
/// short slices) goes through the standard library with `sort_less`.
#pragma once

#include <algorithm>
#include <bit>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <type_traits>
#include <vector>

#include <hwy/contrib/sort/vqsort.h>

#include "scratch.hpp"
#include "types.hpp"

namespace me::detail {

/// True for NaN, and for a complex value with a NaN part.
template <class T>
constexpr bool is_nan_value(const T& v) noexcept {
    if constexpr (std::is_floating_point_v<T>) return v != v;
    else if constexpr (is_complex_v<T>) return v.real() != v.real() || v.imag() != v.imag();
    else return false;
}

/// NumPy's sort order (npysort's LT): a strict weak order with every NaN last and NaNs
/// equal among themselves; complex numbers by real part then imaginary part, a NaN in
/// either part sorting after every number whose same part is not NaN.
template <class T>
constexpr bool sort_less(const T& a, const T& b) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        return a < b || (b != b && a == a);
    } else if constexpr (is_complex_v<T>) {
        const auto ar = a.real(), br = b.real(), ai = a.imag(), bi = b.imag();
        if (ar < br) return ai == ai || bi != bi;
        if (ar > br) return bi != bi && ai == ai;
        if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
        return br != br;  // exactly one real part is NaN: the other sorts first
    } else {
        return a < b;
    }
}

struct sort_less_fn {
    template <class T>
    constexpr bool operator()(const T& a, const T& b) const noexcept { return sort_less(a, b); }
};

/// Types vqsort sorts directly.
template <class T>
inline constexpr bool vq_native = std::is_same_v<T, double> || std::is_same_v<T, float> ||
                                  ((std::is_integral_v<T> && !std::is_same_v<T, bool>) && sizeof(T) >= 2);

/// Below this many elements the standard library's sorts win (vqsort's setup and its
/// sorting networks pay off on longer arrays).
inline constexpr std::size_t vq_min = 64;

inline const hwy::Sorter& vq_sorter() {
    thread_local const hwy::Sorter sorter;
    return sorter;
}

/// Types whose order maps onto an unsigned key (everything but complex).
template <class T>
inline constexpr bool keyable = std::is_arithmetic_v<T>;

/// An unsigned integer whose order is T's sort order: equal values (0.0 and -0.0, every
/// NaN) map to one key, NaN above +inf. 32-bit keys for types of at most 32 bits.
template <class T>
using key_t = std::conditional_t<(sizeof(T) <= 4), std::uint32_t, std::uint64_t>;

/// The bits of a float as an unsigned integer of the same order (bijective; -0.0 below
/// +0.0; not for NaNs).
template <class T>
constexpr auto float_key(T v) noexcept {
    using K = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    constexpr K top = K{1} << (sizeof(K) * 8 - 1);
    const auto bits = std::bit_cast<K>(v);
    return (bits & top) ? static_cast<K>(~bits) : static_cast<K>(bits | top);
}
template <class T, class K>
constexpr T from_float_key(K k) noexcept {
    constexpr K top = K{1} << (sizeof(K) * 8 - 1);
    return std::bit_cast<T>((k & top) ? static_cast<K>(k ^ top) : static_cast<K>(~k));
}

template <class T>
constexpr key_t<T> order_key(T v) noexcept {
    using K = key_t<T>;
    if constexpr (std::is_floating_point_v<T>) {
        if (v != v) return ~K{0};
        return float_key(v == T(0) ? T(0) : v);
    } else if constexpr (std::is_signed_v<T>) {
        using S = std::make_signed_t<K>;
        return static_cast<K>(static_cast<S>(v)) ^ (K{1} << (sizeof(K) * 8 - 1));
    } else {
        return static_cast<K>(v);
    }
}

/// Moves NaNs to the end of [first, last); returns where they begin.
template <class T>
T* nans_last(T* first, T* last) noexcept {
    if constexpr (std::is_floating_point_v<T> || is_complex_v<T>) {
        bool any = false;
        for (const T* p = first; p != last; ++p) any |= is_nan_value(*p);
        if (any) return std::partition(first, last, [](const T& v) { return !is_nan_value(v); });
    }
    return last;
}

/// Sorts [first, last) ascending, NaNs last (unstable: equal values in any order).
template <class T>
void sort_numbers(T* first, T* last) {
    if (std::is_sorted(first, last, sort_less_fn{})) return;
    if constexpr (std::is_floating_point_v<T>) {
        // Highway 1.0.3's float sorts misplace infinities (its padding value is the
        // largest finite one): the floats are sorted as their order-preserving bits.
        T* end = nans_last(first, last);
        const auto n = static_cast<std::size_t>(end - first);
        if (n < vq_min) {
            std::sort(first, end);
            return;
        }
        using K = decltype(float_key(T{}));
        scratch<K> keys;
        K* k = keys.get(n);
        for (std::size_t i = 0; i < n; ++i) k[i] = float_key(first[i]);
        vq_sorter()(k, n, hwy::SortAscending());
        for (std::size_t i = 0; i < n; ++i) first[i] = from_float_key<T>(k[i]);
    } else if constexpr (vq_native<T>) {
        const auto n = static_cast<std::size_t>(last - first);
        if (n >= vq_min) vq_sorter()(first, n, hwy::SortAscending());
        else std::sort(first, last);
    } else {
        std::sort(first, last, sort_less_fn{});
    }
}

/// Sorts [first, last) ascending, NaNs last, equal values kept in their order.
template <class T>
void stable_sort_numbers(T* first, T* last) {
    if (std::is_sorted(first, last, sort_less_fn{})) return;
    std::stable_sort(first, last, sort_less_fn{});
}

/// The indices 0..n-1 of `values` in sorted order, written to `out`. Stable (ties by
/// index) when `stable`; either way the order of the values is NumPy's.
template <class T, class I>
void argsort_numbers(const T* values, std::size_t n, I* out, bool stable) {
    auto less_at = [values](I x, I y) { return sort_less(values[x], values[y]); };
    std::iota(out, out + n, I{0});
    if (std::is_sorted(values, values + n, sort_less_fn{})) return;
    if constexpr (keyable<T>) {
        if (n >= vq_min) {
            const hwy::Sorter& sorter = vq_sorter();
            // (key, index) pairs; Highway 1.0.3's K64V64 sort loses pairs whose key is
            // the largest, so 64-bit keys go through the 128-bit sort, stable either way.
            if (!stable && sizeof(key_t<T>) == 4 && n <= UINT32_MAX) {
                scratch<hwy::K32V32> buf;
                hwy::K32V32* pairs = buf.get(n);
                for (std::size_t i = 0; i < n; ++i)
                    pairs[i] = {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(order_key(values[i]))};
                sorter(pairs, n, hwy::SortAscending());
                for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<I>(pairs[i].value);
            } else {
                scratch<hwy::uint128_t> buf;
                hwy::uint128_t* pairs = buf.get(n);
                for (std::size_t i = 0; i < n; ++i) pairs[i] = {static_cast<std::uint64_t>(i), order_key(values[i])};
                sorter(pairs, n, hwy::SortAscending());
                for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<I>(pairs[i].lo);
            }
            return;
        }
    }
    if (stable) std::stable_sort(out, out + n, less_at);
    else std::sort(out, out + n, less_at);
}

/// Puts the elements whose sorted positions are `kth` (ascending, distinct, < n) there,
/// smaller ones before each and larger after (introselect's contract), by one selection
/// per kth on what the previous ones left unsorted; with more kth than that is worth, a
/// sort. `at(i)` gives the element that orders position i (the value itself, or the value
/// an index points to); `less` compares two such elements.
template <class It, class Less>
void select_kth(It first, It last, const std::vector<std::size_t>& kth, std::size_t passes_before_sort, Less less) {
    if (kth.size() > passes_before_sort) {
        std::sort(first, last, less);
        return;
    }
    It from = first;
    for (std::size_t k : kth) {
        std::nth_element(from, first + static_cast<std::ptrdiff_t>(k), last, less);
        from = first + static_cast<std::ptrdiff_t>(k) + 1;
    }
}

/// How many of the n elements of `a` (sorted, NaNs last) are not NaN.
template <class T>
std::size_t count_before_nans(const T* a, std::size_t n) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        while (n > 0 && a[n - 1] != a[n - 1]) --n;
    }
    return n;
}

/// For each of the m values v[j], out[j] is the first index i of the sorted a[0, n) with
/// !(a[i] < v[j]) (left) or v[j] < a[i] (right), in NumPy's order. Branch-free searches,
/// sixteen at a time in lockstep so that their cache misses overlap (every search of one
/// array takes the same number of halvings).
template <class T, class I>
void search_sorted_numbers(const T* a, std::size_t n, const T* v, std::size_t m, bool right, I* out) {
    // Floats: NaNs are last in a; a NaN value goes before them (left) or after (right),
    // any other value among the numbers before them, by plain comparisons.
    const std::size_t valid = count_before_nans(a, n);
    constexpr std::size_t lanes = 16;
    std::size_t j = 0;
    auto place = [&](std::size_t count) {
        const T* base[lanes];
        T key[lanes];
        std::size_t live = 0;
        I* dest[lanes];
        for (std::size_t l = 0; l < count; ++l) {
            const T x = v[j + l];
            if (is_nan_value(x)) {
                out[j + l] = static_cast<I>(right ? n : valid);
                continue;
            }
            key[live] = x;
            dest[live] = out + j + l;
            base[live++] = a;
        }
        if (valid == 0) {
            for (std::size_t l = 0; l < live; ++l) *dest[l] = 0;
            return;
        }
        std::size_t len = valid;
        while (len > 1) {
            const std::size_t half = len / 2;
            for (std::size_t l = 0; l < live; ++l) {
                const T probe = base[l][half];
                const bool go = right ? !(key[l] < probe) : probe < key[l];
                base[l] = go ? base[l] + half : base[l];
                __builtin_prefetch(base[l] + (len - half) / 2);  // the next probe
            }
            len -= half;
        }
        for (std::size_t l = 0; l < live; ++l) {
            const bool go = right ? !(key[l] < *base[l]) : *base[l] < key[l];
            *dest[l] = static_cast<I>(base[l] - a + go);
        }
    };
    for (; j + lanes <= m; j += lanes) place(lanes);
    if (j < m) place(m - j);
}

template <class T, class I>
void search_sorted(const T* a, std::size_t n, const T* v, std::size_t m, bool right, I* out) {
    if constexpr (is_complex_v<T>) {  // the generic order, one search at a time
        for (std::size_t j = 0; j < m; ++j) {
            const T* p = right ? std::upper_bound(a, a + n, v[j], sort_less_fn{})
                               : std::lower_bound(a, a + n, v[j], sort_less_fn{});
            out[j] = static_cast<I>(p - a);
        }
    } else {
        search_sorted_numbers(a, n, v, m, right, out);
    }
}

}  // namespace me::detail

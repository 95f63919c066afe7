/// @file detail/sets_sort.hpp
/// @brief Every sort the set family does, behind three functions: `sort_values` (values in
/// place), `argsort_values` (a stable permutation with the sorted values) and
/// `argsort_rows` (a stable permutation of rows compared lexicographically).
///
/// Why one place: the sort family brings a vectorised kernel (libhwy's vqsort); pointing
/// `sort_values` and `argsort_values` at it (vqsort sorts keys, and (key, index) pairs for
/// the stable permutation) speeds up every set op without touching them. Until then they
/// are std::sort on NumPy's order.
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

#include "allocator.hpp"
#include "types.hpp"

namespace me::detail::sets {

/// A scratch buffer of n numbers, left uninitialised, from the allocator of `me::array`
/// (huge pages for big ones, and an out-of-memory `me::ValueError` instead of
/// std::bad_alloc). Not std::vector: that would zero what is about to be written, and
/// vector<bool> packs bits.
template <class T>
class scratch {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    scratch() noexcept = default;
    explicit scratch(std::size_t n) : size_(n), capacity_(n), data_(n ? huge_page_allocator<T>{}.allocate(n) : nullptr) {}
    template <class It>
    scratch(It first, It last) : scratch(static_cast<std::size_t>(std::distance(first, last))) {
        std::copy(first, last, data_);
    }
    scratch(scratch&& other) noexcept
        : size_(std::exchange(other.size_, 0)), capacity_(std::exchange(other.capacity_, 0)), data_(std::exchange(other.data_, nullptr)) {}
    scratch& operator=(scratch&& other) noexcept {
        scratch gone(std::move(*this));
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        data_ = std::exchange(other.data_, nullptr);
        return *this;
    }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    ~scratch() {
        if (data_) huge_page_allocator<T>{}.deallocate(data_, capacity_);
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T* data() noexcept { return data_; }
    const T* data() const noexcept { return data_; }
    T* begin() noexcept { return data_; }
    T* end() noexcept { return data_ + size_; }
    const T* begin() const noexcept { return data_; }
    const T* end() const noexcept { return data_ + size_; }
    T& operator[](std::size_t i) noexcept { return data_[i]; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    /// Keeps the first n elements (n <= size()).
    void shrink(std::size_t n) noexcept { size_ = n; }

private:
    std::size_t size_ = 0, capacity_ = 0;
    T* data_ = nullptr;
};

template <class T>
constexpr bool has_nan_v = std::is_floating_point_v<T> || is_complex_v<T>;

/// True for NaN, and for a complex value with a NaN part.
template <class T>
bool is_nan(const T& v) noexcept {
    if constexpr (is_complex_v<T>) return std::isnan(v.real()) || std::isnan(v.imag());
    else if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
    else return false;
}

/// NumPy's `<` for sorting (the file comment), a strict weak order.
template <class T>
bool numpy_less(const T& a, const T& b) noexcept {
    if constexpr (is_complex_v<T>) {
        const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
        if (ar < br) return ai == ai || bi != bi;
        if (ar > br) return bi != bi && ai == ai;
        if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
        return br != br;
    } else if constexpr (std::is_floating_point_v<T>) {
        return a < b || (b != b && a == a);
    } else {
        return a < b;
    }
}

/// Sorts [first, last) ascending in NumPy's order.
template <class T>
void sort_values(T* first, T* last) {
    if constexpr (std::is_floating_point_v<T>) {
        // NaNs to the back first, so the sort proper compares with a plain `<`.
        T* numbers = std::partition(first, last, [](T v) { return v == v; });
        std::sort(first, numbers);
    } else if constexpr (is_complex_v<T>) {
        std::sort(first, last, [](const T& a, const T& b) { return numpy_less(a, b); });
    } else {
        std::sort(first, last);
    }
}

/// The stable sorting permutation of keys[0, n): perm[i] is the position in `keys` of the
/// i-th smallest (ties in order of position), and sorted[i] = keys[perm[i]].
template <class T>
void argsort_values(const T* keys, std::size_t n, std::int64_t* perm, T* sorted) {
    struct item {
        T key;
        std::int64_t at;
    };
    scratch<item> items(n);
    for (std::size_t i = 0; i < n; ++i) items[i] = {keys[i], static_cast<std::int64_t>(i)};
    // The position breaks ties, so an unstable sort gives the stable permutation.
    auto by_position = [](const item& a, const item& b) { return a.at < b.at; };
    if constexpr (std::is_floating_point_v<T>) {
        auto numbers = std::partition(items.begin(), items.end(), [](const item& v) { return v.key == v.key; });
        std::sort(items.begin(), numbers, [](const item& a, const item& b) { return a.key < b.key || (a.key == b.key && a.at < b.at); });
        std::sort(numbers, items.end(), by_position);
    } else {
        std::sort(items.begin(), items.end(), [](const item& a, const item& b) {
            return numpy_less(a.key, b.key) || (!numpy_less(b.key, a.key) && a.at < b.at);
        });
    }
    for (std::size_t i = 0; i < n; ++i) {
        perm[i] = items[i].at;
        sorted[i] = items[i].key;
    }
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
            if (numpy_less(x[j], y[j])) return true;
            if (numpy_less(y[j], x[j])) return false;
        }
        return a < b;
    });
}

}  // namespace me::detail::sets

/// @file detail/scratch.hpp
/// @brief The one scratch buffer of the kernels (sorting, sets, histograms ...): n
/// uninitialised trivially copyable elements from me::array's allocator.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

#include "allocator.hpp"

namespace me::detail {

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
    /// n elements, reusing the buffer when it is large enough (contents not kept): one
    /// buffer serves every slice of a loop.
    T* get(std::size_t n) {
        if (n > capacity_) *this = scratch(n);
        size_ = n;
        return data_;
    }

private:
    std::size_t size_ = 0, capacity_ = 0;
    T* data_ = nullptr;
};

}  // namespace me::detail

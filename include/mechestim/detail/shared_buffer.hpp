/// @file detail/shared_buffer.hpp
/// @brief The storage behind `me::array`: a contiguous buffer whose block can be shared by views.
///
/// Why not xtensor's `uvector`: a view must keep its base's elements alive after the base is
/// gone (NumPy's views hold a reference to their base), so the block needs a reference count.
/// `std::shared_ptr` would cost a second allocation per array, which is a measurable part of
/// an 8-element op; here the count lives in a small header in front of the elements, in the
/// same allocation. The header also carries the `written` flag that symmetry tags rely on:
/// a tag is only valid while nothing has written to the block since it was set (see
/// `me::array::symmetric_axes`), whichever array or view did the writing.
///
/// Copies are deep (an array has value semantics); only views and the internal aliasing
/// arrays of `detail::contiguous` share a block.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#include "allocator.hpp"

namespace me::detail {

/// The header in front of every non-empty buffer. 16 bytes, so the elements keep the
/// alignment malloc gives.
struct alignas(16) block_header {
    std::atomic<std::size_t> references;
    /// Set by every write access to the elements; cleared when a symmetry tag is set.
    std::atomic<bool> written;
    std::size_t bytes;  // of the whole allocation, header included
};
static_assert(sizeof(block_header) == 16 || sizeof(block_header) == 32);

/// A counted reference to a block: what a view holds to keep its base's elements alive.
class block_ref {
public:
    block_ref() noexcept = default;
    explicit block_ref(block_header* block) noexcept : block_(block) {
        if (block_) block_->references.fetch_add(1, std::memory_order_relaxed);
    }
    block_ref(const block_ref& other) noexcept : block_ref(other.block_) {}
    block_ref(block_ref&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    block_ref& operator=(block_ref other) noexcept {
        std::swap(block_, other.block_);
        return *this;
    }
    ~block_ref() { release(block_); }

    block_header* get() const noexcept { return block_; }

    /// Drops one reference; the last one frees the block. A sole owner skips the atomic
    /// read-modify-write (nobody else can be taking a reference at the same time).
    static void release(block_header* block) noexcept {
        if (block == nullptr) return;
        if (block->references.load(std::memory_order_acquire) == 1 ||
            block->references.fetch_sub(1, std::memory_order_acq_rel) == 1)
            free_block(block);
    }
    static void free_block(block_header* block) noexcept {
        const std::size_t bytes = block->bytes;
        block->~block_header();
        huge_page_allocator<unsigned char>{}.deallocate(reinterpret_cast<unsigned char*>(block), bytes);
    }

private:
    block_header* block_ = nullptr;
};

/// Marks a block written (a relaxed store: cheap enough for every mutable access).
inline void mark_written(block_header* block) noexcept {
    if (block) block->written.store(true, std::memory_order_relaxed);
}

/// xtensor's storage concept (what `uvector` offers) over a counted block.
template <class T>
class shared_buffer {

public:
    using value_type = T;
    using allocator_type = std::allocator<T>;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using reference = T&;
    using const_reference = const T&;
    using pointer = T*;
    using const_pointer = const T*;
    using iterator = T*;
    using const_iterator = const T*;
    using reverse_iterator = std::reverse_iterator<iterator>;
    using const_reverse_iterator = std::reverse_iterator<const_iterator>;

    static constexpr std::size_t header_bytes = (sizeof(block_header) + alignof(T) - 1) / alignof(T) * alignof(T);

    shared_buffer() noexcept = default;
    explicit shared_buffer(size_type n, const allocator_type& = {}) { allocate(n); }
    shared_buffer(size_type n, const_reference value, const allocator_type& = {}) {
        allocate(n);
        std::uninitialized_fill_n(data_, n, value);
    }
    template <class InputIt, class = typename std::iterator_traits<InputIt>::iterator_category>
    shared_buffer(InputIt first, InputIt last, const allocator_type& = {}) {
        allocate(static_cast<size_type>(std::distance(first, last)));
        std::uninitialized_copy(first, last, data_);
    }
    shared_buffer(std::initializer_list<T> values, const allocator_type& = {}) : shared_buffer(values.begin(), values.end()) {}

    shared_buffer(const shared_buffer& other) : shared_buffer(other.begin(), other.end()) {}
    shared_buffer(shared_buffer&& other) noexcept
        : block_(std::exchange(other.block_, nullptr)), data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)) {}
    /// Same size and sole owner: copied in place (views see the write, as NumPy's `a[...] = b`
    /// would show them). Otherwise a fresh block, so views of the old elements keep them.
    shared_buffer& operator=(const shared_buffer& other) {
        if (this == &other) return *this;
        if (size_ == other.size_ && unique()) {
            std::copy(other.begin(), other.end(), data_);
            mark_written(block_);
        } else {
            shared_buffer copy(other);
            swap(copy);
        }
        return *this;
    }
    shared_buffer& operator=(shared_buffer&& other) noexcept {
        shared_buffer moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~shared_buffer() { block_ref::release(block_); }

    /// Internal: a buffer over `n` elements at `data` inside `block` (an aliasing buffer for
    /// a contiguous view: no copy). Copying it copies the elements, as any copy does.
    static shared_buffer alias(block_header* block, T* data, size_type n) noexcept {
        shared_buffer b;
        if (block) block->references.fetch_add(1, std::memory_order_relaxed);
        b.block_ = block;
        b.data_ = data;
        b.size_ = n;
        return b;
    }

    allocator_type get_allocator() const noexcept { return {}; }
    bool empty() const noexcept { return size_ == 0; }
    size_type size() const noexcept { return size_; }
    size_type max_size() const noexcept { return static_cast<size_type>(PTRDIFF_MAX) / sizeof(T); }
    size_type capacity() const noexcept { return size_; }
    void reserve(size_type) {}
    void shrink_to_fit() {}
    void clear() { resize(0); }
    /// A new size gets a new block (uninitialised, as uvector's); the same size keeps it.
    void resize(size_type n) {
        if (n == size_) return;
        shared_buffer fresh(n);
        swap(fresh);
    }

    reference operator[](size_type i) noexcept { return data_[i]; }
    const_reference operator[](size_type i) const noexcept { return data_[i]; }
    reference at(size_type i) {
        if (i >= size_) throw std::out_of_range("shared_buffer::at");
        return data_[i];
    }
    const_reference at(size_type i) const {
        if (i >= size_) throw std::out_of_range("shared_buffer::at");
        return data_[i];
    }
    reference front() noexcept { return data_[0]; }
    const_reference front() const noexcept { return data_[0]; }
    reference back() noexcept { return data_[size_ - 1]; }
    const_reference back() const noexcept { return data_[size_ - 1]; }
    pointer data() noexcept { return data_; }
    const_pointer data() const noexcept { return data_; }

    iterator begin() noexcept { return data_; }
    iterator end() noexcept { return data_ + size_; }
    const_iterator begin() const noexcept { return data_; }
    const_iterator end() const noexcept { return data_ + size_; }
    const_iterator cbegin() const noexcept { return data_; }
    const_iterator cend() const noexcept { return data_ + size_; }
    reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
    reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
    const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }
    const_reverse_iterator crbegin() const noexcept { return rbegin(); }
    const_reverse_iterator crend() const noexcept { return rend(); }

    void swap(shared_buffer& other) noexcept {
        std::swap(block_, other.block_);
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
    }

    block_header* block() const noexcept { return block_; }
    /// Whether no view or alias shares the block.
    bool unique() const noexcept {
        return block_ == nullptr || block_->references.load(std::memory_order_acquire) == 1;
    }

private:
    void allocate(size_type n) {
        if (n == 0) return;
        // The element count was checked against PTRDIFF_MAX bytes when the shape came in;
        // this is the last line against a wrapping byte count.
        std::size_t bytes = 0;
        if (__builtin_mul_overflow(n, sizeof(T), &bytes) || __builtin_add_overflow(bytes, header_bytes, &bytes) ||
            bytes > static_cast<std::size_t>(PTRDIFF_MAX))
            throw ValueError(cat("array is too big: ", n, " elements of ", sizeof(T), " bytes"));
        unsigned char* raw = huge_page_allocator<unsigned char>{}.allocate(bytes);
        block_ = ::new (raw) block_header{{1}, {false}, bytes};
        data_ = reinterpret_cast<T*>(raw + header_bytes);
        size_ = n;
    }

    block_header* block_ = nullptr;
    T* data_ = nullptr;
    size_type size_ = 0;
};

template <class T>
void swap(shared_buffer<T>& a, shared_buffer<T>& b) noexcept {
    a.swap(b);
}

}  // namespace me::detail

/// @file detail/allocator.hpp
/// @brief The allocator behind `me::array`: large buffers are asked for transparent huge pages.
///
/// Why: on the VMs we run on, the first touch of each fresh 4 KiB page costs ~12 us, so
/// an allocating 1e7-element add is ~15x slower than NumPy, which madvises huge pages for
/// allocations of 4 MiB and more. We do the same: 2 MiB alignment + MADV_HUGEPAGE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>

#include <sys/mman.h>

#include "../errors.hpp"
#include "format.hpp"

namespace me::detail {

/// Recently freed large buffers, kept for reuse. Returning a huge-page buffer to the kernel
/// and asking for a new one costs page faults and zeroing on every allocating op in a
/// loop; NumPy keeps a small cache for the same reason. Bounded (8 buffers, 256 MiB) and
/// exact-size (sizes are rounded to 2 MiB, and loops allocate the same shapes).
class large_buffer_cache {
public:
    static constexpr std::size_t max_buffers = 8;
    static constexpr std::size_t max_bytes = std::size_t{256} << 20;

    void* take(std::size_t bytes) noexcept {
        std::lock_guard lock(mutex_);
        for (std::size_t i = count_; i-- > 0;)
            if (buffers_[i].bytes == bytes) {
                void* p = buffers_[i].pointer;
                remove(i);
                return p;
            }
        return nullptr;
    }

    void give(void* p, std::size_t bytes) noexcept {
        void* evicted = nullptr;
        {
            std::lock_guard lock(mutex_);
            if (bytes > max_bytes) {
                evicted = p;
            } else {
                while (count_ > 0 && (count_ == max_buffers || total_ + bytes > max_bytes)) {
                    std::free(evicted);
                    evicted = buffers_[0].pointer;
                    remove(0);
                }
                buffers_[count_++] = {p, bytes};
                total_ += bytes;
            }
        }
        std::free(evicted);
    }

    /// The process-wide cache. Never destroyed: arrays with static storage may free their
    /// buffers after it would have been.
    static large_buffer_cache& instance() {
        static auto* cache = new large_buffer_cache;
        return *cache;
    }

private:
    struct buffer {
        void* pointer;
        std::size_t bytes;
    };
    void remove(std::size_t i) noexcept {
        total_ -= buffers_[i].bytes;
        for (std::size_t j = i + 1; j < count_; ++j) buffers_[j - 1] = buffers_[j];
        --count_;
    }

    std::mutex mutex_;
    buffer buffers_[max_buffers]{};
    std::size_t count_ = 0;
    std::size_t total_ = 0;
};

template <class T>
struct huge_page_allocator {
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t{2} << 20;
    static constexpr std::size_t threshold = std::size_t{4} << 20;

    huge_page_allocator() noexcept = default;
    template <class U>
    huge_page_allocator(const huge_page_allocator<U>&) noexcept {}

    /// Small buffers as std::allocator gives them (the hot path of small ops, inline);
    /// large ones 2 MiB-aligned and advised huge pages, or reused from the cache.
    T* allocate(std::size_t n) {
        if (n < threshold / sizeof(T)) [[likely]] {
            try {
                return std::allocator<T>{}.allocate(n);
            } catch (const std::bad_alloc&) {
                out_of_memory(n * sizeof(T));
            }
        }
        return allocate_large(n);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < threshold)
            std::allocator<T>{}.deallocate(p, n);
        else
            large_buffer_cache::instance().give(p, (bytes + huge_page - 1) / huge_page * huge_page);
    }

    template <class U>
    bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }

private:
    [[gnu::noinline]] static T* allocate_large(std::size_t n) {
        // Shapes are checked before anything is sized by them (detail::checked_size); this
        // is the last line: no wrapping byte count, and no std::bad_alloc out of a me:: op.
        std::size_t bytes = 0;
        if (__builtin_mul_overflow(n, sizeof(T), &bytes) || bytes > static_cast<std::size_t>(PTRDIFF_MAX) - huge_page)
            throw ValueError(cat("array is too big: ", n, " elements of ", sizeof(T), " bytes"));
        const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        if (void* cached = large_buffer_cache::instance().take(rounded)) return static_cast<T*>(cached);
        void* p = std::aligned_alloc(huge_page, rounded);
        if (p == nullptr) out_of_memory(bytes);
        ::madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure only costs speed
        return static_cast<T*>(p);
    }

    /// NumPy's MemoryError, as the me:: error the contract gives giant shapes.
    [[noreturn]] static void out_of_memory(std::size_t bytes) {
        throw ValueError(cat("Unable to allocate ", bytes, " bytes for an array: out of memory"));
    }
};

}  // namespace me::detail

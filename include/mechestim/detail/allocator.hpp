/// @file detail/allocator.hpp
/// @brief The allocator behind `me::array`: large buffers are asked for transparent huge pages.
///
/// Why: on the VMs we run on, the first touch of each fresh 4 KiB page costs ~12 us, so
/// an allocating 1e7-element add is ~15x slower than NumPy, which madvises huge pages for
/// allocations of 4 MiB and more. We do the same: 2 MiB alignment + MADV_HUGEPAGE.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#include <sys/mman.h>

namespace me::detail {

template <class T>
struct huge_page_allocator {
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t{2} << 20;
    static constexpr std::size_t threshold = std::size_t{4} << 20;

    huge_page_allocator() noexcept = default;
    template <class U>
    huge_page_allocator(const huge_page_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < threshold) return std::allocator<T>{}.allocate(n);
        const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        void* p = std::aligned_alloc(huge_page, rounded);
        if (p == nullptr) throw std::bad_alloc();
        ::madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure only costs speed
        return static_cast<T*>(p);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < threshold)
            std::allocator<T>{}.deallocate(p, n);
        else
            std::free(p);
    }

    template <class U>
    bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
};

}  // namespace me::detail

// Shared by the libFuzzer targets: reading typed values off the fuzzer's bytes, and the
// one rule every target enforces: a me:: function either works or raises a me:: error.
// Anything else (another exception type, a crash, a sanitizer report, a wrong charge)
// aborts, and libFuzzer keeps the input that did it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace fuzz {

/// Consumes the fuzzer's bytes front to back; past the end every read returns 0.
class reader {
public:
    reader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

    bool empty() const { return p_ >= end_; }
    std::uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
    template <class T>
    T value() {
        T v{};
        const std::size_t n = std::min<std::size_t>(sizeof(T), static_cast<std::size_t>(end_ - p_));
        if (p_ < end_) std::memcpy(&v, p_, n);
        p_ += n;
        return v;
    }
    /// A small number in [0, n), or a byte's worth when n is 0.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : byte() % n; }
    /// A string of up to `max` bytes, ended by a 0 byte or the input's end.
    std::string text(std::size_t max) {
        std::string s;
        while (s.size() < max && p_ < end_ && *p_ != 0) s.push_back(static_cast<char>(*p_++));
        if (p_ < end_) ++p_;
        return s;
    }
    /// A dimension length: mostly small, sometimes one of the values that break naive
    /// arithmetic (0, huge, powers of two around the wrap of 64-bit products).
    std::size_t length() {
        const std::uint8_t kind = byte();
        switch (kind % 16) {
            case 0: return 0;
            case 1: return std::size_t{1} << (byte() % 64);
            case 2: return (std::size_t{1} << (byte() % 64)) + byte();
            case 3: return static_cast<std::size_t>(-1) - byte();
            case 4: return value<std::uint64_t>();
            default: return kind % 6;
        }
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

inline void require(bool ok, const char* what) {
    if (!ok) fail(what);
}

/// The product of lengths, or SIZE_MAX when it overflows.
inline std::size_t product(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (auto d : shape)
        if (__builtin_mul_overflow(n, d, &n)) return SIZE_MAX;
    return n;
}

}  // namespace fuzz

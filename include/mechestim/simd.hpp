/// @file simd.hpp
/// @brief Which SIMD width the vectorised kernels run at: found from the CPU at run time,
/// capped by `MECHESTIM_SIMD` or by `me::set_simd_level`.
///
/// Users compile with their own flags, usually with no `-march`; the kernels are built for
/// every level and the widest one the CPU (and the OS) supports is chosen when the first op
/// runs. Every level gives the same values to the bit (docs/simd.md says why), so the
/// level changes speed only; forcing one is for tests and for measuring.
#pragma once

#include <atomic>
#include <cstdlib>
#include <string>
#include <string_view>

#include "errors.hpp"

namespace me {

/// The kernels' widths, narrowest first. `scalar` runs the same functions one element at a
/// time; `avx` is SLEEF's AVX build (256-bit, no FMA), which AVX2 machines run too.
enum class simd_level { scalar = 0, sse2 = 1, avx = 2, avx512 = 3 };

/// "scalar", "sse2", "avx" or "avx512".
constexpr std::string_view simd_level_name(simd_level level) noexcept {
    constexpr std::string_view names[] = {"scalar", "sse2", "avx", "avx512"};
    return names[static_cast<int>(level)];
}

namespace detail {

inline simd_level detect_simd_level() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    // __builtin_cpu_supports checks that the OS saves the wider registers, too.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return simd_level::avx512;
    if (__builtin_cpu_supports("avx")) return simd_level::avx;
    return simd_level::sse2;
#else
    return simd_level::scalar;
#endif
}

inline simd_level parse_simd_level(std::string_view text) {
    for (int i = 0; i <= static_cast<int>(simd_level::avx512); ++i)
        if (simd_level_name(static_cast<simd_level>(i)) == text) return static_cast<simd_level>(i);
    throw ValueError("MECHESTIM_SIMD: unknown level '" + std::string(text) + "' (scalar, sse2, avx or avx512)");
}

inline simd_level capped(simd_level wanted) noexcept {
    static const simd_level supported = detect_simd_level();
    return static_cast<int>(wanted) < static_cast<int>(supported) ? wanted : supported;
}

/// -1 until the first op reads MECHESTIM_SIMD.
inline std::atomic<int> chosen_simd_level{-1};

}  // namespace detail

/// The widest level this CPU and OS support. FLOPs: none.
inline simd_level detected_simd_level() noexcept { return detail::capped(simd_level::avx512); }

/// The level the kernels run at: the detected one, or `MECHESTIM_SIMD`'s (capped at the
/// detected one), or the last `set_simd_level`. An unknown `MECHESTIM_SIMD` raises
/// `me::ValueError` here, before the first vectorised op charges anything. FLOPs: none.
inline simd_level simd_level_in_use() {
    const int level = detail::chosen_simd_level.load(std::memory_order_relaxed);
    if (level >= 0) [[likely]]
        return static_cast<simd_level>(level);
    const char* text = std::getenv("MECHESTIM_SIMD");
    const simd_level wanted = text && *text ? detail::parse_simd_level(text) : simd_level::avx512;
    const simd_level chosen = detail::capped(wanted);
    detail::chosen_simd_level.store(static_cast<int>(chosen), std::memory_order_relaxed);
    return chosen;
}

/// Runs the kernels at `level` from now on, in every thread (capped at the detected level,
/// which it returns if the cap applied). FLOPs: none.
inline simd_level set_simd_level(simd_level level) noexcept {
    const simd_level chosen = detail::capped(level);
    detail::chosen_simd_level.store(static_cast<int>(chosen), std::memory_order_relaxed);
    return chosen;
}

}  // namespace me

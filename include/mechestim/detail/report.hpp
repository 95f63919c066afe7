/// @file detail/report.hpp
/// @brief Text layout shared by the per-context summary (budget.hpp) and the session
/// table (summary.hpp): display widths of UTF-8 text, padding, percentages.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "../flops/count.hpp"

namespace me::detail {

/// Share of `part` in `whole`, in percent (0 when `whole` is 0).
inline double percent(flops_t part, flops_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

/// Columns a UTF-8 string takes: one per code point. Written by hand because reports pad
/// namespace names, which are user text and may hold non-ASCII letters, and the table is
/// drawn with multi-byte box characters, so byte counts would misalign it.
inline std::size_t display_width(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

inline std::string pad_right(std::string_view s, std::size_t width) {
    std::string out(s);
    const std::size_t w = display_width(s);
    if (w < width) out.append(width - w, ' ');
    return out;
}

inline std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    out.reserve(piece.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
}

/// Whether `s` is well-formed UTF-8 (no stray continuation bytes, no overlong forms, no
/// surrogates, nothing above U+10FFFF): namespaces must be, since summaries are written
/// as JSON.
inline bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        const char32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

}  // namespace me::detail

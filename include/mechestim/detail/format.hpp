/// @file detail/format.hpp
/// @brief Text helpers for error messages and summaries, without fmt: the cost layer and
/// the error types include this, and must stay cheap to include (no fmt, no xtensor).
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace me::detail {

/// An integer as decimal text.
template <std::integral I>
std::string int_text(I v) {
    if constexpr (std::is_same_v<I, bool>) {
        return v ? "true" : "false";
    } else {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    }
}

/// A double printed the way Python's repr would: the shortest text that reads back exactly
/// (`0.5`, `1e-06`, `inf`, `nan`).
inline std::string general_number(double v) {
    if (v != v) return "nan";
    if (v == 1.0 / 0.0) return "inf";
    if (v == -1.0 / 0.0) return "-inf";
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

/// 1234567 -> "1,234,567". Written by hand rather than through a locale so that the
/// output never depends on the user's locale (only C/POSIX exist on many machines).
inline std::string thousands(std::int64_t v) {
    const std::string digits = int_text(v);
    const std::size_t start = (v < 0) ? 1 : 0;
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

/// Python's repr of a tuple of ints: (0, 1), (3,), ().
template <class Seq>
std::string tuple_string(const Seq& s) {
    std::string out = "(";
    std::size_t n = 0;
    for (auto v : s) {
        if (n++) out += ", ";
        out += int_text(v);
    }
    if (n == 1) out += ",";
    return out + ")";
}

namespace text_detail {
inline void append(std::string& out, std::string_view s) { out += s; }
inline void append(std::string& out, const char* s) { out += s; }
inline void append(std::string& out, const std::string& s) { out += s; }
inline void append(std::string& out, char c) { out += c; }
template <std::integral I>
    requires(!std::is_same_v<I, char>)
void append(std::string& out, I v) { out += int_text(v); }
template <std::floating_point F>
void append(std::string& out, F v) { out += general_number(static_cast<double>(v)); }
}  // namespace text_detail

/// Concatenates strings, characters and numbers into one message: the fmt-free way the
/// cost layer and the error types build their text.
template <class... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (text_detail::append(out, parts), ...);
    return out;
}

}  // namespace me::detail

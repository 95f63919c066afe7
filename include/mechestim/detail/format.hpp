/// @file detail/format.hpp
/// @brief Small text helpers shared by errors and summaries (no xtensor here, so errors stay cheap to include).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace me::detail {

/// 1234567 -> "1,234,567". Written by hand rather than through a locale so that the
/// output never depends on the user's locale (only C/POSIX exist on many machines).
inline std::string thousands(std::int64_t v) {
    std::string digits = fmt::format("{}", v);
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
        out += fmt::format("{}", v);
    }
    if (n == 1) out += ",";
    return out + ")";
}

/// A double printed the way Python's repr would: shortest round-trip form.
inline std::string general_number(double v) { return fmt::format("{}", v); }

}  // namespace me::detail

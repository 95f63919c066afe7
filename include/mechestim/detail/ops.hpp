/// @file detail/ops.hpp
/// @brief Op identities: every tallied name is an index into the registry table,
/// resolved at compile time, so that a charge indexes an array instead of hashing a string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "registry_table.hpp"

namespace me::detail {

using op_id = std::uint16_t;

inline constexpr std::size_t op_count = registry_rows.size();

/// Index of a registry name. consteval, so a misspelt name is a compile error.
consteval op_id op_index(std::string_view name) {
    for (std::size_t i = 0; i < registry_rows.size(); ++i)
        if (registry_rows[i].name == name) return static_cast<op_id>(i);
    throw "mechestim: op name is not in the registry";
}

constexpr std::string_view op_name(op_id id) { return registry_rows[id].name; }

/// A string literal usable as a template argument (the op's registry name).
template <std::size_t N>
struct op_literal {
    char text[N]{};
    constexpr op_literal(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
    }
    constexpr operator std::string_view() const { return {text, N - 1}; }
};

/// The name `L` as a type, for class templates that need their op id at class scope
/// (clang 14 cannot evaluate `op_index(L)` on a class-type template argument there).
template <op_literal L>
struct literal_name {
    static constexpr std::string_view value{L.text, sizeof(L.text) - 1};
};

}  // namespace me::detail

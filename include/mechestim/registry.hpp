/// @file registry.hpp
/// @brief The operation registry: every NumPy name of the reference, with its module,
/// category, cost formula, notes and whether mechestim implements it.
///
/// The table is generated (tools/gen_registry.py writes detail/registry_table.hpp from
/// tools/registry/registry.tsv and the per-family status files) and is the single source of
/// truth: op ids, docs, the operation audit and the remote whitelist all come from it.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "blocked.hpp"
#include "errors.hpp"
#include "detail/ops.hpp"
#include "detail/registry_table.hpp"

namespace me {

/// How an operation is priced.
enum class Category : unsigned char {
    free,               ///< cost 0: creation, shape, views, indexing, joining, splitting
    counted_unary,      ///< numel(output)
    counted_binary,     ///< numel of the broadcast output
    counted_reduction,  ///< numel(input)
    counted_custom,     ///< an op-specific formula (contractions, linalg, fft, random, sorting ...)
    blocked,            ///< not available: a compile-time error in C++, UnsupportedFunctionError at run time
};

/// One registry entry.
struct OpInfo {
    std::string_view name;          ///< NumPy name, submodule-prefixed: "einsum", "linalg.svd", "random.randn"
    std::string_view module;        ///< the submodule: "numpy" (top level), "linalg", "fft" or "random"
    Category category;
    std::string_view cost_formula;  ///< the formula as the reference writes it ("-" for free and blocked)
    std::string_view notes;         ///< why a name is blocked or not implemented, else empty
    bool implemented;               ///< mechestim provides it
};

namespace detail {

constexpr Category to_category(registry_category c) {
    switch (c) {
        case registry_category::free: return Category::free;
        case registry_category::counted_unary: return Category::counted_unary;
        case registry_category::counted_binary: return Category::counted_binary;
        case registry_category::counted_reduction: return Category::counted_reduction;
        case registry_category::counted_custom: return Category::counted_custom;
        case registry_category::blocked: return Category::blocked;
    }
    return Category::blocked;
}

consteval std::array<OpInfo, op_count> make_registry() {
    std::array<OpInfo, op_count> out{};
    for (std::size_t i = 0; i < op_count; ++i) {
        const auto& r = registry_rows[i];
        out[i] = OpInfo{r.name, r.module, to_category(r.category), r.cost_formula, r.notes, r.implemented};
    }
    return out;
}

inline constexpr std::array<OpInfo, op_count> registry_infos = make_registry();

}  // namespace detail

/// Every name of the registry (482), in the table's order (the op-id order).
/// FLOPs: none (free).
constexpr std::span<const OpInfo> registry() noexcept { return detail::registry_infos; }

/// The entry of a registry name ("sum", "linalg.svd", "random.randn"), or nullptr.
/// FLOPs: none (free).
constexpr const OpInfo* find_op(std::string_view name) noexcept {
    for (const OpInfo& op : detail::registry_infos)
        if (op.name == name) return &op;
    return nullptr;
}

/// For callers that reach ops by name at run time (the remote path): the entry of `name`
/// if mechestim can run it. FLOPs: none (free).
/// @throws me::UnsupportedFunctionError (with `func_name` and `reason`) when the name is
///         blocked, not implemented, or not in the registry.
inline const OpInfo& require_supported(std::string_view name) {
    const OpInfo* op = find_op(name);
    if (op == nullptr)
        throw UnsupportedFunctionError(std::string(name), "it is not a NumPy name of the mechestim registry");
    if (op->category == Category::blocked)
        throw UnsupportedFunctionError(std::string(name), "it is blocked: " + std::string(op->notes));
    if (!op->implemented)
        throw UnsupportedFunctionError(std::string(name), op->notes.empty()
                                                              ? std::string("it is not implemented yet")
                                                              : "it is not implemented: " + std::string(op->notes));
    return *op;
}

}  // namespace me

/// @file summary.hpp
/// @brief Budget reports: per-context summaries and the session summary table.
#pragma once

#include <string>

#include <fmt/format.h>

#include "budget.hpp"

namespace me::detail {

/// Text summary of one context (the reference's `BudgetContext.summary()` format).
inline std::string context_summary(const budget_state& st) {
    return with_lock([&] { return fmt::format("mechestim FLOP Budget Summary [{}]\n", st.display_name()); });
}

}  // namespace me::detail

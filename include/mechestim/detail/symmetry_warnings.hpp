/// @file detail/symmetry_warnings.hpp
/// @brief The SymmetryLossWarning hook (`me::configure_symmetry_warnings`,
/// `me::set_symmetry_warning_handler`): a leaf header, so that indexing (view.hpp) can warn
/// as every other op does without depending on symmetry.hpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "../shape.hpp"

namespace me {

/// Receives the text of each SymmetryLossWarning.
using symmetry_warning_handler = std::function<void(std::string_view)>;

namespace detail {
struct symmetry_warning_state {
    std::atomic<bool> enabled{false};
    std::mutex mutex;  // guards `handler`; the flag alone keeps the silent path lock-free
    symmetry_warning_handler handler;
};
inline symmetry_warning_state& symmetry_warnings() {
    static symmetry_warning_state state;
    return state;
}
inline void default_symmetry_warning(std::string_view message) {
    fmt::print(stderr, "mechestim: SymmetryLossWarning: {}\n", message);
}
}  // namespace detail

/// Turns SymmetryLossWarning on or off for the whole process (off by default; the
/// reference's `me.configure(symmetry_warnings=...)`). Thread-safe. FLOPs: 0.
inline void configure_symmetry_warnings(bool enabled) noexcept {
    detail::symmetry_warnings().enabled.store(enabled, std::memory_order_relaxed);
}

/// Whether SymmetryLossWarning is on. FLOPs: 0.
inline bool symmetry_warnings_enabled() noexcept {
    return detail::symmetry_warnings().enabled.load(std::memory_order_relaxed);
}

/// Replaces what receives a SymmetryLossWarning (by default a line on stderr:
/// "mechestim: SymmetryLossWarning: Symmetry lost along dims (0, 1): ..."); an empty
/// function restores the default. Returns the previous handler (empty if it was the
/// default). Thread-safe; the handler may be called from any thread that runs an op.
/// FLOPs: 0.
inline symmetry_warning_handler set_symmetry_warning_handler(symmetry_warning_handler handler) {
    auto& s = detail::symmetry_warnings();
    std::lock_guard lock(s.mutex);
    std::swap(s.handler, handler);
    return handler;
}

namespace detail {

/// Emits a SymmetryLossWarning for the input `dims` that lost their symmetry (nothing
/// when warnings are off or nothing was lost).
inline void warn_symmetry_loss(std::span<const std::size_t> dims, std::string_view reason) {
    if (dims.empty() || !symmetry_warnings_enabled()) return;
    const auto message = fmt::format(
        "Symmetry lost along dims {}: {}. Use me::as_symmetric() to re-tag the result if it is still "
        "symmetric. Suppress with me::configure_symmetry_warnings(false).",
        tuple_string(dims), reason);
    symmetry_warning_handler handler;
    {
        // Copied out so that a handler may itself swap handlers without deadlocking.
        auto& s = symmetry_warnings();
        std::lock_guard lock(s.mutex);
        handler = s.handler;
    }
    if (handler) handler(message);
    else default_symmetry_warning(message);
}

}  // namespace detail
}  // namespace me

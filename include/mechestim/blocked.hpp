/// @file blocked.hpp
/// @brief The NumPy names mechestim blocks (the registry's `blocked` category): calling one is a compile-time error whose
/// message names the op and why (the Python original raised AttributeError at run time).
///
/// Each name is an object, not a function template: objects are never found by
/// argument-dependent lookup, so a user's own unqualified `save(...)` or `load(...)`
/// taking a `me::array` is not hijacked by these.
///
/// The names and reasons come from tools/registry/status/blocked.tsv (the registry's notes),
/// through the generated detail/blocked_table.hpp: they are written once.
#pragma once

#include <array>
#include <string_view>

#include "detail/blocked_table.hpp"
#include "detail/uncallable.hpp"

namespace me {

namespace detail {

/// A blocked name and the reason, as the registry notes it.
struct blocked_op {
    std::string_view name;
    std::string_view reason;
};

}  // namespace detail

#define ME_DETAIL_BLOCKED_DEFINE(op, why)                                                 \
    namespace detail::blocked {                                                           \
    struct op##_t {                                                                       \
        static constexpr std::string_view name = #op;                                     \
        static constexpr std::string_view reason = why;                                   \
        ME_DETAIL_UNCALLABLE_OPERATOR("me::" #op " is blocked: " why)                     \
    };                                                                                    \
    }                                                                                     \
    inline constexpr detail::blocked::op##_t op{};

/// Each blocked name, e.g. `me::load`: an object whose call does not compile, the message
/// naming the op and why. FLOPs: none (it cannot be called).
ME_DETAIL_BLOCKED_OPS(ME_DETAIL_BLOCKED_DEFINE)

namespace detail {

#define ME_DETAIL_BLOCKED_ENTRY(op, why) blocked_op{#op, why},
/// Every blocked name with its reason, in the registry's order.
inline constexpr std::array blocked_ops{ME_DETAIL_BLOCKED_OPS(ME_DETAIL_BLOCKED_ENTRY)};
#undef ME_DETAIL_BLOCKED_ENTRY

}  // namespace detail

#undef ME_DETAIL_BLOCKED_DEFINE
#undef ME_DETAIL_BLOCKED_OPS

}  // namespace me

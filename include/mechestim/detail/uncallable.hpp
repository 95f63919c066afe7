/// @file detail/uncallable.hpp
/// @brief What the blocked and not-implemented names share: a call operator that accepts
/// any arguments NumPy's call would have (braced shapes included) and whose body fails to
/// compile with the op's own message, so the user sees that message rather than "no match
/// for call".
#pragma once

#include <initializer_list>

namespace me::detail {

template <class...>
inline constexpr bool uncallable_always_false = false;

/// Binds to any argument, including a braced list of numbers (`{256, 256}`), which a
/// deduced `Args&&...` cannot take.
struct any_argument {
    constexpr any_argument() noexcept = default;
    template <class T>
    constexpr any_argument(T&&) noexcept {}  // NOLINT: implicit on purpose
    template <class T>
    constexpr any_argument(std::initializer_list<T>) noexcept {}  // NOLINT: implicit on purpose
};

}  // namespace me::detail

/// The call operator of an uncallable name: up to eight arguments of any kind; the
/// static_assert depends on a defaulted template parameter, so it fires only when called.
#define ME_DETAIL_UNCALLABLE_OPERATOR(message)                                                   \
    template <class Never = void>                                                                \
    void operator()(::me::detail::any_argument = {}, ::me::detail::any_argument = {},            \
                    ::me::detail::any_argument = {}, ::me::detail::any_argument = {},            \
                    ::me::detail::any_argument = {}, ::me::detail::any_argument = {},            \
                    ::me::detail::any_argument = {}, ::me::detail::any_argument = {}) const {    \
        static_assert(::me::detail::uncallable_always_false<Never>, message);                  \
    }

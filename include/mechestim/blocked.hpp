/// @file blocked.hpp
/// @brief The 32 NumPy names mechestim blocks: calling one is a compile-time error whose
/// message names the op and why (the Python original raised AttributeError at run time).
///
/// Each name is an object, not a function template: objects are never found by
/// argument-dependent lookup, so a user's own unqualified `save(...)` or `load(...)`
/// taking a `me::array` is not hijacked by these.
///
/// The reasons live in the table below only; tools/registry/status/blocked.tsv
/// repeats them as the registry's notes, and tests/test_registry.cpp checks they agree.
#pragma once

#include <array>
#include <string_view>

namespace me {

namespace detail {

template <class...>
inline constexpr bool blocked_always_false = false;

/// A blocked name and the reason, as the registry notes it.
struct blocked_op {
    std::string_view name;
    std::string_view reason;
};

}  // namespace detail

// X(name, reason): one line per blocked name of the registry.
#define ME_DETAIL_BLOCKED_OPS(X)                                                                                     \
    X(apply_along_axis, "it calls an arbitrary function whose FLOPs cannot be costed; loop with counted me:: ops")   \
    X(apply_over_axes, "it calls an arbitrary function whose FLOPs cannot be costed; loop with counted me:: ops")    \
    X(array2string, "text formatting, not arithmetic; print with operator<< or fmt")                                 \
    X(array_repr, "text formatting, not arithmetic; print with operator<< or fmt")                                   \
    X(array_str, "text formatting, not arithmetic; print with operator<< or fmt")                                    \
    X(asmatrix, "numpy.matrix is deprecated and has no C++ counterpart; use a 2-d me::array")                        \
    X(busday_count, "business-day calendars need datetime64, which me::array does not have")                         \
    X(busday_offset, "business-day calendars need datetime64, which me::array does not have")                        \
    X(datetime_as_string, "datetime64 is not an element type of me::array")                                          \
    X(datetime_data, "datetime64 is not an element type of me::array")                                               \
    X(format_float_positional, "text formatting, not arithmetic; use fmt::format")                                   \
    X(format_float_scientific, "text formatting, not arithmetic; use fmt::format")                                   \
    X(frompyfunc, "it wraps an arbitrary function whose FLOPs cannot be costed")                                     \
    X(genfromtxt, "file I/O is outside the FLOP model; read the data yourself and build a me::array (free)")        \
    X(get_include, "it returns NumPy's C header directory, which means nothing to a C++ program")                    \
    X(getbufsize, "NumPy's ufunc buffer size; mechestim has no ufunc buffers")                                       \
    X(geterr, "NumPy's floating-point error state; mechestim follows IEEE 754 and raises me:: errors")              \
    X(geterrcall, "NumPy's floating-point error callback; mechestim follows IEEE 754 and raises me:: errors")        \
    X(is_busday, "business-day calendars need datetime64, which me::array does not have")                            \
    X(load, "file I/O is outside the FLOP model; read the data yourself and build a me::array (free)")              \
    X(loadtxt, "file I/O is outside the FLOP model; read the data yourself and build a me::array (free)")           \
    X(nested_iters, "NumPy iterator plumbing (nditer); iterate a me::array directly")                                \
    X(piecewise, "it calls arbitrary functions per condition, whose FLOPs cannot be costed; use me::where")          \
    X(save, "file I/O is outside the FLOP model; write a.data() yourself")                                           \
    X(savetxt, "file I/O is outside the FLOP model; write a.data() yourself")                                        \
    X(savez, "file I/O is outside the FLOP model; write a.data() yourself")                                          \
    X(savez_compressed, "file I/O is outside the FLOP model; write a.data() yourself")                               \
    X(setbufsize, "NumPy's ufunc buffer size; mechestim has no ufunc buffers")                                       \
    X(seterr, "NumPy's floating-point error state; mechestim follows IEEE 754 and raises me:: errors")              \
    X(seterrcall, "NumPy's floating-point error callback; mechestim follows IEEE 754 and raises me:: errors")        \
    X(show_config, "it prints NumPy's build configuration, which mechestim does not have")                           \
    X(show_runtime, "it prints NumPy's runtime configuration, which mechestim does not have")

#define ME_DETAIL_BLOCKED_DEFINE(op, why)                                                 \
    namespace detail::blocked {                                                           \
    struct op##_t {                                                                       \
        static constexpr std::string_view name = #op;                                     \
        static constexpr std::string_view reason = why;                                   \
        template <class... Args>                                                          \
        void operator()(Args&&...) const {                                                \
            static_assert(blocked_always_false<Args...>, "me::" #op " is blocked: " why); \
        }                                                                                 \
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

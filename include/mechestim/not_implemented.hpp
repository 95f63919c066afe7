/// @file not_implemented.hpp
/// @brief The registry's names that mechestim does not implement (and does not block):
/// calling one is a compile-time error that says so and why, instead of the compiler's
/// "no member named 'bmat'; did you mean 'block'?".
///
/// As in blocked.hpp, each name is an object, not a function template: objects are never
/// found by argument-dependent lookup, so a user's own unqualified `fromfile(...)` is not
/// hijacked. The names and notes come from tools/registry/status/ through the generated
/// detail/blocked_table.hpp; a name that becomes implemented leaves the list when the
/// registry is regenerated, and the real function takes its place.
#pragma once

#include <string_view>

#include "detail/blocked_table.hpp"
#include "detail/uncallable.hpp"

// One type per missing name, in a namespace of its own per NumPy module so that equal
// short names (`power`, `random.power`) do not clash; `prefix` is how the user spells it.
#define ME_DETAIL_NOT_IMPLEMENTED_TYPE(op, why)                                                       \
    struct op##_t {                                                                                   \
        static constexpr std::string_view name = #op;                                                 \
        static constexpr std::string_view reason = why;                                               \
        ME_DETAIL_UNCALLABLE_OPERATOR(ME_DETAIL_NOT_IMPLEMENTED_PREFIX #op " is not implemented: " why) \
    };
#define ME_DETAIL_NOT_IMPLEMENTED_OBJECT(op, why) inline constexpr op##_t op{};

// The objects live in the namespace of their NumPy module; the types in a nested
// `not_implemented` namespace, brought in with a using-directive so that `op##_t` resolves.
#define ME_DETAIL_NOT_IMPLEMENTED_IN(list)                                      \
    namespace not_implemented {                                                 \
    list(ME_DETAIL_NOT_IMPLEMENTED_TYPE)                                        \
    }                                                                           \
    using namespace not_implemented;  /* NOLINT: only the generated `*_t` types */ \
    list(ME_DETAIL_NOT_IMPLEMENTED_OBJECT)

#define ME_DETAIL_NOT_IMPLEMENTED_PREFIX "me::"
namespace me {
/// Each missing name, e.g. `me::bmat`: an object whose call does not compile, the message
/// naming the op and why. FLOPs: none (it cannot be called).
ME_DETAIL_NOT_IMPLEMENTED_IN(ME_DETAIL_NOT_IMPLEMENTED_NUMPY)
}  // namespace me
#undef ME_DETAIL_NOT_IMPLEMENTED_PREFIX

#define ME_DETAIL_NOT_IMPLEMENTED_PREFIX "me::linalg::"
namespace me::linalg {
/// Each missing `me::linalg` name. FLOPs: none (it cannot be called).
ME_DETAIL_NOT_IMPLEMENTED_IN(ME_DETAIL_NOT_IMPLEMENTED_LINALG)
}  // namespace me::linalg
#undef ME_DETAIL_NOT_IMPLEMENTED_PREFIX

#define ME_DETAIL_NOT_IMPLEMENTED_PREFIX "me::fft::"
namespace me::fft {
/// Each missing `me::fft` name. FLOPs: none (it cannot be called).
ME_DETAIL_NOT_IMPLEMENTED_IN(ME_DETAIL_NOT_IMPLEMENTED_FFT)
}  // namespace me::fft
#undef ME_DETAIL_NOT_IMPLEMENTED_PREFIX

#define ME_DETAIL_NOT_IMPLEMENTED_PREFIX "me::random::"
namespace me::random {
/// Each missing `me::random` name. FLOPs: none (it cannot be called).
ME_DETAIL_NOT_IMPLEMENTED_IN(ME_DETAIL_NOT_IMPLEMENTED_RANDOM)
}  // namespace me::random
#undef ME_DETAIL_NOT_IMPLEMENTED_PREFIX

// The same names as the registry spells them ("bmat", "random.gamma"), for the registry
// test that checks the list against the registry's rows.
#define ME_DETAIL_NOT_IMPLEMENTED_NAME(op, why) ME_DETAIL_NOT_IMPLEMENTED_MODULE #op,
namespace me::detail {
/// Every name that not_implemented.hpp turns into a compile-time error.
inline constexpr std::string_view not_implemented_names[] = {
#define ME_DETAIL_NOT_IMPLEMENTED_MODULE ""
    ME_DETAIL_NOT_IMPLEMENTED_NUMPY(ME_DETAIL_NOT_IMPLEMENTED_NAME)
#undef ME_DETAIL_NOT_IMPLEMENTED_MODULE
#define ME_DETAIL_NOT_IMPLEMENTED_MODULE "linalg."
    ME_DETAIL_NOT_IMPLEMENTED_LINALG(ME_DETAIL_NOT_IMPLEMENTED_NAME)
#undef ME_DETAIL_NOT_IMPLEMENTED_MODULE
#define ME_DETAIL_NOT_IMPLEMENTED_MODULE "fft."
    ME_DETAIL_NOT_IMPLEMENTED_FFT(ME_DETAIL_NOT_IMPLEMENTED_NAME)
#undef ME_DETAIL_NOT_IMPLEMENTED_MODULE
#define ME_DETAIL_NOT_IMPLEMENTED_MODULE "random."
    ME_DETAIL_NOT_IMPLEMENTED_RANDOM(ME_DETAIL_NOT_IMPLEMENTED_NAME)
#undef ME_DETAIL_NOT_IMPLEMENTED_MODULE
};
}  // namespace me::detail
#undef ME_DETAIL_NOT_IMPLEMENTED_NAME

#undef ME_DETAIL_NOT_IMPLEMENTED_IN
#undef ME_DETAIL_NOT_IMPLEMENTED_OBJECT
#undef ME_DETAIL_NOT_IMPLEMENTED_TYPE

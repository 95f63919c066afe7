/// @file server/values.hpp
/// @brief What the server holds and passes to ops: a type-erased array (one alternative per
/// dtype the wire carries), the arguments of one request, and what an op answers.
///
/// The server is the only place where dtypes are decided at run time; everything below
/// it is the typed library. Binary ops promote both operands to one dtype here (NumPy's
/// rules, with Python scalars "weak" as NumPy 1.24's value-based casting makes them), so
/// each op is instantiated once per dtype rather than once per pair.
#pragma once

#include <complex>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <msgpack.hpp>

#include <mechestim/mechestim.hpp>

namespace me::server {

/// An error that the wire reports with `error_type` = `type` (the original's names:
/// TypeError, KeyError, InvalidRequestError, ...), for conditions the library has no
/// `me::` type for.
struct wire_error : std::runtime_error {
    std::string type;
    wire_error(std::string error_type, const std::string& message)
        : std::runtime_error(message), type(std::move(error_type)) {}
};

[[noreturn]] inline void type_error(const std::string& message) { throw wire_error("TypeError", message); }

using any_array = std::variant<me::array<double>, me::array<float>, me::array<std::int64_t>,
                               me::array<std::int32_t>, me::array<bool>, me::array<std::complex<double>>>;

/// The dtype name of the array held.
inline std::string_view dtype_of(const any_array& a) {
    return std::visit([](const auto& x) { return x.dtype(); }, a);
}

/// One positional or keyword argument: an array (a handle, or an inline scalar or list
/// made into one), or a plain value the op reads as an int, float, string or list.
struct argument {
    const msgpack::object* raw = nullptr;  ///< the decoded wire value
    const any_array* array = nullptr;      ///< set when the value is (or names) an array
    std::optional<any_array> inline_array; ///< an inline scalar or list, converted
    bool weak = false;                     ///< a Python scalar: promotes weakly (NumPy 1.24)
    std::vector<argument> items;           ///< a list holding handles, element by element
};

/// What an op answers: an array (stored and sent as a handle, or inline when 0-d), a
/// Python scalar, or a tuple of those.
struct result;
using result_list = std::vector<result>;
struct result {
    std::variant<any_array, double, std::int64_t, bool, result_list> value;
};

}  // namespace me::server

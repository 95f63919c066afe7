/// @file detail/repr.hpp
/// @brief `operator<<` for `me::array`: NumPy's repr (first version; see docs for differences).
#pragma once

#include <ostream>
#include <string>

#include <fmt/format.h>

namespace me {

namespace detail {

template <class T>
std::string element_repr(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "True" : "False";
    else if constexpr (is_complex_v<T>) return fmt::format("{}{:+}j", v.real(), v.imag());
    else return fmt::format("{}", v);
}

template <class T>
void repr_block(std::string& out, const T* data, const shape_t& shape, std::size_t dim) {
    out += '[';
    const std::size_t n = shape[dim];
    std::size_t stride = 1;
    for (std::size_t d = dim + 1; d < shape.size(); ++d) stride *= shape[d];
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += dim + 1 == shape.size() ? ", " : ",\n      " + std::string(dim, ' ');
        if (dim + 1 == shape.size()) out += element_repr(data[i]);
        else repr_block(out, data + i * stride, shape, dim + 1);
    }
    out += ']';
}

}  // namespace detail

/// Prints like NumPy's repr: `array([[1., 2.], [3., 4.]])`.
template <class T>
std::ostream& operator<<(std::ostream& os, const array<T>& a) {
    std::string out = "array(";
    const auto shape = a.shape();
    if (shape.empty()) out += detail::element_repr(a.data()[0]);
    else detail::repr_block(out, a.data(), shape, 0);
    out += ')';
    return os << out;
}

}  // namespace me

/// @file window.hpp
/// @brief NumPy's window functions at top level: bartlett, blackman, hamming, hanning,
/// kaiser. Each takes the window's length M (an integer; M <= 0 gives an empty array,
/// M = 1 gives [1.0]) and returns float64 values computed with NumPy 1.24's formulas, in
/// its order of operations, on n = arange(1 - M, M, 2) (kaiser: arange(0, M)).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

#include "array.hpp"
#include "budget.hpp"
#include "ufuncs.hpp"
#include "detail/ufunc.hpp"
#include "flops/window.hpp"

namespace me::detail::window {

/// The body of every window: checks M, charges `Id`, then fills point i with f(t, M) for
/// t = 1 - M + 2i (kaiser's f uses i itself: it is given both).
template <op_id Id, class F>
array<double> make(std::int64_t M, F f) {
    const std::size_t n = flops::detail::window::points(M, op_name(Id));
    charge(Id, flops::op_cost<Id>(n), shape_details(shape_t{n}));
    auto out = array<double>::uninitialized(shape_t{n}, op_name(Id));
    if (n == 1) {
        out.data()[0] = 1.0;
        return out;
    }
    const auto m = static_cast<double>(M);
    for (std::size_t i = 0; i < n; ++i) out.data()[i] = f(1.0 - m + 2.0 * static_cast<double>(i), static_cast<double>(i), m);
    return out;
}

/// c0 + c1*cos(pi*t/(M-1)) (+ c2*cos(2.0*pi*t/(M-1))): hanning, hamming, blackman.
inline double cosine_sum(double t, double M, double c0, double c1, double c2 = 0.0) {
    constexpr double pi = std::numbers::pi;
    double v = c0 + c1 * std::cos(pi * t / (M - 1));
    if (c2 != 0.0) v = v + c2 * std::cos(2.0 * pi * t / (M - 1));
    return v;
}

}  // namespace me::detail::window

namespace me {

/// NumPy's `bartlett(M)`: the triangular window, 1 + t/(M-1) for t <= 0 and 1 - t/(M-1)
/// after (t = 1 - M, 3 - M, ..., M - 1).
/// FLOPs: `flops::bartlett_cost(M)`: M, at least 1.
/// @throws me::ValueError for an M too big for an array; nothing charged.
inline array<double> bartlett(std::int64_t M) {
    return detail::window::make<detail::op_index("bartlett")>(
        M, [](double t, double, double m) { return t <= 0 ? 1 + t / (m - 1) : 1 - t / (m - 1); });
}

/// NumPy's `hanning(M)`: 0.5 + 0.5*cos(pi*t/(M-1)).
/// FLOPs: `flops::hanning_cost(M)`: M, at least 1.
/// @throws me::ValueError for an M too big for an array; nothing charged.
inline array<double> hanning(std::int64_t M) {
    return detail::window::make<detail::op_index("hanning")>(
        M, [](double t, double, double m) { return detail::window::cosine_sum(t, m, 0.5, 0.5); });
}

/// NumPy's `hamming(M)`: 0.54 + 0.46*cos(pi*t/(M-1)).
/// FLOPs: `flops::hamming_cost(M)`: M, at least 1.
/// @throws me::ValueError for an M too big for an array; nothing charged.
inline array<double> hamming(std::int64_t M) {
    return detail::window::make<detail::op_index("hamming")>(
        M, [](double t, double, double m) { return detail::window::cosine_sum(t, m, 0.54, 0.46); });
}

/// NumPy's `blackman(M)`: 0.42 + 0.5*cos(pi*t/(M-1)) + 0.08*cos(2*pi*t/(M-1)).
/// FLOPs: `flops::blackman_cost(M)`: 3M, at least 1.
/// @throws me::ValueError for an M too big for an array; nothing charged.
inline array<double> blackman(std::int64_t M) {
    return detail::window::make<detail::op_index("blackman")>(
        M, [](double t, double, double m) { return detail::window::cosine_sum(t, m, 0.42, 0.5, 0.08); });
}

/// NumPy's `kaiser(M, beta)`: I0(beta*sqrt(1 - ((i - a)/a)^2)) / I0(beta), a = (M-1)/2,
/// i = 0 .. M-1, with the I0 of `me::i0`. A NaN beta gives NaNs; a beta whose I0
/// overflows gives NumPy's inf/inf (NaN) where both overflow.
/// FLOPs: `flops::kaiser_cost(M)`: 3M, at least 1, whatever beta.
/// @throws me::ValueError for an M too big for an array; nothing charged.
inline array<double> kaiser(std::int64_t M, double beta) {
    const double denominator = detail::i0_value(beta);
    return detail::window::make<detail::op_index("kaiser")>(M, [=](double, double i, double m) {
        const double alpha = (m - 1) / 2.0, r = (i - alpha) / alpha;
        return detail::i0_value(beta * std::sqrt(1 - r * r)) / denominator;
    });
}

}  // namespace me

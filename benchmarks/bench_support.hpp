// Helpers shared by the benchmark programs.
#pragma once

#include <mechestim/mechestim.hpp>

#include <cmath>
#include <cstddef>

namespace bench {

/// One context for the whole run, with room for every iteration.
inline me::BudgetContext& budget() {
    static me::BudgetContext ctx(9e18, "bench");
    return ctx;
}

/// sin(0.001 * k) in row-major order: the values numpy_bench.py's sample() makes.
inline me::array<double> sample(const me::shape_t& shape) {
    auto a = me::array<double>::uninitialized(shape);
    std::size_t i = 0;
    for (auto& x : a) x = std::sin(0.001 * static_cast<double>(i++));
    return a;
}

}  // namespace bench

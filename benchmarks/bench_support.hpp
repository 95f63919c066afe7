// Helpers shared by the benchmark programs.
#pragma once

#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

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

/// np.random.seed(n); np.random.standard_normal((n, n)): the same matrix as numpy_bench.py's.
inline me::array<double> general(std::size_t n) {
    me::random::seed(static_cast<std::uint32_t>(n));
    return me::random::standard_normal({n, n});
}

/// Times `op` on `make(n)`, built once outside the loop.
template <class Make, class Op>
void run_sized(benchmark::State& state, std::size_t n, Make make, Op op) {
    budget();
    const auto a = make(n);
    for (auto _ : state) {
        auto r = op(a);
        benchmark::DoNotOptimize(r);
    }
}

/// Registers `name`/n for n = 256, 512, 1024, in wall-clock time (LAPACK runs on
/// OpenBLAS's threads): the linalg benchmarks' cases.
template <class Make, class Op>
void add_sized(const std::string& name, Make make, Op op) {
    for (std::size_t n : {256, 512, 1024})
        benchmark::RegisterBenchmark((name + "/" + std::to_string(n)).c_str(),
                                     [=](benchmark::State& s) { run_sized(s, n, make, op); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
}

}  // namespace bench

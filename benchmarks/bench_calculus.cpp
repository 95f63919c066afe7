// Calculus benchmarks: the speed target (convolve of 1e5 x 1e3 float64, mode
// full), named as in benchmarks/numpy_bench.py's calculus section (`numpy_bench.py
// calculus`), which times the same call in NumPy. benchmarks/compare.py prints the ratio.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>

namespace {

void convolve(benchmark::State& state, std::size_t n, std::size_t m) {
    bench::budget();
    // sin(0.001 k) for a; for v the same values from n on, as numpy_bench.py's.
    const auto a = bench::sample({n});
    const auto all = bench::sample({n + m});
    const me::array<double> v = me::array<double>(all(me::slice(static_cast<std::ptrdiff_t>(n), me::none)));
    for (auto _ : state) {
        auto r = me::convolve(a, v);
        benchmark::DoNotOptimize(r.data());
    }
}

}  // namespace

// Names as numpy_bench.py's: convolve/<n>x<m> (mode full).
BENCHMARK_CAPTURE(convolve, 100000x1000, 100000, 1000)->Name("convolve/100000x1000")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

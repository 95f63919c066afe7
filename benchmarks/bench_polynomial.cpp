// Polynomial benchmarks: polyval of degree 10 on 10^6 float64 points (the speed
// target), named as in benchmarks/numpy_bench.py's polynomial section (`numpy_bench.py
// polynomial`), which times np.polyval on the same sin(0.001 k) values.
// benchmarks/compare.py runs both and prints the ratio.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>

namespace {

void polyval(benchmark::State& state, std::size_t degree, std::size_t points) {
    bench::budget();
    const auto p = bench::sample({degree + 1});
    const auto x = bench::sample({points});
    for (auto _ : state) {
        auto y = me::polyval(p, x);
        benchmark::DoNotOptimize(y.data());
    }
}

}  // namespace

// Names as numpy_bench.py's: polyval/deg<d>_<points>.
BENCHMARK_CAPTURE(polyval, deg10_1e6, 10, 1000000)->Name("polyval/deg10_1e6")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

// Histogram benchmarks: histogram of 1e7 float64 values into 100 equal bins (NumPy places
// them by arithmetic, not by search, and so does mechestim) and bincount of 1e7 int64 in
// 0..1000, each named as in benchmarks/numpy_bench.py's histograms section
// (`numpy_bench.py histograms`), which times the same calls on the same inputs.
// benchmarks/compare.py runs both and prints the ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>
#include <cstdint>

namespace {

constexpr std::size_t n = 10'000'000;

/// k * 7919 mod 1001: every value of 0..1000, spread (numpy_bench.py builds the same).
me::array<std::int64_t> counts_input() {
    auto x = me::array<std::int64_t>::uninitialized(me::shape_t{n});
    for (std::size_t k = 0; k < n; ++k) x.data()[k] = static_cast<std::int64_t>(k * 7919 % 1001);
    return x;
}

void histogram_100(benchmark::State& state) {
    bench::budget();
    const auto a = bench::sample({n});  // sin(0.001 k)
    for (auto _ : state) {
        auto r = me::histogram(a, 100);
        benchmark::DoNotOptimize(r.hist.data());
    }
}

void bincount_1000(benchmark::State& state) {
    bench::budget();
    const auto x = counts_input();
    for (auto _ : state) {
        auto r = me::bincount(x);
        benchmark::DoNotOptimize(r.data());
    }
}

}  // namespace

BENCHMARK(histogram_100)->Name("histogram/1e7_100")->Unit(benchmark::kMillisecond);
BENCHMARK(bincount_1000)->Name("bincount/1e7_1001")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

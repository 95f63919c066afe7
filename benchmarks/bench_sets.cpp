// Set family benchmarks: `unique` of 1e6 float64 with repeats (integers drawn from
// [0, 1e5) as float64), named as in benchmarks/numpy_bench.py's sets section
// (`numpy_bench.py sets`), which times np.unique on the same values (the legacy generator
// seeded alike draws the same integers). benchmarks/compare.py runs both and prints the
// ratios. Every sort here goes through detail/sets_sort.hpp, so the figures follow the
// kernel that header is pointed at.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>
#include <cstdint>

namespace {

/// np.random.seed(n); np.random.randint(0, high, n).astype(np.float64).
me::array<double> repeats(std::size_t n, std::int64_t high) {
    me::random::seed(static_cast<std::uint32_t>(n));
    return me::random::randint(0, high, {n}).astype<double>();
}

template <class Op>
void run(benchmark::State& state, Op op) {
    bench::budget();
    const auto x = repeats(1'000'000, 100'000);
    for (auto _ : state) {
        auto r = op(x);
        benchmark::DoNotOptimize(r);
    }
}

void unique(benchmark::State& state) {
    run(state, [](const auto& x) { return me::unique(x); });
}
void unique_counts(benchmark::State& state) {
    run(state, [](const auto& x) { return me::unique(x, {.return_counts = true}); });
}
void unique_inverse(benchmark::State& state) {
    run(state, [](const auto& x) { return me::unique(x, {.return_inverse = true}); });
}
void isin(benchmark::State& state) {
    const auto test = repeats(1000, 100'000);
    run(state, [&](const auto& x) { return me::isin(x, test); });
}

}  // namespace

// Names as numpy_bench.py's: <op>/1e6.
BENCHMARK(unique)->Name("unique/1e6")->Unit(benchmark::kMillisecond);
BENCHMARK(unique_counts)->Name("unique_counts/1e6")->Unit(benchmark::kMillisecond);
BENCHMARK(unique_inverse)->Name("unique_inverse/1e6")->Unit(benchmark::kMillisecond);
BENCHMARK(isin)->Name("isin/1e6")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

// Sorting benchmarks: the speed targets, sort and argsort of 1e6 and 1e7 float64
// (random and already sorted) and searchsorted of 1e6 queries into a sorted 1e6 array,
// each named as in benchmarks/numpy_bench.py's sorting section (`numpy_bench.py sorting`),
// which times the same calls in NumPy on the same values (np.random.seed(n),
// random_sample(n); the queries from seed n + 1). benchmarks/compare.py prints the ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

/// np.random.seed(seed); np.random.random_sample(n).
me::array<double> uniform(std::size_t n, std::uint32_t seed) {
    me::random::seed(seed);
    return me::random::random_sample({n});
}

me::array<double> input(std::size_t n, bool sorted) {
    auto x = uniform(n, static_cast<std::uint32_t>(n));
    return sorted ? me::sort(x) : x;
}

template <class Op>
void add(const std::string& name, std::size_t n, bool sorted, Op op) {
    benchmark::RegisterBenchmark((name + "/" + (sorted ? "sorted_" : "random_") + std::to_string(n)).c_str(),
                                 [=](benchmark::State& s) {
                                     bench::budget();
                                     const auto x = input(n, sorted);
                                     for (auto _ : s) {
                                         auto r = op(x);
                                         benchmark::DoNotOptimize(r.data());
                                     }
                                 })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
}

void searchsorted(benchmark::State& s, std::size_t n) {
    bench::budget();
    const auto a = input(n, true);
    const auto v = uniform(n, static_cast<std::uint32_t>(n + 1));
    for (auto _ : s) {
        auto r = me::searchsorted(a, v);
        benchmark::DoNotOptimize(r.data());
    }
}

const bool registered = [] {
    // Names as numpy_bench.py's: sort/random_1000000, argsort/sorted_10000000, ...
    for (std::size_t n : {1'000'000, 10'000'000})
        for (bool sorted : {false, true}) {
            add("sort", n, sorted, [](const auto& x) { return me::sort(x); });
            add("argsort", n, sorted, [](const auto& x) { return me::argsort(x); });
        }
    return true;
}();

}  // namespace

BENCHMARK_CAPTURE(searchsorted, 1000000, 1'000'000)->Name("searchsorted/1000000")->UseRealTime()->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

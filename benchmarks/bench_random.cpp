// Random benchmarks: the speed targets, named as in benchmarks/numpy_bench.py's
// random section (`numpy_bench.py random`), which times the same calls in NumPy:
// Generator (default_rng(0)) standard_normal, random, integers and normal of 1e7, legacy
// randn of 1e7, choice of 1e6 from 1e7 without replacement and permutation of 1e7; raw
// xtensor's randn (std::mt19937 + std::normal_distribution) as the C++ baseline.
// benchmarks/compare.py prints the ratios.
#include <mechestim/mechestim.hpp>
#include <mechestim/detail/xtensor.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cstddef>
#include <cstdint>
#include <xtensor/xrandom.hpp>

namespace {

constexpr std::size_t n = 10'000'000;

template <class Op>
void generator_case(const char* name, Op op) {
    benchmark::RegisterBenchmark(name, [=](benchmark::State& s) {
        bench::budget();
        auto rng = me::random::default_rng(0);
        for (auto _ : s) {
            auto r = op(rng);
            benchmark::DoNotOptimize(r.data());
        }
    })->UseRealTime()->Unit(benchmark::kMillisecond);
}

void randn(benchmark::State& s) {
    bench::budget();
    me::random::seed(0);
    for (auto _ : s) {
        auto r = me::random::randn(n);
        benchmark::DoNotOptimize(r.data());
    }
}

void xtensor_randn(benchmark::State& s) {
    xt::random::seed(0);
    for (auto _ : s) {
        xt::xtensor<double, 1> r = xt::random::randn<double>({n});
        benchmark::DoNotOptimize(r.data());
    }
}

const bool registered = [] {
    using G = me::random::Generator;
    generator_case("generator_standard_normal/10000000", [](G& g) { return g.standard_normal({n}); });
    generator_case("generator_random/10000000", [](G& g) { return g.random({n}); });
    generator_case("generator_integers/10000000", [](G& g) { return g.integers(0, 1000, {n}); });
    generator_case("generator_normal/10000000", [](G& g) { return g.normal(1.0, 2.0, {n}); });
    generator_case("generator_choice/1000000_of_10000000",
                   [](G& g) { return g.choice(static_cast<std::int64_t>(n), {1'000'000}, {.replace = false}); });
    generator_case("generator_permutation/10000000", [](G& g) { return g.permutation(static_cast<std::int64_t>(n)); });
    benchmark::RegisterBenchmark("randn/10000000", randn)->UseRealTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("xtensor_randn/10000000", xtensor_randn)->UseRealTime()->Unit(benchmark::kMillisecond);
    return true;
}();

}  // namespace

BENCHMARK_MAIN();

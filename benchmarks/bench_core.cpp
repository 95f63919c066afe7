// Core benchmarks: the cost of a charge, pointwise ops and reductions, each next to the
// same work in raw xtensor. benchmarks/compare.py runs this and NumPy and prints ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include <numeric>

namespace {

// A budget so large that no benchmark exhausts it.
me::BudgetContext& bench_budget() {
    static me::BudgetContext ctx(9e18, "bench");
    return ctx;
}

void BM_charge(benchmark::State& state) {
    bench_budget();
    constexpr auto id = me::detail::op_index("add");
    for (auto _ : state) me::detail::charge(id, 8);
}
BENCHMARK(BM_charge);

me::array<double> filled(std::size_t n, double start) {
    auto a = me::array<double>::uninitialized(me::shape_t{n});
    std::iota(a.begin(), a.end(), start);
    return a;
}

void BM_me_add(benchmark::State& state) {
    bench_budget();
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto a = filled(n, 1.0), b = filled(n, 2.0);
    for (auto _ : state) {
        auto c = a + b;
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_me_add)->Arg(8)->Arg(1000)->Arg(100000)->Arg(10000000)->UseRealTime();

void BM_xtensor_add(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    xt::xarray<double> a = filled(n, 1.0).xt(), b = filled(n, 2.0).xt();
    for (auto _ : state) {
        xt::xarray<double> c = a + b;
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_xtensor_add)->Arg(8)->Arg(1000)->Arg(100000)->Arg(10000000)->UseRealTime();

void BM_me_exp(benchmark::State& state) {
    bench_budget();
    const auto a = filled(static_cast<std::size_t>(state.range(0)), 0.0);
    for (auto _ : state) {
        auto c = me::exp(a);
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_me_exp)->Arg(8)->Arg(1000)->Arg(1000000)->UseRealTime();

void BM_xtensor_exp(benchmark::State& state) {
    xt::xarray<double> a = filled(static_cast<std::size_t>(state.range(0)), 0.0).xt();
    for (auto _ : state) {
        xt::xarray<double> c = xt::exp(a);
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_xtensor_exp)->Arg(8)->Arg(1000)->Arg(1000000)->UseRealTime();

void BM_me_sum(benchmark::State& state) {
    bench_budget();
    const auto a = filled(static_cast<std::size_t>(state.range(0)), 0.0);
    for (auto _ : state) {
        auto s = me::sum(a);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_me_sum)->Arg(8)->Arg(1000)->Arg(10000000)->UseRealTime();

void BM_xtensor_sum(benchmark::State& state) {
    xt::xarray<double> a = filled(static_cast<std::size_t>(state.range(0)), 0.0).xt();
    for (auto _ : state) {
        xt::xarray<double> s = xt::sum(a);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_xtensor_sum)->Arg(8)->Arg(1000)->Arg(10000000)->UseRealTime();

void BM_me_sum_axis(benchmark::State& state) {
    bench_budget();
    auto a = filled(10'000'000, 0.0);
    const auto m = me::array<double>(xt::reshape_view(a.xt(), {1000, 10000}));
    const int axis = static_cast<int>(state.range(0));
    for (auto _ : state) {
        auto s = me::sum(m, axis);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_me_sum_axis)->Arg(0)->Arg(1)->UseRealTime();

void BM_xtensor_sum_axis(benchmark::State& state) {
    xt::xarray<double> m = xt::reshape_view(filled(10'000'000, 0.0).xt(), {1000, 10000});
    const auto axis = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        xt::xarray<double> s = xt::sum(m, {axis});
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_xtensor_sum_axis)->Arg(0)->Arg(1)->UseRealTime();

void BM_me_einsum_matvec(benchmark::State& state) {
    bench_budget();
    const auto W = me::array<double>(xt::reshape_view(filled(256 * 256, 0.0).xt(), {256, 256}));
    const auto x = filled(256, 1.0);
    for (auto _ : state) {
        auto y = me::einsum("ij,j->i", W, x);
        benchmark::DoNotOptimize(y.data());
    }
}
BENCHMARK(BM_me_einsum_matvec)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

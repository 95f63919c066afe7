// Indexing and views (issue 8): making a view, reading through one, writing through one,
// and the shape ops that are views, each next to the same work on raw xtensor views.
// benchmarks/compare.py runs this with `numpy_bench.py views` and prints ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include <numeric>

namespace {

me::BudgetContext& bench_budget() {
    static me::BudgetContext ctx(9e18, "bench");
    return ctx;
}

me::array<double> matrix(std::size_t rows, std::size_t cols) {
    auto a = me::array<double>::uninitialized(me::shape_t{rows, cols});
    std::iota(a.begin(), a.end(), 0.0);
    return a;
}

// a[i] on a 1000 x 1000 array: making the view.
void BM_me_index_row(benchmark::State& state) {
    auto a = matrix(1000, 1000);
    for (auto _ : state) {
        auto v = a[5];
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_me_index_row);

void BM_xtensor_index_row(benchmark::State& state) {
    xt::xarray<double> a = matrix(1000, 1000).xt();
    for (auto _ : state) {
        auto v = xt::view(a, 5, xt::all());
        benchmark::DoNotOptimize(v.data() + v.data_offset());
    }
}
BENCHMARK(BM_xtensor_index_row);

// a[100:900, 100:900]: making a 2-d slice.
void BM_me_slice_2d(benchmark::State& state) {
    auto a = matrix(1000, 1000);
    for (auto _ : state) {
        auto v = a(me::slice(100, 900), me::slice(100, 900));
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_me_slice_2d);

void BM_xtensor_slice_2d(benchmark::State& state) {
    xt::xarray<double> a = matrix(1000, 1000).xt();
    for (auto _ : state) {
        auto v = xt::view(a, xt::range(100, 900), xt::range(100, 900));
        benchmark::DoNotOptimize(v.data() + v.data_offset());
    }
}
BENCHMARK(BM_xtensor_slice_2d);

// sum over a[::2] of a 2000 x 1000 array (1e6 elements read in place) ...
void BM_me_sum_strided(benchmark::State& state) {
    bench_budget();
    auto a = matrix(2000, 1000);
    auto v = a(me::slice(me::none, me::none, 2));
    for (auto _ : state) {
        auto s = me::sum(v);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_me_sum_strided)->UseRealTime();

void BM_xtensor_sum_strided(benchmark::State& state) {
    xt::xarray<double> a = matrix(2000, 1000).xt();
    auto v = xt::view(a, xt::range(0, 2000, 2), xt::all());
    for (auto _ : state) {
        xt::xarray<double> s = xt::sum(v);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_xtensor_sum_strided)->UseRealTime();

// ... against the same sum over a contiguous 1000 x 1000 array.
void BM_me_sum_contiguous(benchmark::State& state) {
    bench_budget();
    const auto a = matrix(1000, 1000);
    for (auto _ : state) {
        auto s = me::sum(a);
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_me_sum_contiguous)->UseRealTime();

// v += b on the left 1000 x 1000 half of a 1000 x 2000 array.
void BM_me_iadd_view(benchmark::State& state) {
    bench_budget();
    auto a = matrix(1000, 2000);
    const auto b = matrix(1000, 1000);
    auto v = a(me::slice(), me::slice(0, 1000));
    for (auto _ : state) {
        v += b;
        benchmark::DoNotOptimize(a.data());
    }
}
BENCHMARK(BM_me_iadd_view)->UseRealTime();

void BM_xtensor_iadd_view(benchmark::State& state) {
    xt::xarray<double> a = matrix(1000, 2000).xt();
    xt::xarray<double> b = matrix(1000, 1000).xt();
    auto v = xt::view(a, xt::all(), xt::range(0, 1000));
    for (auto _ : state) {
        v += b;
        benchmark::DoNotOptimize(a.data());
    }
}
BENCHMARK(BM_xtensor_iadd_view)->UseRealTime();

// reshape and transpose of 1e6 elements: views, no copy.
void BM_me_reshape_1e6(benchmark::State& state) {
    auto a = me::array<double>::uninitialized(me::shape_t{1'000'000});
    std::iota(a.begin(), a.end(), 0.0);
    for (auto _ : state) {
        auto v = me::reshape(a, {1000, 1000});
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_me_reshape_1e6);

void BM_xtensor_reshape_1e6(benchmark::State& state) {
    xt::xarray<double> a = xt::arange<double>(1'000'000);
    for (auto _ : state) {
        auto v = xt::reshape_view(a, {1000, 1000});
        benchmark::DoNotOptimize(&v);
    }
}
BENCHMARK(BM_xtensor_reshape_1e6);

void BM_me_transpose_1e6(benchmark::State& state) {
    auto a = matrix(1000, 1000);
    for (auto _ : state) {
        auto v = me::transpose(a);
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK(BM_me_transpose_1e6);

void BM_xtensor_transpose_1e6(benchmark::State& state) {
    xt::xarray<double> a = matrix(1000, 1000).xt();
    for (auto _ : state) {
        auto v = xt::transpose(a);
        benchmark::DoNotOptimize(v.data() + v.data_offset());
    }
}
BENCHMARK(BM_xtensor_transpose_1e6);

// ascontiguousarray(a.T) of a 1000 x 1000 array: the one copy here.
void BM_me_ascontiguous_T(benchmark::State& state) {
    const auto a = matrix(1000, 1000);
    for (auto _ : state) {
        auto c = me::ascontiguousarray(a.T());
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_me_ascontiguous_T)->UseRealTime();

void BM_xtensor_ascontiguous_T(benchmark::State& state) {
    xt::xarray<double> a = matrix(1000, 1000).xt();
    for (auto _ : state) {
        xt::xarray<double> c = xt::transpose(a);
        benchmark::DoNotOptimize(c.data());
    }
}
BENCHMARK(BM_xtensor_ascontiguous_T)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

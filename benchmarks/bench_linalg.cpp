// linalg decomposition benchmarks: svd, eigh, cholesky and qr at 256, 512 and 1024, each
// case named as in benchmarks/numpy_bench.py's linalg section (`numpy_bench.py linalg`),
// which times the same calls in NumPy on the same inputs (the legacy generator seeded
// alike gives the same matrices) and the same OpenBLAS/LAPACK. benchmarks/compare.py
// runs both and prints the ratios. The solvers are in bench_linalg_solve.cpp.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

me::BudgetContext& bench_budget() {
    static me::BudgetContext ctx(9e18, "bench");
    return ctx;
}

/// np.random.seed(n); np.random.standard_normal((n, n)): the same values on both sides.
me::array<double> general(std::size_t n) {
    me::random::seed(static_cast<std::uint32_t>(n));
    return me::random::standard_normal({n, n});
}

/// (A + Aᵀ)/2 of `general(n)`, built with plain loops (uncharged setup).
me::array<double> symmetric(std::size_t n) {
    auto a = general(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j) a(i, j) = a(j, i) = 0.5 * (a(i, j) + a(j, i));
    return a;
}

/// A Aᵀ + n I of `general(n)`: symmetric positive definite.
me::array<double> positive_definite(std::size_t n) {
    const auto a = general(n);
    auto s = me::matmul(a, me::transpose(a));
    for (std::size_t i = 0; i < n; ++i) s(i, i) += static_cast<double>(n);
    return s;
}

template <class Make, class Op>
void run(benchmark::State& state, std::size_t n, Make make, Op op) {
    bench_budget();
    const auto a = make(n);
    for (auto _ : state) {
        auto r = op(a);
        benchmark::DoNotOptimize(r);
    }
}

/// Registers `name`/n for each size, timed in wall-clock time (LAPACK runs on OpenBLAS's threads).
template <class Make, class Op>
void add(const std::string& name, Make make, Op op) {
    for (std::size_t n : {256, 512, 1024})
        benchmark::RegisterBenchmark((name + "/" + std::to_string(n)).c_str(),
                                     [=](benchmark::State& s) { run(s, n, make, op); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
}

void register_all() {
    add("svd", general, [](const auto& a) { return me::linalg::svd(a); });
    add("eigh", symmetric, [](const auto& a) { return me::linalg::eigh(a); });
    add("cholesky", positive_definite, [](const auto& a) { return me::linalg::cholesky(a); });
    add("qr", general, [](const auto& a) { return me::linalg::qr(a); });
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}

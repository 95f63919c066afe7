// linalg solver benchmarks: solve, inv and det at 256, 512 and 1024, each case named as in
// benchmarks/numpy_bench.py's linalg section (`numpy_bench.py linalg`), which times the
// same calls in NumPy on the same inputs (the legacy generator seeded alike gives the same
// matrices) and the same OpenBLAS/LAPACK. benchmarks/compare.py runs both and prints the
// ratios. The decompositions are in bench_linalg.cpp.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <utility>

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

/// A vector of n values for the right-hand side: np.random.seed(n + 1); standard_normal(n).
me::array<double> rhs(std::size_t n) {
    me::random::seed(static_cast<std::uint32_t>(n + 1));
    return me::random::standard_normal({n});
}

/// a x = b with a = `general(n)` and b = `rhs(n)`.
std::pair<me::array<double>, me::array<double>> system(std::size_t n) { return {general(n), rhs(n)}; }

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
    add("solve", system, [](const auto& ab) { return me::linalg::solve(ab.first, ab.second); });
    add("inv", general, [](const auto& a) { return me::linalg::inv(a); });
    add("det", general, [](const auto& a) { return me::linalg::det(a); });
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

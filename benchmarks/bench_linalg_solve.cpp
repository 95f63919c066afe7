// linalg solver benchmarks: solve, inv and det at 256, 512 and 1024, each case named as in
// benchmarks/numpy_bench.py's linalg section (`numpy_bench.py linalg`), which times the
// same calls in NumPy on the same inputs (the legacy generator seeded alike gives the same
// matrices) and the same OpenBLAS/LAPACK. benchmarks/compare.py runs both and prints the
// ratios. The decompositions are in bench_linalg.cpp.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <string>
#include <utility>

namespace {

using bench::general;

/// A vector of n values for the right-hand side: np.random.seed(n + 1); standard_normal(n).
me::array<double> rhs(std::size_t n) {
    me::random::seed(static_cast<std::uint32_t>(n + 1));
    return me::random::standard_normal({n});
}

/// a x = b with a = `general(n)` and b = `rhs(n)`.
std::pair<me::array<double>, me::array<double>> system(std::size_t n) { return {general(n), rhs(n)}; }

void register_all() {
    bench::add_sized("solve", system, [](const auto& ab) { return me::linalg::solve(ab.first, ab.second); });
    bench::add_sized("inv", general, [](const auto& a) { return me::linalg::inv(a); });
    bench::add_sized("det", general, [](const auto& a) { return me::linalg::det(a); });
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

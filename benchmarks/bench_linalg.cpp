// linalg decomposition benchmarks: svd, eigh, cholesky and qr at 256, 512 and 1024, each
// case named as in benchmarks/numpy_bench.py's linalg section (`numpy_bench.py linalg`),
// which times the same calls in NumPy on the same inputs (the legacy generator seeded
// alike gives the same matrices) and the same OpenBLAS/LAPACK. benchmarks/compare.py
// runs both and prints the ratios. The solvers are in bench_linalg_solve.cpp.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <string>

namespace {

using bench::general;

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

void register_all() {
    bench::add_sized("svd", general, [](const auto& a) { return me::linalg::svd(a); });
    bench::add_sized("eigh", symmetric, [](const auto& a) { return me::linalg::eigh(a); });
    bench::add_sized("cholesky", positive_definite, [](const auto& a) { return me::linalg::cholesky(a); });
    bench::add_sized("qr", general, [](const auto& a) { return me::linalg::qr(a); });
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}

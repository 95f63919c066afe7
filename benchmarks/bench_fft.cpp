// FFT benchmarks: the speed targets (fft and rfft at 2^16, 2^20, 3^10 and the
// prime 99991; fft2 at 1024x1024), each named as in benchmarks/numpy_bench.py's fft
// section (`numpy_bench.py fft`), which times the same calls in numpy.fft.
// benchmarks/compare.py runs both and prints the ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <string>

namespace {

using bench::sample;

/// One call per iteration of `f` on `x`.
template <class X, class F>
void run(benchmark::State& state, const X& x, F f) {
    bench::budget();
    f(x);  // builds and caches the plan, as NumPy's first call does
    for (auto _ : state) {
        auto r = f(x);
        benchmark::DoNotOptimize(r.data());
    }
}

void fft(benchmark::State& state, std::size_t n) {
    run(state, sample({n}).astype<std::complex<double>>(), [](const auto& z) { return me::fft::fft(z); });
}
void rfft(benchmark::State& state, std::size_t n) {
    run(state, sample({n}), [](const auto& x) { return me::fft::rfft(x); });
}
void fft2(benchmark::State& state, std::size_t n) {
    run(state, sample({n, n}).astype<std::complex<double>>(), [](const auto& z) { return me::fft::fft2(z); });
}

}  // namespace

// Names as numpy_bench.py's: fft/<n>, rfft/<n>, fft2/<n>x<n>.
BENCHMARK_CAPTURE(fft, 65536, 65536)->Name("fft/65536")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fft, 1048576, 1048576)->Name("fft/1048576")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fft, 59049, 59049)->Name("fft/59049")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fft, 99991, 99991)->Name("fft/99991")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rfft, 65536, 65536)->Name("rfft/65536")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rfft, 1048576, 1048576)->Name("rfft/1048576")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rfft, 59049, 59049)->Name("rfft/59049")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rfft, 99991, 99991)->Name("rfft/99991")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fft2, 1024, 1024)->Name("fft2/1024x1024")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

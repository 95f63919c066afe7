// einsum benchmarks: contractions on BLAS and path search, each case named as in
// benchmarks/numpy_bench.py's einsum section (`numpy_bench.py einsum`), which times the
// same work with numpy.einsum(..., optimize=True) and numpy.einsum_path(optimize='greedy').
// benchmarks/compare.py runs both and prints the ratios.
#include <mechestim/mechestim.hpp>

#include <benchmark/benchmark.h>

#include "bench_support.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using bench::sample;

/// One einsum call per iteration; `optimize` as NumPy's optimize=True ('greedy').
void run_einsum(benchmark::State& state, const std::string& subscripts, const std::vector<me::shape_t>& shapes) {
    bench::budget();
    std::vector<me::array<double>> ops;
    for (const auto& s : shapes) ops.push_back(sample(s));
    const me::einsum_options options{.optimize = "greedy"};
    for (auto _ : state) {
        auto r = me::einsum(subscripts, ops, options);
        benchmark::DoNotOptimize(r.data());
    }
}

void run_matmul(benchmark::State& state, const me::shape_t& sa, const me::shape_t& sb) {
    bench::budget();
    const auto a = sample(sa), b = sample(sb);
    for (auto _ : state) {
        auto r = me::matmul(a, b);
        benchmark::DoNotOptimize(r.data());
    }
}

/// A random network of n operands with 2-3 labels each from the 52 letters, sizes 2-4;
/// the same generator (a 64-bit LCG) as numpy_bench.py's, so both search the same network.
struct network {
    std::string subscripts;
    std::vector<me::shape_t> shapes;
};

network random_network(std::size_t n, std::uint64_t seed) {
    const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::uint64_t state = seed;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    std::vector<std::size_t> size(52);
    for (auto& s : size) s = 2 + next() % 3;
    std::vector<int> count(52, 0);
    network net;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t nlabels = 2 + next() % 2;
        std::string term;
        me::shape_t shape;
        while (term.size() < nlabels) {
            const std::size_t l = next() % 52;
            if (term.find(letters[l]) != std::string::npos) continue;
            term += letters[l];
            shape.push_back(size[l]);
            ++count[l];
        }
        net.subscripts += (k ? "," : "") + term;
        net.shapes.push_back(shape);
    }
    net.subscripts += "->";
    for (std::size_t l = 0; l < 52; ++l)
        if (count[l] == 1) net.subscripts += letters[l];
    return net;
}

void run_path(benchmark::State& state, std::size_t n) {
    const auto net = random_network(n, 12345 + n);
    std::vector<me::array<double>> ops;
    for (const auto& s : net.shapes) ops.push_back(sample(s));
    const me::einsum_options options{.optimize = "greedy"};
    for (auto _ : state) {
        auto info = me::einsum_path(net.subscripts, ops, options);
        benchmark::DoNotOptimize(info.optimized_cost);
    }
}

/// The greedy optimiser alone (no parsing, pricing or report), to show where
/// einsum_path's time goes.
void run_greedy_core(benchmark::State& state, std::size_t n) {
    const auto net = random_network(n, 12345 + n);
    const auto arrow = net.subscripts.find("->");
    std::vector<std::string> inputs;
    std::string term;
    for (char c : net.subscripts.substr(0, arrow)) {
        if (c == ',') {
            inputs.push_back(term);
            term.clear();
        } else {
            term += c;
        }
    }
    inputs.push_back(term);
    me::detail::paths::size_dict_t sizes;
    for (std::size_t k = 0; k < inputs.size(); ++k)
        for (std::size_t d = 0; d < inputs[k].size(); ++d) sizes[inputs[k][d]] = net.shapes[k][d];
    const auto network = me::detail::paths::make_network(inputs, net.subscripts.substr(arrow + 2), sizes);
    for (auto _ : state) {
        auto path = me::detail::paths::greedy(network);
        benchmark::DoNotOptimize(path.data());
    }
}

const int registered = [] {
    auto reg = [](const std::string& name, auto f) {
        benchmark::RegisterBenchmark(name.c_str(), f)->UseRealTime()->Unit(benchmark::kMicrosecond);
    };
    for (std::size_t n : {512, 2048}) {
        reg("einsum/matmul_" + std::to_string(n),
            [n](benchmark::State& s) { run_einsum(s, "ij,jk->ik", {{n, n}, {n, n}}); });
        reg("matmul/" + std::to_string(n), [n](benchmark::State& s) { run_matmul(s, {n, n}, {n, n}); });
    }
    reg("einsum/matmul_T_512", [](benchmark::State& s) { run_einsum(s, "ji,kj->ik", {{512, 512}, {512, 512}}); });
    reg("einsum/batched_ellipsis_64x64x64",
        [](benchmark::State& s) { run_einsum(s, "...ij,...jk->...ik", {{64, 64, 64}, {64, 64, 64}}); });
    reg("einsum/bij_bjk_32x128x128",
        [](benchmark::State& s) { run_einsum(s, "bij,bjk->bik", {{32, 128, 128}, {32, 128, 128}}); });
    reg("matmul/batched_64x64x64", [](benchmark::State& s) { run_matmul(s, {64, 64, 64}, {64, 64, 64}); });
    reg("einsum/matvec_2048", [](benchmark::State& s) { run_einsum(s, "ij,j->i", {{2048, 2048}, {2048}}); });
    reg("einsum/chain4_384_8", [](benchmark::State& s) {
        run_einsum(s, "ij,jk,kl,lm->im", {{384, 384}, {384, 8}, {8, 384}, {384, 384}});
    });
    reg("einsum/network4_256", [](benchmark::State& s) {
        run_einsum(s, "abc,cd,de,eb->ad", {{64, 256, 32}, {32, 256}, {256, 256}, {256, 256}});
    });
    for (std::size_t n : {10, 30, 100})
        reg("einsum_path/greedy_" + std::to_string(n), [n](benchmark::State& s) { run_path(s, n); });
    for (std::size_t n : {10, 30, 100})
        reg("paths::greedy/" + std::to_string(n), [n](benchmark::State& s) { run_greedy_core(s, n); });
    return 0;
}();

}  // namespace

BENCHMARK_MAIN();

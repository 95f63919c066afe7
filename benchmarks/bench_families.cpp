// Every op family at 1e3 and 1e6 elements, named as numpy_bench.py's `families` group
// names its NumPy side ("unary/exp/1000000"), so that benchmarks/families.py can pair
// them into the table of docs/benchmarks.md. "raw/<op>/<n>" is SLEEF's loop alone, into a
// buffer made once: the cost of the op without the charge and the result.
#include "bench_support.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace {

/// n values spread over [lo, hi] (every function's domain contains [0.1, 0.9]).
me::array<double> spread(std::size_t n, double lo = 0.1, double hi = 0.9) {
    auto a = me::array<double>::uninitialized({n});
    for (std::size_t i = 0; i < n; ++i) a.data()[i] = lo + (hi - lo) * static_cast<double>((i * 7919) % n) / static_cast<double>(n);
    return a;
}

constexpr std::size_t sizes[] = {1000, 1000000};

/// Registers `family/name/n` for both sizes; `make(n)` builds the input once, `op` runs in the loop.
template <class Make, class Op>
void add(const std::string& family, const std::string& name, Make make, Op op) {
    for (std::size_t n : sizes)
        benchmark::RegisterBenchmark((family + "/" + name + "/" + std::to_string(n)).c_str(),
                                     [=](benchmark::State& state) {
                                         bench::budget();
                                         const auto input = make(n);
                                         for (auto _ : state) {
                                             auto r = op(input);
                                             benchmark::DoNotOptimize(r);
                                         }
                                     })
            ->UseRealTime();
}

template <class Op>
void unary(const std::string& name, Op op, double lo = 0.1, double hi = 0.9) {
    add("unary", name, [=](std::size_t n) { return spread(n, lo, hi); }, op);
}

template <class Op>
void unary_f32(const std::string& name, Op op) {
    add("unary", name + "_f32", [](std::size_t n) { return me::astype<float>(spread(n)); }, op);
}

/// SLEEF's loop on its own, through the same dispatch, into a buffer that is reused.
template <class K>
void raw(const std::string& name, double lo = 0.1, double hi = 0.9) {
    for (std::size_t n : sizes)
        benchmark::RegisterBenchmark(("raw/" + name + "/" + std::to_string(n)).c_str(),
                                     [=](benchmark::State& state) {
                                         const auto a = spread(n, lo, hi);
                                         std::vector<double> out(n);
                                         const auto level = me::simd_level_in_use();
                                         for (auto _ : state) {
                                             me::detail::vector_math::map<K>(a.data(), out.data(), n, level);
                                             benchmark::DoNotOptimize(out.data());
                                         }
                                     })
            ->UseRealTime();
}

struct pair_input {
    me::array<double> x, y;
};
pair_input two(std::size_t n) { return {spread(n), spread(n, 0.2, 0.8)}; }

void register_all() {
    namespace vm = me::detail::vector_math;
    // Unary: the transcendentals, then a few plain ones.
    unary("exp", [](const auto& a) { return me::exp(a); });
    unary("exp2", [](const auto& a) { return me::exp2(a); });
    unary("expm1", [](const auto& a) { return me::expm1(a); });
    unary("log", [](const auto& a) { return me::log(a); });
    unary("log2", [](const auto& a) { return me::log2(a); });
    unary("log10", [](const auto& a) { return me::log10(a); });
    unary("log1p", [](const auto& a) { return me::log1p(a); });
    unary("sqrt", [](const auto& a) { return me::sqrt(a); });
    unary("cbrt", [](const auto& a) { return me::cbrt(a); });
    unary("sin", [](const auto& a) { return me::sin(a); });
    unary("cos", [](const auto& a) { return me::cos(a); });
    unary("tan", [](const auto& a) { return me::tan(a); });
    unary("arcsin", [](const auto& a) { return me::arcsin(a); });
    unary("arccos", [](const auto& a) { return me::arccos(a); });
    unary("arctan", [](const auto& a) { return me::arctan(a); });
    unary("sinh", [](const auto& a) { return me::sinh(a); });
    unary("cosh", [](const auto& a) { return me::cosh(a); });
    unary("tanh", [](const auto& a) { return me::tanh(a); });
    unary("arcsinh", [](const auto& a) { return me::arcsinh(a); });
    unary("arccosh", [](const auto& a) { return me::arccosh(a); }, 1.1, 1.9);
    unary("arctanh", [](const auto& a) { return me::arctanh(a); });
    unary("negative", [](const auto& a) { return me::negative(a); });
    unary("abs", [](const auto& a) { return me::abs(a); });
    unary("square", [](const auto& a) { return me::square(a); });
    unary("floor", [](const auto& a) { return me::floor(a); });
    unary_f32("exp", [](const auto& a) { return me::exp(a); });
    unary_f32("log", [](const auto& a) { return me::log(a); });
    unary_f32("sin", [](const auto& a) { return me::sin(a); });
    unary_f32("tanh", [](const auto& a) { return me::tanh(a); });
    unary_f32("sqrt", [](const auto& a) { return me::sqrt(a); });
    raw<vm::kernels_exp>("exp");
    raw<vm::kernels_log>("log");
    raw<vm::kernels_sin>("sin");
    raw<vm::kernels_tanh>("tanh");
    raw<vm::kernels_sqrt>("sqrt");

    // Binary.
    add("binary", "add", two, [](const pair_input& p) { return p.x + p.y; });
    add("binary", "subtract", two, [](const pair_input& p) { return p.x - p.y; });
    add("binary", "multiply", two, [](const pair_input& p) { return p.x * p.y; });
    add("binary", "divide", two, [](const pair_input& p) { return p.x / p.y; });
    add("binary", "power", two, [](const pair_input& p) { return me::power(p.x, p.y); });
    add("binary", "power_scalar", two, [](const pair_input& p) { return me::power(p.x, 2.5); });
    add("binary", "arctan2", two, [](const pair_input& p) { return me::arctan2(p.x, p.y); });
    add("binary", "hypot", two, [](const pair_input& p) { return me::hypot(p.x, p.y); });
    add("binary", "maximum", two, [](const pair_input& p) { return me::maximum(p.x, p.y); });
    add("binary", "less", two, [](const pair_input& p) { return me::less(p.x, p.y); });
    add("binary", "equal", two, [](const pair_input& p) { return me::equal(p.x, p.y); });

    // Reductions (to a scalar).
    auto one = [](std::size_t n) { return spread(n); };
    add("reduction", "sum", one, [](const auto& a) { return me::sum(a); });
    add("reduction", "prod", one, [](const auto& a) { return me::prod(a); });
    add("reduction", "mean", one, [](const auto& a) { return me::mean(a); });
    add("reduction", "std", one, [](const auto& a) { return me::std(a); });
    add("reduction", "max", one, [](const auto& a) { return me::max(a); });
    add("reduction", "min", one, [](const auto& a) { return me::min(a); });
    add("reduction", "argmax", one, [](const auto& a) { return me::argmax(a); });
    add("reduction", "argmin", one, [](const auto& a) { return me::argmin(a); });
    add("reduction", "nanmax", one, [](const auto& a) { return me::nanmax(a); });
    add("reduction", "nansum", one, [](const auto& a) { return me::nansum(a); });
    add("reduction", "cumsum", one, [](const auto& a) { return me::cumsum(a); });

    // Free ops: selection, joining, conversion and copies.
    struct select_input {
        me::array<bool> c;
        me::array<double> x, y;
        me::index_array idx;
    };
    auto selection = [](std::size_t n) {
        select_input s{me::less(spread(n), 0.5), spread(n), spread(n, 0.2, 0.8), me::index_array::uninitialized({n / 10})};
        for (std::size_t i = 0; i < n / 10; ++i) s.idx.data()[i] = static_cast<std::int64_t>((i * 7919) % n);
        return s;
    };
    add("free", "where", selection, [](const select_input& s) { return me::where(s.c, s.x, s.y); });
    add("free", "where_scalar", selection, [](const select_input& s) { return me::where(s.c, s.x, 0.0); });
    // A mask with no runs (bit 31 of a multiplicative hash of i): a branch per element
    // mispredicts on half of them, where the mask of `where` above comes in runs of ~63.
    add("free", "where_random",
        [selection](std::size_t n) {
            auto s = selection(n);
            for (std::size_t i = 0; i < n; ++i) s.c.data()[i] = (((i * 2654435761u) & 0xffffffffu) >> 31) != 0;
            return s;
        },
        [](const select_input& s) { return me::where(s.c, s.x, s.y); });
    add("free", "take", selection, [](const select_input& s) { return me::take(s.x, s.idx); });
    add("free", "compress", selection, [](const select_input& s) { return me::compress(s.c, s.x); });
    add("free", "concatenate", selection, [](const select_input& s) { return me::concatenate({s.x, s.y}); });
    add("free", "astype", selection, [](const select_input& s) { return me::astype<float>(s.x); });
    add("free", "clip", selection, [](const select_input& s) { return me::clip(s.x, 0.2, 0.7); });
    add("free", "transpose_copy",
        [](std::size_t n) {
            const auto side = static_cast<std::ptrdiff_t>(std::sqrt(static_cast<double>(n)));
            return me::reshape(spread(static_cast<std::size_t>(side * side)), {side, side});
        },
        [](const auto& m) { return me::ascontiguousarray(me::transpose(m)); });

    // Random.
    add("random", "standard_normal", [](std::size_t n) { return n; },
        [](std::size_t n) { return me::random::standard_normal({n}); });
    add("random", "random_sample", [](std::size_t n) { return n; },
        [](std::size_t n) { return me::random::random_sample({n}); });
    add("random", "normal", [](std::size_t n) { return n; }, [](std::size_t n) { return me::random::normal(1.0, 2.0, {n}); });
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::AddCustomContext("simd_level", std::string(me::simd_level_name(me::simd_level_in_use())));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}

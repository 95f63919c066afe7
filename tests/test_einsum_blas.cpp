// einsum steps on BLAS (detail/einsum_execute.hpp, detail/blas.hpp): results against a
// brute-force sum in long double on all four BLAS types, for plain, transposed, strided,
// batched and broadcast layouts, size-0 and size-1 dimensions; which route each step took
// and whether an operand was copied, through the executor's thread-local counters.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

/// A two-operand expression and the operands' shapes.
struct pair_case {
    const char* subscripts;
    me::shape_t a, b;
};

template <class T>
struct wide {
    using type = long double;
};
template <class R>
struct wide<std::complex<R>> {
    using type = std::complex<long double>;
};
template <class T>
using wide_t = typename wide<T>::type;

template <class T>
T value_at(std::size_t i, double seed) {
    const double x = std::sin(0.731 * static_cast<double>(i) + seed);
    if constexpr (me::detail::is_complex_v<T>) {
        using R = typename T::value_type;
        return T(static_cast<R>(x), static_cast<R>(std::cos(0.377 * static_cast<double>(i) + seed)));
    } else {
        return static_cast<T>(x);
    }
}

template <class T>
me::array<T> sample(const me::shape_t& shape, double seed) {
    auto a = me::array<T>::uninitialized(shape);
    std::size_t i = 0;
    for (auto& x : a) x = value_at<T>(i++, seed);
    return a;
}

/// einsum by definition: every assignment of every label, products summed in long double;
/// also, per output element, the sum of the products' magnitudes (what rounding scales with).
template <class T>
std::pair<std::vector<wide_t<T>>, std::vector<long double>> brute_force(const std::string& subscripts, const std::vector<me::array<T>>& ops) {
    std::vector<me::shape_t> shapes;
    for (const auto& a : ops) shapes.push_back(a.shape());
    const auto spec = me::detail::parse_einsum(subscripts, shapes);
    const auto& sizes = spec.sizes;
    std::size_t out_n = 1, all = 1;
    for (auto l : spec.output) out_n *= sizes[l];
    for (auto s : sizes) all *= s;
    std::vector<wide_t<T>> out(out_n, wide_t<T>(0));
    std::vector<long double> magnitude(out_n, 0);
    std::vector<std::size_t> idx(sizes.size(), 0);
    for (std::size_t n = 0; n < all; ++n) {
        std::size_t rest = n;  // idx = the n-th assignment
        for (std::size_t l = sizes.size(); l-- > 0;) {
            idx[l] = rest % sizes[l];
            rest /= sizes[l];
        }
        wide_t<T> prod(1);
        for (std::size_t k = 0; k < ops.size(); ++k) {
            std::size_t off = 0;
            const auto& labels = spec.inputs[k];
            for (std::size_t d = 0; d < labels.size(); ++d)
                off = off * shapes[k][d] + (shapes[k][d] == 1 ? 0 : idx[labels[d]]);
            prod *= static_cast<wide_t<T>>(ops[k].data()[off]);
        }
        std::size_t o = 0;
        for (auto l : spec.output) o = o * sizes[l] + idx[l];
        out[o] += prod;
        magnitude[o] += std::abs(prod);
    }
    return {out, magnitude};
}

struct route {
    std::size_t blas, loop, copies;
};

/// Runs me::einsum, checks it against brute force, returns the route it took.
template <class T>
route check_einsum(const std::string& subscripts, const std::vector<me::shape_t>& shapes, bool special = false) {
    std::vector<me::array<T>> ops;
    for (std::size_t k = 0; k < shapes.size(); ++k) ops.push_back(sample<T>(shapes[k], 0.1 + static_cast<double>(k)));
    if (special) {  // a NaN in the first operand, and an inf for real types (complex inf
                    // arithmetic gives NaN or inf parts by the order of operations)
        using R = me::detail::real_t<T>;
        ops[0].data()[3] = T(std::numeric_limits<R>::quiet_NaN());
        if constexpr (!me::detail::is_complex_v<T>)
            ops[0].data()[ops[0].size() - 1] = std::numeric_limits<R>::infinity();
    }
    const auto before = me::detail::einsum_stats;
    const auto got = me::einsum(subscripts, ops);
    const auto after = me::detail::einsum_stats;
    const auto [want, magnitude] = brute_force(subscripts, ops);
    REQUIRE(got.size() == want.size());
    // A few units of rounding per term of the sum, relative to the terms' magnitudes.
    const long double eps = std::is_same_v<me::detail::real_t<T>, float> ? 1e-6L : 1e-15L;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const wide_t<T> g = static_cast<wide_t<T>>(got.data()[i]);
        if (!std::isfinite(magnitude[i])) {  // NaN or inf terms: NaN where the sum is NaN
            if (std::isnan(std::abs(want[i])) != std::isnan(std::abs(g))) ++bad;
        } else if (!(std::abs(g - want[i]) <= eps * (1 + magnitude[i]))) {
            ++bad;
        }
    }
    INFO(subscripts << " on " << me::detail::dtype_name<T>());
    CHECK(bad == 0);
    return {after.blas_steps - before.blas_steps, after.loop_steps - before.loop_steps, after.copies - before.copies};
}

}  // namespace

#define BLAS_TYPES float, double, std::complex<float>, std::complex<double>

TEMPLATE_TEST_CASE("einsum on BLAS: GEMM reads plain and transposed operands in place", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    for (const char* s : {"ij,jk->ik", "ji,jk->ik", "ij,kj->ik", "ji,kj->ik", "ij,jk"}) {
        INFO(s);
        const bool a_t = s[0] == 'j', b_t = s[3] == 'k';
        const me::shape_t sa = a_t ? me::shape_t{20, 24} : me::shape_t{24, 20};
        const me::shape_t sb = b_t ? me::shape_t{16, 20} : me::shape_t{20, 16};
        const auto r = check_einsum<TestType>(s, {sa, sb});
        CHECK(r.blas == 1);
        CHECK(r.loop == 0);
        CHECK(r.copies == 0);
    }
    // The output asks for (k, i): the operands swap, so the result needs no transpose.
    const auto r = check_einsum<TestType>("ij,jk->ki", {{24, 20}, {20, 16}});
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
}

TEMPLATE_TEST_CASE("einsum on BLAS: GEMV and DOT, strided vectors and diagonals", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    for (const auto& c : {pair_case{"ij,j->i", {64, 80}, {80}}, pair_case{"j,ij->i", {80}, {64, 80}},
                          pair_case{"ji,j->i", {64, 80}, {64}}, pair_case{"j,ji->i", {64}, {64, 80}}}) {
        INFO(c.subscripts);
        const auto r = check_einsum<TestType>(c.subscripts, {c.a, c.b});
        CHECK(r.blas == 1);
        CHECK(r.copies == 0);
    }
    auto r = check_einsum<TestType>("i,i->", {{5000}, {5000}});
    CHECK(r.blas == 1);
    r = check_einsum<TestType>("ij,ij->", {{70, 80}, {70, 80}});  // both contiguous: one DOT
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("bi,bi->b", {{3, 4100}, {3, 4100}});  // a DOT per batch
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("iij,jk->ik", {{20, 20, 24}, {24, 16}});  // diagonal: lda = 21 * 24
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("ij,ji->", {{80, 80}, {80, 80}});  // no common order: one copy
    CHECK(r.blas == 1);
    CHECK(r.copies == 1);
}

TEMPLATE_TEST_CASE("einsum on BLAS: batched layouts", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    auto r = check_einsum<TestType>("bij,bjk->bik", {{3, 16, 16}, {3, 16, 20}});
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("...ij,...jk->...ik", {{2, 3, 16, 16}, {2, 3, 16, 20}});  // two batch labels collapse
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("ibj,bjk->bik", {{16, 3, 16}, {3, 16, 20}});  // batch inside a: strided matrices
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("bij,bkj->bki", {{3, 16, 16}, {3, 20, 16}});
    CHECK(r.blas == 1);
    r = check_einsum<TestType>("bij,jbk->bik", {{3, 16, 16}, {16, 3, 20}});
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    // A broadcast (size-1) batch label: a's is dropped, so b's is a free label of b, not
    // contiguous with k; it runs as a batch that a repeats (stride 0), with no copy.
    r = check_einsum<TestType>("bij,bjk->bik", {{1, 16, 16}, {4, 16, 16}});
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("...ij,...jk->...ik", {{4, 16, 16}, {1, 16, 16}});  // (4*16, k) is one dimension
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("...ij,...jk->...ik", {{16, 16}, {2, 3, 16, 20}});  // matmul broadcasting
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("ij,bjk->bki", {{16, 20}, {3, 20, 24}});  // the repeated one leads, transposed
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("bjk,ij->ibk", {{3, 20, 24}, {16, 20}});  // i leads: b is a free label
    CHECK(r.blas == 1);
}

TEMPLATE_TEST_CASE("einsum on BLAS: size-1 and size-0 dimensions, labels needing a copy", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    auto r = check_einsum<TestType>("iaj,jk->iak", {{24, 1, 20}, {20, 16}});
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("iaj,ajk->ik", {{24, 1, 20}, {1, 20, 16}});  // a summed size-1 label
    CHECK(r.blas == 1);
    CHECK(r.copies == 0);
    r = check_einsum<TestType>("ij,jk->ik", {{24, 1}, {1, 16}});  // K = 1: an outer product, the loop
    CHECK(r.blas == 0);
    r = check_einsum<TestType>("ijk,jl->ikl", {{16, 8, 4}, {8, 40}});  // free labels (i, k) not contiguous
    CHECK(r.blas == 1);
    CHECK(r.copies == 1);
    r = check_einsum<TestType>("ijx,jk->ik", {{24, 20, 3}, {20, 16}});  // x is summed in a alone
    CHECK(r.blas == 1);
    CHECK(r.copies == 1);
    // Empty operands never reach BLAS; a zero-length contraction gives zeros.
    r = check_einsum<TestType>("ij,jk->ik", {{0, 20}, {20, 16}});
    CHECK(r.blas == 0);
    r = check_einsum<TestType>("ij,jk->ik", {{24, 0}, {0, 16}});
    CHECK(r.blas == 0);
    r = check_einsum<TestType>("bij,bjk->bik", {{0, 16, 16}, {0, 16, 16}});
    CHECK(r.blas == 0);
}

TEMPLATE_TEST_CASE("einsum on BLAS: NaN and inf propagate as in NumPy", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    for (const auto& c : {pair_case{"ij,jk->ik", {64, 80}, {80, 72}}, pair_case{"ji,jk->ik", {64, 80}, {64, 72}},
                          pair_case{"ij,j->i", {64, 80}, {80}}, pair_case{"j,ij->i", {80}, {64, 80}},
                          pair_case{"i,i->", {5000}, {5000}}}) {
        INFO(c.subscripts);
        CHECK(check_einsum<TestType>(c.subscripts, {c.a, c.b}, true).blas == 1);
    }
}

TEMPLATE_TEST_CASE("einsum on BLAS: three operands, intermediates read in place", "[einsum][blas]", BLAS_TYPES) {
    me::BudgetContext budget(1e12);
    const auto r = check_einsum<TestType>("ij,jk,kl->il", {{24, 20}, {20, 16}, {16, 18}});
    CHECK(r.blas == 2);
    CHECK(r.copies == 0);
}

TEST_CASE("einsum on BLAS: integer and bool steps keep the loop", "[einsum][blas]") {
    me::BudgetContext budget(1e12);
    CHECK(check_einsum<std::int64_t>("ij,jk->ik", {{24, 20}, {20, 16}}).loop == 1);
    const auto before = me::detail::einsum_stats.blas_steps;
    const auto a = me::ones<bool>({24, 20}), b = me::ones<bool>({20, 16});
    const auto c = me::einsum("ij,jk->ik", a, b);
    CHECK(c(3, 4) == true);
    CHECK(me::detail::einsum_stats.blas_steps == before);
}

TEST_CASE("einsum on BLAS: tiny products stay in the loop", "[einsum][blas]") {
    me::BudgetContext budget(1e12);
    const auto r = check_einsum<double>("ij,jk->ik", {{4, 4}, {4, 4}});
    CHECK(r.blas == 0);
    CHECK(r.loop == 1);
}

TEST_CASE("einsum on BLAS: the charge is the plan's, and a failed charge runs nothing", "[einsum][blas][budget]") {
    const auto a = sample<double>({64, 64}, 0.5), b = sample<double>({64, 64}, 1.5);
    {
        me::BudgetContext budget(1e12);
        me::einsum("ij,jk->ik", a, b);
        CHECK(budget.flops_used() == me::flops::einsum_cost("ij,jk->ik", {{64, 64}, {64, 64}}));
        CHECK(budget.flops_used() == 2 * 64 * 64 * 64);
    }
    me::BudgetContext budget(2 * 64 * 64 * 64 - 1);
    const auto before = me::detail::einsum_stats;
    CHECK_THROWS_AS(me::einsum("ij,jk->ik", a, b), me::BudgetExhaustedError);
    CHECK(budget.flops_used() == 0);
    CHECK(me::detail::einsum_stats.blas_steps == before.blas_steps);
    CHECK(me::detail::einsum_stats.copies == before.copies);
    CHECK(a(1, 2) == value_at<double>(66, 0.5));
}

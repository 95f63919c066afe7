// The linalg decompositions (linalg/decompositions.hpp): exact charges against the
// me::flops queries and hand-computed numbers, budgets too small, bad inputs charging
// nothing, failures found by LAPACK (charged), views, and reconstructions. Values against
// NumPy are checked in differential/diff_linalg_decompositions.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <cmath>
#include <complex>
#include <string>
#include <vector>

namespace {

using cdouble = std::complex<double>;

using test_support::check_charge;
using test_support::check_rejected;
using test_support::check_too_small;
using test_support::iota;

/// A random matrix, made in a context of its own so that the checks below see only the op.
me::array<double> random_matrix(const me::shape_t& shape, unsigned seed = 7) {
    me::BudgetContext scratch(1e12);
    me::random::seed(seed);
    return me::random::standard_normal(shape);
}

/// A symmetric positive definite n x n matrix (stacked when batch > 1): B Bᵀ + n I.
me::array<double> spd(std::size_t n, std::size_t batch = 1) {
    const auto b = random_matrix({batch, n, n});
    auto a = me::array<double>::uninitialized(batch == 1 ? me::shape_t{n, n} : me::shape_t{batch, n, n});
    for (std::size_t k = 0; k < batch; ++k)
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                double s = i == j ? static_cast<double>(n) : 0.0;
                for (std::size_t l = 0; l < n; ++l) s += b.data()[(k * n + i) * n + l] * b.data()[(k * n + j) * n + l];
                a.data()[(k * n + i) * n + j] = s;
            }
    return a;
}

/// The largest |x - y| over two arrays of one shape.
template <class X, class Y>
double max_diff(const X& x, const Y& y) {
    REQUIRE(x.shape() == y.shape());
    double d = 0;
    for (std::size_t i = 0; i < x.size(); ++i) d = std::max(d, static_cast<double>(std::abs(x.data()[i] - y.data()[i])));
    return d;
}

/// a @ b of two matrices (plain loops: nothing charged).
template <class T>
me::array<T> mm(const me::array<T>& a, const me::array<T>& b) {
    const std::size_t m = a.shape()[0], k = a.shape()[1], n = b.shape()[1];
    auto out = me::array<T>::uninitialized({m, n});
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            T s{};
            for (std::size_t l = 0; l < k; ++l) s += a.data()[i * k + l] * b.data()[l * n + j];
            out.data()[i * n + j] = s;
        }
    return out;
}

template <class T>
me::array<T> adjoint(const me::array<T>& a) {
    const std::size_t m = a.shape()[0], n = a.shape()[1];
    auto out = me::array<T>::uninitialized({n, m});
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) out.data()[j * m + i] = std::conj(a.data()[i * n + j]);
    return out;
}

template <class T>
me::array<T> identity(std::size_t n) {
    auto out = me::array<T>::uninitialized({n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) out.data()[i * n + j] = T(i == j ? 1 : 0);
    return out;
}

}  // namespace

TEST_CASE("the decomposition queries give the reference's formulas", "[linalg][decompositions]") {
    CHECK(me::flops::svd_cost(256, 256) == 16'777'216);
    CHECK(me::flops::svd_cost(100, 50, 5) == 25'000);
    CHECK(me::flops::svd_cost({3, 100, 50}) == 3 * 100 * 50 * 50);
    CHECK(me::flops::svd_cost({3, 100, 50}, 4) == 3 * 100 * 50 * 4);
    CHECK(me::flops::svd_cost(0, 5) == 1);  // at least 1
    CHECK(me::flops::svdvals_cost(7, 3) == 63);
    CHECK(me::flops::svdvals_cost({2, 3, 7}) == 2 * 63);
    CHECK(me::flops::cholesky_cost(256) == 5'592'405);  // floor(256^3 / 3)
    CHECK(me::flops::cholesky_cost(2) == 2);
    CHECK(me::flops::cholesky_cost({4, 5, 5}) == 4 * (125 / 3));
    CHECK(me::flops::cholesky_cost(1) == 1);
    CHECK(me::flops::qr_cost(256, 256) == 22'369'622);  // 2*256^3 - floor(2*256^3/3)
    CHECK(me::flops::qr_cost(10, 4) == 2 * 10 * 16 - 128 / 3);
    CHECK(me::flops::qr_cost(4, 10) == me::flops::qr_cost(10, 4));  // a wide matrix on its transpose's dimensions
    CHECK(me::flops::qr_cost({2, 10, 4}) == 2 * (320 - 42));
    CHECK(me::flops::eig_cost(10) == 10'000);
    CHECK(me::flops::eigvals_cost({3, 4, 4}) == 3 * 640);
    CHECK(me::flops::eigh_cost(256) == 22'369'621);  // floor(4*256^3/3)
    CHECK(me::flops::eigvalsh_cost({2, 3, 3}) == 2 * 36);
    CHECK(me::flops::eig_cost(0) == 1);
    static_assert(me::flops::cholesky_cost(3) == 9);
    static_assert(me::flops::eigh_cost(3) == 36);
    // Saturating: an adversarial shape does not wrap.
    CHECK(me::flops::eig_cost(std::size_t{1} << 40) == std::numeric_limits<me::flops_t>::max());
    CHECK(me::flops::svd_cost({std::size_t{1} << 30, std::size_t{1} << 30, std::size_t{1} << 30}) ==
          std::numeric_limits<me::flops_t>::max());
    CHECK(me::flops::qr_cost(std::size_t{1} << 62, std::size_t{1} << 62) == std::numeric_limits<me::flops_t>::max());
    // Bad shapes and k raise from the queries as from the ops.
    CHECK_THROWS_AS(me::flops::svd_cost(5, 4, 0), me::ValueError);
    CHECK_THROWS_AS(me::flops::svd_cost(5, 4, 5), me::ValueError);
    CHECK_THROWS_AS(me::flops::svd_cost(me::shape_t{4}), me::LinAlgError);
    CHECK_THROWS_AS(me::flops::cholesky_cost(me::shape_t{3, 4}), me::LinAlgError);
    CHECK_THROWS_AS(me::flops::eigh_cost(me::shape_t{2, 3}), me::LinAlgError);
}

TEST_CASE("each decomposition charges its formula, on several shapes", "[linalg][decompositions]") {
    const auto a = random_matrix({6, 4}), w = random_matrix({3, 5}), st = random_matrix({2, 3, 5, 4});
    const auto s5 = spd(5), s4x3 = spd(4, 3);
    check_charge([&] { (void)me::linalg::svd(a); }, "linalg.svd", 6 * 4 * 4);
    check_charge([&] { (void)me::linalg::svd(w, false); }, "linalg.svd", 3 * 5 * 3);
    check_charge([&] { (void)me::linalg::svd(st); }, "linalg.svd", 6 * 5 * 4 * 4);
    check_charge([&] { (void)me::linalg::svd(a, {.k = 2}); }, "linalg.svd", 6 * 4 * 2);
    check_charge([&] { (void)me::linalg::svd(a, {.compute_uv = false}); }, "linalg.svd", 96);
    check_charge([&] { (void)me::linalg::svd(s5, {.hermitian = true}); }, "linalg.svd", 125);
    check_charge([&] { (void)me::linalg::svd(s5, {.k = 2, .hermitian = true}); }, "linalg.svd", 50);
    check_charge([&] { (void)me::linalg::svdvals(st); }, "linalg.svdvals", me::flops::svdvals_cost(st.shape()));
    check_charge([&] { (void)me::linalg::svdvals(w); }, "linalg.svdvals", 45);
    check_charge([&] { (void)me::linalg::cholesky(s5); }, "linalg.cholesky", 41);
    check_charge([&] { (void)me::linalg::cholesky(s4x3); }, "linalg.cholesky", 3 * 21);
    for (const char* mode : {"reduced", "complete", "r", "raw"}) {
        check_charge([&] { (void)me::linalg::qr(a, mode); }, "linalg.qr", 2 * 6 * 16 - 128 / 3);
        check_charge([&] { (void)me::linalg::qr(w, mode); }, "linalg.qr", 2 * 5 * 9 - 54 / 3);
    }
    check_charge([&] { (void)me::linalg::qr(st); }, "linalg.qr", me::flops::qr_cost(st.shape()));
    check_charge([&] { (void)me::linalg::eig(s5); }, "linalg.eig", 1250);
    check_charge([&] { (void)me::linalg::eig(s4x3); }, "linalg.eig", 3 * 640);
    check_charge([&] { (void)me::linalg::eigvals(s5); }, "linalg.eigvals", 1250);
    check_charge([&] { (void)me::linalg::eigh(s5); }, "linalg.eigh", 166);
    check_charge([&] { (void)me::linalg::eigh(s4x3, "U"); }, "linalg.eigh", 3 * 85);
    check_charge([&] { (void)me::linalg::eigvalsh(s5); }, "linalg.eigvalsh", 166);
    check_charge([&] { (void)me::linalg::eigvalsh(s4x3); }, "linalg.eigvalsh", me::flops::eigvalsh_cost(s4x3.shape()));
    // Empty matrices cost 1.
    check_charge([] { (void)me::linalg::svd(me::zeros({0, 3})); }, "linalg.svd", 1);
    check_charge([] { (void)me::linalg::eigh(me::zeros({0, 0})); }, "linalg.eigh", 1);
    check_charge([] { (void)me::linalg::cholesky(me::zeros({2, 0, 0})); }, "linalg.cholesky", 1);
}

TEST_CASE("a budget too small raises before a decomposition runs, charging nothing", "[linalg][decompositions]") {
    const auto a = random_matrix({6, 4});
    const auto s5 = spd(5);
    const auto a_before = a, s_before = s5;
    check_too_small([&] { (void)me::linalg::svd(a); }, "linalg.svd", 96);
    check_too_small([&] { (void)me::linalg::svd(a, {.k = 1}); }, "linalg.svd", 24);
    check_too_small([&] { (void)me::linalg::svdvals(a); }, "linalg.svdvals", 96);
    check_too_small([&] { (void)me::linalg::cholesky(s5); }, "linalg.cholesky", 41);
    check_too_small([&] { (void)me::linalg::qr(a); }, "linalg.qr", 150);
    check_too_small([&] { (void)me::linalg::eig(s5); }, "linalg.eig", 1250);
    check_too_small([&] { (void)me::linalg::eigvals(s5); }, "linalg.eigvals", 1250);
    check_too_small([&] { (void)me::linalg::eigh(s5); }, "linalg.eigh", 166);
    check_too_small([&] { (void)me::linalg::eigvalsh(s5); }, "linalg.eigvalsh", 166);
    CHECK(me::identical(a, a_before));  // inputs untouched
    CHECK(me::identical(s5, s_before));
}

TEST_CASE("bad input raises a me:: error naming the op, charging nothing", "[linalg][decompositions]") {
    using me::LinAlgError;
    using me::ValueError;
    const auto v = iota({4}), rect = iota({3, 4}), sq = iota({3, 3});
    check_rejected<LinAlgError>([&] { (void)me::linalg::svd(v); }, {"linalg.svd", "at least two-dimensional"});
    check_rejected<ValueError>([&] { (void)me::linalg::svd(rect, {.k = 0}); }, {"linalg.svd", "k"});
    check_rejected<ValueError>([&] { (void)me::linalg::svd(rect, {.k = 4}); }, {"linalg.svd", "min(m, n) = 3"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::svdvals(v); }, {"linalg.svdvals"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::svd(rect, {.hermitian = true}); }, {"linalg.svd", "square"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::cholesky(rect); }, {"linalg.cholesky", "square"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::qr(v); }, {"linalg.qr"});
    check_rejected<ValueError>([&] { (void)me::linalg::qr(sq, "economic"); }, {"linalg.qr", "mode", "economic"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eig(rect); }, {"linalg.eig", "square"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eigvals(v); }, {"linalg.eigvals"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eigh(rect); }, {"linalg.eigh", "square"});
    check_rejected<ValueError>([&] { (void)me::linalg::eigh(sq, "X"); }, {"linalg.eigh", "UPLO"});
    check_rejected<ValueError>([&] { (void)me::linalg::eigvalsh(sq, {.UPLO = "lower"}); }, {"linalg.eigvalsh", "UPLO"});
    // NaN where NumPy raises (svd, eig) or LAPACK would return garbage (eigh): before charging.
    auto nan = sq;
    nan(2, 0) = std::nan("");
    check_rejected<LinAlgError>([&] { (void)me::linalg::svd(nan); }, {"SVD did not converge"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::svdvals(nan); }, {"SVD did not converge"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eig(nan); }, {"infs or NaNs"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eigvals(nan); }, {"infs or NaNs"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eigh(nan); }, {"infs or NaNs"});
    check_rejected<LinAlgError>([&] { (void)me::linalg::eigvalsh(nan); }, {"infs or NaNs"});
    me::BudgetContext budget(1e9);
    CHECK_NOTHROW(me::linalg::eigvalsh(nan, "U"));  // the NaN is in the triangle not read
}

TEST_CASE("a matrix that is not positive definite raises after the charge", "[linalg][decompositions]") {
    const me::array<double> a = {{1, 2}, {2, 1}};
    me::BudgetContext budget(1e9);
    try {
        (void)me::linalg::cholesky(a);
        FAIL("no LinAlgError");
    } catch (const me::LinAlgError& e) {
        CHECK(std::string(e.what()).find("Matrix is not positive definite") != std::string::npos);
    }
    CHECK(budget.flops_used() == me::flops::cholesky_cost(2));  // potrf found it: the work was charged
}

TEST_CASE("the decompositions reconstruct their input", "[linalg][decompositions]") {
    me::BudgetContext budget(1e12);
    const auto a = random_matrix({6, 4});
    {
        auto [U, S, Vh] = me::linalg::svd(a);
        CHECK(U.shape() == me::shape_t{6, 6});
        CHECK(Vh.shape() == me::shape_t{4, 4});
        auto us = me::array<double>::uninitialized({6, 4});
        for (std::size_t i = 0; i < 6; ++i)
            for (std::size_t j = 0; j < 4; ++j) us(i, j) = U(i, j) * S(j);
        CHECK(max_diff(mm(us, Vh), a) < 1e-12);
        for (std::size_t j = 1; j < 4; ++j) CHECK(S(j - 1) >= S(j));
    }
    {
        auto r = me::linalg::svd(a, {.k = 2});
        CHECK(r.U.shape() == me::shape_t{6, 2});
        CHECK(r.S.shape() == me::shape_t{2});
        CHECK(r.Vh.shape() == me::shape_t{2, 4});
        const auto full = me::linalg::svd(a, false);
        CHECK(max_diff(r.S, me::array<double>{full.S(0), full.S(1)}) < 1e-12);
        auto none = me::linalg::svd(a, {.compute_uv = false});
        CHECK(none.U.size() == 0);
        CHECK(max_diff(none.S, full.S) < 1e-12);
        CHECK(max_diff(me::linalg::svdvals(a), full.S) < 1e-12);
    }
    {
        auto [Q, R] = me::linalg::qr(a);
        CHECK(Q.shape() == me::shape_t{6, 4});
        CHECK(R.shape() == me::shape_t{4, 4});
        CHECK(max_diff(mm(Q, R), a) < 1e-12);
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < i; ++j) CHECK(R(i, j) == 0);
        auto c = me::linalg::qr(a, "complete");
        CHECK(c.Q.shape() == me::shape_t{6, 6});
        CHECK(max_diff(mm(c.Q, c.R), a) < 1e-12);
        CHECK(me::linalg::qr(a, {.mode = "r"}).Q.size() == 0);
        auto [h, tau] = me::linalg::qr(a, "raw");
        CHECK(h.shape() == me::shape_t{4, 6});
        CHECK(tau.shape() == me::shape_t{4});
    }
    {
        const auto s = spd(5);
        const auto L = me::linalg::cholesky(s);
        auto lt = me::array<double>::uninitialized({5, 5});
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 5; ++j) lt(i, j) = L(j, i);
        CHECK(max_diff(mm(L, lt), s) < 1e-10);
        auto [w, V] = me::linalg::eigh(s);
        for (std::size_t j = 1; j < 5; ++j) CHECK(w(j - 1) <= w(j));
        auto vw = V;
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 5; ++j) vw(i, j) *= w(j);
        CHECK(max_diff(mm(s, V), vw) < 1e-10);  // A V = V Λ
        CHECK(max_diff(me::linalg::eigvalsh(s, "U"), w) < 1e-10);
    }
    {
        const auto g = random_matrix({5, 5}, 11);
        auto res = me::linalg::eig(g);
        me::array<cdouble> gc = me::array<cdouble>::uninitialized({5, 5});
        for (std::size_t i = 0; i < 25; ++i) gc.data()[i] = g.data()[i];
        auto vw = res.eigenvectors;
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 5; ++j) vw(i, j) *= res.eigenvalues(j);
        CHECK(max_diff(mm(gc, res.eigenvectors), vw) < 1e-10);  // A V = V Λ, complex pairs included
        CHECK(max_diff(me::linalg::eigvals(g), res.eigenvalues) < 1e-10);
    }
    {
        // Complex Hermitian: eigh and cholesky.
        const auto re = random_matrix({4, 4}, 3), im = random_matrix({4, 4}, 4);
        auto b = me::array<cdouble>::uninitialized({4, 4});
        for (std::size_t i = 0; i < 16; ++i) b.data()[i] = cdouble(re.data()[i], im.data()[i]);
        auto h = mm(b, adjoint(b));
        for (std::size_t i = 0; i < 4; ++i) h(i, i) += 4.0;
        const auto L = me::linalg::cholesky(h);
        CHECK(max_diff(mm(L, adjoint(L)), h) < 1e-10);
        auto [w, V] = me::linalg::eigh(h);
        CHECK(max_diff(mm(adjoint(V), V), identity<cdouble>(4)) < 1e-10);
        auto vw = V;
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 4; ++j) vw(i, j) *= w(j);
        CHECK(max_diff(mm(h, V), vw) < 1e-10);
        auto [U, S, Vh] = me::linalg::svd(b);
        auto us = U;
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 4; ++j) us(i, j) *= S(j);
        CHECK(max_diff(mm(us, Vh), b) < 1e-10);
    }
}

TEST_CASE("element types: float32 stays float32, complex stays complex, ints in float64", "[linalg][decompositions]") {
    me::BudgetContext budget(1e12);
    const me::array<float> f = {{4, 1}, {1, 3}};
    const me::array<int> i = {{4, 1}, {1, 3}};
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::cholesky(f)), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::cholesky(i)), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::svd(f).S), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::svd(me::array<std::complex<float>>{}).S), me::array<float>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::eigvals(f)), me::array<std::complex<float>>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::eigh(i).eigenvectors), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::linalg::eigvalsh(me::array<cdouble>{})), me::array<double>>);
    CHECK(std::abs(me::linalg::cholesky(i)(0, 0) - 2.0) < 1e-15);
    CHECK(std::abs(me::linalg::cholesky(f)(0, 0) - 2.0f) < 1e-6f);
}

TEST_CASE("decompositions take views, charged and computed as the arrays they show", "[linalg][decompositions][views]") {
    const auto big = random_matrix({6, 8}, 5);
    const auto sym = spd(6);
    auto strided = big(me::slice(), me::slice(me::none, me::none, 2));  // 6 x 4, not contiguous
    auto rows = big(me::slice(0, 4), me::slice());                      // 4 x 8, contiguous
    auto sym_view = sym.view();
    REQUIRE(!strided.is_contiguous());
    const me::array<double> owned_strided(strided), owned_rows(rows);
    me::BudgetContext budget(1e12);
    auto same = [](const auto& x, const auto& y) { return x.shape() == y.shape() && me::identical(x, y); };
    CHECK(same(me::linalg::svd(strided).S, me::linalg::svd(owned_strided).S));
    CHECK(same(me::linalg::svd(rows).U, me::linalg::svd(owned_rows).U));
    CHECK(same(me::linalg::svdvals(strided), me::linalg::svdvals(owned_strided)));
    CHECK(same(me::linalg::qr(strided).R, me::linalg::qr(owned_strided).R));
    CHECK(same(me::linalg::cholesky(sym_view), me::linalg::cholesky(sym)));
    CHECK(same(me::linalg::eigh(sym_view).eigenvectors, me::linalg::eigh(sym).eigenvectors));
    CHECK(same(me::linalg::eigvalsh(sym_view), me::linalg::eigvalsh(sym)));
    CHECK(same(me::linalg::eig(sym_view).eigenvalues, me::linalg::eig(sym).eigenvalues));
    CHECK(same(me::linalg::eigvals(sym_view), me::linalg::eigvals(sym)));
    check_charge([&] { (void)me::linalg::svd(strided); }, "linalg.svd", me::flops::svd_cost(6, 4));
    check_charge([&] { (void)me::linalg::eigh(sym_view); }, "linalg.eigh", me::flops::eigh_cost(6));
}

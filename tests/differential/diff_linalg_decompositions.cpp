// The linalg decompositions against NumPy (cases_linalg_decompositions.py). Factors that
// are unique only up to signs, phases or order are compared through what does not depend
// on the choice (reconstructions, Gram matrices, residuals, sorted eigenvalues), derived
// here from mechestim's results by the rules the Python side applies to NumPy's (DERIVED
// in the cases file). The derivations are plain loops: nothing here is charged but the op.
#include "harness.hpp"

#include <algorithm>
#include <complex>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>

namespace {

using diff::json;

template <class T>
T conj_of(const T& v) {
    if constexpr (me::detail::is_complex_v<T>) return std::conj(v);
    else return v;
}

std::size_t batch_count(const me::shape_t& s) {
    std::size_t n = 1;
    for (std::size_t i = 0; i + 2 < s.size(); ++i) n *= s[i];
    return n;
}

me::shape_t with_tail(const me::shape_t& s, std::size_t drop, std::initializer_list<std::size_t> tail) {
    me::shape_t out(s.begin(), s.end() - static_cast<std::ptrdiff_t>(drop));
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

/// op(a) @ op(b) for each matrix of two stacks with the same batch, op conjugate-transposing
/// its operand when asked; `inner` sums only the first `inner` terms (U[..., :, :k] Vh[..., :k, :]).
template <class T>
me::array<T> product(const me::array<T>& a, bool adj_a, const me::array<T>& b, bool adj_b,
                     std::optional<std::size_t> inner = {}) {
    const auto& sa = a.shape();
    const auto& sb = b.shape();
    const std::size_t ar = sa[sa.size() - 2], ac = sa[sa.size() - 1], br = sb[sb.size() - 2], bc = sb[sb.size() - 1];
    const std::size_t m = adj_a ? ac : ar, n = adj_b ? br : bc;
    const std::size_t k = inner ? *inner : (adj_a ? ar : ac);
    const std::size_t count = batch_count(sa);
    auto out = me::array<T>::uninitialized(with_tail(sa, 2, {m, n}));
    auto at = [&](std::size_t mat, std::size_t i, std::size_t l) {
        const T* p = a.data() + mat * ar * ac;
        return adj_a ? conj_of(p[l * ac + i]) : p[i * ac + l];
    };
    auto bt = [&](std::size_t mat, std::size_t l, std::size_t j) {
        const T* p = b.data() + mat * br * bc;
        return adj_b ? conj_of(p[j * bc + l]) : p[l * bc + j];
    };
    for (std::size_t mat = 0; mat < count; ++mat)
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                T sum{};
                for (std::size_t l = 0; l < k; ++l) sum += at(mat, i, l) * bt(mat, l, j);
                out.data()[(mat * m + i) * n + j] = sum;
            }
    return out;
}

/// Each column j of every matrix of v times w[..., j] (the stack's diagonal scaling).
template <class T, class W>
me::array<T> scale_columns(const me::array<T>& v, const me::array<W>& w, std::size_t cols) {
    const auto& s = v.shape();
    const std::size_t r = s[s.size() - 2], c = s[s.size() - 1], count = batch_count(s);
    auto out = me::array<T>::uninitialized(with_tail(s, 1, {cols}));
    for (std::size_t mat = 0; mat < count; ++mat)
        for (std::size_t i = 0; i < r; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                out.data()[(mat * r + i) * cols + j] = v.data()[(mat * r + i) * c + j] * static_cast<T>(w.data()[mat * w.shape().back() + j]);
    return out;
}

template <class T>
me::array<T> minus(me::array<T> a, const me::array<T>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] -= b.data()[i];
    return a;
}

template <class T>
auto abs_of(const me::array<T>& a) {
    auto out = me::array<me::detail::real_t<T>>::uninitialized(a.shape());
    for (std::size_t i = 0; i < a.size(); ++i) out.data()[i] = std::abs(a.data()[i]);
    return out;
}

template <class T, class S>
me::array<T> converted(const me::array<S>& a) {
    auto out = me::array<T>::uninitialized(a.shape());
    for (std::size_t i = 0; i < a.size(); ++i) out.data()[i] = static_cast<T>(a.data()[i]);
    return out;
}

/// The Hermitian matrix eigh reads from the triangle `uplo` (the diagonal's real part).
template <class T>
me::array<T> hermitian_from(me::array<T> a, bool lower) {
    const auto& s = a.shape();
    const std::size_t n = s.back(), count = batch_count(s);
    for (std::size_t mat = 0; mat < count; ++mat) {
        T* p = a.data() + mat * n * n;
        for (std::size_t i = 0; i < n; ++i) {
            p[i * n + i] = T(std::real(p[i * n + i]));
            for (std::size_t j = i + 1; j < n; ++j) {
                if (lower) p[i * n + j] = conj_of(p[j * n + i]);
                else p[j * n + i] = conj_of(p[i * n + j]);
            }
        }
    }
    return a;
}

/// Eigenvalues of each row sorted by real part, then imaginary (NumPy's complex sort).
template <class C>
me::array<C> sorted_rows(me::array<C> w) {
    const std::size_t n = w.shape().back();
    if (n == 0) return w;
    for (std::size_t k = 0; k < w.size() / n; ++k)
        std::sort(w.data() + k * n, w.data() + (k + 1) * n, [](const C& x, const C& y) {
            return x.real() < y.real() || (x.real() == y.real() && x.imag() < y.imag());
        });
    return w;
}

/// The Euclidean norm of each column of each matrix: shape (..., cols).
template <class C>
auto column_norms(const me::array<C>& v) {
    using R = me::detail::real_t<C>;
    const auto& s = v.shape();
    const std::size_t r = s[s.size() - 2], c = s[s.size() - 1], count = batch_count(s);
    auto out = me::array<R>::uninitialized(with_tail(s, 2, {c}));
    for (std::size_t mat = 0; mat < count; ++mat)
        for (std::size_t j = 0; j < c; ++j) {
            R sum = 0;
            for (std::size_t i = 0; i < r; ++i) sum += std::norm(v.data()[(mat * r + i) * c + j]);
            out.data()[mat * c + j] = std::sqrt(sum);
        }
    return out;
}

/// The op's result, run in a fresh context that must have been charged exactly `cost()`
/// (the op's me::flops query on the case's shape, asked after the op, so that a bad
/// input raises from the op itself).
template <class F, class Cost>
auto charged(F&& op, Cost&& cost) {
    me::BudgetContext budget(1e15);
    auto x = op();
    CHECK(budget.flops_used() == cost());
    return x;
}

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

template <class F>
diff::runner on_array(F f) {
    return [f](const json& args, const json& kwargs) {
        const me::shape_t shape = shape_of(args.at(0));
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result { return f(a, kwargs, shape); });
    };
}

std::string text(const json& kw, const char* key, const char* fallback) {
    return kw.contains(key) ? kw.at(key).get<std::string>() : std::string(fallback);
}

std::map<std::string, diff::runner> runners() {
    using me::shape_t;
    std::map<std::string, diff::runner> r;
    r["linalg.svd"] = on_array([](const auto& a, const json& kw, const shape_t& shape) -> diff::result {
        me::linalg::svd_options o;
        o.full_matrices = kw.value("full_matrices", true);
        o.compute_uv = kw.value("compute_uv", true);
        o.hermitian = kw.value("hermitian", false);
        if (kw.contains("k")) o.k = kw.at("k").get<std::size_t>();
        auto res = charged([&] { return me::linalg::svd(a, o); }, [&] { return me::flops::svd_cost(shape, o.k); });
        if (!o.compute_uv) return {res.S};
        const std::size_t k = res.S.shape().back();
        auto recon = product(scale_columns(res.U, res.S, k), false, res.Vh, false, k);
        return {res.S, recon, product(res.U, true, res.U, false), product(res.Vh, false, res.Vh, true)};
    });
    r["linalg.svdvals"] = on_array([](const auto& a, const json&, const shape_t& shape) -> diff::result {
        return {charged([&] { return me::linalg::svdvals(a); }, [&] { return me::flops::svdvals_cost(shape); })};
    });
    r["linalg.cholesky"] = on_array([](const auto& a, const json&, const shape_t& shape) -> diff::result {
        return {charged([&] { return me::linalg::cholesky(a); }, [&] { return me::flops::cholesky_cost(shape); })};
    });
    r["linalg.qr"] = on_array([](const auto& a, const json& kw, const shape_t& shape) -> diff::result {
        const std::string mode = text(kw, "mode", "reduced");
        auto res = charged([&] { return me::linalg::qr(a, mode); }, [&] { return me::flops::qr_cost(shape); });
        if (mode == "r") return {abs_of(res.R)};
        if (mode == "raw") return {res.Q, res.R};
        return {product(res.Q, false, res.R, false), product(res.Q, true, res.Q, false), abs_of(res.R)};
    });
    r["linalg.eig"] = on_array([](const auto& a, const json&, const shape_t& shape) -> diff::result {
        auto res = charged([&] { return me::linalg::eig(a); }, [&] { return me::flops::eig_cost(shape); });
        using C = typename decltype(res.eigenvalues)::value_type;
        const auto ac = converted<C>(a);
        const std::size_t n = shape.back();
        auto residual = minus(product(ac, false, res.eigenvectors, false), scale_columns(res.eigenvectors, res.eigenvalues, n));
        return {sorted_rows(res.eigenvalues), residual, column_norms(res.eigenvectors)};
    });
    r["linalg.eigvals"] = on_array([](const auto& a, const json&, const shape_t& shape) -> diff::result {
        return {sorted_rows(charged([&] { return me::linalg::eigvals(a); }, [&] { return me::flops::eigvals_cost(shape); }))};
    });
    r["linalg.eigh"] = on_array([](const auto& a, const json& kw, const shape_t& shape) -> diff::result {
        const std::string uplo = text(kw, "UPLO", "L");
        auto res = charged([&] { return me::linalg::eigh(a, uplo); }, [&] { return me::flops::eigh_cost(shape); });
        using T = typename decltype(res.eigenvectors)::value_type;
        const auto h = hermitian_from(converted<T>(a), uplo == "L" || uplo == "l");
        const std::size_t n = shape.back();
        auto residual = minus(product(h, false, res.eigenvectors, false), scale_columns(res.eigenvectors, res.eigenvalues, n));
        return {res.eigenvalues, residual, product(res.eigenvectors, true, res.eigenvectors, false)};
    });
    r["linalg.eigvalsh"] = on_array([](const auto& a, const json& kw, const shape_t& shape) -> diff::result {
        return {charged([&] { return me::linalg::eigvalsh(a, text(kw, "UPLO", "L")); }, [&] { return me::flops::eigvalsh_cost(shape); })};
    });
    return r;
}

}  // namespace

TEST_CASE("the linalg decompositions match NumPy", "[linalg][decompositions][differential]") {
    diff::run_family("linalg_decompositions", runners());
}

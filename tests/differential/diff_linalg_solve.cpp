// The linalg solvers, inverses and norms against NumPy (cases_linalg_solve.py). Each case
// also checks that the charge equals the op's me::flops::*_cost for the same shapes, and
// the harness checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

/// Runs f() inside a context; the charge must be `cost()`.
template <class F, class Cost>
diff::result charged(F&& f, Cost&& cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost());
    if constexpr (requires { r.residuals; r.rank; })
        return diff::result{diff::any_array(std::move(r.x)), diff::any_array(std::move(r.residuals)),
                            diff::any_array(me::array<std::int64_t>(r.rank)), diff::any_array(std::move(r.s))};
    else if constexpr (requires { r.sign; r.logabsdet; })
        return diff::result{diff::any_array(std::move(r.sign)), diff::any_array(std::move(r.logabsdet))};
    else return diff::as_result(std::move(r));
}

/// The case's first operand, tagged symmetric over its last two axes when kwargs say so.
template <class T>
me::array<T> maybe_symmetric(const me::array<T>& a, const json& kwargs) {
    if (!kwargs.value("symmetric", false)) return a;
    const int nd = static_cast<int>(a.ndim());
    return me::as_symmetric(a, {{nd - 2, nd - 1}});
}

me::linalg::norm_ord ord_of(const json& kwargs, me::linalg::norm_ord absent) {
    if (!kwargs.contains("ord") || kwargs.at("ord").is_null()) return kwargs.contains("ord") ? me::linalg::norm_ord{} : absent;
    const json& o = kwargs.at("ord");
    if (o.is_number()) return o.get<double>();
    const auto s = o.get<std::string>();
    if (s == "inf") return me::inf;
    if (s == "-inf") return -me::inf;
    return s;
}

me::axis_spec axis_of(const json& kwargs) {
    if (!kwargs.contains("axis") || kwargs.at("axis").is_null()) return {};
    const json& a = kwargs.at("axis");
    if (a.is_number_integer()) return a.get<int>();
    return a.get<std::vector<int>>();
}

/// One operand (a), of any element type.
template <class F>
diff::runner unary(F f) {
    return [f](const json& args, const json& kwargs) {
        return diff::visit_array(args.at(0), [&](const auto& a) { return f(maybe_symmetric(a, kwargs), kwargs, shape_of(args.at(0))); });
    };
}

std::map<std::string, diff::runner> runners() {
    using me::shape_t;
    std::map<std::string, diff::runner> r;
    auto symmetric = [](const json& kw) { return kw.value("symmetric", false); };
    r["linalg.det"] = unary([=](const auto& a, const json& kw, const shape_t& s) {
        return charged([&] { return me::linalg::det(a); }, [&] { return me::flops::det_cost(s, symmetric(kw)); });
    });
    r["linalg.slogdet"] = unary([=](const auto& a, const json& kw, const shape_t& s) {
        return charged([&] { return me::linalg::slogdet(a); }, [&] { return me::flops::slogdet_cost(s, symmetric(kw)); });
    });
    r["linalg.inv"] = unary([=](const auto& a, const json& kw, const shape_t& s) {
        return charged([&] { return me::linalg::inv(a); }, [&] { return me::flops::inv_cost(s, symmetric(kw)); });
    });
    r["linalg.solve"] = [=](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a_plain) {
            using T = typename std::decay_t<decltype(a_plain)>::value_type;
            const auto a = maybe_symmetric(a_plain, kw);
            const auto b = diff::decode_as<T>(args.at(1));
            return charged([&] { return me::linalg::solve(a, b); },
                           [&] { return me::flops::solve_cost(shape_of(args.at(0)), shape_of(args.at(1)), symmetric(kw)); });
        });
    };
    r["linalg.lstsq"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            const auto b = diff::decode_as<T>(args.at(1));
            me::linalg::lstsq_options o;
            if (kw.contains("rcond")) o.rcond = kw.at("rcond").get<double>();
            return charged([&] { return me::linalg::lstsq(a, b, o); },
                           [&] { return me::flops::lstsq_cost(shape_of(args.at(0)), shape_of(args.at(1))); });
        });
    };
    r["linalg.pinv"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const me::linalg::pinv_options o{.rcond = kw.value("rcond", 1e-15)};
        return charged([&] { return me::linalg::pinv(a, o); }, [&] { return me::flops::pinv_cost(s); });
    });
    r["linalg.cond"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const json p = kw.contains("p") ? json{{"ord", kw.at("p")}} : json::object();
        return charged([&] { return me::linalg::cond(a, ord_of(p, {})); }, [&] { return me::flops::cond_cost(s); });
    });
    r["linalg.matrix_rank"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        me::linalg::matrix_rank_options o;
        if (kw.contains("tol")) o.tol = kw.at("tol").get<double>();
        return charged([&] { return me::linalg::matrix_rank(a, o); }, [&] { return me::flops::matrix_rank_cost(s); });
    });
    r["linalg.matrix_power"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const long long k = kw.at("k").get<long long>();
        return charged([&] { return me::linalg::matrix_power(a, k); }, [&] { return me::flops::matrix_power_cost(s, k); });
    });
    r["linalg.tensorinv"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const int ind = kw.value("ind", 2);
        return charged([&] { return me::linalg::tensorinv(a, ind); }, [&] { return me::flops::tensorinv_cost(s, ind); });
    });
    r["linalg.tensorsolve"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            const auto b = diff::decode_as<T>(args.at(1));
            std::optional<std::vector<int>> axes;
            if (kw.contains("axes")) axes = kw.at("axes").get<std::vector<int>>();
            // the cost is a's shape with `axes` moved to the end; n = prod(b.shape) either way
            return charged([&] { return me::linalg::tensorsolve(a, b, axes); },
                           [&] { return me::flops::tensorsolve_cost(shape_of(args.at(0)), shape_of(args.at(1))); });
        });
    };
    r["linalg.norm"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const me::linalg::norm_options o{ord_of(kw, {}), axis_of(kw), kw.value("keepdims", false)};
        return charged([&] { return me::linalg::norm(a, o); }, [&] { return me::flops::norm_cost(s, o); });
    });
    r["linalg.vector_norm"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const me::linalg::vector_norm_options o{axis_of(kw), kw.value("keepdims", false), ord_of(kw, 2.0)};
        return charged([&] { return me::linalg::vector_norm(a, o); }, [&] { return me::flops::vector_norm_cost(s, o); });
    });
    r["linalg.matrix_norm"] = unary([](const auto& a, const json& kw, const shape_t& s) {
        const me::linalg::matrix_norm_options o{kw.value("keepdims", false), ord_of(kw, "fro")};
        return charged([&] { return me::linalg::matrix_norm(a, o); }, [&] { return me::flops::matrix_norm_cost(s, o); });
    });
    return r;
}

}  // namespace

TEST_CASE("the linalg solvers, inverses and norms match NumPy", "[linalg][differential]") {
    diff::run_family("linalg_solve", runners());
}

// The polynomial and window functions against NumPy (cases_polynomial.py). Each case also
// checks that the charge equals the op's me::flops::*_cost for the same shapes, and the
// harness checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

diff::result to_result(diff::any_array a) { return diff::result{std::move(a)}; }
template <class T>
diff::result to_result(me::PolydivResult<T> r) {
    return diff::result{diff::any_array(std::move(r.quotient)), diff::any_array(std::move(r.remainder))};
}

/// Runs f() inside a context; the charge must be `cost` (the op's query).
template <class F>
diff::result charged(F&& f, me::flops_t cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost);
    if constexpr (me::array_like<decltype(r)>) return to_result(diff::any_array(std::move(r)));
    else return to_result(std::move(r));
}

/// The second operand in the first's type when NumPy gave them one dtype, else as float64.
template <class T, class F>
diff::result with_second(const json& second, const json& first, F&& f) {
    if (second.at("dtype") == first.at("dtype")) return f(diff::decode_as<T>(second));
    return f(diff::decode_as<double>(second));
}

/// polyadd, polysub, polymul, polydiv: two operands of one dtype.
template <class Op, class Cost>
diff::runner binary(Op op, Cost cost) {
    return [=](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            const auto b = diff::decode_as<T>(args.at(1));
            return charged([&] { return op(a, b); }, cost(shape_of(args.at(0)), shape_of(args.at(1))));
        });
    };
}

me::polyint_options polyint_options_of(const json& kw) {
    me::polyint_options o{.m = kw.value("m", std::int64_t{1})};
    if (kw.contains("k")) {
        const json& k = kw.at("k");
        o.k = k.is_array() ? me::poly_constants(k.get<std::vector<double>>()) : me::poly_constants(k.get<double>());
    }
    return o;
}

me::polyfit_options polyfit_options_of(const json& kw) {
    me::polyfit_options o;
    if (kw.contains("rcond")) o.rcond = kw.at("rcond").get<double>();
    o.full = kw.value("full", false);
    if (kw.contains("w")) {
        const auto w = kw.at("w").get<std::vector<double>>();
        auto a = me::array<double>::uninitialized(me::shape_t{w.size()});
        std::copy(w.begin(), w.end(), a.begin());
        o.w = a;
    }
    if (kw.contains("cov")) {
        const json& c = kw.at("cov");
        o.cov = c.is_string() ? me::polyfit_cov(c.get<std::string>()) : me::polyfit_cov(c.get<bool>());
    }
    return o;
}

template <class T>
diff::result polyfit_result(me::PolyfitResult<T> r, const me::polyfit_options& o) {
    if (o.full)
        return diff::result{diff::any_array(std::move(r.coefficients)), diff::any_array(std::move(r.residuals)),
                            diff::any_array(me::array<std::int64_t>(r.rank)), diff::any_array(std::move(r.singular_values)),
                            diff::any_array(me::array<double>(r.rcond))};
    if (o.cov.on()) return diff::result{diff::any_array(std::move(r.coefficients)), diff::any_array(std::move(r.cov))};
    return diff::result{diff::any_array(std::move(r.coefficients))};
}

template <class Op, class Cost>
diff::runner window(Op op, Cost cost) {
    return [=](const json& args, const json&) {
        const auto M = args.at(0).get<std::int64_t>();
        return charged([&] { return op(M); }, cost(M));
    };
}

std::map<std::string, diff::runner> runners() {
    using me::shape_t;
    std::map<std::string, diff::runner> r;
    r["poly"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& z) { return charged([&] { return me::poly(z); }, me::flops::poly_cost(z.shape())); });
    };
    r["polyadd"] = binary([](const auto& a, const auto& b) { return me::polyadd(a, b); }, [](const shape_t& s, const shape_t& t) { return me::flops::polyadd_cost(s, t); });
    r["polysub"] = binary([](const auto& a, const auto& b) {
        using T = typename std::decay_t<decltype(a)>::value_type;
        if constexpr (std::is_same_v<T, bool>) {
            throw std::runtime_error("polysub of bool does not compile");
            return a;
        } else {
            return me::polysub(a, b);
        }
    }, [](const shape_t& s, const shape_t& t) { return me::flops::polysub_cost(s, t); });
    r["polymul"] = binary([](const auto& a, const auto& b) { return me::polymul(a, b); }, [](const shape_t& s, const shape_t& t) { return me::flops::polymul_cost(s, t); });
    r["polydiv"] = binary([](const auto& a, const auto& b) { return me::polydiv(a, b); }, [](const shape_t& s, const shape_t& t) { return me::flops::polydiv_cost(s, t); });
    r["polyder"] = [](const json& args, const json& kw) {
        const std::int64_t m = kw.value("m", std::int64_t{1});
        return diff::visit_array(args.at(0), [&](const auto& p) { return charged([&] { return me::polyder(p, {.m = m}); }, me::flops::polyder_cost(p.shape(), m)); });
    };
    r["polyint"] = [](const json& args, const json& kw) {
        const auto o = polyint_options_of(kw);
        return diff::visit_array(args.at(0), [&](const auto& p) { return charged([&] { return me::polyint(p, o); }, me::flops::polyint_cost(p.shape(), o.m)); });
    };
    r["polyval"] = [](const json& args, const json& kw) {
        const bool scalar = kw.value("scalar", false);
        return diff::visit_array(args.at(1), [&](const auto& x) {
            using T = typename std::decay_t<decltype(x)>::value_type;
            return with_second<T>(args.at(0), args.at(1), [&](const auto& p) {
                if (scalar) return charged([&] { return me::polyval(p, x.item()); }, me::flops::polyval_cost(p.shape(), {}));
                return charged([&] { return me::polyval(p, x); }, me::flops::polyval_cost(p.shape(), x.shape()));
            });
        });
    };
    r["roots"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& p) { return charged([&] { return me::roots(p); }, me::flops::roots_cost(p.shape())); });
    };
    r["polyfit"] = [](const json& args, const json& kw) {
        const auto o = polyfit_options_of(kw);
        const auto deg = args.at(2).get<std::int64_t>();
        return diff::visit_array(args.at(0), [&](const auto& x) {
            using T = typename std::decay_t<decltype(x)>::value_type;
            return with_second<T>(args.at(1), args.at(0), [&](const auto& y) {
                me::BudgetContext budget(1e15);
                auto fit = me::polyfit(x, y, deg, o);
                CHECK(budget.flops_used() == me::flops::polyfit_cost(x.shape(), y.shape(), deg, o.cov.on() && !o.full));
                return polyfit_result(std::move(fit), o);
            });
        });
    };
    r["bartlett"] = window([](std::int64_t M) { return me::bartlett(M); }, [](std::int64_t M) { return me::flops::bartlett_cost(M); });
    r["blackman"] = window([](std::int64_t M) { return me::blackman(M); }, [](std::int64_t M) { return me::flops::blackman_cost(M); });
    r["hamming"] = window([](std::int64_t M) { return me::hamming(M); }, [](std::int64_t M) { return me::flops::hamming_cost(M); });
    r["hanning"] = window([](std::int64_t M) { return me::hanning(M); }, [](std::int64_t M) { return me::flops::hanning_cost(M); });
    r["kaiser"] = [](const json& args, const json& kw) {
        const auto M = args.at(0).get<std::int64_t>();
        const double beta = diff::number(kw.at("beta"));
        return charged([&] { return me::kaiser(M, beta); }, me::flops::kaiser_cost(M));
    };
    return r;
}

}  // namespace

TEST_CASE("the polynomial and window functions match NumPy", "[polynomial][differential]") {
    diff::run_family("polynomial", runners());
}

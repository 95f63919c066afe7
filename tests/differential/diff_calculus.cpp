// The calculus and convolution ops against NumPy (cases_calculus.py). Each case also
// checks that the charge equals the op's me::flops::*_cost for the same shapes; the
// harness checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <complex>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

template <class T>
constexpr bool is_real = std::is_arithmetic_v<T>;

/// Runs f() inside a context; the charge must be `cost`.
template <class F>
diff::result charged(F&& f, me::flops_t cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost);
    if constexpr (requires { r.front(); r.size(); }) {
        diff::result out;
        for (auto& a : r) out.emplace_back(std::move(a));
        return out;
    } else {
        return diff::as_result(std::move(r));
    }
}

[[noreturn]] void unsupported(const char* op) { throw std::runtime_error(std::string(op) + ": element type not run here"); }

/// The op's value options of element type T from kwargs (encoded arrays, 0-d for scalars).
template <class T>
me::edge_values<T> edge(const json& kw, const char* key) {
    if (!kw.contains(key)) return {};
    return me::edge_values<T>(diff::decode_as<T>(kw.at(key)));
}

std::size_t added_length(const json& kw, const me::shape_t& s, int axis) {
    std::size_t added = 0;
    const std::size_t ax = static_cast<std::size_t>(axis < 0 ? axis + static_cast<int>(s.size()) : axis);
    for (const char* k : {"prepend", "append"})
        if (kw.contains(k)) {
            const auto sh = shape_of(kw.at(k));
            added += sh.empty() ? 1 : (ax < sh.size() ? sh[ax] : 0);
        }
    return added;
}

me::axis_spec axis_of(const json& kw) {
    if (!kw.contains("axis")) return {};
    const json& a = kw.at("axis");
    if (a.is_number_integer()) return a.get<int>();
    return a.get<std::vector<int>>();
}

template <class V>
std::optional<V> value_of(const json& kw, const char* key) {
    if (!kw.contains(key)) return std::nullopt;
    const json& v = kw.at(key);
    if constexpr (me::detail::is_complex_v<V>) {
        if (v.is_array()) return V(v[0].get<double>(), v[1].get<double>());
        return V(v.get<double>());
    } else {
        return v.get<double>();
    }
}

std::map<std::string, diff::runner> runners() {
    std::map<std::string, diff::runner> r;
    r["diff"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            using T = typename std::decay_t<decltype(a)>::value_type;
            const me::diff_options<T> o{kw.value("n", 1LL), kw.value("axis", -1), edge<T>(kw, "prepend"), edge<T>(kw, "append")};
            const auto s = shape_of(args.at(0));
            return charged([&] { return me::diff(a, o); },
                           me::flops::diff_cost(s, o.n, o.axis, o.n == 0 || s.empty() ? 0 : added_length(kw, s, o.axis)));
        });
    };
    r["ediff1d"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (std::is_same_v<T, bool>) unsupported("ediff1d");
            else {
                const me::ediff1d_options<T> o{edge<T>(kw, "to_end"), edge<T>(kw, "to_begin")};
                return charged([&] { return me::ediff1d(a, o); }, me::flops::ediff1d_cost(a.size()));
            }
        });
    };
    r["gradient"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& f) -> diff::result {
            using T = typename std::decay_t<decltype(f)>::value_type;
            if constexpr (std::is_same_v<T, bool>) unsupported("gradient");
            else {
                std::vector<me::gradient_spacing> spacing;
                for (std::size_t k = 1; k < args.size(); ++k)
                    spacing.push_back(std::visit([](const auto& s) -> me::gradient_spacing {
                        if constexpr (is_real<typename std::decay_t<decltype(s)>::value_type>) return s;
                        else unsupported("gradient spacing");
                    }, diff::decode(args.at(k))));
                const me::gradient_options o{axis_of(kw), kw.value("edge_order", 1)};
                return charged([&] { return me::gradient(f, spacing, o); }, me::flops::gradient_cost(f.shape(), o.axis));
            }
        });
    };
    auto trapezoid = [](bool old_name) {
        return [old_name](const json& args, const json& kw) {
            return diff::visit_array(args.at(0), [&](const auto& y) -> diff::result {
                me::trapezoid_options o;
                o.dx = kw.value("dx", 1.0);
                o.axis = kw.value("axis", -1);
                me::flops_t cost;
                if (kw.contains("x")) {
                    o.x = diff::decode_as<double>(kw.at("x"));
                    cost = me::flops::trapezoid_cost(y.shape(), shape_of(kw.at("x")), o.axis);
                } else {
                    cost = me::flops::trapz_cost(y.shape());
                }
                if (old_name) return charged([&] { return me::trapz(y, o); }, cost);
                return charged([&] { return me::trapezoid(y, o); }, cost);
            });
        };
    };
    r["trapezoid"] = trapezoid(false);
    r["trapz"] = trapezoid(true);
    r["interp"] = [](const json& args, const json& kw) {
        const auto x = diff::decode_as<double>(args.at(0));
        const auto xp = diff::decode_as<double>(args.at(1));
        return diff::visit_array(args.at(2), [&](const auto& fp) -> diff::result {
            using F = typename std::decay_t<decltype(fp)>::value_type;
            using V = std::conditional_t<me::detail::is_complex_v<F>, std::complex<double>, double>;
            const me::interp_options<V> o{value_of<V>(kw, "left"), value_of<V>(kw, "right"), value_of<double>(kw, "period")};
            return charged([&] { return me::interp(x, xp, fp, o); }, me::flops::interp_cost(x.size(), xp.size(), o.period.has_value()));
        });
    };
    // convolve and correlate: a and v of one element type, the mode given or the op's default.
    auto convolution = [](bool convolve) {
        return [convolve](const json& args, const json& kw) {
            return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
                using T = typename std::decay_t<decltype(a)>::value_type;
                const auto v = diff::decode_as<T>(args.at(1));
                const std::string mode = kw.value("mode", convolve ? "full" : "valid");
                if (convolve)
                    return charged([&] { return me::convolve(a, v, {.mode = mode}); }, me::flops::convolve_cost(a.size(), v.size()));
                return charged([&] { return me::correlate(a, v, {.mode = mode}); }, me::flops::correlate_cost(a.size(), v.size()));
            });
        };
    };
    r["convolve"] = convolution(true);
    r["correlate"] = convolution(false);
    r["unwrap"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& p) -> diff::result {
            using T = typename std::decay_t<decltype(p)>::value_type;
            if constexpr (!is_real<T>) unsupported("unwrap");
            else {
                me::unwrap_options o;
                o.discont = value_of<double>(kw, "discont");
                o.axis = kw.value("axis", -1);
                o.period = kw.value("period", o.period);
                return charged([&] { return me::unwrap(p, o); }, me::flops::unwrap_cost(p.shape()));
            }
        });
    };
    return r;
}

}  // namespace

TEST_CASE("the calculus and convolution ops match NumPy", "[calculus][differential]") {
    diff::run_family("calculus", runners());
}

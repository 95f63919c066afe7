// The set family against NumPy (cases_sets.py): unique with every option, NumPy 2's
// unique_*, in1d, isin, intersect1d, union1d, setdiff1d, setxor1d. Each case also checks
// that the charge equals the op's me::flops::*_cost for the same shapes; the harness
// checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace {

using diff::json;

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

template <class T>
diff::any_array any(me::array<T> a) {
    return diff::any_array(std::move(a));
}

/// Runs f() inside a context; the charge must be `cost()` (asked after f, so that an op's
/// own error comes first).
template <class F, class Cost>
auto charged(F&& f, Cost&& cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost());
    return r;
}

/// The two operands of a case: the first of any type, the second of the same type, or
/// float64 or int64 (the pairs cases_sets.py builds).
template <class F>
diff::result with_pair(const json& args, F&& f) {
    return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
        using A = typename std::decay_t<decltype(a)>::value_type;
        const auto d2 = args.at(1).at("dtype").get<std::string>();
        if (d2 == me::detail::dtype_name<A>()) return f(a, diff::decode_as<A>(args.at(1)));
        if (d2 == "float64") return f(a, diff::decode_as<double>(args.at(1)));
        if (d2 == "int64") return f(a, diff::decode_as<std::int64_t>(args.at(1)));
        throw std::runtime_error("diff_sets: no runner for the operand pair " + std::string(me::detail::dtype_name<A>()) +
                                 ", " + d2);
    });
}

me::unique_options unique_options_of(const json& kw) {
    me::unique_options o;
    o.return_index = kw.value("return_index", false);
    o.return_inverse = kw.value("return_inverse", false);
    o.return_counts = kw.value("return_counts", false);
    if (kw.contains("axis") && !kw.at("axis").is_null()) o.axis = kw.at("axis").get<int>();
    o.equal_nan = kw.value("equal_nan", true);
    return o;
}

/// NumPy's unique returns the values alone without flags, else the values and the asked-for results in order.
template <class T>
diff::result unique_outputs(me::unique_result<T> r, const me::unique_options& o) {
    diff::result out{any(std::move(r.values))};
    if (o.return_index) out.push_back(any(std::move(r.indices)));
    if (o.return_inverse) out.push_back(any(std::move(r.inverse)));
    if (o.return_counts) out.push_back(any(std::move(r.counts)));
    return out;
}

void add_unique(std::map<std::string, diff::runner>& r) {
    r["unique"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) {
            const auto o = unique_options_of(kw);
            const auto cost = [&] { return me::flops::unique_cost(shape_of(args.at(0)), o); };
            if (!kw.contains("return_index") && !kw.contains("return_inverse") && !kw.contains("return_counts") &&
                !kw.contains("axis") && !kw.contains("equal_nan"))
                return diff::as_result(charged([&] { return me::unique(a); }, cost));
            return unique_outputs(charged([&] { return me::unique(a, o); }, cost), o);
        });
    };
    r["unique_all"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& x) {
            auto u = charged([&] { return me::unique_all(x); }, [&] { return me::flops::unique_all_cost(shape_of(args.at(0))); });
            return diff::result{any(std::move(u.values)), any(std::move(u.indices)), any(std::move(u.inverse_indices)),
                                any(std::move(u.counts))};
        });
    };
    r["unique_counts"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& x) {
            auto u = charged([&] { return me::unique_counts(x); }, [&] { return me::flops::unique_counts_cost(shape_of(args.at(0))); });
            return diff::result{any(std::move(u.values)), any(std::move(u.counts))};
        });
    };
    r["unique_inverse"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& x) {
            auto u = charged([&] { return me::unique_inverse(x); }, [&] { return me::flops::unique_inverse_cost(shape_of(args.at(0))); });
            return diff::result{any(std::move(u.values)), any(std::move(u.inverse_indices))};
        });
    };
    r["unique_values"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& x) {
            return diff::as_result(charged([&] { return me::unique_values(x); }, [&] { return me::flops::unique_values_cost(shape_of(args.at(0))); }));
        });
    };
}

void add_two_operand(std::map<std::string, diff::runner>& r) {
    auto membership = [](bool shaped) {
        return [shaped](const json& args, const json& kw) {
            const me::in1d_options o{kw.value("assume_unique", false), kw.value("invert", false),
                                     kw.contains("kind") ? kw.at("kind").get_ref<const std::string&>() : std::string_view{}};
            return with_pair(args, [&](const auto& a, const auto& b) {
                const auto s1 = shape_of(args.at(0)), s2 = shape_of(args.at(1));
                if (shaped) return diff::as_result(charged([&] { return me::isin(a, b, o); }, [&] { return me::flops::isin_cost(s1, s2); }));
                return diff::as_result(charged([&] { return me::in1d(a, b, o); }, [&] { return me::flops::in1d_cost(s1, s2); }));
            });
        };
    };
    r["in1d"] = membership(false);
    r["isin"] = membership(true);
    r["intersect1d"] = [](const json& args, const json& kw) {
        return with_pair(args, [&](const auto& a, const auto& b) {
            const auto cost = [&] { return me::flops::intersect1d_cost(shape_of(args.at(0)), shape_of(args.at(1))); };
            if (kw.empty()) return diff::as_result(charged([&] { return me::intersect1d(a, b); }, cost));
            const me::intersect1d_options o{kw.value("assume_unique", false), kw.value("return_indices", false)};
            auto i = charged([&] { return me::intersect1d(a, b, o); }, cost);
            if (!o.return_indices) return diff::result{any(std::move(i.values))};
            return diff::result{any(std::move(i.values)), any(std::move(i.ar1_indices)), any(std::move(i.ar2_indices))};
        });
    };
    r["union1d"] = [](const json& args, const json&) {
        return with_pair(args, [&](const auto& a, const auto& b) {
            return diff::as_result(charged([&] { return me::union1d(a, b); },
                                           [&] { return me::flops::union1d_cost(shape_of(args.at(0)), shape_of(args.at(1))); }));
        });
    };
    r["setdiff1d"] = [](const json& args, const json& kw) {
        return with_pair(args, [&](const auto& a, const auto& b) {
            return diff::as_result(charged([&] { return me::setdiff1d(a, b, {kw.value("assume_unique", false)}); },
                                           [&] { return me::flops::setdiff1d_cost(shape_of(args.at(0)), shape_of(args.at(1))); }));
        });
    };
    r["setxor1d"] = [](const json& args, const json& kw) {
        return with_pair(args, [&](const auto& a, const auto& b) {
            return diff::as_result(charged([&] { return me::setxor1d(a, b, {kw.value("assume_unique", false)}); },
                                           [&] { return me::flops::setxor1d_cost(shape_of(args.at(0)), shape_of(args.at(1))); }));
        });
    };
}

std::map<std::string, diff::runner> runners() {
    std::map<std::string, diff::runner> r;
    add_unique(r);
    add_two_operand(r);
    return r;
}

}  // namespace

TEST_CASE("the set family matches NumPy", "[sets][differential]") {
    diff::run_family("sets", runners());
}

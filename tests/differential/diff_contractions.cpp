// The contraction family against NumPy (cases_contractions.py). Each case also checks
// that the charge equals the op's me::flops::*_cost for the same shapes.
#include "harness.hpp"

#include <stdexcept>
#include <type_traits>

namespace {

using diff::json;

me::shape_t shape_of(const json& encoded) { return encoded.at("shape").get<me::shape_t>(); }

/// Runs f() inside a context; the charge must be `cost()` (evaluated after f, so a bad
/// shape raises from the op itself).
template <class F, class Cost>
diff::result charged(F&& f, Cost&& cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost());
    return diff::as_result(std::move(r));
}

me::tensordot_axes axes_of(const json& kwargs) {
    if (!kwargs.contains("axes")) return {};
    const json& x = kwargs.at("axes");
    if (x.is_number_integer()) return me::tensordot_axes(x.get<int>());
    if (x.at(0).is_number_integer()) return me::tensordot_axes({x.at(0).get<int>()}, {x.at(1).get<int>()});
    return me::tensordot_axes(x.at(0).get<std::vector<int>>(), x.at(1).get<std::vector<int>>());
}

me::cross_options cross_of(const json& kwargs) {
    me::cross_options o;
    o.axisa = kwargs.value("axisa", -1);
    o.axisb = kwargs.value("axisb", -1);
    o.axisc = kwargs.value("axisc", -1);
    if (kwargs.contains("axis")) o.axis = kwargs.at("axis").get<int>();
    return o;
}

/// Two operands of one element type (the second decoded as the first's type).
template <class F>
diff::runner same_type(F f) {
    return [f](const json& args, const json& kwargs) {
        return diff::visit_array(args.at(0), [&](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            return f(a, diff::decode_as<T>(args.at(1)), kwargs, shape_of(args.at(0)), shape_of(args.at(1)));
        });
    };
}

/// Two operands of any element types: NumPy's promotion.
template <class F>
diff::runner any_types(F f) {
    return [f](const json& args, const json& kwargs) {
        return std::visit([&](const auto& a, const auto& b) { return f(a, b, kwargs, shape_of(args.at(0)), shape_of(args.at(1))); },
                          diff::decode(args.at(0)), diff::decode(args.at(1)));
    };
}

template <class A>
constexpr bool is_uint8_array = std::is_same_v<typename std::decay_t<A>::value_type, std::uint8_t>;

template <class A>
constexpr bool is_bool_array = std::is_same_v<typename std::decay_t<A>::value_type, bool>;

std::map<std::string, diff::runner> runners() {
    using me::shape_t;
    std::map<std::string, diff::runner> r;
    r["matmul"] = any_types([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::matmul(a, b); }, [&] { return me::flops::matmul_cost(sa, sb); });
    });
    r["dot"] = any_types([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::dot(a, b); }, [&] { return me::flops::dot_cost(sa, sb); });
    });
    r["inner"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::inner(a, b); }, [&] { return me::flops::inner_cost(sa, sb); });
    });
    r["outer"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::outer(a, b); }, [&] { return me::flops::outer_cost(sa, sb); });
    });
    r["vdot"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::vdot(a, b); }, [&] { return me::flops::vdot_cost(sa, sb); });
    });
    r["tensordot"] = same_type([](const auto& a, const auto& b, const json& kw, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::tensordot(a, b, axes_of(kw)); },
                       [&] { return me::flops::tensordot_cost(sa, sb, axes_of(kw)); });
    });
    r["kron"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::kron(a, b); }, [&] { return me::flops::kron_cost(sa, sb); });
    });
    r["cross"] = same_type([](const auto& a, const auto& b, const json& kw, const shape_t& sa, const shape_t& sb) -> diff::result {
        if constexpr (is_bool_array<decltype(a)>) throw std::runtime_error("cross of bools is a compile-time error");
        else return charged([&] { return me::cross(a, b, cross_of(kw)); },
                            [&] { return me::flops::cross_cost(sa, sb, cross_of(kw)); });
    });
    r["linalg.matmul"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::linalg::matmul(a, b); }, [&] { return me::flops::matmul_cost(sa, sb); });
    });
    r["linalg.outer"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::linalg::outer(a, b); }, [&] { return me::flops::outer_cost(sa, sb); });
    });
    r["linalg.tensordot"] = same_type([](const auto& a, const auto& b, const json& kw, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::linalg::tensordot(a, b, axes_of(kw)); },
                       [&] { return me::flops::tensordot_cost(sa, sb, axes_of(kw)); });
    });
    r["linalg.cross"] = same_type([](const auto& a, const auto& b, const json& kw, const shape_t& sa, const shape_t& sb) -> diff::result {
        const int axis = kw.value("axis", -1);
        if constexpr (is_bool_array<decltype(a)>) throw std::runtime_error("cross of bools is a compile-time error");
        else return charged([&] { return me::linalg::cross(a, b, {.axis = axis}); },
                            [&] { return me::flops::cross_cost(sa, sb, {.axis = axis}); });
    });
    r["linalg.vecdot"] = same_type([](const auto& a, const auto& b, const json&, const shape_t& sa, const shape_t& sb) {
        return charged([&] { return me::linalg::vecdot(a, b); }, [&] { return me::flops::vecdot_cost(sa, sb); });
    });
    r["trace"] = [](const json& args, const json& kw) {
        const me::trace_options o{kw.value("offset", 0), kw.value("axis1", 0), kw.value("axis2", 1)};
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            // uint8 traces to uint64, which the harness does not carry; no case sends one.
            if constexpr (is_uint8_array<decltype(a)>) throw std::runtime_error("uint8 trace not covered");
            else return charged([&] { return me::trace(a, o); }, [&] { return me::flops::trace_cost(shape_of(args.at(0)), o); });
        });
    };
    r["linalg.trace"] = [](const json& args, const json& kw) {
        const int offset = kw.value("offset", 0);
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            if constexpr (is_uint8_array<decltype(a)>) throw std::runtime_error("uint8 trace not covered");
            else return charged([&] { return me::linalg::trace(a, {.offset = offset}); },
                           [&] { return me::flops::trace_cost(shape_of(args.at(0)), {.offset = offset, .axis1 = -2, .axis2 = -1}); });
        });
    };
    r["linalg.multi_dot"] = [](const json& args, const json&) {
        return diff::visit_array(args.at(0), [&](const auto& first) {
            using T = typename std::decay_t<decltype(first)>::value_type;
            std::vector<me::array<T>> ops{first};
            std::vector<me::shape_t> shapes{shape_of(args.at(0))};
            for (std::size_t k = 1; k < args.size(); ++k) {
                ops.push_back(diff::decode_as<T>(args.at(k)));
                shapes.push_back(shape_of(args.at(k)));
            }
            return charged([&] { return me::linalg::multi_dot(ops); }, [&] { return me::flops::multi_dot_cost(shapes); });
        });
    };
    return r;
}

}  // namespace

TEST_CASE("the contraction family matches NumPy", "[contractions][differential]") {
    diff::run_family("contractions", runners());
}

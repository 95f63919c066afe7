// The FFT family against NumPy (cases_fft.py). Each counted case also checks that the
// charge equals the op's me::flops::*_cost on the transform lengths NumPy's rules give,
// once per transform (the lines along the transformed axes).
#include "harness.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

/// The options of a case, with the norm's text kept alive beside them.
struct case_options {
    std::string norm;
    me::fft::options one;
    me::fft::nd_options nd;
    explicit case_options(const json& kw) : norm(kw.value("norm", std::string("backward"))) {
        if (kw.contains("n")) one.n = kw.at("n").get<std::int64_t>();
        one.axis = kw.value("axis", -1);
        one.norm = norm;
        if (kw.contains("s")) nd.s = kw.at("s").get<std::vector<std::int64_t>>();
        if (kw.contains("axes")) nd.axes = kw.at("axes").get<std::vector<int>>();
        nd.norm = norm;
    }
};

/// The transform lengths of a case as NumPy defines them, and how many transforms the
/// other axes hold (for the cost query).
struct geometry {
    std::vector<std::size_t> s;
    std::size_t lines = 1;
};
geometry lengths(const me::shape_t& shape, const json& kw, bool two_d, bool c2r, bool one_d) {
    auto axis = [&](int a) { return static_cast<std::size_t>(a < 0 ? a + static_cast<int>(shape.size()) : a); };
    std::vector<int> axes;
    if (one_d) axes = {kw.value("axis", -1)};
    else if (kw.contains("axes")) axes = kw.at("axes").get<std::vector<int>>();
    else if (two_d) axes = {-2, -1};
    else if (kw.contains("s"))
        for (int d = -static_cast<int>(kw.at("s").size()); d < 0; ++d) axes.push_back(d);
    else
        for (std::size_t d = 0; d < shape.size(); ++d) axes.push_back(static_cast<int>(d));
    geometry g;
    std::vector<bool> transformed(shape.size(), false);
    for (int a : axes) transformed.at(axis(a)) = true;
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (!transformed[d]) g.lines *= shape[d];
    if (one_d && kw.contains("n")) g.s = {kw.at("n").get<std::size_t>()};
    else if (kw.contains("s")) g.s = kw.at("s").get<std::vector<std::size_t>>();
    else {
        for (int a : axes) g.s.push_back(shape.at(axis(a)));
        if (c2r) g.s.back() = 2 * (g.s.back() - 1);
    }
    return g;
}

template <class A>
constexpr bool complex_array = me::detail::is_complex_v<typename std::decay_t<A>::value_type>;

/// A runner: decodes the operand, runs `op`, checks the charge against `cost(lengths)`.
template <class Op, class Cost>
diff::runner counted(Op op, Cost cost, bool real_only, bool two_d, bool c2r, bool one_d) {
    return [=](const json& args, const json& kw) {
        const case_options o(kw);
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            if constexpr (complex_array<decltype(a)>) {
                if (real_only) throw std::runtime_error("complex input to a real transform does not compile; no case sends one");
            }
            me::BudgetContext budget(1e18);
            auto r = op(a, o);
            CHECK(budget.flops_used() == cost(lengths(a.shape(), kw, two_d, c2r, one_d)));
            return diff::as_result(std::move(r));
        });
    };
}

#define ME_ONE_D(name, real_only, c2r)                                                                        \
    r["fft." #name] = counted(                                                                                \
        [](const auto& a, const case_options& o) {                                                            \
            if constexpr (real_only && complex_array<decltype(a)>) return me::fft::fft(a, o.one);             \
            else return me::fft::name(a, o.one);                                                              \
        },                                                                                                    \
        [](const geometry& g) { return me::flops::name##_cost(g.s.at(0), g.lines); }, real_only, false, c2r, true)
#define ME_ND(name, real_only, two_d, c2r)                                                                    \
    r["fft." #name] = counted(                                                                                \
        [](const auto& a, const case_options& o) {                                                            \
            if constexpr (real_only && complex_array<decltype(a)>) return me::fft::fftn(a, o.nd);             \
            else return me::fft::name(a, o.nd);                                                               \
        },                                                                                                    \
        [](const geometry& g) { return me::flops::name##_cost(g.s, g.lines); }, real_only, two_d, c2r, false)

std::map<std::string, diff::runner> runners() {
    std::map<std::string, diff::runner> r;
    ME_ONE_D(fft, false, false);
    ME_ONE_D(ifft, false, false);
    ME_ONE_D(rfft, true, false);
    ME_ONE_D(irfft, false, true);
    ME_ONE_D(hfft, false, true);
    ME_ONE_D(ihfft, true, false);
    ME_ND(fftn, false, false, false);
    ME_ND(ifftn, false, false, false);
    ME_ND(fft2, false, true, false);
    ME_ND(ifft2, false, true, false);
    ME_ND(rfftn, true, false, false);
    ME_ND(rfft2, true, true, false);
    ME_ND(irfftn, false, false, true);
    ME_ND(irfft2, false, true, true);
    for (const char* name : {"fft.fftshift", "fft.ifftshift"}) {
        const bool inverse = std::string(name) == "fft.ifftshift";
        r[name] = [inverse](const json& args, const json& kw) {
            return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
                me::axis_spec axes;
                if (kw.contains("axes")) {
                    const json& x = kw.at("axes");
                    axes = x.is_number_integer() ? me::axis_spec(x.get<int>()) : me::axis_spec(x.get<std::vector<int>>());
                }
                if (inverse) return diff::as_result(me::fft::ifftshift(a, axes));
                return diff::as_result(me::fft::fftshift(a, axes));
            });
        };
    }
    r["fft.fftfreq"] = [](const json& args, const json&) {
        return diff::as_result(me::fft::fftfreq(args.at(0).get<std::int64_t>(), args.at(1).get<double>()));
    };
    r["fft.rfftfreq"] = [](const json& args, const json&) {
        return diff::as_result(me::fft::rfftfreq(args.at(0).get<std::int64_t>(), args.at(1).get<double>()));
    };
    return r;
}
#undef ME_ONE_D
#undef ME_ND

}  // namespace

TEST_CASE("the FFT family matches NumPy", "[fft][differential]") {
    diff::run_family("fft", runners());
}

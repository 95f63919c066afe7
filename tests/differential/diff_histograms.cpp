// The histograms family against NumPy (cases_histograms.py): histogram, histogram_bin_edges,
// histogram2d, histogramdd, bincount, digitize. Each case also checks that the charge
// equals the op's me::flops::*_cost for the same sizes (and the bins NumPy's result has);
// the harness checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

/// Calls f(array) for a real-typed operand (the ops take no complex input).
template <class F>
diff::result visit_real(const json& encoded, F&& f) {
    return diff::visit_array(encoded, [&](const auto& a) -> diff::result {
        using T = typename std::decay_t<decltype(a)>::value_type;
        if constexpr (me::detail::is_complex_v<T>) throw std::runtime_error("complex operand");
        else return f(a);
    });
}

/// Runs f() inside a context; the charge must be `cost()` (evaluated after f: a rule's bins).
template <class F, class Cost>
auto charged(F&& f, Cost&& cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost(r));
    return r;
}

me::histogram_range range_of(const json& r) {
    if (r.is_null()) return {};
    return {diff::number(r.at(0)), diff::number(r.at(1))};
}

std::vector<me::histogram_range> ranges_of(const json& kw) {
    std::vector<me::histogram_range> out;
    if (kw.contains("range"))
        for (const auto& r : kw.at("range")) out.push_back(range_of(r));
    return out;
}

/// histogram's bins other than edges: an int (default 10) or a rule.
me::histogram_bins bins_of(const json& kw) {
    if (!kw.contains("bins")) return 10;
    const json& b = kw.at("bins");
    if (b.is_string()) return me::histogram_bins(std::string_view(b.get<std::string>()));
    return b.get<std::int64_t>();
}

/// Calls f(std::type_identity<H>{}) with NumPy's hist type: the weights', float64 with density, else int64.
template <class F>
diff::result with_hist_type(const json& kw, F&& f) {
    if (kw.contains("weights")) {
        const auto dtype = kw.at("weights").at("dtype").get<std::string>();
        if (dtype == "float32") return f(std::type_identity<float>{});
        if (dtype == "int64") return f(std::type_identity<std::int64_t>{});
        return f(std::type_identity<double>{});
    }
    if (kw.value("density", false)) return f(std::type_identity<double>{});
    return f(std::type_identity<std::int64_t>{});
}

template <class H>
me::histogram_options<H> histogram_options_of(const json& kw) {
    me::histogram_options<H> o;
    if (kw.contains("range")) o.range = range_of(kw.at("range"));
    o.density = kw.value("density", false);
    if (kw.contains("weights")) o.weights = diff::decode_as<H>(kw.at("weights"));
    return o;
}

diff::result histogram_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& a) {
        return with_hist_type(kw, [&](auto tag) -> diff::result {
            using H = typename decltype(tag)::type;
            const auto o = histogram_options_of<H>(kw);
            if (args.size() > 1)
                return visit_real(args.at(1), [&](const auto& edges) {
                    auto r = charged([&] { return me::histogram<H>(a, edges, o); },
                                     [&](const auto&) { return me::flops::histogram_cost(a.size(), edges.size() ? edges.size() - 1 : 0); });
                    return diff::result{diff::any_array(std::move(r.hist)), diff::any_array(std::move(r.bin_edges))};
                });
            const auto bins = bins_of(kw);
            auto r = charged([&] { return me::histogram<H>(a, bins, o); }, [&](const auto& res) {
                const auto chosen = static_cast<std::int64_t>(res.bin_edges.size() - 1);
                return bins.rule() ? me::flops::histogram_cost(a.size(), *bins.rule(), chosen) : me::flops::histogram_cost(a.size(), chosen);
            });
            return diff::result{diff::any_array(std::move(r.hist)), diff::any_array(std::move(r.bin_edges))};
        });
    });
}

diff::result bin_edges_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& a) -> diff::result {
        me::histogram_bin_edges_options o;
        if (kw.contains("range")) o.range = range_of(kw.at("range"));
        if (kw.contains("weights")) o.weights = diff::decode_as<double>(kw.at("weights"));
        if (args.size() > 1)
            return visit_real(args.at(1), [&](const auto& edges) {
                return diff::result{diff::any_array(charged([&] { return me::histogram_bin_edges(a, edges, o); }, [&](const auto&) {
                    return me::flops::histogram_bin_edges_cost(a.size(), edges.size() ? edges.size() - 1 : 0);
                }))};
            });
        const auto bins = bins_of(kw);
        return diff::result{diff::any_array(charged([&] { return me::histogram_bin_edges(a, bins, o); }, [&](const auto& e) {
            const auto chosen = static_cast<std::int64_t>(e.size() - 1);
            return bins.rule() ? me::flops::histogram_bin_edges_cost(a.size(), *bins.rule(), chosen)
                               : me::flops::histogram_bin_edges_cost(a.size(), chosen);
        }))};
    });
}

me::histogramdd_bins dd_bins_of(const json& kw) {
    if (kw.contains("edges")) {
        std::vector<me::array<double>> edges;
        for (const auto& e : kw.at("edges")) edges.push_back(diff::decode_as<double>(e));
        return edges;
    }
    if (!kw.contains("bins")) return 10;
    const json& b = kw.at("bins");
    if (b.is_array()) return b.get<std::vector<std::int64_t>>();
    return b.get<std::int64_t>();
}

me::histogramdd_options dd_options_of(const json& kw) {
    me::histogramdd_options o;
    o.range = ranges_of(kw);
    o.density = kw.value("density", false);
    if (kw.contains("weights")) o.weights = diff::decode_as<double>(kw.at("weights"));
    return o;
}

std::vector<std::int64_t> bins_of_shape(const me::shape_t& s) { return std::vector<std::int64_t>(s.begin(), s.end()); }

diff::result histogramdd_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& sample) {
        const auto o = dd_options_of(kw);
        auto r = charged([&] { return me::histogramdd(sample, dd_bins_of(kw), o); },
                         [&](const auto& res) { return me::flops::histogramdd_cost(sample.shape()[0], bins_of_shape(res.hist.shape())); });
        diff::result out{diff::any_array(std::move(r.hist))};
        for (auto& e : r.edges) out.push_back(diff::any_array(std::move(e)));
        return out;
    });
}

diff::result histogram2d_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& x) {
        return visit_real(args.at(1), [&](const auto& y) {
            const auto o = dd_options_of(kw);
            const auto cost = [&](const auto& res) {
                return me::flops::histogram2d_cost(x.size(), static_cast<std::int64_t>(res.hist.shape()[0]),
                                                   static_cast<std::int64_t>(res.hist.shape()[1]));
            };
            auto r = args.size() > 2 ? charged([&] { return me::histogram2d(x, y, diff::decode_as<double>(args.at(2)), o); }, cost)
                                     : charged([&] { return me::histogram2d(x, y, dd_bins_of(kw), o); }, cost);
            return diff::result{diff::any_array(std::move(r.hist)), diff::any_array(std::move(r.xedges)),
                                diff::any_array(std::move(r.yedges))};
        });
    });
}

diff::result bincount_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& x) -> diff::result {
        me::bincount_options o;
        o.minlength = kw.value("minlength", std::int64_t{0});
        const auto cost = [&](const auto& r) { return me::flops::bincount_cost(x.size(), static_cast<std::int64_t>(r.size())); };
        if (kw.contains("weights")) {
            o.weights = diff::decode_as<double>(kw.at("weights"));
            return {diff::any_array(charged([&] { return me::bincount<double>(x, o); }, cost))};
        }
        return {diff::any_array(charged([&] { return me::bincount(x, o); }, cost))};
    });
}

diff::result digitize_runner(const json& args, const json& kw) {
    return visit_real(args.at(0), [&](const auto& x) {
        return visit_real(args.at(1), [&](const auto& bins) {
            const me::digitize_options o{.right = kw.value("right", false)};
            return diff::result{diff::any_array(charged([&] { return me::digitize(x, bins, o); }, [&](const auto&) {
                return me::flops::digitize_cost(x.size(), static_cast<std::int64_t>(bins.size()));
            }))};
        });
    });
}

}  // namespace

TEST_CASE("the histograms family matches NumPy", "[histograms][differential]") {
    diff::run_family("histograms", {{"histogram", histogram_runner},
                                    {"histogram_bin_edges", bin_edges_runner},
                                    {"histogramdd", histogramdd_runner},
                                    {"histogram2d", histogram2d_runner},
                                    {"bincount", bincount_runner},
                                    {"digitize", digitize_runner}});
}

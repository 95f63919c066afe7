// The reduction family against NumPy: every case of cases_reductions.py.
#include "harness.hpp"

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

me::axis_spec axis_of(const json& kw) {
    if (!kw.contains("axis") || kw["axis"].is_null()) return {};
    if (kw["axis"].is_array()) return me::axis_spec(kw["axis"].get<std::vector<int>>());
    return me::axis_spec(kw["axis"].get<int>());
}
std::optional<int> single_axis(const json& kw) {
    if (!kw.contains("axis") || kw["axis"].is_null()) return std::nullopt;
    return kw["axis"].get<int>();
}
bool keepdims(const json& kw) { return kw.value("keepdims", false); }

me::reduce_options reduce_opts(const json& kw) { return {.axis = axis_of(kw), .keepdims = keepdims(kw)}; }
me::var_options var_opts(const json& kw) {
    return {.axis = axis_of(kw), .ddof = kw.value("ddof", 0.0), .keepdims = keepdims(kw)};
}
me::arg_options arg_opts(const json& kw) { return {.axis = single_axis(kw), .keepdims = keepdims(kw)}; }
me::cum_options cum_opts(const json& kw) { return {.axis = single_axis(kw)}; }
me::cumulative_options cumulative_opts(const json& kw) {
    return {.axis = single_axis(kw), .include_initial = kw.value("include_initial", false)};
}
me::average_options average_opts(const json& kw) {
    me::average_options o{.axis = axis_of(kw), .keepdims = keepdims(kw)};
    if (kw.contains("weights")) o.weights = std::get<me::array<double>>(diff::decode(kw["weights"]));
    return o;
}

std::string method_storage;  // quantile_options holds a string_view
me::quantile_options quantile_opts(const json& kw) {
    method_storage = kw.value("method", std::string("linear"));
    return {.axis = axis_of(kw), .method = method_storage, .keepdims = keepdims(kw)};
}

/// A runner that decodes the array argument and calls `f(a, kwargs)` for the element
/// types the op accepts (the generator only emits those).
template <class F>
diff::runner on_array(F f) {
    return [f](const json& args, const json& kw) {
        return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
            if constexpr (requires { f(a, kw); }) {
                if constexpr (std::is_constructible_v<diff::any_array, decltype(f(a, kw))>)
                    return diff::as_result(f(a, kw));
                else throw std::runtime_error("result type not covered by the harness");
            }
            else throw std::runtime_error("element type not accepted by this op");
        });
    };
}

#define ME_RUN(op, opts) \
    {#op, on_array([](const auto& a, const json& kw) -> decltype(me::op(a, opts(kw))) { return me::op(a, opts(kw)); })}

#define ME_RUN_Q(op)                                                                                   \
    {#op, on_array([](const auto& a, const json& kw) -> decltype(me::op(a, 0.5, quantile_opts(kw))) { \
         if (kw.at("q").is_array()) return me::op(a, kw.at("q").get<std::vector<double>>(), quantile_opts(kw)); \
         return me::op(a, diff::number(kw.at("q")), quantile_opts(kw));                                \
     })}

}  // namespace

TEST_CASE("reductions agree with NumPy", "[differential][reductions]") {
    const std::map<std::string, diff::runner> runners = {
        ME_RUN(sum, reduce_opts),         ME_RUN(nansum, reduce_opts),
        ME_RUN(prod, reduce_opts),        ME_RUN(nanprod, reduce_opts),
        ME_RUN(all, reduce_opts),         ME_RUN(any, reduce_opts),
        ME_RUN(count_nonzero, reduce_opts), ME_RUN(mean, reduce_opts),
        ME_RUN(nanmean, reduce_opts),     ME_RUN(max, reduce_opts),
        ME_RUN(min, reduce_opts),         ME_RUN(amax, reduce_opts),
        ME_RUN(amin, reduce_opts),        ME_RUN(nanmax, reduce_opts),
        ME_RUN(nanmin, reduce_opts),      ME_RUN(ptp, reduce_opts),
        ME_RUN(median, reduce_opts),      ME_RUN(nanmedian, reduce_opts),
        ME_RUN(var, var_opts),            ME_RUN(std, var_opts),
        ME_RUN(nanvar, var_opts),         ME_RUN(nanstd, var_opts),
        ME_RUN(argmax, arg_opts),         ME_RUN(argmin, arg_opts),
        ME_RUN(nanargmax, arg_opts),      ME_RUN(nanargmin, arg_opts),
        ME_RUN(cumsum, cum_opts),         ME_RUN(cumprod, cum_opts),
        ME_RUN(nancumsum, cum_opts),      ME_RUN(nancumprod, cum_opts),
        ME_RUN(cumulative_sum, cumulative_opts), ME_RUN(cumulative_prod, cumulative_opts),
        ME_RUN(average, average_opts),
        ME_RUN_Q(quantile),               ME_RUN_Q(percentile),
        ME_RUN_Q(nanquantile),            ME_RUN_Q(nanpercentile),
    };
    CHECK(runners.size() == me::detail::registry_counts[static_cast<std::size_t>(me::detail::registry_category::counted_reduction)].names);
    me::BudgetContext budget(1e15);
    diff::run_family("reductions", runners);
}

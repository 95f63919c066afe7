// Symmetric tensors against NumPy: every case of cases_symmetry.py (is_symmetric and
// as_symmetric's SymmetryError fields against np.allclose over the transpositions, and
// counted ops on symmetric inputs giving NumPy's values).
#include "harness.hpp"

#include <string>
#include <type_traits>
#include <vector>

namespace {

using diff::json;

me::symmetry_spec groups_of(const json& kw) { return kw.at("groups").get<std::vector<std::vector<int>>>(); }

/// Decodes the array argument(s), declares them symmetric along kwargs "groups" and calls
/// `f(symmetric arrays..., kwargs)` for the element types it accepts.
template <class F>
diff::runner on_symmetric(F f) {
    return [f](const json& args, const json& kw) {
        return diff::visit_array(args[0], [&](const auto& raw) -> diff::result {
            const auto a = me::as_symmetric(raw, groups_of(kw));
            REQUIRE_FALSE(a.symmetric_axes().empty());
            if constexpr (requires { f(a, kw); }) {
                if constexpr (std::is_constructible_v<diff::any_array, decltype(f(a, kw))>)
                    return diff::as_result(f(a, kw));
                else throw std::runtime_error("result type not covered by the harness");
            } else {
                throw std::runtime_error("element type not accepted by this op");
            }
        });
    };
}

me::axis_spec axis_of(const json& kw) {
    if (!kw.contains("axis") || kw["axis"].is_null()) return {};
    if (kw["axis"].is_array()) return me::axis_spec(kw["axis"].get<std::vector<int>>());
    return me::axis_spec(kw["axis"].get<int>());
}

}  // namespace

TEST_CASE("symmetry agrees with NumPy", "[differential][symmetry]") {
    const std::map<std::string, diff::runner> runners = {
        {"is_symmetric",
         [](const json& args, const json& kw) {
             return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
                 return {diff::any_array(me::array<bool>(
                     me::is_symmetric(a, groups_of(kw), kw.at("atol").get<double>(), kw.at("rtol").get<double>())))};
             });
         }},
        {"as_symmetric",
         [](const json& args, const json& kw) {
             return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
                 try {
                     auto s = me::as_symmetric(a, groups_of(kw), kw.at("atol").get<double>(), kw.at("rtol").get<double>());
                     CHECK_FALSE(s.symmetric_axes().empty());
                     return diff::as_result(std::move(s));
                 } catch (const me::SymmetryError& e) {
                     auto axes = me::array<std::int64_t>::uninitialized({e.axes.size()});
                     std::copy(e.axes.begin(), e.axes.end(), axes.begin());
                     return {diff::any_array(std::move(axes)), diff::any_array(me::array<double>(e.max_deviation))};
                 }
             });
         }},
        // Trailing return types: an op that rejects a type drops out of `requires` instead of erroring.
        {"negative", on_symmetric([](const auto& a, const json&) -> decltype(me::negative(a)) { return me::negative(a); })},
        {"exp", on_symmetric([](const auto& a, const json&) -> decltype(me::exp(a)) { return me::exp(a); })},
        {"transpose", on_symmetric([](const auto& a, const json&) { return me::transpose(a, {2, 0, 1}); })},
        {"sum", on_symmetric([](const auto& a, const json& kw) -> decltype(me::sum(a)) {
             return me::sum(a, {.axis = axis_of(kw), .keepdims = kw.value("keepdims", false)});
         })},
        {"cumsum", on_symmetric([](const auto& a, const json& kw) -> decltype(me::cumsum(a)) {
             return me::cumsum(a, kw.at("axis").get<int>());
         })},
        {"add",
         [](const json& args, const json& kw) {
             return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
                 using T = typename std::decay_t<decltype(a)>::value_type;
                 const auto b = std::get<me::array<T>>(diff::decode(args[1]));
                 if constexpr (std::is_same_v<T, std::uint8_t>) throw std::runtime_error("uint8 not generated");
                 else return diff::as_result(me::add(me::as_symmetric(a, groups_of(kw)), me::as_symmetric(b, groups_of(kw))));
             });
         }},
        {"add_plain",
         [](const json& args, const json& kw) {
             return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
                 using T = typename std::decay_t<decltype(a)>::value_type;
                 const auto b = std::get<me::array<T>>(diff::decode(args[1]));
                 if constexpr (std::is_same_v<T, std::uint8_t>) throw std::runtime_error("uint8 not generated");
                 else return diff::as_result(me::add(me::as_symmetric(a, groups_of(kw)), b));
             });
         }},
    };
    me::BudgetContext budget(1e12, "differential");
    diff::run_family("symmetry", runners);
}

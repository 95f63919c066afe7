// Differential cases for ops whose result needs its own runner (see cases_misc.py).
#include "harness.hpp"

TEST_CASE("misc ops agree with NumPy", "[differential][misc]") {
    const std::map<std::string, diff::runner> runners = {
        {"real_if_close",
         [](const diff::json& args, const diff::json& kwargs) {
             const double tol = kwargs.at("tol").get<double>();
             return diff::visit_array(args[0], [&](const auto& a) -> diff::result {
                 using T = typename std::decay_t<decltype(a)>::value_type;
                 if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::uint8_t> ||
                               std::is_same_v<T, std::int32_t>) {
                     throw std::runtime_error("real_if_close: dtype not generated");
                 } else {
                     auto r = me::real_if_close(a, tol);
                     if constexpr (me::detail::is_complex_v<T>)
                         return std::visit([](auto&& v) { return diff::result{diff::any_array(v)}; }, r);
                     else
                         return diff::result{diff::any_array(r)};
                 }
             });
         }},
    };
    me::BudgetContext budget(1e12, "differential");
    diff::run_family("misc", runners);
}

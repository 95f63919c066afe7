// The C++ side of the differential suite: reads the cases NumPy answered (gen.py) and
// compares mechestim's results with them: element kind, shape and values, and the FLOPs
// each call charges with the registry's formula as the Python generator evaluated it.
#pragma once

#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace diff {

using json = nlohmann::json;

/// Any array the suite handles.
using any_array = std::variant<me::array<bool>, me::array<std::int32_t>, me::array<std::int64_t>,
                               me::array<std::uint8_t>, me::array<float>, me::array<double>,
                               me::array<std::complex<float>>, me::array<std::complex<double>>>;

/// A result: one array or several (frexp, modf, divmod ...).
using result = std::vector<any_array>;

inline json load_family(const std::string& family) {
    const char* dir = std::getenv("MECHESTIM_DIFF_DATA");
    if (dir == nullptr) throw std::runtime_error("MECHESTIM_DIFF_DATA is not set (run through ctest)");
    const std::string path = std::string(dir) + "/" + family + ".json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path + " (did differential:generate run?)");
    return json::parse(in);
}

inline double number(const json& v) {
    if (v.is_string()) {
        const auto s = v.get<std::string>();
        if (s == "nan") return std::nan("");
        if (s == "inf") return INFINITY;
        if (s == "-inf") return -INFINITY;
        throw std::runtime_error("bad number " + s);
    }
    if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
    return v.get<double>();
}

template <class T>
T element(const json& v) {
    if constexpr (me::detail::is_complex_v<T>) {
        using R = typename T::value_type;
        return T(static_cast<R>(number(v[0])), static_cast<R>(number(v[1])));
    } else if constexpr (std::is_same_v<T, bool>) {
        return v.is_boolean() ? v.get<bool>() : number(v) != 0;
    } else if constexpr (std::is_integral_v<T>) {
        return v.get<T>();
    } else {
        return static_cast<T>(number(v));
    }
}

template <class T>
me::array<T> decode_as(const json& j) {
    me::shape_t shape = j.at("shape").get<me::shape_t>();
    auto a = me::array<T>::uninitialized(shape);
    const auto& data = j.at("data");
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = element<T>(data[i]);
    return a;
}

/// An encoded array as the matching me::array type.
inline any_array decode(const json& j) {
    const auto dtype = j.at("dtype").get<std::string>();
    if (dtype == "bool") return decode_as<bool>(j);
    if (dtype == "int32") return decode_as<std::int32_t>(j);
    if (dtype == "int64") return decode_as<std::int64_t>(j);
    if (dtype == "uint8") return decode_as<std::uint8_t>(j);
    if (dtype == "float32") return decode_as<float>(j);
    if (dtype == "float64") return decode_as<double>(j);
    if (dtype == "complex64") return decode_as<std::complex<float>>(j);
    if (dtype == "complex128") return decode_as<std::complex<double>>(j);
    throw std::runtime_error("unsupported dtype " + dtype);
}

inline char expected_kind(const std::string& dtype) {
    if (dtype == "bool") return 'b';
    if (dtype.rfind("uint", 0) == 0) return 'u';
    if (dtype.rfind("int", 0) == 0) return 'i';
    if (dtype.rfind("float", 0) == 0) return 'f';
    if (dtype.rfind("complex", 0) == 0) return 'c';
    return '?';
}

template <class T>
char kind_of_array(const me::array<T>&) {
    if constexpr (std::is_unsigned_v<T> && !std::is_same_v<T, bool>) return 'u';
    else return me::detail::kind_char<T>();
}

inline bool close(double got, double want, double rtol, double atol) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    return std::fabs(got - want) <= atol + rtol * std::fabs(want);
}

/// One element as text for a failure message (fmt has no formatter for std::complex).
template <class T>
std::string value_text(const T& v) {
    if constexpr (me::detail::is_complex_v<T>) return fmt::format("({}, {})", v.real(), v.imag());
    else return fmt::format("{}", v);
}

/// "" when `got` matches the encoded expectation, else what differs.
/// With `exact_dtype` the element type must be NumPy's exactly (float32 vs float64), not just its kind.
inline std::string compare(const any_array& got, const json& want, double rtol, double atol, bool exact_dtype = false) {
    return std::visit(
        [&](const auto& a) -> std::string {
            using T = typename std::decay_t<decltype(a)>::value_type;
            const auto dtype = want.at("dtype").get<std::string>();
            if (kind_of_array(a) != expected_kind(dtype))
                return "kind: got " + std::string(me::detail::dtype_name<T>()) + ", NumPy gives " + dtype;
            if (exact_dtype && me::detail::dtype_name<T>() != dtype)
                return "dtype: got " + std::string(me::detail::dtype_name<T>()) + ", NumPy gives " + dtype;
            const auto shape = want.at("shape").get<me::shape_t>();
            if (a.shape() != shape)
                return "shape: got " + me::detail::shape_string(a.shape()) + ", NumPy gives " +
                       me::detail::shape_string(shape);
            const auto& data = want.at("data");
            for (std::size_t i = 0; i < a.size(); ++i) {
                const T v = a.data()[i];
                bool ok;
                if constexpr (me::detail::is_complex_v<T>) {
                    const auto w = element<std::complex<double>>(data[i]);
                    ok = close(v.real(), w.real(), rtol, atol) && close(v.imag(), w.imag(), rtol, atol);
                } else if constexpr (std::is_integral_v<T>) {
                    ok = static_cast<double>(v) == number(data[i]) ||
                         (!std::is_same_v<T, bool> && data[i].is_number_integer() &&
                          static_cast<long long>(v) == data[i].get<long long>());
                } else {
                    ok = close(static_cast<double>(v), number(data[i]), rtol, atol);
                }
                if (!ok) return "value at flat index " + std::to_string(i) + ": got " + value_text(v) +
                                ", NumPy gives " + data[i].dump();
            }
            return "";
        },
        got);
}

/// Runs one op on the case's arguments; throws to report an error.
using runner = std::function<result(const json& args, const json& kwargs)>;

/// What a case must charge when its runner runs: by default its "flops", which the Python
/// generator computed from the registry's formula for the op (tests/differential/costs.py),
/// independently of the C++ code. A family whose charge depends on what the C++ side
/// chooses (einsum's path) passes its own rule.
using charge_rule = std::function<me::flops_t(const json& c)>;

inline me::flops_t case_flops(const json& c) {
    if (!c.contains("flops")) throw std::runtime_error("the case has no \"flops\": gen.py must price every case");
    return c.at("flops").get<me::flops_t>();
}

/// What the session record holds, for "nothing was charged" checks: every op's tally,
/// the total, and whether the global default exists.
struct record_state {
    me::flops_t used = 0;
    std::string operations;
    const void* default_context = nullptr;
    bool operator==(const record_state&) const = default;
};
inline record_state record_now() {
    const auto d = me::budget_summary_dict();
    return {d.flops_used, json(d).at("operations").dump(), me::detail::session().default_context.get()};
}

/// Runs every case of `family` through `runners` (keyed by op name) and checks each
/// against NumPy, and its charge against the formula:
/// - a case NumPy answers must charge exactly `rule(case)` FLOPs, must raise
///   BudgetExhaustedError before charging anything when its budget is too small, and when
///   it is free must not create the global default;
/// - a case NumPy rejects must raise a me:: error, charge nothing and leave the session
///   record as it was.
/// Cases whose op has no runner fail: every case generated must run.
inline void run_family(const std::string& family, const std::map<std::string, runner>& runners,
                       const charge_rule& rule = case_flops) {
    const json data = load_family(family);
    const auto& cases = data.at("cases");
    REQUIRE(cases.size() > 0);
    std::size_t checked = 0;
    for (const auto& c : cases) {
        const auto op = c.at("op").get<std::string>();
        const json kwargs = c.value("kwargs", json::object());
        const double rtol = c.value("rtol", 1e-6), atol = c.value("atol", 1e-9);
        const bool exact_dtype = c.value("exact_dtype", false);
        INFO("case: " << c.dump().substr(0, 600));
        const auto it = runners.find(op);
        if (it == runners.end()) FAIL("no runner for op " << op);
        const auto& run = it->second;
        const auto& expected = c.at("expected");
        if (expected.is_object() && expected.contains("error")) {
            // NumPy raises: mechestim must raise a me:: error too, having charged nothing.
            const record_state before = record_now();
            bool raised = false;
            try {
                run(c.at("args"), kwargs);
            } catch (const me::MechEstimError&) {
                raised = true;
            }
            CHECK(raised);
            INFO("a case that raises charged something or changed the session record");
            CHECK(record_now() == before);
        } else {
            const me::flops_t want = rule(c);
            const record_state before = record_now();
            result got;
            {
                me::BudgetContext budget(9e18, "differential");
                got = run(c.at("args"), kwargs);
                INFO("charged " << budget.flops_used() << " FLOPs, the registry's formula gives " << want);
                CHECK(budget.flops_used() == want);
            }
            if (want == 0) {
                INFO("a free op created the global default");
                CHECK(me::detail::session().default_context.get() == before.default_context);
            } else {
                // A budget too small for the case's first counted call (the multiplier puts
                // any charge above the budget; a case may make several calls, as a random
                // stream does) must stop it before it runs: nothing charged anywhere, the
                // record as it was.
                const record_state ready = record_now();
                bool stopped = false;
                {
                    me::BudgetContext tight(static_cast<double>(want), "differential-short",
                                            {.flop_multiplier = static_cast<double>(want) + 1.0});
                    try {
                        run(c.at("args"), kwargs);
                    } catch (const me::BudgetExhaustedError&) {
                        stopped = true;
                    }
                    INFO("with too small a budget the op charged " << tight.flops_used());
                    CHECK(tight.flops_used() == 0);
                }
                CHECK(stopped);
                CHECK(record_now() == ready);
            }
            const json want_values = expected.is_array() ? expected : json::array({expected});
            REQUIRE(got.size() == want_values.size());
            for (std::size_t k = 0; k < got.size(); ++k) {
                const auto problem = compare(got[k], want_values[k], rtol, atol, exact_dtype);
                INFO("output " << k << ": " << problem);
                CHECK(problem.empty());
            }
        }
        ++checked;
    }
    CHECK(checked == cases.size());
}

/// Calls f(array) with the decoded argument's real type.
template <class F>
result visit_array(const json& encoded, F&& f) {
    return std::visit([&](const auto& a) -> result { return f(a); }, decode(encoded));
}

/// Wraps one or two arrays (pairs from frexp/modf/divmod) as a result.
template <class R>
result as_result(R&& r) {
    if constexpr (requires { r.first; r.second; }) return result{any_array(std::move(r.first)), any_array(std::move(r.second))};
    else return result{any_array(std::forward<R>(r))};
}

}  // namespace diff

// me::random::RandomState and the module samplers against NumPy's legacy streams: each
// case seeds one generator (the global one, or a RandomState object), runs the calls of
// cases_random_state.py and compares every output; rejected calls must raise, charge
// nothing and leave the stream where it was.
#include "harness.hpp"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

using diff::json;
using diff::result;
namespace rnd = me::random;

me::shape_t size_of(const json& call) {
    const auto& s = call.at("size");
    return s.is_null() ? me::shape_t{} : s.get<me::shape_t>();
}

// A real parameter: a number or an encoded array of any real type.
rnd::param real(const json& v) {
    if (!v.is_object()) return rnd::param(diff::number(v));
    return std::visit(
        [](const auto& a) -> rnd::param {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (me::detail::is_complex_v<T>) throw std::runtime_error("complex parameter");
            else return rnd::param(a);
        },
        diff::decode(v));
}

rnd::int_param integer(const json& v) {
    if (!v.is_object()) return rnd::int_param(v.get<std::int64_t>());
    return std::visit(
        [](const auto& a) -> rnd::int_param {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (std::is_integral_v<T>) return rnd::int_param(a);
            else throw std::runtime_error("integer parameter expected");
        },
        diff::decode(v));
}

std::vector<double> list(const json& v) {
    std::vector<double> out;
    for (const auto& x : v) out.push_back(diff::number(x));
    return out;
}

me::array<double> as_double(const json& v) { return std::get<me::array<double>>(diff::decode(v)); }

rnd::check_valid check_of(const json& call) {
    const std::string s = call.value("check_valid", "warn");
    return s == "raise" ? rnd::check_valid::raise : s == "ignore" ? rnd::check_valid::ignore : rnd::check_valid::warn;
}

using runner = std::function<result(rnd::RandomState&, const json& args, const me::shape_t& size, const json& call)>;

template <class A>
result one(A&& a) {
    result out;
    out.emplace_back(std::forward<A>(a));
    return out;
}

// name -> how to call it; a = positional parameters, z = size.
#define ME_R1(name) {#name, [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) { return one(s.name(real(a[0]), z)); }}
#define ME_R2(name) {#name, [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) { return one(s.name(real(a[0]), real(a[1]), z)); }}
#define ME_R3(name) {#name, [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) { return one(s.name(real(a[0]), real(a[1]), real(a[2]), z)); }}
#define ME_R0(name) {#name, [](rnd::RandomState& s, const json&, const me::shape_t& z, const json&) { return one(s.name(z)); }}

const std::map<std::string, runner>& runners() {
    static const std::map<std::string, runner> table = {
        ME_R0(random_sample), ME_R0(standard_exponential), ME_R0(standard_cauchy), ME_R0(standard_normal),
        ME_R1(standard_gamma), ME_R2(gamma), ME_R2(beta), ME_R1(chisquare), ME_R2(noncentral_chisquare), ME_R2(f),
        ME_R3(noncentral_f), ME_R1(standard_t), ME_R1(pareto), ME_R1(weibull), ME_R1(power), ME_R1(rayleigh),
        ME_R2(laplace), ME_R2(gumbel), ME_R2(logistic), ME_R2(wald), ME_R2(vonmises), ME_R3(triangular),
        ME_R1(exponential), ME_R2(lognormal), ME_R2(normal), ME_R2(uniform), ME_R1(poisson), ME_R1(geometric),
        ME_R2(negative_binomial), ME_R1(logseries), ME_R1(zipf),
        {"binomial", [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) {
             return one(s.binomial(integer(a[0]), real(a[1]), z)); }},
        {"hypergeometric", [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) {
             return one(s.hypergeometric(integer(a[0]), integer(a[1]), integer(a[2]), z)); }},
        {"multinomial", [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) {
             return one(s.multinomial(a[0].get<std::int64_t>(), list(a[1]), z)); }},
        {"dirichlet", [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json&) {
             return one(s.dirichlet(list(a[0]), z)); }},
        {"multivariate_normal", [](rnd::RandomState& s, const json& a, const me::shape_t& z, const json& c) {
             return one(s.multivariate_normal(as_double(a[0]), as_double(a[1]), z, check_of(c))); }},
        {"bytes", [](rnd::RandomState& s, const json& a, const me::shape_t&, const json&) {
             const std::string b = s.bytes(a[0].get<std::int64_t>());
             auto out = me::array<std::int64_t>::uninitialized(me::shape_t{b.size()});
             for (std::size_t i = 0; i < b.size(); ++i) out.data()[i] = static_cast<unsigned char>(b[i]);
             return one(std::move(out)); }},
    };
    return table;
}
#undef ME_R0
#undef ME_R1
#undef ME_R2
#undef ME_R3

rnd::state_t state_of(rnd::RandomState& s) { return s.get_state(); }

using generator = rnd::basic_generator<rnd::detail::legacy_rng>;
template <class Gen>
using generator_runner = std::function<result(Gen&, const json& args, const me::shape_t& size, const json& call)>;

rnd::choice_options choice_of(const json& c) {
    rnd::choice_options o{.replace = c.value("replace", true)};
    if (c.contains("p") && !c.at("p").is_null()) o.p = list(c.at("p"));
    return o;
}

#define ME_G0(name) {#name, [](Gen& g, const json&, const me::shape_t& z, const json&) { return one(g.name(z)); }}
#define ME_G1(name) {#name, [](Gen& g, const json& a, const me::shape_t& z, const json&) { return one(g.name(real(a[0]), z)); }}
#define ME_G2(name) {#name, [](Gen& g, const json& a, const me::shape_t& z, const json&) { return one(g.name(real(a[0]), real(a[1]), z)); }}
#define ME_G3(name) {#name, [](Gen& g, const json& a, const me::shape_t& z, const json&) { return one(g.name(real(a[0]), real(a[1]), real(a[2]), z)); }}

// The whole MT19937 state of a generator, to show a rejected call did not move it.
std::pair<std::array<std::uint32_t, 624>, int> state_of(generator& g) {
    const auto bits = g.bit_generator();
    return {bits.mt.key(), bits.mt.pos()};
}

// PCG64's whole state, buffered 32-bit word included.
auto state_of(rnd::Generator& g) {
    const auto s = g.bit_generator().state();
    return std::tuple{s.state, s.inc, s.has_uint32, s.uinteger};
}

template <class Gen>
using runner_table = std::map<std::string, generator_runner<Gen>>;

// ==== Generator continuous distributions ====
bool float32_of(const json& call) { return call.value("dtype", "float64") == "float32"; }

template <class Gen>
void add_continuous_runners(runner_table<Gen>& table) {
    const runner_table<Gen> rows = {
        ME_G2(gamma), ME_G2(beta), ME_G1(chisquare), ME_G2(f), ME_G1(standard_t), ME_G0(standard_cauchy),
        ME_G2(lognormal), ME_G1(pareto), ME_G1(weibull), ME_G1(power), ME_G1(rayleigh), ME_G2(wald), ME_G2(vonmises),
        ME_G2(laplace), ME_G2(gumbel), ME_G2(logistic), ME_G3(triangular),
    };
    table.insert(rows.begin(), rows.end());
    // The draws with a dtype replace the core runners.
    table["random"] = [](Gen& g, const json&, const me::shape_t& z, const json& c) {
        return float32_of(c) ? one(g.template random<float>(z)) : one(g.random(z));
    };
    table["standard_normal"] = [](Gen& g, const json&, const me::shape_t& z, const json& c) {
        return float32_of(c) ? one(g.template standard_normal<float>(z)) : one(g.standard_normal(z));
    };
    table["standard_exponential"] = [](Gen& g, const json&, const me::shape_t& z, const json& c) {
        const auto m = c.value("method", "zig") == "inv" ? rnd::exponential_method::inv : rnd::exponential_method::zig;
        return float32_of(c) ? one(g.template standard_exponential<float>(z, m)) : one(g.standard_exponential(z, m));
    };
    table["standard_gamma"] = [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
        return float32_of(c) ? one(g.template standard_gamma<float>(real(a[0]), z)) : one(g.standard_gamma(real(a[0]), z));
    };
}
// ==== end of Generator continuous distributions ====

// ==== Generator noncentral chi-square and F ====
// A sequence parameter (dirichlet's alpha, multinomial's pvals): a JSON list or an encoded array.
rnd::param sequence(const json& v) { return v.is_array() ? rnd::param(list(v)) : real(v); }

template <class Gen>
void add_noncentral_runners(runner_table<Gen>& table) {
    const runner_table<Gen> rows = {
        ME_G2(noncentral_chisquare), ME_G3(noncentral_f),
        {"dirichlet", [](Gen& g, const json& a, const me::shape_t& z, const json&) { return one(g.dirichlet(sequence(a[0]), z)); }},
        {"multinomial", [](Gen& g, const json& a, const me::shape_t& z, const json&) {
             return one(g.multinomial(integer(a[0]), sequence(a[1]), z)); }},
    };
    table.insert(rows.begin(), rows.end());
}
// ==== end of Generator noncentral distributions ====

// ==== Generator discrete distributions ====
template <class Gen>
void add_discrete_runners(runner_table<Gen>& table) {
    const runner_table<Gen> rows = {
        ME_G1(poisson), ME_G1(geometric), ME_G2(negative_binomial), ME_G1(logseries), ME_G1(zipf),
        {"binomial", [](Gen& g, const json& a, const me::shape_t& z, const json&) {
             return one(g.binomial(integer(a[0]), real(a[1]), z)); }},
    };
    table.insert(rows.begin(), rows.end());
}
// ==== end of Generator discrete distributions ====

// ==== Generator hypergeometric and multivariate_hypergeometric ====
template <class Gen>
void add_hypergeometric_runners(runner_table<Gen>& table) {
    table["hypergeometric"] = [](Gen& g, const json& a, const me::shape_t& z, const json&) {
        return one(g.hypergeometric(integer(a[0]), integer(a[1]), integer(a[2]), z));
    };
    table["multivariate_hypergeometric"] = [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
        const auto method = c.value("method", "marginals") == "count" ? rnd::mvhg_method::count : rnd::mvhg_method::marginals;
        const rnd::int_param colors = a[0].is_array() ? rnd::int_param(a[0].get<std::vector<std::int64_t>>()) : integer(a[0]);
        return one(g.multivariate_hypergeometric(colors, a[1].get<std::int64_t>(), z, method));
    };
}
// ==== end of Generator hypergeometric distributions ====

// ==== Generator multivariate samplers and permuted ====
rnd::mvn_method method_of(const json& call) {
    const std::string s = call.value("method", "svd");
    return s == "eigh" ? rnd::mvn_method::eigh : s == "cholesky" ? rnd::mvn_method::cholesky : rnd::mvn_method::svd;
}

template <class Gen>
void add_multivariate_runners(runner_table<Gen>& table) {
    table["multivariate_normal"] = [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
        return one(g.multivariate_normal(as_double(a[0]), as_double(a[1]), z, check_of(c), 1e-8, method_of(c)));
    };
    // Generator.choice over the slices of an n-d a along axis (replaces the core 1-d runner).
    table["choice"] = [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
        const bool shuffle = c.value("shuffle", true);
        if (!a[0].is_object()) return one(g.choice(a[0].get<std::int64_t>(), z, choice_of(c), shuffle));
        const int axis = c.value("axis", 0);
        return diff::visit_array(a[0], [&](const auto& x) { return diff::as_result(g.choice(x, z, choice_of(c), shuffle, axis)); });
    };
    table["permuted"] = [](Gen& g, const json& a, const me::shape_t&, const json& c) {
        const std::optional<int> axis = c.contains("axis") ? std::optional<int>(c.at("axis").get<int>()) : std::nullopt;
        return diff::visit_array(a[0], [&](const auto& x) { return diff::as_result(g.permuted(x, axis)); });
    };
}
// ==== end of Generator multivariate samplers ====

template <class Gen>
runner_table<Gen> make_generator_runners();

// The same table serves every bit generator (MT19937 with the legacy seeding, PCG64).
template <class Gen>
const runner_table<Gen>& generator_runners() {
    static const runner_table<Gen> table = make_generator_runners<Gen>();
    return table;
}

template <class Gen>
runner_table<Gen> make_generator_runners() {
    runner_table<Gen> table = {
        ME_G0(random), ME_G0(standard_normal), ME_G0(standard_exponential), ME_G1(exponential), ME_G2(normal),
        ME_G2(uniform),
        {"integers", [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
             const bool endpoint = c.value("endpoint", false);
             const bool int32 = c.value("dtype", "int64") == "int32";
             if (a.size() == 1) return one(g.integers(a[0].get<std::int64_t>()));
             const auto lo = a[0].get<std::int64_t>(), hi = a[1].get<std::int64_t>();
             if (int32) return one(g.template integers<std::int32_t>(lo, hi, z, endpoint));
             return one(g.integers(lo, hi, z, endpoint)); }},
        {"permutation", [](Gen& g, const json& a, const me::shape_t&, const json& c) {
             if (!a[0].is_object()) return one(g.permutation(a[0].get<std::int64_t>()));
             return diff::visit_array(a[0], [&](const auto& x) { return diff::as_result(g.permutation(x, c.value("axis", 0))); }); }},
        {"shuffle", [](Gen& g, const json& a, const me::shape_t&, const json& c) {
             return diff::visit_array(a[0], [&](const auto& x) {
                 auto copy = x;
                 g.shuffle(copy, c.value("axis", 0));
                 return diff::as_result(std::move(copy)); }); }},
        {"choice", [](Gen& g, const json& a, const me::shape_t& z, const json& c) {
             const bool shuffle = c.value("shuffle", true);
             if (!a[0].is_object()) return one(g.choice(a[0].get<std::int64_t>(), z, choice_of(c), shuffle));
             return diff::visit_array(a[0], [&](const auto& x) { return diff::as_result(g.choice(x, z, choice_of(c), shuffle)); }); }},
        {"bytes", [](Gen& g, const json& a, const me::shape_t&, const json&) {
             const std::string b = g.bytes(a[0].get<std::int64_t>());
             auto out = me::array<std::int64_t>::uninitialized(me::shape_t{b.size()});
             for (std::size_t i = 0; i < b.size(); ++i) out.data()[i] = static_cast<unsigned char>(b[i]);
             return one(std::move(out)); }},
    };
    add_continuous_runners(table);
    add_noncentral_runners(table);
    add_discrete_runners(table);
    add_hypergeometric_runners(table);
    add_multivariate_runners(table);
    return table;
}
#undef ME_G0
#undef ME_G1
#undef ME_G2
#undef ME_G3

// Runs the calls of a stream on `state` with `table`; a rejected call must leave the
// state and the budget as they were.
template <class State, class Table>
result run_calls(State& state, const Table& table, const json& calls, me::BudgetContext& budget) {
    result out;
    for (const auto& call : calls) {
        const auto f = call.at("f").get<std::string>();
        const auto it = table.find(f);
        if (it == table.end()) throw std::runtime_error("no runner for call " + f);
        const auto& a = call.at("args");
        if (call.value("raises", false)) {
            const auto before = state_of(state);
            const auto used = budget.flops_used();
            bool raised = false;
            try {
                (void)it->second(state, a, size_of(call), call);
            } catch (const me::MechEstimError&) {
                raised = true;
            }
            if (!raised) throw std::runtime_error("NumPy raises but mechestim did not: " + call.dump().substr(0, 300));
            if (!(state_of(state) == before) || budget.flops_used() != used)
                throw std::runtime_error("a rejected call moved the generator or charged: " + call.dump().substr(0, 300));
            continue;
        }
        for (auto& r : it->second(state, a, size_of(call), call)) out.push_back(std::move(r));
    }
    return out;
}

result run_stream(const json& args, const json&) {
    me::BudgetContext budget(1e15, "diff_random_state");
    if (args.at(1) == "default_rng") {
        const auto& sj = args.at(0);
        if (sj.is_object()) {  // the k-th of n spawned children
            auto parent = rnd::default_rng(sj.at("entropy").get<std::uint64_t>());
            auto children = parent.spawn(sj.at("n").get<std::size_t>());
            return run_calls(children.at(sj.at("k").get<std::size_t>()), generator_runners<rnd::Generator>(),
                             args.at(2), budget);
        }
        auto g = sj.is_array() ? rnd::default_rng(sj.get<std::vector<std::uint64_t>>())
                               : rnd::default_rng(sj.get<std::uint64_t>());
        return run_calls(g, generator_runners<rnd::Generator>(), args.at(2), budget);
    }
    const auto seed = args.at(0).get<std::int64_t>();
    if (args.at(1).is_string()) {
        rnd::detail::legacy_rng bits;
        bits.seed(static_cast<std::uint32_t>(seed));
        generator g(bits);
        return run_calls(g, generator_runners<generator>(), args.at(2), budget);
    }
    rnd::RandomState object(0);
    rnd::RandomState& state = args.at(1).get<bool>() ? object : rnd::detail::global_state();
    state.seed(seed);
    return run_calls(state, runners(), args.at(2), budget);
}

}  // namespace

TEST_CASE("random: RandomState and the module samplers, value for value with NumPy's legacy streams",
          "[random][differential]") {
    diff::run_family("random_state", {{"stream", run_stream}});
}

// me::random against NumPy's legacy np.random: each case seeds both generators the same
// way, runs the same list of calls (cases_random.py) and compares every output.
#include "harness.hpp"

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace {

using diff::json;
using diff::result;
namespace rnd = me::random;

me::shape_t size_of(const json& call) {
    const auto it = call.find("size");
    if (it == call.end() || it->is_null()) return {};
    return it->get<me::shape_t>();
}

template <class T>
me::array<T> as(const json& encoded) {
    return std::get<me::array<T>>(diff::decode(encoded));
}

rnd::probabilities probs(const json& call) {
    const auto it = call.find("p");
    if (it == call.end() || it->is_null()) return {};
    if (it->is_array()) {
        std::vector<double> p;
        for (const auto& v : *it) p.push_back(diff::number(v));
        return p;
    }
    return std::visit(
        [](const auto& a) -> rnd::probabilities {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (me::detail::is_complex_v<T>) throw std::runtime_error("complex p");
            else return a;
        },
        diff::decode(*it));
}

void do_seed(const json& s) {
    if (s.is_array()) rnd::seed(s.get<std::vector<std::int64_t>>());
    else rnd::seed(s.get<std::int64_t>());
}

template <class F>
void push(result& out, F&& array) {
    out.emplace_back(std::forward<F>(array));
}

using call_runner = std::function<void(const json& call, result& out)>;

double num(const json& call, const char* key) { return diff::number(call.at(key)); }

const std::map<std::string, call_runner>& calls() {
    static const std::map<std::string, call_runner> table = {
        {"seed", [](const json& c, result&) { do_seed(c.at("s")); }},
        {"get_state",
         [](const json&, result& out) {
             const auto st = rnd::get_state();
             auto key = me::array<std::int64_t>::uninitialized(me::shape_t{624});
             std::copy(st.key.begin(), st.key.end(), key.begin());
             push(out, std::move(key));
             push(out, me::array<std::int64_t>{st.pos, st.has_gauss});
             push(out, me::array<double>(st.cached_gaussian));
         }},
        {"set_state",
         [](const json& c, result&) {
             rnd::state_t st;
             const auto key = c.at("key").at("data").get<std::vector<std::int64_t>>();
             REQUIRE(key.size() == st.key.size());
             for (std::size_t i = 0; i < key.size(); ++i) st.key[i] = static_cast<std::uint32_t>(key[i]);
             st.pos = c.at("pos").get<int>();
             st.has_gauss = c.at("has_gauss").get<int>();
             st.cached_gaussian = num(c, "gauss");
             rnd::set_state(st);
         }},
        {"rand",
         [](const json& c, result& out) {
             const auto d = c.at("dims").get<std::vector<long>>();
             switch (d.size()) {
                 case 0: push(out, rnd::rand()); break;
                 case 1: push(out, rnd::rand(d[0])); break;
                 case 2: push(out, rnd::rand(d[0], d[1])); break;
                 default: throw std::runtime_error("rand: too many dims in case");
             }
         }},
        {"randn",
         [](const json& c, result& out) {
             const auto d = c.at("dims").get<std::vector<long>>();
             switch (d.size()) {
                 case 0: push(out, rnd::randn()); break;
                 case 1: push(out, rnd::randn(d[0])); break;
                 case 2: push(out, rnd::randn(d[0], d[1])); break;
                 default: throw std::runtime_error("randn: too many dims in case");
             }
         }},
        {"random_sample", [](const json& c, result& out) { push(out, rnd::random_sample(size_of(c))); }},
        {"random", [](const json& c, result& out) { push(out, rnd::random(size_of(c))); }},
        {"ranf", [](const json& c, result& out) { push(out, rnd::ranf(size_of(c))); }},
        {"sample", [](const json& c, result& out) { push(out, rnd::sample(size_of(c))); }},
        {"standard_normal", [](const json& c, result& out) { push(out, rnd::standard_normal(size_of(c))); }},
        {"standard_exponential",
         [](const json& c, result& out) { push(out, rnd::standard_exponential(size_of(c))); }},
        {"standard_cauchy", [](const json& c, result& out) { push(out, rnd::standard_cauchy(size_of(c))); }},
        {"normal",
         [](const json& c, result& out) { push(out, rnd::normal(num(c, "loc"), num(c, "scale"), size_of(c))); }},
        {"uniform",
         [](const json& c, result& out) { push(out, rnd::uniform(num(c, "low"), num(c, "high"), size_of(c))); }},
        {"lognormal",
         [](const json& c, result& out) { push(out, rnd::lognormal(num(c, "mean"), num(c, "sigma"), size_of(c))); }},
        {"exponential", [](const json& c, result& out) { push(out, rnd::exponential(num(c, "scale"), size_of(c))); }},
        {"randint",
         [](const json& c, result& out) {
             const auto low = c.at("low").get<std::int64_t>();
             const bool int32 = c.value("dtype", "int64") == "int32";
             if (!c.contains("high") || c.at("high").is_null()) {
                 if (int32) push(out, rnd::randint<std::int32_t>(low));
                 else push(out, rnd::randint(low));
                 return;
             }
             const auto high = c.at("high").get<std::int64_t>();
             if (int32) push(out, rnd::randint<std::int32_t>(low, high, size_of(c)));
             else push(out, rnd::randint(low, high, size_of(c)));
         }},
        {"random_integers",
         [](const json& c, result& out) {
             const auto low = c.at("low").get<std::int64_t>();
             if (!c.contains("high") || c.at("high").is_null()) push(out, rnd::random_integers(low));
             else push(out, rnd::random_integers(low, c.at("high").get<std::int64_t>(), size_of(c)));
         }},
        {"permutation",
         [](const json& c, result& out) {
             const auto& x = c.at("x");
             if (x.is_number_integer()) {
                 push(out, rnd::permutation(x.get<std::int64_t>()));
                 return;
             }
             auto r = diff::visit_array(x, [](const auto& a) { return diff::as_result(rnd::permutation(a)); });
             out.push_back(std::move(r.at(0)));
         }},
        {"shuffle",
         [](const json& c, result& out) {
             auto r = diff::visit_array(c.at("x"), [](const auto& a) {
                 auto copy = a;
                 rnd::shuffle(copy);
                 return diff::as_result(std::move(copy));
             });
             out.push_back(std::move(r.at(0)));
         }},
        {"choice",
         [](const json& c, result& out) {
             const rnd::choice_options opts{.replace = c.value("replace", true), .p = probs(c)};
             const auto& a = c.at("a");
             if (a.is_number_integer()) {
                 push(out, rnd::choice(a.get<std::int64_t>(), size_of(c), opts));
                 return;
             }
             auto r = diff::visit_array(a, [&](const auto& arr) {
                 return diff::as_result(rnd::choice(arr, size_of(c), opts));
             });
             out.push_back(std::move(r.at(0)));
         }},
    };
    return table;
}

// One case: seed, then every call in order. A call NumPy rejected must raise a me:: error
// here too; the calls after it then show that it did not advance the generator.
result run_stream(const json& args, const json&) {
    me::BudgetContext budget(1e15, "diff_random");
    do_seed(args.at(0));
    result out;
    for (const auto& call : args.at(1)) {
        const auto f = call.at("f").get<std::string>();
        const auto it = calls().find(f);
        if (it == calls().end()) throw std::runtime_error("no runner for call " + f);
        if (call.value("raises", false)) {
            result ignored;
            bool raised = false;
            try {
                it->second(call, ignored);
            } catch (const me::MechEstimError&) {
                raised = true;
            }
            if (!raised) throw std::runtime_error("NumPy raises but mechestim did not: " + call.dump().substr(0, 300));
            continue;
        }
        it->second(call, out);
    }
    return out;
}

}  // namespace

TEST_CASE("random: the legacy np.random stream, value for value", "[random][differential]") {
    diff::run_family("random", {{"stream", run_stream}});
}

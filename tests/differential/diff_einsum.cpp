// me::einsum against numpy.einsum (cases_einsum.py): the hand-written cases and the
// generated corpus, through the variadic form, the vector form and every optimiser; each
// call's charge must equal me::flops::einsum_cost for the same subscripts, shapes, options
// and operand symmetry (data the case repeats is passed as the same array). Every case
// NumPy answers also goes through the path optimisers directly: the optimal path must cost
// what a brute force over every pairwise order finds, every other optimiser's path must be
// valid and no cheaper, and einsum_cost and einsum_path must price each path as path_cost does.
#include "harness.hpp"

#include <mechestim/flops/einsum_paths.hpp>

#include <array>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace {

using diff::json;
namespace P = me::detail::paths;

constexpr std::size_t max_operands = 6;

/// Subscripts, operand shapes and, per operand, the earlier operand whose data it repeats
/// (-1: its own), from a case's arguments.
struct case_args {
    std::string subscripts;
    std::vector<me::shape_t> shapes;
    std::vector<int> same;
};

case_args read_args(const json& args, const json& kwargs) {
    case_args c{args.at(0).get<std::string>(), {}, {}};
    for (std::size_t k = 1; k < args.size(); ++k) c.shapes.push_back(args.at(k).at("shape").get<me::shape_t>());
    c.same = kwargs.contains("same") ? kwargs.at("same").get<std::vector<int>>() : std::vector<int>(c.shapes.size(), -1);
    return c;
}

/// Calls f(std::integral_constant<std::size_t, n>) for a runtime n in 1..max_operands:
/// the variadic einsum needs its arity at compile time.
template <class F, std::size_t... N>
auto with_arity(std::size_t n, F&& f, std::index_sequence<N...>) {
    using R = decltype(f(std::integral_constant<std::size_t, 1>{}));
    std::optional<R> r;
    (void)((n == N + 1 && (r.emplace(f(std::integral_constant<std::size_t, N + 1>{})), true)) || ...);
    if (!r) throw std::runtime_error("einsum corpus: " + std::to_string(n) + " operands, the runner handles 1 to 6");
    return std::move(*r);
}

/// The variadic me::einsum over a runtime list of operands of one type, by reference, so
/// that an operand listed twice is the same array object; `extra` is an optional options argument.
template <class C, class... Extra>
me::array<C> einsum_variadic(const std::string& subscripts, const std::vector<const me::array<C>*>& ops,
                             const Extra&... extra) {
    return with_arity(ops.size(), [&](auto n) {
        std::array<const me::array<C>*, decltype(n)::value> p{};
        std::copy_n(ops.begin(), p.size(), p.begin());
        return std::apply([&](const auto*... a) { return me::einsum(subscripts, *a..., extra...); }, p);
    }, std::make_index_sequence<max_operands>{});
}

/// An element type as a value, for promoting operand types at run time.
template <class T>
struct tag {
    using type = T;
};
template <class V>
struct tags_of;
template <class... A>
struct tags_of<std::variant<A...>> {
    using type = std::variant<tag<typename A::value_type>...>;
};
using any_tag = typename tags_of<diff::any_array>::type;

any_tag tag_of(const json& encoded) {
    return std::visit([](const auto& a) -> any_tag { return tag<typename std::decay_t<decltype(a)>::value_type>{}; },
                      diff::decode(encoded));
}

/// NumPy's promotion of all the operand types (me::detail::promote_t, pairwise).
any_tag common_tag(const json& args) {
    any_tag t = tag_of(args.at(1));
    for (std::size_t k = 2; k < args.size(); ++k)
        t = std::visit([](auto a, auto b) -> any_tag {
            return tag<me::detail::promote_t<typename decltype(a)::type, typename decltype(b)::type>>{};
        }, t, tag_of(args.at(k)));
    return t;
}

/// The symmetry einsum reads from the arrays, as einsum_cost takes it: an operand passed
/// again as the same array names its first position (no declared groups in the corpus).
std::vector<me::operand_symmetry> symmetry_of(const case_args& c) {
    std::vector<me::operand_symmetry> out;
    for (int s : c.same) out.push_back({{}, s});
    return out;
}

/// The operands as NumPy's values converted to C, as einsum converts them.
template <class C>
std::vector<me::array<C>> promoted(const json& args) {
    std::vector<me::array<C>> out;
    for (std::size_t k = 1; k < args.size(); ++k)
        out.push_back(std::visit([](const auto& a) { return a.template astype<C>(); }, diff::decode(args.at(k))));
    return out;
}

/// Runs einsum inside a context and checks the charge against einsum_cost for the same
/// options and the same operand symmetry.
template <class F>
auto charged(const case_args& c, const me::einsum_options& options, bool same_objects, F&& f) {
    me::BudgetContext budget(1e15);
    auto r = f();
    const auto symmetry = same_objects ? symmetry_of(c) : std::vector<me::operand_symmetry>{};
    CHECK(budget.flops_used() == me::flops::einsum_cost(c.subscripts, c.shapes, options, symmetry));
    return r;
}

/// The options argument, if any, or the default einsum uses without one.
template <class... Extra>
me::einsum_options options_of(const Extra&... extra) {
    if constexpr (sizeof...(Extra) == 0) return {};
    else return (extra, ...);
}

/// One case through the variadic me::einsum, data repeated by the case passed as the same
/// array object; `extra` is empty or one einsum_options. Two operands: every pair of
/// element types as they come, so that einsum's own promotion is what is checked; one or
/// 3+ operands: each converted to the promoted type first (8^n instantiations otherwise).
template <class... Extra>
diff::result run_variadic(const json& args, const json& kwargs, const Extra&... extra) {
    const case_args c = read_args(args, kwargs);
    const me::einsum_options options = options_of(extra...);
    const std::size_t n = c.shapes.size();
    if (n == 2)
        return std::visit(
            [&](const auto& a, const auto& b) {
                constexpr bool same_type = std::is_same_v<decltype(a), decltype(b)>;
                const bool same_object = same_type && c.same[1] == 0;
                return diff::as_result(charged(c, options, same_object, [&] {
                    if constexpr (same_type)
                        if (same_object) return me::einsum(c.subscripts, a, a, extra...);
                    return me::einsum(c.subscripts, a, b, extra...);
                }));
            },
            diff::decode(args.at(1)), diff::decode(args.at(2)));
    return std::visit(
        [&](auto t) {
            using C = typename decltype(t)::type;
            const auto storage = promoted<C>(args);
            std::vector<const me::array<C>*> ops;
            for (std::size_t k = 0; k < n; ++k) ops.push_back(c.same[k] >= 0 ? ops[c.same[k]] : &storage[k]);
            return diff::as_result(
                charged(c, options, true, [&] { return einsum_variadic(c.subscripts, ops, extra...); }));
        },
        common_tag(args));
}

/// One case through the vector form (distinct arrays, so no operand symmetry), operands
/// converted to their promoted type.
diff::result run_vector(const json& args, const json& kwargs, const me::einsum_options& options) {
    const case_args c = read_args(args, kwargs);
    return std::visit(
        [&](auto t) {
            using C = typename decltype(t)::type;
            const auto storage = promoted<C>(args);
            return diff::as_result(
                charged(c, options, false, [&] { return me::einsum(c.subscripts, storage, options); }));
        },
        common_tag(args));
}

// ---------------------------------------------------------------------------------------
// The charge the registry's formula gives along the path einsum chooses.

/// The generator priced every pairwise step of the case from the registry's formula, in
/// Python ("step_flops": key "S,T", the bitmasks of the original operands the two
/// intermediates hold; "1" for a single operand); the C++ planner only chooses the path.
/// The charge is the sum along that path, at least 1. `symmetric`: the runner passes
/// repeated data as one array (priced with symmetry); otherwise the case's dense prices.
me::flops_t charge_along_path(const json& c, const me::einsum_options& options, bool symmetric) {
    const case_args a = read_args(c.at("args"), c.value("kwargs", json::object()));
    const bool repeats = std::any_of(a.same.begin(), a.same.end(), [](int s) { return s >= 0; });
    const bool dense = repeats && !symmetric;
    const json& table = c.at(dense ? "step_flops_dense" : "step_flops");
    const auto ops = me::flops::detail::einsum_operands(symmetric ? symmetry_of(a) : std::vector<me::operand_symmetry>{},
                                                        a.shapes.size());
    const auto plan = me::detail::plan_einsum(a.subscripts, a.shapes, options, ops);
    std::vector<std::uint64_t> held;
    for (std::size_t k = 0; k < a.shapes.size(); ++k) held.push_back(std::uint64_t{1} << k);
    me::flops_t total = 0;
    for (const auto& step : plan.path) {
        std::vector<std::size_t> at(step.begin(), step.end());
        std::sort(at.begin(), at.end());
        std::string key;
        if (at.size() == 1) key = std::to_string(held[at[0]]);
        else if (at.size() == 2) key = std::to_string(std::min(held[at[0]], held[at[1]])) + "," +
                                       std::to_string(std::max(held[at[0]], held[at[1]]));
        else throw std::runtime_error("a chosen path contracts more than two operands in a step");
        INFO("step " << key);
        total = me::detail::saturating_add(total, table.at(key).get<me::flops_t>());
        std::uint64_t merged = 0;
        for (std::size_t k = at.size(); k-- > 0;) {
            merged |= held[at[k]];
            held.erase(held.begin() + static_cast<std::ptrdiff_t>(at[k]));
        }
        held.push_back(merged);
    }
    total = std::max<me::flops_t>(1, total);
    const auto name = options.optimize.is_path() ? std::string("explicit") : options.optimize.name();
    if (name == "optimal" || (name == "auto" && a.shapes.size() <= 4)) {
        INFO("optimize = " << name << ": the path must be the cheapest of all");
        CHECK(total == c.at(dense ? "flops_optimal_dense" : "flops_optimal").get<me::flops_t>());
    }
    return total;
}

/// The variadic runner passes repeated data as one array, except two operands of
/// different element types (two arrays then).
bool variadic_symmetric(const json& c) {
    const auto& args = c.at("args");
    return args.size() != 3 || args.at(1).at("dtype") == args.at(2).at("dtype");
}

// ---------------------------------------------------------------------------------------
// Path optimisers on the corpus.

/// A parsed expression as the optimisers' network, built here independently of einsum's
/// own: letters stay themselves, the k-th broadcast dimension of '...' becomes byte
/// 128 + k, sizes are the broadcast sizes. With `same` (per operand, the earlier operand
/// whose array it is, or -1), the network also knows which operands are one array.
P::network network_of(const me::detail::einsum_spec& spec, const std::vector<int>& same = {}) {
    auto name = [](me::detail::einsum_label l) {
        if (l < 26) return static_cast<char>('A' + l);
        if (l < me::detail::einsum_ellipsis_base) return static_cast<char>('a' + (l - 26));
        return static_cast<char>(128 + (l - me::detail::einsum_ellipsis_base));
    };
    auto text = [&](const std::vector<me::detail::einsum_label>& labels) {
        std::string s;
        for (auto l : labels) s += name(l);
        return s;
    };
    std::vector<std::string> inputs;
    for (const auto& in : spec.inputs) inputs.push_back(text(in));
    P::size_dict_t sizes;
    for (std::size_t l = 0; l < spec.sizes.size(); ++l) sizes[name(static_cast<me::detail::einsum_label>(l))] = spec.sizes[l];
    P::network net = P::make_network(inputs, text(spec.output), sizes);
    if (std::any_of(same.begin(), same.end(), [](int s) { return s >= 0; }))
        for (std::size_t k = 0; k < inputs.size(); ++k)  // an operand repeating a repeat is the first array
            net.symmetry.push_back({inputs[k], same[k] >= 0 ? net.symmetry[same[k]].object : static_cast<int>(k), {}});
    return net;
}

/// The cheapest of ALL sequences of pairwise contractions (n!(n-1)!/2^(n-1) of them: 180
/// for 5 operands, 2700 for 6), each priced by path_cost.
me::flops_t brute_force(const P::network& net) {
    const int n = static_cast<int>(net.terms.size());
    if (n == 1) return P::path_cost(net, {{0}});
    me::flops_t best = std::numeric_limits<me::flops_t>::max();
    P::path_t path;
    std::function<void(int)> rec = [&](int remaining) {
        if (remaining == 1) {
            best = std::min(best, P::path_cost(net, path));
            return;
        }
        for (int i = 0; i < remaining; ++i)
            for (int j = i + 1; j < remaining; ++j) {
                path.push_back({i, j});
                rec(remaining - 1);
                path.pop_back();
            }
    };
    rec(n);
    return best;
}

using optimiser = std::function<P::path_t(const P::network&)>;

/// The optimisers by the names einsum_options takes.
const std::vector<std::pair<std::string, optimiser>>& optimisers() {
    static const std::vector<std::pair<std::string, optimiser>> all = {
        {"auto", [](const P::network& n) { return P::auto_path(n); }},
        {"optimal", [](const P::network& n) { return P::optimal(n); }},
        {"greedy", [](const P::network& n) { return P::greedy(n); }},
        {"dp", [](const P::network& n) { return P::dp(n); }},
        {"branch-all", [](const P::network& n) { return P::branch_all(n); }},
        {"branch-2", [](const P::network& n) { return P::branch_2(n); }},
        {"random-greedy", [](const P::network& n) { return P::random_greedy(n); }},
    };
    return all;
}

/// Counts of what the optimiser checks saw, so the corpus can be required to exercise them.
struct path_tally {
    std::size_t order_matters = 0, greedy_misses = 0;
};

/// On one network: optimal equals brute force, every optimiser's path is valid and no
/// cheaper, and einsum_cost (`symmetry` as einsum reads it) prices each optimiser by name
/// and each path given explicitly exactly as path_cost does: the function that charges.
/// With `arrays` (distinct arrays of the case's shapes), einsum_path must report the
/// same path and cost. Returns the brute-force optimum.
me::flops_t check_optimisers(const case_args& a, const P::network& net, const std::vector<me::operand_symmetry>& symmetry,
                             path_tally& tally, const std::vector<me::array<double>>* arrays = nullptr) {
    const std::size_t n = a.shapes.size();
    const me::flops_t best = brute_force(net);
    for (const auto& [name, optimise] : optimisers()) {
        INFO("optimize = " << name);
        const P::path_t path = optimise(net);
        CHECK(path.size() == std::max<std::size_t>(1, n - 1));
        std::optional<me::flops_t> cost;
        CHECK_NOTHROW(cost = P::path_cost(net, path));  // valid: positions in range, ends with one operand
        if (!cost) continue;
        CHECK(*cost >= best);
        if (name == "optimal" || (name == "auto" && n <= 4)) CHECK(*cost == best);
        const me::flops_t charged_cost = std::max<me::flops_t>(1, *cost);
        CHECK(me::flops::einsum_cost(a.subscripts, a.shapes, {.optimize = name}, symmetry) == charged_cost);
        CHECK(me::flops::einsum_cost(a.subscripts, a.shapes, {.optimize = path}, symmetry) == charged_cost);
        if (arrays) {
            const me::PathInfo info = me::einsum_path(a.subscripts, *arrays, {.optimize = name});
            CHECK(info.path == path);
            CHECK(info.optimized_cost == charged_cost);
        }
        if (name == "greedy" && *cost > best) ++tally.greedy_misses;
    }
    P::path_t left_to_right{{0}};
    if (n > 1) left_to_right = {{0, 1}};
    for (int left = static_cast<int>(n) - 1; left > 1; --left) left_to_right.push_back({0, left - 1});
    tally.order_matters += P::path_cost(net, left_to_right) > best;
    return best;
}

}  // namespace

TEST_CASE("einsum matches numpy.einsum", "[einsum][differential]") {
    diff::run_family("einsum", {{"einsum", [](const json& a, const json& k) { return run_variadic(a, k); }}},
                     [](const json& c) { return charge_along_path(c, {}, variadic_symmetric(c)); });
}

TEST_CASE("einsum's vector form matches numpy.einsum", "[einsum][differential]") {
    diff::run_family("einsum", {{"einsum", [](const json& a, const json& k) { return run_vector(a, k, {}); }}},
                     [](const json& c) { return charge_along_path(c, {}, false); });
}

TEST_CASE("einsum with each optimiser matches numpy.einsum and charges einsum_cost", "[einsum][differential][paths]") {
    for (const auto& [name, optimise] : optimisers()) {
        INFO("optimize = " << name);
        const me::einsum_options options{.optimize = name};
        diff::run_family("einsum",
                         {{"einsum", [&](const json& a, const json& k) { return run_variadic(a, k, options); }}},
                         [&](const json& c) { return charge_along_path(c, options, variadic_symmetric(c)); });
    }
}

TEST_CASE("einsum corpus: at least 200 distinct generated expressions of 1 to 6 operands",
          "[einsum][differential][corpus]") {
    const json data = diff::load_family("einsum");
    std::set<std::pair<std::string, std::string>> distinct;
    std::array<int, max_operands + 1> by_count{};
    std::size_t same_data = 0;
    for (const auto& c : data.at("cases")) {
        if (!c.value("corpus", false)) continue;
        std::string shapes;
        for (std::size_t k = 1; k < c.at("args").size(); ++k) shapes += c.at("args")[k].at("shape").dump();
        distinct.emplace(c.at("args")[0].get<std::string>(), shapes);
        ++by_count.at(c.at("args").size() - 1);
        same_data += c.contains("kwargs") && c.at("kwargs").contains("same");
    }
    CHECK(distinct.size() >= 200);
    CHECK(same_data >= 20);
    for (std::size_t n = 1; n <= max_operands; ++n) {
        INFO(n << " operands");
        CHECK(by_count[n] > 0);
    }
}

TEST_CASE("every path optimiser on every case: optimal equals brute force, all valid and priced alike",
          "[einsum][differential][paths]") {
    const json data = diff::load_family("einsum");
    std::size_t checked = 0, symmetric = 0, cheaper = 0;
    path_tally dense, repeated;
    for (const auto& c : data.at("cases")) {
        const auto& expected = c.at("expected");
        if (expected.is_object() && expected.contains("error")) continue;
        const case_args a = read_args(c.at("args"), c.value("kwargs", json::object()));
        INFO("einsum('" << a.subscripts << "') case: " << c.dump().substr(0, 300));
        const auto spec = me::detail::parse_einsum(a.subscripts, a.shapes);
        me::flops_t dense_best = 0;
        {
            INFO("dense: every operand a distinct array");
            std::vector<me::array<double>> arrays;
            for (const auto& shape : a.shapes) arrays.push_back(me::zeros<double>(shape));
            dense_best = check_optimisers(a, network_of(spec), {}, dense, &arrays);
        }
        if (std::any_of(a.same.begin(), a.same.end(), [](int s) { return s >= 0; })) {
            INFO("operands passed as the same array: " << json(a.same).dump());
            const me::flops_t best = check_optimisers(a, network_of(spec, a.same), symmetry_of(a), repeated);
            CHECK(best <= dense_best);  // symmetry only ever saves
            cheaper += best < dense_best;
            ++symmetric;
        }
        ++checked;
    }
    CHECK(checked >= 300);
    CHECK(symmetric >= 20);
    INFO(cheaper << " of " << symmetric << " cases with a repeated array are cheaper than dense");
    CHECK(cheaper >= 5);
    // The corpus must exercise the optimisers: orders that matter, and a heuristic that misses.
    INFO(dense.order_matters << " cases where left to right is dearer than optimal, " << dense.greedy_misses
                             << " where greedy is");
    CHECK(dense.order_matters >= 50);
    CHECK(dense.greedy_misses >= 10);
}

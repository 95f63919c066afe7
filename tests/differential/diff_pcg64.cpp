// me::random::SeedSequence and me::random::PCG64 against NumPy's: each case of
// cases_pcg64.py builds the same seed sequence (entropy, spawn key, pool size, spawn
// path) and runs the same steps; every word and every double must be NumPy's exactly.
// Integers travel as uint32 words in int64 arrays so that no bit is lost to a double.
#include "harness.hpp"

#include <mechestim/detail/random/pcg64.hpp>
#include <mechestim/detail/random/seed_sequence.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using diff::json;
using diff::result;
namespace rnd = me::random;
using rnd::detail::uint128_t;

me::array<std::int64_t> words_array(const std::vector<std::uint64_t>& words) {
    auto a = me::array<std::int64_t>::uninitialized(me::shape_t{words.size()});
    for (std::size_t i = 0; i < words.size(); ++i) a.data()[i] = static_cast<std::int64_t>(words[i]);
    return a;
}

me::array<double> doubles_array(const std::vector<double>& values) {
    auto a = me::array<double>::uninitialized(me::shape_t{values.size()});
    for (std::size_t i = 0; i < values.size(); ++i) a.data()[i] = values[i];
    return a;
}

template <class T>
std::vector<std::uint64_t> widen(const std::vector<T>& v) {
    return {v.begin(), v.end()};
}

void push_split(std::vector<std::uint64_t>& out, uint128_t v, int n32) {
    for (int i = 0; i < n32; ++i) out.push_back(static_cast<std::uint32_t>(v >> (32 * i)));
}

void push_state(std::vector<std::uint64_t>& out, const rnd::pcg64_state& s) {
    push_split(out, s.state, 4);
    push_split(out, s.inc, 4);
    out.push_back(s.has_uint32 ? 1 : 0);
    out.push_back(s.uinteger);
}

uint128_t u128(const json& hl) { return rnd::detail::make_uint128(hl[0].get<std::uint64_t>(), hl[1].get<std::uint64_t>()); }

// The entropy spec as C++ callers write it: an integer (signed when negative), a
// sequence of integers, or the uint32 words of an integer too wide for 64 bits.
template <class F>
rnd::SeedSequence with_entropy(const json& e, F&& make) {
    if (e.contains("int")) {
        const auto& v = e.at("int");
        if (v.is_number_unsigned()) return make(v.get<std::uint64_t>());
        return make(v.get<std::int64_t>());
    }
    if (e.contains("words")) return make(e.at("words").get<std::vector<std::uint32_t>>());
    const auto& seq = e.at("seq");
    for (const auto& x : seq)
        if (x.is_number_integer() && !x.is_number_unsigned() && x.get<std::int64_t>() < 0)
            return make(seq.get<std::vector<std::int64_t>>());
    return make(seq.get<std::vector<std::uint64_t>>());
}

rnd::SeedSequence seed_sequence(const json& seed) {
    const json kw = seed.value("kwargs", json::object());
    const auto key = kw.value("spawn_key", std::vector<std::uint64_t>{});
    const auto pool = kw.value("pool_size", rnd::SeedSequence::default_pool_size);
    const auto spawned = kw.value("n_children_spawned", std::uint64_t{0});
    rnd::SeedSequence ss = with_entropy(seed.at("entropy"), [&](const auto& entropy) {
        return rnd::SeedSequence(entropy, key, pool, spawned);
    });
    for (const auto& step : seed.value("spawn", json::array())) {
        auto children = ss.spawn(step[0].get<std::size_t>());
        ss = children.at(step[1].get<std::size_t>());
    }
    return ss;
}

result ss_state(const json& a, const json&) {
    const rnd::SeedSequence ss = seed_sequence(a[0]);
    const auto n = a[1].get<std::size_t>();
    std::vector<std::uint64_t> state;
    if (a[2].get<std::string>() == "uint64") {
        for (const std::uint64_t v : ss.generate_state<std::uint64_t>(n)) push_split(state, v, 2);
    } else {
        state = widen(ss.generate_state(n));
    }
    return {words_array(state), words_array(widen(ss.pool())), words_array(widen(ss.entropy()))};
}

result ss_spawn(const json& a, const json&) {
    rnd::SeedSequence ss = seed_sequence(a[0]);
    result out;
    for (const auto& n : a[1]) {
        for (auto& child : ss.spawn(n.get<std::size_t>())) {
            out.emplace_back(words_array(child.spawn_key()));
            out.emplace_back(words_array(widen(child.generate_state(6))));
            out.emplace_back(words_array({child.n_children_spawned(), child.pool_size()}));
            const rnd::SeedSequence grand = child.spawn(2).at(1);
            out.emplace_back(words_array(grand.spawn_key()));
            out.emplace_back(words_array(widen(grand.generate_state(4))));
        }
    }
    out.emplace_back(words_array({ss.n_children_spawned()}));
    out.emplace_back(words_array(widen(ss.generate_state(4))));
    return out;
}

// The steps of cases_pcg64.py's pcg_run on a me::random::PCG64.
result run_program(rnd::PCG64& g, const json& program) {
    std::vector<std::uint64_t> ints;
    std::vector<double> dbls;
    for (const auto& p : program) {
        const auto step = p[0].get<std::string>();
        const json& arg = p[1];
        if (step == "u64" || step == "raw") {
            for (int i = 0; i < arg.get<int>(); ++i) push_split(ints, g.next_uint64(), 2);
        } else if (step == "u32") {
            for (int i = 0; i < arg.get<int>(); ++i) ints.push_back(g.next_uint32());
        } else if (step == "dbl") {
            for (int i = 0; i < arg.get<int>(); ++i) dbls.push_back(g.next_double());
        } else if (step == "advance") {
            g.advance(u128(arg));
        } else if (step == "state") {
            push_state(ints, g.state());
        } else if (step == "set_state") {
            g.set_state({u128(arg[0]), u128(arg[1]), arg[2].get<int>() != 0, arg[3].get<std::uint32_t>()});
        } else {
            throw std::runtime_error("unknown step " + step);
        }
    }
    return {words_array(ints), doubles_array(dbls)};
}

result pcg_stream(const json& a, const json&) {
    rnd::PCG64 g(seed_sequence(a[0]));
    return run_program(g, a[1]);
}

result pcg_int_seed(const json& a, const json&) {
    rnd::PCG64 g(a[0].get<std::uint64_t>());
    return run_program(g, json::parse(R"([["u64", 50], ["u32", 7], ["state", 0]])"));
}

result pcg_jumped(const json& a, const json&) {
    rnd::PCG64 g(seed_sequence(a[0]));
    run_program(g, a[1]);
    rnd::PCG64 j = g.jumped(u128(a[2]));
    std::vector<std::uint64_t> js, gs;
    push_state(js, j.state());
    push_state(gs, g.state());
    result out{words_array(js), words_array(gs)};
    out.push_back(run_program(j, json::parse(R"([["u64", 4], ["u32", 3], ["state", 0]])"))[0]);
    out.push_back(run_program(g, json::parse(R"([["u64", 2]])"))[0]);
    return out;
}

// Generator(PCG64(s)): random() = next_double, integers(0, 2**32, uint32) = next_uint32,
// integers(0, 2**64, uint64) = next_uint64.
result pcg_generator(const json& a, const json&) {
    rnd::PCG64 g(seed_sequence(a[0]));
    std::vector<double> d, d2;
    std::vector<std::uint64_t> u32, u64, st;
    for (int i = 0; i < 100; ++i) d.push_back(g.next_double());
    for (int i = 0; i < 41; ++i) u32.push_back(g.next_uint32());
    for (int i = 0; i < 10; ++i) push_split(u64, g.next_uint64(), 2);
    for (int i = 0; i < 5; ++i) d2.push_back(g.next_double());
    push_state(st, g.state());
    return {doubles_array(d), words_array(u32), words_array(u64), doubles_array(d2), words_array(st)};
}

}  // namespace

TEST_CASE("SeedSequence and PCG64 match NumPy's word for word", "[differential][random][pcg64]") {
    diff::run_family("pcg64", {{"ss_state", ss_state},
                               {"ss_spawn", ss_spawn},
                               {"pcg_stream", pcg_stream},
                               {"pcg_int_seed", pcg_int_seed},
                               {"pcg_jumped", pcg_jumped},
                               {"pcg_generator", pcg_generator}});
}

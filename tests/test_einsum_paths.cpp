// Einsum path optimisers: hand-computed costs, optimal vs brute force, validity of every
// optimiser, and the label-set memoisation flaw of opt_einsum's `optimal`.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <random>
#include <set>

#include "mechestim/flops/einsum_paths.hpp"

namespace P = me::detail::paths;
using strs = std::vector<std::string>;

namespace {

struct net_case {
    strs inputs;
    std::string output;
    P::size_dict_t sizes;
};

// Random network: n operands over a small alphabet (so label sets repeat), sizes 1..6.
net_case random_case(std::mt19937_64& rng, int n, int alphabet = 5) {
    net_case c;
    const std::string letters = "abcdefgh";
    for (int k = 0; k < alphabet; ++k) c.sizes[letters[k]] = 1 + rng() % 6;
    std::set<char> used;
    for (int i = 0; i < n; ++i) {
        std::string s;
        const int len = 1 + rng() % 3;
        for (int k = 0; k < len; ++k) {
            char ch = letters[rng() % alphabet];
            if (s.find(ch) == std::string::npos) s += ch;
        }
        for (char ch : s) used.insert(ch);
        c.inputs.push_back(s);
    }
    for (char ch : used) if (rng() % 3 == 0) c.output += ch;
    return c;
}

// Brute force: every sequence of pairwise contractions.
me::flops_t brute_force(const net_case& c) {
    me::flops_t best = std::numeric_limits<me::flops_t>::max();
    P::path_t path;
    std::function<void(int)> rec = [&](int remaining) {
        if (remaining == 1) { best = std::min(best, P::path_cost(c.inputs, c.output, c.sizes, path)); return; }
        for (int i = 0; i < remaining; ++i)
            for (int j = i + 1; j < remaining; ++j) {
                path.push_back({i, j});
                rec(remaining - 1);
                path.pop_back();
            }
    };
    if (c.inputs.size() == 1) return P::path_cost(c.inputs, c.output, c.sizes, {{0}});
    rec(static_cast<int>(c.inputs.size()));
    return best;
}

// Brute force over orders in which every step joins two operands sharing a label: the
// search space of opt_einsum's dp (and of branch_all) on a connected network.
me::flops_t brute_force_connected(const net_case& c) {
    me::flops_t best = std::numeric_limits<me::flops_t>::max();
    P::path_t path;
    std::function<void(std::vector<std::string>)> rec = [&](std::vector<std::string> terms) {
        if (terms.size() == 1) { best = std::min(best, P::path_cost(c.inputs, c.output, c.sizes, path)); return; }
        for (int i = 0; i < int(terms.size()); ++i)
            for (int j = i + 1; j < int(terms.size()); ++j) {
                if (terms[i].find_first_of(terms[j]) == std::string::npos) continue;
                std::vector<std::string> next;
                std::string all = terms[i] + terms[j], kept;
                for (int k = 0; k < int(terms.size()); ++k) if (k != i && k != j) next.push_back(terms[k]);
                for (char ch : all) {
                    bool need = c.output.find(ch) != std::string::npos;
                    for (auto& t : next) need |= t.find(ch) != std::string::npos;
                    if (need && kept.find(ch) == std::string::npos) kept += ch;
                }
                next.push_back(kept);
                path.push_back({i, j});
                rec(next);
                path.pop_back();
            }
    };
    rec(c.inputs);
    return best;
}

bool connected(const strs& in) {
    std::vector<int> comp(in.size(), 0);
    comp[0] = 1;
    for (bool grew = true; grew;) {
        grew = false;
        for (std::size_t i = 0; i < in.size(); ++i)
            for (std::size_t j = 0; j < in.size(); ++j)
                if (comp[i] && !comp[j] && in[i].find_first_of(in[j]) != std::string::npos) comp[j] = grew = true;
    }
    return std::all_of(comp.begin(), comp.end(), [](int x) { return x; });
}

// opt_einsum's `optimal` as written: depth-first over pairs, caching each pair's result
// labels and flops by the two operands' LABEL SETS only, ignoring which operands remain.
P::path_t label_memo_optimal(const net_case& c) {
    using ls = std::string;  // sorted labels
    auto norm = [](std::string s) { std::sort(s.begin(), s.end()); return s; };
    std::map<std::pair<ls, ls>, std::pair<ls, me::flops_t>> cache;
    me::flops_t best = std::numeric_limits<me::flops_t>::max();
    P::path_t best_path, cur;
    std::function<void(std::vector<ls>, me::flops_t)> rec = [&](std::vector<ls> terms, me::flops_t cost) {
        if (terms.size() == 1) { if (cost < best) { best = cost; best_path = cur; } return; }
        for (int i = 0; i < int(terms.size()); ++i)
            for (int j = i + 1; j < int(terms.size()); ++j) {
                auto key = std::make_pair(terms[i], terms[j]);
                auto it = cache.find(key);
                if (it == cache.end()) {
                    strs rest_and_pair;
                    for (int k = 0; k < int(terms.size()); ++k) if (k != i && k != j) rest_and_pair.push_back(terms[k]);
                    rest_and_pair.push_back(terms[i]);
                    rest_and_pair.push_back(terms[j]);
                    const int m = int(rest_and_pair.size());
                    me::flops_t f = P::step_cost(rest_and_pair, {m - 2, m - 1}, c.output, c.sizes);
                    std::string all = terms[i] + terms[j], kept;
                    for (char ch : norm(all)) {
                        if (kept.find(ch) != std::string::npos) continue;
                        bool need = c.output.find(ch) != std::string::npos;
                        for (int k = 0; k < m - 2; ++k) need |= rest_and_pair[k].find(ch) != std::string::npos;
                        if (need) kept += ch;
                    }
                    it = cache.emplace(key, std::make_pair(kept, f)).first;
                }
                const me::flops_t nc = cost + it->second.second;
                if (nc >= best) continue;
                std::vector<ls> next;
                for (int k = 0; k < int(terms.size()); ++k) if (k != i && k != j) next.push_back(terms[k]);
                next.push_back(it->second.first);
                cur.push_back({i, j});
                rec(next, nc);
                cur.pop_back();
            }
    };
    std::vector<ls> terms;
    for (auto& s : c.inputs) terms.push_back(norm(s));
    rec(terms, 0);
    return best_path;
}

using optimiser = std::function<P::path_t(const net_case&)>;
const std::vector<std::pair<std::string, optimiser>>& optimisers() {
    static const std::vector<std::pair<std::string, optimiser>> all = {
        {"optimal", [](const net_case& c) { return P::optimal(c.inputs, c.output, c.sizes); }},
        {"branch_all", [](const net_case& c) { return P::branch_all(c.inputs, c.output, c.sizes); }},
        {"branch_2", [](const net_case& c) { return P::branch_2(c.inputs, c.output, c.sizes); }},
        {"greedy", [](const net_case& c) { return P::greedy(c.inputs, c.output, c.sizes); }},
        {"dp", [](const net_case& c) { return P::dp(c.inputs, c.output, c.sizes); }},
        {"random_greedy", [](const net_case& c) { return P::random_greedy(c.inputs, c.output, c.sizes); }},
        {"auto_path", [](const net_case& c) { return P::auto_path(c.inputs, c.output, c.sizes); }},
    };
    return all;
}

}  // namespace

TEST_CASE("step and path costs match opt_einsum's flop_count by hand") {
    // ij,jk->ik with i=3, j=4, k=5: 60 labels' product x (1 + inner) = 120.
    CHECK(P::path_cost({"ij", "jk"}, "ik", {{'i', 3}, {'j', 4}, {'k', 5}}, {{0, 1}}) == 120);
    CHECK(P::step_cost({"ij", "jk"}, {0, 1}, "ik", {{'i', 3}, {'j', 4}, {'k', 5}}) == 120);
    // ij,j->i with 256: 256*256*2.
    CHECK(P::path_cost({"ij", "j"}, "i", {{'i', 256}, {'j', 256}}, {{0, 1}}) == 131072);
    // Outer product (no label summed): ij,k->ijk 2x3x4 = 24 x 1.
    CHECK(P::path_cost({"ij", "k"}, "ijk", {{'i', 2}, {'j', 3}, {'k', 4}}, {{0, 1}}) == 24);
    // Three operands in one step: 2*3*4 x (2 + 1).
    CHECK(P::step_cost({"ij", "jk", "k"}, {0, 1, 2}, "i", {{'i', 2}, {'j', 3}, {'k', 4}}) == 72);
    // Chain ab,bc,cd->ad with a=10, b=100, c=10, d=100: order matters.
    const strs in = {"ab", "bc", "cd"};
    const P::size_dict_t sz = {{'a', 10}, {'b', 100}, {'c', 10}, {'d', 100}};
    // (ab,bc)->ac: 10*100*10*2 = 20000; then cd,ac->ad: 10*10*100*2 = 20000.
    CHECK(P::path_cost(in, "ad", sz, {{0, 1}, {0, 1}}) == 40000);
    // (bc,cd)->bd: 100*10*100*2 = 200000; then ab,bd->ad: 10*100*100*2 = 200000.
    CHECK(P::path_cost(in, "ad", sz, {{1, 2}, {0, 1}}) == 400000);
    CHECK(P::path_cost(in, "ad", sz, P::optimal(in, "ad", sz)) == 40000);
    CHECK(P::optimal(in, "ad", sz) == P::path_t{{0, 1}, {0, 1}});
    // Single operand: one step, a trace ii-> 5 x (1 + 1).
    CHECK(P::path_cost({"ii"}, "", {{'i', 5}}, P::optimal({"ii"}, "", {{'i', 5}})) == 10);
}

TEST_CASE("path_cost rejects invalid paths and unknown labels") {
    const P::size_dict_t sz = {{'i', 2}, {'j', 3}};
    CHECK_THROWS_AS(P::path_cost({"ij", "j"}, "i", sz, {{0, 2}}), me::ValueError);
    CHECK_THROWS_AS(P::path_cost({"ij", "j"}, "i", sz, {{0, 0}}), me::ValueError);
    CHECK_THROWS_AS(P::path_cost({"ij", "j"}, "i", sz, {}), me::ValueError);
    CHECK_THROWS_AS(P::path_cost({"ij", "j"}, "i", sz, {{}}), me::ValueError);
    CHECK_THROWS_AS(P::path_cost({"ik", "j"}, "i", sz, {{0, 1}}), me::ValueError);
}

TEST_CASE("optimal equals brute force on random 3-5-operand networks") {
    std::mt19937_64 rng(12345);
    for (int t = 0; t < 240; ++t) {
        const net_case c = random_case(rng, 3 + t % 3);
        const me::flops_t want = brute_force(c);
        INFO("case " << t);
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::optimal(c.inputs, c.output, c.sizes)) == want);
        // branch_all, like opt_einsum's, skips outer products while a shared label exists: not exact.
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::branch_all(c.inputs, c.output, c.sizes)) >= want);
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::dp(c.inputs, c.output, c.sizes)) >= want);
    }
}

TEST_CASE("dp and branch_all are exact over label-sharing orders on connected networks") {
    std::mt19937_64 rng(4242);
    int tested = 0;
    for (int t = 0; t < 600 && tested < 200; ++t) {
        const net_case c = random_case(rng, 3 + t % 3);
        if (!connected(c.inputs)) continue;
        ++tested;
        const me::flops_t want = brute_force_connected(c);
        INFO("case " << t);
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::dp(c.inputs, c.output, c.sizes)) == want);
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::branch_all(c.inputs, c.output, c.sizes)) == want);
    }
    CHECK(tested >= 100);
}

TEST_CASE("optimal handles 12 operands") {
    std::mt19937_64 rng(31);
    const net_case c = random_case(rng, 12, 7);
    const P::path_t p = P::optimal(c.inputs, c.output, c.sizes);
    const me::flops_t opt = P::path_cost(c.inputs, c.output, c.sizes, p);
    CHECK(opt <= P::path_cost(c.inputs, c.output, c.sizes, P::greedy(c.inputs, c.output, c.sizes)));
    CHECK(opt <= P::path_cost(c.inputs, c.output, c.sizes, P::dp(c.inputs, c.output, c.sizes)));
    CHECK(opt <= P::path_cost(c.inputs, c.output, c.sizes, P::branch_2(c.inputs, c.output, c.sizes)));
    CHECK_THROWS_AS(P::optimal(strs(17, "a"), "", {{'a', 2}}), me::ValueError);
}

TEST_CASE("every optimiser returns a valid path never cheaper than optimal") {
    std::mt19937_64 rng(777);
    for (int t = 0; t < 120; ++t) {
        const net_case c = random_case(rng, 2 + t % 6, 6);
        const me::flops_t opt = P::path_cost(c.inputs, c.output, c.sizes, P::optimal(c.inputs, c.output, c.sizes));
        for (const auto& [name, fn] : optimisers()) {
            INFO("case " << t << " optimiser " << name);
            const P::path_t p = fn(c);
            CHECK(p.size() == c.inputs.size() - 1);
            me::flops_t cost = 0;
            REQUIRE_NOTHROW(cost = P::path_cost(c.inputs, c.output, c.sizes, p));  // valid, ends with 1
            CHECK(cost >= opt);
        }
        // random_greedy starts from greedy, so it is never worse.
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, P::random_greedy(c.inputs, c.output, c.sizes)) <=
              P::path_cost(c.inputs, c.output, c.sizes, P::greedy(c.inputs, c.output, c.sizes)));
    }
}

TEST_CASE("a single operand is one step, e.g. a trace") {
    const net_case c{{"ii"}, "", {{'i', 5}}};
    for (const auto& [name, fn] : optimisers()) {
        INFO(name);
        CHECK(fn(c) == P::path_t{{0}});
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, fn(c)) == 10);
    }
}

TEST_CASE("random_greedy is deterministic") {
    std::mt19937_64 rng(99);
    const net_case c = random_case(rng, 12, 8);
    CHECK(P::random_greedy(c.inputs, c.output, c.sizes) == P::random_greedy(c.inputs, c.output, c.sizes));
}

TEST_CASE("greedy and random_greedy handle 10, 30 and 100 operands") {
    for (int n : {10, 30, 100}) {
        std::mt19937_64 rng(n);
        const net_case c = random_case(rng, n, 8);
        const P::path_t g = P::greedy(c.inputs, c.output, c.sizes);
        CHECK(g.size() == static_cast<std::size_t>(n - 1));
        CHECK_NOTHROW(P::path_cost(c.inputs, c.output, c.sizes, g));
        CHECK_NOTHROW(P::path_cost(c.inputs, c.output, c.sizes, P::auto_path(c.inputs, c.output, c.sizes)));
        if (n <= 30) CHECK_NOTHROW(P::path_cost(c.inputs, c.output, c.sizes, P::random_greedy(c.inputs, c.output, c.sizes)));
    }
}

TEST_CASE("dp handles a 40-operand chain and disconnected components") {
    net_case c;
    const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < 41; ++i) c.sizes[letters[i]] = 2 + i % 3;
    for (int i = 0; i < 40; ++i) c.inputs.push_back(std::string{letters[i], letters[i + 1]});
    c.output = "a";
    CHECK(P::dp(c.inputs, c.output, c.sizes).size() == 39);
    CHECK_NOTHROW(P::path_cost(c.inputs, c.output, c.sizes, P::dp(c.inputs, c.output, c.sizes)));
    const net_case d{{"ab", "c", "bd", "ce"}, "ade", {{'a', 2}, {'b', 3}, {'c', 4}, {'d', 5}, {'e', 6}}};
    const me::flops_t opt = P::path_cost(d.inputs, d.output, d.sizes, P::optimal(d.inputs, d.output, d.sizes));
    CHECK(P::path_cost(d.inputs, d.output, d.sizes, P::dp(d.inputs, d.output, d.sizes)) >= opt);
}

TEST_CASE("label-set memoisation (opt_einsum's optimal) can return a dearer path than ours") {
    // a,d,d,d-> with a=d=6. Ours: (d,d)->d 6, (d,d)-> 6*2=12, (a,)-> 6*2=12: 30. The label
    // memo first prices (d,d) while a third d remains (result d, cost 6), then reuses that
    // for the last d pair, where d must be summed: its search is misled to a dearer path.
    const net_case ex{{"a", "d", "d", "d"}, "", {{'a', 6}, {'d', 6}}};
    CHECK(P::path_cost(ex.inputs, ex.output, ex.sizes, P::optimal(ex.inputs, ex.output, ex.sizes)) == 30);
    CHECK(brute_force(ex) == 30);
    CHECK(P::path_cost(ex.inputs, ex.output, ex.sizes, label_memo_optimal(ex)) > 30);
    std::mt19937_64 rng(2024);
    int found = 0;
    for (int t = 0; t < 3000 && found < 3; ++t) {
        const net_case c = random_case(rng, 4 + t % 2, 4);
        const me::flops_t ours = P::path_cost(c.inputs, c.output, c.sizes, P::optimal(c.inputs, c.output, c.sizes));
        const me::flops_t theirs = P::path_cost(c.inputs, c.output, c.sizes, label_memo_optimal(c));
        REQUIRE(ours <= theirs);
        if (ours < theirs) ++found;
    }
    CHECK(found >= 1);
}

TEST_CASE("huge sizes saturate instead of overflowing") {
    const net_case c{{"ab", "bc", "cd", "da"}, "", {{'a', 1u << 31}, {'b', 1u << 31}, {'c', 1u << 31}, {'d', 1u << 31}}};
    for (const auto& [name, fn] : optimisers()) {
        INFO(name);
        CHECK(P::path_cost(c.inputs, c.output, c.sizes, fn(c)) == std::numeric_limits<me::flops_t>::max());
    }
}

TEST_CASE("auto_path follows opt_einsum's thresholds") {
    std::mt19937_64 rng(5);
    for (int n : {3, 4, 5, 6, 7, 8, 9, 14, 15}) {
        const net_case c = random_case(rng, n, 6);
        P::path_t want;
        if (n <= 4) want = P::optimal(c.inputs, c.output, c.sizes);
        else if (n <= 6) want = P::branch_all(c.inputs, c.output, c.sizes);
        else if (n <= 8) want = P::branch_2(c.inputs, c.output, c.sizes);
        else if (n <= 14) want = P::branch_1(c.inputs, c.output, c.sizes);
        else want = P::greedy(c.inputs, c.output, c.sizes);
        CHECK(P::auto_path(c.inputs, c.output, c.sizes) == want);
    }
}

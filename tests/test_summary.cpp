// Session reports (spec §3): the budget_summary table against golden files in tests/data/,
// budget_summary_dict and its JSON, aggregation by namespace, budget_reset, and colour only
// on a terminal without NO_COLOR.
//
// Golden files: tests/data/*.txt, found through MECHESTIM_TEST_DATA (set by ctest; this
// file's ../data otherwise). Run with MECHESTIM_UPDATE_GOLDEN=1 to rewrite them after a
// deliberate format change, then review the diff.
#include <mechestim/array.hpp>
#include <mechestim/budget.hpp>
#include <mechestim/flops.hpp>
#include <mechestim/summary.hpp>
#include <mechestim/ufuncs.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace {

using me::flops_t;

using test_support::env_guard;
using test_support::filled;

std::filesystem::path data_dir() {
    if (const char* dir = std::getenv("MECHESTIM_TEST_DATA")) return dir;
    return std::filesystem::path(__FILE__).parent_path() / "data";
}

/// Compares `actual` with the golden file `name` (or rewrites it in update mode).
void check_golden(const std::string& name, const std::string& actual) {
    const auto path = data_dir() / name;
    if (std::getenv("MECHESTIM_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote " << path);
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

/// The charges of the seed's 10-layer MLP ("Your First Budget"), cost by cost: the
/// random, einsum and sum families are other engineers' work, so their costs are charged
/// directly, from the seed's own numbers; maximum is the real op.
void seed_mlp() {
    using me::detail::charge;
    using me::detail::op_index;
    const std::size_t depth = 10, width = 256;
    for (std::size_t i = 0; i < depth; ++i) charge(op_index("random.randn"), me::flops::random_cost({width, width}));
    charge(op_index("random.randn"), me::flops::random_cost({width}));
    auto h = filled({width});
    for (std::size_t i = 0; i < depth; ++i) {
        charge(op_index("einsum"), 2 * width * width);  // 'ij,j->i': 131,072 FLOPs
        h = me::maximum(h, 0.0);
    }
    charge(op_index("sum"), me::flops::reduction_cost({width}));
}

me::array<double> fn_with_budget(const me::array<double>& a) {
    ME_BUDGET(1000, "fb");
    return me::exp(a);
}

}  // namespace

TEST_CASE("with nothing recorded the summary says so", "[summary]") {
    me::budget_reset();
    CHECK(me::budget_summary_string() == "No budget data recorded yet.\n");
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flop_budget == 0);
    CHECK(d.flops_used == 0);
    CHECK(d.flops_remaining == 0);
    CHECK(d.operations.empty());
    CHECK(d.by_namespace.empty());
}

TEST_CASE("the seed's first budget, in the global default", "[summary][golden]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    seed_mlp();
    const auto d = me::budget_summary_dict();
    CHECK(d.flops_used == 1'969'152);  // the seed's number
    CHECK(d.flop_budget == 1'000'000'000'000'000);
    CHECK(d.operations.at("einsum").flop_cost == 1'310'720);
    CHECK(d.operations.at("random.randn").calls == 11);
    CHECK(d.operations.at("random.randn").flop_cost == 655'616);
    CHECK(d.operations.at("maximum").flop_cost == 2'560);
    CHECK(d.operations.at("sum").calls == 1);
    check_golden("summary_seed_default.txt", me::budget_summary_string());
}

TEST_CASE("the seed's first budget, in a named context", "[summary][golden]") {
    me::budget_reset();
    {
        me::BudgetContext budget(50'000'000, "mlp-forward");
        seed_mlp();
    }
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flop_budget == 50'000'000);
    CHECK(d.flops_remaining == 48'030'848);
    CHECK(d.by_namespace.size() == 1);  // the default was never needed
    check_golden("summary_seed_namespace.txt", me::budget_summary_string());
}

TEST_CASE("several namespaces, nesting and a function budget", "[summary][golden]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", "2e12");
    const auto a = filled({100});
    me::exp(a);  // default: 100
    {
        me::BudgetContext train(1e9, "train");
        for (int i = 0; i < 3; ++i) me::exp(a);  // train: 300
        {
            me::BudgetContext step(1e6, "step");
            me::add(a, a);  // step and train: 100
            me::multiply(a, 2.0);
        }
        fn_with_budget(filled({7}));  // fb, nested in train: 7
    }
    fn_with_budget(filled({7}));  // fb at top level: now a root too
    me::BudgetContext anon(10);
    me::exp(1.0);

    const auto d = me::budget_summary_dict(true);
    // Roots: default 2e12, train 1e9, fb 1000 (a root once called at top level), anon 10.
    CHECK(d.flop_budget == 2'000'000'000'000 + 1'000'000'000 + 1'000 + 10);
    CHECK(d.flops_used == 100 + 300 + 200 + 7 + 7 + 1);  // each op once
    CHECK(d.flops_remaining == d.flop_budget - d.flops_used);
    CHECK(d.by_namespace.at("train").flops_used == 507);
    CHECK(d.by_namespace.at("step").flops_used == 200);
    CHECK(d.by_namespace.at("fb").flops_used == 14);
    CHECK(d.by_namespace.at("(unnamed)").flops_used == 1);
    CHECK(d.by_namespace.at("(default)").flops_used == 100);
    check_golden("summary_several.txt", me::budget_summary_string());
}

TEST_CASE("to_json has the member names as keys and parses back", "[summary][json]") {
    me::budget_reset();
    {
        me::BudgetContext first(1000, "json \"ns\"");  // a name that needs escaping
        me::exp(filled({4}));
        me::add(filled({3}), 1.0);
    }
    {
        me::BudgetContext second(500, "other");
        me::exp(filled({2}));
    }
    const me::BudgetSummary d = me::budget_summary_dict(true);
    const auto j = nlohmann::json::parse(d.to_json());
    CHECK(j.size() == 5);
    CHECK(j.at("flop_budget").get<flops_t>() == 1500);
    CHECK(j.at("flops_used").get<flops_t>() == 9);
    CHECK(j.at("flops_remaining").get<flops_t>() == 1491);
    CHECK(j.at("operations").size() == 2);
    CHECK(j.at("operations").at("exp").at("flop_cost").get<flops_t>() == 6);
    CHECK(j.at("operations").at("exp").at("calls").get<std::int64_t>() == 2);
    CHECK(j.at("operations").at("add").at("flop_cost").get<flops_t>() == 3);
    const auto& ns = j.at("by_namespace");
    CHECK(ns.size() == 2);
    const auto& first = ns.at("json \"ns\"");
    CHECK(first.size() == 4);
    CHECK(first.at("flop_budget").get<flops_t>() == 1000);
    CHECK(first.at("flops_used").get<flops_t>() == 7);
    CHECK(first.at("flops_remaining").get<flops_t>() == 993);
    CHECK(first.at("operations").at("add").at("calls").get<std::int64_t>() == 1);
    CHECK(ns.at("other").at("operations").at("exp").at("flop_cost").get<flops_t>() == 2);

    // Field by field against the struct, through the ADL conversions.
    const auto back = j.get<me::BudgetSummary>();
    CHECK(back.flop_budget == d.flop_budget);
    CHECK(back.flops_used == d.flops_used);
    CHECK(back.flops_remaining == d.flops_remaining);
    REQUIRE(back.operations.size() == d.operations.size());
    for (const auto& [op, t] : d.operations) {
        CHECK(back.operations.at(op).flop_cost == t.flop_cost);
        CHECK(back.operations.at(op).calls == t.calls);
    }
    REQUIRE(back.by_namespace.size() == d.by_namespace.size());
    for (const auto& [name, n] : d.by_namespace) {
        const auto& b = back.by_namespace.at(name);
        CHECK(b.flop_budget == n.flop_budget);
        CHECK(b.flops_used == n.flops_used);
        CHECK(b.flops_remaining == n.flops_remaining);
        CHECK(b.operations.size() == n.operations.size());
    }

    // Not asked for: no by_namespace key.
    const auto plain = nlohmann::json::parse(me::budget_summary_dict().to_json());
    CHECK(plain.size() == 4);
    CHECK_FALSE(plain.contains("by_namespace"));
    CHECK(nlohmann::json::parse(me::BudgetSummary{}.to_json()) ==
          nlohmann::json{{"flop_budget", 0}, {"flops_used", 0}, {"flops_remaining", 0},
                         {"operations", nlohmann::json::object()}});
}

TEST_CASE("contexts sharing a namespace add their budgets and use", "[summary][aggregate]") {
    me::budget_reset();
    {
        me::BudgetContext a(100, "shared");
        me::exp(filled({10}));
    }
    {
        me::BudgetContext b(200, "shared");
        me::exp(filled({5}));
    }
    const auto d = me::budget_summary_dict(true);
    REQUIRE(d.by_namespace.size() == 1);
    const auto& ns = d.by_namespace.at("shared");
    CHECK(ns.flop_budget == 300);
    CHECK(ns.flops_used == 15);
    CHECK(ns.flops_remaining == 285);
    CHECK(ns.operations.at("exp").calls == 2);
    CHECK(ns.operations.at("exp").flop_cost == 15);
    CHECK(d.flop_budget == 300);
    CHECK(d.flops_used == 15);
}

TEST_CASE("a function budget called three times counts its budget once", "[summary][aggregate]") {
    me::budget_reset();
    const auto a = filled({10});
    for (int i = 0; i < 3; ++i) fn_with_budget(a);
    const auto d = me::budget_summary_dict(true);
    const auto& ns = d.by_namespace.at("fb");
    CHECK(ns.flop_budget == 1000);
    CHECK(ns.flops_used >= 30);  // the static budget may have been drawn on by earlier tests
    CHECK(d.flop_budget == 1000);
    CHECK(d.flops_used == 30);
    CHECK(d.operations.at("exp").calls == 3);
}

TEST_CASE("nested contexts are counted once in the session totals", "[summary][aggregate]") {
    me::budget_reset();
    {
        me::BudgetContext outer(1000, "outer");
        me::BudgetContext inner(500, "inner");
        me::exp(filled({10}));
        me::add(filled({4}), filled({4}));
    }
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flop_budget == 1000);  // the inner budget is part of the outer one
    CHECK(d.flops_used == 14);
    CHECK(d.flops_remaining == 986);
    CHECK(d.operations.at("exp").calls == 1);
    CHECK(d.operations.at("add").flop_cost == 4);
    CHECK(d.by_namespace.at("outer").flops_used == 14);
    CHECK(d.by_namespace.at("inner").flops_used == 14);
    CHECK(d.by_namespace.at("inner").flop_budget == 500);
}

TEST_CASE("a context recorded once still counts when it is re-entered", "[summary][aggregate]") {
    me::budget_reset();
    me::BudgetContext parent(1e6, "parent");
    {
        me::BudgetContext nested(100, "nested");
        me::exp(1.0);
    }
    me::exp(1.0);
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flop_budget == 1'000'000);
    CHECK(d.flops_used == 2);
    CHECK(d.by_namespace.at("parent").flops_used == 2);
    CHECK(d.by_namespace.at("nested").flops_used == 1);
}

TEST_CASE("after a reset, a context first seen nested still counts once it charges as the outermost",
          "[summary][reset]") {
    me::budget_reset();
    me::BudgetContext x(100, "x");  // the bottom of this thread's stack, entered before the reset
    me::budget_reset();
    std::thread([&] {
        me::BudgetContext o(1000, "o");
        const auto guard = x.enter();  // x nested in o on this thread: recorded as nested
        me::exp(1.0);
    }).join();
    CHECK(me::budget_summary_dict().flop_budget == 1000);
    me::exp(1.0);  // x charged as the outermost context: now a root
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flop_budget == 1100);
    CHECK(d.flops_used == 2);
    CHECK(d.by_namespace.at("x").flops_used == 2);
}

TEST_CASE("budget_reset clears the record and discards the default", "[summary][reset]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", "1e9");
    me::exp(filled({3}));
    {
        me::BudgetContext ctx(100, "gone");
        me::exp(1.0);
    }
    CHECK(me::budget_summary_dict(true).by_namespace.size() == 2);
    ::setenv("MECHESTIM_DEFAULT_BUDGET", "2e9", 1);
    me::budget_reset();
    CHECK(me::budget_summary_string() == "No budget data recorded yet.\n");
    auto d = me::budget_summary_dict(true);
    CHECK(d.flops_used == 0);
    CHECK(d.flop_budget == 0);
    CHECK(d.operations.empty());
    CHECK(d.by_namespace.empty());
    CHECK(me::detail::session().default_context == nullptr);
    me::exp(1.0);  // re-creates the default, re-reading the variable
    d = me::budget_summary_dict(true);
    CHECK(d.by_namespace.at("(default)").flop_budget == 2'000'000'000);
    CHECK(d.by_namespace.at("(default)").flops_used == 1);
    CHECK(d.flops_used == 1);
}

TEST_CASE("an open context survives budget_reset and reappears when it charges", "[summary][reset]") {
    me::budget_reset();
    me::BudgetContext ctx(100, "open");
    me::exp(filled({5}));
    me::budget_reset();
    CHECK(me::budget_summary_dict(true).by_namespace.empty());
    CHECK(ctx.flops_used() == 5);  // its own count is kept, and its budget still enforced
    me::exp(filled({5}));
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flops_used == 5);  // the session counts from the reset
    CHECK(d.flop_budget == 100);
    CHECK(d.by_namespace.at("open").flops_used == 10);
    CHECK(ctx.flops_remaining() == 90);
}

TEST_CASE("the default appears only once it has charged something", "[summary]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", "10");
    CHECK_THROWS_AS(me::exp(filled({11})), me::BudgetExhaustedError);  // creates it, charges nothing
    CHECK(me::detail::session().default_context != nullptr);
    CHECK(me::budget_summary_dict(true).by_namespace.empty());
    CHECK(me::budget_summary_string() == "No budget data recorded yet.\n");
    me::exp(filled({10}));
    CHECK(me::budget_summary_dict(true).by_namespace.at("(default)").flops_used == 10);
}

TEST_CASE("large numbers switch to 1.00e+15 style, with ~ when rounded", "[summary]") {
    me::budget_reset();
    me::BudgetContext big(5e12, "big");
    me::detail::charge(me::detail::op_index("exp"), 1'000'000'000'000);
    me::detail::charge(me::detail::op_index("add"), 999'999'999'999);
    const std::string s = me::budget_summary_string();
    CAPTURE(s);
    CHECK_THAT(s, Catch::Contains("│ big       │ 5.00e+12 │ ~2.00e+12 │ ~3.00e+12 │"));
    CHECK_THAT(s, Catch::Contains("    exp  1,000,000,000,000  ( 50.0%)  [1 call]"));
    CHECK_THAT(s, Catch::Contains("    add    999,999,999,999  ( 50.0%)  [1 call]"));
}

namespace {

/// Runs budget_summary() with stdout on a pseudo-terminal and returns what it wrote.
std::string summary_on_terminal() {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    REQUIRE(slave >= 0);
    std::cout.flush();
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    ::dup2(slave, STDOUT_FILENO);
    me::budget_summary();
    std::cout.flush();
    std::fflush(stdout);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(slave);
    ::close(master);
    std::string plain;  // the terminal turns "\n" into "\r\n"
    for (char c : out)
        if (c != '\r') plain.push_back(c);
    return plain;
}

std::string strip_ansi(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
            i += 2;
            while (i < s.size() && s[i] != 'm') ++i;
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

}  // namespace

TEST_CASE("colour only on a terminal, never with NO_COLOR", "[summary][colour]") {
    env_guard no_colour("NO_COLOR", std::nullopt);
    {
        me::BudgetContext ctx(100, "colour");
        me::exp(filled({60}));
        me::add(filled({3}), 1.0);
    }
    const std::string plain = me::budget_summary_string();
    CHECK(plain.find('\x1b') == std::string::npos);

    std::ostringstream os;  // not stdout: no colour
    me::budget_summary(os);
    CHECK(os.str() == plain);

    if (::isatty(STDOUT_FILENO) == 0) {  // ctest pipes stdout: printing there gives plain text
        test_support::fd_capture out(STDOUT_FILENO);
        me::budget_summary();
        const std::string printed = out.finish();
        CHECK(printed == plain);
    }

    // On a terminal: coloured, and the same text once the escape codes are removed
    // (padding is done before colouring, so the columns still line up).
    const std::string coloured = summary_on_terminal();
    CHECK(coloured.find("\x1b[") != std::string::npos);
    CHECK(strip_ansi(coloured) == plain);

    ::setenv("NO_COLOR", "1", 1);
    CHECK(summary_on_terminal() == plain);
    ::setenv("NO_COLOR", "", 1);  // set, even empty: no colour
    CHECK(summary_on_terminal() == plain);
}

// Issue 7, defect 6: every context ever opened stayed in the record (100,000 short-lived
// contexts took 1.5 GiB). Contexts that go away are folded into their namespace.
TEST_CASE("the record keeps live contexts only: closed ones are folded into their namespace", "[summary][aggregate][regression]") {
    me::budget_reset();
    constexpr int n = 20'000;
    for (int i = 0; i < n; ++i) {
        me::BudgetContext ctx(10, i % 2 ? "odd" : "even");
        me::exp(1.0);
        me::exp(1.0);
    }
    CHECK(me::detail::session().live.empty());  // nothing held per context any more
    const auto d = me::budget_summary_dict(true);
    CHECK(d.by_namespace.size() == 2);
    CHECK(d.by_namespace.at("even").flops_used == n);
    CHECK(d.by_namespace.at("even").flop_budget == 10 * n / 2);
    CHECK(d.by_namespace.at("odd").operations.at("exp").calls == n);
    CHECK(d.flops_used == 2 * n);
    CHECK(d.flop_budget == 10 * n);
    CHECK(d.operations.at("exp").calls == 2 * n);
    // Open and closed contexts of one namespace add up, in the table as in the data.
    me::BudgetContext open(100, "even");
    me::exp(1.0);
    CHECK(me::budget_summary_dict(true).by_namespace.at("even").flops_used == n + 1);
    CHECK(me::budget_summary_string().find("even") != std::string::npos);
}

// Issue 7, defect 8: to_json() of a namespace that is not UTF-8 threw nlohmann's error.
TEST_CASE("a namespace must be UTF-8; summaries of UTF-8 namespaces are valid JSON", "[summary][json][regression]") {
    me::budget_reset();
    CHECK_THROWS_AS(me::BudgetContext(10, "bad\xff"), me::ValueError);
    CHECK_THROWS_AS(me::BudgetContext(10, "\xc0\xaf"), me::ValueError);  // an overlong '/'
    CHECK_THROWS_AS(me::budgeted(10, "\xed\xa0\x80", [] {}), me::ValueError);  // a surrogate
    {
        me::BudgetContext ctx(10, "données ✓");
        me::exp(1.0);
    }
    const std::string text = me::budget_summary_dict(true).to_json();
    const auto j = nlohmann::json::parse(text);
    CHECK(j.at("by_namespace").contains("données ✓"));
}

// Budgets (spec §3): BudgetContext construction and accessors, exact and short budgets,
// nesting, multipliers, logs, threads, the lazy global default and its variable, function
// budgets, saturating costs and the banner. Charges are driven by me::exp / me::add (numel
// each) and, where a cost no array could reach is needed, by detail::charge itself.
#include <mechestim/array.hpp>
#include <mechestim/budget.hpp>
#include <mechestim/flops.hpp>
#include <mechestim/summary.hpp>
#include <mechestim/ufuncs.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <atomic>
#include <cmath>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <unistd.h>

namespace {

using me::flops_t;
constexpr flops_t flops_max = std::numeric_limits<flops_t>::max();

using test_support::env_guard;
using test_support::filled;


me::OpTally session_op(const std::string& op) {
    const auto d = me::budget_summary_dict();
    const auto it = d.operations.find(op);
    return it == d.operations.end() ? me::OpTally{} : it->second;
}

me::NamespaceSummary session_ns(const std::string& ns) {
    const auto d = me::budget_summary_dict(true);
    const auto it = d.by_namespace.find(ns);
    REQUIRE(it != d.by_namespace.end());
    return it->second;
}

}  // namespace

TEST_CASE("a budget below 1, NaN or infinite is rejected with its value", "[budget]") {
    me::budget_reset();
    me::BudgetContext outer(1000, "outer");
    const auto a = filled({4});
    struct bad { double value; const char* shown; };
    // Issue 7, defect 10: 0.5 and 0.999 were accepted as a budget of 0.
    for (const bad& b : {bad{0.0, "got 0"}, bad{-5.0, "got -5"}, bad{std::nan(""), "got nan"},
                         bad{INFINITY, "got inf"}, bad{-INFINITY, "got -inf"}, bad{0.5, "got 0.5"},
                         bad{0.999, "got 0.999"}, bad{-0.0, "got -0"}}) {
        CAPTURE(b.shown);
        try {
            me::BudgetContext ctx(b.value, "bad");
            FAIL("no error");
        } catch (const me::InvalidBudgetError& e) {
            CHECK_THAT(e.what(), Catch::Contains("flop_budget") && Catch::Contains(b.shown));
        }
        // Issue 7, defect 13: a me::ValueError (so a MechEstimError), no longer std::invalid_argument.
        CHECK_THROWS_AS(me::BudgetContext(b.value), me::ValueError);
        CHECK_THROWS_AS(me::BudgetContext(b.value), me::MechEstimError);
    }
    for (const bad& m : {bad{0.0, "got 0"}, bad{-1.5, "got -1.5"}, bad{std::nan(""), "got nan"},
                         bad{INFINITY, "got inf"}}) {
        CAPTURE(m.shown);
        try {
            me::BudgetContext ctx(100, "bad", {.flop_multiplier = m.value});
            FAIL("no error");
        } catch (const me::InvalidBudgetError& e) {
            CHECK_THAT(e.what(), Catch::Contains("flop_multiplier") && Catch::Contains(m.shown));
        }
    }
    CHECK_THROWS_AS(me::budgeted(-1, "f", [] {}), me::InvalidBudgetError);
    CHECK(me::BudgetContext(1, "one").flop_budget() == 1);  // exactly 1 FLOP is a budget
    CHECK(me::BudgetContext(1.9).flop_budget() == 1);      // truncated, as Python's int(float)
    // Nothing was charged and no failed context stayed on the stack: the next op charges `outer` only.
    CHECK(outer.flops_used() == 0);
    me::exp(a);
    CHECK(outer.flops_used() == 4);
    const auto d = me::budget_summary_dict(true);
    CHECK(d.by_namespace.count("bad") == 0);
    static_assert(std::is_base_of_v<me::ValueError, me::InvalidBudgetError>);
    CHECK(d.flops_used == 4);
}

TEST_CASE("accessors report budget, use, namespace and multiplier", "[budget]") {
    me::budget_reset();
    me::BudgetContext ctx(1000.9, "acc", {.flop_multiplier = 2.0});
    CHECK(ctx.flop_budget() == 1000);  // truncated like Python's int(float)
    CHECK(ctx.flops_used() == 0);
    CHECK(ctx.flops_remaining() == 1000);
    CHECK(ctx.name_space() == "acc");
    CHECK(ctx.flop_multiplier() == 2.0);
    me::exp(filled({2, 3}));
    CHECK(ctx.flops_used() == 12);
    CHECK(ctx.flops_remaining() == 988);
    CHECK(ctx.operation("exp").flop_cost == 12);
    CHECK(ctx.operation("exp").calls == 1);
    CHECK(ctx.operation("add").calls == 0);
    CHECK(ctx.operation("no-such-op").calls == 0);
    me::BudgetContext unnamed(10);
    CHECK(unnamed.name_space().empty());
    CHECK(unnamed.flop_multiplier() == 1.0);
}

TEST_CASE("a budget that is exactly enough succeeds, one FLOP more does not", "[budget]") {
    me::budget_reset();
    const auto a = filled({2, 3});
    me::BudgetContext ctx(12, "exact");
    CHECK(me::flops::pointwise_cost(a.shape()) == 6);
    me::exp(a);
    me::add(a, a);
    CHECK(ctx.flops_used() == 12);
    CHECK(ctx.flops_remaining() == 0);
    CHECK_THROWS_AS(me::exp(1.0), me::BudgetExhaustedError);
    CHECK(ctx.flops_used() == 12);
}

TEST_CASE("one FLOP short raises BudgetExhaustedError with its fields and charges nothing", "[budget]") {
    me::budget_reset();
    auto a = filled({2, 3}, 1.25);
    const auto a_before = a;
    me::BudgetContext ctx(5, "tight");
    try {
        me::exp(a);
        FAIL("no error");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.op_name == "exp");
        CHECK(e.flop_cost == 6);
        CHECK(e.flops_remaining == 5);
        CHECK(e.name_space == "tight");
        CHECK(std::string(e.what()) == "exp would cost 6 FLOPs but only 5 remain");
    }
    // Compound assignment: the target is untouched when the charge fails.
    CHECK_THROWS_AS(a += a, me::BudgetExhaustedError);
    CHECK(me::identical(a, a_before));
    CHECK_THROWS_AS(me::exp(me::array<double>::uninitialized({3, 2})), me::MechEstimError);
    CHECK(ctx.flops_used() == 0);
    CHECK(ctx.operation("exp").calls == 0);
    CHECK(ctx.op_log().empty());
    const auto d = me::budget_summary_dict();
    CHECK(d.flops_used == 0);
    CHECK(d.operations.empty());
    CHECK(me::detail::session().default_context == nullptr);  // no fallback to the default
}

TEST_CASE("the error message uses thousands separators", "[budget]") {
    me::budget_reset();
    me::BudgetContext ctx(1'234'567, "big", {.flop_multiplier = 1000.0});
    const auto a = filled({2'000});
    try {
        me::exp(a);
        FAIL("no error");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.flop_cost == 2'000'000);
        CHECK(std::string(e.what()) == "exp would cost 2,000,000 FLOPs but only 1,234,567 remain");
    }
    CHECK(ctx.flops_used() == 0);
}

TEST_CASE("an op charges every context on the stack", "[budget][nesting]") {
    me::budget_reset();
    const auto a = filled({10});
    me::BudgetContext outer(100, "outer");
    {
        me::BudgetContext inner(50, "inner");
        me::exp(a);
        CHECK(inner.flops_used() == 10);
        CHECK(outer.flops_used() == 10);
        CHECK(inner.operation("exp").calls == 1);
        CHECK(outer.operation("exp").calls == 1);
    }
    me::exp(a);  // inner closed: outer only
    CHECK(outer.flops_used() == 20);
    CHECK(session_op("exp").calls == 2);  // the nested op counted once in the session
    CHECK(session_op("exp").flop_cost == 20);
}

TEST_CASE("nesting: the innermost context lacking room is named, nothing is charged", "[budget][nesting]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    const auto a = filled({10});
    SECTION("both lack room: the inner one is named") {
        me::BudgetContext outer(12, "outer");
        me::BudgetContext inner(11, "inner");
        me::exp(a);
        try {
            me::exp(a);
            FAIL("no error");
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.name_space == "inner");
            CHECK(e.flops_remaining == 1);
        }
        CHECK(outer.flops_used() == 10);
        CHECK(inner.flops_used() == 10);
    }
    SECTION("only the outer one lacks room: it is named and the inner one is not charged") {
        me::BudgetContext outer(15, "outer");
        me::BudgetContext inner(100, "inner");
        me::exp(a);
        try {
            me::exp(a);
            FAIL("no error");
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.name_space == "outer");
            CHECK(e.flops_remaining == 5);
            CHECK(e.flop_cost == 10);
        }
        CHECK(inner.flops_used() == 10);
        CHECK(inner.operation("exp").calls == 1);
        CHECK(outer.flops_used() == 10);
        CHECK(session_op("exp").calls == 1);
    }
    SECTION("an unnamed context is named (unnamed), the default (default)") {
        {
            me::BudgetContext anon(3);
            try {
                me::exp(a);
                FAIL("no error");
            } catch (const me::BudgetExhaustedError& e) {
                CHECK(e.name_space == "(unnamed)");
            }
        }
        try {
            me::detail::charge(me::detail::op_index("exp"), 2'000'000'000'000'000);
            FAIL("no error");
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.name_space == "(default)");
            CHECK(e.flops_remaining == 1'000'000'000'000'000);
        }
    }
}

TEST_CASE("flop_multiplier scales every cost, rounding down", "[budget]") {
    me::budget_reset();
    const auto a = filled({3});
    SECTION("1.5 x 3 = 4.5 -> 4") {
        me::BudgetContext ctx(100, "m", {.flop_multiplier = 1.5});
        me::exp(a);
        CHECK(ctx.flops_used() == 4);
        CHECK(ctx.operation("exp").flop_cost == 4);
    }
    SECTION("0.3 x 3 = 0.9 -> 0, still a call") {
        me::BudgetContext ctx(100, "m", {.flop_multiplier = 0.3});
        me::exp(a);
        CHECK(ctx.flops_used() == 0);
        CHECK(ctx.operation("exp").calls == 1);
    }
    SECTION("2 x 3 = 6 against a budget of 5 fails with the adjusted cost") {
        me::BudgetContext ctx(5, "m", {.flop_multiplier = 2.0});
        try {
            me::exp(a);
            FAIL("no error");
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.flop_cost == 6);
        }
    }
    SECTION("each context applies its own multiplier; the session counts the outermost's") {
        me::BudgetContext outer(100, "outer");
        me::BudgetContext inner(100, "inner", {.flop_multiplier = 2.0});
        me::exp(a);
        CHECK(outer.flops_used() == 3);
        CHECK(inner.flops_used() == 6);
        CHECK(session_op("exp").flop_cost == 3);
    }
}

TEST_CASE("keep_log records op, shapes, cost and cumulative use", "[budget]") {
    me::budget_reset();
    const auto a = filled({2, 3});
    const auto b = filled({3});
    me::BudgetContext quiet_ctx(1000, "nolog");
    me::BudgetContext ctx(1000, "log", {.flop_multiplier = 2.0, .keep_log = true});
    me::exp(a);
    me::add(a, b);
    me::exp(2.0);
    const auto log = ctx.op_log();
    REQUIRE(log.size() == 3);
    CHECK(log[0].op_name == "exp");
    CHECK(log[0].subscripts.empty());
    CHECK(log[0].shapes == std::vector<std::vector<std::size_t>>{{2, 3}});
    CHECK(log[0].flop_cost == 12);
    CHECK(log[0].cumulative == 12);
    CHECK(log[1].op_name == "add");
    CHECK(log[1].shapes == std::vector<std::vector<std::size_t>>{{2, 3}, {3}});
    CHECK(log[1].flop_cost == 12);
    CHECK(log[1].cumulative == 24);
    CHECK(log[2].op_name == "exp");
    CHECK(log[2].shapes.empty());  // a C++ scalar has no array shape
    CHECK(log[2].flop_cost == 2);
    CHECK(log[2].cumulative == 26);
    CHECK(quiet_ctx.op_log().empty());  // off by default
    CHECK(quiet_ctx.flops_used() == 13);
    // A failed charge is not logged.
    me::BudgetContext tiny(1, "tiny", {.keep_log = true});
    CHECK_THROWS_AS(me::exp(a), me::BudgetExhaustedError);
    CHECK(tiny.op_log().empty());
    CHECK(ctx.op_log().size() == 3);
}

TEST_CASE("worker threads charge a parent's budget through enter()", "[budget][threads]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    me::BudgetContext parent(1e9, "shared");
    constexpr int threads = 8, ops = 10'000;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            const auto guard = parent.enter();
            for (int i = 0; i < ops; ++i) me::exp(1.0);
        });
    for (auto& th : pool) th.join();
    CHECK(parent.flops_used() == threads * ops);
    CHECK(parent.operation("exp").calls == threads * ops);
    CHECK(session_op("exp").calls == threads * ops);
    CHECK(me::detail::session().default_context == nullptr);
    // Without enter(), a worker's stack is empty: it charges the default, not the parent.
    std::thread([] { me::exp(1.0); }).join();
    CHECK(parent.flops_used() == threads * ops);
    CHECK(session_ns("(default)").flops_used == 1);
}

TEST_CASE("threads charging the global default lose no FLOP", "[budget][threads]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    constexpr int threads = 8, ops = 10'000;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([] {
            for (int i = 0; i < ops; ++i) me::exp(1.0);
        });
    for (auto& th : pool) th.join();
    const auto d = me::budget_summary_dict(true);
    CHECK(d.flops_used == threads * ops);
    CHECK(d.operations.at("exp").calls == threads * ops);
    CHECK(d.by_namespace.at("(default)").flops_used == threads * ops);
    CHECK(d.by_namespace.at("(default)").flop_budget == 1'000'000'000'000'000);
}

TEST_CASE("the default is created lazily, by the first counted op only", "[budget][default]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", "not-a-number");  // creating it would throw
    const auto a = filled({4});                                 // free
    CHECK(a.size() == 4);
    CHECK(me::budget_summary_dict(true).by_namespace.empty());
    {
        me::BudgetContext ctx(100, "explicit");
        me::exp(a);  // charged to the context: the default is not needed
    }
    CHECK(me::detail::session().default_context == nullptr);
    CHECK_THROWS_AS(me::exp(a), me::InvalidBudgetError);  // the first op without a context
    ::setenv("MECHESTIM_DEFAULT_BUDGET", "1000", 1);
    CHECK(me::detail::session().default_context == nullptr);
    me::exp(a);
    CHECK(me::detail::session().default_context != nullptr);
    CHECK(session_ns("(default)").flop_budget == 1000);
}

TEST_CASE("MECHESTIM_DEFAULT_BUDGET sets the default budget, read once", "[budget][default]") {
    struct good { const char* text; flops_t value; };
    for (const good& g : {good{"1e9", 1'000'000'000}, good{"5e12", 5'000'000'000'000},
                          good{"1234.9", 1234}, good{"  100", 100}}) {
        CAPTURE(g.text);
        env_guard env("MECHESTIM_DEFAULT_BUDGET", g.text);
        me::exp(1.0);
        const auto ns = session_ns("(default)");
        CHECK(ns.flop_budget == g.value);
        CHECK(ns.flops_used == 1);
        CHECK(ns.flops_remaining == g.value - 1);
    }
    env_guard env("MECHESTIM_DEFAULT_BUDGET", "1e9");
    me::exp(1.0);
    ::setenv("MECHESTIM_DEFAULT_BUDGET", "5e12", 1);
    me::exp(1.0);  // the default exists: the variable is not read again
    CHECK(session_ns("(default)").flop_budget == 1'000'000'000);
    me::budget_reset();  // discards the default: the next op re-reads the variable
    me::exp(1.0);
    CHECK(session_ns("(default)").flop_budget == 5'000'000'000'000);
    CHECK(session_ns("(default)").flops_used == 1);
}

TEST_CASE("a bad MECHESTIM_DEFAULT_BUDGET raises an error naming the variable", "[budget][default]") {
    for (const char* text : {"abc", "0", "-5", "nan", "1e9x", "", "inf", "0.5", "0.999999"}) {
        CAPTURE(text);
        env_guard env("MECHESTIM_DEFAULT_BUDGET", text);
        try {
            me::exp(1.0);
            FAIL("no error");
        } catch (const me::InvalidBudgetError& e) {
            CHECK_THAT(e.what(), Catch::Contains("MECHESTIM_DEFAULT_BUDGET") &&
                                     Catch::Contains(std::string("\"") + text + "\""));
        }
        CHECK(me::detail::session().default_context == nullptr);
        const auto d = me::budget_summary_dict(true);
        CHECK(d.flops_used == 0);
        CHECK(d.by_namespace.empty());
    }
}

namespace {

me::array<double> function_budget_default_name(const me::array<double>& a) {
    ME_BUDGET(100);
    return me::exp(a);
}

me::array<double> function_budget_named(const me::array<double>& a) {
    ME_BUDGET(1e3, "named-fn");
    return me::exp(a);
}

int recursive_budget(int depth, const me::array<double>& a) {
    ME_BUDGET(1e6, "recursive");
    me::exp(a);
    return depth == 0 ? 0 : 1 + recursive_budget(depth - 1, a);
}

}  // namespace

TEST_CASE("ME_BUDGET: one budget per function, every call draws from it", "[budget][function]") {
    me::budget_reset();
    const auto a = filled({10});
    for (int i = 0; i < 10; ++i) function_budget_default_name(a);  // 10 x 10 = exactly 100
    auto ns = session_ns("function_budget_default_name");  // namespace = the function's name
    CHECK(ns.flop_budget == 100);
    CHECK(ns.flops_used == 100);
    CHECK(ns.operations.at("exp").calls == 10);
    try {
        function_budget_default_name(a);
        FAIL("no error");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.name_space == "function_budget_default_name");
        CHECK(e.flops_remaining == 0);
    }
    CHECK(me::budget_summary_dict().flop_budget == 100);  // its budget counted once
    CHECK(me::detail::session().default_context == nullptr);

    function_budget_named(a);
    function_budget_named(a);
    ns = session_ns("named-fn");
    CHECK(ns.flop_budget == 1000);
    CHECK(ns.flops_used == 20);
    CHECK(me::budget_summary_dict().flop_budget == 1100);
}

TEST_CASE("ME_BUDGET: recursion does not charge the function budget twice", "[budget][function]") {
    me::budget_reset();
    const auto a = filled({5});
    me::BudgetContext outer(1e6, "outer");
    CHECK(recursive_budget(3, a) == 3);
    CHECK(outer.flops_used() == 20);
    const auto ns = session_ns("recursive");
    CHECK(ns.flops_used == 20);
    CHECK(ns.operations.at("exp").calls == 4);
    CHECK(session_op("exp").flop_cost == 20);
    CHECK(me::budget_summary_dict().flop_budget == 1'000'000);  // nested in outer: not a root
}

TEST_CASE("me::budgeted wraps a callable in one shared budget", "[budget][function]") {
    me::budget_reset();
    const auto a = filled({10});
    auto f = me::budgeted(25, "lam", [](const me::array<double>& x) { return me::exp(x); });
    const auto r = f(a);
    CHECK(r.size() == 10);
    f(a);
    try {
        f(a);
        FAIL("no error");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.name_space == "lam");
        CHECK(e.flops_remaining == 5);
    }
    const auto ns = session_ns("lam");
    CHECK(ns.flop_budget == 25);
    CHECK(ns.flops_used == 20);
    CHECK(ns.operations.at("exp").calls == 2);
    CHECK(me::budget_summary_dict().flop_budget == 25);
    // Outside the wrapper nothing is charged to it.
    me::BudgetContext other(100, "other");
    me::exp(a);
    CHECK(session_ns("lam").flops_used == 20);
}

TEST_CASE("costs saturate: an overflowing cost raises, never wraps", "[budget][saturation]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    using me::detail::saturating_add;
    using me::detail::saturating_mul;
    CHECK(saturating_add(flops_max, 1) == flops_max);
    CHECK(saturating_add(flops_max - 1, 1) == flops_max);
    CHECK(saturating_mul(flops_t{1} << 40, flops_t{1} << 40) == flops_max);
    CHECK(saturating_mul(3, 4) == 12);
    const std::size_t big = std::size_t{1} << 40;
    const flops_t huge = me::flops::pointwise_cost(me::shape_t{big, big});
    CHECK(huge == flops_max);
    CHECK(me::flops::pointwise_cost(me::shape_t{big, big, 0}) == 1);

    const auto id = me::detail::op_index("exp");
    {
        me::BudgetContext ctx(1e30, "vast");  // beyond flops_t: one short of the maximum
        CHECK(ctx.flop_budget() == flops_max - 1);
        CHECK_THROWS_AS(me::detail::charge(id, huge), me::BudgetExhaustedError);
        me::detail::charge(id, flops_max - 1);  // the largest cost that fits: exactly enough
        CHECK(ctx.flops_remaining() == 0);
    }
    {
        // A saturated cost stays saturated whatever the multiplier.
        me::BudgetContext ctx(1e30, "half", {.flop_multiplier = 0.5});
        try {
            me::detail::charge(id, huge);
            FAIL("no error");
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.flop_cost == flops_max);
        }
        CHECK(ctx.flops_used() == 0);
    }
    {
        // Multiplying a large cost saturates instead of wrapping to a small one.
        me::BudgetContext ctx(1e30, "x4", {.flop_multiplier = 4.0});
        CHECK_THROWS_AS(me::detail::charge(id, flops_t{1} << 62), me::BudgetExhaustedError);
        CHECK(ctx.flops_used() == 0);
    }
    CHECK_THROWS_AS(me::detail::charge(id, huge), me::BudgetExhaustedError);  // the default
    const auto d = me::budget_summary_dict();
    CHECK(d.operations.at("exp").calls == 1);
    CHECK(d.operations.at("exp").flop_cost == flops_max - 1);
}

TEST_CASE("quiet = false prints a banner to stderr; quiet is the default", "[budget][banner]") {
    me::budget_reset();
    test_support::fd_capture loud(2);
    { me::BudgetContext ctx(5e7, "loud", {.quiet = false}); }
    CHECK(loud.finish() == std::string("mechestim ") + me::version + " | budget: 5.00e+07 FLOPs\n");
    CHECK(std::string(me::version) == MECHESTIM_VERSION_STRING);
    test_support::fd_capture quiet(2);
    { me::BudgetContext ctx(5e7, "quiet"); }
    CHECK(quiet.finish().empty());
}

TEST_CASE("BudgetContext::summary() has the reference's per-context format", "[budget][summary]") {
    me::budget_reset();
    me::BudgetContext ctx(1e6, "mlp");
    for (int i = 0; i < 3; ++i) me::exp(filled({100}));
    me::add(filled({20}), filled({20}));
    me::detail::charge(me::detail::op_index("einsum"), 131'072);
    const std::string expected =
        "mechestim FLOP Budget Summary [mlp]\n"
        "===================================\n"
        "  Total budget:       1,000,000\n"
        "  Used:                 131,392  (13.1%)\n"
        "  Remaining:            868,608  (86.9%)\n"
        "\n"
        "  By operation:\n"
        "    einsum                131,072  ( 99.8%)  [1 call]\n"
        "    exp                       300  (  0.2%)  [3 calls]\n"
        "    add                        20  (  0.0%)  [1 call]\n";
    CHECK(ctx.summary() == expected);

    me::BudgetContext empty(2500);
    CHECK(empty.summary() ==
          "mechestim FLOP Budget Summary\n"
          "=============================\n"
          "  Total budget:           2,500\n"
          "  Used:                       0  (0.0%)\n"
          "  Remaining:              2,500  (100.0%)\n");
}

// ---------------------------------------------------------------------------------------
// Issue 7, defect 5: a guard pops the stack it pushed, whichever thread destroys it.

TEST_CASE("a guard moved to another thread pops the stack of the thread that entered", "[budget][threads][regression]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    me::BudgetContext parent(1e9, "parent");  // on this thread's stack too
    std::optional<me::detail::stack_entry> handed;
    std::atomic<int> stage{0};
    std::thread worker([&] {
        handed.emplace(parent.enter());  // pushed on the worker's stack
        me::exp(1.0);                     // charged to parent
        stage = 1;
        while (stage != 2) std::this_thread::yield();
        me::exp(1.0);  // the guard is gone: the worker's stack is empty, this charges the default
        stage = 3;
    });
    while (stage != 1) std::this_thread::yield();
    handed.reset();  // destroyed here, on the main thread: pops the worker's stack, not this one
    stage = 2;
    while (stage != 3) std::this_thread::yield();
    worker.join();
    CHECK(parent.flops_used() == 1);
    me::exp(1.0);  // this thread's stack still holds parent
    CHECK(parent.flops_used() == 2);
    CHECK(session_ns("(default)").flops_used == 1);
}

TEST_CASE("a context destroyed on another thread leaves its creator's stack", "[budget][threads][regression]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    auto ctx = std::make_unique<me::BudgetContext>(1e9, "handed");
    me::exp(1.0);
    CHECK(ctx->flops_used() == 1);
    std::thread([c = std::move(ctx)]() mutable { c.reset(); }).join();
    // The context is gone and off this thread's stack: after a reset nothing refers to it,
    // and the next op charges the default (AddressSanitizer saw a use-after-free here).
    me::budget_reset();
    me::exp(1.0);
    const auto d = me::budget_summary_dict(true);
    CHECK(d.by_namespace.count("handed") == 0);
    CHECK(d.by_namespace.at("(default)").flops_used == 1);
}

TEST_CASE("a guard outliving the thread that entered is harmless", "[budget][threads][regression]") {
    env_guard env("MECHESTIM_DEFAULT_BUDGET", std::nullopt);
    me::BudgetContext parent(1e9, "outlived");
    std::optional<me::detail::stack_entry> handed;
    std::thread([&] {
        handed.emplace(parent.enter());
        me::exp(1.0);
    }).join();  // the thread's stack was emptied when it exited
    std::thread([] { me::exp(1.0); }).join();  // a new thread may reuse that slot: it starts empty
    handed.reset();
    CHECK(parent.flops_used() == 1);
    CHECK(session_ns("(default)").flops_used == 1);
}

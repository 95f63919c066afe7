// The two seed pages of the original, ported line by line, with their exact numbers.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

namespace {

struct expected_op {
    const char* name;
    me::flops_t flops;
    std::int64_t calls;
};

void check_ops(const me::BudgetContext& ctx, std::initializer_list<expected_op> ops) {
    me::flops_t total = 0;
    for (const auto& op : ops) {
        INFO(op.name);
        CHECK(ctx.operation(op.name).flop_cost == op.flops);
        CHECK(ctx.operation(op.name).calls == op.calls);
        total += op.flops;
    }
    CHECK(ctx.flops_used() == total);
}

// The first-budget page's MLP: Kaiming-scaled weights (randn * scale), ReLU layers, a sum.
me::array<double> first_budget_mlp(std::size_t depth = 10, std::size_t width = 256) {
    const double scale = std::sqrt(2.0 / static_cast<double>(width));
    std::vector<me::array<double>> weights;
    for (std::size_t i = 0; i < depth; ++i) weights.push_back(me::random::randn(width, width) * scale);
    const auto x = me::random::randn(width);
    auto h = x;
    for (const auto& W : weights) {
        h = me::einsum("ij,j->i", W, h);
        h = me::maximum(h, 0.0);
    }
    return me::sum(h);
}

constexpr std::initializer_list<expected_op> first_budget_ops = {
    {"einsum", 1'310'720, 10}, {"random.randn", 655'616, 11}, {"maximum", 2'560, 10},
    {"sum", 256, 1},           {"multiply", 655'360, 10},
};

me::array<double> function_budget_mlp() {
    ME_BUDGET(5e7, "mlp-forward");
    return first_budget_mlp();
}

}  // namespace

TEST_CASE("index page: 5-layer MLP in an explicit 1e8 context", "[seeds]") {
    me::budget_reset();
    me::BudgetContext budget(1e8, "mlp-forward");
    const std::size_t depth = 5, width = 256;
    const auto scale = me::sqrt(me::array<double>(2.0 / width));
    std::vector<me::array<double>> weights;
    for (std::size_t i = 0; i < depth; ++i) weights.push_back(me::multiply(me::random::randn(width, width), scale));
    auto h = me::random::randn(width);
    for (std::size_t i = 0; i < depth; ++i) {
        h = me::einsum("ij,j->i", weights[i], h);
        if (i < depth - 1) h = me::maximum(h, 0.0);
    }
    CHECK(budget.flops_used() == 1'312'001);
    CHECK(budget.flops_remaining() == 98'687'999);
    check_ops(budget, {{"einsum", 655'360, 5},
                       {"random.randn", 327'936, 6},
                       {"multiply", 327'680, 5},
                       {"maximum", 1'024, 4},
                       {"sqrt", 1, 1}});
}

TEST_CASE("first-budget page: the global default context counts the 10-layer MLP", "[seeds]") {
    me::budget_reset();
    first_budget_mlp();
    const auto summary = me::budget_summary_dict(true);
    const auto& ns = summary.by_namespace.at("(default)");
    me::flops_t total = 0;
    for (const auto& op : first_budget_ops) {
        INFO(op.name);
        CHECK(ns.operations.at(op.name).flop_cost == op.flops);
        CHECK(ns.operations.at(op.name).calls == op.calls);
        total += op.flops;
    }
    CHECK(ns.flops_used == total);
    CHECK(total == 2'624'512);  // 1,969,152 of the seed + the 655,360 of `* scale`, counted in C++
    CHECK(ns.flop_budget == 1'000'000'000'000'000);
    me::budget_reset();
}

TEST_CASE("first-budget page: explicit context with a namespace", "[seeds]") {
    me::budget_reset();
    me::BudgetContext budget(50'000'000, "mlp-forward");
    first_budget_mlp();
    check_ops(budget, first_budget_ops);
    CHECK(budget.flops_remaining() == 50'000'000 - 2'624'512);
}

TEST_CASE("first-budget page: function budget, every call draws from one budget", "[seeds]") {
    me::budget_reset();
    function_budget_mlp();
    function_budget_mlp();
    const auto summary = me::budget_summary_dict(true);
    const auto& ns = summary.by_namespace.at("mlp-forward");
    CHECK(ns.flop_budget == 50'000'000);  // counted once, not once per call
    CHECK(ns.flops_used == 2 * 2'624'512);
    CHECK(ns.operations.at("einsum").calls == 20);
    me::budget_reset();
}

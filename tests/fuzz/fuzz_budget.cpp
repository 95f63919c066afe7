// libFuzzer target: budget values, multipliers, namespaces and MECHESTIM_DEFAULT_BUDGET.
//
// A BudgetContext is either made (with a budget of at least 1 FLOP, the value truncated)
// or refused with InvalidBudgetError / ValueError; the variable is either parsed in full
// (at least 1, finite) or refused naming itself; a charge never exceeds a budget, the
// summaries (text and JSON) never throw, and nothing but me:: errors escapes.
#include <mechestim/mechestim.hpp>

#include "fuzz_common.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace {

void contexts(fuzz::reader& in) {
    const double budget = in.value<double>();
    const double multiplier = in.byte() % 2 ? in.value<double>() : 1.0;
    const std::string name = in.text(24);
    try {
        me::BudgetContext ctx(budget, name, {.flop_multiplier = multiplier});
        fuzz::require(std::isfinite(budget) && budget >= 1, "a budget below 1, NaN or infinite was accepted");
        fuzz::require(ctx.flop_budget() >= 1, "a context's budget is below 1");
        const me::flops_t cost = 1 + static_cast<me::flops_t>(in.below(200));
        try {
            me::detail::charge(me::detail::op_index("add"), cost);
            fuzz::require(ctx.flops_used() <= ctx.flop_budget(), "a charge overspent its budget");
        } catch (const me::BudgetExhaustedError& e) {
            fuzz::require(ctx.flops_used() == 0, "a refused charge charged something");
            fuzz::require(e.flop_cost > e.flops_remaining, "BudgetExhaustedError for a cost that fits");
        }
        (void)ctx.summary();
        (void)me::budget_summary_string();
        (void)me::budget_summary_dict(true).to_json();
    } catch (const me::InvalidBudgetError&) {
        fuzz::require(!(std::isfinite(budget) && budget >= 1) || !(multiplier > 0 && std::isfinite(multiplier)),
                      "a valid budget and multiplier were refused");
    } catch (const me::ValueError&) {  // a namespace that is not UTF-8
    }
}

void default_budget(fuzz::reader& in) {
    const std::string text = in.text(32);
    ::setenv("MECHESTIM_DEFAULT_BUDGET", text.c_str(), 1);
    me::budget_reset();
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    const bool valid = !text.empty() && *end == '\0' && std::isfinite(parsed) && parsed >= 1;
    try {
        (void)me::exp(1.0);  // creates the default from the variable
        fuzz::require(valid, "an invalid MECHESTIM_DEFAULT_BUDGET was accepted");
    } catch (const me::InvalidBudgetError& e) {
        fuzz::require(!valid, "a valid MECHESTIM_DEFAULT_BUDGET was refused");
        fuzz::require(std::string(e.what()).find("MECHESTIM_DEFAULT_BUDGET") != std::string::npos,
                      "the error does not name the variable");
    } catch (const me::BudgetExhaustedError&) {
        fuzz::require(valid, "an invalid default was used");
    }
    ::unsetenv("MECHESTIM_DEFAULT_BUDGET");
    me::budget_reset();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::reader in(data, size);
    if (in.byte() % 2) contexts(in);
    else default_budget(in);
    me::budget_reset();
    return 0;
}

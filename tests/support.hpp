// Helpers shared by the unit-test programs.
#pragma once

#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

namespace test_support {

/// An array of the given shape with every element `v`.
inline me::array<double> filled(const me::shape_t& shape, double v = 0.5) {
    auto a = me::array<double>::uninitialized(shape);
    std::fill(a.begin(), a.end(), v);
    return a;
}

/// Sets (or unsets, with nullopt) an environment variable and discards the global default,
/// restoring both on destruction.
class env_guard {
public:
    env_guard(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
        me::budget_reset();
    }
    ~env_guard() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
        me::budget_reset();
    }
    env_guard(const env_guard&) = delete;
    env_guard& operator=(const env_guard&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

/// Runs a free op `f` three ways: inside a fresh context (nothing charged), inside an
/// exhausted one (it still runs), and with no context at all (the global default is not created).
template <class F>
void check_free(F f) {
    {
        me::BudgetContext ctx(1);
        f();
        CHECK(ctx.flops_used() == 0);
    }
    {
        me::BudgetContext ctx(1);
        me::detail::charge(me::detail::op_index("add"), 1);
        REQUIRE(ctx.flops_remaining() == 0);
        f();
        CHECK(ctx.flops_used() == 1);
    }
    me::budget_reset();
    f();
    CHECK(me::detail::session().default_context == nullptr);
}

}  // namespace test_support

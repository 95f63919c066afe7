// Helpers shared by the unit-test programs.
#pragma once

#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <string>

#include <unistd.h>

namespace test_support {

/// An array of the given shape with every element `v`.
inline me::array<double> filled(const me::shape_t& shape, double v = 0.5) {
    auto a = me::array<double>::uninitialized(shape);
    std::fill(a.begin(), a.end(), v);
    return a;
}

/// 1, 2, 3, ... in row-major order (start adjustable): distinct values that show misplaced elements.
inline me::array<double> iota(const me::shape_t& shape, double start = 1.0) {
    auto a = me::array<double>::uninitialized(shape);
    double v = start;
    for (auto& x : a) x = v++;
    return a;
}

/// Runs f() in a fresh context and checks that it charged exactly `cost`, in one call of `op`.
template <class F>
void check_charge(F&& f, const std::string& op, me::flops_t cost) {
    INFO("op " << op);
    me::BudgetContext budget(1e15);
    f();
    CHECK(budget.flops_used() == cost);
    CHECK(budget.operation(op).flop_cost == cost);
    CHECK(budget.operation(op).calls == 1);
}

/// With a budget one FLOP short, f() must raise BudgetExhaustedError naming `op` and charge nothing.
/// (A budget is at least 1 FLOP: for a cost of 1, the budget of 1 is spent first by another op.)
template <class F>
void check_too_small(F&& f, const std::string& op, me::flops_t cost) {
    INFO("op " << op);
    me::BudgetContext budget(static_cast<double>(std::max<me::flops_t>(cost - 1, 1)));
    const me::flops_t spent = cost - 1 < 1 ? 1 : 0;
    if (spent) me::detail::charge(op == "add" ? me::detail::op_index("subtract") : me::detail::op_index("add"), spent);
    try {
        f();
        FAIL("no BudgetExhaustedError");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.op_name == op);
        CHECK(e.flop_cost == cost);
        CHECK(e.flops_remaining == std::max<me::flops_t>(cost - 1, 1) - spent);
    }
    CHECK(budget.flops_used() == spent);
    CHECK(budget.operation(op).calls == 0);
}

/// f() must raise E (a me:: error) whose message contains each of `words`, charging nothing.
template <class E, class F>
void check_rejected(F&& f, std::initializer_list<const char*> words) {
    me::BudgetContext budget(1e15);
    try {
        f();
        FAIL("no error");
    } catch (const E& e) {
        const std::string what = e.what();
        for (const char* w : words) {
            INFO("message: " << what);
            CHECK(what.find(w) != std::string::npos);
        }
    }
    CHECK(budget.flops_used() == 0);
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

/// Captures what is written to a file descriptor (1 or 2) while alive, until `finish()`.
class fd_capture {
public:
    explicit fd_capture(int fd) : fd_(fd) {
        flush();
        file_ = std::tmpfile();
        saved_ = ::dup(fd_);
        ::dup2(::fileno(file_), fd_);
    }
    std::string finish() {
        flush();
        ::dup2(saved_, fd_);
        ::close(saved_);
        std::rewind(file_);
        std::string out;
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, file_)) out.append(buf, n);
        std::fclose(file_);
        return out;
    }
    fd_capture(const fd_capture&) = delete;
    fd_capture& operator=(const fd_capture&) = delete;

private:
    static void flush() {
        std::cout.flush();
        std::cerr.flush();
        std::fflush(stdout);
        std::fflush(stderr);
    }
    int fd_;
    std::FILE* file_;
    int saved_;
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

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
#include <type_traits>
#include <vector>
#include <tuple>

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


// ---------------------------------------------------------------------------------------
// Views (issue 8): a call on a view must give what it gives on an owning copy, free.

template <class X> struct is_vector : std::false_type {};
template <class X> struct is_vector<std::vector<X>> : std::true_type {};
template <class X> struct is_tuple : std::false_type {};
template <class... X> struct is_tuple<std::tuple<X...>> : std::true_type {};

/// The owning array a view shows (an array as it is).
template <class X>
auto owning(const X& x) {
    if constexpr (me::is_view_v<X>) return me::array<typename X::value_type>(x);
    else return x;
}

/// The results of one call on a view and on an owning copy: the same type (views, from
/// shape ops and diagonal, of the same element type) and the same shape and elements.
template <class X, class Y>
bool same_result(const X& x, const Y& y) {
    if constexpr (me::array_like<X>) {
        static_assert(me::array_like<Y> && std::is_same_v<typename X::value_type, typename Y::value_type>);
        static_assert(me::is_view_v<X> == me::is_view_v<Y>);
        return x.shape() == y.shape() && me::identical(x, y);
    } else if constexpr (is_vector<X>::value) {
        static_assert(std::is_same_v<X, Y>);
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same_result(x[i], y[i])) return false;
        return true;
    } else if constexpr (is_tuple<X>::value) {
        static_assert(std::is_same_v<X, Y>);
        return std::apply([&](const auto&... xs) {
            return std::apply([&](const auto&... ys) { return (same_result(xs, ys) && ...); }, y);
        }, x);
    } else {
        static_assert(std::is_same_v<X, Y>);
        return x == y;
    }
}

/// f(view) is free (no charge, no default budget) and equals f on an owning copy.
template <class V, class F>
void same_as_owned(const V& view, F&& f) {
    const me::array<typename V::value_type> owned(view);
    check_free([&] { (void)f(view); });
    CHECK(same_result(f(view), f(owned)));
}

/// The same on a strided (non-contiguous) view and on a contiguous one.
template <class S, class C, class F>
void on_views(const char* what, const S& strided, const C& contiguous, F&& f) {
    INFO(what);
    REQUIRE(!strided.is_contiguous());
    REQUIRE(contiguous.is_contiguous());
    same_as_owned(strided, f);
    same_as_owned(contiguous, f);
}

}  // namespace test_support

// A charge allocates nothing in the steady state (no log kept): this program replaces the
// global operator new to count allocations.
#include <mechestim/budget.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("a charge to an open context allocates nothing", "[budget][charge]") {
    me::BudgetContext outer(1e12, "outer");
    me::BudgetContext inner(1e12, "inner");
    constexpr auto id = me::detail::op_index("add");
    me::detail::charge(id, 8);  // warm-up
    const long before = allocations.load();
    for (int i = 0; i < 10'000; ++i) me::detail::charge(id, 8);
    CHECK(allocations.load() == before);
    CHECK(inner.flops_used() == 8 * 10'001);
    CHECK(outer.flops_used() == 8 * 10'001);
}

TEST_CASE("a charge to the global default allocates nothing once it exists", "[budget][charge]") {
    me::budget_reset();
    constexpr auto id = me::detail::op_index("multiply");
    me::detail::charge(id, 3);  // creates the default context
    const long before = allocations.load();
    for (int i = 0; i < 10'000; ++i) me::detail::charge(id, 3);
    CHECK(allocations.load() == before);
    me::budget_reset();
}

TEST_CASE("keep_log records allocate, as documented", "[budget][charge]") {
    me::BudgetContext ctx(1e12, "logged", {.keep_log = true});
    const long before = allocations.load();
    me::detail::charge(me::detail::op_index("add"), 8);
    CHECK(allocations.load() > before);
    REQUIRE(ctx.op_log().size() == 1);
    CHECK(ctx.op_log()[0].op_name == "add");
}

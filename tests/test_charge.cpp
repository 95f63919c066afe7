// A charge allocates nothing in the steady state (no log kept): this program replaces the
// global operator new to count allocations.
#include <mechestim/budget.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>
#include <vector>

namespace {
std::atomic<long> allocations{0};
}

// Every form that allocates with malloc is replaced, and every form that frees with free:
// a form left to the runtime (the nothrow new, say) would allocate with its own allocator
// and be freed here, which AddressSanitizer reports as an alloc-dealloc mismatch.
// ThreadSanitizer's runtime defines these operators itself: under it the allocation
// counting is compiled out and its tests ([allocations]) are not run (scripts/ci.sh tsan).
#if defined(__SANITIZE_THREAD__)
#define ME_TEST_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ME_TEST_UNDER_TSAN 1
#endif
#endif

#ifndef ME_TEST_UNDER_TSAN
namespace {
void* counted_malloc(std::size_t n) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n == 0 ? 1 : n);
}
}  // namespace

void* operator new(std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
// GCC 12 flags free() in a replaced operator delete as mismatched with operator new, not
// seeing that operator new above is replaced too (it mallocs).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif  // ME_TEST_UNDER_TSAN

TEST_CASE("a charge to an open context allocates nothing", "[budget][charge][allocations]") {
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

TEST_CASE("a charge to the global default allocates nothing once it exists", "[budget][charge][allocations]") {
    me::budget_reset();
    constexpr auto id = me::detail::op_index("multiply");
    me::detail::charge(id, 3);  // creates the default context
    const long before = allocations.load();
    for (int i = 0; i < 10'000; ++i) me::detail::charge(id, 3);
    CHECK(allocations.load() == before);
    me::budget_reset();
}

TEST_CASE("keep_log records allocate, as documented", "[budget][charge][allocations]") {
    me::BudgetContext ctx(1e12, "logged", {.keep_log = true});
    const long before = allocations.load();
    me::detail::charge(me::detail::op_index("add"), 8);
    CHECK(allocations.load() > before);
    REQUIRE(ctx.op_log().size() == 1);
    CHECK(ctx.op_log()[0].op_name == "add");
}

TEST_CASE("an owned context handed to other threads while its owner charges loses no FLOP", "[budget][charge][threads]") {
    for (int round = 0; round < 20; ++round) {
        me::BudgetContext ctx(1e15, "handoff");
        constexpr auto id = me::detail::op_index("add");
        std::atomic<bool> go{false};
        std::vector<std::thread> workers;
        for (int w = 0; w < 3; ++w)
            workers.emplace_back([&] {
                while (!go.load()) std::this_thread::yield();
                const auto entry = ctx.enter();  // takes the context over from its owner, mid-charge
                for (int i = 0; i < 2'000; ++i) me::detail::charge(id, 3);
            });
        go.store(true);
        for (int i = 0; i < 20'000; ++i) me::detail::charge(id, 1);  // the owner keeps charging
        for (auto& t : workers) t.join();
        CHECK(ctx.flops_used() == 20'000 + 3 * 2'000 * 3);
        CHECK(ctx.operation("add").calls == 20'000 + 3 * 2'000);
    }
}

TEST_CASE("the global default used from several threads loses no FLOP", "[budget][charge][threads]") {
    me::budget_reset();
    constexpr auto id = me::detail::op_index("subtract");
    me::detail::charge(id, 1);  // the main thread owns the default
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w)
        workers.emplace_back([] {
            for (int i = 0; i < 5'000; ++i) me::detail::charge(id, 2);
        });
    for (int i = 0; i < 5'000; ++i) me::detail::charge(id, 1);
    for (auto& t : workers) t.join();
    const auto* d = me::detail::session().default_context.get();
    REQUIRE(d != nullptr);
    CHECK(d->used.get() == 1 + 4 * 5'000 * 2 + 5'000);
    me::budget_reset();
}

TEST_CASE("the locked fallback is what MECHESTIM_LOCKED_CHARGES builds", "[budget][charge]") {
#ifdef MECHESTIM_LOCKED_CHARGES
    // The portable path: no membarrier, every charge under the lock, and still exact.
    CHECK_FALSE(me::detail::lock_free_charges_available());
    me::BudgetContext ctx(100, "locked");
    me::detail::charge(me::detail::op_index("add"), 7);
    CHECK(ctx.flops_used() == 7);
    CHECK(me::detail::lock_free_slot == nullptr);
#else
    INFO("membarrier(2) is " << (ME_DETAIL_HAVE_MEMBARRIER ? "compiled in" : "not available"));
    CHECK(me::detail::lock_free_charges_available() == bool(ME_DETAIL_HAVE_MEMBARRIER));
#endif
}

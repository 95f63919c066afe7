/// @file budget.hpp
/// @brief FLOP budgets: `BudgetContext`, the per-thread stack, the lazy global default,
/// function budgets (`ME_BUDGET`, `me::budgeted`) and the session record behind the
/// summaries (summary.hpp reads it; this header does not include summary.hpp).
///
/// Design:
/// - A charge is all-or-nothing: it checks every context on the calling thread's stack,
///   then commits to all of them, under one process-wide lock, so nested contexts shared
///   between threads cannot deadlock or see half a charge.
/// - Most charges take no lock: a context charged by one thread only is "owned" by it and
///   charged with relaxed loads and stores (see "Ownership" below). Per-op tallies are
///   indexed by the op's compile-time id, so a charge allocates nothing unless a log is kept.
/// - Each thread's stack lives in a slot that is never freed. A guard (a context, or the
///   result of `enter()`) pops the stack it pushed, from whichever thread destroys it.
/// - The session record keeps the contexts that are alive; a context that goes away is
///   folded into its namespace's totals, so memory grows with namespaces, not contexts.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

// Lock-free charges need membarrier(2) (Linux 4.14+). Elsewhere, or with
// MECHESTIM_LOCKED_CHARGES defined, every charge takes the lock: slower, equally exact.
#if !defined(MECHESTIM_LOCKED_CHARGES) && defined(__linux__) && __has_include(<linux/membarrier.h>) && \
    __has_include(<sys/syscall.h>)
#define ME_DETAIL_HAVE_MEMBARRIER 1
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#define ME_DETAIL_HAVE_MEMBARRIER 0
#endif

#include <fmt/format.h>

#include "detail/format.hpp"
#include "detail/ops.hpp"
#include "detail/report.hpp"
#include "errors.hpp"
#include "flops/count.hpp"
#include "version.hpp"

namespace me {

/// Options of a `BudgetContext`.
struct BudgetOptions {
    double flop_multiplier = 1.0;  ///< charged = floor(cost * flop_multiplier)
    bool quiet = true;             ///< false: print a one-line banner to stderr on entry
    bool keep_log = false;         ///< true: record every charge in `op_log()`
};

/// One charge, as kept in `op_log()` when `keep_log` is on.
struct OpRecord {
    std::string op_name;                           ///< e.g. "einsum", "random.randn"
    std::string subscripts;                        ///< einsum subscripts, empty otherwise
    std::vector<std::vector<std::size_t>> shapes;  ///< input shapes
    flops_t flop_cost = 0;                         ///< charged to this context
    flops_t cumulative = 0;                        ///< this context's use after the charge
};

/// Per-operation totals.
struct OpTally {
    flops_t flop_cost = 0;
    std::int64_t calls = 0;
};

namespace detail {

/// Validated budget value: finite and at least 1, truncated like Python's int(float).
/// A budget below 1 FLOP could not pay for any counted op, so it is refused rather than
/// read as 0.
inline flops_t budget_from_double(double b, std::string_view what) {
    if (!std::isfinite(b) || !(b >= 1.0))
        throw InvalidBudgetError(cat(what, " must be a finite number of FLOPs, at least 1, got ", general_number(b)));
    // Budgets beyond flops_t stop one short of the maximum, so a saturated cost still fails.
    if (b >= 9.2e18) return flops_max - 1;
    return static_cast<flops_t>(b);
}

/// A counter with one writer at a time (the context's owning thread, or whoever holds the
/// budget lock) and any number of readers: relaxed atomic loads and stores, never a
/// read-modify-write, because one locked instruction costs ~6 ns on the machines we
/// measure, more than the rest of a charge. No overflow check: every counter of a context
/// is bounded by its use, which a charge keeps within its budget (< flops_max).
struct relaxed_counter {
    std::atomic<std::int64_t> value{0};
    [[gnu::always_inline]] std::int64_t get() const noexcept { return value.load(std::memory_order_relaxed); }
    [[gnu::always_inline]] void add(std::int64_t d) noexcept { value.store(get() + d, std::memory_order_relaxed); }
    void reset() noexcept { value.store(0, std::memory_order_relaxed); }
};

struct tally_counter {
    relaxed_counter flop_cost, calls;
    [[gnu::always_inline]] void add(flops_t cost) noexcept {
        flop_cost.add(cost);
        calls.add(1);
    }
    OpTally get() const noexcept { return {flop_cost.get(), calls.get()}; }
};

using tally_table = std::array<tally_counter, op_count>;
using tally_map = std::map<std::string, OpTally, std::less<>>;

inline std::array<OpTally, op_count> snapshot(const tally_table& t) {
    std::array<OpTally, op_count> out{};
    for (std::size_t i = 0; i < op_count; ++i) out[i] = t[i].get();
    return out;
}

inline void add_tally(OpTally& into, const OpTally& t) {
    into.flop_cost = saturating_add(into.flop_cost, t.flop_cost);
    into.calls += t.calls;
}

inline void add_tallies(tally_map& into, const std::array<OpTally, op_count>& tallies) {
    for (std::size_t i = 0; i < op_count; ++i)
        if (tallies[i].calls != 0) add_tally(into[std::string(op_name(static_cast<op_id>(i)))], tallies[i]);
}

inline void add_tallies(tally_map& into, const tally_map& tallies) {
    for (const auto& [name, t] : tallies) add_tally(into[name], t);
}

/// The lock behind all budget state: test-and-test-and-set on one atomic. Uncontended it
/// costs an exchange and a store, several times cheaper than std::mutex here, which keeps
/// a charge within a few nanoseconds; under contention it yields, since the critical
/// sections are a handful of additions.
class spin_lock {
public:
    void lock() noexcept {
        while (locked_.exchange(true, std::memory_order_acquire))
            while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    std::atomic<bool> locked_{false};
};

/// Storage for process-wide state that is never destroyed: contexts with static storage
/// (function budgets) may be destroyed after it would have been, and still report to it.
template <class T>
union never_destroyed {
    T value;
    constexpr never_destroyed() : value() {}
    ~never_destroyed() {}
};

struct budget_state;

/// A thread's stack of open contexts, innermost last. The owning thread reads it without
/// the lock while charging; every change is made under the session lock (by another
/// thread only through `edit_remote_stack`), hence the relaxed atomics.
struct context_stack {
    static constexpr std::size_t capacity = 64;
    std::atomic<budget_state*> items[capacity]{};
    std::atomic<std::size_t> count{0};

    std::size_t size() const noexcept { return count.load(std::memory_order_relaxed); }
    bool empty() const noexcept { return size() == 0; }
    budget_state* at(std::size_t i) const noexcept { return items[i].load(std::memory_order_relaxed); }
    bool contains(const budget_state* st) const noexcept {
        for (std::size_t i = 0, n = size(); i < n; ++i)
            if (at(i) == st) return true;
        return false;
    }
    void push(budget_state* st) noexcept {
        const std::size_t n = size();
        items[n].store(st, std::memory_order_relaxed);
        count.store(n + 1, std::memory_order_relaxed);
    }
    void remove(const budget_state* st) noexcept {  // normally the top; out-of-order removal is exact too
        const std::size_t n = size();
        for (std::size_t i = n; i-- > 0;)
            if (at(i) == st) {
                for (std::size_t j = i + 1; j < n; ++j) items[j - 1].store(at(j), std::memory_order_relaxed);
                count.store(n - 1, std::memory_order_relaxed);
                return;
            }
    }
    void clear() noexcept { count.store(0, std::memory_order_relaxed); }
};

/// One per thread that uses budgets, never freed and reused after its thread exits: a
/// guard pops the stack of the slot it pushed, from any thread, and a context owned by a
/// thread points at its slot (see "Ownership").
struct thread_slot {
    std::atomic<bool> charging{false};  ///< its thread is in a lock-free charge
    std::atomic<bool> editing{false};   ///< another thread is changing `stack`: charge under the lock
    std::uint64_t generation = 0;       ///< bumped (under the lock) when its thread exits
    context_stack stack;
};

/// Everything a budget knows. Shared by the `BudgetContext` that opened it, the guards
/// that entered it and function budgets; the session record points at it while it lives
/// and folds it into its namespace's totals when it goes.
struct budget_state : std::enable_shared_from_this<budget_state> {
    budget_state(std::string ns, flops_t b, BudgetOptions o, bool is_global = false)
        : name_space(std::move(ns)), budget(b), multiplier(o.flop_multiplier), keep_log(o.keep_log),
          is_default(is_global) {}
    budget_state(const budget_state&) = delete;
    budget_state& operator=(const budget_state&) = delete;
    inline ~budget_state();

    const std::string name_space;  // empty: unnamed explicit context
    const flops_t budget;
    const double multiplier;
    const bool keep_log;
    const bool is_default;
    // Written by the owning thread without the lock while the context is exclusive, else
    // under session().mutex; readable from anywhere.
    relaxed_counter used;
    tally_table tallies{};
    tally_table root_tallies{};  // charges for which this context was the outermost: the session's totals
    // Under session().mutex (read without it only by the owner's fast path):
    std::vector<OpRecord> log;
    std::atomic<std::uint64_t> session_epoch{0};  // which session record holds it (0: none yet)
    std::size_t live_index = 0;                   // its place in that record's `live` list
    // Was the bottom of some thread's stack in this session: its budget then counts in the
    // session total. A function budget first called nested and later at top level becomes
    // root then, so its budget is counted once, and only when it drew FLOPs on its own.
    std::atomic<bool> session_root{false};
    // The one thread that charges it, while no other thread has entered it (null: none yet;
    // shared_owner: shared for good, every charge takes the lock).
    std::atomic<thread_slot*> owner{nullptr};

    [[gnu::always_inline]] flops_t adjust(flops_t cost) const {
        if (multiplier == 1.0 || cost == flops_max) return cost;
        const long double scaled = std::floor(static_cast<long double>(cost) * multiplier);
        return scaled >= static_cast<long double>(flops_max) ? flops_max : static_cast<flops_t>(scaled);
    }

    std::string display_name() const {
        if (is_default) return "(default)";
        return name_space.empty() ? std::string("(unnamed)") : name_space;
    }
};

/// What the session remembers of the contexts that went away, by namespace.
struct namespace_totals {
    flops_t flop_budget = 0;
    flops_t flops_used = 0;
    tally_map operations;
};

struct session_data {
    std::map<std::string, namespace_totals, std::less<>> closed;  ///< folded contexts, by namespace
    std::vector<std::string> order;                               ///< namespaces by first appearance
    std::map<std::string, std::size_t, std::less<>> seen;         ///< namespace -> index in `order`
    flops_t closed_root_budget = 0;                               ///< budgets of folded root contexts
    tally_map closed_operations;                                  ///< session tallies of folded contexts

    void note(const std::string& ns) {
        if (seen.try_emplace(ns, order.size()).second) order.push_back(ns);
    }
    void clear() {
        closed.clear();
        order.clear();
        seen.clear();
        closed_root_budget = 0;
        closed_operations.clear();
    }
};

/// The process-wide record of what contexts charged, until `budget_reset()`.
struct session_record {
    spin_lock mutex;
    std::atomic<std::uint64_t> epoch{1};
    std::vector<budget_state*> live;  ///< contexts recorded in this epoch that still exist
    session_data* record = nullptr;   ///< created on first use, never freed (see never_destroyed)
    std::shared_ptr<budget_state> default_context;
    std::atomic<budget_state*> default_raw{nullptr};  // default_context.get(), for lock-free charges

    session_data& data() {
        if (record == nullptr) record = new session_data;
        return *record;
    }
};

// constinit: no initialisation guard on the charge path.
inline constinit never_destroyed<session_record> session_instance{};

inline session_record& session() noexcept { return session_instance.value; }

template <class F>
auto with_lock(F&& f) {
    std::lock_guard lock(session().mutex);
    return f();
}

// Caller holds session().mutex.
inline void record_locked(budget_state& st, bool root) {
    auto& s = session();
    const auto epoch = s.epoch.load(std::memory_order_relaxed);
    if (st.session_epoch.load(std::memory_order_relaxed) == epoch) {
        if (root) st.session_root.store(true, std::memory_order_relaxed);
        return;
    }
    s.data().note(st.display_name());
    st.live_index = s.live.size();
    s.live.push_back(&st);
    st.session_epoch.store(epoch, std::memory_order_relaxed);
    st.session_root.store(root, std::memory_order_relaxed);
}

/// A context leaving the record: its namespace keeps its budget, use and tallies.
budget_state::~budget_state() {
    auto& s = session();
    std::lock_guard lock(s.mutex);
    if (session_epoch.load(std::memory_order_relaxed) != s.epoch.load(std::memory_order_relaxed)) return;
    s.live[live_index] = s.live.back();
    s.live[live_index]->live_index = live_index;
    s.live.pop_back();
    if (is_default && used.get() == 0) return;  // the default appears once it has charged
    session_data& d = s.data();
    namespace_totals& ns = d.closed[display_name()];
    ns.flop_budget = saturating_add(ns.flop_budget, budget);
    ns.flops_used = saturating_add(ns.flops_used, used.get());
    add_tallies(ns.operations, snapshot(tallies));
    if (session_root.load(std::memory_order_relaxed)) d.closed_root_budget = saturating_add(d.closed_root_budget, budget);
    add_tallies(d.closed_operations, snapshot(root_tallies));
}

inline std::shared_ptr<budget_state> make_default_state() {
    double value = 1e15;
    if (const char* env = std::getenv("MECHESTIM_DEFAULT_BUDGET"); env != nullptr) {
        char* end = nullptr;
        value = std::strtod(env, &end);
        if (end == env || *end != '\0' || !std::isfinite(value) || !(value >= 1.0))
            throw InvalidBudgetError(fmt::format(
                "MECHESTIM_DEFAULT_BUDGET={:?} is not a finite number of FLOPs of at least 1 (e.g. 1e9)", env));
    }
    return std::make_shared<budget_state>(std::string{}, budget_from_double(value, "MECHESTIM_DEFAULT_BUDGET"),
                                          BudgetOptions{}, true);
}

// ---------------------------------------------------------------------------------------
// Ownership: why most charges take no lock.
//
// A context charged by one thread only (the common case) is "owned" by that thread, which
// then charges it without the lock: relaxed loads and stores, no atomic read-modify-write.
// When a second thread enters it (enter(), a shared function budget, the global default
// used from two threads), the context becomes shared for good and every charge to it takes
// the lock. The switch is an asymmetric Dekker handshake: the owner raises its `charging`
// flag and then reads `owner`; the switching thread, holding the lock, stores the sentinel
// into `owner`, issues membarrier(2) (a full barrier on every running thread of the
// process, so the owner's cheap path needs only a compiler barrier), then waits until the
// owner's flag is down. Either the owner saw the sentinel and took the lock, or the
// switcher waits for the owner's lock-free charge to finish. A thread that pops another
// thread's stack (a guard destroyed elsewhere) uses the same handshake on that thread's
// `editing` flag. Where membarrier is not available, no context is ever owned and every
// charge takes the lock.
// ---------------------------------------------------------------------------------------

inline thread_slot* const shared_owner = reinterpret_cast<thread_slot*>(std::uintptr_t{1});

inline bool lock_free_charges_available() noexcept {
#if ME_DETAIL_HAVE_MEMBARRIER
    static const bool ok = ::syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
    return ok;
#else
    return false;
#endif
}

/// A full memory barrier on every running thread of the process (only called when
/// lock-free charges are available).
inline void barrier_all_threads() noexcept {
#if ME_DETAIL_HAVE_MEMBARRIER
    // The handshakes are only safe once the barrier happened: a failure (the kernel may
    // run out of memory for its CPU mask) is retried, never skipped.
    while (::syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0) std::this_thread::yield();
#endif
}

inline thread_local constinit thread_slot* this_thread_slot = nullptr;
/// This thread's slot when lock-free charges are available, else null: the fast path's test.
inline thread_local constinit thread_slot* lock_free_slot = nullptr;

/// Every slot ever made, and those whose thread has exited (ready for reuse).
struct slot_pool {
    spin_lock mutex;
    std::vector<thread_slot*> all;
    std::vector<thread_slot*> free;
};
inline constinit never_destroyed<slot_pool> slots_instance{};

/// Returns this thread's slot to the pool when the thread exits: its stack is emptied, and
/// guards that are still alive elsewhere see the new generation and leave it alone.
struct slot_release {
    ~slot_release() {
        thread_slot* const slot = this_thread_slot;
        if (slot == nullptr) return;
        {
            std::lock_guard lock(session().mutex);
            slot->stack.clear();
            ++slot->generation;
        }
        this_thread_slot = nullptr;
        lock_free_slot = nullptr;
        auto& pool = slots_instance.value;
        std::lock_guard lock(pool.mutex);
        pool.free.push_back(slot);
    }
};

/// This thread's slot, taken on first need (never from a lock-free charge, never under the
/// session lock). A thread_local destroyed after `release_at_exit` that still charges takes
/// a second slot that is never returned: a slot leaked per such thread, nothing worse.
inline thread_slot& acquire_thread_slot() {
    if (this_thread_slot != nullptr) return *this_thread_slot;
    thread_local slot_release release_at_exit;
    (void)release_at_exit;
    thread_slot* slot = nullptr;
    {
        auto& pool = slots_instance.value;
        std::lock_guard lock(pool.mutex);
        if (!pool.free.empty()) {
            slot = pool.free.back();
            pool.free.pop_back();
        } else {
            slot = new thread_slot;  // never freed: guards and contexts may point at it
            pool.all.push_back(slot);
        }
    }
    this_thread_slot = slot;
    if (lock_free_charges_available()) lock_free_slot = slot;
    return *slot;
}

// Caller holds session().mutex: makes `st` owned by this thread if nobody charges it yet,
// or shared if another thread owns it.
inline void claim_locked(budget_state& st) {
    thread_slot* const mine = lock_free_slot;
    thread_slot* const current = st.owner.load(std::memory_order_relaxed);
    if (current == shared_owner || (current != nullptr && current == mine)) return;
    if (current == nullptr && mine != nullptr && !st.keep_log) {  // logs are kept under the lock only
        st.owner.store(mine, std::memory_order_relaxed);
        return;
    }
    st.owner.store(shared_owner, std::memory_order_relaxed);
    if (current == nullptr) return;
    barrier_all_threads();
    while (current->charging.load(std::memory_order_acquire)) std::this_thread::yield();
}

/// Caller holds session().mutex: runs `edit` on the stack of another thread's slot once
/// that thread is not reading it in a lock-free charge.
template <class F>
void edit_remote_stack(thread_slot& slot, F&& edit) {
    slot.editing.store(true, std::memory_order_relaxed);
    if (lock_free_charges_available()) {
        barrier_all_threads();
        while (slot.charging.load(std::memory_order_acquire)) std::this_thread::yield();
    }
    edit(slot.stack);
    slot.editing.store(false, std::memory_order_release);
}

/// No log entry details: the default for ops that have nothing beyond their name.
struct no_details {
    void operator()(OpRecord&) const {}
};

/// Commits `cost` to one context that this thread owns, if it has room: the fast path's
/// check and commit for a stack of depth 1 (or the default).
[[gnu::always_inline]] inline bool commit_owned(budget_state& ctx, thread_slot* mine, std::uint64_t epoch, op_id id,
                                                flops_t cost) noexcept {
    const flops_t adjusted = ctx.adjust(cost);
    const bool ok = ctx.owner.load(std::memory_order_relaxed) == mine &&
                    ctx.session_epoch.load(std::memory_order_relaxed) == epoch &&
                    ctx.session_root.load(std::memory_order_relaxed) && adjusted <= ctx.budget - ctx.used.get();
    if (ok) {
        ctx.used.add(adjusted);
        ctx.tallies[id].add(adjusted);
        ctx.root_tallies[id].add(adjusted);
    }
    return ok;
}

/// Checks then commits `cost` to every context this thread charges (its stack, or the
/// global default); returns false (charging nothing) when the caller must take the locked
/// path: a context not owned by this thread, a session record to update, a stack another
/// thread is editing, or a budget that would be exceeded (the locked path raises).
[[gnu::always_inline]] inline bool charge_lock_free(op_id id, flops_t cost) noexcept {
    thread_slot* const mine = lock_free_slot;
    if (mine == nullptr) return false;
    mine->charging.store(true, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the other side's membarrier makes this a full fence
    bool ok = false;
    if (!mine->editing.load(std::memory_order_acquire)) {
        const auto& stack = mine->stack;
        const std::size_t depth = stack.size();
        const auto epoch = session().epoch.load(std::memory_order_relaxed);
        if (depth == 1) {  // the common case, straight-line
            ok = commit_owned(*stack.at(0), mine, epoch, id, cost);
        } else if (depth == 0) {  // the global default, read after `charging` is up (see budget_reset)
            budget_state* const fallback = session().default_raw.load(std::memory_order_acquire);
            ok = fallback != nullptr && commit_owned(*fallback, mine, epoch, id, cost);
        } else {
            ok = true;
            for (std::size_t i = 0; i < depth && ok; ++i) {
                const budget_state& ctx = *stack.at(i);
                ok = ctx.owner.load(std::memory_order_relaxed) == mine &&
                     ctx.session_epoch.load(std::memory_order_relaxed) == epoch &&
                     (i != 0 || ctx.session_root.load(std::memory_order_relaxed)) &&
                     ctx.adjust(cost) <= ctx.budget - ctx.used.get();
            }
            if (ok) {
                for (std::size_t i = 0; i < depth; ++i) {
                    budget_state& ctx = *stack.at(i);
                    const flops_t adjusted = ctx.adjust(cost);
                    ctx.used.add(adjusted);
                    ctx.tallies[id].add(adjusted);
                }
                stack.at(0)->root_tallies[id].add(stack.at(0)->adjust(cost));
            }
        }
    }
    mine->charging.store(false, std::memory_order_release);
    return ok;
}

/// Waits until no thread is in a lock-free charge (after the caller unpublished something).
inline void wait_for_lock_free_charges() {
    if (!lock_free_charges_available()) return;
    barrier_all_threads();
    auto& pool = slots_instance.value;
    std::lock_guard lock(pool.mutex);
    for (const thread_slot* slot : pool.all)
        while (slot->charging.load(std::memory_order_acquire)) std::this_thread::yield();
}

template <class Details>
[[gnu::noinline]] void charge_locked(op_id id, flops_t cost, Details& details) {
    thread_slot& mine = acquire_thread_slot();
    auto& s = session();
    std::lock_guard lock(s.mutex);
    budget_state* targets[context_stack::capacity];
    std::size_t depth = mine.stack.size();
    for (std::size_t i = 0; i < depth; ++i) targets[i] = mine.stack.at(i);
    if (depth == 0) {
        // Recorded by the commit below, not here: a default whose first op fails stays out of the summaries.
        if (!s.default_context) {
            s.default_context = make_default_state();
            s.default_raw.store(s.default_context.get(), std::memory_order_release);
        }
        claim_locked(*s.default_context);
        targets[0] = s.default_context.get();
        depth = 1;
    }

    for (std::size_t i = depth; i-- > 0;) {
        const budget_state& ctx = *targets[i];
        const flops_t adjusted = ctx.adjust(cost);
        const flops_t remaining = ctx.budget - ctx.used.get();
        if (adjusted > remaining)
            throw BudgetExhaustedError(std::string(op_name(id)), adjusted, remaining, ctx.display_name());
    }

    // Everything that may throw (recording allocates, a log record too) happens before
    // the first counter moves: a charge that fails halfway would have spent budget for an
    // op that then never runs.
    const auto epoch = s.epoch.load(std::memory_order_relaxed);
    std::optional<OpRecord> records[context_stack::capacity];
    for (std::size_t i = 0; i < depth; ++i) {
        budget_state& ctx = *targets[i];
        // (Re)records after budget_reset(), and marks a context root when it is the bottom of
        // this stack (a thread that entered it before a reset).
        if (ctx.session_epoch.load(std::memory_order_relaxed) != epoch ||
            (i == 0 && !ctx.session_root.load(std::memory_order_relaxed)))
            record_locked(ctx, i == 0);
        if (ctx.keep_log) {
            OpRecord& rec = records[i].emplace();
            rec.op_name = std::string(op_name(id));
            details(rec);
            ctx.log.reserve(ctx.log.size() + 1);
        }
    }
    for (std::size_t i = 0; i < depth; ++i) {  // from here on nothing throws
        budget_state& ctx = *targets[i];
        const flops_t adjusted = ctx.adjust(cost);
        ctx.used.add(adjusted);
        ctx.tallies[id].add(adjusted);
        if (records[i]) {
            records[i]->flop_cost = adjusted;
            records[i]->cumulative = ctx.used.get();
            ctx.log.push_back(std::move(*records[i]));
        }
    }
    // The session counts each charge once, at the outermost context's multiplier, so that
    // session use stays comparable with the session budget (the sum of root budgets).
    targets[0]->root_tallies[id].add(targets[0]->adjust(cost));
}

/// Charges `cost` FLOPs for op `id` to every context on this thread's stack (or the
/// global default), or throws `BudgetExhaustedError` and charges nothing.
/// `details` fills subscripts and shapes of a log record; it runs only when a context keeps a log.
/// The lock-free path is a few loads and stores; the locked path stays out of line.
/// (Forcing this inline into every op made an op's own loop slower: measured.)
template <class Details = no_details>
inline void charge(op_id id, flops_t cost, Details&& details = {}) {
    if (charge_lock_free(id, cost)) [[likely]] return;
    charge_locked(id, cost, details);
}

/// Pushes a context on this thread's stack for its lifetime, and pops it from that stack
/// when destroyed, on whichever thread that happens. Entering a context that is already on
/// this thread's stack (recursion into a function budget) is a no-op, so a FLOP is never
/// charged twice to one context.
class stack_entry {
public:
    explicit stack_entry(std::shared_ptr<budget_state> st) {
        thread_slot& mine = acquire_thread_slot();
        auto& s = session();
        std::lock_guard lock(s.mutex);
        if (mine.stack.contains(st.get())) return;
        if (mine.stack.size() == context_stack::capacity)
            throw MechEstimError(cat("BudgetContext: more than ", context_stack::capacity, " contexts open on one thread"));
        record_locked(*st, mine.stack.empty());
        claim_locked(*st);
        mine.stack.push(st.get());
        home_ = &mine;
        generation_ = mine.generation;
        state_ = std::move(st);
    }
    ~stack_entry() { release(); }
    stack_entry(const stack_entry&) = delete;
    stack_entry& operator=(const stack_entry&) = delete;
    /// A guard may be moved, even to another thread: it still pops the stack it pushed.
    stack_entry(stack_entry&& other) noexcept
        : state_(std::move(other.state_)), home_(other.home_), generation_(other.generation_) {
        other.home_ = nullptr;
    }
    stack_entry& operator=(stack_entry&&) = delete;

private:
    void release() noexcept {
        if (!state_) return;
        {
            auto& s = session();
            std::lock_guard lock(s.mutex);
            if (home_->generation == generation_) {  // else its thread has exited and emptied it
                if (home_ == this_thread_slot) home_->stack.remove(state_.get());
                else edit_remote_stack(*home_, [&](context_stack& stack) { stack.remove(state_.get()); });
            }
        }
        state_.reset();  // may fold the context into the record: outside the lock
    }

    std::shared_ptr<budget_state> state_;  // null: nothing pushed
    thread_slot* home_ = nullptr;          // the slot whose stack holds it
    std::uint64_t generation_ = 0;         // of that slot when pushed
};

inline void print_banner(flops_t budget) {
    fmt::print(stderr, "mechestim {} | budget: {:.2e} FLOPs\n", MECHESTIM_VERSION_STRING, static_cast<double>(budget));
}

/// Ops by cost, highest first, ties by name: the order of every "by operation" block.
inline std::vector<std::pair<std::string, OpTally>> ops_by_cost(const tally_map& ops) {
    std::vector<std::pair<std::string, OpTally>> rows(ops.begin(), ops.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.flop_cost > b.second.flop_cost; });
    return rows;  // the map iterates by name, and the sort is stable: ties stay by name
}

/// Text summary of one context, in the Python original's `BudgetContext.summary()` format:
/// header `mechestim FLOP Budget Summary [ns]` (no brackets without a namespace, as for the
/// default), `=` underline, budget/used/remaining with percentages of the budget, then
/// the ops by cost (share of the context's use). Ends with a newline.
inline std::string context_summary(const budget_state& st) {
    const auto [budget, used, tallies] = with_lock(
        [&] { return std::tuple<flops_t, flops_t, std::array<OpTally, op_count>>(st.budget, st.used.get(), snapshot(st.tallies)); });
    const flops_t remaining = budget - used;
    const std::string head = st.name_space.empty() ? std::string("mechestim FLOP Budget Summary")
                                                   : fmt::format("mechestim FLOP Budget Summary [{}]", st.name_space);
    std::string out = head + "\n" + std::string(display_width(head), '=') + "\n";
    out += fmt::format("  Total budget:  {:>14}\n", thousands(budget));
    out += fmt::format("  Used:          {:>14}  ({:.1f}%)\n", thousands(used), percent(used, budget));
    out += fmt::format("  Remaining:     {:>14}  ({:.1f}%)\n", thousands(remaining), percent(remaining, budget));
    tally_map ops;
    add_tallies(ops, tallies);
    const auto rows = ops_by_cost(ops);
    if (rows.empty()) return out;
    out += "\n  By operation:\n";
    for (const auto& [name, t] : rows)
        out += fmt::format("    {:<16} {:>12}  ({:5.1f}%)  [{} call{}]\n", name, thousands(t.flop_cost),
                           percent(t.flop_cost, used), t.calls, t.calls == 1 ? "" : "s");
    return out;
}

}  // namespace detail

/// A FLOP budget, open for the lifetime of the object (RAII): the constructor pushes it
/// on this thread's stack, the destructor pops it (from that stack, even when another
/// thread destroys it). Every counted op on this thread is charged to every open context;
/// if any lacks room the op raises `BudgetExhaustedError` and nothing is charged.
///
/// @code
/// me::BudgetContext budget(1e8, "mlp-forward");
/// auto h = me::einsum("ij,j->i", W, x);   // charged 2*m*n
/// std::cout << budget.flops_used();
/// @endcode
class BudgetContext {
public:
    /// @throws InvalidBudgetError (a ValueError) when `flop_budget` is below 1, NaN or
    ///         infinite, or the multiplier is not positive and finite; ValueError when the
    ///         namespace is not valid UTF-8.
    explicit BudgetContext(double flop_budget, std::string_view name_space = {}, BudgetOptions options = {})
        : state_(make_state(flop_budget, name_space, options)), entry_(state_) {
        if (!options.quiet) detail::print_banner(state_->budget);
    }

    BudgetContext(const BudgetContext&) = delete;
    BudgetContext& operator=(const BudgetContext&) = delete;

    /// The budget, in FLOPs.
    flops_t flop_budget() const noexcept { return state_->budget; }
    /// FLOPs charged so far.
    flops_t flops_used() const { return state_->used.get(); }
    /// `flop_budget() - flops_used()`.
    flops_t flops_remaining() const { return state_->budget - state_->used.get(); }
    /// The namespace given at construction (empty when none was).
    std::string_view name_space() const noexcept { return state_->name_space; }
    /// The multiplier applied to every cost.
    double flop_multiplier() const noexcept { return state_->multiplier; }
    /// Every charge so far, when constructed with `keep_log = true` (else empty).
    std::vector<OpRecord> op_log() const {
        return detail::with_lock([&] { return state_->log; });
    }
    /// Per-op tally of this context (zero for a name it never charged).
    OpTally operation(std::string_view op) const {
        for (std::size_t i = 0; i < detail::op_count; ++i)
            if (detail::registry_rows[i].name == op) return state_->tallies[i].get();
        return {};
    }
    /// Text summary of this context: totals and a by-operation block.
    std::string summary() const { return detail::context_summary(*state_); }

    /// Pushes this context on the calling thread's stack until the returned guard is
    /// destroyed: how worker threads charge a parent's budget.
    [[nodiscard]] detail::stack_entry enter() const { return detail::stack_entry(state_); }

    /// Internal: the shared state (used by the summary and function budgets).
    const std::shared_ptr<detail::budget_state>& state() const noexcept { return state_; }

    static std::shared_ptr<detail::budget_state> make_state(double flop_budget, std::string_view name_space,
                                                            BudgetOptions options) {
        const flops_t b = detail::budget_from_double(flop_budget, "flop_budget");
        if (!(options.flop_multiplier > 0.0) || !std::isfinite(options.flop_multiplier))
            throw InvalidBudgetError(detail::cat("flop_multiplier must be positive and finite, got ",
                                                 detail::general_number(options.flop_multiplier)));
        if (!detail::is_valid_utf8(name_space))
            throw ValueError("BudgetContext: the namespace is not valid UTF-8 (summaries are written as JSON)");
        return std::make_shared<detail::budget_state>(std::string(name_space), b, options);
    }

private:
    std::shared_ptr<detail::budget_state> state_;
    detail::stack_entry entry_;
};

namespace detail {

/// The budget behind `ME_BUDGET`: one per function (a static), entered on every call.
class function_budget {
public:
    function_budget(const char* function_name, double flop_budget)
        : state_(BudgetContext::make_state(flop_budget, function_name, {})) {}
    function_budget(const char* /*function_name*/, double flop_budget, std::string_view name_space)
        : state_(BudgetContext::make_state(flop_budget, name_space, {})) {}
    [[nodiscard]] stack_entry enter() const { return stack_entry(state_); }

private:
    std::shared_ptr<budget_state> state_;
};

}  // namespace detail

/// Wraps `callable` so that every call runs inside one shared budget (the seed's
/// decorator form for lambdas and function objects): all calls draw from `flop_budget`.
template <class F>
auto budgeted(double flop_budget, std::string_view name_space, F callable) {
    auto state = BudgetContext::make_state(flop_budget, name_space, {});
    return [state = std::move(state), f = std::move(callable)](auto&&... args) -> decltype(auto) {
        detail::stack_entry entry(state);
        return f(std::forward<decltype(args)>(args)...);
    };
}

/// Clears the session record and discards the global default context (the next counted
/// op re-creates it and re-reads `MECHESTIM_DEFAULT_BUDGET`). Contexts still open keep
/// their own counts and enforce their budgets; they reappear in the record when they next charge.
inline void budget_reset() {
    auto& s = detail::session();
    std::shared_ptr<detail::budget_state> old_default;
    {
        std::lock_guard lock(s.mutex);
        // First stop lock-free charges to what is being cleared: a new epoch fails every
        // owner's epoch check (they take the lock, held here), and once the charges in
        // flight are over nobody writes the old tallies or holds the old default.
        s.default_raw.store(nullptr, std::memory_order_release);
        ++s.epoch;  // contexts of the old epoch are neither live nor folded any more
        detail::wait_for_lock_free_charges();
        // Session totals are the recorded contexts' root tallies: forget them with the record.
        for (detail::budget_state* st : s.live)
            for (auto& t : st->root_tallies) {
                t.flop_cost.reset();
                t.calls.reset();
            }
        s.live.clear();
        if (s.record != nullptr) s.record->clear();
        old_default = std::move(s.default_context);
        s.default_context = nullptr;
    }
    old_default.reset();  // its destructor takes the lock
}

}  // namespace me

#define ME_DETAIL_CONCAT_INNER(a, b) a##b
#define ME_DETAIL_CONCAT(a, b) ME_DETAIL_CONCAT_INNER(a, b)

/// Function budget, as a statement at the top of a function body:
/// `ME_BUDGET(5e7);` or `ME_BUDGET(5e7, "name");`. The namespace defaults to the
/// function's name. One budget per function: every call draws from it.
/// The budget is never destroyed: a function may still be called while statics are
/// destroyed at exit (from another static's destructor, or a detached thread), and must
/// find its budget alive.
#define ME_BUDGET(...)                                                                                    \
    static ::me::detail::function_budget& ME_DETAIL_CONCAT(me_function_budget_, __LINE__) =              \
        *new ::me::detail::function_budget{__func__, __VA_ARGS__};                                        \
    const auto ME_DETAIL_CONCAT(me_function_budget_entry_, __LINE__) =                                    \
        ME_DETAIL_CONCAT(me_function_budget_, __LINE__).enter()

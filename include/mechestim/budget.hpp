/// @file budget.hpp
/// @brief FLOP budgets: `BudgetContext`, the per-thread stack, the lazy global default,
/// function budgets (`ME_BUDGET`, `me::budgeted`) and the session record behind the summaries.
///
/// Design: all budget state is guarded by one process-wide mutex. A charge takes it once,
/// checks every context on the calling thread's stack, then commits to all of them, so a
/// charge is all-or-nothing even with nested contexts shared between threads, and no lock
/// ordering between contexts can deadlock. Uncontended, the mutex costs a few nanoseconds;
/// per-op tallies are indexed by a compile-time op id, so a charge allocates nothing
/// unless a context keeps a log.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <atomic>
#include <mutex>
#include <thread>

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "detail/ops.hpp"
#include "errors.hpp"
#include "version.hpp"

namespace me {

/// FLOP counts. Cost arithmetic saturates at the maximum, which exceeds every budget.
using flops_t = std::int64_t;

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

inline constexpr flops_t flops_max = std::numeric_limits<flops_t>::max();

constexpr flops_t saturating_add(flops_t a, flops_t b) {
    flops_t r{};
    return __builtin_add_overflow(a, b, &r) ? flops_max : r;
}

constexpr flops_t saturating_mul(flops_t a, flops_t b) {
    flops_t r{};
    return __builtin_mul_overflow(a, b, &r) ? flops_max : r;
}

/// A size_t count (numel, a dimension) as flops, saturating.
constexpr flops_t to_flops(std::size_t n) {
    return n > static_cast<std::size_t>(flops_max) ? flops_max : static_cast<flops_t>(n);
}

/// Validated budget value: > 0 and finite, truncated like Python's int(float).
inline flops_t budget_from_double(double b, std::string_view what) {
    if (!(b > 0.0) || !std::isfinite(b))
        throw InvalidBudgetError(fmt::format("{} must be a positive, finite number of FLOPs, got {}", what, b));
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

inline std::array<OpTally, op_count> snapshot(const tally_table& t) {
    std::array<OpTally, op_count> out{};
    for (std::size_t i = 0; i < op_count; ++i) out[i] = t[i].get();
    return out;
}

/// One per thread, never freed: a context owned by a thread points at its slot, and a
/// thread that takes the context over waits on `charging` (see `charge`).
struct thread_slot {
    std::atomic<bool> charging{false};
};

/// Everything a budget knows. Shared by the `BudgetContext` that opened it and the
/// session record, which keeps it after the context closes.
struct budget_state : std::enable_shared_from_this<budget_state> {
    budget_state(std::string ns, flops_t b, BudgetOptions o, bool is_global = false)
        : name_space(std::move(ns)), budget(b), multiplier(o.flop_multiplier), keep_log(o.keep_log),
          is_default(is_global) {}

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

/// A context as the session remembers it (whether its budget counts in the session
/// total is `state->session_root`, which can change after it is recorded).
struct recorded_context {
    std::shared_ptr<budget_state> state;
};

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

/// The process-wide record: what every context charged, kept after contexts close,
/// until `budget_reset()`.
struct session_record {
    spin_lock mutex;
    std::atomic<std::uint64_t> epoch{1};
    std::vector<recorded_context> contexts;
    std::shared_ptr<budget_state> default_context;
    std::atomic<budget_state*> default_raw{nullptr};  // default_context.get(), for lock-free charges
};

// constinit: no initialisation guard on the charge path.
inline constinit session_record session_instance{};

inline session_record& session() { return session_instance; }

/// A thread's stack of open contexts, innermost last. Fixed capacity and trivially
/// destructible, so thread_local access needs no initialisation guard or TLS wrapper call.
struct context_stack {
    static constexpr std::size_t capacity = 64;
    budget_state* items[capacity];
    std::size_t count;

    budget_state* const* begin() const noexcept { return items; }
    budget_state* const* end() const noexcept { return items + count; }
    budget_state* const* data() const noexcept { return items; }
    std::size_t size() const noexcept { return count; }
    bool empty() const noexcept { return count == 0; }
    bool contains(const budget_state* st) const noexcept { return std::find(begin(), end(), st) != end(); }
    void push(budget_state* st) {
        if (count == capacity)
            throw MechEstimError(fmt::format("BudgetContext: more than {} contexts open on one thread", capacity));
        items[count++] = st;
    }
    void remove(const budget_state* st) noexcept {  // normally the top; out-of-order removal is exact too
        for (std::size_t i = count; i-- > 0;)
            if (items[i] == st) {
                std::copy(items + i + 1, items + count, items + i);
                --count;
                return;
            }
    }
};

inline thread_local constinit context_stack thread_stack_instance{};

inline context_stack& thread_stack() { return thread_stack_instance; }

// Caller holds session().mutex.
inline void record_locked(session_record& s, const std::shared_ptr<budget_state>& st, bool root) {
    const auto epoch = s.epoch.load(std::memory_order_relaxed);
    if (st->session_epoch.load(std::memory_order_relaxed) == epoch) {
        if (root) st->session_root.store(true, std::memory_order_relaxed);
        return;
    }
    s.contexts.push_back({st});
    st->session_epoch.store(epoch, std::memory_order_relaxed);
    st->session_root.store(root, std::memory_order_relaxed);
}

inline std::shared_ptr<budget_state> make_default_state() {
    double value = 1e15;
    if (const char* env = std::getenv("MECHESTIM_DEFAULT_BUDGET"); env != nullptr) {
        char* end = nullptr;
        value = std::strtod(env, &end);
        if (end == env || *end != '\0' || !(value > 0.0) || !std::isfinite(value))
            throw InvalidBudgetError(fmt::format(
                "MECHESTIM_DEFAULT_BUDGET={:?} is not a positive, finite number of FLOPs (e.g. 1e9)", env));
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
// switcher waits for the owner's lock-free charge to finish. Where membarrier is not
// available, no context is ever owned and every charge takes the lock.
// ---------------------------------------------------------------------------------------

inline thread_slot* const shared_owner = reinterpret_cast<thread_slot*>(std::uintptr_t{1});

inline bool lock_free_charges_available() {
    static const bool ok = ::syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
    return ok;
}

inline thread_local constinit thread_slot* this_thread_slot = nullptr;

/// Slots are never freed (a context may point at the slot of a thread that has exited);
/// a thread that exits returns its slot for reuse, which is safe because a slot is used by
/// one live thread at a time.
struct slot_pool {
    spin_lock mutex;
    std::vector<std::unique_ptr<thread_slot>> all;
    std::vector<thread_slot*> free;
};
inline constinit slot_pool slots{};

struct slot_release {
    ~slot_release() {
        if (this_thread_slot == nullptr) return;
        std::lock_guard lock(slots.mutex);
        slots.free.push_back(this_thread_slot);
        this_thread_slot = nullptr;
    }
};

/// This thread's slot, taken on first need (a slow path: never from a lock-free charge).
inline thread_slot* acquire_thread_slot() {
    if (this_thread_slot != nullptr || !lock_free_charges_available()) return this_thread_slot;
    thread_local slot_release release_at_exit;
    (void)release_at_exit;
    std::lock_guard lock(slots.mutex);
    if (!slots.free.empty()) {
        this_thread_slot = slots.free.back();
        slots.free.pop_back();
    } else {
        slots.all.push_back(std::make_unique<thread_slot>());
        this_thread_slot = slots.all.back().get();
    }
    return this_thread_slot;
}

// Caller holds session().mutex: makes `st` owned by this thread if nobody charges it yet,
// or shared if another thread owns it.
inline void claim_locked(budget_state& st) {
    thread_slot* const mine = acquire_thread_slot();
    thread_slot* const current = st.owner.load(std::memory_order_relaxed);
    if (current == mine || current == shared_owner) return;
    if (current == nullptr && mine != nullptr && !st.keep_log) {  // logs are kept under the lock only
        st.owner.store(mine, std::memory_order_relaxed);
        return;
    }
    st.owner.store(shared_owner, std::memory_order_relaxed);
    if (current == nullptr) return;
    ::syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    while (current->charging.load(std::memory_order_acquire)) std::this_thread::yield();
}

/// No log entry details: the default for ops that have nothing beyond their name.
struct no_details {
    void operator()(OpRecord&) const {}
};

/// The contexts a charge on this thread goes to: the stack, or the global default.
struct charge_targets {
    budget_state* const* first;
    std::size_t depth;
};

/// Checks then commits `cost` to every target; returns false (charging nothing) when the
/// caller must take the locked path: a target not owned by this thread, a session record
/// to update, or a budget that would be exceeded (the locked path raises).
/// `targets()` is read after this thread's `charging` flag is up, so that budget_reset()
/// can retire the global default safely (it waits for every flag to come down).
template <class Targets>
[[gnu::always_inline]] inline bool charge_lock_free(Targets targets, op_id id, flops_t cost) noexcept {
    thread_slot* const mine = this_thread_slot;
    if (mine == nullptr) return false;
    mine->charging.store(true, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the other side's membarrier makes this a full fence
    const charge_targets t = targets();
    const auto epoch = session().epoch.load(std::memory_order_relaxed);
    if (t.depth == 1) {  // the common case, straight-line
        budget_state& ctx = *t.first[0];
        const flops_t adjusted = ctx.adjust(cost);
        const bool ok = ctx.owner.load(std::memory_order_relaxed) == mine &&
                        ctx.session_epoch.load(std::memory_order_relaxed) == epoch &&
                        ctx.session_root.load(std::memory_order_relaxed) && adjusted <= ctx.budget - ctx.used.get();
        if (ok) {
            ctx.used.add(adjusted);
            ctx.tallies[id].add(adjusted);
            ctx.root_tallies[id].add(adjusted);
        }
        mine->charging.store(false, std::memory_order_release);
        return ok;
    }
    bool ok = t.depth != 0;
    for (std::size_t i = 0; i < t.depth && ok; ++i) {
        const budget_state& ctx = *t.first[i];
        ok = ctx.owner.load(std::memory_order_relaxed) == mine &&
             ctx.session_epoch.load(std::memory_order_relaxed) == epoch &&
             (i != 0 || ctx.session_root.load(std::memory_order_relaxed)) &&
             ctx.adjust(cost) <= ctx.budget - ctx.used.get();
    }
    if (ok) {
        for (std::size_t i = 0; i < t.depth; ++i) {
            budget_state& ctx = *t.first[i];
            const flops_t adjusted = ctx.adjust(cost);
            ctx.used.add(adjusted);
            ctx.tallies[id].add(adjusted);
        }
        t.first[0]->root_tallies[id].add(t.first[0]->adjust(cost));
    }
    mine->charging.store(false, std::memory_order_release);
    return ok;
}

/// Waits until no thread is in a lock-free charge (after the caller unpublished something).
inline void wait_for_lock_free_charges() {
    if (!lock_free_charges_available()) return;
    ::syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    std::lock_guard lock(slots.mutex);
    for (const auto& slot : slots.all)
        while (slot->charging.load(std::memory_order_acquire)) std::this_thread::yield();
}

template <class Details>
void charge_locked(charge_targets t, op_id id, flops_t cost, Details& details) {
    auto& s = session();
    std::lock_guard lock(s.mutex);
    budget_state* fallback[1] = {nullptr};
    if (t.depth == 0) {
        // Recorded by the commit below, not here: a default whose first op fails stays out of the summaries.
        if (!s.default_context) {
            s.default_context = make_default_state();
            s.default_raw.store(s.default_context.get(), std::memory_order_release);
        }
        claim_locked(*s.default_context);
        fallback[0] = s.default_context.get();
        t = {fallback, 1};
    }

    for (std::size_t i = t.depth; i-- > 0;) {
        const budget_state& ctx = *t.first[i];
        const flops_t adjusted = ctx.adjust(cost);
        const flops_t remaining = ctx.budget - ctx.used.get();
        if (adjusted > remaining)
            throw BudgetExhaustedError(std::string(op_name(id)), adjusted, remaining, ctx.display_name());
    }

    const auto epoch = s.epoch.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < t.depth; ++i) {
        budget_state& ctx = *t.first[i];
        // (Re)records after budget_reset(), and marks a context root when it is the bottom of
        // this stack (a thread that entered it before a reset).
        if (ctx.session_epoch.load(std::memory_order_relaxed) != epoch ||
            (i == 0 && !ctx.session_root.load(std::memory_order_relaxed)))
            record_locked(s, ctx.shared_from_this(), i == 0);
        const flops_t adjusted = ctx.adjust(cost);
        ctx.used.add(adjusted);
        ctx.tallies[id].add(adjusted);
        if (ctx.keep_log) {
            OpRecord rec;
            rec.op_name = std::string(op_name(id));
            details(rec);
            rec.flop_cost = adjusted;
            rec.cumulative = ctx.used.get();
            ctx.log.push_back(std::move(rec));
        }
    }
    // The session counts each charge once, at the outermost context's multiplier, so that
    // session use stays comparable with the session budget (the sum of root budgets).
    t.first[0]->root_tallies[id].add(t.first[0]->adjust(cost));
}

/// Charges `cost` FLOPs for op `id` to every context on this thread's stack (or the
/// global default), or throws `BudgetExhaustedError` and charges nothing.
/// `details` fills subscripts and shapes of a log record; it runs only when a context keeps a log.
template <class Details = no_details>
void charge(op_id id, flops_t cost, Details&& details = {}) {
    const auto& stack = thread_stack();
    const charge_targets targets{stack.data(), stack.size()};
    if (targets.depth != 0) {
        if (charge_lock_free([&] { return targets; }, id, cost)) return;
    } else {
        budget_state* fallback = nullptr;  // the global default, if this thread owns it
        const auto default_target = [&] {
            fallback = session().default_raw.load(std::memory_order_acquire);
            return charge_targets{&fallback, fallback == nullptr ? 0u : 1u};
        };
        if (charge_lock_free(default_target, id, cost)) return;
    }
    charge_locked(targets, id, cost, details);
}

/// Pushes a context on this thread's stack for its lifetime. Entering a context that is
/// already on this thread's stack (recursion into a function budget) is a no-op, so a
/// FLOP is never charged twice to one context.
class stack_entry {
public:
    explicit stack_entry(std::shared_ptr<budget_state> st) {
        auto& stack = thread_stack();
        if (stack.contains(st.get())) return;
        {
            auto& s = session();
            std::lock_guard lock(s.mutex);
            record_locked(s, st, stack.empty());
            claim_locked(*st);
        }
        stack.push(st.get());
        state_ = std::move(st);
    }
    ~stack_entry() {
        if (!state_) return;
        thread_stack().remove(state_.get());
    }
    stack_entry(const stack_entry&) = delete;
    stack_entry& operator=(const stack_entry&) = delete;
    stack_entry(stack_entry&& other) noexcept : state_(std::move(other.state_)) {}
    stack_entry& operator=(stack_entry&&) = delete;

private:
    std::shared_ptr<budget_state> state_;  // null: nothing pushed
};

template <class F>
auto with_lock(F&& f) {
    std::lock_guard lock(session().mutex);
    return f();
}

inline std::string context_summary(const budget_state& st);  // defined in summary.hpp

inline void print_banner(flops_t budget) {
    fmt::print(stderr, "mechestim {} | budget: {:.2e} FLOPs\n", MECHESTIM_VERSION_STRING, static_cast<double>(budget));
}

}  // namespace me::detail

/// A FLOP budget, open for the lifetime of the object (RAII): the constructor pushes it
/// on this thread's stack, the destructor pops it. Every counted op on this thread is
/// charged to every open context; if any lacks room the op raises `BudgetExhaustedError`
/// and nothing is charged.
///
/// @code
/// me::BudgetContext budget(1e8, "mlp-forward");
/// auto h = me::einsum("ij,j->i", W, x);   // charged 2*m*n
/// std::cout << budget.flops_used();
/// @endcode
class BudgetContext {
public:
    /// @throws InvalidBudgetError when `flop_budget` is not positive and finite, or the
    ///         multiplier is not positive and finite.
    explicit BudgetContext(double flop_budget, std::string_view name_space = {}, BudgetOptions options = {})
        : state_(make_state(flop_budget, name_space, options)), entry_(state_) {
        if (!options.quiet) detail::print_banner(state_->budget);
    }

    BudgetContext(const BudgetContext&) = delete;
    BudgetContext& operator=(const BudgetContext&) = delete;

    /// The budget, in FLOPs.
    flops_t flop_budget() const noexcept { return state_->budget; }
    /// FLOPs charged so far.
    flops_t flops_used() const {
        return state_->used.get();
    }
    /// `flop_budget() - flops_used()`.
    flops_t flops_remaining() const {
        return state_->budget - state_->used.get();
    }
    /// The namespace given at construction (empty when none was).
    std::string_view name_space() const noexcept { return state_->name_space; }
    /// The multiplier applied to every cost.
    double flop_multiplier() const noexcept { return state_->multiplier; }
    /// Every charge so far, when constructed with `keep_log = true` (else empty).
    std::vector<OpRecord> op_log() const {
        return detail::with_lock([&] { return state_->log; });
    }
    /// Per-op tally of this context.
    OpTally operation(std::string_view op) const;
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
            throw InvalidBudgetError(
                fmt::format("flop_multiplier must be positive and finite, got {}", options.flop_multiplier));
        return std::make_shared<detail::budget_state>(std::string(name_space), b, options);
    }

private:
    std::shared_ptr<detail::budget_state> state_;
    detail::stack_entry entry_;
};

inline OpTally BudgetContext::operation(std::string_view op) const {
    for (std::size_t i = 0; i < detail::op_count; ++i)
        if (detail::registry_rows[i].name == op) return state_->tallies[i].get();
    return {};
}

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
    std::lock_guard lock(s.mutex);
    // Session totals are the recorded contexts' root tallies: forget them with the record.
    for (const auto& rec : s.contexts)
        for (auto& t : rec.state->root_tallies) {
            t.flop_cost.reset();
            t.calls.reset();
        }
    s.contexts.clear();
    s.default_raw.store(nullptr, std::memory_order_release);
    detail::wait_for_lock_free_charges();  // nobody still holds the old default's address
    s.default_context.reset();
    ++s.epoch;
}

}  // namespace me

#define ME_DETAIL_CONCAT_INNER(a, b) a##b
#define ME_DETAIL_CONCAT(a, b) ME_DETAIL_CONCAT_INNER(a, b)

/// Function budget, as a statement at the top of a function body:
/// `ME_BUDGET(5e7);` or `ME_BUDGET(5e7, "name");`. The namespace defaults to the
/// function's name. One budget per function: every call draws from it.
#define ME_BUDGET(...)                                                                                   \
    static ::me::detail::function_budget ME_DETAIL_CONCAT(me_function_budget_, __LINE__){__func__,      \
                                                                                          __VA_ARGS__}; \
    const auto ME_DETAIL_CONCAT(me_function_budget_entry_, __LINE__) =                                   \
        ME_DETAIL_CONCAT(me_function_budget_, __LINE__).enter()

#include "summary.hpp"  // BudgetContext::summary() is defined there

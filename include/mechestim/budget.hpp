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
    // Guarded by session().mutex:
    flops_t used = 0;
    std::array<OpTally, op_count> tallies{};
    std::vector<OpRecord> log;
    std::uint64_t session_epoch = 0;  // which session record holds it (0: none yet)
    // Was the bottom of some thread's stack in this session: its budget then counts in the
    // session total. A function budget first called nested and later at top level becomes
    // root then, so its budget is counted once, and only when it drew FLOPs on its own.
    bool session_root = false;

    flops_t adjust(flops_t cost) const {
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
    std::uint64_t epoch = 1;
    std::vector<recorded_context> contexts;
    std::array<OpTally, op_count> operations{};  // each charge once, as charged to the outermost context
    std::shared_ptr<budget_state> default_context;
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
    if (st->session_epoch == s.epoch) {
        st->session_root = st->session_root || root;
        return;
    }
    st->session_epoch = s.epoch;
    st->session_root = root;
    s.contexts.push_back({st});
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

/// No log entry details: the default for ops that have nothing beyond their name.
struct no_details {
    void operator()(OpRecord&) const {}
};

/// Charges `cost` FLOPs for op `id` to every context on this thread's stack (or the
/// global default), or throws `BudgetExhaustedError` and charges nothing.
/// `details` fills subscripts and shapes of a log record; it runs only when a context keeps a log.
template <class Details = no_details>
void charge(op_id id, flops_t cost, Details&& details = {}) {
    auto& stack = thread_stack();
    auto& s = session();
    std::lock_guard lock(s.mutex);

    budget_state* fallback[1] = {nullptr};
    budget_state* const* first = stack.data();
    std::size_t depth = stack.size();
    if (depth == 0) {
        // Recorded by the commit below, not here: a default whose first op fails stays out of the summaries.
        if (!s.default_context) s.default_context = make_default_state();
        fallback[0] = s.default_context.get();
        first = fallback;
        depth = 1;
    }

    for (std::size_t i = depth; i-- > 0;) {
        const budget_state& ctx = *first[i];
        const flops_t adjusted = ctx.adjust(cost);
        const flops_t remaining = ctx.budget - ctx.used;
        if (adjusted > remaining)
            throw BudgetExhaustedError(std::string(op_name(id)), adjusted, remaining, ctx.display_name());
    }

    for (std::size_t i = 0; i < depth; ++i) {
        budget_state& ctx = *first[i];
        // (Re)records after budget_reset(), and marks a context root when it is the bottom of
        // this stack (a thread that entered it before a reset): both rare, one compare otherwise.
        if (ctx.session_epoch != s.epoch || (i == 0 && !ctx.session_root))
            record_locked(s, ctx.shared_from_this(), i == 0);
        const flops_t adjusted = ctx.adjust(cost);
        ctx.used += adjusted;
        ctx.tallies[id].flop_cost += adjusted;
        ctx.tallies[id].calls += 1;
        if (ctx.keep_log) {
            OpRecord rec;
            rec.op_name = std::string(op_name(id));
            details(rec);
            rec.flop_cost = adjusted;
            rec.cumulative = ctx.used;
            ctx.log.push_back(std::move(rec));
        }
    }
    // The session counts each charge once, at the outermost context's multiplier, so that
    // session use stays comparable with the session budget (the sum of root budgets).
    const flops_t outermost = first[0]->adjust(cost);
    s.operations[id].flop_cost = saturating_add(s.operations[id].flop_cost, outermost);
    s.operations[id].calls += 1;
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
        return detail::with_lock([&] { return state_->used; });
    }
    /// `flop_budget() - flops_used()`.
    flops_t flops_remaining() const {
        return detail::with_lock([&] { return state_->budget - state_->used; });
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
        if (detail::registry_rows[i].name == op) return detail::with_lock([&] { return state_->tallies[i]; });
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
    s.contexts.clear();
    s.operations = {};
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

/// @file summary.hpp
/// @brief Budget reports: the session record as data (`budget_summary_dict`, JSON), the
/// session table (`budget_summary`). (The per-context text, `BudgetContext::summary()`, is in budget.hpp.)
///
/// What the session record counts (the rules behind every report here):
/// - Every context that was opened (or entered) since the last `budget_reset()` is in the
///   record, open or closed: a context that goes away is folded into its namespace's
///   totals, so the record grows with the number of namespaces, not of contexts. The global default is in it once it has charged something;
///   it shows as "(default)", an explicit context without a namespace as "(unnamed)".
/// - Session `flops_used` and `operations` count every charge ONCE, however deep the
///   nesting, at the cost charged to the outermost context on the stack.
/// - Session `flop_budget` is the sum of the budgets of ROOT contexts: those that were the
///   outermost context of some thread's stack when they charged or were entered. A context
///   nested in another draws from its parent's budget, so its own budget is not added again.
///   A function budget (`ME_BUDGET`, `me::budgeted`) is one context however often it is
///   called, so its budget counts once.
/// - `flops_remaining` is `flop_budget - flops_used`.
/// - Per namespace (`by_namespace`): the contexts sharing a namespace add their budgets,
///   their use and their per-op tallies. Nested contexts are separate namespaces (or add
///   up within one, if they share the name).
/// - FLOP sums saturate at the maximum of `flops_t`, like every cost.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

#include <fmt/color.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "budget.hpp"
#include "detail/format.hpp"
#include "detail/report.hpp"

namespace me {

/// The budget, use and per-op tallies of one namespace (all contexts that share it).
struct NamespaceSummary {
    flops_t flop_budget = 0;      ///< sum of the budgets of its contexts
    flops_t flops_used = 0;       ///< sum of their use
    flops_t flops_remaining = 0;  ///< `flop_budget - flops_used`
    std::map<std::string, OpTally, std::less<>> operations;  ///< op name -> tally (ops with calls only)
};

/// The session record, as returned by `budget_summary_dict()`. See the file comment for
/// what is counted and how.
struct BudgetSummary {
    flops_t flop_budget = 0;      ///< sum of the budgets of root contexts
    flops_t flops_used = 0;       ///< every charge once
    flops_t flops_remaining = 0;  ///< `flop_budget - flops_used`
    std::map<std::string, OpTally, std::less<>> operations;  ///< op name -> session tally
    /// Namespace -> its summary; filled only by `budget_summary_dict(true)`.
    std::map<std::string, NamespaceSummary, std::less<>> by_namespace;

    /// JSON object whose keys are exactly the member names:
    /// `{"flop_budget", "flops_used", "flops_remaining", "operations": {op: {"flop_cost", "calls"}},
    /// "by_namespace": {ns: {"flop_budget", "flops_used", "flops_remaining", "operations"}}}`.
    /// `by_namespace` is present only when it is non-empty (i.e. it was asked for and
    /// something was recorded), like the key of the Python original's dict.
    /// FLOPs: 0.
    std::string to_json() const;
};

// nlohmann_json conversions (found by ADL): `nlohmann::json j = summary;`, `j.get<me::BudgetSummary>()`.

inline void to_json(nlohmann::json& j, const OpTally& t) {
    j = nlohmann::json{{"flop_cost", t.flop_cost}, {"calls", t.calls}};
}
inline void from_json(const nlohmann::json& j, OpTally& t) {
    j.at("flop_cost").get_to(t.flop_cost);
    j.at("calls").get_to(t.calls);
}
namespace detail {
// The totals a namespace and the session both carry, under their member names.
template <class Summary>
nlohmann::json totals_to_json(const Summary& s) {
    return nlohmann::json{{"flop_budget", s.flop_budget},
                          {"flops_used", s.flops_used},
                          {"flops_remaining", s.flops_remaining},
                          {"operations", s.operations}};
}
template <class Summary>
void totals_from_json(const nlohmann::json& j, Summary& s) {
    j.at("flop_budget").get_to(s.flop_budget);
    j.at("flops_used").get_to(s.flops_used);
    j.at("flops_remaining").get_to(s.flops_remaining);
    j.at("operations").get_to(s.operations);
}
}  // namespace detail

inline void to_json(nlohmann::json& j, const NamespaceSummary& n) { j = detail::totals_to_json(n); }
inline void from_json(const nlohmann::json& j, NamespaceSummary& n) { detail::totals_from_json(j, n); }
inline void to_json(nlohmann::json& j, const BudgetSummary& b) {
    j = detail::totals_to_json(b);
    if (!b.by_namespace.empty()) j["by_namespace"] = b.by_namespace;
}
inline void from_json(const nlohmann::json& j, BudgetSummary& b) {
    detail::totals_from_json(j, b);
    b.by_namespace.clear();
    if (const auto it = j.find("by_namespace"); it != j.end()) it->get_to(b.by_namespace);
}

inline std::string BudgetSummary::to_json() const {
    const nlohmann::json j = *this;
    // Namespaces are checked to be UTF-8 when a context is made; `replace` keeps dump()
    // from throwing nlohmann's own error should anything else ever slip through.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace detail {

/// The session record gathered under the lock, namespaces in order of first appearance
/// (the order of the table's rows; `BudgetSummary::by_namespace` is sorted by name).
struct session_snapshot {
    BudgetSummary totals;  // by_namespace always filled
    std::vector<std::string> order;
};

/// The record as it stands: the folded totals of contexts that went away, plus every
/// context still alive.
inline session_snapshot take_snapshot() {
    return with_lock([] {
        auto& s = session();
        session_snapshot snap;
        auto& by_ns = snap.totals.by_namespace;
        if (s.record != nullptr) {
            for (const auto& [ns, closed] : s.record->closed) {
                NamespaceSummary& n = by_ns[ns];
                n.flop_budget = saturating_add(n.flop_budget, closed.flop_budget);
                n.flops_used = saturating_add(n.flops_used, closed.flops_used);
                add_tallies(n.operations, closed.operations);
            }
            snap.totals.flop_budget = s.record->closed_root_budget;
            add_tallies(snap.totals.operations, s.record->closed_operations);
        }
        for (const budget_state* st : s.live) {
            if (st->is_default && st->used.get() == 0) continue;  // the default appears once it has charged
            NamespaceSummary& n = by_ns[st->display_name()];
            n.flop_budget = saturating_add(n.flop_budget, st->budget);
            n.flops_used = saturating_add(n.flops_used, st->used.get());
            add_tallies(n.operations, snapshot(st->tallies));
            if (st->session_root.load(std::memory_order_relaxed))
                snap.totals.flop_budget = saturating_add(snap.totals.flop_budget, st->budget);
            // Session totals: every charge counted once, by the context that was outermost for it.
            add_tallies(snap.totals.operations, snapshot(st->root_tallies));
        }
        for (auto& [name, n] : by_ns) n.flops_remaining = n.flop_budget - n.flops_used;
        for (const auto& [name, t] : snap.totals.operations)
            snap.totals.flops_used = saturating_add(snap.totals.flops_used, t.flop_cost);
        snap.totals.flops_remaining = snap.totals.flop_budget - snap.totals.flops_used;
        if (s.record != nullptr)
            for (const std::string& ns : s.record->order)
                if (by_ns.count(ns) != 0) snap.order.push_back(ns);
        return snap;
    });
}

/// A FLOP count as the table shows it: thousands separators below 1e12, else `1.00e+15`,
/// prefixed by `~` when that rounds (the seed's `~1.00e+15` remaining of the default).
inline std::string table_number(flops_t v) {
    if (v < 1'000'000'000'000 && v > -1'000'000'000'000) return thousands(v);
    std::string text = fmt::format("{:.2e}", static_cast<double>(v));
    const long double shown = std::strtold(text.c_str(), nullptr);
    return (shown == static_cast<long double>(v) ? "" : "~") + text;
}

/// Colour of a row's use: green below half the budget, yellow below 80 %, red above.
inline fmt::text_style usage_style(flops_t used, flops_t budget) {
    const double pct = percent(used, budget);
    const auto colour = pct < 50.0 ? fmt::terminal_color::green
                        : pct < 80.0 ? fmt::terminal_color::yellow
                                     : fmt::terminal_color::red;
    return fmt::fg(colour);
}

/// Applies `style` to already padded text, so that escape codes never count as width.
inline std::string paint(bool colour, const fmt::text_style& style, std::string_view padded) {
    return colour ? fmt::format(style, "{}", padded) : std::string(padded);
}

/// The "  <ns> — by operation" block of the session table.
inline std::string operation_block(std::string_view ns, const tally_map& ops, flops_t used, bool colour) {
    const auto rows = ops_by_cost(ops);
    std::size_t name_w = 0, cost_w = 0, calls_w = 0;
    for (const auto& [name, t] : rows) {
        name_w = std::max(name_w, display_width(name));
        cost_w = std::max(cost_w, thousands(t.flop_cost).size());
        calls_w = std::max(calls_w, fmt::format("[{} call", t.calls).size());
    }
    std::string out = fmt::format("\n  {}\n", paint(colour, fmt::emphasis::bold, fmt::format("{} — by operation", ns)));
    for (const auto& [name, t] : rows) {
        // "[N call" is right-aligned and "s]"/"]" follows, so the word "call" lines up
        // and "[1 call]" sits one column left of "[10 calls]", as in the seed.
        out += fmt::format("    {}  {:>{}}  ({:5.1f}%)  {:>{}}{}\n", paint(colour, fmt::fg(fmt::terminal_color::cyan), pad_right(name, name_w)),
                           thousands(t.flop_cost), cost_w, percent(t.flop_cost, used),
                           fmt::format("[{} call", t.calls), calls_w, t.calls == 1 ? "]" : "s]");
    }
    return out;
}

/// The session table of `budget_summary()`, with ANSI colours when `colour` is set.
inline std::string render_summary(bool colour) {
    const session_snapshot snap = take_snapshot();
    if (snap.order.empty()) return "No budget data recorded yet.\n";

    struct row {
        std::string cells[4];
        flops_t used, budget;
    };
    std::vector<row> rows;
    for (const std::string& ns : snap.order) {
        const NamespaceSummary& n = snap.totals.by_namespace.at(ns);
        rows.push_back({{ns, table_number(n.flop_budget), table_number(n.flops_used), table_number(n.flops_remaining)},
                        n.flops_used,
                        n.flop_budget});
    }
    // With several namespaces a total row gives the session figures, which are not the
    // column sums when contexts nest (each op counts once there).
    const bool with_total = rows.size() > 1;
    const auto& t = snap.totals;
    const row total{{"(session total)", table_number(t.flop_budget), table_number(t.flops_used),
                     table_number(t.flops_remaining)},
                    t.flops_used,
                    t.flop_budget};

    const std::string header[4] = {"Namespace", "Budget", "Used", "Remaining"};
    std::size_t width[4];
    for (int c = 0; c < 4; ++c) {
        width[c] = display_width(header[c]);
        for (const row& r : rows) width[c] = std::max(width[c], display_width(r.cells[c]));
        if (with_total) width[c] = std::max(width[c], display_width(total.cells[c]));
        width[c] += 2;  // one space either side
    }
    const std::size_t inner = width[0] + width[1] + width[2] + width[3] + 3;

    auto rule = [&](std::string_view left, std::string_view mid, std::string_view right) {
        std::string out(left);
        for (int c = 0; c < 4; ++c) out += repeat("─", width[c]) + std::string(c < 3 ? mid : right);
        return out + "\n";
    };
    auto line = [&](const std::string (&cells)[4], auto&& style_of) {
        std::string out = "│";
        for (int c = 0; c < 4; ++c) out += paint(colour, style_of(c), pad_right(" " + cells[c], width[c])) + "│";
        return out + "\n";
    };
    auto data_line = [&](const row& r) {
        return line(r.cells, [&](int c) { return c >= 2 ? usage_style(r.used, r.budget) : fmt::text_style{}; });
    };

    const std::string title = "mechestim FLOP Budget Summary";
    const std::size_t left = (inner - title.size()) / 2;
    std::string out = "┌" + repeat("─", inner) + "┐\n";
    out += "│" + paint(colour, fmt::emphasis::bold, std::string(left, ' ') + title + std::string(inner - left - title.size(), ' ')) +
           "│\n";
    out += rule("├", "┬", "┤");
    out += line(header, [](int) { return fmt::text_style(fmt::emphasis::bold); });
    out += rule("├", "┼", "┤");
    for (const row& r : rows) out += data_line(r);
    if (with_total) out += rule("├", "┼", "┤") + data_line(total);
    out += rule("└", "┴", "┘");

    for (const std::string& ns : snap.order) {
        const NamespaceSummary& n = snap.totals.by_namespace.at(ns);
        if (!n.operations.empty()) out += operation_block(ns, n.operations, n.flops_used, colour);
    }
    return out;
}

/// Colour only for a terminal: `os` is `std::cout`, stdout is a tty, and `NO_COLOR` is
/// not set (https://no-color.org; set to anything, even empty, it turns colour off).
inline bool colour_wanted(const std::ostream& os) {
    if (&os != &std::cout || std::getenv("NO_COLOR") != nullptr) return false;
#if defined(_WIN32)
    return _isatty(_fileno(stdout)) != 0;
#else
    return ::isatty(STDOUT_FILENO) != 0;
#endif
}

}  // namespace detail

/// The session record: totals, per-op tallies and, when `by_namespace` is true, one
/// `NamespaceSummary` per namespace. Free (charges nothing). See the file comment for the
/// counting rules.
/// FLOPs: 0.
inline BudgetSummary budget_summary_dict(bool by_namespace = false) {
    BudgetSummary out = detail::take_snapshot().totals;
    if (!by_namespace) out.by_namespace.clear();
    return out;
}

/// The session table as text, without colour: the box-drawn `Namespace | Budget | Used |
/// Remaining` table (one row per namespace in order of first use, plus a "(session total)"
/// row when there are several), then a "<ns> — by operation" block per namespace, ops by
/// cost. Numbers have thousands separators; from 1e12 up they show as `1.00e+15`, with a
/// `~` when rounded. With nothing recorded: "No budget data recorded yet.".
/// FLOPs: 0.
inline std::string budget_summary_string() { return detail::render_summary(false); }

/// Writes the session table to `os`; coloured only when `os` is `std::cout` on a terminal
/// and `NO_COLOR` is not set.
/// FLOPs: 0.
inline void budget_summary(std::ostream& os) { os << detail::render_summary(detail::colour_wanted(os)) << std::flush; }

/// Prints the session table to stdout (see `budget_summary_string()`).
/// FLOPs: 0.
inline void budget_summary() { budget_summary(std::cout); }

}  // namespace me

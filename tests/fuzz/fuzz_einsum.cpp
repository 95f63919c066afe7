// libFuzzer target: einsum subscripts, shapes and optimisers, priced and run.
//
// For any input, `me::flops::einsum_cost` either raises a me:: error or returns a cost
// that (1) is at least 1, (2) is at least the work of reading every operand (the product
// of the sizes of its labels: no path can contract an operand without touching all of it,
// which is what caught the wrapped broadcast labels), (3) equals `einsum_path`'s
// optimized cost, and when the operands are small enough to build, (4) is what `me::einsum`
// charges, with a budget of exactly that succeeding and one FLOP less raising before
// anything is charged.
#include <mechestim/mechestim.hpp>

#include "fuzz_common.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr std::array<const char*, 9> optimizers = {"auto",     "optimal",  "greedy",       "dp",      "branch-all",
                                                   "branch-2", "branch-1", "random-greedy", "no-such"};

struct expression {
    std::string subscripts;
    std::vector<me::shape_t> shapes;
};

/// Labels from a small alphabet so that terms share them; an ellipsis now and then, with
/// operands of very many (size-1) dimensions under it.
expression make_expression(fuzz::reader& in) {
    expression e;
    if (in.byte() % 8 == 0) {  // raw text: whatever the fuzzer writes
        e.subscripts = in.text(48);
        const std::size_t n = 1 + in.below(4);
        for (std::size_t k = 0; k < n; ++k) {
            me::shape_t s(in.below(5));
            for (auto& d : s) d = in.length();
            e.shapes.push_back(s);
        }
        return e;
    }
    static constexpr char letters[] = "abcdefA";
    std::map<char, std::size_t> size;
    const std::size_t n = 1 + in.below(5);
    for (std::size_t k = 0; k < n; ++k) {
        if (k) e.subscripts += ',';
        me::shape_t s;
        const bool ellipsis = in.byte() % 5 == 0;
        const std::size_t nl = in.below(4);
        std::string term;
        for (std::size_t i = 0; i < nl; ++i) {
            const char c = letters[in.below(sizeof letters - 1)];
            term += c;
            if (!size.count(c)) size[c] = in.length();
        }
        if (ellipsis) {
            const std::size_t under = in.byte() % 4 == 0 ? 60 + in.below(160) : in.below(3);
            const std::size_t at = in.below(term.size() + 1);
            e.subscripts += term.substr(0, at) + "..." + term.substr(at);
            for (std::size_t i = 0; i < at; ++i) s.push_back(in.byte() % 7 == 0 ? 1 : size[term[i]]);
            for (std::size_t i = 0; i < under; ++i) s.push_back(1);
            for (std::size_t i = at; i < term.size(); ++i) s.push_back(in.byte() % 7 == 0 ? 1 : size[term[i]]);
        } else {
            e.subscripts += term;
            for (char c : term) s.push_back(in.byte() % 7 == 0 ? 1 : size[c]);
        }
        e.shapes.push_back(s);
    }
    if (in.byte() % 2) {
        e.subscripts += "->";
        if (e.subscripts.find("...") != std::string::npos && in.byte() % 4) e.subscripts += "...";
        for (const auto& [c, _] : size)
            if (in.byte() % 2) e.subscripts += c;
    }
    return e;
}

/// The least work any path can do: every operand read once, at its labels' sizes (after
/// broadcasting), from the parse itself. With a label of length 0 anywhere, the result is
/// empty or zeros and no operand needs reading: opt_einsum prices such steps at 0.
me::flops_t least_work(const me::detail::einsum_spec& spec) {
    for (const auto& labels : spec.inputs)
        for (auto l : labels)
            if (spec.sizes[l] == 0) return 0;
    me::flops_t most = 0;
    for (const auto& labels : spec.inputs) {
        std::vector<me::detail::einsum_label> distinct(labels.begin(), labels.end());
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        me::flops_t w = 1;
        for (auto l : distinct) w = me::detail::saturating_mul(w, me::detail::to_flops(spec.sizes[l]));
        most = std::max(most, w);
    }
    return most;
}

me::einsum_options make_options(fuzz::reader& in, std::size_t operands) {
    me::einsum_options o;
    const std::uint8_t pick = in.byte();
    if (pick % 10 == 9) {  // an explicit path, valid or not
        std::vector<std::vector<int>> path;
        for (std::size_t left = operands; left > 1 && path.size() < 8; --left)
            path.push_back({static_cast<int>(in.below(left + 1)), static_cast<int>(in.below(left + 1))});
        o.optimize = path;
    } else {
        o.optimize = optimizers[pick % optimizers.size()];
    }
    return o;
}

void run_small(const expression& e, const me::einsum_options& options, me::flops_t cost) {
    std::vector<me::array<double>> operands;
    for (const auto& s : e.shapes) {
        if (fuzz::product(s) > 64 || s.size() > 8) return;  // only what is cheap to build and run
        operands.push_back(me::ones(s));
    }
    if (cost > 100'000) return;
    const auto info = me::einsum_path(e.subscripts, operands, options);
    fuzz::require(info.optimized_cost == cost, "einsum_path's optimized_cost differs from einsum_cost");
    {
        me::BudgetContext exact(static_cast<double>(cost), "fuzz-exact");
        (void)me::einsum(e.subscripts, operands, options);
        fuzz::require(exact.flops_used() == cost, "einsum charged something else than einsum_cost");
    }
    if (cost >= 2) {
        me::BudgetContext short_by_one(static_cast<double>(cost - 1), "fuzz-short");
        bool raised = false;
        try {
            (void)me::einsum(e.subscripts, operands, options);
        } catch (const me::BudgetExhaustedError&) {
            raised = true;
        }
        fuzz::require(raised, "einsum ran with a budget one FLOP short");
        fuzz::require(short_by_one.flops_used() == 0, "a failed einsum charged something");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::reader in(data, size);
    const expression e = make_expression(in);
    const me::einsum_options options = make_options(in, e.shapes.size());
    me::flops_t cost = 0;
    try {
        cost = me::flops::einsum_cost(e.subscripts, e.shapes, options);
    } catch (const me::MechEstimError&) {
        return 0;  // refused, as a me:: error: fine
    }
    fuzz::require(cost >= 1, "einsum_cost below 1");
    const auto spec = me::detail::parse_einsum(e.subscripts, e.shapes);
    if (cost < least_work(spec)) {
        std::fprintf(stderr, "einsum('%s') on", e.subscripts.c_str());
        for (const auto& s : e.shapes) std::fprintf(stderr, " %s", me::detail::shape_string(s).c_str());
        std::fprintf(stderr, ": cost %lld, least work %lld\n", static_cast<long long>(cost),
                     static_cast<long long>(least_work(spec)));
        fuzz::fail("einsum_cost is less than the work of reading an operand");
    }
    // Run only what is cheap: every label short (an empty operand can carry a huge label
    // whose output einsum must still allocate, as NumPy would).
    const bool short_labels = std::all_of(spec.sizes.begin(), spec.sizes.end(), [](std::size_t n) { return n <= 64; });
    if (short_labels) try {
        run_small(e, options, cost);
    } catch (const me::MechEstimError& err) {
        std::fprintf(stderr, "einsum('%s'): %s\n", e.subscripts.c_str(), err.what());
        fuzz::fail("einsum raised for an expression einsum_cost priced");
    }
    me::budget_reset();
    return 0;
}

/// @file detail/einsum_plan.hpp
/// @brief Stages 1 and 2 of einsum: parsing subscripts against shapes, and pricing a path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../budget.hpp"
#include "../errors.hpp"
#include "../shape.hpp"

namespace me {

namespace detail {

// ---------------------------------------------------------------------------------------
// 1. Parsing
// ---------------------------------------------------------------------------------------

/// A label as a small int: 'A'-'Z' are 0-25 and 'a'-'z' 26-51, so that sorting labels
/// sorts by character code as NumPy's implicit output does; the k-th dimension covered
/// by `...` (counted from the left of the broadcast ellipsis shape) is 52 + k.
using einsum_label = int;
inline constexpr einsum_label einsum_ellipsis_base = 52;

inline bool einsum_is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

inline einsum_label einsum_letter_label(char c) { return c <= 'Z' ? c - 'A' : 26 + (c - 'a'); }

inline std::string einsum_label_name(einsum_label l) {
    if (l < 26) return std::string(1, static_cast<char>('A' + l));
    if (l < einsum_ellipsis_base) return std::string(1, static_cast<char>('a' + (l - 26)));
    return fmt::format("... (broadcast dimension {})", l - einsum_ellipsis_base);
}

/// The subscripts, checked and expanded against the operand shapes.
struct einsum_spec {
    std::string subscripts;                          ///< as the user wrote them
    std::vector<shape_t> shapes;                     ///< operand shapes
    std::vector<std::vector<einsum_label>> inputs;   ///< per operand, one label per dimension
    std::vector<einsum_label> output;                ///< result labels, in order
    std::vector<std::size_t> sizes;                  ///< by label: its size after broadcasting (1 when unused)
};

[[noreturn]] inline void einsum_fail(std::string_view subscripts, const std::vector<shape_t>& shapes,
                                     std::string_view what) {
    std::string s;
    for (std::size_t k = 0; k < shapes.size(); ++k) s += (k ? ", " : "") + tuple_string(shapes[k]);
    throw ValueError(fmt::format("einsum('{}') with operand shapes [{}]: {}", subscripts, s, what));
}

/// One term of the subscripts: its letters and where its `...` is, if any.
struct einsum_term {
    std::vector<char> letters;       // in order, without the ellipsis
    std::ptrdiff_t ellipsis_at = -1;  // index into letters before which `...` stands
};

/// Splits a term into letters and at most one `...`; `where` names it in errors.
inline einsum_term einsum_split_term(std::string_view term, std::string_view where, const auto& fail) {
    einsum_term t;
    for (std::size_t i = 0; i < term.size();) {
        const char c = term[i];
        if (einsum_is_letter(c)) {
            t.letters.push_back(c);
            ++i;
        } else if (c == '.') {
            if (term.substr(i, 3) != "...")
                fail(fmt::format("a '.' that is not part of an ellipsis ('...') in {}", where));
            if (t.ellipsis_at >= 0) fail(fmt::format("more than one ellipsis ('...') in {}", where));
            t.ellipsis_at = static_cast<std::ptrdiff_t>(t.letters.size());
            i += 3;
        } else {
            fail(fmt::format("invalid subscript '{}' in {}: subscripts must be letters", c, where));
        }
    }
    return t;
}

/// Checks `subscripts` against the operand shapes with NumPy's rules and expands them.
/// Throws ValueError (naming einsum, the subscripts and the shapes) on any mismatch.
inline einsum_spec parse_einsum(std::string_view subscripts, std::vector<shape_t> shapes) {
    const auto fail = [&](std::string_view what) { einsum_fail(subscripts, shapes, what); };
    if (shapes.empty()) fail("no operands given");

    std::string text;  // NumPy ignores spaces anywhere
    for (char c : subscripts)
        if (c != ' ') text.push_back(c);
    const std::size_t arrow = text.find("->");
    const std::string_view lhs = std::string_view(text).substr(0, arrow);
    const std::optional<std::string_view> rhs =
        arrow == std::string::npos ? std::nullopt : std::optional(std::string_view(text).substr(arrow + 2));

    std::vector<std::string_view> terms;
    for (std::size_t start = 0;;) {
        const std::size_t comma = lhs.find(',', start);
        terms.push_back(lhs.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (terms.size() != shapes.size())
        fail(fmt::format("the subscripts name {} operand(s) but {} were given", terms.size(), shapes.size()));

    // Split every term first, so that the number of broadcast dimensions is known.
    std::vector<einsum_term> split;
    std::vector<std::size_t> ellipsis_ndim(shapes.size(), 0);
    std::size_t broadcast_ndim = 0;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        split.push_back(einsum_split_term(terms[k], fmt::format("operand {}", k), fail));
        const std::size_t ndim = shapes[k].size(), nletters = split[k].letters.size();
        if (nletters > ndim)
            fail(fmt::format("operand {} has {} dimension(s) but {} subscript(s)", k, ndim, nletters));
        if (split[k].ellipsis_at < 0 && nletters < ndim)
            fail(fmt::format("operand {} has {} dimension(s) but only {} subscript(s) and no '...' to cover the rest",
                             k, ndim, nletters));
        ellipsis_ndim[k] = ndim - nletters;
        broadcast_ndim = std::max(broadcast_ndim, ellipsis_ndim[k]);
    }

    einsum_spec spec;
    spec.subscripts = std::string(subscripts);
    spec.sizes.assign(einsum_ellipsis_base + broadcast_ndim, 0);  // 0: not seen yet
    std::vector<int> count(spec.sizes.size(), 0);
    for (std::size_t k = 0; k < terms.size(); ++k) {
        std::vector<einsum_label> labels;
        const auto& t = split[k];
        for (std::size_t i = 0; i <= t.letters.size(); ++i) {
            if (static_cast<std::ptrdiff_t>(i) == t.ellipsis_at)  // right-aligned, as NumPy broadcasts
                for (std::size_t j = 0; j < ellipsis_ndim[k]; ++j)
                    labels.push_back(static_cast<einsum_label>(einsum_ellipsis_base + broadcast_ndim - ellipsis_ndim[k] + j));
            if (i < t.letters.size()) labels.push_back(einsum_letter_label(t.letters[i]));
        }
        for (std::size_t d = 0; d < labels.size(); ++d) {
            const einsum_label l = labels[d];
            const std::size_t n = shapes[k][d];
            const auto first = std::find(labels.begin(), labels.end(), l) - labels.begin();
            if (static_cast<std::size_t>(first) != d && shapes[k][first] != n)
                fail(fmt::format("dimensions in operand {} for collapsing label '{}' don't match ({} != {})", k,
                                 einsum_label_name(l), shapes[k][first], n));
            ++count[l];
            std::size_t& size = spec.sizes[l];
            if (count[l] == 1 || size == 1) size = n;
            else if (n != size && n != 1)
                fail(fmt::format("label '{}' has size {} in operand {} but {} in an earlier one, and neither is 1",
                                 einsum_label_name(l), n, k, size));
        }
        spec.inputs.push_back(std::move(labels));
    }

    if (rhs) {
        const einsum_term out = einsum_split_term(*rhs, "the output", fail);
        for (std::size_t i = 0; i <= out.letters.size(); ++i) {
            if (static_cast<std::ptrdiff_t>(i) == out.ellipsis_at)
                for (std::size_t j = 0; j < broadcast_ndim; ++j)
                    spec.output.push_back(static_cast<einsum_label>(einsum_ellipsis_base + j));
            if (i == out.letters.size()) break;
            const einsum_label l = einsum_letter_label(out.letters[i]);
            if (count[l] == 0) fail(fmt::format("output label '{}' does not appear in any input", out.letters[i]));
            if (std::find(spec.output.begin(), spec.output.end(), l) != spec.output.end())
                fail(fmt::format("output label '{}' appears more than once", out.letters[i]));
            spec.output.push_back(l);
        }
        if (out.ellipsis_at < 0 && broadcast_ndim > 0)
            fail("the inputs have dimensions covered by '...' but the output has no '...' to keep them");
    } else {
        // Implicit output: the broadcast dimensions, then every label used once, by character code.
        for (std::size_t j = 0; j < broadcast_ndim; ++j)
            spec.output.push_back(static_cast<einsum_label>(einsum_ellipsis_base + j));
        for (einsum_label l = 0; l < einsum_ellipsis_base; ++l)
            if (count[l] == 1) spec.output.push_back(l);
    }
    for (std::size_t l = 0; l < spec.sizes.size(); ++l)
        if (count[l] == 0) spec.sizes[l] = 1;
    spec.shapes = std::move(shapes);
    return spec;
}

// ---------------------------------------------------------------------------------------
// 2. Planning and pricing
// ---------------------------------------------------------------------------------------

/// A contraction path in opt_einsum's form: each step lists positions in the current
/// operand list; those operands are removed and the step's result is appended.
using einsum_path_t = std::vector<std::vector<std::size_t>>;

/// One priced step of a plan.
struct einsum_step {
    std::vector<std::size_t> operands;   ///< positions in the current list, ascending
    std::vector<einsum_label> result;    ///< labels that survive the step (ascending); the output for the last step
    flops_t cost = 0;                    ///< opt_einsum's flop_count of the step
};

/// A parsed expression with its priced path.
struct einsum_plan {
    einsum_spec spec;
    std::vector<einsum_step> steps;
    flops_t cost = 1;  ///< sum of the step costs, at least 1
};

/// The path `me::einsum` uses today: one step for one operand, else operands 0 and 1,
/// then each further operand (always at position 0) with the running result (last).
inline einsum_path_t left_to_right_path(std::size_t n) {
    if (n <= 1) return {{0}};
    einsum_path_t path{{0, 1}};
    for (std::size_t left = n - 1; left > 1; --left) path.push_back({0, left - 1});
    return path;
}

/// Prices `path` over `spec` with opt_einsum's `flop_count`: for each step, the product
/// of the sizes of every label in its operands, times max(1, terms - 1), plus one more
/// if the step sums a label away (a label no later operand and not the output needs).
inline einsum_plan plan_einsum(einsum_spec spec, const einsum_path_t& path) {
    const std::size_t nlabels = spec.sizes.size();
    using label_set = std::vector<char>;  // membership by label
    auto set_of = [nlabels](const std::vector<einsum_label>& labels) {
        label_set s(nlabels, 0);
        for (einsum_label l : labels) s[l] = 1;
        return s;
    };
    std::vector<label_set> current;
    for (const auto& in : spec.inputs) current.push_back(set_of(in));
    const label_set output = set_of(spec.output);

    einsum_plan plan;
    flops_t total = 0;
    for (std::size_t s = 0; s < path.size(); ++s) {
        auto positions = path[s];
        std::sort(positions.begin(), positions.end());
        const bool bad = positions.empty() || positions.back() >= current.size() ||
                         std::adjacent_find(positions.begin(), positions.end()) != positions.end();
        if (bad) einsum_fail(spec.subscripts, spec.shapes, fmt::format("contraction path step {} is invalid", s));
        label_set in_step(nlabels, 0), needed = output;
        for (std::size_t i = 0; i < current.size(); ++i) {
            const bool chosen = std::binary_search(positions.begin(), positions.end(), i);
            for (std::size_t l = 0; l < nlabels; ++l) (chosen ? in_step : needed)[l] |= current[i][l];
        }
        einsum_step step;
        step.operands = positions;
        flops_t size = 1;
        bool summed = false;
        for (std::size_t l = 0; l < nlabels; ++l) {
            if (!in_step[l]) continue;
            size = saturating_mul(size, to_flops(spec.sizes[l]));
            if (needed[l]) step.result.push_back(static_cast<einsum_label>(l));
            else summed = true;
        }
        const bool last = s + 1 == path.size();
        if (last) step.result = spec.output;
        const flops_t terms = static_cast<flops_t>(positions.size());
        step.cost = saturating_mul(size, std::max<flops_t>(1, terms - 1) + (summed ? 1 : 0));
        total = saturating_add(total, step.cost);

        for (std::size_t k = positions.size(); k-- > 0;)
            current.erase(current.begin() + static_cast<std::ptrdiff_t>(positions[k]));
        current.push_back(set_of(step.result));
        plan.steps.push_back(std::move(step));
    }
    if (current.size() != 1)
        einsum_fail(spec.subscripts, spec.shapes, "the contraction path leaves more than one operand");
    plan.cost = total < 1 ? 1 : total;
    plan.spec = std::move(spec);
    return plan;
}

/// Parse and plan in one go: what `me::einsum` charges and `me::flops::einsum_cost` returns.
inline einsum_plan plan_einsum(std::string_view subscripts, std::vector<shape_t> shapes) {
    einsum_spec spec = parse_einsum(subscripts, std::move(shapes));
    const std::size_t n = spec.inputs.size();
    return plan_einsum(std::move(spec), left_to_right_path(n));
}

}  // namespace detail
}  // namespace me

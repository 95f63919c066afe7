/// @file flops/contractions.hpp
/// @brief What the contraction family costs, as the cost layer computes it: NumPy's shape
/// rules of dot, matmul, inner, outer, tensordot and kron written as einsum subscripts
/// (priced by the einsum planner: opt_einsum's count, a multiply-add is 2 FLOPs), and the
/// shape rules and counts of vdot, cross, trace and multi_dot. contractions.hpp runs them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../detail/format.hpp"
#include "../errors.hpp"
#include "../shape.hpp"
#include "count.hpp"
#include "einsum.hpp"
#include "formulas.hpp"
#include "pointwise.hpp"

namespace me {

/// The `axes` argument of `me::tensordot`: a count N (the last N axes of `a` with the
/// first N of `b`, NumPy's default 2) or two lists of axes paired in order:
/// `me::tensordot(a, b, 1)`, `me::tensordot(a, b, {{1, 0}, {0, 1}})`; NumPy's `axes=[1, 0]`
/// is `{{1}, {0}}`. (No (int, int) form: `{{}, {}}` would pick it and mean axis 0.)
struct tensordot_axes {
    tensordot_axes(int n = 2) : count(n) {}  // NOLINT: implicit, as NumPy's `axes=2`
    tensordot_axes(std::vector<int> a, std::vector<int> b) : axes_a(std::move(a)), axes_b(std::move(b)), lists(true) {}

    int count = 2;
    std::vector<int> axes_a, axes_b;
    bool lists = false;
};

/// Options of `me::cross` (NumPy's keywords): the vector axis of a, b and the result;
/// `axis`, when given, overrides all three.
struct cross_options {
    int axisa = -1;
    int axisb = -1;
    int axisc = -1;
    std::optional<int> axis{};
};

/// Options of `me::trace`: the diagonal `offset` (above the main one when positive) of
/// the 2-D sub-arrays spanned by `axis1` and `axis2`.
struct trace_options {
    int offset = 0;
    int axis1 = 0;
    int axis2 = 1;
};

namespace detail::contract {

/// A contraction as einsum subscripts over the operands as given, and the shape of the
/// op's result (einsum's output, reshaped when the op flattens: outer, kron).
struct einsum_form {
    std::string subscripts;
    shape_t result;
};

/// `n` distinct einsum labels starting at the `first`-th; einsum has 52 letters, so an op
/// whose operands have more dimensions than that in all is refused (NumPy stops at 32 or 64).
inline std::string labels(std::size_t first, std::size_t n, std::string_view op, const shape_t& a, const shape_t& b) {
    static constexpr std::string_view letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (first + n > letters.size())
        throw ValueError(cat(op, ": operands with shapes ", shape_string(a), " and ", shape_string(b), " have too many dimensions (at most ", letters.size(), " in all)"));
    return std::string(letters.substr(first, n));
}

/// a * b with a 0-d operand: what NumPy's dot and inner do then.
inline einsum_form multiply_form(std::string_view op, const shape_t& a, const shape_t& b) {
    const std::string la = a.empty() ? "" : "...", lb = b.empty() ? "" : "...";
    const std::string out = a.empty() && b.empty() ? "" : "...";
    return {la + "," + lb + "->" + out, broadcast_shapes(a, b, op)};
}

[[noreturn]] inline void not_aligned(std::string_view op, const shape_t& a, const shape_t& b, std::size_t da,
                                     std::size_t db) {
    throw ValueError(cat(op, ": shapes ", shape_string(a), " and ", shape_string(b), " not aligned: ", a[da], " (dim ", da, ") != ", b[db], " (dim ", db, ")"));
}

/// matmul: (..., n, k) @ (..., k, m) with the batch dimensions broadcast; a 1-D left
/// operand is a row (its dimension removed from the result), a 1-D right one a column.
inline einsum_form matmul_form(std::string_view op, const shape_t& a, const shape_t& b) {
    constexpr std::string_view sig = "(n?,k),(k,m?)->(n?,m?)";
    for (std::size_t k = 0; k < 2; ++k)
        if ((k ? b : a).empty())
            throw ValueError(cat(op, ": Input operand ", k, " does not have enough dimensions (has 0, gufunc core with signature ", sig, " requires 1), shapes ", shape_string(a), " and ", shape_string(b)));
    const std::size_t ka = a.back(), kb = b.size() == 1 ? b[0] : b[b.size() - 2];
    if (ka != kb)
        throw ValueError(cat(op, ": Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ", sig, " (size ", kb, " is different from ", ka, "), shapes ", shape_string(a), " and ", shape_string(b)));
    const shape_t batch_a(a.begin(), a.end() - std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(a.size()))),
        batch_b(b.begin(), b.end() - std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(b.size())));
    shape_t out;
    try {
        out = broadcast_shapes(batch_a, batch_b, op);
    } catch (const ShapeError&) {  // name the whole operands, not only their batch parts
        throw ShapeError(cat(op, ": operands could not be broadcast together: shapes ", shape_string(a), " and ", shape_string(b), " (batch ", shape_string(batch_a), " and ", shape_string(batch_b), ")"));
    }
    const bool row = a.size() >= 2, col = b.size() >= 2;
    if (row) out.push_back(a[a.size() - 2]);
    if (col) out.push_back(b.back());
    std::string s = row ? "...ij," : "j,";
    s += col ? "...jk->" : "j->";
    if (row || col) s += "...";
    if (row) s += "i";
    if (col) s += "k";
    return {std::move(s), std::move(out)};
}

/// dot: a 0-d operand multiplies; otherwise the last axis of a is summed with the only
/// axis of a 1-D b, or the second-to-last of b.
inline einsum_form dot_form(std::string_view op, const shape_t& a, const shape_t& b) {
    if (a.empty() || b.empty()) return multiply_form(op, a, b);
    const std::size_t db = b.size() == 1 ? 0 : b.size() - 2;
    if (a.back() != b[db]) not_aligned(op, a, b, a.size() - 1, db);
    const std::string la = labels(0, a.size(), op, a, b);
    std::string lb = labels(a.size(), b.size() - 1, op, a, b);
    lb.insert(db, 1, la.back());
    std::string out = la.substr(0, la.size() - 1);
    shape_t result(a.begin(), a.end() - 1);
    for (std::size_t d = 0; d < b.size(); ++d)
        if (d != db) {
            out += lb[d];
            result.push_back(b[d]);
        }
    return {la + "," + lb + "->" + out, std::move(result)};
}

/// inner: a 0-d operand multiplies; otherwise the last axes are summed together.
inline einsum_form inner_form(std::string_view op, const shape_t& a, const shape_t& b) {
    if (a.empty() || b.empty()) return multiply_form(op, a, b);
    if (a.back() != b.back()) not_aligned(op, a, b, a.size() - 1, b.size() - 1);
    const std::string la = labels(0, a.size(), op, a, b);
    const std::string lb = labels(a.size(), b.size() - 1, op, a, b) + la.back();
    shape_t result(a.begin(), a.end() - 1);
    result.insert(result.end(), b.begin(), b.end() - 1);
    return {la + "," + lb + "->" + la.substr(0, la.size() - 1) + lb.substr(0, lb.size() - 1), std::move(result)};
}

/// outer: every element of a times every element of b, as a (size(a), size(b)) matrix.
inline einsum_form outer_form(std::string_view op, const shape_t& a, const shape_t& b) {
    const std::string la = labels(0, a.size(), op, a, b), lb = labels(a.size(), b.size(), op, a, b);
    return {la + "," + lb + "->" + la + lb, {numel(a), numel(b)}};
}

/// kron: the operands aligned on their last axes (the shorter padded with leading 1s);
/// result axis d has size a[d] * b[d], a's index the slower.
inline einsum_form kron_form(std::string_view op, const shape_t& a, const shape_t& b) {
    const std::string la = labels(0, a.size(), op, a, b), lb = labels(a.size(), b.size(), op, a, b);
    const std::size_t nd = std::max(a.size(), b.size());
    std::string out;
    shape_t result;
    for (std::size_t d = 0; d < nd; ++d) {
        std::size_t n = 1;
        if (d >= nd - a.size()) {
            out += la[d - (nd - a.size())];
            n *= a[d - (nd - a.size())];
        }
        if (d >= nd - b.size()) {
            out += lb[d - (nd - b.size())];
            n *= b[d - (nd - b.size())];
        }
        result.push_back(n);
    }
    return {la + "," + lb + "->" + out, std::move(result)};
}

/// tensordot: the listed axes of a summed with the listed axes of b, pairwise; the
/// result has a's other axes, then b's, in order.
inline einsum_form tensordot_form(std::string_view op, const shape_t& a, const shape_t& b, const tensordot_axes& axes) {
    std::vector<std::size_t> ia, ib;
    if (!axes.lists) {
        // NumPy takes range(-N, 0) and range(0, N): a negative N is an empty list, an outer product.
        const std::size_t n = axes.count > 0 ? static_cast<std::size_t>(axes.count) : 0;
        if (n > a.size() || n > b.size())
            throw AxisError(cat(op, ": cannot sum over ", n, " axes of operands with shapes ", shape_string(a), " and ", shape_string(b)));
        for (std::size_t k = 0; k < n; ++k) {
            ia.push_back(a.size() - n + k);
            ib.push_back(k);
        }
    } else {
        if (axes.axes_a.size() != axes.axes_b.size())
            throw ValueError(cat(op, ": shape-mismatch for sum: ", axes.axes_a.size(), " axes of a but ", axes.axes_b.size(), " of b"));
        for (int x : axes.axes_a) ia.push_back(normalize_axis(x, a.size(), op));
        for (int x : axes.axes_b) ib.push_back(normalize_axis(x, b.size(), op));
    }
    auto repeated = [](std::vector<std::size_t> v) {
        std::sort(v.begin(), v.end());
        return std::adjacent_find(v.begin(), v.end()) != v.end();
    };
    if (repeated(ia) || repeated(ib))
        throw ValueError(cat(op, ": an axis is summed twice (repeated axis in transpose), shapes ", shape_string(a), " and ", shape_string(b)));
    for (std::size_t k = 0; k < ia.size(); ++k)
        if (a[ia[k]] != b[ib[k]])
            throw ValueError(cat(op, ": shape-mismatch for sum: axis ", ia[k], " of a ", shape_string(a), " has size ", a[ia[k]], " but axis ", ib[k], " of b ", shape_string(b), " has size ", b[ib[k]]));
    const std::string la = labels(0, a.size(), op, a, b);
    std::string lb = labels(a.size(), b.size(), op, a, b);
    for (std::size_t k = 0; k < ia.size(); ++k) lb[ib[k]] = la[ia[k]];
    std::string out;
    shape_t result;
    auto keep_free = [&](const std::string& l, const shape_t& s, const std::vector<std::size_t>& summed) {
        for (std::size_t d = 0; d < s.size(); ++d)
            if (std::find(summed.begin(), summed.end(), d) == summed.end()) {
                out += l[d];
                result.push_back(s[d]);
            }
    };
    keep_free(la, a, ia);
    keep_free(lb, b, ib);
    return {la + "," + lb + "->" + out, std::move(result)};
}

/// The plan that prices and runs a form: the one place the einsum planner is called, so
/// each op's charge and its `flops::*_cost` come from the same count.
inline einsum_plan plan_of(const einsum_form& f, const shape_t& a, const shape_t& b) {
    return plan_einsum(f.subscripts, std::vector<shape_t>{a, b});
}

/// What cross needs to know from the shapes alone.
struct cross_shape {
    std::size_t axis_a = 0, axis_b = 0, axis_c = 0;  ///< normalized; axis_c only for 3-vector results
    std::size_t na = 0, nb = 0;                      ///< vector lengths, 2 or 3
    shape_t batch;                                   ///< broadcast shape of the non-vector axes
    shape_t out;                                     ///< the result's shape (batch, with 3 at axis_c)
};

inline cross_shape cross_shapes(std::string_view op, const shape_t& a, const shape_t& b, const cross_options& o) {
    cross_shape s;
    const int axa = o.axis.value_or(o.axisa), axb = o.axis.value_or(o.axisb), axc = o.axis.value_or(o.axisc);
    s.axis_a = normalize_axis(axa, a.size(), op);
    s.axis_b = normalize_axis(axb, b.size(), op);
    s.na = a[s.axis_a];
    s.nb = b[s.axis_b];
    if ((s.na != 2 && s.na != 3) || (s.nb != 2 && s.nb != 3))
        throw ValueError(cat(op, ": incompatible dimensions for cross product (dimension must be 2 or 3): ", s.na, " in shape ", shape_string(a), " (axisa ", axa, ") and ", s.nb, " in shape ", shape_string(b), " (axisb ", axb, ")"));
    auto drop = [](const shape_t& x, std::size_t k) {
        shape_t r = x;
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(k));
        return r;
    };
    try {
        s.batch = broadcast_shapes(drop(a, s.axis_a), drop(b, s.axis_b), op);
    } catch (const ShapeError&) {
        throw ShapeError(cat(op, ": operands could not be broadcast together: shapes ", shape_string(a), " and ", shape_string(b), " with vector axes ", axa, " and ", axb));
    }
    s.out = s.batch;
    if (s.na == 3 || s.nb == 3) {
        s.out.push_back(3);
        s.axis_c = normalize_axis(axc, s.out.size(), op);
        s.out.pop_back();
        s.out.insert(s.out.begin() + static_cast<std::ptrdiff_t>(s.axis_c), 3);
    }
    return s;
}

/// What trace needs from the shapes: the diagonal's length and where its elements are.
struct trace_shape {
    std::size_t axis1 = 0, axis2 = 0, length = 0;
    shape_t out;
};

inline trace_shape trace_shapes(std::string_view op, const shape_t& a, const trace_options& o) {
    if (a.size() < 2)
        throw ValueError(cat(op, ": diag requires an array of at least two dimensions, got shape ", shape_string(a)));
    trace_shape s;
    s.axis1 = normalize_axis(o.axis1, a.size(), op);
    s.axis2 = normalize_axis(o.axis2, a.size(), op);
    if (s.axis1 == s.axis2)
        throw ValueError(cat(op, ": axis1 and axis2 cannot be the same (both ", s.axis1, " of shape ", shape_string(a), ")"));
    const auto n1 = static_cast<std::int64_t>(a[s.axis1]), n2 = static_cast<std::int64_t>(a[s.axis2]);
    const std::int64_t off = o.offset;
    s.length = static_cast<std::size_t>(std::max<std::int64_t>(0, off >= 0 ? std::min(n1, n2 - off) : std::min(n1 + off, n2)));
    for (std::size_t d = 0; d < a.size(); ++d)
        if (d != s.axis1 && d != s.axis2) s.out.push_back(a[d]);
    return s;
}

/// trace's count: one addition per diagonal element summed.
inline flops_t trace_cost_of(const trace_shape& s) {
    return flops::detail::at_least_one(saturating_mul(flops::detail::numel(s.out), to_flops(s.length)));
}

/// The chain's dimensions p[0..n] (matrix i is p[i] x p[i+1]; 1-D ends count as 1 x k
/// and k x 1), or ValueError naming the argument that does not fit.
inline std::vector<std::size_t> chain_dims(std::string_view op, const std::vector<shape_t>& shapes) {
    const std::size_t n = shapes.size();
    if (n < 2) throw ValueError(cat(op, ": Expecting at least two arrays, got ", n));
    std::vector<std::size_t> p;
    for (std::size_t i = 0; i < n; ++i) {
        const shape_t& s = shapes[i];
        const bool end = i == 0 || i + 1 == n;
        if (s.size() != 2 && !(end && s.size() == 1))
            throw ValueError(cat(op, ": argument ", i, " has shape ", shape_string(s), ": arrays must be two-dimensional (the first and last may be one-dimensional)"));
        const std::size_t rows = s.size() == 2 ? s[0] : (i == 0 ? 1 : s[0]);
        const std::size_t cols = s.size() == 2 ? s[1] : (i == 0 ? s[0] : 1);
        if (i == 0) p.push_back(rows);
        else if (p.back() != rows)
            throw ValueError(cat(op, ": shapes ", shape_string(shapes[i - 1]), " (argument ", i - 1, ") and ", shape_string(s), " (argument ", i, ") not aligned: ", p.back(), " != ", rows));
        p.push_back(cols);
    }
    return p;
}

/// The classic O(n^3) matrix-chain DP over 2*m*k*n: the optimal cost of every sub-chain
/// and where it splits. Ties keep the first split, as NumPy's multi_dot does.
struct chain_order {
    std::vector<std::vector<flops_t>> cost;
    std::vector<std::vector<std::size_t>> split;
};

inline chain_order optimal_chain(const std::vector<std::size_t>& p) {
    const std::size_t n = p.size() - 1;
    chain_order c{std::vector<std::vector<flops_t>>(n, std::vector<flops_t>(n, 0)),
                  std::vector<std::vector<std::size_t>>(n, std::vector<std::size_t>(n, 0))};
    for (std::size_t len = 1; len < n; ++len)
        for (std::size_t i = 0; i + len < n; ++i) {
            const std::size_t j = i + len;
            c.cost[i][j] = flops_max;
            for (std::size_t k = i; k < j; ++k) {
                const flops_t product = saturating_mul(
                    saturating_mul(saturating_mul(2, to_flops(p[i])), to_flops(p[k + 1])), to_flops(p[j + 1]));
                const flops_t total = saturating_add(saturating_add(c.cost[i][k], c.cost[k + 1][j]), product);
                if (total < c.cost[i][j]) {
                    c.cost[i][j] = total;
                    c.split[i][j] = k;
                }
            }
        }
    return c;
}

}  // namespace detail::contract

namespace flops {

/// What `me::matmul(a, b)` charges: 2*n*k*m for each product in the broadcast batch (the
/// opt_einsum count of `...ij,...jk->...ik`, 1-D operands promoted), at least 1.
/// `matmul_cost({256, 256}, {256, 256})` is 33,554,432. Throws as `me::matmul` does.
/// FLOPs: 2 * batch * n * k * m.
inline flops_t matmul_cost(const shape_t& a, const shape_t& b) {
    namespace c = me::detail::contract;
    return c::plan_of(c::matmul_form("matmul", a, b), a, b).cost;
}

/// What `me::dot(a, b)` charges: the opt_einsum count of NumPy's dot (2*n*k*m for
/// matrices, 2n for vectors, numel(output) when an operand is 0-d), at least 1.
/// FLOPs: 2 * numel(output) * k, or numel(output) for a 0-d operand.
inline flops_t dot_cost(const shape_t& a, const shape_t& b) {
    namespace c = me::detail::contract;
    return c::plan_of(c::dot_form("dot", a, b), a, b).cost;
}

/// What `me::inner(a, b)` charges: 2 * numel(output) * n for a last axis of length n
/// (2n for vectors), numel(output) when an operand is 0-d; at least 1.
/// FLOPs: 2 * numel(output) * n.
inline flops_t inner_cost(const shape_t& a, const shape_t& b) {
    namespace c = me::detail::contract;
    return c::plan_of(c::inner_form("inner", a, b), a, b).cost;
}

/// What `me::outer(a, b)` charges: size(a) * size(b), at least 1. FLOPs: m * n.
inline flops_t outer_cost(const shape_t& a, const shape_t& b) {
    namespace c = me::detail::contract;
    return c::plan_of(c::outer_form("outer", a, b), a, b).cost;
}

/// What `me::vdot(a, b)` charges: a multiply-add per element, 2n, at least 1.
/// Throws ValueError when the sizes differ. FLOPs: 2 * n.
inline flops_t vdot_cost(const shape_t& a, const shape_t& b) {
    if (me::detail::numel(a) != me::detail::numel(b))
        throw ValueError(me::detail::cat("vdot: operands must have the same number of elements, got shapes ", me::detail::shape_string(a), " (size ", me::detail::numel(a), ") and ", me::detail::shape_string(b), " (size ", me::detail::numel(b), ")"));
    return detail::at_least_one(me::detail::saturating_mul(2, detail::numel(a)));
}

/// What `me::tensordot(a, b, axes)` charges: the opt_einsum count of the contraction,
/// 2 * prod(all sizes) when an axis is summed, prod(all sizes) for an outer product
/// (axes = 0), at least 1. FLOPs: 2 * numel(output) * prod(summed sizes).
inline flops_t tensordot_cost(const shape_t& a, const shape_t& b, const tensordot_axes& axes = {}) {
    namespace c = me::detail::contract;
    return c::plan_of(c::tensordot_form("tensordot", a, b, axes), a, b).cost;
}

/// What `me::kron(a, b)` charges: one multiplication per output element,
/// m1*m2*n1*n2 for matrices, at least 1. FLOPs: numel(output).
inline flops_t kron_cost(const shape_t& a, const shape_t& b) {
    namespace c = me::detail::contract;
    return c::plan_of(c::kron_form("kron", a, b), a, b).cost;
}

/// What `me::cross(a, b, options)` charges: numel of the result (3 per pair of
/// 3-vectors, 1 per pair of 2-vectors), at least 1. FLOPs: numel(output).
inline flops_t cross_cost(const shape_t& a, const shape_t& b, const cross_options& options = {}) {
    return pointwise_cost(me::detail::contract::cross_shapes("cross", a, b, options).out);
}

/// What `me::trace(a, options)` charges: one addition per diagonal element summed,
/// numel(output) * length of the diagonal: min(n, m) for a matrix at offset 0, at least 1.
/// FLOPs: numel(output) * diagonal length.
inline flops_t trace_cost(const shape_t& a, const trace_options& options = {}) {
    return me::detail::contract::trace_cost_of(me::detail::contract::trace_shapes("trace", a, options));
}

/// What `me::linalg::multi_dot(arrays)` charges: the optimal matrix chain's sum of
/// 2*m*k*n (1-D ends promoted to a row and a column), at least 1: (10,100),(100,5),(5,50)
/// costs 2*10*100*5 + 2*10*5*50 = 15,000. Two arrays cost what `dot` of them costs. FLOPs: sum over the optimal chain of 2*m*k*n.
inline flops_t multi_dot_cost(const std::vector<shape_t>& shapes) {
    namespace c = me::detail::contract;
    if (shapes.size() == 2)  // NumPy's multi_dot of two arrays is dot, of any ranks
        return c::plan_of(c::dot_form("linalg.multi_dot", shapes[0], shapes[1]), shapes[0], shapes[1]).cost;
    const auto order = c::optimal_chain(c::chain_dims("linalg.multi_dot", shapes));
    return detail::at_least_one(order.cost[0][shapes.size() - 1]);
}

namespace detail {
/// The formulas priced by an einsum plan: the op plans once, charges the plan's cost, and
/// runs the same plan.
struct planned_contraction {
    static flops_t cost(const me::detail::einsum_plan& plan) { return plan.cost; }
};
}  // namespace detail

template <> struct formula_impl<formula::dot> : detail::planned_contraction {};
template <> struct formula_impl<formula::matmul> : detail::planned_contraction {};
template <> struct formula_impl<formula::inner> : detail::planned_contraction {};
template <> struct formula_impl<formula::outer> : detail::planned_contraction {};
template <> struct formula_impl<formula::tensordot> : detail::planned_contraction {};
template <> struct formula_impl<formula::kron> : detail::planned_contraction {};
template <>
struct formula_impl<formula::vdot> {
    static flops_t cost(const shape_t& a, const shape_t& b) { return vdot_cost(a, b); }
};
template <>
struct formula_impl<formula::trace> {
    static flops_t cost(const me::detail::contract::trace_shape& s) { return me::detail::contract::trace_cost_of(s); }
};
template <>
struct formula_impl<formula::multi_dot> : detail::planned_contraction {
    using planned_contraction::cost;  // two operands: what dot of them costs
    static flops_t cost(const std::vector<shape_t>& shapes) { return multi_dot_cost(shapes); }
};

}  // namespace flops
}  // namespace me

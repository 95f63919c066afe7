/// @file contractions.hpp
/// @brief The contraction family: dot, matmul, inner, outer, vdot, tensordot, kron, cross, trace.
///
/// Every op here that is a contraction is written as einsum subscripts over its operands
/// (after NumPy's rules for that op: 1-D promotion in matmul, "last axis of a with the
/// second-to-last of b" in dot, ...), checked against NumPy's shape rules with NumPy's
/// wording and the op's own name, priced by the einsum plan (opt_einsum's count: a
/// multiply-add is 2 FLOPs), charged under the op's name, and run by the einsum engine
/// without a second charge. `cross` and `trace` are not contractions and are computed
/// directly. Each op has a `me::flops::<op>_cost` that is exactly what it charges.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "einsum.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "reductions.hpp"
#include "shape.hpp"
#include "symmetry.hpp"
#include "ufuncs.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"
#include "detail/ufunc.hpp"

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

template <class T>
concept number = std::is_arithmetic_v<T> || is_complex_v<T>;

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
        throw ValueError(fmt::format("{}: operands with shapes {} and {} have too many dimensions (at most {} in all)",
                                     op, shape_string(a), shape_string(b), letters.size()));
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
    throw ValueError(fmt::format("{}: shapes {} and {} not aligned: {} (dim {}) != {} (dim {})", op, shape_string(a),
                                 shape_string(b), a[da], da, b[db], db));
}

/// matmul: (..., n, k) @ (..., k, m) with the batch dimensions broadcast; a 1-D left
/// operand is a row (its dimension removed from the result), a 1-D right one a column.
inline einsum_form matmul_form(std::string_view op, const shape_t& a, const shape_t& b) {
    constexpr std::string_view sig = "(n?,k),(k,m?)->(n?,m?)";
    for (std::size_t k = 0; k < 2; ++k)
        if ((k ? b : a).empty())
            throw ValueError(fmt::format("{}: Input operand {} does not have enough dimensions (has 0, gufunc core with "
                                         "signature {} requires 1), shapes {} and {}",
                                         op, k, sig, shape_string(a), shape_string(b)));
    const std::size_t ka = a.back(), kb = b.size() == 1 ? b[0] : b[b.size() - 2];
    if (ka != kb)
        throw ValueError(fmt::format("{}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                                     "{} (size {} is different from {}), shapes {} and {}",
                                     op, sig, kb, ka, shape_string(a), shape_string(b)));
    const shape_t batch_a(a.begin(), a.end() - std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(a.size()))),
        batch_b(b.begin(), b.end() - std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(b.size())));
    shape_t out;
    try {
        out = broadcast_shapes(batch_a, batch_b, op);
    } catch (const ShapeError&) {  // name the whole operands, not only their batch parts
        throw ShapeError(fmt::format("{}: operands could not be broadcast together: shapes {} and {} (batch {} and {})",
                                     op, shape_string(a), shape_string(b), shape_string(batch_a),
                                     shape_string(batch_b)));
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
            throw AxisError(fmt::format("{}: cannot sum over {} axes of operands with shapes {} and {}", op, n,
                                        shape_string(a), shape_string(b)));
        for (std::size_t k = 0; k < n; ++k) {
            ia.push_back(a.size() - n + k);
            ib.push_back(k);
        }
    } else {
        if (axes.axes_a.size() != axes.axes_b.size())
            throw ValueError(fmt::format("{}: shape-mismatch for sum: {} axes of a but {} of b", op,
                                         axes.axes_a.size(), axes.axes_b.size()));
        for (int x : axes.axes_a) ia.push_back(normalize_axis(x, a.size(), op));
        for (int x : axes.axes_b) ib.push_back(normalize_axis(x, b.size(), op));
    }
    auto repeated = [](std::vector<std::size_t> v) {
        std::sort(v.begin(), v.end());
        return std::adjacent_find(v.begin(), v.end()) != v.end();
    };
    if (repeated(ia) || repeated(ib))
        throw ValueError(fmt::format("{}: an axis is summed twice (repeated axis in transpose), shapes {} and {}", op,
                                     shape_string(a), shape_string(b)));
    for (std::size_t k = 0; k < ia.size(); ++k)
        if (a[ia[k]] != b[ib[k]])
            throw ValueError(fmt::format("{}: shape-mismatch for sum: axis {} of a {} has size {} but axis {} of b {} "
                                         "has size {}",
                                         op, ia[k], shape_string(a), a[ia[k]], ib[k], shape_string(b), b[ib[k]]));
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

/// Plans, charges `id`, then runs: the body of every einsum-backed op here.
template <class C, class A, class B>
array<C> run(op_id id, const einsum_form& f, const array<A>& a, const array<B>& b) {
    const einsum_plan plan = plan_of(f, a.shape(), b.shape());
    charge(id, plan.cost, [&](OpRecord& rec) {
        rec.subscripts = f.subscripts;
        rec.shapes = plan.spec.shapes;
    });
    // Contractions other than einsum are priced dense and return plain arrays, as the
    // reference's matmul does: say so when an input's declared symmetry is dropped.
    drop_symmetry(a, op_name(id));
    drop_symmetry(b, op_name(id));
    array<C> r = einsum_compute<C>(plan, a, b);
    if (!std::equal(r.xt().shape().begin(), r.xt().shape().end(), f.result.begin(), f.result.end()))
        r.xt().reshape(f.result);
    return r;
}

/// A form's product without charging (multi_dot's steps, charged once under its own name).
template <class C>
array<C> run_uncharged(const einsum_form& f, const array<C>& a, const array<C>& b) {
    array<C> r = einsum_compute<C>(plan_of(f, a.shape(), b.shape()), a, b);
    if (r.shape() != f.result) r.xt().reshape(f.result);
    return r;
}

// ---------------------------------------------------------------------------------------
// cross

/// Integer arithmetic wraps as NumPy's does (in unsigned, so that overflow is not UB).
template <class C>
C wrap_mul(C x, C y) {
    if constexpr (std::is_integral_v<C>) {
        using U = std::make_unsigned_t<C>;
        return static_cast<C>(static_cast<U>(static_cast<U>(x) * static_cast<U>(y)));
    } else {
        return x * y;
    }
}
template <class C>
C wrap_sub(C x, C y) {
    if constexpr (std::is_integral_v<C>) {
        using U = std::make_unsigned_t<C>;
        return static_cast<C>(static_cast<U>(static_cast<U>(x) - static_cast<U>(y)));
    } else {
        return x - y;
    }
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
        throw ValueError(fmt::format("{}: incompatible dimensions for cross product (dimension must be 2 or 3): "
                                     "{} in shape {} (axisa {}) and {} in shape {} (axisb {})",
                                     op, s.na, shape_string(a), axa, s.nb, shape_string(b), axb));
    auto drop = [](const shape_t& x, std::size_t k) {
        shape_t r = x;
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(k));
        return r;
    };
    try {
        s.batch = broadcast_shapes(drop(a, s.axis_a), drop(b, s.axis_b), op);
    } catch (const ShapeError&) {
        throw ShapeError(fmt::format("{}: operands could not be broadcast together: shapes {} and {} with vector axes "
                                     "{} and {}",
                                     op, shape_string(a), shape_string(b), axa, axb));
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

template <class C, class A, class B>
array<C> cross_compute(const cross_shape& s, const array<A>& a, const array<B>& b) {
    typename array<A>::container_type a_storage;
    typename array<B>::container_type b_storage;
    const auto& ca = with_axis_last(a, s.axis_a, a_storage);
    const auto& cb = with_axis_last(b, s.axis_b, b_storage);
    auto batch = [](const auto& shape) { return shape_t(shape.begin(), shape.end() - 1); };
    const bool vec = s.na == 3 || s.nb == 3;
    shape_t last = s.batch;
    if (vec) last.push_back(3);
    auto out = array<C>::uninitialized(last);
    C* po = out.data();
    const A* pa = ca.data();
    const B* pb = cb.data();
    const std::size_t na = s.na, nb = s.nb, width = vec ? 3 : 1;
    broadcast_indices(s.batch, batch(ca.shape()), batch(cb.shape()), [&](std::size_t io, std::size_t ia, std::size_t ib) {
        const A* x = pa + ia * na;
        const B* y = pb + ib * nb;
        // a_i*b_j - a_j*b_i, where a missing third component (a 2-vector) drops its term
        // rather than multiplying by 0, exactly as NumPy writes out each case.
        auto component = [&](std::size_t i, std::size_t j) {
            const bool p = i < na && j < nb, q = j < na && i < nb;
            const C pij = p ? wrap_mul(static_cast<C>(x[i]), static_cast<C>(y[j])) : C{};
            const C qji = q ? wrap_mul(static_cast<C>(x[j]), static_cast<C>(y[i])) : C{};
            if (p && q) return wrap_sub(pij, qji);
            return p ? pij : wrap_sub(C{}, qji);
        };
        C* o = po + io * width;
        if (vec) {
            o[0] = component(1, 2);
            o[1] = component(2, 0);
            o[2] = component(0, 1);
        } else {
            o[0] = component(0, 1);
        }
    });
    if (!vec || s.axis_c + 1 == s.out.size()) return out;
    std::vector<std::size_t> perm;  // moves the vector axis from last to axis_c
    for (std::size_t d = 0, from = 0; d < s.out.size(); ++d) perm.push_back(d == s.axis_c ? s.out.size() - 1 : from++);
    return array<C>(xt::transpose(out.xt(), perm));
}

// ---------------------------------------------------------------------------------------
// trace

/// What trace needs from the shapes: the diagonal's length and where its elements are.
struct trace_shape {
    std::size_t axis1 = 0, axis2 = 0, length = 0;
    shape_t out;
};

inline trace_shape trace_shapes(std::string_view op, const shape_t& a, const trace_options& o) {
    if (a.size() < 2)
        throw ValueError(fmt::format("{}: diag requires an array of at least two dimensions, got shape {}", op,
                                     shape_string(a)));
    trace_shape s;
    s.axis1 = normalize_axis(o.axis1, a.size(), op);
    s.axis2 = normalize_axis(o.axis2, a.size(), op);
    if (s.axis1 == s.axis2)
        throw ValueError(fmt::format("{}: axis1 and axis2 cannot be the same (both {} of shape {})", op, s.axis1,
                                     shape_string(a)));
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

/// NumPy's trace result type: sum's (bool and integers widen to 64 bits).
template <class T>
using trace_t = rd::sum_t<T>;

template <class T>
array<trace_t<T>> trace_compute(const trace_shape& s, int offset, const array<T>& a) {
    using R = trace_t<T>;
    using Acc = einsum_acc_t<R>;  // float32 sums in double, integers wrap in unsigned
    const shape_t shape = a.shape();
    const auto strides = einsum_row_major_strides(shape);
    std::vector<std::size_t> sizes, steps;
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (d != s.axis1 && d != s.axis2) {
            sizes.push_back(shape[d]);
            steps.push_back(strides[d]);
        }
    const std::size_t start = offset >= 0 ? static_cast<std::size_t>(offset) * strides[s.axis2]
                                          : static_cast<std::size_t>(-static_cast<std::int64_t>(offset)) * strides[s.axis1];
    const std::size_t step = strides[s.axis1] + strides[s.axis2];
    auto out = array<R>::uninitialized(s.out);
    R* po = out.data();
    const T* pa = a.data();
    std::size_t i = 0;
    einsum_for_each_offset(sizes, steps, [&](std::size_t base) {
        Acc acc{};
        if (s.length > 0)
            for (std::size_t k = 0, p = base + start; k < s.length; ++k, p += step) acc += static_cast<Acc>(static_cast<R>(pa[p]));
        po[i++] = static_cast<R>(acc);
    });
    return out;
}

// ---------------------------------------------------------------------------------------
// multi_dot

/// The chain's dimensions p[0..n] (matrix i is p[i] x p[i+1]; 1-D ends count as 1 x k
/// and k x 1), or ValueError naming the argument that does not fit.
inline std::vector<std::size_t> chain_dims(std::string_view op, const std::vector<shape_t>& shapes) {
    const std::size_t n = shapes.size();
    if (n < 2) throw ValueError(fmt::format("{}: Expecting at least two arrays, got {}", op, n));
    std::vector<std::size_t> p;
    for (std::size_t i = 0; i < n; ++i) {
        const shape_t& s = shapes[i];
        const bool end = i == 0 || i + 1 == n;
        if (s.size() != 2 && !(end && s.size() == 1))
            throw ValueError(fmt::format("{}: argument {} has shape {}: arrays must be two-dimensional (the first and "
                                         "last may be one-dimensional)",
                                         op, i, shape_string(s)));
        const std::size_t rows = s.size() == 2 ? s[0] : (i == 0 ? 1 : s[0]);
        const std::size_t cols = s.size() == 2 ? s[1] : (i == 0 ? s[0] : 1);
        if (i == 0) p.push_back(rows);
        else if (p.back() != rows)
            throw ValueError(fmt::format("{}: shapes {} (argument {}) and {} (argument {}) not aligned: {} != {}", op,
                                         shape_string(shapes[i - 1]), i - 1, shape_string(s), i, p.back(), rows));
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

template <class C>
array<C> chain_product(std::string_view op, const std::vector<const array<C>*>& ops, const chain_order& order,
                       std::size_t i, std::size_t j) {
    std::optional<array<C>> left, right;
    auto side = [&](std::size_t lo, std::size_t hi, std::optional<array<C>>& store) -> const array<C>& {
        if (lo == hi) return *ops[lo];
        store = chain_product(op, ops, order, lo, hi);
        return *store;
    };
    const std::size_t k = order.split[i][j];
    const array<C>& x = side(i, k, left);
    const array<C>& y = side(k + 1, j, right);
    return run_uncharged(matmul_form(op, x.shape(), y.shape()), x, y);
}

template <class C>
array<C> multi_dot(const std::vector<const array<C>*>& ops) {
    constexpr op_id id = op_index("linalg.multi_dot");
    std::vector<shape_t> shapes;
    for (const auto* a : ops) shapes.push_back(a->shape());
    if (ops.size() == 2) return run<C>(id, dot_form(op_name(id), shapes[0], shapes[1]), *ops[0], *ops[1]);
    const chain_order order = optimal_chain(chain_dims(op_name(id), shapes));
    const flops_t cost = order.cost[0][ops.size() - 1];
    charge(id, cost < 1 ? 1 : cost, [&](OpRecord& rec) { rec.shapes = shapes; });
    return chain_product(op_name(id), ops, order, 0, ops.size() - 1);
}

// ---------------------------------------------------------------------------------------
// The op bodies, shared by the top-level names and their linalg aliases.

template <class A, class B>
auto matmul(op_id id, const array<A>& a, const array<B>& b) {
    const auto f = matmul_form(op_name(id), a.shape(), b.shape());
    return run<promote_t<A, B>>(id, f, a, b);
}

template <class A, class B>
auto tensordot(op_id id, const array<A>& a, const array<B>& b, const tensordot_axes& axes) {
    const auto f = tensordot_form(op_name(id), a.shape(), b.shape(), axes);
    return run<promote_t<A, B>>(id, f, a, b);
}

template <class A, class B>
auto outer(op_id id, const array<A>& a, const array<B>& b) {
    const auto f = outer_form(op_name(id), a.shape(), b.shape());
    return run<promote_t<A, B>>(id, f, a, b);
}

template <class A, class B>
array<promote_t<A, B>> cross(op_id id, const array<A>& a, const array<B>& b, const cross_options& o) {
    const auto s = cross_shapes(op_name(id), a.shape(), b.shape(), o);
    charge(id, flops::pointwise_cost(s.out), shape_details(a.xt().shape(), b.xt().shape()));
    return cross_compute<promote_t<A, B>>(s, a, b);
}

template <class T>
array<trace_t<T>> trace(op_id id, const array<T>& a, const trace_options& o) {
    const auto s = trace_shapes(op_name(id), a.shape(), o);
    charge(id, trace_cost_of(s), shape_details(a.xt().shape()));
    return trace_compute(s, o.offset, a);
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
        throw ValueError(fmt::format("vdot: operands must have the same number of elements, got shapes {} (size {}) "
                                     "and {} (size {})",
                                     me::detail::shape_string(a), me::detail::numel(a), me::detail::shape_string(b),
                                     me::detail::numel(b)));
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

}  // namespace flops

/// NumPy's `dot`: for matrices the matrix product; for vectors the inner product; a 0-d
/// operand multiplies; otherwise the sum over the last axis of `a` and the second-to-last
/// of `b` (the only one of a 1-D `b`): result shape a.shape[:-1] + b.shape[:-2] + b.shape[-1:].
/// Element type: NumPy's promotion (bool gives OR of ANDs; integers wrap).
/// FLOPs: `flops::dot_cost`: 2*n*k*m for (n,k)x(k,m), 2n for vectors, numel(output) with a 0-d operand.
/// @throws me::ValueError "shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)", nothing charged.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> dot(const array<A>& a, const array<B>& b) {
    constexpr auto id = detail::op_index("dot");
    namespace c = detail::contract;
    const auto f = c::dot_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<detail::promote_t<A, B>>(id, f, a, b);
}

/// NumPy's `matmul` (`a @ b`): the matrix product of the last two axes, the leading
/// (batch) axes broadcast; a 1-D `a` is a row vector and a 1-D `b` a column vector, and
/// their added dimension is removed from the result. Element type: NumPy's promotion.
/// FLOPs: `flops::matmul_cost`: 2*n*k*m per product in the broadcast batch
/// ((256,256)@(256,256) is 33,554,432), at least 1.
/// @throws me::ValueError for a 0-d operand or core dimensions that differ; me::ShapeError
///         for batch shapes that do not broadcast; nothing is charged.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> matmul(const array<A>& a, const array<B>& b) {
    return detail::contract::matmul(detail::op_index("matmul"), a, b);
}

/// NumPy's `inner`: the sum over the last axes of `a` and `b`; result shape
/// a.shape[:-1] + b.shape[:-1]; a 0-d operand multiplies.
/// FLOPs: `flops::inner_cost`: 2 * numel(output) * n (2n for vectors), at least 1.
/// @throws me::ValueError when the last axes differ in length, nothing charged.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> inner(const array<A>& a, const array<B>& b) {
    constexpr auto id = detail::op_index("inner");
    namespace c = detail::contract;
    const auto f = c::inner_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<detail::promote_t<A, B>>(id, f, a, b);
}

/// NumPy's `outer`: both operands flattened, result[i, j] = a[i] * b[j], shape (size(a), size(b)).
/// FLOPs: `flops::outer_cost`: size(a) * size(b), at least 1.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> outer(const array<A>& a, const array<B>& b) {
    return detail::contract::outer(detail::op_index("outer"), a, b);
}

/// NumPy's `vdot`: both operands flattened, the first conjugated, summed: sum(conj(a) * b),
/// a 0-d array. The sizes must agree (the shapes need not).
/// FLOPs: `flops::vdot_cost`: 2n, at least 1.
/// @throws me::ValueError when the sizes differ, nothing charged.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> vdot(const array<A>& a, const array<B>& b) {
    using C = detail::promote_t<A, B>;
    constexpr auto id = detail::op_index("vdot");
    namespace c = detail::contract;
    const shape_t sa = a.shape(), sb = b.shape();
    // einsum over b's shape with one label per axis pairs elements in flat order; `a` is
    // taken as is when it already has b's shape and needs no conjugate or conversion.
    const std::string l = c::labels(0, sb.size(), "vdot", sa, sb);
    const auto plan = detail::plan_einsum(l + "," + l + "->", std::vector<shape_t>{sb, sb});
    detail::charge(id, flops::vdot_cost(sa, sb), detail::shape_details(sa, sb));
    if constexpr (std::is_same_v<A, C> && !detail::is_complex_v<C>) {
        if (sa == sb) return detail::einsum_compute<C>(plan, a, b);
    }
    auto x = array<C>::uninitialized(sb);
    std::transform(a.begin(), a.end(), x.begin(), [](const A& v) {
        if constexpr (detail::is_complex_v<C>) return std::conj(static_cast<C>(v));
        else return static_cast<C>(v);
    });
    return detail::einsum_compute<C>(plan, x, b);
}

/// NumPy's `tensordot`: `axes` = N sums the last N axes of `a` with the first N of `b`
/// (default 2; NumPy treats a negative N as 0, an outer product); two lists pair the axes
/// to sum, negatives counting from the end. Result: a's other axes, then b's.
/// FLOPs: `flops::tensordot_cost`: 2 * numel(output) * prod(summed sizes), or numel(output)
/// when nothing is summed; at least 1.
/// @throws me::ValueError for lists of different lengths, repeated axes or sizes that
///         differ; me::AxisError for an axis out of range; nothing charged.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> tensordot(const array<A>& a, const array<B>& b, const tensordot_axes& axes = {}) {
    return detail::contract::tensordot(detail::op_index("tensordot"), a, b, axes);
}

/// NumPy's `kron`: the Kronecker product; operands of different ranks are aligned on
/// their last axes; result axis d has size a.shape[d] * b.shape[d].
/// FLOPs: `flops::kron_cost`: numel(output) (m1*m2*n1*n2 for matrices), at least 1.
template <detail::contract::number A, detail::contract::number B>
array<detail::promote_t<A, B>> kron(const array<A>& a, const array<B>& b) {
    constexpr auto id = detail::op_index("kron");
    namespace c = detail::contract;
    const auto f = c::kron_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<detail::promote_t<A, B>>(id, f, a, b);
}

/// NumPy's `cross`: the cross product of vectors of 2 or 3 components along `axisa` of
/// `a` and `axisb` of `b` (default last), the other axes broadcast; the result's vectors
/// lie along `axisc`. Two 2-vectors give the z component only (no vector axis); a 2-vector
/// with a 3-vector has z = 0. `.axis` sets all three axes. Integers wrap; bool is refused
/// at compile time, as NumPy refuses it.
/// FLOPs: `flops::cross_cost`: numel(output), at least 1.
/// @throws me::ValueError for vectors of other lengths, me::AxisError for a bad axis,
///         me::ShapeError when the other axes do not broadcast; nothing charged.
template <detail::contract::number A, detail::contract::number B>
    requires(!std::is_same_v<detail::promote_t<A, B>, bool>)
array<detail::promote_t<A, B>> cross(const array<A>& a, const array<B>& b, const cross_options& options = {}) {
    return detail::contract::cross(detail::op_index("cross"), a, b, options);
}

namespace detail::contract {
/// A C++ scalar beside an array of `A`, as the 0-d array NumPy makes of it; weak, so that
/// a float32 array with 2.0 stays float32 (NEP 50).
template <class A, class S>
array<promote_scalar_t<A, S>> scalar_operand(S s) {
    using R = promote_scalar_t<A, S>;
    return array<R>(static_cast<R>(s));
}
}  // namespace detail::contract

// dot, inner, outer, vdot and kron accept a C++ scalar for either operand, as NumPy does:
// it is a 0-d array. One macro writes the two overloads of each, so all five stay alike.
// FLOPs: as the array form with a 0-d operand (numel(output); vdot 2).
#define ME_DETAIL_SCALAR_OPERANDS(name)                                                          \
    template <detail::contract::number A, detail::contract::number S>                           \
        requires detail::is_scalar_v<S>                                                         \
    auto name(const array<A>& a, S s) {                                                         \
        return name(a, detail::contract::scalar_operand<A>(s));                                 \
    }                                                                                           \
    template <detail::contract::number S, detail::contract::number B>                           \
        requires detail::is_scalar_v<S>                                                         \
    auto name(S s, const array<B>& b) {                                                         \
        return name(detail::contract::scalar_operand<B>(s), b);                                 \
    }
ME_DETAIL_SCALAR_OPERANDS(dot)
ME_DETAIL_SCALAR_OPERANDS(inner)
ME_DETAIL_SCALAR_OPERANDS(outer)
ME_DETAIL_SCALAR_OPERANDS(vdot)
ME_DETAIL_SCALAR_OPERANDS(kron)
#undef ME_DETAIL_SCALAR_OPERANDS

/// NumPy's `trace`: the sum along the diagonal at `offset` of the 2-D sub-arrays spanned
/// by `axis1` and `axis2`; the result has the other axes (a 0-d array for a matrix).
/// Element type: sum's (bool and integers give int64). `me::trace(a)`,
/// `me::trace(a, 1)`, `me::trace(a, 0, 1, 2)` or `me::trace(a, {.offset = 1, .axis1 = 1, .axis2 = 2})`.
/// FLOPs: `flops::trace_cost`: one per diagonal element summed, numel(output) * diagonal
/// length (min(n, m) for a matrix at offset 0), at least 1.
/// @throws me::ValueError for fewer than 2 dimensions or axis1 == axis2, me::AxisError
///         for an axis out of range; nothing charged.
template <detail::contract::number T>
array<detail::contract::trace_t<T>> trace(const array<T>& a, const trace_options& options = {}) {
    return detail::contract::trace(detail::op_index("trace"), a, options);
}
/// `trace(a, offset, axis1, axis2)`, NumPy's positional form. FLOPs: as above.
template <detail::contract::number T>
array<detail::contract::trace_t<T>> trace(const array<T>& a, int offset, int axis1 = 0, int axis2 = 1) {
    return trace(a, trace_options{offset, axis1, axis2});
}

}  // namespace me

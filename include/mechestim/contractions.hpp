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
///
/// Every op takes arrays or views (`me::array_like`) in any mix: a view is read as the
/// array it shows (in place when contiguous, else copied first, which is free) and charged
/// exactly as that array.
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
#include "view.hpp"
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

namespace detail::contract {

template <class T>
concept number = std::is_arithmetic_v<T> || is_complex_v<T>;

/// An array or a view (`me::array_like`) of numbers: what every op here takes.
template <class A>
concept number_array = array_like<A> && number<value_t<A>>;

/// The result element type of a binary op over two arrays or views: NumPy's promotion.
template <class A, class B>
using result_t = promote_t<value_t<A>, value_t<B>>;

/// Plans, charges `id`, then runs: the body of every einsum-backed op here.
template <op_id Id, class C, class A, class B>
array<C> run(const einsum_form& f, const array<A>& a, const array<B>& b) {
    static_assert(flops::detail::priced_by<Id, flops::formula::dot, flops::formula::matmul, flops::formula::inner,
                                           flops::formula::outer, flops::formula::tensordot, flops::formula::kron,
                                           flops::formula::multi_dot>,
                  "an einsum-backed contraction's registry row must bind it to a contraction formula");
    const einsum_plan plan = plan_of(f, a.shape(), b.shape());
    charge(Id, flops::op_cost<Id>(plan), [&](OpRecord& rec) {
        rec.subscripts = f.subscripts;
        rec.shapes = plan.spec.shapes;
    });
    // Contractions other than einsum are priced dense and return plain arrays, as the
    // reference's matmul does: say so when an input's declared symmetry is dropped.
    drop_symmetry(a, op_name(Id));
    drop_symmetry(b, op_name(Id));
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
    if (ops.size() == 2) return run<id, C>(dot_form(op_name(id), shapes[0], shapes[1]), *ops[0], *ops[1]);
    const chain_order order = optimal_chain(chain_dims(op_name(id), shapes));
    charge(id, flops::op_cost<id>(shapes), [&](OpRecord& rec) { rec.shapes = shapes; });
    return chain_product(op_name(id), ops, order, 0, ops.size() - 1);
}

// ---------------------------------------------------------------------------------------
// The op bodies, shared by the top-level names and their linalg aliases.

template <op_id Id, class A, class B>
auto matmul(const array<A>& a, const array<B>& b) {
    const auto f = matmul_form(op_name(Id), a.shape(), b.shape());
    return run<Id, promote_t<A, B>>(f, a, b);
}

template <op_id Id, class A, class B>
auto tensordot(const array<A>& a, const array<B>& b, const tensordot_axes& axes) {
    const auto f = tensordot_form(op_name(Id), a.shape(), b.shape(), axes);
    return run<Id, promote_t<A, B>>(f, a, b);
}

template <op_id Id, class A, class B>
auto outer(const array<A>& a, const array<B>& b) {
    const auto f = outer_form(op_name(Id), a.shape(), b.shape());
    return run<Id, promote_t<A, B>>(f, a, b);
}

template <op_id Id, class A, class B>
array<promote_t<A, B>> cross(const array<A>& a, const array<B>& b, const cross_options& o) {
    const auto s = cross_shapes(op_name(Id), a.shape(), b.shape(), o);
    charge(Id, flops::op_cost<Id>(s.out), shape_details(a.xt().shape(), b.xt().shape()));
    return cross_compute<promote_t<A, B>>(s, a, b);
}

template <op_id Id, class T>
array<trace_t<T>> trace(const array<T>& a, const trace_options& o) {
    const auto s = trace_shapes(op_name(Id), a.shape(), o);
    charge(Id, flops::op_cost<Id>(s), shape_details(a.xt().shape()));
    return trace_compute(s, o.offset, a);
}

}  // namespace detail::contract

/// NumPy's `dot`: for matrices the matrix product; for vectors the inner product; a 0-d
/// operand multiplies; otherwise the sum over the last axis of `a` and the second-to-last
/// of `b` (the only one of a 1-D `b`): result shape a.shape[:-1] + b.shape[:-2] + b.shape[-1:].
/// Element type: NumPy's promotion (bool gives OR of ANDs; integers wrap).
/// FLOPs: `flops::dot_cost`: 2*n*k*m for (n,k)x(k,m), 2n for vectors, numel(output) with a 0-d operand.
/// @throws me::ValueError "shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)", nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> dot(const A& a_in, const B& b_in) {
    constexpr auto id = detail::op_index("dot");
    namespace c = detail::contract;
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const auto f = c::dot_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<id, c::result_t<A, B>>(f, a, b);
}

/// NumPy's `matmul` (`a @ b`): the matrix product of the last two axes, the leading
/// (batch) axes broadcast; a 1-D `a` is a row vector and a 1-D `b` a column vector, and
/// their added dimension is removed from the result. Element type: NumPy's promotion.
/// FLOPs: `flops::matmul_cost`: 2*n*k*m per product in the broadcast batch
/// ((256,256)@(256,256) is 33,554,432), at least 1.
/// @throws me::ValueError for a 0-d operand or core dimensions that differ; me::ShapeError
///         for batch shapes that do not broadcast; nothing is charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> matmul(const A& a_in, const B& b_in) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::matmul<detail::op_index("matmul")>(a, b);
}

/// NumPy's `inner`: the sum over the last axes of `a` and `b`; result shape
/// a.shape[:-1] + b.shape[:-1]; a 0-d operand multiplies.
/// FLOPs: `flops::inner_cost`: 2 * numel(output) * n (2n for vectors), at least 1.
/// @throws me::ValueError when the last axes differ in length, nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> inner(const A& a_in, const B& b_in) {
    constexpr auto id = detail::op_index("inner");
    namespace c = detail::contract;
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const auto f = c::inner_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<id, c::result_t<A, B>>(f, a, b);
}

/// NumPy's `outer`: both operands flattened, result[i, j] = a[i] * b[j], shape (size(a), size(b)).
/// FLOPs: `flops::outer_cost`: size(a) * size(b), at least 1.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> outer(const A& a_in, const B& b_in) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::outer<detail::op_index("outer")>(a, b);
}

/// NumPy's `vdot`: both operands flattened, the first conjugated, summed: sum(conj(a) * b),
/// a 0-d array. The sizes must agree (the shapes need not).
/// FLOPs: `flops::vdot_cost`: 2n, at least 1.
/// @throws me::ValueError when the sizes differ, nothing charged.
template <detail::contract::number_array AA, detail::contract::number_array BB>
array<detail::contract::result_t<AA, BB>> vdot(const AA& a_in, const BB& b_in) {
    using A = detail::value_t<AA>;
    using C = detail::contract::result_t<AA, BB>;
    constexpr auto id = detail::op_index("vdot");
    namespace c = detail::contract;
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const shape_t sa = a.shape(), sb = b.shape();
    // einsum over b's shape with one label per axis pairs elements in flat order; `a` is
    // taken as is when it already has b's shape and needs no conjugate or conversion.
    const std::string l = c::labels(0, sb.size(), "vdot", sa, sb);
    const auto plan = detail::plan_einsum(l + "," + l + "->", std::vector<shape_t>{sb, sb});
    detail::charge(id, flops::op_cost<id>(sa, sb), detail::shape_details(sa, sb));
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
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> tensordot(const A& a_in, const B& b_in, const tensordot_axes& axes = {}) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::tensordot<detail::op_index("tensordot")>(a, b, axes);
}

/// NumPy's `kron`: the Kronecker product; operands of different ranks are aligned on
/// their last axes; result axis d has size a.shape[d] * b.shape[d].
/// FLOPs: `flops::kron_cost`: numel(output) (m1*m2*n1*n2 for matrices), at least 1.
template <detail::contract::number_array A, detail::contract::number_array B>
array<detail::contract::result_t<A, B>> kron(const A& a_in, const B& b_in) {
    constexpr auto id = detail::op_index("kron");
    namespace c = detail::contract;
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    const auto f = c::kron_form(detail::op_name(id), a.shape(), b.shape());
    return c::run<id, c::result_t<A, B>>(f, a, b);
}

/// NumPy's `cross`: the cross product of vectors of 2 or 3 components along `axisa` of
/// `a` and `axisb` of `b` (default last), the other axes broadcast; the result's vectors
/// lie along `axisc`. Two 2-vectors give the z component only (no vector axis); a 2-vector
/// with a 3-vector has z = 0. `.axis` sets all three axes. Integers wrap; bool is refused
/// at compile time, as NumPy refuses it.
/// FLOPs: `flops::cross_cost`: numel(output), at least 1.
/// @throws me::ValueError for vectors of other lengths, me::AxisError for a bad axis,
///         me::ShapeError when the other axes do not broadcast; nothing charged.
template <detail::contract::number_array A, detail::contract::number_array B>
    requires(!std::is_same_v<detail::contract::result_t<A, B>, bool>)
array<detail::contract::result_t<A, B>> cross(const A& a_in, const B& b_in, const cross_options& options = {}) {
    const auto& a = detail::contiguous(a_in);
    const auto& b = detail::contiguous(b_in);
    return detail::contract::cross<detail::op_index("cross")>(a, b, options);
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
// it is a 0-d array; the other operand is an array or a view. One macro writes the two
// overloads of each, so all five stay alike.
// FLOPs: as the array form with a 0-d operand (numel(output); vdot 2).
#define ME_DETAIL_SCALAR_OPERANDS(name)                                                          \
    template <detail::contract::number_array A, detail::contract::number S>                     \
        requires detail::is_scalar_v<S>                                                         \
    auto name(const A& a, S s) {                                                                \
        return name(a, detail::contract::scalar_operand<detail::value_t<A>>(s));                \
    }                                                                                           \
    template <detail::contract::number S, detail::contract::number_array B>                     \
        requires detail::is_scalar_v<S>                                                         \
    auto name(S s, const B& b) {                                                                \
        return name(detail::contract::scalar_operand<detail::value_t<B>>(s), b);                \
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
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::contract::trace_t<T>> trace(const A& a_in, const trace_options& options = {}) {
    const auto& a = detail::contiguous(a_in);
    return detail::contract::trace<detail::op_index("trace")>(a, options);
}
/// `trace(a, offset, axis1, axis2)`, NumPy's positional form. FLOPs: as above.
template <detail::contract::number_array A, class T = detail::value_t<A>>
array<detail::contract::trace_t<T>> trace(const A& a, int offset, int axis1 = 0, int axis2 = 1) {
    return me::trace(a, trace_options{offset, axis1, axis2});
}

}  // namespace me

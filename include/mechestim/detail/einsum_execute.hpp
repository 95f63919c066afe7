/// @file detail/einsum_execute.hpp
/// @brief Stage 3 of einsum: running a priced plan over the operands.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "../array.hpp"
#include "einsum_plan.hpp"
#include "types.hpp"

namespace me::detail {

// ---------------------------------------------------------------------------------------
// 3. Execution
// ---------------------------------------------------------------------------------------

/// The accumulator of a sum of products: float32 sums in double (at least as accurate
/// as NumPy's float32 accumulation), integers in unsigned arithmetic so that overflow
/// wraps as in NumPy instead of being undefined behaviour, bools as OR of ANDs.
template <class C>
struct einsum_accumulator {
    using type = std::conditional_t<std::is_same_v<C, float>, double, C>;
};
template <class R>
struct einsum_accumulator<std::complex<R>> {
    using type = std::complex<std::conditional_t<std::is_same_v<R, float>, double, R>>;
};
template <class C>
    requires(std::is_integral_v<C> && !std::is_same_v<C, bool>)
struct einsum_accumulator<C> {
    using type = std::conditional_t<(sizeof(C) <= sizeof(unsigned)), unsigned, std::make_unsigned_t<C>>;
};
template <class C>
using einsum_acc_t = typename einsum_accumulator<C>::type;

template <class C>
constexpr void einsum_add(einsum_acc_t<C>& acc, C x) {
    if constexpr (std::is_same_v<C, bool>) acc = acc || x;
    else acc += static_cast<einsum_acc_t<C>>(x);
}

template <class C>
constexpr void einsum_multiply_add(einsum_acc_t<C>& acc, C x, C y) {
    using A = einsum_acc_t<C>;
    if constexpr (std::is_same_v<C, bool>) acc = acc || (x && y);
    else acc += static_cast<A>(x) * static_cast<A>(y);
}

/// sum_k x[k] * y[k] over contiguous memory. Floats use four partial sums, which
/// breaks the dependency chain (the compiler may not reorder float additions itself).
template <class C>
C einsum_dot(const C* x, const C* y, std::size_t n) {
    using A = einsum_acc_t<C>;
    if constexpr (std::is_floating_point_v<C>) {
        A s0{}, s1{}, s2{}, s3{};
        std::size_t k = 0;
        for (; k + 4 <= n; k += 4) {
            s0 += static_cast<A>(x[k]) * static_cast<A>(y[k]);
            s1 += static_cast<A>(x[k + 1]) * static_cast<A>(y[k + 1]);
            s2 += static_cast<A>(x[k + 2]) * static_cast<A>(y[k + 2]);
            s3 += static_cast<A>(x[k + 3]) * static_cast<A>(y[k + 3]);
        }
        for (; k < n; ++k) s0 += static_cast<A>(x[k]) * static_cast<A>(y[k]);
        return static_cast<C>((s0 + s1) + (s2 + s3));
    } else {
        A acc{};
        for (std::size_t k = 0; k < n; ++k) einsum_multiply_add<C>(acc, x[k], y[k]);
        return static_cast<C>(acc);
    }
}

/// f(offset) for every index of a row-major walk over `sizes`, offset = sum(index * strides).
/// The innermost dimension is a plain loop; nothing is allocated for one or no dimension.
template <class F>
void einsum_for_each_offset(const std::vector<std::size_t>& sizes, const std::vector<std::size_t>& strides, F&& f) {
    const std::size_t nd = sizes.size();
    if (nd == 0) {
        f(std::size_t{0});
        return;
    }
    for (std::size_t s : sizes)
        if (s == 0) return;
    const std::size_t inner = sizes[nd - 1], inner_stride = strides[nd - 1];
    if (nd == 1) {
        for (std::size_t j = 0; j < inner; ++j) f(j * inner_stride);
        return;
    }
    std::vector<std::size_t> index(nd - 1, 0);
    std::size_t offset = 0;
    for (;;) {
        for (std::size_t j = 0; j < inner; ++j) f(offset + j * inner_stride);
        std::size_t d = nd - 1;
        for (;;) {  // advance the odometer over the outer dimensions
            if (d == 0) return;
            --d;
            offset += strides[d];
            if (++index[d] < sizes[d]) break;
            offset -= strides[d] * sizes[d];
            index[d] = 0;
        }
    }
}

/// An operand or intermediate during execution: labelled, strided, owned or borrowed.
template <class C>
struct einsum_tensor {
    std::optional<array<C>> owned;  // empty: borrows `external` (an input of the caller)
    const C* external = nullptr;
    std::vector<std::size_t> shape;
    std::vector<std::size_t> strides;  // in elements
    std::vector<einsum_label> labels;  // one per dimension, may repeat (diagonals)

    const C* data() const { return owned ? owned->data() : external; }
};

inline std::vector<std::size_t> einsum_row_major_strides(const std::vector<std::size_t>& shape) {
    std::vector<std::size_t> strides(shape.size());
    std::size_t s = 1;
    for (std::size_t d = shape.size(); d-- > 0;) {
        strides[d] = s;
        s *= shape[d];
    }
    return strides;
}

/// An input as a tensor of the computation type C: borrowed when it already is one.
template <class C, class T>
einsum_tensor<C> einsum_operand(const array<T>& a, std::vector<einsum_label> labels) {
    einsum_tensor<C> t;
    t.shape.assign(a.xt().shape().begin(), a.xt().shape().end());
    t.strides = einsum_row_major_strides(t.shape);
    t.labels = std::move(labels);
    if constexpr (std::is_same_v<T, C>) {
        t.external = a.data();
    } else {
        t.owned = array<C>::uninitialized(t.shape);
        std::transform(a.begin(), a.end(), t.owned->begin(), [](const T& v) { return static_cast<C>(v); });
    }
    return t;
}

/// One distinct label of a tensor, with its dimensions merged: a repeated label walks
/// the diagonal (the sum of its strides).
struct einsum_axis {
    einsum_label label;
    std::size_t size;
    std::size_t stride;
};

/// The tensor's distinct labels in order of appearance. A size-1 dimension whose label
/// is larger elsewhere is dropped: it broadcasts, so only its index 0 exists.
template <class C>
std::vector<einsum_axis> einsum_axes(const einsum_tensor<C>& t, const std::vector<std::size_t>& sizes) {
    std::vector<einsum_axis> axes;
    for (std::size_t d = 0; d < t.shape.size(); ++d) {
        const einsum_label l = t.labels[d];
        if (t.shape[d] == 1 && sizes[l] != 1) continue;
        auto it = std::find_if(axes.begin(), axes.end(), [l](const einsum_axis& a) { return a.label == l; });
        if (it == axes.end()) axes.push_back({l, t.shape[d], t.strides[d]});
        else it->stride += t.strides[d];
    }
    return axes;
}

inline std::size_t einsum_extent_of(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    return n;
}

/// `t` laid out contiguously with exactly the labels `target` in that order: labels of
/// `t` not in `target` are summed, repeated labels give diagonals, and target labels `t`
/// lacks are broadcast. Returns `t` itself (no copy) when it already has that layout.
template <class C>
einsum_tensor<C> einsum_arrange(einsum_tensor<C>&& t, const std::vector<einsum_label>& target,
                                const std::vector<std::size_t>& sizes) {
    const auto axes = einsum_axes(t, sizes);
    std::vector<std::size_t> out_sizes, out_strides, sum_sizes, sum_strides;
    for (einsum_label l : target) {
        auto it = std::find_if(axes.begin(), axes.end(), [l](const einsum_axis& a) { return a.label == l; });
        out_sizes.push_back(it == axes.end() ? sizes[l] : it->size);
        out_strides.push_back(it == axes.end() ? 0 : it->stride);
    }
    for (const auto& a : axes)
        if (std::find(target.begin(), target.end(), a.label) == target.end()) {
            sum_sizes.push_back(a.size);
            sum_strides.push_back(a.stride);
        }
    const auto contiguous = einsum_row_major_strides(out_sizes);
    // Reusing t needs the same elements in the same places: nothing summed, nothing
    // broadcast, row-major strides (the stride of a size-1 dimension never matters).
    bool identity = sum_sizes.empty() && einsum_extent_of(out_sizes) == einsum_extent_of(t.shape);
    for (std::size_t d = 0; identity && d < out_sizes.size(); ++d)
        identity = out_sizes[d] == 1 || out_strides[d] == contiguous[d];
    if (identity) {
        t.shape = out_sizes;
        t.strides = contiguous;
        t.labels = target;
        return std::move(t);
    }

    einsum_tensor<C> r;
    r.owned = array<C>::uninitialized(out_sizes);
    C* out = r.owned->data();
    const C* in = t.data();
    std::size_t i = 0;
    if (sum_sizes.empty()) {
        einsum_for_each_offset(out_sizes, out_strides, [&](std::size_t off) { out[i++] = in[off]; });
    } else {
        einsum_for_each_offset(out_sizes, out_strides, [&](std::size_t off) {
            einsum_acc_t<C> acc{};
            const C* base = in + off;
            einsum_for_each_offset(sum_sizes, sum_strides, [&](std::size_t s) { einsum_add<C>(acc, base[s]); });
            out[i++] = static_cast<C>(acc);
        });
    }
    r.shape = std::move(out_sizes);
    r.strides = contiguous;
    r.labels = target;
    return r;
}

/// The product of the sizes of `labels`.
inline std::size_t einsum_extent(const std::vector<einsum_label>& labels, const std::vector<std::size_t>& sizes) {
    std::size_t n = 1;
    for (einsum_label l : labels) n *= sizes[l];
    return n;
}

/// A two-operand step: out[b, i, j] = sum_k a[b, i, k] * b[b, j, k], after laying both
/// operands out as (batch, free, contracted) so the inner loop is a contiguous dot product.
template <class C>
einsum_tensor<C> einsum_contract(einsum_tensor<C>&& a, einsum_tensor<C>&& b, const std::vector<einsum_label>& keep,
                                 const std::vector<std::size_t>& sizes) {
    const auto axes_a = einsum_axes(a, sizes), axes_b = einsum_axes(b, sizes);
    auto has = [](const std::vector<einsum_axis>& axes, einsum_label l) {
        return std::any_of(axes.begin(), axes.end(), [l](const einsum_axis& x) { return x.label == l; });
    };
    auto kept = [&](einsum_label l) { return std::find(keep.begin(), keep.end(), l) != keep.end(); };
    std::vector<einsum_label> batch, free_a, free_b, contracted;
    for (const auto& x : axes_a) {
        if (!kept(x.label)) {
            if (has(axes_b, x.label)) contracted.push_back(x.label);  // else summed in einsum_arrange
        } else {
            (has(axes_b, x.label) ? batch : free_a).push_back(x.label);
        }
    }
    for (const auto& x : axes_b)
        if (kept(x.label) && !has(axes_a, x.label)) free_b.push_back(x.label);

    auto concat = [](std::vector<einsum_label> x, const auto&... more) {
        (x.insert(x.end(), more.begin(), more.end()), ...);
        return x;
    };
    const auto la = einsum_arrange(std::move(a), concat(batch, free_a, contracted), sizes);
    const auto lb = einsum_arrange(std::move(b), concat(batch, free_b, contracted), sizes);
    const std::size_t nb = einsum_extent(batch, sizes), ni = einsum_extent(free_a, sizes),
                      nj = einsum_extent(free_b, sizes), nk = einsum_extent(contracted, sizes);

    einsum_tensor<C> r;
    r.labels = concat(batch, free_a, free_b);
    for (einsum_label l : r.labels) r.shape.push_back(sizes[l]);
    r.strides = einsum_row_major_strides(r.shape);
    r.owned = array<C>::uninitialized(r.shape);
    C* out = r.owned->data();
    const C* pa = la.data();
    const C* pb = lb.data();
    for (std::size_t q = 0; q < nb; ++q)
        for (std::size_t i = 0; i < ni; ++i) {
            const C* row = pa + (q * ni + i) * nk;
            for (std::size_t j = 0; j < nj; ++j) *out++ = einsum_dot(row, pb + (q * nj + j) * nk, nk);
        }
    return r;
}

/// Runs a plan over its operands (already converted to the computation type C).
template <class C>
array<C> einsum_execute(const einsum_plan& plan, std::vector<einsum_tensor<C>> list) {
    const auto& sizes = plan.spec.sizes;
    for (const auto& step : plan.steps) {
        std::vector<einsum_tensor<C>> ins;
        for (std::size_t p : step.operands) ins.push_back(std::move(list[p]));
        for (std::size_t k = step.operands.size(); k-- > 0;)
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(step.operands[k]));
        if (ins.size() == 1) {
            std::vector<einsum_label> keep;
            for (const auto& x : einsum_axes(ins[0], sizes))
                if (std::find(step.result.begin(), step.result.end(), x.label) != step.result.end())
                    keep.push_back(x.label);
            list.push_back(einsum_arrange(std::move(ins[0]), keep, sizes));
        } else if (ins.size() == 2) {
            list.push_back(einsum_contract(std::move(ins[0]), std::move(ins[1]), step.result, sizes));
        } else {
            // Only explicit paths can ask for this; left_to_right_path never does.
            einsum_fail(plan.spec.subscripts, plan.spec.shapes, "a contraction step of more than two operands");
        }
    }
    einsum_tensor<C> r = einsum_arrange(std::move(list.back()), plan.spec.output, sizes);
    shape_t shape;
    for (einsum_label l : plan.spec.output) shape.push_back(sizes[l]);
    if (r.owned) {
        r.owned->xt().reshape(shape);  // same elements; drops size-1 dimensions it may carry
        return std::move(*r.owned);
    }
    // Still borrowing an input (e.g. 'ij->ij'): einsum returns a new array.
    auto out = array<C>::uninitialized(shape);
    std::copy(r.data(), r.data() + out.size(), out.data());
    return out;
}

}  // namespace me::detail

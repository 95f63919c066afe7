/// @file detail/einsum_execute.hpp
/// @brief Stage 3 of einsum: running a priced plan over the operands.
///
/// A one-operand step is one strided pass (einsum_arrange: diagonals, sums, transposes).
/// A two-operand step on float, double, complex<float> or complex<double> with enough work
/// runs on BLAS (GEMM, GEMV or DOT per batch index), reading each operand in place when
/// its strides allow (einsum_contract_blas); integer and bool steps, outer products and
/// tiny steps run a loop of contiguous dot products. Nothing here charges: the plan's
/// cost was charged before execution began.
#pragma once

#include <algorithm>
#include <climits>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "../array.hpp"
#include "../errors.hpp"
#include "blas.hpp"
#include "../flops/einsum_plan.hpp"
#include "types.hpp"

namespace me::detail {

/// What the executor did on this thread, for tests that check which route a step took
/// (a thread-local counter costs nothing next to a contraction).
struct einsum_exec_stats {
    std::size_t blas_steps = 0;  ///< pairwise steps run as GEMM/GEMV/DOT
    std::size_t loop_steps = 0;  ///< pairwise steps run by the plain loop
    std::size_t copies = 0;      ///< operands laid out anew by einsum_arrange
};
inline thread_local einsum_exec_stats einsum_stats;

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
    bool identity = sum_sizes.empty() && numel(out_sizes) == numel(t.shape);
    for (std::size_t d = 0; identity && d < out_sizes.size(); ++d)
        identity = out_sizes[d] == 1 || out_strides[d] == contiguous[d];
    if (identity) {
        t.shape = out_sizes;
        t.strides = contiguous;
        t.labels = target;
        return std::move(t);
    }

    ++einsum_stats.copies;
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
            // Indexed from `in` itself: an empty operand has no buffer (null), and null +
            // offset is undefined even when no element is then read.
            einsum_for_each_offset(sum_sizes, sum_strides, [&](std::size_t s) { einsum_add<C>(acc, in[off + s]); });
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

// ---------------------------------------------------------------------------------------
// BLAS execution of contractions (float, double, complex<float>, complex<double>)
// ---------------------------------------------------------------------------------------

/// A group of labels (batch, free or contracted) of one operand seen as one dimension.
struct einsum_group {
    std::size_t extent = 1;
    std::size_t stride = 0;  // meaningless when extent is 1
};

inline const einsum_axis* einsum_find_axis(const std::vector<einsum_axis>& axes, einsum_label l) {
    auto it = std::find_if(axes.begin(), axes.end(), [l](const einsum_axis& a) { return a.label == l; });
    return it == axes.end() ? nullptr : &*it;
}

/// `order` as one dimension of a tensor with these axes, when its labels are row-major
/// contiguous in that order. Size-1 labels occupy no memory and are skipped.
inline std::optional<einsum_group> einsum_collapse(const std::vector<einsum_axis>& axes,
                                                   const std::vector<einsum_label>& order) {
    einsum_group g;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const einsum_axis* x = einsum_find_axis(axes, *it);
        if (!x || x->size == 1) continue;
        if (g.extent == 1) g.stride = x->stride;
        else if (x->stride != g.stride * g.extent) return std::nullopt;
        g.extent *= x->size;
    }
    return g;
}

/// `labels` by decreasing stride in this tensor, size-1 labels last: the only order in
/// which they can be contiguous.
inline std::vector<einsum_label> einsum_by_stride(const std::vector<einsum_axis>& axes,
                                                  std::vector<einsum_label> labels) {
    auto key = [&](einsum_label l) {
        const einsum_axis* x = einsum_find_axis(axes, l);
        return x && x->size != 1 ? x->stride : std::size_t{0};
    };
    std::stable_sort(labels.begin(), labels.end(), [&](einsum_label p, einsum_label q) { return key(p) > key(q); });
    return labels;
}

/// An F x K matrix (free x contracted) as BLAS reads it: row-major with leading
/// dimension `ld`, or, when `transposed`, its K x F transpose stored row-major.
struct einsum_matrix {
    bool transposed = false;
    std::size_t ld = 0;
};

inline std::optional<einsum_matrix> einsum_as_matrix(const einsum_group& f, const einsum_group& k) {
    if (k.stride == 1 && f.stride >= k.extent) return einsum_matrix{false, f.stride};
    if (f.stride == 1 && k.stride >= f.extent) return einsum_matrix{true, k.stride};
    return std::nullopt;
}

/// One operand of a BLAS contraction: per batch index, an F x K matrix (or a vector when
/// F is 1) read in place.
template <class C>
struct einsum_blas_operand {
    const C* data = nullptr;
    einsum_group batch, free, contracted;
    einsum_matrix matrix;  // used only when free.extent > 1
};

/// How a tensor is read as (batch, free, contracted) in the given label orders, without a
/// copy; nullopt when it cannot be: it has labels to sum on its own, a group that is not
/// contiguous, or a matrix whose strides BLAS cannot describe.
template <class C>
std::optional<einsum_blas_operand<C>> einsum_blas_view(const einsum_tensor<C>& t, const std::vector<einsum_axis>& axes,
                                                       std::size_t nb, const std::vector<einsum_label>& batch,
                                                       const std::vector<einsum_label>& free,
                                                       const std::vector<einsum_label>& contracted) {
    for (const auto& x : axes) {
        const auto in = [&](const std::vector<einsum_label>& g) { return std::find(g.begin(), g.end(), x.label) != g.end(); };
        if (x.size != 1 && !in(batch) && !in(free) && !in(contracted)) return std::nullopt;
    }
    auto b = einsum_collapse(axes, batch), f = einsum_collapse(axes, free), k = einsum_collapse(axes, contracted);
    if (!b || !f || !k) return std::nullopt;
    if (b->extent != nb) {  // batch labels this operand lacks (einsum_broadcast_batch): it repeats
        if (b->extent != 1) return std::nullopt;
        *b = einsum_group{nb, 0};
    }
    einsum_blas_operand<C> v{t.data(), *b, *f, *k, {}};
    if (f->extent > 1) {
        auto m = einsum_as_matrix(*f, *k);
        if (!m) return std::nullopt;
        v.matrix = *m;
    }
    return v;
}

/// Per-batch work (M*N*K) below which the plain loop beats a BLAS call's fixed overhead.
inline constexpr std::size_t einsum_blas_min_work = 4096;

/// Whether a contraction of these extents goes to BLAS: something to contract and
/// produce, enough work per call, and every extent and leading dimension inside BLAS's
/// 32-bit integers (strides of a diagonal view reach twice its tensor's size, hence /4).
inline bool einsum_use_blas(std::size_t nb, std::size_t m, std::size_t n, std::size_t k, std::size_t size_a,
                            std::size_t size_b) {
    constexpr std::size_t limit = static_cast<std::size_t>(INT_MAX) / 4;
    if (nb == 0 || m == 0 || n == 0 || k < 2) return false;
    if (m * n * k < einsum_blas_min_work) return false;
    return size_a <= limit && size_b <= limit && nb * m * k <= limit && nb * n * k <= limit && nb * m * n <= limit;
}

/// out[q] (M x N, row-major) = A[q] (M x K) * B[q] (N x K)^T for every batch index q:
/// GEMM, GEMV when one side is a vector, DOT when both are.
template <class C>
void einsum_blas_run(const einsum_blas_operand<C>& a, const einsum_blas_operand<C>& b, C* out) {
    using blas::index_t;
    const auto I = [](std::size_t v) { return static_cast<index_t>(v); };
    const std::size_t nb = a.batch.extent, m = a.free.extent, n = b.free.extent, k = a.contracted.extent;
    for (std::size_t q = 0; q < nb; ++q) {
        const C* pa = a.data + q * a.batch.stride;
        const C* pb = b.data + q * b.batch.stride;
        C* pc = out + q * m * n;
        if (m == 1 && n == 1) {
            *pc = blas::dot(I(k), pa, I(a.contracted.stride), pb, I(b.contracted.stride));
        } else if (m == 1) {  // out[j] = sum_k B[j, k] a[k]
            // beta = 0 must not read the uninitialised output, but whether GEMV's scaling by
            // 0 zeroes or multiplies (NaN * 0) has changed between OpenBLAS versions.
            std::fill(pc, pc + n, C(0));
            const bool t = b.matrix.transposed;
            blas::gemv(t, I(t ? k : n), I(t ? n : k), pb, I(b.matrix.ld), pa, I(a.contracted.stride), pc);
        } else if (n == 1) {  // out[i] = sum_k A[i, k] b[k]
            std::fill(pc, pc + m, C(0));
            const bool t = a.matrix.transposed;
            blas::gemv(t, I(t ? k : m), I(t ? m : k), pa, I(a.matrix.ld), pb, I(b.contracted.stride), pc);
        } else {  // GEMM wants op(B) as K x N: a row-major N x K B is its transpose
            blas::gemm(a.matrix.transposed, !b.matrix.transposed, I(m), I(n), I(k), pa, I(a.matrix.ld), pb,
                       I(b.matrix.ld), pc, I(n));
        }
    }
}

/// Broadcast batch. When the result starts with some free labels of one operand that
/// cannot form one matrix dimension with its other free labels, as in `(n, k) x (64, k, m)`
/// (matmul broadcasting: the 64 and the m of the second are not contiguous together),
/// those leading labels become batch labels that the other operand repeats (batch stride
/// 0): a loop of GEMMs instead of copying that operand and then transposing the result.
/// Each GEMM must still be worth a BLAS call (einsum_blas_min_work); else the copy wins.
inline void einsum_broadcast_batch(const std::vector<einsum_axis>& axes_a, const std::vector<einsum_axis>& axes_b,
                                   const std::vector<einsum_label>& keep, const std::vector<std::size_t>& sizes,
                                   std::size_t nk, std::vector<einsum_label>& batch,
                                   std::vector<einsum_label>& free_a, std::vector<einsum_label>& free_b) {
    if (!batch.empty() || free_a.empty() || free_b.empty() || keep.empty()) return;
    const auto in = [](const std::vector<einsum_label>& v, einsum_label l) {
        return std::find(v.begin(), v.end(), l) != v.end();
    };
    const bool of_a = in(free_a, keep[0]);
    if (!of_a && !in(free_b, keep[0])) return;
    std::vector<einsum_label>& f = of_a ? free_a : free_b;
    const std::vector<einsum_axis>& axes = of_a ? axes_a : axes_b;
    const std::size_t other = einsum_extent(of_a ? free_b : free_a, sizes);
    const auto one_dimension = [&](const std::vector<einsum_label>& g) {
        return einsum_collapse(axes, g) || einsum_collapse(axes, einsum_by_stride(axes, g));
    };
    if (one_dimension(f)) return;
    std::size_t lead = 0;
    while (lead < keep.size() && in(f, keep[lead])) ++lead;
    // The fewest leading labels whose removal leaves one matrix dimension (f is in keep's order).
    for (std::size_t p = 1; p <= lead && p < f.size(); ++p) {
        const auto cut = f.begin() + static_cast<std::ptrdiff_t>(p);
        const std::vector<einsum_label> rest(cut, f.end());
        if (einsum_extent(rest, sizes) * other * nk < einsum_blas_min_work) return;
        if (!one_dimension(rest)) continue;
        batch.assign(f.begin(), cut);
        f.erase(f.begin(), cut);
        return;
    }
}

/// A contraction on BLAS (einsum_use_blas said yes). Each operand is read in place when
/// its strides already form a matrix BLAS can read, transposed or not, with any leading
/// dimension; otherwise it is laid out as (batch, free, contracted) first, in the label
/// orders the other operand is read in. The result is (batch, free_a, free_b).
template <class C>
einsum_tensor<C> einsum_contract_blas(einsum_tensor<C>&& a, einsum_tensor<C>&& b, const std::vector<einsum_label>& batch,
                                      const std::vector<einsum_label>& free_a, const std::vector<einsum_label>& free_b,
                                      const std::vector<einsum_label>& contracted, const std::vector<std::size_t>& sizes) {
    const auto axes_a = einsum_axes(a, sizes), axes_b = einsum_axes(b, sizes);
    const std::size_t nb = einsum_extent(batch, sizes);
    // Free labels keep the caller's order when they are contiguous in it (no transpose of
    // the result later), else the operand's own.
    auto free_order = [](const std::vector<einsum_axis>& axes, const std::vector<einsum_label>& f) {
        return einsum_collapse(axes, f) ? f : einsum_by_stride(axes, f);
    };
    const auto fa = free_order(axes_a, free_a), fb = free_order(axes_b, free_b);
    // Batch and contracted labels must be in one order for both: try each operand's.
    const auto bat_a = einsum_by_stride(axes_a, batch), con_a = einsum_by_stride(axes_a, contracted);
    const auto bat_b = einsum_by_stride(axes_b, batch), con_b = einsum_by_stride(axes_b, contracted);
    auto va = einsum_blas_view(a, axes_a, nb, bat_a, fa, con_a);
    auto vb = einsum_blas_view(b, axes_b, nb, bat_a, fb, con_a);
    std::vector<einsum_label> bat = bat_a, con = con_a;
    if (!va || !vb) {
        auto va2 = einsum_blas_view(a, axes_a, nb, bat_b, fa, con_b);
        auto vb2 = einsum_blas_view(b, axes_b, nb, bat_b, fb, con_b);
        if (vb2 && (va2 || !va)) {  // b reads in place in its own order: keep that
            va = std::move(va2);
            vb = std::move(vb2);
            bat = bat_b;
            con = con_b;
        }
    }
    auto concat = [](std::vector<einsum_label> x, const auto&... more) {
        (x.insert(x.end(), more.begin(), more.end()), ...);
        return x;
    };
    // The copies live here, so that the views into them stay valid until BLAS has run.
    std::optional<einsum_tensor<C>> copy_a, copy_b;
    auto laid_out = [&](einsum_tensor<C>&& t, const std::vector<einsum_axis>& axes,
                        std::optional<einsum_tensor<C>>& copy, const std::vector<einsum_label>& f) {
        std::vector<einsum_label> own_batch;  // batch labels it lacks stay broadcast, not copied
        for (einsum_label l : bat)
            if (einsum_find_axis(axes, l)) own_batch.push_back(l);
        copy = einsum_arrange(std::move(t), concat(own_batch, f, con), sizes);
        return einsum_blas_view(*copy, einsum_axes(*copy, sizes), nb, bat, f, con);  // row-major: readable
    };
    if (!va) va = laid_out(std::move(a), axes_a, copy_a, fa);
    if (!vb) vb = laid_out(std::move(b), axes_b, copy_b, fb);
    if (!va || !vb)  // unreachable: a laid-out operand is row-major (batch, free, contracted)
        throw MechEstimError("einsum: internal error: a laid-out operand is not readable by BLAS");

    einsum_tensor<C> r;
    r.labels = concat(bat, fa, fb);
    for (einsum_label l : r.labels) r.shape.push_back(sizes[l]);
    r.strides = einsum_row_major_strides(r.shape);
    r.owned = array<C>::uninitialized(r.shape);
    einsum_blas_run(*va, *vb, r.owned->data());
    ++einsum_stats.blas_steps;
    return r;
}

/// A two-operand step: out[b, i, j] = sum_k a[b, i, k] * b[b, j, k]. On BLAS types with
/// enough work it is a batch of GEMM/GEMV/DOT calls (einsum_contract_blas); otherwise
/// both operands are laid out as (batch, free, contracted) and the inner loop is a
/// contiguous dot product.
template <class C>
einsum_tensor<C> einsum_contract(einsum_tensor<C>&& a, einsum_tensor<C>&& b, const std::vector<einsum_label>& keep,
                                 const std::vector<std::size_t>& sizes) {
    auto axes_a = einsum_axes(a, sizes), axes_b = einsum_axes(b, sizes);
    auto has = [](const std::vector<einsum_axis>& axes, einsum_label l) {
        return std::any_of(axes.begin(), axes.end(), [l](const einsum_axis& x) { return x.label == l; });
    };
    std::vector<einsum_label> batch, free_a, free_b, contracted;
    for (einsum_label l : keep) {  // kept labels in the order the caller wants them
        const bool in_a = has(axes_a, l), in_b = has(axes_b, l);
        if (in_a && in_b) batch.push_back(l);
        else if (in_a) free_a.push_back(l);
        else if (in_b) free_b.push_back(l);
    }
    auto kept = [&](einsum_label l) { return std::find(keep.begin(), keep.end(), l) != keep.end(); };
    for (const auto& x : axes_a)  // a label of a alone that is not kept is summed in einsum_arrange
        if (!kept(x.label) && has(axes_b, x.label)) contracted.push_back(x.label);

    const std::size_t nk = einsum_extent(contracted, sizes);
    bool use_blas = false;
    if constexpr (blas::supported_v<C>) {
        use_blas = einsum_use_blas(einsum_extent(batch, sizes), einsum_extent(free_a, sizes),
                                   einsum_extent(free_b, sizes), nk, numel(a.shape), numel(b.shape));
        if (use_blas) einsum_broadcast_batch(axes_a, axes_b, keep, sizes, nk, batch, free_a, free_b);
    }
    // The result is (batch, free_a, free_b): when `keep` lists b's free labels first,
    // swapping the operands saves transposing the result afterwards.
    auto first = [&](const std::vector<einsum_label>& f) {
        return f.empty() ? keep.size() : static_cast<std::size_t>(std::find(keep.begin(), keep.end(), f[0]) - keep.begin());
    };
    if (first(free_b) < first(free_a)) {
        std::swap(a, b);
        std::swap(axes_a, axes_b);
        std::swap(free_a, free_b);
    }
    if (use_blas) return einsum_contract_blas(std::move(a), std::move(b), batch, free_a, free_b, contracted, sizes);

    const std::size_t nb = einsum_extent(batch, sizes), ni = einsum_extent(free_a, sizes),
                      nj = einsum_extent(free_b, sizes);
    auto concat = [](std::vector<einsum_label> x, const auto&... more) {
        (x.insert(x.end(), more.begin(), more.end()), ...);
        return x;
    };
    ++einsum_stats.loop_steps;
    const auto la = einsum_arrange(std::move(a), concat(batch, free_a, contracted), sizes);
    const auto lb = einsum_arrange(std::move(b), concat(batch, free_b, contracted), sizes);

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
    for (const auto& step : plan.run_steps()) {
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

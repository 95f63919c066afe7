/// @file einsum.hpp
/// @brief `me::einsum`: Einstein summation with NumPy's semantics, priced by opt_einsum's count.
///
/// Three stages, each replaceable on its own:
///  1. `detail::parse_einsum` checks the subscripts against the operand shapes and expands
///     them into integer labels (NumPy's rules: implicit output, `...`, repeated labels,
///     size-1 broadcasting);
///  2. `detail::plan_einsum` turns a contraction path (opt_einsum's form: lists of operand
///     positions; each step removes its operands and appends its result) into priced
///     steps. Today the path is always left to right; the path optimiser plugs in here;
///  3. `detail::einsum_execute` runs the steps: each operand is first laid out as
///     (batch, free, contracted) in one strided pass that also takes diagonals and sums
///     labels no one else needs, then a two-operand step is a loop of contiguous dot
///     products. (BLAS replaces that loop in the next issue.)
/// The cost comes from the plan alone, so `me::flops::einsum_cost` and `me::einsum` share it.
#pragma once

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "array.hpp"
#include "budget.hpp"
#include "errors.hpp"
#include "flops.hpp"
#include "shape.hpp"
#include "detail/ops.hpp"
#include "detail/types.hpp"

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

template <class T, class... Rest>
struct einsum_promote {
    using type = T;
};
template <class T, class U, class... Rest>
struct einsum_promote<T, U, Rest...> {
    using type = promote_t<T, typename einsum_promote<U, Rest...>::type>;
};

/// Plans, charges, then runs: the one body behind both public forms.
template <class C, class... Arrays>
array<C> einsum_run(std::string_view subscripts, std::vector<shape_t> shapes, const Arrays&... operand_lists) {
    const einsum_plan plan = plan_einsum(subscripts, std::move(shapes));
    charge(op_index("einsum"), plan.cost, [&](OpRecord& rec) {
        rec.subscripts = plan.spec.subscripts;
        rec.shapes = plan.spec.shapes;
    });
    std::vector<einsum_tensor<C>> list;
    std::size_t k = 0;
    auto add = [&](const auto& a) {
        list.push_back(einsum_operand<C>(a, plan.spec.inputs[k]));
        ++k;
    };
    auto add_all = [&](const auto& x) {
        if constexpr (is_array_v<decltype(x)>) add(x);
        else
            for (const auto& a : x) add(a);
    };
    (add_all(operand_lists), ...);
    return einsum_execute<C>(plan, std::move(list));
}

}  // namespace detail

/// Einstein summation, as `numpy.einsum`: `me::einsum("ij,jk->ik", a, b)`.
///
/// Subscripts follow NumPy: letters label dimensions; `->` gives the output explicitly,
/// otherwise it is the labels used once, in alphabetical (character code) order, after
/// any broadcast dimensions; a label repeated within an operand takes its diagonal
/// (`"ii->"` is the trace, `"ii->i"` the diagonal); `...` stands for broadcast leading
/// dimensions; a size-1 dimension broadcasts against the same label elsewhere. Operands
/// of different element types are computed in their NumPy promotion (int32 with float32
/// gives float64); integer sums wrap like NumPy's, bool gives OR of ANDs.
///
/// Operands are contracted pairwise, left to right (path optimisation comes later).
///
/// FLOPs: opt_einsum's count, summed over the pairwise steps: for each step, the product
/// of the sizes of all labels in it, times max(1, operands in the step - 1), plus one
/// more if the step sums a label away; at least 1. `'ij,j->i'` on 256x256 is 131,072,
/// `'ij,jk->ik'` on 256^3 is 33,554,432, the outer product `'i,j->ij'` is n*m.
/// The same number as `me::flops::einsum_cost(subscripts, shapes)`.
///
/// @throws me::ValueError naming einsum, the subscripts and the shapes, before anything is
///         charged: bad characters, a stray '.', a wrong number of operands or subscripts,
///         a label of two different sizes (neither 1), an unknown or repeated output label.
/// @throws me::BudgetExhaustedError when the cost does not fit; nothing runs.
template <class... T>
    requires(sizeof...(T) >= 1)
array<typename detail::einsum_promote<T...>::type> einsum(std::string_view subscripts, const array<T>&... operands) {
    using C = typename detail::einsum_promote<T...>::type;
    std::vector<shape_t> shapes{shape_t(operands.xt().shape().begin(), operands.xt().shape().end())...};
    return detail::einsum_run<C>(subscripts, std::move(shapes), operands...);
}

/// Einstein summation over a list of operands of one element type (see the variadic form).
/// FLOPs: as the variadic form (opt_einsum's count over the pairwise steps, at least 1).
/// @throws me::ValueError as the variadic form, and when `operands` is empty.
template <class T>
array<T> einsum(std::string_view subscripts, const std::vector<array<T>>& operands) {
    std::vector<shape_t> shapes;
    for (const auto& a : operands) shapes.emplace_back(a.xt().shape().begin(), a.xt().shape().end());
    return detail::einsum_run<T>(subscripts, std::move(shapes), operands);
}

namespace flops {

/// What `me::einsum(subscripts, operands...)` charges for operands of these shapes,
/// without arrays and without charging: `einsum_cost("ij,jk->ik", {{3, 4}, {4, 5}})` is 120.
/// FLOPs: opt_einsum's count over the pairwise left-to-right steps (see `me::einsum`), at least 1.
/// @throws me::ValueError for subscripts that do not fit the shapes, as `me::einsum` does.
inline flops_t einsum_cost(std::string_view subscripts, std::vector<shape_t> shapes) {
    return me::detail::plan_einsum(subscripts, std::move(shapes)).cost;
}

}  // namespace flops

}  // namespace me

/// @file detail/ufunc.hpp
/// @brief The two templates behind every pointwise op: `unary_ufunc<Fn>` and `binary_ufunc<Fn>`.
///
/// An op is a small struct `Fn` with its registry `name` and a scalar `apply`; the template
/// does the rest the same way for all of them: validate shapes, charge the formula the
/// registry binds the op to (`flops::op_cost<id>`: numel(output), distinct elements when the
/// output is symmetric, see symmetry.hpp), then run a flat (or broadcasting) loop over the
/// contiguous buffers.
/// Element types follow NumPy: binary ops compute in the promoted type of their operands,
/// scalars mix in weakly.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../array.hpp"
#include "../budget.hpp"
#include "../flops.hpp"
#include "../symmetry.hpp"
#include "ops.hpp"
#include "vector_math.hpp"

namespace me::detail {

/// Log details of a pointwise op: the input shapes.
template <class... Shapes>
auto shape_details(const Shapes&... shapes) {
    return [&](OpRecord& rec) { (rec.shapes.emplace_back(shapes.begin(), shapes.end()), ...); };
}

/// Where a ufunc writes its results: one array, or two for ops that return a pair
/// (frexp, modf, divmod).
template <class R>
struct ufunc_output {
    using type = array<R>;
    template <class Shape>
    static type make(const Shape& shape) { return array<R>::uninitialized(shape); }
    template <class Shape>
    static type make_like(const Shape& existing_shape) { return array<R>::uninitialized_like(existing_shape); }
    static auto sink(type& out) {
        return [p = out.data()](std::size_t i, const R& v) { p[i] = v; };
    }
};
template <class R1, class R2>
struct ufunc_output<std::pair<R1, R2>> {
    using type = std::pair<array<R1>, array<R2>>;
    template <class Shape>
    static type make(const Shape& shape) { return {array<R1>::uninitialized(shape), array<R2>::uninitialized(shape)}; }
    template <class Shape>
    static type make_like(const Shape& existing_shape) {
        return {array<R1>::uninitialized_like(existing_shape), array<R2>::uninitialized_like(existing_shape)};
    }
    static auto sink(type& out) {
        return [p = out.first.data(), q = out.second.data()](std::size_t i, const std::pair<R1, R2>& v) {
            p[i] = v.first;
            q[i] = v.second;
        };
    }
};

template <class Fn, class T, class... Extra>
using unary_result_t = std::remove_cvref_t<decltype(Fn::apply(std::declval<T>(), std::declval<Extra>()...))>;

template <class Fn, class T, class... Extra>
concept unary_applicable = requires(T x, Extra... e) { Fn::apply(x, e...); };

/// Runs `Fn::check(x, ...)` on every element before anything is charged, for the few
/// ops whose inputs can be invalid by value (integers to negative integer powers ...).
template <class Fn, class T, class... Extra>
void check_unary(const array<T>& a, const Extra&... extra) {
    if constexpr (requires(T x) { Fn::check(x, extra...); })
        for (const T& x : a) Fn::check(x, extra...);
}

/// Ops with vector kernels for result type R (detail/vector_math.hpp), on a real input T.
template <class Fn, class R>
concept vector_op = requires { typename Fn::kernels; } && vector_math::has_kernels<typename Fn::kernels, R>;

/// out[i] = Fn(in[i]) on Fn's vector kernels; an input of another type (integers: the op
/// computes in float64) is converted into `out` first and computed there in place.
template <class Fn, class T, class R>
void vector_unary(const T* in, R* out, std::size_t n, simd_level level) {
    if constexpr (std::is_same_v<T, R>) {
        vector_math::map<typename Fn::kernels>(in, out, n, level);
    } else {
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<R>(in[i]);
        vector_math::map<typename Fn::kernels>(out, out, n, level);
    }
}

template <class Fn>
struct unary_ufunc {
    static constexpr op_id id = op_index(Fn::name);

    /// FLOPs: numel(a); unique_elements(a) when `a` is symmetric (the result keeps its groups).
    template <class T, class... Extra>
        requires unary_applicable<Fn, T, Extra...>
    auto operator()(const array<T>& a, Extra... extra) const {
        using R = unary_result_t<Fn, T, Extra...>;
        constexpr bool vectorised = vector_op<Fn, R> && std::is_arithmetic_v<T> && sizeof...(Extra) == 0;
        check_unary<Fn>(a, extra...);
        // Read before charging: an unknown MECHESTIM_SIMD raises here.
        const simd_level level = vectorised ? simd_level_in_use() : simd_level::scalar;
        const auto& shape = a.xt().shape();
        const auto& groups = a.symmetric_axes();
        charge(id, flops::op_cost<id>(shape, groups), shape_details(shape));
        auto out = ufunc_output<R>::make_like(a.xt().shape());
        const T* in = a.data();
        const std::size_t n = a.size();
        if constexpr (vectorised) {
            vector_unary<Fn>(in, out.data(), n, level);
        } else {
            auto store = ufunc_output<R>::sink(out);
            for (std::size_t i = 0; i < n; ++i) store(i, Fn::apply(in[i], extra...));
        }
        if (!groups.empty()) carry_symmetry(out, {groups, {}}, Fn::name);
        return out;
    }

    /// On a view: as on the array it shows (a contiguous view is read in place). FLOPs: numel(v).
    template <class V, class... Extra>
        requires is_view_v<V> && unary_applicable<Fn, value_t<V>, Extra...>
    auto operator()(const V& v, Extra... extra) const {
        using T = value_t<V>;
        constexpr bool checked = requires(T x) { Fn::check(x, extra...); };
        // A strided view of a vectorised op is gathered first: the vector loop more than
        // pays for the copy (and gives the same bits as the one-at-a-time kernel).
        constexpr bool gathered = vector_op<Fn, unary_result_t<Fn, T, Extra...>>;
        if (checked || gathered || v.is_contiguous()) return (*this)(contiguous(v), extra...);
        // Strided: read in place, in the view's row-major order, into a contiguous result.
        using R = unary_result_t<Fn, T, Extra...>;
        const auto& shape = v.xt_shape();
        const auto& groups = v.symmetric_axes();
        charge(id, flops::op_cost<id>(shape, groups), shape_details(shape));
        auto out = ufunc_output<R>::make_like(shape);
        auto store = ufunc_output<R>::sink(out);
        const auto source = view_access::strided(v);
        std::size_t i = 0;
        for_each_offset(source.shape, source.strides,
                        [&](std::ptrdiff_t off) { store(i++, Fn::apply(source.origin[off], extra...)); });
        if (!groups.empty()) carry_symmetry(out, {groups, {}}, Fn::name);
        return out;
    }

    /// On a C++ scalar: returns a scalar. FLOPs: 1.
    template <class S, class... Extra>
        requires is_scalar_v<S> && unary_applicable<Fn, S, Extra...>
    auto operator()(S x, Extra... extra) const {
        charge(id, flops::op_cost<id>(std::array<std::size_t, 0>{}));
        return Fn::apply(x, extra...);
    }
};

/// Shape type of array containers: inline storage for up to 4 dimensions, so small ops do not allocate for it.
using small_shape = typename array<double>::container_type::shape_type;


/// The types a binary op computes in, given its operand types `L` and `R` (a C++ scalar
/// as itself; `weak` says which side is a scalar: 0 none (two arrays, or two scalars given
/// as their canonical dtypes), 1 left, 2 right). Most ops
/// compute both in NumPy's common type, scalars mixing in weakly; an op with
/// `mixed_operands` (ldexp: float mantissa, integer exponent) takes each in its own type.
template <class Fn, class L, class R, int weak>
struct operand_types {
private:
    static auto common() {
        if constexpr (weak == 1) return promote_scalar_t<R, L>{};
        else if constexpr (weak == 2) return promote_scalar_t<L, R>{};
        else return promote_t<L, R>{};
    }
    static constexpr bool mixed = requires { requires Fn::mixed_operands; };
    using own_left = std::conditional_t<weak == 1, typename promote_one<L>::type, L>;
    using own_right = std::conditional_t<weak == 2, typename promote_one<R>::type, R>;

public:
    using left = std::conditional_t<mixed, own_left, decltype(common())>;
    using right = std::conditional_t<mixed, own_right, decltype(common())>;
};

template <class Fn, class Ops, class... Extra>
using binary_result_t = std::remove_cvref_t<decltype(Fn::apply(
    std::declval<typename Ops::left>(), std::declval<typename Ops::right>(), std::declval<const Extra&>()...))>;

template <class Fn, class Ops, class... Extra>
concept binary_applicable = requires(typename Ops::left x, typename Ops::right y, const Extra&... e) {
    Fn::apply(x, y, e...);
};

template <class Fn, class Ops, class... Extra>
concept binary_checked = requires(typename Ops::left x, typename Ops::right y, const Extra&... e) {
    Fn::check(x, y, e...);
};

/// Calls row(i_out, i_a, a_step, i_b, b_step, length) once per run of the last axis over
/// the broadcast of a and b into `out_shape`: element j of the run is out[i_out + j] from
/// a[i_a + j * a_step] and b[i_b + j * b_step], each step 1, or 0 where that input is
/// broadcast along the last axis.
template <class Row>
void broadcast_rows(const shape_t& out_shape, const auto& a_shape, const auto& b_shape, Row&& row) {
    const std::size_t nd = out_shape.size();
    if (nd == 0) {
        row(0, 0, 0, 0, 0, 1);
        return;
    }
    // Element strides of each input in output coordinates; 0 along broadcast dimensions.
    std::vector<std::size_t> sa(nd, 0), sb(nd, 0);
    auto fill = [nd](std::vector<std::size_t>& s, const auto& shape) {
        std::size_t stride = 1;
        for (std::size_t k = shape.size(); k-- > 0;) {
            const std::size_t d = nd - shape.size() + k;
            s[d] = shape[k] == 1 ? 0 : stride;
            stride *= shape[k];
        }
    };
    fill(sa, a_shape);
    fill(sb, b_shape);
    const std::size_t total = numel(out_shape);
    if (total == 0) return;
    const std::size_t inner = out_shape[nd - 1];
    std::vector<std::size_t> index(nd, 0);
    std::size_t ia = 0, ib = 0;
    for (std::size_t io = 0; io < total; io += inner) {
        row(io, ia, sa[nd - 1], ib, sb[nd - 1], inner);
        // Advance the odometer over the outer dimensions.
        for (std::size_t d = nd - 1; d-- > 0;) {
            ia += sa[d];
            ib += sb[d];
            if (++index[d] < out_shape[d]) break;
            ia -= sa[d] * out_shape[d];
            ib -= sb[d] * out_shape[d];
            index[d] = 0;
        }
    }
}

/// Calls f(i_out, i_a, i_b) over the broadcast of a and b into `out_shape`.
template <class F>
void broadcast_indices(const shape_t& out_shape, const auto& a_shape, const auto& b_shape, F&& f) {
    broadcast_rows(out_shape, a_shape, b_shape,
                   [&](std::size_t io, std::size_t ia, std::size_t a_step, std::size_t ib, std::size_t b_step, std::size_t length) {
                       for (std::size_t j = 0; j < length; ++j) f(io + j, ia + j * a_step, ib + j * b_step);
                   });
}

/// store(i, f(a_i, b_i)) over the broadcast of a and b into `shape`, with fast paths for
/// equal shapes and size-1 operands.
template <class A, class B, class Shape, class F, class Store>
void broadcast_apply(const array<A>& a, const array<B>& b, const Shape& shape, F&& f, Store&& store) {
    const A* pa = a.data();
    const B* pb = b.data();
    const std::size_t n = numel(shape);
    const bool same = a.size() == n && b.size() == n && a.ndim() == b.ndim();
    if (same) {
        for (std::size_t i = 0; i < n; ++i) store(i, f(pa[i], pb[i]));
    } else if (b.size() == 1 && a.size() == n) {
        const B vb = pb[0];
        for (std::size_t i = 0; i < n; ++i) store(i, f(pa[i], vb));
    } else if (a.size() == 1 && b.size() == n) {
        const A va = pa[0];
        for (std::size_t i = 0; i < n; ++i) store(i, f(va, pb[i]));
    } else {
        broadcast_indices(shape_t(shape.begin(), shape.end()), a.xt().shape(), b.xt().shape(),
                          [&](std::size_t io, std::size_t ia, std::size_t ib) { store(io, f(pa[ia], pb[ib])); });
    }
}

/// Whether Fn is a comparison (equal, less, ...) with vector loops for arrays of T.
template <class Fn, class T>
concept vector_comparison = requires { Fn::comparison; } && vector_math::available && vector_math::vectorised_type<T>;

/// One row of a vector binary op: Fn's kernels, or its comparison loop.
template <class Fn, class T, class R>
void vector_row(const T* a, std::size_t a_step, const T* b, std::size_t b_step, R* out, std::size_t n, simd_level level) {
    if constexpr (requires { Fn::comparison; }) vector_math::compare<Fn::comparison>(a, a_step, b, b_step, out, n, level);
    else vector_math::map2<typename Fn::kernels>(a, a_step, b, b_step, out, n, level);
}

/// out = Fn(a, b) over their broadcast into `shape` on Fn's vector loops, a row of the
/// last axis at a time (`same`: equal shapes, one row).
template <class Fn, class T, class R, class Shape>
void vector_binary(const array<T>& a, const array<T>& b, const Shape& shape, bool same, R* out, simd_level level) {
    const T* pa = a.data();
    const T* pb = b.data();
    if (same) {
        vector_row<Fn>(pa, 1, pb, 1, out, numel(shape), level);
        return;
    }
    broadcast_rows(shape_t(shape.begin(), shape.end()), a.xt().shape(), b.xt().shape(),
                   [&](std::size_t io, std::size_t ia, std::size_t sa, std::size_t ib, std::size_t sb, std::size_t length) {
                       vector_row<Fn>(pa + ia, sa, pb + ib, sb, out + io, length, level);
                   });
}

template <class Fn>
struct binary_ufunc {
    static constexpr op_id id = op_index(Fn::name);
    static constexpr std::string_view name = Fn::name;

    /// FLOPs: numel of the broadcast output (unique_elements of it when the operands'
    /// symmetry survives the broadcast, see `sym::broadcast`). `extra` are the op's own
    /// parameters (isclose's tolerances).
    template <class A, class B, class... Extra>
        requires binary_applicable<Fn, operand_types<Fn, A, B, 0>, Extra...>
    auto operator()(const array<A>& a, const array<B>& b, const Extra&... extra) const {
        using Ops = operand_types<Fn, A, B, 0>;
        using L = typename Ops::left;
        using R = typename Ops::right;
        const auto& a_shape = a.xt().shape();
        const auto& b_shape = b.xt().shape();
        // Equal shapes (the common case) are used as they are: no copy, no check.
        const bool same = shapes_equal(a_shape, b_shape);
        small_shape broadcast;
        if (!same) broadcast = broadcast_shapes<small_shape>(a_shape, b_shape, Fn::name);
        const small_shape& shape = same ? a_shape : broadcast;
        if constexpr (binary_checked<Fn, Ops, Extra...>) {
            broadcast_apply(
                a, b, shape,
                [&](const A& x, const B& y) { return Fn::check(static_cast<L>(x), static_cast<R>(y), extra...), 0; },
                [](std::size_t, int) {});
        }
        // Read before charging: an unknown MECHESTIM_SIMD raises here.
        const simd_level level = vector_operands<Ops, A, B, Extra...> ? simd_level_in_use() : simd_level::scalar;
        // Symmetric operands take out-of-line helpers, so the plain path (the 8-element add
        // the benchmarks watch) carries no symmetry state at all.
        const bool plain = a.symmetric_axes().empty() && b.symmetric_axes().empty();
        charge(id, plain ? flops::op_cost<id>(shape) : symmetric_cost(a, b, shape),
               shape_details(a.xt().shape(), b.xt().shape()));
        using out_t = ufunc_output<binary_result_t<Fn, Ops, Extra...>>;
        auto out = same ? out_t::make_like(shape) : out_t::make(shape);
        if constexpr (vector_operands<Ops, A, B, Extra...>) {
            vector_binary<Fn>(a, b, shape, same, out.data(), level);
        } else {
            broadcast_apply(
                a, b, shape, [&](const A& x, const B& y) { return Fn::apply(static_cast<L>(x), static_cast<R>(y), extra...); },
                out_t::sink(out));
        }
        if (!plain) [[unlikely]]
            tag_symmetry(out, a, b, shape);
        return out;
    }

    /// Array with a C++ scalar (weak: it does not widen the array's type within its kind).
    template <class A, class S, class... Extra>
        requires is_scalar_v<S> && binary_applicable<Fn, operand_types<Fn, A, S, 2>, Extra...>
    auto operator()(const array<A>& a, S s, const Extra&... extra) const {
        using Ops = operand_types<Fn, A, S, 2>;
        return with_scalar<Ops, 2>(a, static_cast<typename Ops::right>(s), extra...);
    }

    template <class S, class B, class... Extra>
        requires is_scalar_v<S> && binary_applicable<Fn, operand_types<Fn, S, B, 1>, Extra...>
    auto operator()(S s, const array<B>& b, const Extra&... extra) const {
        using Ops = operand_types<Fn, S, B, 1>;
        return with_scalar<Ops, 1>(b, static_cast<typename Ops::left>(s), extra...);
    }

    /// With a view on either side: as with the arrays they show. FLOPs: numel of the broadcast output.
    // (Constrained on the operand types, not on a trailing decltype of the call: clang 14
    // substitutes that even where the requires-clause fails, and recurses.)
    template <class L, class R, class... Extra>
        requires(is_view_v<L> || is_view_v<R>) && (array_like<L> || is_scalar_v<L>) && (array_like<R> || is_scalar_v<R>) &&
                binary_applicable<Fn, operand_types<Fn, value_t<L>, value_t<R>, is_scalar_v<L> ? 1 : is_scalar_v<R> ? 2 : 0>,
                                  Extra...>
    auto operator()(const L& l, const R& r, const Extra&... extra) const {
        return (*this)(contiguous(l), contiguous(r), extra...);
    }

    /// NumPy's `out op= right` on a writeable view (or an array's whole view): `right`
    /// broadcast to out's shape, computed and stored in place in out's type. Charged as
    /// the op on out's shape, before anything is written. FLOPs: numel(out) (its unique
    /// elements when the operands' symmetry survives).
    template <class T, class R>
    void in_place(const array_view<T>& out, const R& right) const {
        static_assert(!std::is_const_v<T>);
        if constexpr (!is_scalar_v<R>) {
            // NumPy reads an operand that overlaps the output as it was before the op.
            if (view_access::block(right) != nullptr && view_access::block(right) == view_access::block(out)) {
                in_place(out, array<value_t<R>>(right));
                return;
            }
        }
        using B = value_t<R>;
        constexpr int weak = is_scalar_v<R> ? 2 : 0;
        using Ops = operand_types<Fn, T, B, weak>;
        using L = typename Ops::left;
        using Rt = typename Ops::right;
        const auto& shape = out.xt_shape();
        const auto target = view_access::strided(out);
        const auto source = view_access::strided(right);
        const auto strides = broadcast_strides(source.shape, source.strides, shape, Fn::name);
        if constexpr (binary_checked<Fn, Ops>)
            for_each_offset2(shape, target.strides, strides, [&](std::ptrdiff_t o, std::ptrdiff_t r) {
                Fn::check(static_cast<L>(target.origin[o]), static_cast<Rt>(source.origin[r]));
            });
        if constexpr (is_scalar_v<R>) charge(id, in_place_cost(out, right, shape, source.shape), shape_details(shape));
        else charge(id, in_place_cost(out, right, shape, source.shape), shape_details(shape, source.shape));
        T* p = out.data();
        const B* q = source.origin;
        auto f = [](T x, B y) { return static_cast<T>(Fn::apply(static_cast<L>(x), static_cast<Rt>(y))); };
        const std::size_t n = numel(shape);
        const bool zero_strides = std::all_of(strides.begin(), strides.end(), [](auto s) { return s == 0; });
        if (out.is_contiguous() && zero_strides) {  // a scalar, or a size-1 operand
            const B y = n ? q[0] : B{};
            for (std::size_t i = 0; i < n; ++i) p[i] = f(p[i], y);
        } else if (out.is_contiguous() && is_c_contiguous(shape, strides)) {
            for (std::size_t i = 0; i < n; ++i) p[i] = f(p[i], q[i]);
        } else {
            for_each_offset2(shape, target.strides, strides,
                             [&](std::ptrdiff_t o, std::ptrdiff_t r) { p[o] = f(p[o], q[r]); });
        }
    }

    /// Two C++ scalars: returns a scalar. FLOPs: 1.
    template <class S1, class S2, class... Extra>
        requires is_scalar_v<S1> && is_scalar_v<S2> &&
                 binary_applicable<Fn, operand_types<Fn, typename promote_one<S1>::type, typename promote_one<S2>::type, 0>, Extra...>
    auto operator()(S1 x, S2 y, const Extra&... extra) const {
        using Ops = operand_types<Fn, typename promote_one<S1>::type, typename promote_one<S2>::type, 0>;
        const auto l = static_cast<typename Ops::left>(x);
        const auto r = static_cast<typename Ops::right>(y);
        if constexpr (binary_checked<Fn, Ops, Extra...>) Fn::check(l, r, extra...);
        charge(id, flops::op_cost<id>(std::array<std::size_t, 0>{}));
        return Fn::apply(l, r, extra...);
    }

private:
    template <class T, class R, class Shape>
    static flops_t in_place_cost(const array_view<T>& out, const R& right, const Shape& shape, const Shape& right_shape) {
        if constexpr (is_scalar_v<R>) return flops::op_cost<id>(shape, out.symmetric_axes());
        else if (out.symmetric_axes().empty() && right.symmetric_axes().empty()) return flops::op_cost<id>(shape);
        else
            return flops::op_cost<id>(
                shape, sym::broadcast(shape, out.symmetric_axes(), right_shape, right.symmetric_axes(), shape).groups);
    }

    /// Unique elements of the output when an operand is symmetric. FLOPs: none (a formula).
    template <class A, class B, class Shape>
    [[gnu::noinline]] static flops_t symmetric_cost(const array<A>& a, const array<B>& b, const Shape& shape) {
        const auto p = sym::broadcast(a.xt().shape(), a.symmetric_axes(), b.xt().shape(), b.symmetric_axes(), shape);
        return flops::op_cost<id>(shape, p.groups);
    }

    /// Gives `out` the groups that survive the broadcast, warning about any lost.
    template <class Out, class A, class B, class Shape>
    [[gnu::noinline]] static void tag_symmetry(Out& out, const array<A>& a, const array<B>& b, const Shape& shape) {
        carry_symmetry(out, sym::broadcast(a.xt().shape(), a.symmetric_axes(), b.xt().shape(), b.symmetric_axes(), shape),
                       [] { return fmt::format("{} with an operand that is not symmetric along them", Fn::name); });
    }

    /// Whether the op runs on its vector kernels for arrays of A and B: both already of the
    /// type it computes in and returns (mixed types take the one-at-a-time kernel).
    template <class Ops, class A, class B, class... Extra>
    static consteval bool vector_operands_of() {
        if constexpr (sizeof...(Extra) == 0 && vector_comparison<Fn, A>) {
            return std::is_same_v<A, B> && std::is_same_v<typename Ops::left, A> && std::is_same_v<typename Ops::right, A>;
        } else if constexpr (sizeof...(Extra) != 0 || !requires { typename Fn::kernels; }) {
            return false;
        } else {
            using Res = binary_result_t<Fn, Ops>;
            return vector_op<Fn, Res> && std::is_same_v<A, Res> && std::is_same_v<B, Res> &&
                   std::is_same_v<typename Ops::left, Res> && std::is_same_v<typename Ops::right, Res>;
        }
    }
    template <class Ops, class A, class B, class... Extra>
    static constexpr bool vector_operands = vector_operands_of<Ops, A, B, Extra...>();

    // One array operand, the other the C++ scalar `s` already in its operand type: on the
    // left when `weak` is 1, on the right when it is 2. No broadcasting to do.
    template <class Ops, int weak, class T, class S, class... Extra>
    static auto with_scalar(const array<T>& a, S s, const Extra&... extra) {
        using R = binary_result_t<Fn, Ops, Extra...>;
        using Own = std::conditional_t<weak == 1, typename Ops::right, typename Ops::left>;
        auto pair = [s](const T& v) {
            if constexpr (weak == 1) return std::pair(s, static_cast<Own>(v));
            else return std::pair(static_cast<Own>(v), s);
        };
        constexpr bool compares = sizeof...(Extra) == 0 && vector_comparison<Fn, T> && std::is_same_v<S, T> && std::is_same_v<Own, T>;
        constexpr bool vectorised =
            sizeof...(Extra) == 0 && vector_op<Fn, R> && std::is_same_v<S, R> && std::is_same_v<Own, R> && std::is_arithmetic_v<T>;
        if constexpr (binary_checked<Fn, Ops, Extra...>)
            for (const T& v : a) {
                const auto [x, y] = pair(v);
                Fn::check(x, y, extra...);
            }
        // Read before charging: an unknown MECHESTIM_SIMD raises here.
        const simd_level level = vectorised || compares ? simd_level_in_use() : simd_level::scalar;
        // A scalar is constant along every axis: the array's groups carry over.
        const auto& shape = a.xt().shape();
        const auto& groups = a.symmetric_axes();
        charge(id, flops::op_cost<id>(shape, groups), shape_details(shape));
        auto out = ufunc_output<R>::make_like(shape);
        const T* in = a.data();
        const std::size_t n = a.size();
        if constexpr (compares) {
            if constexpr (weak == 1) vector_row<Fn>(&s, 0, in, 1, out.data(), n, level);
            else vector_row<Fn>(in, 1, &s, 0, out.data(), n, level);
        } else if constexpr (vectorised) {
            R* o = out.data();
            const R* own = o;
            if constexpr (std::is_same_v<T, R>) own = in;
            else  // integers: converted into out, computed there
                for (std::size_t i = 0; i < n; ++i) o[i] = static_cast<R>(in[i]);
            if constexpr (weak == 1) vector_math::map2<typename Fn::kernels>(&s, 0, own, 1, o, n, level);
            else vector_math::map2<typename Fn::kernels>(own, 1, &s, 0, o, n, level);
        } else {
            auto store = ufunc_output<R>::sink(out);
            for (std::size_t i = 0; i < n; ++i) {
                const auto [x, y] = pair(in[i]);
                store(i, Fn::apply(x, y, extra...));
            }
        }
        if (!groups.empty()) carry_symmetry(out, {groups, {}}, Fn::name);
        return out;
    }
};

}  // namespace me::detail

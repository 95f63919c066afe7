// libFuzzer target: shape and axis arguments of the free ops (creation, reshape,
// broadcast_to, tile, repeat, resize, pad, roll, expand_dims, squeeze, moveaxis, swapaxes,
// flip, diagonal, concatenate) and of the reductions and scans over axes.
//
// Every call either works or raises a me:: error: never another exception type
// (bad_alloc, length_error), a crash, a hang or a sanitizer report. Free ops charge
// nothing and never create the global default. Lengths range over 0, small values and
// the values that wrap 64-bit products; the fuzzer's own allocation limit stops the run
// should a giant shape ever be allocated instead of refused.
#include <mechestim/mechestim.hpp>

#include "fuzz_common.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace {

me::shape_t make_shape(fuzz::reader& in, std::size_t max_ndim = 6) {
    me::shape_t s(in.byte() % 32 == 0 ? 60 + in.below(20) : in.below(max_ndim + 1));
    for (auto& d : s) d = in.length();
    return s;
}

/// A small array to work on: at most 64 elements, any rank up to 5.
me::array<double> make_array(fuzz::reader& in) {
    me::shape_t s(in.below(6));
    for (auto& d : s) d = in.below(4);
    if (fuzz::product(s) > 64) s = {2, 3};
    auto a = me::arange<double>(0.0, static_cast<double>(fuzz::product(s)));
    return me::reshape(a, s);
}

int axis(fuzz::reader& in) {
    const std::uint8_t b = in.byte();
    if (b % 16 == 0) return in.value<int>();  // any int, INT_MIN included
    return static_cast<int>(b % 9) - 4;
}

std::ptrdiff_t signed_count(fuzz::reader& in) {
    const std::uint8_t b = in.byte();
    if (b % 8 == 0) return in.value<std::ptrdiff_t>();  // PTRDIFF_MIN and friends
    return static_cast<std::ptrdiff_t>(b % 7) - 2;
}

/// Whether an op whose result has `shape` may be called: small results are built; results
/// that cannot exist (more than 64 dimensions, or bytes beyond PTRDIFF_MAX: NumPy's rule,
/// zero lengths aside) must be refused. Results that could exist but are large are
/// skipped, so that the fuzzer's memory limit only catches real allocation bugs.
bool affordable(const me::shape_t& shape) {
    if (shape.size() > 64) return true;
    std::size_t bytes = sizeof(double), n = 1;
    bool empty = false, overflow = false;
    for (auto d : shape) {
        if (d == 0) {
            empty = true;
            continue;
        }
        overflow = __builtin_mul_overflow(bytes, d, &bytes) || overflow;
        overflow = __builtin_mul_overflow(n, d, &n) || overflow;
    }
    if (overflow || bytes > static_cast<std::size_t>(PTRDIFF_MAX)) return true;
    return empty || n <= (1u << 16);
}

/// The result shape of tile, repeat or pad, the way the op must find it (SIZE_MAX where a
/// length overflows, which `affordable` counts as must-refuse).
me::shape_t tiled(const me::shape_t& a, const std::vector<std::size_t>& reps) {
    const std::size_t nd = std::max(a.size(), reps.size());
    me::shape_t out;
    for (std::size_t i = 0; i < nd; ++i) {
        const std::size_t d = i < nd - a.size() ? 1 : a[i - (nd - a.size())];
        const std::size_t r = i < nd - reps.size() ? 1 : reps[i - (nd - reps.size())];
        std::size_t len = 0;
        out.push_back(__builtin_mul_overflow(d, r, &len) ? SIZE_MAX : len);
    }
    return out;
}

/// Calls the op selected by the input; results are dropped.
void call(fuzz::reader& in) {
    const std::uint8_t op = in.byte();
    auto a = make_array(in);
    switch (op % 20) {
        case 0: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::zeros(s);
            break;
        }
        case 1: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::full(s, 1.5);
            break;
        }
        case 2: {
            std::vector<std::ptrdiff_t> s(in.below(6));
            for (auto& d : s) d = in.byte() % 4 == 0 ? signed_count(in) : static_cast<std::ptrdiff_t>(in.length());
            (void)me::reshape(a, s);
            break;
        }
        case 3: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::broadcast_to(a, s);
            break;
        }
        case 4: {
            std::vector<std::size_t> reps(in.below(6));
            for (auto& r : reps) r = in.length();
            if (affordable(tiled(a.shape(), reps))) (void)me::tile(a, reps);
            break;
        }
        case 5: {
            std::vector<std::ptrdiff_t> reps(in.byte() % 2 ? 1 : a.ndim() ? a.shape(0) : 1);
            for (auto& r : reps) r = in.byte() % 4 == 0 ? static_cast<std::ptrdiff_t>(in.length()) : signed_count(in);
            std::optional<int> ax;
            if (in.byte() % 2) ax = axis(in);
            std::size_t total = 0, per = 1;
            bool overflow = false;
            for (auto r : reps) overflow = __builtin_add_overflow(total, static_cast<std::size_t>(r < 0 ? 0 : r), &total) || overflow;
            if (reps.size() == 1) overflow = __builtin_mul_overflow(total, a.size(), &total) || overflow;
            for (auto d : a.shape()) per *= d == 0 ? 1 : d;
            if (overflow || affordable({total, per})) (void)me::repeat(a, reps, ax);
            break;
        }
        case 6: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::resize(a, s);
            break;
        }
        case 7: {
            std::vector<std::pair<std::size_t, std::size_t>> widths(in.byte() % 2 ? 1 : a.ndim());
            for (auto& w : widths) w = {in.length(), in.length()};
            static constexpr const char* modes[] = {"constant", "edge", "reflect", "symmetric", "wrap", "bad"};
            me::shape_t out = a.shape();
            for (std::size_t d = 0; d < out.size() && !widths.empty(); ++d) {
                const auto [before, after] = widths[widths.size() == 1 ? 0 : d];
                if (__builtin_add_overflow(out[d], before, &out[d]) || __builtin_add_overflow(out[d], after, &out[d]))
                    out[d] = SIZE_MAX;
            }
            if (affordable(out)) (void)me::pad(a, widths, {.mode = modes[in.below(6)]});
            break;
        }
        case 8: {
            std::vector<std::ptrdiff_t> shift(in.below(3));
            for (auto& s : shift) s = signed_count(in);
            std::vector<int> axes(in.below(3));
            for (auto& x : axes) x = axis(in);
            (void)me::roll(a, shift, axes);
            break;
        }
        case 9: (void)me::roll(a, signed_count(in)); break;
        case 10: (void)me::expand_dims(a, axis(in)); break;
        case 11: (void)me::squeeze(a, axis(in)); break;
        case 12: (void)me::moveaxis(a, axis(in), axis(in)); break;
        case 13: (void)me::swapaxes(a, axis(in), axis(in)); break;
        case 14: (void)me::flip(a, axis(in)); break;
        case 15: (void)me::diagonal(a, signed_count(in), axis(in), axis(in)); break;
        case 16: (void)me::concatenate({a, make_array(in)}, axis(in)); break;
        case 17: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::empty(s);
            break;
        }
        case 18: {
            const auto s = make_shape(in);
            if (affordable(s)) (void)me::ones(s);
            break;
        }
        default: {  // axes of counted reductions and scans: charged, or refused before charging
            me::BudgetContext ctx(1e9, "fuzz");
            const int ax = axis(in);
            try {
                switch (in.below(4)) {
                    case 0: (void)me::sum(a, ax); break;
                    case 1: (void)me::var(a, {.axis = {ax, axis(in)}}); break;
                    case 2: (void)me::cumsum(a, ax); break;
                    default: (void)me::argmax(a, {.axis = ax}); break;
                }
            } catch (const me::MechEstimError&) {
                fuzz::require(ctx.flops_used() == 0, "a refused reduction charged something");
                throw;
            }
            fuzz::require(ctx.flops_used() >= 1, "a reduction charged nothing");
            return;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::reader in(data, size);
    try {
        call(in);
    } catch (const me::MechEstimError&) {
        // refused with a me:: error: what the contract asks
    }
    // Free ops never create the global default (nothing but the reductions above charged).
    fuzz::require(me::detail::session().default_context == nullptr, "a free op created the global default");
    return 0;
}

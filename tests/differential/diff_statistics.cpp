// statistics.hpp against NumPy (cases_statistics.py): clip, cov, corrcoef, the comparisons,
// geomspace, logspace, vander, and the free byte/memory names. Each counted case also
// checks that the charge equals the op's me::flops::*_cost for the same shapes; the
// harness checks it against costs.py's evaluation of the registry formula.
#include "harness.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace {

using diff::json;

/// Runs f() inside a context; the charge must be `cost`.
template <class F>
diff::result charged(F&& f, me::flops_t cost) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == cost);
    if constexpr (std::is_same_v<decltype(r), bool>) return diff::result{diff::any_array(me::array<bool>(r))};
    else return diff::as_result(std::move(r));
}

bool is_scalar(const json& arg) { return arg.is_object() && arg.contains("scalar"); }

/// A plain nested list of numbers (a kwargs value) as a float64 array.
me::array<double> nested(const json& j) {
    me::shape_t shape;
    for (const json* p = &j; p->is_array(); p = &(*p)[0]) {
        shape.push_back(p->size());
        if (p->empty()) break;
    }
    std::vector<double> flat;
    const auto walk = [&](const auto& self, const json& v) -> void {
        if (v.is_array()) for (const auto& e : v) self(self, e);
        else flat.push_back(diff::number(v));
    };
    walk(walk, j);
    auto a = me::array<double>::uninitialized(shape);
    std::copy(flat.begin(), flat.end(), a.begin());
    return a;
}

/// A scalar argument as the C++ value a user would pass: an int, a double or a complex.
using scalar_value = std::variant<long long, double, std::complex<double>>;
scalar_value scalar_of(const json& arg) {
    const json& v = arg.at("scalar");
    if (v.is_array()) return std::complex<double>(diff::number(v[0]), diff::number(v[1]));
    if (v.is_number_integer()) return v.get<long long>();
    return diff::number(v);
}

/// The (variables, observations) cov works on, from the shapes as NumPy's cov reads them.
std::pair<std::size_t, std::size_t> two_d(const me::shape_t& s, bool rowvar) {
    std::size_t r = s.size() == 2 ? s[0] : 1, c = s.size() == 2 ? s[1] : s.size() == 1 ? s[0] : 1;
    if (!rowvar && r != 1) std::swap(r, c);
    return {r, c};
}


diff::result run_cov(const json& args, const json& kw, bool corr) {
    return diff::visit_array(args.at(0), [&](const auto& m) -> diff::result {
        const bool rowvar = kw.value("rowvar", true);
        auto [n, obs] = two_d(m.shape(), rowvar);
        std::optional<me::array<double>> y;
        if (kw.contains("y")) {
            y = nested(kw.at("y"));
            if (n > 0) n += two_d(y->shape(), rowvar).first;
        }
        if (corr) {
            me::corrcoef_options o{.rowvar = rowvar};
            if (y) o.y = *y;
            return charged([&] { return me::corrcoef(m, o); }, me::flops::corrcoef_cost(n, obs));
        }
        me::cov_options o{.rowvar = rowvar, .bias = kw.value("bias", false)};
        if (y) o.y = *y;
        if (kw.contains("ddof")) o.ddof = kw.at("ddof").get<long long>();
        if (kw.contains("fweights")) o.fweights = nested(kw.at("fweights"));
        if (kw.contains("aweights")) o.aweights = nested(kw.at("aweights"));
        const bool weighted = n > 0 && (o.fweights || o.aweights);
        return charged([&] { return me::cov(m, o); }, me::flops::cov_cost(n, obs, weighted));
    });
}

/// A clip bound: absent, a C++ scalar, or an array of a's type.
template <class T>
using bound = std::variant<std::monostate, long long, double, me::array<T>>;

template <class T>
bound<T> bound_of(const json& arg) {
    if (arg.is_null()) return std::monostate{};
    if (is_scalar(arg)) {
        const auto s = scalar_of(arg);
        if (const auto* i = std::get_if<long long>(&s)) return *i;
        return std::get<double>(s);
    }
    return diff::decode_as<T>(arg);
}

template <class X>
const auto& as_bound(const X& x) {
    if constexpr (std::is_same_v<X, std::monostate>) return me::none;
    else return x;
}

template <class X>
me::shape_t bound_shape(const X& x) {
    if constexpr (me::array_like<X>) return x.shape();
    else return {};
}

diff::result run_clip(const json& args) {
    return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
        using T = typename std::decay_t<decltype(a)>::value_type;
        return std::visit([&](const auto& lo, const auto& hi) {
            const auto cost = me::flops::clip_cost(a.shape(), bound_shape(lo), bound_shape(hi));
            return charged([&] { return me::clip(a, as_bound(lo), as_bound(hi)); }, cost);
        }, bound_of<T>(args.at(1)), bound_of<T>(args.at(2)));
    });
}

/// Calls f(a, b, shape of a, shape of b) for a comparison: a scalar (double) or an array
/// of any type; b a scalar, an array of a's type, or float64.
template <class F>
diff::result comparison(const json& args, F f) {
    const auto with_a = [&](const auto& a) -> diff::result {
        using A = std::decay_t<decltype(a)>;
        const auto with_b = [&](const auto& b) -> diff::result {
            using B = std::decay_t<decltype(b)>;
            if constexpr (me::array_like<A> || me::array_like<B>) return f(a, b, bound_shape(a), bound_shape(b));
            else throw std::runtime_error("no scalar-scalar comparison cases");
        };
        const json& jb = args.at(1);
        if (is_scalar(jb)) return with_b(std::get<double>(scalar_of(jb)));
        if constexpr (me::array_like<A>) {
            if (jb.at("dtype") == std::string(A::dtype())) return with_b(diff::decode_as<typename A::value_type>(jb));
        }
        return with_b(diff::decode_as<double>(jb));
    };
    if (is_scalar(args.at(0))) return with_a(std::get<double>(scalar_of(args.at(0))));
    return diff::visit_array(args.at(0), with_a);
}

template <class F>
diff::result spaced_values(const json& args, F f) {
    const auto real_or_complex = [](const json& arg) -> std::variant<double, std::complex<double>> {
        const auto s = scalar_of(arg);
        if (const auto* c = std::get_if<std::complex<double>>(&s)) return *c;
        if (const auto* i = std::get_if<long long>(&s)) return static_cast<double>(*i);
        return std::get<double>(s);
    };
    const auto num = args.at(2).at("scalar").get<std::ptrdiff_t>();
    return std::visit([&](auto s, auto t) { return f(s, t, num); }, real_or_complex(args.at(0)), real_or_complex(args.at(1)));
}

/// geomspace/logspace: start and stop as doubles or complexes, then num; f's first
/// argument is a tag of the dtype asked for (void: none).
template <class F>
diff::result spaced(const json& args, const json& kw, F f) {
    const auto with = [&](auto tag) {
        return spaced_values(args, [&](auto s, auto t, std::ptrdiff_t n) { return f(tag, s, t, n); });
    };
    const std::string dtype = kw.value("dtype", std::string());
    if (dtype == "float32") return with(std::type_identity<float>{});
    if (dtype == "int64") return with(std::type_identity<std::int64_t>{});
    return with(std::type_identity<void>{});
}

template <class T>
diff::result from_bytes(const me::array<std::uint8_t>& buf, const me::frombuffer_options& o) {
    const auto bytes = std::as_bytes(std::span<const std::uint8_t>(buf.data(), buf.size()));
    return diff::as_result(me::frombuffer<T>(bytes, o));
}

diff::result run_frombuffer(const json& args, const json& kw) {
    const auto buf = diff::decode_as<std::uint8_t>(args.at(0));
    const me::frombuffer_options o{kw.value("count", std::ptrdiff_t{-1}), kw.value("offset", std::ptrdiff_t{0})};
    const auto dtype = kw.at("dtype").get<std::string>();
    if (dtype == "float64") return from_bytes<double>(buf, o);
    if (dtype == "float32") return from_bytes<float>(buf, o);
    if (dtype == "int64") return from_bytes<std::int64_t>(buf, o);
    if (dtype == "int32") return from_bytes<std::int32_t>(buf, o);
    if (dtype == "uint8") return from_bytes<std::uint8_t>(buf, o);
    if (dtype == "bool") return from_bytes<bool>(buf, o);
    if (dtype == "complex64") return from_bytes<std::complex<float>>(buf, o);
    throw std::runtime_error("frombuffer: no runner for dtype " + dtype);
}

std::optional<int> axis_of(const json& kw) {
    if (!kw.contains("axis") || kw.at("axis").is_null()) return std::nullopt;
    return kw.at("axis").get<int>();
}

std::vector<me::index_item> slices_of(const json& spec) {
    std::vector<me::index_item> items;
    const auto part = [](const json& v) { return v.is_null() ? me::slice_bound(me::none) : me::slice_bound(v.get<std::ptrdiff_t>()); };
    for (const auto& s : spec) items.emplace_back(me::slice(part(s[0]), part(s[1]), part(s[2])));
    return items;
}

template <class F>
diff::result overlap(const json& args, F f) {
    auto base = diff::decode_as<double>(args.at(0));
    const auto first = slices_of(args.at(1)), second = slices_of(args.at(2));
    return diff::result{diff::any_array(me::array<bool>(f(base.subscript(first), base.subscript(second))))};
}

std::map<std::string, diff::runner> runners() {
    std::map<std::string, diff::runner> r;
    r["cov"] = [](const json& args, const json& kw) { return run_cov(args, kw, false); };
    r["corrcoef"] = [](const json& args, const json& kw) { return run_cov(args, kw, true); };
    r["clip"] = [](const json& args, const json&) { return run_clip(args); };
    r["allclose"] = [](const json& args, const json& kw) {
        const me::allclose_options o{kw.value("rtol", 1e-5), kw.value("atol", 1e-8), kw.value("equal_nan", false)};
        return comparison(args, [&](const auto& a, const auto& b, const me::shape_t& sa, const me::shape_t& sb) {
            return charged([&] { return me::allclose(a, b, o); }, me::flops::allclose_cost(sa, sb));
        });
    };
    r["array_equal"] = [](const json& args, const json& kw) {
        const me::array_equal_options o{kw.value("equal_nan", false)};
        return comparison(args, [&](const auto& a, const auto& b, const me::shape_t& sa, const me::shape_t& sb) {
            return charged([&] { return me::array_equal(a, b, o); }, me::flops::array_equal_cost(sa, sb));
        });
    };
    r["array_equiv"] = [](const json& args, const json&) {
        return comparison(args, [&](const auto& a, const auto& b, const me::shape_t& sa, const me::shape_t& sb) {
            return charged([&] { return me::array_equiv(a, b); }, me::flops::array_equiv_cost(sa, sb));
        });
    };
    r["geomspace"] = [](const json& args, const json& kw) {
        const me::geomspace_options o{kw.value("endpoint", true)};
        return spaced(args, kw, [&](auto tag, auto s, auto t, std::ptrdiff_t num) {
            using T = typename decltype(tag)::type;
            return charged([&] { return me::geomspace<T>(s, t, num, o); }, me::flops::geomspace_cost(static_cast<std::size_t>(num)));
        });
    };
    r["logspace"] = [](const json& args, const json& kw) {
        const me::logspace_options o{kw.value("endpoint", true), kw.value("base", 10.0)};
        return spaced(args, kw, [&](auto tag, auto s, auto t, std::ptrdiff_t num) {
            using T = typename decltype(tag)::type;
            return charged([&] { return me::logspace<T>(s, t, num, o); }, me::flops::logspace_cost(static_cast<std::size_t>(num)));
        });
    };
    r["vander"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& x) {
            me::vander_options o{.increasing = kw.value("increasing", false)};
            if (kw.contains("N")) o.N = kw.at("N").get<std::ptrdiff_t>();
            const std::size_t len = x.ndim() == 1 ? x.shape()[0] : 0;
            const auto cols = static_cast<std::size_t>(o.N.value_or(static_cast<std::ptrdiff_t>(len)));
            return charged([&] { return me::vander(x, o); }, me::flops::vander_cost(len, cols));
        });
    };
    r["frombuffer"] = run_frombuffer;
    r["packbits"] = [](const json& args, const json& kw) {
        return diff::visit_array(args.at(0), [&](const auto& a) -> diff::result {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (!std::is_integral_v<T>) throw std::runtime_error("no packbits cases of this type");
            else
                return diff::as_result(me::packbits(a, {.axis = axis_of(kw), .bitorder = kw.value("bitorder", std::string("big"))}));
        });
    };
    r["unpackbits"] = [](const json& args, const json& kw) {
        me::unpackbits_options o{.axis = axis_of(kw)};
        if (kw.contains("count")) o.count = kw.at("count").get<std::ptrdiff_t>();
        const std::string order = kw.value("bitorder", std::string("big"));
        o.bitorder = order;
        return diff::as_result(me::unpackbits(diff::decode_as<std::uint8_t>(args.at(0)), o));
    };
    r["may_share_memory"] = [](const json& args, const json&) {
        return overlap(args, [](const auto& a, const auto& b) { return me::may_share_memory(a, b); });
    };
    r["shares_memory"] = [](const json& args, const json&) {
        return overlap(args, [](const auto& a, const auto& b) { return me::shares_memory(a, b); });
    };
    r["require"] = [](const json& args, const json& kw) {
        const me::require_options o{kw.at("requirements").get<std::vector<std::string>>()};
        return diff::visit_array(args.at(0), [&](const auto& a) { return diff::as_result(me::require(a, o)); });
    };
    return r;
}

}  // namespace

TEST_CASE("statistics, comparisons, counted creation and the byte/memory names match NumPy",
          "[statistics][differential]") {
    diff::run_family("statistics", runners());
}

// The names whose arguments are not just arrays: creation from shapes and scalars,
// reshaping with shapes and axes, joining lists, einsum's subscripts, astype, and the
// legacy random samplers (parameters and a size). Everything else is bound generically.
#include "bind_common.hpp"

#include <algorithm>
#include <climits>
#include <optional>

namespace me::server {

namespace {

int narrow_axis(std::int64_t v) { return static_cast<int>(std::clamp<std::int64_t>(v, INT_MIN, INT_MAX)); }

/// NumPy's dtype names (and the Python type names a client sends for int/float/bool).
std::size_t dtype_index(std::string_view name) {
    if (name == "float64" || name == "float" || name == "f8" || name == "double") return 0;
    if (name == "float32" || name == "f4" || name == "single") return 1;
    if (name == "int64" || name == "int" || name == "i8") return 2;
    if (name == "int32" || name == "i4") return 3;
    if (name == "bool" || name == "bool_" || name == "?") return 4;
    if (name == "complex128" || name == "complex" || name == "c16") return 5;
    type_error(fmt::format("data type '{}' not understood", me::detail::is_valid_utf8(name) ? name : "<not UTF-8>"));
}

std::size_t dtype_argument(const call& c, std::size_t position, std::size_t fallback) {
    auto name = c.text(position, "dtype");
    return name ? dtype_index(*name) : fallback;
}

me::shape_t shape_argument(const call& c, std::size_t position, std::string_view key) {
    auto dims = c.integers(position, key);
    if (!dims) type_error(fmt::format("{}() missing required argument '{}'", c.op(), key));
    me::shape_t shape;
    for (auto d : *dims) {
        if (d < 0) throw me::ValueError("negative dimensions are not allowed");
        shape.push_back(static_cast<std::size_t>(d));
    }
    return shape;
}

std::vector<std::ptrdiff_t> signed_shape(const call& c, std::size_t position, std::string_view key) {
    auto dims = c.integers(position, key);
    if (!dims) type_error(fmt::format("{}() missing required argument '{}'", c.op(), key));
    return {dims->begin(), dims->end()};
}

template <class F>
result for_dtype(std::size_t index, F&& make) {
    return with_index(index, [&](auto tag) { return to_result(make.template operator()<element_at<decltype(tag)::value>>()); });
}

/// Every array in a list argument (concatenate([a, b])), promoted to one dtype.
template <class F>
result on_list(const call& c, std::size_t position, F&& f) {
    std::vector<const any_array*> arrays = c.array_list(position, "arrays");
    if (arrays.empty()) throw me::ValueError("need at least one array to concatenate");
    std::vector<bool> weak(arrays.size(), false);
    const std::size_t index = promoted_index(arrays, weak);
    return with_index(index, [&](auto tag) -> result {
        using T = element_at<decltype(tag)::value>;
        std::vector<me::array<T>> converted;
        for (const auto* a : arrays) converted.push_back(std::get<me::array<T>>(convert(*a, decltype(tag)::value)));
        return to_result(f(std::span<const me::array<T>>(converted)));
    });
}

template <class F>
result on_array(const call& c, F&& f) {
    return std::visit([&](const auto& x) { return to_result(f(x)); }, c.array(0, "a"));
}

void bind_creation(binding_table& t) {
    auto filled = [](auto make) {
        return [make](const call& c) -> result {
            c.only_keywords({"shape", "dtype"});
            const me::shape_t shape = shape_argument(c, 0, "shape");
            return for_dtype(dtype_argument(c, 1, 0), [&]<class T>() { return make.template operator()<T>(shape); });
        };
    };
    t.emplace("zeros", filled([]<class T>(const me::shape_t& s) { return me::zeros<T>(s); }));
    t.emplace("ones", filled([]<class T>(const me::shape_t& s) { return me::ones<T>(s); }));
    t.emplace("empty", filled([]<class T>(const me::shape_t& s) { return me::zeros<T>(s); }));  // defined values: no stale server memory reaches a participant
    t.emplace("full", [](const call& c) -> result {
        c.only_keywords({"shape", "fill_value", "dtype"});
        const me::shape_t shape = shape_argument(c, 0, "shape");
        const any_array& value = c.array(1, "fill_value");
        const std::size_t index = c.has("dtype") || c.positional_count() > 2 ? dtype_argument(c, 2, 0) : value.index();
        const any_array v = convert(value, index);
        return std::visit([&](const auto& x) { return to_result(me::full(shape, x.data()[0])); }, v);
    });
    auto eye = [](const call& c) -> result {
        c.only_keywords({"N", "M", "k", "dtype", "n"});
        auto n = c.integer(0, c.op() == "identity" ? "n" : "N");
        if (!n || *n < 0) throw me::ValueError("negative dimensions are not allowed");
        auto m = c.op() == "identity" ? std::nullopt : c.integer(1, "M");
        if (m && *m < 0) throw me::ValueError("negative dimensions are not allowed");
        const auto k = c.op() == "identity" ? 0 : c.integer(2, "k").value_or(0);
        std::optional<std::size_t> columns;
        if (m) columns = static_cast<std::size_t>(*m);
        return for_dtype(dtype_argument(c, c.op() == "identity" ? 1 : 3, 0),
                         [&]<class T>() { return me::eye<T>(static_cast<std::size_t>(*n), columns, k); });
    };
    t.emplace("eye", eye);
    t.emplace("identity", eye);
    t.emplace("arange", [](const call& c) -> result {
        c.only_keywords({"start", "stop", "step", "dtype"});
        const auto& first = c.array(0, "start");
        std::vector<const any_array*> bounds{&first};
        for (std::size_t i = 1; i < 3; ++i)
            if (i < c.positional_count() || c.has(i == 1 ? "stop" : "step")) bounds.push_back(&c.array(i, i == 1 ? "stop" : "step"));
        const std::vector<bool> weak(bounds.size(), true);
        const std::size_t natural = promoted_index(bounds, weak) == 2 ? 2 : 0;
        auto value = [&](std::size_t i) { return std::get<me::array<double>>(convert(*bounds[i], 0)).data()[0]; };
        auto integer = [&](std::size_t i) { return std::get<me::array<std::int64_t>>(convert(*bounds[i], 2)).data()[0]; };
        const std::size_t index = dtype_argument(c, 3, natural);
        if (natural == 2) {
            const std::int64_t start = bounds.size() == 1 ? 0 : integer(0), stop = bounds.size() == 1 ? integer(0) : integer(1),
                               step = bounds.size() == 3 ? integer(2) : 1;
            return for_dtype(index, [&]<class T>() { return me::arange<T>(start, stop, step); });
        }
        const double start = bounds.size() == 1 ? 0.0 : value(0), stop = bounds.size() == 1 ? value(0) : value(1),
                     step = bounds.size() == 3 ? value(2) : 1.0;
        return for_dtype(index, [&]<class T>() { return me::arange<T>(start, stop, step); });
    });
    t.emplace("linspace", [](const call& c) -> result {
        c.only_keywords({"start", "stop", "num", "endpoint", "dtype"});
        auto start = c.number(0, "start"), stop = c.number(1, "stop");
        if (!start || !stop) type_error("linspace() needs start and stop");
        const auto num = c.integer(2, "num").value_or(50);
        const bool endpoint = c.flag(3, "endpoint").value_or(true);
        return to_result(me::linspace<double>(*start, *stop, num, {.endpoint = endpoint}));
    });
    auto array_copy = [](const call& c) -> result {
        c.only_keywords({"object", "dtype", "a"});
        const any_array& a = c.array(0, "object");
        const any_array out = c.has("dtype") || c.positional_count() > 1 ? convert(a, dtype_argument(c, 1, 0)) : a;
        return result{out};
    };
    t.emplace("array", array_copy);
    t.emplace("asarray", array_copy);
    t.emplace("astype", [](const call& c) -> result {
        c.only_keywords({"dtype"});
        auto name = c.text(1, "dtype");
        if (!name) type_error("astype() missing required argument 'dtype'");
        const std::size_t index = dtype_index(*name);
        const any_array& a = c.array(0, "a");
        if (a.index() == 5 && index != 5)
            return result{with_index(index, [&](auto tag) -> any_array {
                using T = element_at<decltype(tag)::value>;
                if constexpr (me::detail::is_complex_v<T>) return std::get<5>(a);
                else return me::real(std::get<5>(a)).template astype<T>();  // NumPy: ComplexWarning, discards the imaginary part
            })};
        return result{convert(a, index)};
    });
}

void bind_shapes(binding_table& t) {
    t.emplace("reshape", [](const call& c) -> result {
        c.only_keywords({"a", "newshape", "shape", "order"});
        const auto shape = signed_shape(c, 1, c.has("shape") ? "shape" : "newshape");
        return on_array(c, [&](const auto& x) { return me::reshape(x, shape); });
    });
    t.emplace("transpose", [](const call& c) -> result {
        c.only_keywords({"a", "axes"});
        auto axes = c.integers(1, "axes");
        if (!axes) return on_array(c, [](const auto& x) { return me::transpose(x); });
        std::vector<int> narrow;
        for (auto v : *axes) narrow.push_back(narrow_axis(v));
        return on_array(c, [&](const auto& x) { return me::transpose(x, narrow); });
    });
    t.emplace("swapaxes", [](const call& c) -> result {
        c.only_keywords({"a", "axis1", "axis2"});
        auto a1 = c.integer(1, "axis1"), a2 = c.integer(2, "axis2");
        if (!a1 || !a2) type_error("swapaxes() needs axis1 and axis2");
        return on_array(c, [&](const auto& x) { return me::swapaxes(x, narrow_axis(*a1), narrow_axis(*a2)); });
    });
    auto axes_of = [](const call& c) {
        auto axes = c.integers(1, "axis");
        std::vector<int> narrow;
        if (axes)
            for (auto v : *axes) narrow.push_back(narrow_axis(v));
        return std::make_pair(axes.has_value(), narrow);
    };
    t.emplace("squeeze", [axes_of](const call& c) -> result {
        c.only_keywords({"a", "axis"});
        auto [given, axes] = axes_of(c);
        const me::axis_spec spec = given ? me::axis_spec(std::span<const int>(axes)) : me::axis_spec();
        return on_array(c, [&](const auto& x) { return me::squeeze(x, spec); });
    });
    t.emplace("expand_dims", [axes_of](const call& c) -> result {
        c.only_keywords({"a", "axis"});
        auto [given, axes] = axes_of(c);
        if (!given) type_error("expand_dims() missing required argument 'axis'");
        const me::axis_spec spec{std::span<const int>(axes)};
        return on_array(c, [&](const auto& x) { return me::expand_dims(x, spec); });
    });
    t.emplace("concatenate", [](const call& c) -> result {
        c.only_keywords({"arrays", "axis"});
        std::optional<int> axis = 0;
        if (c.positional_count() > 1 || c.has("axis")) {
            auto v = c.integer(1, "axis");
            axis = v ? std::optional<int>(narrow_axis(*v)) : std::nullopt;
        }
        return on_list(c, 0, [&](auto arrays) { return me::concatenate(arrays, axis); });
    });
    t.emplace("stack", [](const call& c) -> result {
        c.only_keywords({"arrays", "axis"});
        const int axis = narrow_axis(c.integer(1, "axis").value_or(0));
        return on_list(c, 0, [&](auto arrays) { return me::stack(arrays, axis); });
    });
    t.emplace("vstack", [](const call& c) -> result {
        c.only_keywords({"tup"});
        return on_list(c, 0, [&](auto arrays) { return me::vstack(arrays); });
    });
    t.emplace("hstack", [](const call& c) -> result {
        c.only_keywords({"tup"});
        return on_list(c, 0, [&](auto arrays) { return me::hstack(arrays); });
    });
}

/// The same handle at several positions is one array, as in the original (NumPy's `is`):
/// the library sees identity by address only in its variadic form, so up to
/// `max_aliased` operands go through it with each distinct array passed once per use.
constexpr std::size_t max_aliased = 4;

template <class T, std::size_t N>
result einsum_aliased(std::string_view subscripts, const std::vector<me::array<T>>& distinct,
                      const std::vector<std::size_t>& slot) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return to_result(me::einsum(subscripts, distinct[slot[I]]...));
    }(std::make_index_sequence<N>{});
}

template <class T>
result einsum_of(std::string_view subscripts, const std::vector<me::array<T>>& distinct, const std::vector<std::size_t>& slot) {
    const bool aliased = distinct.size() < slot.size();
    if (aliased && slot.size() <= max_aliased) {
        return [&]<std::size_t... N>(std::index_sequence<N...>) {
            std::optional<result> out;
            (void)((slot.size() == N + 1 ? (out.emplace(einsum_aliased<T, N + 1>(subscripts, distinct, slot)), true) : false) || ...);
            return std::move(*out);
        }(std::make_index_sequence<max_aliased>{});
    }
    std::vector<me::array<T>> operands;
    for (std::size_t k : slot) operands.push_back(distinct[k]);
    return to_result(me::einsum(subscripts, operands));
}

void bind_einsum(binding_table& t) {
    t.emplace("einsum", [](const call& c) -> result {
        c.only_keywords({"optimize"});
        auto subscripts = c.text(0, "subscripts");
        if (!subscripts) type_error("einsum() missing required argument 'subscripts'");
        std::vector<const any_array*> operands = c.arrays_from(1);
        if (operands.empty()) throw me::ValueError("No input operands");
        std::vector<const any_array*> distinct;
        std::vector<std::size_t> slot;
        for (const auto* a : operands) {
            const auto at = std::find(distinct.begin(), distinct.end(), a);
            slot.push_back(static_cast<std::size_t>(at - distinct.begin()));
            if (at == distinct.end()) distinct.push_back(a);
        }
        const std::vector<bool> weak(operands.size(), false);
        const std::size_t index = promoted_index(operands, weak);
        return with_index(index, [&](auto tag) -> result {
            using T = element_at<decltype(tag)::value>;
            if constexpr (std::is_same_v<T, bool>) {
                type_error("einsum() of bool arrays is not served (NumPy's bool einsum is a logical or-of-ands)");
            } else {
                std::vector<me::array<T>> converted;
                for (const auto* a : distinct) converted.push_back(std::get<me::array<T>>(convert(*a, decltype(tag)::value)));
                return einsum_of(*subscripts, converted, slot);
            }
        });
    });
}

/// The legacy samplers with NumPy's (parameters..., size): positional parameters, `size` by keyword or last.
void bind_random(binding_table& t) {
    t.emplace("random.seed", [](const call& c) -> result {
        c.only_keywords({"seed"});
        auto s = c.integers(0, "seed");
        if (!s) me::random::seed();
        else if (s->size() == 1 && c.array(0, "seed").index() == 2 && c.weak(0)) {
            if ((*s)[0] < 0 || (*s)[0] > 0xFFFFFFFFLL) throw me::ValueError("Seed must be between 0 and 2**32 - 1");
            me::random::seed(static_cast<std::uint32_t>((*s)[0]));
        } else me::random::seed(*s);
        return result{false};  // None has no wire form of its own here: the client ignores the value
    });
    auto dims = [](const call& c) {
        c.only_keywords({});
        me::shape_t shape;
        for (std::size_t i = 0; i < c.positional_count(); ++i) {
            auto d = c.integer(i, {});
            if (!d) type_error(fmt::format("{}() takes integer dimensions", c.op()));
            if (*d < 0) throw me::ValueError("negative dimensions are not allowed");
            shape.push_back(static_cast<std::size_t>(*d));
        }
        return shape;
    };
    // rand and randn take NumPy's *dims, a pack in C++: up to 8 here.
    auto variadic = [dims](auto sampler) {
        return [dims, sampler](const call& c) -> result {
            const me::shape_t d = dims(c);
            switch (d.size()) {
                case 0: return to_result(sampler());
                case 1: return to_result(sampler(d[0]));
                case 2: return to_result(sampler(d[0], d[1]));
                case 3: return to_result(sampler(d[0], d[1], d[2]));
                case 4: return to_result(sampler(d[0], d[1], d[2], d[3]));
                case 5: return to_result(sampler(d[0], d[1], d[2], d[3], d[4]));
                case 6: return to_result(sampler(d[0], d[1], d[2], d[3], d[4], d[5]));
                case 7: return to_result(sampler(d[0], d[1], d[2], d[3], d[4], d[5], d[6]));
                case 8: return to_result(sampler(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]));
                default: type_error(fmt::format("{}() takes at most 8 dimensions on this server", c.op()));
            }
        };
    };
    t.emplace("random.randn", variadic([](auto... d) { return me::random::randn(d...); }));
    t.emplace("random.rand", variadic([](auto... d) { return me::random::rand(d...); }));
    auto size_only = [](auto sampler) {
        return [sampler](const call& c) -> result {
            c.only_keywords({"size"});
            me::shape_t size;
            if (c.positional_count() > 0 || c.has("size")) {
                auto s = c.integers(0, "size");
                if (s)
                    for (auto d : *s) {
                        if (d < 0) throw me::ValueError("negative dimensions are not allowed");
                        size.push_back(static_cast<std::size_t>(d));
                    }
            }
            return to_result(sampler(size));
        };
    };
    t.emplace("random.random", size_only([](const me::shape_t& s) { return me::random::random(s); }));
    t.emplace("random.random_sample", size_only([](const me::shape_t& s) { return me::random::random_sample(s); }));
    t.emplace("random.standard_normal", size_only([](const me::shape_t& s) { return me::random::standard_normal(s); }));
    auto two_parameters = [](auto sampler, std::string_view p1, std::string_view p2, double d1, double d2) {
        return [=](const call& c) -> result {
            c.only_keywords({p1, p2, "size"});
            auto parameter = [&](std::size_t i, std::string_view key, double fallback) -> me::random::param {
                if (i >= c.positional_count() && !c.has(key)) return fallback;
                const any_array& a = c.array(i, key);
                if (a.index() == 5) type_error(fmt::format("{}(): {} must be real", c.op(), key));
                return me::random::param(std::get<me::array<double>>(convert(a, 0)));
            };
            auto scalar_or = [&](std::size_t i, std::string_view key, double fallback) -> me::random::param {
                if (i >= c.positional_count() && !c.has(key)) return fallback;
                const any_array& a = c.array(i, key);
                const bool scalar = std::visit([](const auto& x) { return x.ndim() == 0; }, a);
                if (scalar && a.index() != 5) return std::get<me::array<double>>(convert(a, 0)).data()[0];
                return parameter(i, key, fallback);
            };
            const me::random::param a = scalar_or(0, p1, d1), b = scalar_or(1, p2, d2);
            me::shape_t size;
            if (auto s = c.integers(2, "size"))
                for (auto d : *s) {
                    if (d < 0) throw me::ValueError("negative dimensions are not allowed");
                    size.push_back(static_cast<std::size_t>(d));
                }
            return to_result(sampler(a, b, size));
        };
    };
    t.emplace("random.normal", two_parameters([](const auto& a, const auto& b, const auto& s) { return me::random::normal(a, b, s); },
                                              "loc", "scale", 0.0, 1.0));
    t.emplace("random.uniform", two_parameters([](const auto& a, const auto& b, const auto& s) { return me::random::uniform(a, b, s); },
                                               "low", "high", 0.0, 1.0));
}

}  // namespace

void bind_generic(binding_table& table);

void bind_others(binding_table& table) {
    bind_creation(table);
    bind_shapes(table);
    bind_einsum(table);
    bind_random(table);
}

const binding_table& bindings() {
    static const binding_table table = [] {
        binding_table t;
        bind_others(t);  // first: a hand binding wins over a generic one of the same name
        bind_ufuncs(t);
        bind_reductions(t);
        bind_generic(t);
        for (const auto& [name, b] : t)
            if (me::find_op(name) == nullptr) std::abort();  // a binding outside the registry is a build error in spirit
        return t;
    }();
    return table;
}

}  // namespace me::server

// Differential tests of the free ops (creation, shape, joining/splitting, indexing)
// against NumPy: cases_free.py generates the cases, NumPy answers them at test time.
#include "harness.hpp"

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace {

using diff::json;
using diff::result;

// The element types the free-op cases use; a smaller variant than the harness's keeps
// this program's instantiations (and build time) in check.
using basic_array = std::variant<me::array<bool>, me::array<std::int32_t>, me::array<std::int64_t>, me::array<float>,
                                 me::array<double>>;

basic_array decode(const json& j) {
    const auto dtype = j.at("dtype").get<std::string>();
    if (dtype == "bool") return diff::decode_as<bool>(j);
    if (dtype == "int32") return diff::decode_as<std::int32_t>(j);
    if (dtype == "int64") return diff::decode_as<std::int64_t>(j);
    if (dtype == "float32") return diff::decode_as<float>(j);
    if (dtype == "float64") return diff::decode_as<double>(j);
    throw std::runtime_error("diff_free: unsupported dtype " + dtype);
}

template <class F>
result on(const json& j, F&& f) {
    return std::visit([&](const auto& a) -> result { return f(a); }, decode(j));
}

/// Calls f(std::type_identity<T>{}) for a NumPy dtype name.
template <class F>
result with_dtype(const std::string& dtype, F&& f) {
    if (dtype == "bool") return f(std::type_identity<bool>{});
    if (dtype == "int32") return f(std::type_identity<std::int32_t>{});
    if (dtype == "int64") return f(std::type_identity<std::int64_t>{});
    if (dtype == "float32") return f(std::type_identity<float>{});
    return f(std::type_identity<double>{});
}

template <class T>
std::vector<me::array<T>> list_as(const json& j) {
    std::vector<me::array<T>> out;
    for (const auto& e : j) out.push_back(diff::decode_as<T>(e));
    return out;
}

template <class A>
result one(A&& a) { return diff::as_result(std::forward<A>(a)); }

template <class T>
result many(std::vector<me::array<T>> v) {
    result out;
    for (auto& a : v) out.emplace_back(std::move(a));
    return out;
}

me::array<std::int64_t> idx(const json& j) { return diff::decode_as<std::int64_t>(j); }
me::shape_t shp(const json& j) { return j.get<me::shape_t>(); }
std::vector<std::ptrdiff_t> pd(const json& j) { return j.get<std::vector<std::ptrdiff_t>>(); }
std::vector<int> ints(const json& j) { return j.get<std::vector<int>>(); }
std::optional<int> opt_int(const json& j) { return j.is_null() ? std::nullopt : std::optional<int>(j.get<int>()); }
std::optional<std::size_t> opt_size(const json& j) {
    return j.is_null() ? std::nullopt : std::optional<std::size_t>(j.get<std::size_t>());
}
me::axis_spec axes(const json& j) { return j.is_null() ? me::axis_spec{} : me::axis_spec(ints(j)); }
std::string str(const json& j) { return j.get<std::string>(); }

template <class T>
using value_t = typename std::decay_t<T>::value_type;

// One runner whose first argument is an array: `a` is it, `T` its element type.
#define ME_ON_A(expr)                                                                        \
    [](const json& args, const json& kw) -> result {                                        \
        (void)kw;                                                                            \
        return on(args[0], [&](const auto& a) -> result {                                    \
            using T = value_t<decltype(a)>;                                                  \
            (void)sizeof(T);                                                                 \
            return expr;                                                                     \
        });                                                                                  \
    }

// One runner whose first argument is a list of arrays of one type: `xs`.
#define ME_ON_LIST(expr)                                                                     \
    [](const json& args, const json& kw) -> result {                                        \
        (void)kw;                                                                            \
        return on(args[0][0], [&](const auto& first) -> result {                             \
            using T = value_t<decltype(first)>;                                              \
            const auto xs = list_as<T>(args[0]);                                             \
            return expr;                                                                     \
        });                                                                                  \
    }

// A runner for an in-place op: `a` is a mutable copy of the first argument, returned.
#define ME_IN_PLACE(stmt)                                                                    \
    [](const json& args, const json& kw) -> result {                                        \
        (void)kw;                                                                            \
        return on(args[0], [&](const auto& input) -> result {                                \
            using T = value_t<decltype(input)>;                                              \
            auto a = input;                                                                  \
            stmt;                                                                            \
            return one(std::move(a));                                                        \
        });                                                                                  \
    }

result arange_runner(const json& args, const json&) {
    bool all_int = true;
    for (const auto& v : args) all_int = all_int && v.is_number_integer();
    auto call = [&](auto zero) -> result {
        using V = decltype(zero);
        if (args.size() == 1) return one(me::arange(args[0].get<V>()));
        if (args.size() == 2) return one(me::arange(args[0].get<V>(), args[1].get<V>()));
        return one(me::arange(args[0].get<V>(), args[1].get<V>(), args[2].get<V>()));
    };
    return all_int ? call(std::int64_t{0}) : call(0.0);
}

result full_runner(const json& args, const json&) {
    const auto s = shp(args[0]);
    const auto& v = args[1];
    if (v.is_boolean()) return one(me::full(s, v.get<bool>()));
    if (v.is_number_integer()) return one(me::full(s, v.get<std::int64_t>()));
    return one(me::full(s, v.get<double>()));
}

template <class T>
me::pad_options<T> pad_opts(const json& args) {
    return {.mode = args[2].get_ref<const std::string&>(), .constant_values = args.size() > 3 ? static_cast<T>(args[3].get<double>()) : T(0)};
}

std::vector<std::pair<std::size_t, std::size_t>> pairs(const json& j) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& p : j) out.emplace_back(p[0].get<std::size_t>(), p[1].get<std::size_t>());
    return out;
}

template <class T, class A>
result split_like(const char* op, const A& a, const json& how, int axis) {
    const std::string o = op;
    if (how.is_number()) {
        const auto n = how.get<std::ptrdiff_t>();
        if (o == "split") return many(me::split(a, n, axis));
        if (o == "array_split") return many(me::array_split(a, n, axis));
        if (o == "hsplit") return many(me::hsplit(a, n));
        if (o == "vsplit") return many(me::vsplit(a, n));
        return many(me::dsplit(a, n));
    }
    const auto v = pd(how);
    if (o == "split") return many(me::split(a, v, axis));
    if (o == "array_split") return many(me::array_split(a, v, axis));
    if (o == "hsplit") return many(me::hsplit(a, v));
    if (o == "vsplit") return many(me::vsplit(a, v));
    return many(me::dsplit(a, v));
}

#define ME_SPLIT(name)                                                                                   \
    {#name, ME_ON_A((split_like<T>(#name, a, args[1], args.size() > 2 ? args[2].get<int>() : 0)))}

const std::map<std::string, diff::runner>& runners() {
    static const std::map<std::string, diff::runner> table = {
        // creation
        {"zeros", [](const json& args, const json& kw) { return with_dtype(str(kw["dtype"]), [&](auto t) { return one(me::zeros<typename decltype(t)::type>(shp(args[0]))); }); }},
        {"ones", [](const json& args, const json& kw) { return with_dtype(str(kw["dtype"]), [&](auto t) { return one(me::ones<typename decltype(t)::type>(shp(args[0]))); }); }},
        {"empty", [](const json& args, const json& kw) {  // values are unspecified: compare shape and dtype only
             return with_dtype(str(kw["dtype"]), [&](auto t) { return one(me::zeros_like(me::empty<typename decltype(t)::type>(shp(args[0])))); }); }},
        {"full", full_runner},
        {"zeros_like", ME_ON_A(one(me::zeros_like(a)))},
        {"ones_like", ME_ON_A(one(me::ones_like(a)))},
        {"empty_like", ME_ON_A(one(me::zeros_like(me::empty_like(a))))},
        {"full_like", ME_ON_A(one(me::full_like(a, args[1].get<double>())))},
        {"copy", ME_ON_A(one(me::copy(a)))},
        {"asarray_chkfinite", ME_ON_A(one(me::asarray_chkfinite(a)))},
        {"astype", ME_ON_A(with_dtype(str(kw["dtype"]), [&](auto t) { return one(me::astype<typename decltype(t)::type>(a)); }))},
        {"eye", [](const json& args, const json&) { return one(me::eye(args[0].get<std::size_t>(), opt_size(args[1]), args[2].get<std::ptrdiff_t>())); }},
        {"tri", [](const json& args, const json&) { return one(me::tri(args[0].get<std::size_t>(), opt_size(args[1]), args[2].get<std::ptrdiff_t>())); }},
        {"identity", [](const json& args, const json&) { return one(me::identity(args[0].get<std::size_t>())); }},
        {"arange", arange_runner},
        {"linspace", [](const json& args, const json& kw) {
             return one(me::linspace(args[0].get<double>(), args[1].get<double>(), args[2].get<std::ptrdiff_t>(), {.endpoint = kw["endpoint"].get<bool>()})); }},
        {"diag", ME_ON_A(one(me::diag(a, args.size() > 1 ? args[1].get<std::ptrdiff_t>() : 0)))},
        {"diagflat", ME_ON_A(one(me::diagflat(a, args[1].get<std::ptrdiff_t>())))},
        {"meshgrid", ME_ON_LIST(many(me::meshgrid(xs, {.indexing = kw["indexing"].get_ref<const std::string&>(), .sparse = kw["sparse"].get<bool>()})))},
        {"indices", [](const json& args, const json&) { return one(me::indices(shp(args[0]))); }},
        // shape
        {"reshape", ME_ON_A(one(me::reshape(a, pd(args[1]))))},
        {"ravel", ME_ON_A(one(me::ravel(a)))},
        {"transpose", ME_ON_A(args[1].is_null() ? one(me::transpose(a)) : one(me::transpose(a, ints(args[1]))))},
        {"permute_dims", ME_ON_A(one(me::permute_dims(a, ints(args[1]))))},
        {"matrix_transpose", ME_ON_A(one(me::matrix_transpose(a)))},
        {"swapaxes", ME_ON_A(one(me::swapaxes(a, args[1].get<int>(), args[2].get<int>())))},
        {"moveaxis", ME_ON_A(one(me::moveaxis(a, ints(args[1]), ints(args[2]))))},
        {"rollaxis", ME_ON_A(one(me::rollaxis(a, args[1].get<int>(), args[2].get<int>())))},
        {"expand_dims", ME_ON_A(one(me::expand_dims(a, axes(args[1]))))},
        {"squeeze", ME_ON_A(one(me::squeeze(a, axes(args[1]))))},
        {"flip", ME_ON_A(one(me::flip(a, axes(args[1]))))},
        {"fliplr", ME_ON_A(one(me::fliplr(a)))},
        {"flipud", ME_ON_A(one(me::flipud(a)))},
        {"rot90", ME_ON_A(one(me::rot90(a, args[1].get<int>(), {args[2][0].get<int>(), args[2][1].get<int>()})))},
        {"roll", ME_ON_A(args[2].is_null() ? one(me::roll(a, args[1][0].get<std::ptrdiff_t>())) : one(me::roll(a, pd(args[1]), ints(args[2]))))},
        {"broadcast_to", ME_ON_A(one(me::broadcast_to(a, shp(args[1]))))},
        {"broadcast_arrays", ME_ON_LIST(many(me::broadcast_arrays(xs)))},
        {"atleast_1d", ME_ON_A(one(me::atleast_1d(a)))},
        {"atleast_2d", ME_ON_A(one(me::atleast_2d(a)))},
        {"atleast_3d", ME_ON_A(one(me::atleast_3d(a)))},
        // joining
        {"concatenate", ME_ON_LIST(one(me::concatenate(xs, opt_int(args[1]))))},
        {"concat", ME_ON_LIST(one(me::concat(xs, opt_int(args[1]))))},
        {"stack", ME_ON_LIST(one(me::stack(xs, args[1].get<int>())))},
        {"vstack", ME_ON_LIST(one(me::vstack(xs)))},
        {"hstack", ME_ON_LIST(one(me::hstack(xs)))},
        {"dstack", ME_ON_LIST(one(me::dstack(xs)))},
        {"column_stack", ME_ON_LIST(one(me::column_stack(xs)))},
        {"row_stack", ME_ON_LIST(one(me::row_stack(xs)))},
        {"block", [](const json& args, const json&) -> result {
             const bool nested = args[0][0].is_array();
             return on(nested ? args[0][0][0] : args[0][0], [&](const auto& first) -> result {
                 using T = value_t<decltype(first)>;
                 if (!nested) return one(me::block(list_as<T>(args[0])));
                 std::vector<std::vector<me::array<T>>> rows;
                 for (const auto& r : args[0]) rows.push_back(list_as<T>(r));
                 return one(me::block(rows));
             }); }},
        {"append", ME_ON_A(one(me::append(a, diff::decode_as<T>(args[1]), opt_int(args[2]))))},
        {"insert", ME_ON_A(args[1].is_array() ? one(me::insert(a, pd(args[1]), diff::decode_as<T>(args[2]), opt_int(args[3])))
                                              : one(me::insert(a, args[1].get<std::ptrdiff_t>(), diff::decode_as<T>(args[2]), opt_int(args[3]))))},
        {"delete", ME_ON_A(one(me::delete_(a, pd(args[1]), opt_int(args[2]))))},
        ME_SPLIT(split), ME_SPLIT(array_split), ME_SPLIT(hsplit), ME_SPLIT(vsplit), ME_SPLIT(dsplit),
        {"unstack", ME_ON_A(many(me::unstack(a, args[1].get<int>())))},
        {"tile", ME_ON_A(one(me::tile(a, args[1].get<std::vector<std::size_t>>())))},
        {"repeat", ME_ON_A(one(me::repeat(a, pd(args[1]), opt_int(args[2]))))},
        {"resize", ME_ON_A(one(me::resize(a, shp(args[1]))))},
        {"trim_zeros", ME_ON_A(one(me::trim_zeros(a, args[1].get_ref<const std::string&>())))},
        {"pad", ME_ON_A(one(me::pad(a, pairs(args[1]), pad_opts<T>(args))))},
        // indexing
        {"take", ME_ON_A(one(me::take(a, idx(args[1]), opt_int(args[2]), args[3].get_ref<const std::string&>())))},
        {"take_along_axis", ME_ON_A(one(me::take_along_axis(a, idx(args[1]), opt_int(args[2]))))},
        {"put", ME_IN_PLACE(me::put(a, idx(args[1]), diff::decode_as<T>(args[2]), args[3].get_ref<const std::string&>()))},
        {"put_along_axis", ME_IN_PLACE(me::put_along_axis(a, idx(args[1]), diff::decode_as<T>(args[2]), args[3].get<int>()))},
        {"place", ME_IN_PLACE(me::place(a, diff::decode_as<bool>(args[1]), diff::decode_as<T>(args[2])))},
        {"putmask", ME_IN_PLACE(me::putmask(a, diff::decode_as<bool>(args[1]), diff::decode_as<T>(args[2])))},
        {"copyto", ME_IN_PLACE(me::copyto(a, diff::decode_as<T>(args[1]), diff::decode_as<bool>(args[2])))},
        {"where", [](const json& args, const json&) -> result {
             return on(args[1], [&](const auto& x) -> result {
                 using T = value_t<decltype(x)>;
                 return one(me::where(diff::decode_as<bool>(args[0]), x, diff::decode_as<T>(args[2])));
             }); }},
        {"nonzero", ME_ON_A(many(me::nonzero(a)))},
        {"argwhere", ME_ON_A(one(me::argwhere(a)))},
        {"flatnonzero", ME_ON_A(one(me::flatnonzero(a)))},
        {"compress", [](const json& args, const json&) -> result {
             return on(args[1], [&](const auto& a) -> result { return one(me::compress(diff::decode_as<bool>(args[0]), a, opt_int(args[2]))); }); }},
        {"extract", [](const json& args, const json&) -> result {
             return on(args[1], [&](const auto& a) -> result { return one(me::extract(diff::decode_as<bool>(args[0]), a)); }); }},
        {"select", [](const json& args, const json&) -> result {
             return on(args[1][0], [&](const auto& first) -> result {
                 using T = value_t<decltype(first)>;
                 return one(me::select(list_as<bool>(args[0]), list_as<T>(args[1]), static_cast<T>(diff::number(args[2]))));
             }); }},
        {"choose", [](const json& args, const json&) -> result {
             return on(args[1][0], [&](const auto& first) -> result {
                 using T = value_t<decltype(first)>;
                 return one(me::choose(idx(args[0]), list_as<T>(args[1]), args[2].get_ref<const std::string&>()));
             }); }},
        {"diagonal", ME_ON_A(one(me::diagonal(a, args[1].get<std::ptrdiff_t>(), args[2].get<int>(), args[3].get<int>())))},
        {"tril", ME_ON_A(one(me::tril(a, args[1].get<std::ptrdiff_t>())))},
        {"triu", ME_ON_A(one(me::triu(a, args[1].get<std::ptrdiff_t>())))},
        {"linalg.diagonal", ME_ON_A(one(me::linalg::diagonal(a, args[1].get<std::ptrdiff_t>())))},
        {"linalg.matrix_transpose", ME_ON_A(one(me::linalg::matrix_transpose(a)))},
        {"isnan", ME_ON_A(one(me::isnan(a)))},
        {"isinf", ME_ON_A(one(me::isinf(a)))},
        {"isfinite", ME_ON_A(one(me::isfinite(a)))},
        {"fill_diagonal", ME_IN_PLACE(me::fill_diagonal(a, diff::decode_as<T>(args[1]), args[2].get<bool>()))},
        {"ix_", ME_ON_LIST(many(me::ix_(xs)))},
        {"tril_indices", [](const json& args, const json&) { return many(me::tril_indices(args[0].get<std::size_t>(), args[1].get<std::ptrdiff_t>(), opt_size(args[2]))); }},
        {"triu_indices", [](const json& args, const json&) { return many(me::triu_indices(args[0].get<std::size_t>(), args[1].get<std::ptrdiff_t>(), opt_size(args[2]))); }},
        {"tril_indices_from", ME_ON_A(many(me::tril_indices_from(a, args[1].get<std::ptrdiff_t>())))},
        {"triu_indices_from", ME_ON_A(many(me::triu_indices_from(a, args[1].get<std::ptrdiff_t>())))},
        {"diag_indices", [](const json& args, const json&) { return many(me::diag_indices(args[0].get<std::size_t>(), args[1].get<std::size_t>())); }},
        {"diag_indices_from", ME_ON_A(many(me::diag_indices_from(a)))},
        {"mask_indices", [](const json& args, const json&) {
             return many(me::mask_indices(args[0].get<std::size_t>(), [](const auto& m, auto k) { return me::triu(m, k); }, args[1].get<std::ptrdiff_t>())); }},
        {"unravel_index", [](const json& args, const json&) { return many(me::unravel_index(idx(args[0]), shp(args[1]))); }},
        {"ravel_multi_index", [](const json& args, const json&) {
             return one(me::ravel_multi_index(list_as<std::int64_t>(args[0]), shp(args[1]), args[2].get_ref<const std::string&>())); }},
    };
    return table;
}

}  // namespace

TEST_CASE("free ops agree with NumPy", "[differential][free]") {
    diff::run_family("free", runners());
}

// Typed access to one request's arguments, and the dtype promotion of binary ops.
#include "bindings.hpp"
#include "wire.hpp"

#include <algorithm>

namespace me::server {

namespace {

[[noreturn]] void wrong_type(std::string_view op, std::string_view what, std::string_view wanted,
                             const msgpack::object& o) {
    type_error(fmt::format("{}(): argument '{}' must be {}, not {}", op, what, wanted, wire::kind_name(o)));
}

std::string arg_label(std::size_t i, std::string_view key) {
    return key.empty() ? fmt::format("{}", i) : std::string(key);
}

bool is_nil(const argument* a) { return a == nullptr || (a->array == nullptr && a->raw->type == msgpack::type::NIL); }

std::optional<std::int64_t> as_integer(const msgpack::object& o) {
    if (o.type == msgpack::type::POSITIVE_INTEGER) {
        if (o.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<std::int64_t>(o.via.u64);
    }
    if (o.type == msgpack::type::NEGATIVE_INTEGER) return o.via.i64;
    return std::nullopt;
}

// NumPy's kinds in promotion order, and each alternative's kind and width.
enum class kind { boolean, integer, floating, complex };
struct dtype_rank {
    kind k;
    int bits;
};
constexpr dtype_rank ranks[] = {{kind::floating, 64}, {kind::floating, 32}, {kind::integer, 64},
                                {kind::integer, 32},  {kind::boolean, 8},   {kind::complex, 128}};

}  // namespace

const argument* call::find(std::size_t i, std::string_view key) const {
    if (i < args_.size()) {
        if (!key.empty() && kwargs_.count(key))
            type_error(fmt::format("{}() got multiple values for argument '{}'", op_, key));
        return &args_[i];
    }
    if (!key.empty()) {
        auto it = kwargs_.find(key);
        if (it != kwargs_.end()) return &it->second;
    }
    return nullptr;
}

const any_array& call::array(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (a == nullptr) type_error(fmt::format("{}() missing required argument '{}'", op_, arg_label(i, key)));
    if (a->array == nullptr) wrong_type(op_, arg_label(i, key), "an array", *a->raw);
    return *a->array;
}

std::optional<std::int64_t> call::integer(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (is_nil(a)) return std::nullopt;
    if (auto v = as_integer(*a->raw)) return v;
    wrong_type(op_, arg_label(i, key), "an integer", *a->raw);
}

std::optional<double> call::number(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (is_nil(a)) return std::nullopt;
    const msgpack::object& o = *a->raw;
    if (o.type == msgpack::type::FLOAT32 || o.type == msgpack::type::FLOAT64) return o.via.f64;
    if (auto v = as_integer(o)) return static_cast<double>(*v);
    wrong_type(op_, arg_label(i, key), "a number", o);
}

std::optional<bool> call::flag(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (is_nil(a)) return std::nullopt;
    if (a->raw->type == msgpack::type::BOOLEAN) return a->raw->via.boolean;
    wrong_type(op_, arg_label(i, key), "a bool", *a->raw);
}

std::optional<std::string> call::text(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (is_nil(a)) return std::nullopt;
    const msgpack::object& o = *a->raw;
    if (o.type == msgpack::type::STR || o.type == msgpack::type::BIN) {
        std::string s(o.type == msgpack::type::STR ? o.via.str.ptr : o.via.bin.ptr,
                      o.type == msgpack::type::STR ? o.via.str.size : o.via.bin.size);
        if (!me::detail::is_valid_utf8(s)) type_error(fmt::format("{}(): argument '{}' is not valid UTF-8", op_, arg_label(i, key)));
        return s;
    }
    wrong_type(op_, arg_label(i, key), "a str", o);
}

std::optional<std::vector<std::int64_t>> call::integers(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (is_nil(a)) return std::nullopt;
    const msgpack::object& o = *a->raw;
    if (auto v = as_integer(o)) return std::vector<std::int64_t>{*v};
    if (o.type != msgpack::type::ARRAY) wrong_type(op_, arg_label(i, key), "an int or a list of ints", o);
    std::vector<std::int64_t> out;
    for (std::uint32_t k = 0; k < o.via.array.size; ++k) {
        auto v = as_integer(o.via.array.ptr[k]);
        if (!v) wrong_type(op_, arg_label(i, key), "a list of ints", o.via.array.ptr[k]);
        out.push_back(*v);
    }
    return out;
}

std::vector<const any_array*> call::arrays_from(std::size_t first) const {
    // einsum("ij,jk", [a, b]) as well as einsum("ij,jk", a, b).
    if (args_.size() == first + 1 && !args_[first].items.empty()) return array_list(first, {});
    std::vector<const any_array*> out;
    for (std::size_t i = first; i < args_.size(); ++i) out.push_back(&array(i));
    return out;
}

std::vector<const any_array*> call::array_list(std::size_t i, std::string_view key) const {
    const argument* a = find(i, key);
    if (a == nullptr) type_error(fmt::format("{}() missing required argument '{}'", op_, arg_label(i, key)));
    std::vector<const any_array*> out;
    if (!a->items.empty()) {
        for (const argument& item : a->items) {
            if (item.array == nullptr) wrong_type(op_, arg_label(i, key), "a list of arrays", *item.raw);
            out.push_back(item.array);
        }
        return out;
    }
    // A list of inline lists, e.g. concatenate([[1, 2], [3]]): each element its own array.
    if (a->raw->type == msgpack::type::ARRAY && a->array == nullptr)
        wrong_type(op_, arg_label(i, key), "a list of arrays", *a->raw);
    if (a->array == nullptr) wrong_type(op_, arg_label(i, key), "a list of arrays", *a->raw);
    // One stacked inline array: its rows are the arrays (NumPy iterates the first axis).
    list_rows_.emplace_back();
    std::visit([&](const auto& x) {
        if (x.ndim() == 0) type_error(fmt::format("{}(): zero-dimensional arrays cannot be concatenated", op_));
        for (std::size_t r = 0; r < x.shape()[0]; ++r) list_rows_.back().push_back(x[static_cast<std::ptrdiff_t>(r)].copy());
    }, *a->array);
    for (const auto& row : list_rows_.back()) out.push_back(&row);
    return out;
}

void call::only_keywords(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : kwargs_)
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            type_error(fmt::format("{}() got an unexpected keyword argument '{}'", op_, key));
}

void call::at_most(std::size_t n) const {
    if (args_.size() > n)
        type_error(fmt::format("{}() takes at most {} positional arguments but {} were given", op_, n, args_.size()));
}

any_array convert(const any_array& a, std::size_t index) {
    if (a.index() == index) return a;
    return std::visit(
        [&](const auto& x) -> any_array {
            using From = typename std::decay_t<decltype(x)>::value_type;
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                any_array out;
                (void)((I == index ? (out = [&]() -> any_array {
                    using To = typename std::variant_alternative_t<I, any_array>::value_type;
                    if constexpr (me::detail::is_complex_v<From> && !me::detail::is_complex_v<To>)
                        throw wire_error("TypeError", "Cannot cast complex values to a real dtype");
                    else return x.template astype<To>();
                }(), true) : false) || ...);
                return out;
            }(std::make_index_sequence<std::variant_size_v<any_array>>{});
        },
        a);
}

std::size_t promoted_index(std::size_t a, bool a_weak, std::size_t b, bool b_weak) {
    const dtype_rank ra = ranks[a], rb = ranks[b];
    // A Python scalar takes the array's dtype when its kind is no higher (np.float32 + 2.0
    // stays float32, int32 + 3 stays int32); otherwise the default dtype of its kind.
    if (a_weak != b_weak) {
        const bool a_is_weak = a_weak;
        const dtype_rank weak = a_is_weak ? ra : rb, strong = a_is_weak ? rb : ra;
        const std::size_t strong_index = a_is_weak ? b : a;
        if (weak.k <= strong.k) return strong_index;
        if (weak.k == kind::complex) return 5;
        if (weak.k == kind::floating) return 0;
        return 2;
    }
    if (ra.k == kind::complex || rb.k == kind::complex) return 5;
    if (ra.k == kind::floating || rb.k == kind::floating) {
        // float32 with float32 or bool stays float32; with any int64/int32 NumPy goes to float64.
        const bool both_small = (ra.k != kind::floating || ra.bits == 32) && (rb.k != kind::floating || rb.bits == 32) &&
                                ra.k != kind::integer && rb.k != kind::integer;
        return both_small ? 1 : 0;
    }
    if (ra.k == kind::integer || rb.k == kind::integer) {
        const int bits = std::max(ra.k == kind::integer ? ra.bits : 0, rb.k == kind::integer ? rb.bits : 0);
        return bits == 64 ? 2 : 3;
    }
    return 4;
}

}  // namespace me::server

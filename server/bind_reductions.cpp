// The reductions that are me:: reducer objects: one template reads axis, keepdims and
// ddof into the reducer's own options struct (only the fields it has).
#include "bind_common.hpp"
#include "generated_ops.hpp"

#include <climits>

namespace me::server {

namespace {

template <class Options>
Options read_options(const call& c) {
    Options o{};
    if constexpr (requires { o.ddof; }) c.only_keywords({"axis", "keepdims", "ddof"});
    else c.only_keywords({"axis", "keepdims"});
    c.at_most(2);
    if (auto axes = c.integers(1, "axis")) {
        if constexpr (std::is_same_v<decltype(o.axis), std::optional<int>>) {
            if (axes->size() != 1) type_error(fmt::format("{}(): axis must be an int or None", c.op()));
            o.axis = static_cast<int>(std::clamp<std::int64_t>((*axes)[0], INT_MIN, INT_MAX));
        } else {
            std::vector<int> narrow;
            for (auto v : *axes) narrow.push_back(static_cast<int>(std::clamp<std::int64_t>(v, INT_MIN, INT_MAX)));
            o.axis = me::axis_spec(std::span<const int>(narrow));
        }
    }
    if (auto k = c.flag(99, "keepdims")) o.keepdims = *k;
    if constexpr (requires { o.ddof; })
        if (auto d = c.number(99, "ddof")) o.ddof = *d;
    return o;
}

template <class R>
void bind_reducer(binding_table& table, std::string_view name, const R& reducer) {
    using Options = typename R::options;
    table.emplace(name, [&reducer](const call& c) -> result {
        const Options o = read_options<Options>(c);
        const any_array& a = c.array(0, "a");
        return std::visit(
            [&](const auto& x) -> result {
                if constexpr (requires { reducer(x, o); }) return to_result(reducer(x, o));
                else type_error(fmt::format("{}() does not support dtype {}", c.op(), x.dtype()));
            },
            a);
    });
}

}  // namespace

void bind_reductions(binding_table& table) {
#define ME_SERVER_BIND(name, expr) bind_reducer(table, name, expr);
    ME_SERVER_REDUCER_OPS(ME_SERVER_BIND)
#undef ME_SERVER_BIND
}

}  // namespace me::server

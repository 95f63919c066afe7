// me::einsum against numpy.einsum (cases_einsum.py). Each case also checks that the
// charge equals me::flops::einsum_cost for the same subscripts and shapes.
#include "harness.hpp"

namespace {

using diff::json;

/// Runs einsum inside a context and checks the charge against einsum_cost.
template <class F>
diff::result charged(const std::string& subscripts, const std::vector<me::shape_t>& shapes, F&& f) {
    me::BudgetContext budget(1e15);
    auto r = f();
    CHECK(budget.flops_used() == me::flops::einsum_cost(subscripts, shapes));
    return diff::as_result(std::move(r));
}

diff::result run_einsum(const json& args, const json&) {
    const auto subscripts = args.at(0).get<std::string>();
    const std::size_t n = args.size() - 1;
    std::vector<me::shape_t> shapes;
    for (std::size_t k = 1; k <= n; ++k) shapes.push_back(args.at(k).at("shape").get<me::shape_t>());
    if (n == 1)
        return diff::visit_array(args.at(1), [&](const auto& a) {
            return charged(subscripts, shapes, [&] { return me::einsum(subscripts, a); });
        });
    if (n == 2)  // every pair of element types: NumPy's promotion
        return std::visit(
            [&](const auto& a, const auto& b) {
                return charged(subscripts, shapes, [&] { return me::einsum(subscripts, a, b); });
            },
            diff::decode(args.at(1)), diff::decode(args.at(2)));
    // Three or more operands share one element type: the variadic form for three, the vector form beyond.
    return diff::visit_array(args.at(1), [&](const auto& first) {
        using T = typename std::decay_t<decltype(first)>::value_type;
        std::vector<me::array<T>> ops{first};
        for (std::size_t k = 2; k <= n; ++k) ops.push_back(diff::decode_as<T>(args.at(k)));
        if (n == 3)
            return charged(subscripts, shapes, [&] { return me::einsum(subscripts, ops[0], ops[1], ops[2]); });
        return charged(subscripts, shapes, [&] { return me::einsum(subscripts, ops); });
    });
}

}  // namespace

TEST_CASE("einsum matches numpy.einsum", "[einsum][differential]") {
    diff::run_family("einsum", {{"einsum", run_einsum}});
}

// Contraction order and symmetry: what `me::einsum` charges along the path it picks, what
// a worse path would cost, and what passing the same array twice saves (docs/einsum.md).
#include <mechestim/mechestim.hpp>

#include <iostream>

int main() {
    me::BudgetContext budget(1e9, "contraction-order");
    me::random::seed(0);
    const auto a = me::random::randn(100, 2);
    const auto b = me::random::randn(2, 100);
    const auto c = me::random::randn(100, 2);

    // The path einsum would take, for free: (b c) first, 1,600 FLOPs, against 120,000 in one step.
    std::cout << me::einsum_path("ij,jk,kl->il", a, b, c).format_table() << '\n';
    const auto fast = me::einsum("ij,jk,kl->il", a, b, c);                            // 1,600
    const auto slow = me::einsum("ij,jk,kl->il", a, b, c,
                                 me::einsum_options{.optimize = {{0, 1}, {0, 1}}});    // 80,000

    // x xᵀ is symmetric whatever x is: passing the same array twice prices 55 of 100 outputs.
    const auto x = me::random::randn(10, 256);
    const auto gram = me::einsum("ai,bi->ab", x, x);  // 28,160 instead of 51,200
    std::cout << "gram carries " << gram.symmetric_axes().size() << " symmetry group(s); exp(gram) costs "
              << me::flops::pointwise_cost(gram.shape(), gram.symmetric_axes()) << " FLOPs\n\n";

    me::budget_summary();
    return fast.shape() == slow.shape() ? 0 : 1;
}

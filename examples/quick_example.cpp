// The quick example of the original's index page: a 5-layer MLP inside an explicit
// BudgetContext of 1e8 FLOPs in the "mlp-forward" namespace.
#include <mechestim/mechestim.hpp>

#include <iostream>
#include <vector>

int main() {
    const std::size_t depth = 5, width = 256;
    {
        me::BudgetContext budget(1e8, "mlp-forward");
        // Weight init: randn and multiply are both counted.
        const auto scale = me::sqrt(me::array<double>(2.0 / width));
        std::vector<me::array<double>> weights;
        for (std::size_t i = 0; i < depth; ++i) weights.push_back(me::multiply(me::random::randn(width, width), scale));
        // Forward pass.
        auto h = me::random::randn(width);
        for (std::size_t i = 0; i < depth; ++i) {
            h = me::einsum("ij,j->i", weights[i], h);  // linear layer
            if (i < depth - 1) h = me::maximum(h, 0.0);  // ReLU
        }
        std::cout << budget.summary() << "\n";
    }
    me::budget_summary();
}

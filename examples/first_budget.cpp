// The "Your First Budget" page of the original, line by line: a 10-layer MLP forward
// pass with no BudgetContext: the global default context activates on the first
// counted op. Prints the session summary table.
#include <mechestim/mechestim.hpp>

#include <cmath>
#include <vector>

int main() {
    const std::size_t depth = 10;   // number of layers
    const std::size_t width = 256;  // hidden dimension

    const double scale = std::sqrt(2.0 / width);  // Kaiming init scale: plain C++, free
    std::vector<me::array<double>> weights;
    for (std::size_t i = 0; i < depth; ++i)
        weights.push_back(me::random::randn(width, width) * scale);  // randn and multiply: counted
    const auto x = me::random::randn(width);

    auto h = x;
    for (const auto& W : weights) {
        h = me::einsum("ij,j->i", W, h);  // matrix-vector multiply: 2 x 256 x 256 = 131,072 FLOPs
        h = me::maximum(h, 0.0);          // ReLU activation: 256 FLOPs
    }
    const auto result = me::sum(h);  // reduction: 256 FLOPs
    (void)result;

    me::budget_summary();
}

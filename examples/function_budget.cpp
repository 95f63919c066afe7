// The decorator form of the original, in C++: ME_BUDGET gives a function one budget
// that every call draws from; me::budgeted does the same for a lambda.
#include <mechestim/mechestim.hpp>

#include <cmath>
#include <iostream>
#include <vector>

me::array<double> run_mlp(std::size_t depth = 10, std::size_t width = 256) {
    ME_BUDGET(5e7, "mlp-forward");  // the namespace defaults to "run_mlp" when omitted
    const double scale = std::sqrt(2.0 / static_cast<double>(width));
    std::vector<me::array<double>> weights;
    for (std::size_t i = 0; i < depth; ++i) weights.push_back(me::random::randn(width, width) * scale);
    auto h = me::random::randn(width);
    for (const auto& W : weights) h = me::maximum(me::einsum("ij,j->i", W, h), 0.0);
    return me::sum(h);
}

int main() {
    run_mlp();
    const auto forward = me::budgeted(1e6, "tiny", [](const me::array<double>& v) { return me::sum(me::exp(v)); });
    forward(me::array<double>{1.0, 2.0, 3.0});

    me::budget_summary();
    const auto data = me::budget_summary_dict(true);
    std::cout << "mlp-forward used " << data.by_namespace.at("mlp-forward").flops_used << " FLOPs\n";
    std::cout << data.to_json() << "\n";
}

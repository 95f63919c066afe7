// A tiny program that uses mechestim the way a downstream project would.
#include <mechestim/mechestim.hpp>

#include <cstdio>

int main() {
    me::BudgetContext budget(1e6, "consumer");
    me::array<double> a = {1.0, 2.0, 3.0};
    const auto b = me::exp(a) + a;
    const bool ok = budget.flops_used() == 6 && b.size() == 3;
    std::printf("consumer used %lld FLOPs: %s\n", static_cast<long long>(budget.flops_used()), ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}

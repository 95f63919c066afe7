// expect: me::apply_along_axis is blocked: it calls an arbitrary function whose FLOPs cannot be costed
// An arbitrary callable cannot be priced: apply_along_axis must not compile.
#include <mechestim/mechestim.hpp>

int main() {
    me::array<double> a = {{1.0, 2.0}, {3.0, 4.0}};
    me::apply_along_axis([](const auto& row) { return row; }, 1, a);
}

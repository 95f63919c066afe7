// expect: me::piecewise is blocked: it calls arbitrary functions per condition
#include <mechestim/mechestim.hpp>

int main() {
    me::array<double> x = {-1.0, 1.0};
    me::piecewise(x, 0, [](double v) { return v; });
}

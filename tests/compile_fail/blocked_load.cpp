// expect: me::load is blocked: file I/O is outside the FLOP model
// Reading .npy files is blocked: calling me::load must not compile.
#include <mechestim/mechestim.hpp>

int main() {
    auto a = me::load("weights.npy");
    (void)a;
}

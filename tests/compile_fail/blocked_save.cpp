// expect: me::save is blocked: file I/O is outside the FLOP model
// Writing .npy files is blocked, also when called with a me::array.
#include <mechestim/mechestim.hpp>

int main() {
    me::array<double> a = {1.0, 2.0};
    me::save("out.npy", a);
}

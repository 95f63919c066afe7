// expect: me::bmat is not implemented: builds np.matrix
// A registry name that has no meaning for C++ arrays: calling it must not compile, and
// the message must say so and why (not "did you mean 'block'").
#include <mechestim/mechestim.hpp>

int main() {
    auto m = me::bmat("1 2; 3 4");
    (void)m;
}

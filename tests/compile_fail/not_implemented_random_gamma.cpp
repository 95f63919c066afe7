// expect: me::random::gamma is not implemented: legacy sampler not ported yet
// A registry name of a submodule that is not built: the message names it with its
// namespace, and `me::random::gamma` does not hide or clash with anything in `me::`.
#include <mechestim/mechestim.hpp>

int main() {
    auto g = me::random::gamma(2.0, 1.0, {3});
    (void)g;
}

// expect: me::random::default_rng is not implemented: Generator API
// A registry name of a submodule that is not built: the message names it with its
// namespace, and `me::random::default_rng` does not hide or clash with anything in `me::`.
#include <mechestim/mechestim.hpp>

int main() {
    auto g = me::random::default_rng(42);
    (void)g;
}

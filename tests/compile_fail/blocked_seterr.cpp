// expect: me::seterr is blocked: NumPy's floating-point error state
// NumPy's error state does not exist in mechestim.
#include <mechestim/mechestim.hpp>

int main() { me::seterr("raise"); }

// expect: me::show_config is blocked: it prints NumPy's build configuration
// Called with no arguments, a blocked name still fails to compile.
#include <mechestim/blocked.hpp>

int main() { me::show_config(); }

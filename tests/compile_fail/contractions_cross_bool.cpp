// expect: no matching function|constraints not satisfied
// NumPy refuses the cross product of bools (it subtracts them); here the call does not compile.
#include <mechestim/contractions.hpp>

int main() {
    const me::array<bool> a = {true, false, true};
    return static_cast<int>(me::cross(a, a).size());
}

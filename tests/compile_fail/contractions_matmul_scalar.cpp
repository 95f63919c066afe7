// expect: no matching function|constraints not satisfied
// NumPy's matmul raises for a scalar operand (use multiply or dot); here the call does not compile.
#include <mechestim/contractions.hpp>

int main() {
    const me::array<double> a = {1.0, 2.0};
    return static_cast<int>(me::matmul(a, 2.0).size());
}

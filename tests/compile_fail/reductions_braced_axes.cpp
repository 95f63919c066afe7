// expect: use of deleted function|deleted|cannot convert initializer list
// `me::sum(a, {0, 1})` would read as {.axis = 0, .keepdims = 1}; keepdims accepts only a
// bool, so the call does not compile (several axes are written `{.axis = {0, 1}}`).
#include <mechestim/reductions.hpp>

int main() {
    const me::array<double> a = {{1, 2}, {3, 4}};
    return static_cast<int>(me::sum(a, {0, 1}).item());
}

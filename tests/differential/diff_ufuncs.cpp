// The pointwise family against NumPy: every unary and binary op of ufuncs.hpp and the
// operators of me::array, over the cases of cases_ufuncs.py. The runners are in
// ufunc_runners.hpp; the table is built in four translation units (part_ufuncs_*.cpp).
#include "ufunc_runners.hpp"

TEST_CASE("ufuncs and operators against NumPy", "[differential][ufuncs]") {
    ufunc_runners::table runners;
    for (auto part : {ufunc_runners::unary_ops, ufunc_runners::binary_ops_a, ufunc_runners::binary_ops_b,
                      ufunc_runners::operators})
        runners.merge(part());
    me::BudgetContext budget(1e15);
    diff::run_family("ufuncs", runners);
}

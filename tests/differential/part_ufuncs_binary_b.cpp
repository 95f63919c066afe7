// The second half of the binary ufuncs of diff_ufuncs.cpp's table.
#include "ufunc_runners.hpp"

ufunc_runners::table ufunc_runners::binary_ops_b() {
    return {
        DIFF_B(ldexp) DIFF_B(left_shift) DIFF_B(less) DIFF_B(less_equal) DIFF_B(logaddexp) DIFF_B(logaddexp2)
        DIFF_B(logical_and) DIFF_B(logical_or) DIFF_B(logical_xor) DIFF_B(maximum) DIFF_B(minimum) DIFF_B(mod)
        DIFF_B(multiply) DIFF_B(nextafter) DIFF_B(not_equal) DIFF_B(pow) DIFF_B(power) DIFF_B(remainder)
        DIFF_B(right_shift) DIFF_B(subtract) DIFF_B(true_divide) DIFF_B(isclose) DIFF_B(vecdot)
    };
}

// The first half of the binary ufuncs of diff_ufuncs.cpp's table.
#include "ufunc_runners.hpp"

ufunc_runners::table ufunc_runners::binary_ops_a() {
    return {
        DIFF_B(add) DIFF_B(arctan2) DIFF_B(atan2) DIFF_B(bitwise_and) DIFF_B(bitwise_left_shift)
        DIFF_B(bitwise_or) DIFF_B(bitwise_right_shift) DIFF_B(bitwise_xor) DIFF_B(copysign) DIFF_B(divide)
        DIFF_B(divmod) DIFF_B(equal) DIFF_B(float_power) DIFF_B(floor_divide) DIFF_B(fmax) DIFF_B(fmin)
        DIFF_B(fmod) DIFF_B(gcd) DIFF_B(greater) DIFF_B(greater_equal) DIFF_B(heaviside) DIFF_B(hypot)
        DIFF_B(lcm)
    };
}

// The unary ufuncs of diff_ufuncs.cpp's table (one of its four translation units).
#include "ufunc_runners.hpp"

ufunc_runners::table ufunc_runners::unary_ops() {
    return {
        DIFF_U(abs) DIFF_U(absolute) DIFF_U(acos) DIFF_U(acosh) DIFF_U(angle) DIFF_U(arccos) DIFF_U(arccosh)
        DIFF_U(arcsin) DIFF_U(arcsinh) DIFF_U(arctan) DIFF_U(arctanh) DIFF_U(around) DIFF_U(asin)
        DIFF_U(asinh) DIFF_U(atan) DIFF_U(atanh) DIFF_U(bitwise_count) DIFF_U(bitwise_invert)
        DIFF_U(bitwise_not) DIFF_U(cbrt) DIFF_U(ceil) DIFF_U(conj) DIFF_U(conjugate) DIFF_U(cos) DIFF_U(cosh)
        DIFF_U(deg2rad) DIFF_U(degrees) DIFF_U(exp) DIFF_U(exp2) DIFF_U(expm1) DIFF_U(fabs) DIFF_U(fix)
        DIFF_U(floor) DIFF_U(frexp) DIFF_U(i0) DIFF_U(imag) DIFF_U(invert) DIFF_U(iscomplex)
        DIFF_U(iscomplexobj) DIFF_U(isneginf) DIFF_U(isposinf) DIFF_U(isreal) DIFF_U(isrealobj) DIFF_U(log)
        DIFF_U(log10) DIFF_U(log1p) DIFF_U(log2) DIFF_U(logical_not) DIFF_U(modf) DIFF_U(nan_to_num)
        DIFF_U(negative) DIFF_U(positive) DIFF_U(rad2deg) DIFF_U(radians) DIFF_U(real) DIFF_U(reciprocal)
        DIFF_U(rint) DIFF_U(round) DIFF_U(sign) DIFF_U(signbit) DIFF_U(sin) DIFF_U(sinc) DIFF_U(sinh)
        DIFF_U(sort_complex) DIFF_U(spacing) DIFF_U(sqrt) DIFF_U(square) DIFF_U(tan) DIFF_U(tanh)
        DIFF_U(trunc)
    };
}

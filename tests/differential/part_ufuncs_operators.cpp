// The operators of me::array in diff_ufuncs.cpp's table.
#include "ufunc_runners.hpp"

ufunc_runners::table ufunc_runners::operators() {
    return {
        {"operator+", binary<op_add>}, {"operator-", binary<op_sub>}, {"operator*", binary<op_mul>},
        {"operator/", binary<op_div>}, {"operator%", binary<op_mod>}, {"operator==", binary<op_eq>},
        {"operator!=", binary<op_ne>}, {"operator<", binary<op_lt>}, {"operator<=", binary<op_le>},
        {"operator>", binary<op_gt>}, {"operator>=", binary<op_ge>}, {"operator&", binary<op_and>},
        {"operator|", binary<op_or>}, {"operator^", binary<op_xor>}, {"operator<<", binary<op_shl>},
        {"operator>>", binary<op_shr>}, {"operator-a", unary<op_neg>}, {"operator+a", unary<op_pos>},
        {"operator!", unary<op_not>}, {"operator~", unary<op_inv>}, {"operator+=", binary<op_iadd>},
        {"operator-=", binary<op_isub>}, {"operator*=", binary<op_imul>}, {"operator/=", binary<op_idiv>},
        {"operator%=", binary<op_imod>}, {"operator&=", binary<op_iand>}, {"operator|=", binary<op_ior>},
        {"operator^=", binary<op_ixor>},
    };
}

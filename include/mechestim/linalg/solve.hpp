/// @file linalg/solve.hpp
/// @brief Solvers and inverses of `me::linalg`: det, slogdet, inv, solve, lstsq, pinv, matrix_power, tensorinv, tensorsolve (on LAPACK, detail/lapack.hpp).
#pragma once

#include "../detail/lapack.hpp"
#include "../flops/solve.hpp"

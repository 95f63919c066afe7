/// @file flops/solve.hpp
/// @brief What the solvers and inverses of `me::linalg` cost (det, slogdet, inv, solve, lstsq, pinv, matrix_power, tensorinv, tensorsolve): shape math only.
#pragma once

#include "count.hpp"
#include "formulas.hpp"

/// @file linalg/norms.hpp
/// @brief Norms and what is measured by singular values in `me::linalg`: norm, vector_norm, matrix_norm, cond, matrix_rank.
#pragma once

#include "../detail/lapack.hpp"
#include "../flops/norms.hpp"

/// @file linalg/decompositions.hpp
/// @brief The decompositions of `me::linalg`: svd, svdvals, cholesky, qr, eig, eigvals, eigh, eigvalsh (on LAPACK, detail/lapack.hpp).
#pragma once

#include "../detail/lapack.hpp"
#include "../flops/decompositions.hpp"

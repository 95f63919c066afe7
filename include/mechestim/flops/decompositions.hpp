/// @file flops/decompositions.hpp
/// @brief What the decompositions of `me::linalg` cost (svd, svdvals, cholesky, qr, eig, eigvals, eigh, eigvalsh): shape math only.
#pragma once

#include "count.hpp"
#include "formulas.hpp"

/// @file flops/norms.hpp
/// @brief What the norms of `me::linalg` cost (norm, vector_norm, matrix_norm, cond, matrix_rank): shape math only.
#pragma once

#include "count.hpp"
#include "formulas.hpp"

/// @file detail/random/generator_hypergeometric.hpp
/// @brief NumPy Generator's hypergeometric (random_hypergeometric.c) and
/// multivariate_hypergeometric kernels, over any bit_generator.
#pragma once

#include "bitgen.hpp"
#include "generator_kernels.hpp"

namespace me::random::detail {}  // namespace me::random::detail

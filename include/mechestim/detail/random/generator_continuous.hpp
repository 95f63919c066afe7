/// @file detail/random/generator_continuous.hpp
/// @brief The continuous kernels of NumPy's Generator (numpy/random/src/distributions/distributions.c),
/// over any bit_generator.
#pragma once

#include "bitgen.hpp"
#include "generator_kernels.hpp"

namespace me::random::detail {}  // namespace me::random::detail

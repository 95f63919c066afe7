/// @file detail/random/generator_mixtures.hpp
/// @brief Generator's noncentral chi-square and F (distributions.c): a shifted normal or a
/// Poisson mixture over Generator's gamma.
#pragma once

#include "bitgen.hpp"
#include "generator_continuous.hpp"
#include "legacy_discrete.hpp"

namespace me::random::detail {}  // namespace me::random::detail

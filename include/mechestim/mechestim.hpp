/// @file mechestim.hpp
/// @brief The umbrella header: NumPy-style math with an analytical FLOP cost charged
/// against a budget before every operation runs.
#pragma once

#include "array.hpp"
#include "budget.hpp"
#include "calculus.hpp"
#include "contractions.hpp"
#include "creation.hpp"
#include "einsum.hpp"
#include "errors.hpp"
#include "fft.hpp"
#include "flops.hpp"
#include "histograms.hpp"
#include "indexing.hpp"
#include "linalg.hpp"
#include "manipulation.hpp"
#include "polynomial.hpp"
#include "random.hpp"
#include "reductions.hpp"
#include "registry.hpp"
#include "sets.hpp"
#include "simd.hpp"
#include "sorting.hpp"
#include "statistics.hpp"
#include "summary.hpp"
#include "symmetry.hpp"
#include "ufuncs.hpp"
#include "version.hpp"
#include "window.hpp"

// Last, after every family: the registry's names that are not implemented, each a
// compile-time error naming the op and why (they must not be seen by the families' own
// code, where e.g. `me::random::power` would hide `me::power`).
#include "not_implemented.hpp"

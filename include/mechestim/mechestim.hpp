/// @file mechestim.hpp
/// @brief The umbrella header: NumPy-style math with an analytical FLOP cost charged
/// against a budget before every operation runs.
#pragma once

#include "array.hpp"
#include "budget.hpp"
#include "contractions.hpp"
#include "creation.hpp"
#include "einsum.hpp"
#include "errors.hpp"
#include "fft.hpp"
#include "histograms.hpp"
#include "flops.hpp"
#include "indexing.hpp"
#include "linalg.hpp"
#include "manipulation.hpp"
#include "random.hpp"
#include "reductions.hpp"
#include "registry.hpp"
#include "summary.hpp"
#include "symmetry.hpp"
#include "ufuncs.hpp"
#include "version.hpp"

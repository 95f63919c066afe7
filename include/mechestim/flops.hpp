/// @file flops.hpp
/// @brief The cost layer: every FLOP formula of the library, as pure functions of shapes,
/// and `me::flops::*_cost`, the queries users call to plan a budget.
///
/// Each counted op is bound to one formula by its registry row (tools/registry/), at
/// compile time, and charges `flops::op_cost<id>(...)`: what an op charges and what its
/// query returns are the same function. Costs saturate instead of overflowing, and every
/// counted op costs at least 1 FLOP (a scalar op costs 1).
///
/// The layer is shape math only: it includes neither the budget, nor summaries, nor fmt,
/// nor nlohmann_json, nor xtensor, so a program that only plans costs stays cheap to build.
///
///   flops/count.hpp         flops_t and saturating arithmetic (the leaf)
///   flops/formulas.hpp      the op -> formula binding (`formula_of`, `op_cost`)
///   flops/pointwise.hpp     ufuncs, type predicates, vecdot
///   flops/reductions.hpp    reductions, mean- and variance-like reductions
///   flops/sampling.hpp      random sampling, permutations, choice
///   flops/einsum.hpp        einsum's options, path search and pricing
///   flops/contractions.hpp  dot, matmul, inner, outer, vdot, tensordot, kron, cross, trace, multi_dot
///   flops/fft.hpp           the FFT family (fft, rfft, fftn, rfftn, hfft ...)
///   flops/sets.hpp          unique, unique_*, in1d, isin, intersect1d, union1d, setdiff1d, setxor1d
///   flops/polynomial.hpp    poly, polyadd, polysub, polyder, polyint, polymul, polydiv, polyfit, polyval, roots
///   flops/window.hpp        bartlett, blackman, hamming, hanning, kaiser
///   flops/calculus.hpp      diff, ediff1d, gradient, trapezoid, interp, convolve, correlate, unwrap
///   flops/sorting.hpp       sort, argsort, lexsort, partition, argpartition, searchsorted
#pragma once

#include "flops/calculus.hpp"
#include "flops/contractions.hpp"
#include "flops/count.hpp"
#include "flops/decompositions.hpp"
#include "flops/einsum.hpp"
#include "flops/fft.hpp"
#include "flops/formulas.hpp"
#include "flops/histograms.hpp"
#include "flops/norms.hpp"
#include "flops/pointwise.hpp"
#include "flops/polynomial.hpp"
#include "flops/reductions.hpp"
#include "flops/sampling.hpp"
#include "flops/sets.hpp"
#include "flops/solve.hpp"
#include "flops/statistics.hpp"
#include "flops/window.hpp"
#include "flops/sorting.hpp"

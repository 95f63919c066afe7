/// @file errors.hpp
/// @brief The exceptions mechestim throws. Every one is raised before anything is charged.
/// No fmt here: the cost layer includes this header.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "detail/format.hpp"

namespace me {

/// Base class of every mechestim error (a `std::runtime_error`).
class MechEstimError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A counted operation would overspend a budget on the calling thread's stack.
/// Nothing was charged and the operation did not run.
class BudgetExhaustedError : public MechEstimError {
public:
    BudgetExhaustedError(std::string op, std::int64_t cost, std::int64_t remaining, std::string ns)
        : MechEstimError(op + " would cost " + detail::thousands(cost) + " FLOPs but only " +
                         detail::thousands(remaining) + " remain"),
          op_name(std::move(op)), flop_cost(cost), flops_remaining(remaining), name_space(std::move(ns)) {}

    std::string op_name;          ///< NumPy name of the op, e.g. "einsum" or "random.randn"
    std::int64_t flop_cost;       ///< what the op would have charged (after the multiplier)
    std::int64_t flops_remaining; ///< what the context that lacks room had left
    std::string name_space;       ///< namespace of that context ("(default)" for the global one)
};

/// Remote use with no open session (the client/server mode).
class NoBudgetContextError : public MechEstimError {
public:
    NoBudgetContextError()
        : MechEstimError("No active BudgetContext: open a session (me::BudgetContext) before calling counted operations") {}
    using MechEstimError::MechEstimError;
};

/// A tensor declared symmetric is not symmetric within tolerance.
class SymmetryError : public MechEstimError {
public:
    SymmetryError(std::vector<int> ax, double deviation, double a_tol, double r_tol)
        : MechEstimError("Tensor not symmetric along axes " + detail::tuple_string(ax) +
                         ": max deviation = " + detail::general_number(deviation) +
                         " (tolerance: atol=" + detail::general_number(a_tol) +
                         ", rtol=" + detail::general_number(r_tol) + ")"),
          axes(std::move(ax)), max_deviation(deviation), atol(a_tol), rtol(r_tol) {}
    /// From a message alone (me::remote re-raises the server's text; the numbers stay 0).
    explicit SymmetryError(const std::string& message) : MechEstimError(message) {}

    std::vector<int> axes;
    double max_deviation = 0;
    double atol = 0;
    double rtol = 0;
};

/// A blocked operation was reached through the runtime registry or over the wire.
class UnsupportedFunctionError : public MechEstimError {
public:
    UnsupportedFunctionError(std::string name, std::string why)
        : MechEstimError("me::" + name + " is not supported: " + why), func_name(std::move(name)), reason(std::move(why)) {}

    std::string func_name;
    std::string reason;
};

/// A bad argument value (NumPy's ValueError): wrong dtype for the op, bad parameter, ...
class ValueError : public MechEstimError {
public:
    using MechEstimError::MechEstimError;
};

/// Shapes that do not broadcast or do not fit the op (NumPy raises ValueError).
class ShapeError : public ValueError {
public:
    using ValueError::ValueError;
};

/// An axis out of range for the array (NumPy's AxisError).
class AxisError : public ValueError {
public:
    using ValueError::ValueError;
};

/// A linear-algebra failure (NumPy's `numpy.linalg.LinAlgError`, itself a ValueError): a
/// singular matrix, a matrix that is not positive definite, a decomposition that did not
/// converge, or an array that is not a (square) matrix. The message is NumPy's, prefixed
/// with the op's name ("linalg.inv: Singular matrix").
class LinAlgError : public ValueError {
public:
    using ValueError::ValueError;
};

/// An index out of range (NumPy's IndexError).
class IndexError : public MechEstimError {
public:
    using MechEstimError::MechEstimError;
};

/// A bad budget value: below 1, NaN or infinite, or an unparsable
/// `MECHESTIM_DEFAULT_BUDGET`; the message gives the value. A `me::ValueError`, so a
/// `MechEstimError` (NumPy-style code catching ValueError catches it).
class InvalidBudgetError : public ValueError {
public:
    using ValueError::ValueError;
};

}  // namespace me

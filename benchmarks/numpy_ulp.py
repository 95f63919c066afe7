#!/usr/bin/python3
"""NumPy's worst error, in ULPs against long double, on the sweeps of tests/test_simd.cpp.

docs/simd.md sets these beside mechestim's own (printed by `test_simd -s` in the ULP test
cases). Each float type takes SLEEF's 3.5-ULP variant of a function only where its worst
error on the sweep is at or below NumPy's (include/mechestim/detail/vector_math.hpp).

    /usr/bin/python3 benchmarks/numpy_ulp.py
"""
import numpy as np

# name, NumPy function, float64 domain, float32 domain (as in tests/test_simd.cpp)
UNARY = [
    ("exp", -745, 709.7, -103, 88.7), ("exp2", -1074, 1023.9, -149, 127.9), ("expm1", -40, 709.7, -20, 88.7),
    ("log", 1e-320, 1e308, 1e-44, 3e38), ("log2", 1e-320, 1e308, 1e-44, 3e38), ("log10", 1e-320, 1e308, 1e-44, 3e38),
    ("log1p", -0.999999, 1e308, -0.999, 3e38), ("sqrt", 0, 1e308, 0, 3e38), ("cbrt", -1e308, 1e308, -3e38, 3e38),
    ("sin", -1e6, 1e6, -1e4, 1e4), ("cos", -1e6, 1e6, -1e4, 1e4), ("tan", -1e6, 1e6, -1e4, 1e4),
    ("arcsin", -1, 1, -1, 1), ("arccos", -1, 1, -1, 1), ("arctan", -1e308, 1e308, -3e38, 3e38),
    ("sinh", -710.4, 710.4, -89.4, 89.4), ("cosh", -710.4, 710.4, -89.4, 89.4), ("tanh", -30, 30, -15, 15),
    ("arcsinh", -1e308, 1e308, -3e38, 3e38), ("arccosh", 1, 1e308, 1, 3e38), ("arctanh", -0.999999, 0.999999, -0.999, 0.999),
]


def sweep(lo, hi, n, t):
    """n evenly spaced points, then n evenly spaced in magnitude on each side of zero."""
    parts = [np.asarray(lo + (hi - lo) * np.arange(n) / (n - 1)).astype(t)]
    tiny = float(np.finfo(t).smallest_subnormal) * 4

    def magnitudes(a0, b0, sign):
        if not (b0 > a0 > 0):
            return
        a, b = np.log(a0), np.log(b0)
        v = (sign * np.exp(a + (b - a) * np.arange(n) / (n - 1))).astype(t)
        parts.append(v[(v >= lo) & (v <= hi)])

    if hi > 0:
        magnitudes(max(lo if lo > 0 else tiny, tiny), hi, 1)
    if lo < 0:
        magnitudes(max(-hi if hi < 0 else tiny, tiny), -lo, -1)
    return np.concatenate(parts)


def worst_ulp(got, want, t):
    """The largest |got - want| in ULPs of want's binade (the subnormal spacing below it)."""
    r = want.astype(t)
    keep = np.isfinite(r) & np.isfinite(want)
    m = np.abs(r[keep]).astype(t)
    ulp = np.maximum((np.nextafter(m, np.array(np.inf, t)) - m).astype(np.longdouble),
                     np.longdouble(np.finfo(t).smallest_subnormal))
    return float(np.max(np.abs(got[keep].astype(np.longdouble) - want[keep]) / ulp))


def main():
    with np.errstate(all="ignore"):
        for name, lo64, hi64, lo32, hi32 in UNARY:
            f = getattr(np, name)
            errors = []
            for t, lo, hi in ((np.float64, lo64, hi64), (np.float32, lo32, hi32)):
                x = sweep(lo, hi, 40000, t)
                errors.append(worst_ulp(f(x), f(x.astype(np.longdouble)), t))
            print(f"{name}: {errors[0]:.2f} ULP (float64), {errors[1]:.2f} ULP (float32)")
        # The binary grid: operands normal, the result a significand's width above the subnormal range.
        for name, xs, ys in (("arctan2", (-1e30, 1e30), (-1e30, 1e30)), ("hypot", (-1e30, 1e30), (-1e30, 1e30)),
                             ("power", (1e-6, 1e6), (-30, 30))):
            errors = []
            for t in (np.float64, np.float32):
                X, Y = np.meshgrid(sweep(*xs, 300, np.float64).astype(t), sweep(*ys, 300, np.float64).astype(t), indexing="ij")
                f = getattr(np, name)
                want = f(X.astype(np.longdouble), Y.astype(np.longdouble))
                normal = np.finfo(t).tiny
                keep = ((np.abs(want) >= normal * 2.0 ** (np.finfo(t).nmant + 1)) & (np.abs(want) <= np.finfo(t).max)
                        & ((X == 0) | (np.abs(X) >= normal)) & ((Y == 0) | (np.abs(Y) >= normal)))
                errors.append(worst_ulp(f(X, Y)[keep], want[keep], t))
            print(f"{name}: {errors[0]:.2f} ULP (float64), {errors[1]:.2f} ULP (float32)")


if __name__ == "__main__":
    main()

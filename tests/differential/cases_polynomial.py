"""Differential cases for the polynomial and window functions: poly, polyadd, polysub,
polyder, polyint, polymul, polydiv, polyfit, polyval, roots; bartlett, blackman, hamming,
hanning, kaiser.

A case is {"op": name, "args": [...], "kwargs": {...}}. Binary ops take operands of one
dtype, except polyval, whose p may be float64 with x of another dtype. Where mechestim
departs from NumPy 1.24 by design (docs/numpy-differences.md) the expectation is NumPy's
answer in mechestim's terms, computed here:
- polyval promotes p's and x's types as NumPy 2 does (1.24 lets p's values pick): NumPy is
  run on both cast to the promoted type;
- roots is always complex: NumPy's real roots are cast to the complex type of their precision;
- polyder and polyint of order 0 return the type of higher orders (NumPy returns p).
Windows take M as a plain integer argument (kaiser: kwargs beta). polyfit's results: the
coefficients; with full the five values (rank as a 0-d int64, rcond as a 0-d float64);
with cov the coefficients and the covariance.
"""
import numpy as np

from common import enc, expect, rng, sample

DTYPES = ["float64", "float32", "complex128", "complex64", "int64", "int32", "bool"]
REAL = ["float64", "float32", "int64", "int32", "bool"]


def _roots(p):
    r = np.roots(p)
    if r.dtype.kind != "c":
        r = r.astype(np.result_type(r.dtype, np.complex64))
    return r


def _polyval(p, x, scalar=False):
    t = np.result_type(p.dtype, x.dtype)
    xv = x.astype(t)
    return np.asarray(np.polyval(p.astype(t), xv[()] if scalar else xv), dtype=t)


def _polyder(p, m=1):
    r = np.polyder(p, m)
    return np.asarray(r, dtype=np.result_type(p.dtype, np.int64))


def _polyint(p, m=1, k=None):
    r = np.polyint(p, m, k)
    return np.asarray(r, dtype=np.complex128 if p.dtype.kind == "c" else np.float64)


def _polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    w = None if w is None else np.asarray(w, dtype=np.float64)
    r = np.polyfit(x, y, deg, rcond=rcond, full=full, w=w, cov=cov)
    if full:
        c, res, rank, s, rc = r
        return c, res, np.asarray(rank, dtype=np.int64), s, np.asarray(rc, dtype=np.float64)
    return r


def _kaiser(M, beta):
    return np.kaiser(M, float(beta))  # a NaN beta travels as the string "nan"


OPS = {
    "poly": np.poly,
    "polyadd": np.polyadd,
    "polysub": np.polysub,
    "polymul": np.polymul,
    "polydiv": np.polydiv,
    "polyder": _polyder,
    "polyint": _polyint,
    "polyval": _polyval,
    "roots": _roots,
    "polyfit": _polyfit,
    "bartlett": np.bartlett,
    "blackman": np.blackman,
    "hamming": np.hamming,
    "hanning": np.hanning,
    "kaiser": _kaiser,
}


def _tolerances(case, arrays):
    low = any(np.asarray(a).dtype in (np.float32, np.complex64) for a in arrays)
    case["rtol"], case["atol"] = (2e-4, 2e-4) if low else (1e-9, 1e-9)
    return case


def _case(op, operands, kwargs=None, exact=True, plain=None):
    kwargs = kwargs or {}
    args = [enc(a) for a in operands] + list(plain or [])
    c = {"op": op, "args": args, "kwargs": kwargs, "exact_dtype": exact,
         "expected": expect(OPS[op], *operands, *(plain or []), **kwargs)}
    return _tolerances(c, operands)


def _special(dtype, n, r):
    """Values with NaN and inf (float and complex dtypes)."""
    a = sample((n,), dtype, r)
    if np.dtype(dtype).kind in "fc" and n >= 3:
        a[1] = np.nan
        a[2] = np.inf
    return a


def cases():
    r = rng(20261204)
    out = []
    # poly: zeros (1-D) in every dtype, empty, NaN; square matrices.
    for dt in DTYPES:
        for n in [1, 2, 5]:
            if dt == "bool" and n > 2:
                continue
            out.append(_case("poly", [sample((n,), dt, r)]))
        if np.dtype(dt).kind != "c":
            out.append(_case("poly", [sample((4, 4), dt, r)]))
    out.append(_case("poly", [np.array([1.0, 2.0, 3.0])]))
    out.append(_case("poly", [np.array([1.0, np.nan, np.inf])]))
    out.append(_case("poly", [np.array([[0.0, -1.0], [1.0, 0.0]])]))  # complex eigenvalues, real result
    out.append(_case("poly", [np.array([], dtype=np.float64)]))
    # complex matrices whose eigenvalues are not conjugate pairs: NumPy's result stays complex
    out.append(_case("poly", [np.array([[1 + 1j, 2], [0.5j, 3]], dtype=np.complex128)]))
    for bad in [np.zeros((2, 3)), np.zeros((0, 0)), np.zeros((2, 2, 2)), np.array(3.0),
                np.array([[np.nan, 1.0], [1.0, 1.0]])]:
        c = _case("poly", [bad])
        assert "error" in c["expected"]
        out.append(c)
    # polyadd, polysub, polymul, polydiv: lengths that differ both ways, equal, empty, one.
    pairs = [(3, 5), (5, 3), (4, 4), (1, 3), (0, 3), (3, 0), (0, 0), (1, 1), (7, 2)]
    for op in ["polyadd", "polysub", "polymul", "polydiv"]:
        for dt in DTYPES:
            if op == "polysub" and dt == "bool":
                continue  # NumPy's TypeError; does not compile here
            for n1, n2 in pairs:
                if op == "polydiv" and (n1 == 0 or n2 == 0):
                    continue
                a, b = sample((n1,), dt, r), sample((n2,), dt, r)
                if op == "polydiv" and np.dtype(dt).kind in "fc" and n2 > 0:
                    b[0] = b[0] + (3 if np.dtype(dt).kind == "f" else 3 + 0j)  # a leading coefficient away from 0
                out.append(_case(op, [a, b]))
        out.append(_case(op, [_special("float64", 4, r), sample((3,), "float64", r)]))
        out.append(_case(op, [np.array(2.0), sample((3,), "float64", r)]))  # 0-d as one coefficient
    out.append(_case("polymul", [np.array([0.0, 0.0, 1.0, 2.0]), np.array([0.0, 1.0, 1.0])]))  # poly1d trims
    out.append(_case("polymul", [np.zeros(3), np.array([1.0, 2.0])]))
    out.append(_case("polyadd", [np.array([1.0, 2.0]), np.array([-0.0, 5.0, 6.0])]))
    out.append(_case("polydiv", [np.array([1.0, -2.0, 1.0]), np.array([1.0, -1.0])]))  # exact: remainder trimmed
    out.append(_case("polydiv", [np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0])]))  # NumPy's infs and NaNs
    out.append(_case("polydiv", [np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0])]))
    for bad in [(np.array([], dtype=np.float64), np.array([1.0])), (np.array([1.0]), np.array([], dtype=np.float64))]:
        c = _case("polydiv", list(bad))
        assert "error" in c["expected"]
        out.append(c)
    # polyder, polyint: every order, constants.
    for dt in DTYPES:
        p = sample((5,), dt, r)
        for m in [0, 1, 2, 4, 5, 7]:
            out.append(_case("polyder", [p], {"m": m}))
        for kw in [{}, {"m": 0}, {"m": 2}, {"m": 3, "k": 2.5}, {"m": 2, "k": [1.0, -2.0]}, {"m": 1, "k": [3.0, 4.0, 5.0]}]:
            out.append(_case("polyint", [p], kw))
    for op in ["polyder", "polyint"]:
        out.append(_case(op, [np.array([], dtype=np.float64)], {"m": 2}))
        out.append(_case(op, [_special("float64", 4, r)], {"m": 1}))
        for bad in [{"m": -1}]:
            c = _case(op, [sample((3,), "float64", r)], bad)
            assert "error" in c["expected"]
            out.append(c)
        c = _case(op, [np.array(2.0)])
        assert "error" in c["expected"]
        out.append(c)
    c = _case("polyint", [sample((3,), "float64", r)], {"m": 3, "k": [1.0, 2.0]})
    assert "error" in c["expected"]
    out.append(c)
    # polyval: x of every shape and dtype, scalar x, empty p, NaN/inf, mixed types.
    for dt in DTYPES:
        p = sample((4,), dt, r, -2, 2)
        for shape in [(7,), (2, 3), (), (0,), (3, 0, 2)]:
            out.append(_case("polyval", [p, sample(shape, dt, r, -2, 2)]))
        out.append(_case("polyval", [p, sample((), dt, r)], {"scalar": True}))
    for dt in ["float32", "int32", "int64", "bool", "complex64"]:
        out.append(_case("polyval", [sample((5,), "float64", r), sample((6,), dt, r)]))
    out.append(_case("polyval", [np.array([], dtype=np.float64), sample((4,), "float64", r)]))
    out.append(_case("polyval", [np.array([2.0]), np.array([1.0, np.inf, np.nan, -np.inf])]))
    out.append(_case("polyval", [np.array([1.0, -2.0, 0.5]), np.array([1.0, np.inf, np.nan, -np.inf, -0.0])]))
    out.append(_case("polyval", [sample((11,), "float64", r), sample((1000,), "float64", r, -1.5, 1.5)]))
    big = np.array([3, 2**40, -7], dtype=np.int64)
    out.append(_case("polyval", [big, np.array([2**30, -5, 3], dtype=np.int64)]))  # wraps as NumPy's
    for bad in [np.zeros((2, 2)), np.array(1.0)]:
        c = _case("polyval", [bad, sample((3,), "float64", r)])
        assert "error" in c["expected"]
        out.append(c)
    # roots: every dtype, leading and trailing zeros, all zeros, complex roots.
    for dt in DTYPES:
        for n in [1, 2, 3, 6]:
            p = sample((n,), dt, r)
            if np.dtype(dt).kind in "fc":
                p[0] = p[0] + 4
            out.append(_case("roots", [p], exact=False))
    for p in [[0.0, 0.0, 1.0, -3.0, 2.0, 0.0, 0.0], [0.0, 0.0], [], [5.0], [1.0, 0.0, 1.0], [np.inf, 1.0],
              [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]]:
        out.append(_case("roots", [np.array(p, dtype=np.float64)], exact=False))
    for bad in [np.zeros((1, 3)), np.array(2.0), np.array([1.0, np.nan]), np.array([1.0, np.inf]), np.array([1e-300, 1e300])]:
        c = _case("roots", [bad])
        assert "error" in c["expected"]
        out.append(c)
    # polyfit: degrees, 2-D y, weights, rcond, full, cov (scaled and unscaled), dtypes.
    xs = np.linspace(-2.0, 3.0, 9)
    for dt in REAL + ["complex128"]:
        x = xs.astype(dt) if dt != "bool" else (np.arange(9) % 2).astype(bool)
        y = sample((9,), dt if dt != "bool" else "float64", r)
        degs = [0, 1] if dt == "bool" else [0, 1, 2, 4]
        for deg in degs:
            out.append(_case("polyfit", [x, y], plain=[deg]))
    y2 = sample((9, 3), "float64", r)
    w = r.uniform(0.5, 2.0, size=9)
    for kw in [{}, {"full": True}, {"cov": True}, {"cov": "unscaled"}, {"w": list(w)}, {"rcond": 1e-2, "full": True},
               {"w": list(w), "cov": True}, {"full": True, "cov": True}]:
        out.append(_case("polyfit", [xs, sample((9,), "float64", r)], kw, plain=[2]))
        out.append(_case("polyfit", [xs, y2], kw, plain=[2]))
    out.append(_case("polyfit", [xs[:3], sample((3,), "float64", r)], {"full": True}, plain=[5]))  # fewer points than coefficients
    out.append(_case("polyfit", [xs[:3], sample((3,), "float64", r)], {"cov": "unscaled"}, plain=[1]))
    out.append(_case("polyfit", [xs, np.zeros((9, 0))], plain=[1]))
    out.append(_case("polyfit", [xs, np.where(np.arange(9) == 4, np.nan, xs)], plain=[1]))
    out.append(_case("polyfit", [xs.astype(np.float32), sample((9,), "float32", r)], {"full": True}, plain=[2]))
    for args, kw in [((xs, xs), {"deg": -1}), ((xs.reshape(3, 3), xs), {}), ((np.zeros(0), np.zeros(0)), {}),
                     ((xs, np.zeros((9, 1, 1))), {}), ((xs, xs[:4]), {}), ((xs, xs), {"w": [1.0, 2.0]}),
                     ((xs[:3], xs[:3]), {"cov": True, "deg": 2}), ((np.array([1.0, np.nan, 2.0]), xs[:3]), {})]:
        deg = kw.pop("deg", 1)
        c = _case("polyfit", list(args), kw, plain=[deg])
        assert "error" in c["expected"], (args, kw)
        out.append(c)
    # windows: M <= 0, 1, small and odd/even lengths; kaiser's beta.
    for op in ["bartlett", "blackman", "hamming", "hanning"]:
        for M in [-3, 0, 1, 2, 5, 12, 51]:
            out.append(_case(op, [], plain=[M]))
    for M in [-1, 0, 1, 2, 7, 12]:
        for beta in [0.0, 5.0, 14.0, -2.0]:
            out.append(_case("kaiser", [], {"beta": beta}, plain=[M]))
    out.append(_case("kaiser", [], {"beta": "nan"}, plain=[6]))
    out.append(_case("kaiser", [], {"beta": 800.0}, plain=[5]))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, the op of the case's name.

def flops(case):
    import costs

    op = case["op"]
    args = case["args"]
    kw = case["kwargs"]
    shapes = [costs.arg_shape(a) for a in args if isinstance(a, dict)]
    length = lambda s: s[0] if len(s) == 1 else 1  # noqa: E731 - a 0-d polynomial is one coefficient
    if op == "poly":
        s = shapes[0]
        return costs.charge(op, s[0], len(s) == 2)
    if op in ("polyadd", "polysub", "polymul", "polydiv"):
        return costs.charge(op, length(shapes[0]), length(shapes[1]))
    if op in ("polyder", "polyint"):
        return costs.charge(op, shapes[0][0], kw.get("m", 1))
    if op == "polyval":
        return costs.charge(op, costs.numel(shapes[1]), shapes[0][0])
    if op == "roots":
        return costs.charge(op, shapes[0][0])
    if op == "polyfit":
        deg = args[2]
        x, y = shapes
        k = y[1] if len(y) == 2 else 1
        cov = bool(kw.get("cov", False)) and not kw.get("full", False)
        return costs.charge(op, x[0], deg + 1, k, cov)
    return costs.charge(op, max(args[0], 0))

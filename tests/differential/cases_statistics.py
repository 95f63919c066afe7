"""Differential cases for statistics.hpp: clip, cov, corrcoef, allclose, array_equal,
array_equiv, geomspace, logspace, vander (counted) and frombuffer, packbits, unpackbits,
may_share_memory, shares_memory, require (free).

A case is {"op": name, "args": [...], "kwargs": {...}}. Operands are encoded arrays; a
scalar operand is {"scalar": v} (v an int, a float, or [re, im]); an absent clip bound is
null. Array bounds and comparison partners have a's dtype or float64 (the C++ runner
decodes them as such). The comparisons answer a 0-d bool array. shares_memory and
may_share_memory take a base array and two lists of slices ([start, stop, step] per axis,
null for an absent part) and ask about base[first] and base[second]. frombuffer's bytes
travel as a uint8 array, its dtype as kwargs "dtype".

Not here (unit-tested instead, tests/test_statistics.cpp): require with "F" on a matrix
(NumPy makes a Fortran-ordered copy, which a me::array cannot be: refused), cov of a real
m with a complex y (refused: the C++ result type follows m).
"""
import math

import numpy as np

from common import enc, expect, rng, sample


def _scalar_json(v):
    if isinstance(v, complex):
        return {"scalar": [v.real, v.imag]}
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return {"scalar": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}
    return {"scalar": v}


def _arg(v):
    if v is None:
        return None
    if isinstance(v, (int, float, complex)) and not isinstance(v, bool):
        return _scalar_json(v)
    return enc(v)


def _case(op, fn, args, kwargs, **extra):
    # Element types must be NumPy's exactly (float32 vs float64, int32 vs int64), not only their kind.
    c = {"op": op, "args": [_arg(a) for a in args], "kwargs": kwargs, "expected": expect(fn, *args, **kwargs),
         "exact_dtype": True}
    c.update(extra)
    return c


def _bool(fn):
    return lambda *a, **k: np.asarray(fn(*a, **k), dtype=bool)


# ---------------------------------------------------------------------------------------
# NumPy's side of each op, taking the case's kwargs.

def _cov(m, **kw):
    kw = dict(kw)
    for k in ("y", "fweights", "aweights"):
        if k in kw:
            kw[k] = np.asarray(kw[k])
    return np.asarray(np.cov(m, **kw))


def _corrcoef(x, **kw):
    kw = dict(kw)
    if "y" in kw:
        kw["y"] = np.asarray(kw["y"])
    return np.asarray(np.corrcoef(x, **kw))


def _clip(a, lo, hi):
    return np.clip(a, lo, hi)


def _vander(x, **kw):
    return np.vander(x, **kw)


def _slices(spec):
    return tuple(slice(*s) for s in spec)


def _overlap(fn):
    return lambda base, first, second: np.asarray(fn(base[_slices(first)], base[_slices(second)]), dtype=bool)


def _frombuffer(buf, dtype, **kw):
    return np.frombuffer(np.asarray(buf, dtype=np.uint8).tobytes(), dtype=dtype, **kw)


def _cov_cases(r):
    out = []
    m = sample((3, 7), "float64", r)
    kw_cases = [{}, {"rowvar": False}, {"bias": True}, {"ddof": 0}, {"ddof": 3}, {"ddof": 7},
                {"fweights": [1, 2, 0, 3, 1, 1, 2]}, {"aweights": list(r.uniform(0.1, 2, 7))},
                {"fweights": [1, 2, 1, 3, 1, 1, 2], "aweights": list(r.uniform(0.1, 2, 7)), "ddof": 2},
                {"fweights": [1, 2, 1, 3, 1, 1, 2], "ddof": 1}, {"aweights": [1, 1, 1, 1, 1, 1, 0.5], "bias": True},
                {"bias": True, "ddof": 2}, {"fweights": [0, 0, 0, 0, 0, 0, 1]}]
    for kw in kw_cases:
        out.append(_case("cov", _cov, [m], kw))
    for dt in ["int32", "int64", "bool", "float32", "complex128", "complex64"]:
        out.append(_case("cov", _cov, [sample((2, 5), dt, r)], {}))
    out.append(_case("cov", _cov, [sample((6,), "float64", r)], {}))          # one variable: 0-d
    out.append(_case("cov", _cov, [sample((5, 2), "float64", r)], {"rowvar": False, "y": sample((5,), "float64", r).tolist()}))
    out.append(_case("cov", _cov, [sample((2, 4), "float64", r)], {"y": sample((3, 4), "float64", r).tolist()}))
    out.append(_case("cov", _cov, [sample((1, 4), "float64", r)], {"rowvar": False}))
    out.append(_case("cov", _cov, [np.zeros((0, 3))], {}))                    # no variables: (0, 0)
    out.append(_case("cov", _cov, [np.zeros((2, 0))], {}))                    # no observations: NaN
    out.append(_case("cov", _cov, [np.array(2.5)], {}))                       # 0-d: one observation
    nan = sample((2, 4), "float64", r)
    nan[0, 1] = np.nan
    out.append(_case("cov", _cov, [nan], {}))
    # NumPy's errors
    for kw in [{"fweights": [1, 2, 1.5]}, {"fweights": [1, 2]}, {"fweights": [[1, 2, 1]]}, {"fweights": [1, -1, 1]},
               {"aweights": [1, 2]}, {"aweights": [[1, 2, 1]]}, {"aweights": [1, -1, 1]}, {"aweights": [0, 0, 0]},
               {"y": [[1.0, 2.0]]}]:
        c = _case("cov", _cov, [sample((2, 3), "float64", r)], kw)
        assert "error" in c["expected"], kw
        out.append(c)
    out.append(_case("cov", _cov, [np.ones((2, 2, 2))], {}))
    for shape, kw in [((3, 6), {}), ((6, 3), {"rowvar": False}), ((5,), {}), ((2, 4), {"y": [[1.0, 2, 3, 5]]}),
                      ((3, 5), {})]:
        x = sample(shape, "float64", r)
        out.append(_case("corrcoef", _corrcoef, [x], kw))
    const = np.ones((2, 4))
    out.append(_case("corrcoef", _corrcoef, [const], {}))                     # zero variance: NaN
    out.append(_case("corrcoef", _corrcoef, [sample((2, 4), "complex128", r)], {}))
    out.append(_case("corrcoef", _corrcoef, [sample((3, 4), "int32", r)], {}))
    out.append(_case("corrcoef", _corrcoef, [sample((4, 2), "float32", r)], {"rowvar": False, "y": sample((4, 2), "float64", r).tolist()}))
    out.append(_case("corrcoef", _corrcoef, [np.zeros((0, 3))], {}))
    out.append(_case("corrcoef", _corrcoef, [np.ones((2, 2, 2))], {}))
    return out


def _clip_cases(r):
    out = []
    a = sample((3, 4), "float64", r)
    a[0, 0], a[1, 1] = np.nan, np.inf
    for lo, hi in [(-1.0, 1.0), (None, 0.5), (-0.5, None), (2.0, -2.0), (np.nan, 1.0), (-1.0, np.nan)]:
        out.append(_case("clip", _clip, [a, lo, hi], {}))
    out.append(_case("clip", _clip, [a, sample((4,), "float64", r), 1.0], {}))
    out.append(_case("clip", _clip, [a, np.array([np.nan, 0.0, -1.0, 0.5]), np.array([[1.0], [np.nan], [2.0]])], {}))
    out.append(_case("clip", _clip, [a, np.nan, np.nan], {}))  # scalar NaN bounds: no bounds in 1.24
    out.append(_case("clip", _clip, [sample((4,), "float64", r), sample((3, 1), "float64", r), None], {}))  # output larger than a
    for dt, lo, hi in [("int32", -1, 2), ("int64", 0, 1), ("int32", -0.5, 1.5), ("float32", -1.0, 1.0),
                       ("bool", 0, 1), ("uint8", 1, 2), ("int64", None, 0)]:
        out.append(_case("clip", _clip, [sample((5,), dt, r), lo, hi], {}))
    out.append(_case("clip", _clip, [sample((2, 3), "int32", r), sample((2, 3), "int32", r), 2], {}))
    cz = np.array([1 + 5j, 3 - 1j, 2 + 0j, 2 + 9j, complex(np.nan, 0), complex(2.2, np.nan)])
    out.append(_case("clip", _clip, [cz, 2.0, 2.5], {}))  # NumPy's lexicographic order
    out.append(_case("clip", _clip, [cz, np.full(6, 2 + 1j), None], {}))
    out.append(_case("clip", _clip, [cz.astype(np.complex64), None, 2], {}))
    out.append(_case("clip", _clip, [np.zeros((0, 3)), -1.0, 1.0], {}))
    out.append(_case("clip", _clip, [np.array(3.0), 0.0, 1.0], {}))
    for lo, hi in [(None, None), (sample((5,), "float64", r), None)]:
        c = _case("clip", _clip, [a, lo, hi], {})
        assert "error" in c["expected"]
        out.append(c)
    return out


def _comparison_cases(r):
    out = []
    allclose = _bool(np.allclose)
    array_equal = _bool(np.array_equal)
    array_equiv = _bool(np.array_equiv)
    a = sample((3, 4), "float64", r)
    near = a + 1e-9
    far = a.copy()
    far[2, 3] += 1e-3
    withnan = a.copy()
    withnan[1, 2] = np.nan
    inf = a.copy()
    inf[0, 0] = np.inf
    for x, y, kw in [(a, near, {}), (a, far, {}), (a, far, {"rtol": 1e-2}), (a, far, {"atol": 1e-2}),
                     (withnan, withnan, {}), (withnan, withnan, {"equal_nan": True}), (inf, inf, {}),
                     (inf, a, {}), (a, a[0], {}), (a[0], a, {}), (np.zeros((0, 4)), np.zeros(4), {}),
                     (a.astype(np.float32), (a + 1e-6).astype(np.float32), {}),
                     (sample((5,), "int32", r), sample((5,), "int32", r), {}), (np.arange(4), np.arange(4) + 0.0, {})]:
        out.append(_case("allclose", allclose, [x, y], kw))
    out.append(_case("allclose", allclose, [1.0, np.full((4, 4), 1.0 + 1e-7)], {}))  # a scalar against a matrix
    out.append(_case("allclose", allclose, [np.arange(3.0), 1.0], {}))
    c = _case("allclose", allclose, [a, np.ones(3)], {})
    assert "error" in c["expected"]
    out.append(c)
    ai = sample((2, 3), "int64", r)
    for x, y, kw in [(a, a.copy(), {}), (a, far, {}), (a, a[:2], {}), (withnan, withnan, {}),
                     (withnan, withnan, {"equal_nan": True}), (withnan, a, {"equal_nan": True}),
                     (ai, ai.astype(np.float64), {}), (ai, ai.copy(), {"equal_nan": True}),
                     (np.zeros((0, 2)), np.zeros((0, 2)), {}), (np.zeros(3, dtype=bool), np.zeros(3, dtype=bool), {})]:
        out.append(_case("array_equal", array_equal, [x, y], kw))
    out.append(_case("array_equal", array_equal, [sample((2, 2), "complex128", r)] * 2, {}))
    cnan = sample((3,), "complex128", r)
    cnan[1] = complex(1.0, np.nan)
    out.append(_case("array_equal", array_equal, [cnan, cnan.copy()], {"equal_nan": True}))
    out.append(_case("array_equal", array_equal, [cnan, cnan.copy()], {}))
    cz = sample((2, 3), "complex128", r)
    out.append(_case("allclose", allclose, [cz, cz + 1e-9j], {}))
    out.append(_case("allclose", allclose, [cz, cz + 1e-3], {}))
    out.append(_case("allclose", allclose, [cnan, cnan.copy()], {"equal_nan": True}))
    out.append(_case("allclose", allclose, [np.array([np.inf, -np.inf]), np.array([np.inf, np.inf])], {}))
    for x, y in [(a[0], a), (a, np.tile(a[0], (3, 1))), (np.tile(a[0], (3, 1)), a[0]), (a, a[:, :2]), (ai, ai),
                 (np.ones(3), np.ones((2, 3))), (np.zeros((0, 3)), np.zeros(3))]:
        out.append(_case("array_equiv", array_equiv, [x, y], {}))
    out.append(_case("array_equiv", array_equiv, [np.arange(4.0), 2.0], {}))
    return out


def _space_cases():
    out = []
    geom = [(1, 1000, 4, {}), (1.0, 256.0, 9, {"endpoint": False}), (-1.0, -1000.0, 5, {}), (-1.0, 1.0, 3, {}),
            (2.0, 2.0, 3, {}), (1.0, 10.0, 1, {}), (1.0, 10.0, 0, {}), (5.0, 0.5, 6, {}), (1e-3, 1e300, 12, {}),
            (1j, 1000j, 4, {}), (-1 + 0j, 1 + 0j, 5, {}), (1 + 1j, 8 + 8j, 4, {}), (-1j, -100j, 3, {}),
            (float("nan"), 1.0, 3, {}), (1.0, float("inf"), 3, {})]
    for s, t, n, kw in geom:
        out.append(_case("geomspace", np.geomspace, [s, t, n], kw))
    for s, t, n in [(0.0, 1.0, 3), (1.0, 0, 3), (1.0, 2.0, -1)]:
        c = _case("geomspace", np.geomspace, [s, t, n], {})
        assert "error" in c["expected"]
        out.append(c)
    logs = [(0.0, 3.0, 4, {}), (0, 3, 4, {"endpoint": False}), (1.0, -1.0, 5, {"base": 2.0}), (0.0, 1.0, 1, {}),
            (0.0, 1.0, 0, {}), (0.0, 2.0, 5, {"base": -2.0}), (2.0, 2.0, 3, {}), (0.0, 400.0, 3, {}),
            (1j, 2 + 1j, 3, {}), (0.0, 1.0, 7, {"base": np.e, "endpoint": False})]
    for s, t, n, kw in logs:
        out.append(_case("logspace", np.logspace, [s, t, n], kw))
    out.append(_case("logspace", np.logspace, [0.0, 1.0, -2], {}))
    for op, fn in [("logspace", np.logspace), ("geomspace", np.geomspace)]:  # dtype: converted afterwards
        out.append(_case(op, fn, [1.0, 3.0, 5], {"dtype": "float32"}))
        out.append(_case(op, fn, [1.0, 3.0, 5], {"dtype": "int64"}))
    return out


def _vander_cases(r):
    out = []
    for dt in ["float64", "float32", "int32", "int64", "bool", "complex128", "complex64"]:
        out.append(_case("vander", _vander, [sample((4,), dt, r)], {}))
    out.append(_case("vander", _vander, [np.array([2, 255, 0], dtype=np.uint8)], {"N": 4}))
    x = sample((5,), "float64", r)
    for kw in [{"N": 3}, {"N": 1}, {"N": 0}, {"increasing": True}, {"N": 7, "increasing": True}]:
        out.append(_case("vander", _vander, [x], kw))
    out.append(_case("vander", _vander, [np.array([np.nan, np.inf, 0.0])], {}))
    out.append(_case("vander", _vander, [np.zeros(0)], {}))
    out.append(_case("vander", _vander, [np.zeros(0)], {"N": 3}))
    out.append(_case("vander", _vander, [np.array([3, -7, 1000], dtype=np.int64)], {"N": 8}))  # int64 wraps
    for x, kw in [(np.ones((2, 2)), {}), (np.array(1.0), {}), (np.ones(3), {"N": -1})]:
        c = _case("vander", _vander, [x], kw)
        assert "error" in c["expected"]
        out.append(c)
    return out


def _free_cases(r):
    out = []
    buf = r.integers(0, 256, size=24).astype(np.uint8)
    for dt, kw in [("float64", {}), ("int32", {}), ("bool", {"offset": 2}), ("uint8", {"count": 5, "offset": 3}),
                   ("int64", {"count": 2, "offset": 8}), ("float32", {"count": 0}), ("complex64", {"offset": 8}),
                   ("int32", {"offset": 24})]:
        out.append(_case("frombuffer", _frombuffer, [buf], {"dtype": dt, **kw}))
    for dt, kw in [("int64", {"offset": 4}), ("int32", {"offset": 25}), ("int32", {"offset": -1}),
                   ("float64", {"count": 4})]:
        c = _case("frombuffer", _frombuffer, [buf], {"dtype": dt, **kw})
        assert "error" in c["expected"]
        out.append(c)
    bits = r.integers(0, 2, size=(3, 11)).astype(bool)
    for kw in [{}, {"axis": 0}, {"axis": 1}, {"axis": -1, "bitorder": "little"}, {"bitorder": "little"}]:
        out.append(_case("packbits", np.packbits, [bits], kw))
    out.append(_case("packbits", np.packbits, [sample((2, 9), "int32", r)], {"axis": 1}))
    out.append(_case("packbits", np.packbits, [r.integers(0, 256, size=(4, 3)).astype(np.uint8)], {}))
    out.append(_case("packbits", np.packbits, [np.zeros((0, 3), dtype=bool)], {"axis": 1}))
    out.append(_case("packbits", np.packbits, [np.array(5)], {}))
    for kw in [{"bitorder": "middle"}, {"axis": 2}]:
        c = _case("packbits", np.packbits, [bits], kw)
        assert "error" in c["expected"]
        out.append(c)
    packed = r.integers(0, 256, size=(2, 3)).astype(np.uint8)
    for kw in [{}, {"axis": 0}, {"axis": 1}, {"axis": 1, "count": 5}, {"axis": 0, "count": 20}, {"count": -3},
               {"count": 0}, {"bitorder": "little"}, {"axis": -1, "count": -24, "bitorder": "little"}]:
        out.append(_case("unpackbits", np.unpackbits, [packed], kw))
    out.append(_case("unpackbits", np.unpackbits, [np.array(5, dtype=np.uint8)], {}))
    for kw in [{"count": -49}, {"axis": 1, "count": -25}, {"bitorder": "x"}, {"axis": 3}]:
        c = _case("unpackbits", np.unpackbits, [packed], kw)
        assert "error" in c["expected"]
        out.append(c)
    base = np.arange(24.0)
    base2 = np.arange(24.0).reshape(4, 6)
    N = None
    for b, first, second in [(base, [[N, N, 2]], [[1, N, 2]]), (base, [[0, 5, N]], [[4, 9, N]]),
                             (base, [[0, 5, N]], [[5, 9, N]]), (base, [[N, N, -1]], [[3, 4, N]]),
                             (base, [[0, 0, N]], [[N, N, N]]), (base, [[N, N, 3]], [[1, N, 3]]),
                             (base2, [[N, N, N], [0, 1, N]], [[N, N, N], [1, 2, N]]),
                             (base2, [[N, N, N], [0, 1, N]], [[0, 1, N], [N, N, N]]),
                             (base2, [[N, N, 2], [N, N, N]], [[1, N, 2], [N, N, N]]),
                             (base2, [[1, 3, N], [2, 4, N]], [[2, 4, N], [3, 5, N]])]:
        for op, fn in [("may_share_memory", np.may_share_memory), ("shares_memory", np.shares_memory)]:
            c = {"op": op, "args": [enc(b), first, second], "kwargs": {},
                 "expected": expect(_overlap(fn), b, first, second)}
            out.append(c)
    for x, req in [(sample((2, 3), "float64", r), ["C"]), (sample((4,), "int32", r), ["F", "A", "W"]),
                   (sample((2, 2), "float32", r), ["aligned", "writeable", "owndata", "E", "c_contiguous"]),
                   (sample((3,), "complex128", r), [])]:
        out.append(_case("require", np.require, [x], {"requirements": req}))
    for req in [["Q"], ["C", "F"], ["CONTIGUOUS", "fortran"]]:
        c = _case("require", np.require, [np.ones((2, 2))], {"requirements": req})
        assert "error" in c["expected"]
        out.append(c)
    return out


def cases():
    r = rng(2024)
    return _cov_cases(r) + _clip_cases(r) + _comparison_cases(r) + _space_cases() + _vander_cases(r) + _free_cases(r)


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, the op of the case's name.

def _two(shape, rowvar):
    rows, cols = (shape if len(shape) == 2 else ((1, shape[0]) if len(shape) == 1 else (1, 1)))
    return (cols, rows) if not rowvar and rows != 1 else (rows, cols)


def _cov_dims(case):
    kw = case["kwargs"]
    rowvar = kw.get("rowvar", True)
    n, m = _two(tuple(case["args"][0]["shape"]), rowvar)
    if n == 0:
        return 0, m, False
    if "y" in kw:
        n += _two(np.shape(kw["y"]), rowvar)[0]
    return n, m, "fweights" in kw or "aweights" in kw


def flops(case):
    import costs

    op = case["op"]
    args = case["args"]
    if op in ("cov", "corrcoef"):
        n, m, weighted = _cov_dims(case)
        return costs.charge(op, n, m, weighted) if op == "cov" else costs.charge(op, n, m)
    if op == "clip":
        shapes = [costs.arg_shape(a) for a in args if a is not None]
        return costs.charge(op, costs.broadcast_shape(*shapes))
    if op in ("allclose", "array_equal", "array_equiv"):
        sa, sb = costs.arg_shape(args[0]), costs.arg_shape(args[1])
        if op == "array_equal":
            compared = costs.numel(sb) if sa == sb else 0
        else:
            try:
                compared = costs.numel(costs.broadcast_shape(sa, sb))
            except ValueError:
                compared = 0
        return costs.charge(op, costs.numel(sa), compared)
    if op in ("geomspace", "logspace"):
        return costs.charge(op, args[2]["scalar"])
    if op == "vander":
        length = args[0]["shape"][0]
        return costs.charge(op, length, case["kwargs"].get("N", length))
    return costs.charge(op)

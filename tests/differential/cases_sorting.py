"""Differential cases for the sorting family: sort, argsort, lexsort, partition,
argpartition, searchsorted.

A case is {"op": name, "args": [...], "kwargs": {axis, kind, kth, side, ...}}. What is
compared:
- sort, and argsort with a stable kind (stable, mergesort), and lexsort: NumPy's result
  exactly (a stable order is unique);
- argsort with an unstable kind: which of equal elements comes first is
  implementation-defined, so the C++ runner checks the indices are a permutation of
  each slice and returns the values they pick, which must be NumPy's sorted values;
- partition and argpartition: NumPy's permutation is implementation-defined too. The
  runner checks the contract itself (each kth element no smaller than every element
  before it and no greater than every one after, NaNs last; for argpartition the indices
  are a permutation of each slice) and returns [its result sorted along the axis, the
  values at kth]; NumPy gives [np.sort along the axis, the sorted values at kth];
- searchsorted: NumPy's indices exactly.
Every result's dtype must be NumPy's exactly (int64 for indices).
"""
import numpy as np

from common import enc, expect, rng, sample

KINDS = ["quicksort", "mergesort", "heapsort", "stable"]
DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64", "complex64", "complex128"]


def _values(shape, dtype, r, nan=False):
    """Values with repeats (so that stability shows) and, for floats, inf and NaN."""
    dt = np.dtype(dtype)
    if dt.kind in "bu":
        a = sample(shape, "int64", r, 0, 4).astype(dt) if dt.kind == "u" else sample(shape, dt, r)
    elif dt.kind == "i":
        a = sample(shape, dt, r, -4, 4)
    else:
        a = np.round(sample(shape, dt, r), 0).astype(dt)  # few distinct values: ties
    if nan and dt.kind in "fc" and a.size:
        flat = a.reshape(-1)
        idx = r.choice(flat.size, size=max(1, flat.size // 5), replace=False)
        for j, i in enumerate(idx):
            if dt.kind == "f":
                flat[i] = [np.nan, np.inf, -np.inf, -0.0][j % 4]
            else:
                flat[i] = [complex(np.nan, 1), complex(1, np.nan), complex(np.nan, np.nan), complex(np.inf, 0)][j % 4]
    return a


def _axis_kw(axis):
    return {} if axis == -1 else {"axis": axis}


def _moved_sorted(a, axis):
    """np.sort along the axis, the axis moved last (None: the flattened array)."""
    if axis is None:
        return np.sort(a.ravel())
    return np.sort(np.moveaxis(a, axis, -1), axis=-1)


def _sort_cases(r):
    out = []
    shapes = [(0,), (1,), (2,), (7,), (33,), (3, 4), (2, 3, 5), (4, 0), (0, 3)]
    for op in ("sort", "argsort"):
        fn = getattr(np, op)
        for dt in DTYPES:
            for shape in shapes:
                for axis in sorted({-1, 0, len(shape) - 1, None}, key=str):
                    for kind in (["quicksort", "stable"] if shape != (3, 4) else KINDS):
                        a = _values(shape, dt, r, nan=True)
                        out.append(_sort_case(op, fn, a, axis, kind))
        # long slices: the vqsort paths (K32V32 for 32-bit keys, K64V64, 128-bit pairs when stable)
        for dt in ("int32", "int64", "float32", "float64", "uint8", "complex128"):
            for shape, axis in (((1000,), -1), ((3, 300), -1), ((300, 3), 0), ((5, 70, 2), 1)):
                for kind in ("quicksort", "stable"):
                    out.append(_sort_case(op, fn, _values(shape, dt, r, nan=True), axis, kind))
            a = np.sort(_values((500,), dt, r, nan=True))  # already sorted
            out.append(_sort_case(op, fn, a, -1, "quicksort"))
            out.append(_sort_case(op, fn, a[::-1].copy(), -1, "stable"))
        big = r.standard_normal(3000)
        big[::97] = np.nan
        out.append(_sort_case(op, fn, big, None, "quicksort"))
        out.append(_sort_case(op, fn, big.reshape(30, 100), 0, "heapsort"))
        out.append(_sort_case(op, fn, np.array([0.0, -0.0] * 40), -1, "stable"))
        out.append(_sort_case(op, fn, np.array(2.5), None, "quicksort"))
        # NumPy reads the first letter of the kind
        for kind in ("q", "Stable", "M", "heap"):
            out.append(_sort_case(op, fn, _values((9,), "float64", r), -1, kind))
        # errors: a bad kind, an axis out of range, a 0-d array along an axis
        for a, axis, kind in ((np.arange(3.0), -1, "foo"), (np.arange(3.0), -1, ""), (np.arange(3.0), 1, "quicksort"),
                              (np.zeros((2, 3)), -3, "stable"), (np.array(1.0), -1, "quicksort"),
                              (np.array(1.0), 0, "stable")):
            out.append(_sort_case(op, fn, a, axis, kind))
    return out


def _sort_case(op, fn, a, axis, kind):
    kw = {"kind": kind, **({"axis": None} if axis is None else _axis_kw(axis))}
    npkw = {"axis": axis, "kind": kind}
    case = {"op": op, "args": [enc(a)], "kwargs": kw, "exact_dtype": True}
    expected = expect(fn, a, **npkw)
    if op == "argsort" and "error" not in expected and not kind.lower().startswith(("m", "s")):
        case["kwargs"]["check"] = "values"
        src = a.ravel() if axis is None or a.ndim == 0 else a  # argsort reads a 0-d array as (1,)
        expected = enc(np.take_along_axis(src, np.argsort(a, **npkw), axis=-1 if axis is None else axis))
    case["expected"] = expected
    return case


def _partition_cases(r):
    out = []

    def add(op, a, kth, axis=-1, kind=None):
        kw = {"kth": kth, **({"axis": None} if axis is None else _axis_kw(axis))}
        if kind is not None:
            kw["kind"] = kind
        fn = getattr(np, op)
        got = expect(fn, a, kth, axis=axis, **({} if kind is None else {"kind": kind}))
        case = {"op": op, "args": [enc(a)], "kwargs": kw, "exact_dtype": True}
        if "error" in got:
            case["expected"] = got
        else:
            s = _moved_sorted(a.reshape(1) if a.ndim == 0 else a, axis)
            ks = [kth] if isinstance(kth, int) else list(kth)
            at_kth = np.take(s, ks, axis=-1) if a.size else s[..., :0]
            case["expected"] = [enc(s), enc(at_kth)]
        out.append(case)

    for op in ("partition", "argpartition"):
        for dt in DTYPES:
            for shape, axis, kth in (((9,), -1, 4), ((9,), -1, -1), ((9,), -1, 0), ((9,), -1, [1, 5]),
                                     ((1,), -1, 0), ((4, 6), -1, 2), ((4, 6), 0, [0, 3]), ((4, 6), None, 20),
                                     ((2, 5, 3), 1, [-1, 0, 2]), ((2, 5, 3), -3, 1), ((40,), -1, [3, 3, 10, 39])):
                add(op, _values(shape, dt, r, nan=True), kth, axis)
        # many kth: past ceil(log2 n) the slice is sorted
        add(op, _values((16,), "float64", r, nan=True), list(range(0, 16, 2)))
        add(op, _values((3, 50), "int64", r), list(range(0, 50, 5)))
        big = r.standard_normal(2000)
        big[::50] = np.nan
        add(op, big, [10, 1000, 1990, 1999])
        add(op, big.reshape(40, 50), 25, axis=0)
        add(op, np.array(3.0), 0, axis=None)
        # an empty array: kth is not checked
        add(op, np.zeros((0,)), 5)
        add(op, np.zeros((3, 0)), 7, axis=0)
        add(op, np.zeros((0, 4)), 9)
        # errors: kth out of range, a bad kind, a bad axis, a 0-d array along an axis
        add(op, np.arange(5.0), 5)
        add(op, np.arange(5.0), -6)
        add(op, np.arange(5.0), [0, 7])
        add(op, np.arange(5.0), 1, kind="quick")
        add(op, np.arange(6.0).reshape(2, 3), 0, axis=2)
        add(op, np.array(3.0), 0)
    return out


def _lexsort_cases(r):
    out = []

    def add(keys, axis=-1, form="array"):
        kw = {"form": form, **_axis_kw(axis)}
        out.append({"op": "lexsort", "args": [enc(keys)], "kwargs": kw,
                    "expected": expect(np.lexsort, keys, axis=axis), "exact_dtype": True})

    for dt in ("bool", "int32", "int64", "float32", "float64", "complex128"):
        for k, shape, axis in ((1, (7,), -1), (2, (9,), -1), (3, (20,), -1), (2, (3, 4), -1), (2, (3, 4), 0),
                               (3, (2, 3, 4), 1), (2, (0,), -1), (2, (200,), -1)):
            keys = _values((k,) + shape, dt, r, nan=True)
            add(keys, axis)
            add(keys, axis, form="vector")
    add(np.array([1, 3, 2]))                       # 0-d keys: one element, index 0
    add(np.zeros((2, 3)), axis=-2)                 # errors: axis out of range
    add(np.zeros((0, 3)))                          # no keys
    add(np.zeros((0, 3)), form="vector")
    return out


def _searchsorted_cases(r):
    out = []

    def add(a, v, side=None, sorter=None, scalar=False):
        kw = {} if side is None else {"side": side}
        if sorter is not None:
            kw["sorter"] = enc(sorter)
        arg = {"scalar": enc(np.asarray(v))["data"][0]} if scalar else enc(v)  # NaN as "nan"
        npkw = dict(kw)
        if sorter is not None:
            npkw["sorter"] = sorter
        out.append({"op": "searchsorted", "args": [enc(a), arg], "kwargs": kw,
                    "expected": expect(lambda: np.asarray(np.searchsorted(a, v, **npkw), dtype=np.int64)),
                    "exact_dtype": True})

    for dt in ("bool", "int32", "int64", "float32", "float64", "complex128"):
        for n in (0, 1, 2, 5, 17, 100):
            a = np.sort(_values((n,), dt, r, nan=True))
            for vshape in ((), (1,), (7,), (3, 4), (0,), (2, 0, 3)):
                v = _values(vshape, dt, r, nan=True)
                for side in (None, "left", "right"):
                    add(a, v, side)
    a = np.sort(_values((1000,), "float64", r, nan=True))
    add(a, _values((300,), "float64", r, nan=True), "right")
    add(a, np.concatenate([a, a[::-1]]), "left")
    add(np.arange(10), np.array([2.5, -1.0, 9.5, np.nan]))  # int a, float v: compared as floats
    add(np.arange(10.0), np.array([3, 11, -2], dtype=np.int64), "right")
    for v in (2.5, 4.0, -7.0, 100.0):
        add(np.arange(10.0), v, "right", scalar=True)
        add(np.arange(10.0), v, scalar=True)
    add(np.arange(10), 4, "right", scalar=True)
    add(np.arange(10.0), float("nan"), scalar=True)
    # sorter: a not sorted, the indices that sort it
    for dt in ("int64", "float64"):
        a = _values((12,), dt, r, nan=True)
        s = np.argsort(a, kind="stable")
        for side in ("left", "right"):
            add(a, _values((8,), dt, r, nan=True), side, s)
    add(np.array([3.0, 1.0, 2.0]), np.array([2.0]), sorter=np.array([1, 2, 0], dtype=np.int32))
    # side: NumPy reads the first letter
    add(np.arange(5.0), np.array([2.0]), "R")
    add(np.arange(5.0), np.array([2.0]), "l")
    # errors: a not 1-D, a bad side, bad sorters
    add(np.zeros((2, 2)), np.array([1.0]))
    add(np.array(1.0), np.array([1.0]))
    add(np.arange(3.0), np.array([1.0]), "foo")
    add(np.arange(3.0), np.array([1.0]), "")
    add(np.arange(3.0), np.array([1.0]), sorter=np.array([0, 1]))
    # (NumPy checks only the sorter indices its searches read; mechestim checks all of them:
    # these values make NumPy read the bad one)
    add(np.arange(3.0), np.array([2.0]), sorter=np.array([0, 1, 5]))
    add(np.arange(3.0), np.array([2.0]), sorter=np.array([0, 1, -1]))
    add(np.arange(3.0), np.array([1.0]), sorter=np.array([[0, 1, 2]]))
    return out


def cases():
    r = rng(2024)
    return _sort_cases(r) + _partition_cases(r) + _lexsort_cases(r) + _searchsorted_cases(r)


# ---------------------------------------------------------------------------------------
# Charges (costs.py): the registry's formulas on the case's shapes, as NumPy defines the
# slices (the axis's length n, slices the product of the other axes; axis None: the
# flattened array).

def _slices(shape, axis):
    if axis is None:
        return int(np.prod(shape, dtype=np.int64)), 1
    ax = axis % len(shape)
    n = shape[ax]
    return n, int(np.prod([d for i, d in enumerate(shape) if i != ax], dtype=np.int64))


def flops(case):
    import costs

    op, kw = case["op"], case["kwargs"]
    shape = tuple(case["args"][0]["shape"])
    if op in ("argsort", "argpartition") and shape == () and kw.get("axis", -1) is not None:
        shape = (1,)  # NumPy reads a 0-d array along an axis as (1,)
    if op in ("sort", "argsort"):
        n, slices = _slices(shape, kw.get("axis", -1))
        return costs.charge(op, n, slices)
    if op in ("partition", "argpartition"):
        n, slices = _slices(shape, kw.get("axis", -1))
        kth = kw["kth"]
        distinct = 1 if isinstance(kth, int) else len({k % n for k in kth} if n else set(kth))
        return costs.charge(op, n, slices, distinct)
    if op == "lexsort":
        k, key_shape = shape[0], shape[1:]
        if not key_shape:
            return costs.charge(op, k, 1, 1)
        n, slices = _slices(key_shape, kw.get("axis", -1))
        return costs.charge(op, k, n, slices)
    if op == "searchsorted":
        m = int(np.prod(costs.arg_shape(case["args"][1]), dtype=np.int64))
        return costs.charge(op, shape[0], m)
    raise KeyError(op)

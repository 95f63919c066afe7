"""Differential cases for the histograms family: histogram, histogram_bin_edges,
histogram2d, histogramdd, bincount, digitize.

A case is {"op": name, "args": [operand, ...], "kwargs": {...}}. Encoded arrays in kwargs:
"weights", and for histogramdd/histogram2d "edges" (one per dimension). "bins" is an int,
a string rule or a list of ints; explicit edges of histogram, histogram_bin_edges and
digitize are args[1]. "range" is [lo, hi] (histogram) or a list of [lo, hi] / null per
dimension. The C++ side picks histogram's hist type as NumPy's: the weights' type,
float64 with density, else int64 (density cases use float64 or no weights).

Values near the bin edges (the edges themselves and their neighbours one ulp away, in
float64 and float32) check that the fast uniform-bin arithmetic places them where NumPy
does.
"""
import numpy as np

from common import enc, expect, rng, sample

RULES = ["auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"]


def _range(kw):
    r = kw.get("range")
    if r is None:
        return None
    if r and isinstance(r[0], list) or (r and r[0] is None):
        return [None if x is None else tuple(x) for x in r]
    return tuple(r)


def _weights(kw):
    w = kw.get("weights")
    return None if w is None else np.array(w["data"], dtype=w["dtype"]).reshape(w["shape"])


def _decode(e):
    return np.array([np.nan if v == "nan" else np.inf if v == "inf" else -np.inf if v == "-inf" else v for v in e["data"]],
                    dtype=e["dtype"]).reshape(e["shape"])


def _histogram(a, edges=None, **kw):
    bins = edges if edges is not None else kw.get("bins", 10)
    h, e = np.histogram(a, bins=bins, range=_range(kw), density=kw.get("density", False), weights=_weights(kw))
    return h, e


def _bin_edges(a, edges=None, **kw):
    bins = edges if edges is not None else kw.get("bins", 10)
    return np.histogram_bin_edges(a, bins=bins, range=_range(kw), weights=_weights(kw))


def _dd_bins(kw):
    if "edges" in kw:
        return [_decode(e) for e in kw["edges"]]
    return kw.get("bins", 10)


def _histogramdd(sample_, **kw):
    h, edges = np.histogramdd(sample_, bins=_dd_bins(kw), range=_range(kw), density=kw.get("density", False),
                              weights=_weights(kw))
    return (h, *edges)


def _histogram2d(x, y, edge_array=None, **kw):
    bins = edge_array if edge_array is not None else _dd_bins(kw)
    return np.histogram2d(x, y, bins=bins, range=_range(kw), density=kw.get("density", False), weights=_weights(kw))


def _bincount(x, **kw):
    return np.bincount(x, weights=_weights(kw), minlength=kw.get("minlength", 0))


def _digitize(x, bins, **kw):
    return np.digitize(x, bins, right=kw.get("right", False))


OPS = {
    "histogram": _histogram,
    "histogram_bin_edges": _bin_edges,
    "histogramdd": _histogramdd,
    "histogram2d": _histogram2d,
    "bincount": _bincount,
    "digitize": _digitize,
}


def _case(op, args, kwargs):
    expected = expect(OPS[op], *args, **kwargs)
    # float32 weights: NumPy sums them by differences of float32 cumulative sums on
    # explicit edges, exact to about eps * the total (the uniform path's per-block float64
    # sums are reproduced exactly).
    w = kwargs.get("weights")
    f32 = w is not None and w["dtype"] == "float32"
    rtol, atol = (1e-5, 1e-4) if f32 else (1e-12, 0.0)
    return {"op": op, "args": [enc(a) for a in args], "kwargs": _json_safe(kwargs), "expected": expected, "exact_dtype": True,
            "rtol": rtol, "atol": atol}


def _json_safe(v):
    """kwargs with NaN and inf as the strings the C++ side reads ("nan", "inf", "-inf")."""
    if isinstance(v, dict):
        return {k: _json_safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_safe(x) for x in v]
    if isinstance(v, float) and not np.isfinite(v):
        return "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def _near_edges(lo, hi, bins, dtype):
    e = np.linspace(lo, hi, bins + 1).astype(dtype)
    return np.concatenate([e, np.nextafter(e, np.inf).astype(dtype), np.nextafter(e, -np.inf).astype(dtype)])


def _histogram_cases(r):
    out = []
    data = {
        "float64": sample((60,), "float64", r),
        "float32": sample((60,), "float32", r),
        "int64": sample((60,), "int64", r, -20, 35),
        "int32": sample((7, 9), "int32", r, 0, 9),
        "bool": sample((25,), "bool", r),
    }
    for dt, a in data.items():
        for bins in [1, 3, 10, 17]:
            for kw in [{}, {"range": [-1.0, 2.0]}, {"range": [0.5, 0.5]}, {"density": True}]:
                out.append(_case("histogram", [a], {"bins": bins, **kw}))
    for dt in ["float64", "float32"]:
        for lo, hi, bins in [(0.1, 0.7, 7), (0.0, 1.0, 10), (-3.3, 11.9, 13), (1e-3, 2e-3, 100), (0.0, 1.0, 3)]:
            x = _near_edges(lo, hi, bins, dt)
            out.append(_case("histogram", [x], {"bins": bins, "range": [lo, hi]}))
            out.append(_case("histogram", [x], {"bins": bins}))
            out.append(_case("histogram", [x[(x >= lo) & (x <= hi)]], {"bins": bins}))
    big = np.array([-2**62, 2**62, 3, 5, 2**40], dtype=np.int64)
    out.append(_case("histogram", [big], {"bins": 7}))
    out.append(_case("histogram", [np.array([], dtype=np.float64)], {"bins": 4}))
    out.append(_case("histogram", [np.array([], dtype=np.float64)], {"bins": 4, "range": [1.0, 3.0]}))
    out.append(_case("histogram", [np.array([3.0, 3.0])], {"bins": 5}))
    out.append(_case("histogram", [np.array([2.5], dtype=np.float32)], {"bins": 5}))
    nan = sample((20,), "float64", r)
    nan[3] = np.nan
    nan[5] = np.inf
    out.append(_case("histogram", [nan], {"bins": 5}))  # autodetected range is not finite
    out.append(_case("histogram", [nan], {"bins": 5, "range": [-1.0, 1.0]}))
    out.append(_case("histogram", [nan.astype(np.float32)], {"bins": 5, "range": [-1.0, 1.0]}))
    inf = np.array([1.0, -np.inf, 2.0])
    out.append(_case("histogram", [inf], {"bins": 5}))
    # Weights: the hist takes their type; density in float64.
    w64, w32, wi = sample((60,), "float64", r, 0, 2), sample((60,), "float32", r, 0, 2), sample((60,), "int64", r, 0, 5)
    for a in [data["float64"], data["int64"], data["float32"]]:
        for w in [w64, w32, wi]:
            out.append(_case("histogram", [a], {"bins": 6, "weights": enc(w)}))
            out.append(_case("histogram", [a, np.array([-2.0, -0.5, 0.0, 0.25, 3.0])], {"weights": enc(w)}))
        out.append(_case("histogram", [a], {"bins": 6, "weights": enc(w64), "density": True}))
    # Explicit edges: float and int edges, repeated edges, one edge, no edges.
    for a in [data["float64"], data["int64"], data["float32"], data["bool"]]:
        for edges in [np.array([-2.0, -0.5, 0.0, 0.25, 3.0]), np.array([-5, 0, 1, 1, 2, 40]), np.array([0.0, 0.0, 1.0]),
                      np.array([1.0]), np.array([], dtype=np.float64), np.array([-1.0, 0.0, 1.0], dtype=np.float32)]:
            out.append(_case("histogram", [a, edges], {}))
        out.append(_case("histogram", [a, np.array([-2.0, -0.5, 0.0, 0.25, 3.0])], {"density": True}))
    with_nan = np.array([0.5, np.nan, 1.0, 2.0, -np.inf, np.inf])
    out.append(_case("histogram", [with_nan, np.array([0.0, 1.0, 2.0])], {}))
    out.append(_case("histogram", [with_nan, np.array([-np.inf, 0.0, np.inf])], {}))
    # Rules.
    normal = r.normal(size=300)
    skewed = r.exponential(size=150)
    ties = np.repeat(np.array([1.0, 2.0, 3.0]), 30)
    ints = r.integers(0, 50, size=400)
    for a in [normal, skewed, ties, ints, normal[:3], normal[:1], np.array([]), np.array([5.0, 5.0])]:
        for rule in RULES:
            out.append(_case("histogram", [a], {"bins": rule}))
    for rule in RULES:
        out.append(_case("histogram", [normal], {"bins": rule, "range": [-1.0, 1.5]}))
        out.append(_case("histogram_bin_edges", [skewed], {"bins": rule}))
        out.append(_case("histogram_bin_edges", [normal], {"bins": rule, "range": [0.0, 2.0]}))
    # stone with more than 100**2 values: max(100, sqrt(n)) = 141 candidates.
    out.append(_case("histogram", [r.normal(size=20000)], {"bins": "stone"}))
    out.append(_case("histogram", [normal.astype(np.float32)], {"bins": "sqrt"}))
    out.append(_case("histogram", [normal.astype(np.float32)], {"bins": "sturges"}))
    # histogram_bin_edges.
    for a in [data["float64"], data["float32"], data["int64"]]:
        for kw in [{"bins": 4}, {"bins": 9, "range": [-1.0, 1.0]}]:
            out.append(_case("histogram_bin_edges", [a], kw))
        out.append(_case("histogram_bin_edges", [a, np.array([0.0, 1.0, 5.0])], {}))
    # Errors.
    a = data["float64"]
    for args, kw in [([a], {"bins": 0}), ([a], {"bins": -3}), ([a], {"bins": "nope"}), ([a], {"bins": "auto", "weights": enc(w64)}),
                     ([a], {"range": [2.0, 1.0]}), ([a], {"range": [0.0, np.inf]}), ([a], {"range": [np.nan, 1.0]}),
                     ([a], {"weights": enc(w64[:10])}), ([a, np.array([1.0, 0.0, 2.0])], {}),
                     ([a, np.array([[0.0, 1.0]])], {})]:
        c = _case("histogram", args, kw)
        assert "error" in c["expected"], (args, kw)
        out.append(c)
    for args, kw in [([a], {"bins": 0}), ([a], {"bins": "nope"}), ([a], {"range": [2.0, 1.0]}),
                     ([a, np.array([1.0, 0.0])], {}), ([nan], {})]:
        c = _case("histogram_bin_edges", args, kw)
        assert "error" in c["expected"], (args, kw)
        out.append(c)
    return out


def _dd_cases(r):
    out = []
    x, y = sample((40,), "float64", r), sample((40,), "float64", r, -1, 5)
    xi = sample((40,), "int64", r, 0, 6)
    w = sample((40,), "float64", r, 0, 3)
    for kw in [{}, {"bins": 4}, {"bins": [3, 5]}, {"bins": [1, 1]}, {"range": [[-1.0, 1.0], [0.0, 4.0]]},
               {"range": [None, [0.0, 4.0]], "bins": 3}, {"density": True, "bins": [3, 2]},
               {"weights": enc(w), "bins": [4, 2]}, {"weights": enc(w), "density": True},
               {"edges": [enc(np.array([-3.0, 0.0, 1.0, 3.0])), enc(np.array([-1.0, 2.0, 5.0]))]}]:
        out.append(_case("histogram2d", [x, y], kw))
        out.append(_case("histogram2d", [xi, y.astype(np.float32)], kw))
    out.append(_case("histogram2d", [x, y, np.array([-1.0, 0.0, 1.0, 5.0])], {}))
    out.append(_case("histogram2d", [x[:0], y[:0]], {"bins": 3}))
    edge = np.linspace(0, 1, 6)
    out.append(_case("histogram2d", [np.concatenate([edge, edge]), np.concatenate([edge, edge[::-1]])], {"bins": 5}))
    s3 = sample((50, 3), "float64", r)
    for kw in [{}, {"bins": 3}, {"bins": [2, 3, 4]}, {"range": [[-1.0, 1.0], None, [0.0, 3.0]], "bins": 4},
               {"density": True, "bins": [2, 3, 2]}, {"weights": enc(sample((50,), "float64", r, 0, 1))},
               {"edges": [enc(np.array([-3.0, 0.0, 3.0])), enc(np.array([-1.0, 1.0])), enc(np.array([0.0, 1.0, 2.0, 3.0]))]}]:
        out.append(_case("histogramdd", [s3], kw))
    out.append(_case("histogramdd", [sample((30,), "float32", r)], {"bins": 5}))
    out.append(_case("histogramdd", [sample((30, 2), "int32", r, 0, 9)], {"bins": [3, 3]}))
    out.append(_case("histogramdd", [sample((0, 2), "float64", r)], {"bins": 2}))
    for args, kw in [([x, y[:10]], {}), ([x, y], {"bins": 0}),
                     ([x, y], {"range": [[1.0, 0.0], [0.0, 1.0]]}), ([x, y], {"weights": enc(w[:5])}),
                     ([x, y], {"edges": [enc(np.array([1.0, 0.0])), enc(np.array([0.0, 1.0]))]})]:
        c = _case("histogram2d", args, kw)
        assert "error" in c["expected"], (args, kw)
        out.append(c)
    for kw in [{"bins": [2, 2]}, {"range": [[0.0, 1.0]]}, {"bins": [2, 0, 2]}]:
        c = _case("histogramdd", [s3], kw)
        assert "error" in c["expected"], kw
        out.append(c)
    bad = s3.copy()
    bad[1, 1] = np.nan
    c = _case("histogramdd", [bad], {})
    assert "error" in c["expected"]
    out.append(c)
    return out


def _count_cases(r):
    out = []
    for dt in ["int64", "int32", "bool"]:
        x = sample((30,), dt, r, 0, 9)
        for kw in [{}, {"minlength": 3}, {"minlength": 20}, {"weights": enc(sample((30,), "float64", r))}]:
            out.append(_case("bincount", [x], kw))
    out.append(_case("bincount", [np.array([], dtype=np.int64)], {}))
    out.append(_case("bincount", [np.array([], dtype=np.int64)], {"minlength": 4}))
    out.append(_case("bincount", [np.array([0, 0, 7], dtype=np.uint8)], {}))
    for args, kw in [([np.array([1, -1, 2])], {}), ([np.array([1.0, 2.0])], {}), ([np.array([[1, 2]])], {}),
                     ([np.array(3)], {}), ([np.array([1, 2])], {"minlength": -1}),
                     ([np.array([1, 2])], {"weights": enc(np.ones(3))})]:
        c = _case("bincount", args, kw)
        assert "error" in c["expected"], (args, kw)
        out.append(c)
    x = sample((5, 6), "float64", r, -4, 4)
    x[0, 0] = np.nan
    for bins in [np.array([-2.0, 0.0, 0.5, 3.0]), np.array([3.0, 1.0, 1.0, -2.0]), np.array([1.0]), np.array([], dtype=np.float64),
                 np.array([-3, 0, 2]), np.array([2.0, 2.0, 2.0]),
                 # NaN edges: NumPy's monotonicity test lets them pass, its search puts NaN last
                 np.array([-2.0, 0.0, np.nan]), np.array([np.nan, 1.0, -2.0])]:
        for right in [False, True]:
            out.append(_case("digitize", [x, bins], {"right": right}))
            out.append(_case("digitize", [sample((12,), "int64", r, -4, 4), bins], {"right": right}))
            out.append(_case("digitize", [x.astype(np.float32), bins], {"right": right}))
    out.append(_case("digitize", [np.array(0.7), np.array([0.0, 1.0])], {}))
    for args in [[x, np.array([0.0, 2.0, 1.0])], [x, np.array([[0.0, 1.0]])], [x, np.array(1.0)]]:
        c = _case("digitize", args, {})
        assert "error" in c["expected"], args
        out.append(c)
    return out


def cases():
    r = rng(2024)
    return _histogram_cases(r) + _dd_cases(r) + _count_cases(r)


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted op per case, priced on shapes and, where NumPy's rules
# decide the bins from the data, the bins of NumPy's result.

def flops(case):
    import costs

    op, kw = case["op"], case["kwargs"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    outs = costs.result_shapes(case["expected"])
    n = costs.numel(shapes[0])
    if op == "histogram":
        bins = outs[1][0] - 1 if outs[1][0] else 0
        rule = kw.get("bins") if isinstance(kw.get("bins"), str) and len(shapes) == 1 else None
        return costs.charge(op, n, bins, rule)
    if op == "histogram_bin_edges":
        rule = kw.get("bins") if isinstance(kw.get("bins"), str) and len(shapes) == 1 else None
        return costs.charge(op, n, max(outs[0][0] - 1, 0), rule)
    if op in ("histogramdd", "histogram2d"):
        samples = shapes[0][0]
        return costs.charge(op, samples, list(outs[0]))
    if op == "bincount":
        return costs.charge(op, n, outs[0][0])
    if op == "digitize":
        return costs.charge(op, n, costs.numel(shapes[1]))
    raise KeyError(op)

"""Differential cases for the calculus and convolution ops: diff, ediff1d, gradient,
trapezoid, trapz, interp, convolve, correlate, unwrap.

A case is {"op": name, "args": [encoded arrays], "kwargs": {...}}. Values that NumPy takes
as scalars or arrays (diff's prepend/append, ediff1d's to_begin/to_end, gradient's
spacings, trapz's x) travel encoded, a scalar as a 0-d array, in the element type the C++
side takes them in (the input's, float64 for spacings and x). NumPy 1.24 has no
`trapezoid`: it is checked against `np.trapz`. interp's left/right are numbers or [re, im].
"""
import numpy as np

from common import enc, expect, rng, sample

REAL = ["bool", "int32", "int64", "float32", "float64"]
ALL = REAL + ["complex64", "complex128"]


def _tolerances(case, dtypes):
    if any(np.dtype(d) in (np.float32, np.complex64) for d in dtypes):
        case["rtol"], case["atol"] = 2e-5, 2e-5
    else:
        case["rtol"], case["atol"] = 1e-10, 1e-10
    return case


def _case(op, fn, arrays, kwargs, np_kwargs=None, dtypes=None):
    c = {"op": op, "args": [enc(a) for a in arrays], "kwargs": kwargs,
         "expected": expect(fn, *arrays, **(kwargs if np_kwargs is None else np_kwargs))}
    return _tolerances(c, dtypes or [np.asarray(a).dtype for a in arrays])


# ---------------------------------------------------------------------------------------

def _diff_cases(r):
    out = []
    shapes = [((7,), {}), ((3, 5), {}), ((3, 5), {"axis": 0}), ((2, 3, 4), {"axis": -2}), ((2, 3, 4), {"n": 2}),
              ((6,), {"n": 3}), ((4,), {"n": 4}), ((3,), {"n": 9}), ((0,), {}), ((3, 0), {"axis": 0}), ((5,), {"n": 0}),
              ((1,), {})]
    for shape, kw in shapes:
        for dt in ALL:
            a = sample(shape, dt, r)
            out.append(_case("diff", np.diff, [a], kw))
    for dt in ["int64", "float64", "bool", "complex128"]:
        a = sample((3, 4), dt, r)
        for kw in [{"prepend": 0}, {"append": 1}, {"prepend": 1, "append": 0, "axis": 0}, {"n": 2, "prepend": 0, "append": 1}]:
            enc_kw = {k: (enc(np.asarray(v, dtype=dt)) if k in ("prepend", "append") else v) for k, v in kw.items()}
            np_kw = {k: (np.asarray(v, dtype=dt) if k in ("prepend", "append") else v) for k, v in kw.items()}
            out.append(_case("diff", np.diff, [a], enc_kw, np_kw))
        pre, app = sample((3, 2), dt, r), sample((1, 4), dt, r)
        out.append(_case("diff", np.diff, [a], {"prepend": enc(pre)}, {"prepend": pre}))
        out.append(_case("diff", np.diff, [a], {"append": enc(app), "axis": 0}, {"append": app, "axis": 0}))
    f = np.array([1.0, np.nan, 3.0, np.inf, -np.inf, 2.0])
    out.append(_case("diff", np.diff, [f], {}))
    out.append(_case("diff", np.diff, [f], {"n": 2}))
    big = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, -1], dtype=np.int64)
    out.append(_case("diff", np.diff, [big], {}))
    a = sample((3, 4), "float64", r)
    for kw, np_kw in [({"n": -1}, None), ({"axis": 2}, None), ({"axis": -3}, None),
                      ({"prepend": enc(sample((2, 3), "float64", r))}, "bad_prepend"),
                      ({"append": enc(sample((4,), "float64", r))}, "bad_append")]:
        if np_kw == "bad_prepend":
            np_kw = {"prepend": np.zeros((2, 3))}
        elif np_kw == "bad_append":
            np_kw = {"append": np.zeros((4,))}
        c = _case("diff", np.diff, [a], kw, np_kw)
        assert "error" in c["expected"], kw
        out.append(c)
    c = _case("diff", np.diff, [np.float64(2.0)], {})
    assert "error" in c["expected"]
    out.append(c)
    return out


def _ediff1d_cases(r):
    out = []
    for shape in [(7,), (3, 4), (1,), (0,), (2, 0)]:
        for dt in ALL[1:]:
            out.append(_case("ediff1d", np.ediff1d, [sample(shape, dt, r)], {}))
    for dt in ["int32", "float64", "complex128"]:
        a = sample((5,), dt, r)
        for kw in [{"to_end": np.asarray(9, dtype=dt)}, {"to_begin": np.asarray(-1, dtype=dt)},
                   {"to_end": sample((2, 2), dt, r), "to_begin": sample((3,), dt, r)}]:
            out.append(_case("ediff1d", np.ediff1d, [a], {k: enc(v) for k, v in kw.items()}, kw))
        out.append(_case("ediff1d", np.ediff1d, [sample((0,), dt, r)], {"to_end": enc(np.asarray(1, dtype=dt))},
                         {"to_end": np.asarray(1, dtype=dt)}))
    return out


def _gradient(f, *spacing, axis=None, edge_order=1):
    r = np.gradient(f, *spacing, axis=None if axis is None else (tuple(axis) if isinstance(axis, list) else axis),
                    edge_order=edge_order)
    return tuple(r) if isinstance(r, list) else r  # several axes: a list, one result per axis


def _gradient_cases(r):
    out = []
    dts = ["int32", "int64", "float32", "float64", "complex64", "complex128"]
    shapes = [((7,), {}), ((7,), {"edge_order": 2}), ((4, 5), {}), ((4, 5), {"edge_order": 2}), ((4, 5), {"axis": 0}),
              ((4, 5), {"axis": -1, "edge_order": 2}), ((2, 3, 4), {"axis": [2, 0]}), ((2,), {}), ((3,), {"edge_order": 2}),
              ((3, 0), {"axis": 0}), ((), {})]
    for shape, kw in shapes:
        for dt in dts:
            out.append(_case("gradient", _gradient, [sample(shape, dt, r)], kw))
    x = np.array([0.0, 0.5, 1.5, 3.0, 3.25, 5.0, 7.0])
    even = np.arange(7) * 0.25
    for dt in ["float64", "float32", "int64", "complex128"]:
        f = sample((7,), dt, r)
        out.append(_case("gradient", _gradient, [f, np.float64(0.5)], {}, dtypes=[dt]))
        out.append(_case("gradient", _gradient, [f, x], {}, dtypes=[dt]))
        out.append(_case("gradient", _gradient, [f, x], {"edge_order": 2}, dtypes=[dt]))
        out.append(_case("gradient", _gradient, [f, even], {"edge_order": 2}, dtypes=[dt]))
        out.append(_case("gradient", _gradient, [f, np.arange(7)], {}, dtypes=[dt]))
    m = sample((4, 7), "float64", r)
    out.append(_case("gradient", _gradient, [m, np.float64(2.0)], {}))
    out.append(_case("gradient", _gradient, [m, np.float64(2.0), x], {}))
    out.append(_case("gradient", _gradient, [m, x, np.array([0.0, 1.0, 3.0, 4.0])], {"axis": [1, 0], "edge_order": 2}))
    out.append(_case("gradient", _gradient, [m, x], {"axis": -1}))
    nan = np.array([1.0, np.nan, 3.0, np.inf, 5.0, 6.0])
    out.append(_case("gradient", _gradient, [nan], {}))
    out.append(_case("gradient", _gradient, [nan], {"edge_order": 2}))
    errors = [([sample((1,), "float64", r)], {}), ([sample((2,), "float64", r)], {"edge_order": 2}),
              ([m], {"edge_order": 3}), ([m, np.float64(1.0), np.float64(1.0), np.float64(1.0)], {}),
              ([m, np.arange(4.0), np.arange(6.0)], {}), ([m, np.ones((4, 7))], {"axis": 0}),
              ([m], {"axis": 2}), ([m], {"axis": [0, 0]}), ([sample((4, 2), "float64", r)], {"edge_order": 2})]
    for arrays, kw in errors:
        c = _case("gradient", _gradient, arrays, kw)
        assert "error" in c["expected"], kw
        out.append(c)
    return out


def _trapz(y, x=None, dx=1.0, axis=-1):
    return np.asarray(np.trapz(y, x=x, dx=dx, axis=axis))


def _trapz_cases(r):
    out = []
    for op in ["trapezoid", "trapz"]:
        for shape, kw in [((7,), {}), ((3, 5), {}), ((3, 5), {"axis": 0}), ((2, 3, 4), {"axis": 1, "dx": 0.5}),
                          ((1,), {}), ((0,), {}), ((3, 0), {}), ((3, 0), {"axis": 0})]:
            for dt in ALL:
                out.append(_case(op, _trapz, [sample(shape, dt, r)], kw))
        for dt in ["float64", "int64", "complex128", "float32"]:
            y = sample((3, 6), dt, r)
            x1 = np.sort(sample((6,), "float64", r))
            out.append(_case(op, _trapz, [y], {"x": enc(x1)}, {"x": x1}, dtypes=[dt]))
            x2 = sample((3, 6), "float64", r)
            out.append(_case(op, _trapz, [y], {"x": enc(x2)}, {"x": x2}, dtypes=[dt]))
            x3 = sample((3,), "float64", r)
            out.append(_case(op, _trapz, [y], {"x": enc(x3), "axis": 0}, {"x": x3, "axis": 0}, dtypes=[dt]))
            x4 = sample((4, 1, 6), "float64", r)  # broadcasts y larger
            out.append(_case(op, _trapz, [y], {"x": enc(x4)}, {"x": x4}, dtypes=[dt]))
        y = np.array([1.0, np.nan, 2.0, np.inf])
        out.append(_case(op, _trapz, [y], {}))
        for arrays, kw, np_kw in [([sample((3, 5), "float64", r)], {"axis": 2}, None),
                                  ([sample((3, 5), "float64", r)], {"x": enc(np.arange(4.0))}, {"x": np.arange(4.0)}),
                                  ([np.float64(1.0)], {}, None)]:
            c = _case(op, _trapz, arrays, kw, np_kw)
            assert "error" in c["expected"], kw
            out.append(c)
    return out


def _interp(x, xp, fp, left=None, right=None, period=None):
    def value(v):
        return complex(v[0], v[1]) if isinstance(v, list) else v
    return np.asarray(np.interp(x, xp, fp, left=value(left), right=value(right), period=period))


def _interp_cases(r):
    out = []
    xp = np.array([-2.0, -1.0, 0.5, 1.0, 2.5, 4.0])
    for fdt in ["float64", "float32", "int64", "bool", "complex128", "complex64"]:
        fp = sample((6,), fdt, r)
        for xdt in ["float64", "int64", "float32"]:
            x = sample((3, 4), xdt, r, -4, 5)
            out.append(_case("interp", _interp, [x, xp, fp], {}, dtypes=[]))
        x = np.array([-3.0, -2.0, -1.5, 0.5, 0.75, 4.0, 5.0, np.nan, np.inf, -np.inf])
        out.append(_case("interp", _interp, [x, xp, fp], {}, dtypes=[]))
        lr = [1.5, -2.5] if fdt.startswith("complex") else -7.0
        out.append(_case("interp", _interp, [x, xp, fp], {"left": lr, "right": 9.0}, dtypes=[]))
        out.append(_case("interp", _interp, [x, xp, fp], {"period": 3.0}, dtypes=[]))
    one = np.array([2.0])
    x = np.array([1.0, 2.0, 3.0, np.nan])
    out.append(_case("interp", _interp, [x, one, np.array([5.0])], {}))
    out.append(_case("interp", _interp, [x, one, np.array([5.0])], {"left": 0.0, "right": 1.0}))
    out.append(_case("interp", _interp, [np.float64(0.7), xp, sample((6,), "float64", r)], {}))
    out.append(_case("interp", _interp, [np.zeros((0,)), xp, sample((6,), "float64", r)], {}))
    deg = np.array([-180.0, -170, -185, 185, -10, -5, 0, 365, 720])
    out.append(_case("interp", _interp, [deg, np.array([190.0, -190, 350, -350]), np.array([5.0, 10, 3, 4])],
                     {"period": 360.0}))
    out.append(_case("interp", _interp, [deg, np.array([190.0, -190, 350, -350]), np.array([5.0, 10, 3, 4])],
                     {"period": -360.0}))
    steep = np.array([0.0, 1.0, 1.0, 2.0])
    out.append(_case("interp", _interp, [np.array([0.5, 1.0, 1.5]), steep, np.array([0.0, 1.0, 5.0, 6.0])], {}))
    infs = np.array([0.0, 1.0, 2.0])
    out.append(_case("interp", _interp, [np.array([0.5, 1.5, 1.0]), infs, np.array([np.inf, np.inf, 1.0])], {}))
    out.append(_case("interp", _interp, [np.array([0.5, 1.5]), infs, np.array([-np.inf, np.inf, np.nan])], {}))
    for arrays, kw in [([x, np.zeros((0,)), np.zeros((0,))], {}), ([x, xp, np.zeros((5,))], {}),
                       ([x, xp, sample((6,), "float64", r)], {"period": 0.0}), ([x, xp.reshape(2, 3), np.zeros((2, 3))], {}),
                       ([x, xp, np.zeros((5,))], {"period": 2.0}), ([x, np.zeros((0,)), np.zeros((0,))], {"period": 2.0})]:
        c = _case("interp", _interp, arrays, kw)
        assert "error" in c["expected"], kw
        out.append(c)
    return out


def _conv_cases(r):
    out = []
    for op, fn in [("convolve", np.convolve), ("correlate", np.correlate)]:
        for n, m in [(7, 3), (3, 7), (6, 4), (4, 6), (10, 10), (1, 1), (5, 1), (1, 5), (40, 9), (9, 40), (70, 33)]:
            for mode in ["full", "same", "valid", None]:
                for dt in ALL:
                    if mode is not None and dt in ("int32", "bool", "complex64") and (n, m) not in [(7, 3), (3, 7), (4, 6)]:
                        continue
                    kw = {} if mode is None else {"mode": mode}
                    out.append(_case(op, fn, [sample((n,), dt, r), sample((m,), dt, r)], kw))
        out.append(_case(op, fn, [np.float64(2.0), np.array([1.0, 2.0, 3.0])], {}))
        out.append(_case(op, fn, [np.array([1.0, np.nan, 2.0, np.inf]), np.array([1.0, 2.0])], {"mode": "full"}))
        for arrays, kw in [([np.zeros(0), np.ones(3)], {}), ([np.ones(3), np.zeros(0)], {}), ([np.zeros(0), np.zeros(0)], {}),
                           ([np.ones(3), np.ones(2)], {"mode": "middle"}), ([np.ones((2, 2)), np.ones(2)], {})]:
            c = _case(op, fn, arrays, kw)
            assert "error" in c["expected"], (op, kw)
            out.append(c)
    return out


def _unwrap_cases(r):
    out = []
    for shape, kw in [((9,), {}), ((4, 6), {}), ((4, 6), {"axis": 0}), ((2, 3, 5), {"axis": 1, "period": 5.0}),
                      ((9,), {"discont": 4.0}), ((9,), {"discont": 0.5}), ((9,), {"period": 360.0, "discont": 200.0}),
                      ((1,), {}), ((0,), {}), ((3, 0), {"axis": 0})]:
        for dt in REAL:
            scale = kw.get("period", 2 * np.pi) * 2
            out.append(_case("unwrap", np.unwrap, [sample(shape, dt, r, -scale, scale)], kw))
    phase = np.mod(np.linspace(0, 720, 19), 360) - 180
    out.append(_case("unwrap", np.unwrap, [phase], {"period": 360.0}))
    out.append(_case("unwrap", np.unwrap, [np.array([0.0, np.pi, 0.0, -np.pi, 2 * np.pi, np.nan, 1.0])], {}))
    out.append(_case("unwrap", np.unwrap, [np.array([0.0, 180.0, 0.0, -180.0, 540.0])], {"period": 360.0}))
    for arrays, kw in [([np.float64(1.0)], {}), ([sample((3, 4), "float64", r)], {"axis": 2})]:
        c = _case("unwrap", np.unwrap, arrays, kw)
        assert "error" in c["expected"]
        out.append(c)
    return out


def cases():
    r = rng(20261204)
    return (_diff_cases(r) + _ediff1d_cases(r) + _gradient_cases(r) + _trapz_cases(r) + _interp_cases(r) +
            _conv_cases(r) + _unwrap_cases(r))


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, the op of the case's name.

def _axis_index(axis, ndim):
    return axis % ndim


def flops(case):
    import costs

    op, kw = case["op"], case["kwargs"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    s = shapes[0]
    if op == "diff":
        n = kw.get("n", 1)
        if n == 0:
            return costs.charge(op, s, 0, 0)
        ax = _axis_index(kw.get("axis", -1), len(s))
        added = sum((1 if not kw[k]["shape"] else kw[k]["shape"][ax]) for k in ("prepend", "append") if k in kw)
        return costs.charge(op, s, n, ax, added)
    if op in ("ediff1d", "unwrap"):
        return costs.charge(op, s)
    if op == "gradient":
        axis = kw.get("axis")
        count = len(s) if axis is None else (len(axis) if isinstance(axis, list) else 1)
        return costs.charge(op, s, count)
    if op in ("trapezoid", "trapz"):
        x = tuple(kw["x"]["shape"]) if "x" in kw else None
        return costs.charge(op, s, x, kw.get("axis", -1))
    if op == "interp":
        return costs.charge(op, costs.numel(s), shapes[1][0], "period" in kw)
    if op in ("convolve", "correlate"):
        return costs.charge(op, costs.numel(s), costs.numel(shapes[1]))
    raise KeyError(op)

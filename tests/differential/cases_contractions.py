"""Differential cases for the contraction family: dot, matmul, inner, outer, vdot,
tensordot, kron, cross, trace and the linalg names (matmul, outer, tensordot, trace,
cross, vecdot, multi_dot).

A case is {"op": name, "args": [operand, ...], "kwargs": {...}}. NumPy 1.24 has no
linalg.matmul/outer/trace/cross/vecdot: their NumPy 2 semantics are computed here with
1.24 expressions (see LINALG2).
"""
import numpy as np

from common import enc, expect, rng, sample


def _linalg_outer(a, b):
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("Input arrays must be one-dimensional")
    return np.outer(a, b)


def _linalg_trace(x, offset=0):
    return np.trace(x, offset=offset, axis1=-2, axis2=-1)


def _linalg_cross(a, b, axis=-1):
    if a.shape[axis] != 3 or b.shape[axis] != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors")
    return np.cross(a, b, axis=axis)


def _linalg_vecdot(a, b, axis=-1):
    # NumPy 2's vecdot: conj(a) * b summed over `axis`, in the operands' promoted dtype.
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("vecdot needs at least one dimension")
    a, b = np.moveaxis(a, axis, -1), np.moveaxis(b, axis, -1)
    return np.einsum("...i,...i->...", np.conj(a), b)


def _tensordot(a, b, axes=2):
    return np.tensordot(a, b, axes=axes)


OPS = {
    "dot": np.dot,
    "matmul": np.matmul,
    "inner": np.inner,
    "outer": np.outer,
    "vdot": np.vdot,
    "tensordot": _tensordot,
    "kron": np.kron,
    "cross": np.cross,
    "trace": np.trace,
    "linalg.matmul": np.matmul,
    "linalg.outer": _linalg_outer,
    "linalg.tensordot": _tensordot,
    "linalg.trace": _linalg_trace,
    "linalg.cross": _linalg_cross,
    "linalg.vecdot": _linalg_vecdot,
}

# (op, operand shapes, kwargs), run in float64; TYPED below repeats some in other dtypes.
SHAPES = [
    ("matmul", [(3, 4), (4, 5)], {}),
    ("matmul", [(2, 3, 4), (2, 4, 5)], {}),
    ("matmul", [(4, 1, 3, 5), (2, 5, 7)], {}),
    ("matmul", [(2, 3, 4), (4, 5)], {}),
    ("matmul", [(3, 4), (2, 4, 5)], {}),
    ("matmul", [(4,), (4, 5)], {}),
    ("matmul", [(3, 4), (4,)], {}),
    ("matmul", [(4,), (2, 4, 5)], {}),
    ("matmul", [(2, 3, 4), (4,)], {}),
    ("matmul", [(4,), (4,)], {}),
    ("matmul", [(0, 4), (4, 5)], {}),
    ("matmul", [(3, 0), (0, 5)], {}),
    ("matmul", [(0, 3, 4), (4, 2)], {}),
    ("matmul", [(1, 1), (1, 1)], {}),
    ("matmul", [(17, 33), (33, 9)], {}),
    ("dot", [(3, 4), (4, 5)], {}),
    ("dot", [(6,), (6,)], {}),
    ("dot", [(3, 4), (4,)], {}),
    ("dot", [(4,), (4, 5)], {}),
    ("dot", [(2, 3, 4), (4,)], {}),
    ("dot", [(2, 3, 4), (5, 4, 6)], {}),
    ("dot", [(4,), (2, 4, 3)], {}),
    ("dot", [(), (3, 4)], {}),
    ("dot", [(3,), ()], {}),
    ("dot", [(), ()], {}),
    ("dot", [(0,), (0,)], {}),
    ("dot", [(3, 0), (0, 2)], {}),
    ("inner", [(5,), (5,)], {}),
    ("inner", [(2, 3), (4, 3)], {}),
    ("inner", [(2, 3, 4), (4,)], {}),
    ("inner", [(4,), (2, 5, 4)], {}),
    ("inner", [(), (2, 3)], {}),
    ("inner", [(0,), (0,)], {}),
    ("outer", [(3,), (4,)], {}),
    ("outer", [(2, 3), (2, 2)], {}),
    ("outer", [(), (3,)], {}),
    ("outer", [(0,), (3,)], {}),
    ("vdot", [(6,), (6,)], {}),
    ("vdot", [(2, 3), (6,)], {}),
    ("vdot", [(2, 3), (3, 2)], {}),
    ("vdot", [(), ()], {}),
    ("vdot", [(0,), (0,)], {}),
    ("tensordot", [(3, 4, 5), (4, 5, 6)], {}),
    ("tensordot", [(3, 4, 5), (5, 6)], {"axes": 1}),
    ("tensordot", [(3, 4), (5, 6)], {"axes": 0}),
    ("tensordot", [(3, 4), (5, 6)], {"axes": -1}),
    ("tensordot", [(3, 4, 5), (5, 3)], {"axes": [[0, 2], [1, 0]]}),
    ("tensordot", [(3, 4, 5), (5, 3)], {"axes": [[0, -1], [-1, 0]]}),
    ("tensordot", [(2, 3), (3, 2)], {"axes": [1, 0]}),
    ("tensordot", [(2, 3), (4,)], {"axes": [[], []]}),
    ("tensordot", [(2, 3, 4), (4, 3, 2)], {"axes": [[0, 1, 2], [2, 1, 0]]}),
    ("tensordot", [(0, 3), (3, 2)], {"axes": 1}),
    ("kron", [(2, 2), (2, 2)], {}),
    ("kron", [(2, 3), (4, 5)], {}),
    ("kron", [(3,), (2, 2)], {}),
    ("kron", [(2, 2, 2), (3,)], {}),
    ("kron", [(), (2, 3)], {}),
    ("kron", [(4,), (3,)], {}),
    ("kron", [(0, 2), (2, 2)], {}),
    ("cross", [(3,), (3,)], {}),
    ("cross", [(4, 3), (3,)], {}),
    ("cross", [(4, 3), (4, 3)], {}),
    ("cross", [(2,), (2,)], {}),
    ("cross", [(4, 2), (2,)], {}),
    ("cross", [(2,), (3,)], {}),
    ("cross", [(3,), (2,)], {}),
    ("cross", [(4, 2), (4, 3)], {}),
    ("cross", [(3, 4), (4, 3)], {"axisa": 0}),
    ("cross", [(3, 4), (3, 4)], {"axisa": 0, "axisb": 0, "axisc": 0}),
    ("cross", [(4, 3), (4, 3)], {"axisc": 0}),
    ("cross", [(3, 5, 4), (5, 1, 3)], {"axisa": 0}),
    ("cross", [(2, 3), (2, 3)], {"axis": 0}),
    ("cross", [(5, 1, 3), (4, 3)], {}),
    ("cross", [(0, 3), (3,)], {}),
    ("trace", [(3, 3)], {}),
    ("trace", [(3, 5)], {}),
    ("trace", [(5, 3)], {}),
    ("trace", [(4, 4)], {"offset": 1}),
    ("trace", [(4, 4)], {"offset": -2}),
    ("trace", [(4, 6)], {"offset": 3}),
    ("trace", [(4, 6)], {"offset": 9}),
    ("trace", [(4, 6)], {"offset": -5}),
    ("trace", [(2, 3, 4)], {}),
    ("trace", [(2, 3, 4)], {"axis1": 1, "axis2": 2}),
    ("trace", [(2, 3, 4)], {"axis1": 2, "axis2": 0, "offset": 1}),
    ("trace", [(3, 2, 3)], {"axis1": -1, "axis2": -3}),
    ("trace", [(0, 3)], {}),
    ("linalg.matmul", [(2, 3, 4), (4, 5)], {}),
    ("linalg.matmul", [(4,), (4, 5)], {}),
    ("linalg.outer", [(3,), (4,)], {}),
    ("linalg.tensordot", [(3, 4, 5), (4, 5, 6)], {}),
    ("linalg.tensordot", [(3, 4), (4, 2)], {"axes": 1}),
    ("linalg.trace", [(3, 4)], {}),
    ("linalg.trace", [(2, 4, 4)], {"offset": 1}),
    ("linalg.trace", [(2, 3, 4)], {"offset": -1}),
    ("linalg.cross", [(3,), (3,)], {}),
    ("linalg.cross", [(4, 3), (3,)], {}),
    ("linalg.cross", [(3, 4), (3, 4)], {"axis": 0}),
    ("linalg.vecdot", [(3, 4), (4,)], {}),
    ("linalg.vecdot", [(2, 1, 5), (3, 5)], {}),
]

TYPED = [
    ("matmul", [(3, 4), (4, 5)], ["float32", "int32", "int64", "bool", "complex128", "complex64"]),
    ("matmul", [(2, 3, 4), (4,)], ["int32", "float32", "bool"]),
    ("dot", [(3, 4), (4, 5)], ["float32", "int32", "int64", "bool", "complex128"]),
    ("dot", [(5,), (5,)], ["int32", "bool", "complex128"]),
    ("inner", [(2, 3), (4, 3)], ["int64", "float32", "complex128"]),
    ("outer", [(3,), (4,)], ["int32", "bool", "complex128"]),
    ("vdot", [(2, 3), (6,)], ["complex128", "complex64", "int32", "bool", "float32"]),
    ("tensordot", [(3, 4, 5), (4, 5, 2)], ["int32", "float32", "complex128"]),
    ("kron", [(2, 3), (2, 2)], ["int32", "int64", "bool", "complex128"]),
    ("cross", [(4, 3), (4, 3)], ["int32", "int64", "float32", "complex128"]),
    ("cross", [(4, 2), (4, 2)], ["int32", "float32"]),
    ("trace", [(3, 4)], ["int32", "int64", "bool", "float32", "complex128", "complex64"]),
    ("linalg.vecdot", [(3, 4), (4,)], ["complex128", "int32"]),
    ("linalg.trace", [(2, 3, 3)], ["int32", "bool"]),
]

# Two operands of different dtypes: NumPy's promotion.
MIXED = [
    ("matmul", [(3, 4), (4, 2)], ("int32", "float32")),
    ("matmul", [(3, 4), (4, 2)], ("int32", "int64")),
    ("matmul", [(3, 4), (4, 2)], ("float32", "float64")),
    ("matmul", [(3, 4), (4, 2)], ("bool", "int32")),
    ("matmul", [(3, 4), (4, 2)], ("float64", "complex128")),
    ("dot", [(3, 4), (4,)], ("int64", "float64")),
    ("dot", [(3, 4), (4,)], ("float32", "complex64")),
]

# NumPy raises for each of these.
ERRORS = [
    ("matmul", [(2, 3), (4, 5)], {}),
    ("matmul", [(), (3,)], {}),
    ("matmul", [(3,), ()], {}),
    ("matmul", [(2, 3, 4), (3, 4, 5)], {}),
    ("matmul", [(3,), (4,)], {}),
    ("dot", [(2, 3), (4, 5)], {}),
    ("dot", [(3,), (4,)], {}),
    ("dot", [(2, 3, 4), (5, 3, 6)], {}),
    ("inner", [(2, 3), (3, 2)], {}),
    ("vdot", [(2, 3), (5,)], {}),
    ("tensordot", [(2, 3), (4, 5)], {"axes": 1}),
    ("tensordot", [(2, 3), (3, 5)], {"axes": [[1, 0], [0]]}),
    ("tensordot", [(2, 3), (2, 3)], {"axes": [[0, 0], [0, 1]]}),
    ("cross", [(4,), (3,)], {}),
    ("cross", [(3,), (1,)], {}),
    ("cross", [(2, 3), (4, 3)], {}),
    ("cross", [(3,), (3,)], {"axisc": 1}),
    ("cross", [(3,), (3,)], {"axisa": 1}),
    ("trace", [(3,)], {}),
    ("trace", [(3, 3)], {"axis1": 0, "axis2": 2}),
    ("trace", [(3, 3)], {"axis1": 1, "axis2": -1}),
    ("linalg.outer", [(2, 2), (2,)], {}),
    ("linalg.trace", [(3,)], {}),
    ("linalg.cross", [(2,), (2,)], {}),
    ("linalg.cross", [(3,), (2,)], {}),
    ("linalg.vecdot", [(3,), (4,)], {}),
]

# linalg.multi_dot: (shapes, dtype)
MULTI_DOT = [
    ([(10, 100), (100, 5), (5, 50)], "float64"),
    ([(2, 3), (3, 4)], "float64"),
    ([(3,), (3, 4), (4, 2)], "float64"),
    ([(2, 3), (3, 4), (4,)], "float64"),
    ([(3,), (3, 4), (4,)], "float64"),
    ([(3,), (3,)], "float64"),
    ([(4, 2), (2, 6), (6, 3), (3, 5), (5, 1)], "float64"),
    ([(4, 2), (2, 6), (6, 3), (3, 5)], "int64"),
    ([(3, 2), (2, 4), (4, 3)], "complex128"),
    ([(3, 2), (2, 4), (4, 3)], "float32"),
    ([(3, 0), (0, 4), (4, 2)], "float64"),
    ([(2, 3, 3), (3, 2)], "float64"),  # two arrays: NumPy's dot, any ranks
    ([(), (3, 2)], "float64"),
]
MULTI_DOT_ERRORS = [
    [(2, 2)],
    [(2, 3), (4, 2)],
    [(2, 3), (3,), (3, 2)],
    [(2, 3, 3), (3, 2), (2, 2)],
    [(), (2, 2), (2,)],
]


def _tolerances(case, arrays):
    if any(a.dtype in (np.float32, np.complex64) for a in arrays):
        case["rtol"], case["atol"] = 1e-4, 1e-4
    return case


def _case(op, operands, kwargs):
    c = {
        "op": op,
        "args": [enc(a) for a in operands],
        "kwargs": kwargs,
        "expected": expect(OPS[op], *operands, **kwargs),
        "exact_dtype": True,
    }
    return _tolerances(c, operands)


def cases():
    r = rng(20240611)
    out = []
    for op, shapes, kwargs in SHAPES:
        c = _case(op, [sample(s, "float64", r) for s in shapes], kwargs)
        assert "error" not in c["expected"], (op, shapes, kwargs, c["expected"])
        out.append(c)
    for op, shapes, dtypes in TYPED:
        for dt in dtypes:
            c = _case(op, [sample(s, dt, r) for s in shapes], {})
            assert "error" not in c["expected"], (op, shapes, dt)
            out.append(c)
    for op, shapes, dtypes in MIXED:
        out.append(_case(op, [sample(s, d, r) for s, d in zip(shapes, dtypes)], {}))
    for op, shapes, kwargs in ERRORS:
        c = _case(op, [sample(s, "float64", r) for s in shapes], kwargs)
        assert "error" in c["expected"], (op, shapes, kwargs)
        out.append(c)
    for shapes, dt in MULTI_DOT:
        arrays = [sample(s, dt, r) for s in shapes]
        c = {"op": "linalg.multi_dot", "args": [enc(a) for a in arrays], "kwargs": {},
             "expected": expect(np.linalg.multi_dot, arrays), "exact_dtype": True}
        out.append(_tolerances(c, arrays))
    for shapes in MULTI_DOT_ERRORS:
        arrays = [sample(s, "float64", r) for s in shapes]
        c = {"op": "linalg.multi_dot", "args": [enc(a) for a in arrays], "kwargs": {},
             "expected": expect(np.linalg.multi_dot, arrays)}
        assert "error" in c["expected"], shapes
        out.append(c)
    # NaN and inf propagate through the products as in NumPy.
    a = sample((3, 4), "float64", r)
    a[0, 1], a[2, 3] = np.nan, np.inf
    b = sample((4, 2), "float64", r)
    for op in ("matmul", "dot"):
        out.append(_case(op, [a, b], {}))
    out.append(_case("trace", [np.array([[np.inf, 1.0], [2.0, -np.inf]])], {}))
    out.append(_case("cross", [np.array([np.inf, 1.0, 0.0]), np.array([1.0, 0.0, 2.0])], {}))
    # int32 wraps on overflow, as in NumPy.
    big = np.full((2, 3), 2**30, dtype=np.int32)
    out.append(_case("matmul", [big, np.full((3, 2), 3, dtype=np.int32)], {}))
    out.append(_case("cross", [np.array([2**30, 2**30, 1], dtype=np.int32), np.array([4, -4, 2**30], dtype=np.int32)], {}))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): diff_contractions.cpp runs each case in a fresh context and makes one
# counted call, the op of the case's name (linalg.* under their own registry names, which
# bind the same formulas); operand decoding is free. Output shapes are NumPy's results.

def _trace_axes(case):
    kw = case["kwargs"]
    if case["op"] == "linalg.trace":
        return kw.get("offset", 0), -2, -1
    return kw.get("offset", 0), kw.get("axis1", 0), kw.get("axis2", 1)


def flops(case):
    import costs

    op = case["op"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    out = costs.result_shapes(case["expected"])[0]
    fid = costs.formula_of(op)
    if fid == "matmul":
        return costs.charge(op, shapes[0], shapes[1])
    if fid in ("dot", "inner"):
        return costs.charge(op, shapes[0], shapes[1], out)
    if fid in ("outer", "vdot"):
        return costs.charge(op, shapes[0], shapes[1])
    if fid == "tensordot":
        return costs.charge(op, shapes[0], shapes[1], case["kwargs"].get("axes", 2), out)
    if fid in ("kron", "pointwise"):  # kron; cross and linalg.cross: numel of NumPy's result
        return costs.charge(op, out)
    if fid == "trace":
        offset, axis1, axis2 = _trace_axes(case)
        return costs.charge(op, shapes[0], offset, axis1, axis2)
    if fid == "vecdot":  # linalg.vecdot: the last axis summed
        return costs.charge(op, max(shapes[0][-1], shapes[1][-1]), out)
    if fid == "multi_dot":
        return costs.charge(op, shapes)
    raise KeyError(f"contraction case {op!r} has formula {fid!r}")

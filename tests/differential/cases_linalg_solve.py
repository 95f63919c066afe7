"""Differential cases for the linalg solvers, inverses and norms: det, slogdet, inv, solve,
norm, vector_norm, matrix_norm.

A case is {"op": name, "args": [operand, ...], "kwargs": {...}}. kwargs "symmetric": true
asks the C++ side to tag a (the first operand) symmetric over its last two axes (NumPy's
values are the same; the charge is the Cholesky one). NumPy 1.24 has no vector_norm or
matrix_norm: their NumPy 2 semantics are computed with 1.24's norm (see _vector_norm).
An `ord` of inf travels as the string "inf" ("-inf").

Singular matrices are not here: NumPy raises before anything, mechestim after the charge
(LAPACK finds it), which the unit tests check (tests/test_linalg_solve.cpp).
"""
import numpy as np

from common import enc, expect, rng, sample


def _ord(kwargs):
    o = kwargs.get("ord")
    if o == "inf":
        return np.inf
    if o == "-inf":
        return -np.inf
    return o


def _axis(kwargs):
    a = kwargs.get("axis")
    return tuple(a) if isinstance(a, list) else a


def _norm(x, **kw):
    return np.linalg.norm(x, ord=_ord(kw), axis=_axis(kw), keepdims=kw.get("keepdims", False))


def _vector_norm(x, **kw):
    # NumPy 2's vector_norm, with 1.24's norm (numpy/linalg/linalg.py of NumPy 2.0).
    x = np.asanyarray(x)
    shape = list(x.shape)
    axis = _axis(kw)
    ord_ = _ord(kw) if "ord" in kw else 2
    if isinstance(ord_, str):
        raise ValueError("Invalid norm order for vectors")
    if axis is None:
        x = x.ravel()
        _ax = 0
    elif isinstance(axis, tuple):
        normalized = tuple(a % x.ndim for a in axis)
        if len(set(normalized)) != len(normalized):
            raise ValueError("repeated axis")
        rest = tuple(i for i in range(x.ndim) if i not in normalized)
        x = np.transpose(x, normalized + rest).reshape(
            (int(np.prod([shape[i] for i in normalized])),) + tuple(shape[i] for i in rest))
        _ax = 0
    else:
        _ax = axis
    r = np.linalg.norm(x, axis=_ax, ord=ord_)
    if kw.get("keepdims", False):
        ax = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        for a in ax:
            shape[a % len(shape)] = 1
        r = np.reshape(r, shape)
    return np.asarray(r)


def _matrix_norm(x, **kw):
    if np.ndim(x) < 2:
        raise np.linalg.LinAlgError("at least two-dimensional")
    return np.linalg.norm(x, ord=_ord(kw) if "ord" in kw else "fro", axis=(-2, -1), keepdims=kw.get("keepdims", False))


def _lstsq(a, b, rcond=None):
    return np.linalg.lstsq(a, b, rcond=rcond)


def _lstsq_values(a, b, rcond=None):
    # The four results; rank as a 0-d int64 array for the harness.
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=rcond)
    return x, res, np.asarray(rank, dtype=np.int64), s


def _cond(x, p="absent"):
    # NumPy 1.24 returns a complex dtype (zero imaginary part) for complex input with p
    # other than None/+-2; mechestim returns the real number (docs/numpy-differences.md).
    return np.real(np.linalg.cond(x, None if p == "absent" else _ord({"ord": p})))


def _matrix_rank(a, tol=None):
    return np.asarray(np.linalg.matrix_rank(a, tol=tol), dtype=np.int64)


def _plain(fn):
    return lambda *args, symmetric=False: fn(*args)


OPS = {
    "linalg.det": _plain(np.linalg.det),
    "linalg.slogdet": _plain(np.linalg.slogdet),
    "linalg.inv": _plain(np.linalg.inv),
    "linalg.solve": _plain(np.linalg.solve),
    "linalg.lstsq": _lstsq_values,
    "linalg.pinv": lambda a, rcond=1e-15: np.linalg.pinv(a, rcond=rcond),
    "linalg.cond": _cond,
    "linalg.matrix_rank": _matrix_rank,
    "linalg.matrix_power": lambda a, k: np.linalg.matrix_power(a, k),
    "linalg.tensorinv": lambda a, ind=2: np.linalg.tensorinv(a, ind=ind),
    "linalg.tensorsolve": lambda a, b, axes=None: np.linalg.tensorsolve(a, b, axes=None if axes is None else tuple(axes)),
    "linalg.norm": _norm,
    "linalg.vector_norm": _vector_norm,
    "linalg.matrix_norm": _matrix_norm,
}

DTYPES = ["float64", "float32", "complex128", "complex64", "int64", "int32", "bool"]

# (op, operand shapes), run in every dtype of DTYPES (ints and bool in float64).
SQUARE = [
    ("linalg.det", [(4, 4)]),
    ("linalg.det", [(3, 5, 5)]),
    ("linalg.det", [(2, 2, 3, 3)]),
    ("linalg.det", [(1, 1)]),
    ("linalg.det", [(0, 0)]),
    ("linalg.det", [(2, 0, 0)]),
    ("linalg.slogdet", [(4, 4)]),
    ("linalg.slogdet", [(3, 5, 5)]),
    ("linalg.slogdet", [(1, 1)]),
    ("linalg.slogdet", [(0, 0)]),
    ("linalg.inv", [(4, 4)]),
    ("linalg.inv", [(3, 5, 5)]),
    ("linalg.inv", [(1, 1)]),
    ("linalg.inv", [(0, 0)]),
    ("linalg.inv", [(0, 3, 3)]),
    ("linalg.solve", [(4, 4), (4,)]),
    ("linalg.solve", [(4, 4), (4, 3)]),
    ("linalg.solve", [(3, 4, 4), (3, 4)]),        # a vector stack: b.ndim == a.ndim - 1
    ("linalg.solve", [(3, 4, 4), (3, 4, 2)]),
    ("linalg.solve", [(3, 4, 4), (1, 4, 2)]),     # batch broadcast
    ("linalg.solve", [(2, 1, 4, 4), (3, 4)]),     # vector batch broadcast
    ("linalg.solve", [(4, 4), (2, 4, 3)]),
    ("linalg.solve", [(1, 1), (1,)]),
    ("linalg.solve", [(0, 0), (0,)]),
    ("linalg.solve", [(4, 4), (4, 0)]),
]

# NumPy raises for each of these (float64 operands).
ERRORS = [
    ("linalg.det", [(3,)]),
    ("linalg.det", [(2, 3)]),
    ("linalg.slogdet", [(4, 2, 3)]),
    ("linalg.inv", [(5,)]),
    ("linalg.inv", [(3, 4)]),
    ("linalg.solve", [(3, 4), (3,)]),
    ("linalg.solve", [(3, 3), (4,)]),
    ("linalg.solve", [(3, 3), (4, 2)]),
    ("linalg.solve", [(2, 3, 3), (3,)]),          # b 1-D but not a.ndim - 1: a matrix b needed
    ("linalg.solve", [(2, 3, 3), (4, 3, 1)]),     # batches do not broadcast
    ("linalg.solve", [(3,), (3,)]),
]

# (op, shape, kwargs) in float64; NORM_TYPED repeats some in other dtypes.
NORMS = [
    ("linalg.norm", (7,), {}),
    ("linalg.norm", (3, 4), {}),
    ("linalg.norm", (2, 3, 4), {}),
    ("linalg.norm", (), {}),
    ("linalg.norm", (0,), {}),
    ("linalg.norm", (3, 4), {"keepdims": True}),
] + [("linalg.norm", (7,), {"ord": o}) for o in [1, 2, 3, 0.5, -1, -2, 0, "inf", "-inf"]] + [
    ("linalg.norm", (4, 5), {"ord": o}) for o in [1, -1, 2, -2, "inf", "-inf", "fro", "nuc"]] + [
    ("linalg.norm", (5, 3), {"ord": o}) for o in [2, -2, "nuc"]] + [
    ("linalg.norm", (2, 3, 4), {"ord": o, "axis": ax}) for o in [None, 1, -1, 2, -2, "inf", "-inf", "fro", "nuc"]
    for ax in [[1, 2], [2, 0]]] + [
    ("linalg.norm", (2, 3, 4), {"ord": o, "axis": ax}) for o in [None, 1, 3, 0, "inf", "-inf"] for ax in [0, -1]] + [
    ("linalg.norm", (2, 3, 4), {"ord": 2, "axis": [0, 1], "keepdims": True}),
    ("linalg.norm", (2, 3, 4), {"ord": 1, "axis": 1, "keepdims": True}),
    ("linalg.vector_norm", (2, 3, 4), {}),
    ("linalg.vector_norm", (2, 3, 4), {"ord": 1}),
    ("linalg.vector_norm", (2, 3, 4), {"ord": "inf", "axis": 1}),
    ("linalg.vector_norm", (2, 3, 4), {"ord": 3, "axis": [0, 2]}),
    ("linalg.vector_norm", (2, 3, 4), {"ord": 0, "axis": [2, 0], "keepdims": True}),
    ("linalg.vector_norm", (2, 3, 4), {"keepdims": True}),
    ("linalg.vector_norm", (), {}),
    ("linalg.matrix_norm", (4, 5), {}),
    ("linalg.matrix_norm", (2, 4, 5), {"ord": 2}),
    ("linalg.matrix_norm", (2, 4, 5), {"ord": "nuc", "keepdims": True}),
    ("linalg.matrix_norm", (2, 4, 5), {"ord": "-inf"}),
    ("linalg.matrix_norm", (2, 4, 5), {"ord": -1}),
]
# Empty matrices and vectors: sums are 0, NumPy's max and min refuse an empty axis.
EMPTY = [("linalg.norm", s, {"ord": o}) for s in [(3, 0), (0, 3)] for o in [1, -1, 2, -2, "inf", "-inf", "fro", "nuc"]] + [
    ("linalg.norm", (0, 3), {"ord": o, "axis": ax}) for o in [None, 1, 0, "inf", "-inf"] for ax in [0, 1]] + [
    ("linalg.vector_norm", (0, 3), {"ord": "inf", "axis": 0}),
    ("linalg.matrix_norm", (2, 0, 3), {"ord": 1}),
    ("linalg.matrix_norm", (2, 0, 3), {"ord": "inf"}),
]
NORM_TYPED = [
    ("linalg.norm", (7,), {}),
    ("linalg.norm", (3, 4), {"ord": 2}),
    ("linalg.norm", (3, 4), {"ord": 1}),
    ("linalg.norm", (3, 4), {"ord": "nuc"}),
    ("linalg.norm", (2, 3, 4), {"ord": "inf", "axis": 2}),
    ("linalg.vector_norm", (2, 3, 4), {"ord": 3}),
    ("linalg.matrix_norm", (2, 4, 5), {"ord": -2}),
]
NORM_ERRORS = [
    ("linalg.norm", (3,), {"ord": "fro"}),
    ("linalg.norm", (3,), {"ord": "nuc"}),
    ("linalg.norm", (3, 3), {"ord": 3}),
    ("linalg.norm", (3, 3), {"ord": 0}),
    ("linalg.norm", (3, 3), {"ord": "bad"}),
    ("linalg.norm", (2, 3, 3), {"ord": 1}),
    ("linalg.norm", (3, 3), {"axis": [0, 0]}),
    ("linalg.norm", (3, 3), {"axis": [0, 1, 0]}),
    ("linalg.norm", (3, 3), {"axis": 2}),
    ("linalg.norm", (0, 0), {"ord": 2}),
    ("linalg.norm", (0,), {"ord": "inf"}),
    ("linalg.norm", (), {"ord": 1}),
    ("linalg.vector_norm", (3, 3), {"ord": "fro"}),
    ("linalg.vector_norm", (3, 3), {"axis": 3}),
    ("linalg.matrix_norm", (3,), {}),
    ("linalg.matrix_norm", (3, 3), {"ord": 3}),
]


# (op, operand shapes, kwargs) in DTYPES (only floats and complex for lstsq, pinv, cond).
SPECTRAL = [
    ("linalg.lstsq", [(6, 3), (6,)], {}),
    ("linalg.lstsq", [(6, 3), (6, 2)], {}),
    ("linalg.lstsq", [(3, 5), (3,)], {}),
    ("linalg.lstsq", [(4, 4), (4, 2)], {"rcond": 1e-3}),
    ("linalg.lstsq", [(1, 1), (1,)], {}),
    ("linalg.lstsq", [(0, 3), (0,)], {}),
    ("linalg.lstsq", [(3, 2), (3, 0)], {}),
    ("linalg.pinv", [(5, 3)], {}),
    ("linalg.pinv", [(3, 5)], {}),
    ("linalg.pinv", [(2, 4, 4)], {"rcond": 1e-2}),
    ("linalg.pinv", [(1, 1)], {}),
    ("linalg.pinv", [(2, 0, 3)], {}),
    ("linalg.cond", [(4, 4)], {}),
    ("linalg.cond", [(3, 5, 2)], {"p": 2}),
    ("linalg.cond", [(3, 5, 2)], {"p": -2}),
] + [("linalg.cond", [(2, 4, 4)], {"p": p}) for p in [1, -1, "inf", "-inf", "fro", "nuc"]] + [
    ("linalg.matrix_rank", [(4, 5)], {}),
    ("linalg.matrix_rank", [(3, 5, 4)], {}),
    ("linalg.matrix_rank", [(4, 4)], {"tol": 2.0}),
    ("linalg.matrix_rank", [(5,)], {}),
    ("linalg.matrix_rank", [(1, 1)], {}),
    ("linalg.matrix_power", [(4, 4)], {"k": 0}),
    ("linalg.matrix_power", [(4, 4)], {"k": 1}),
    ("linalg.matrix_power", [(4, 4)], {"k": 2}),
    ("linalg.matrix_power", [(4, 4)], {"k": 3}),
    ("linalg.matrix_power", [(2, 3, 3)], {"k": 13}),
    ("linalg.matrix_power", [(3, 3)], {"k": -1}),
    ("linalg.matrix_power", [(2, 3, 3)], {"k": -6}),
    ("linalg.tensorinv", [(6, 2, 3)], {"ind": 1}),
    ("linalg.tensorinv", [(2, 3, 6)], {}),
    ("linalg.tensorinv", [(2, 2, 2, 2)], {}),
    ("linalg.tensorsolve", [(2, 3, 6), (2, 3)], {}),
    ("linalg.tensorsolve", [(2, 3, 2, 3), (2, 3)], {}),
    ("linalg.tensorsolve", [(6, 2, 3), (6,)], {"axes": [0]}),
]
SPECTRAL_ERRORS = [
    ("linalg.lstsq", [(2, 3, 3), (3,)], {}),
    ("linalg.lstsq", [(3, 3), (4,)], {}),
    ("linalg.lstsq", [(3, 3), (3, 1, 1)], {}),
    ("linalg.pinv", [(3,)], {}),
    ("linalg.cond", [(3,)], {}),
    ("linalg.cond", [(0, 0)], {}),
    ("linalg.cond", [(2, 3)], {"p": 1}),
    ("linalg.cond", [(3, 3)], {"p": 3}),
    ("linalg.matrix_rank", [(0, 3)], {}),
    ("linalg.matrix_power", [(2, 3)], {"k": 2}),
    ("linalg.matrix_power", [(3,)], {"k": 2}),
    ("linalg.tensorinv", [(6, 2, 3)], {"ind": 0}),
    ("linalg.tensorinv", [(2, 3)], {"ind": 1}),
    ("linalg.tensorsolve", [(2, 3, 5), (2, 3)], {}),
    ("linalg.tensorsolve", [(2, 3, 6), (2, 4)], {}),
]


def _spd(n, batch, dtype, r):
    """Symmetric positive definite matrices (real dtypes only)."""
    a = sample(batch + (n, n), "float64", r)
    s = np.einsum("...ij,...kj->...ik", a, a) + n * np.eye(n)
    return s.astype(dtype)


def _tolerances(case, arrays):
    if any(np.asarray(a).dtype in (np.float32, np.complex64) for a in arrays):
        case["rtol"], case["atol"] = 2e-4, 2e-4
    else:
        case["rtol"], case["atol"] = 1e-9, 1e-9
    return case


def _case(op, operands, kwargs, exact=True):
    c = {"op": op, "args": [enc(a) for a in operands], "kwargs": kwargs,
         "expected": expect(OPS[op], *operands, **kwargs), "exact_dtype": exact}
    return _tolerances(c, operands)


def _square_operands(shapes, dtype, r):
    ops = []
    for k, s in enumerate(shapes):
        x = sample(s, dtype, r)
        if k == 0 and len(s) >= 2 and s[-1] == s[-2] and s[-1] > 0 and np.dtype(dtype).kind in "fc":
            x = x + (3 * s[-1] * np.eye(s[-1])).astype(dtype)  # well conditioned
        ops.append(x)
    return ops


def cases():
    r = rng(20261203)
    out = []
    for op, shapes in SQUARE:
        for dt in DTYPES:
            operands = _square_operands(shapes, dt, r)
            c = _case(op, operands, {})
            if "error" in c["expected"]:  # an integer matrix that happens to be singular
                continue
            out.append(c)
    for op, shapes in ERRORS:
        c = _case(op, [sample(s, "float64", r) for s in shapes], {})
        assert "error" in c["expected"], (op, shapes)
        out.append(c)
    # Tagged symmetric: Cholesky when positive definite, LU otherwise; NumPy's values.
    for dt in ["float64", "float32"]:
        for batch in [(), (3,)]:
            s = _spd(5, batch, dt, r)
            for op in ["linalg.det", "linalg.slogdet", "linalg.inv"]:
                out.append(_case(op, [s], {"symmetric": True}))
            out.append(_case("linalg.solve", [s, sample(batch + (5,), dt, r)], {"symmetric": True}))
            out.append(_case("linalg.solve", [s, sample(batch + (5, 2), dt, r)], {"symmetric": True}))
    indefinite = np.array([[1.0, 2.0, 0.5], [2.0, 1.0, 0.0], [0.5, 0.0, -3.0]])
    for op in ["linalg.det", "linalg.slogdet", "linalg.inv"]:
        out.append(_case(op, [indefinite], {"symmetric": True}))
    out.append(_case("linalg.solve", [indefinite, np.array([1.0, 2.0, 3.0])], {"symmetric": True}))
    # lstsq, pinv, cond, matrix_rank, matrix_power, tensorinv, tensorsolve.
    for op, shapes, kw in SPECTRAL:
        kinds = "fc" if op in ("linalg.lstsq", "linalg.pinv", "linalg.cond") else "fcib"
        for dt in DTYPES:
            if np.dtype(dt).kind not in kinds:
                continue
            if op in ("linalg.matrix_power", "linalg.tensorinv", "linalg.tensorsolve") and np.dtype(dt).kind not in "fc" \
                    and (kw.get("k", 1) < 0 or op != "linalg.matrix_power"):
                continue  # integer negative powers are refused here (docs/numpy-differences.md)
            operands = _square_operands(shapes, dt, r) if op != "linalg.matrix_rank" else [sample(s, dt, r) for s in shapes]
            if op == "linalg.matrix_power" and np.dtype(dt).kind in "ib":
                operands = [sample(shapes[0], dt, r, -1, 1)]  # small, so that int64 powers stay exact
            c = _case(op, operands, kw)
            if "error" in c["expected"]:
                continue
            out.append(c)
    for op, shapes, kw in SPECTRAL_ERRORS:
        c = _case(op, [sample(s, "float64", r) for s in shapes], kw)
        assert "error" in c["expected"], (op, shapes, kw, c["expected"])
        out.append(c)
    # matrix_rank of a matrix of known rank 2, and of stacks of them.
    low = np.einsum("...ik,...kj->...ij", sample((3, 6, 2), "float64", r), sample((3, 2, 5), "float64", r))
    out.append(_case("linalg.matrix_rank", [low], {}))
    out.append(_case("linalg.pinv", [low], {}))
    out.append(_case("linalg.cond", [np.array([[1.0, 2.0], [2.0, 4.0]])], {}))
    out.append(_case("linalg.cond", [np.array([[1.0, 2.0], [2.0, 4.0]])], {"p": 1}))
    out.append(_case("linalg.lstsq", [low[0], sample((6,), "float64", r)], {}))
    # Norms.
    for op, shape, kw in NORMS:
        c = _case(op, [sample(shape, "float64", r)], kw)
        assert "error" not in c["expected"], (op, shape, kw, c["expected"])
        out.append(c)
    for op, shape, kw in EMPTY:  # errors or values, as NumPy decides
        out.append(_case(op, [sample(shape, "float64", r)], kw))
    for op, shape, kw in NORM_TYPED:
        for dt in DTYPES[1:]:
            c = _case(op, [sample(shape, dt, r)], kw)
            assert "error" not in c["expected"], (op, shape, kw, dt)
            out.append(c)
    for op, shape, kw in NORM_ERRORS:
        c = _case(op, [sample(shape, "float64", r)], kw)
        assert "error" in c["expected"], (op, shape, kw, c["expected"])
        out.append(c)
    # NaN and inf: det/inv/solve propagate them; a NaN stops the SVD norms (NumPy: "SVD did
    # not converge"), an inf gives NaN there.
    bad = sample((3, 3), "float64", r) + 9 * np.eye(3)
    bad[0, 1] = np.nan
    for op in ["linalg.det", "linalg.inv"]:
        out.append(_case(op, [bad], {}))
    out.append(_case("linalg.solve", [bad, np.ones(3)], {}))
    for o in [2, -2, "nuc"]:
        c = _case("linalg.norm", [bad], {"ord": o})
        assert "error" in c["expected"]
        out.append(c)
    for o in [None, 1, "inf"]:
        out.append(_case("linalg.norm", [bad], {"ord": o}))
    inf = sample((3, 3), "float64", r)
    inf[1, 1] = np.inf
    for o in [None, 2, "nuc", "-inf"]:
        out.append(_case("linalg.norm", [inf], {"ord": o}))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, the op of the case's name.

def _norm_charge(op, shape, kw):
    import costs

    o = kw.get("ord", "absent")
    nd = len(shape)
    axis = kw.get("axis")
    if op == "linalg.vector_norm":
        return costs.charge(op, shape, "count" if o in (0, 1, "inf", "-inf") else "square")
    if op == "linalg.matrix_norm":
        rows, cols, matrix = shape[-2], shape[-1], True
    else:
        if axis is None:
            if o in ("absent", None) or (o == "fro" and nd == 2) or (o == 2 and nd == 1):
                return costs.charge(op, shape, "square")
            matrix = nd == 2
            rows, cols = (shape[0], shape[1]) if matrix else (None, None)
        else:
            matrix = isinstance(axis, list) and len(axis) == 2
            rows, cols = (shape[axis[0]], shape[axis[1]]) if matrix else (None, None)
    if not matrix:
        return costs.charge(op, shape, "count" if o in (0, 1, "inf", "-inf") else "square")
    if o in (2, -2, "nuc"):
        return costs.charge(op, shape, "svd", rows, cols)
    return costs.charge(op, shape, "count" if o in (1, -1, "inf", "-inf") else "square")


def flops(case):
    import costs

    op = case["op"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    sym = case["kwargs"].get("symmetric", False)
    if op in ("linalg.det", "linalg.slogdet", "linalg.inv"):
        return costs.charge(op, shapes[0], sym)
    if op == "linalg.solve":
        return costs.charge(op, shapes[0], shapes[1], sym)
    if op == "linalg.lstsq":
        return costs.charge(op, shapes[0], shapes[1])
    if op in ("linalg.pinv", "linalg.cond", "linalg.matrix_rank"):
        a = shapes[0] if len(shapes[0]) >= 2 else (1, shapes[0][0] if shapes[0] else 1)
        return costs.charge(op, a)
    if op == "linalg.matrix_power":
        return costs.charge(op, shapes[0], case["kwargs"]["k"])
    if op == "linalg.tensorinv":
        ind = case["kwargs"].get("ind", 2)
        return costs.charge(op, costs.numel(shapes[0][ind:]))
    if op == "linalg.tensorsolve":
        return costs.charge(op, costs.numel(shapes[1]))
    return _norm_charge(op, shapes[0], case["kwargs"])

"""Differential cases for the set family: unique (every option, flattened and along an axis),
NumPy 2's unique_all/unique_counts/unique_inverse/unique_values, in1d, isin, intersect1d,
union1d, setdiff1d, setxor1d.

A case is {"op": name, "args": [operand, ...], "kwargs": {...}}; its expected value is the
list of arrays NumPy returns (unique with return_* flags: values, then index, inverse,
counts as asked; intersect1d with return_indices: the values and both index arrays). Two
operands of different types are always one of the pairs the C++ runner builds: the same
type, or the second float64 or int64 (enough to see NumPy's promotion from every type).

NumPy 1.24 has none of NumPy 2's unique_* names: their answers are the 1.24 expressions
NumPy 2 defines them by, np.unique(x, ..., equal_nan=False) with the inverse reshaped to
x's shape (numpy/lib/_arraysetops_impl.py of NumPy 2.0).

With assume_unique and operands that hold duplicates, NumPy's in1d answers by whichever
algorithm its size heuristics pick, and its sort path is then wrong; mechestim always gives
the true membership. The cases with duplicates under assume_unique are built where NumPy's
answer is the true one, and the generator checks that it is (see _true_in1d).
"""
import numpy as np

from common import enc, expect, rng

FLOATS = ["float64", "float32"]
INTS = ["int32", "int64", "uint8"]
COMPLEX = ["complex128", "complex64"]


def _values(dtype, shape, r, high=5, nan=False):
    """Small integers (so that values repeat) as `dtype`, some NaN/inf/-0.0 for floats."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return r.integers(0, 2, size=shape).astype(bool)
    x = r.integers(0, high, size=shape).astype(np.float64)
    if dtype.kind == "c":
        y = r.integers(0, 3, size=shape).astype(np.float64)
        z = (x + 1j * y).astype(dtype)
        if nan and z.size:
            flat = z.reshape(-1)
            specials = [complex(np.nan, 1), complex(1, np.nan), complex(np.nan, np.nan), complex(np.nan, 1)]
            for k, v in zip(r.choice(flat.size, size=min(flat.size, len(specials)), replace=False), specials):
                flat[k] = v
        return z
    a = x.astype(dtype)
    if nan and dtype.kind == "f" and a.size:
        flat = a.reshape(-1)
        specials = [np.nan, np.inf, -np.inf, np.nan, -0.0, np.nan]
        for k, v in zip(r.choice(flat.size, size=min(flat.size, len(specials)), replace=False), specials):
            flat[k] = v
    return a


def _unique(x, **kw):
    return np.unique(x, **kw)


def _array_api(x, index, inverse, counts):
    """NumPy 2's unique_* through 1.24's unique: flattened, equal_nan=False, inverse in x's shape."""
    x = np.asarray(x)
    out = np.unique(x, return_index=index, return_inverse=inverse, return_counts=counts, equal_nan=False)
    if not isinstance(out, tuple):
        return out
    out = list(out)
    if inverse:
        out[2 if index else 1] = out[2 if index else 1].reshape(x.shape)
    return tuple(out)


ARRAY_API = {
    "unique_all": (True, True, True),
    "unique_counts": (False, False, True),
    "unique_inverse": (False, True, False),
    "unique_values": (False, False, False),
}


def _kwargs_np(kw):
    return {k: v for k, v in kw.items() if not (k == "kind" and v == "")}


def _true_in1d(a, b, invert):
    a, b = np.asarray(a).ravel(), np.asarray(b).ravel()
    t = np.result_type(a, b)
    bs = set(b.astype(t).tolist())
    got = np.array([v in bs and v == v for v in a.astype(t).tolist()], dtype=bool)
    return ~got if invert else got


def _case(op, args, kwargs=None, fn=None, **extra):
    kwargs = kwargs or {}
    if fn is None:
        fn = getattr(np, op)
    expected = expect(fn, *args, **_kwargs_np(kwargs))
    if kwargs.get("assume_unique") and op in ("in1d", "isin", "setdiff1d") and "error" not in expected:
        _check_true_membership(op, args, kwargs, fn)
    c = {"op": op, "args": [enc(a) for a in args], "kwargs": kwargs, "expected": expected, "exact_dtype": True}
    c.update(extra)
    return c


def _check_true_membership(op, args, kwargs, fn):
    """Under assume_unique mechestim gives the true membership: the case must be one where
    NumPy's answer is it too (see the module comment)."""
    a, b = args
    invert = kwargs.get("invert", False) or op == "setdiff1d"
    member = _true_in1d(a, b, invert)
    got = np.asarray(fn(*args, **_kwargs_np(kwargs)))
    want = np.asarray(a).ravel()[member] if op == "setdiff1d" else member.reshape(np.shape(a))
    assert np.array_equal(got, want, equal_nan=True), f"{op}{kwargs}: NumPy's answer is not the true membership"


def unique_cases(r):
    out = []
    flags = [dict(return_index=i, return_inverse=v, return_counts=c) for i in (False, True) for v in (False, True)
             for c in (False, True)]
    # Every flag combination, NaN collapsed or not, on float64 with NaN/inf/-0.0.
    for f in flags:
        for equal_nan in (True, False):
            x = _values("float64", (3, 5), r, nan=True)
            out.append(_case("unique", [x], dict(f, equal_nan=equal_nan)))
    # Every element type and a few shapes, with all results.
    allf = dict(return_index=True, return_inverse=True, return_counts=True)
    for dtype in FLOATS + INTS + COMPLEX + ["bool"]:
        for shape in [(0,), (), (1,), (9,), (2, 3, 4), (0, 3)]:
            x = _values(dtype, shape, r, nan=dtype in FLOATS + COMPLEX)
            out.append(_case("unique", [x], {}))
            out.append(_case("unique", [x], allf))
        x = _values(dtype, (40,), r, high=8, nan=dtype in FLOATS + COMPLEX)
        out.append(_case("unique", [x], dict(allf, equal_nan=False)))
    # Complex NaNs: NumPy keeps the first NaN value in sort order, with its index.
    z = np.array([1 + 1j, complex(np.nan, 1), complex(1, np.nan), complex(np.nan, np.nan), 1 + 1j, complex(2, np.nan)])
    for equal_nan in (True, False):
        out.append(_case("unique", [z], dict(allf, equal_nan=equal_nan)))
    # Only NaN; all equal; already sorted; reversed.
    out.append(_case("unique", [np.full(5, np.nan)], allf))
    out.append(_case("unique", [np.full(5, np.nan, np.float32)], dict(allf, equal_nan=False)))
    out.append(_case("unique", [np.full((2, 2), 7, np.int64)], allf))
    out.append(_case("unique", [np.arange(10.0)], allf))
    out.append(_case("unique", [np.arange(10, 0, -1, dtype=np.int32)], allf))
    # Along an axis: every axis of 2-d and 3-d arrays, negative axes, each flag.
    for dtype in ["float64", "float32", "int64", "int32", "bool", "complex128", "uint8"]:
        for shape, axis in [((6, 3), 0), ((6, 3), 1), ((6, 3), -1), ((4, 3, 2), 1), ((4, 3, 2), -3), ((4, 3, 2), 2),
                            ((5,), 0)]:
            x = _values(dtype, shape, r, high=2)
            out.append(_case("unique", [x], dict(axis=axis)))
            out.append(_case("unique", [x], dict(allf, axis=axis)))
    for f in flags:
        out.append(_case("unique", [_values("int64", (7, 2), r, high=2)], dict(f, axis=0)))
    # Sub-arrays with NaN (never equal, even to themselves), and equal_nan has no effect.
    m = np.array([[np.nan, 1], [np.nan, 0], [1, np.nan], [1, 0], [np.nan, np.nan], [np.nan, 0], [1, 0]])
    for equal_nan in (True, False):
        out.append(_case("unique", [m], dict(allf, axis=0, equal_nan=equal_nan)))
        out.append(_case("unique", [m.T.copy()], dict(allf, axis=1, equal_nan=equal_nan)))
    # Empty sub-arrays, and no sub-arrays.
    for shape, axis in [((3, 0), 0), ((0, 3), 0), ((0, 3), 1), ((3, 0), 1), ((2, 0, 3), 1), ((2, 0, 3), 0)]:
        out.append(_case("unique", [np.zeros(shape)], dict(allf, axis=axis)))
    # NumPy's errors: an axis out of range, any axis of a 0-d array.
    out.append(_case("unique", [np.zeros((2, 3))], dict(axis=2)))
    out.append(_case("unique", [np.zeros((2, 3))], dict(axis=-3)))
    out.append(_case("unique", [np.array(1.0)], dict(axis=0)))
    out.append(_case("unique", [np.array(1.0)], dict(return_counts=True, axis=-1)))
    return out


def array_api_cases(r):
    out = []
    for op, (i, v, c) in ARRAY_API.items():
        fn = lambda x, i=i, v=v, c=c: _array_api(x, i, v, c)
        for dtype in FLOATS + INTS + COMPLEX + ["bool"]:
            for shape in [(0,), (), (8,), (3, 4), (2, 0, 2)]:
                x = _values(dtype, shape, r, nan=dtype in FLOATS + COMPLEX)
                out.append(_case(op, [x], {}, fn=fn))
        out.append(_case(op, [np.full((2, 3), np.nan)], {}, fn=fn))
    return out


PARTNERS = ["float64", "int64"]


def _pairs():
    """(dtype of ar1, dtype of ar2): the same type for every type, then every type with a
    float64 and an int64 partner."""
    types = FLOATS + INTS + COMPLEX + ["bool"]
    return [(t, t) for t in types] + [(t, p) for t in types for p in PARTNERS if p != t]


def _operands(d1, d2, r, s1=(7,), s2=(5,), nan=True, high=6):
    return (_values(d1, s1, r, high=high, nan=nan and d1 in FLOATS + COMPLEX),
            _values(d2, s2, r, high=high, nan=nan and d2 in FLOATS + COMPLEX))


def two_operand_cases(r):
    out = []
    ops = ["in1d", "isin", "intersect1d", "union1d", "setdiff1d", "setxor1d"]
    for d1, d2 in _pairs():
        for op in ops:
            a, b = _operands(d1, d2, r)
            out.append(_case(op, [a, b]))
    # Shapes: 2-d operands (isin keeps element's shape), 0-d, empty, a long ar2 (NumPy's
    # sort path of in1d) and a short one (its loop path).
    shapes = [((2, 3), (2, 2)), ((), (4,)), ((3,), ()), ((0,), (4,)), ((4,), (0,)), ((0,), (0,)), ((2, 0), (3,)),
              ((30,), (60,)), ((3, 4), (1,))]
    for s1, s2 in shapes:
        for op in ops:
            a, b = _operands("float64", "float64", r, s1, s2)
            out.append(_case(op, [a, b]))
        a, b = _operands("int64", "int32", r, s1, s2)
        out.append(_case("isin", [b.astype(np.int64), a]))
    # Options.
    for invert in (False, True):
        for kind in ["", "sort"]:
            for op in ("in1d", "isin"):
                a, b = _operands("float64", "float64", r, (4, 5), (30,))
                out.append(_case(op, [a, b], dict(invert=invert, kind=kind)))
        a, b = _operands("int32", "int64", r, (9,), (12,))
        out.append(_case("in1d", [a, b], dict(invert=invert, kind="table")))
        out.append(_case("isin", [a > 2, b], dict(invert=invert, kind="table")))
        # assume_unique on unique operands: the same answers.
        a = r.permutation(20).astype(np.float64)[:8]
        b = r.permutation(20).astype(np.float64)[:12]
        out.append(_case("in1d", [a, b], dict(assume_unique=True, invert=invert)))
        out.append(_case("isin", [a.reshape(2, 4), b], dict(assume_unique=True, invert=invert)))
    out.append(_case("in1d", [np.arange(3.0), np.arange(2.0)], dict(kind="table")))  # ValueError
    out.append(_case("isin", [np.arange(3), np.arange(2)], dict(kind="hash")))       # ValueError
    for return_indices in (False, True):
        for assume_unique in (False, True):
            for d1, d2 in [("float64", "float64"), ("int32", "int64"), ("float32", "float64"), ("bool", "int64"),
                           ("complex128", "float64")]:
                if assume_unique:
                    a = r.permutation(9)[:6].astype(d1)
                    b = r.permutation(9)[:5].astype(d2)
                else:
                    a, b = _operands(d1, d2, r, (3, 4), (9,))
                out.append(_case("intersect1d", [a, b], dict(assume_unique=assume_unique, return_indices=return_indices)))
            # int64 values beyond 2^53 that become equal as float64: NumPy's index arithmetic
            # then takes a negative index from the end.
            big = np.array([2 ** 53, 2 ** 53 + 1, 3], np.int64)
            out.append(_case("intersect1d", [big, np.array([3.0, 7.0])],
                             dict(assume_unique=assume_unique, return_indices=return_indices)))
            # NumPy's algorithm on operands with duplicates under assume_unique (repeated values come out).
            a, b = np.array([3, 1, 1, 5], np.int64), np.array([1, 3, 2, 2], np.int64)
            out.append(_case("intersect1d", [a, b], dict(assume_unique=True, return_indices=return_indices)))
            out.append(_case("intersect1d", [np.array([np.nan, 1.0]), np.array([np.nan, 1.0])],
                             dict(assume_unique=assume_unique, return_indices=return_indices)))
    for assume_unique in (False, True):
        for d1, d2 in [("float64", "float64"), ("int32", "int64"), ("float32", "int64"), ("uint8", "float64")]:
            a = r.permutation(10)[:7].astype(d1)
            b = r.permutation(10)[:4].astype(d2)
            out.append(_case("setdiff1d", [a, b], dict(assume_unique=assume_unique)))
            out.append(_case("setxor1d", [a, b], dict(assume_unique=assume_unique)))
        # Duplicates: setdiff1d keeps ar1's order and repeats (NumPy's loop and table paths).
        dup = np.array([3, 1, 2, 3, 5], np.int64)
        out.append(_case("setdiff1d", [dup, np.array([2], np.int64)], dict(assume_unique=True)))
        out.append(_case("setdiff1d", [dup.astype(np.float64), np.array([2.0])], dict(assume_unique=True)))
        out.append(_case("setxor1d", [np.array([np.nan, 1.0]), np.array([np.nan, 2.0])], dict(assume_unique=assume_unique)))
    return out


def cases():
    r = rng(2024)
    out = unique_cases(r) + array_api_cases(r) + two_operand_cases(r)
    return out


def flops(case):
    import costs

    op = case["op"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    if op == "unique":
        axis = case["kwargs"].get("axis")
        return costs.charge(op, shapes[0], None if axis is None else axis % len(shapes[0]))
    if op in ARRAY_API:
        return costs.charge(op, shapes[0])
    return costs.charge(op, shapes[0], shapes[1])

"""Indexing and views (issue 8): NumPy's basic indexing, boolean masks, integer index
arrays, and writes through views. NumPy answers every case at test time.

Index items, as the C++ side decodes them into `me::index_item`s:
    an integer                    an integer index (negatives from the end)
    {"slice": [start, stop, step]} `me::slice(...)` with null for `me::none`: [] is `:`
                                  (`me::slice()`), [stop] the one-argument `me::slice(stop)`,
                                  [start, stop] and [start, stop, step] the others
    "newaxis", "none"             `me::newaxis`, `me::none` (both NumPy's None)
    "..."                         `me::ellipsis`
A case applies `steps` in turn, each a dict of one key:
    {"subscript": [items]}  a.subscript(items): a view (NumPy's a[tuple(items)])
    {"getitem": i}          a[i]: a view of rank ndim-1
    {"element": [ints]}     a(i, j, ...): one element (exactly ndim integers)
    {"mask": array}         a[mask]: a copy
    {"take": array}         a[indices]: a copy
Read cases ("element", "subscript", "getitem", "mask", "take": one step; "chain": a view
of a view, two or three steps) expect the final result. Assignment cases ("assign_scalar",
"assign", "iadd", "isub", "imul", "idiv") write `value` into the view the steps give (none:
the whole array itself, for the compound ones) and expect the BASE array afterwards: the
write went through the view. `value` is {"scalar": v}, an encoded array, or
{"self": [steps]}, a view of the base itself (overlapping reads). Error cases carry the
NumPy error's name in kwargs["error"] so that the C++ side checks the exception type;
an assignment that raises must leave the base as it was.

Indexing copies values, so every case compares exactly (rtol = atol = 0, exact dtype).
"""
import warnings

import numpy as np

from common import enc, rng, sample

R = rng(808)
EXACT = {"rtol": 0.0, "atol": 0.0, "exact_dtype": True}
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)

SHAPES = [(), (5,), (1,), (0,), (7,), (3, 4), (4, 1), (0, 3), (2, 5), (1, 1),
          (2, 3, 4), (3, 1, 2), (2, 0, 3), (2, 3, 2, 3), (1, 2, 3, 4), (3, 2, 1, 2)]


# ---------------------------------------------------------------------------------------
# Index items and steps, in JSON and as NumPy sees them

def S(*parts):
    """A slice item: S() is ':', S(stop), S(start, stop), S(start, stop, step)."""
    return {"slice": list(parts)}


NEW, NONE, ELL = "newaxis", "none", "..."


def np_item(e):
    if isinstance(e, bool):
        raise TypeError("bool items are not generated")
    if isinstance(e, int):
        return e
    if e in (NEW, NONE):
        return None
    if e == ELL:
        return Ellipsis
    parts = e["slice"]
    return slice(None) if not parts else slice(*parts)


def np_step(x, step):
    """One step on a NumPy array, keeping views: basic indexing that selects a single
    element gets a trailing Ellipsis (NumPy then gives a 0-d view, as mechestim does)."""
    (kind, arg), = step.items()
    if kind == "subscript":
        t = tuple(np_item(e) for e in arg)
        if not any(e is Ellipsis for e in t):
            t = t + (Ellipsis,)
        return x[t]
    if kind == "getitem":
        return x[arg, ...]
    if kind == "element":
        if len(arg) < x.ndim:  # mechestim's a(i, ...) takes one integer per dimension
            raise IndexError("a(i, ...) with integers only takes one index per dimension")
        return np.asarray(x[tuple(arg)])
    if kind == "mask":
        return x[decode(arg)]
    if kind == "take":
        return x[decode(arg)]
    raise ValueError(kind)


def decode(e):
    return np.array(e["data"], dtype=e["dtype"]).reshape(e["shape"])


def walk(x, steps):
    for s in steps:
        x = np_step(x, s)
    return x


def outcome(fn):
    """fn()'s value, or the error NumPy raises (IndexError or ValueError only: another
    error would be a case the C++ side cannot express). NumPy 1.24 still answers an index
    array out of range when the result is empty (a DeprecationWarning announcing the
    IndexError to come); mechestim raises it already, so that counts as the IndexError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            return fn(), None
    except (IndexError, ValueError) as e:
        return None, e
    except DeprecationWarning as e:
        return None, IndexError(str(e))


def read_case(op, base, steps, tags):
    value, err = outcome(lambda: np.asarray(walk(base, steps)))
    case = {"op": op, "args": [enc(base), steps], "kwargs": {}, "tags": sorted(set(tags)), **EXACT}
    if err is not None:
        case["expected"] = {"error": type(err).__name__}
        case["kwargs"] = {"error": type(err).__name__, "numpy_message": str(err)}
    else:
        case["expected"] = enc(value)
    return case


def tags_of_items(items, shape):
    """Index kinds in a subscript, for the corpus summary."""
    t = set()
    ndim = len(shape)
    consumed = [e for e in items if isinstance(e, int) or isinstance(e, dict)]
    kinds = set()
    for e in items:
        if isinstance(e, int):
            kinds.add("int")
            t.add("int")
            if e < 0:
                t.add("negative-int")
        elif isinstance(e, dict):
            kinds.add("slice")
            t.add("slice")
            parts = e["slice"]
            if len(parts) == 3 and parts[2] is not None and parts[2] < 0:
                t.add("negative-step")
        elif e == ELL:
            kinds.add("ellipsis")
            pos = items.index(ELL)
            t.add("ellipsis-front" if pos == 0 else "ellipsis-end" if pos == len(items) - 1 else "ellipsis-middle")
        else:
            kinds.add("newaxis")
            t.add("newaxis")
    if len(kinds) >= 2:
        t.add("mixed")
    # clipping: a slice bound outside [-n, n] of its axis
    axis = 0
    ell_span = ndim - len(consumed)
    for e in items:
        if e == ELL:
            axis += max(ell_span, 0)
        elif isinstance(e, int):
            axis += 1
        elif isinstance(e, dict):
            n = shape[axis] if axis < ndim else 0
            for b in e["slice"][:2] if len(e["slice"]) > 1 else e["slice"]:
                if b is not None and (b > n or b < -n):
                    t.add("clipped-bound")
            axis += 1
    return t


# ---------------------------------------------------------------------------------------
# Random index expressions

def base_array(shape, dtype=None):
    if dtype is None:
        dtype = "int64" if R.random() < 0.25 else "float64"
    return sample(shape, dtype, R, -50, 50)


def rand_bound(n):
    if R.random() < 0.3:
        return None
    return int(R.integers(-n - 3, n + 4))


def rand_slice(n):
    form = R.integers(0, 10)
    if form == 0:
        return S()
    if form == 1:
        return S(rand_bound(n))
    if form == 2:
        return S(rand_bound(n), rand_bound(n))
    step = [None, 1, 2, 3, -1, -2, -3][R.integers(0, 7)]
    return S(rand_bound(n), rand_bound(n), step)


def rand_items(shape, p_int=0.3, p_ellipsis=0.4, max_new=2):
    """A valid basic index for `shape`: consumed axes split around an optional ellipsis,
    integers in range, new axes anywhere."""
    ndim = len(shape)
    k = int(R.integers(0, ndim + 1))
    use_ell = R.random() < p_ellipsis
    before = int(R.integers(0, k + 1)) if use_ell else k
    axes = list(range(before)) + list(range(ndim - (k - before), ndim))
    items = []
    for ax in axes:
        n = shape[ax]
        if n > 0 and R.random() < p_int:
            items.append(int(R.integers(-n, n)))
        else:
            items.append(rand_slice(n))
    if use_ell:
        items.insert(before, ELL)
    for _ in range(int(R.integers(0, max_new + 1))):
        items.insert(int(R.integers(0, len(items) + 1)), NEW if R.random() < 0.5 else NONE)
    return items


def rand_mask(shape, lead=None):
    lead = len(shape) if lead is None else lead
    return enc(R.random(shape[:lead]) < 0.5)


def rand_indices(n, shape=None, dtype="int64"):
    shape = (int(R.integers(0, 5)),) if shape is None else shape
    if n == 0:  # no valid index: an empty index array (bad indices are chosen cases)
        return enc(np.zeros((0,) + tuple(shape[1:]), dtype=dtype))
    lo = 0 if dtype == "uint8" else -n
    return enc(R.integers(lo, n, size=shape).astype(dtype))


def rand_step(x):
    """A random step that is valid for the NumPy array x (for views of views)."""
    kinds = ["subscript", "subscript", "getitem", "element", "mask", "take"]
    while True:
        kind = kinds[R.integers(0, len(kinds))]
        if kind == "subscript":
            return {"subscript": rand_items(x.shape)}, ["subscript"]
        if kind == "getitem" and x.ndim > 0 and x.shape[0] > 0:
            return {"getitem": int(R.integers(-x.shape[0], x.shape[0]))}, ["getitem"]
        if kind == "element" and all(d > 0 for d in x.shape):
            return {"element": [int(R.integers(-d, d)) for d in x.shape]}, ["element"]
        if kind == "mask":
            return {"mask": rand_mask(x.shape, int(R.integers(0, x.ndim + 1)))}, ["mask"]
        if kind == "take" and x.ndim > 0 and x.shape[0] > 0:
            return {"take": rand_indices(x.shape[0])}, ["take"]


# ---------------------------------------------------------------------------------------
# The read corpus

def subscript_cases():
    out = []
    for shape in SHAPES:
        for _ in range(12 if len(shape) >= 2 else 8):
            a = base_array(shape)
            items = rand_items(shape)
            out.append(read_case("subscript", a, [{"subscript": items}], tags_of_items(items, shape)))
    # Chosen expressions: every kind, clipping, empty results, the ellipsis at each place.
    a1 = base_array((6,), "float64")
    a2 = base_array((3, 4), "float64")
    a3 = base_array((2, 3, 4), "int64")
    a4 = base_array((2, 3, 2, 3), "float64")
    e2 = base_array((0, 3), "float64")
    chosen = [
        (a1, [S(3, 1)]), (a1, [S(5, None)]), (a1, [S(10, None)]), (a1, [S(-100, 100)]), (a1, [S(None, None, -1)]),
        (a1, [S(None, None, -2)]), (a1, [S(4, 1, -1)]), (a1, [S(1, 4, -1)]), (a1, [S(-1, -7, -1)]), (a1, [S(-1, -100, -2)]),
        (a1, [S(100, -100, -3)]), (a1, [S(2)]), (a1, [S(-2)]), (a1, [S()]), (a1, [S(None)]), (a1, [S(2, None)]),
        (a1, [S(None, 3)]), (a1, [S(0, 6, 7)]), (a1, [S(I64_MIN, I64_MAX)]), (a1, [S(I64_MAX, I64_MIN, -1)]),
        (a1, [S(None, None, I64_MAX)]), (a1, [S(None, None, I64_MIN)]), (a1, [S(None, None, I64_MIN + 1)]),
        (a1, [-1]), (a1, [-6]), (a1, [0]), (a1, [5]), (a1, []), (a1, [ELL]), (a1, [NEW]), (a1, [NONE, ELL, NEW]),
        (a2, [1]), (a2, [-1, -1]), (a2, [S(), 2]), (a2, [ELL, 1]), (a2, [1, ELL]), (a2, [ELL, S(None, None, -1)]),
        (a2, [S(None, None, -1), S(None, None, -1)]), (a2, [S(2, 0, -1), S(3, None, -2)]), (a2, [NEW, S(), NEW, S(), NEW]),
        (a2, [S(5, 8)]), (a2, [S(1, 2), S(4, 9)]), (a2, [S(3, 1), 0]), (a2, [0, S(3, 1)]), (a2, [NONE, -3, ELL]),
        (a3, [ELL]), (a3, [ELL, 0]), (a3, [0, ELL]), (a3, [0, ELL, 0]), (a3, [S(), ELL, S()]), (a3, [1, ELL, NEW, 2]),
        (a3, [NEW, ELL, NEW]), (a3, [ELL, NEW]), (a3, [1, 2, 3]), (a3, [-1, -2, -3, ELL]), (a3, [ELL, -1, -2, -3]),
        (a3, [S(None, None, 2), S(None, None, 2), S(None, None, 2)]), (a3, [S(None, None, -1), 1, S(1, None, -2)]),
        (a4, [1, ELL, 2]), (a4, [ELL, S(1, None), S(None, None, -1)]), (a4, [S(), NEW, ELL, NEW, S()]),
        (a4, [0, S(1, 3), 1, S(None, None, -2)]), (a4, [-1, -1, -1, -1]), (a4, [NONE, 1, NONE, S(), NONE, ELL]),
        (e2, [S()]), (e2, [ELL, 1]), (e2, [S(None, None, -1)]), (e2, [S(), S(1, 2)]), (e2, [NEW, ELL]),
        (base_array((3, 0, 2), "int64"), [1, ELL]), (base_array((3, 0, 2), "float64"), [S(None, None, -1), S(), -1]),
        (base_array((), "float64"), []), (base_array((), "float64"), [ELL]), (base_array((), "int64"), [NEW]),
        (base_array((), "float64"), [NEW, ELL, NONE]), (base_array((), "float64"), [ELL, NEW]),
    ]
    for a, items in chosen:
        out.append(read_case("subscript", a, [{"subscript": items}], tags_of_items(items, a.shape)))
    return out


def subscript_errors():
    a1 = base_array((5,), "float64")
    a2 = base_array((3, 4), "float64")
    a3 = base_array((2, 3, 4), "int64")
    a0 = base_array((), "float64")
    bad = [
        (a1, [5], "out-of-range"), (a1, [-6], "out-of-range"), (a2, [3, 0], "out-of-range"), (a2, [0, -5], "out-of-range"),
        (a2, [S(), 4], "out-of-range"), (a3, [ELL, 4], "out-of-range"), (a3, [1, ELL, -5], "out-of-range"),
        (a1, [I64_MAX], "out-of-range"), (a1, [I64_MIN], "out-of-range"), (base_array((0,), "float64"), [0], "out-of-range"),
        (a1, [0, 0], "too-many"), (a2, [0, S(), 1], "too-many"), (a3, [S(), S(), S(), S()], "too-many"),
        (a0, [0], "too-many"), (a0, [S()], "too-many"), (a2, [0, 0, ELL, 0], "too-many"),
        (a1, [ELL, ELL], "two-ellipses"), (a2, [ELL, 0, ELL], "two-ellipses"), (a0, [ELL, ELL], "two-ellipses"),
        (a3, [ELL, NEW, ELL], "two-ellipses"),
        (a1, [S(None, None, 0)], "step-0"), (a2, [0, S(1, 2, 0)], "step-0"), (a3, [ELL, S(None, None, 0)], "step-0"),
        (base_array((0,), "int64"), [S(None, None, 0)], "step-0"),
    ]
    return [read_case("subscript", a, [{"subscript": items}], ["error", why]) for a, items, why in bad]


def element_cases():
    out = []
    for shape in SHAPES:
        if any(d == 0 for d in shape):
            continue
        for _ in range(3):
            a = base_array(shape)
            ints = [int(R.integers(-d, d)) for d in shape]
            out.append(read_case("element", a, [{"element": ints}], ["element"] + (["negative-int"] if any(i < 0 for i in ints) else [])))
    a = base_array((3, 4), "float64")
    errors = [
        (a, [3, 0], "out-of-range"), (a, [0, 4], "out-of-range"), (a, [-4, 0], "out-of-range"), (a, [0, -5], "out-of-range"),
        (a, [0, 0, 0], "too-many"), (base_array((), "int64"), [0], "too-many"),
        (base_array((4,), "float64"), [0, 0, 0, 0, 0], "too-many"),
        # mechestim's a(i, ...) with integers only takes exactly ndim of them (NumPy would
        # give a sub-array; here that is a[i] or a(i, me::ellipsis)).
        (a, [0], "too-few"), (base_array((2, 3, 4), "float64"), [1, 1], "too-few"), (base_array((2, 2), "int64"), [], "too-few"),
        (base_array((0, 2), "float64"), [0, 0], "out-of-range"),
    ]
    out += [read_case("element", x, [{"element": ints}], ["element", "error", why]) for x, ints, why in errors]
    return out


def getitem_cases():
    out = []
    for shape in SHAPES:
        if not shape or shape[0] == 0:
            continue
        for i in sorted({0, -1, int(R.integers(-shape[0], shape[0]))}):
            out.append(read_case("getitem", base_array(shape), [{"getitem": i}], ["getitem"] + (["negative-int"] if i < 0 else [])))
    for x, i in ((base_array((3, 4)), 3), (base_array((3, 4)), -4), (base_array((0, 2)), 0), (base_array(()), 0),
                 (base_array((2,)), I64_MAX)):
        out.append(read_case("getitem", x, [{"getitem": i}], ["getitem", "error"]))
    return out


def mask_cases():
    out = []
    for shape in SHAPES:
        for lead in range(len(shape) + 1):
            a = base_array(shape)
            out.append(read_case("mask", a, [{"mask": rand_mask(shape, lead)}],
                                 ["mask", "full-mask" if lead == len(shape) else "leading-mask"]))
    a = base_array((3, 4), "float64")
    for m in (np.zeros((3, 4), bool), np.ones((3, 4), bool), np.array([True, False, True]), np.array(True), np.array(False)):
        out.append(read_case("mask", a, [{"mask": enc(m)}], ["mask"]))
    bad = [np.ones((4,), bool), np.ones((3, 3), bool), np.ones((3, 4, 1), bool), np.ones((2, 4), bool), np.ones((1, 4), bool)]
    out += [read_case("mask", a, [{"mask": enc(m)}], ["mask", "error", "wrong-mask-shape"]) for m in bad]
    out.append(read_case("mask", base_array(()), [{"mask": enc(np.ones((1,), bool))}], ["mask", "error", "wrong-mask-shape"]))
    out.append(read_case("mask", base_array((2, 0)), [{"mask": enc(np.ones((2, 1), bool))}], ["mask", "error", "wrong-mask-shape"]))
    return out


def take_cases():
    out = []
    for shape in SHAPES:
        if not shape:
            continue
        n = shape[0]
        for ishape in ((int(R.integers(0, 6)),), (2, 3), (0,)):
            out.append(read_case("take", base_array(shape), [{"take": rand_indices(n, ishape)}], ["take"]))
    a = base_array((4, 3), "float64")
    chosen = [np.array([0, 0, 3, 3, 1], np.int64), np.array([-1, -4, 2], np.int64), np.array([[3, -1], [0, 0]], np.int64),
              np.array([], np.int64), np.zeros((2, 0), np.int64), np.array(2, np.int64), np.array(-1, np.int64),
              np.array([1, -2, 3], np.int32), np.array([[0], [3]], np.int32), np.array([3, 0, 0, 2], np.uint8),
              np.array([], np.uint8)]
    for idx in chosen:
        tags = ["take"] + (["negative-int"] if idx.size and idx.min() < 0 else []) + (["empty"] if idx.size == 0 else [])
        out.append(read_case("take", a, [{"take": enc(idx)}], tags + [f"index-{idx.dtype}"]))
    for x in (base_array((5,), "int64"), base_array((2, 3, 2), "float64")):
        out.append(read_case("take", x, [{"take": enc(np.array([1, 1, 1, -1], np.int64))}], ["take", "repeated"]))
    bad = [(a, np.array([4], np.int64)), (a, np.array([0, -5], np.int64)), (a, np.array([[1, 2], [9, 0]], np.int64)),
           (a, np.array([4], np.uint8)), (a, np.array([-5], np.int32)), (base_array((0, 2)), np.array([0], np.int64)),
           (base_array(()), np.array([0], np.int64)), (base_array(()), np.array([], np.int64)),
           (base_array((0, 1, 0)), np.array([0, 0], np.int64)), (base_array((2, 0)), np.array([2], np.int64))]
    out += [read_case("take", x, [{"take": enc(i)}], ["take", "error", "index-array-out-of-range"]) for x, i in bad]
    return out


def chain_cases():
    """Views of views: a subscript, then one or two more steps on its result."""
    out = []
    shapes = [s for s in SHAPES if len(s) >= 1]
    while len(out) < 70:
        shape = shapes[R.integers(0, len(shapes))]
        a = base_array(shape)
        steps = [{"subscript": rand_items(shape, max_new=1)}]
        tags = ["view-of-view"]
        x = walk(a, steps)
        for _ in range(int(R.integers(1, 3))):
            step, t = rand_step(x)
            steps.append(step)
            tags += t
            if "element" in step or "mask" in step or "take" in step:
                break
            x = walk(x, [step])
        out.append(read_case("chain", a, steps, tags))
    a = base_array((4, 5), "float64")
    fixed = [
        [{"subscript": [S(None, None, -1)]}, {"subscript": [S(None, None, -1)]}],
        [{"subscript": [S(1, None), S(None, None, 2)]}, {"getitem": -1}, {"subscript": [S(None, None, -1)]}],
        [{"subscript": [ELL, NEW]}, {"subscript": [S(), 0, 0]}],
        [{"subscript": [S(3, 1)]}, {"subscript": [ELL, S(None, None, -1)]}],
        [{"subscript": [S(None, None, 2)]}, {"element": [1, -1]}],
        [{"getitem": 2}, {"getitem": -1}],
        [{"subscript": [S(None, None, -1), S(1, 4)]}, {"mask": enc(np.array([True, False, False, True]))}],
        [{"subscript": [S(None, None, -2)]}, {"take": enc(np.array([1, 0, -1, 1], np.int64))}],
    ]
    out += [read_case("chain", a, s, ["view-of-view"]) for s in fixed]
    errors = [
        [{"subscript": [S(1, 3)]}, {"getitem": 2}],
        [{"subscript": [S(None, None, 2)]}, {"element": [2, 0]}],
        [{"subscript": [0]}, {"subscript": [0, 0]}],
        [{"subscript": [S(), S(None, 2)]}, {"subscript": [ELL, 2]}],
        [{"subscript": [S()]}, {"subscript": [S(None, None, 0)]}],
        [{"subscript": [ELL, 1]}, {"mask": enc(np.ones(5, bool))}],
        [{"subscript": [S(2, None)]}, {"take": enc(np.array([2], np.int64))}],
        [{"getitem": 0}, {"subscript": [ELL, ELL]}],
    ]
    out += [read_case("chain", a, s, ["view-of-view", "error"]) for s in errors]
    return out


# ---------------------------------------------------------------------------------------
# The assignment corpus

COMPOUND = {"iadd": ("add", np.add), "isub": ("subtract", np.subtract), "imul": ("multiply", np.multiply),
            "idiv": ("divide", np.divide)}


def np_value(base, value):
    if "scalar" in value:
        return value["scalar"]
    if "self" in value:
        return walk(base, value["self"])
    if "view_of" in value:
        return walk(decode(value["view_of"]), value["steps"])
    return decode(value)


def np_target(base, steps):
    return base if steps is None else walk(base, steps)


def assign_case(op, base, steps, value, tags, read_only=False):
    def run():
        b = base.copy()
        if read_only:
            b.setflags(write=False)
        t = np_target(b, steps)
        v = np_value(b, value)
        if op in ("assign", "assign_scalar"):
            t[...] = v
        else:
            COMPOUND[op][1](t, v, out=t, casting="same_kind")
        return b, t.shape

    res, err = outcome(run)
    case = {"op": op, "args": [enc(base), steps, value], "kwargs": {"read_only": read_only}, "tags": sorted(set(tags)),
            **EXACT}
    if err is not None:
        case["expected"] = {"error": type(err).__name__}
        case["kwargs"].update({"error": type(err).__name__, "numpy_message": str(err)})
    else:
        case["expected"] = enc(res[0])
        case["target_shape"] = list(res[1])
    return case


def rand_value(shape, dtype):
    """An array that broadcasts to `shape`: the shape itself, a suffix, or with some axes 1."""
    shape = list(shape)
    k = int(R.integers(0, len(shape) + 1))
    sub = shape[len(shape) - k:]
    sub = [1 if (d > 0 and R.random() < 0.3) else d for d in sub]
    return enc(sample(sub, dtype, R, -9, 9))


def scalar_for(dtype):
    return {"scalar": int(R.integers(-9, 10))} if dtype == "int64" or R.random() < 0.2 else {"scalar": float(R.uniform(-9, 9))}


def assignment_cases():
    out = []
    ops = ["assign_scalar", "assign", "iadd", "isub", "imul", "idiv"]
    shapes = [s for s in SHAPES if len(s) >= 1]
    count = 0
    while count < 150:
        shape = shapes[R.integers(0, len(shapes))]
        dtype = "int64" if R.random() < 0.3 else "float64"
        op = ops[R.integers(0, len(ops))]
        if op == "idiv" and dtype == "int64":
            continue  # true division of an int64 view in place does not compile (same_kind)
        base = sample(shape, dtype, R, -50, 50)
        steps = [{"subscript": rand_items(shape, max_new=1)}]
        if R.random() < 0.2:  # a view of a view
            x = walk(base, steps)
            if x.ndim > 0 and x.shape[0] > 0:
                steps.append({"getitem": int(R.integers(-x.shape[0], x.shape[0]))})
            else:
                steps.append({"subscript": rand_items(x.shape, max_new=0)})
        target = walk(base, steps)
        value = scalar_for(dtype) if op == "assign_scalar" or R.random() < 0.25 else rand_value(target.shape, dtype)
        tags = [op, "view-of-view" if len(steps) > 1 else "view"]
        if op == "assign" and "scalar" in value:
            op = "assign_scalar"
        if "shape" in value and tuple(value["shape"]) != target.shape:
            tags.append("broadcast")
        out.append(assign_case(op, base, steps, value, tags))
        count += 1

    a = sample((4, 5), "float64", R, -9, 9)
    ai = sample((4, 5), "int64", R, -9, 9)
    f = lambda shape, dt="float64": enc(sample(shape, dt, R, -9, 9))
    fixed = [
        # writes through chosen views
        ("assign_scalar", a, [{"subscript": [S(None, None, -2), S(1, None, 2)]}], {"scalar": 0.5}, ["negative-step"]),
        ("assign_scalar", ai, [{"subscript": [S(), S(3, 1)]}], {"scalar": 7}, ["empty"]),
        ("assign_scalar", ai, [{"subscript": [ELL, 0]}], {"scalar": 2.7}, ["float-into-int"]),
        ("assign_scalar", ai, [{"subscript": [1, ELL]}], {"scalar": -2.7}, ["float-into-int"]),
        ("assign_scalar", a, [{"subscript": [2, 3]}], {"scalar": 3}, ["int-into-float", "0-d"]),
        ("assign", a, [{"subscript": [S(), 1]}], f((4,)), []),
        ("assign", a, [{"subscript": [S(), 1]}], f((1,)), ["broadcast"]),
        ("assign", a, [{"subscript": [S(1, 3)]}], f((5,)), ["broadcast"]),
        ("assign", a, [{"subscript": [S(1, 3), NEW]}], f((1, 5)), ["broadcast", "newaxis"]),
        ("assign", a, [{"subscript": [S(None, None, -1), S(None, None, -1)]}], f((4, 1)), ["broadcast"]),
        ("assign", a, [{"subscript": [S(None, None, 3)]}, {"subscript": [S(), S(None, None, 2)]}], f((2, 3)), ["view-of-view"]),
        ("assign", a, [{"subscript": [0, 0]}], f(()), ["0-d"]),
        ("assign", a, [{"subscript": [S(5, None)]}], f((0, 5)), ["empty"]),
        ("assign", a, [{"subscript": [S(5, None)]}], f((5,)), ["empty", "broadcast"]),
        ("assign", ai, [{"subscript": [S(None, 2)]}], f((2, 5)), ["float-into-int"]),
        ("assign", a, [{"subscript": [S(None, 2)]}], f((2, 5), "int64"), ["int-into-float"]),
        # overlapping reads: NumPy reads the old values
        ("assign", a, [{"subscript": [S(1, None)]}], {"self": [{"subscript": [S(None, -1)]}]}, ["overlap"]),
        ("assign", a, [{"subscript": [S(None, -1)]}], {"self": [{"subscript": [S(1, None)]}]}, ["overlap"]),
        ("assign", a, [{"subscript": [S(None, None, -1)]}], {"self": [{"subscript": []}]}, ["overlap"]),
        ("assign", a, [{"subscript": [S(), S(None, None, -1)]}], {"self": [{"getitem": 0}]}, ["overlap", "broadcast"]),
        ("iadd", a, [{"subscript": [S(1, None)]}], {"self": [{"subscript": [S(None, -1)]}]}, ["overlap"]),
        ("isub", a, [{"subscript": [S(None, None, -1)]}], {"self": [{"subscript": []}]}, ["overlap"]),
        ("imul", a, [{"subscript": [S(), S(None, None, -1)]}], {"self": [{"getitem": 0}]}, ["overlap", "broadcast"]),
        ("iadd", a, None, {"self": [{"subscript": [S(None, None, -1)]}]}, ["overlap", "whole-array"]),
        # compound assignment on chosen views
        ("iadd", a, [{"subscript": [S(None, None, 2)]}], f((5,)), ["broadcast"]),
        ("isub", a, [{"subscript": [ELL, S(None, None, -1)]}], f((4, 1)), ["broadcast", "negative-step"]),
        ("imul", a, [{"subscript": [1]}], {"scalar": 2}, ["int-into-float"]),
        ("idiv", a, [{"subscript": [S(), 2, NEW]}], f((1,)), ["broadcast", "newaxis"]),
        ("iadd", a, [{"subscript": [S(3, 1)]}], {"scalar": 1.0}, ["empty"]),
        ("iadd", a, [{"subscript": [S(3, 1)]}], f((5,)), ["empty", "broadcast"]),
        ("iadd", a, [{"subscript": [0, 0]}], {"scalar": 1.5}, ["0-d"]),
        ("iadd", a, [{"subscript": [S(), S(1, 3)]}], f((4, 2), "int64"), ["int-into-float"]),
        ("imul", ai, [{"subscript": [S(1, None, 2)]}], f((2, 5), "int64"), []),
        ("isub", ai, [{"getitem": -1}], {"scalar": 3}, []),
        ("iadd", a, None, f((5,)), ["whole-array", "broadcast"]),
        ("imul", ai, None, {"scalar": -2}, ["whole-array"]),
        ("idiv", a, None, f((4, 5)), ["whole-array"]),
        ("iadd", sample((), "float64", R), None, {"scalar": 1.25}, ["whole-array", "0-d"]),
        ("isub", sample((0, 3), "float64", R), None, f((3,)), ["whole-array", "empty"]),
    ]
    for op, base, steps, value, tags in fixed:
        out.append(assign_case(op, base, steps, value, [op] + tags))

    errors = [
        # broadcast mismatch (NumPy's ValueError: could not broadcast / non-broadcastable output)
        ("assign", a, [{"subscript": [S(), 1]}], f((3,))),
        ("assign", a, [{"subscript": [S(1, 3)]}], f((3, 5))),
        ("assign", a, [{"subscript": [S(1, 3)]}], f((2, 5, 1))),
        ("assign", a, [{"subscript": [S(3, 1)]}], f((2,))),
        ("assign", a, [{"subscript": [S(None, None, -1)]}], {"self": [{"subscript": [S(1, None)]}]}),
        ("assign", ai, [{"subscript": [0, 0]}], f((2,), "int64")),
        ("iadd", a, [{"subscript": [S(), 1]}], f((3,))),
        ("iadd", a, [{"subscript": [S(), 1]}], f((2, 4))),
        ("iadd", a, [{"subscript": [S(), 1]}], f((1, 4))),
        ("isub", a, [{"subscript": [0]}], f((4, 5))),
        ("imul", a, [{"subscript": [0, 0]}], f((1,))),
        ("idiv", a, [{"subscript": [S(None, None, 2)]}], f((3, 5))),
        ("iadd", a, None, f((2, 4, 5))),
        ("imul", ai, None, f((5, 4), "int64")),
        ("iadd", a, [{"subscript": [S(None, None, -1)]}], {"self": [{"subscript": [S(1, None)]}]}),
        ("isub", a, [{"subscript": [S(3, 1)]}], f((2, 5))),
        # a bad index on the target or the source: IndexError / ValueError, nothing written
        ("assign_scalar", a, [{"subscript": [4]}], {"scalar": 1.0}),
        ("assign", a, [{"subscript": [0, 0, 0]}], f(())),
        ("iadd", a, [{"subscript": [S(None, None, 0)]}], {"scalar": 1.0}),
        ("isub", a, [{"subscript": [S()]}, {"getitem": -5}], {"scalar": 1.0}),
        ("imul", a, [{"subscript": [ELL, ELL]}], {"scalar": 2.0}),
        ("iadd", a, [{"subscript": [S()]}], {"self": [{"subscript": [0, 9]}]}),
    ]
    for op, base, steps, value in errors:
        out.append(assign_case(op, base, steps, value, [op, "error"]))

    # Strided sources of another array (reversed, stepped, a column), exact or broadcast.
    other = sample((6, 5), "float64", R, -9, 9)
    other_i = sample((6, 5), "int64", R, -9, 9)
    view_of = lambda x, steps: {"view_of": enc(x), "steps": steps}
    strided = [
        ("assign", a, [{"subscript": [S(None, None, -1)]}], view_of(other, [{"subscript": [S(1, 5), S(None, None, -1)]}])),
        ("assign", a, [{"subscript": [S(), S(1, None)]}], view_of(other, [{"subscript": [S(4, 0, -1), S(1, None)]}])),
        ("assign", ai, [{"subscript": [S(None, None, 2), S(1, None, 2)]}],
         view_of(other_i, [{"subscript": [S(None, 4, 2), S(3, None, -2)]}])),
        ("assign", ai, [{"getitem": 2}], view_of(other, [{"subscript": [2, S(None, None, -1)]}])),
        ("assign", a, [{"subscript": [S(1, 3)]}], view_of(other, [{"subscript": [S(None, None, -3), NEW, 1]}])),
        ("iadd", a, [{"subscript": [S(), S(1, None)]}], view_of(other, [{"subscript": [S(5, 1, -1), S(None, 4)]}])),
        ("isub", a, [{"subscript": [S(None, None, -1), S(None, None, -1)]}], view_of(other, [{"subscript": [S(None, 4), NEW, 0]}])),
        ("imul", a, None, view_of(other, [{"subscript": [3, S(None, None, -1)]}])),
        ("idiv", a, [{"subscript": [S(None, None, 3)]}], view_of(other, [{"subscript": [S(None, 2), S(None, None, -1)]}])),
        ("iadd", ai, [{"subscript": [ELL, S(None, None, -1)]}], view_of(other_i, [{"subscript": [S(None, 4), S(None, None, -1)]}])),
        ("imul", a, [{"subscript": [S(1, 3)]}], view_of(other_i, [{"subscript": [0, S(None, None, -1)]}])),
        ("iadd", a, [{"subscript": [S(None, None, -1)]}], view_of(other, [{"getitem": 0}])),
        ("assign", a, [{"subscript": [S(None, None, -1)]}], view_of(other, [{"subscript": [S(None, 4), 0]}])),  # (4,) into (4, 5)
        ("iadd", a, [{"subscript": [S(None, None, -1)]}], view_of(other, [{"subscript": [S(None, 4), 0]}])),  # (4,) into (4, 5)
    ]
    for op, base, steps, value in strided:
        out.append(assign_case(op, base, steps, value, [op, "strided-source"]))

    # Writes through read-only views (views of a const array): NumPy's ValueError
    # ("output array is read-only"), nothing charged or written. Plain assignment through
    # a read-only view does not compile, so only the compound ops are cases.
    for op, steps, value in (("iadd", [{"subscript": [S(None, None, -1)]}], {"scalar": 1.0}),
                             ("isub", [{"getitem": 1}], f((5,))),
                             ("imul", None, {"scalar": 2.0}),
                             ("idiv", [{"subscript": [S(), S(1, 3)]}], view_of(other, [{"subscript": [S(None, 4), S(2, 4)]}]))):
        out.append(assign_case(op, a, steps, value, [op, "read-only", "error"], read_only=True))
    return out


# ---------------------------------------------------------------------------------------
# Cases that once failed (setitem dropping the source's leading length-1 axes, more than
# 64 result dimensions as IndexError, empty boolean masks), kept as regressions.

def known_failures():
    a = np.arange(20.0).reshape(4, 5)
    ones = lambda shape: enc(np.ones(shape))
    out = []
    # 1. NumPy's `v[...] = other` drops other's leading length-1 axes first, so (1, 5) goes
    #    into a (5,) view and (1,) into a 0-d one; mechestim raises me::ValueError
    #    ("assignment: could not broadcast input array from shape (1, 5) into shape (5,)"):
    #      me::array<double> a = me::zeros({4, 5});  a[0] = me::ones({1, 5});
    out += [assign_case("assign", a, [{"getitem": 0}], ones((1, 5)), ["assign", "broadcast", "leading-ones"]),
            assign_case("assign", a, [{"subscript": [S(), 0]}], ones((1, 1, 4)), ["assign", "broadcast", "leading-ones"]),
            assign_case("assign", a, [{"subscript": [1, 1]}], ones((1,)), ["assign", "broadcast", "leading-ones"])]
    # 2. An index whose result would have more than 64 dimensions is NumPy's IndexError
    #    (NumPy 2: "number of dimensions must be within [0, 64]"; NumPy 1.24, whose limit
    #    is 32: "too many indices"); mechestim raises me::ValueError from check_ndim:
    #      me::array<double> a = me::zeros({2});
    #      std::vector<me::index_item> items(65, me::newaxis);  a.subscript(items);
    out += [read_case("subscript", base_array((2,), "float64"), [{"subscript": [NEW] * 65}], ["error", "too-many-dims"]),
            read_case("subscript", base_array((), "float64"), [{"subscript": [ELL] + [NONE] * 65}], ["error", "too-many-dims"])]
    # 3. A boolean mask may have length 0 along an axis of any length (NumPy, and the array
    #    API standard: "the size of each dimension must equal ... or be 0"): a (3, 4) array
    #    indexed by a mask of shape (0,) gives shape (0, 4), by (3, 0) shape (0,);
    #    mechestim raises me::IndexError ("boolean index did not match indexed array"):
    #      me::array<double> a = me::zeros({3, 4});  a[me::zeros<bool>({0})];
    b = base_array((3, 4), "float64")
    out += [read_case("mask", b, [{"mask": enc(np.ones(m, bool))}], ["mask", "zero-length-mask"])
            for m in ((0,), (3, 0), (0, 4))]
    return out


def cases():
    return (subscript_cases() + subscript_errors() + element_cases() + getitem_cases() + mask_cases() + take_cases()
            + chain_cases() + assignment_cases() + known_failures())


# ---------------------------------------------------------------------------------------
# Charges (costs.py): indexing is free (NumPy's `take`, `compress`: formula `free`);
# compound assignment `v op= b` is the op (add, subtract, multiply, divide) on v's shape,
# in place: numel(v), at least 1. Plain assignment copies: free.

def flops(case):
    import costs

    op = case["op"]
    if op in COMPOUND:
        return costs.charge(COMPOUND[op][0], tuple(case["target_shape"]))
    if op in ("assign", "assign_scalar"):
        return costs.charge("copyto")
    if op in ("take", "mask", "element", "subscript", "getitem", "chain"):
        return costs.free()
    raise KeyError(op)


if __name__ == "__main__":
    import collections

    all_cases = cases()
    ops, tags = collections.Counter(), collections.Counter()
    for c in all_cases:
        err = "error" in c["expected"]
        ops[(c["op"], "error" if err else "ok")] += 1
        tags.update(c["tags"])
    for (op, kind), n in sorted(ops.items()):
        print(f"{op:14} {kind:6} {n}")
    print("tags:", dict(sorted(tags.items())))
    print(len(all_cases), "cases")

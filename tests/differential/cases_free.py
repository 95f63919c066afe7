"""Cases for the free ops (creation, shape, joining/splitting, indexing): NumPy answers them.

Ops named as in NumPy 2; those missing from NumPy 1.24 (permute_dims, matrix_transpose,
concat, unstack, linalg.diagonal, linalg.matrix_transpose) are computed from their 1.24
equivalents. Lists of arrays are passed as lists of encoded arrays; results with several
arrays (split, nonzero, meshgrid ...) are lists.
"""
import numpy as np

from common import enc, expect, rng, sample

R = rng(2024)
BASIC = ["bool", "int32", "int64", "float32", "float64"]


def arr(shape, dtype="float64"):
    return sample(shape, dtype, R)


def tup(fn):
    """Wraps a NumPy function whose result is a list of arrays, so that expect() encodes all."""
    return lambda *a, **k: tuple(fn(*a, **k))


def inplace(fn):
    """Runs an in-place NumPy op on a copy of the first argument and returns that copy."""
    def run(a, *rest, **kw):
        a = a.copy()
        fn(a, *rest, **kw)
        return a
    return run


def encode(x):
    if isinstance(x, np.ndarray):
        return enc(x)
    if isinstance(x, list):
        return [encode(e) for e in x]
    return x


def case(op, args, np_fn, np_args=None, kwargs=None, np_kwargs=None):
    """args are what the C++ side receives (arrays encoded); np_args what NumPy receives."""
    kwargs = kwargs or {}
    np_args = args if np_args is None else np_args
    np_kwargs = kwargs if np_kwargs is None else np_kwargs
    return {"op": op, "args": [encode(a) for a in args], "kwargs": kwargs, "expected": expect(np_fn, *np_args, **np_kwargs)}


def creation():
    out = []
    for dt in BASIC:
        for shape in ([2, 3], [0], [], [4, 0, 2]):
            out.append(case("zeros", [shape], np.zeros, kwargs={"dtype": dt}))
            out.append(case("ones", [shape], np.ones, kwargs={"dtype": dt}))
            out.append(case("empty", [shape], np.zeros, kwargs={"dtype": dt}))  # values are not compared
    for v in (7, 2.5, True, -3):
        out.append(case("full", [[2, 2], v], np.full))
    for dt in BASIC:
        a = arr([2, 3], dt)
        out.append(case("zeros_like", [a], np.zeros_like))
        out.append(case("ones_like", [a], np.ones_like))
        out.append(case("empty_like", [a], np.zeros_like))
        out.append(case("full_like", [a, 1.75], np.full_like))
        out.append(case("copy", [a], np.copy))
        out.append(case("asarray_chkfinite", [a], np.asarray_chkfinite))
        for to in ("float64", "int64", "bool", "float32"):
            out.append(case("astype", [a], lambda x, dtype: x.astype(dtype), kwargs={"dtype": to}))
    out.append(case("asarray_chkfinite", [np.array([1.0, np.nan])], np.asarray_chkfinite))
    out.append(case("asarray_chkfinite", [np.array([np.inf, 1.0], dtype=np.float32)], np.asarray_chkfinite))
    for n, m, k in ((3, None, 0), (3, 4, 1), (4, 2, -1), (0, None, 0), (3, 3, 5), (2, 5, -3)):
        out.append(case("eye", [n, m, k], np.eye))
        out.append(case("tri", [n, m, k], np.tri))
    out.append(case("identity", [4], np.identity))
    for a in ((5,), (2, 9), (0, 10, 3), (10, 0, -2), (1.5, 4.0, 0.5), (0, 1, 0.1), (5, 1), (2, 3.0, 0.25), (3, 3)):
        out.append(case("arange", list(a), np.arange))
    out.append(case("arange", [0, 5, 0], np.arange))
    for start, stop, num, endpoint in ((0.0, 1.0, 5, True), (0, 10, 4, False), (-2.5, 3, 7, True),
                                       (1.0, 1.0, 3, True), (0.0, 1.0, 1, True), (0.0, 1.0, 0, True), (2, -1, 6, False)):
        out.append(case("linspace", [start, stop, num], np.linspace, kwargs={"endpoint": endpoint}))
    out.append(case("linspace", [0.0, 1.0, -1], np.linspace, kwargs={"endpoint": True}))
    for dt in ("int64", "float64", "bool"):
        v = arr([3], dt)
        m = arr([3, 4], dt)
        for k in (0, 1, -2):
            out.append(case("diag", [v, k], np.diag))
            out.append(case("diag", [m, k], np.diag))
            out.append(case("diagflat", [arr([2, 2], dt), k], np.diagflat))
    out.append(case("diag", [arr([2, 2, 2])], np.diag))
    x, y, z = arr([3]), arr([2]), arr([4])
    for indexing in ("xy", "ij"):
        for sparse in (False, True):
            out.append(case("meshgrid", [[x, y]], tup(np.meshgrid), np_args=[x, y],
                            kwargs={"indexing": indexing, "sparse": sparse}))
            out.append(case("meshgrid", [[x, y, z]], tup(np.meshgrid), np_args=[x, y, z],
                            kwargs={"indexing": indexing, "sparse": sparse}))
    out.append(case("meshgrid", [[x, y]], tup(np.meshgrid), np_args=[x, y], kwargs={"indexing": "ab", "sparse": False}))
    for dims in ([2, 3], [3], [2, 0, 2], []):
        out.append(case("indices", [dims], np.indices))
    return out


def shape_ops():
    out = []
    for dt in BASIC:
        a = arr([2, 3, 4], dt)
        for ns in ([4, 6], [-1], [2, -1, 2], [24], [3, 8]):
            out.append(case("reshape", [a, ns], np.reshape))
        out.append(case("ravel", [a], np.ravel))
        out.append(case("transpose", [a, None], np.transpose))
        out.append(case("transpose", [a, [1, 2, 0]], np.transpose))
        out.append(case("permute_dims", [a, [2, 0, 1]], np.transpose))
        out.append(case("matrix_transpose", [a], lambda t: np.swapaxes(t, -1, -2)))
        out.append(case("swapaxes", [a, 0, -1], np.swapaxes))
        out.append(case("moveaxis", [a, [0], [-1]], np.moveaxis))
        out.append(case("moveaxis", [a, [0, 1], [-1, 0]], np.moveaxis))
        out.append(case("rollaxis", [a, 2, 0], np.rollaxis))
        out.append(case("rollaxis", [a, 0, 3], np.rollaxis))
        out.append(case("rollaxis", [a, -1, 1], np.rollaxis))
        out.append(case("expand_dims", [a, [0]], np.expand_dims, np_args=[a, 0]))
        out.append(case("expand_dims", [a, [-1, 1]], np.expand_dims, np_args=[a, (-1, 1)]))
        s = arr([1, 3, 1, 2], dt)
        out.append(case("squeeze", [s, None], np.squeeze))
        out.append(case("squeeze", [s, [2]], np.squeeze, np_args=[s, 2]))
        out.append(case("squeeze", [s, [0, -2]], np.squeeze, np_args=[s, (0, -2)]))
        out.append(case("flip", [a, None], np.flip))
        out.append(case("flip", [a, [1]], np.flip, np_args=[a, 1]))
        out.append(case("flip", [a, [0, -1]], np.flip, np_args=[a, (0, -1)]))
        out.append(case("fliplr", [a], np.fliplr))
        out.append(case("flipud", [a], np.flipud))
        for k in (1, 2, 3, -1, 4):
            out.append(case("rot90", [a, k, [0, 1]], np.rot90))
        out.append(case("rot90", [a, 1, [2, 0]], np.rot90))
        out.append(case("roll", [a, [2], None], np.roll, np_args=[a, 2]))
        out.append(case("roll", [a, [-1], [1]], np.roll, np_args=[a, -1, 1]))
        out.append(case("roll", [a, [1, 5], [0, 2]], np.roll, np_args=[a, (1, 5), (0, 2)]))
        b = arr([3, 1], dt)
        out.append(case("broadcast_to", [b, [2, 3, 4]], np.broadcast_to))
        out.append(case("broadcast_to", [b, [0, 3, 4]], np.broadcast_to))
        b4, b211 = arr([4], dt), arr([2, 1, 1], dt)
        out.append(case("broadcast_arrays", [[b, b4, b211]], tup(np.broadcast_arrays), np_args=[b, b4, b211]))
        for f in ("atleast_1d", "atleast_2d", "atleast_3d"):
            for shape in ([], [3], [2, 3], [2, 3, 1, 2]):
                out.append(case(f, [arr(shape, dt)], getattr(np, f)))
    e = arr([0, 3])
    out += [case("reshape", [e, [3, -1]], np.reshape), case("transpose", [e, None], np.transpose),
            case("flip", [e, None], np.flip), case("roll", [e, [1], [1]], np.roll, np_args=[e, 1, 1])]
    a = arr([2, 3, 4])
    out += [
        case("reshape", [a, [5, 5]], np.reshape),
        case("reshape", [a, [-1, -1]], np.reshape),
        case("reshape", [a, [5, -1]], np.reshape),
        case("transpose", [a, [0, 1]], np.transpose),
        case("transpose", [a, [0, 0, 1]], np.transpose),
        case("transpose", [a, [0, 1, 3]], np.transpose),
        case("swapaxes", [a, 0, 3], np.swapaxes),
        case("moveaxis", [a, [0, 0], [1, 2]], np.moveaxis),
        case("moveaxis", [a, [0], [1, 2]], np.moveaxis),
        case("expand_dims", [a, [4]], np.expand_dims, np_args=[a, 4]),
        case("squeeze", [a, [0]], np.squeeze, np_args=[a, 0]),
        case("flip", [a, [3]], np.flip, np_args=[a, 3]),
        case("fliplr", [arr([3])], np.fliplr),
        case("rot90", [a, 1, [0, 0]], np.rot90),
        case("matrix_transpose", [arr([3])], lambda t: np.swapaxes(t, -1, -2)),
        case("broadcast_to", [a, [3, 4]], np.broadcast_to),
        case("broadcast_to", [arr([3]), [4, 2]], np.broadcast_to),
        case("broadcast_arrays", [[a[0, 0], a[0, 0, :3]]], tup(np.broadcast_arrays), np_args=[a[0, 0], a[0, 0, :3]]),
    ]
    return out


def joining():
    out = []
    for dt in BASIC:
        a, b = arr([2, 3], dt), arr([2, 3], dt)
        c = arr([4, 3], dt)
        v, w = arr([3], dt), arr([3], dt)
        out.append(case("concatenate", [[a, c], 0], np.concatenate))
        out.append(case("concatenate", [[a, b, arr([2, 1], dt)], -1], np.concatenate))
        out.append(case("concatenate", [[a, v], None], np.concatenate))
        out.append(case("concat", [[a, c], 0], np.concatenate))
        for ax in (0, 1, 2, -1):
            out.append(case("stack", [[a, b], ax], np.stack))
        for f in ("vstack", "hstack", "dstack", "column_stack", "row_stack"):
            out.append(case(f, [[a, b]], getattr(np, f), np_args=[[a, b]]))
            out.append(case(f, [[v, w]], getattr(np, f), np_args=[[v, w]]))
        out.append(case("block", [[v, w]], np.block, np_args=[[v, w]]))
        out.append(case("block", [[[a, b], [c[:2], b]]], np.block, np_args=[[[a, b], [c[:2], b]]]))
        out.append(case("append", [a, b, None], np.append))
        out.append(case("append", [a, c, 0], np.append))
        out.append(case("insert", [a, 1, v, 0], np.insert))
        out.append(case("insert", [a, 1, arr([2], dt), 1], np.insert))
        out.append(case("insert", [a, -1, arr([1], dt), None], np.insert))
        out.append(case("insert", [a, [0, 2, 2], v, 1], np.insert))
        out.append(case("insert", [a, [1, 3], arr([1], dt), None], np.insert))
        out.append(case("delete", [a, [0, -1], 1], np.delete))
        out.append(case("delete", [a, [1], None], np.delete))
        out.append(case("delete", [c, [0, 2], 0], np.delete))
        x = arr([6, 4], dt)
        out.append(case("split", [x, 3, 0], tup(np.split)))
        out.append(case("split", [x, [1, 3], 0], tup(np.split)))
        out.append(case("split", [x, [-1, 10], 1], tup(np.split)))
        out.append(case("array_split", [x, 4, 0], tup(np.array_split)))
        out.append(case("array_split", [x, 3, 1], tup(np.array_split)))
        out.append(case("hsplit", [x, 2], tup(np.hsplit)))
        out.append(case("vsplit", [x, [2]], tup(np.vsplit)))
        out.append(case("dsplit", [arr([2, 2, 4], dt), 2], tup(np.dsplit)))
        out.append(case("hsplit", [arr([6], dt), 3], tup(np.hsplit)))
        out.append(case("unstack", [arr([2, 3, 2], dt), 1], lambda t, ax: tuple(np.moveaxis(t, ax, 0))))
        out.append(case("tile", [v, [2]], np.tile))
        out.append(case("tile", [a, [2, 1, 3]], np.tile))
        out.append(case("tile", [a, [2]], np.tile))
        out.append(case("repeat", [a, [2], None], np.repeat, np_args=[a, 2]))
        out.append(case("repeat", [a, [1, 0, 2], 1], np.repeat))
        out.append(case("repeat", [a, [3], -2], np.repeat, np_args=[a, 3, -2]))
        out.append(case("resize", [a, [3, 5]], np.resize))
        out.append(case("resize", [a, [0]], np.resize))
        for mode in ("constant", "edge", "reflect", "symmetric", "wrap"):
            out.append(case("pad", [a, [[1, 2]], mode], np.pad, np_args=[a, ((1, 2),), mode]))
            out.append(case("pad", [a, [[0, 1], [5, 4]], mode], np.pad, np_args=[a, ((0, 1), (5, 4)), mode]))
    p = arr([2, 3])
    out.append(case("pad", [p, [[2, 2]], "constant", 7.5], lambda t, w, m, c: np.pad(t, 2, m, constant_values=c)))
    out.append(case("pad", [arr([0, 2]), [[1, 1]], "constant"], lambda t, w, m: np.pad(t, 1, m)))
    out.append(case("pad", [arr([0, 2]), [[1, 1]], "edge"], lambda t, w, m: np.pad(t, 1, m)))
    for t in ("fb", "f", "b"):
        for z in ([0, 0, 1, 2, 0, 3, 0], [0, 0], [], [1, 2]):
            zz = np.array(z, dtype=np.int64)
            out.append(case("trim_zeros", [zz, t], np.trim_zeros))
    a = arr([2, 3])
    out += [
        case("concatenate", [[a, arr([3, 2])], 0], np.concatenate),
        case("concatenate", [[a, arr([3])], 0], np.concatenate),
        case("concatenate", [[a, a], 2], np.concatenate),
        case("stack", [[a, arr([3, 2])], 0], np.stack),
        case("stack", [[a, a], 3], np.stack),
        case("split", [arr([7]), 3, 0], tup(np.split)),
        case("split", [a, 2, 2], tup(np.split)),
        case("array_split", [a, 0, 0], tup(np.array_split)),
        case("vsplit", [arr([4]), 2], tup(np.vsplit)),
        case("dsplit", [a, 2], tup(np.dsplit)),
        case("delete", [a, [5], 1], np.delete),
        case("insert", [a, 4, arr([2]), 1], np.insert),
        case("repeat", [a, [1, 2], 1], np.repeat),
        case("repeat", [a, [-1], None], np.repeat, np_args=[a, -1]),
        case("pad", [a, [[1, 1], [1, 1], [1, 1]], "constant"], lambda t, w, m: np.pad(t, w, m)),
    ]
    return out


def take(a, indices, axis, mode):
    return np.take(a, indices, axis=axis, mode=mode)


def choose(a, choices, mode):
    return np.choose(a, choices, mode=mode)


def indexing():
    out = []
    idx = np.array([0, -1, 2, 1], dtype=np.int64)
    for dt in BASIC:
        a = arr([3, 4], dt)
        out.append(case("take", [a, idx, None, "raise"], take))
        out.append(case("take", [a, idx.reshape(2, 2), 1, "raise"], take))
        out.append(case("take", [a, np.array([5, -7, 3], dtype=np.int64), 0, "wrap"], take))
        out.append(case("take", [a, np.array([5, -7, 3], dtype=np.int64), 1, "clip"], take))
        ti = R.integers(-4, 4, size=(3, 2)).astype(np.int64)
        out.append(case("take_along_axis", [a, ti, 1], np.take_along_axis))
        out.append(case("take_along_axis", [a, R.integers(0, 3, size=(2, 1)).astype(np.int64), 0], np.take_along_axis))
        out.append(case("take_along_axis", [a, R.integers(0, 12, size=(5,)).astype(np.int64), None], np.take_along_axis))
        vals = arr([3], dt)
        out.append(case("put", [a, np.array([0, 5, -1], dtype=np.int64), vals, "raise"], inplace(np.put)))
        out.append(case("put", [a, np.array([0, 15, -20], dtype=np.int64), arr([2], dt), "wrap"], inplace(np.put)))
        out.append(case("put", [a, np.array([0, 15, -20], dtype=np.int64), arr([2], dt), "clip"], inplace(np.put)))
        out.append(case("put_along_axis", [a, ti, arr([3, 1], dt), 1], inplace(np.put_along_axis)))
        mask = arr([3, 4], "bool")
        out.append(case("place", [a, mask, arr([5], dt)], inplace(np.place)))
        out.append(case("putmask", [a, mask, arr([5], dt)], inplace(np.putmask)))
        out.append(case("copyto", [a, arr([4], dt), mask], inplace(lambda d, s, w: np.copyto(d, s, where=w))))
        c = arr([3, 4], "bool")
        out.append(case("where", [c, a, arr([4], dt)], np.where))
        out.append(case("where", [arr([3, 1], "bool"), a, arr([1, 4], dt)], np.where))
        out.append(case("nonzero", [a], tup(np.nonzero)))
        out.append(case("nonzero", [arr([2, 3, 2], dt)], tup(np.nonzero)))
        out.append(case("argwhere", [a], np.argwhere))
        out.append(case("argwhere", [arr([0, 2], dt)], np.argwhere))
        out.append(case("flatnonzero", [a], np.flatnonzero))
        out.append(case("compress", [np.array([True, False, True]), a, 0], np.compress))
        out.append(case("compress", [np.array([False, True]), a, 1], np.compress))
        out.append(case("compress", [np.array([True, False, True, True, False]), a, None], np.compress))
        out.append(case("extract", [c, a], np.extract))
        default = False if dt == "bool" else 0
        out.append(case("select", [[c, arr([4], "bool")], [a, arr([3, 1], dt)], default], np.select))
        ch = np.array([[0, 1, 2, 1], [2, 2, 0, 0], [1, 0, 1, 2]], dtype=np.int64)
        out.append(case("choose", [ch, [arr([4], dt), a, arr([3, 1], dt)], "raise"], choose))
        out.append(case("choose", [ch + 2, [a, arr([3, 1], dt)], "wrap"], choose))
        out.append(case("choose", [ch - 1, [a, arr([3, 1], dt)], "clip"], choose))
        t = arr([2, 3, 4], dt)
        for off, a1, a2 in ((0, 0, 1), (1, 1, 2), (-1, -1, 0), (5, 0, 2), (0, 2, 1)):
            out.append(case("diagonal", [t, off, a1, a2], np.diagonal))
        for k in (0, 1, -1, 5):
            out.append(case("tril", [a, k], np.tril))
            out.append(case("triu", [t, k], np.triu))
        out.append(case("tril", [arr([3], dt), 0], np.tril))
        out.append(case("linalg.diagonal", [t, 1], lambda x, k: np.diagonal(x, k, -2, -1)))
        out.append(case("linalg.matrix_transpose", [t], lambda x: np.swapaxes(x, -1, -2)))
        for f in ("isnan", "isinf", "isfinite"):
            out.append(case(f, [a], getattr(np, f)))
        fd = arr([5, 3], dt)
        out.append(case("fill_diagonal", [fd, arr([2], dt), False], inplace(np.fill_diagonal)))
        out.append(case("fill_diagonal", [fd, arr([2], dt), True], inplace(np.fill_diagonal)))
        out.append(case("fill_diagonal", [arr([3, 3, 3], dt), arr([1], dt), False], inplace(np.fill_diagonal)))
        i2, i3 = arr([2], dt), arr([3], dt)
        out.append(case("ix_", [[i2, i3]], tup(np.ix_), np_args=[i2, i3]))
    special = np.array([0.0, np.nan, np.inf, -np.inf, -1.5, 3.0], dtype=np.float64)
    for f in ("isnan", "isinf", "isfinite"):
        out.append(case(f, [special], getattr(np, f)))
        out.append(case(f, [special.astype(np.float32)], getattr(np, f)))
    for n, k, m in ((4, 0, None), (3, 1, 5), (4, -1, 2), (0, 0, None)):
        out.append(case("tril_indices", [n, k, m], tup(np.tril_indices)))
        out.append(case("triu_indices", [n, k, m], tup(np.triu_indices)))
    m = arr([3, 5])
    out.append(case("tril_indices_from", [m, 1], tup(np.tril_indices_from)))
    out.append(case("triu_indices_from", [m, -1], tup(np.triu_indices_from)))
    out.append(case("diag_indices", [4, 3], tup(np.diag_indices)))
    out.append(case("diag_indices_from", [arr([3, 3])], tup(np.diag_indices_from)))
    out.append(case("mask_indices", [4, 1], tup(lambda n, k: np.mask_indices(n, np.triu, k))))
    ui = np.array([[0, 5], [11, 7]], dtype=np.int64)
    out.append(case("unravel_index", [ui, [3, 4]], tup(np.unravel_index)))
    out.append(case("unravel_index", [ui, [2, 2, 3]], tup(np.unravel_index)))
    mi = [np.array([0, 2, 1], dtype=np.int64), np.array([[3], [1]], dtype=np.int64)]
    out.append(case("ravel_multi_index", [mi, [3, 4], "raise"], np.ravel_multi_index, np_args=[tuple(mi), (3, 4), "raise"]))
    mi2 = [np.array([0, 5, -1], dtype=np.int64), np.array([3, 9, 2], dtype=np.int64)]
    for mode in ("wrap", "clip"):
        out.append(case("ravel_multi_index", [mi2, [3, 4], mode], np.ravel_multi_index, np_args=[tuple(mi2), (3, 4), mode]))
    bi = np.array([True, False, True])
    out.append(case("ix_", [[bi, np.array([False, True])]], tup(np.ix_), np_args=[bi, np.array([False, True])]))
    a = arr([3, 4])
    bad = np.array([0, 4], dtype=np.int64)
    out += [
        case("take", [a, bad, 1, "raise"], take),
        case("take", [a, bad, 2, "raise"], take),
        case("take", [a, np.array([12], dtype=np.int64), None, "raise"], take),
        case("take_along_axis", [a, np.array([[4]], dtype=np.int64), 1], np.take_along_axis),
        case("take_along_axis", [a, np.array([1], dtype=np.int64), 1], np.take_along_axis),
        case("put", [a, np.array([12], dtype=np.int64), arr([1]), "raise"], inplace(np.put)),
        case("place", [a, arr([5], "bool"), arr([1])], inplace(np.place)),
        case("putmask", [a, arr([4, 3], "bool"), arr([1])], inplace(np.putmask)),
        case("where", [arr([2], "bool"), a, a], np.where),
        case("compress", [np.array([True, False, False, True]), a, 0], np.compress),
        case("select", [[arr([4], "bool")], [a, a], 0], np.select),
        case("choose", [np.array([0, 3], dtype=np.int64), [arr([2]), arr([2])], "raise"], choose),
        case("diagonal", [arr([3]), 0, 0, 1], np.diagonal),
        case("diagonal", [a, 0, 1, 1], np.diagonal),
        case("diagonal", [a, 0, 0, 2], np.diagonal),
        case("tril_indices_from", [arr([3]), 0], tup(np.tril_indices_from)),
        case("diag_indices_from", [arr([3, 4])], tup(np.diag_indices_from)),
        case("fill_diagonal", [arr([3]), arr([1]), False], inplace(np.fill_diagonal)),
        case("fill_diagonal", [arr([3, 3, 4]), arr([1]), False], inplace(np.fill_diagonal)),
        case("unravel_index", [np.array([12], dtype=np.int64), [3, 4]], tup(np.unravel_index)),
        case("unravel_index", [np.array([-1], dtype=np.int64), [3, 4]], tup(np.unravel_index)),
        case("ravel_multi_index", [[np.array([3], dtype=np.int64), np.array([0], dtype=np.int64)], [3, 4], "raise"],
             np.ravel_multi_index, np_args=[(np.array([3]), np.array([0])), (3, 4), "raise"]),
    ]
    return out


def cases():
    return creation() + shape_ops() + joining() + indexing()


# ---------------------------------------------------------------------------------------
# Charges (costs.py): every runner of diff_free.cpp calls only free ops (creation, shape,
# joining/splitting, indexing, isnan/isinf/isfinite ...; the "empty" runners add a free
# zeros_like), so every case costs 0. The registry must agree for each op name.

def flops(case):
    import costs

    fid = costs.formula_of(case["op"])
    assert fid == "free", (case["op"], fid)
    return costs.charge(case["op"])

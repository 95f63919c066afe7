"""Symmetric tensors (symmetry.hpp): is_symmetric and as_symmetric's deviation against
np.allclose / np.abs(a - a.swapaxes) over every transposition within a group, and the
values of counted ops on symmetric inputs (symmetry changes the price, never the values)."""
import itertools

import numpy as np

from common import enc, rng, sample


def symmetrize(a, group):
    """The mean of `a` over every permutation of the axes in `group`: symmetric there."""
    perms = list(itertools.permutations(group))
    out = np.zeros_like(a)
    for p in perms:
        axes = list(range(a.ndim))
        for src, dst in zip(group, p):
            axes[src] = dst
        out = out + np.transpose(a, axes)
    if a.dtype.kind in "iub":
        return out  # a sum is symmetric too, and stays integral
    return (out / len(perms)).astype(a.dtype)


def group_check(a, group, atol, rtol):
    """(symmetric?, worst |a - a^T|) over the transpositions of `group`, as the reference."""
    if len({a.shape[ax] for ax in group}) > 1:
        return False, float("inf")
    ok, worst = True, 0.0
    for i, j in itertools.combinations(group, 2):
        t = np.swapaxes(a, i, j)
        ok = ok and bool(np.allclose(a, t, atol=atol, rtol=rtol))
        if a.size:
            d = np.abs(a.astype(np.complex128 if a.dtype.kind == "c" else np.float64) -
                       t.astype(np.complex128 if a.dtype.kind == "c" else np.float64))
            worst = max(worst, float(np.max(d))) if not np.isnan(worst) else worst
            if np.isnan(np.max(d)):
                worst = float("nan")
    return ok, worst


def check(a, groups, atol=1e-6, rtol=1e-5):
    """(is_symmetric, failing group or None, its deviation)."""
    for g in groups:
        ok, worst = group_check(a, g, atol, rtol)
        if not ok:
            return False, g, worst
    return True, None, 0.0


def cases():
    r = rng(31)
    out = []

    def add_checks(a, groups, atol=1e-6, rtol=1e-5):
        ok, bad, worst = check(a, groups, atol, rtol)
        kw = {"groups": [list(g) for g in groups], "atol": atol, "rtol": rtol}
        out.append({"op": "is_symmetric", "args": [enc(a)], "kwargs": kw, "expected": enc(np.bool_(ok))})
        # as_symmetric: the values unchanged, or SymmetryError's group and max deviation.
        expected = enc(a) if ok else [enc(np.array(sorted(bad), dtype=np.int64)), enc(np.float64(worst))]
        out.append({"op": "as_symmetric", "args": [enc(a)], "kwargs": kw, "expected": expected})

    for dtype in ("float64", "float32", "int32", "int64", "complex128", "bool"):
        base = sample((4, 4), dtype, r)
        add_checks(symmetrize(base, (0, 1)) if dtype != "bool" else (base | base.T), [(0, 1)])
        add_checks(base, [(0, 1)])
        b3 = sample((3, 3, 3), dtype, r)
        s3 = symmetrize(b3, (0, 1, 2)) if dtype != "bool" else np.ones((3, 3, 3), dtype=bool)
        add_checks(s3, [(0, 1, 2)])
        add_checks(s3, [(1, 2)])
        add_checks(b3, [(0, 2)])
    # Perturbations around the tolerance (float64: NumPy computes exactly what we do).
    s = symmetrize(r.uniform(-1, 1, size=(5, 5)) * 1000, (0, 1))
    for eps in (1e-7, 5e-6, 9e-3, 2e-2, 1.0):
        p = s.copy()
        p[1, 3] += eps
        add_checks(p, [(0, 1)])
        add_checks(p, [(0, 1)], atol=1e-2, rtol=0.0)
    # Two groups, the second broken; a group of unequal lengths; NaN, inf; empty.
    t = symmetrize(symmetrize(r.uniform(-1, 1, size=(3, 3, 4, 4)), (0, 1)), (2, 3))
    add_checks(t, [(0, 1), (2, 3)])
    t2 = t.copy()
    t2[0, 1, 2, 3] += 0.25
    add_checks(t2, [(0, 1), (2, 3)])
    add_checks(r.uniform(-1, 1, size=(2, 3)), [(0, 1)])
    n = s.copy()
    n[2, 2] = np.nan
    add_checks(n, [(0, 1)])
    n[0, 4] = np.nan
    add_checks(n, [(0, 1)])
    i = s.copy()
    i[0, 1] = i[1, 0] = np.inf
    add_checks(i, [(0, 1)])
    i[1, 0] = -np.inf
    add_checks(i, [(0, 1)])
    add_checks(np.zeros((0, 0)), [(0, 1)])
    # Bad axes: NumPy has no such call; the reference raises, so do we.
    for groups in ([(0, 2)], [(0,)], [(0, 1), (1, 2)]):
        out.append({"op": "is_symmetric", "args": [enc(s)], "kwargs": {"groups": [list(g) for g in groups],
                    "atol": 1e-6, "rtol": 1e-5}, "expected": {"error": "AxisError"}})

    # Counted ops on symmetric inputs give NumPy's values.
    for dtype in ("float64", "float32", "int64", "complex128"):
        a = symmetrize(sample((4, 4), dtype, r), (0, 1))
        b = symmetrize(sample((4, 4), dtype, r), (0, 1))
        a3 = symmetrize(sample((3, 3, 3), dtype, r), (0, 1, 2))
        g2, g3 = [[0, 1]], [[0, 1, 2]]
        out.append({"op": "negative", "args": [enc(a)], "kwargs": {"groups": g2}, "expected": enc(np.negative(a))})
        out.append({"op": "add", "args": [enc(a), enc(b)], "kwargs": {"groups": g2}, "expected": enc(a + b)})
        out.append({"op": "add_plain", "args": [enc(a), enc(b[0])], "kwargs": {"groups": g2}, "expected": enc(a + b[0])})
        for axis, keepdims in ((None, False), (0, False), (-1, True), ([0, 2], False)):
            kw = {"groups": g3, "axis": axis, "keepdims": keepdims}
            out.append({"op": "sum", "args": [enc(a3)], "kwargs": kw,
                        "expected": enc(np.sum(a3, axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keepdims))})
        out.append({"op": "transpose", "args": [enc(a3)], "kwargs": {"groups": g3},
                    "expected": enc(np.transpose(a3, (2, 0, 1)))})
        if dtype != "complex128":
            out.append({"op": "exp", "args": [enc(a.astype(np.float64) / 4)], "kwargs": {"groups": g2},
                        "expected": enc(np.exp(a.astype(np.float64) / 4)), "rtol": 1e-12})
            out.append({"op": "cumsum", "args": [enc(a3)], "kwargs": {"groups": g3, "axis": 1},
                        "expected": enc(np.cumsum(a3, axis=1))})
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py, docs/symmetry.md). What diff_symmetry.cpp's runners call:
#   is_symmetric, as_symmetric (also when it raises SymmetryError and the case expects its
#     fields): declaring and testing symmetry is free (0); neither is a registry name.
#   negative, exp: as_symmetric (free), then the unary op: pointwise on the distinct
#     elements of the output, which keeps the input's groups.
#   add: two operands declared symmetric in the same groups, then add: the output keeps
#     the groups both operands allow (binary rule), priced on its distinct elements.
#   add_plain: add(symmetric a, plain b): the groups the binary rule keeps (none here).
#   sum, cumsum: reductions on a symmetric input: the distinct elements of the input.
#   transpose: free (0).

FREE_OPS = ("is_symmetric", "as_symmetric")


def flops(case):
    import costs

    op = case["op"]
    if op in FREE_OPS:
        return 0
    kw = case["kwargs"]
    groups = kw["groups"]
    shapes = [costs.arg_shape(a) for a in case["args"]]
    out = costs.result_shapes(case["expected"])[0]
    fid = costs.formula_of(op if op != "add_plain" else "add")
    if fid == "free":
        return costs.charge(op)
    if op in ("negative", "exp"):
        return costs.charge(op, out, groups)
    if op in ("add", "add_plain"):
        groups_b = groups if op == "add" else []
        out_groups = costs.binary_output_groups(shapes[0], groups, shapes[1], groups_b)
        return costs.charge("add", out, out_groups)
    if fid == "reduction":
        return costs.charge(op, shapes[0], groups)
    if fid in ("mean_reduction", "variance_reduction"):
        axis = kw.get("axis")
        axes = None if axis is None else (axis if isinstance(axis, list) else [axis])
        out_groups = costs.reduced_groups(len(shapes[0]), groups, axes, kw.get("keepdims", False))
        return costs.charge(op, shapes[0], out, groups, out_groups)
    raise KeyError(f"symmetry case {op!r} has formula {fid!r}")

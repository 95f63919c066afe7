"""Differential cases for the reduction family (the 37 counted_reduction names).

NumPy 1.24 answers at test time. NumPy 2-only names (cumulative_sum, cumulative_prod)
are computed with NumPy 2's semantics from 1.24 pieces.
"""
import numpy as np

from common import enc, expect, rng, sample


def _cumulative(fn, initial):
    """NumPy 2's cumulative_sum/prod: axis required above 1-d; include_initial prepends the identity."""

    def f(x, axis=None, include_initial=False):
        x = np.atleast_1d(x)
        if axis is None:
            if x.ndim >= 2:
                raise ValueError("axis is required for arrays with more than one dimension")
            axis = 0
        res = fn(x, axis=axis)
        if include_initial:
            ax = axis % x.ndim
            shape = list(res.shape)
            shape[ax] = 1
            res = np.concatenate([np.full(shape, initial, dtype=res.dtype), res], axis=ax)
        return res

    return f


FN = {name: getattr(np, name) for name in [
    "all", "amax", "amin", "any", "argmax", "argmin", "average", "count_nonzero", "cumprod", "cumsum",
    "max", "mean", "median", "min", "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax", "nanmean",
    "nanmedian", "nanmin", "nanpercentile", "nanprod", "nanquantile", "nanstd", "nansum", "nanvar", "percentile",
    "prod", "ptp", "quantile", "std", "sum", "var"]}
FN["cumulative_sum"] = _cumulative(np.cumsum, 0)
FN["cumulative_prod"] = _cumulative(np.cumprod, 1)

# Which element types each op takes (NumPy raises TypeError for bool in ptp and quantiles;
# ordering ops are for real types here).
ALL = ["bool", "int32", "int64", "float32", "float64", "complex128"]
REAL = ["bool", "int32", "int64", "float32", "float64"]
NUM = ["int32", "int64", "float32", "float64"]
PLAIN = {  # reduce over axis (int, list or None) with keepdims
    "sum": ALL, "nansum": ALL, "prod": ALL, "nanprod": ALL, "all": ALL, "any": ALL, "mean": ALL,
    "nanmean": ALL, "max": REAL, "min": REAL, "amax": REAL, "amin": REAL, "nanmax": NUM, "nanmin": NUM,
    "ptp": NUM, "median": REAL, "nanmedian": NUM, "average": ALL,
}
VAR = {"var": ALL, "std": ALL, "nanvar": ALL, "nanstd": ALL}
ARG = {"argmax": REAL, "argmin": REAL, "nanargmax": NUM, "nanargmin": NUM}
CUM = {"cumsum": ALL, "cumprod": ALL, "nancumsum": ALL, "nancumprod": ALL}
CUMULATIVE = {"cumulative_sum": ALL, "cumulative_prod": ALL}
QUANT = {"quantile": 1.0, "percentile": 100.0, "nanquantile": 1.0, "nanpercentile": 100.0}
COUNT = {"count_nonzero": ALL}


def case(op, arr, rtol=None, **kwargs):
    np_kwargs = {k: (tuple(v) if isinstance(v, list) and k == "axis" else v) for k, v in kwargs.items()}
    if "weights" in kwargs:
        kwargs["weights"] = enc(kwargs["weights"])
    if isinstance(kwargs.get("q"), float) and np.isnan(kwargs["q"]):
        kwargs["q"] = "nan"  # JSON has no NaN; the harness reads "nan"
    c = {"op": op, "args": [enc(arr)], "kwargs": kwargs, "expected": expect(FN[op], arr, **np_kwargs)}
    if rtol is not None:
        c["rtol"] = rtol
    elif arr.dtype in (np.float32, np.complex64):
        c["rtol"] = 2e-5
        c["atol"] = 1e-5
    return c


def with_nans(a, r, frac=0.25):
    a = a.copy()
    a[r.uniform(size=a.shape) < frac] = np.nan
    return a


def arrays(r):
    """(label, array) pairs covering shapes, dtypes, NaN/inf and empties."""
    out = []
    for dt in ALL:
        out.append(sample((3, 4, 5), dt, r))
        out.append(sample((6,), dt, r))
    out.append(sample((2, 3, 4, 5), "float64", r))
    out.append(np.asarray(r.uniform(-3, 3)))  # 0-d
    f = sample((4, 5), "float64", r)
    f[0, 1] = np.inf
    f[2, 3] = -np.inf
    out.append(f)
    out.append(with_nans(sample((4, 5), "float64", r), r))
    out.append(with_nans(sample((4, 5), "float32", r), r))
    out.append(np.zeros((0,)))
    out.append(np.zeros((0, 3)))
    out.append(np.zeros((3, 0), dtype=np.int32))
    return out


AXES = [None, 0, -1, [0, 1], [0, 2], [1, 2], 1, [-1, 0], [], [0, 1, 2, 3], [1, 3], [0, 3]]
FEW_AXES = [None, 0, -1, [0, 1]]


def valid_axes(a):
    if a.ndim == 0:
        # NumPy 1.24's sum/max/argmax/cumsum accept axis 0 and -1 on 0-d arrays (a legacy
        # quirk) while mean/var/median raise AxisError; mechestim raises AxisError for all.
        yield None
        return
    # Every axis form on float64 (the walks differ by axes, not by type); a few elsewhere.
    for ax in (AXES if a.dtype == np.float64 and a.size > 20 else FEW_AXES):
        items = ax if isinstance(ax, list) else ([] if ax is None else [ax])
        if all(-a.ndim <= i < a.ndim for i in items):
            yield ax
    yield a.ndim  # out of bounds: AxisError


def allowed(types, a):
    return str(a.dtype) in types


def cases():
    r = rng(2024)
    out = []
    arrs = arrays(r)
    for a in arrs:
        for ax in valid_axes(a):
            for op, types in {**PLAIN, **COUNT}.items():
                if not allowed(types, a):
                    continue
                if op == "average" and isinstance(ax, list) and len(ax) == 0:
                    continue  # NumPy 1.24's average mishandles axis=()
                kw = {} if ax is None else {"axis": ax}
                out.append(case(op, a, **kw))
                if ax is not None and ax != a.ndim and op not in ("average", "count_nonzero"):
                    out.append(case(op, a, keepdims=True, **kw))
            for op, types in VAR.items():
                if allowed(types, a):
                    kw = {} if ax is None else {"axis": ax}
                    out.append(case(op, a, **kw))
                    out.append(case(op, a, ddof=1, keepdims=True, **kw))
            if ax is None or isinstance(ax, int):
                for op, types in ARG.items():
                    if allowed(types, a):
                        kw = {} if ax is None else {"axis": ax}
                        out.append(case(op, a, **kw))
                        out.append(case(op, a, keepdims=True, **kw))
                for op, types in {**CUM, **CUMULATIVE}.items():
                    if allowed(types, a):
                        kw = {} if ax is None else {"axis": ax}
                        out.append(case(op, a, **kw))
                        if op in CUMULATIVE:
                            out.append(case(op, a, include_initial=True, **kw))
            for op, scale in QUANT.items():
                if not allowed(NUM, a) or ax == []:
                    continue
                kw = {} if ax is None else {"axis": ax}
                for q in (0.0, 0.3, 0.5, 1.0):
                    out.append(case(op, a, q=q * scale, **kw))
                if not (op.startswith("nan") and a.size == 0):
                    # NumPy 1.24's nanquantile of an empty array returns nanmean's shape,
                    # dropping the q axis (a NumPy bug); mechestim keeps the q axis.
                    out.append(case(op, a, q=[0.1 * scale, 0.75 * scale], keepdims=True, **kw))
                for method in ("lower", "higher", "nearest", "midpoint"):
                    if a.dtype.kind == "f" and not isinstance(ax, list):
                        out.append(case(op, a, q=0.4 * scale, method=method, **kw))
    # Quantile arguments NumPy rejects.
    a = sample((5,), "float64", r)
    for op, scale in QUANT.items():
        out.append(case(op, a, q=1.5 * scale))
        out.append(case(op, a, q=-0.1 * scale))
        out.append(case(op, a, q=float("nan")))
    # All-NaN slices: nanargmax raises, nanmax/nanmean/nanmedian give NaN.
    allnan = sample((3, 4), "float64", r)
    allnan[1, :] = np.nan
    for op in ["nanargmax", "nanargmin", "nanmax", "nanmin", "nanmean", "nanmedian", "nanvar", "nanstd", "nansum",
               "nanprod", "nancumsum", "nancumprod"]:
        out.append(case(op, allnan, axis=1))
        out.append(case(op, allnan, axis=0))
    for op in ["nanquantile", "nanpercentile"]:
        out.append(case(op, allnan, q=0.5 * QUANT[op], axis=1))
    # Weighted averages.
    a = sample((3, 4), "float64", r)
    out.append(case("average", a, weights=(r.uniform(0.1, 2.0, (3, 4)))))
    for ax in (0, 1, -1):
        w = r.uniform(0.1, 2.0, a.shape[ax])
        out.append(case("average", a, axis=ax, weights=(w)))
    out.append(case("average", a, axis=0, weights=(r.uniform(0.1, 2.0, (3,))), keepdims=True))
    out.append(case("average", sample((3, 4), "int32", r), axis=1, weights=(r.uniform(0.1, 2.0, 4))))
    out.append(case("average", a, axis=[0, 1], weights=(r.uniform(0.1, 2.0, (3, 4)))))
    out.append(case("average", a, weights=(r.uniform(0.1, 2.0, 4))))  # shapes differ, no axis
    out.append(case("average", a, axis=1, weights=(r.uniform(0.1, 2.0, 3))))  # wrong length
    out.append(case("average", a, axis=1, weights=(np.array([1.0, -1.0, 2.0, -2.0]))))  # sum to zero
    # Accuracy: long float32 sums (pairwise) and means; a contiguous axis and a leading one.
    big = r.uniform(0, 1, 20_000).astype(np.float32)
    out.append(case("sum", big, rtol=1e-6))
    out.append(case("mean", big, rtol=1e-6))
    out.append(case("nansum", big, rtol=1e-6))
    out.append(case("var", big, rtol=1e-5))
    tall = r.uniform(0, 1, (300, 7)).astype(np.float32)
    for ax in (0, 1):
        out.append(case("sum", tall, rtol=1e-6, axis=ax))
        out.append(case("mean", tall, rtol=1e-6, axis=ax))
    out.append(case("sum", np.ones(300_000, dtype=np.float32), rtol=0.0))  # 2e7 ones: test_reductions.cpp
    # The vector paths (blocks of >= 16 for max/min, 2048-element blocks for argmax from 64
    # elements): ties across block edges, a NaN in a later block or the tail, all-NaN blocks.
    for dtype in ("float64", "float32"):
        long = r.standard_normal(5000).astype(dtype)
        long[[700, 4100]] = long.max() + 1  # a tie in two blocks: the first index wins
        long[[300, 3900]] = long.min() - 1
        later_nan = long.copy()
        later_nan[4500] = np.nan
        tail_nan = long.copy()
        tail_nan[-1] = np.nan
        nan_first = long.copy()
        nan_first[:2048] = np.nan  # the whole first block, then numbers
        grid = np.concatenate([long[:4800], later_nan[:4800]]).reshape(2, 4800)
        for a in (long, later_nan, tail_nan, nan_first):
            for op in ("max", "min", "nanmax", "nanmin", "argmax", "argmin", "nanargmax", "nanargmin"):
                out.append(case(op, a, rtol=0.0))
        for op in ("max", "nanmin", "argmax", "nanargmin"):
            out.append(case(op, grid, rtol=0.0, axis=1))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): diff_reductions.cpp makes one counted call per case, the op of the
# case's name (quantiles with one q or a list of q alike). reduction: numel(input);
# mean_reduction (mean, nanmean, average, weighted or not): numel(input) + numel(output);
# variance_reduction: 2*numel(input) + numel(output); output = NumPy's result shape
# (keepdims as given).

def flops(case):
    import costs

    op = case["op"]
    in_shape = costs.arg_shape(case["args"][0])
    out_shape = costs.result_shapes(case["expected"])[0]
    fid = costs.formula_of(op)
    if fid == "reduction":
        return costs.charge(op, in_shape)
    if fid in ("mean_reduction", "variance_reduction"):
        return costs.charge(op, in_shape, out_shape)
    raise KeyError(f"reduction case {op!r} has formula {fid!r}")

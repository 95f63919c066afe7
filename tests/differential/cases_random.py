"""me::random against NumPy's legacy np.random stream.

Every case is one "stream": seed the global generator, run a list of calls, and collect
every call's output. NumPy runs the list here; diff_random.cpp runs the same list through
me::random after seeding the same way and must match value for value (integers exactly,
doubles to 1e-15). A call NumPy rejects is marked "raises": mechestim must raise too, and
the calls after it check that the failed call did not advance the generator.
"""
import math
import warnings

import numpy as np

from common import _scalar, enc

F64 = np.float64


def C(f, **kw):
    """One call: op name plus its arguments (NumPy arrays stay arrays until encoding)."""
    return dict(f=f, **kw)


def _size(size):
    return None if size is None else tuple(size)


def _run(call, out):
    """Runs one call on np.random, appending its outputs to `out`."""
    f = call["f"]
    r = np.random
    size = _size(call.get("size"))
    if f == "seed":
        r.seed(call["s"])
        return
    if f == "get_state":
        _, key, pos, has_gauss, gauss = r.get_state()
        out += [np.asarray(key, dtype=np.int64), np.array([pos, has_gauss], dtype=np.int64), np.array(gauss, F64)]
        return
    if f == "set_state":
        r.set_state(("MT19937", np.asarray(call["key"], dtype=np.uint32), call["pos"], call["has_gauss"],
                     call["gauss"]))
        return
    if f in ("rand", "randn"):
        res = getattr(r, f)(*call["dims"])
    elif f in ("random_sample", "random", "ranf", "sample", "standard_normal", "standard_exponential",
               "standard_cauchy"):
        res = getattr(r, f)(size=size)
    elif f == "normal":
        res = r.normal(call["loc"], call["scale"], size=size)
    elif f == "uniform":
        res = r.uniform(call["low"], call["high"], size=size)
    elif f == "lognormal":
        res = r.lognormal(call["mean"], call["sigma"], size=size)
    elif f == "exponential":
        res = r.exponential(call["scale"], size=size)
    elif f == "randint":
        if call.get("high") is None:
            res = r.randint(call["low"], dtype=call.get("dtype", "int64"))
        else:
            res = r.randint(call["low"], call["high"], size=size, dtype=call.get("dtype", "int64"))
    elif f == "random_integers":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = r.random_integers(call["low"], call.get("high"), size=size)
    elif f == "permutation":
        res = r.permutation(call["x"])
    elif f == "shuffle":
        res = np.array(call["x"], copy=True)
        r.shuffle(res)
    elif f == "choice":
        p = call.get("p")
        res = r.choice(call["a"], size=size, replace=call.get("replace", True), p=p)
    else:
        raise KeyError(f)
    out.append(np.asarray(res))


def _json_value(v):
    if isinstance(v, np.ndarray):
        return enc(v)
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return _scalar(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def stream(seed, calls, name):
    np.random.seed(seed)
    out = []
    encoded_calls = []
    for call in calls:
        before = len(out)
        try:
            _run(call, out)
            raised = False
        except Exception:  # noqa: BLE001 - NumPy's rejection is part of the case
            del out[before:]
            raised = True
        jc = {k: _json_value(v) for k, v in call.items()}
        if raised:
            jc["raises"] = True
        encoded_calls.append(jc)
    return {
        "op": "stream",
        "name": name,
        "args": [_json_value(seed), encoded_calls],
        "expected": [enc(o) for o in out],
        "rtol": 1e-15,
        "atol": 0.0,
    }


SEEDS = [0, 1, 42, 12345, 2**32 - 1]


def interleaved():
    # Odd gaussian counts leave a cached value that the next normal call must use first;
    # uniform draws in between must not touch it.
    return [
        C("rand", dims=[5]),
        C("randn", dims=[3]),
        C("rand", dims=[2]),
        C("randn", dims=[2, 1]),
        C("standard_normal", size=None),
        C("rand", dims=[]),
        C("randn", dims=[]),
        C("get_state"),
        C("normal", loc=1.5, scale=2.0, size=[7]),
        C("rand", dims=[1]),
        C("randn", dims=[1]),
        C("get_state"),
        C("randint", low=0, high=10, size=[3]),
        C("randn", dims=[1]),
        C("randn", dims=[0]),
        C("rand", dims=[0, 3]),
    ]


def uniforms():
    return [
        C("random_sample", size=[2, 3]),
        C("random", size=[4]),
        C("ranf", size=None),
        C("sample", size=[1, 2, 1]),
        C("uniform", low=-2.0, high=3.0, size=[6]),
        C("uniform", low=5.0, high=1.0, size=[3]),
        C("uniform", low=0.0, high=1.0, size=None),
        C("uniform", low=1e300, high=-1e300, size=[2]),
        C("random_sample", size=[0]),
        C("rand", dims=[3, 2]),
    ]


def normals():
    return [
        C("normal", loc=0.0, scale=0.0, size=[3]),
        C("normal", loc=-1.0, scale=math.nan, size=[2]),
        C("normal", loc=math.inf, scale=1.0, size=[2]),
        C("standard_normal", size=[3, 3]),
        C("lognormal", mean=0.5, sigma=0.25, size=[5]),
        C("standard_cauchy", size=[3]),
        C("standard_exponential", size=[4]),
        C("exponential", scale=3.0, size=[2, 2]),
        C("exponential", scale=0.0, size=[1]),
        C("randn", dims=[1001]),
        C("rand", dims=[2]),
    ]


def integers():
    return [
        C("randint", low=0, high=10, size=[20]),
        C("randint", low=-5, high=5, size=[3, 4]),
        C("randint", low=0, high=2**32, size=[10]),      # range 2**32-1: plain 32-bit draws
        C("randint", low=0, high=2**32 + 1, size=[10]),  # range 2**32: 64-bit draws
        C("randint", low=-(2**63), high=2**63 - 1, size=[5]),
        C("randint", low=0, high=2**40, size=[7]),
        C("randint", low=5, high=6, size=[3]),  # range 0: no draws at all
        C("rand", dims=[1]),
        C("randint", low=7),
        C("randint", low=3, high=3, size=[0]),  # empty size: no bounds check, no draws
        C("randint", low=-100, high=100, size=[6], dtype="int32"),
        C("randint", low=-(2**31), high=2**31 - 1, size=[4], dtype="int32"),
        C("randint", low=1, high=1000, size=[1000]),
        C("random_integers", low=1, high=6, size=[10]),
        C("random_integers", low=4, high=None, size=None),
        C("rand", dims=[2]),
    ]


def permutations(r):
    return [
        C("permutation", x=10),
        C("permutation", x=0),
        C("permutation", x=1),
        C("permutation", x=-3),
        C("permutation", x=np.arange(7, dtype=np.float64) * 1.5),
        C("permutation", x=np.arange(15, dtype=np.int32).reshape(5, 3)),
        C("permutation", x=np.zeros((3, 0))),
        C("permutation", x=np.array([4.0])),
        C("shuffle", x=np.arange(9, dtype=np.int64)),
        C("shuffle", x=(np.arange(8) % 3 == 0).reshape(4, 2)),
        C("shuffle", x=np.linspace(0, 1, 6, dtype=np.float32)),
        C("shuffle", x=np.arange(24, dtype=np.float64).reshape(2, 3, 4)),
        C("shuffle", x=np.zeros((3, 0))),  # empty: NumPy draws nothing
        C("permutation", x=1000),
        C("rand", dims=[2]),
    ]


def choices(r):
    p5 = [0.1, 0, 0.3, 0.6, 0]
    p100 = r.uniform(0, 1, 100)
    p100 = p100 / p100.sum()
    p32 = np.array([0.25, 0.25, 0.25, 0.25 + 5e-5], dtype=np.float32)  # sum off by 5e-5: float32 tolerance
    return [
        C("choice", a=5, size=None),
        C("choice", a=10, size=[3]),
        C("choice", a=10, size=[2, 3], replace=False),
        C("choice", a=10, size=[10], replace=False),
        C("choice", a=np.array([1.5, -2.0, 3.25, 8.0]), size=[4]),
        C("choice", a=np.array([1.5, -2.0, 3.25, 8.0]), size=None),
        C("choice", a=5, size=[6], p=p5),
        C("choice", a=5, size=[3], replace=False, p=p5),
        C("choice", a=np.arange(6, dtype=np.int32) * 7, size=[2, 2], replace=False,
          p=[0.05, 0.3, 0.15, 0.2, 0.1, 0.2]),
        C("choice", a=0, size=[0]),
        C("choice", a=3, size=[0], replace=False),
        C("choice", a=100, size=[50], replace=False, p=p100),
        C("choice", a=100, size=[30], p=p100),
        C("choice", a=4, size=[5], p=p32),
        C("choice", a=np.array([True, False, True]), size=[3], replace=False),
        C("choice", a=np.array([2.0, 4.0], dtype=np.float32), size=[3]),
        C("rand", dims=[2]),
    ]


def failures():
    # Each rejected call must leave the stream where it was: the draws after it match NumPy's.
    return [
        C("rand", dims=[1]),
        C("randint", low=5, high=5, size=[3]),
        C("randint", low=10, high=0),
        C("rand", dims=[1]),
        C("normal", loc=0.0, scale=-1.0, size=[3]),
        C("normal", loc=0.0, scale=-0.0, size=[1]),
        C("exponential", scale=-2.0, size=[1]),
        C("lognormal", mean=0.0, sigma=-1.0, size=[1]),
        C("uniform", low=0.0, high=math.inf, size=[2]),
        C("uniform", low=math.nan, high=1.0, size=[2]),
        C("randn", dims=[1]),
        C("rand", dims=[-1]),
        C("randn", dims=[2, -3]),
        C("randint", low=-(2**31) - 1, high=0, size=[1], dtype="int32"),
        C("randint", low=0, high=2**31 + 1, size=[1], dtype="int32"),
        C("choice", a=5, size=[6], replace=False),
        C("choice", a=5, size=None, p=[0.5, 0.6, 0, 0, 0]),
        C("choice", a=5, size=None, p=[0.25, 0.25, 0.25, 0.25]),
        C("choice", a=5, size=None, p=[0.5, math.nan, 0.5, 0, 0]),
        C("choice", a=3, size=None, p=[1.5, -0.5, 0]),
        C("choice", a=0, size=[3]),
        C("choice", a=-2, size=[1]),
        C("choice", a=np.zeros(0), size=[2]),
        C("choice", a=np.zeros((2, 2)), size=[1]),
        C("choice", a=5, size=[3], replace=False, p=[1, 0, 0, 0, 0]),
        C("choice", a=4, size=[5], p=[0.25, 0.25, 0.25, 0.25 + 5e-5]),  # a list: float64 tolerance
        C("choice", a=4, size=[5], p=np.full((2, 2), 0.25)),
        C("permutation", x=np.array(3.0)),
        C("shuffle", x=np.array(3.0)),
        C("seed", s=2**32),
        C("seed", s=-1),
        C("seed", s=[]),
        C("seed", s=[1, 2**32]),
        C("rand", dims=[2]),
        C("randn", dims=[2]),
    ]


def states():
    other = np.random.RandomState(99)
    other.randn(3)  # leaves a cached gaussian
    _, key, pos, has_gauss, gauss = other.get_state()
    return [
        C("get_state"),
        C("rand", dims=[700]),  # crosses a regeneration
        C("get_state"),
        C("set_state", key=np.asarray(key, dtype=np.int64), pos=int(pos), has_gauss=int(has_gauss),
          gauss=float(gauss)),
        C("get_state"),
        C("randn", dims=[3]),
        C("seed", s=7),
        C("get_state"),
        C("rand", dims=[3]),
        C("seed", s=[1, 2, 3]),
        C("rand", dims=[3]),
        C("seed", s=[2**32 - 1] * 700),
        C("get_state"),
        C("randn", dims=[3]),
    ]


def cases():
    r = np.random.default_rng(2024)
    out = []
    for s in SEEDS:
        out.append(stream(s, interleaved(), f"interleaved seed={s}"))
        out.append(stream(s, integers(), f"integers seed={s}"))
        out.append(stream(s, choices(r), f"choices seed={s}"))
    for s in (0, 2**32 - 1, 777):
        out.append(stream(s, uniforms(), f"uniforms seed={s}"))
        out.append(stream(s, normals(), f"normals seed={s}"))
        out.append(stream(s, permutations(r), f"permutations seed={s}"))
        out.append(stream(s, failures(), f"failures seed={s}"))
    for s in (0, [5], [1, 2, 3], [2**32 - 1] * 700):
        out.append(stream(s, states(), f"states seed={s}"))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): a "stream" case runs its calls in order in one context, so its charge
# is the sum over the calls. A call NumPy rejects ("raises") must raise in mechestim before
# charging: 0. seed, get_state and set_state are free. The samplers (random.<f>, formula
# "sampling") cost the numel of what they return: rand/randn(*dims), `size` for the rest,
# a scalar (1) without dims or size (randint(low), random_integers(low), size None).
# permutation/shuffle: n*ceil(log2 n), n the integer given or the length of the first axis;
# choice: numel(output) with replacement, n*ceil(log2 n) without, n the population (the
# integer a, or len(a)).

def _call_flops(call):
    import costs

    f = call["f"]
    name = "random." + f
    if call.get("raises", False):
        return 0
    fid = costs.formula_of(name)
    if fid == "free":
        return costs.charge(name)
    if fid == "sampling":
        if f in ("rand", "randn"):
            shape = tuple(call["dims"])
        elif f in ("randint", "random_integers") and call.get("high") is None:
            shape = ()
        else:
            shape = () if call.get("size") is None else tuple(call["size"])
        return costs.charge(name, shape)
    if fid == "permutation":
        x = call["x"]
        n = x if isinstance(x, int) else x["shape"][0]
        return costs.charge(name, n)
    if fid == "choice":
        a = call["a"]
        n = a if isinstance(a, int) else a["shape"][0]
        shape = () if call.get("size") is None else tuple(call["size"])
        return costs.charge(name, n, shape, call.get("replace", True))
    raise KeyError(f"random call {f!r} has formula {fid!r}")


def flops(case):
    assert case["op"] == "stream", case["op"]
    return sum(_call_flops(call) for call in case["args"][1])

"""me::random::RandomState and the module samplers against NumPy's legacy streams.

A case is one stream: a generator seeded one way (the global np.random after
np.random.seed, or an np.random.RandomState object), then a list of sampler calls with
positional parameters (scalars or arrays, which broadcast) and a size, each call's output
collected. diff_random_state.cpp runs the same calls on me::random's global generator or a
me::random::RandomState and must match: integers exactly, doubles to 1e-13 relative
(libm's exp/log/pow may differ from NumPy's build in the last bit). A call NumPy rejects
is marked "raises": mechestim must raise, charge nothing and not advance the generator,
which the calls after it check.
"""
import math
import warnings

import numpy as np

from common import _scalar, enc

INF, NAN = math.inf, math.nan


def C(f, *args, size=None, **kw):
    return dict(f=f, args=list(args), size=None if size is None else list(size), **kw)


def _value(v):
    if isinstance(v, np.ndarray):
        return enc(v)
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return _scalar(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _run(obj, call):
    f, args = call["f"], call["args"]
    size = None if call["size"] is None else tuple(call["size"])
    if f == "bytes":
        return np.frombuffer(obj.bytes(*args), dtype=np.uint8).astype(np.int64)
    kw = {k: call[k] for k in ("check_valid", "endpoint", "dtype", "replace", "p", "shuffle", "method", "axis") if k in call}
    axis = {"axis": call["axis"]} if "axis" in call else {}
    if f == "permutation":
        return np.asarray(obj.permutation(*args, **axis))
    if f == "permuted":
        return obj.permuted(*args, **kw)
    if f == "shuffle":
        x = np.array(args[0], copy=True)
        obj.shuffle(x, **axis)
        return x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(getattr(obj, f)(*args, size=size, **kw))


GENERATORS = ("generator", "default_rng")


def stream(seed, calls, name, on_object, atol=0.0):
    if on_object == "default_rng" and isinstance(seed, dict):
        # Generator.spawn (NumPy 1.25) is default_rng on the children of its SeedSequence.
        child = np.random.SeedSequence(seed["entropy"]).spawn(seed["n"])[seed["k"]]
        obj = np.random.default_rng(child)
    elif on_object == "default_rng":
        obj = np.random.default_rng(seed)
    elif on_object == "generator":
        # Generator's algorithms on MT19937 with the legacy seeding: the same bits as
        # RandomState(seed), so the C++ side runs basic_generator<legacy_rng>.
        bits = np.random.MT19937()
        bits._legacy_seeding(seed)
        obj = np.random.Generator(bits)
    elif on_object:
        obj = np.random.RandomState(seed)
    else:
        np.random.seed(seed)
        obj = np.random
    tail = "random" if on_object in GENERATORS else "random_sample"
    calls = calls + [C(tail, size=[3])]  # the stream continues where NumPy's does
    out, encoded = [], []
    bits = obj.bit_generator if on_object in GENERATORS else obj
    for call in calls:
        jc = {k: _value(v) for k, v in call.items()}
        before = bits.state if on_object in GENERATORS else bits.get_state()
        try:
            out.append(_run(obj, call))
        except Exception:  # noqa: BLE001 - NumPy's rejection is part of the case
            jc["raises"] = True
            # A few NumPy samplers draw before they reject (multivariate_normal with
            # check_valid="raise"); mechestim rejects before drawing, so NumPy's stream
            # is rewound to where a rejected call leaves ours.
            if on_object in GENERATORS:
                bits.state = before
            else:
                bits.set_state(before)
        encoded.append(jc)
    return {
        "op": "stream",
        "name": name,
        "args": [seed, on_object, encoded],
        "expected": [enc(o) for o in out],
        "rtol": 1e-13,
        "atol": atol,
    }


N = [1000]


def continuous():
    a3 = np.array([0.5, 1.0, 4.0])
    return [
        C("standard_gamma", 0.5, size=N), C("standard_gamma", 1.0, size=N), C("standard_gamma", 3.0, size=N),
        C("standard_gamma", 1e-3, size=[200]), C("standard_gamma", 1e10, size=[50]), C("standard_gamma", 0.0, size=[3]),
        C("gamma", 2.5, 3.0, size=N), C("gamma", 0.2, 0.5, size=[300]), C("gamma", a3, 2.0),
        C("beta", 0.5, 0.5, size=N), C("beta", 2.0, 5.0, size=N), C("beta", 0.3, 3.0, size=[300]),
        C("beta", 1e-3, 1e-3, size=[100]),
        C("chisquare", 3.0, size=N), C("chisquare", 0.5, size=[300]),
        C("noncentral_chisquare", 3.0, 2.0, size=N), C("noncentral_chisquare", 0.5, 1.0, size=[300]),
        C("noncentral_chisquare", 2.0, 0.0, size=[100]),
        C("f", 3.0, 7.0, size=N), C("noncentral_f", 3.0, 7.0, 1.5, size=N),
        C("standard_t", 5.0, size=N), C("standard_t", 0.5, size=[300]), C("standard_t", 1e6, size=[100]),
        C("pareto", 3.0, size=N), C("weibull", 1.5, size=N), C("weibull", 0.0, size=[3]), C("power", 2.0, size=N),
        C("power", 0.3, size=[200]),
        C("rayleigh", 2.0, size=N), C("laplace", 1.0, 2.0, size=N), C("gumbel", -1.0, 0.5, size=N),
        C("logistic", 0.0, 3.0, size=N), C("wald", 2.0, 3.0, size=N), C("wald", 1e-3, 1e3, size=[200]),
        C("vonmises", 0.5, 2.0, size=N), C("vonmises", -1.0, 0.0, size=[200]), C("vonmises", 0.0, 1e-9, size=[200]),
        C("vonmises", 1.0, 1e7, size=[200]), C("vonmises", 2.0, 0.5, size=[300]),
        C("triangular", -1.0, 0.5, 2.0, size=N), C("triangular", 0.0, 0.0, 1.0, size=[100]),
        C("triangular", 0.0, 1.0, 1.0, size=[100]),
        C("exponential", np.array([[1.0], [2.0]]), size=[2, 3]), C("standard_exponential", size=[500]),
        C("standard_cauchy", size=[500]), C("lognormal", np.array([0.0, 1.0]), np.array([[0.5], [1.5], [2.0]])),
        C("normal", np.arange(4.0), 2.0), C("uniform", np.array([0.0, 10.0]), np.array([[1.0, 20.0]] * 3), size=[3, 2]),
        C("uniform", -1.0, 1.0, size=N),
        C("normal", 1.0, np.arange(1.0, 5.0)), C("gamma", 2.0, np.array([1.0, 2.0, 3.0]), size=[2, 3]),
        C("noncentral_f", 3.0, np.array([[2.0], [7.0]]), np.array([0.0, 1.0, 2.0])),
    ]


def discrete():
    return [
        C("binomial", 10, 0.3, size=N), C("binomial", 100, 0.5, size=N), C("binomial", 1000, 0.9, size=N),
        C("binomial", 0, 0.5, size=[10]), C("binomial", 10, 0.0, size=[10]), C("binomial", 10, 1.0, size=[10]),
        C("binomial", 5, 0.05, size=N), C("binomial", 10**6, 0.3, size=[300]),
        C("binomial", np.array([1, 10, 100]), np.array([[0.2], [0.7]])),
        C("poisson", 3.0, size=N), C("poisson", 15.0, size=N), C("poisson", 0.0, size=[10]),
        C("poisson", 1e6, size=[300]), C("poisson", np.array([0.5, 5.0, 50.0]), size=[4, 3]),
        C("geometric", 0.5, size=N), C("geometric", 1.0, size=[10]), C("geometric", 1e-3, size=N),
        C("geometric", 0.9, size=N),
        C("negative_binomial", 5.0, 0.5, size=N), C("negative_binomial", 0.5, 0.1, size=[300]),
        C("negative_binomial", 3, 1.0, size=[10]),
        C("logseries", 0.5, size=N), C("logseries", 1e-9, size=[100]), C("logseries", 0.999, size=N),
        C("zipf", 2.0, size=N), C("zipf", 1.01, size=[300]), C("zipf", 10.0, size=[300]),
        C("hypergeometric", 10, 5, 7, size=N), C("hypergeometric", 1000, 2000, 500, size=N),
        C("hypergeometric", 5, 0, 5, size=[10]), C("hypergeometric", 3, 3, 1, size=[100]),
        C("hypergeometric", 100, 200, 250, size=[300]),
    ]


def multivariate():
    cov = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])
    return [
        C("multinomial", 20, [0.2, 0.3, 0.5], size=[300]), C("multinomial", 100, [0.1, 0.0, 0.4, 0.2], size=[200]),
        C("multinomial", 0, [0.5, 0.5], size=[5]), C("multinomial", 7, [1.0 / 3] * 3),
        C("dirichlet", [0.5, 1.0, 2.0], size=[300]), C("dirichlet", [0.05, 0.05], size=[200]),
        C("dirichlet", [3.0, 3.0, 3.0, 3.0]),
        C("multivariate_normal", np.array([1.0, -1.0, 0.5]), cov, size=[400]),
        C("multivariate_normal", np.zeros(2), np.array([[1.0, 0.999], [0.999, 1.0]]), size=[2, 50]),
        C("multivariate_normal", np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]), size=[5], check_valid="ignore"),
        C("bytes", 13), C("bytes", 0), C("bytes", 4),
    ]


def failures():
    bad = [
        C("gamma", -1.0, 1.0, size=[2]), C("gamma", 1.0, -1.0), C("gamma", np.array([1.0, -0.5]), 1.0),
        C("beta", 0.0, 1.0), C("beta", 1.0, np.array([1.0, 0.0])), C("chisquare", 0.0),
        C("noncentral_chisquare", 1.0, -1.0), C("f", 1.0, 0.0), C("noncentral_f", 1.0, 1.0, -0.1),
        C("standard_t", 0.0), C("pareto", 0.0), C("weibull", -1.0), C("power", -1.0), C("rayleigh", -1.0),
        C("laplace", 0.0, -1.0), C("gumbel", 0.0, -0.0), C("logistic", 0.0, -2.0), C("wald", 0.0, 1.0),
        C("wald", 1.0, 0.0), C("vonmises", 0.0, -1.0), C("triangular", 1.0, 0.0, 2.0), C("triangular", 0.0, 3.0, 2.0),
        C("triangular", 1.0, 1.0, 1.0), C("triangular", np.array([0.0, 2.0]), 1.0, 3.0),
        C("binomial", -1, 0.5), C("binomial", 5, 1.5), C("binomial", 5, NAN), C("binomial", 5, np.array([0.5, -0.1])),
        C("poisson", -1.0), C("poisson", 1e19), C("poisson", np.array([1.0, NAN])), C("geometric", 0.0),
        C("geometric", 1.5), C("negative_binomial", 0.0, 0.5), C("negative_binomial", 1.0, 1.5), C("logseries", 1.0),
        C("logseries", -0.1), C("zipf", 1.0), C("zipf", NAN), C("hypergeometric", -1, 5, 2),
        C("hypergeometric", 5, -1, 2), C("hypergeometric", 5, 5, 0), C("hypergeometric", 2, 2, 5),
        C("hypergeometric", np.array([2, 3]), 2, 5), C("multinomial", 5, [0.7, 0.6, 0.1]),
        C("multinomial", 5, [0.5, -0.1, 0.6]), C("multinomial", -1, [0.5, 0.5]), C("dirichlet", [1.0, 0.0]),
        C("multivariate_normal", np.zeros((2, 2)), np.eye(2)), C("multivariate_normal", np.zeros(2), np.eye(3)),
        C("multivariate_normal", np.zeros(2), np.ones((2, 3))),
        C("multivariate_normal", np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]), check_valid="raise"),
        C("normal", np.zeros(3), 1.0, size=[2]), C("normal", np.zeros(3), np.ones(2)),
        C("normal", np.zeros(3), 1.0, size=[2, 3, 1]), C("uniform", 0.0, np.array([1.0, INF])),
    ]
    out = []
    for c in bad:
        out += [c, C("random_sample", size=[1])]
    return out


def generator_calls():
    p5 = [0.1, 0.0, 0.3, 0.6, 0.0]
    return [
        C("random", size=N), C("standard_normal", size=[3000]), C("normal", 1.0, 2.0, size=N),
        C("normal", np.arange(3.0), np.array([[1.0], [0.5]])), C("standard_exponential", size=[3000]),
        C("exponential", 2.0, size=N), C("uniform", -1.0, 3.0, size=N), C("uniform", np.array([0.0, 5.0]), 6.0),
        C("integers", 0, 10, size=N), C("integers", -5, 5, size=[50], endpoint=True), C("integers", 0, 2**32, size=[20]),
        C("integers", 0, 2**32 + 1, size=[20]), C("integers", -(2**63), 2**63 - 1, size=[20]),
        C("integers", 3, 4, size=[5]), C("integers", 0, 2**40, size=[20]), C("integers", 7),
        C("integers", -100, 100, size=[30], dtype="int32"), C("integers", 0, 0, size=[0]),
        C("permutation", 10), C("permutation", np.arange(12.0).reshape(4, 3)), C("permutation", 1000),
        C("shuffle", np.arange(20)), C("shuffle", np.arange(60).reshape(3, 4, 5), axis=1),
        C("shuffle", np.arange(60.0).reshape(3, 4, 5), axis=-1), C("shuffle", np.zeros((3, 0))),
        C("permutation", np.arange(60).reshape(3, 4, 5), axis=2), C("permutation", np.arange(12.0).reshape(3, 4), axis=-2),
        C("permutation", np.zeros((3, 0)), axis=0), C("permutation", np.zeros(0)),
        C("choice", 10, size=[5]), C("choice", 10, size=[5], replace=False), C("choice", 10, size=[10], replace=False),
        C("choice", 10**6, size=[100], replace=False), C("choice", 10**6, size=[100], replace=False, shuffle=False),
        C("choice", 50000, size=[2000], replace=False), C("choice", 5, size=[6], p=p5),
        C("choice", 5, size=[2], replace=False, p=p5), C("choice", np.array([1.5, 2.5, 3.5]), size=[4]),
        C("bytes", 11),
    ]


def generator_failures():
    bad = [C("normal", 0.0, -1.0), C("exponential", -1.0), C("uniform", 0.0, INF), C("integers", 5, 5),
           C("integers", 5, 4, endpoint=True), C("integers", 0, 2**31 + 1, dtype="int32"),
           C("choice", 5, size=[6], replace=False), C("choice", 0, size=[1]), C("choice", 3, p=[0.5, 0.6, 0.0]),
           C("permutation", np.array(3.0)), C("shuffle", np.arange(4), axis=1),
           C("permutation", np.arange(6).reshape(2, 3), axis=2), C("shuffle", np.arange(6).reshape(2, 3), axis=-3)]  # bytes(-1): NumPy's Generator returns b"", we raise
    out = []
    for c in bad:
        out += [c, C("random", size=[1])]
    return out


# ==== Generator continuous distributions: (calls, rejected calls) ====
def generator_continuous():
    a3 = np.array([0.5, 1.0, 4.0])
    calls = [
        C("standard_gamma", 0.5, size=N), C("standard_gamma", 1.0, size=N), C("standard_gamma", 3.0, size=N),
        C("standard_gamma", 1e-3, size=[200]), C("standard_gamma", 1e10, size=[50]), C("standard_gamma", 0.0, size=[3]),
        C("standard_gamma", a3, size=[2, 3]), C("standard_gamma", 2.5, size=N, dtype="float32"),
        C("standard_gamma", 0.3, size=[300], dtype="float32"), C("standard_gamma", 1.0, size=[50], dtype="float32"),
        C("gamma", 2.5, 3.0, size=N), C("gamma", 0.2, 0.5, size=[300]), C("gamma", a3, 2.0),
        C("gamma", 2.0, np.array([1.0, 2.0, 3.0]), size=[2, 3]),
        C("beta", 0.5, 0.5, size=N), C("beta", 2.0, 5.0, size=N), C("beta", 0.3, 3.0, size=[300]),
        C("beta", 1e-3, 1e-3, size=[300]), C("beta", 1.0, 1.0, size=[100]),
        C("chisquare", 3.0, size=N), C("chisquare", 0.5, size=[300]), C("chisquare", a3),
        C("f", 3.0, 7.0, size=N), C("f", 0.5, 0.5, size=[300]),
        C("standard_t", 5.0, size=N), C("standard_t", 0.5, size=[300]), C("standard_t", 1e6, size=[100]),
        C("standard_cauchy", size=N), C("lognormal", 0.0, 1.0, size=N),
        C("lognormal", np.array([0.0, 1.0]), np.array([[0.5], [1.5], [2.0]])),
        C("pareto", 3.0, size=N), C("pareto", 1e-3, size=[100]), C("weibull", 1.5, size=N), C("weibull", 0.0, size=[3]),
        C("power", 2.0, size=N), C("power", 0.3, size=[200]), C("rayleigh", 2.0, size=N), C("rayleigh", 0.0, size=[3]),
        C("wald", 2.0, 3.0, size=N), C("wald", 1e-3, 1e3, size=[200]),
        C("vonmises", 0.5, 2.0, size=N), C("vonmises", -1.0, 0.0, size=[200]), C("vonmises", 0.0, 1e-9, size=[200]),
        C("vonmises", 0.0, 1e-6, size=[200]), C("vonmises", 1.0, 1e7, size=[200]), C("vonmises", 3.0, 2e6, size=[200]),
        C("vonmises", 2.0, 0.5, size=[300]), C("vonmises", np.array([0.0, 3.1]), np.array([[1e-3], [50.0]])),
        C("laplace", 1.0, 2.0, size=N), C("laplace", 0.0, 0.0, size=[5]), C("gumbel", -1.0, 0.5, size=N),
        C("logistic", 0.0, 3.0, size=N), C("logistic", np.arange(3.0), 1.0, size=[2, 3]),
        C("triangular", -1.0, 0.5, 2.0, size=N), C("triangular", 0.0, 0.0, 1.0, size=[100]),
        C("triangular", 0.0, 1.0, 1.0, size=[100]), C("triangular", np.array([0.0, -1.0]), 0.5, np.array([[1.0], [2.0]])),
        C("random", size=N, dtype="float32"), C("random", size=[2, 3], dtype="float32"),
        C("standard_normal", size=[3000], dtype="float32"), C("standard_exponential", size=[3000], dtype="float32"),
        C("standard_exponential", size=N, method="inv"), C("standard_exponential", size=N, dtype="float32", method="inv"),
        C("standard_normal", size=[0], dtype="float32"),
    ]
    bad = [
        C("standard_gamma", -1.0), C("standard_gamma", np.array([1.0, -0.5]), dtype="float32"),
        C("gamma", -1.0, 1.0, size=[2]), C("gamma", 1.0, -1.0), C("gamma", np.array([1.0, -0.5]), 1.0),
        C("beta", 0.0, 1.0), C("beta", 1.0, np.array([1.0, 0.0])), C("beta", NAN, 1.0), C("chisquare", 0.0),
        C("f", 1.0, 0.0), C("f", -1.0, 1.0), C("standard_t", 0.0), C("pareto", 0.0), C("weibull", -1.0), C("power", -1.0),
        C("rayleigh", -1.0), C("lognormal", 0.0, -1.0), C("laplace", 0.0, -1.0), C("gumbel", 0.0, -0.0),
        C("logistic", 0.0, -2.0), C("wald", 0.0, 1.0), C("wald", 1.0, 0.0), C("vonmises", 0.0, -1.0),
        C("triangular", 1.0, 0.0, 2.0), C("triangular", 0.0, 3.0, 2.0), C("triangular", 1.0, 1.0, 1.0),
        C("triangular", np.array([0.0, 2.0]), 1.0, 3.0), C("gamma", np.ones(3), 1.0, size=[2]),
    ]
    return calls, bad
# ==== end of Generator continuous distributions ====


# ==== Generator noncentral chi-square and F: (calls, rejected calls) ====
def generator_noncentral():
    calls = [
        C("noncentral_chisquare", 3.0, 2.0, size=N), C("noncentral_chisquare", 0.5, 1.0, size=N),
        C("noncentral_chisquare", 2.0, 0.0, size=[100]), C("noncentral_chisquare", 1.0, 1e-3, size=[200]),
        C("noncentral_chisquare", 1e-3, 50.0, size=[200]), C("noncentral_chisquare", 2.0, NAN, size=[3]),
        C("noncentral_chisquare", np.array([0.5, 4.0]), np.array([[0.0], [3.0]])),
        C("noncentral_f", 3.0, 7.0, 1.5, size=N), C("noncentral_f", 0.5, 2.0, 4.0, size=[300]),
        C("noncentral_f", 3.0, np.array([[2.0], [7.0]]), np.array([0.0, 1.0, 2.0])),
        # dirichlet: gammas over their sum; every alpha < 0.1 breaks a stick of betas.
        C("dirichlet", [0.5, 1.0, 2.0], size=[400]), C("dirichlet", [0.05, 0.01, 0.09], size=[400]),
        C("dirichlet", [1e-3, 1e-3], size=[300]), C("dirichlet", [0.05, 0.1], size=[200]),
        C("dirichlet", np.array([3.0, 3.0, 3.0, 3.0])), C("dirichlet", [2.0], size=[3]),
        C("dirichlet", [1e6, 1e-2], size=[50]), C("dirichlet", [NAN, 1.0], size=[2]),
        C("dirichlet", [], size=[4]), C("dirichlet", [0.5, 0.5], size=[2, 3]),
        # multinomial: scalar n over 1-d pvals, array n, n-d pvals, size against the broadcast.
        C("multinomial", 20, [0.2, 0.3, 0.5], size=[300]), C("multinomial", 100, [0.1, 0.0, 0.4, 0.2], size=[200]),
        C("multinomial", 0, [0.5, 0.5], size=[5]), C("multinomial", 7, [1.0 / 3] * 3),
        C("multinomial", 10**6, [0.25, 0.5, 0.25], size=[100]), C("multinomial", 5, [1.0, 0.0], size=[10]),
        C("multinomial", 5, [0.0, 1.0], size=[10]), C("multinomial", 3, [0.6], size=[4]),
        C("multinomial", np.array([1, 10, 1000]), [0.3, 0.3, 0.4]),
        C("multinomial", np.array([[10], [20]]), [1 / 6.0] * 6, size=[2, 2]),
        C("multinomial", np.array([10, 20]), np.array([[0.25] * 4 + [0.0] * 2, [1 / 6.0] * 6])),
        C("multinomial", 1, np.array([[0.1, 0.5, 0.4], [0.3, 0.7, 0.0]]), size=[150, 2]),
        C("multinomial", np.array(7), [0.5, 0.5], size=[3]),
    ]
    bad = [C("noncentral_chisquare", 0.0, 1.0), C("noncentral_chisquare", 1.0, -1.0),
           C("noncentral_chisquare", np.array([1.0, -1.0]), 1.0), C("noncentral_f", 1.0, 1.0, -0.1),
           C("noncentral_f", 0.0, 1.0, 1.0), C("noncentral_f", 1.0, -2.0, 1.0),
           C("noncentral_f", np.ones(3), 1.0, 1.0, size=[2]),
           C("dirichlet", [0.0, 1.0]), C("dirichlet", [1.0, -2.0], size=[3]), C("dirichlet", np.ones((2, 2))),
           C("multinomial", 5, []), C("multinomial", 5, [0.5, 1.5]), C("multinomial", 5, [0.5, NAN]),
           C("multinomial", 5, [0.7, 0.7, 0.1]), C("multinomial", 5, np.array([[0.2, 0.3, 0.5], [0.7, 0.7, 0.1]])),
           C("multinomial", -1, [0.5, 0.5]), C("multinomial", np.array([-1, 2]), [0.5, 0.5]),
           C("multinomial", np.array([1, 2]), [0.5, 0.5], size=[3]),
           C("multinomial", np.array([1, 2]), [0.5, 0.5], size=[2, 1]),
           C("multinomial", 3, np.array([[0.5, 0.5]] * 2), size=[3])]
    return calls, bad
# ==== end of Generator noncentral distributions ====


# ==== Generator discrete distributions: (calls, rejected calls) ====
def generator_discrete():
    calls = [
        # binomial: inversion (n p <= 30) and BTPE, both sides of p = 1/2, the n = 0 and p = 0 shortcuts.
        C("binomial", 10, 0.3, size=N), C("binomial", 1000, 0.4, size=N), C("binomial", 1000, 0.9, size=[500]),
        C("binomial", 20, 0.8, size=[500]), C("binomial", 0, 0.5, size=[5]), C("binomial", 7, 0.0, size=[5]),
        C("binomial", 7, 1.0, size=[5]), C("binomial", 2**40, 1e-3, size=[100]),
        C("binomial", np.array([[5], [500]]), np.array([0.1, 0.5, 0.95])),
        # poisson: multiplication below 10, PTRS above, 0, tiny and huge means.
        C("poisson", 3.0, size=N), C("poisson", 50.0, size=N), C("poisson", 0.0, size=[5]),
        C("poisson", 1e-8, size=[100]), C("poisson", 1e15, size=[100]), C("poisson", np.array([0.5, 10.0, 1e4]), size=[2, 3]),
        # geometric: the search from p = 1/3 up, inversion below, and the unclamped cast of a tiny p.
        C("geometric", 0.5, size=N), C("geometric", 0.333333333333333333, size=[500]), C("geometric", 0.3, size=[500]),
        C("geometric", 1e-3, size=N), C("geometric", 1.0, size=[5]), C("geometric", 1e-20, size=[5]),
        C("geometric", np.array([[0.1], [0.9]]), size=[2, 4]),
        # negative_binomial: small and large n, p = 1.
        C("negative_binomial", 5.0, 0.5, size=N), C("negative_binomial", 0.3, 0.1, size=[500]),
        C("negative_binomial", 1e6, 0.7, size=[200]), C("negative_binomial", 3.0, 1.0, size=[5]),
        C("negative_binomial", np.array([1.0, 20.0]), np.array([[0.2], [0.6]])),
        # logseries: p = 0, small, near 1.
        C("logseries", 0.6, size=N), C("logseries", 0.0, size=[5]), C("logseries", 1e-5, size=[200]),
        C("logseries", 0.999999, size=[500]), C("logseries", np.array([0.1, 0.9]), size=[3, 2]),
        # zipf: a near 1 (rejections past int64), moderate and large a.
        C("zipf", 2.0, size=N), C("zipf", 1.0001, size=[300]), C("zipf", 50.0, size=[200]),
        C("zipf", np.array([1.5, 3.0]), size=[2, 2]),
    ]
    bad = [C("binomial", -1, 0.5), C("binomial", 5, 1.5), C("binomial", -1, 2.0), C("binomial", 5, NAN),
           C("binomial", np.array([5, -1]), 0.5), C("binomial", np.array([5]), np.array([NAN])),
           C("poisson", -1.0), C("poisson", NAN), C("poisson", np.array([NAN])), C("poisson", 1e19),
           C("poisson", np.array([1e19, -1.0])),
           C("geometric", 0.0), C("geometric", 1.5), C("geometric", np.array([NAN])),
           C("negative_binomial", 0.0, 0.5), C("negative_binomial", NAN, 0.5), C("negative_binomial", 1.0, 0.0),
           C("negative_binomial", 1.0, NAN), C("negative_binomial", 0.0, 0.0), C("negative_binomial", 1e18, 1e-3),
           C("negative_binomial", np.array([1e18]), np.array([1e-3])), C("negative_binomial", np.array([NAN]), 0.5),
           C("logseries", 1.0), C("logseries", -0.1), C("logseries", NAN), C("logseries", np.array([NAN])),
           C("zipf", 1.0), C("zipf", NAN), C("zipf", np.array([0.5]))]
    return calls, bad
# ==== end of Generator discrete distributions ====


# ==== Generator hypergeometric and multivariate_hypergeometric: (calls, rejected calls) ====
def generator_hypergeometric():
    calls = [
        # the urn walk (nsample < 10 or within 10 of the population) and HRUA, both kinds scarcer
        C("hypergeometric", 10, 5, 3, size=N), C("hypergeometric", 100, 200, 50, size=N),
        C("hypergeometric", 300, 100, 150, size=[500]), C("hypergeometric", 20, 20, 35, size=[500]),
        C("hypergeometric", 5, 5, 0, size=[5]), C("hypergeometric", 5, 5, 10, size=[5]),
        C("hypergeometric", 0, 7, 4, size=[5]), C("hypergeometric", 7, 0, 4, size=[5]),
        C("hypergeometric", 10**9 - 1, 10**9 - 1, 10**9, size=[200]), C("hypergeometric", 2000, 3000, 2500, size=[300]),
        C("hypergeometric", 100000, 10, 50, size=[300]),
        C("hypergeometric", np.array([[10], [400]]), np.array([5, 600]), np.array([3, 200]), size=[2, 2]),
        # multivariate_hypergeometric, both methods
        C("multivariate_hypergeometric", [16, 8, 4], 6, size=[300]),
        C("multivariate_hypergeometric", [16, 8, 4], 6, size=[300], method="count"),
        C("multivariate_hypergeometric", [50, 0, 30, 20], 70, size=[2, 100]),
        C("multivariate_hypergeometric", [50, 0, 30, 20], 70, size=[2, 100], method="count"),
        C("multivariate_hypergeometric", [5, 0, 3], 8, size=[3]), C("multivariate_hypergeometric", [5, 3], 0, size=[3]),
        C("multivariate_hypergeometric", [5, 3], 8, size=[3], method="count"),
        C("multivariate_hypergeometric", [1000, 2000, 3000], 2500, size=[200]),
        C("multivariate_hypergeometric", [0, 0], 0, size=[2], method="count"),
        C("multivariate_hypergeometric", [7], 3), C("multivariate_hypergeometric", [], 0, size=[2]),
        C("multivariate_hypergeometric", np.array([4, 9, 2]), 5, size=[50], method="count"),
    ]
    bad = [C("hypergeometric", -1, 5, 10), C("hypergeometric", 5, -1, 2), C("hypergeometric", 5, 5, -1),
           C("hypergeometric", 5, 5, 11), C("hypergeometric", 10**9, 1, 1), C("hypergeometric", -5, -5, -20),
           C("hypergeometric", np.array([-1, 3]), np.array([5]), np.array([1])),
           C("hypergeometric", np.array([10**9]), np.array([5]), np.array([10**10])),
           C("multivariate_hypergeometric", [3, 2, 5], -1), C("multivariate_hypergeometric", [3, -2, 5], 2),
           C("multivariate_hypergeometric", np.array([[3, 2]]), 1, method="count"),
           C("multivariate_hypergeometric", [], 1), C("multivariate_hypergeometric", [3, 2], 6, method="count"),
           C("multivariate_hypergeometric", [10**9], 1)]
    return calls, bad
# ==== end of Generator hypergeometric distributions ====


# ==== Generator multivariate samplers and permuted: (calls, rejected calls) ====
def generator_multivariate():
    cov3 = np.array([[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 0.5]])
    near = np.array([[1.0, 0.999], [0.999, 1.0]])
    not_psd = np.array([[1.0, 2.0], [2.0, 1.0]])
    lower_only = np.array([[4.0, 9.0], [1.0, 3.0]])  # eigh and cholesky read the lower triangle
    mean3 = np.array([1.0, -1.0, 0.5])
    calls = []
    for method in ("svd", "eigh", "cholesky"):
        calls += [
            C("multivariate_normal", mean3, cov3, size=[400], method=method),
            C("multivariate_normal", np.zeros(2), near, size=[2, 50], method=method),
            C("multivariate_normal", np.array([3.0]), np.array([[0.25]]), size=[7], method=method),
            C("multivariate_normal", np.zeros(2), np.diag([1.0, 0.0]) if method != "cholesky" else np.eye(2),
              size=[5], method=method),
            C("multivariate_normal", np.zeros(2), lower_only, size=[4], method=method, check_valid="ignore"),
            C("multivariate_normal", mean3, cov3, method=method), C("multivariate_normal", mean3, cov3, size=[0], method=method),
        ]
    calls += [
        C("multivariate_normal", np.zeros(2), not_psd, size=[5], check_valid="ignore"),
        C("multivariate_normal", np.zeros(2), not_psd, size=[5], method="eigh", check_valid="ignore"),
        C("multivariate_normal", np.zeros(2), not_psd, size=[3], method="eigh", check_valid="warn"),
        C("multivariate_normal", mean3, 1e6 * cov3, size=[20], method="eigh"),
    ]
    bad = [
        C("multivariate_normal", np.zeros((2, 2)), np.eye(2)), C("multivariate_normal", np.zeros(2), np.eye(3)),
        C("multivariate_normal", np.zeros(2), np.ones((2, 3)), method="eigh"),
        C("multivariate_normal", np.zeros(2), not_psd, check_valid="raise"),
        C("multivariate_normal", np.zeros(2), not_psd, method="eigh", check_valid="raise"),
        C("multivariate_normal", np.zeros(2), not_psd, method="cholesky"),
        C("multivariate_normal", np.zeros(2), np.array([[1.0, 0.0], [0.0, -1e-3]]), method="cholesky", check_valid="ignore"),
        C("multivariate_normal", np.zeros(2), np.array([[NAN, 0.0], [0.0, 1.0]])),
    ]
    x = np.arange(60.0).reshape(3, 4, 5)
    calls += [
        C("permuted", np.arange(1000)), C("permuted", np.arange(1000.0), axis=0), C("permuted", x),
        C("permuted", x, axis=0), C("permuted", x, axis=1), C("permuted", x, axis=2), C("permuted", x, axis=-1),
        C("permuted", np.arange(12).reshape(3, 4), axis=1), C("permuted", np.arange(12).reshape(3, 4).T, axis=0),
        C("permuted", np.zeros((0, 3)), axis=1), C("permuted", np.zeros((0, 3)), axis=0), C("permuted", np.zeros((4, 1)), axis=1),
        C("permuted", np.array([7.0])), C("permuted", np.arange(3000).reshape(3, 1000), axis=1),
    ]
    a2 = np.arange(20.0).reshape(4, 5)
    calls += [
        C("choice", a2, size=[3]), C("choice", a2, size=[2, 3], axis=1), C("choice", x, size=[4], axis=-1),
        C("choice", x, size=[2], axis=1, replace=False), C("choice", x, size=[3], axis=0, replace=False, shuffle=False),
        C("choice", a2, size=[6], axis=0, p=[0.1, 0.2, 0.3, 0.4]), C("choice", a2, size=[3], axis=1, replace=False,
                                                                   p=[0.1, 0.2, 0.3, 0.2, 0.2]),
        C("choice", np.arange(12).reshape(3, 4), size=[5], axis=1), C("choice", a2, axis=1), C("choice", a2, size=[0], axis=1),
        C("choice", np.zeros((0, 3)), size=[0], axis=0), C("choice", np.zeros((2, 0)), size=[2], axis=0),
    ]
    bad += [C("choice", a2, size=[2], axis=2), C("choice", a2, size=[2], axis=-3), C("choice", np.zeros((2, 0)), size=[1], axis=1),
            C("choice", a2, size=[6], axis=1, replace=False), C("choice", a2, size=[2], axis=1, p=[0.5, 0.5])]
    bad += [C("permuted", np.array(5.0)), C("permuted", np.array(5.0), axis=0), C("permuted", x, axis=3),
            C("permuted", x, axis=-4)]
    return calls, bad
# ==== end of Generator multivariate samplers ====


def generator_streams():
    """Every Generator family on MT19937 (legacy seeding) and on default_rng's PCG64,
    with integer and sequence seeds; failures each followed by a draw that shows the
    stream did not move."""
    out = []
    families = [("core", generator_calls(), generator_failures())]
    for name, part in (("continuous", generator_continuous), ("noncentral", generator_noncentral),
                       ("discrete", generator_discrete),
                       ("hypergeometric", generator_hypergeometric), ("multivariate", generator_multivariate)):
        calls, bad = part()
        failures = []
        for c in bad:
            failures += [c, C("random", size=[1])]
        families.append((name, calls, failures))
    for family, calls, failures in families:
        if not calls:
            continue
        atol = 1e-12 if family == "multivariate" else 0.0  # the product with cov's factor, as the legacy one
        for seed in (0, 7, 2**32 - 1):
            out.append(stream(seed, calls, f"Generator(MT19937) {family} seed={seed}", "generator", atol))
        for seed in (0, 12345, 2**63 + 5, [1, 2, 3], [2**40, 0]):
            out.append(stream(seed, calls, f"default_rng({seed}) {family}", "default_rng", atol))
        if family == "core":
            spawned = dict(entropy=42, n=3, k=2)
            out.append(stream(spawned, calls, "default_rng(42).spawn(3)[2] core", "default_rng"))
        if failures:
            out.append(stream(5, failures, f"Generator(MT19937) {family} failures seed=5", "generator"))
            out.append(stream(5, failures, f"default_rng(5) {family} failures", "default_rng"))
    return out


def large_shuffles():
    """Shuffles past 1 MiB, where the Fisher-Yates draws its swaps ahead and prefetches."""
    calls = [C("permutation", 200_000), C("choice", 200_000, size=[150_000], replace=False),
             C("shuffle", np.arange(140_000.0))]
    return [stream(1, calls, "default_rng(1) large shuffles", "default_rng"),
            stream(2, [C("permutation", 200_000), C("shuffle", np.arange(140_000))], "Generator(MT19937) large shuffles", "generator")]


def cases():
    out = generator_streams() + large_shuffles()
    for seed in (0, 1, 12345, 2**32 - 1):
        for obj in (False, True):
            tag = f"{'RandomState' if obj else 'np.random'} seed={seed}"
            out.append(stream(seed, continuous(), f"continuous {tag}", obj))
            out.append(stream(seed, discrete(), f"discrete {tag}", obj))
            # multivariate_normal's product with the SVD factor: near-zero values agree to 1e-12.
            out.append(stream(seed, multivariate(), f"multivariate {tag}", obj, atol=1e-12))
    for seed in (3, 99):
        out.append(stream(seed, failures(), f"failures seed={seed}", seed == 99))
    return out


# Charges: every sampler costs numel of what it returns (at least 1); bytes its length;
# multivariate_normal numel(output) + k^3 (the SVD); a rejected call 0.
def flops(case):
    import costs

    total = 0
    outputs = iter(case["expected"])
    for call in case["args"][2]:
        if call.get("raises"):
            continue
        shape = tuple(next(outputs)["shape"])
        name = "random." + call["f"]
        fid = costs.formula_of(name)
        first = call["args"][0] if call["args"] else None
        n = first if isinstance(first, int) else (first["shape"][0] if isinstance(first, dict) and first["shape"] else 0)
        if fid == "multivariate_hypergeometric":
            colors = first["data"] if isinstance(first, dict) else first
            total += costs.charge(name, shape, sum(colors), call["args"][1], call.get("method") == "count")
        elif fid == "multivariate_normal":
            k = shape[-1]
            total += max(1, math.prod(shape) + k**3)
        elif fid == "permutation":
            if isinstance(first, dict) and "axis" in call:
                n = first["shape"][call["axis"]]
            total += costs.charge(name, n)
        elif fid == "sort":  # permuted: a shuffle of each slice along axis (of the flattened x without one)
            axis = call.get("axis")
            if axis is None:
                total += costs.charge(name, math.prod(shape), 1)
            else:
                others = math.prod(d for i, d in enumerate(shape) if i != axis % len(shape))
                total += costs.charge(name, shape[axis], others)
        elif fid == "choice":
            if isinstance(first, dict) and "axis" in call:
                n = first["shape"][call["axis"]]
            size = () if call["size"] is None else tuple(call["size"])
            total += costs.charge(name, n, size, call.get("replace", True))
        else:
            total += costs.charge(name, shape)
    return total

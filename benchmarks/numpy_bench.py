#!/usr/bin/env python3
"""Times in NumPy the operations bench_core times in C++; prints JSON {name: seconds}.

Names match the C++ benchmarks' (BM_me_add/8 <-> add/8). Each figure is the minimum over
repeats of the mean time per call, as `python -m timeit` reports.

`numpy_bench.py einsum` times bench_einsum's cases instead (same names: einsum/matmul_512,
einsum_path/greedy_30, ...): numpy.einsum(..., optimize=True), `a @ b` for matmul/*, and
numpy.einsum_path(..., optimize='greedy') on the same random networks.

`numpy_bench.py linalg` times bench_linalg's and bench_linalg_solve's cases: svd/256,
eigh/512, solve/256, ... on the matrices the C++ side builds (np.random.seed(n),
standard_normal; b from seed n + 1).
`numpy_bench.py fft` times bench_fft's cases (fft/65536, rfft/99991, fft2/1024x1024, ...):
numpy.fft on the same sin(0.001 k) samples, complex128 for fft and fft2, float64 for rfft.
`numpy_bench.py sets` times bench_sets's cases (unique/1e6, unique_counts/1e6, ...):
np.unique of 1e6 float64 drawn as integers from [0, 1e5) (np.random.seed(1e6), randint),
and np.isin of them against 1000 such values.
`numpy_bench.py polynomial` times bench_polynomial's case (polyval/deg10_1e6): np.polyval of
the degree-10 polynomial sample((11,)) at the 10^6 points sample((10**6,)).
`numpy_bench.py calculus` times bench_calculus's case (convolve/100000x1000, mode full):
a = sin(0.001 k) for k < 1e5, v the next 1000 values of the same sequence.
`numpy_bench.py sorting` times bench_sorting's cases (sort/random_1000000,
argsort/sorted_10000000, searchsorted/1000000, ...): np.sort and np.argsort (default
kind) of np.random.seed(n); random_sample(n), as drawn or sorted, and np.searchsorted of
random_sample(n) from seed n + 1 into the sorted array.
`numpy_bench.py families` times bench_families' cases (unary/exp/1000000, free/take/1000,
...): every op family at 1e3 and 1e6 on the same inputs; benchmarks/families.py pairs them.
`numpy_bench.py histograms` times bench_histograms' cases: np.histogram of 1e7 sin(0.001 k)
into 100 bins, np.bincount of 1e7 int64 values k * 7919 % 1001.
"""
import json
import sys
import timeit

import numpy as np


def best(stmt, number, repeat=7):
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def main():
    out = {}
    for n in (8, 1000, 100000, 10000000):
        a = np.arange(n, dtype=np.float64) + 1.0
        b = np.arange(n, dtype=np.float64) + 2.0
        out[f"add/{n}"] = best(lambda: a + b, max(1, 2_000_000 // max(n, 1)))
    for n in (8, 1000, 1000000):
        a = np.arange(n, dtype=np.float64)
        out[f"exp/{n}"] = best(lambda: np.exp(a), max(1, 2_000_000 // max(n, 1)))
    for n in (8, 1000, 10000000):
        a = np.arange(n, dtype=np.float64)
        out[f"sum/{n}"] = best(lambda: np.sum(a), max(1, 2_000_000 // max(n, 1)))
    m = np.arange(10_000_000, dtype=np.float64).reshape(1000, 10000)
    for axis in (0, 1):
        out[f"sum_axis/{axis}"] = best(lambda: m.sum(axis=axis), 3)
    W = np.arange(256 * 256, dtype=np.float64).reshape(256, 256)
    x = np.arange(256, dtype=np.float64) + 1.0
    out["einsum_matvec"] = best(lambda: np.einsum("ij,j->i", W, x), 2000)
    print(json.dumps(out))


def sample(shape):
    n = int(np.prod(shape))
    return np.sin(0.001 * np.arange(n, dtype=np.float64)).reshape(shape)


def random_network(n, seed):
    """bench_einsum.cpp's random_network: the same 64-bit LCG, so the same network."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    state = seed
    mask = (1 << 64) - 1

    def nxt():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        return state >> 33

    size = [2 + nxt() % 3 for _ in range(52)]
    count = [0] * 52
    terms, shapes = [], []
    for _ in range(n):
        nlabels = 2 + nxt() % 2
        term, shape = "", []
        while len(term) < nlabels:
            l = nxt() % 52
            if letters[l] in term:
                continue
            term += letters[l]
            shape.append(size[l])
            count[l] += 1
        terms.append(term)
        shapes.append(tuple(shape))
    return ",".join(terms) + "->" + "".join(letters[l] for l in range(52) if count[l] == 1), shapes


def timed(f, target=0.2):
    """Minimum over 7 repeats, with enough calls per repeat to last about `target` seconds."""
    t = timeit.timeit(f, number=1)
    number = max(1, int(target / max(t, 1e-9)))
    return best(f, number)


def einsum_cases():
    out = {}
    def es(name, subscripts, *shapes):
        ops = [sample(s) for s in shapes]
        out[name] = timed(lambda: np.einsum(subscripts, *ops, optimize=True))
    def mm(name, sa, sb):
        a, b = sample(sa), sample(sb)
        out[name] = timed(lambda: a @ b)
    for n in (512, 2048):
        es(f"einsum/matmul_{n}", "ij,jk->ik", (n, n), (n, n))
        mm(f"matmul/{n}", (n, n), (n, n))
    es("einsum/matmul_T_512", "ji,kj->ik", (512, 512), (512, 512))
    es("einsum/batched_ellipsis_64x64x64", "...ij,...jk->...ik", (64, 64, 64), (64, 64, 64))
    es("einsum/bij_bjk_32x128x128", "bij,bjk->bik", (32, 128, 128), (32, 128, 128))
    mm("matmul/batched_64x64x64", (64, 64, 64), (64, 64, 64))
    es("einsum/matvec_2048", "ij,j->i", (2048, 2048), (2048,))
    es("einsum/chain4_384_8", "ij,jk,kl,lm->im", (384, 384), (384, 8), (8, 384), (384, 384))
    es("einsum/network4_256", "abc,cd,de,eb->ad", (64, 256, 32), (32, 256), (256, 256), (256, 256))
    for n in (10, 30, 100):
        subscripts, shapes = random_network(n, 12345 + n)
        ops = [sample(s) for s in shapes]
        out[f"einsum_path/greedy_{n}"] = timed(lambda: np.einsum_path(subscripts, *ops, optimize="greedy"))
    return out


def fft_cases():
    """bench_fft.cpp's cases (same names)."""
    out = {}
    for n in (65536, 1048576, 59049, 99991):
        x = sample((n,))
        z = x.astype(np.complex128)
        out[f"fft/{n}"] = timed(lambda: np.fft.fft(z))
        out[f"rfft/{n}"] = timed(lambda: np.fft.rfft(x))
    z = sample((1024, 1024)).astype(np.complex128)
    out["fft2/1024x1024"] = timed(lambda: np.fft.fft2(z))
    return out


def polynomial_cases():
    """bench_polynomial.cpp's case (same name and inputs)."""
    p, x = sample((11,)), sample((1_000_000,))
    return {"polyval/deg10_1e6": timed(lambda: np.polyval(p, x))}
def calculus_cases():
    """bench_calculus.cpp's case (same name)."""
    n, m = 100000, 1000
    both = sample((n + m,))
    a, v = both[:n].copy(), both[n:].copy()
    return {"convolve/100000x1000": timed(lambda: np.convolve(a, v))}
def sorting_cases():
    """bench_sorting.cpp's cases (same names and inputs)."""
    out = {}
    for n in (1_000_000, 10_000_000):
        np.random.seed(n)
        x = np.random.random_sample(n)
        for label, a in (("random", x), ("sorted", np.sort(x))):
            out[f"sort/{label}_{n}"] = timed(lambda: np.sort(a), 1.0)
            out[f"argsort/{label}_{n}"] = timed(lambda: np.argsort(a), 1.0)
    n = 1_000_000
    np.random.seed(n)
    a = np.sort(np.random.random_sample(n))
    np.random.seed(n + 1)
    v = np.random.random_sample(n)
    out[f"searchsorted/{n}"] = timed(lambda: np.searchsorted(a, v), 1.0)
    return out
def random_cases():
    """bench_random.cpp's cases (same names, generators and sizes)."""
    n = 10_000_000
    rng = np.random.default_rng(0)
    np.random.seed(0)
    return {
        f"generator_standard_normal/{n}": timed(lambda: rng.standard_normal(n), 1.0),
        f"generator_random/{n}": timed(lambda: rng.random(n), 1.0),
        f"generator_integers/{n}": timed(lambda: rng.integers(0, 1000, n), 1.0),
        f"generator_normal/{n}": timed(lambda: rng.normal(1.0, 2.0, n), 1.0),
        f"generator_choice/1000000_of_{n}": timed(lambda: rng.choice(n, 1_000_000, replace=False), 1.0),
        f"generator_permutation/{n}": timed(lambda: rng.permutation(n), 1.0),
        f"randn/{n}": timed(lambda: np.random.randn(n), 1.0),
    }


def histogram_cases():
    """bench_histograms.cpp's cases (same names and inputs)."""
    n = 10_000_000
    a = sample((n,))
    x = np.arange(n, dtype=np.int64) * 7919 % 1001
    return {
        "histogram/1e7_100": timed(lambda: np.histogram(a, 100)),
        "bincount/1e7_1001": timed(lambda: np.bincount(x)),
    }


def view_cases():
    """bench_views.cpp's cases (same names): making views, and reading and writing through them."""
    a = np.arange(1_000_000, dtype=np.float64).reshape(1000, 1000)
    tall = np.arange(2_000_000, dtype=np.float64).reshape(2000, 1000)
    wide = np.arange(2_000_000, dtype=np.float64).reshape(1000, 2000)
    flat = np.arange(1_000_000, dtype=np.float64)
    v = wide[:, :1000]
    strided = tall[::2]

    def iadd():
        nonlocal v
        v += a

    return {
        "index_row": best(lambda: a[5], 200_000),
        "slice_2d": best(lambda: a[100:900, 100:900], 200_000),
        "sum_strided": best(lambda: strided.sum(), 50),
        "sum_contiguous": best(lambda: a.sum(), 50),
        "iadd_view": best(iadd, 20),
        "reshape_1e6": best(lambda: flat.reshape(1000, 1000), 200_000),
        "transpose_1e6": best(lambda: np.transpose(a), 200_000),
        "ascontiguous_T": best(lambda: np.ascontiguousarray(a.T), 20),
    }


def _general(n):
    np.random.seed(n)
    return np.random.standard_normal((n, n))


def linalg_cases():
    """bench_linalg.cpp's cases (same names and inputs): the decompositions at 256, 512, 1024."""
    out = {}
    for n in (256, 512, 1024):
        a = _general(n)
        sym = (a + a.T) / 2
        spd = a @ a.T + n * np.eye(n)
        out[f"svd/{n}"] = timed(lambda: np.linalg.svd(a), 1.0)
        out[f"eigh/{n}"] = timed(lambda: np.linalg.eigh(sym), 1.0)
        out[f"cholesky/{n}"] = timed(lambda: np.linalg.cholesky(spd), 1.0)
        out[f"qr/{n}"] = timed(lambda: np.linalg.qr(a), 1.0)
    return out


def linalg_solve_cases():
    """bench_linalg_solve.cpp's cases (same names and inputs): solve, inv, det at 256, 512, 1024."""
    out = {}
    for n in (256, 512, 1024):
        np.random.seed(n)
        a = np.random.standard_normal((n, n))
        np.random.seed(n + 1)
        b = np.random.standard_normal(n)
        out[f"solve/{n}"] = timed(lambda: np.linalg.solve(a, b), 1.0)
        out[f"inv/{n}"] = timed(lambda: np.linalg.inv(a), 1.0)
        out[f"det/{n}"] = timed(lambda: np.linalg.det(a), 1.0)
    return out


def _repeats(n, high):
    np.random.seed(n)
    return np.random.randint(0, high, n).astype(np.float64)


def sets_cases():
    """bench_sets.cpp's cases (same names and inputs)."""
    x = _repeats(1_000_000, 100_000)
    test = _repeats(1000, 100_000)
    return {
        "unique/1e6": timed(lambda: np.unique(x), 1.0),
        "unique_counts/1e6": timed(lambda: np.unique(x, return_counts=True), 1.0),
        "unique_inverse/1e6": timed(lambda: np.unique(x, return_inverse=True), 1.0),
        "isin/1e6": timed(lambda: np.isin(x, test), 1.0),
    }


def _spread(n, lo=0.1, hi=0.9):
    """bench_families.cpp's spread(): n values over [lo, hi], in a scrambled order."""
    i = np.arange(n, dtype=np.int64)
    return lo + (hi - lo) * ((i * 7919) % n).astype(np.float64) / n


def family_cases():
    """bench_families.cpp's cases, same names ("unary/exp/1000000")."""
    out = {}
    unary = ["exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "sin", "cos", "tan",
             "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
             "negative", "abs", "square", "floor"]
    rng = np.random.default_rng(0)
    for n in (1000, 1000000):
        target = 0.05 if n == 1000 else 0.3
        for name in unary:
            a = _spread(n, 1.1, 1.9) if name == "arccosh" else _spread(n)
            f = getattr(np, name)
            out[f"unary/{name}/{n}"] = timed(lambda: f(a), target)
        a32 = _spread(n).astype(np.float32)
        for name in ("exp", "log", "sin", "tanh", "sqrt"):
            f = getattr(np, name)
            out[f"unary/{name}_f32/{n}"] = timed(lambda: f(a32), target)
        x, y = _spread(n), _spread(n, 0.2, 0.8)
        binary = {
            "add": lambda: x + y, "subtract": lambda: x - y, "multiply": lambda: x * y, "divide": lambda: x / y,
            "power": lambda: np.power(x, y), "power_scalar": lambda: np.power(x, 2.5),
            "arctan2": lambda: np.arctan2(x, y), "hypot": lambda: np.hypot(x, y),
            "maximum": lambda: np.maximum(x, y), "less": lambda: np.less(x, y), "equal": lambda: np.equal(x, y),
        }
        for name, f in binary.items():
            out[f"binary/{name}/{n}"] = timed(f, target)
        for name in ("sum", "prod", "mean", "std", "max", "min", "argmax", "argmin", "nanmax", "nansum", "cumsum"):
            f = getattr(np, name)
            out[f"reduction/{name}/{n}"] = timed(lambda: f(x), target)
        c = x < 0.5
        hashed = ((np.arange(n, dtype=np.uint64) * 2654435761) & 0xFFFFFFFF) >> 31 != 0
        idx = (np.arange(n // 10, dtype=np.int64) * 7919) % n
        side = int(np.sqrt(n))
        m = _spread(side * side).reshape(side, side)
        free = {
            "where": lambda: np.where(c, x, y), "where_scalar": lambda: np.where(c, x, 0.0),
            "where_random": lambda: np.where(hashed, x, y),
            "take": lambda: np.take(x, idx), "compress": lambda: np.compress(c, x),
            "concatenate": lambda: np.concatenate([x, y]), "astype": lambda: x.astype(np.float32),
            "clip": lambda: np.clip(x, 0.2, 0.7), "transpose_copy": lambda: np.ascontiguousarray(m.T),
        }
        for name, f in free.items():
            out[f"free/{name}/{n}"] = timed(f, target)
        np.random.seed(0)
        out[f"random/standard_normal/{n}"] = timed(lambda: np.random.standard_normal(n), target)
        out[f"random/random_sample/{n}"] = timed(lambda: np.random.random_sample(n), target)
        out[f"random/normal/{n}"] = timed(lambda: np.random.normal(1.0, 2.0, n), target)
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["einsum"]:
        print(json.dumps(einsum_cases()))
    elif sys.argv[1:] == ["linalg"]:
        print(json.dumps({**linalg_cases(), **linalg_solve_cases()}))
    elif sys.argv[1:] == ["fft"]:
        print(json.dumps(fft_cases()))
    elif sys.argv[1:] == ["sets"]:
        print(json.dumps(sets_cases()))
    elif sys.argv[1:] == ["polynomial"]:
        print(json.dumps(polynomial_cases()))
    elif sys.argv[1:] == ["calculus"]:
        print(json.dumps(calculus_cases()))
    elif sys.argv[1:] == ["sorting"]:
        print(json.dumps(sorting_cases()))
    elif sys.argv[1:] == ["random"]:
        print(json.dumps(random_cases()))
    elif sys.argv[1:] == ["histograms"]:
        print(json.dumps(histogram_cases()))
    elif sys.argv[1:] == ["families"]:
        print(json.dumps(family_cases()))
    elif sys.argv[1:] == ["views"]:
        print(json.dumps(view_cases()))
    else:
        main()

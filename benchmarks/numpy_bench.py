#!/usr/bin/env python3
"""Times in NumPy the operations bench_core times in C++; prints JSON {name: seconds}.

Names match the C++ benchmarks' (BM_me_add/8 <-> add/8). Each figure is the minimum over
repeats of the mean time per call, as `python -m timeit` reports.
"""
import json
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


if __name__ == "__main__":
    main()

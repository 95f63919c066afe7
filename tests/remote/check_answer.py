#!/usr/bin/env python3
"""Checks a remote_only participant's output, "<value> <flops>", against Python's
sum(exp([1, 2, 3]) * 2) and 9 FLOPs (exp, multiply, sum: numel each).

The value may differ from math.exp's (glibc) in the last bits: the server computes exp
on SLEEF's kernels, which are within 1 ULP (docs/simd.md). The charge must be exact.
usage: check_answer.py "<value> <flops>"; exit status 0 when it matches.
"""
import math
import sys

want = 2 * sum(math.exp(v) for v in (1, 2, 3))
try:
    value, flops = sys.argv[1].split()
    ok = math.isclose(float(value), want, rel_tol=4 * 2.0**-52, abs_tol=0) and flops == "9"
except ValueError:
    ok = False
print(f"got {sys.argv[1]!r}, expected {want!r} 9")
sys.exit(0 if ok else 1)

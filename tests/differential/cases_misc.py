"""Ops whose results need a runner of their own (real_if_close: the result type depends on the values)."""
import numpy as np

from common import enc, rng


def cases():
    r = rng(7)
    out = []
    for dtype in ("complex64", "complex128"):
        eps = np.finfo(np.float32 if dtype == "complex64" else np.float64).eps
        base = r.uniform(-3, 3, size=(3, 4))
        for imag_scale, tol in ((0.0, 100), (10 * eps, 100), (1000 * eps, 100), (1e-3, 1e-2), (1e-3, 1e-4)):
            a = (base + 1j * imag_scale * r.uniform(-1, 1, size=base.shape)).astype(dtype)
            out.append({"op": "real_if_close", "args": [enc(a)], "kwargs": {"tol": tol},
                        "expected": enc(np.real_if_close(a, tol=tol))})
        out.append({"op": "real_if_close", "args": [enc(np.zeros((0, 2), dtype=dtype))], "kwargs": {"tol": 100},
                    "expected": enc(np.real_if_close(np.zeros((0, 2), dtype=dtype)))})
    for dtype in ("float64", "float32", "int64"):
        a = (r.uniform(-3, 3, size=(2, 3)) * 10).astype(dtype)
        out.append({"op": "real_if_close", "args": [enc(a)], "kwargs": {"tol": 100}, "expected": enc(np.real_if_close(a))})
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): diff_misc.cpp makes one counted call, real_if_close (pointwise: numel
# of the output, which has the input's shape whether or not the result is real).

def flops(case):
    import costs

    assert case["op"] == "real_if_close", case["op"]
    return costs.charge("real_if_close", costs.result_shapes(case["expected"])[0])

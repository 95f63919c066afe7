"""Helpers shared by the cases_<family>.py modules: encoding arrays for the C++ side."""
import math

import numpy as np

# dtypes me::array supports, by NumPy name.
DTYPES = ["bool", "int32", "int64", "float32", "float64", "complex64", "complex128"]


def _scalar(v):
    if isinstance(v, (complex, np.complexfloating)):
        return [_scalar(v.real), _scalar(v.imag)]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(a):
    """An array (or NumPy scalar) as {"dtype", "shape", "data"}; NaN/inf as strings, complex as [re, im]."""
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": [_scalar(v) for v in a.ravel().tolist()]}


def error(exc_type):
    return {"error": exc_type.__name__ if isinstance(exc_type, type) else str(exc_type)}


def expect(fn, *args, **kwargs):
    """NumPy's answer, encoded, or the name of the error NumPy raises."""
    try:
        r = fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - any NumPy error is a case of its own
        return {"error": type(e).__name__}
    if isinstance(r, tuple):
        return [enc(x) for x in r]
    return enc(r)


def rng(seed=12345):
    return np.random.default_rng(seed)


def sample(shape, dtype, r, low=-3.0, high=3.0):
    """Random values of a dtype: ints in [low, high], bools, floats, complexes."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return r.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == "i":
        return r.integers(int(low), int(high) + 1, size=shape).astype(dtype)
    if dtype.kind == "f":
        return r.uniform(low, high, size=shape).astype(dtype)
    return (r.uniform(low, high, size=shape) + 1j * r.uniform(low, high, size=shape)).astype(dtype)

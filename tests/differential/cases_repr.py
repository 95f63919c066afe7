"""Printing: NumPy's repr(a) text for arrays of many shapes, dtypes and magnitudes.

Each case is {"op": "repr", "args": [enc(a)], "expected": repr(a)}; diff_repr.cpp prints
the decoded array with operator<< and compares the text exactly.
"""
import numpy as np

from common import enc, rng

F32, F64, C64, C128 = np.float32, np.float64, np.complex64, np.complex128
ALL = ["bool", "int32", "int64", "uint8", "float32", "float64", "complex64", "complex128"]


def case(a):
    a = np.asarray(a)
    assert np.get_printoptions()["threshold"] == 1000
    return {"op": "repr", "args": [enc(a)], "expected": repr(a)}


def fixed_cases():
    """The task's examples and hand-picked edge cases (expected text still comes from NumPy)."""
    nan, inf = np.nan, np.inf
    arrays = [
        np.array([1.5, 2.0, 3.0]),
        np.array([[1.0, 2.0], [3.0, 4.0]], dtype=F32),
        np.array([1e-5, 1.0]),
        np.array(3.0),
        np.array([True, False]),
        np.array([1, 2, 3]),
        np.array([1, 2], dtype=np.int32),
        np.array([1 + 2j, 3 - 1j]),
        np.array([], dtype=F64),
        np.zeros((0, 3)),
        np.zeros((2, 0), dtype=np.int32),
        np.zeros((0, 0, 2), dtype=bool),
        np.zeros((0,), dtype=C64),
        np.zeros((0,), dtype=np.int64),
        # nan / inf / signed zero
        np.array([nan, inf]),
        np.array([nan, -inf]),
        np.array([nan]),
        np.array([-inf]),
        np.array([1.5, nan, -inf]),
        np.array([1e-5, nan, inf]),
        np.array([-1.5, 2.25e10, nan]),
        np.array([-0.0, 0.0]),
        np.array([-0.0]),
        np.array(-0.0),
        np.array([0.0, 1e-5]),
        np.array([0.0, 0.0]),
        np.array(nan),
        np.array(-inf, dtype=F32),
        # notation thresholds
        np.array([1e8 - 1, 1.0]),
        np.array([1e8, 1.0]),
        np.array([1e-4, 1e-2]),
        np.array([9.99e-5, 1e-2]),
        np.array([1.0, 1000.0]),
        np.array([1.0, 1000.0001]),
        np.array([0.003, 3.0]),
        np.array([1e-4, 1.0], dtype=F32),
        np.array([1e-4, 1e-2], dtype=F32),
        np.array([0.003, 3.0], dtype=F32),
        np.array([0.001, 1.0], dtype=F32),
        np.array([1e-300, 1e300]),
        np.array([1e-5, 1e300]),
        np.array([5e-324, 1.0]),
        np.array([1.7976931348623157e308, -1.0]),
        np.array([1e-45, 3.4e38], dtype=F32),
        # rounding to 8 digits, ties go to even on the exact binary value
        np.array([2.0 ** -9, 3 * 2.0 ** -9, 5 * 2.0 ** -9, 1.0]),
        np.array([1.0009765625, 2.0]),
        np.array([0.1000000001, 0.999999999999]),
        np.array([0.123456789, 12345678.9]),
        np.array([99999999.99, 1.0]),
        np.array([9.9999999999e-5, 1.0]),
        np.array([1 / 3, 2 / 3], dtype=F32),
        np.array([1 / 3, 2 / 3]),
        np.array([0.1, 0.2, 0.3], dtype=F32),
        np.array([1.2345678e-3, 1.0], dtype=F32),
        np.array([6.103515625e-05, 1.0]),
        np.array([1.125e10, 1.0]),
        np.array([123456789.0, 1.5]),
        np.array([16777217.0, 1.0], dtype=F32),
        # ints and bools
        np.array([-9223372036854775808, 9223372036854775807]),
        np.array([-2147483648, 2147483647], dtype=np.int32),
        np.array([0, 255, 7], dtype=np.uint8),
        np.array([-5, 3, 100]),
        np.array(7),
        np.array(7, dtype=np.int32),
        np.array(True),
        np.array(False),
        np.array([[True], [False]]),
        np.array(200, dtype=np.uint8),
        # complex
        np.array([1 + 2j, nan + 1j * inf], dtype=C64),
        np.array([complex(nan, nan), complex(-inf, -inf)]),
        np.array([1e-5 + 1j, 3 - 1e6j]),
        np.array([0j, -0.0 - 0.0j]),
        np.array(1.5 - 2j),
        np.array(1.5 - 2j, dtype=C64),
        np.array([[1 + 1j, 2.5 - 3.25j], [1e3j, -7]]),
        np.array([0.1 + 0.2j], dtype=C64),
        # wrapping
        np.arange(30.0),
        np.arange(30.0, dtype=F32),
        np.arange(100),
        np.arange(100, dtype=np.int32),
        np.arange(30.0) / 7,
        np.arange(30.0).reshape(2, 15) / 7,
        np.arange(60.0).reshape(2, 3, 10) / 7,
        np.arange(40) % 2 == 0,
        np.arange(24).reshape(2, 3, 4),
        np.arange(24.0).reshape(2, 1, 3, 4),
        np.arange(48.0).reshape(2, 2, 2, 2, 3),
        np.arange(20) * 10 ** 17,
        np.linspace(-1, 1, 25) * 1e-7,
        np.linspace(0, 1, 17, dtype=F32),
        (np.arange(12) + 1j * np.arange(12)[::-1]) / 3,
        # summarisation (> 1000 elements)
        np.arange(1001.0),
        np.arange(2000),
        np.arange(2000, dtype=np.int32),
        np.arange(1001) % 3 == 0,
        np.arange(2000.0).reshape(40, 50) / 3,
        np.arange(2000.0, dtype=F32).reshape(40, 50),
        np.arange(1100.0).reshape(10, 10, 11),
        np.arange(1200).reshape(2, 600),
        np.arange(1001).reshape(1001, 1),
        np.arange(7 * 7 * 7 * 3.0).reshape(7, 7, 7, 3),
        np.arange(1024.0).reshape(2, 2, 2, 2, 2, 2, 2, 2, 2, 2),
        np.arange(1001.0) * 1e-9,
        (np.arange(1500) - 700j).astype(C64),
        np.array([1e-5] + [1.0] * 1000),  # the small value is hidden: formats fit the shown corners
        np.array([1.0] * 500 + [1e9] + [1.0] * 500),
        np.array([1.0] * 3 + [np.nan] * 995 + [2.5] * 3),
    ]
    big = np.arange(2000.0)
    big[1000] = np.nan
    arrays.append(big)
    return [case(a) for a in arrays]


def random_cases():
    r = rng(2024)
    out = []
    shapes = [(1,), (2,), (5,), (9,), (13,), (31,), (2, 3), (4, 1), (1, 7), (3, 9), (6, 6), (2, 2, 3),
              (3, 1, 4), (2, 3, 2, 2), (1, 1, 1), (8, 12), (3, 40), (5, 5, 5)]
    scales = [1.0, 1e-3, 1e-6, 1e4, 1e7, 1e9, 1e-12, 1e20]
    for dtype in ALL:
        for shape in shapes:
            a = r.standard_normal(shape)
            if dtype == "bool":
                v = a > 0
            elif dtype in ("int32", "int64"):
                v = np.round(a * r.choice([3, 1000, 10 ** 6])).astype(dtype)
            elif dtype == "uint8":
                v = r.integers(0, 256, size=shape).astype(np.uint8)
            elif dtype.startswith("float"):
                v = (a * r.choice(scales)).astype(dtype)
            else:
                b = r.standard_normal(shape)
                v = (a * r.choice(scales) + 1j * b * r.choice(scales)).astype(dtype)
            out.append(case(v))
    # float families: integer-valued, few digits, mixed magnitudes, specials sprinkled in
    for dtype in ("float32", "float64", "complex64", "complex128"):
        for k in range(40):
            n = int(r.integers(1, 24))
            kind = k % 5
            if kind == 0:
                v = r.integers(-50, 50, size=n).astype(float)
            elif kind == 1:
                v = np.round(r.standard_normal(n) * 10, int(r.integers(0, 4)))
            elif kind == 2:
                v = r.standard_normal(n) * 10.0 ** r.integers(-8, 9, size=n)
            elif kind == 3:
                v = r.uniform(-1, 1, n)
                v[r.integers(0, n, size=max(1, n // 3))] = r.choice([np.nan, np.inf, -np.inf, 0.0, -0.0])
            else:
                v = r.uniform(0, 1, n) * 10.0 ** int(r.integers(-6, 10))
            if dtype.startswith("complex"):
                w = np.roll(v, 1) * r.choice([1.0, 1e-3, 1e5])
                v = v + 1j * w
            out.append(case(np.asarray(v).astype(dtype)))
    # 0-d of every dtype
    for dtype in ALL:
        for x in (0, 1, 2.5, -3.75, 1e-7, 1e12):
            if dtype in ("bool",):
                out.append(case(np.array(bool(x), dtype=dtype)))
            elif dtype in ("int32", "int64", "uint8"):
                out.append(case(np.array(int(abs(x)) % 200, dtype=dtype)))
            else:
                out.append(case(np.array(x, dtype=dtype)))
    # wrapping: rows of every length from 1 to 30 (dtype on its own line for some)
    for n in range(1, 31):
        out.append(case((np.arange(n) * 1.37).astype(F32)))
        out.append(case(np.arange(n, dtype=np.int32) * 1234))
        out.append(case(np.arange(2 * n).reshape(2, n) * 1.5))
    return out


def bit_pattern_cases():
    """Arbitrary finite floats (random bit patterns), powers of two and large float32
    integers: where shortest digits, rounding at 8 digits and Dragon4's exact digits part."""
    r = rng(77)
    out = []
    for k in range(60):
        n = int(r.integers(1, 10))
        v64 = r.integers(0, 2 ** 64, size=n, dtype=np.uint64).view(F64)
        v32 = r.integers(0, 2 ** 32, size=n, dtype=np.uint32).view(F32)
        for v in (v64[np.isfinite(v64)], v32[np.isfinite(v32)]):
            if v.size:
                out.append(case(v))
        e = r.integers(-60, 60, size=n)
        out.append(case(np.ldexp(1.0, e) * r.choice([1, -1], size=n)))
        out.append(case((np.ldexp(1.0, r.integers(-30, 30, size=n)) * r.integers(1, 64, size=n)).astype(F32)))
        out.append(case((r.standard_normal(n) * 10.0 ** r.integers(-5, 9, size=n)).astype(F32)))
    out.append(case(np.array([89147672, -25425232, 88041888, -18821768], dtype=F32)))
    out.append(case(np.array([89147672, 1.5], dtype=F32)))
    return out


def mixed_cases():
    """Random shapes (0-d to 4-d) and dtypes with NaN, inf and signed zeros sprinkled in."""
    r = rng(99)
    out = []

    def floats(shape):
        n = int(np.prod(shape))
        t = int(r.integers(0, 3))
        if t == 0:
            v = r.standard_normal(n) * 10.0 ** r.integers(-6, 10, size=n)
        elif t == 1:
            v = np.round(r.standard_normal(n) * 10.0 ** int(r.integers(0, 8)), int(r.integers(0, 5)))
        else:
            v = r.uniform(-1, 1, n) * 10.0 ** int(r.integers(-3, 8))
        special = r.random(n) < 0.15
        v = np.where(special, r.choice([np.nan, np.inf, -np.inf, 0.0, -0.0], size=n), v)
        return v.reshape(shape)

    for k in range(150):
        shape = tuple(int(x) for x in r.integers(1, 6, size=int(r.integers(0, 5))))
        dtype = ["float32", "float64", "complex64", "complex128"][k % 4]
        v = floats(shape) if dtype.startswith("float") else floats(shape) + 1j * floats(shape)
        out.append(case(np.asarray(v).astype(dtype)))
    return out


def cases():
    return fixed_cases() + random_cases() + bit_pattern_cases() + mixed_cases()


# ---------------------------------------------------------------------------------------
# Charges: printing (operator<<, me::to_string) is free: 0 for every case (repr is not a
# registry name; diff_repr.cpp calls no counted op).

def flops(case):
    assert case["op"] == "repr", case["op"]
    return 0

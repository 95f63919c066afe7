"""Differential cases for the FFT family: fft, ifft, rfft, irfft, hfft, ihfft, fft2,
ifft2, fftn, ifftn, rfft2, irfft2, rfftn, irfftn and the free fftfreq, rfftfreq,
fftshift, ifftshift.

A case is {"op": name, "args": [operand], "kwargs": {n, axis, s, axes, norm}}. Values
must agree within 1e-12 of the largest magnitude of NumPy's result on float64 (an
elementwise relative test is meaningless for the near-zero outputs a transform has);
float32 inputs within 1e-5. NumPy 1.24 returns complex128/float64 for float32 input where
mechestim (like NumPy 2) returns complex64/float32, so only the element kind is compared.
"""
import numpy as np

from common import enc, expect, rng, sample

F = np.fft

OPS = {
    "fft.fft": F.fft, "fft.ifft": F.ifft, "fft.rfft": F.rfft, "fft.irfft": F.irfft,
    "fft.hfft": F.hfft, "fft.ihfft": F.ihfft,
    "fft.fft2": F.fft2, "fft.ifft2": F.ifft2, "fft.fftn": F.fftn, "fft.ifftn": F.ifftn,
    "fft.rfft2": F.rfft2, "fft.irfft2": F.irfft2, "fft.rfftn": F.rfftn, "fft.irfftn": F.irfftn,
    "fft.fftshift": F.fftshift, "fft.ifftshift": F.ifftshift,
}
C2R = ("fft.irfft", "fft.hfft", "fft.irfft2", "fft.irfftn")
ONE_D = ("fft.fft", "fft.ifft", "fft.rfft", "fft.irfft", "fft.hfft", "fft.ihfft")
REAL_IN = ("fft.rfft", "fft.ihfft", "fft.rfft2", "fft.rfftn")  # real input only
TWO_D = ("fft.fft2", "fft.ifft2", "fft.rfft2", "fft.irfft2")

# Lengths: powers of 2, 3 and 5, mixed, primes small (direct passes) and large
# (Bluestein: 53, 97, 127, 1031, 4099), and 1.
LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 16, 17, 25, 30, 32, 45, 49, 53, 60, 64, 97, 100, 106,
           127, 128, 210, 243, 256, 1000, 1024, 1031, 4099]

# (op, shape, dtype, kwargs)
SHAPES = []
for n in LENGTHS:
    for op in ONE_D:
        if n == 1 and op in C2R:
            continue  # n = 2*(1-1) = 0: an error case below
        SHAPES.append((op, (n,), "float64" if op in REAL_IN else "complex128", {}))
for op in ONE_D:
    dt = "float64" if op in REAL_IN else "complex128"
    for norm in ("backward", "ortho", "forward"):
        SHAPES.append((op, (12,), dt, {"norm": norm}))
        SHAPES.append((op, (7,), dt, {"norm": norm, "n": 10}))
    SHAPES += [
        (op, (10,), dt, {"n": 4}),          # cropped
        (op, (10,), dt, {"n": 7}),
        (op, (6,), dt, {"n": 16}),          # zero-padded
        (op, (6,), dt, {"n": 9}),
        (op, (5,), dt, {"n": 1}),
        (op, (3, 8), dt, {}),               # batched along the last axis
        (op, (3, 8), dt, {"axis": 0}),      # along a leading axis (gathered lines)
        (op, (2, 5, 9), dt, {"axis": 1}),
        (op, (2, 5, 9), dt, {"axis": -3, "n": 4}),
        (op, (4, 11, 3), dt, {"axis": 1, "n": 14, "norm": "ortho"}),
        (op, (0, 6), dt, {}),               # no lines at all
        (op, (0,), dt, {"n": 4}),           # an empty axis padded
    ]
    for other in ("float64", "int32", "int64", "bool", "float32", "complex64"):
        if op in REAL_IN and other.startswith("complex"):
            continue
        SHAPES.append((op, (2, 10), other, {}))
        SHAPES.append((op, (9,), other, {"n": 12}))
    if op not in REAL_IN:
        SHAPES.append((op, (8,), "float64", {}))  # real input to a complex transform

for op in ("fft.fftn", "fft.ifftn", "fft.rfftn", "fft.irfftn"):
    dt = "float64" if op in REAL_IN else "complex128"
    SHAPES += [
        (op, (4, 6), dt, {}),
        (op, (3, 5, 7), dt, {}),
        (op, (3, 5, 8), dt, {"axes": [0, 2]}),
        (op, (3, 5, 8), dt, {"axes": [2, 0]}),
        (op, (3, 5, 8), dt, {"axes": [-1]}),
        (op, (3, 5, 8), dt, {"s": [4, 6]}),
        (op, (3, 5, 8), dt, {"s": [2, 7, 9]}),
        (op, (3, 5, 8), dt, {"s": [6, 3], "axes": [0, 1]}),
        (op, (4, 6), dt, {"norm": "ortho"}),
        (op, (4, 6), dt, {"norm": "forward", "s": [5, 5]}),
        (op, (2, 3, 4, 5), dt, {"axes": [1, 3]}),
        (op, (6, 53), dt, {}),
        (op, (2, 0, 4), dt, {"axes": [2]}),
    ]
    SHAPES.append((op, (4, 6), "float32", {}))
    SHAPES.append((op, (4, 6), "int64", {}))
    if op not in REAL_IN:
        SHAPES.append((op, (4, 6), "complex64", {}))
for op in TWO_D:
    dt = "float64" if op in REAL_IN else "complex128"
    SHAPES += [
        (op, (4, 6), dt, {}),
        (op, (3, 4, 6), dt, {}),            # batched over the first axis
        (op, (4, 6, 3), dt, {"axes": [0, 1]}),
        (op, (4, 6), dt, {"s": [8, 3]}),
        (op, (5, 7), dt, {"norm": "ortho"}),
        (op, (5, 7), dt, {"norm": "forward", "axes": [1, 0]}),
        (op, (16, 16), dt, {}),
    ]
SHAPES.append(("fft.fft", (4096,), "float64", {}))
SHAPES.append(("fft.rfft", (4096,), "float64", {}))
SHAPES.append(("fft.irfft", (2049,), "complex128", {}))

# NumPy raises for each of these.
ERRORS = [
    ("fft.fft", (8,), "complex128", {"n": 0}),
    ("fft.fft", (8,), "complex128", {"n": -1}),
    ("fft.fft", (0,), "complex128", {}),                 # Invalid number of FFT data points (0)
    ("fft.fft", (3, 0), "complex128", {}),
    ("fft.ifft", (8,), "complex128", {"axis": 1}),
    ("fft.fft", (3, 4), "complex128", {"axis": -3}),
    ("fft.fft", (8,), "complex128", {"norm": "bogus"}),
    ("fft.fft", (), "complex128", {}),
    ("fft.rfft", (8,), "float64", {"n": 0}),
    ("fft.rfft", (0,), "float64", {}),
    ("fft.rfft", (8,), "float64", {"norm": "Ortho"}),
    ("fft.irfft", (1,), "complex128", {}),               # n = 2*(1-1) = 0
    ("fft.irfft", (0,), "complex128", {}),
    ("fft.irfft", (5,), "complex128", {"n": 0}),
    ("fft.hfft", (1,), "complex128", {}),
    ("fft.hfft", (5,), "complex128", {"axis": 2}),
    ("fft.ihfft", (0,), "float64", {}),
    ("fft.ihfft", (4,), "float64", {"norm": "none"}),
    ("fft.fftn", (4, 6), "complex128", {"s": [4], "axes": [0, 1]}),
    ("fft.fftn", (4, 6), "complex128", {"s": [4, 0]}),
    ("fft.fftn", (4, 6), "complex128", {"axes": [0, 2]}),
    ("fft.fftn", (4, 0), "complex128", {}),
    ("fft.ifftn", (4, 6), "complex128", {"norm": "x"}),
    ("fft.fft2", (6,), "complex128", {}),
    ("fft.fft2", (4, 6), "complex128", {"s": [4, 6, 2]}),
    ("fft.ifft2", (4, 6), "complex128", {"axes": [0, 5]}),
    ("fft.rfftn", (4, 6), "float64", {"s": [4, -2]}),
    ("fft.rfftn", (), "float64", {}),
    ("fft.rfft2", (6,), "float64", {}),
    ("fft.irfftn", (4, 1), "complex128", {}),            # last length 2*(1-1) = 0
    ("fft.irfftn", (4, 6), "complex128", {"s": [3], "axes": [0, 1]}),
    ("fft.irfft2", (4, 6), "complex128", {"norm": "ortho ", "s": [4, 4]}),
]

SHIFTS = [
    ((8,), {}), ((7,), {}), ((4, 5), {}), ((4, 5), {"axes": 0}), ((4, 5), {"axes": [1]}),
    ((3, 4, 5), {"axes": [0, 2]}), ((3, 4, 5), {"axes": [-1, -2]}), ((0, 3), {}), ((1,), {}),
]
SHIFT_ERRORS = [((4, 5), {"axes": 2}), ((4, 5), {"axes": [0, -3]})]

FREQS = [("fft.fftfreq", 8, 1.0), ("fft.fftfreq", 9, 0.1), ("fft.fftfreq", 1, 2.0), ("fft.fftfreq", 10, -0.5),
         ("fft.rfftfreq", 8, 1.0), ("fft.rfftfreq", 9, 0.25), ("fft.rfftfreq", 1, 1.0), ("fft.rfftfreq", 101, 3.0)]
FREQ_ERRORS = [("fft.fftfreq", 0, 1.0), ("fft.rfftfreq", 0, 1.0), ("fft.fftfreq", 4, 0.0)]


def _call(op, x, kwargs):
    return OPS[op](x, **kwargs)


def _tolerances(case, x, kwargs, dtype):
    scale = 1.0
    if "error" not in case["expected"]:
        r = np.abs(np.asarray(_call(case["op"], x, kwargs)))
        r = r[np.isfinite(r)]
        if r.size:
            scale = max(1.0, float(r.max()))
    tol = 1e-5 if dtype in ("float32", "complex64") else 1e-12
    case["rtol"], case["atol"] = tol, tol * scale
    return case


def _case(op, x, kwargs, dtype):
    c = {"op": op, "args": [enc(x)], "kwargs": kwargs, "expected": expect(_call, op, x, kwargs)}
    return _tolerances(c, x, kwargs, dtype)


def cases():
    r = rng(20261203)
    out = []
    for op, shape, dt, kwargs in SHAPES:
        c = _case(op, sample(shape, dt, r), kwargs, dt)
        assert "error" not in c["expected"], (op, shape, dt, kwargs, c["expected"])
        out.append(c)
    for op, shape, dt, kwargs in ERRORS:
        c = _case(op, sample(shape, dt, r), kwargs, dt)
        assert "error" in c["expected"], (op, shape, kwargs)
        out.append(c)
    # No NaN or inf cases: which parts of which bins a NaN reaches depends on the order of
    # the butterflies (NumPy's pocketfft gives a finite real part where ours gives NaN).
    for op in ("fft.fftshift", "fft.ifftshift"):
        for shape, kwargs in SHIFTS:
            c = _case(op, sample(shape, "float64", r), kwargs, "float64")
            assert "error" not in c["expected"], (op, shape, kwargs)
            out.append(c)
        out.append(_case(op, sample((3, 4), "int32", r), {"axes": 1}, "int32"))
        out.append(_case(op, sample((5,), "complex128", r), {}, "complex128"))
        for shape, kwargs in SHIFT_ERRORS:
            c = _case(op, sample(shape, "float64", r), kwargs, "float64")
            assert "error" in c["expected"], (op, shape, kwargs)
            out.append(c)
    for op, n, d in FREQS + FREQ_ERRORS:
        fn = F.fftfreq if op == "fft.fftfreq" else F.rfftfreq
        out.append({"op": op, "args": [n, d], "kwargs": {}, "expected": expect(fn, n, d), "exact_dtype": True})
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, priced on the transform lengths NumPy's
# own rules give (fft/_pocketfft.py: n defaults to the axis length, 2*(m-1) for irfft and
# hfft; _cook_nd_args for s and axes); the free ops cost 0.

def _axes(case):
    """The transformed axes, as NumPy picks them."""
    op, kw = case["op"], case["kwargs"]
    shape = case["args"][0]["shape"]
    if op in ONE_D:
        return [kw.get("axis", -1)]
    axes = kw.get("axes")
    if axes is None:
        if op in TWO_D:
            axes = [-2, -1]
        elif "s" in kw:
            axes = list(range(-len(kw["s"]), 0))
        else:
            axes = list(range(len(shape)))
    return list(axes)


def _lengths(case):
    op, kw = case["op"], case["kwargs"]
    shape = case["args"][0]["shape"]
    if op in ONE_D:
        if "n" in kw:
            return kw["n"]
        m = shape[kw.get("axis", -1)]
        return 2 * (m - 1) if op in C2R else m
    if "s" in kw:
        return list(kw["s"])
    s = [shape[a] for a in _axes(case)]
    if op in C2R:
        s[-1] = 2 * (s[-1] - 1)
    return s


def _lines(case):
    """How many transforms: the product of the lengths of the axes not transformed."""
    shape = case["args"][0]["shape"]
    transformed = {a % len(shape) for a in _axes(case)}
    return int(np.prod([d for i, d in enumerate(shape) if i not in transformed], dtype=np.int64))


def flops(case):
    import costs

    op = case["op"]
    if costs.formula_of(op) == "free":
        return costs.charge(op)
    return costs.charge(op, _lengths(case), _lines(case))

"""Pointwise ops (ufuncs.hpp) and the operators of me::array against NumPy.

Every op runs over every dtype me::array supports, over broadcasting shapes, 0-d and
empty arrays, special values (NaN, inf, -0.0, integer extremes) and array/scalar mixes.
Where NumPy raises TypeError for a dtype, mechestim must not compile the call; the case
carries kwargs {"rejects": true} and the C++ runner checks that the call is ill-formed.

NumPy 1.24 is the oracle but we follow NumPy 2 where they differ:
  * NumPy 2 names (acos, pow, bitwise_left_shift, vecdot ...) map to their 1.24 equivalents;
  * C++ scalars are weak as in NEP 50: the scalar becomes an array of the type NEP 50 gives
    it before NumPy computes (1.24's value-based casting would differ otherwise);
  * complex sign is z/|z| (NumPy 2), computed with a NumPy expression.
Two documented differences: NumPy computes float functions of bool in float16 (we give
float64: the expectation is computed from float64 inputs), and arithmetic on bool that NumPy
does in int8 (square, negative, power, floor_divide, shifts ...) does not compile here.
"""
import numpy as np

from common import enc, expect, rng

DTYPES = ["bool", "int32", "int64", "float32", "float64", "complex64", "complex128"]
KIND = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}

# me:: name -> (NumPy 1.24 function, sample range)
TRIG = (-0.9, 0.9)
UNARY = {
    "abs": np.abs, "absolute": np.absolute, "acos": np.arccos, "acosh": np.arccosh, "angle": np.angle,
    "arccos": np.arccos, "arccosh": np.arccosh, "arcsin": np.arcsin, "arcsinh": np.arcsinh, "arctan": np.arctan,
    "arctanh": np.arctanh, "around": np.around, "asin": np.arcsin, "asinh": np.arcsinh, "atan": np.arctan,
    "atanh": np.arctanh, "bitwise_count": None, "bitwise_invert": np.invert, "bitwise_not": np.bitwise_not,
    "cbrt": np.cbrt, "ceil": np.ceil, "conj": np.conj, "conjugate": np.conjugate, "cos": np.cos, "cosh": np.cosh,
    "deg2rad": np.deg2rad, "degrees": np.degrees, "exp": np.exp, "exp2": np.exp2, "expm1": np.expm1,
    "fabs": np.fabs, "fix": np.fix, "floor": np.floor, "frexp": np.frexp, "i0": np.i0, "imag": np.imag,
    "invert": np.invert, "iscomplex": np.iscomplex, "isneginf": np.isneginf, "isposinf": np.isposinf,
    "isreal": np.isreal, "log": np.log, "log10": np.log10, "log1p": np.log1p, "log2": np.log2,
    "logical_not": np.logical_not, "modf": np.modf, "nan_to_num": np.nan_to_num, "negative": np.negative,
    "positive": np.positive, "rad2deg": np.rad2deg, "radians": np.radians, "real": np.real,
    "reciprocal": np.reciprocal, "rint": np.rint, "round": np.round, "sign": None, "signbit": np.signbit,
    "sin": np.sin, "sinc": np.sinc, "sinh": np.sinh, "sort_complex": np.sort_complex, "spacing": np.spacing,
    "sqrt": np.sqrt, "square": np.square, "tan": np.tan, "tanh": np.tanh, "trunc": np.trunc,
    "iscomplexobj": None, "isrealobj": None,
}
RANGES = {"arccos": TRIG, "acos": TRIG, "arcsin": TRIG, "asin": TRIG, "arctanh": TRIG, "atanh": TRIG,
          "arccosh": (1.0, 4.0), "acosh": (1.0, 4.0), "log": (0.1, 5.0), "log2": (0.1, 5.0),
          "log10": (0.1, 5.0), "sqrt": (0.0, 5.0), "log1p": (-0.9, 3.0)}

BINARY = {
    "add": np.add, "arctan2": np.arctan2, "atan2": np.arctan2, "bitwise_and": np.bitwise_and,
    "bitwise_left_shift": np.left_shift, "bitwise_or": np.bitwise_or, "bitwise_right_shift": np.right_shift,
    "bitwise_xor": np.bitwise_xor, "copysign": np.copysign, "divide": np.divide, "divmod": np.divmod,
    "equal": np.equal, "float_power": np.float_power, "floor_divide": np.floor_divide, "fmax": np.fmax,
    "fmin": np.fmin, "fmod": np.fmod, "gcd": np.gcd, "greater": np.greater, "greater_equal": np.greater_equal,
    "heaviside": np.heaviside, "hypot": np.hypot, "lcm": np.lcm, "ldexp": np.ldexp, "left_shift": np.left_shift,
    "less": np.less, "less_equal": np.less_equal, "logaddexp": np.logaddexp, "logaddexp2": np.logaddexp2,
    "logical_and": np.logical_and, "logical_or": np.logical_or, "logical_xor": np.logical_xor,
    "maximum": np.maximum, "minimum": np.minimum, "mod": np.mod, "multiply": np.multiply,
    "nextafter": np.nextafter, "not_equal": np.not_equal, "pow": np.power, "power": np.power,
    "remainder": np.remainder, "right_shift": np.right_shift, "subtract": np.subtract,
    "true_divide": np.true_divide, "isclose": lambda *a, **k: isclose2(*a, **k),
}

OPERATORS = {
    "operator+": np.add, "operator-": np.subtract, "operator*": np.multiply, "operator/": np.true_divide,
    "operator%": np.remainder, "operator==": np.equal, "operator!=": np.not_equal, "operator<": np.less,
    "operator<=": np.less_equal, "operator>": np.greater, "operator>=": np.greater_equal,
    "operator&": np.bitwise_and, "operator|": np.bitwise_or, "operator^": np.bitwise_xor,
    "operator<<": np.left_shift, "operator>>": np.right_shift,
}
UNARY_OPERATORS = {"operator-a": np.negative, "operator+a": np.positive, "operator!": np.logical_not,
                   "operator~": np.invert}
COMPOUND = {"operator+=": np.add, "operator-=": np.subtract, "operator*=": np.multiply,
            "operator/=": np.true_divide, "operator%=": np.remainder, "operator&=": np.bitwise_and,
            "operator|=": np.bitwise_or, "operator^=": np.bitwise_xor}

# Mixed dtype pairs compiled into the C++ runner (beside every same-dtype pair).
MIXED = [("int32", "float64"), ("float32", "float64"), ("bool", "int64"), ("int64", "float32"),
         ("int32", "int64"), ("float32", "complex128"), ("bool", "float32")]

FLOAT_SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -3.5, 100.0]
COMPLEX_SPECIAL = [0j, 1 + 0j, -1j, 1 + 1j, -2.5 + 0.5j, 3 - 4j, complex(np.nan, 1), complex(1, np.nan), 0.5 - 0.25j]


def int_special(dtype):
    info = np.iinfo(dtype)
    return [-7, -1, 0, 1, 2, 3, 7, 63, info.min, info.max]


def sample(shape, dtype, r, low=-3.0, high=3.0):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return r.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == "i":
        return r.integers(int(np.floor(low)), int(np.ceil(high)) + 1, size=shape).astype(dtype)
    if dtype.kind == "f":
        return r.uniform(low, high, size=shape).astype(dtype)
    return (r.uniform(low, high, size=shape) + 1j * r.uniform(low, high, size=shape)).astype(dtype)


def special(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return np.array(FLOAT_SPECIAL, dtype=dtype)
    if dtype.kind == "c":
        return np.array(COMPLEX_SPECIAL, dtype=dtype)
    if dtype.kind == "i":
        return np.array(int_special(dtype), dtype=dtype)
    return np.array([True, False])


def nep50_dtype(array_dtype, scalar, op=None):
    """The dtype NEP 50 (and mechestim) gives a Python scalar mixed with an array."""
    if op == "ldexp" and isinstance(scalar, int):
        return np.dtype("int64")  # ldexp's exponent is not cast to the mantissa's type
    kind = 0 if isinstance(scalar, bool) else 1 if isinstance(scalar, int) else 2 if isinstance(scalar, float) else 3
    array_dtype = np.dtype(array_dtype)
    if kind <= KIND[array_dtype.kind]:
        return array_dtype
    if kind == 3 and array_dtype == np.float32:
        return np.dtype("complex64")
    return np.dtype([None, "int64", "float64", "complex128"][kind])


def scalar_arg(v):
    t = "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float" if isinstance(v, float) else "complex"
    return {"scalar": [v.real, v.imag] if t == "complex" else v, "type": t}


def tolerance(dtypes):
    if any(np.dtype(d) in (np.float32, np.complex64) for d in dtypes):
        return {"rtol": 2e-6, "atol": 1e-6}
    return {"rtol": 1e-12, "atol": 1e-14}


def numpy2(op, fn):
    """NumPy 2 semantics where 1.24 differs."""
    if op == "sign":
        def sign(x):
            if np.iscomplexobj(x):
                m = np.abs(x)
                return np.where(m == 0, 0, x / np.where(m == 0, 1, m)).astype(x.dtype)
            return np.sign(x)
        return sign
    if op == "sinc":
        def sinc(x):
            # NumPy 1.24 widens a 0-d float32 to float64 (value-based casting); NumPy 2 keeps float32.
            r = np.sinc(x)
            return r.astype(x.dtype) if x.dtype.kind in "fc" else r
        return sinc
    if op == "angle":
        def angle(z, deg=False):
            # NumPy 1.24 gives float64 for a 0-d float32 (value-based casting); NumPy 2 keeps float32.
            r = np.angle(z, deg)
            return r.astype(z.dtype) if z.dtype.kind == "f" else r
        return angle
    if op == "bitwise_count":
        def count(x):
            if x.dtype.kind not in "biu":
                raise TypeError("bitwise_count")
            v = np.abs(x.astype(np.int64)).astype(np.uint64)
            return np.array([bin(int(e)).count("1") for e in v.ravel()], dtype=np.uint8).reshape(x.shape)
        return count
    return fn


def isclose2(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """NumPy 2's isclose: 1.24 multiplies complex infinities by ones, turning inf+0j into inf+nanj."""
    x = np.asanyarray(a)
    y = np.asanyarray(b)
    y = y.astype(np.result_type(y, 1.0))
    result = (np.less_equal(np.abs(x - y), atol + rtol * np.abs(y)) & np.isfinite(y)) | (x == y)
    if equal_nan:
        result |= np.isnan(x) & np.isnan(y)
    return result


def as_float64_if_bool(op, args):
    # ldexp's exponent stays an integer: only its mantissa is computed in floating point.
    # NumPy 1.24 also picks float16 for 0-d integers (value-based casting), NumPy 2 float64.
    if op == "ldexp":
        return [args[0].astype(np.float64)] + list(args[1:])
    return [a.astype(np.float64) if isinstance(a, np.ndarray) and a.dtype == np.bool_ else a for a in args]


def make_case(op, fn, args, kwargs=None, np_kwargs=None, shown_args=None):
    """One case: NumPy's answer for fn(*args), with our dtype rules applied."""
    kwargs = dict(kwargs or {})
    np_kwargs = np_kwargs if np_kwargs is not None else {}
    arrays = [a for a in args if isinstance(a, np.ndarray)]
    with np.errstate(all="ignore"):
        expected = expect(fn, *args, **np_kwargs)
        outs = expected if isinstance(expected, list) else [expected]
        if isinstance(expected, dict) and "error" in expected and expected["error"] in ("TypeError", "UFuncTypeError"):
            kwargs["rejects"] = True
        elif any(o.get("dtype") == "float16" for o in outs if isinstance(o, dict)):
            # bool computed in float16 by NumPy: we compute in float64.
            expected = expect(fn, *as_float64_if_bool(op, args), **np_kwargs)
        elif any(o.get("dtype") == "int8" for o in outs if isinstance(o, dict)) and any(a.dtype == np.bool_ for a in arrays):
            # bool arithmetic NumPy does in int8: does not compile here.
            kwargs["rejects"] = True
            expected = {"error": "TypeError"}
    case = {"op": op, "args": shown_args if shown_args is not None else [enc(a) for a in args],
            "kwargs": kwargs, "expected": expected, "exact_dtype": True}
    case.update(tolerance([a.dtype for a in arrays]))
    return case


def unary_cases(r):
    out = []
    for op, fn in UNARY.items():
        fn = numpy2(op, fn)
        low, high = RANGES.get(op, (-3.0, 3.0))
        for dt in DTYPES:
            if op in ("iscomplexobj", "isrealobj"):
                a = sample((2, 2), dt, r)
                out.append({"op": op, "args": [enc(a)], "kwargs": {}, "exact_dtype": True,
                            "expected": enc(np.bool_(getattr(np, op)(a)))})
                continue
            out.append(make_case(op, fn, [sample((3, 4), dt, r, low, high)]))
        if op in ("iscomplexobj", "isrealobj"):
            continue
            if dt != "bool" and op not in ("bitwise_count",):
                out.append(make_case(op, fn, [special(dt)]))
        for dt in ("float64", "int64", "float32"):
            out.append(make_case(op, fn, [np.asarray(sample((), dt, r, low, high))]))  # 0-d
            out.append(make_case(op, fn, [np.zeros((0, 3), dtype=dt)]))  # empty
        out.append(make_case(op, fn, [sample((2, 3, 4), "float64", r, low, high)]))
    # Parameters: round's decimals, nan_to_num's replacements, angle in degrees.
    for op in ("round", "around"):
        for dt in ("float64", "float32", "int64", "complex128"):
            for d in (-1, 0, 2):
                a = sample((3, 4), dt, r, -300, 300) if dt == "int64" else sample((3, 4), dt, r) * 10
                out.append(make_case(op, np.round, [a], {"decimals": d}, {"decimals": d}))
    for dt in ("float64", "float32", "complex128"):
        a = special(dt)
        out.append(make_case("nan_to_num", np.nan_to_num, [a], {"nan": 1.5, "posinf": 9.0, "neginf": -9.0},
                             {"nan": 1.5, "posinf": 9.0, "neginf": -9.0}))
    for dt in ("float64", "complex128", "int32"):
        out.append(make_case("angle", numpy2("angle", np.angle), [sample((5,), dt, r)], {"deg": True}, {"deg": True}))
    # sort_complex on several axes lengths, with NaNs placed like NumPy's sort.
    for dt in ("complex128", "complex64", "float64"):
        a = special(dt)
        out.append(make_case("sort_complex", np.sort_complex, [np.tile(a, (2, 1))]))
    out.append(make_case("sort_complex", np.sort_complex, [np.zeros((), dtype=np.float64)]))  # 0-d: AxisError
    return out


def binary_inputs(dt1, dt2, r, op):
    low, high = (0.0, 5.0) if op in ("power", "pow") and np.dtype(dt2).kind in "iu" else (-3.0, 3.0)
    return sample((3, 4), dt1, r), sample((3, 4), dt2, r, low, high)


def binary_cases(r, table):
    out = []
    for op, fn in table.items():
        nonneg = op in ("power", "pow", "operator**")
        for dt in DTYPES:
            a, b = binary_inputs(dt, dt, r, op)
            out.append(make_case(op, fn, [a, b]))
            if dt != "bool":
                s = special(dt)
                t = s
                if nonneg and np.dtype(dt).kind == "i":
                    t = s[s >= 0]
                out.append(make_case(op, fn, [s[:, None], t[None, :]]))
        for dt1, dt2 in MIXED:
            a = sample((3, 1), dt1, r)
            b = sample((4,), dt2, r, *((0.0, 4.0) if nonneg else (-3.0, 3.0)))
            out.append(make_case(op, fn, [a, b]))
        for dt in ("float64", "int64"):
            out.append(make_case(op, fn, [sample((2, 3, 4), dt, r), sample((3, 1), dt, r, 0.0, 3.0)]))
            out.append(make_case(op, fn, [np.asarray(sample((), dt, r)), sample((3,), dt, r, 1.0, 3.0)]))
            out.append(make_case(op, fn, [sample((0, 3), dt, r), sample((3,), dt, r, 1.0, 3.0)]))
            out.append(make_case(op, fn, [sample((2, 3), dt, r), sample((2,), dt, r)]))  # ShapeError
        # Scalars: weak, as NEP 50.
        for dt in ("bool", "int32", "int64", "float32", "float64", "complex64", "complex128"):
            a = sample((2, 3), dt, r)
            for v in (2, 2.5):
                sv = np.full(a.shape, v, dtype=nep50_dtype(dt, v, op))
                out.append(make_case(op, fn, [a, sv], shown_args=[enc(a), scalar_arg(v)]))
            sv = np.full(a.shape, 1.5, dtype=nep50_dtype(dt, 1.5))
            out.append(make_case(op, fn, [sv, a], shown_args=[scalar_arg(1.5), enc(a)]))
    return out


def power_error_cases(r):
    out = []
    for op in ("power", "pow"):
        a = np.array([1, 2, 3], dtype=np.int64)
        out.append(make_case(op, np.power, [a, np.array([1, -1, 2], dtype=np.int64)]))
        out.append(make_case(op, np.power, [a, np.full(3, -2, dtype=np.int64)], shown_args=[enc(a), scalar_arg(-2)]))
        out.append(make_case(op, np.power, [np.array([2.0, 3.0]), np.array([-1.0, -2.5])]))  # float: fine
    return out


def isclose_cases(r):
    out = []
    a = np.array([1.0, 1.0 + 1e-6, np.nan, np.inf, -np.inf, 1e10, 0.0, 1e-9])
    b = np.array([1.0, 1.0, np.nan, np.inf, np.inf, 1.0001e10, 1e-9, 0.0])
    for kw in ({}, {"rtol": 1e-3, "atol": 0.0, "equal_nan": True}, {"rtol": 0.0, "atol": 1e-8, "equal_nan": False}):
        for dt in ("float64", "float32", "complex128"):
            out.append(make_case("isclose", isclose2, [a.astype(dt), b.astype(dt)], kw, kw))
    out.append(make_case("isclose", isclose2, [np.array([1, 2, 3]), np.array([1, 3, 3])]))
    return out


def vecdot_expected(a, b, axis=-1):
    x1 = np.moveaxis(a, axis, -1)
    x2 = np.moveaxis(b, axis, -1)
    if np.iscomplexobj(x1):
        x1 = np.conj(x1)
    return np.matmul(x1[..., None, :], x2[..., :, None])[..., 0, 0]


def vecdot_cases(r):
    out = []
    shapes = [((3, 4), (4,), -1), ((2, 1, 5), (3, 5), -1), ((4, 3), (4, 1), 0), ((4, 3), (4, 3), -2),
              ((5,), (5,), 0), ((0,), (0,), -1), ((2, 0), (0,), -1), ((3, 4), (3,), -1), ((3,), (3,), 1)]
    for sa, sb, axis in shapes:
        for dt in ("float64", "float32", "int64", "int32", "complex128", "bool"):
            a, b = sample(sa, dt, r), sample(sb, dt, r)
            out.append(make_case("vecdot", lambda x, y, axis: vecdot_expected(x, y, axis), [a, b],
                                 {"axis": axis}, {"axis": axis}))
    out.append(make_case("vecdot", vecdot_expected, [np.asarray(1.0), np.ones(3)]))
    out.append(make_case("vecdot", vecdot_expected, [sample((3,), "float32", r), sample((2, 3), "complex128", r)]))
    return out


def operator_cases(r):
    out = []
    for op, fn in UNARY_OPERATORS.items():
        for dt in DTYPES:
            out.append(make_case(op, fn, [sample((3, 4), dt, r)]))
    for op, fn in OPERATORS.items():
        for dt in ("bool", "int32", "int64", "float32", "float64", "complex128"):
            out.append(make_case(op, fn, [sample((3, 1), dt, r), sample((4,), dt, r, 0.0, 3.0)]))
            a = sample((2, 3), dt, r)
            for v in (2, 2.5):
                sv = np.full(a.shape, v, dtype=nep50_dtype(dt, v))
                out.append(make_case(op, fn, [a, sv], shown_args=[enc(a), scalar_arg(v)]))
            sv = np.full(a.shape, 1.5, dtype=nep50_dtype(dt, 1.5))
            out.append(make_case(op, fn, [sv, a], shown_args=[scalar_arg(1.5), enc(a)]))

    def in_place(fn):
        def run(x, y):
            x = x.copy()
            fn(x, y, out=x, casting="same_kind")
            return x
        return run

    for op, fn in COMPOUND.items():
        for dt in ("bool", "int32", "int64", "float32", "float64", "complex128"):
            a, b = sample((3, 4), dt, r), sample((4,), dt, r, 1.0, 3.0)
            out.append(make_case(op, in_place(fn), [a, b]))
            for v in (2, 2.5):
                sv = np.full(a.shape, v, dtype=nep50_dtype(dt, v))
                out.append(make_case(op, in_place(fn), [a, sv], shown_args=[enc(a), scalar_arg(v)]))
        a = sample((4,), "float64", r)
        out.append(make_case(op, in_place(fn), [a, sample((3, 4), "float64", r)]))  # output shape would change
    return out


def cases():
    r = rng(2024)
    out = unary_cases(r)
    out += binary_cases(r, BINARY)
    out += power_error_cases(r)
    out += isclose_cases(r)
    out += vecdot_cases(r)
    out += operator_cases(r)
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): what diff_ufuncs.cpp's runner charges for a case. Each case makes one
# counted call: the op itself (unary/binary), the operator (charged under its NumPy name),
# or, for a compound operator, a copy (free) and then `copy op= b`, priced as the binary op
# on the left operand's shape (the result keeps the left operand's shape).

def _numpy_name(op):
    """The registry name a case's op is charged under."""
    for table in (OPERATORS, UNARY_OPERATORS, COMPOUND):
        if op in table:
            return table[op].__name__  # np.add -> "add", np.true_divide -> "divide", ...
    return op


def flops(case):
    import costs

    op = case["op"]
    name = _numpy_name(op)
    shapes = [costs.arg_shape(a) for a in case["args"]]
    out = costs.result_shapes(case["expected"])[0]
    fid = costs.formula_of(name)
    if fid == "type_predicate":  # iscomplexobj, isrealobj
        return costs.charge(name)
    if fid == "vecdot":
        axis = case["kwargs"].get("axis", -1)
        n = max(shapes[0][axis], shapes[1][axis])
        return costs.charge(name, n, out)
    broadcast = costs.broadcast_shape(*shapes)
    assert broadcast == out, (op, shapes, out)  # NumPy's result shape is the broadcast one
    if op in COMPOUND:
        assert broadcast == shapes[0], (op, shapes)  # a += b keeps a's shape
    return costs.charge(name, out)

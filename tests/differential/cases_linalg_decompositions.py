"""Differential cases for the linalg decompositions: svd (full_matrices, compute_uv, the
reference's top-k), svdvals, cholesky, qr (every mode), eig, eigvals, eigh, eigvalsh.

Factors are unique only up to signs (phases), order or basis, so where the maths allows
several answers a case compares what does not depend on the choice, computed from
NumPy's results here and from mechestim's in diff_linalg_decompositions.cpp by the same
rules (DERIVED below):
- svd: S, the reconstruction U[..., :k] diag(S) Vh[..., :k, :], Uᴴ U and Vh Vhᴴ;
- qr: Q R, Qᴴ Q and |R| ("r": |R|; "raw": h and tau themselves, LAPACK's deterministic data);
- eig: the eigenvalues sorted (real part, then imaginary), the residual A V - V diag(w)
  and the column norms of V; eigvals: the sorted eigenvalues. Always complex (mechestim's
  choice, docs/numpy-differences.md): NumPy's real results are compared as complex;
- eigh: the eigenvalues, the residual H V - V diag(w) with H the Hermitian matrix of the
  triangle read, and Vᴴ V; cholesky, svdvals and eigvalsh: the values themselves.
NumPy 1.24 has no svdvals nor top-k svd: svd(a, compute_uv=False) and the reference's
definition (U[:, :k], S[:k], Vt[:k] of the reduced SVD; 1 <= k <= min(m, n) else
ValueError) stand in.
"""
import numpy as np

from common import enc, rng, sample


def _h(x):
    return np.conj(np.swapaxes(x, -1, -2))


def _sorted_eigenvalues(w):
    w = np.asarray(w).astype(np.result_type(w.dtype, np.complex64))
    keys = np.lexsort((w.imag, w.real), axis=-1)
    return np.take_along_axis(w, keys, axis=-1)


def _hermitian_from(a, uplo):
    lower = np.tril(a) if uplo == "L" else np.triu(a)
    strict = np.tril(a, -1) if uplo == "L" else np.triu(a, 1)
    h = lower + _h(strict)
    diag = np.real(np.diagonal(a, axis1=-2, axis2=-1)).astype(a.dtype)  # LAPACK reads the diagonal's real part
    idx = np.arange(a.shape[-1])
    h[..., idx, idx] = diag
    return h


def svd_derived(a, u, s, vh):
    k = s.shape[-1]
    recon = (u[..., :, :k] * s[..., None, :].astype(u.dtype)) @ vh[..., :k, :]
    return [s, recon, _h(u) @ u, vh @ _h(vh)]


def qr_derived(q, r):
    return [q @ r, _h(q) @ q, np.abs(r)]


def eig_derived(a, w, v):
    ctype = np.result_type(a.dtype, np.complex64)
    a, w, v = a.astype(ctype), w.astype(ctype), v.astype(ctype)
    residual = a @ v - v * w[..., None, :]
    norms = np.sqrt(np.sum(np.abs(v) ** 2, axis=-2))
    return [_sorted_eigenvalues(w), residual, norms]


def eigh_derived(a, uplo, w, v):
    h = _hermitian_from(a.astype(v.dtype), uplo)
    return [w, h @ v - v * w[..., None, :].astype(v.dtype), _h(v) @ v]


def _svd(a, full_matrices=True, compute_uv=True, k=None, hermitian=False):
    if k is not None:
        if a.ndim >= 2 and not 1 <= k <= min(a.shape[-2:]):
            raise ValueError("k out of range")
        full_matrices = False
    r = np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    if not compute_uv:
        return [r if k is None else r[..., :k]]
    u, s, vh = r
    if k is not None:
        u, s, vh = u[..., :, :k], s[..., :k], vh[..., :k, :]
    return svd_derived(a, u, s, vh)


def _qr(a, mode="reduced"):
    r = np.linalg.qr(a, mode=mode)
    if mode == "r":
        return [np.abs(r)]
    if mode == "raw":
        return list(r)
    return qr_derived(*r)


def _eig(a):
    w, v = np.linalg.eig(a)
    return eig_derived(a, w, v)


def _eigh(a, UPLO="L"):
    w, v = np.linalg.eigh(a, UPLO=UPLO)
    return eigh_derived(a, UPLO, w, v)


OPS = {
    "linalg.svd": _svd,
    "linalg.svdvals": lambda a: [np.linalg.svd(a, compute_uv=False)],
    "linalg.cholesky": lambda a: [np.linalg.cholesky(a)],
    "linalg.qr": _qr,
    "linalg.eig": _eig,
    "linalg.eigvals": lambda a: [_sorted_eigenvalues(np.linalg.eigvals(a))],
    "linalg.eigh": _eigh,
    "linalg.eigvalsh": lambda a, UPLO="L": [np.linalg.eigvalsh(a, UPLO=UPLO)],
}

# (op, shape, kwargs, kind): kind "general" (random), "spd" (symmetric positive definite:
# A Aᴴ + n I) or "herm" (Hermitian: (A + Aᴴ)/2).
SHAPES = [
    ("linalg.svd", (4, 3), {}, "general"),
    ("linalg.svd", (3, 5), {}, "general"),
    ("linalg.svd", (6, 6), {}, "general"),
    ("linalg.svd", (4, 3), {"full_matrices": False}, "general"),
    ("linalg.svd", (3, 5), {"full_matrices": False}, "general"),
    ("linalg.svd", (2, 3, 4, 3), {}, "general"),
    ("linalg.svd", (2, 5, 3), {"full_matrices": False}, "general"),
    ("linalg.svd", (4, 3), {"compute_uv": False}, "general"),
    ("linalg.svd", (6, 5), {"k": 2}, "general"),
    ("linalg.svd", (5, 7), {"k": 5}, "general"),
    ("linalg.svd", (5, 7), {"k": 1, "compute_uv": False}, "general"),
    ("linalg.svd", (1, 1), {}, "general"),
    ("linalg.svd", (0, 3), {}, "general"),
    ("linalg.svd", (3, 0), {}, "general"),
    ("linalg.svd", (0, 3), {"full_matrices": False}, "general"),
    ("linalg.svd", (2, 0, 0), {}, "general"),
    ("linalg.svd", (5, 5), {"hermitian": True}, "herm"),
    ("linalg.svd", (2, 4, 4), {"hermitian": True}, "herm"),
    ("linalg.svd", (5, 5), {"hermitian": True, "compute_uv": False}, "herm"),
    ("linalg.svd", (5, 5), {"hermitian": True, "k": 2}, "herm"),
    ("linalg.svd", (0, 0), {"hermitian": True}, "herm"),
    ("linalg.svdvals", (5, 3), {}, "general"),
    ("linalg.svdvals", (3, 2, 4), {}, "general"),
    ("linalg.svdvals", (1, 1), {}, "general"),
    ("linalg.svdvals", (0, 4), {}, "general"),
    ("linalg.cholesky", (4, 4), {}, "spd"),
    ("linalg.cholesky", (2, 3, 5, 5), {}, "spd"),
    ("linalg.cholesky", (1, 1), {}, "spd"),
    ("linalg.cholesky", (0, 0), {}, "spd"),
    ("linalg.cholesky", (3, 0, 0), {}, "spd"),
    ("linalg.qr", (5, 3), {}, "general"),
    ("linalg.qr", (3, 5), {}, "general"),
    ("linalg.qr", (5, 3), {"mode": "complete"}, "general"),
    ("linalg.qr", (3, 5), {"mode": "complete"}, "general"),
    ("linalg.qr", (5, 3), {"mode": "r"}, "general"),
    ("linalg.qr", (3, 5), {"mode": "r"}, "general"),
    ("linalg.qr", (5, 3), {"mode": "raw"}, "general"),
    ("linalg.qr", (3, 5), {"mode": "raw"}, "general"),
    ("linalg.qr", (2, 4, 4), {}, "general"),
    ("linalg.qr", (2, 2, 5, 3), {"mode": "complete"}, "general"),
    ("linalg.qr", (2, 4, 3), {"mode": "raw"}, "general"),
    ("linalg.qr", (1, 1), {}, "general"),
    ("linalg.qr", (0, 3), {}, "general"),
    ("linalg.qr", (3, 0), {"mode": "complete"}, "general"),
    ("linalg.qr", (0, 3), {"mode": "r"}, "general"),
    ("linalg.qr", (3, 0), {"mode": "raw"}, "general"),
    ("linalg.eig", (4, 4), {}, "general"),
    ("linalg.eig", (6, 6), {}, "general"),
    ("linalg.eig", (2, 3, 3), {}, "general"),
    ("linalg.eig", (4, 4), {}, "herm"),
    ("linalg.eig", (1, 1), {}, "general"),
    ("linalg.eig", (0, 0), {}, "general"),
    ("linalg.eigvals", (5, 5), {}, "general"),
    ("linalg.eigvals", (2, 4, 4), {}, "general"),
    ("linalg.eigvals", (0, 0), {}, "general"),
    ("linalg.eigh", (4, 4), {}, "herm"),
    ("linalg.eigh", (5, 5), {"UPLO": "U"}, "herm"),
    ("linalg.eigh", (4, 4), {}, "general"),
    ("linalg.eigh", (4, 4), {"UPLO": "U"}, "general"),
    ("linalg.eigh", (2, 3, 3), {}, "herm"),
    ("linalg.eigh", (1, 1), {}, "herm"),
    ("linalg.eigh", (0, 0), {}, "herm"),
    ("linalg.eigvalsh", (5, 5), {}, "herm"),
    ("linalg.eigvalsh", (4, 4), {"UPLO": "U"}, "general"),
    ("linalg.eigvalsh", (4, 4), {"UPLO": "u"}, "general"),
    ("linalg.eigvalsh", (3, 2, 2), {}, "herm"),
    ("linalg.eigvalsh", (0, 0), {}, "herm"),
]

# Repeated in every element type (ints and bool are computed in float64).
TYPED = [
    ("linalg.svd", (4, 3), {}, "general"),
    ("linalg.svd", (3, 4), {"full_matrices": False}, "general"),
    ("linalg.svd", (5, 4), {"k": 2}, "general"),
    ("linalg.svdvals", (4, 3), {}, "general"),
    ("linalg.svd", (4, 4), {"hermitian": True}, "herm"),
    ("linalg.cholesky", (4, 4), {}, "spd"),
    ("linalg.qr", (4, 3), {}, "general"),
    ("linalg.qr", (3, 4), {"mode": "complete"}, "general"),
    ("linalg.qr", (4, 3), {"mode": "raw"}, "general"),
    ("linalg.eig", (4, 4), {}, "general"),
    ("linalg.eigvals", (4, 4), {}, "general"),
    ("linalg.eigh", (4, 4), {}, "herm"),
    ("linalg.eigh", (4, 4), {"UPLO": "U"}, "general"),
    ("linalg.eigvalsh", (4, 4), {}, "herm"),
]
TYPED_DTYPES = ["float32", "complex64", "complex128", "int64", "int32"]

# NumPy raises for each of these before any work (mechestim: before charging).
ERRORS = [
    ("linalg.svd", (4,), {}),
    ("linalg.svd", (), {}),
    ("linalg.svd", (5, 4), {"k": 0}),
    ("linalg.svd", (5, 4), {"k": 5}),
    ("linalg.svd", (3, 4), {"hermitian": True}),
    ("linalg.svdvals", (3,), {}),
    ("linalg.cholesky", (3, 4), {}),
    ("linalg.cholesky", (3,), {}),
    ("linalg.qr", (3,), {}),
    ("linalg.qr", (3, 3), {"mode": "bogus"}),
    ("linalg.qr", (3, 3), {"mode": "R"}),
    ("linalg.eig", (3, 4), {}),
    ("linalg.eig", (2, 2, 3), {}),
    ("linalg.eigvals", (4,), {}),
    ("linalg.eigh", (3, 4), {}),
    ("linalg.eigh", (3, 3), {"UPLO": "X"}),
    ("linalg.eigvalsh", (2, 3), {}),
    ("linalg.eigvalsh", (3, 3), {"UPLO": "LU"}),
]


def _tolerances(case, dtype):
    if np.dtype(dtype) in (np.float32, np.complex64):
        case["rtol"], case["atol"] = 2e-3, 2e-3
    else:
        case["rtol"], case["atol"] = 1e-8, 1e-9
    return case


def _input(shape, kind, dtype, r):
    a = sample(shape, dtype, r)
    if kind == "general" or len(shape) < 2 or shape[-1] != shape[-2]:
        return a
    if kind == "spd":
        return (a @ _h(a) + shape[-1] * np.eye(shape[-1], dtype=a.dtype)).astype(dtype)
    return (a + _h(a)).astype(dtype)


def _expect(op, a, kwargs):
    try:
        outs = OPS[op](a, **kwargs)
    except Exception as e:  # noqa: BLE001 - any NumPy error is a case of its own
        return {"error": type(e).__name__}
    return [enc(x) for x in outs]


def _case(op, a, kwargs, exact=True):
    c = {"op": op, "args": [enc(a)], "kwargs": kwargs, "expected": _expect(op, a, kwargs), "exact_dtype": exact}
    return _tolerances(c, a.dtype)


def cases():
    r = rng(20261203)
    out = []
    for op, shape, kwargs, kind in SHAPES:
        c = _case(op, _input(shape, kind, "float64", r), kwargs)
        assert "error" not in c["expected"], (op, shape, kwargs, c["expected"])
        out.append(c)
    for op, shape, kwargs, kind in TYPED:
        for dt in TYPED_DTYPES:
            c = _case(op, _input(shape, kind, dt, r), kwargs)
            assert "error" not in c["expected"], (op, shape, dt, c["expected"])
            out.append(c)
    for op, shape, kwargs in ERRORS:
        c = _case(op, sample(shape, "float64", r), kwargs)
        assert "error" in c["expected"], (op, shape, kwargs)
        out.append(c)
    # NaN: NumPy's svd raises "SVD did not converge" and eig/eigvals refuse NaN and inf;
    # mechestim raises the same before charging. eigh and eigvalsh return garbage in NumPy
    # for a NaN in the triangle read; mechestim refuses it (docs/numpy-differences.md).
    bad = sample((3, 3), "float64", r)
    bad[2, 0] = np.nan
    for op in ("linalg.svd", "linalg.svdvals", "linalg.eig", "linalg.eigvals"):
        c = _case(op, bad, {})
        assert "error" in c["expected"], op
        out.append(c)
    for op in ("linalg.eigh", "linalg.eigvalsh"):
        out.append({"op": op, "args": [enc(bad)], "kwargs": {}, "expected": {"error": "LinAlgError"}})
    # A NaN in the triangle not read is ignored, as by NumPy.
    upper_nan = _input((3, 3), "herm", "float64", r)
    upper_nan[0, 2] = np.nan
    out.append(_case("linalg.eigvalsh", upper_nan, {}))
    inf = sample((3, 3), "float64", r)
    inf[1, 1] = np.inf
    out.append(_case("linalg.eig", inf, {}))  # an error in NumPy
    out.append(_case("linalg.svd", inf, {"compute_uv": False}))  # NaN values in NumPy, not an error
    # NaN and inf through qr: they propagate, as in NumPy.
    q = sample((3, 2), "float64", r)
    q[0, 0] = np.inf
    out.append(_case("linalg.qr", q, {"mode": "r"}))
    return out


# ---------------------------------------------------------------------------------------
# Charges (costs.py): one counted call per case, of the case's op.

def flops(case):
    import costs

    op = case["op"]
    shape = costs.arg_shape(case["args"][0])
    if op == "linalg.svd":
        return costs.charge(op, shape, case["kwargs"].get("k"))
    return costs.charge(op, shape)

"""Differential cases for me::einsum: every expression is answered by numpy.einsum.

A case is {"op": "einsum", "args": [subscripts, operand, ...]}; NumPy's error cases
expect a me:: error.
"""
import numpy as np

from common import enc, expect, rng, sample

# (subscripts, operand shapes); run in float64 unless a dtype list below says otherwise.
EXPRESSIONS = [
    # one operand: copies, transposes, sums, traces, diagonals
    ("ij->ij", [(3, 4)]),
    ("ij->ji", [(3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("ij->i", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("ijk->jk", [(2, 3, 4)]),
    ("ijk->ki", [(2, 3, 4)]),
    ("ii->", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("iij->ij", [(3, 3, 2)]),
    ("iji->j", [(3, 2, 3)]),
    ("iii->i", [(3, 3, 3)]),
    ("i->", [(5,)]),
    ("i", [(5,)]),
    ("", [()]),
    ("->", [()]),
    ("bA", [(2, 3)]),
    ("...", [(2, 3)]),
    ("...->", [()]),
    ("i...->...", [(2, 3, 4)]),
    ("...i->...", [(2, 3, 4)]),
    ("i...", [(2, 3)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("ij->ij", [(1, 4)]),
    ("ij->", [(0, 3)]),
    ("ij->j", [(0, 3)]),
    # two operands
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,kj->ik", [(3, 4), (5, 4)]),
    ("ji,jk->ik", [(4, 3), (4, 5)]),
    ("ij,jk->ki", [(3, 4), (4, 5)]),
    ("ij,j->i", [(6, 7), (7,)]),
    ("j,ij->i", [(7,), (6, 7)]),
    ("i,i->", [(8,)] * 2),
    ("i,i", [(8,)] * 2),
    ("i,i->i", [(8,)] * 2),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("i,j->ji", [(3,), (4,)]),
    ("i,j->", [(3,), (4,)]),
    ("ij,ij->ij", [(3, 4)] * 2),
    ("ij,ij->", [(3, 4)] * 2),
    ("ij,ji->", [(3, 4), (4, 3)]),
    ("ij,ij->i", [(3, 4)] * 2),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bjk->ik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bjk->bki", [(2, 3, 4), (2, 4, 5)]),
    ("ijk,jkl->il", [(2, 3, 4), (3, 4, 5)]),
    ("ijk,kj->i", [(2, 3, 4), (4, 3)]),
    ("ii,i->i", [(3, 3), (3,)]),
    ("ii,jj->ij", [(3, 3), (2, 2)]),
    ("ij,k->ijk", [(2, 3), (4,)]),
    ("ij,i->", [(3, 4), (3,)]),
    ("Ab,bA", [(2, 3), (3, 2)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,jk", [(2, 3, 4), (4, 5)]),
    ("...i,...i->...", [(2, 3), (4, 1, 3)]),
    ("...i,...i", [(2, 3), (4, 1, 3)]),
    ("i...,i...->...", [(3, 2), (3, 2)]),
    ("ij,jk->ik", [(3, 1), (4, 5)]),
    ("ij,jk->ik", [(3, 4), (1, 5)]),
    ("i,i->i", [(1,), (5,)]),
    ("ij,ij->ij", [(3, 1), (1, 4)]),
    ("ij,jk->ik", [(0, 4), (4, 5)]),
    ("ij,jk->ik", [(3, 0), (0, 5)]),
    ("ij,jk->ik", [(1, 1), (1, 1)]),
    (" ij , jk -> ik ", [(3, 4), (4, 5)]),
    # three and more operands
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,jk,kl", [(2, 3), (3, 4), (4, 5)]),
    ("i,ij,j->", [(3,), (3, 4), (4,)]),
    ("ai,bi,ab->", [(4, 6), (5, 6), (4, 5)]),
    ("i,j,k->ijk", [(2,), (3,), (4,)]),
    ("ij,jk,kl,lm->im", [(2, 3), (3, 4), (4, 5), (5, 2)]),
    ("ii,ij,jj->", [(3, 3), (3, 3), (3, 3)]),
    ("i,i,i->i", [(4,)] * 3),
    ("ab,bc,ca->", [(2, 3), (3, 4), (4, 2)]),
    ("...a,ab,b...->...", [(2, 3), (3, 4), (4, 2)]),
    ("ij,j,k->ik", [(2, 3), (1,), (4,)]),
    ("ij,jk,k,l->il", [(2, 3), (3, 4), (4,), (2,)]),
]

# Expressions also run in other dtypes (each operand in the listed dtype).
TYPED = [
    ("ij,jk->ik", [(3, 4), (4, 5)], ["float32", "int32", "int64", "bool", "complex128", "complex64"]),
    ("ij->i", [(3, 4)], ["float32", "int32", "int64", "bool", "complex128"]),
    ("ii->", [(4, 4)], ["float32", "int64", "bool"]),
    ("i,j->ij", [(3,), (4,)], ["float32", "int32", "bool"]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)], ["float32", "int64"]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)], ["float32", "int32"]),
    ("...i,...i", [(2, 3), (4, 1, 3)], ["int32", "float32"]),
]

# Two operands of different dtypes: NumPy's promotion.
MIXED = [
    ("ij,j->i", [(3, 4), (4,)], ("int32", "float32")),
    ("ij,j->i", [(3, 4), (4,)], ("int32", "float64")),
    ("ij,j->i", [(3, 4), (4,)], ("float32", "float64")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("int32", "int64")),
    ("i,i->", [(5,), (5,)], ("bool", "int32")),
    ("i,i->", [(5,), (5,)], ("bool", "float32")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("float64", "complex128")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("float32", "complex64")),
]

# NumPy raises ValueError for each of these.
ERRORS = [
    ("ij,jk->ik", [(3, 4), (5, 6)]),      # j is 4 and 5
    ("ii->", [(2, 3)]),                   # diagonal of unequal dimensions
    ("ii->i", [(1, 3)]),
    ("ij->i", [(3,)]),                    # too many subscripts
    ("i->i", [(3, 4)]),                   # too few, no ellipsis
    ("i->ii", [(3,)]),                    # repeated output label
    ("i->j", [(3,)]),                     # output label not in the inputs
    ("i,i", [(3,)]),                      # more operands named than given
    ("i", [(3,), (3,)]),                  # fewer
    ("i1", [(2, 2)]),                     # not a letter
    ("i.j", [(2, 3)]),                    # stray '.'
    ("..i", [(3,)]),
    ("i->->", [(3,)]),
    ("i...->i", [(2, 3)]),                # broadcast dimensions with no '...' in the output
    ("...->", [(2, 3)]),
    ("...i,...i", [(2, 3), (4, 3)]),      # broadcast dimensions that do not broadcast
    ("i,i->i", [(2,), (3,)]),
]


def _operands(shapes, dtypes, r):
    return [sample(s, d, r) for s, d in zip(shapes, dtypes)]


def _case(subscripts, operands, rtol=None, atol=None):
    c = {
        "op": "einsum",
        "args": [subscripts] + [enc(a) for a in operands],
        "expected": expect(np.einsum, subscripts, *operands),
    }
    # float32 sums of a few terms of magnitude up to 9
    if any(a.dtype in (np.float32, np.complex64) for a in operands):
        c["rtol"], c["atol"] = 1e-5, 1e-5
    if rtol is not None:
        c["rtol"] = rtol
    if atol is not None:
        c["atol"] = atol
    return c


def cases():
    r = rng(20240601)
    out = []
    for subscripts, shapes in EXPRESSIONS:
        c = _case(subscripts, _operands(shapes, ["float64"] * len(shapes), r))
        assert "error" not in c["expected"], subscripts
        out.append(c)
    for subscripts, shapes, dtypes in TYPED:
        for dt in dtypes:
            out.append(_case(subscripts, _operands(shapes, [dt] * len(shapes), r)))
    for subscripts, shapes, dtypes in MIXED:
        out.append(_case(subscripts, _operands(shapes, dtypes, r)))
    for subscripts, shapes in ERRORS:
        c = _case(subscripts, _operands(shapes, ["float64"] * len(shapes), r))
        assert "error" in c["expected"], subscripts
        out.append(c)
    # NaN and inf propagate through products and sums as in NumPy.
    a = sample((3, 4), "float64", r)
    a[0, 1] = np.nan
    a[2, 3] = np.inf
    out.append(_case("ij,j->i", [a, sample((4,), "float64", r)]))
    out.append(_case("ij->j", [a]))
    # int32 wraps on overflow, as in NumPy.
    big = np.full((3,), 2**30, dtype=np.int32)
    out.append(_case("i,i->", [big, np.full((3,), 3, dtype=np.int32)]))
    # a larger contraction, to exercise the partial sums of the dot kernel
    out.append(_case("ij,jk->ik", [sample((17, 33), "float64", r), sample((33, 9), "float64", r)], rtol=1e-12))
    out.append(_case("ij,jk->ik", [sample((17, 33), "float32", r), sample((33, 9), "float32", r)], rtol=1e-4))
    return out

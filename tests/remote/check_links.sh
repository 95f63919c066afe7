#!/usr/bin/env bash
# The client binary links ZeroMQ and the C++ runtime only (no BLAS, LAPACK, OpenBLAS),
# and remote.hpp pulls in no xtensor: a participant image needs no numerics library.
# usage: check_links.sh BINARY DEPFILE_OR_INCLUDE_LIST
set -euo pipefail
binary=$1
includes=$2
libs=$(ldd "$binary")
echo "$libs"
if grep -Eiq 'blas|lapack|gfortran|xtensor' <<<"$libs"; then
  echo "check_links: $binary links a numerics library" >&2
  exit 1
fi
grep -q 'libzmq' <<<"$libs" || { echo "check_links: $binary does not link libzmq" >&2; exit 1; }
if grep -Eq 'xtensor|xtl/|cblas|lapack' "$includes"; then
  echo "check_links: remote.hpp includes a numerics header:" >&2
  grep -E 'xtensor|xtl/|cblas|lapack' "$includes" | head >&2
  exit 1
fi
grep -q 'mechestim/remote.hpp' "$includes" || { echo "check_links: $includes does not list remote.hpp" >&2; exit 1; }
echo "check_links: ok"

#!/usr/bin/env bash
# Installs the Debian packages mechestim needs to build its examples, tests and
# benchmarks. Idempotent: when everything is present it touches nothing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  xtensor-dev xtl-dev libxsimd-dev libxtensor-blas-dev
  libopenblas-dev liblapack-dev libfmt-dev nlohmann-json3-dev libkissfft-dev libhwy-dev libsleef-dev
  catch2 libbenchmark-dev python3-numpy
  libzmq3-dev cppzmq-dev libmsgpack-cxx-dev python3-zmq python3-msgpack bubblewrap
  yamllint python3-yaml
)
# --ci: what scripts/ci.sh needs as well: clang and its sanitizer and libFuzzer runtimes.
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

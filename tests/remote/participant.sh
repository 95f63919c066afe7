#!/usr/bin/env bash
# remote_only (the client alone, no numerics linked) against a real server: its answer
# and its charge must be what Python computes for sum(exp([1, 2, 3]) * 2) and 3+3+3 FLOPs (exp, multiply, sum: numel each).
# usage: participant.sh SERVER CLIENT PYTHON
set -euo pipefail
server=$1 client=$2 python=$3
sock=/tmp/mechestim-remote-only-$$.sock
"$server" --url "ipc://$sock" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$sock"' EXIT
for _ in $(seq 200); do [[ -S $sock ]] && break; sleep 0.05; done
got=$("$client" "ipc://$sock")
"$python" "$(dirname "$0")/check_answer.py" "$got"

#!/usr/bin/env bash
# Tests for tools/mechestim-sandbox: an adversarial participant must fail at
# every escape and succeed at the legitimate actions; --server mode must start
# and stop the server and return the participant's exit status; mistakes must
# give clear errors. Exits 77 (skip) when the host cannot run bubblewrap.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
sandbox=${MECHESTIM_SANDBOX:-$repo/tools/mechestim-sandbox}
py=/usr/bin/python3

skip() { echo "SKIP: $*"; exit 77; }
command -v bwrap >/dev/null || skip "bubblewrap not installed (apt-get install bubblewrap)"
bwrap --unshare-user --ro-bind / / true 2>/dev/null || skip "bwrap cannot create a user namespace here"
[[ -x $py ]] || skip "$py missing"
$py -c 'import zmq, msgpack' 2>/dev/null || skip "python3-zmq / python3-msgpack missing (apt-get install -y python3-zmq python3-msgpack)"
[[ -x $sandbox ]] || { echo "FAIL: $sandbox is not executable"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/test-sandbox.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
chmod 0755 "$work"

failures=0
ok()  { echo "ok:   $*"; }
bad() { echo "FAIL: $*"; failures=$(( failures + 1 )); }

# A run's stdout, stderr and status land in $work/<name>.{out,err,rc}.
run() {
    local name=$1
    shift
    local rc=0
    "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null || rc=$?
    echo "$rc" >"$work/$name.rc"
}
rc_of() { cat "$work/$1.rc"; }
show() { sed 's/^/    | /' "$work/$1.out" "$work/$1.err"; }

expect_rc() {  # name, expected status, what
    local got
    got=$(rc_of "$1")
    if [[ $got == "$2" ]]; then ok "$3 (status $got)"; else bad "$3: status $got, expected $2"; show "$1"; fi
}
expect_err() {  # name, text in stderr, what
    if grep -qF -- "$2" "$work/$1.err"; then ok "$3"; else bad "$3: stderr lacks '$2'"; show "$1"; fi
}
server_gone() {  # pid file, what
    local pid
    pid=$(cat "$1" 2>/dev/null) || { bad "$2: the server never wrote its pid"; return; }
    if kill -0 "$pid" 2>/dev/null; then bad "$2: server $pid still running"; kill "$pid"; else ok "$2"; fi
}

# The participant's files: the adversary itself and a file it must read.
sub=$work/submission
mkdir -m 0755 "$sub"
cp "$here/escape_attempts.py" "$sub/"
printf 'hello from the host' >"$sub/hello.txt"
chmod 0644 "$sub"/*
server=("$py" "$here/stand_in_server.py")

memory=512 pids=32 tmp=16

# ---------------------------------------------------------------- the adversary
run escape "$sandbox" --submission "$sub" --memory $memory --pids $pids --tmp-size $tmp \
    --server "${server[@]}" --pid-file "$work/escape.pid" -- \
    $py /submission/escape_attempts.py --repo "$repo" --submission-text 'hello from the host' \
        --memory-mb $memory --pids $pids --tmp-mb $tmp
sed 's/^/    /' "$work/escape.out"
passes=$(grep -c '^PASS: ' "$work/escape.out")
fails=$(grep -c '^FAIL: ' "$work/escape.out")
if grep -q '^DONE: ' "$work/escape.out" && (( passes >= 50 && fails == 0 )); then
    ok "escape attempts: $passes PASS lines, no FAIL"
else
    bad "escape attempts: $passes PASS, $fails FAIL, DONE line $(grep -c '^DONE: ' "$work/escape.out")"
    sed 's/^/    | /' "$work/escape.err"
fi
expect_rc escape 0 "the adversary exits 0"
server_gone "$work/escape.pid" "the server is stopped after the participant"

# ---------------------------------------------------------------- --server mode
run status "$sandbox" --server "${server[@]}" --pid-file "$work/status.pid" -- \
    $py -c 'import sys; sys.exit(7)'
expect_rc status 7 "--server mode returns the participant's exit status"
server_gone "$work/status.pid" "the server is stopped after a failing participant"

# An explicit socket directory, {url} substituted into the server's arguments.
run explicit "$sandbox" --socket-dir "$work/sock" --socket-name s.sock \
    --server "${server[@]}" '{url}' -- \
    $py -c 'import os; assert os.environ["MECHESTIM_SERVER_URL"] == "ipc://'"$work"'/sock/s.sock"; assert os.path.exists("'"$work"'/sock/s.sock")'
expect_rc explicit 0 "--socket-dir and {url} reach the server and the participant"

# Without --server: the participant sees an existing socket directory.
run noserver "$sandbox" --socket-dir "$work/sock" -- \
    $py -c 'import os; print(os.listdir("'"$work"'/sock"))'
expect_rc noserver 0 "runs without --server against an existing --socket-dir"

# ---------------------------------------------------------------- the real server
# mechestim-server started by the sandbox, and a C++ participant (me::remote only) inside
# it: the answer and the charge must be Python's sum(exp([1, 2, 3]) * 2) (to 4 ULP) and 9 FLOPs.
if [[ -n ${MECHESTIM_REAL_SERVER:-} && -n ${MECHESTIM_REMOTE_CLIENT:-} ]]; then
    run real "$sandbox" --server "$MECHESTIM_REAL_SERVER" --url '{url}' -- "$MECHESTIM_REMOTE_CLIENT" env
    expect_rc real 0 "a me::remote participant in the sandbox against mechestim-server"
    check=$(dirname "${BASH_SOURCE[0]}")/../remote/check_answer.py
    if verdict=$($py "$check" "$(cat "$work/real.out")"); then ok "  ... computes it on the server: $verdict"
    else bad "  ... $verdict"; show real; fi
else
    echo "note: MECHESTIM_REAL_SERVER / MECHESTIM_REMOTE_CLIENT unset: the real-server run is skipped"
fi

# ---------------------------------------------------------------- limits
run cpu "$sandbox" --cpu-seconds 1 --server "${server[@]}" -- $py -c 'while True: pass'
# Soft = hard limit: SIGXCPU (152) or, as the kernel sends both at once, SIGKILL (137).
case $(rc_of cpu) in
    137|152) ok "--cpu-seconds 1 stops a busy loop (status $(rc_of cpu))" ;;
    *) bad "--cpu-seconds 1: status $(rc_of cpu), expected 137 or 152"; show cpu ;;
esac

run wall "$sandbox" --wall-seconds 1 --server "${server[@]}" -- /bin/sleep 30
expect_rc wall 124 "--wall-seconds 1 stops a sleeper"

# ---------------------------------------------------------------- errors
run missing "$sandbox" --server "${server[@]}" -- /nonexistent/participant
expect_rc missing 127 "a missing program path"
expect_err missing "program not found: '/nonexistent/participant'" "  ... says program not found"

run missing_cmd "$sandbox" --socket-dir "$work/sock" -- no-such-participant-command
expect_rc missing_cmd 127 "a missing program name"
expect_err missing_cmd "program not found: 'no-such-participant-command'" "  ... says program not found"

run missing_sub "$sandbox" --socket-dir "$work/sock" --submission "$sub" -- /submission/nope.py
expect_rc missing_sub 127 "a missing program in /submission"

run no_bwrap env MECHESTIM_BWRAP=/nonexistent/bwrap "$sandbox" --socket-dir "$work/sock" -- /bin/true
expect_rc no_bwrap 125 "bubblewrap missing"
expect_err no_bwrap "apt-get install bubblewrap" "  ... says how to install it"

run silent_server "$sandbox" --server-timeout 1 --server /bin/sleep 30 -- /bin/true
expect_rc silent_server 125 "a server that never creates its socket"
expect_err silent_server "did not create its socket" "  ... times out with a clear error"

run dead_server "$sandbox" --server /bin/false -- /bin/true
expect_rc dead_server 125 "a server that exits at once"
expect_err dead_server "exited (status 1) before creating its socket" "  ... says the server exited"

run no_socket "$sandbox" -- /bin/true
expect_rc no_socket 125 "neither --socket-dir nor --server"
expect_err no_socket "give --socket-dir DIR" "  ... says what to give"

run broad "$sandbox" --socket-dir /tmp -- /bin/true
expect_rc broad 125 "--socket-dir /tmp is refused"

run bad_opt "$sandbox" --memory lots -- /bin/true
expect_rc bad_opt 125 "a non-numeric --memory"

echo
if (( failures )); then
    echo "test_sandbox: $failures check(s) failed"
    exit 1
fi
echo "test_sandbox: all checks passed"

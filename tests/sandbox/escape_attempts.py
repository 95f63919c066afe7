"""An adversarial participant for tools/mechestim-sandbox.

Run inside the sandbox with /usr/bin/python3. Every escape attempt must fail
and every legitimate action must work; each prints one `PASS: <what>` or
`FAIL: <what>` line, and the summary line `DONE: <n> passed, <m> failed`.
The exit status is 0 only if nothing failed.
"""

import argparse
import ctypes
import errno
import os
import socket
import sys

results = {"PASS": 0, "FAIL": 0}


def report(ok, what, detail=""):
    word = "PASS" if ok else "FAIL"
    results[word] += 1
    print(f"{word}: {what}" + (f" ({detail})" if detail else ""), flush=True)


def must_fail(what, action):
    """The attempt counts as stopped only if it raises an OSError or MemoryError."""
    try:
        outcome = action()
    except (OSError, MemoryError) as e:
        report(True, what, f"refused: {type(e).__name__}: {e}")
    else:
        report(False, what, f"succeeded: {outcome!r}")


def must_succeed(what, action):
    try:
        outcome = action()
    except Exception as e:  # any failure of a legitimate action is a FAIL
        report(False, what, f"{type(e).__name__}: {e}")
    else:
        report(True, what, f"{outcome!r}"[:100])


def write_file(path):
    with open(path, "w") as f:
        f.write("escaped\n")
    return path


def read_file(path):
    with open(path, "rb") as f:
        return len(f.read())


# ---------------------------------------------------------------- filesystem

def filesystem(args, socket_dir):
    for path in ["/submission/x", "/etc/x", "/usr/x", "/x", "/dev/x",
                 os.path.join(args.repo, "x"), os.path.join(socket_dir, "x"),
                 "/work/x", "/root/x"]:
        must_fail(f"write {path}", lambda p=path: write_file(p))
    must_fail("write /proc/sys/kernel/hostname",
              lambda: write_file("/proc/sys/kernel/hostname"))
    must_fail("overwrite /submission/hello.txt",
              lambda: write_file("/submission/hello.txt"))

    for path in ["/etc/shadow", "/etc/hostname", "/etc/hosts",
                 os.path.join(args.repo, "CMakeLists.txt"),
                 "/proc/1/root/etc/shadow", "/root/.bashrc"]:
        must_fail(f"read {path}", lambda p=path: read_file(p))
    for path in ["/root", "/work", "/home", "/var", "/run", "/sys", args.repo]:
        must_fail(f"list {path}", lambda p=path: os.listdir(p))

    def dev_null():
        with open("/dev/null", "w") as f:
            f.write("x")
        return len(open("/dev/urandom", "rb").read(8))
    must_succeed("write /dev/null, read /dev/urandom", dev_null)
    def thread():
        import threading
        box = []
        t = threading.Thread(target=lambda: box.append(1))
        t.start()
        t.join()
        return _expect(box, [1])
    must_succeed("start a thread (clone3 refused, clone without namespaces allowed)", thread)
    must_succeed("write and read back /tmp/ok",
                 lambda: (write_file("/tmp/ok"), read_file("/tmp/ok")))
    expected = args.submission_text
    def read_submission():
        text = open("/submission/hello.txt").read()
        if text != expected:
            raise ValueError(f"got {text!r}, expected {expected!r}")
        return text
    must_succeed("read /submission/hello.txt", read_submission)
    must_succeed("cwd is /submission", lambda: _expect(os.getcwd(), "/submission"))

    def oversized_tmp_file():
        chunk = b"\0" * (1 << 20)
        with open("/tmp/big", "wb") as f:
            for _ in range(args.tmp_mb + 2):
                f.write(chunk)
                f.flush()
        return "wrote past the limit"
    must_fail(f"write more than {args.tmp_mb} MB into /tmp", oversized_tmp_file)
    try:
        os.unlink("/tmp/big")
    except OSError:
        pass


def _expect(got, want):
    if got != want:
        raise ValueError(f"got {got!r}, expected {want!r}")
    return got


# ---------------------------------------------------------------- network

def network():
    def tcp_connect(host, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect((host, port))
        return f"connected to {host}:{port}"
    must_fail("TCP connect 127.0.0.1:22", lambda: tcp_connect("127.0.0.1", 22))
    must_fail("TCP connect 1.1.1.1:80", lambda: tcp_connect("1.1.1.1", 80))

    def udp_send():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        return s.sendto(b"x", ("8.8.8.8", 53))
    must_fail("UDP sendto 8.8.8.8:53", udp_send)

    def tcp_listen():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 8080))
        s.listen()
        return "listening on 8080"
    must_fail("bind and listen on TCP 127.0.0.1:8080", tcp_listen)

    must_fail("IPv6 socket", lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
    must_fail("netlink socket",
              lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))
    must_fail("packet socket",
              lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
    must_fail("resolve a host name", lambda: socket.getaddrinfo("example.com", 80))


def server(url):
    import msgpack
    import zmq

    def ping():
        ctx = zmq.Context()
        try:
            s = ctx.socket(zmq.REQ)
            s.setsockopt(zmq.LINGER, 0)
            s.setsockopt(zmq.RCVTIMEO, 5000)
            s.setsockopt(zmq.SNDTIMEO, 5000)
            s.connect(url)
            s.send(msgpack.packb({"op": "ping", "n": 41}))
            reply = msgpack.unpackb(s.recv())
            s.close()
            return _expect(reply, {"ok": True, "n": 42})
        finally:
            ctx.term()
    must_succeed(f"ZeroMQ request/reply over {url}", ping)

    def raw_unix_connect():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(url[len("ipc://"):])
        s.close()
        return "connected"
    must_succeed("unix socket connect to the server socket", raw_unix_connect)
    must_fail("unlink the server socket", lambda: os.unlink(url[len("ipc://"):]))
    must_fail("rename the server socket",
              lambda: os.rename(url[len("ipc://"):], url[len("ipc://"):] + ".old"))


# ---------------------------------------------------------------- privileges

libc = ctypes.CDLL(None, use_errno=True)


def checked(rc):
    if rc == -1:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return rc


def privileges():
    must_succeed("runs as uid 65534", lambda: _expect((os.getuid(), os.getgid()), (65534, 65534)))
    must_fail("setuid(0)", lambda: os.setuid(0))
    status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines()
                  if ":\t" in line)
    for key in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]:
        must_succeed(f"{key} is empty", lambda k=key: _expect(int(status[k], 16), 0))
    must_succeed("no_new_privs is set", lambda: _expect(status["NoNewPrivs"].strip(), "1"))
    must_succeed("a seccomp filter is active", lambda: _expect(status["Seccomp"].strip(), "2"))
    must_succeed("environment has only PATH, HOME, MECHESTIM_SERVER_URL",
                 lambda: _expect(sorted(set(os.environ) - {"PWD", "LC_CTYPE"}),
                                 ["HOME", "MECHESTIM_SERVER_URL", "PATH"]))

    CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS = 0x10000000, 0x40000000, 0x00020000
    must_fail("unshare(CLONE_NEWUSER)", lambda: checked(libc.unshare(CLONE_NEWUSER)))
    must_fail("unshare(CLONE_NEWNET)", lambda: checked(libc.unshare(CLONE_NEWNET)))
    must_fail("unshare(CLONE_NEWNS)", lambda: checked(libc.unshare(CLONE_NEWNS)))
    must_fail("mount a tmpfs", lambda: checked(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)))
    must_fail("ptrace(PTRACE_ATTACH, 1)", lambda: checked(libc.ptrace(16, 1, None, None)))
    must_fail("io_uring_setup", lambda: checked(libc.syscall(425, 8, ctypes.create_string_buffer(120))))
    must_fail("sethostname", lambda: checked(libc.sethostname(b"evil", 4)))
    if os.uname().machine == "x86_64":
        must_fail("an i386 syscall through int 0x80 (the filter checks the x86_64 ABI)",
                  i386_getpid)


def i386_getpid():
    """Runs `mov eax, 20 (i386 getpid); int 0x80; ret` in a child; the filter must kill it."""
    import mmap
    code = bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3])
    buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code)
    call = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(buf)))
    pid = os.fork()
    if pid == 0:
        call()
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        raise OSError(errno.EPERM, f"child killed by signal {os.WTERMSIG(status)}")
    return f"child exited with {os.WEXITSTATUS(status)}"


# ---------------------------------------------------------------- processes

def processes(args):
    def visible_pids():
        pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        if not set(pids) <= {1, os.getpid()}:
            raise ValueError(f"sees pids {pids}, own pid {os.getpid()}")
        init = open("/proc/1/cmdline", "rb").read().split(b"\0")[0]
        if not init.endswith(b"bwrap"):
            raise ValueError(f"pid 1 is {init!r}, not the sandbox's bwrap")
        return pids
    must_succeed("/proc shows only the sandbox's own processes", visible_pids)

    def fork_bomb():
        r, w = os.pipe()
        children = []
        try:
            for _ in range(10 * args.pids):
                pid = os.fork()
                if pid == 0:
                    os.close(w)
                    os.read(r, 1)  # wait until the parent lets go
                    os._exit(0)
                children.append(pid)
            return f"forked {len(children)} processes"
        except OSError as e:
            if len(children) >= args.pids:
                return f"forked {len(children)} before {e}, over the limit {args.pids}"
            raise OSError(e.errno, f"fork failed after {len(children)} children "
                                   f"(limit {args.pids}): {e.strerror}")
        finally:
            os.close(w)
            os.close(r)
            for pid in children:
                os.waitpid(pid, 0)
    must_fail(f"fork bomb (bounded by --pids {args.pids})", fork_bomb)

    must_fail(f"allocate {2 * args.memory_mb} MB (limit {args.memory_mb} MB)",
              lambda: len(bytearray(2 * args.memory_mb << 20)))
    import mmap
    must_fail(f"mmap {2 * args.memory_mb} MB",
              lambda: mmap.mmap(-1, 2 * args.memory_mb << 20))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True, help="a host directory that must stay invisible")
    parser.add_argument("--submission-text", required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--pids", type=int, required=True)
    parser.add_argument("--tmp-mb", type=int, required=True)
    args = parser.parse_args()

    url = os.environ.get("MECHESTIM_SERVER_URL", "")
    if not url.startswith("ipc:///"):
        report(False, f"MECHESTIM_SERVER_URL is an ipc:// url (got {url!r})")
        socket_dir = "/nonexistent"
    else:
        socket_dir = os.path.dirname(url[len("ipc://"):])
        server(url)
    filesystem(args, socket_dir)
    network()
    privileges()
    processes(args)
    print(f"DONE: {results['PASS']} passed, {results['FAIL']} failed", flush=True)
    return 1 if results["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())

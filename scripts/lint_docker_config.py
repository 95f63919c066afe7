#!/usr/bin/python3
"""Checks docker/ without a Docker engine (run by scripts/lint-docker.sh).

- docker/docker-compose.yml: the participant service carries every hardening setting
  docs/docker.md lists, with those values; the backend its own restrictions; both
  share the ipc volume and the socket path agrees with the server's entrypoint.
- docker/k8s/session-pod.yaml: every container has the restricted securityContext and
  resource limits, the Pod mounts no service-account token, a NetworkPolicy denies
  all ingress and egress for the session's Pods.
- docker/Dockerfile*: every COPY/ADD source from the build context (the repository
  root) exists and is not dropped by .dockerignore, and every --from names an earlier
  stage. submission/ is exempt: it is the participant's, supplied at build time.

Exits 1 with one line per failure. Needs Debian's python3-yaml.
"""
import fnmatch
import glob
import json
import shlex
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
SOCKET_URL = "ipc:///ipc/mechestim.sock"
failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def expect(where, key, actual, wanted):
    if actual != wanted:
        fail(where, f"{key} is {actual!r}, expected {wanted!r}")


def load_yaml(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


# --- compose -------------------------------------------------------------------------
def mounts(service):
    """{target: options} of a service's short-syntax volumes ("src:target[:opts]")."""
    out = {}
    for v in service.get("volumes", []):
        if isinstance(v, dict):
            out[v.get("target")] = "ro" if v.get("read_only") else ""
            continue
        parts = v.split(":")
        out[parts[1] if len(parts) > 1 else parts[0]] = parts[2] if len(parts) > 2 else ""
    return out


def check_restricted(where, service):
    """What both services must have: no network, read-only root, no capabilities."""
    expect(where, "network_mode", service.get("network_mode"), "none")
    expect(where, "read_only", service.get("read_only"), True)
    expect(where, "cap_drop", service.get("cap_drop"), ["ALL"])
    opts = service.get("security_opt", [])
    if not any(o in ("no-new-privileges", "no-new-privileges:true") for o in opts):
        fail(where, f"security_opt {opts!r} lacks no-new-privileges:true")
    if "/ipc" not in mounts(service):
        fail(where, "does not mount the ipc volume at /ipc")


def check_compose(path):
    docs = load_yaml(path)
    if len(docs) != 1:
        fail(path.name, f"expected one YAML document, found {len(docs)}")
        return
    services = docs[0].get("services", {})
    for name in ("backend", "participant"):
        if name not in services:
            fail(path.name, f"no service {name!r}")
    if failures:
        return
    backend, participant = services["backend"], services["participant"]
    where_b, where_p = f"{path.name} backend", f"{path.name} participant"

    check_restricted(where_b, backend)
    expect(where_b, "build.dockerfile", backend.get("build", {}).get("dockerfile"),
           "docker/Dockerfile.server")

    check_restricted(where_p, participant)
    expect(where_p, "build.dockerfile", participant.get("build", {}).get("dockerfile"),
           "docker/Dockerfile.participant-hardened")
    expect(where_p, "pids_limit", participant.get("pids_limit"), 50)
    expect(where_p, "mem_limit", str(participant.get("mem_limit")).lower(), "256m")
    try:
        cpus = float(participant.get("cpus"))
    except (TypeError, ValueError):
        cpus = None
    expect(where_p, "cpus", cpus, 1.0)
    tmpfs = participant.get("tmpfs", [])
    tmpfs = [tmpfs] if isinstance(tmpfs, str) else tmpfs
    if "/tmp:size=10m" not in tmpfs:
        fail(where_p, f"tmpfs {tmpfs!r} lacks /tmp:size=10m")
    sub = mounts(participant).get("/submission")
    if sub is None or "ro" not in sub.split(","):
        fail(where_p, "does not mount /submission read-only")
    expect(where_p, "environment.MECHESTIM_SERVER_URL",
           participant.get("environment", {}).get("MECHESTIM_SERVER_URL"), SOCKET_URL)

    volumes = docs[0].get("volumes") or {}
    if "ipc" not in volumes:
        fail(path.name, "no top-level volume 'ipc'")


# --- kubernetes ------------------------------------------------------------------------
CONTAINER_SECURITY = {
    "runAsNonRoot": True,
    "readOnlyRootFilesystem": True,
    "allowPrivilegeEscalation": False,
}


def pod_spec(doc):
    kind = doc.get("kind")
    if kind == "Pod":
        return doc.get("spec", {})
    if kind == "Job":
        return doc.get("spec", {}).get("template", {}).get("spec", {})
    return None


def check_k8s(path):
    docs = load_yaml(path)
    pods = [(d, pod_spec(d)) for d in docs if pod_spec(d) is not None]
    policies = [d for d in docs if d.get("kind") == "NetworkPolicy"]
    if not pods:
        fail(path.name, "no Pod or Job")
    for doc, spec in pods:
        where = f"{path.name} {doc['kind']} {doc.get('metadata', {}).get('name')}"
        expect(where, "automountServiceAccountToken", spec.get("automountServiceAccountToken"), False)
        psc = spec.get("securityContext", {})
        expect(where, "securityContext.runAsNonRoot", psc.get("runAsNonRoot"), True)
        containers = spec.get("initContainers", []) + spec.get("containers", [])
        names = [c.get("name") for c in containers]
        if len(containers) != 2:
            fail(where, f"expected two containers (server and participant), found {names!r}")
        for c in containers:
            cw = f"{where} container {c.get('name')}"
            sc = c.get("securityContext", {})
            for key, wanted in CONTAINER_SECURITY.items():
                expect(cw, f"securityContext.{key}", sc.get(key), wanted)
            expect(cw, "securityContext.capabilities.drop", sc.get("capabilities", {}).get("drop"), ["ALL"])
            expect(cw, "securityContext.seccompProfile.type",
                   sc.get("seccompProfile", {}).get("type"), "RuntimeDefault")
            limits = c.get("resources", {}).get("limits", {})
            for key in ("cpu", "memory"):
                if key not in limits:
                    fail(cw, f"resources.limits.{key} missing")
            if "/ipc" not in [m.get("mountPath") for m in c.get("volumeMounts", [])]:
                fail(cw, "does not mount the socket's volume at /ipc")
        ipc = [v for v in spec.get("volumes", []) if v.get("name") == "ipc"]
        if not ipc or "emptyDir" not in ipc[0]:
            fail(where, "no emptyDir volume 'ipc' for the socket")
        labels = doc.get("spec", {}).get("template", {}).get("metadata", {}).get("labels") \
            if doc["kind"] == "Job" else doc.get("metadata", {}).get("labels")
        labels = labels or {}
        denied = [p for p in policies
                  if set(p.get("spec", {}).get("policyTypes", [])) == {"Ingress", "Egress"}
                  and not p["spec"].get("ingress") and not p["spec"].get("egress")
                  and p["spec"].get("podSelector", {}).get("matchLabels", {}).items() <= labels.items()]
        if not denied:
            fail(where, "no NetworkPolicy denying all ingress and egress selects this Pod")


# --- Dockerfiles ---------------------------------------------------------------------
def instructions(path):
    """(line number, instruction, arguments) with continuation lines joined."""
    out, buf, start = [], "", 0
    for n, line in enumerate(path.read_text().splitlines(), 1):
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if not buf:
            start = n
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        word, _, rest = buf.partition(" ")
        out.append((start, word.upper(), rest.strip()))
        buf = ""
    return out


def dockerignored(source, patterns):
    first = Path(source.rstrip("/")).parts[0] if source.strip("/") else "."
    return any(fnmatch.fnmatch(first, p) for p in patterns)


def check_dockerfile(path, ignore_patterns):
    stages = set()
    for n, word, rest in instructions(path):
        where = f"{path.relative_to(ROOT)}:{n}"
        if word == "FROM":
            parts = rest.split()
            if len(parts) >= 3 and parts[-2].upper() == "AS":
                stages.add(parts[-1])
            continue
        if word not in ("COPY", "ADD"):
            continue
        if rest.startswith("["):
            args = json.loads(rest)
        else:
            args = shlex.split(rest)
        flags = [a for a in args if a.startswith("--")]
        paths = [a for a in args if not a.startswith("--")]
        if len(paths) < 2:
            fail(where, f"{word} needs a source and a destination")
            continue
        origin = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
        if origin is not None:
            if origin not in stages:
                fail(where, f"--from={origin} is not an earlier stage")
            continue
        for source in paths[:-1]:
            if source.rstrip("/") == "submission" or source.startswith("submission/"):
                continue  # the participant's, not the repository's
            if not glob.glob(str(ROOT / source)):
                fail(where, f"{word} source {source!r} does not exist in the repository")
            elif source not in (".", "./") and dockerignored(source, ignore_patterns):
                fail(where, f"{word} source {source!r} is excluded by .dockerignore")


def main():
    for path in (DOCKER / "docker-compose.yml", DOCKER / "k8s" / "session-pod.yaml"):
        if not path.exists():
            fail(str(path.relative_to(ROOT)), "missing")
    if not failures:
        check_compose(DOCKER / "docker-compose.yml")
        check_k8s(DOCKER / "k8s" / "session-pod.yaml")
    ignore = ROOT / ".dockerignore"
    patterns = [l.strip() for l in ignore.read_text().splitlines()
                if l.strip() and not l.startswith("#")] if ignore.exists() else []
    dockerfiles = sorted(DOCKER.glob("Dockerfile*"))
    for name in ("Dockerfile.server", "Dockerfile.participant", "Dockerfile.participant-hardened"):
        if DOCKER / name not in dockerfiles:
            fail(f"docker/{name}", "missing")
    for path in dockerfiles:
        check_dockerfile(path, patterns)
    server = (DOCKER / "Dockerfile.server").read_text() if (DOCKER / "Dockerfile.server").exists() else ""
    if f'"--url", "{SOCKET_URL}"' not in server:
        fail("docker/Dockerfile.server", f"ENTRYPOINT does not bind {SOCKET_URL}")

    for f in failures:
        print(f"lint-docker: FAIL {f}", file=sys.stderr)
    if failures:
        print(f"lint-docker: {len(failures)} failure(s) in docker/", file=sys.stderr)
        return 1
    print(f"lint-docker: compose and k8s hardening present; COPY sources of {len(dockerfiles)} Dockerfiles exist")
    return 0


if __name__ == "__main__":
    sys.exit(main())

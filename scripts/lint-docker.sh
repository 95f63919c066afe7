#!/usr/bin/env bash
# Lints docker/ where no Docker engine runs (the CI machines have none, so the images
# are never built there): yamllint over the compose and Kubernetes files, then
# scripts/lint_docker_config.py (the hardening settings are present with their values,
# every Dockerfile's COPY sources exist). Exits non-zero on any failure.
# Installs Debian's yamllint and python3-yaml when missing, as scripts/install-deps.sh
# does for the build's packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

missing=()
for p in yamllint python3-yaml; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "lint-docker: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

status=0
yaml_files=("$root/docker/docker-compose.yml" "$root/docker/k8s/session-pod.yaml")
# --strict: warnings fail too; docker/.yamllint relaxes only line length and "---".
if yamllint --strict -c "$root/docker/.yamllint" "${yaml_files[@]}"; then
  echo "lint-docker: yamllint clean on ${#yaml_files[@]} files"
else
  echo "lint-docker: FAIL yamllint (above)" >&2
  status=1
fi
# Debian's python3, where python3-yaml is installed (not whatever python3 is first on PATH).
/usr/bin/python3 "$root/scripts/lint_docker_config.py" || status=1

if ((status)); then
  echo "lint-docker: FAILED" >&2
else
  echo "lint-docker: passed"
fi
exit "$status"

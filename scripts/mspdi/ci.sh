#!/usr/bin/env bash
# Independent MSPDI check (issue 17): installs what scripts/mspdi/check_mpxj.py
# needs on a clean Debian machine (a Java runtime only if `java` is missing;
# MPXJ and JPype from PyPI, pinned in requirements.txt, into a venv when the
# system Python refuses pip), builds nothing, and runs the check.
# Usage: scripts/mspdi/ci.sh OUT_DIR...   (tandem output folders with schedule.xml + schedule.csv)
#        scripts/mspdi/ci.sh              (self-test: the hand-made sample passes, a broken copy fails)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_install() {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-venv)
[ ${#missing[@]} -gt 0 ] && apt_install "${missing[@]}"

PY=python3
if ! python3 -c 'import mpxj, jpype' >/dev/null 2>&1; then
    if ! python3 -m pip install -q -r "$HERE/requirements.txt" 2>/dev/null; then
        # Debian's own python3 is "externally managed" (PEP 668): use a venv
        echo "ci.sh: pip refused the system python3; installing into a venv"
        VENV="${MSPDI_VENV:-${TMPDIR:-/tmp}/tandem-mspdi-venv}"
        if [ ! -x "$VENV/bin/python" ]; then
            python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VENV"; }
        fi
        "$VENV/bin/python" -m pip install -q -r "$HERE/requirements.txt"
        PY="$VENV/bin/python"
    fi
fi

if [ $# -gt 0 ]; then
    exec "$PY" "$HERE/check_mpxj.py" "$@"
fi

echo "== self-test: the hand-made sample must pass"
"$PY" "$HERE/check_mpxj.py" "$HERE/sample"
echo "== self-test: a broken copy must fail"
BROKEN="$(mktemp -d)"
trap 'rm -rf "$BROKEN"' EXIT
"$PY" "$HERE/break_sample.py" "$HERE/sample" "$BROKEN"
if "$PY" "$HERE/check_mpxj.py" "$BROKEN"; then
    echo "self-test FAILED: the broken copy passed" >&2
    exit 1
fi
echo "self-test: 2 passed, 0 failed"

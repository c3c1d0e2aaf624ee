#!/usr/bin/env bash
# Create .venv and install the locked dependencies into it.
#   scripts/bootstrap.sh          runtime dependencies (make demo)
#   scripts/bootstrap.sh dev      runtime + test/lint dependencies (make test, make check)
# Works on a fresh Debian machine as root: installs python3-venv if venv is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-runtime}
lock=requirements.lock
[ "$want" = dev ] && lock=requirements-dev.lock
stamp=.venv/.installed-$want

if [ -f "$stamp" ] && [ "$stamp" -nt "$lock" ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi

py=${PYTHON:-python3}
if ! "$py" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "bootstrap: cyberpatrol needs Python 3.11 as '$py' (set PYTHON=...)" >&2
  exit 1
fi
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "bootstrap: .venv has no pip (made by another tool); recreating it" >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "bootstrap: installing python3-venv (Debian)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$py" -m venv .venv
  fi
fi
# pip before 23.3 rejects a hash-locked requirement that a dependency asks for with an
# extra (pytest-cov wants coverage[toml]); the pip bundled with Python 3.11 is older.
.venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==26.3"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
touch "$stamp"

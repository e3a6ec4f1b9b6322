#!/usr/bin/env bash
# Install everything the test suite needs (Debian packages, the npm GraphML reader, the Python
# package with its test extras) and run the whole suite. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ci_deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"

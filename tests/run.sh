#!/usr/bin/env bash
# The project's checks, in the order CI runs them (README, command (b)):
# Debian's chromium for the browser tests, the import layers, the whole test suite, then the
# kernel tests again with numba's JIT off so that the kernel bodies run as Python. pytest runs a
# worker per core (pytest-xdist), each test file on one worker, so a file's module fixtures are
# made once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install_chromium.sh
.venv/bin/lint-imports
.venv/bin/python -m pytest --numprocesses auto --dist loadfile
NUMBA_DISABLE_JIT=1 .venv/bin/python -m pytest --numprocesses auto --dist loadfile -m kernel -q

#!/usr/bin/env bash
# The project's checks, in the order CI runs them (README, command (b)):
# Debian's chromium for the browser tests, the import layers, the whole test suite, then the
# kernel tests again with numba's JIT off so that the kernel bodies run as Python. pytest runs a
# worker per core (pytest-xdist). A test file with module fixtures marks itself
# `pytest.mark.xdist_group(__name__)`, so its tests share one worker and the fixtures are made once;
# such files are sent out first (the most tests first), then the other tests one by one.
set -euo pipefail
cd "$(dirname "$0")/.."
# numba's parallel kernels run on GNU OpenMP, whose idle threads spin; two pytest workers on two cores
# then take each other's time (two scale-1 run pairs side by side: 16.7 s each spinning, 9.0 s passive).
export OMP_WAIT_POLICY=PASSIVE
bash tests/install_chromium.sh
.venv/bin/lint-imports
.venv/bin/python -m pytest --numprocesses auto --dist loadgroup
NUMBA_DISABLE_JIT=1 .venv/bin/python -m pytest --numprocesses auto --dist loadgroup -m kernel -q

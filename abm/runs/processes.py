"""Process pools whose workers die with the process that started them.

A sweep's or a calibration's worker holds a model (a few hundred MiB at scale 1); when its parent
is killed (``kill -9``, the out-of-memory killer) it must not live on. Each worker asks for a
parent-death signal in the pool's initializer: on Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``,
so the kernel kills it the moment its parent dies; elsewhere a watchdog thread checks
``os.getppid()`` every :data:`WATCH_INTERVAL_S` seconds. A worker whose parent died before the
initializer ran exits at once. With the workers gone, multiprocessing's resource tracker (whose
pipe only the parent and the workers hold) reads end of file and exits as well.

Each worker also runs numba's parallel kernels on one thread: the pool already keeps every core
busy with one process each, and threads on top would only contend.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
"""``prctl`` option of Linux (``<linux/prctl.h>``): the signal this process gets when its parent dies."""
WATCH_INTERVAL_S = 1.0
"""Seconds between the watchdog's checks of the parent (platforms without ``prctl``)."""


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` ``spawn`` processes (no state inherited) that die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker, initargs=(os.getpid(),),
    )  # fmt: skip


def start_worker(parent: int) -> None:
    """Pool initializer: die with ``parent`` (:func:`die_with_parent`) and use one numba thread."""
    die_with_parent(parent)
    import numba

    numba.set_num_threads(1)


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when process ``parent`` (its parent) dies.

    Raises:
        OSError: Linux refused the parent-death signal.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:
        threading.Thread(target=_watch, args=(parent,), name="die-with-parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)

"""Keep freed memory in the process for the next month's arrays (glibc's allocator only).

A month allocates and frees a few MiB of large arrays (the matching kernel's application slots,
the seekers' uniforms). By default glibc gives blocks of that size back to the system when they
are freed and maps fresh pages for the next ones, so every month pays a page fault per 4 KiB
touched: about 1,000 a month in the matching phase at Hong Kong's scale, a fifth of a run's time
(`benchmarks/README.md`). :func:`keep_freed_memory` sets glibc's thresholds so that blocks up to
:data:`MMAP_THRESHOLD_BYTES` come from the heap, and up to :data:`TRIM_THRESHOLD_BYTES` of free
heap is kept for reuse. It changes no result, only where memory comes from; elsewhere (macOS,
musl) it does nothing. :func:`abm.runs.simulation.build_model` calls it, so every run has it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

M_TRIM_THRESHOLD = -1
"""``mallopt`` parameter (``<malloc.h>``): free memory kept at the top of the heap before trimming."""
M_MMAP_THRESHOLD = -3
"""``mallopt`` parameter: blocks at least this large are mapped on their own and unmapped when freed."""
MMAP_THRESHOLD_BYTES = 32 * 2**20
"""Blocks under 32 MiB come from the heap (glibc's largest allowed value on 64-bit systems)."""
TRIM_THRESHOLD_BYTES = 512 * 2**20
"""Up to 512 MiB of free heap is kept for reuse rather than given back."""


@functools.cache
def keep_freed_memory() -> bool:
    """Set the thresholds (once per process); return whether the allocator took them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1

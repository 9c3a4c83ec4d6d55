"""The month's census of workers: counts by status and origin, and the pay of groups, in one pass.

Every figure the monthly record and the fiscal account need from the worker table:
``counts[CensusCount.<name>]`` (employed, unemployed, local graduates employed and unemployed,
imported and non-local graduates present in Hong Kong and employed in AI), and the wages
(HK$/month) of the employed, of employed local graduates, of employed imported workers and of
employed non-local graduates, each in row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numba import njit

from abm.core.state import Origin, Status


class CensusCount(IntEnum):
    """Positions in the census's count array."""

    EMPLOYED = 0
    UNEMPLOYED = 1
    LOCAL_EMPLOYED = 2
    LOCAL_UNEMPLOYED = 3
    IMPORTED_PRESENT = 4
    NONLOCAL_PRESENT = 5
    IMPORTED_EMPLOYED = 6
    NONLOCAL_EMPLOYED = 7


@dataclass(frozen=True)
class Census:
    """The census of one month (see the module docstring)."""

    counts: np.ndarray
    employed_wages: np.ndarray
    local_wages: np.ndarray
    imported_wages: np.ndarray
    nonlocal_wages: np.ndarray

    def count(self, name: CensusCount) -> int:
        return int(self.counts[name])


@njit(cache=True)
def _count(status, origin, counts):
    for w in range(status.shape[0]):
        s = status[w]
        if s == Status.DEPARTED:
            continue
        o = origin[w]
        employed = s == Status.EMPLOYED
        if employed:
            counts[CensusCount.EMPLOYED] += 1
        elif s == Status.UNEMPLOYED:
            counts[CensusCount.UNEMPLOYED] += 1
        if o == Origin.LOCAL_GRADUATE:
            if employed:
                counts[CensusCount.LOCAL_EMPLOYED] += 1
            elif s == Status.UNEMPLOYED:
                counts[CensusCount.LOCAL_UNEMPLOYED] += 1
        elif o == Origin.IMPORTED:
            counts[CensusCount.IMPORTED_PRESENT] += 1
            if employed:
                counts[CensusCount.IMPORTED_EMPLOYED] += 1
        elif o == Origin.NONLOCAL_GRADUATE:
            counts[CensusCount.NONLOCAL_PRESENT] += 1
            if employed:
                counts[CensusCount.NONLOCAL_EMPLOYED] += 1


@njit(cache=True)
def _collect_wages(status, origin, wage, employed_wages, local_wages, imported_wages, nonlocal_wages):
    e = loc = imp = nl = 0
    for w in range(status.shape[0]):
        if status[w] != Status.EMPLOYED:
            continue
        employed_wages[e] = wage[w]
        e += 1
        o = origin[w]
        if o == Origin.LOCAL_GRADUATE:
            local_wages[loc] = wage[w]
            loc += 1
        elif o == Origin.IMPORTED:
            imported_wages[imp] = wage[w]
            imp += 1
        elif o == Origin.NONLOCAL_GRADUATE:
            nonlocal_wages[nl] = wage[w]
            nl += 1


def take_census(status: np.ndarray, origin: np.ndarray, wage: np.ndarray) -> Census:
    """The census of the worker table's ``status``, ``origin`` and ``wage`` columns."""
    if not len(status) == len(origin) == len(wage):
        raise ValueError("status, origin and wage must have one entry per worker")
    counts = np.zeros(len(CensusCount), dtype=np.int64)
    _count(status, origin, counts)
    arrays = [np.empty(counts[c]) for c in (CensusCount.EMPLOYED, CensusCount.LOCAL_EMPLOYED,
                                             CensusCount.IMPORTED_EMPLOYED, CensusCount.NONLOCAL_EMPLOYED)]  # fmt: skip
    _collect_wages(status, origin, wage, *arrays)
    return Census(counts, *arrays)

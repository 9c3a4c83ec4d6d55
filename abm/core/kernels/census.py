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
def _census(status, origin, wage, counts, employed_wages, local_wages, imported_wages, nonlocal_wages):
    """One pass: every count, and each group's wages (into outputs long enough for every worker)."""
    for w in range(status.shape[0]):
        s = status[w]
        if s == Status.DEPARTED:
            continue
        o = origin[w]
        if s == Status.EMPLOYED:
            employed_wages[counts[CensusCount.EMPLOYED]] = wage[w]
            counts[CensusCount.EMPLOYED] += 1
            if o == Origin.LOCAL_GRADUATE:
                local_wages[counts[CensusCount.LOCAL_EMPLOYED]] = wage[w]
                counts[CensusCount.LOCAL_EMPLOYED] += 1
            elif o == Origin.IMPORTED:
                imported_wages[counts[CensusCount.IMPORTED_EMPLOYED]] = wage[w]
                counts[CensusCount.IMPORTED_EMPLOYED] += 1
            elif o == Origin.NONLOCAL_GRADUATE:
                nonlocal_wages[counts[CensusCount.NONLOCAL_EMPLOYED]] = wage[w]
                counts[CensusCount.NONLOCAL_EMPLOYED] += 1
        elif s == Status.UNEMPLOYED:
            counts[CensusCount.UNEMPLOYED] += 1
            if o == Origin.LOCAL_GRADUATE:
                counts[CensusCount.LOCAL_UNEMPLOYED] += 1
        if o == Origin.IMPORTED:
            counts[CensusCount.IMPORTED_PRESENT] += 1
        elif o == Origin.NONLOCAL_GRADUATE:
            counts[CensusCount.NONLOCAL_PRESENT] += 1


def take_census(status: np.ndarray, origin: np.ndarray, wage: np.ndarray) -> Census:
    """The census of the worker table's ``status``, ``origin`` and ``wage`` columns."""
    if not len(status) == len(origin) == len(wage):
        raise ValueError("status, origin and wage must have one entry per worker")
    counts = np.zeros(len(CensusCount), dtype=np.int64)
    buffers = [np.empty(len(status)) for _ in range(4)]
    _census(status, origin, wage, counts, *buffers)
    used = (
        CensusCount.EMPLOYED,
        CensusCount.LOCAL_EMPLOYED,
        CensusCount.IMPORTED_EMPLOYED,
        CensusCount.NONLOCAL_EMPLOYED,
    )
    return Census(counts, *(buffer[: counts[c]] for buffer, c in zip(buffers, used)))

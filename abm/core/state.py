"""Struct-of-arrays state: workers, vacancies and firms as columns of NumPy arrays.

A :class:`Table` owns one array per attribute with a fixed dtype and grows by
doubling its capacity. ``table.skill`` is a view of the live rows. Worker and firm
rows are never reordered, so a row number identifies an agent for the whole run;
vacancy rows are compacted once a month, before any phase runs (closed vacancies
are dropped), so a vacancy row number is stable within a month only.

The integer codes below are the model's vocabulary, defined once here: statuses, origins,
specialisations, size classes, sectors, vacancy states and the monthly worker events. Kernels
use these enums directly (numba compiles their members as constants; changing a code means
clearing the numba cache, ``__pycache__/*.nbi``, since numba does not track globals).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np


class Status(IntEnum):
    """A worker's labour-market status."""

    EMPLOYED = 0
    UNEMPLOYED = 1  # in the AI labour force, searching
    ADJACENT = 2  # working in an adjacent sector: could reskill, not in the AI labour force
    TRAINING = 3  # on a reskilling course
    DEPARTED = 4  # emigrated, retired, left for another sector, or visa expired


class Origin(IntEnum):
    """Where a worker came from (flows by origin are reported)."""

    LOCAL_GRADUATE = 0
    NONLOCAL_GRADUATE = 1
    IMPORTED = 2  # admitted through a talent scheme
    ADJACENT = 3  # reskilled from an adjacent sector


class Specialisation(IntEnum):
    """An AI specialisation of workers and vacancies."""

    RESEARCH = 0
    ENGINEERING = 1
    DATA = 2
    INFRASTRUCTURE = 3


class SizeClass(IntEnum):
    """Firm size class as in the HKPC sample."""

    LARGE = 0
    SME = 1


SECTORS = ("finance", "trade_logistics", "health_biotech", "public_smart_city", "ai_native_tech")
"""Firm sectors (equal shares; an assumption: no sector breakdown of AI firms is published)."""


class VacancyState(IntEnum):
    """A vacancy's state within the month it closes."""

    OPEN = 0
    FILLED = 1
    WITHDRAWN = 2


class WorkerEvent(IntEnum):
    """What happens to a worker in the separations phase of a month (at most one event)."""

    NONE = 0
    SEPARATION = 1  # employed -> unemployed
    EMIGRATION = 2
    RETIREMENT = 3
    VISA_DEPARTURE = 4  # imported talent whose visa expired leaves (did not apply, or was refused)
    EXIT_TO_OTHER_SECTOR = 5  # unemployed -> a job outside the AI market


class VisaOutcome(IntEnum):
    """What an imported worker whose visa expires this month does (``NONE`` if it does not expire)."""

    NONE = 0
    EXTENDED = 1
    REFUSED = 2  # applied, refused: leaves
    NOT_APPLIED = 3  # leaves


NO_MONTH = -(10**6)
"""Sentinel month number for 'never happened'."""

WORKER_COLUMNS: dict[str, tuple[Any, Any]] = {
    "status": (np.int8, Status.DEPARTED),
    "origin": (np.int8, Origin.LOCAL_GRADUATE),
    "specialisation": (np.int8, 0),
    "skill": (np.float64, 0.0),  # 0 (fresh graduate) to 1 (top of the market)
    "employer": (np.int32, -1),  # firm row, -1 when not employed
    "wage": (np.float64, 0.0),  # HK$/month, 0 when not employed
    "reservation_wage": (np.float64, 0.0),  # HK$/month
    "months_in_status": (np.int32, 0),
    "entry_month": (np.int32, NO_MONTH),  # month the worker entered the AI market
    "visa_expiry_month": (np.int32, NO_MONTH),  # imported talent only
    "visa_terms": (np.int8, 0),  # visa terms granted so far (1 on arrival), imported talent only
}

VACANCY_COLUMNS: dict[str, tuple[Any, Any]] = {
    "firm": (np.int32, -1),
    "specialisation": (np.int8, 0),
    "required_skill": (np.float64, 0.0),
    "wage_offer": (np.float64, 0.0),  # HK$/month, rises with the vacancy's age
    "wage_ceiling": (np.float64, 0.0),  # HK$/month, the most the firm will offer
    "wage_top_up": (np.float64, 0.0),  # HK$/month a policy adds this month (reset monthly)
    "posted_month": (np.int32, 0),
    "posted_day": (np.float64, 0.0),  # day of the posting month (0 to DAYS_PER_MONTH)
    "state": (np.int8, VacancyState.OPEN),
    "worker": (np.int64, -1),
}

FIRM_COLUMNS: dict[str, tuple[Any, Any]] = {
    "active": (np.bool_, True),  # False once the firm has exited (its row stays)
    "entry_month": (np.int32, NO_MONTH),  # month the firm entered (NO_MONTH: there at the start)
    "size_class": (np.int8, SizeClass.SME),
    "sector": (np.int8, 0),
    "main_specialisation": (np.int8, 0),
    "base_headcount": (np.float64, 0.0),  # technical jobs at demand index 1
    "demand_shock": (np.float64, 0.0),  # log of the firm's AR(1) demand shock
    "demand_boost": (np.float64, 0.0),  # extra jobs a policy adds this month (reset monthly)
    "target_headcount": (np.int32, 0),
    "planned_headcount": (np.int32, 0),  # planned for expansion_horizon_months ahead
    "employed": (np.int32, 0),
    "open_vacancies": (np.int32, 0),
    "log_pay_premium": (np.float64, 0.0),  # the firm's pay above market pay, in logs
    "pay_ceiling_premium": (np.float64, 0.0),
    "required_skill_mean": (np.float64, 0.5),
    "last_difficulty_month": (np.int32, NO_MONTH),  # a vacancy passed the difficulty threshold
    "last_withdrawal_month": (np.int32, NO_MONTH),  # a vacancy was withdrawn unfilled
}


def add_at(column: np.ndarray, rows: np.ndarray, change: int) -> None:
    """``column[r] += change`` for every ``r`` in ``rows``, repeats adding up (``np.add.at``). The
    change is cast to the column's dtype first, which keeps NumPy on its fast path (6 rather than
    33 microseconds for 300 rows of an int32 column)."""
    np.add.at(column, rows, column.dtype.type(change))


class Table:
    """Columns of equal length held in growable arrays.

    Args:
        columns: name -> (dtype, fill value for new rows).
        capacity: initial number of rows allocated.
    """

    def __init__(self, columns: dict[str, tuple[Any, Any]], capacity: int = 1024) -> None:
        self._columns = dict(columns)
        self._capacity = max(int(capacity), 16)
        self._data = {name: np.full(self._capacity, fill, dtype=dtype) for name, (dtype, fill) in columns.items()}
        self.size = 0
        self._show_rows()

    def _show_rows(self) -> None:
        """Make each column an attribute: a view of its first ``size`` rows (plain attribute reads,
        the hottest lookups of a month, rather than ``__getattr__``). Called whenever the size or
        the arrays change."""
        self.__dict__.update({name: column[: self.size] for name, column in self._data.items()})

    def __getstate__(self) -> dict[str, Any]:
        """Pickle and copy the arrays, not the views (a view copied apart from its array would be
        written to in vain); :meth:`__setstate__` makes them again."""
        return {key: value for key, value in self.__dict__.items() if key not in self._data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._show_rows()

    def __len__(self) -> int:
        return self.size

    @property
    def column_names(self) -> list[str]:
        return list(self._data)

    def add_column(self, name: str, dtype: Any, fill: Any) -> None:
        """Add a column (for example a policy's own per-worker state), filled with ``fill``."""
        if name in self._data:
            raise ValueError(f"column {name!r} already exists")
        if name.startswith("_") or name in self.__dict__ or hasattr(Table, name):
            raise ValueError(f"column {name!r} would hide the table's own attribute of that name")
        self._columns[name] = (dtype, fill)
        self._data[name] = np.full(self._capacity, fill, dtype=dtype)
        self._show_rows()

    def append(self, count: int) -> slice:
        """Add ``count`` rows holding the fill values; return their slice."""
        start = self.size
        if start + count > self._capacity:
            capacity = max(self._capacity * 2, start + count)
            for name, (dtype, fill) in self._columns.items():
                grown = np.full(capacity, fill, dtype=dtype)
                grown[:start] = self._data[name][:start]
                self._data[name] = grown
            self._capacity = capacity
        self.size = start + count
        self._show_rows()
        return slice(start, start + count)

    def keep(self, mask: np.ndarray) -> None:
        """Drop the rows where ``mask`` is False, keeping the others in order."""
        kept = int(mask.sum())
        for name, (_, fill) in self._columns.items():
            column = self._data[name]
            column[:kept] = column[: self.size][mask]
            column[kept : self.size] = fill
        self.size = kept
        self._show_rows()

    def nbytes(self) -> int:
        return sum(column.nbytes for column in self._data.values())

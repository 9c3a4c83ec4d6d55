"""Month arithmetic: the model's clock counts whole calendar months.

A month is written ``"YYYY-MM"`` in scenario files and held as an ``int`` month
number (``year * 12 + month - 1``) inside the model, so that differences are
plain integer subtraction.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DAYS_PER_MONTH = 365.25 / 12
"""Days in a month on average: within-month timing (a vacancy's posting day, the day of a hire) is in
days from the month's start, and time to fill in days is months x this plus the days in between."""


@functools.lru_cache(maxsize=1024)  # policies ask for their start and end months every phase
def parse_month(text: str | dt.date) -> int:
    """Month number of ``"YYYY-MM"`` (or of a date's month).

    Raises:
        ValueError: if ``text`` is not ``YYYY-MM`` with a month from 01 to 12.
    """
    if isinstance(text, dt.date):
        return text.year * 12 + text.month - 1
    match = _MONTH_PATTERN.match(str(text).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"expected a month written YYYY-MM (for example 2023-06), got {text!r}")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def format_month(number: int) -> str:
    """``"YYYY-MM"`` of a month number."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def month_start(number: int) -> dt.date:
    """First day of a month number."""
    return dt.date(number // 12, number % 12 + 1, 1)


def calendar_month(number: int) -> int:
    """Calendar month (1 = January ... 12 = December) of a month number."""
    return number % 12 + 1


def monthly_probability(rate_per_year):
    """Monthly probability of an event whose yearly probability is ``rate_per_year`` (a number or an array)."""
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / 12.0)

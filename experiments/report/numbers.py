"""How the report writes numbers, and the names of the table cells that hold them.

The tables (:mod:`experiments.report.tables`) and the written summary
(:mod:`experiments.report.conclusions`) format every number through these functions, so a number
the summary cites reads exactly as the cell it cites; :func:`cell_id` names that cell.
"""

from __future__ import annotations

import math
import re


def number(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals and thousands separators (never ``-0``); ``n/a`` when not finite."""
    return f"{round(value, digits) + 0.0:,.{digits}f}" if math.isfinite(value) else "n/a"


def significant(value: float, figures: int = 3) -> str:
    """``value`` to about ``figures`` significant figures, without scientific notation."""
    if not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    return number(value, max(0, figures - 1 - math.floor(math.log10(abs(value)))))


def millions(value: float) -> str:
    """HK$ as millions with one decimal: ``101_080_000`` -> ``"101.1"``."""
    return number(value / 1e6, 1)


def percent(share: float) -> str:
    """A share as a whole percentage: ``0.8`` -> ``"80%"``."""
    return f"{number(share * 100, 0)}%"


def interval(low: float, high: float, formatter) -> str:
    """``[low, high]`` formatted, or an empty string when the interval is undefined (one pair)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f"[{formatter(low)}, {formatter(high)}]"


def cell_id(kind: str, arm: str = "", measure: str = "", year: int | str = "") -> str:
    """The HTML id of the table cell holding one number.

    Args:
        kind: what the number is: ``"effect"``, ``"cost-programme"``, ``"cost-fiscal"``, ``"per-bn"``,
            ``"level"`` (the status quo's annual value), ``"pairs"``, ``"rank-first"``, ``"loss"``,
            ``"discount-rate"``.
        arm: the policy arm, if the number is an arm's.
        measure: the measure's column, if any.
        year: the year, if any.
    """
    parts = [kind, arm, measure, str(year)]
    return "cell-" + "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", part) for part in parts if part)

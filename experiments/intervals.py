"""Confidence intervals shared by the report and the optimiser's check.

One level and one formula, so a number in a report and the check it summarises agree.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.90
"""Confidence level of every interval talentgap reports."""


def t_interval(values: np.ndarray | pd.Series, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and the two-sided Student-t ``level`` confidence interval of the mean of the finite values.

    Returns:
        ``(mean, low, high)``; the bounds are NaN with fewer than two values, all NaN with none.
    """
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if len(finite) == 0:
        return math.nan, math.nan, math.nan
    mean = float(finite.mean())
    if len(finite) < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, len(finite) - 1) * finite.std(ddof=1) / math.sqrt(len(finite)))
    return mean, mean - half, mean + half

"""The status quo: instruments already running in 2023, at their real sizes.

The default scenario contains these, so calibration does not absorb them and a policy
scenario is a change from the status quo. Sizes and unit costs are each policy's
defaults, with their sources in the policy's parameters. They run from the first
simulated month of the default calendar (2018-01, the start of the burn-in) at their
2023 sizes: the burn-in settles the market under the status quo (a simplification: the
TTPS only began in December 2022, and arrivals before it were smaller).
"""

from __future__ import annotations

STATUS_QUO_START = "2018-01"
"""The default calendar's first simulated month (2023-01 less 60 months of burn-in)."""

STATUS_QUO = ("talent_admission", "reskilling_subsidy", "research_talent_subsidy", "internship")
"""Talent schemes (TTPS and others), NITTP, the Research Talent Hub and STEM Internship."""


def status_quo_policies() -> list[dict]:
    """The status-quo ``[[policies]]`` entries at their default (real) sizes."""
    return [{"name": name, "start": STATUS_QUO_START} for name in STATUS_QUO]

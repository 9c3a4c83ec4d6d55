"""Where the recommended package fails: scenario discovery with PRIM over the futures and seeds.

The cases are the check's runs of the package on fresh seeds, one per future and seed, each
described by its future's features (:meth:`experiments.futures.Futures.features`; on/off features
as 0 and 1); a case is of interest when the package misses the target there (its difficulty share
at the target year is above the target). PRIM (the Patient Rule Induction Method, the ``PRIM``
package) peels a box of feature ranges that holds many misses and few successes. Of the boxes on
its peeling trajectory the rule is the densest that restricts at most :data:`MAX_TERMS` features
and still covers at least :data:`MIN_COVERAGE` of the misses (else the densest with at most
:data:`MAX_TERMS` features):

- **coverage**: the share of all misses that fall in the box;
- **density**: the share of the cases in the box that are misses (against the share of misses
  overall, the base rate).

With no miss, or only misses, or features that do not differ, there is nothing to discover and
the rule says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import prim

from abm.core.columns import lowered, words
from abm.runs.provenance import parameter_labels

MAX_TERMS = 3
"""Most features a rule restricts (a rule is read by people)."""
MIN_COVERAGE = 0.5
"""Least share of the misses a rule should cover."""
PEEL_ALPHA = 0.1
"""Share of the cases PRIM peels at each step (its default, 0.05, takes many steps on few cases)."""


def discover(cases: pd.DataFrame, features: pd.DataFrame, target: float) -> dict[str, Any]:
    """A short rule for where the package misses the target.

    Args:
        cases: one row per future and seed: ``future``, ``seed``, ``miss`` (bool).
        features: the futures' features (index: future name).
        target: the target difficulty share, for the wording.

    Returns:
        ``status`` (``"rule"``, ``"no misses"``, ``"all miss"``, ``"no features"``), ``text`` (one
        line), ``cases``, ``misses``, ``base_rate``, and for a rule ``terms`` (feature, low, high,
        on/off), ``coverage``, ``density`` and ``cases_in_box``.
    """
    misses = int(cases["miss"].sum())
    result: dict[str, Any] = {"cases": len(cases), "misses": misses, "base_rate": misses / max(len(cases), 1)}
    where = f"{len(cases)} futures and fresh seeds"
    if misses == 0:
        return result | {"status": "no misses", "text": f"the package meets the target {target:.1%} in all {where}"}
    if misses == len(cases):
        return result | {"status": "all miss", "text": f"the package misses the target {target:.1%} in all {where}"}
    x = features.loc[cases["future"]].reset_index(drop=True)
    x = x.loc[:, x.nunique() > 1]
    if x.empty:
        text = f"the package misses in {misses} of {where}, but the futures do not differ in any feature"
        return result | {"status": "no features", "text": text}
    on_off = [c for c in x.columns if x[c].dtype == bool]
    box = _box(x.astype(float), cases["miss"].to_numpy(dtype=float))
    terms = _terms(box["limits"], x.astype(float), on_off)
    statement = " and ".join(_wording(term) for term in terms) or "in every future"
    text = (f"misses the target when {statement} (coverage {box['coverage']:.0%}: {box['in_box_misses']} of the "
            f"{misses} misses; density {box['density']:.0%} of the {box['in_box']} cases in the box miss, "
            f"against {result['base_rate']:.0%} overall)")  # fmt: skip
    return result | {
        "status": "rule",
        "text": text,
        "terms": terms,
        "coverage": box["coverage"],
        "density": box["density"],
        "cases_in_box": box["in_box"],
    }


def _box(x: pd.DataFrame, y: np.ndarray) -> dict[str, Any]:
    """PRIM's chosen box (see the module docstring): its limits, coverage, density and counts."""
    finder = prim.Prim(x, y, threshold=0.5, threshold_type=">", peel_alpha=PEEL_ALPHA)
    box = finder.find_box()
    trajectory = box.peeling_trajectory.reset_index(drop=True)
    short = trajectory[trajectory["res dim"] <= MAX_TERMS]
    covering = short[short["coverage"] >= MIN_COVERAGE]
    pool = covering if not covering.empty else short
    chosen = int(pool.sort_values(["density", "coverage"], ascending=False, kind="stable").index[0])
    box.select(chosen)
    row = trajectory.loc[chosen]
    in_box = round(row["mass"] * len(y))
    return {
        "limits": box.limits,
        "coverage": float(row["coverage"]),
        "density": float(row["density"]),
        "in_box": in_box,
        "in_box_misses": round(row["density"] * in_box),
    }


def _terms(limits: pd.DataFrame, x: pd.DataFrame, on_off: list[str]) -> list[dict[str, Any]]:
    """The box's restrictions as terms: a feature with its low and/or high bound (None: unbounded)."""
    terms = []
    for feature, limit in limits.iterrows():
        low = float(limit["min"]) if limit["min"] > x[feature].min() else None
        high = float(limit["max"]) if limit["max"] < x[feature].max() else None
        if low is None and high is None:
            continue
        term: dict[str, Any] = {"feature": str(feature), "low": low, "high": high}
        if feature in on_off:
            term["on"] = low is not None
        terms.append(term)
    return terms


def _wording(term: dict[str, Any]) -> str:
    """A term in words for the command line: ``"growth of AI labour demand >= 0.0742"``,
    ``"the macro shock driver is on"`` (the report words units too)."""
    name, low, high = term["feature"], term["low"], term["high"]
    head, _, last = name.rpartition(".")
    if "on" in term:
        driver = head.removeprefix("drivers.")
        subject = f"the {lowered(words(driver))} driver" if last == "enabled" else lowered(words(last))
        return f"{subject} is {'on' if term['on'] else 'off'}"
    label = lowered(parameter_labels().get(name, words(last)))
    if low is not None and high is not None:
        return f"{low:.3g} <= {label} <= {high:.3g}"
    return f"{label} >= {low:.3g}" if low is not None else f"{label} <= {high:.3g}"

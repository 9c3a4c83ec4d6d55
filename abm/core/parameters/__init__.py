"""Model parameters: every number the model uses, with its unit, source and role.

Each field carries, besides its default and allowed range, four facts in its
metadata (read by :func:`parameter_table`, the CLI and reports):

- ``label``: its name in words, for readers (``"Share of large firms"``);
- ``unit``: what the number is measured in;
- ``source``: a key of ``abm/data/sources.toml`` (``"assumption"`` where no figure exists);
- ``role``: ``"fixed"`` (pinned by a sourced figure), ``"definition"`` (enters a survey
  definition, never fitted), ``"assumption"`` (no figure exists: documented, varied in the
  sensitivity analysis) or ``"free"`` (behavioural, fitted by calibration within its bounds).

Parameters at scale 1.0 describe Hong Kong's AI talent market; counts of firms and
people are multiplied by the run's ``scale``.
"""

from __future__ import annotations

from typing import Any

from abm.core.parameters.base import SPECIALISATIONS, Group, Role, field_label, quantity
from abm.core.parameters.demand import Demand
from abm.core.parameters.fiscal import Fiscal
from abm.core.parameters.flows import Flows, Search
from abm.core.parameters.market import Market, Wages
from abm.core.parameters.survey import Survey
from abm.core.parameters.universities import Universities

__all__ = [
    "GROUP_TITLES",
    "SPECIALISATIONS",
    "Demand",
    "Fiscal",
    "Flows",
    "Group",
    "Market",
    "Parameters",
    "Role",
    "Search",
    "Survey",
    "Universities",
    "Wages",
    "field_label",
    "parameter_table",
    "quantity",
]  # fmt: skip


class Parameters(Group):
    """All model parameters, grouped as the tables of a scenario file."""

    market: Market = Market()
    wages: Wages = Wages()
    flows: Flows = Flows()
    search: Search = Search()
    demand: Demand = Demand()
    survey: Survey = Survey()
    universities: Universities = Universities()
    fiscal: Fiscal = Fiscal()


GROUP_TITLES = {
    "market": "Firms and workers at the start",
    "wages": "Wages",
    "flows": "Flows of workers",
    "search": "Job search",
    "demand": "Firms' demand",
    "survey": "Survey definitions",
    "universities": "Universities",
    "fiscal": "Public finances",
}
"""Each group of parameters (a table of a scenario file) in words."""


def parameter_table(parameters: Parameters) -> list[dict[str, Any]]:
    """One row per parameter: ``name`` (``group.field``), ``label`` and ``group`` (in words), value, unit,
    source, role, doc."""
    rows = []
    for group_name in Parameters.model_fields:
        group = getattr(parameters, group_name)
        for name, field in type(group).model_fields.items():
            extra = field.json_schema_extra or {}
            rows.append(
                {
                    "name": f"{group_name}.{name}",
                    "label": field_label(name, field),
                    "group": GROUP_TITLES[group_name],
                    "value": getattr(group, name),
                    "unit": extra.get("unit", ""),
                    "source": extra.get("source", ""),
                    "role": extra.get("role", ""),
                    "doc": field.description or "",
                }
            )
    return rows

"""Documented parameter fields: the ``quantity`` helper and the ``Group`` base model."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from abm.core.state import Specialisation

Role = Literal["fixed", "definition", "assumption", "free"]
SPECIALISATIONS = tuple(member.name.lower() for member in Specialisation)
"""AI specialisations of workers and vacancies, in the order of their integer codes."""


def quantity(default: Any, *, unit: str, source: str, role: Role, doc: str, **bounds: Any) -> Any:
    """A documented parameter field: default, unit, source key, role and bounds."""
    return Field(
        default,
        description=doc,
        json_schema_extra={"unit": unit, "source": source, "role": role},
        **bounds,
    )


class Group(BaseModel):
    """A table of a scenario file: unknown keys are errors, ``inf`` and ``nan`` are refused, and
    values are stored unchanged. Every numeric field has finite bounds the model is known to run
    within (``tests/test_schema_bounds.py`` runs the model at each of them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)

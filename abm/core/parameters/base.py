"""Documented parameter fields: the ``quantity`` helper and the ``Group`` base model."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from abm.core.columns import words
from abm.core.state import Specialisation

Role = Literal["fixed", "definition", "assumption", "free"]
SPECIALISATIONS = tuple(member.name.lower() for member in Specialisation)
"""AI specialisations of workers and vacancies, in the order of their integer codes."""


def quantity(default: Any, *, unit: str, source: str, role: Role, doc: str, label: str = "", **bounds: Any) -> Any:
    """A documented parameter field: default, unit, source key, role, bounds and a label in words.

    Args:
        default: the value at scale 1 (counts are multiplied by a run's scale).
        unit: what the number is measured in (``"people/year"``, ``"share"``, ``"HK$/month"``).
        source: a key of ``abm/data/sources.toml``, or ``"assumption"``.
        role: ``"fixed"``, ``"definition"``, ``"assumption"`` or ``"free"`` (see :mod:`abm.core.parameters`).
        doc: one or two sentences: what the number is and where it comes from.
        label: its name in words for readers (``"Share of large firms"``); empty: the field's name in words.
        **bounds: pydantic's bounds (``ge``, ``le``, ``gt``, ``lt``).
    """
    extra = {"unit": unit, "source": source, "role": role} | ({"label": label} if label else {})
    return Field(default, description=doc, json_schema_extra=extra, **bounds)


def field_label(name: str, field: FieldInfo) -> str:
    """A parameter field's label in words: its ``label``, else its name in words."""
    return (field.json_schema_extra or {}).get("label") or words(name)


class Group(BaseModel):
    """A table of a scenario file: unknown keys are errors, ``inf`` and ``nan`` are refused, and
    values are stored unchanged. Every numeric field has finite bounds the model is known to run
    within (``tests/test_schema_bounds.py`` runs the model at each of them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)

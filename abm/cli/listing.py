"""Text listings of the policies and the model's parameters (``talentgap policies``, ``talentgap parameters``).

Values are written as a scenario file takes them (TOML: ``90_000``, ``0.6667``, ``"undergraduate"``),
rounded to four significant figures; units and roles in words.
"""

from __future__ import annotations

import math
import typing
from typing import Any

from abm.core.columns import unit_words
from policies.base import parameter_rows

ROLES = {"fixed": "sourced", "definition": "definition", "free": "calibrated", "assumption": "assumption"}
"""Each parameter role in words."""

ENTRY_KEYS = (
    ("name", '"talent_admission"', "which policy (required)"),
    ("id", '"talent_admission_expansion"', "a second instance's own name (default: the name)"),
    ("start", '"2025-01"', 'first month it acts, a month in quotes (default "2023-01")'),
    ("end", '"2029-12"', "last month it takes new uptake, in quotes (default: none)"),
    ("enabled", "false", "switches an instrument of the status quo off (default: true)"),
)
"""The keys every ``[[policies]]`` entry takes besides its policy's parameters, with an example and meaning."""


def toml_value(value: Any) -> str:
    """A value as a scenario file writes it, short: ``90000.0`` -> ``90_000``, ``2/3`` -> ``0.6667``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):_}"
        if value == 0 or not math.isfinite(value):
            return str(value)
        digits = max(0, 3 - math.floor(math.log10(abs(value))))
        return f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return str(value)


def choices(annotation: Any) -> str:
    """``one of "a", "b"`` for a field that takes a fixed set of words, else ``""``."""
    if typing.get_origin(annotation) is typing.Literal:
        return "one of " + ", ".join(f'"{option}"' for option in typing.get_args(annotation))
    return ""


def parameter_line(name: str, value: Any, unit: str, label: str, role: str, source: str, width: int = 36) -> str:
    """One parameter: ``name = value``, its unit in words, its label, role and source."""
    where = f"{ROLES.get(role, role)}: {source}" if source and source != "assumption" else ROLES.get(role, role)
    setting = f"{name} = {toml_value(value)}"
    unit_text = unit_words(unit) or "choice"
    return f"    {setting:<{width}}  {unit_text:<30} {label} ({where})"


def policy_lines(policy_class: type, in_status_quo: bool, detailed: bool) -> list[str]:
    """A policy's block: title, name, summary, then each parameter (with its description if ``detailed``)."""
    flag = "; in the status quo" if in_status_quo else ""
    lines = [f'{policy_class.title} (name = "{policy_class.name}"{flag})', f"  {policy_class.summary}"]
    fields = policy_class.Params.model_fields
    width = max((len(f"{r['name']} = {toml_value(r['default'])}") for r in parameter_rows(policy_class)), default=0)
    for row in parameter_rows(policy_class):
        label = row["label"]
        options = choices(fields[row["name"]].annotation)
        label += f"; {options}" if options else ""
        lines.append(parameter_line(row["name"], row["default"], row["unit"], label, row["role"], row["source"], width))
        if detailed:
            lines.append(f"        {row['doc']}")
    return lines


def matches(row: dict[str, Any], text: str | None, role: str | None) -> bool:
    """Whether a parameter row's name, label or group holds ``text`` (any case) and it has ``role``."""
    if role is not None and row.get("role") != role:
        return False
    if not text:
        return True
    haystack = " ".join(str(row.get(key, "")) for key in ("name", "label", "group")).lower()
    return text.lower() in haystack

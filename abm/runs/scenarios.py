"""Scenarios as users write them: the default scenario, scenario files, policy validation.

The default scenario is the schema's defaults (:mod:`abm.core.scenario`) with the status-quo
instruments (:mod:`policies.status_quo`) and the committed calibration
(:mod:`abm.runs.committed`). A scenario file states only what differs from it: its tables are
merged key by key onto the default, and its ``[[policies]]`` entries are merged by ``name`` onto
the status-quo instruments (an entry for an instrument already in the status quo changes it; a
new name adds an instrument; ``enabled = false`` switches one off; a second instance of an
instrument needs its own ``id``). Every policy entry is checked against the policy registry.

Errors name the file, the field and what is allowed (:class:`abm.core.errors.InputError`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from abm.core.errors import InputError, field_message, read_toml
from abm.core.scenario import Scenario, merge_tables
from abm.runs.committed import calibrated_parameters
from policies.registry import get, validate_spec
from policies.status_quo import status_quo_policies


def default_table() -> dict[str, Any]:
    """The default scenario as a plain table: schema defaults, status quo, calibration."""
    table: dict[str, Any] = {"policies": status_quo_policies()}
    return merge_tables(table, calibrated_parameters())


def default_scenario() -> Scenario:
    """The status-quo baseline (``experiments/scenarios/baseline.toml`` names it)."""
    return build_scenario({}, source="the default scenario")


def build_scenario(table: dict[str, Any], source: str = "<table>") -> Scenario:
    """Validate ``table`` merged onto the default scenario, policies included; errors name ``source``."""
    try:
        scenario = Scenario.model_validate(merge_tables(default_table(), table))
    except ValidationError as error:
        raise InputError(describe_validation_error(error, source, table)) from None
    for spec in scenario.policies:
        try:
            validate_spec(spec)
        except ValueError as error:
            raise InputError(f"{source}: {error}") from None
    return scenario


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Read a scenario file (or the default scenario when ``path`` is None)."""
    if path is None:
        return default_scenario()
    path = Path(path)
    table = read_toml(path, "scenario file")
    table.setdefault("name", path.stem)
    return build_scenario(table, source=str(path))


def dotted_value(scenario: Scenario, name: str) -> Any:
    """The value of a dotted parameter name in a scenario (see :func:`abm.core.scenario.table_from_dotted`);
    a policy parameter the scenario does not set has its policy's default."""
    parts = name.split(".")
    if parts[0] == "policies":
        spec = next((s for s in scenario.policies if s.key == parts[1]), None)
        policy_name = parts[1] if spec is None else spec.name
        default = get(policy_name).Params.model_fields[parts[2]].default
        return default if spec is None else spec.params.get(parts[2], default)
    node: Any = scenario
    for part in parts:
        node = getattr(node, part)
    return node


def describe_validation_error(error: ValidationError, source: str, table: dict[str, Any]) -> str:
    """One line: the file, the first bad field (dotted, with policy names) and what is allowed."""
    first = error.errors()[0]
    location = _readable_location(first["loc"], table)
    message = field_message(first, Scenario)
    if location:
        return f"{source}: field '{location}': {message}"
    return f"{source}: {message}"


def _readable_location(loc: tuple[Any, ...], table: dict[str, Any]) -> str:
    parts: list[str] = []
    merged_policies = merge_tables(default_table(), table).get("policies", [])
    for i, part in enumerate(loc):
        if isinstance(part, int) and i > 0 and loc[i - 1] == "policies":
            name = merged_policies[part].get("name") if part < len(merged_policies) else None
            parts[-1] = f"policies[{name or part}]"
        else:
            parts.append(str(part))
    return ".".join(parts)

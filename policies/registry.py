"""The policy registry: names -> classes, built-ins plus entry-point plugins.

Outside packages add policies through the entry-point group ``talentgap.policies`` in
their own pyproject.toml, each entry pointing at a :class:`policies.base.Policy`
subclass::

    [project.entry-points."talentgap.policies"]
    my_policy = "my_package.module:MyPolicy"

Plugins can be blocked by name with the environment variable
``TALENTGAP_BLOCK_POLICIES`` (comma-separated), as pytest blocks plugins with ``-p no:``.
"""

from __future__ import annotations

import difflib
import os
from functools import cache
from importlib.metadata import entry_points

from pydantic import ValidationError

from policies.ai_rnd_institute import AIRnDInstitute
from policies.base import Policy
from policies.compute_subsidy import ComputeSubsidy
from policies.internship import Internship
from policies.research_talent_subsidy import ResearchTalentSubsidy
from policies.reskilling_subsidy import ReskillingSubsidy
from policies.retention_incentive import RetentionIncentive
from policies.talent_admission import TalentAdmission
from policies.university_places import UniversityPlaces

ENTRY_POINT_GROUP = "talentgap.policies"
BUILT_INS: tuple[type[Policy], ...] = (
    TalentAdmission, UniversityPlaces, ReskillingSubsidy, ResearchTalentSubsidy,
    Internship, RetentionIncentive, AIRnDInstitute, ComputeSubsidy,
)  # fmt: skip


@cache
def _plugins() -> dict[str, type[Policy]]:
    found = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        policy_class = entry.load()
        if not (isinstance(policy_class, type) and issubclass(policy_class, Policy)):
            raise TypeError(f"entry point {entry.name!r} in {ENTRY_POINT_GROUP} is not a Policy subclass")
        if policy_class.name != entry.name:
            raise TypeError(f"entry point {entry.name!r} loads a policy named {policy_class.name!r}")
        found[entry.name] = policy_class
    return found


def registered() -> dict[str, type[Policy]]:
    """Every installed policy by name: built-ins, then plugins not blocked."""
    blocked = {n.strip() for n in os.environ.get("TALENTGAP_BLOCK_POLICIES", "").split(",") if n.strip()}
    policies = {cls.name: cls for cls in BUILT_INS}
    for name, policy_class in _plugins().items():
        if name in policies:
            raise TypeError(f"plugin policy {name!r} clashes with a built-in policy")
        if name not in blocked:
            policies[name] = policy_class
    return policies


def get(name: str) -> type[Policy]:
    """The policy class called ``name``; unknown names raise ValueError with suggestions."""
    policies = registered()
    if name not in policies:
        close = difflib.get_close_matches(name, policies, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"unknown policy {name!r}{hint} Installed: {', '.join(sorted(policies))}")
    return policies[name]


def validate_spec(spec) -> Policy:
    """Build the policy of a ``[[policies]]`` entry, or raise ValueError naming policy and field."""
    policy_class = get(spec.name)
    try:
        return policy_class.from_spec(spec)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(["start", "end", "enabled", *policy_class.Params.model_fields])
            raise ValueError(f"policy {spec.name!r}: unknown parameter {field!r}; allowed: {allowed}") from None
        got = f" (got {first['input']!r})" if "input" in first else ""
        raise ValueError(f"policy {spec.name!r}: parameter {field!r}: {first['msg']}{got}") from None


def build_policies(specs) -> list[Policy]:
    """The enabled policies of a scenario, in file order."""
    return [validate_spec(spec) for spec in specs if spec.enabled]

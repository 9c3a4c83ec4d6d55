"""talentgap: an agent-based model of Hong Kong's AI talent market.

The public API: :class:`TalentModel` (the Mesa model), :func:`load_scenario` and
:func:`default_scenario` (scenario files), :class:`RunSpec` and :func:`run` (one run as
a time series).
"""

from abm.model import TalentModel
from abm.scenario import Scenario, default_scenario, load_scenario
from abm.simulation import RunSpec, run

__all__ = ["RunSpec", "Scenario", "TalentModel", "default_scenario", "load_scenario", "run"]

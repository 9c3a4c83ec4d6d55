"""The run layer: what assembles and records a run of the model.

- :mod:`~abm.runs.scenarios`: the default scenario (the status quo and the committed
  calibration), scenario files, policy validation;
- :mod:`~abm.runs.committed`: the committed calibration and near-optimal sets (read-only);
- :mod:`~abm.runs.simulation`: :func:`build_model` and the pure run function ``run(RunSpec)``;
- :mod:`~abm.runs.output`, :mod:`~abm.runs.provenance`: results folders, manifests, provenance;
- :mod:`~abm.runs.folders`: who may write a results folder (checks made before writing, the lock);
- :mod:`~abm.runs.single`: one scenario and seed into a results folder (``talentgap run``);
- :mod:`~abm.runs.forking`, :mod:`~abm.runs.checkpoints`: shared burn-ins (arms carried on from a
  copy of their trunk, in memory or from a checkpoint saved in a results folder's cache);
- :mod:`~abm.runs.processes`: process pools whose workers die with their parent;
- :mod:`~abm.runs.allocator`: the process keeps freed memory for the next month (speed, not results).

It sits between the policies (below) and the experiments, calibration and front-ends (above).
"""

from abm.runs.scenarios import build_scenario, default_scenario, load_scenario
from abm.runs.simulation import RunSpec, build_model, run

__all__ = ["RunSpec", "build_model", "build_scenario", "default_scenario", "load_scenario", "run"]

"""Calibration of the status-quo baseline to the HKPC survey (docs/architecture.md, "Calibration").

- :mod:`~abm.calibration.targets`: the targets (``abm/data/targets.toml``), hard and soft;
- :mod:`~abm.calibration.space`: the free parameters and their bounds (``abm/data/calibration_space.toml``);
- :mod:`~abm.calibration.evaluate`: simulating an ensemble to the survey month, and the loss;
- :mod:`~abm.calibration.study`: the optuna study (resumable, parallel processes) and the
  calibrated parameter file (in ``results/calibration/`` by default);
- :mod:`~abm.calibration.install`: installing a calibration as the default scenario's (the one
  step that writes ``abm/data/``);
- :mod:`~abm.calibration.uncertainty`: the spread on fresh seeds and the near-optimal set.

Seeds: calibration evaluates seeds from :data:`CALIBRATION_SEED_BASE` up; the tests and the
uncertainty analysis use seeds below it, which calibration never sees.
"""

CALIBRATION_SEED_BASE = 10_000
"""Calibration uses seeds 10000, 10001, ...; validation uses 0-9999."""

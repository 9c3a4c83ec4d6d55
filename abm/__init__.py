"""talentgap: an agent-based model of Hong Kong's AI talent market.

The package is layered; each layer imports only the layers below it (an import-linter contract
in ``pyproject.toml`` holds this):

1. front-ends: :mod:`abm.cli` (the ``talentgap`` command), :mod:`abm.app` (the browser app),
   and the reports (:mod:`experiments.report`);
2. :mod:`abm.calibration` and the experiments (:mod:`experiments`);
3. the run layer, :mod:`abm.runs`: the default scenario, scenario files, one run, outputs;
4. the policies, :mod:`policies`;
5. the model core, :mod:`abm.core`: :class:`~abm.core.model.TalentModel`, its state, kernels,
   parameters and the scenario schema.

Start with :func:`abm.runs.build_model` (a model of the calibrated status quo, or of a scenario
file read with :func:`abm.runs.load_scenario`) or :func:`abm.runs.run` (one run as a table).
"""

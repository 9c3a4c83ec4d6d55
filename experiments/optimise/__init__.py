"""``talentgap optimise``: the cheapest package of instruments that closes the talent gap by a date,
within an annual budget, robust across futures.

- :mod:`~experiments.optimise.settings`: what is asked (target, date, budget, cost view, ...);
- :mod:`~experiments.optimise.space`: the decision variables, from the policies' declared levers;
- :mod:`~experiments.optimise.evaluate`: run summaries, pairing with the status quo, the metrics;
- :mod:`~experiments.optimise.study`: the optuna study (multi-objective TPE, resumable);
- :mod:`~experiments.optimise.outputs`: trials, Pareto front, figure, the recommended scenario;
- :mod:`~experiments.optimise.check`: the recommended package on fresh seeds, with intervals;
- :mod:`~experiments.optimise.discovery`: where it fails (PRIM);
- :mod:`~experiments.optimise.run`: all of it, resumable (:func:`~experiments.optimise.run.optimise`);
- :mod:`~experiments.optimise.result`: the folder's layout and :func:`load_result` (pandas only).

docs/optimise.md explains the objectives, the cost views and the futures.
"""

from experiments.optimise.result import OptimisationResult, load_result

__all__ = ["OptimisationResult", "load_result"]

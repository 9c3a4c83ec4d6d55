"""The model core: Hong Kong's AI talent market, one step per month.

:class:`~abm.core.model.TalentModel` (the monthly step, :meth:`~abm.core.model.TalentModel.step`),
its struct-of-arrays state (:mod:`~abm.core.state`), agents as views (:mod:`~abm.core.agents`),
the numba kernels (:mod:`~abm.core.kernels`, the matching kernel in
:mod:`~abm.core.kernels.matching`), the survey definitions and output columns
(:mod:`~abm.core.metrics`), parameters with units and sources (:mod:`~abm.core.parameters`),
drivers, universities, random streams, the calendar and the scenario schema. The core imports
nothing from the policies, the run layer or anything above them: it is handed its policies.
"""

"""Numba kernels: the per-worker, per-vacancy and per-firm loops of the monthly step.

Each module holds one ``@njit(cache=True)`` private kernel (``_name``) over arrays and
scalars, writing into preallocated outputs, and one public adapter that validates and
prepares its inputs. Kernels take pre-drawn random numbers, or (the matching) the month's
NumPy generator, whose uniforms they compute where they are used (:mod:`~abm.core.kernels.pcg64`);
never a global random state. :mod:`abm.core.kernels.reference` holds a plain-Python twin of every
kernel, the oracle the tests compare against.

- :mod:`~abm.core.kernels.matching`: applications -> offers -> acceptances (the heart);
- :mod:`~abm.core.kernels.firm_demand`: demand shocks, target headcount, vacancies to post or cut;
- :mod:`~abm.core.kernels.vacancy_aging`: wage offers rising with age, withdrawals, difficulty marks;
- :mod:`~abm.core.kernels.worker_flows`: separations, emigration, retirement, visa expiries;
- :mod:`~abm.core.kernels.learning`: on-the-job learning, wages, reservation wages;
- :mod:`~abm.core.kernels.survey`: each firm's answers to the survey questions;
- :mod:`~abm.core.kernels.pcg64`: NumPy's PCG64 generator, for uniforms computed inside a kernel.
"""

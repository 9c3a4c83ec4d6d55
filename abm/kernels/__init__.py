"""Numba kernels: the per-worker, per-vacancy and per-firm loops of the monthly step.

Each module holds one ``@njit(cache=True)`` private kernel (``_name``) over arrays and
scalars, writing into preallocated outputs, and one public adapter that validates and
prepares its inputs. Kernels take pre-drawn random numbers, never a global random
state. :mod:`abm.kernels.reference` holds a plain-Python twin of every kernel, the
oracle the tests compare against.

- :mod:`~abm.kernels.matching`: applications -> offers -> acceptances (the heart);
- :mod:`~abm.kernels.firm_demand`: demand shocks, target headcount, vacancies to post or cut;
- :mod:`~abm.kernels.vacancy_aging`: wage offers rising with age, withdrawals, difficulty marks;
- :mod:`~abm.kernels.worker_flows`: separations, emigration, retirement, visa expiries;
- :mod:`~abm.kernels.learning`: on-the-job learning, wages, reservation wages;
- :mod:`~abm.kernels.survey`: each firm's answers to the survey questions.
"""

"""Benchmark: the matching kernel's steps on one real month, the place a month's time goes.

Run on demand: ``.venv/bin/python benchmarks/matching_steps.py [--scale 1] [--month 2030-01]``.
Runs the calibrated status quo to ``--month``, captures the inputs of the next month's matching,
then times each step of :mod:`abm.core.kernels.matching` on them (median of 200 calls, warm JIT
cache): applications (``_apply``), grouping by vacancy (``_group``), the offer rounds, and the
whole ``match`` with its array preparation. ``NUMBA_NUM_THREADS=1`` times it as a sweep worker
runs it.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numba

from abm.core import model as model_module
from abm.core.calendar import parse_month
from abm.core.kernels import matching
from abm.runs import build_model, default_scenario

CALLS = 200
STEPS = ("_apply", "_group", "_offer_rounds", "match")
"""The kernel's steps, then the whole of it."""


def captured(scale: float, month: str) -> dict[str, tuple]:
    """The arguments of the first call of each of :data:`STEPS` in the month after ``month``, from one
    run (``match`` is called from the model's module, the steps from the kernel's)."""
    model = build_model(default_scenario(), seed=0, scale=scale)
    model.run_to(parse_month(month))
    owners = {step: model_module if step == "match" else matching for step in STEPS}
    kernels = {step: getattr(owner, step) for step, owner in owners.items()}
    calls: dict[str, tuple] = {}

    def spy(step):
        def call(*args, **kwargs):
            calls.setdefault(step, ([a.copy() if hasattr(a, "copy") else a for a in args], kwargs))  # before writes
            return kernels[step](*args, **kwargs)

        return call

    for step, owner in owners.items():
        setattr(owner, step, spy(step))
    try:
        model.step()
    finally:
        for step, owner in owners.items():
            setattr(owner, step, kernels[step])
    return calls


def median_ms(step: str, args: tuple, kwargs: dict) -> float:
    """Median milliseconds of ``CALLS`` calls of ``matching.<step>`` on fresh copies of its arguments."""
    kernel, times = getattr(matching, step), []
    for _ in range(CALLS + 3):
        fresh = [a.copy() if hasattr(a, "copy") else a for a in args]
        started = time.perf_counter()
        kernel(*fresh, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times[3:]) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--month", default="2030-01", help="Run to this month, time the next month's matching.")
    args = parser.parse_args()
    print(f"scale {args.scale:g}, matching of the month after {args.month}, {numba.get_num_threads()} numba threads:")
    calls = captured(args.scale, args.month)
    for step in STEPS:
        print(f"  {step:14s} {median_ms(step, *calls[step]):7.2f} ms")
    arguments = calls["match"][0]
    seekers, vacancies = len(arguments[0]), len(arguments[4])  # the seekers', the vacancies' specialisations
    print(f"  ({seekers:,} seekers, {vacancies:,} open vacancies)")


if __name__ == "__main__":
    main()

"""Benchmark: the matching kernel against its plain-Python reference on the same inputs.

Run on demand: ``.venv/bin/python benchmarks/matching_vs_reference.py [--seekers 1000000]``. The
kernel computes its uniforms from the stream it is given; the reference takes them drawn as arrays.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time

import numpy as np

from abm.core.kernels import reference
from abm.core.kernels.matching import draw_weights, match

KERNEL_CALLS = 5
"""The kernel's time is the median of this many calls (one call's time varies by a third)."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seekers", type=int, default=1_000_000)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--viewed", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    n, v = args.seekers, args.vacancies
    firms = max(1, v // 10)
    inputs = dict(
        seeker_specialisation=rng.integers(0, 4, n), seeker_skill=rng.random(n),
        seeker_reservation=rng.uniform(15000, 45000, n), seeker_employer=rng.integers(-1, firms, n),
        vacancy_specialisation=rng.integers(0, 4, v), vacancy_required_skill=rng.random(v),
        vacancy_wage=rng.uniform(18000, 60000, v), vacancy_firm=rng.integers(0, firms, v),
        vacancy_first_round=rng.integers(0, 4, v),
    )  # fmt: skip
    inputs["vacancy_weight"] = draw_weights(inputs["vacancy_wage"], 2.0)
    knobs = dict(n_specialisations=4, own_share=0.75, skill_slack=0.1, cross_penalty=0.25,
                 max_applications=3, n_rounds=4, pass_rate=0.3)  # fmt: skip
    stream = np.random.default_rng(1)
    match(**inputs, draws=copy.deepcopy(stream), n_viewed=args.viewed, **knobs)  # compile / load the cache
    times = []
    for _ in range(KERNEL_CALLS):
        draws = copy.deepcopy(stream)
        started = time.perf_counter()
        fast = match(**inputs, draws=draws, n_viewed=args.viewed, **knobs)
        times.append(time.perf_counter() - started)
    kernel = statistics.median(times)
    views, screen = stream.random((n, args.viewed)), stream.random((n, knobs["max_applications"]))  # the same uniforms
    started = time.perf_counter()
    slow = reference.match(**inputs, u=views, screen=screen, **knobs)
    python = time.perf_counter() - started
    assert all(np.array_equal(a, b) for a, b in zip(fast, slow)), "kernel and reference disagree"
    print(f"{n:,} seekers x {v:,} vacancies, {args.viewed} views each ({int(fast[0].__ge__(0).sum()):,} matches):")
    print(
        f"  numba kernel {1000 * kernel:.0f} ms (median of {KERNEL_CALLS}), Python reference {python:.1f} s: "
        f"{python / kernel:.0f}x faster"
    )


if __name__ == "__main__":
    main()

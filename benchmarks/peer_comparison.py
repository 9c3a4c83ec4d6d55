"""Benchmark: talentgap against a plain-Mesa peer of the same labour market.

Run on demand: ``.venv/bin/python benchmarks/peer_comparison.py [--scales 1 29] [--months 12]
[--peer-months 12 3] [--peer-warmup N]``.

For each scale, builds talentgap and runs its burn-in to the first recorded month, then builds
the peer (``benchmarks/plain_mesa_market.py``) at the same scale and runs it over the same
calendar months: by default all of talentgap's (its 60-month burn-in from 2018-01, so both
markets have the same history and, up to random draws, the same firms and workers); with
``--peer-warmup N`` only the last N, the peer starting later with the starting firms only, a
shortcut for large scales. Then it times single months alternately (talentgap, peer, talentgap,
...) and prints a markdown table of median milliseconds per month, with the resident memory each
model added while it was built and warmed up, and the process's peak.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from plain_mesa_market import STATUS_QUO_START, build_peer

from abm.core.state import Status
from abm.runs import build_model


def talentgap_in_market(model) -> int:
    """Workers talentgap has not marked departed (it keeps departed workers' rows)."""
    return int((model.workers.status != Status.DEPARTED).sum())


def rss_mib() -> float:
    """Current resident memory of this process (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compare(scale: float, months: int, peer_months: int, peer_warmup: int | None, seed: int) -> dict:
    before = rss_mib()
    started = time.perf_counter()
    talentgap = build_model(seed=seed, scale=scale)
    rows_at_build = len(talentgap.workers)
    calendar = talentgap.settings.calendar
    if calendar.first_simulated != STATUS_QUO_START:
        print(f"note: talentgap starts in month {calendar.first_simulated}, the peer's default {STATUS_QUO_START}")
    talentgap.run_to(calendar.first_month_recorded)
    talentgap_setup = time.perf_counter() - started
    talentgap_mib = rss_mib() - before
    in_market, firms = talentgap_in_market(talentgap), int(talentgap.firms.active.sum())

    before = rss_mib()
    started = time.perf_counter()
    warmup = talentgap.month - calendar.first_simulated if peer_warmup is None else peer_warmup
    peer = build_peer(scale, seed, start_month=talentgap.month - warmup)
    for _ in range(warmup):
        peer.step()
    peer_setup = time.perf_counter() - started
    peer_mib = rss_mib() - before
    assert peer.month == talentgap.month, "the peer should simulate the same calendar months"
    peer_in_market, peer_firms = len(peer.workers), len(peer.firms)

    talentgap_times, peer_times = [], []
    for month in range(max(months, peer_months)):
        if month < months:
            started = time.perf_counter()
            talentgap.step()
            talentgap_times.append(time.perf_counter() - started)
        if month < peer_months:
            started = time.perf_counter()
            peer.step()
            peer_times.append(time.perf_counter() - started)
    record = talentgap.records[-1]
    collected = peer.datacollector.get_model_vars_dataframe().iloc[-1]
    keys = ("employed", "unemployed", "vacancies", "hires", "job_to_job", "difficulty_share")
    return {
        "scale": scale, "rows_at_build": rows_at_build, "in_market": in_market, "firms": firms,
        "peer_in_market": peer_in_market, "peer_firms": peer_firms, "warmup": warmup,
        "talentgap_ms": 1000 * statistics.median(talentgap_times), "peer_ms": 1000 * statistics.median(peer_times),
        "talentgap_max_ms": 1000 * max(talentgap_times), "peer_max_ms": 1000 * max(peer_times),
        "months": months, "peer_months": peer_months, "talentgap_mib": talentgap_mib, "peer_mib": peer_mib,
        "talentgap_setup_s": talentgap_setup, "peer_setup_s": peer_setup, "peak_mib": peak_rss_mib(),
        "talentgap_rows_now": len(talentgap.workers), "peer_workers_now": len(peer.workers),
        "state": {"talentgap": [record[key] for key in keys], "peer": [collected[key] for key in keys]},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scales",
        type=float,
        nargs="+",
        default=[1.0, 29.0],
        help="talentgap scales (1: ~35,000 worker rows, 1,000 firms; 29: ~1,000,000 rows, 29,000 firms)",
    )
    parser.add_argument("--months", type=int, default=12, help="talentgap months timed at each scale")
    parser.add_argument(
        "--peer-months",
        type=int,
        nargs="+",
        default=None,
        help="peer months timed: one value, or one per scale (default: --months)",
    )
    parser.add_argument(
        "--peer-warmup",
        type=int,
        default=None,
        help="peer months simulated before timing (default: all of talentgap's, its burn-in included; fewer "
        "start the peer later, with the starting firms only)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    peer_months = args.peer_months or [args.months]
    if len(peer_months) == 1:
        peer_months = peer_months * len(args.scales)
    if len(peer_months) != len(args.scales):
        parser.error("--peer-months takes one value or one per scale")

    build_model(seed=args.seed, scale=0.05).step()  # compile (or load) the numba kernels first
    results = []
    for scale, peer_n in zip(args.scales, peer_months, strict=True):
        result = compare(scale, args.months, peer_n, args.peer_warmup, args.seed)
        results.append(result)
        print(
            f"scale {scale:g}: talentgap built and burnt in in {result['talentgap_setup_s']:.1f} s, peer built and "
            f"warmed up ({result['warmup']} months) in {result['peer_setup_s']:.1f} s; max month "
            f"{result['talentgap_max_ms']:.1f} ms / {result['peer_max_ms']:.0f} ms",
            flush=True,
        )

    print()
    print("| scale | worker rows (talentgap, at build) | workers in market when timing starts (talentgap / peer) "
          "| firms (talentgap / peer) | months timed (talentgap / peer) | plain-Mesa peer, ms/month "
          "| talentgap, ms/month | peer / talentgap | memory added: peer / talentgap | process peak |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['scale']:g} | {r['rows_at_build']:,} | {r['in_market']:,} / {r['peer_in_market']:,} "
            f"| {r['firms']:,} / {r['peer_firms']:,} "
            f"| {r['months']} / {r['peer_months']} | {r['peer_ms']:,.0f} | {r['talentgap_ms']:,.1f} "
            f"| {r['peer_ms'] / r['talentgap_ms']:,.0f}x | {r['peer_mib']:,.0f} / {r['talentgap_mib']:,.0f} MiB "
            f"| {r['peak_mib']:,.0f} MiB |"
        )
    print()
    print("Last timed month (sanity check that both models do comparable work):")
    print("| scale | model | worker rows or agents | employed | unemployed | open vacancies | hires | job-to-job "
          "| difficulty |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for name, count in (("talentgap", r["talentgap_rows_now"]), ("peer", r["peer_workers_now"])):
            employed, unemployed, vacancies, hires, moves, difficulty = r["state"][name]
            print(
                f"| {r['scale']:g} | {name} | {count:,} | {int(employed):,} | {int(unemployed):,} | {int(vacancies):,} "
                f"| {int(hires):,} | {int(moves):,} | {difficulty:.3f} |"
            )


if __name__ == "__main__":
    main()

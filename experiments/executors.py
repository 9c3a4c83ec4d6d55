"""Executors that map the pure run function over runs: serial, local processes, or Dask.

Every executor yields ``(spec, frame, error)`` as runs finish, in whatever order they
finish; the sweep writes each result at once. Results do not depend on the executor: a run
is a pure function of its :class:`~abm.runs.simulation.RunSpec` (DESIGN.md, "Randomness").

Local processes are started with ``spawn`` (no state inherited from the parent; numba's
on-disk cache spares each worker the compile). A Dask scheduler is reached with a connect
timeout (:data:`CONNECT_TIMEOUT_S`); an unreachable one raises InputError before anything
is written.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

import pandas as pd

from abm.core.errors import InputError
from abm.runs.simulation import RunSpec, run

CONNECT_TIMEOUT_S = 10
"""Seconds to wait for a Dask scheduler to answer before giving up."""

Outcome = tuple[RunSpec, pd.DataFrame | None, str | None]
"""A finished run: its spec, its time series (None if it failed) and the error (None if it ran)."""


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class SerialExecutor:
    """Runs one after another in this process."""

    description = "serial"

    def map_unordered(self, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        for spec in specs:
            try:
                yield spec, run(spec), None
            except Exception as error:  # a failed run is recorded, the sweep goes on
                yield spec, None, _describe(error)

    def close(self) -> None:
        """Nothing to release."""


class ProcessExecutor:
    """Runs in ``workers`` local processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"{workers} local processes"
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def map_unordered(self, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        futures = {self._pool.submit(run, spec): spec for spec in specs}
        for future in as_completed(futures):
            spec = futures.pop(future)
            error = future.exception()
            yield spec, None if error else future.result(), _describe(error) if error else None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Runs on the workers of a running Dask distributed scheduler."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        try:
            self._client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(
                f"option --scheduler: could not reach the Dask scheduler at {address} within "
                f"{CONNECT_TIMEOUT_S} s ({type(error).__name__}); is it running and is the address tcp://host:port?"
            ) from None
        workers = len(self._client.scheduler_info().get("workers", {}))
        self.description = f"Dask scheduler {address} ({workers} workers)"

    def map_unordered(self, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        from distributed import as_completed as dask_completed

        specs = list(specs)
        if not specs:
            return
        futures = self._client.map(run, specs, pure=False)
        spec_of = {future.key: spec for future, spec in zip(futures, specs)}
        for future in dask_completed(futures, loop=self._client.loop):
            spec = spec_of[future.key]
            if future.status == "error":
                yield spec, None, _describe(future.exception())
            else:
                yield spec, future.result(), None
            future.release()

    def close(self) -> None:
        self._client.close()


def open_executor(workers: int = 1, scheduler: str | None = None) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    """The executor for ``--workers`` / ``--scheduler``: Dask if a scheduler is given, else processes or serial."""
    if workers < 1:
        raise InputError(f"option --workers: must be at least 1, got {workers}")
    if scheduler is not None:
        return DaskExecutor(scheduler)
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()

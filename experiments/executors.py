"""Executors that map the pure run functions over runs: serial, local processes, or Dask.

Every executor yields ``(spec, frame, error)`` as runs finish, in whatever order they finish;
the sweep writes each result at once. Work is handed out by family: a trunk run and the runs that
share its first months (:mod:`abm.runs.forking`); a run with no trunk is a family of one. Results
do not depend on the executor: a run is a pure function of its
:class:`~abm.runs.simulation.RunSpec` (docs/architecture.md, "Randomness"), and a branch carried
on from its trunk is the same run. Families are drawn from the iterable they are given only as
earlier ones finish (at most :data:`IN_FLIGHT_PER_WORKER` per worker at a time).

Local processes are started with ``spawn`` (no state inherited from the parent; numba's
on-disk cache spares each worker the compile) and die with their parent
(:mod:`abm.runs.processes`). A Dask scheduler is reached with a connect timeout
(:data:`CONNECT_TIMEOUT_S`), over TLS when its address is ``tls://`` (:class:`TLSFiles`); an
unreachable one, or an address that is not one, raises InputError before anything is written.
Dask returns results by unpickling what its workers send: use only a scheduler you trust.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass
from pathlib import Path

from abm.core.errors import InputError
from abm.runs.forking import Family, Outcome, run_family
from abm.runs.processes import process_pool

CONNECT_TIMEOUT_S = 10
"""Seconds to wait for a Dask scheduler to answer before giving up."""
IN_FLIGHT_PER_WORKER = 2
"""Runs handed to each worker at a time: one running, one waiting, while the parent writes."""


@dataclass(frozen=True)
class TLSFiles:
    """The files of a TLS connection to a Dask scheduler (``distributed.security.Security``).

    Attributes:
        ca_file: the certificate authority that signed the scheduler's certificate (PEM).
        cert: this client's certificate (PEM), for a scheduler that checks its clients.
        key: this client's private key (PEM), with ``cert``.
    """

    ca_file: Path
    cert: Path | None = None
    key: Path | None = None


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _outcomes(group: Family, error: BaseException | None, result) -> list[Outcome]:
    """A finished family's outcomes; if its task itself failed (a worker lost), every run failed."""
    if error is None:
        return result()
    runs = ([group.trunk] if group.with_trunk else []) + [spec for spec, _ in group.branches]
    return [(spec, None, _describe(error)) for spec in runs]


class SerialExecutor:
    """Runs one after another in this process."""

    description = "serial"
    shares_files = True
    """Whether the runs see this machine's files (a results folder's checkpoints)."""

    def map_unordered(self, families: Iterable[Family]) -> Iterator[Outcome]:
        for group in families:
            yield from run_family(group)  # a failed run is recorded in its outcome, the sweep goes on

    def close(self) -> None:
        """Nothing to release."""


class ProcessExecutor:
    """Runs in ``workers`` local processes that die with this one."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"{workers} local processes"
        self.shares_files = True
        self._pool = process_pool(workers)

    def map_unordered(self, families: Iterable[Family]) -> Iterator[Outcome]:
        families = iter(families)
        running = {}

        def top_up() -> None:
            for group in itertools.islice(families, IN_FLIGHT_PER_WORKER * self.workers - len(running)):
                running[self._pool.submit(run_family, group)] = group

        top_up()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _outcomes(running.pop(future), future.exception(), future.result)
            top_up()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Runs on the workers of a running Dask distributed scheduler."""

    def __init__(self, address: str, tls: TLSFiles | None = None) -> None:
        from distributed import Client
        from distributed.security import Security

        check_scheduler(address, tls)
        security = None
        if tls is not None:
            security = Security(
                tls_ca_file=str(tls.ca_file), tls_client_cert=tls.cert and str(tls.cert),
                tls_client_key=tls.key and str(tls.key), require_encryption=True,
            )  # fmt: skip
        try:
            self._client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False, security=security)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(
                f"option --scheduler: could not reach the Dask scheduler at {address} within "
                f"{CONNECT_TIMEOUT_S} s ({type(error).__name__}); is it running and is the address tcp://host:port?"
            ) from None
        self.workers = len(self._client.scheduler_info().get("workers", {}))
        self.description = f"Dask scheduler {address} ({self.workers} workers)"
        self.shares_files = False  # its workers may be on other machines

    def map_unordered(self, families: Iterable[Family]) -> Iterator[Outcome]:
        from distributed import as_completed as dask_completed

        families = iter(families)
        group_of: dict[str, Family] = {}

        def submit(group: Family):
            future = self._client.submit(run_family, group, pure=False)
            group_of[future.key] = group
            return future

        first = [submit(group) for group in itertools.islice(families, IN_FLIGHT_PER_WORKER * max(self.workers, 1))]
        if not first:
            return
        finished = dask_completed(first, loop=self._client.loop)
        for future in finished:
            group = group_of.pop(future.key)
            failed = future.exception() if future.status == "error" else None
            yield from _outcomes(group, failed, future.result)
            future.release()
            following = next(families, None)
            if following is not None:
                finished.add(submit(following))

    def close(self) -> None:
        self._client.close()


def check_scheduler(address: str, tls: TLSFiles | None) -> None:
    """Raise InputError unless ``address`` is ``tcp://host:port``, or ``tls://host:port`` with TLS files."""
    scheme, separator, location = address.partition("://")
    host, _, port = location.rpartition(":")
    if not (separator and scheme in ("tcp", "tls") and host and port.isdigit() and 1 <= int(port) <= 65535):
        raise InputError(f"option --scheduler: {address!r} is not a Dask scheduler address: give tcp://host:port, "
                         "or tls://host:port with --tls-ca-file")  # fmt: skip
    if scheme == "tls" and tls is None:
        raise InputError(f"option --scheduler: {address} needs --tls-ca-file (and --tls-cert with --tls-key "
                         "if the scheduler checks its clients)")  # fmt: skip
    if scheme == "tcp" and tls is not None:
        raise InputError(f"option --tls-ca-file: TLS needs a tls://host:port scheduler address, got {address}")


def open_executor(
    workers: int = 1, scheduler: str | None = None, tls: TLSFiles | None = None
) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    """The executor for ``--workers`` / ``--scheduler`` (and its TLS files): Dask if a scheduler is
    given, else processes or serial."""
    if workers < 1:
        raise InputError(f"option --workers: must be at least 1, got {workers}")
    if scheduler is not None:
        return DaskExecutor(scheduler, tls)
    if tls is not None:
        raise InputError("option --tls-ca-file: TLS options need --scheduler tls://host:port")
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()

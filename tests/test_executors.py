"""Executors: runs are drawn lazily, scheduler addresses are checked, and a Dask scheduler is reached over TLS."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import short_scenario

from abm.cli import main
from abm.core.errors import InputError
from abm.runs.forking import family
from abm.runs.simulation import RunSpec
from experiments.executors import IN_FLIGHT_PER_WORKER, DaskExecutor, ProcessExecutor, TLSFiles, check_scheduler

pytestmark = pytest.mark.xdist_group(__name__)

SCALE = 0.05


class Counted:
    """Families of one run of a short scenario, one per seed, counting how many were drawn."""

    def __init__(self, runs: int) -> None:
        self.runs, self.drawn = runs, 0
        self.scenario = short_scenario(calendar={"horizon_month": "2023-12", "burn_in_months": 12})

    def __iter__(self):
        for seed in range(self.runs):
            self.drawn += 1
            yield family(RunSpec(self.scenario, seed=seed, scale=SCALE), [])


def test_a_process_pool_draws_runs_only_as_its_workers_take_them():
    runs = Counted(8)
    executor = ProcessExecutor(2)
    assert executor.shares_files
    try:
        outcomes = executor.map_unordered(runs)
        first, _, error = next(outcomes)
        assert error is None and runs.drawn == IN_FLIGHT_PER_WORKER * 2
        assert sorted([first.seed, *(spec.seed for spec, _, _ in outcomes)]) == list(range(8))
    finally:
        executor.close()
    assert runs.drawn == 8


@pytest.mark.parametrize(
    ("address", "tls", "expected"),
    [
        ("notanaddress", None, "'notanaddress' is not a Dask scheduler address"),
        ("tcp://host", None, "'tcp://host' is not a Dask scheduler address"),
        ("tcp://host:99999", None, "is not a Dask scheduler address"),
        ("udp://host:8786", None, "is not a Dask scheduler address"),
        ("tls://host:8786", None, "tls://host:8786 needs --tls-ca-file"),
        ("tcp://host:8786", TLSFiles(Path("ca.pem")), "TLS needs a tls://host:port scheduler address"),
    ],
)
def test_scheduler_addresses_are_checked_before_connecting(address, tls, expected):
    with pytest.raises(InputError, match=expected):
        check_scheduler(address, tls)
    check_scheduler("tcp://10.0.0.5:8786", None)
    check_scheduler("tls://[::1]:8786", TLSFiles(Path("ca.pem")))


def certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway certificate authority and one certificate for 127.0.0.1 it signed (openssl)."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
            "-subj", "/CN=talentgap test CA")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.csr", "-subj", "/CN=127.0.0.1")
    (folder / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "cert.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "cert.pem", "-days", "1", "-extfile", "san.cnf")  # fmt: skip
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory):
    from distributed import LocalCluster
    from distributed.security import Security

    ca, cert, key = certificates(tmp_path_factory.mktemp("tls"))
    pem = {"tls_ca_file": str(ca), "require_encryption": True}
    for role in ("scheduler", "worker", "client"):
        pem |= {f"tls_{role}_cert": str(cert), f"tls_{role}_key": str(key)}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls://", host="127.0.0.1",
                      security=Security(**pem), dashboard_address=None) as cluster:  # fmt: skip
        yield cluster.scheduler_address, TLSFiles(ca, cert, key)


def test_a_sweep_runs_on_a_dask_scheduler_over_tls(tls_cluster, tmp_path, capsys):
    address, tls = tls_cluster
    assert address.startswith("tls://")
    scenario = tmp_path / "short.toml"
    scenario.write_text("name = 'short'\n[calendar]\nhorizon_month = '2023-12'\nburn_in_months = 12\n")
    experiment = tmp_path / "exp.toml"
    experiment.write_text(f'name = "exp"\nbaseline = "{scenario}"\nseeds = 2\nscale = {SCALE}\n')
    options = ["--tls-ca-file", str(tls.ca_file), "--tls-cert", str(tls.cert), "--tls-key", str(tls.key)]
    out = tmp_path / "out"
    assert main(["sweep", str(experiment), "--out", str(out), "--scheduler", address, *options, "--quiet"]) == 0
    assert "2 run now (Dask scheduler tls://" in capsys.readouterr().out
    assert {r["status"] for r in json.loads((out / "manifest.json").read_text())["runs"]} == {"done"}
    assert main(["sweep", str(experiment), "--out", str(tmp_path / "plain"), "--scheduler", address, "--quiet"]) == 2
    assert "needs --tls-ca-file" in capsys.readouterr().err


def test_a_dask_scheduler_draws_runs_only_as_its_workers_take_them(tls_cluster):
    address, tls = tls_cluster
    runs = Counted(4)
    executor = DaskExecutor(address, tls)
    assert not executor.shares_files  # its workers may be elsewhere: no checkpoints in a local folder
    try:
        outcomes = executor.map_unordered(runs)
        _, _, error = next(outcomes)
        assert error is None and runs.drawn == IN_FLIGHT_PER_WORKER * executor.workers
        assert [error for _, _, error in outcomes] == [None] * 3
    finally:
        executor.close()
    assert runs.drawn == 4

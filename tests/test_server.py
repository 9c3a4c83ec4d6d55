"""Serving the app: Solara's session limits reach the server, and a warning for a non-loopback host."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from abm.app import server


def test_the_server_culls_closed_sessions_after_a_minute_and_caps_live_ones():
    probe = "import solara.server.settings as s; print(s.kernel.cull_timeout, s.kernel.max_count)"
    result = subprocess.run(
        [sys.executable, "-c", probe], env=server.server_environment(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [server.CULL_TIMEOUT, str(server.MAX_SESSIONS)]
    assert server.CULL_TIMEOUT == "60s"  # Solara's own default keeps a closed session's run for 24 h
    assert server.server_environment()["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"


class Finished:
    """Stands for the Solara server process: it has already stopped."""

    def __init__(self, command, env):
        self.command, self.env = command, env

    def wait(self, timeout=None):
        return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("host", "warned"), [("0.0.0.0", True), ("127.0.0.1", False), ("localhost", False)])
def test_a_host_beyond_loopback_gets_a_warning_that_there_is_no_authentication(monkeypatch, capsys, host, warned):
    monkeypatch.setattr(server.subprocess, "Popen", Finished)
    assert server.serve(host, free_port()) == 0
    err = capsys.readouterr().err
    assert ("talentgap: warning: --host" in err and "no authentication" in err) is warned
    assert server.is_loopback(host) is not warned

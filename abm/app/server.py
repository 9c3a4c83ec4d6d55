"""Serving the browser app (:mod:`abm.app.page`) with Solara, offline and without telemetry.

``talentgap viz`` calls :func:`serve`. The server is Solara's own (``solara run abm.app.page``)
in production mode, in a child process with its own settings: bound to loopback unless
another host is asked for, no browser opened, no version check, no telemetry. Solara's
JavaScript and CSS come from the ``solara-assets`` package installed beside it
(``<venv>/share/solara/cdn``), so every request the page makes goes to the server itself.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from abm.core.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "abm.app.page"


def server_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The command that runs the app's Solara server on ``host``:``port``."""
    return [
        sys.executable, "-m", "solara", "run", APP_MODULE, "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip


def server_environment() -> dict[str, str]:
    """This process's environment with Solara's telemetry switched off."""
    return os.environ | {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}


def check_address(host: str, port: int) -> None:
    """Raise InputError unless a server can listen on ``host``:``port`` now."""
    if not 1 <= port <= 65535:
        raise InputError(f"option --port: must be from 1 to 65535, got {port}")
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise InputError(f"options --host/--port: cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Run the app's server until it stops or Ctrl-C; return its exit status (0 after Ctrl-C).

    Raises:
        InputError: if nothing can listen on ``host``:``port`` (port taken, unknown host...).
    """
    check_address(host, port)
    print(f"talentgap app: open http://{host}:{port} in a browser (Ctrl-C stops the server)", flush=True)
    server = subprocess.Popen(server_command(host, port), env=server_environment())
    stop_with_me = signal.signal(signal.SIGTERM, lambda *_: server.terminate())  # stopping us stops the server
    try:
        return server.wait()
    except KeyboardInterrupt:  # the terminal sent Ctrl-C to the server as well
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, stop_with_me)

"""Serving the browser app (:mod:`abm.app.page`) with Solara, offline and without telemetry.

``talentgap viz`` calls :func:`serve`. The server is Solara's own (``solara run abm.app.page``)
in production mode, in a child process with its own settings: bound to loopback unless
another host is asked for, no browser opened, no version check, no telemetry. Solara's
JavaScript and CSS come from the ``solara-assets`` package installed beside it
(``<venv>/share/solara/cdn``), so every request the page makes goes to the server itself.

Each browser session holds its own run (about 10 MiB at scale 1). Solara keeps a session whose
page was closed or lost its connection for :data:`CULL_TIMEOUT` (its default is 24 hours), then
frees it, and serves at most :data:`MAX_SESSIONS` connected sessions at once: one more waits
until another closes. The app has no authentication: binding a host that is not loopback prints
a warning on stderr.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys

from abm.core.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "abm.app.page"
TITLE = "talentgap: Hong Kong's AI talent market"
"""The page's title (its browser tab and its bar)."""
CULL_TIMEOUT = "60s"
"""How long a closed or disconnected browser session's run is kept (``SOLARA_KERNEL_CULL_TIMEOUT``):
long enough to ride out a dropped connection, short enough that closed tabs do not pile up."""
MAX_SESSIONS = 20
"""Most browser sessions connected at once (``SOLARA_KERNEL_MAX_COUNT``); about 10 MiB each at scale 1."""


def server_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The command that runs the app's Solara server on ``host``:``port``."""
    return [
        sys.executable, "-m", "solara", "run", APP_MODULE, "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip


def server_environment() -> dict[str, str]:
    """This process's environment with Solara's telemetry off, the session limits set, the page's title, and
    no "This website runs on Solara" banner (it would cover the last chart's corner)."""
    return os.environ | {
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_THEME_SHOW_BANNER": "False",
        "SOLARA_THEME_TITLE": TITLE,
        "SOLARA_KERNEL_CULL_TIMEOUT": CULL_TIMEOUT,
        "SOLARA_KERNEL_MAX_COUNT": str(MAX_SESSIONS),
    }


def is_loopback(host: str) -> bool:
    """True if every address ``host`` stands for is a loopback address (only this computer can connect)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return all(ipaddress.ip_address(address.partition("%")[0]).is_loopback for address in addresses)


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
    if not is_loopback(host):
        print(f"talentgap: warning: --host {host}: the app has no authentication: anyone who can reach {host}:{port} "
              "can use it (and this computer's CPU); use --host 127.0.0.1 to keep it to this computer",
              file=sys.stderr, flush=True)  # fmt: skip
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

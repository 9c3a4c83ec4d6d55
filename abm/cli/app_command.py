"""The browser app's command: ``viz``."""

from __future__ import annotations

import click

from abm.cli.options import require_extra


@click.command("viz")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback: this host only; the app has no authentication).",
)
@click.option("--port", type=int, default=8765, show_default=True, help="TCP port to listen on.")
def viz_command(host: str, port: int) -> None:
    """Serve the browser app (sliders, policy switches, live plots) until Ctrl-C."""
    require_extra("app", "talentgap viz")
    from abm.app.server import serve

    status = serve(host, port)
    if status:
        raise click.exceptions.Exit(status)

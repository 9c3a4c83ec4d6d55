"""Bad user input: the one exception type, and reading the TOML files users write."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class InputError(Exception):
    """Bad input from a user: the message names the file, the field and what is allowed.

    The CLI prints the message on one line of stderr and exits with status 2.
    """


def read_toml(path: str | Path, kind: str, missing: str | None = None) -> dict[str, Any]:
    """The table in a TOML file; InputError if it is missing or not valid TOML.

    Args:
        path: the file.
        kind: what the file is, for the message (``"scenario file"``).
        missing: the message when the file does not exist (default ``"<path>: no such <kind>"``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(missing or f"{path}: no such {kind}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not valid TOML: {error}") from None

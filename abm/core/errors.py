"""Bad user input: the one exception type, reading the TOML files users write, validating them."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


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
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        hint = _unquoted_month(text, str(error)) if isinstance(error, tomllib.TOMLDecodeError) else ""
        raise InputError(f"{path}: not valid TOML: {error}{hint}") from None
    except RecursionError:
        raise InputError(f"{path}: not valid TOML: nested too deeply") from None


UNQUOTED_MONTH = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\"']+)\s*=\s*(?P<month>\d{4}-\d{2})\s*(#.*)?$")
"""A line ``key = 2025-01``: a month written without quotes, which TOML cannot read."""


def _unquoted_month(text: str, message: str) -> str:
    """The hint for a TOML error at a line holding an unquoted month, else ``""``."""
    line = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if line is None or not 0 < int(line[1]) <= len(lines):
        return ""
    match = UNQUOTED_MONTH.match(lines[int(line[1]) - 1])
    if match is None:
        return ""
    return f'; months are text: write {match["key"]} = "{match["month"]}" (in quotes)'


def validated[Model: BaseModel](model: type[Model], table: dict[str, Any], source: str) -> Model:
    """``model`` validated from ``table``; the first bad field raises InputError naming ``source`` and the field."""
    try:
        return model.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{source}: field '{location}': {field_message(first, model)}") from None


def field_message(first: dict[str, Any], root: type[BaseModel]) -> str:
    """What is wrong with one pydantic error entry (of a ``root`` model) and what is allowed."""
    if first["type"] == "extra_forbidden":
        return "unknown key" + _allowed_keys(root, first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if "input" in first and first["type"] not in ("value_error", "missing"):
        shown = repr(first["input"])
        message += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    return message


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    model: Any = root
    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return ""
        model = field.annotation
    names = getattr(model, "model_fields", None)
    if not names:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(names), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'? Allowed keys: {', '.join(names)}"
    return f"; allowed keys: {', '.join(names)}"

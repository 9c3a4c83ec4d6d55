"""Bad user input: the one exception type, reading the TOML files users write, validating them."""

from __future__ import annotations

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
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"{path}: not valid TOML: nested too deeply") from None


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
    return f"; allowed keys: {', '.join(names)}" if names else ""

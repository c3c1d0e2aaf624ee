"""The Jinja2 environment letters are rendered in.

Sandboxed, because templates can be replaced by a file an operator supplies; strict,
because a misspelt value must fail loudly rather than leave a blank in a letter sent
to a platform; not HTML-escaping, because letters are plain text (whoever shows a
letter in HTML escapes it there). Values from posts are cleaned before they get here
(:mod:`._text`); templates never see raw post text.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from cyberpatrol.errors import ConfigError

PACKAGED = "cyberpatrol/data/letters"
QUOTE_PREFIX = "　> "


def make_environment(directory: Path | str | None = None) -> SandboxedEnvironment:
    """An environment reading templates from ``directory`` first, then the packaged ones."""
    loaders: list[BaseLoader] = []
    if directory is not None:
        loaders.append(FileSystemLoader(str(directory), encoding="utf-8"))
    loaders.append(FunctionLoader(_packaged))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters["quote"] = quote
    return env


def render(env: SandboxedEnvironment, name: str, values: Mapping[str, Any]) -> str:
    """Render template ``name``; any template fault becomes a :class:`ConfigError` at file:line."""
    try:
        template = env.get_template(name)
    except TemplateNotFound as exc:
        raise ConfigError("letter template not found", path=f"{PACKAGED}/{exc.name}") from exc
    except TemplateSyntaxError as exc:
        raise ConfigError(
            exc.message or "syntax error", path=_where(exc.filename, exc.lineno)
        ) from exc
    try:
        return template.render(values)
    except UndefinedError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise ConfigError(
            f"unknown value: {exc.message}", path=_where(template.filename, line)
        ) from exc
    except SecurityError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise ConfigError(
            f"not allowed in a letter template: {exc}", path=_where(template.filename, line)
        ) from exc
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # Runtime faults of a replaced template ({{ 1/0 }}, a sandbox range too big, …).
        line = _template_line(exc.__traceback__, template.filename)
        path = _where(template.filename or name, line)
        raise ConfigError(f"{type(exc).__name__}: {exc}", path=path) from exc


def quote(text: str) -> str:
    """Prefix every line with 「　> 」: a quoted post can never pass for the letter's own text."""
    return "\n".join(QUOTE_PREFIX + line for line in str(text).split("\n"))


def _packaged(name: str) -> tuple[str, str, Any] | None:
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    try:
        source = resources.files("cyberpatrol.data").joinpath("letters", name).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return source, f"{PACKAGED}/{name}", lambda: True


def _where(filename: str | None, line: int | None) -> str:
    return f"{filename or '?'}:{line}" if line else filename or "?"


def _template_line(tb: types.TracebackType | None, filename: str | None) -> int | None:
    """The template line of an error: Jinja rewrites tracebacks to point into templates."""
    line = None
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line

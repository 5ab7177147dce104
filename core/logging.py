"""Structured logs (structlog) for the API and workers: JSON, or console for `make run`.

Every line logged while a node runs carries run_id, workflow_id, node_id and attempt (bound
by the activity wrapper); secrets are redacted on the way out, whatever logged them.
"""

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from .redaction import REDACTED, scrub_text

SECRET_KEY = re.compile(
    r"pass(word|phrase)?|secret|token|api[_-]?key|authorization|cookie|private[_-]?key|"
    r"credential_data|auth_token",
    re.IGNORECASE,
)
__all__ = ["REDACTED", "configure_logging", "redact"]


def redact(_: Any, __: str, event: MutableMapping[str, Any]) -> dict[str, Any]:
    """Blank values under secret-looking keys, and secrets inside text (URL query secrets,
    URL passwords, `password=...`, bearer/basic credentials). Runs after exceptions are
    formatted, so it also cleans the `exception` traceback text."""
    return {k: _clean(k, v) for k, v in event.items()}


def _clean(key: str, value: Any) -> Any:
    if isinstance(key, str) and SECRET_KEY.search(key) and value not in (None, "", {}):
        return REDACTED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: _clean(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean("", v) for v in value]
    return value


def configure_logging(*, fmt: str = "json", level: str = "INFO") -> None:
    """Route structlog and the standard library (uvicorn, Temporal) through one renderer."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                redact,  # after the traceback became text: a secret in it is cleaned too
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
        # uvicorn sets its own loggers to INFO, and a propagated record skips the root's
        # level: without this, LOG_LEVEL=WARNING still wrote an access line per request.
        logging.getLogger(name).setLevel(level.upper())
    for name in ("httpx", "httpcore"):  # their INFO lines print full URLs (query secrets)
        logging.getLogger(name).setLevel(logging.WARNING)

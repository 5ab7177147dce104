"""Converter modules; each registers its converters when imported."""

import importlib

_MODULES = (
    "triggers",
    "flow",
    "fields",
    "http",
    "sticky",
    "transform",
    "database",
    "postgres_v1",
    "comms",
    "files",
    "markup",
    "ai",
    "ai_tasks",
    "code",
    "loops",
    "values",
)


def load() -> list[str]:
    """Import every converter module there is; answer the names loaded."""
    loaded = []
    for name in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # a module that exists but imports something missing is a bug
            continue
        loaded.append(name)
    return loaded


LOADED = load()

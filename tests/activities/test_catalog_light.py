"""The API process reads the node catalog without loading any node's I/O library."""

from tests.utils.imports import modules_loaded_by

HEAVY = ("pandas", "paramiko", "twilio", "openpyxl", "pypdf", "openai", "anthropic")


def _loaded(imports: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    return modules_loaded_by(imports, heavy)


def test_the_api_app_loads_no_node_io_library() -> None:
    assert _loaded("import api.main\napi.main.create_app()") == []


def test_the_catalog_loads_no_node_io_library_nor_the_worker_runtime() -> None:
    loaded = _loaded(
        "from activities import NODE_TYPES, describe\nimport activities.docs",
        HEAVY + ("psycopg", "httpx", "activities.registry", "activities._runtime"),
    )
    assert loaded == []


def test_the_catalog_and_the_registry_agree_on_every_activity() -> None:
    from activities import NODE_TYPES
    from activities.registry import BUILDERS

    assert len(NODE_TYPES) == 40
    assert len(BUILDERS) == 15

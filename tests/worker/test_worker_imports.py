"""An idle worker holds no node's heavy library: each loads the first time a node that
needs it runs (pandas and openpyxl for files, paramiko for SFTP, twilio and requests for
SMS, pypdf for PDFs, the OpenAI and Anthropic SDKs for LLM nodes).

Each probe runs in a fresh interpreter, so what other tests imported does not count."""

from tests.utils.imports import modules_loaded_by

LAZY = (
    "pandas",
    "numpy",
    "openpyxl",
    "paramiko",
    "twilio",
    "requests",
    "pypdf",
    "openai",
    "anthropic",
)

BUILD = """
import httpx
from sqlalchemy import create_engine
from activities.registry import CredentialStore, NodeDependencies, build_activities
from core.config import Settings

engine = create_engine("sqlite://")
build_activities(
    NodeDependencies(
        settings=Settings(),
        http=httpx.AsyncClient(),
        credentials=CredentialStore(engine, None),
        engine=engine,
    )
)
"""


def test_importing_the_worker_loads_no_heavy_node_library() -> None:
    assert modules_loaded_by("import worker._worker", LAZY) == []


def test_building_every_activity_loads_no_heavy_node_library() -> None:
    assert modules_loaded_by(BUILD, LAZY) == []

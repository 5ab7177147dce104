"""Every corpus export converts, and its graph validates against the real catalog."""

import json
from pathlib import Path

import pytest

from activities.catalog import NODE_TYPES
from importers.n8n import convert
from interpreter import validate_graph

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.json"))


def _with_ids(graph: dict) -> dict:
    # The API swaps placeholders for credential ids; any uuid-shaped id validates.
    text = json.dumps(graph)
    for ref in {r for r in text.split('"') if r.startswith("<placeholder:")}:
        text = text.replace(ref, "00000000-0000-4000-8000-000000000001")
    return json.loads(text)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_file_converts_and_validates(path: Path) -> None:
    result = convert(json.loads(path.read_text()))
    assert result.report, "every node has a report line"
    errors = validate_graph(_with_ids(result.graph), NODE_TYPES, max_nodes=500)
    assert errors == [], [str(e) for e in errors]


def test_corpus_has_files() -> None:
    assert len(CORPUS) >= 5

"""HTTP Request answers read downstream as n8n shapes them (`$json.data` for text)."""

import pytest

from importers.n8n import convert
from interpreter import render

from ._export import MANUAL, chain, node


def _fetch_then_set(response: dict | None, value: str) -> tuple[dict, list]:
    options = {"response": {"response": response}} if response is not None else {}
    fetch = node(
        "Fetch",
        "n8n-nodes-base.httpRequest",
        4.2,
        {"url": "https://api.example.com/x", "options": options},
    )
    keep = node(
        "Keep",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "v", "value": value, "type": "string"}]}},
    )
    result = convert(chain(MANUAL, fetch, keep))
    by_label = {n["data"]["label"]: n for n in result.graph["nodes"]}
    lines = [line for line in result.report if line.node == "Fetch"]
    return by_label["Keep"]["data"]["config"], lines


def _read(config: dict, body: object) -> object:
    """What the Set node's first field renders to when Fetch answered `body`."""
    [field] = config["fields"].values() if "fields" in config else [None]
    context = {
        "inputs": {},
        "nodes": {"fetch": {"output": {"status": 200, "headers": {"a": "b"}, "body": body}}},
    }
    return render(field, context)


@pytest.mark.parametrize(
    "body,value,expected",
    [
        ("plain words", "={{ $json.data }}", "plain words"),
        ({"data": "inner", "x": 1}, "={{ $json.data }}", "inner"),
        ({"x": 7}, "={{ $json.x }}", 7),
    ],
)
def test_autodetect_reads_text_under_data_and_json_fields(body, value, expected) -> None:
    config, lines = _fetch_then_set(None, value)
    assert _read(config, body) == expected
    assert all(line.status == "converted" for line in lines)


def test_json_format_reads_fields_directly() -> None:
    config, _ = _fetch_then_set({"responseFormat": "json"}, "={{ $json.x }}")
    assert config["fields"] == {"v": "{{ nodes.fetch.output.body.x }}"}
    assert _read(config, {"x": "y"}) == "y"


def test_text_format_with_its_own_property_name() -> None:
    config, _ = _fetch_then_set(
        {"responseFormat": "text", "outputPropertyName": "page"}, "={{ $json.page }}"
    )
    assert config["fields"] == {"v": "{{ nodes.fetch.output.body }}"}
    assert _read(config, "<html/>") == "<html/>"


def test_full_response_has_body_headers_and_status_code() -> None:
    config, _ = _fetch_then_set({"fullResponse": True}, "={{ $json.statusCode }}")
    assert _read(config, "x") == 200
    config, _ = _fetch_then_set({"fullResponse": True}, "={{ $json.body.id }}")
    assert config["fields"] == {"v": "{{ nodes.fetch.output.body.id }}"}


def test_file_format_is_approximated() -> None:
    config, lines = _fetch_then_set({"responseFormat": "file"}, "={{ $json.data }}")
    assert _read(config, "bytes as text") == "bytes as text"
    [note] = [line for line in lines if line.status == "approximated"]
    assert note.parameter == "options.response.response.responseFormat"

"""docs/nodes.md is generated from the catalog and must be current."""

from activities import NODE_TYPES
from activities.docs import DOCS_PATH, render_nodes
from interpreter import NodeType


def test_docs_match_the_catalog():
    expected = render_nodes(list(NODE_TYPES.values()))
    committed = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    assert committed == expected, "docs/nodes.md is stale: run `python -m activities.docs`"


def test_every_node_type_has_a_section():
    page = render_nodes(list(NODE_TYPES.values()))
    for node_type in NODE_TYPES.values():
        assert f'<a id="{node_type.type}"></a>' in page
        assert f"### `{node_type.type}` — {node_type.label}" in page


def test_a_section_shows_fields_ports_credential_and_retries():
    page = render_nodes([NODE_TYPES["webhook.send"], NODE_TYPES["logic.switch"]])
    # Categories in order: HTTP, then Logic.
    hook = page[page.index("### `webhook.send`") : page.index("### `logic.switch`")]
    assert "- **Credential:** kind `http_auth` (credential types: `http_header`," in hook
    assert "- **Retries:** at most 5 attempts, first retry after 1 s, backoff ×2" in hook
    assert "| `url` | string, length ≤ 4096, matches `^https?://` | yes | Where to POST. |" in hook
    assert "| `timeout_seconds` | number, > 0, ≤ 120 |  |" in hook and "Default: `30`." in hook
    switch = page[page.index("### `logic.switch`") :]
    assert "- **Output ports:** `default`; plus one per value of `rules[*].port`" in switch
    assert "| `rules[].port` | string, matches" in switch
    assert "Retries" not in switch, "inline nodes have no retry policy"


def test_markdown_survives_backticks_and_pipes():
    odd = NodeType(
        type="x.odd",
        category="Test",
        label="Odd",
        description="a | b",
        kind="inline",
        config_schema={
            "type": "object",
            "required": ["when"],
            "properties": {
                "when": {"type": "string", "description": "x | y", "examples": ["a > `1`"]}
            },
            "not": {"required": ["when", "else"]},
        },
        output_schema={"type": "object", "description": "Anything."},
    )
    page = render_nodes([odd])
    assert '| `when` | string | yes | x \\| y | `` "a > `1`" `` |' in page
    assert "Not all together: `when`, `else`." in page
    assert "object. Anything." in page

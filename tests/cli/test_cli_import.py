"""`sluice import n8n FILE|DIR`: the API converts, the CLI prints the report per node."""

import json

from tests.cli.conftest import Cli

EXPORT = {
    "name": "n8n hello",
    "nodes": [
        {
            "name": "When clicking",
            "type": "n8n-nodes-base.manualTrigger",
            "typeVersion": 1,
            "position": [0, 0],
            "parameters": {},
        },
        {
            "name": "Code",
            "type": "n8n-nodes-base.code",
            "typeVersion": 2,
            "position": [200, 0],
            "parameters": {"jsCode": "return items;"},
        },
    ],
    "connections": {"When clicking": {"main": [[{"node": "Code", "type": "main", "index": 0}]]}},
}


async def test_import_a_folder_prints_each_report_and_a_summary(cli: Cli, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "hello.json").write_text(json.dumps(EXPORT))
    (folder / "broken.json").write_text(json.dumps({"nodes": "nope"}))

    dry = await cli("import", "n8n", str(folder / "hello.json"), "--dry-run", "--json")
    assert dry.code == 0, dry.err
    answer = dry.json()
    assert answer["workflow"] is None
    statuses = {line["node"]: line["status"] for line in answer["report"]["lines"]}
    assert statuses["Code"] == "unsupported"
    assert (await cli("workflows", "list", "--json")).json()["data"] == []

    result = await cli("import", "n8n", str(folder))
    assert result.code == 1  # broken.json was refused
    assert "broken.json" in result.out and "422" in result.out
    assert "hello.json" in result.out and "unsupported" in result.out
    assert "summary" in result.out
    names = [w["name"] for w in (await cli("workflows", "list", "--json")).json()["data"]]
    assert names == ["n8n hello"]

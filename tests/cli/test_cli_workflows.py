"""`sluice workflows ...`: import, list, show, export, validate, delete over the real API."""

import json

from tests.cli.conftest import Cli, export_file
from tests.utils.api import simple_graph


async def test_import_list_show_export_delete(cli: Cli, tmp_path) -> None:
    created = await cli(
        "workflows", "import", str(export_file(tmp_path, simple_graph(), "greet")), "--json"
    )
    assert created.code == 0, created.err
    workflow_id = created.json()["id"]

    listed = await cli("workflows", "list", "--json")
    assert [w["name"] for w in listed.json()["data"]] == ["greet"]
    table = await cli("workflows", "list")
    assert "greet" in table.out and workflow_id in table.out

    shown = await cli("workflows", "show", "greet")  # by name
    assert shown.code == 0, shown.err
    assert "util.noop" in shown.out

    target = tmp_path / "out.json"
    exported = await cli("workflows", "export", workflow_id, "-o", str(target))
    assert exported.code == 0, exported.err
    document = json.loads(target.read_text())
    assert document["name"] == "greet" and document["graph"]["nodes"][1]["id"] == "a"

    again = await cli("workflows", "import", str(target), "--name", "greet-copy", "--json")
    assert again.code == 0 and again.json()["name"] == "greet-copy"

    deleted = await cli("workflows", "delete", workflow_id, "--yes")
    assert deleted.code == 0, deleted.err
    names = [w["name"] for w in (await cli("workflows", "list", "--json")).json()["data"]]
    assert names == ["greet-copy"]


async def test_validate_checks_without_saving(cli: Cli, tmp_path) -> None:
    good = await cli("workflows", "validate", str(export_file(tmp_path, simple_graph(), "ok")))
    assert good.code == 0 and "valid" in good.out, good.err

    broken = simple_graph()
    broken["nodes"][1]["type"] = "no.such_type"
    bad = await cli("workflows", "validate", str(export_file(tmp_path, broken, "bad")))
    assert bad.code == 1
    assert "422" in bad.err and "no.such_type" in bad.err
    listed = await cli("workflows", "list", "--json")
    assert listed.json()["data"] == []


async def test_bad_files_and_names_say_what_to_do(cli: Cli, tmp_path) -> None:
    not_json = tmp_path / "x.json"
    not_json.write_text("{nope")
    result = await cli("workflows", "import", str(not_json))
    assert result.code == 1 and "is not JSON" in result.err

    no_graph = tmp_path / "y.json"
    no_graph.write_text('{"name": "y"}')
    result = await cli("workflows", "validate", str(no_graph))
    assert result.code == 1 and "no 'graph'" in result.err

    result = await cli("workflows", "show", "does-not-exist")
    assert result.code == 1 and "no workflow is named" in result.err

"""`sluice approvals list|decide` and `sluice credentials list`."""

import asyncio

from tests.api.test_approvals import approval_graph
from tests.cli.conftest import Cli, export_file


async def _pending(cli: Cli, run_id: str) -> dict:
    for _ in range(200):
        listed = await cli("approvals", "list", "--json")
        assert listed.code == 0, listed.err
        found = [a for a in listed.json()["data"] if a["run_id"] == run_id]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no approval opened for run {run_id}")


async def test_decide_an_approval_and_the_run_goes_on(cli: Cli, tmp_path) -> None:
    path = export_file(tmp_path, approval_graph(), "refund")
    assert (await cli("workflows", "import", str(path))).code == 0
    started = await cli("run", "refund", "-i", "amount=12", "--json")
    run_id = started.json()["id"]
    approval = await _pending(cli, run_id)
    table = await cli("approvals", "list")
    assert "Refund 12?" in table.out

    missing = await cli("approvals", "decide", approval["id"])
    assert missing.code == 2 and "--approve or --reject" in missing.err

    decided = await cli("approvals", "decide", approval["id"], "--approve", "--comment", "ok")
    assert decided.code == 0, decided.err
    assert "approved" in decided.out

    final = await cli("runs", "tail", run_id, "--json")
    assert final.code == 0, final.err
    assert final.json()["status"] == "completed"
    twice = await cli("approvals", "decide", approval["id"], "--reject")
    assert twice.code == 1 and "409" in twice.err


async def test_credentials_list_shows_names_never_secrets(cli: Cli) -> None:
    async with cli.http() as http:
        body = {"name": "Orders API", "type": "http_bearer", "data": {"token": "s3cr3t-t0ken"}}
        created = await http.post("/api/credentials", json=body)
        assert created.status_code == 201, created.text
    listed = await cli("credentials", "list", "--json")
    assert listed.code == 0, listed.err
    assert [c["name"] for c in listed.json()["data"]] == ["Orders API"]
    table = await cli("credentials", "list")
    assert "Orders API" in table.out and "http_bearer" in table.out
    assert "s3cr3t" not in listed.out + table.out

"""sftp.download, sftp.upload, sftp.list through the real API, against a real SFTP server."""

import pytest

from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.runs import FAST_RETRY
from tests.utils.sftp_server import PASSWORD, new_key


async def sftp_credential(api, server, **overrides) -> str:
    body = {"name": "Partner SFTP", "type": "sftp", "data": server.credential(**overrides)}
    response = await api.post("/api/credentials", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def run(api, graph: dict, inputs: dict | None = None) -> dict:
    workflow = await create_workflow(api, graph, name="sftp")
    return await wait_for_run(
        api, (await start_run(api, workflow["id"], inputs=inputs or {}))["id"]
    )


async def test_download_then_parse(api, sftp_server):
    (sftp_server.root / "outgoing").mkdir()
    (sftp_server.root / "outgoing" / "orders.csv").write_bytes(b"sku,qty\nA,2\nB,5\n")
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node(
                "download",
                "sftp.download",
                {"credential_id": credential, "remote_path": "/outgoing/orders.csv"},
            ),
            node("parse", "file.parse_csv", {"file": "{{ nodes.download.output.file }}"}),
        ],
        "edges": chain("download", "parse"),
    }
    body = await run(api, graph)

    assert body["status"] == "completed", body
    download = body["nodes"]["download"]["output"]
    assert download["file"]["name"] == "orders.csv" and download["file"]["size"] == 16
    assert download["file"]["content_type"] == "text/csv"
    assert download["remote_path"] == "/outgoing/orders.csv" and download["modified_at"]
    assert body["output"]["parse"]["rows"] == [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 5}]
    assert PASSWORD not in str(body)


async def test_upload_is_atomic_and_creates_folders(api, sftp_server):
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node("write", "file.write_csv", {"rows": [{"a": 1}, {"a": 2}], "file_name": "out.csv"}),
            node(
                "upload",
                "sftp.upload",
                {
                    "credential_id": credential,
                    "file": "{{ nodes.write.output.file }}",
                    "remote_path": "/incoming/2024/",
                    "create_dirs": True,
                },
            ),
        ],
        "edges": chain("write", "upload"),
    }
    body = await run(api, graph)

    assert body["status"] == "completed", body
    assert body["output"]["upload"] == {"remote_path": "/incoming/2024/out.csv", "size": 9}
    folder = sftp_server.root / "incoming" / "2024"
    assert [p.name for p in folder.iterdir()] == ["out.csv"], "no partial file is left"
    assert (folder / "out.csv").read_bytes() == b"a\r\n1\r\n2\r\n"


async def test_upload_refuses_to_overwrite_when_told(api, sftp_server):
    (sftp_server.root / "keep.csv").write_bytes(b"precious")
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node("write", "file.write_csv", {"rows": [{"a": 1}]}),
            node(
                "upload",
                "sftp.upload",
                {
                    "credential_id": credential,
                    "file": "{{ nodes.write.output.file }}",
                    "remote_path": "/keep.csv",
                    "overwrite": False,
                },
            ),
        ],
        "edges": chain("write", "upload"),
    }
    body = await run(api, graph)

    assert body["status"] == "failed"
    assert "'/keep.csv' exists and `overwrite` is false" in body["nodes"]["upload"]["error"]
    assert body["nodes"]["upload"]["attempt"] == 1
    assert (sftp_server.root / "keep.csv").read_bytes() == b"precious"


async def test_list_with_key_auth(api, sftp_server):
    (sftp_server.root / "out").mkdir()
    (sftp_server.root / "out" / "b.csv").write_bytes(b"12345")
    (sftp_server.root / "out" / "a.csv").write_bytes(b"1")
    (sftp_server.root / "out" / "notes.txt").write_bytes(b"")
    (sftp_server.root / "out" / "archive.csv").mkdir()
    credential = await sftp_credential(
        api, sftp_server, password=None, private_key=sftp_server.client_key_text
    )
    graph = {
        "nodes": [
            node("all", "sftp.list", {"credential_id": credential, "path": "/out"}),
            node(
                "csv",
                "sftp.list",
                {"credential_id": credential, "path": "/out", "pattern": "*.csv"},
            ),
        ]
    }
    body = await run(api, graph)

    assert body["status"] == "completed", body
    entries = body["output"]["all"]["entries"]
    assert [e["name"] for e in entries] == ["a.csv", "archive.csv", "b.csv", "notes.txt"]
    assert entries[2] == {
        "name": "b.csv",
        "path": "/out/b.csv",
        "size": 5,
        "modified_at": entries[2]["modified_at"],
        "is_dir": False,
    }
    assert entries[1]["is_dir"] is True and "T" in entries[0]["modified_at"]
    assert body["output"]["csv"]["count"] == 3
    assert sftp_server.client_key_text not in str(body)


async def test_encrypted_private_key_with_its_passphrase(api, sftp_server):
    key, text = new_key(passphrase="open sesame")
    sftp_server.client_key = key
    good = await sftp_credential(
        api, sftp_server, password=None, private_key=text, passphrase="open sesame"
    )
    missing = await sftp_credential(api, sftp_server, password=None, private_key=text)
    graph = {
        "nodes": [
            node("good", "sftp.list", {"credential_id": good}),
            node("missing", "sftp.list", {"credential_id": missing}, continue_on_error=True),
        ]
    }
    body = await run(api, graph)

    assert body["nodes"]["good"]["status"] == "succeeded", body
    assert "private_key is encrypted; set its passphrase" in body["nodes"]["missing"]["error"]
    assert body["nodes"]["missing"]["attempt"] == 1


@pytest.mark.parametrize("node_type", ["sftp.download", "sftp.upload", "sftp.list"])
async def test_dropped_connections_are_retried(api, sftp_server, node_type):
    (sftp_server.root / "f.txt").write_bytes(b"hello")
    credential = await sftp_credential(api, sftp_server)
    config = {
        "sftp.download": {"remote_path": "f.txt"},
        "sftp.upload": {"remote_path": "/up.csv", "file": "{{ nodes.write.output.file }}"},
        "sftp.list": {"path": "/"},
    }[node_type]
    graph = {
        "nodes": [
            node("write", "file.write_csv", {"rows": [{"a": 1}]}),
            node("sftp", node_type, {"credential_id": credential, **config}, retry=FAST_RETRY),
        ],
        "edges": chain("write", "sftp"),
    }
    sftp_server.drop_next(2)
    body = await run(api, graph)

    assert body["status"] == "completed", body
    assert body["nodes"]["sftp"]["attempt"] == 3
    assert sftp_server.connections == 3
    assert body["output"]["sftp"], body


async def test_connection_refused_is_retryable(api, sftp_server):
    sftp_server.close()  # nothing listens on its port any more
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node(
                "list",
                "sftp.list",
                {"credential_id": credential},
                retry={**FAST_RETRY, "max_attempts": 2},
            )
        ]
    }
    body = await run(api, graph)

    assert body["status"] == "failed"
    assert body["nodes"]["list"]["attempt"] == 2, "retried until attempts ran out"
    assert "Connection refused" in body["nodes"]["list"]["error"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "wrong"}, "authentication failed"),
        (
            {"host_key": "127.0.0.1 " + new_key()[0].get_name() + " " + new_key()[0].get_base64()},
            "does not match the credential's host_key",
        ),
        ({"host_key": "not a key"}, "host_key is not a known_hosts line"),
    ],
    ids=["password", "host-key-mismatch", "host-key-garbage"],
)
async def test_credential_problems_fail_at_once(api, sftp_server, overrides, message):
    credential = await sftp_credential(api, sftp_server, **overrides)
    graph = {"nodes": [node("list", "sftp.list", {"credential_id": credential})]}
    body = await run(api, graph)

    assert body["status"] == "failed"
    assert message in body["nodes"]["list"]["error"]
    assert body["nodes"]["list"]["attempt"] == 1
    assert "wrong" not in body["nodes"]["list"]["error"] and PASSWORD not in str(body)


async def test_missing_remote_file_fails_at_once(api, sftp_server):
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "download",
                "sftp.download",
                {"credential_id": credential, "remote_path": "{{ inputs.path }}"},
            ),
        ],
        "edges": chain("start", "download"),
    }
    body = await run(api, graph, {"path": "/nope.csv"})
    assert "downloading '/nope.csv': no such file or folder" in body["nodes"]["download"]["error"]
    assert body["nodes"]["download"]["attempt"] == 1
    body = await run(api, graph, {"path": "   "})
    assert "`remote_path` must be a remote path" in body["nodes"]["download"]["error"]


async def test_config_is_checked_when_saved(api, sftp_server):
    credential = await sftp_credential(api, sftp_server)
    graph = {
        "nodes": [
            node("up", "sftp.upload", {"credential_id": credential, "remote_path": 5}),
            node("list", "sftp.list", {"path": "/"}),
            node("down", "sftp.download", {"credential_id": credential, "remote_path": ""}),
        ]
    }
    response = await api.post("/api/workflows", json={"name": "bad", "graph": graph})

    assert response.status_code == 422
    errors = {(e["node_id"], e["field"]): e["msg"] for e in response.json()["detail"]}
    assert "'file' is a required property" in errors[("up", "config")]
    assert ("up", "config.remote_path") in errors
    assert "'credential_id' is a required property" in errors[("list", "config")]
    assert "should be non-empty" in errors[("down", "config.remote_path")]

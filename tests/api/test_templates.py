"""The template library: every file valid against the real catalog, searched, read and used
through the API. Each template's run against local peers is in test_templates_run.py."""

import copy
import json
from importlib import resources

import pytest

from activities import NODE_TYPES
from api.templates import library
from interpreter import validate_graph

TEMPLATES = library.templates()


def test_at_least_ten_templates_ship_as_package_data():
    files = [f.name for f in resources.files("api.templates").joinpath("files").iterdir()]
    assert len([f for f in files if f.endswith(".json")]) >= 10
    assert len(TEMPLATES) == len(files)


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_template_validates_and_lists_the_credentials_its_graph_uses(template_id):
    template = TEMPLATES[template_id]
    assert len(template.description) > 40 and template.tags and template.name
    filled = library.fill(
        template.graph,
        {
            c.key: f"00000000-0000-4000-8000-{i:012d}" for i, c in enumerate(template.credentials)
        },  # fmt: skip
    )
    assert validate_graph(filled, NODE_TYPES, max_nodes=200) == []
    assert sorted({k for _, k in library.credential_uses(template.graph)}) == sorted(
        c.key for c in template.credentials
    )
    assert "<credential:" not in json.dumps(filled), "every placeholder is listed and filled"
    for credential in template.credentials:
        assert credential.purpose.strip(), credential
    positions = {(n["position"]["x"], n["position"]["y"]) for n in template.graph["nodes"]}
    assert len(positions) == len(template.graph["nodes"]), "nodes must not sit on each other"


def broken(template_id: str, change) -> dict:
    raw = TEMPLATES[template_id].model_dump()
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["credentials"].pop(), "uses credential 'mail', which is not listed"),
        (
            lambda t: t["credentials"].append({"key": "spare", "type": "smtp", "purpose": "x"}),
            "credential 'spare' is listed but no node uses it",
        ),
        (lambda t: t["credentials"][1].update(type="twilio"), "cannot use a twilio credential"),
        (lambda t: t["credentials"][1].update(type="fax"), "unknown type 'fax'"),
        (lambda t: t.update(description=" "), "description is empty"),
        (lambda t: t["graph"]["nodes"][1].update(type="sftp.nope"), "sftp.nope"),
        (lambda t: t.update(id="Other"), "must be the file's name"),
    ],
)
def test_a_broken_template_file_is_refused_naming_the_problem(change, message):
    raw = broken("sftp-csv-summary-email", change)
    with pytest.raises(library.TemplateError) as info:
        library.load("sftp-csv-summary-email.json", copy.deepcopy(raw))
    assert message in str(info.value)


async def test_list_summaries_without_graphs_and_search(api, anonymous):
    response = await api.get("/api/templates")
    assert response.status_code == 200, response.text
    listed = response.json()
    assert [t["id"] for t in listed] == list(TEMPLATES)
    assert all("graph" not in t for t in listed)
    assert set(listed[0]) == {"id", "name", "description", "tags", "credentials"}
    assert {"key", "type", "purpose"} == set(listed[0]["credentials"][0])

    found = (await api.get("/api/templates", params={"q": "TWILIO"})).json()
    assert [t["id"] for t in found] == ["approve-sms-announcement"]
    found = (await api.get("/api/templates", params={"q": "postgres email"})).json()
    assert {t["id"] for t in found} == {"postgres-report-excel-email"}
    found = (await api.get("/api/templates", params={"q": "claude"})).json()
    assert [t["id"] for t in found] == ["claude-summary"]
    assert (await api.get("/api/templates", params={"q": "no-such-thing"})).json() == []
    too_long = await api.get("/api/templates", params={"q": "x" * 201})
    assert too_long.status_code == 422 and too_long.json()["detail"][0]["loc"] == ["query", "q"]
    assert (await anonymous.get("/api/templates")).status_code == 401


async def test_read_one_with_its_graph_or_404_naming_it(api):
    response = await api.get("/api/templates/claude-summary")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["graph"] == TEMPLATES["claude-summary"].graph
    assert body["inputs_example"] == {"text": "Paste a long text here."}
    summarise = next(n for n in body["graph"]["nodes"] if n["id"] == "summarise")
    assert summarise["data"]["config"]["credential_id"] == "<credential:anthropic>"
    missing = await api.get("/api/templates/no-such-template")
    assert missing.status_code == 404
    assert "no-such-template" in missing.json()["detail"]


async def test_use_fills_credentials_and_saves_a_workflow(api):
    credential = await api.post(
        "/api/credentials",
        json={"name": "Claude", "type": "anthropic", "data": {"api_key": "sk-ant-test"}},
    )
    assert credential.status_code == 201, credential.text
    key = credential.json()["id"]
    response = await api.post(
        "/api/templates/claude-summary/workflows", json={"credentials": {"anthropic": key}}
    )
    assert response.status_code == 201, response.text
    workflow = response.json()
    assert workflow["name"] == TEMPLATES["claude-summary"].name and workflow["version"] == 1
    summarise = next(n for n in workflow["graph"]["nodes"] if n["id"] == "summarise")
    assert summarise["data"]["config"]["credential_id"] == key
    named = await api.post(
        "/api/templates/claude-summary/workflows",
        json={"name": "Mine", "description": "", "credentials": {"anthropic": key}},
    )
    assert named.status_code == 201 and named.json()["name"] == "Mine"


async def test_use_refuses_missing_unknown_and_wrong_credentials(api):
    path = "/api/templates/claude-summary/workflows"
    before = (await api.get("/api/workflows")).json()["count"]
    missing = await api.post(path, json={})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "credentials", "anthropic"]
    smtp = await api.post(
        "/api/credentials",
        json={"name": "mail", "type": "smtp", "data": {"host": "127.0.0.1", "port": 25}},
    )
    wrong = await api.post(path, json={"credentials": {"anthropic": smtp.json()["id"]}})
    assert wrong.status_code == 422, wrong.text
    assert "anthropic credential" in json.dumps(wrong.json())
    extra = await api.post(
        path,
        json={"credentials": {"anthropic": smtp.json()["id"], "other": smtp.json()["id"]}},
    )
    assert extra.status_code == 422
    assert extra.json()["detail"][0]["loc"] == ["body", "credentials", "other"]
    bad_id = await api.post(path, json={"credentials": {"anthropic": "not-a-uuid"}})
    assert bad_id.status_code == 422
    assert bad_id.json()["detail"][0]["loc"][:3] == ["body", "credentials", "anthropic"]
    unknown = await api.post("/api/templates/nope/workflows", json={})
    assert unknown.status_code == 404 and "nope" in unknown.json()["detail"]
    assert (await api.get("/api/workflows")).json()["count"] == before, "nothing half-saved"

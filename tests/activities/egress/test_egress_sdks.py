"""The OpenAI, Anthropic and Twilio SDKs send through egress-guarded clients: a credential's
base_url is checked like any URL, against real fake peers on loopback and a real worker."""

from tests.activities.comms_conftest import create_credential, run_nodes
from tests.activities.sms.test_sms import sms, twilio_credential
from tests.utils.fake_llm_server import Answer
from tests.utils.graphs import node
from tests.utils.http_server import Reply
from tests.utils.isolated_worker import isolated_worker, run_in_workspace
from tests.utils.runs import FAST_RETRY

RETRY3 = {**FAST_RETRY, "max_attempts": 3}


def chat(node_id: str, node_type: str, credential: str) -> dict:
    config = {
        "credential_id": credential,
        "model": "gpt-4.1-mini" if "openai" in node_type else "claude-haiku-4-5",
        "messages": [{"role": "user", "content": "Hello"}],
    }
    return node(node_id, node_type, config, retry=RETRY3, continue_on_error=True)


def _nodes(llm_credentials, twilio_id: str) -> list[dict]:
    return [
        chat("openai", "llm.openai.chat", llm_credentials.openai),
        chat("anthropic", "llm.anthropic.message", llm_credentials.anthropic),
        sms("sms", twilio_id),
    ]


async def test_sdk_base_urls_on_loopback_are_denied_unless_allowed(
    api, client, settings, fake_llm, llm_credentials, twilio
):
    fake_llm.openai(Answer(text="hi"))
    fake_llm.anthropic(Answer(text="hi"))
    nodes = _nodes(llm_credentials, await twilio_credential(api, twilio))
    async with isolated_worker(client, settings, outbound_allowed_networks="") as strict:
        denied = await run_in_workspace(client, strict, llm_credentials.workspace_id, *nodes)
    llm_port = fake_llm.base_url.rsplit(":", 1)[1]
    twilio_port = twilio.base_url.rsplit(":", 1)[1]
    for node_id, port in (("openai", llm_port), ("anthropic", llm_port), ("sms", twilio_port)):
        state = denied.nodes[node_id]
        assert state.status == "failed", (node_id, state)
        assert f"127.0.0.1:{port}" in state.error, state.error
        assert "egress denied" in state.error and "OUTBOUND_ALLOWED_NETWORKS" in state.error
        assert state.attempt == 1, f"{node_id}: a denied address is not retried"
    assert fake_llm.calls("openai") == [] and fake_llm.calls("anthropic") == []
    assert twilio.calls == []

    allowed = await run_nodes(api, *nodes)  # the session worker allows loopback
    assert allowed["status"] == "completed", allowed
    assert {allowed["nodes"][n]["status"] for n in ("openai", "anthropic", "sms")} == {"succeeded"}
    assert len(fake_llm.calls("openai")) == len(fake_llm.calls("anthropic")) == 1
    assert len(twilio.messages) == 1


async def test_a_host_name_is_resolved_checked_and_dialled_by_address(
    api, fake_llm, llm_credentials, twilio
):
    """`localhost` is resolved once and a checked address dialled (127.0.0.1 or ::1)."""
    fake_llm.openai(Answer(text="by name"))
    named = await create_credential(
        api,
        "openai",
        {
            "api_key": fake_llm.api_key,
            "base_url": fake_llm.openai_base_url.replace("127.0.0.1", "localhost"),
        },
    )
    sms_named = await twilio_credential(
        api, twilio, base_url=twilio.base_url.replace("127.0.0.1", "localhost")
    )
    body = await run_nodes(api, chat("openai", "llm.openai.chat", named), sms("sms", sms_named))
    assert body["nodes"]["openai"]["output"]["text"] == "by name", body
    assert body["nodes"]["sms"]["status"] == "succeeded", body


async def test_sdks_reach_only_the_credentials_allowed_hosts(api, fake_llm, twilio):
    fence = {"allowed_hosts": ["api.openai.com", "*.anthropic.com", "api.twilio.com"]}
    openai_id = await create_credential(
        api, "openai", {"api_key": fake_llm.api_key, "base_url": fake_llm.openai_base_url, **fence}
    )
    anthropic_id = await create_credential(
        api,
        "anthropic",
        {"api_key": fake_llm.api_key, "base_url": fake_llm.anthropic_base_url, **fence},
    )
    twilio_id = await twilio_credential(api, twilio, **fence)
    body = await run_nodes(
        api,
        chat("openai", "llm.openai.chat", openai_id),
        chat("anthropic", "llm.anthropic.message", anthropic_id),
        sms("sms", twilio_id),
    )
    for node_id in ("openai", "anthropic", "sms"):
        state = body["nodes"][node_id]
        assert state["status"] == "failed" and state["attempt"] == 1, state
        assert "'127.0.0.1' is not in the credential's allowed_hosts" in state["error"], state
    assert fake_llm.calls("openai") == [] and twilio.calls == []


async def test_twilio_redirects_are_not_followed(api, twilio, http_server):
    target = http_server.script("/elsewhere", Reply(json={"sid": "SMx"}))
    path = f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
    http_server.script(path, Reply(status=307, headers={"Location": target}))
    credential = await twilio_credential(api, twilio, base_url=http_server.base_url)
    body = await run_nodes(api, sms("sms", credential))
    state = body["nodes"]["sms"]
    assert state["status"] == "failed", state
    assert len(http_server.requests(path)) == 1
    assert http_server.requests("/elsewhere") == [], "the redirect was not followed"

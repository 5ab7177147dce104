"""Every billed provider answer is counted: `billed` (all attempts, from the worker's ledger)
beside `totals` (succeeded nodes only, from the workflow)."""

import pytest

from tests.activities.llm_conftest import chat_graph, run_through_api, usd
from tests.utils.fake_llm_server import Answer, Failure

SUMMARY = {
    "type": "object",
    "required": ["count"],
    "properties": {"count": {"type": "integer"}},
}


async def test_an_attempt_that_failed_after_the_answer_is_billed(api, fake_llm, llm_credentials):
    # Attempt 1: an answer that fails validation (billed), then its repair request fails
    # with a 503, so the attempt fails. Attempt 2: a valid answer.
    fake_llm.openai(
        Answer(text='{"count": "two"}', input_tokens=100, output_tokens=10),
        Failure(503, "overloaded"),
        Answer(text='{"count": 2}', input_tokens=40, output_tokens=4),
    )
    config = {
        "credential_id": llm_credentials.openai,
        "model": "gpt-4.1-mini",
        "messages": [{"role": "user", "content": "Count the orders."}],
        "output_schema": SUMMARY,
    }
    run = await run_through_api(api, chat_graph("llm.openai.chat", config))

    assert run["status"] == "completed", run
    assert run["nodes"]["ask"]["attempt"] == 2
    assert len(fake_llm.calls("openai")) == 3
    assert run["totals"]["input_tokens"] == 40 and run["totals"]["output_tokens"] == 4
    assert run["billed"]["input_tokens"] == 140 and run["billed"]["output_tokens"] == 14
    assert run["billed"]["answers"] == 2
    assert run["billed"]["cost"] == pytest.approx(usd("gpt-4.1-mini", 140, 14))

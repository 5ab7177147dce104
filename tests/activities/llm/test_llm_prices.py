"""The price table and its LLM_PRICES_JSON override; Retry-After and answer parsing rules."""

import email.utils
import time

import pytest

from activities.llm._common import (
    PRICES_ENV,
    BadAnswer,
    parse_answer,
    price_of,
    price_table,
    retry_after,
)
from tests.activities.llm_conftest import chat_graph, run_through_api
from tests.utils.fake_llm_server import Answer


def test_snapshots_cost_what_their_alias_costs_and_unknown_models_nothing():
    assert price_of("claude-haiku-4-5-20251001") == price_of("claude-haiku-4-5") == (1.0, 5.0)
    assert price_of("gpt-4.1-mini-2025-04-14") == price_of("gpt-4.1-mini")
    assert price_of("gpt-4.1-mini") != price_of("gpt-4.1")
    assert price_of("claude-sonnet-4-7") is None, "a newer model is not priced like an older one"


def test_the_override_adds_and_replaces_prices():
    table = price_table(
        '{"my-model": {"input": 1, "output": 2}, "gpt-4o": {"input": 0, "output": 0}}'
    )
    assert table["my-model"] == (1.0, 2.0) and table["gpt-4o"] == (0.0, 0.0)
    assert table["gpt-4.1"] == price_table("")["gpt-4.1"]


@pytest.mark.parametrize(
    "bad", ["[1]", "{", '{"m": {"input": 1}}', '{"m": {"input": "x", "output": 1}}']
)
def test_a_malformed_override_is_refused_with_the_expected_shape(bad):
    with pytest.raises(ValueError, match=f"{PRICES_ENV} must look like"):
        price_table(bad)


async def test_the_override_prices_a_run(api, fake_llm, llm_credentials, monkeypatch):
    monkeypatch.setenv(PRICES_ENV, '{"house-model": {"input": 10, "output": 100}}')
    fake_llm.openai(Answer(input_tokens=1000, output_tokens=100))
    config = {
        "credential_id": llm_credentials.openai,
        "model": "house-model",
        "messages": [{"role": "user", "content": "hi"}],
    }
    run = await run_through_api(api, chat_graph("llm.openai.chat", config))

    assert (run["output"]["ask"]["cost"], run["output"]["ask"]["cost_known"]) == (0.02, True)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers, seconds):
    assert retry_after(headers) == seconds


def test_retry_after_as_an_http_date():
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 0 < retry_after({"Retry-After": later}) <= 30


def test_answers_in_a_code_block_are_parsed_and_checked():
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    assert parse_answer('```json\n{"n": 1}\n```', schema) == {"n": 1}
    assert parse_answer(' {"n": 2} ', schema) == {"n": 2}
    with pytest.raises(BadAnswer, match=r"at \$\.n: 'x' is not of type 'integer'"):
        parse_answer('{"n": "x"}', schema)
    with pytest.raises(BadAnswer, match="not valid JSON"):
        parse_answer("The answer is 1.", schema)

"""Date & Time and Crypto → transform.set with now(), format_time() and hash()."""

import datetime as dt
import hashlib

import pytest

from importers.n8n import Scope, Untranslatable, translate
from interpreter import render

from ._export import converted_after_manual as _convert
from ._export import node
from ._export import report_lines as _lines
from ._inline import run_inline

CLOCK = dt.datetime(2026, 3, 9, 14, 5, 7, tzinfo=dt.UTC)
ROW = {"email": " Ada@Example.com ", "signed_up": "2026-02-01T09:30:00+00:00"}


def test_current_date_defaults_to_now_in_current_date() -> None:
    _, result = _convert(node("Now", "n8n-nodes-base.dateTime", 2, {}))
    assert run_inline(result.graph, ROW, CLOCK)["now"] == {
        "currentDate": "2026-03-09T14:05:07+00:00"
    }
    no_time = node(
        "Day", "n8n-nodes-base.dateTime", 2, {"includeTime": False, "outputFieldName": "day"}
    )
    _, result = _convert(no_time)
    assert run_inline(result.graph, ROW, CLOCK)["day"] == {"day": "2026-03-09T00:00:00+00:00"}


def test_format_date_uses_format_time_and_default_format() -> None:
    fmt = node(
        "Fmt",
        "n8n-nodes-base.dateTime",
        2,
        {"operation": "formatDate", "date": "={{ $json.signed_up }}"},
    )
    by_label, result = _convert(fmt)
    assert by_label["Fmt"]["data"]["config"]["fields"]["formattedDate"].startswith(
        "{{ format_time("
    )
    assert run_inline(result.graph, ROW)["fmt"] == {"formattedDate": "02/01/2026"}
    assert [line.parameter for line in _lines(result, "Fmt")] == ["date"]


def test_v1_moment_tokens_are_read_as_luxon_ones() -> None:
    legacy = node(
        "Old",
        "n8n-nodes-base.dateTime",
        1,
        {"value": "={{ $json.signed_up }}", "toFormat": "YYYY/MM/DD HH:mm"},
    )
    _, result = _convert(legacy)
    assert run_inline(result.graph, ROW)["old"] == {"data": "2026/02/01 09:30"}


def test_add_and_subtract_use_add_time_in_v2_and_v1() -> None:
    add = node(
        "Add",
        "n8n-nodes-base.dateTime",
        2,
        {"operation": "addToDate", "magnitude": "={{ $json.signed_up }}", "duration": 3},
    )
    by_label, result = _convert(add)
    assert by_label["Add"]["data"]["config"]["fields"]["newDate"] == (
        "{{ add_time((nodes.start.output.signed_up), `3`, 'days') }}"
    )
    assert run_inline(result.graph, ROW)["add"] == {"newDate": "2026-02-04T09:30:00+00:00"}
    sub = node(
        "Sub",
        "n8n-nodes-base.dateTime",
        2,
        {
            "operation": "subtractFromDate",
            "magnitude": "={{ $json.signed_up }}",
            "duration": 1,
            "timeUnit": "months",
            "outputFieldName": "before",
        },
    )
    _, result = _convert(sub)
    assert run_inline(result.graph, ROW)["sub"] == {"before": "2026-01-01T09:30:00+00:00"}
    calc = node(
        "Calc",
        "n8n-nodes-base.dateTime",
        1,
        {
            "action": "calculate",
            "value": "={{ $json.signed_up }}",
            "operation": "subtract",
            "duration": 90,
            "timeUnit": "minutes",
        },
    )
    _, result = _convert(calc)
    assert run_inline(result.graph, ROW)["calc"] == {"data": "2026-02-01T08:00:00+00:00"}


def test_unknown_tokens_rounding_differences_and_epochs_are_unsupported_with_reasons() -> None:
    date = "={{ $json.signed_up }}"
    cases = {
        "Long": {"operation": "formatDate", "date": date, "format": "MMMM dd yyyy"},
        "Round": {"operation": "roundDate", "date": date, "toNearest": "day"},
        "Between": {"operation": "getTimeBetweenDates", "startDate": date, "endDate": date},
        "Epoch": {"operation": "formatDate", "date": date, "format": "X"},
    }
    for name, parameters in cases.items():
        _, result = _convert(node(name, "n8n-nodes-base.dateTime", 2, parameters))
        (line,) = _lines(result, name)
        assert line.status == "unsupported", name
    _, result = _convert(node("Round", "n8n-nodes-base.dateTime", 2, cases["Round"]))
    assert "no date rounding" in _lines(result, "Round")[0].message
    _, result = _convert(node("Long", "n8n-nodes-base.dateTime", 2, cases["Long"]))
    assert "'MMMM dd yyyy'" in _lines(result, "Long")[0].message


def test_crypto_hash_defaults_to_md5_hex_in_data() -> None:
    digest = node("Hash", "n8n-nodes-base.crypto", 1, {"value": "={{ $json.email.trim() }}"})
    by_label, result = _convert(digest)
    assert by_label["Hash"]["data"]["config"]["fields"] == {
        "data": "{{ hash((trim(nodes.start.output.email)), 'md5') }}"
    }
    expected = hashlib.md5(b"Ada@Example.com").hexdigest()
    assert run_inline(result.graph, ROW)["hash"] == {"data": expected}


def test_crypto_sha_types_and_literal_values() -> None:
    for n8n_type, name in (("SHA256", "sha256"), ("SHA512", "sha512"), ("SHA3-256", "sha3_256")):
        digest = node(
            "H",
            "n8n-nodes-base.crypto",
            1,
            {"type": n8n_type, "value": "abc", "dataPropertyName": "h"},
        )
        _, result = _convert(digest)
        assert run_inline(result.graph, ROW)["h"] == {"h": hashlib.new(name, b"abc").hexdigest()}


def test_crypto_hmac_sign_generate_and_base64_are_unsupported() -> None:
    for name, params in {
        "Hmac": {"action": "hmac", "value": "x", "secret": "s"},
        "Sign": {"action": "sign", "value": "x", "privateKey": "k"},
        "Gen": {"action": "generate"},
        "B64": {"value": "x", "encoding": "base64"},
    }.items():
        _, result = _convert(node(name, "n8n-nodes-base.crypto", 1, params))
        (line,) = _lines(result, name)
        assert line.status == "unsupported", name


def test_luxon_plus_and_minus_with_a_unit_become_add_time() -> None:
    scope = Scope(json="inputs")
    assert translate("={{ $now.plus(3, 'days') }}", scope) == "{{ add_time(now(), `3`, 'days') }}"
    minus = translate("={{ $json.at.minus(2, 'hours') }}", scope)
    assert minus == "{{ add_time(inputs.at, multiply(`-1`, `2`), 'hours') }}"
    context = {"inputs": {"at": "2026-01-01T01:00:00+00:00"}, "nodes": {}}
    assert render(minus, context) == "2025-12-31T23:00:00+00:00"
    with pytest.raises(Untranslatable):  # object arguments are not in the subset yet
        translate("={{ $now.plus({ days: 3 }) }}", scope)

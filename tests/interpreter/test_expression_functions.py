"""Sluice's JMESPath functions (interpreter/_functions.py) through render()."""

import datetime as dt

import pytest

from interpreter import ExpressionError, render
from interpreter._functions import set_clock

CONTEXT = {"inputs": {"name": "  Ada ", "csv": "a,b", "n": 2, "tags": ["x", "vip"]}, "nodes": {}}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ upper(trim(inputs.name)) }}", "ADA"),
        ("{{ lower('AbC') }}", "abc"),
        ("{{ split(inputs.csv, ',') }}", ["a", "b"]),
        ("{{ join('-', split(inputs.csv, ',')) }}", "a-b"),
        ("{{ replace('a.b.c', '.', '/') }}", "a/b/c"),
        ("{{ replace_first('a.b.c', '.', '/') }}", "a/b.c"),
        ("{{ if_else(inputs.n > `1`, 'many', 'one') }}", "many"),
        ("{{ if_else(inputs.missing, 'yes', 'no') }}", "no"),
        ("{{ add(inputs.n, `3`) }}", 5),
        ("{{ add('n=', inputs.n) }}", "n=2"),
        ("{{ subtract(`5`, inputs.n) }}", 3),
        ("{{ multiply(`5`, inputs.n) }}", 10),
        ("{{ divide(`5`, inputs.n) }}", 2.5),
        ("{{ contains(inputs.tags, 'vip') }}", True),
        ("{{ length(inputs.tags) }}", 2),
    ],
)
def test_functions(template: str, expected: object) -> None:
    assert render(template, CONTEXT) == expected


def test_now_reads_the_run_clock_not_the_wall_clock() -> None:
    set_clock(dt.datetime(2020, 5, 17, 8, 30, tzinfo=dt.UTC))
    assert render("{{ now() }}", CONTEXT) == "2020-05-17T08:30:00+00:00"
    assert render("{{ today() }}", CONTEXT) == "2020-05-17T00:00:00+00:00"
    assert render("{{ format_time(now(), 'yyyy-MM-dd HH:mm') }}", CONTEXT) == "2020-05-17 08:30"


def test_add_refuses_what_is_not_a_number_or_text() -> None:
    with pytest.raises(ExpressionError, match="add"):
        render("{{ add(inputs.tags, `1`) }}", CONTEXT)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ hash('abc', 'md5') }}", "900150983cd24fb0d6963f7d28e17f72"),
        ("{{ hash('abc', 'SHA1') }}", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            "{{ hash('abc', 'sha256') }}",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            "{{ hash('abc', 'SHA3-256') }}",
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        ),
        ("{{ hash(inputs.n, 'md5') }}", "c81e728d9d4c2f636f067f89cc14862c"),  # "2"
        ("{{ hash(inputs.tags, 'md5') }}", "fe9e89b11f9529f6978a6b994ff36e72"),  # ["x","vip"]
    ],
)
def test_hash_is_the_hex_digest_of_text_or_compact_json(template: str, expected: str) -> None:
    assert render(template, CONTEXT) == expected
    assert render("{{ length(hash('abc', 'sha512')) }}", CONTEXT) == 128


def test_hash_refuses_an_unknown_algorithm() -> None:
    with pytest.raises(ExpressionError, match="hash"):
        render("{{ hash('abc', 'crc32') }}", CONTEXT)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ add_time('2026-01-31T10:00:00+00:00', `3`, 'days') }}", "2026-02-03T10:00:00+00:00"),
        ("{{ add_time('2026-01-31T10:00:00', `-90`, 'minutes') }}", "2026-01-31T08:30:00"),
        ("{{ add_time('2026-01-31', `1`, 'month') }}", "2026-02-28T00:00:00"),
        ("{{ add_time('2024-02-29', `1`, 'years') }}", "2025-02-28T00:00:00"),
        ("{{ add_time('2026-11-15', `1`, 'quarters') }}", "2027-02-15T00:00:00"),
        ("{{ add_time('2026-03-01', `-1`, 'months') }}", "2026-02-01T00:00:00"),
        ("{{ add_time('2026-03-01T00:00:00Z', `1.5`, 'weeks') }}", "2026-03-11T12:00:00+00:00"),
    ],
)
def test_add_time_adds_spans_and_calendar_months(template: str, expected: str) -> None:
    assert render(template, CONTEXT) == expected


@pytest.mark.parametrize(
    "template",
    [
        "{{ add_time('yesterday', `1`, 'days') }}",
        "{{ add_time('2026-01-01', `1`, 'fortnights') }}",
        "{{ add_time('2026-01-01', `0.5`, 'months') }}",
    ],
)
def test_add_time_refuses_bad_times_units_and_part_months(template: str) -> None:
    with pytest.raises(ExpressionError, match="add_time"):
        render(template, CONTEXT)

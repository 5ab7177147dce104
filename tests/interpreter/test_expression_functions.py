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

"""n8n expression → Sluice expression translation."""

import pytest

from importers.n8n.expressions import Scope, Source, Untranslatable, to_jmespath, translate

SCOPE = Scope(json="nodes.prev.output", nodes={"Fetch": Source("nodes.fetch.output.body")})


@pytest.mark.parametrize(
    ("n8n", "sluice"),
    [
        ("$json.x", "nodes.prev.output.x"),
        ('$json["a b"]', 'nodes.prev.output."a b"'),
        ("$('Fetch').item.json.id", "nodes.fetch.output.body.id"),
        ("$('Fetch').first().json.id", "nodes.fetch.output.body.id"),
        ('$node["Fetch"].json.id', "nodes.fetch.output.body.id"),
        ("$input.item.json.x", "nodes.prev.output.x"),
        ("$json.name.toLowerCase().trim()", "trim(lower(nodes.prev.output.name))"),
        ("$json.tags.includes('vip')", "contains(nodes.prev.output.tags, 'vip')"),
        ("$json.s.split(',').length", "length(split(nodes.prev.output.s, ','))"),
        ("$json.a + ' ' + $json.b",
         "join('', [to_string(nodes.prev.output.a), ' ', to_string(nodes.prev.output.b)])"),
        ("$json.n > 3 ? 'big' : 'small'", "if_else((nodes.prev.output.n) > (`3`), 'big', 'small')"),
        ("$now", "now()"),
    ],
)  # fmt: skip
def test_translates(n8n: str, sluice: str) -> None:
    assert to_jmespath(n8n, SCOPE) == sluice


def test_template_text_keeps_its_text() -> None:
    assert translate("=Hi {{ $json.name }}!", SCOPE) == "Hi {{ nodes.prev.output.name }}!"
    assert translate("plain", SCOPE) == "plain"


@pytest.mark.parametrize("n8n", ["foo()", "$json.items.map(i => i.x)", "$('Nope').item.json.x"])
def test_untranslatable_names_the_expression(n8n: str) -> None:
    with pytest.raises(Untranslatable) as info:
        translate("={{ " + n8n + " }}", SCOPE, "url")
    assert info.value.parameter == "url"
    assert n8n in info.value.expression

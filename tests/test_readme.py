"""README.md stays true: the two-command quick start, and a configuration table that matches
`Settings`."""

from pathlib import Path

from core.config_docs import BEGIN, END, settings_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_quick_start_is_two_commands():
    text = README.read_text()
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]


def test_configuration_table_matches_settings():
    text = README.read_text()
    current = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert current == settings_table(), (
        "README's configuration table is stale: paste `python -m core.config_docs`"
    )

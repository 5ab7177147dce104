"""Side-effect ledger and LLM usage rows older than their retention are deleted (PostgreSQL)."""

import uuid
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect
from sqlmodel import Session

from api.runs.recorder import RunRecorder
from core.config import Settings
from core.ledger_retention import LedgerRetention, main
from core.models import LlmUsage, SideEffect, utcnow


def add_rows(engine, ages: dict[str, float]) -> dict[str, tuple[str, int]]:
    """A side_effect and an llm_usage row per name, `ages[name]` days old: name → (key, id)."""
    rows = {}
    with Session(engine) as session:
        for name, days in ages.items():
            at = utcnow() - timedelta(days=days)
            key = f"retention-{uuid.uuid4()}:{name}"
            usage = LlmUsage(run_id=key, node_id=name, model="m", created_at=at)
            session.add(SideEffect(key=key, node_type="email.send", result={}, created_at=at))
            session.add(usage)
            session.flush()
            rows[name] = (key, usage.id)
        session.commit()
    return rows


def kept(engine, rows) -> dict[str, tuple[bool, bool]]:
    """name → (its side_effect row is still there, its llm_usage row is)."""
    with Session(engine) as session:
        return {
            name: (session.get(SideEffect, key) is not None, session.get(LlmUsage, id_) is not None)
            for name, (key, id_) in rows.items()
        }


def test_rows_past_their_retention_are_deleted(engine):
    rows = add_rows(engine, {"fresh": 0, "week": 8, "month": 31})

    effects, usage = LedgerRetention(side_effect_days=7, llm_usage_days=30).delete_expired(engine)

    assert kept(engine, rows) == {
        "fresh": (True, True),
        "week": (False, True),
        "month": (False, False),
    }
    assert effects >= 2 and usage >= 1
    for table in ("side_effect", "llm_usage"):  # deletes by age read an index
        assert ["created_at"] in [i["column_names"] for i in inspect(engine).get_indexes(table)]


def test_the_command_deletes_once_with_the_settings_or_its_options(
    engine, settings, monkeypatch, capsys
):
    rows = add_rows(engine, {"fresh": 0, "days": 6, "old": 500})
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LLM_USAGE_RETENTION_DAYS", "365")

    assert main(["--side-effect-days", "5"]) == 0

    out = capsys.readouterr().out
    assert "older than 5 days" in out and "older than 365 days" in out, out
    assert kept(engine, rows) == {
        "fresh": (True, True),
        "days": (False, True),
        "old": (False, False),
    }


def test_bad_retention_is_refused(monkeypatch, settings):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    with pytest.raises(SystemExit) as exit_:
        main(["--llm-usage-days", "0"])
    assert exit_.value.code == 2
    for name in ("side_effect_retention_days", "llm_usage_retention_days"):
        with pytest.raises(ValidationError) as error:
            Settings(**{name: 0})
        assert error.value.errors()[0]["loc"] == (name,)


async def test_the_api_recorder_cleans_hourly(engine, client):
    rows = add_rows(engine, {"fresh": 0, "old": 100})
    recorder = RunRecorder(client, engine, 3.0, LedgerRetention(90, 90))

    first = await recorder.clean_ledger()
    again = await recorder.clean_ledger()

    assert first is not None and first[0] >= 1 and first[1] >= 1
    assert again is None, "a second pass within the hour must wait"
    assert kept(engine, rows) == {"fresh": (True, True), "old": (False, False)}
    assert RunRecorder(client, engine, 3.0).retention is None
    assert await RunRecorder(client, engine, 3.0).clean_ledger() is None

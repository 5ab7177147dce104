"""Retention of the side-effect ledger and of billed LLM usage (both grow with every run).

`python -m core.ledger_retention [--side-effect-days N] [--llm-usage-days N]` deletes older
rows once; the API does the same every hour (api/runs/recorder.py). A side_effect row must
outlive every retry of its run: keep SIDE_EFFECT_RETENTION_DAYS above the Temporal
namespace's retention, past which a run can no longer be retried.
"""

import argparse
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlmodel import Session, col

from core.config import Settings, get_settings
from core.db import make_engine
from core.models import LlmUsage, SideEffect, utcnow


@dataclass(frozen=True)
class LedgerRetention:
    """How many days each ledger keeps its rows."""

    side_effect_days: float
    llm_usage_days: float

    @classmethod
    def from_settings(cls, settings: Settings) -> "LedgerRetention":
        return cls(settings.side_effect_retention_days, settings.llm_usage_retention_days)

    def delete_expired(self, engine: Engine, now: datetime | None = None) -> tuple[int, int]:
        """Delete rows older than the retention; answers (side_effect, llm_usage) deleted."""
        at = now or utcnow()
        with Session(engine) as session:
            effects = session.exec(  # type: ignore[call-overload]
                delete(SideEffect).where(
                    col(SideEffect.created_at) < at - timedelta(days=self.side_effect_days)
                )
            ).rowcount
            usage = session.exec(  # type: ignore[call-overload]
                delete(LlmUsage).where(
                    col(LlmUsage.created_at) < at - timedelta(days=self.llm_usage_days)
                )
            ).rowcount
            session.commit()
        return int(effects or 0), int(usage or 0)


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m core.ledger_retention")
    parser.add_argument(
        "--side-effect-days", type=float, help="default: SIDE_EFFECT_RETENTION_DAYS"
    )
    parser.add_argument("--llm-usage-days", type=float, help="default: LLM_USAGE_RETENTION_DAYS")
    args = parser.parse_args(argv)
    chosen = LedgerRetention.from_settings(settings)
    retention = LedgerRetention(
        chosen.side_effect_days if args.side_effect_days is None else args.side_effect_days,
        chosen.llm_usage_days if args.llm_usage_days is None else args.llm_usage_days,
    )
    if min(retention.side_effect_days, retention.llm_usage_days) <= 0:
        parser.error("retention days must be positive")
    engine = make_engine(settings.database_url)
    try:
        effects, usage = retention.delete_expired(engine)
    finally:
        engine.dispose()
    print(
        f"deleted {effects} side_effect row(s) older than {retention.side_effect_days:g} days, "
        f"{usage} llm_usage row(s) older than {retention.llm_usage_days:g} days"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

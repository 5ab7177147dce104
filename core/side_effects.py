"""The side-effect ledger: a node asks whether its key already took effect, and records it.

Single writer per key: the activity attempt that got the outside world's acceptance (the
SMTP server took the message, Twilio queued the SMS) records it right after. A worker that
dies between the acceptance and the record leaves one duplicate possible per such crash;
the chaos bench counts those (bench/faults/).
"""

from typing import Any

from sqlalchemy import Engine, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.models import LlmUsage, SideEffect


class SideEffectLedger:
    """Reads and writes `side_effect` rows; works on SQLite and PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def recorded(self, key: str) -> dict[str, Any] | None:
        """What the node returned when `key` took effect, or None if it never did."""
        with Session(self.engine) as session:
            row = session.get(SideEffect, key)
            return dict(row.result) if row is not None else None

    def record(self, key: str, node_type: str, result: dict[str, Any]) -> None:
        """Remember that `key` took effect; the first record wins."""
        with Session(self.engine) as session:
            session.add(SideEffect(key=key, node_type=node_type, result=result))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()


def record_usage(engine: Engine, usage: LlmUsage) -> None:
    """Add one billed provider answer (written right after the provider answered)."""
    with Session(engine) as session:
        session.add(usage)
        session.commit()


def billed(session: Session, temporal_id: str) -> dict[str, float]:
    """Tokens and cost of every billed LLM answer of a run and its child runs, every attempt."""
    like = temporal_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(
        func.coalesce(func.sum(LlmUsage.input_tokens), 0),
        func.coalesce(func.sum(LlmUsage.output_tokens), 0),
        func.coalesce(func.sum(LlmUsage.cost), 0.0),
        func.count(col(LlmUsage.id)),
    ).where(
        or_(
            col(LlmUsage.run_id) == temporal_id,
            col(LlmUsage.run_id).like(f"{like}-%", escape="\\"),
        )
    )
    tokens_in, tokens_out, cost, answers = session.exec(query).one()
    return {
        "input_tokens": float(tokens_in),
        "output_tokens": float(tokens_out),
        "cost": round(float(cost), 8),
        "answers": float(answers),
    }

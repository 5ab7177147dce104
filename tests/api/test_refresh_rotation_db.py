"""Refresh-token rotation is atomic in the database itself, on SQLite and on PostgreSQL:
threads racing with one token, each in its own session, leave exactly one winner."""

import threading

import pytest
from sqlmodel import Session

from api.accounts.security import split_opaque_token
from api.accounts.users import (
    Rotation,
    create_user,
    issue_refresh_token,
    rotate_refresh_token,
)
from api.migrate import migrate
from core.db import make_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rotation.db'}")
        migrate(engine)
    else:
        engine = make_engine(request.getfixturevalue("settings").database_url)
        migrate(engine)
    yield engine
    engine.dispose()


def _race(engine, token: str, racers: int = 4) -> list[Rotation]:
    """`racers` threads present `token` at the same moment, each in its own session."""
    record_id, secret = split_opaque_token(token)  # type: ignore[misc]
    barrier = threading.Barrier(racers)
    outcomes: list[Rotation] = []

    def rotate() -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            outcomes.append(
                rotate_refresh_token(session=session, record_id=record_id, secret=secret, days=1)
            )

    threads = [threading.Thread(target=rotate) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_racing_rotations_have_one_winner_and_revoke_the_family(engine, tmp_path):
    with Session(engine, expire_on_commit=False) as session:
        user = create_user(
            session=session, email=f"race-{tmp_path.name}@example.com", password="x", is_admin=False
        )
        tokens = [issue_refresh_token(session=session, user=user, days=1) for _ in range(3)]
    for token in tokens:
        outcomes = _race(engine, token)
        winners = [o for o in outcomes if o.token is not None]
        assert len(outcomes) == 4 and len(winners) == 1
        assert all(o.reused_by == user.id for o in outcomes if o.token is None)
        [successor] = _race(engine, winners[0].token, racers=1)  # type: ignore[arg-type]
        assert successor.token is None, "the losers' reuse revoked the winner's successor too"

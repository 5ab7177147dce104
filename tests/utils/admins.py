"""Making an administrator directly in the database (the first user is one, but tests run in
any order)."""

from sqlmodel import Session, select

from core.config import Settings
from core.db import make_engine
from core.models import User


def promote_to_admin(settings: Settings, email: str) -> None:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            user = session.exec(select(User).where(User.email == email.lower())).one()
            user.is_admin = True
            session.add(user)
            session.commit()
    finally:
        engine.dispose()

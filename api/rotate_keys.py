"""`python -m api.rotate_keys`: re-seal every credential (and webhook URL) with the active key.

Add the new key to CREDENTIAL_KEYS (keep the old ones), set CREDENTIAL_ACTIVE_KEY to it, run
this, then drop the old keys.
"""

import sys

from sqlmodel import Session, select

from core.config import Settings, get_settings
from core.db import make_engine
from core.keys import credential_keyring
from core.models import Trigger

from .credentials.store import rotate_keys
from .migrate import migrate
from .triggers.tokens import reseal_tokens


def rotate(settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        keyring = credential_keyring(settings)
        with Session(engine) as session:
            count = rotate_keys(session=session, keyring=keyring)
            urls = reseal_tokens(list(session.exec(select(Trigger)).all()), keyring)
            session.commit()
            print(f"re-sealed {urls} webhook URL(s)", file=sys.stderr)
            return count
    finally:
        engine.dispose()


if __name__ == "__main__":
    settings = get_settings()
    count = rotate(settings)
    active = credential_keyring(settings).active
    print(f"re-sealed {count} credential(s) with key {active!r}", file=sys.stderr)

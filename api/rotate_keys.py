"""`python -m api.rotate_keys`: re-seal every credential with the active key.

Add the new key to CREDENTIAL_KEYS (keep the old ones), set CREDENTIAL_ACTIVE_KEY to it, run
this, then drop the old keys.
"""

import sys

from sqlmodel import Session

from .core.config import Settings, get_settings
from .core.db import make_engine, migrate
from .core.keys import credential_keyring
from .crud.credentials import rotate_keys


def rotate(settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        keyring = credential_keyring(settings)
        with Session(engine) as session:
            return rotate_keys(session=session, keyring=keyring)
    finally:
        engine.dispose()


if __name__ == "__main__":
    settings = get_settings()
    count = rotate(settings)
    active = credential_keyring(settings).active
    print(f"re-sealed {count} credential(s) with key {active!r}", file=sys.stderr)

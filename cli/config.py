"""Where the CLI keeps its login: the API address and a refresh token, readable by you only."""

import json
import os
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import typer

DEFAULT_API = "http://127.0.0.1:8000"
FILE_NAME = "session.json"


def config_dir() -> Path:
    """`SLUICE_CONFIG_DIR`, else the platform's config folder (e.g. ~/.config/sluice)."""
    override = os.environ.get("SLUICE_CONFIG_DIR")
    return Path(override) if override else Path(typer.get_app_dir("sluice"))


@dataclass
class Login:
    api: str
    refresh_token: str
    email: str = ""
    access_token: str = ""
    access_expires_at: float = 0.0

    def access_fresh(self, margin: float = 30.0) -> bool:
        return bool(self.access_token) and time.time() < self.access_expires_at - margin


def load() -> Login | None:
    path = config_dir() / FILE_NAME
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    known = {f.name for f in fields(Login)}
    if not isinstance(raw, dict) or not raw.get("refresh_token"):
        return None
    return Login(**{k: v for k, v in raw.items() if k in known})


def save(login: Login) -> Path:
    """Write atomically with mode 0600 in a 0700 folder: the token is as good as a password."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    path = folder / FILE_NAME
    temporary = folder / f".{FILE_NAME}.{os.getpid()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(asdict(login), out)
    os.replace(temporary, path)
    return path


def clear() -> None:
    (config_dir() / FILE_NAME).unlink(missing_ok=True)

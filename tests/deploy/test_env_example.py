""".env.example documents every setting, and its placeholders stop a production start."""

import re

import pytest
from pydantic import ValidationError

from core.config import Settings
from core.keys import credential_keyring, payload_keyring
from tests.deploy.files import (
    COMPOSE,
    ENV_EXAMPLE,
    NOT_YET_SETTINGS,
    ROOT,
    known_names,
    setting_names,
    setting_prefixes,
)

LINE = re.compile(r"^(#\s?)?([A-Z][A-Z0-9_]*)=(.*)$")


def entries() -> dict[str, tuple[bool, str]]:
    """NAME -> (set, value), for `NAME=value` (set) and `# NAME=value` (documented default)."""
    found = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = LINE.match(line)
        if match:
            found[match.group(2)] = (match.group(1) is None, match.group(3))
    return found


def test_every_setting_is_listed():
    missing = setting_names() - set(entries())
    assert not missing, f".env.example lacks {sorted(missing)}: add a line and a comment each"


def test_every_listed_sluice_name_is_a_setting():
    sluice_like = {n for n in entries() if any(n.startswith(p) for p in setting_prefixes())}
    unknown = sluice_like - known_names()
    assert not unknown, f".env.example lists names no code reads: {sorted(unknown)}"


def test_every_compose_variable_is_listed():
    referenced = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", COMPOSE.read_text()))
    assert referenced - set(entries()) == set()


@pytest.mark.parametrize("name", sorted(NOT_YET_SETTINGS))
def test_variables_outside_settings_are_still_read(name):
    source = (ROOT / NOT_YET_SETTINGS[name]).read_text()
    assert name in setting_names() or name in source, f"nothing reads {name} any more"


def test_documented_defaults_match_settings():
    # The code's defaults, not this environment's (tests set BLOB_DIR, for one).
    defaults = Settings.model_construct()
    for name, (is_set, value) in entries().items():
        field = name.lower()
        if is_set or field not in Settings.model_fields or value == "":
            continue
        default = getattr(defaults, field)
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        if isinstance(default, float) and default.is_integer():
            shown = str(int(default))
        if isinstance(default, list):
            shown = "[]" if not default else str(default)
        assert value == shown, f"{name}: .env.example says {value!r}, Settings {shown!r}"


def test_secrets_are_set_only_as_placeholders_that_refuse_to_start(monkeypatch):
    listed = entries()
    for name in ("SECRET_KEY", "CREDENTIAL_KEYS", "PAYLOAD_KEYS", "POSTGRES_PASSWORD"):
        assert listed[name][0], f"{name} must be an uncommented, required line"
    values = {n: v for n, (is_set, v) in listed.items() if is_set and n in setting_names()}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("ENVIRONMENT", "local")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    for keyring in (credential_keyring, payload_keyring):
        with pytest.raises(ValueError, match="32 bytes"):
            keyring(settings)

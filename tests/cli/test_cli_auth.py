"""`sluice login`, `whoami`, `logout`: the stored login and what happens without one."""

import json
import stat
import uuid

from tests.cli.conftest import Cli
from tests.utils.accounts import PASSWORD


async def test_login_keeps_a_private_refresh_token(cli: Cli) -> None:
    stored = cli.config_dir / "session.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(cli.config_dir.stat().st_mode) == 0o700
    saved = json.loads(stored.read_text())
    assert saved["api"] == cli.api_url and saved["refresh_token"]

    me = await cli("whoami", "--json")
    assert me.code == 0, me.err
    assert me.json()["email"] == cli.email
    assert saved["refresh_token"] not in me.out


async def test_an_expired_access_token_is_refreshed_and_the_new_refresh_token_kept(
    cli: Cli,
) -> None:
    stored = cli.config_dir / "session.json"
    saved = json.loads(stored.read_text())
    stored.write_text(json.dumps({**saved, "access_expires_at": 0}))
    me = await cli("whoami", "--json")
    assert me.code == 0, me.err
    rotated = json.loads(stored.read_text())
    assert rotated["refresh_token"] != saved["refresh_token"]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


async def test_logout_revokes_the_token(cli: Cli) -> None:
    token = json.loads((cli.config_dir / "session.json").read_text())["refresh_token"]
    out = await cli("logout")
    assert out.code == 0, out.err
    assert not (cli.config_dir / "session.json").exists()
    again = await cli("whoami")
    assert again.code == 2 and "sluice login" in again.err
    # The revoked token no longer works even if someone kept a copy.
    (cli.config_dir / "session.json").write_text(
        json.dumps({"api": cli.api_url, "refresh_token": token})
    )
    stolen = await cli("whoami")
    assert stolen.code == 2 and "log in again" in stolen.err


async def test_a_wrong_password_says_so_and_stores_nothing(cli: Cli, tmp_path) -> None:
    other = Cli(cli.api_url, tmp_path / "other", f"nobody-{uuid.uuid4().hex[:6]}@example.com")
    result = await other("login", "--email", other.email, "--password", PASSWORD)
    assert result.code == 1 and "401" in result.err
    assert not (tmp_path / "other" / "session.json").exists()


async def test_an_unreachable_api_names_the_address_and_the_setting(cli: Cli, tmp_path) -> None:
    from worker.dev_server import free_port

    dead = f"http://127.0.0.1:{free_port()}"
    result = await cli("--api", dead, "workflows", "list")
    assert result.code == 1
    assert dead in result.err and "SLUICE_API" in result.err

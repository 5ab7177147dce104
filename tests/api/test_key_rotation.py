"""Rotating the credential key keeps every credential readable."""

import base64
import subprocess
import sys

from api.main import create_app
from core.keys import derive_key, new_key
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow
from tests.utils.asgi import serve
from tests.utils.triggers import webhook_graph


async def test_rotate_keys_reseals_and_keeps_credentials_readable(settings):
    # Other tests sealed theirs with the default key derived from SECRET_KEY: moving from it
    # to explicit keys is the rotation a real deployment does first.
    derived = base64.urlsafe_b64encode(derive_key(settings.secret_key, "sluice credentials"))
    old = f"derived:{derived.decode()},k1:{new_key()}"
    new = f"k2:{new_key()}"
    before = settings.model_copy(update={"credential_keys": old, "credential_active_key": "k1"})
    async with serve(create_app(before)) as http:
        auth = await sign_up(http)
        created = await http.post(
            "/api/credentials",
            headers=auth,
            json={
                "name": "db",
                "type": "http_basic",
                "data": {"username": "ada", "password": "pw-1"},
            },
        )
        assert created.status_code == 201
        http.headers.update(auth)
        hooked = await create_workflow(http, webhook_graph(), name="rotated hook")
        url = (await http.get(f"/api/workflows/{hooked['id']}/triggers", headers=auth)).json()
    both = settings.model_copy(
        update={"credential_keys": f"{old},{new}", "credential_active_key": "k2"}
    )
    env = {
        "DATABASE_URL": settings.database_url,
        "CREDENTIAL_KEYS": both.credential_keys,
        "CREDENTIAL_ACTIVE_KEY": "k2",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "api.rotate_keys"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "with key 'k2'" in result.stderr
    urls = int(result.stderr.split(" webhook URL(s)")[0].rsplit(" ", 1)[1])
    assert urls >= 1, "the webhook's sealed copy moves to the new key too"
    rotated = int(result.stderr.split("re-sealed ")[1].split()[0])
    assert rotated >= 1
    only_new = settings.model_copy(update={"credential_keys": new})
    async with serve(create_app(only_new)) as http:
        response = await http.get(f"/api/credentials/{created.json()['id']}", headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["public"] == {"username": "ada"}
        listed = await http.get(f"/api/workflows/{hooked['id']}/triggers", headers=auth)
        assert listed.json() == url, "the webhook URL opens with the new key alone"

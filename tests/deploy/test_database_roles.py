"""The app's database role is not the superuser and is not Temporal's: compose, Kubernetes,
and deploy/postgres/init-roles.sh run against the real PostgreSQL."""

import os
import subprocess
import uuid

import psycopg
import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_ADMIN_URL
from tests.deploy.files import K8S, ROOT, environment, is_sluice, services

INIT_ROLES = ROOT / "deploy" / "postgres" / "init-roles.sh"


def test_compose_gives_the_app_and_temporal_their_own_roles():
    postgres, temporal = services()["postgres"], services()["temporal"]
    admin = environment(postgres)
    assert admin["POSTGRES_USER"] == "postgres" and "POSTGRES_DB" not in admin
    mount = next(v for v in postgres["volumes"] if "docker-entrypoint-initdb.d" in v)
    assert (ROOT / mount.split(":")[0]).resolve() == INIT_ROLES
    passwords = [admin[k] for k in ("POSTGRES_PASSWORD", "POSTGRES_SLUICE_PASSWORD")]
    passwords.append(admin["POSTGRES_TEMPORAL_PASSWORD"])
    assert len({p.split(":?")[0] for p in passwords}) == 3, "one password per role"
    assert all(p.startswith("${") and ":?" in p for p in passwords), "required, not baked"

    env = environment(temporal)
    assert env["POSTGRES_USER"] == "temporal"
    assert env["POSTGRES_PWD"].startswith("${POSTGRES_TEMPORAL_PASSWORD:?")
    assert env["SKIP_DB_CREATE"] == "true"  # the role may not create databases

    sluice = [s for s in services().values() if is_sluice(s)]
    assert {"api", "worker", "migrate"} <= {n for n, s in services().items() if is_sluice(s)}
    for service in sluice:
        env = environment(service)
        url = make_url(env["DATABASE_URL"].replace("${", "").replace("}", ""))
        assert (url.username, url.database) == ("sluice", "sluice")
        assert env["DATABASE_URL"].count("${POSTGRES_SLUICE_PASSWORD:?") == 1
        # env_file passes all of .env: the other roles' passwords are blanked.
        assert env["POSTGRES_PASSWORD"] == "" and env["POSTGRES_TEMPORAL_PASSWORD"] == ""


def test_kubernetes_names_the_app_role_and_documents_the_roles():
    secret = yaml.safe_load((K8S / "secret.example.yaml").read_text())
    url = make_url(secret["stringData"]["DATABASE_URL"].replace("<", "").replace(">", ""))
    assert (url.username, url.database) == ("sluice", "sluice")
    readme = (K8S / "README.md").read_text()
    assert "deploy/postgres/init-roles.sh" in readme and "## Database roles" in readme


@pytest.fixture
def roles():
    """Unique role names for one run of the script, dropped afterwards."""
    prefix = f"roles_{uuid.uuid4().hex[:8]}"
    names = {"app": f"{prefix}_app", "temporal": f"{prefix}_tmp"}
    yield names
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        for database in (names["app"], names["temporal"], f"{names['temporal']}_visibility"):
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in names.values():
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_init_roles_makes_two_unprivileged_owners(roles):
    admin_url = make_url(POSTGRES_ADMIN_URL)
    env = {
        **os.environ,
        "PGHOST": admin_url.host or "127.0.0.1",
        "PGPORT": str(admin_url.port or 5432),
        "PGUSER": admin_url.username or "postgres",
        "POSTGRES_SLUICE_ROLE": roles["app"],
        "POSTGRES_TEMPORAL_ROLE": roles["temporal"],
        "POSTGRES_SLUICE_PASSWORD": "app-secret-1",
        "POSTGRES_TEMPORAL_PASSWORD": "temporal-secret-2",
    }
    env.pop("POSTGRES_USER", None)
    if admin_url.password:
        env["PGPASSWORD"] = admin_url.password
    done = subprocess.run(["sh", str(INIT_ROLES)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    app, temporal = roles["app"], roles["temporal"]
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        flags = admin.execute(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles "
            "WHERE rolname = ANY(%s) ORDER BY rolname",
            [[app, temporal]],
        ).fetchall()
        owners = dict(
            admin.execute(
                "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE %s",
                [f"{app.rsplit('_', 1)[0]}%"],
            ).fetchall()
        )
        may_connect = admin.execute(
            "SELECT has_database_privilege(%s, %s, 'CONNECT'), "
            "has_database_privilege(%s, %s, 'CONNECT')",
            [app, temporal, temporal, app],
        ).fetchone()
    assert flags == [(app, False, False, False, True), (temporal, False, False, False, True)]
    assert owners == {app: app, temporal: temporal, f"{temporal}_visibility": temporal}
    assert may_connect == (False, False), "neither role reaches the other's database"
    # The app role can do what migrations need in its own database.
    url = make_url(POSTGRES_ADMIN_URL).set(
        username=app, password="app-secret-1", database=app, drivername="postgresql"
    )
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as own:
        own.execute("CREATE TABLE probe (id int PRIMARY KEY)")
        assert own.execute("SELECT current_user").fetchone() == (app,)

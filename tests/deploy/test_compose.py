"""docker-compose.yml: health checks, ordering, pinned images, setting names, no secrets."""

import pytest

from core.temporal import SEARCH_ATTRIBUTES
from tests.deploy.files import (
    DYNAMIC_CONFIG,
    ROOT,
    compose,
    environment,
    image_is_pinned,
    is_reference,
    is_secret_name,
    is_sluice,
    known_names,
    one_shots,
    services,
    url_password,
)

LONG_RUNNING = sorted(set(services()) - one_shots())


def test_the_stack_has_every_piece():
    expected = {"postgres", "temporal", "temporal-setup", "temporal-ui", "migrate", "api", "worker"}
    assert expected <= set(services())
    assert one_shots() == {"migrate", "temporal-setup"}


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_health_check_and_restarts(name):
    service = services()[name]
    check = service.get("healthcheck") or {}
    assert check.get("test") and not check.get("disable"), f"{name} has no health check"
    assert service.get("restart") in ("unless-stopped", "always"), f"{name} is not restarted"


@pytest.mark.parametrize("name", sorted(one_shots()))
def test_one_shot_services_run_once(name):
    assert services()[name].get("restart") == "no"


def test_dependencies_wait_for_health_or_completion():
    for name, service in services().items():
        for dep, rule in (service.get("depends_on") or {}).items():
            assert isinstance(rule, dict), f"{name} -> {dep}: give a condition"
            expected = "service_completed_successfully" if dep in one_shots() else "service_healthy"
            assert rule.get("condition") == expected, f"{name} -> {dep}"
    assert set(services()["api"]["depends_on"]) >= {"migrate", "temporal-setup"}
    assert set(services()["worker"]["depends_on"]) >= {"migrate", "temporal-setup"}


@pytest.mark.parametrize("name", sorted(services()))
def test_every_image_is_pinned(name):
    image = services()[name].get("image", "")
    assert image_is_pinned(image), f"{name}: {image!r} is not pinned to a version"


def test_api_can_scale_and_workers_run_two():
    assert not any("container_name" in s for s in services().values())
    assert services()["worker"]["deploy"]["replicas"] == 2
    assert "replicas" in services()["api"]["deploy"]


def test_data_lives_in_named_volumes():
    volumes = compose().get("volumes") or {}
    mounts = services()["postgres"]["volumes"]
    assert any(m.split(":")[0] in volumes and "/var/lib/postgresql/data" in m for m in mounts)


@pytest.mark.parametrize("name", [n for n, s in services().items() if is_sluice(s)])
def test_sluice_containers_get_only_names_settings_reads(name):
    env = environment(services()[name])
    # Blanking is allowed: env_file passes all of .env, other roles' passwords included.
    unknown = {k for k, v in env.items() if v != ""} - known_names()
    assert not unknown, f"{name} sets variables Settings does not read: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(services()))
def test_no_secret_is_written_in_the_file(name):
    for key, value in environment(services()[name]).items():
        if is_secret_name(key) and value != "":  # "" blanks a value env_file passed
            assert is_reference(value), f"{name}.{key} must be a ${{VAR}} reference, no default"
        password = url_password(value)
        assert password in (None, "REF"), f"{name}.{key} has a password written in its URL"


def test_secrets_come_from_dot_env():
    for service in (s for s in services().values() if is_sluice(s)):
        assert service["env_file"] in (".env", [".env"])
        env = environment(service)
        for key in ("SECRET_KEY", "CREDENTIAL_KEYS", "PAYLOAD_KEYS"):
            assert is_reference(env[key]) and ":?" in env[key], f"{key} must be required"


def test_workers_and_api_expose_what_monitoring_will_scrape():
    worker, api = services()["worker"], services()["api"]
    assert environment(worker)["WORKER_METRICS_PORT"] == "9464"
    assert "9464" in [str(p) for p in worker["expose"]]
    assert worker["healthcheck"]["test"][-1] == "worker"
    assert any(str(p).endswith(":8000") for p in api["ports"])
    # /metrics on its own port, reachable on the compose network only, never published.
    assert environment(api)["API_METRICS_HOST"] == "0.0.0.0"
    assert "9463" in [str(p) for p in api["expose"]]
    assert not any("9463" in str(p) for p in api["ports"])
    assert api["healthcheck"]["test"][-1] == "api"


def test_several_containers_share_blobs_through_the_database():
    for service in (s for s in services().values() if is_sluice(s)):
        assert environment(service)["BLOB_BACKEND"] == "database"


def test_temporal_reads_the_tuned_dynamic_config():
    temporal = services()["temporal"]
    env = environment(temporal)
    assert temporal["image"].startswith("temporalio/auto-setup:")
    assert env["DB"] == "postgres12"  # SQL visibility with the queries the API runs
    mount = next(v for v in temporal["volumes"] if "dynamicconfig" in v)
    host, container = mount.split(":")[:2]
    assert (ROOT / host).resolve() == DYNAMIC_CONFIG.parent
    path = env["DYNAMIC_CONFIG_FILE_PATH"]
    assert f"/etc/temporal/{path}" == f"{container}/{DYNAMIC_CONFIG.name}"


def test_temporal_setup_registers_every_search_attribute():
    setup = services()["temporal-setup"]
    assert setup["image"].startswith("temporalio/admin-tools:")
    registered = dict(arg.split("=") for arg in setup["command"])
    assert registered == SEARCH_ATTRIBUTES
    script = next(v for v in setup["volumes"] if v.split(":")[1] == setup["entrypoint"][-1])
    assert (ROOT / script.split(":")[0]).is_file()


def test_the_web_ui_decrypts_through_the_api_codec():
    ui = services()["temporal-ui"]
    env = environment(ui)
    assert ui["image"].startswith("temporalio/ui:")
    assert env["TEMPORAL_CODEC_ENDPOINT"].endswith("/api/codec")
    assert env["TEMPORAL_CODEC_INCLUDE_CREDENTIALS"] == "true"

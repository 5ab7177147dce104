"""deploy/k8s: probes, resources, the worker HPA, pinned images, setting names, no secrets."""

import re

import pytest
import yaml

from core.temporal import SEARCH_ATTRIBUTES
from tests.deploy.files import (
    K8S,
    containers,
    image_is_pinned,
    is_secret_name,
    k8s_documents,
    k8s_kind,
    known_names,
    pod_spec,
    url_password,
)

DEPLOYMENTS = {doc["metadata"]["name"]: doc for doc in k8s_kind("Deployment")}
SLUICE_IMAGE = re.compile(r"^sluice[:@]")


def deployment_containers():
    return [
        (name, container)
        for name, doc in DEPLOYMENTS.items()
        for container in pod_spec(doc)["containers"]  # type: ignore[index]
    ]


def test_api_and_worker_are_deployments():
    assert set(DEPLOYMENTS) == {"sluice-api", "sluice-worker"}


@pytest.mark.parametrize(("name", "container"), deployment_containers())
def test_every_deployment_has_probes_and_resources(name, container):
    assert container.get("readinessProbe"), f"{name}: no readiness probe"
    assert container.get("livenessProbe"), f"{name}: no liveness probe"
    resources = container.get("resources", {})
    assert {"cpu", "memory"} <= set(resources.get("requests", {})), f"{name}: requests"
    assert "memory" in resources.get("limits", {}), f"{name}: no memory limit"


def test_api_liveness_and_readiness_paths():
    [api] = pod_spec(DEPLOYMENTS["sluice-api"])["containers"]  # type: ignore[index]
    assert api["livenessProbe"]["httpGet"]["path"] == "/api/health"
    assert api["readinessProbe"]["httpGet"]["path"] == "/api/ready"
    assert api["ports"][0]["containerPort"] == 8000


def test_worker_probes_use_the_metrics_port():
    [worker] = pod_spec(DEPLOYMENTS["sluice-worker"])["containers"]  # type: ignore[index]
    ports = {p["name"]: p["containerPort"] for p in worker["ports"]}
    assert ports["metrics"] == 9464
    for probe in ("readinessProbe", "livenessProbe"):
        port = worker[probe]["tcpSocket"]["port"]
        assert ports.get(port, port) == 9464


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_pods_run_as_non_root_on_a_read_only_filesystem(name):
    spec = pod_spec(DEPLOYMENTS[name])
    assert spec["securityContext"]["runAsNonRoot"] is True  # type: ignore[index]
    for container in spec["containers"]:  # type: ignore[index]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["allowPrivilegeEscalation"] is False


def test_the_hpa_scales_the_worker_deployment():
    [hpa] = k8s_kind("HorizontalPodAutoscaler")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["apiVersion"], target["kind"], target["name"]) == (
        "apps/v1",
        "Deployment",
        "sluice-worker",
    )
    assert hpa["spec"]["minReplicas"] >= 2
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert "replicas" not in DEPLOYMENTS["sluice-worker"]["spec"], "the HPA owns the count"


def test_every_image_is_pinned():
    for owner, container in containers():
        assert image_is_pinned(container["image"]), f"{owner}: {container['image']!r}"


def sluice_names() -> set[str]:
    """Every variable name handed to a Sluice container: env, the ConfigMap, the Secret."""
    names = {
        env["name"]
        for _, container in containers()
        if SLUICE_IMAGE.match(container["image"])
        for env in container.get("env", [])
    }
    for kind in ("ConfigMap", "Secret"):
        for doc in k8s_kind(kind):
            if doc["metadata"]["name"] in ("sluice-config", "sluice-secrets"):
                names |= set(doc.get("data") or {}) | set(doc.get("stringData") or {})
    return names


def test_sluice_containers_get_only_names_settings_reads():
    unknown = sluice_names() - known_names()
    assert not unknown, f"not read by Settings: {sorted(unknown)}"


def test_sluice_containers_read_the_config_map_and_the_secret():
    for owner, container in containers():
        if SLUICE_IMAGE.match(container["image"]):
            sources = {next(iter(ref.values()))["name"] for ref in container.get("envFrom", [])}
            assert sources == {"sluice-config", "sluice-secrets"}, owner


def test_no_secret_is_written_in_a_manifest():
    for owner, container in containers():
        for env in container.get("env", []):
            if is_secret_name(env["name"]):
                assert "secretKeyRef" in env.get("valueFrom", {}), f"{owner}: {env['name']}"
    for config in k8s_kind("ConfigMap"):
        for key, value in (config.get("data") or {}).items():
            assert not is_secret_name(key), f"{key} belongs in the Secret"
            assert url_password(str(value)) is None, f"{key} has a password in its URL"
    for secret in k8s_kind("Secret"):
        for key, value in (secret.get("stringData") or {}).items():
            assert re.search(r"<[^>]+>", value), f"{key}: only <placeholders> in templates"
        assert not secret.get("data"), "templates use stringData placeholders, never data"


def test_kustomization_applies_long_running_pieces_but_not_templates_or_jobs():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert all((K8S / name).is_file() for name in listed)
    by_kind = {name: doc["kind"] for name, doc in k8s_documents()}
    assert not {n for n in listed if by_kind.get(n) in ("Secret", "Job")}
    assert {"api.yaml", "worker.yaml", "worker-hpa.yaml", "configmap.yaml"} <= listed


def test_jobs_run_migrations_and_register_search_attributes():
    jobs = {doc["metadata"]["name"]: pod_spec(doc)["containers"][0] for doc in k8s_kind("Job")}  # type: ignore[index]
    assert jobs["sluice-migrate"]["args"] == ["migrate"]
    setup = jobs["sluice-temporal-setup"]
    assert dict(arg.split("=") for arg in setup["args"]) == SEARCH_ATTRIBUTES


def test_services_select_pods_that_exist():
    pod_labels = [doc["spec"]["template"]["metadata"]["labels"] for doc in DEPLOYMENTS.values()]
    for service in k8s_kind("Service"):
        selector = service["spec"]["selector"]
        assert any(selector.items() <= labels.items() for labels in pod_labels), service


def test_api_metrics_are_scraped_on_their_own_port_which_the_service_leaves_out():
    api = DEPLOYMENTS["sluice-api"]
    [container] = pod_spec(api)["containers"]  # type: ignore[index]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    annotations = api["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(ports["metrics"]) == "9463"
    [config] = k8s_kind("ConfigMap")
    assert config["data"]["API_METRICS_PORT"] == "9463"
    assert config["data"]["API_METRICS_HOST"] == "0.0.0.0"  # the scraper reaches the pod
    [service] = [s for s in k8s_kind("Service") if s["metadata"]["name"] == "sluice-api"]
    assert [p["targetPort"] for p in service["spec"]["ports"]] == ["http"]

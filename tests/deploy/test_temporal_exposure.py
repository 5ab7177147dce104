"""The Temporal frontend and Web UI stay off the public network in the shipped manifests."""

import yaml

from tests.deploy.files import K8S, k8s_documents, k8s_kind, pod_spec, services

TEMPORAL_PORTS = {"temporal": 7233, "temporal-ui": 8080}


def published(service: dict) -> list[str]:
    return [str(p) for p in service.get("ports") or []]


def test_compose_binds_the_frontend_and_the_ui_to_localhost_only():
    for name, port in TEMPORAL_PORTS.items():
        ports = published(services()[name])
        assert ports, f"{name} publishes nothing to check"
        for mapping in ports:
            assert mapping.startswith("127.0.0.1:"), f"{name}: {mapping} listens beyond localhost"
            assert mapping.endswith(f":{port}")


def test_no_other_compose_service_publishes_a_temporal_port():
    for name, service in services().items():
        if name in TEMPORAL_PORTS:
            continue
        for mapping in published(service):
            target = int(mapping.rsplit(":", 1)[-1].split("/")[0])
            assert target not in TEMPORAL_PORTS.values(), f"{name} publishes {mapping}"


def test_every_k8s_service_is_cluster_internal():
    for service in k8s_kind("Service"):
        kind = service["spec"].get("type", "ClusterIP")
        assert kind == "ClusterIP", f"{service['metadata']['name']} is a {kind}"


def test_no_ingress_publishes_the_temporal_ui_without_authentication():
    for ingress in k8s_kind("Ingress"):
        annotations = ingress["metadata"].get("annotations") or {}
        backends = yaml.safe_dump(ingress["spec"])
        if "temporal" in backends:
            assert any("auth-url" in key for key in annotations), ingress["metadata"]["name"]


def policies() -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in k8s_kind("NetworkPolicy")}


def sluice_components() -> set[str]:
    """The component labels of Sluice's pods (Deployments and Jobs)."""
    found = set()
    for _, doc in k8s_documents():
        if pod_spec(doc) is not None:
            template = doc["spec"].get("jobTemplate", {}).get("spec", doc["spec"])["template"]
            found.add(template["metadata"]["labels"].get("app.kubernetes.io/component"))
    return found


def test_the_frontend_admits_only_temporal_and_sluice_api_worker_setup_pods():
    policy = policies()["temporal-frontend-from-sluice"]["spec"]
    assert policy["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "frontend"
    assert policy["policyTypes"] == ["Ingress"]
    own, sluice = policy["ingress"]
    assert own["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "temporal"}}}]
    [peer] = sluice["from"]
    assert peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "sluice"}
    [expression] = peer["podSelector"]["matchExpressions"]
    allowed = set(expression["values"])
    assert expression["operator"] == "In" and allowed == {"api", "worker", "temporal-setup"}
    assert allowed <= sluice_components(), "each allowed component is a real Sluice pod"
    assert "blobs-cleanup" not in allowed and "migrate" not in allowed
    assert sluice["ports"] == [{"protocol": "TCP", "port": 7233}]


def test_the_web_ui_admits_only_pods_of_its_own_namespace():
    policy = policies()["temporal-web-private"]["spec"]
    assert policy["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "web"
    for rule in policy["ingress"]:
        for peer in rule["from"]:
            assert set(peer) == {"podSelector"}, f"{peer} reaches beyond the namespace"


def test_policies_are_applied_by_hand_into_temporals_namespace():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert "temporal-network-policy.yaml" not in kustomization["resources"], (
        "kustomize would move it into the sluice namespace"
    )
    assert {p["metadata"]["namespace"] for p in policies().values()} == {"temporal"}
    assert "temporal-network-policy.yaml" in (K8S / "README.md").read_text()

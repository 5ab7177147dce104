"""The deployment files, parsed, and the rules they share (setting names, what is secret)."""

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
K8S = ROOT / "deploy" / "k8s"
CI = ROOT / ".github" / "workflows" / "ci.yml"
DYNAMIC_CONFIG = ROOT / "deploy" / "temporal" / "dynamicconfig" / "sluice.yaml"

NOT_YET_SETTINGS = {"LLM_PRICES_JSON": "activities/llm/_common.py"}
"""Variables the code reads from os.environ directly, until they move into Settings; each
with the file that reads it (a test checks it still does)."""

REFERENCE = re.compile(r"\$\{[^}]*\}")
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|_PWD$|SECRET|TOKEN|API_KEY|PRIVATE_KEY|_KEYS$")
URL_PASSWORD = re.compile(r"://[^/@\s:]*:([^@/\s]+)@")


def setting_names() -> set[str]:
    """Every environment variable name Settings reads: its field names, upper-cased."""
    return {name.upper() for name in Settings.model_fields}


def known_names() -> set[str]:
    """What a Sluice container may be given: a setting, or a variable read directly."""
    return setting_names() | set(NOT_YET_SETTINGS)


def setting_prefixes() -> set[str]:
    """First words of the setting names (`TEMPORAL_`, `WORKER_`, ...): the Sluice namespace."""
    return {name.split("_")[0] + "_" for name in setting_names() if "_" in name}


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name))


def is_reference(value: str) -> bool:
    """`${VAR}` or `${VAR:?message}`: filled from .env or the shell, with no default."""
    return bool(re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}", value))


def url_password(value: str) -> str | None:
    """The password written into a URL, after `${...}` references are blanked out."""
    match = URL_PASSWORD.search(REFERENCE.sub("REF", value))
    return match.group(1) if match else None


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def environment(service: dict[str, Any]) -> dict[str, str]:
    """A compose service's `environment`, as a mapping of strings (either syntax)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def one_shots() -> set[str]:
    """Services others wait on to *complete*: they run once and exit."""
    return {
        name
        for service in services().values()
        for name, dep in (service.get("depends_on") or {}).items()
        if isinstance(dep, dict) and dep.get("condition") == "service_completed_successfully"
    }


def is_sluice(service: dict[str, Any]) -> bool:
    """Built from this repository (the api, worker and migrate services)."""
    return "build" in service


@cache
def k8s_documents() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(file name, document) for every manifest under deploy/k8s/, templates included."""
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                found.append((path.name, doc))
    return tuple(found)


def k8s_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for _, doc in k8s_documents() if doc.get("kind") == kind]


def pod_spec(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The pod template's spec of a Deployment, Job or CronJob; None for other kinds."""
    spec = doc.get("spec", {})
    if doc.get("kind") == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    if doc.get("kind") in ("Deployment", "Job", "CronJob"):
        return spec["template"]["spec"]
    return None


def containers() -> Iterator[tuple[str, dict[str, Any]]]:
    """(owner name, container) for every container of every workload manifest."""
    for _, doc in k8s_documents():
        spec = pod_spec(doc)
        for container in (spec or {}).get("containers", []):
            yield doc["metadata"]["name"], container


def image_is_pinned(image: str) -> bool:
    """Has a tag other than `latest` (or a digest); `${VAR:-default}` is judged by its default."""
    default = re.fullmatch(r"\$\{[A-Za-z0-9_]+:-(.+)\}", image)
    if default:
        return image_is_pinned(default.group(1))
    if "$" in image:
        return False
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    return bool(name) and bool(tag) and "/" not in tag and tag != "latest"

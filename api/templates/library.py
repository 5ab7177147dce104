"""The template files in `files/`: loaded and checked once, searched, filled with credentials.

A template's graph names each credential it needs by a placeholder, `<credential:KEY>`, as the
value of a node's `credential_id`; using the template swaps every placeholder for the id of a
credential of the caller's workspace.
"""

import json
import re
import uuid
from functools import cache
from importlib import resources
from typing import Any

from activities import NODE_TYPES
from activities.credential_types import CREDENTIAL_TYPES
from interpreter import validate_graph

from .models import TemplatePublic, TemplateSummary

PLACEHOLDER = re.compile(r"^<credential:([a-z][a-z0-9_]{0,39})>$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Nodes whose provider (openai or anthropic) is chosen by their config, not their type.
_BY_PROVIDER = {"llm.classify", "llm.extract"}


class TemplateError(ValueError):
    """A template file is not a valid template; the message names the file and the field."""


def placeholder(key: str) -> str:
    return f"<credential:{key}>"


@cache
def templates() -> dict[str, TemplatePublic]:
    """Every shipped template by id, in file-name order; checked once per process."""
    found: dict[str, TemplatePublic] = {}
    folder = resources.files(__package__).joinpath("files")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            template = load(entry.name, json.loads(entry.read_text(encoding="utf-8")))
            found[template.id] = template
    return found


def load(file_name: str, raw: Any) -> TemplatePublic:
    """One template file's content, checked: TemplateError says what is wrong."""
    try:
        template = TemplatePublic.model_validate(raw)
    except ValueError as exc:
        raise TemplateError(f"{file_name}: {exc}") from exc
    problems = check(template)
    if file_name != f"{template.id}.json":
        problems.insert(0, f"id {template.id!r} must be the file's name")
    if problems:
        raise TemplateError(f"{file_name}: " + "; ".join(problems))
    return template


def check(template: TemplatePublic) -> list[str]:
    """What is wrong with a template (empty when nothing is)."""
    problems = [] if _ID.match(template.id) else [f"id {template.id!r} is not kebab-case"]
    if not template.description.strip():
        problems.append("description is empty")
    keys = [c.key for c in template.credentials]
    if len(set(keys)) != len(keys):
        problems.append("credentials: a key is listed twice")
    for credential in template.credentials:
        if credential.type not in CREDENTIAL_TYPES:
            problems.append(f"credentials: unknown type {credential.type!r}")
        if not PLACEHOLDER.match(placeholder(credential.key)):
            problems.append(f"credentials: key {credential.key!r} is not snake_case")
    types = {c.key: c.type for c in template.credentials}
    used = credential_uses(template.graph)
    for node_id, key in used:
        if key not in types:
            problems.append(f"node {node_id!r} uses credential {key!r}, which is not listed")
        elif types[key] in CREDENTIAL_TYPES and not _fits(
            _node(template.graph, node_id), types[key]
        ):
            problems.append(f"node {node_id!r} cannot use a {types[key]} credential")
    problems += [
        f"credential {k!r} is listed but no node uses it" for k in set(types) - {k for _, k in used}
    ]
    dummies = {c.key: str(uuid.uuid5(uuid.NAMESPACE_URL, c.key)) for c in template.credentials}
    errors = validate_graph(fill(template.graph, dummies), NODE_TYPES, max_nodes=200)
    problems += [f"graph: node {e.node_id}: {e.field}: {e.message}" for e in errors]
    return problems


def credential_uses(graph: dict[str, Any]) -> list[tuple[str, str]]:
    """(node id, credential key) of every placeholder in the graph's node configs."""
    uses = []
    for node in graph.get("nodes", []):
        reference = (node.get("data") or {}).get("config", {}).get("credential_id")
        match = PLACEHOLDER.match(reference) if isinstance(reference, str) else None
        if match:
            uses.append((node["id"], match.group(1)))
    return uses


def fill(graph: dict[str, Any], credentials: dict[str, str]) -> dict[str, Any]:
    """A copy of the graph with each `<credential:KEY>` replaced by `credentials[KEY]`."""
    copy = json.loads(json.dumps(graph))
    for node in copy.get("nodes", []):
        config = (node.get("data") or {}).get("config", {})
        match = PLACEHOLDER.match(str(config.get("credential_id", "")))
        if match and match.group(1) in credentials:
            config["credential_id"] = credentials[match.group(1)]
    return copy


def search(q: str | None) -> list[TemplateSummary]:
    """Templates whose name, description or tags contain every word of `q` (any case)."""
    words = (q or "").lower().split()
    found = []
    for template in templates().values():
        text = " ".join([template.name, template.description, *template.tags]).lower()
        if all(word in text for word in words):
            found.append(TemplateSummary.model_validate(template.model_dump()))
    return found


def _node(graph: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in graph["nodes"] if n["id"] == node_id)


def _fits(node: dict[str, Any], credential_type: str) -> bool:
    kind = CREDENTIAL_TYPES[credential_type].kind
    if node["type"] in _BY_PROVIDER:
        return kind == node["data"]["config"].get("provider")
    spec = NODE_TYPES.get(node["type"])
    return spec is not None and spec.credential_type == kind

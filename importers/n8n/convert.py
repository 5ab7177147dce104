"""Convert one n8n workflow export: parse, convert node by node, wire, report."""

import re
from typing import Any

from .connections import Wiring, parse_connections, wire
from .expressions import Scope, Source, Untranslatable
from .model import (
    CredentialPlaceholder,
    ImportResult,
    InvalidExport,
    N8nNode,
    ReportLine,
    Status,
)
from .registry import Context, Converted, Unsupported, converter_for


class Workflow:
    """The export being converted, as converters see it through their Context."""

    def __init__(self, nodes: list[N8nNode], wiring: Wiring) -> None:
        self.nodes = {node.name: node for node in nodes}
        self.wiring = wiring
        self.credentials: dict[str, CredentialPlaceholder] = {}
        self.sources: dict[str, Source] = {}
        self.folded: dict[str, tuple[Status, str]] = {}
        """sub-node name → (status, message) its parent's converter reported."""
        self._ids: dict[str, str] = {}
        for node in nodes:
            self._ids[node.name] = self._unique(_slug(node.name))

    def _unique(self, base: str) -> str:
        taken = set(self._ids.values())
        candidate, n = base, 2
        while candidate in taken:
            candidate = f"{base[:60]}_{n}"
            n += 1
        return candidate

    def node_id(self, name: str) -> str:
        return self._ids.get(name) or _slug(name)

    def extra_id(self, name: str, suffix: str) -> str:
        key = f"{name}\x00{suffix}"
        if key not in self._ids:
            self._ids[key] = self._unique(_slug(f"{self.node_id(name)}_{suffix}"))
        return self._ids[key]

    def upstream(self, name: str) -> list[str]:
        return self.wiring.upstream(name)

    def sub_nodes(self, name: str, kind: str) -> list[N8nNode]:
        return [self.nodes[n] for n in self.wiring.sub_nodes(name, kind) if n in self.nodes]

    def carve(self, names: list[str], trigger: str, name: str) -> ImportResult:
        """The nodes `names` as a workflow of their own, `trigger` becoming its manual trigger."""
        start = self.nodes[trigger]
        stand_in = N8nNode(
            start.name, "n8n-nodes-base.manualTrigger", 1, start.position, {}, {}, id=start.id
        )
        kept = set(names) | {trigger}
        nodes = [stand_in] + [self.nodes[n] for n in names if n in self.nodes]
        main = [c for c in self.wiring.main if c[0] in kept and c[2] in kept and c[2] != trigger]
        wiring = Wiring(
            main=[(s, 0 if s == trigger else i, t, j) for s, i, t, j in main],
            attached={s: a for s, a in self.wiring.attached.items() if a[0] in kept},
        )
        nodes += [self.nodes[s] for s in wiring.attached if s in self.nodes]
        child = Workflow(nodes, wiring)
        # The child's run inputs are {item, index}: n8n's `$json` there is the item.
        child.sources[trigger] = Source(f"nodes.{child.node_id(trigger)}.output.item")
        return _convert_nodes(name, child)

    def source(self, name: str) -> Source:
        return self.sources.get(name) or Source(f"nodes.{self.node_id(name)}.output")

    def scope_for(self, node: N8nNode) -> Scope:
        upstream = self.upstream(node.name)
        source = self.source(upstream[0]) if upstream else Source("inputs")
        nodes = {name: self.source(name) for name in self.nodes}
        return Scope(json=source.item, nodes=nodes, items=source.items)


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_").lower() or "node"
    if not re.match(r"[A-Za-z_]", slug):
        slug = f"n_{slug}"
    return slug[:64]


def parse_export(export: Any) -> tuple[str, list[N8nNode], dict[str, Any]]:
    """Name, nodes and raw connections of an export; raises InvalidExport."""
    if not isinstance(export, dict):
        raise InvalidExport("body", "must be an n8n workflow object")
    raw_nodes = export.get("nodes")
    if not isinstance(raw_nodes, list):
        raise InvalidExport("nodes", "must be a list")
    nodes = [N8nNode.parse(raw, i) for i, raw in enumerate(raw_nodes)]
    seen: set[str] = set()
    for i, node in enumerate(nodes):
        if node.name in seen:
            raise InvalidExport(f"nodes[{i}].name", f"duplicate node name {node.name!r}")
        seen.add(node.name)
    connections = export.get("connections", {})
    if not isinstance(connections, dict):
        raise InvalidExport("connections", "must be an object")
    name = export.get("name") or "Imported from n8n"
    if not isinstance(name, str):
        raise InvalidExport("name", "must be a string")
    return name[:200], nodes, connections


def convert(export: Any) -> ImportResult:
    """The Sluice graph and report for one n8n export. Raises InvalidExport."""
    name, nodes, raw_connections = parse_export(export)
    wiring = parse_connections(raw_connections, {n.name for n in nodes})
    return _convert_nodes(name, Workflow(nodes, wiring))


def _convert_nodes(name: str, workflow: Workflow) -> ImportResult:
    wiring = workflow.wiring
    report: list[ReportLine] = []
    graph_nodes: list[dict[str, Any]] = []
    converted: dict[str, Converted] = {}
    for node in wiring.order(list(workflow.nodes)):
        n8n = workflow.nodes[node]
        if n8n.name in wiring.attached:
            continue  # a sub-node: its parent's converter folds it in
        result = _convert_one(n8n, workflow, report)
        if result is None:
            continue
        converted[n8n.name] = result
        graph_nodes.extend(result.nodes)
        exit_node = result.exits.get(0, (result.entry, "out"))[0]
        if result.item or exit_node:
            item = result.item or f"nodes.{exit_node}.output"
            # setdefault: a carved workflow seeds its stand-in trigger's source
            workflow.sources.setdefault(n8n.name, Source(item, result.items))
    report.extend(_sub_node_lines(workflow, converted))
    absorbed = {n for result in converted.values() for n in result.absorbed}
    absorbed |= {s for s, (parent, _) in wiring.attached.items() if parent in absorbed}
    # An absorbed node's own sub-workflows (a loop in a loop) belong to its sub-workflow.
    subworkflows = [
        child
        for name, result in converted.items()
        if name not in absorbed
        for child in result.subworkflows
    ]
    if absorbed:
        graph_nodes, report = _without(absorbed, converted, graph_nodes, report, subworkflows)
    report.extend(_unanswered_webhooks(workflow, converted, graph_nodes))
    edges, lines = wire(wiring, workflow.nodes, converted)
    report.extend(lines)
    return ImportResult(
        name=name,
        graph={"nodes": graph_nodes, "edges": edges},
        report=report,
        credentials=list(workflow.credentials.values()),
        subworkflows=subworkflows,
    )


def _without(
    absorbed: set[str],
    converted: dict[str, Converted],
    graph_nodes: list[dict[str, Any]],
    report: list[ReportLine],
    subworkflows: list[ImportResult],
) -> tuple[list[dict[str, Any]], list[ReportLine]]:
    """The main graph and report once the absorbed nodes live in their sub-workflows."""
    gone = {g["id"] for n in absorbed if n in converted for g in converted.pop(n).nodes}
    kept = [line for line in report if line.node not in absorbed]
    for child in subworkflows:
        for line in child.report:
            if line.node in absorbed:
                message = f"in sub-workflow {child.name!r}: {line.message}"
                kept.append(
                    ReportLine(line.node, line.n8n_type, line.status, message, line.parameter)
                )
    return [g for g in graph_nodes if g["id"] not in gone], kept


def _unanswered_webhooks(
    workflow: Workflow, converted: dict[str, Converted], graph_nodes: list[dict[str, Any]]
) -> list[ReportLine]:
    """Webhooks set to answer `on_node` when every Respond to Webhook left the graph (a loop
    body's): they answer at once, as the save check allows no `on_node` without a responder."""
    if any(g["type"] == "webhook.respond" for g in graph_nodes):
        return []
    lines = []
    for name, result in converted.items():
        for g in result.nodes:
            config = g["data"].get("config") or {}
            if g["type"] == "trigger.webhook" and config.get("respond") == "on_node":
                del config["respond"]
                message = (
                    "responseMode responseNode: its Respond to Webhook is in a sub-workflow, "
                    "so Sluice answers 202 with the run id at once"
                )
                lines.append(
                    ReportLine(
                        name, workflow.nodes[name].type, "approximated", message, "responseMode"
                    )
                )
    return lines


def _sub_node_lines(workflow: Workflow, converted: dict[str, Converted]) -> list[ReportLine]:
    """One line per sub-node: what its parent's converter made of it, or why nothing."""
    lines = []
    for name, (parent, kind) in workflow.wiring.attached.items():
        node = workflow.nodes[name]
        status: Status
        if name in workflow.folded:
            status, message = workflow.folded[name]
        elif parent not in converted:
            status, message = "unsupported", f"attached to {parent!r} ({kind}), not converted"
        else:
            status = "unsupported"
            message = f"{kind} sub-node of {parent!r}: its conversion does not use it"
        lines.append(ReportLine(name, node.type, status, message))
    return lines


def _convert_one(node: N8nNode, workflow: Workflow, report: list[ReportLine]) -> Converted | None:
    converter = converter_for(node)
    if converter is None:
        report.append(
            ReportLine(
                node.name,
                node.type,
                "unsupported",
                f"no converter for {node.type} (typeVersion {node.type_version:g}); "
                "rebuild this step with a Sluice node (GET /api/node-types lists them)",
            )
        )
        return None
    context = Context(workflow, node)
    try:
        result = converter(node, context)
    except Unsupported as exc:
        message = exc.reason + (f"; {exc.what_to_do}" if exc.what_to_do else "")
        report.append(ReportLine(node.name, node.type, "unsupported", message))
        return None
    except Untranslatable as exc:
        report.append(
            ReportLine(
                node.name,
                node.type,
                "unsupported",
                f"expression not translated ({exc.reason}): {exc.expression}; write it as a "
                "Sluice expression (docs/import-n8n.md)",
                exc.parameter,
            )
        )
        return None
    _finish(node, result, context, report)
    return result


def _finish(node: N8nNode, result: Converted, context: Context, report: list[ReportLine]) -> None:
    if result.nodes is None or not result.nodes:
        report.append(ReportLine(node.name, node.type, "dropped", "; ".join(result.notes)))
        return
    for graph_node in result.nodes:
        graph_node["data"]["n8n"] = {"name": node.name, "type": node.type}
        if node.notes:
            graph_node["data"]["notes"] = node.notes
    if node.on_error == "continueErrorOutput" and result.error_exit:
        for graph_node in result.nodes:
            if graph_node["id"] == result.error_exit[0]:
                graph_node["data"]["continue_on_error"] = True
    elif node.on_error in ("continueRegularOutput", "continueErrorOutput"):
        context.approximate(f"onError {node.on_error}: the node continues on error")
        for graph_node in result.nodes:
            graph_node["data"]["continue_on_error"] = True
    if node.disabled:
        _disable(result, context)
    status: Status = (
        "approximated" if (context.lines or result.status == "approximated") else "converted"
    )
    notes = list(result.notes)
    for message, parameter in context.lines:
        report.append(ReportLine(node.name, node.type, "approximated", message, parameter))
    if not context.lines or notes:
        report.append(ReportLine(node.name, node.type, status, "; ".join(notes) or "converted"))


def _disable(result: Converted, context: Context) -> None:
    # Sluice has no disabled flag at run time: a pass-through keeps the wiring and the config.
    for graph_node in result.nodes:
        original = {"type": graph_node["type"], "config": graph_node["data"]["config"]}
        graph_node["type"] = "util.noop"
        graph_node["data"]["config"] = {}
        graph_node["data"]["disabled"] = True
        graph_node["data"]["disabled_node"] = original
    result.exits = {index: (node_id, "out") for index, (node_id, _) in result.exits.items()}
    result.error_exit = None
    context.approximate("disabled in n8n: kept as a disabled pass-through (util.noop)")

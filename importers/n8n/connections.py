"""n8n `connections` → Sluice edges, through each converted node's entry and exits."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import InvalidExport, N8nNode, ReportLine

if TYPE_CHECKING:
    from .registry import Converted


@dataclass
class Wiring:
    """Main connections (source, output, target, input) and attached sub-nodes."""

    main: list[tuple[str, int, str, int]] = field(default_factory=list)
    attached: dict[str, tuple[str, str]] = field(default_factory=dict)
    """sub-node name → (parent name, connection kind such as ai_languageModel)."""

    def upstream(self, name: str) -> list[str]:
        """Sources of a node's main inputs, by input index then order."""
        found = sorted((i, n) for n, (s, _, t, i) in enumerate(self.main) if t == name)
        return [self.main[n][0] for _, n in found]

    def sub_nodes(self, parent: str, kind: str) -> list[str]:
        return [s for s, (p, k) in self.attached.items() if p == parent and k == kind]

    def order(self, names: list[str]) -> list[str]:
        """Sources before targets (so `$json` knows its source). In a cycle the node entered
        from outside goes first (a loop before its body and what follows it)."""
        done: list[str] = []
        pending = list(names)
        while pending:
            ready = (
                [n for n in pending if all(s in done or s == n for s in self.upstream(n))]
                or [n for n in pending if any(s in done for s in self.upstream(n))][:1]
                or pending[:1]
            )
            for n in ready:
                done.append(n)
                pending.remove(n)
        return done


def parse_connections(raw: dict[str, Any], names: set[str]) -> Wiring:
    """Check and flatten an export's connections; raises InvalidExport naming the field."""
    wiring = Wiring()
    for source, kinds in raw.items():
        where = f"connections.{source}"
        if source not in names:
            raise InvalidExport(where, f"no node named {source!r}")
        if not isinstance(kinds, dict):
            raise InvalidExport(where, "must be an object of connection kinds")
        for kind, outputs in kinds.items():
            if not isinstance(outputs, list):
                raise InvalidExport(f"{where}.{kind}", "must be a list of outputs")
            for index, targets in enumerate(outputs):
                for n, target in enumerate(targets or []):
                    at = f"{where}.{kind}[{index}][{n}]"
                    if not isinstance(target, dict) or target.get("node") not in names:
                        raise InvalidExport(f"{at}.node", "must name a node of the workflow")
                    input_index = target.get("index", 0)
                    if not isinstance(input_index, int):
                        raise InvalidExport(f"{at}.index", "must be an integer")
                    if kind == "main":
                        wiring.main.append((source, index, target["node"], input_index))
                    else:
                        wiring.attached[source] = (target["node"], kind)
    return wiring


def wire(
    wiring: Wiring, nodes: dict[str, N8nNode], converted: dict[str, "Converted"]
) -> tuple[list[dict[str, Any]], list[ReportLine]]:
    """Sluice edges for the main connections, and report lines for the ones left out."""
    edges: list[dict[str, Any]] = []
    lines: list[ReportLine] = []
    seen: set[tuple[str, str, str, str]] = set()
    outputs = _output_counts(wiring)
    for source, index, target, input_index in wiring.main:
        src, dst = converted.get(source), converted.get(target)
        if src is None or dst is None or dst.entry is None:
            continue  # an unsupported or dropped end already has its report line
        node = nodes[source]
        if (
            node.on_error == "continueErrorOutput"
            and src.error_exit
            and index == outputs.get(source, 0) - 1
            and index not in src.exits
        ):
            exit_: tuple[str, str] | None = src.error_exit
        else:
            exit_ = src.exits.get(index)
        if exit_ is None:
            lines.append(
                ReportLine(
                    source,
                    node.type,
                    "approximated",
                    f"output {index} has no Sluice "
                    f"counterpart; its connection to {target!r} is left out",
                )
            )
            continue
        entry = (dst.inputs or {}).get(input_index, (dst.entry, "in"))
        key = (exit_[0], exit_[1], entry[0], entry[1])
        if key in seen:
            continue
        seen.add(key)
        edges.append(
            {
                "id": f"e{len(edges) + 1}",
                "source": exit_[0],
                "sourceHandle": exit_[1],
                "target": entry[0],
                "targetHandle": entry[1],
            }
        )
    return edges, lines


def _output_counts(wiring: Wiring) -> dict[str, int]:
    counts: dict[str, int] = {}
    for source, index, _, _ in wiring.main:
        counts[source] = max(counts.get(source, 0), index + 1)
    return counts

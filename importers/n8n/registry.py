"""Converters by n8n node type, and the Context a converter reads the workflow through."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .defaults import default_for
from .expressions import Scope, Untranslatable, translate
from .model import CredentialPlaceholder, ImportResult, N8nNode, Status, placeholder_reference

if TYPE_CHECKING:
    from .convert import Workflow


@dataclass
class Converted:
    """What one n8n node became.

    `entry` is the Sluice node the n8n node's input edges land on (None for triggers);
    `exits` maps n8n output index → (Sluice node id, source port). `inputs` overrides
    where each n8n input index lands ((node id, target port)), e.g. Merge's second input.
    `item` is the Sluice expression downstream `$json` reads (default: the exit node's
    output). `error_exit` is where `onError: continueErrorOutput` (n8n's last output) leads.
    `items` is the list `.all()` reads. `absorbed` names n8n nodes moved into `subworkflows`
    (a loop body): they leave this graph and its report lines come from the sub-workflow.
    """

    nodes: list[dict[str, Any]]
    entry: str | None
    exits: dict[int, tuple[str, str]]
    status: Literal["converted", "approximated"] = "converted"
    notes: list[str] = field(default_factory=list)
    error_exit: tuple[str, str] | None = None
    inputs: dict[int, tuple[str, str]] | None = None
    item: str | None = None
    items: str | None = None
    absorbed: list[str] = field(default_factory=list)
    subworkflows: list[ImportResult] = field(default_factory=list)


class Unsupported(Exception):
    """A converter cannot convert this node: why, and what the user can do instead."""

    def __init__(self, reason: str, what_to_do: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.what_to_do = what_to_do


Converter = Callable[[N8nNode, "Context"], Converted]
Versions = Collection[float] | Callable[[float], bool] | None

_CONVERTERS: dict[str, list[tuple[Versions, Converter]]] = {}


def converts(*n8n_types: str, versions: Versions = None) -> Callable[[Converter], Converter]:
    """Register a converter for these n8n types (all versions, a set, or a predicate)."""

    def register(converter: Converter) -> Converter:
        for n8n_type in n8n_types:
            _CONVERTERS.setdefault(n8n_type, []).append((versions, converter))
        return converter

    return register


def converter_for(node: N8nNode) -> Converter | None:
    """The converter for this node's type and version; None when there is none."""
    for versions, converter in _CONVERTERS.get(node.type, []):
        if versions is None:
            return converter
        if callable(versions) and versions(node.type_version):
            return converter
        if not callable(versions) and node.type_version in versions:
            return converter
    return None


def known_types() -> set[str]:
    """Every n8n node type some converter handles."""
    return set(_CONVERTERS)


class Context:
    """The workflow around the node being converted, as converters may read it."""

    def __init__(self, workflow: "Workflow", node: N8nNode) -> None:
        self._workflow = workflow
        self.node = node
        self.lines: list[tuple[str, str | None]] = []
        """(message, parameter) approximations noted while converting this node."""

    def expr(self, value: Any, parameter: str, *, item: str | None = None) -> Any:
        """An n8n parameter value with its `=...` expressions as Sluice `{{ }}` ones.

        With `item` (e.g. `@` for per-item conditions) `$json` reads it, and reading another
        node is Untranslatable. Raises Untranslatable (the converter may catch it).
        """
        scope = Scope(json=item) if item else self._workflow.scope_for(self.node)
        return translate(value, scope, parameter)

    def try_expr(self, value: Any, parameter: str, fallback: Any = None) -> Any:
        """`expr`, or `fallback` with an approximation line when it cannot be translated."""
        try:
            return self.expr(value, parameter)
        except Untranslatable as exc:
            self.approximate(
                f"expression not translated ({exc.reason}): {exc.expression}", parameter
            )
            return fallback

    def node_id(self, name: str) -> str:
        """The stable Sluice id of an n8n node name."""
        return self._workflow.node_id(name)

    def new_id(self, suffix: str) -> str:
        """A further Sluice id for a node this conversion adds (`<id>_<suffix>`)."""
        return self._workflow.extra_id(self.node.name, suffix)

    def credential(self, node: N8nNode, n8n_cred_key: str, sluice_type: str) -> str:
        """Register the node's credential as a placeholder; answer its reference for config."""
        ref = node.credentials.get(n8n_cred_key) or {}
        name = ref.get("name") or f"{node.name} {n8n_cred_key}"
        key = placeholder_reference(name, sluice_type)
        placeholder = self._workflow.credentials.get(key)
        if placeholder is None:
            placeholder = CredentialPlaceholder(name, n8n_cred_key, sluice_type)
            self._workflow.credentials[key] = placeholder
        if node.name not in placeholder.used_by:
            placeholder.used_by.append(node.name)
        return placeholder.reference

    def default(self, node: N8nNode, parameter: str) -> Any:
        """The n8n default of a parameter the export omitted (per type and typeVersion)."""
        return default_for(node.type, node.type_version, parameter)

    def param(self, parameter: str, node: N8nNode | None = None) -> Any:
        """A parameter as exported, else its default (dotted paths reach nested ones)."""
        target = node or self.node
        value: Any = target.parameters
        for part in parameter.split("."):
            if not isinstance(value, dict) or part not in value:
                return self.default(target, parameter)
            value = value[part]
        return value

    def input_item(self) -> str:
        """The Sluice expression (no braces) for `$json` of this node's main input."""
        return self._workflow.scope_for(self.node).json

    def input_items(self) -> str | None:
        """The Sluice expression for the list of items of the main input, when it is known."""
        upstream = self.upstream()
        return self._workflow.source(upstream[0]).items if upstream else None

    def list_of(self, name: str) -> str:
        """The JMESPath list of items node `name` outputs: its known list, else as a list."""
        source = self._workflow.source(name)
        return source.items or f"to_array({source.item})"

    def connections(self) -> list[tuple[str, int, str, int]]:
        """The workflow's main connections: (source, output, target, input)."""
        return list(self._workflow.wiring.main)

    def carve(self, names: list[str], trigger: str, name: str) -> ImportResult:
        """Convert the nodes `names` as a workflow of their own, named `name`, started by a
        manual trigger standing for the n8n node `trigger` (its run input `item` is `$json`)."""
        return self._workflow.carve(names, trigger, name)

    def has_node_type(self, n8n_type: str) -> bool:
        """Whether the workflow holds a node of this n8n type (e.g. a Respond to Webhook)."""
        return any(n.type == n8n_type for n in self._workflow.nodes.values())

    def upstream(self) -> list[str]:
        """Names of the n8n nodes wired into this node's main inputs."""
        return self._workflow.upstream(self.node.name)

    def sub_nodes(self, kind: str) -> list[N8nNode]:
        """Sub-nodes attached through an `ai_*` connection (e.g. `ai_languageModel`)."""
        return self._workflow.sub_nodes(self.node.name, kind)

    def fold(self, sub_node: N8nNode, message: str, status: Status = "converted") -> None:
        """Report what became of a sub-node this conversion folded in (or could not)."""
        self._workflow.folded[sub_node.name] = (status, message)

    def approximate(self, message: str, parameter: str | None = None) -> None:
        """Note what differs from n8n; the node's status becomes approximated."""
        self.lines.append((message, parameter))

    def graph_node(
        self, node_id: str, sluice_type: str, config: dict[str, Any], **data: Any
    ) -> dict[str, Any]:
        """A Sluice graph node at this n8n node's position, labelled with its name."""
        x, y = self.node.position
        return {
            "id": node_id,
            "type": sluice_type,
            "position": {"x": x, "y": y},
            "data": {"label": self.node.name[:200], "config": config, **data},
        }

    def single(
        self, sluice_type: str, config: dict[str, Any], *, port: str = "out", **kwargs: Any
    ) -> Converted:
        """The common case: one Sluice node for the n8n node, output 0 from `port`."""
        node_id = self.node_id(self.node.name)
        return Converted(
            nodes=[self.graph_node(node_id, sluice_type, config)],
            entry=node_id,
            exits={0: (node_id, port)},
            **kwargs,
        )

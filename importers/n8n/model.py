"""The n8n export as the importer reads it, and what an import answers."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["converted", "approximated", "unsupported", "dropped"]
STATUSES: tuple[Status, ...] = ("converted", "approximated", "unsupported", "dropped")
_RANK = {"converted": 0, "approximated": 1, "dropped": 2, "unsupported": 3}


class InvalidExport(ValueError):
    """The export is not an n8n workflow: `field` names the bad part, e.g. `nodes[3].type`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class N8nNode:
    """One entry of an export's `nodes`."""

    name: str
    type: str
    type_version: float
    position: tuple[float, float]
    parameters: dict[str, Any]
    credentials: dict[str, dict[str, Any]]
    disabled: bool = False
    on_error: str | None = None
    notes: str | None = None
    id: str | None = None

    @classmethod
    def parse(cls, raw: Any, index: int) -> "N8nNode":
        """Check one raw node; raises InvalidExport naming `nodes[index].<field>`."""
        where = f"nodes[{index}]"
        if not isinstance(raw, dict):
            raise InvalidExport(where, "must be an object")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidExport(f"{where}.name", "must be a non-empty string")
        node_type = raw.get("type")
        if not isinstance(node_type, str) or not node_type.strip():
            raise InvalidExport(f"{where}.type", "must be a non-empty string")
        version = raw.get("typeVersion", 1)
        if isinstance(version, bool) or not isinstance(version, int | float):
            raise InvalidExport(f"{where}.typeVersion", "must be a number")
        return cls(
            name=name,
            type=node_type,
            type_version=float(version),
            position=_position(raw.get("position", [0, 0]), f"{where}.position"),
            parameters=_object(raw.get("parameters"), f"{where}.parameters"),
            credentials=_credentials(raw.get("credentials"), f"{where}.credentials"),
            disabled=bool(raw.get("disabled", False)),
            on_error=_optional_text(raw.get("onError"), f"{where}.onError"),
            notes=_optional_text(raw.get("notes"), f"{where}.notes"),
            id=_optional_text(raw.get("id"), f"{where}.id"),
        )


def _position(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise InvalidExport(where, "must be [x, y] numbers")
    return float(value[0]), float(value[1])


def _object(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidExport(where, "must be an object")
    return value


def _credentials(value: Any, where: str) -> dict[str, dict[str, Any]]:
    creds = _object(value, where)
    for key, ref in creds.items():
        if isinstance(ref, str):  # very old exports hold only the name
            creds[key] = {"name": ref}
        elif not isinstance(ref, dict) or not isinstance(ref.get("name", ""), str):
            raise InvalidExport(f"{where}.{key}", "must be an object with a 'name'")
    return creds


def _optional_text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidExport(where, "must be a string")
    return value


@dataclass
class ReportLine:
    """What became of one n8n node (or one of its parameters)."""

    node: str
    n8n_type: str
    status: Status
    message: str
    parameter: str | None = None


@dataclass
class CredentialPlaceholder:
    """An n8n credential the import needs: created empty in the workspace, filled in later."""

    n8n_name: str
    n8n_type: str
    sluice_type: str
    used_by: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """What stands in the graph's config until the API swaps in the credential id."""
        return placeholder_reference(self.n8n_name, self.sluice_type)


def placeholder_reference(name: str, sluice_type: str) -> str:
    """`<placeholder:NAME>`; the type is part of the key, so one name may serve two types."""
    return f"<placeholder:{sluice_type}:{name}>"


@dataclass
class ImportResult:
    """The Sluice graph, one report line per node (or more), and the credentials it needs."""

    name: str
    graph: dict[str, Any]
    report: list[ReportLine]
    credentials: list[CredentialPlaceholder]
    subworkflows: list["ImportResult"] = field(default_factory=list)
    """Workflows carved out of this one (loop bodies): save them first, then put their ids
    where this graph's config holds `<placeholder:workflow:NAME>`."""

    def summary(self) -> dict[str, int]:
        """Number of n8n nodes per status (a node's worst line decides)."""
        worst: dict[str, Status] = {}
        for line in self.report:
            seen = worst.get(line.node)
            if seen is None or _RANK[line.status] > _RANK[seen]:
                worst[line.node] = line.status
        counts = Counter(worst.values())
        return {status: counts.get(status, 0) for status in STATUSES}

    @property
    def fully_converted(self) -> bool:
        """No node is unsupported."""
        return not any(line.status == "unsupported" for line in self.report)

    def report_dict(self) -> dict[str, Any]:
        """The report as the API answers it."""
        return {
            "lines": [vars(line).copy() for line in self.report],
            "summary": self.summary(),
            "fully_converted": self.fully_converted,
        }

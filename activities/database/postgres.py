"""Database nodes: `postgres.query` (parameterised SQL) and `postgres.insert` (bulk rows)."""

from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from ..credential_hosts import require_allowed_host
from ..credential_store import CredentialStore
from ..egress import EgressPolicy
from ._postgres import bind_parameters, run_insert, run_query, target


def build(deps: NodeDependencies) -> list[object]:
    database = DatabaseActivities(
        deps.credentials,
        deps.blobs,
        max_output_bytes=deps.settings.max_inline_payload_bytes,
        egress=deps.egress,
    )
    return [database.postgres_query, database.postgres_insert]


class DatabaseActivities:
    """PostgreSQL nodes; each call opens its own connection with the run's credential."""

    def __init__(
        self,
        credentials: CredentialStore,
        blobs: BlobStore,
        *,
        max_output_bytes: int,
        egress: EgressPolicy | None = None,
    ) -> None:
        self.credentials = credentials
        self.blobs = blobs
        self.max_output_bytes = max_output_bytes
        self.egress = egress or EgressPolicy()

    @node_activity("postgres.query")
    async def postgres_query(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        statement = config.get("sql")
        if not isinstance(statement, str) or not statement.strip():
            raise NodeError("config.sql must be a non-empty SQL statement", retryable=False)
        parameters = config.get("parameters")
        if parameters is not None and not isinstance(parameters, list | dict):
            raise NodeError(
                f"config.parameters must be a list or an object, not {type(parameters).__name__}",
                retryable=False,
            )
        mode = config.get("mode")
        if mode not in (None, "read", "write"):
            raise NodeError(f"config.mode must be 'read' or 'write', not {mode!r}", retryable=False)
        timeout = _number(config, "statement_timeout_seconds", 30, maximum=300)
        max_rows = int(_number(config, "max_rows", 1000, maximum=100_000))
        credential, addresses = await self._credential(task)
        return await with_heartbeats(
            run_query(
                credential,
                statement,
                bind_parameters(parameters),
                mode,
                timeout,
                max_rows,
                addresses=addresses,
            )
        )

    @node_activity("postgres.insert")
    async def postgres_insert(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        schema, table = config.get("schema", "public"), config.get("table")
        for name, value in (("schema", schema), ("table", table)):
            if not isinstance(value, str) or not value or len(value) > 63:
                raise NodeError(
                    f"config.{name} must be a name of 1 to 63 characters", retryable=False
                )
        # A large upstream output (parsed CSV rows...) arrives as a blob reference.
        rows = await self.blobs.load_json(task.workspace_id, config.get("rows"))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise NodeError("config.rows must be a list of objects", retryable=False)
        on_conflict = config.get("on_conflict", "error")
        if on_conflict not in ("error", "do_nothing"):
            raise NodeError("config.on_conflict must be 'error' or 'do_nothing'", retryable=False)
        credential, addresses = await self._credential(task)
        return await with_heartbeats(
            run_insert(
                credential, schema, table, rows, on_conflict == "do_nothing", addresses=addresses
            )
        )

    async def _credential(self, task: NodeTask) -> tuple[dict[str, Any], list[str]]:
        """The credential and the checked addresses of its host."""
        credential = await self.credentials.load(task, "postgres")
        if credential is None:
            raise NodeError("config.credential_id is required", retryable=False)
        host, port = target(credential)
        require_allowed_host(credential, host)
        return credential, await self.egress.resolve(host, port)


def _number(config: dict[str, Any], name: str, default: float, *, maximum: float) -> float:
    value = config.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= maximum:
        raise NodeError(
            f"config.{name} must be a number above 0 and at most {maximum}", retryable=False
        )
    return float(value)

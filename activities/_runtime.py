"""What every node activity shares: error classification, attempt reporting, heartbeats."""

import asyncio
import functools
import importlib
import json
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from temporalio import activity
from temporalio.exceptions import ApplicationError
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from core.node_errors import NodeError
from core.redaction import scrub_values
from interpreter import NodeOutcome, NodeTask

if TYPE_CHECKING:
    from core.blobs import BlobStore

T = TypeVar("T")
HEARTBEAT_EVERY_SECONDS = 2.0


@dataclass(frozen=True)
class Routed:
    """A node function's output sent out of `port` instead of `out` (routing nodes)."""

    output: Any
    port: str


NodeFunction = Callable[[Any, NodeTask], Awaitable[Any]]

_SECRETS: ContextVar[list[str] | None] = ContextVar("node_secrets", default=None)
"""Secret values the current activity loaded (CredentialStore): never in its errors."""


def remember_secrets(values: Iterable[Any]) -> None:
    """Note secret values this activity holds, so its error messages leave without them."""
    known = _SECRETS.get()
    if known is not None:
        known.extend(v for v in values if isinstance(v, str))


def scrub(text: str) -> str:
    """`text` without the current activity's secrets, URL query secrets or URL passwords."""
    return scrub_values(text, _SECRETS.get() or ())


def _leaks(exc: BaseException | None) -> bool:
    """Whether `exc` or an exception it was raised from holds a secret."""
    for _ in range(20):
        if exc is None:
            return False
        if scrub(str(exc)) != str(exc):
            return True
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return True


def _scrubbed(error: ApplicationError, cause: BaseException | None) -> ApplicationError:
    """`error` with its message scrubbed. Temporal sends the causes along, messages and
    all: `cause` stays attached only when nothing in it leaks."""
    clean = ApplicationError(
        scrub(error.message),
        *error.details,
        type=error.type,
        non_retryable=error.non_retryable,
        next_retry_delay=error.next_retry_delay,
    )
    clean.__cause__ = None if _leaks(cause) else cause
    clean.__suppress_context__ = True
    return clean


def node_activity(node_type: str, *, max_output_bytes: int | None = None) -> Callable[..., Any]:
    """Make a method `(self, task) -> output` the activity for `node_type`.

    Failures leave as `ApplicationError` carrying the attempt number, so the run shows it;
    `NodeError(retryable=False)` stops retries at once.
    """

    def wrap(func: NodeFunction) -> Callable[..., Awaitable[NodeOutcome]]:
        @functools.wraps(func)
        async def run(self: Any, task: NodeTask) -> NodeOutcome:
            attempt = activity.info().attempt
            secrets = _SECRETS.set([])
            try:
                output = await func(self, task)
            except NodeError as exc:
                failure = ApplicationError(
                    str(exc),
                    {"attempt": attempt},
                    type=node_type,
                    non_retryable=not exc.retryable,
                    next_retry_delay=_delay(exc.retry_after),
                )
                raise _scrubbed(failure, exc)  # noqa: B904 - the cause is chosen there
            except asyncio.CancelledError:
                raise
            except ApplicationError as exc:
                raise _scrubbed(exc, exc.__cause__)  # noqa: B904
            except Exception as exc:
                failure = ApplicationError(
                    f"{type(exc).__name__}: {exc}", {"attempt": attempt}, type=node_type
                )
                raise _scrubbed(failure, exc)  # noqa: B904
            finally:
                _SECRETS.reset(secrets)
            port = "out"
            if isinstance(output, Routed):
                output, port = output.output, output.port
            claim = CLAIM_CHECK.get()
            limit = max_output_bytes or (
                claim.limit if claim else getattr(self, "max_output_bytes", None)
            )
            if claim is not None and limit is not None and task.inline_limit is not None:
                limit = min(limit, task.inline_limit)  # the run's inline outputs near their budget
            if limit is not None:
                size = len(json.dumps(output, default=str))
                if size > limit and claim is not None:
                    output = await claim.fit(task, output, limit, attempt)
                elif size > limit:
                    raise ApplicationError(
                        f"output is {size} bytes, above the {limit}-byte limit "
                        "(MAX_INLINE_PAYLOAD_BYTES); narrow what the node returns",
                        {"attempt": attempt},
                        type=node_type,
                        non_retryable=True,
                    )
            return NodeOutcome(output=output, attempt=attempt, port=port)

        return activity.defn(name=node_type)(run)

    return wrap


def _delay(seconds: float | None) -> Any:
    from datetime import timedelta

    return None if seconds is None else timedelta(seconds=max(0.0, seconds))


async def with_heartbeats(work: Awaitable[T]) -> T:
    """Await `work`, heartbeating meanwhile so a cancelled run stops this activity."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=HEARTBEAT_EVERY_SECONDS)
            if done:
                return task.result()
            activity.heartbeat()
    finally:
        if not task.done():
            task.cancel()


_IMPORTED: set[str] = set()


async def import_off_loop(module: str) -> None:
    """Import `module` in a thread the first time (a node's heavy library, loaded when a
    node first needs it, not when the worker starts): the event loop does not wait for it.
    A plain `import` of it afterwards finds it loaded."""
    if module not in _IMPORTED:
        await asyncio.to_thread(importlib.import_module, module)
        _IMPORTED.add(module)


class ClaimCheck(Interceptor):
    """Worker interceptor: a node output above `limit` JSON bytes goes to the blob store and
    travels through Temporal as a reference.

    Node inputs (task.config) holding references stay references: nodes that need the
    bytes read them with `deps.blobs`.
    """

    def __init__(self, blobs: "BlobStore", limit: int) -> None:
        self.blobs = blobs
        self.limit = limit

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _ClaimCheckInbound(next, self)

    async def fit(self, task: NodeTask, output: Any, limit: int, attempt: int) -> Any:
        """`output` with its largest top-level fields stored as blobs (or all of it), so
        what stays inline (row counts, column names) is still there for expressions."""
        try:
            return await with_heartbeats(self._fit(task, output, limit))
        except NodeError as exc:
            raise ApplicationError(
                f"could not store the node's large output: {exc}",
                {"attempt": attempt},
                type=task.node_type,
                non_retryable=not exc.retryable,
            ) from exc

    async def _fit(self, task: NodeTask, output: Any, limit: int) -> Any:
        if isinstance(output, dict):
            fitted, total = dict(output), len(json.dumps(output, default=str))
            sizes = sorted(((len(json.dumps(v, default=str)), k) for k, v in output.items()))
            # Only big fields: many small blobs would cost more than one for the whole output.
            while total > limit and sizes and sizes[-1][0] > limit // 16:
                size, key = sizes.pop()
                fitted[key] = await self._store(task, f"{task.node_id}.{key}.json", output[key])
                total -= size - len(json.dumps(fitted[key]))
            if total <= limit:
                return fitted
        return await self._store(task, f"{task.node_id}.output.json", output)

    async def _store(self, task: NodeTask, name: str, value: Any) -> dict[str, Any]:
        data = json.dumps(value, default=str).encode()
        return await self.blobs.put_bytes(task.workspace_id, name, "application/json", data)


CLAIM_CHECK: ContextVar[ClaimCheck | None] = ContextVar("claim_check", default=None)
"""The claim check of the worker running the current activity (set by its interceptor)."""


class _ClaimCheckInbound(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, claim: ClaimCheck) -> None:
        super().__init__(next)
        self.claim = claim

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        token = CLAIM_CHECK.set(self.claim)
        try:
            return await self.next.execute_activity(input)
        finally:
            CLAIM_CHECK.reset(token)

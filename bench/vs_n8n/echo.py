"""The floor's hand-written workflow, in a module of its own: the sandbox imports a
workflow's module, and this one imports nothing but temporalio.

`python -m bench.vs_n8n.echo ADDRESS QUEUE` runs a worker for it (prints `ready`).
"""

import asyncio
import sys
from typing import Any

from temporalio import workflow
from temporalio.client import Client
from temporalio.worker import Worker


@workflow.defn(name="BenchEcho")
class Echo:
    """Answers its input: by the `answer` update, and as its result."""

    def __init__(self) -> None:
        self._value: dict[str, Any] | None = None

    @workflow.update
    async def answer(self) -> dict[str, Any]:
        await workflow.wait_condition(lambda: self._value is not None)
        return self._value or {}

    @workflow.run
    async def run(self, value: dict[str, Any]) -> dict[str, Any]:
        self._value = {"value": value["name"]}
        return self._value


async def serve(address: str, queue: str) -> None:
    client = await Client.connect(address)
    async with Worker(client, task_queue=queue, workflows=[Echo]):
        print("ready", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bench.vs_n8n.echo ADDRESS QUEUE")
    from bench.vs_n8n import echo  # the module's Echo, which the sandbox can import

    asyncio.run(echo.serve(sys.argv[1], sys.argv[2]))

"""A workspace's runs starting and finishing, from Temporal's visibility store."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from temporalio.client import Client

from .control import STATUS

POLL_SECONDS = 1.0


class WorkspaceEvents:
    def __init__(self, client: Client, workspace_id: uuid.UUID) -> None:
        self.client = client
        self.workspace_id = workspace_id
        self.seen: dict[str, str] = {}
        self.seq = 0

    async def stream(self) -> AsyncIterator[dict[str, Any]]:
        since = datetime.now(UTC)
        while True:
            query = (
                f"SluiceWorkspaceId = '{self.workspace_id}' AND "
                f"(StartTime > '{since.isoformat()}' OR CloseTime > '{since.isoformat()}')"
            )
            async for execution in self.client.list_workflows(query):
                status = STATUS.get(execution.status, "running") if execution.status else "running"
                if self.seen.get(execution.id) == status:
                    continue
                self.seen[execution.id] = status
                self.seq += 1
                yield {
                    "seq": self.seq,
                    "type": "run_started" if status == "running" else "run_finished",
                    "temporal_workflow_id": execution.id,
                    "run_id": execution.id[-36:],
                    "status": status,
                    "at": datetime.now(UTC).isoformat(),
                }
            await asyncio.sleep(POLL_SECONDS)

"""`transform.aggregate` over claim-checked rows, streamed from the blob store.

The general offload path loads every claim-checked value whole (bytes, then Python objects),
which for a 100 MiB CSV's rows costs over a GiB. An aggregate needs one row at a time: when
its items are exactly one claim-checked field, the rows are decoded as they are read and fed
to the interpreter's own `AggregateGroups`, so the output and its errors are the same.
"""

import asyncio
import json
import re
from typing import Any

from core.blobs import BlobStore
from interpreter import AggregateGroups, claimed_fields

from .json_stream import JsonArrayItems

NODE_TYPE = "transform.aggregate"
ITEMS_EXPRESSION = re.compile(
    r"^\s*\{\{\s*nodes\.([A-Za-z_][A-Za-z0-9_]*)\.output\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$"
)


def streamed_items(request: dict[str, Any]) -> dict[str, Any] | None:
    """The reference to stream the items from, or None when the general path must run
    (expressions elsewhere in the config, items built by an expression, several inputs)."""
    config, nodes = request.get("config"), request["context"]["nodes"]
    if not isinstance(config, dict):
        return None
    rest = {k: v for k, v in config.items() if k != "items"}
    if "{{" in json.dumps(rest, default=str):
        return None
    if "items" in config:
        match = (
            ITEMS_EXPRESSION.match(config["items"]) if isinstance(config["items"], str) else None
        )
        if match is None or match[1] not in nodes:
            return None
        node_id, field = match[1], match[2]
    else:
        sources = request.get("inputs", {}).get("in", [])
        if len(sources) != 1 or sources[0] not in nodes:
            return None
        node_id, field = sources[0], "items"
    output = nodes[node_id].get("output")
    if field not in claimed_fields(output):
        return None
    return output[field]  # type: ignore[no-any-return]


async def aggregate_stream(
    blobs: BlobStore, workspace_id: str, config: dict[str, Any], ref: dict[str, Any]
) -> dict[str, Any]:
    """The node's output, `{items, count}`, holding one chunk of the blob at a time."""
    groups = AggregateGroups(config.get("group_by"), config.get("aggregations"))
    items = JsonArrayItems(groups.add, f"config.items ({ref.get('name')!r})")
    async for chunk in await blobs.open(workspace_id, ref):
        await asyncio.to_thread(items.feed, chunk)
    await asyncio.to_thread(items.close)
    rows = await asyncio.to_thread(groups.rows)
    return {"items": rows, "count": len(rows)}

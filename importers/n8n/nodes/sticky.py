"""Sticky notes: dropped with their text in the report (Sluice graphs hold no notes)."""

from ..model import N8nNode
from ..registry import Context, Converted, converts


@converts("n8n-nodes-base.stickyNote")
def sticky(node: N8nNode, ctx: Context) -> Converted:
    """A sticky note has no Sluice node; its text is kept in the report."""
    text = str(node.parameters.get("content", "")).strip()
    return Converted(nodes=[], entry=None, exits={}, notes=[f"sticky note dropped: {text[:200]}"])

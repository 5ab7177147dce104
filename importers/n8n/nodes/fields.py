"""Set / Edit Fields (v1 `values`, v3 `assignments`) → transform.set."""

from typing import Any

from ..model import N8nNode
from ..registry import Context, Converted, converts


@converts("n8n-nodes-base.set")
def set_fields(node: N8nNode, ctx: Context) -> Converted:
    """Each field becomes a literal or an expression; includeOtherFields merges `$json`."""
    fields: dict[str, Any] = {}
    params = node.parameters
    if "assignments" in params:
        for i, item in enumerate((params.get("assignments") or {}).get("assignments", [])):
            name = str(item.get("name", f"field{i}"))
            fields[name] = ctx.try_expr(item.get("value"), f"assignments[{i}].value")
    elif "values" in params:
        for kind, entries in (params.get("values") or {}).items():
            for i, item in enumerate(entries or []):
                name = str(item.get("name", f"field{i}"))
                fields[name] = ctx.try_expr(item.get("value"), f"values.{kind}[{i}].value")
    elif params.get("mode") == "raw":
        ctx.approximate("raw JSON mode: kept as one field `json`", "jsonOutput")
        fields["json"] = ctx.try_expr(params.get("jsonOutput"), "jsonOutput")
    keep_all = params.get("includeOtherFields") or (
        node.type_version < 3 and not params.get("keepOnlySet", False)
    )
    if keep_all:
        ctx.approximate(
            "other input fields are not copied: Sluice's set outputs only the listed fields",
            "includeOtherFields",
        )
    if any("." in name for name in fields) and (params.get("options") or {}).get(
        "dotNotation", True
    ):
        ctx.approximate("dotted field names stay flat keys", "options.dotNotation")
    return ctx.single("transform.set", {"fields": fields})

"""Loops and sub-workflows: Loop Over Items (Split In Batches v3) → flow.for_each over a
carved-out body workflow; Execute Workflow → flow.subworkflow / flow.for_each;
Execute Workflow Trigger → trigger.manual.

A sub-workflow is passed the n8n item as its run input `item` (flow.for_each does so too),
so `$json` in the called workflow reads `inputs.item` in both cases.
"""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode, placeholder_reference
from ..registry import Context, Converted, Unsupported, converts
from .transform import items_of_input

add_defaults("n8n-nodes-base.splitInBatches", 1, {"batchSize": 10})
add_defaults("n8n-nodes-base.splitInBatches", 3, {"batchSize": 1})
add_defaults("n8n-nodes-base.executeWorkflow", 1, {"source": "database", "mode": "once"})


def _reachable(ctx: Context, starts: list[str], stop: str) -> list[str]:
    """Nodes reachable from `starts` along main connections, not passing through `stop`."""
    found: list[str] = []
    queue = [s for s in starts if s != stop]
    while queue:
        name = queue.pop(0)
        if name in found:
            continue
        found.append(name)
        queue += [t for s, _, t, _ in ctx.connections() if s == name and t != stop]
    return found


def loop_body(ctx: Context, loop: str) -> list[str]:
    """The n8n nodes of a Loop Over Items body: from its `loop` output (1) back to it.

    Unsupported when the body also feeds, or is fed by, the rest of the workflow.
    """
    connections = ctx.connections()
    body = _reachable(ctx, [t for s, i, t, _ in connections if s == loop and i == 1], loop)
    after = _reachable(ctx, [t for s, i, t, _ in connections if s == loop and i == 0], loop)
    shared = [n for n in body if n in after]
    if shared:
        raise Unsupported(
            f"the loop body reaches nodes that also run after the loop ({', '.join(shared)})",
            "give the loop body its own nodes, ending in a connection back to the loop",
        )
    for source, _, target, _ in connections:
        if target in body and source not in body and source != loop:
            raise Unsupported(
                f"the loop body node {target!r} also takes input from {source!r}",
                "feed the loop body only from the loop (read other nodes with $('Name'))",
            )
    return body


@converts("n8n-nodes-base.splitInBatches", versions=lambda v: v >= 3)
def loop_over_items(node: N8nNode, ctx: Context) -> Converted:
    """Loop Over Items v3 → flow.for_each running its body (a sub-workflow) once per item."""
    body = loop_body(ctx, node.name)
    if not body:
        raise Unsupported("the loop output is not connected", "connect the steps to repeat")
    outside = [n for n in ctx.upstream() if n not in body]
    listed = ctx.list_of(outside[0]) if outside else "to_array(inputs)"
    name = f"{node.name} (loop body)"
    child = ctx.carve(body, node.name, name)
    size = ctx.param("batchSize")
    if size != 1:
        ctx.approximate(f"the body runs once per item, not per batch of {size}", "batchSize")
    if (node.parameters.get("options") or {}).get("reset"):
        ctx.approximate("reset: the list is read once, when the loop starts", "options.reset")
    config = {
        "workflow_id": placeholder_reference(name, "workflow"),
        "items": "{{ " + listed + " }}",
        "concurrency": 1,
    }
    converted = ctx.single("flow.for_each", config, absorbed=body, subworkflows=[child])
    converted.items = converted.item = f"nodes.{converted.entry}.output.results"
    converted.notes.append(
        f"the body ({', '.join(body)}) became the sub-workflow {name!r} (subworkflows): save "
        "it first and put its id in workflow_id; items run one at a time (concurrency 1); "
        "after the loop `$json` reads the list of body results"
    )
    converted.status = "approximated"
    return converted


@converts("n8n-nodes-base.splitInBatches", versions=lambda v: v < 3)
def split_in_batches_legacy(node: N8nNode, ctx: Context) -> Converted:
    """Split In Batches v1/v2 loop back through an IF on `noItemsLeft`: rebuild them."""
    raise Unsupported(
        "Split In Batches v1/v2 ends its loop through an IF on the node's context "
        "(noItemsLeft), which Sluice cannot read",
        "replace it in n8n by Loop Over Items (v3) and import again, or use flow.for_each "
        "over the list with the repeated steps saved as their own workflow",
    )


def _workflow_ref(ctx: Context, node: N8nNode) -> str:
    """The placeholder for the called workflow, named after it."""
    ref = node.parameters.get("workflowId")
    if isinstance(ref, dict):  # resource locator: {__rl, value, mode, cachedResultName}
        label = ref.get("cachedResultName") or ref.get("value")
    else:
        label = ref
    if not isinstance(label, str) or not label or label.startswith("="):
        raise Unsupported("the workflow to run is an expression", "choose the workflow")
    return placeholder_reference(label, "workflow")


def _mapped(ctx: Context, node: N8nNode) -> dict[str, Any] | None:
    """Workflow inputs defined field by field (v1.2+), translated; None for passthrough."""
    inputs = node.parameters.get("workflowInputs")
    if not isinstance(inputs, dict) or inputs.get("mappingMode") != "defineBelow":
        return None
    values = inputs.get("value") or {}
    return {str(k): ctx.try_expr(v, f"workflowInputs.value.{k}") for k, v in values.items()}


@converts("n8n-nodes-base.executeWorkflow")
def execute_workflow(node: N8nNode, ctx: Context) -> Converted:
    """Execute Workflow → flow.subworkflow (once) or flow.for_each (each item)."""
    source = ctx.param("source")
    subworkflows = []
    if source == "parameter":
        from ..convert import convert  # a nested export: converted as a sub-workflow

        raw = node.parameters.get("workflowJson")
        try:
            export = json.loads(raw) if isinstance(raw, str) else raw
            child = convert(export)
        except (ValueError, TypeError) as exc:
            raise Unsupported(f"workflowJson is not an n8n export ({exc})", "fix it") from None
        child.name = f"{node.name} (sub-workflow)"
        subworkflows.append(child)
        workflow_id = placeholder_reference(child.name, "workflow")
    elif source == "database":
        workflow_id = _workflow_ref(ctx, node)
    else:
        raise Unsupported(
            f"source {source!r}: Sluice runs saved workflows only",
            "import that workflow into Sluice first, then pick it in flow.subworkflow",
        )
    mapped = _mapped(ctx, node)
    if ctx.param("mode") == "each":
        if mapped is not None:
            ctx.approximate("each item is passed whole (the field mapping is left out)")
        config: dict[str, Any] = {"workflow_id": workflow_id}
        config["items"] = "{{ " + items_of_input(ctx) + " }}"
        converted = ctx.single("flow.for_each", config, subworkflows=subworkflows)
        converted.item = converted.items = f"nodes.{converted.entry}.output.results"
    else:
        item = mapped if mapped is not None else "{{ " + ctx.input_item() + " }}"
        inputs = {"item": item, "items": "{{ " + items_of_input(ctx) + " }}"}
        config = {"workflow_id": workflow_id, "inputs": inputs}
        converted = ctx.single("flow.subworkflow", config, subworkflows=subworkflows)
    if (node.parameters.get("options") or {}).get("waitForSubWorkflow") is False:
        ctx.approximate("Sluice waits for the sub-workflow to finish", "options.waitForSubWorkflow")
    what = "the sub-workflow in subworkflows" if subworkflows else "the called workflow"
    converted.notes.append(
        f"import {what} into Sluice first, then put its id in workflow_id; it receives the "
        "item as its input `item` and answers the outputs of its last nodes"
    )
    converted.status = "approximated"
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts("n8n-nodes-base.executeWorkflowTrigger")
def execute_workflow_trigger(node: N8nNode, ctx: Context) -> Converted:
    """Execute Workflow Trigger → trigger.manual; `$json` is the run input `item`."""
    converted = ctx.single("trigger.manual", {})
    converted.entry = None
    converted.item = f"nodes.{ctx.node_id(node.name)}.output.item"
    converted.items = f"nodes.{ctx.node_id(node.name)}.output.items"
    ctx.approximate("started by flow.subworkflow / flow.for_each with the item as `item`")
    return converted

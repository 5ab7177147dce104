"""Flow: IF (v1, v2), No Op, Merge, Stop and Error, Wait."""

import json
import re
from typing import Any

from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

_WHOLE = re.compile(r"^\{\{(.*)\}\}$", re.DOTALL)


def operand(ctx: Context, value: Any, parameter: str) -> str:
    """A condition operand as JMESPath: a translated expression or a JSON literal."""
    translated = ctx.expr(value, parameter)
    if isinstance(translated, str):
        whole = _WHOLE.match(translated.strip())
        if whole and "{{" not in whole.group(1):
            return f"({whole.group(1).strip()})"
        if "{{" in translated:
            raise Unsupported(f"{parameter} mixes text and expressions", "use one expression")
    return "`" + json.dumps(translated) + "`"


_V2 = {
    "equals": "({a}) == ({b})",
    "notEquals": "({a}) != ({b})",
    "gt": "({a}) > ({b})",
    "gte": "({a}) >= ({b})",
    "lt": "({a}) < ({b})",
    "lte": "({a}) <= ({b})",
    "contains": "contains({a}, {b})",
    "notContains": "!contains({a}, {b})",
    "startsWith": "starts_with({a}, {b})",
    "endsWith": "ends_with({a}, {b})",
    "exists": "({a}) != `null`",
    "notExists": "({a}) == `null`",
    "empty": "length({a} || '') == `0`",
    "notEmpty": "length({a} || '') > `0`",
    "true": "({a}) == `true`",
    "false": "({a}) == `false`",
    "larger": "({a}) > ({b})",
    "largerEqual": "({a}) >= ({b})",
    "smaller": "({a}) < ({b})",
    "smallerEqual": "({a}) <= ({b})",
    "equal": "({a}) == ({b})",
    "notEqual": "({a}) != ({b})",
    "isEmpty": "length({a} || '') == `0`",
    "isNotEmpty": "length({a} || '') > `0`",
}


def condition(ctx: Context, node: N8nNode) -> str:
    """The JMESPath condition of an IF / Filter node (v1 or v2 conditions)."""
    params = node.parameters
    conditions = params.get("conditions") or {}
    parts: list[str] = []
    if isinstance(conditions.get("conditions"), list):  # v2
        joiner = " || " if conditions.get("combinator", "and") == "or" else " && "
        for i, item in enumerate(conditions["conditions"]):
            op = (item.get("operator") or {}).get("operation", "equals")
            parts.append(_one(ctx, op, item.get("leftValue"), item.get("rightValue"), i))
    else:  # v1: {string: [...], number: [...], boolean: [...]}
        joiner = " || " if params.get("combineOperation") == "any" else " && "
        for kind, items in conditions.items():
            for i, item in enumerate(items or []):
                op = item.get("operation", "equal" if kind != "string" else "equal")
                parts.append(_one(ctx, op, item.get("value1"), item.get("value2"), i, kind))
    if not parts:
        return "`true`"
    return joiner.join(f"({p})" for p in parts)


def _one(ctx: Context, op: str, left: Any, right: Any, i: int, kind: str = "") -> str:
    template = _V2.get(op)
    if template is None:
        raise Unsupported(f"condition operation {op!r} is not supported", "use a Sluice expression")
    where = f"conditions{'.' + kind if kind else ''}[{i}]"
    a = operand(ctx, left, f"{where}.leftValue")
    b = operand(ctx, right, f"{where}.rightValue") if "{b}" in template else ""
    return template.format(a=a, b=b)


@converts("n8n-nodes-base.if")
def if_node(node: N8nNode, ctx: Context) -> Converted:
    """IF → logic.condition: output 0 is `true`, output 1 `false`."""
    node_id = ctx.node_id(node.name)
    graph_node = ctx.graph_node(node_id, "logic.condition", {"expression": condition(ctx, node)})
    return Converted(
        nodes=[graph_node],
        entry=node_id,
        exits={0: (node_id, "true"), 1: (node_id, "false")},
        item=ctx.input_item(),
        error_exit=(node_id, "error"),
    )


@converts("n8n-nodes-base.noOp")
def no_op(node: N8nNode, ctx: Context) -> Converted:
    """No Op → util.noop passing its input on."""
    converted = ctx.single("util.noop", {})
    converted.item = ctx.input_item()
    return converted


@converts("n8n-nodes-base.merge")
def merge(node: N8nNode, ctx: Context) -> Converted:
    """Merge → logic.merge (outputs each branch by node id); modes are approximated."""
    mode = node.parameters.get("mode", "append")
    converted = ctx.single("logic.merge", {}, inputs={0: (ctx.node_id(node.name), "in")})
    converted.inputs = {i: (ctx.node_id(node.name), "in") for i in range(8)}
    if mode not in ("append", "passThrough", "chooseBranch"):
        ctx.approximate(
            f"mode {mode!r}: logic.merge outputs each branch's output by node id; "
            "combine them with transform.join (by field) downstream",
            "mode",
        )
    else:
        ctx.approximate("logic.merge outputs {node id: output} of the taken branches", "mode")
    return converted


@converts("n8n-nodes-base.stopAndError")
def stop_and_error(node: N8nNode, ctx: Context) -> Converted:
    """Stop and Error → flow.fail with the message."""
    message = node.parameters.get("errorMessage") or "Stopped by the workflow"
    if node.parameters.get("errorType") == "errorObject":
        message = "Stopped with an error object: " + str(node.parameters.get("errorObject", ""))
        ctx.approximate("error object kept as message text", "errorObject")
    converted = ctx.single("flow.fail", {"message": ctx.try_expr(message, "errorMessage", message)})
    converted.exits = {}
    return converted


_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


@converts("n8n-nodes-base.wait")
def wait(node: N8nNode, ctx: Context) -> Converted:
    """Wait (time interval) → util.delay; webhook/form resumes → human.approval."""
    resume = node.parameters.get("resume", "timeInterval")
    if resume == "timeInterval":
        amount = node.parameters.get("amount", 1)
        unit = node.parameters.get("unit", "hours" if node.type_version < 1.1 else "seconds")
        seconds = ctx.try_expr(amount, "amount", 1)
        if isinstance(seconds, int | float):
            seconds = seconds * _SECONDS.get(unit, 1)
        else:
            ctx.approximate("the amount is an expression: set the delay in seconds", "amount")
        converted = ctx.single("util.delay", {"seconds": seconds})
        converted.item = ctx.input_item()
        return converted
    if resume in ("webhook", "form"):
        converted = ctx.single(
            "human.approval", {"title": f"{node.name}: continue?"}, port="approved"
        )
        ctx.approximate(f"resume on {resume}: a Sluice approval resumes the run instead", "resume")
        converted.item = ctx.input_item()
        return converted
    raise Unsupported(f"Wait resume {resume!r} is not supported", "use util.delay")


@converts("n8n-nodes-base.switch", versions=lambda v: v >= 3)
def switch(node: N8nNode, ctx: Context) -> Converted:
    """Switch v3 (rules) → logic.switch: one port per rule, the fallback on `default`."""
    if node.parameters.get("mode", "rules") != "rules":
        raise Unsupported("Switch in expression mode", "write the rules as logic.switch rules")
    values = (node.parameters.get("rules") or {}).get("values") or []
    rules, exits = [], {}
    node_id = ctx.node_id(node.name)
    for i, rule in enumerate(values):
        fake = N8nNode(node.name, node.type, node.type_version, node.position,
                       {"conditions": rule.get("conditions") or {}}, {})  # fmt: skip
        rules.append({"port": f"rule_{i}", "expression": condition(ctx, fake)})
        exits[i] = (node_id, f"rule_{i}")
    if not rules:
        raise Unsupported("Switch with no rules", "use a logic.condition")
    fallback = (node.parameters.get("options") or {}).get("fallbackOutput", "none")
    if fallback == "extra":
        exits[len(rules)] = (node_id, "default")
    elif fallback != "none":
        ctx.approximate("fallback to a rule's output: it goes to `default`", "fallbackOutput")
    graph_node = ctx.graph_node(node_id, "logic.switch", {"rules": rules})
    return Converted([graph_node], node_id, exits, item=ctx.input_item())

"""n8n expressions (`={{ $json.x }}`, a JavaScript subset) → Sluice `{{ <JMESPath> }}`.

A small parser reads the subset the importer supports (paths into `$json`, `$input`,
`$('Node')`, `$node["Node"]`; literals; `+ - * /`; comparisons; `&& || !`; ternaries;
common string/array methods) and writes JMESPath using Sluice's extra functions.
Anything else raises `Untranslatable`, naming the construct.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ._js_parser import Node, ParseError, parse

_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Untranslatable(Exception):
    """An n8n expression the translator cannot express in Sluice."""

    def __init__(self, expression: str, reason: str, parameter: str | None = None) -> None:
        super().__init__(f"{reason}: {expression}")
        self.expression = expression
        self.reason = reason
        self.parameter = parameter


@dataclass
class Source:
    """How one n8n node's output reads in Sluice: its item, and its list of items."""

    item: str
    items: str | None = None


@dataclass
class Scope:
    """What an expression of one node may read: `$json` is `json`; `$('X')` is `nodes['X']`."""

    json: str
    nodes: dict[str, Source] = field(default_factory=dict)
    inputs: str = "inputs"
    items: str | None = None
    """The input's list of items when known (`$input.all()`)."""


def translate(value: Any, scope: Scope, parameter: str = "") -> Any:
    """A parameter value (nested values too) with every n8n expression translated."""
    if isinstance(value, dict):
        return {k: translate(v, scope, f"{parameter}.{k}".strip(".")) for k, v in value.items()}
    if isinstance(value, list):
        return [translate(v, scope, f"{parameter}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str) or not value.startswith("="):
        return value
    text = value[1:]
    try:
        return _BRACES.sub(lambda m: "{{ " + to_jmespath(m.group(1), scope) + " }}", text)
    except Untranslatable as exc:
        exc.parameter = parameter
        raise


def is_expression(value: Any) -> bool:
    """An n8n parameter value that is an expression (`=...`)."""
    return isinstance(value, str) and value.startswith("=")


def to_jmespath(source: str, scope: Scope) -> str:
    """One expression body (between n8n's braces) as a JMESPath expression."""
    source = source.strip()
    try:
        tree = parse(source)
    except ParseError as exc:
        raise Untranslatable(source, f"not in the supported JavaScript subset ({exc})") from None
    return _Writer(scope, source).value(tree).text


@dataclass
class _Out:
    text: str
    kind: str = "expr"  # "str" / "num" / "lit" for literals, "path" for plain paths


def _literal(value: Any) -> _Out:
    if isinstance(value, str):
        return _Out("'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'", "str")
    return _Out("`" + json.dumps(value) + "`", "num" if isinstance(value, int | float) else "lit")


def _field(name: str) -> str:
    return name if _IDENT.match(name) else json.dumps(name)


_COMPARE = {"===": "==", "==": "==", "!==": "!=", "!=": "!=", "<": "<", "<=": "<=", ">": ">"}
_COMPARE[">="] = ">="
_ARITHMETIC = {"-": "subtract", "*": "multiply", "/": "divide"}


class _Writer:
    def __init__(self, scope: Scope, source: str) -> None:
        self.scope = scope
        self.source = source

    def fail(self, reason: str) -> Untranslatable:
        return Untranslatable(self.source, reason)

    def value(self, node: Node) -> _Out:
        kind = node[0]
        if kind == "lit":
            return _literal(node[1])
        if kind == "cond":
            test, then, other = (self.value(n).text for n in node[1:])
            return _Out(f"if_else({test}, {then}, {other})")
        if kind == "un":
            operand = self.value(node[2])
            if node[1] == "!":
                return _Out(f"!({operand.text})")
            if node[1] == "-" and operand.kind == "num":
                return _literal(-json.loads(operand.text.strip("`")))
            return _Out(f"multiply(`-1`, {operand.text})")
        if kind == "bin":
            return self.binary(node[1], node[2], node[3])
        return self.chain(node)

    def binary(self, op: str, left: Node, right: Node) -> _Out:
        if op == "+":
            parts = self.concat_parts(left) + self.concat_parts(right)
            if any(p.kind == "str" for p in parts):
                pieces = ", ".join(
                    p.text if p.kind == "str" else f"to_string({p.text})" for p in parts
                )
                return _Out(f"join('', [{pieces}])")
            return _Out(f"add({self.value(left).text}, {self.value(right).text})")
        a, b = self.value(left).text, self.value(right).text
        if op in _COMPARE:
            return _Out(f"({a}) {_COMPARE[op]} ({b})")
        if op in ("&&", "||"):
            return _Out(f"({a}) {op} ({b})")
        if op == "??":
            return _Out(f"({a}) || ({b})")  # approximated: JMESPath's || also skips false/""
        if op in _ARITHMETIC:
            return _Out(f"{_ARITHMETIC[op]}({a}, {b})")
        raise self.fail(f"operator {op!r} is not supported")

    def concat_parts(self, node: Node) -> list[_Out]:
        if node[0] == "bin" and node[1] == "+":
            parts = self.concat_parts(node[2]) + self.concat_parts(node[3])
            if any(p.kind == "str" for p in parts):
                return parts
        return [self.value(node)]

    def chain(self, node: Node) -> _Out:
        root, steps = _flatten(node)
        out, steps = self.root(root, steps)
        for step in steps:
            out = self.step(out, step)
        return out

    def root(self, root: Node, steps: list[Node]) -> tuple[_Out, list[Node]]:
        if root[0] != "id":
            return self.value(root), steps
        name = root[1]
        if name == "$json":
            return _Out(self.scope.json, "path"), steps
        if name in ("$now", "$today"):
            return _Out("now()" if name == "$now" else "today()"), steps
        if name == "$input":
            return self.items_of(Source(self.scope.json, self.scope.items), steps, "$input")
        if name == "$":
            if not steps or steps[0][0] != "call" or not _string_args(steps[0], 1):
                raise self.fail("$() needs one node name in quotes")
            return self.items_of(self.source_of(steps[0][2][0][1]), steps[1:], "$('...')")
        if name == "$node":
            if (
                not steps
                or steps[0][0] not in ("prop", "index")
                or not isinstance(_key(steps[0]), str)
            ):
                raise self.fail('$node needs a node name: $node["Name"]')
            rest = steps[1:]
            if not rest or _key(rest[0]) != "json":
                raise self.fail('only $node["Name"].json is supported')
            return _Out(self.source_of(_key(steps[0])).item, "path"), rest[1:]
        if name == "$items":
            if not steps or steps[0][0] != "call" or not _string_args(steps[0], 1):
                raise self.fail('$items needs one node name: $items("Name")')
            source = self.source_of(steps[0][2][0][1])
            return _Out(source.items or f"[{source.item}]"), steps[1:]
        if name in _GLOBALS:
            return self.global_call(name, steps)
        raise self.fail(f"{name} is not supported")

    def source_of(self, name: str) -> Source:
        source = self.scope.nodes.get(name)
        if source is None:
            raise self.fail(f"no node named {name!r} in this workflow")
        return source

    def items_of(self, source: Source, steps: list[Node], what: str) -> tuple[_Out, list[Node]]:
        if not steps:
            raise self.fail(f"{what} needs .item, .first(), .last() or .all()")
        head, rest = steps[0], steps[1:]
        access = _key(head) if head[0] == "prop" else head[1] if head[0] == "call" else None
        if access == "all" and head[0] == "call":
            listed = source.items or f"[{source.item}]"
            if rest and rest[0][0] == "index" and isinstance(_key(rest[0]), int):
                index = _key(rest[0])
                item = f"{source.items}[{index}]" if source.items else source.item
                return self.json_of(_Out(item, "path"), rest[1:], what)
            return _Out(listed), rest
        if access in ("item", "first", "last"):
            if head[0] == "call" and access == "item":
                raise self.fail(f"{what}.item is a property, not a call")
            if access == "item" or not source.items:
                item = source.item
            else:
                item = f"{source.items}[{0 if access == 'first' else -1}]"
            return self.json_of(_Out(item, "path"), rest, what)
        raise self.fail(f"{what} needs .item, .first(), .last() or .all()")

    def json_of(self, out: _Out, steps: list[Node], what: str) -> tuple[_Out, list[Node]]:
        if not steps or steps[0][0] != "prop" or steps[0][1] != "json":
            raise self.fail(f"only {what}...json is supported (no .binary or .pairedItem)")
        return out, steps[1:]

    def global_call(self, name: str, steps: list[Node]) -> tuple[_Out, list[Node]]:
        if name in ("Math", "JSON", "Object"):
            if not steps or steps[0][0] != "call":
                raise self.fail(f"{name} is supported only as a function call")
            name = f"{name}.{steps[0][1]}"
        if not steps or steps[0][0] != "call":
            raise self.fail(f"{name} is supported only as a function call")
        function = _GLOBALS.get(name)
        if function is None:
            raise self.fail(f"{name}() is not supported")
        args = [self.value(a).text for a in steps[0][2]]
        return _Out(function(args)), steps[1:]

    def step(self, out: _Out, step: Node) -> _Out:
        base = out.text if out.kind == "path" else f"({out.text})"
        key = _key(step) if step[0] in ("prop", "index") else None
        picked = _hash_value(out.text, key) if isinstance(key, str) else None
        if picked is not None:  # a converter's item shaped like n8n's: `{a: x}.a` is x
            return _Out(picked, "path" if _PATH.match(picked) else "expr")
        if step[0] == "prop":
            if step[1] == "length":
                return _Out(f"length({out.text})")
            return _Out(f"{base}.{_field(step[1])}", "path" if out.kind == "path" else "expr")
        if step[0] == "index":
            key = _key(step)
            if isinstance(key, int):
                return _Out(f"{base}[{key}]", "path" if out.kind == "path" else "expr")
            if isinstance(key, str):
                return _Out(f"{base}.{_field(key)}", "path" if out.kind == "path" else "expr")
            raise self.fail('only literal indexes ([0], ["name"]) are supported')
        method = _METHODS.get(step[1])
        if method is None:
            raise self.fail(f".{step[1]}() is not supported")
        return _Out(method(out.text, [self.value(a).text for a in step[2]], self))


_PATH = re.compile(r"^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[-?\d+\])*$")
_OPEN, _CLOSE = "{[(", "}])"


def _hash_value(text: str, key: str) -> str | None:
    """The value of `key` in a JMESPath multi-select hash `{k: v, ...}` (None if not one)."""
    if not (text.startswith("{") and text.endswith("}")):
        return None
    depth, quote, start, pairs = 0, "", 1, []
    for i, char in enumerate(text[1:-1], start=1):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "'`\"":
            quote = char
        elif char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:
                return None  # `{a}.x || {b}`: not one hash
        elif char == "," and depth == 0:
            pairs.append(text[start:i])
            start = i + 1
    pairs.append(text[start:-1])
    for pair in pairs:
        name, sep, value = pair.partition(":")
        if sep and name.strip() in (key, json.dumps(key)):
            return value.strip()
    return None


def _flatten(node: Node) -> tuple[Node, list[Node]]:
    steps: list[Node] = []
    while node[0] in ("member", "index", "call"):
        if node[0] == "member":
            steps.append(("prop", node[2]))
        elif node[0] == "index":
            steps.append(("index", node[2]))
        elif node[1][0] == "member":  # obj.method(args)
            steps.append(("call", node[1][2], node[2]))
            node = node[1]
        elif node[1][0] == "id":
            steps.append(("call", node[1][1], node[2]))
            steps.reverse()
            return node[1], steps
        else:
            raise ParseError("only names and methods can be called")
        node = node[1]
    steps.reverse()
    return node, steps


def _key(step: Node) -> Any:
    if step[0] == "prop":
        return step[1]
    index = step[1]
    return index[1] if index[0] == "lit" else None


def _string_args(step: Node, count: int) -> bool:
    args = step[2]
    return len(args) == count and all(a[0] == "lit" and isinstance(a[1], str) for a in args)


def _method(template: str, arity: tuple[int, ...]) -> Any:
    def write(subject: str, args: list[str], writer: _Writer) -> str:
        if len(args) not in arity:
            raise writer.fail(f"{template.split('(')[0]}() takes {arity} arguments here")
        return template.format(subject, *args)

    return write


def _split(subject: str, args: list[str], writer: _Writer) -> str:
    if len(args) != 1:
        raise writer.fail("split() needs a separator")
    return f"split({subject}, {args[0]})"


_METHODS = {
    "toLowerCase": _method("lower({0})", (0,)),
    "toUpperCase": _method("upper({0})", (0,)),
    "trim": _method("trim({0})", (0,)),
    "split": _split,
    "join": _method("join({1}, {0})", (1,)),
    "includes": _method("contains({0}, {1})", (1,)),
    "startsWith": _method("starts_with({0}, {1})", (1,)),
    "endsWith": _method("ends_with({0}, {1})", (1,)),
    "replace": _method("replace_first({0}, {1}, {2})", (2,)),
    "replaceAll": _method("replace({0}, {1}, {2})", (2,)),
    "toString": _method("to_string({0})", (0,)),
    "toISO": _method("{0}", (0,)),
    "toISOString": _method("{0}", (0,)),
    "toFormat": _method("format_time({0}, {1})", (1,)),
    "toISODate": _method("format_time({0}, 'yyyy-MM-dd')", (0,)),
    "plus": _method("add_time({0}, {1}, {2})", (2,)),  # Luxon's plus(n, 'days')
    "minus": _method("add_time({0}, multiply(`-1`, {1}), {2})", (2,)),
    "keys": _method("keys({0})", (0,)),
    "reverse": _method("reverse({0})", (0,)),
    "sort": _method("sort({0})", (0,)),
    "slice": _method("slice({0}, {1})", (1,)),
}

_GLOBALS: dict[str, Any] = {
    "String": lambda a: f"to_string({a[0]})",
    "Number": lambda a: f"to_number({a[0]})",
    "parseInt": lambda a: f"to_number({a[0]})",
    "parseFloat": lambda a: f"to_number({a[0]})",
    "Math.max": lambda a: f"max([{', '.join(a)}])",
    "Math.min": lambda a: f"min([{', '.join(a)}])",
    "Math.abs": lambda a: f"abs({a[0]})",
    "Math.floor": lambda a: f"floor({a[0]})",
    "Math.ceil": lambda a: f"ceil({a[0]})",
    "JSON.stringify": lambda a: f"to_string({a[0]})",
    "Object.keys": lambda a: f"keys({a[0]})",
    "Object.values": lambda a: f"values({a[0]})",
}
_GLOBALS.update({"Math": None, "JSON": None, "Object": None})

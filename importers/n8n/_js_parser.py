"""A parser for the JavaScript expression subset n8n expressions mostly use.

Trees are tuples: ("lit", v), ("id", name), ("member", obj, name), ("index", obj, node),
("call", callee, [args]), ("un", op, node), ("bin", op, left, right), ("cond", t, a, b).
"""

import re
from typing import Any

Node = tuple[Any, ...]


class ParseError(ValueError):
    """Not an expression of the subset."""


_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\$])*`)
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||\?\?|\?\.|[.()\[\],?:+\-*/%<>!])
    )""",
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "`": "`"}
_BINARY = {
    "??": 1,
    "||": 2,
    "&&": 3,
    "==": 4, "!=": 4, "===": 4, "!==": 4,
    "<": 5, "<=": 5, ">": 5, ">=": 5,
    "+": 6, "-": 6,
    "*": 7, "/": 7, "%": 7,
}  # fmt: skip
_WORDS = {"true": True, "false": False, "null": None, "undefined": None}


def _tokens(source: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if not match:
            raise ParseError(f"unexpected {source[pos:].strip()[:10]!r}")
        pos = match.end()
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "num":
            out.append(("lit", float(text) if any(c in text for c in ".eE") else int(text)))
        elif kind == "str":
            body = re.sub(r"\\(.)", lambda m: str(_ESCAPES.get(m.group(1), m.group(1))), text[1:-1])
            out.append(("lit", body))
        elif kind == "name" and text in _WORDS:
            out.append(("lit", _WORDS[text]))
        else:
            out.append((kind, text))
    return out


def parse(source: str) -> Node:
    """The tree of one expression; raises ParseError."""
    parser = _Parser(_tokens(source))
    tree = parser.expression(0)
    if parser.peek() is not None:
        raise ParseError(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return tree


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, Any]:
        token = self.peek()
        if token is None or (text is not None and token[1] != text):
            raise ParseError(f"expected {text or 'more'}")
        self.pos += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] == text

    def expression(self, level: int) -> Node:
        left = self.unary()
        while True:
            token = self.peek()
            if token and token[0] == "op" and token[1] == "?" and level == 0:
                self.take("?")
                then = self.expression(0)
                self.take(":")
                return ("cond", left, then, self.expression(0))
            power = _BINARY.get(token[1]) if token and token[0] == "op" else None
            if power is None or power <= level:
                return left
            self.take()
            left = ("bin", token[1], left, self.expression(power))  # type: ignore[index]

    def unary(self) -> Node:
        if self.at("!") or self.at("-"):
            op = self.take()[1]
            return ("un", op, self.unary())
        return self.postfix(self.primary())

    def primary(self) -> Node:
        token = self.take()
        if token[0] == "lit":
            return token
        if token[0] == "name":
            return ("id", token[1])
        if token[1] == "(":
            inner = self.expression(0)
            self.take(")")
            return inner
        if token[1] == "[":
            raise ParseError("array literals are not supported")
        raise ParseError(f"unexpected {token[1]!r}")

    def postfix(self, node: Node) -> Node:
        while True:
            if self.at(".") or self.at("?."):
                self.take()
                name = self.take()
                if name[0] != "name":
                    raise ParseError("expected a name after '.'")
                node = ("member", node, name[1])
            elif self.at("["):
                self.take("[")
                node = ("index", node, self.expression(0))
                self.take("]")
            elif self.at("("):
                self.take("(")
                args: list[Node] = []
                while not self.at(")"):
                    args.append(self.expression(0))
                    if not self.at(")"):
                        self.take(",")
                self.take(")")
                node = ("call", node, args)
            else:
                return node

"""Code, Function and Function Item: Sluice runs no user code, so these are unsupported.

The report quotes the first lines of the code and names the Sluice nodes that usually
replace it, guessed from what the code calls.
"""

import re

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

add_defaults("n8n-nodes-base.code", 1, {"language": "javaScript", "mode": "runOnceForAllItems"})

_HINTS = [
    (r"\.filter\(|\bif\s*\(.*\)\s*(continue|return\s*(false|null|\[\]))", "transform.filter"),
    (r"\.sort\(", "transform.sort"),
    (r"\.reduce\(|\bsum\b|\btotal\s*\+=|\bcount\s*\+\+", "transform.aggregate"),
    (r"new Set\(|\bunique\b|\bdedupe\b", "transform.dedupe"),
    (r"\.map\(|return\s*\{|\bjson\s*:|\.json\.\w+\s*=", "transform.set"),
    (r"\bif\s*\(|\?.*:", "logic.condition"),
    (r"httpRequest|\bfetch\(|axios|\$http", "http.request"),
    (r"new Date|DateTime|\$now|toISOString|luxon|moment", "now() / format_time() expressions"),
    (r"crypto|createHash|md5|sha\d", "the hash() expression function"),
    (
        r"`[^`]*\$\{|\+\s*['\"]|\.join\(|\.toUpperCase|\.toLowerCase|\.replace\(",
        "{{ }} expressions (join, upper, lower, replace)",
    ),
]
_GENERIC = (
    "rebuild it with transform.set, transform.filter, transform.sort, transform.aggregate, "
    "logic.condition and {{ }} expressions (docs/nodes.md)"
)


def _first_lines(code: str, count: int = 3) -> str:
    lines = [line.rstrip() for line in code.strip().splitlines() if line.strip()]
    shown = " | ".join(line.strip()[:120] for line in lines[:count])
    return shown + (" | ..." if len(lines) > count else "")


def suggestions(code: str) -> list[str]:
    """The Sluice nodes or functions the code's calls suggest, most specific first."""
    found = []
    for pattern, target in _HINTS:
        if re.search(pattern, code) and target not in found:
            found.append(target)
    return found


def _unsupported(what: str, code: str) -> Unsupported:
    if not code.strip():
        return Unsupported(f"{what} with no code", "remove the node or use util.noop")
    hints = suggestions(code)
    what_to_do = (
        f"Sluice runs no user code; this code looks like work for {', '.join(hints)}"
        if hints
        else "Sluice runs no user code; " + _GENERIC
    )
    return Unsupported(f"{what}: {_first_lines(code)}", what_to_do)


@converts("n8n-nodes-base.code")
def code_node(node: N8nNode, ctx: Context) -> Converted:
    """Code (JavaScript or Python) → unsupported, quoting the code."""
    language = ctx.param("language")
    if language in ("python", "pythonNative"):
        code, what = node.parameters.get("pythonCode") or "", "Python code"
    else:
        code, what = node.parameters.get("jsCode") or "", "JavaScript code"
    if ctx.param("mode") == "runOnceForEachItem":
        what += " (run once for each item)"
    raise _unsupported(what, str(code))


@converts("n8n-nodes-base.function", "n8n-nodes-base.functionItem")
def function_node(node: N8nNode, ctx: Context) -> Converted:
    """Function / Function Item (legacy) → unsupported, quoting the code."""
    what = "Function Item code" if node.type.endswith("functionItem") else "Function code"
    raise _unsupported(what, str(node.parameters.get("functionCode") or ""))

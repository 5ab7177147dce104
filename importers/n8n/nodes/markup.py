"""XML (to JSON), HTML (generate from a template) and Markdown nodes."""

import re

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

add_defaults("n8n-nodes-base.xml", 1, {"mode": "xmlToJson", "dataPropertyName": "data"})
add_defaults("n8n-nodes-base.html", 1, {"operation": "generateHtmlTemplate"})


@converts("n8n-nodes-base.xml")
def xml(node: N8nNode, ctx: Context) -> Converted:
    """XML → JSON with file.parse_xml on the input's text field; JSON → XML is unsupported."""
    if ctx.param("mode") != "xmlToJson":
        raise Unsupported(
            "JSON to XML: Sluice has no XML writer",
            "write the XML text with transform.template",
        )
    field = ctx.param("dataPropertyName")
    content = "{{ " + f"{ctx.input_item()}.{_field(field)}" + " }}"
    converted = ctx.single("file.parse_xml", {"content": content})
    converted.item = f"nodes.{converted.entry}.output.data"
    converted.error_exit = (converted.entry or "", "error")
    if (ctx.param("options") or {}).get("explicitArray") is True:
        ctx.approximate("explicitArray: only repeated elements are lists", "options.explicitArray")
    converted.notes.append(
        "attributes are `@name` keys and mixed text `#text` (n8n merges attributes and uses `_`)"
    )
    return converted


def _field(path: str) -> str:
    """n8n's dotted field path (`body.xml`) as a JMESPath path."""
    return ".".join(
        p if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", p) else '"' + p + '"' for p in path.split(".")
    )


@converts("n8n-nodes-base.html")
def html(node: N8nNode, ctx: Context) -> Converted:
    """Generate HTML Template → transform.template; extracting from HTML is unsupported."""
    operation = ctx.param("operation")
    if operation == "generateHtmlTemplate":
        template = ctx.expr(ctx.param("html") or "", "html")
        converted = ctx.single("transform.template", {"template": template})
        converted.item = f"{{html: nodes.{converted.entry}.output.text}}"
        return converted
    if operation == "extractHtmlContent":
        raise Unsupported(
            "CSS-selector extraction: Sluice has no HTML parser",
            "use llm.extract with a field per value you need, or the site's JSON API",
        )
    raise Unsupported(
        f"HTML {operation}: no Sluice counterpart",
        "build the table with transform.template and join()",
    )


@converts("n8n-nodes-base.markdown")
def markdown(node: N8nNode, ctx: Context) -> Converted:
    """Markdown ↔ HTML has no Sluice counterpart."""
    raise Unsupported(
        "Markdown/HTML conversion: Sluice has no converter node",
        "send the text as it is (email.send takes text and html), or ask an LLM node",
    )

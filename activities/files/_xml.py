"""XML to JSON with defusedxml: entity declarations and external references are refused."""

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from .._runtime import NodeError

_ATTACK_HINT = (
    "Sluice refuses them because they enable entity-expansion (billion laughs) and "
    "external-entity (XXE) attacks; remove the DOCTYPE entities from the document"
)


def xml_to_json(path: Path, force_list: set[str], keep_namespaces: bool) -> dict[str, Any]:
    """`{"root": name, "data": {name: element}}` of the XML file at `path`."""
    try:
        tree = defusedxml.ElementTree.parse(
            path, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as exc:
        raise NodeError(
            f"the XML declares entity {exc.name!r}; {_ATTACK_HINT}", retryable=False
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise NodeError(
            f"the XML references an external resource ({exc.sysid}); {_ATTACK_HINT}",
            retryable=False,
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise NodeError(f"the XML was refused: {exc}; {_ATTACK_HINT}", retryable=False) from exc
    except ParseError as exc:
        raise NodeError(f"the file is not well-formed XML: {exc}", retryable=False) from exc
    root = tree.getroot()
    name = _name(root.tag, keep_namespaces)
    try:
        return {"root": name, "data": {name: _convert(root, force_list, keep_namespaces)}}
    except RecursionError:
        raise NodeError("the XML is nested too deeply to convert", retryable=False) from None


def _convert(element: Element, force_list: set[str], keep: bool) -> Any:
    attributes = {f"@{_name(k, keep)}": v for k, v in element.attrib.items()}
    parts = [element.text or ""] + [child.tail or "" for child in element]
    text = " ".join(p.strip() for p in parts if p.strip())
    if len(element) == 0 and not attributes:
        return text or None
    result: dict[str, Any] = attributes
    for child in element:
        key, value = _name(child.tag, keep), _convert(child, force_list, keep)
        if key in result:
            if not isinstance(result[key], list):  # converted elements are never lists
                result[key] = [result[key]]
            result[key].append(value)
        else:
            result[key] = [value] if key in force_list else value
    if text:
        result["#text"] = text
    return result


def _name(tag: Any, keep: bool) -> str:
    tag = str(tag)
    return tag if keep or not tag.startswith("{") else tag.split("}", 1)[1]

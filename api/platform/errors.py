"""Error answers shared by routes: 404s and graph validation 422s in FastAPI's shape."""

import re
from typing import Any, NoReturn

from fastapi import HTTPException, status
from pydantic import BaseModel

from interpreter import GraphError

_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def not_found(what: str, ident: object) -> NoReturn:
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what} {ident} not found")


def graph_invalid(errors: list[GraphError], graph: dict[str, Any]) -> NoReturn:
    """422 listing every problem with `loc` (for forms), `node_id` and `field`."""
    index = {n.get("id"): i for i, n in enumerate(graph.get("nodes", []))}
    detail = []
    for error in errors:
        if error.node_id is not None and not error.field.startswith("graph."):
            loc: list[Any] = ["body", "graph", "nodes", index.get(error.node_id, 0)]
            loc += _parts(_node_field(error.field))
        else:
            loc = ["body", *_parts(error.field)]
        detail.append(
            {
                "loc": loc,
                "msg": error.message,
                "type": "graph_invalid",
                "node_id": error.node_id,
                "field": error.field,
            }
        )
    raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


def _node_field(field: str) -> str:
    """Validation names config fields from `config`; on the wire they sit under `data`."""
    return field if field in ("id", "type") or field.startswith("data") else f"data.{field}"


def _parts(path: str) -> list[Any]:
    return [int(m.group(2)) if m.group(2) else m.group(1) for m in _PART.finditer(path)]


MAX_INT = 2**31 - 1
"""Largest id, offset or version the database's integer columns hold."""


class ErrorOut(BaseModel):
    """Every error answer: `detail` is a message, or a list of problems naming fields."""

    detail: str | list[dict[str, Any]]


class Problem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ProblemsOut(BaseModel):
    """A 422: what is wrong, located by `loc` (like FastAPI's own validation errors)."""

    detail: list[Problem]


_MEANING = {
    400: "Malformed body, or the workspace is ambiguous (send X-Workspace-Id)",
    401: "Missing, invalid or expired access token",
    403: "Your role in the workspace does not allow this",
    404: "No such object in this workspace",
    409: "Conflicts with the object's current state",
    413: "Request body larger than MAX_REQUEST_BYTES",
    429: "Rate limited; see Retry-After",
    503: "Temporal is unreachable",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the error answers a router can give."""
    return {code: {"model": ErrorOut, "description": _MEANING[code]} for code in codes}


SIGNED_IN = responses(400, 401, 403, 404, 409, 413, 429, 503)
PUBLIC = responses(400, 401, 403, 404, 409, 413, 429)

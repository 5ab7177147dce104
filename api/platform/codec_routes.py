"""Codec endpoint for the Temporal Web UI: decrypts history payloads for signed-in users."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads

from ..deps import CodecUser
from .errors import SIGNED_IN, ProblemsOut

PAYLOADS_SCHEMA = {
    "type": "object",
    "required": ["payloads"],
    "properties": {
        "payloads": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                    "data": {"type": "string", "description": "base64"},
                },
            },
        }
    },
}
PAYLOADS_BODY: dict[str, Any] = {
    "openapi_extra": {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PAYLOADS_SCHEMA}},
        }
    },
    "responses": {422: {"model": ProblemsOut, "description": "Not Temporal Payloads JSON"}},
}

router = APIRouter(prefix="/codec", tags=["codec"], responses=SIGNED_IN)


async def _payloads(request: Request) -> Payloads:
    try:
        return json_format.Parse(await request.body(), Payloads())
    except (json_format.ParseError, UnicodeDecodeError) as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {
                    "loc": ["body", "payloads"],
                    "msg": f"not a Temporal Payloads JSON: {exc}",
                    "type": "payloads",
                }
            ],
        ) from exc


def _answer(payloads: list[Any]) -> dict[str, Any]:
    return json_format.MessageToDict(Payloads(payloads=payloads))


@router.post("/encode", operation_id="codec-encode", **PAYLOADS_BODY)
async def encode(request: Request, user: CodecUser) -> dict[str, Any]:
    """Encrypt `{"payloads": [...]}` (Temporal's JSON form) the way Sluice does."""
    payloads = await _payloads(request)
    return _answer(await request.app.state.codec.encode(payloads.payloads))


@router.post("/decode", operation_id="codec-decode", **PAYLOADS_BODY)
async def decode(request: Request, user: CodecUser) -> dict[str, Any]:
    """Decrypt `{"payloads": [...]}`; what was not encrypted comes back unchanged."""
    payloads = await _payloads(request)
    try:
        return _answer(await request.app.state.codec.decode(payloads.payloads))
    except Exception as exc:
        message = (
            f"cannot decrypt these payloads ({type(exc).__name__}); were they sealed with a key "
            "this server no longer holds?"
        )
        detail = [{"loc": ["body", "payloads"], "msg": message, "type": "payloads"}]
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail) from exc

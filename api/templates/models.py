"""What the template routes answer and accept."""

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TemplateCredential(BaseModel):
    """A credential the template needs; `key` names its placeholder in the graph."""

    key: str
    type: str
    """A credential type of `GET /api/credential-types`."""
    purpose: str


class TemplateSummary(BaseModel):
    id: str
    name: str
    description: str
    tags: list[str]
    credentials: list[TemplateCredential]


class TemplatePublic(TemplateSummary):
    """A template with its graph; `credential_id` values read `<credential:KEY>`."""

    inputs_example: dict[str, Any] | None = None
    graph: dict[str, Any]


class TemplateUse(BaseModel):
    """`POST /api/templates/{id}/workflows`: a new workflow from the template."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    """Default: the template's name."""
    description: str | None = Field(default=None, max_length=2000)
    credentials: dict[str, uuid.UUID] = {}
    """Credential key → id of a credential of the workspace, one for every key."""

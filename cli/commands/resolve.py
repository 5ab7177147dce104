"""Turn what a person types (an id or a name) into an id."""

import uuid

from ..client import Api, CliError


def workflow_id(client: Api, ref: str) -> str:
    """`ref` is a workflow id, or a name matching exactly one workflow."""
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        pass
    page = client.call("GET", "/api/workflows", params={"limit": 500})
    matches = [w for w in page["data"] if w["name"] == ref]
    if not matches:
        raise CliError(f"no workflow is named {ref!r}", "list them with `sluice workflows list`")
    if len(matches) > 1:
        ids = ", ".join(w["id"] for w in matches)
        raise CliError(f"{len(matches)} workflows are named {ref!r}: {ids}", "pass the id instead")
    return str(matches[0]["id"])


def uuid_of(ref: str, what: str) -> str:
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        raise CliError(f"{ref!r} is not a {what} id", f"ids look like {uuid.UUID(int=0)}") from None

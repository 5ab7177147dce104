"""The sftp node family's declarations: node types, schemas and defaults (no I/O)."""

from typing import Any

from interpreter import NodeType, RetrySpec

from ..files.schemas import FILE_INPUT, FILE_REF_SCHEMA

_CREDENTIAL = {
    "type": "string",
    "format": "uuid",
    "description": "An SFTP server credential (host, username, password or private key, "
    "and the server's known_hosts line).",
}

_TIMEOUT = {
    "type": "number",
    "exclusiveMinimum": 0,
    "maximum": 300,
    "default": 30,
    "description": "Seconds to wait for the server to connect or answer (not the transfer).",
}

_RETRY = RetrySpec(max_attempts=5, initial_interval_seconds=2.0, maximum_interval_seconds=60.0)


def _sftp_type(name: str, label: str, description: str, **fields: Any) -> NodeType:
    properties, required = fields.pop("properties"), fields.pop("required")
    return NodeType(
        type=name,
        category="SFTP",
        label=label,
        description=description,
        kind="activity",
        credential_type="sftp",
        retry=_RETRY,
        heartbeat_seconds=30.0,
        config_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["credential_id", *required],
            "properties": {"credential_id": _CREDENTIAL, **properties, "timeout_seconds": _TIMEOUT},
        },
        **fields,
    )


SFTP_UPLOAD = _sftp_type(
    "sftp.upload",
    "SFTP upload",
    "Uploads a file to the server; written under a temporary name and renamed, so readers "
    "never see half a file.",
    timeout_seconds=3600.0,
    required=["file", "remote_path"],
    properties={
        "file": FILE_INPUT["file"],
        "remote_path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "description": "Where to write; ending in '/' means that folder, with the file's name.",
            "examples": ["/incoming/orders.csv", "/incoming/"],
        },
        "create_dirs": {
            "type": "boolean",
            "default": False,
            "description": "Create missing folders of remote_path.",
        },
        "overwrite": {
            "type": "boolean",
            "default": True,
            "description": "Replace an existing file; if false, an existing file fails the node.",
        },
    },
    output_schema={
        "type": "object",
        "properties": {"remote_path": {"type": "string"}, "size": {"type": "integer"}},
    },
)

SFTP_DOWNLOAD = _sftp_type(
    "sftp.download",
    "SFTP download",
    "Downloads a file from the server into a file reference for the next nodes.",
    timeout_seconds=3600.0,
    required=["remote_path"],
    properties={
        "remote_path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "examples": ["/outgoing/orders.csv"],
            "description": "The file to download.",
        },
        "file_name": {
            "type": "string",
            "maxLength": 255,
            "description": "Name of the downloaded file (default: the remote file's name).",
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "file": {**FILE_REF_SCHEMA, "description": "The downloaded file."},
            "remote_path": {"type": "string"},
            "modified_at": {"type": "string", "format": "date-time"},
        },
    },
)

SFTP_LIST = _sftp_type(
    "sftp.list",
    "SFTP list folder",
    "Lists a folder on the server: names, sizes, modification times, folders.",
    timeout_seconds=120.0,
    required=[],
    properties={
        "path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "default": ".",
            "description": "The folder (default: the login folder).",
            "examples": ["/outgoing"],
        },
        "pattern": {
            "type": "string",
            "maxLength": 200,
            "description": "Only names matching this glob.",
            "examples": ["*.csv"],
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "path": {"type": "string"},
                        "size": {"type": "integer"},
                        "modified_at": {"type": "string", "format": "date-time"},
                        "is_dir": {"type": "boolean"},
                    },
                },
            },
            "count": {"type": "integer"},
        },
    },
)

NODE_TYPES = [SFTP_UPLOAD, SFTP_DOWNLOAD, SFTP_LIST]

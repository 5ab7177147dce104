"""HTTP nodes: `http.request` and `webhook.send`, the send path and body limits.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import HTTP_REQUEST, NODE_TYPES, WEBHOOK_SEND

__all__ = ["HTTP_REQUEST", "NODE_TYPES", "WEBHOOK_SEND"]

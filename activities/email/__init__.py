"""Email nodes: send through SMTP.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import EMAIL_SEND, NODE_TYPES

__all__ = ["EMAIL_SEND", "NODE_TYPES"]

"""SMS nodes: send through Twilio.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES, TWILIO_SEND

__all__ = ["NODE_TYPES", "TWILIO_SEND"]

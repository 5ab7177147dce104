"""Trigger nodes: webhook, schedule and respond.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES, RESPOND, SCHEDULE, SCHEDULE_RUN_KEY, WEBHOOK

__all__ = ["NODE_TYPES", "RESPOND", "SCHEDULE", "SCHEDULE_RUN_KEY", "WEBHOOK"]

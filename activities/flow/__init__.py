"""Flow and control nodes: manual trigger, set, condition, merge, delay, sub-workflow,
for-each, switch and fail.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import (
    CONDITION,
    DELAY,
    FOR_EACH,
    MANUAL_TRIGGER,
    MERGE,
    NODE_TYPES,
    SET_FIELDS,
    SUBWORKFLOW,
)

__all__ = [
    "CONDITION",
    "DELAY",
    "FOR_EACH",
    "MANUAL_TRIGGER",
    "MERGE",
    "NODE_TYPES",
    "SET_FIELDS",
    "SUBWORKFLOW",
]

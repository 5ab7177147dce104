"""Types shared by the inline node implementations."""

from collections.abc import Callable
from typing import Any

InlineResult = tuple[Any, str]
"""(output, port emitted)."""
Inputs = dict[str, list[str]]
"""Input port → ids of the upstream nodes whose taken edges lead into it."""
InlineNode = Callable[[dict[str, Any], dict[str, Any], Inputs], InlineResult]
"""(raw config, run context {inputs, nodes}, inputs) → result; raise ValueError to fail."""

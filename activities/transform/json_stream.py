"""The items of a JSON array fed in chunks, decoded one at a time (claim-checked rows).

Reads any JSON array, however it was written (`file.parse_csv`'s spill, the claim check's
`json.dumps`), so refs written before streaming existed stay readable.
"""

import codecs
import json
import re
from collections.abc import Callable
from typing import Any

MAX_ITEM_CHARS = 64 * 1024 * 1024
"""One item bigger than this is refused rather than buffered without bound."""

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonArrayItems:
    """Feed bytes with `feed`, end with `close`; `on_item(item, index)` gets each item."""

    def __init__(self, on_item: Callable[[Any, int], None], name: str) -> None:
        self.on_item, self.name = on_item, name
        self.text = codecs.getincrementaldecoder("utf-8")()
        self.buffer, self.state, self.count = "", "start", 0

    def feed(self, data: bytes) -> None:
        self.buffer += self.text.decode(data)
        self._drain(final=False)

    def close(self) -> None:
        self.buffer += self.text.decode(b"", final=True)
        self._drain(final=True)
        if self.state != "end":
            raise ValueError(f"{self.name} ends before its JSON array does")

    def _drain(self, *, final: bool) -> None:
        buffer, pos = self.buffer, 0
        while True:
            pos = _SPACE.match(buffer, pos).end()  # type: ignore[union-attr]
            if pos == len(buffer):
                break
            char = buffer[pos]
            if self.state == "start":
                self._expect(char == "[", "a JSON array")
                self.state, pos = "first", pos + 1
            elif self.state in ("first", "after") and char == "]":
                self.state, pos = "end", pos + 1
            elif self.state == "after":
                self._expect(char == ",", "',' or ']' between items")
                self.state, pos = "item", pos + 1
            elif self.state in ("first", "item"):
                try:
                    item, end = _DECODER.raw_decode(buffer, pos)
                except json.JSONDecodeError as exc:
                    if final or len(buffer) - pos > MAX_ITEM_CHARS:
                        raise ValueError(f"{self.name} is not valid JSON: {exc}") from None
                    break  # the item continues in the next chunk
                after = _SPACE.match(buffer, end).end()  # type: ignore[union-attr]
                if not final and (after == len(buffer) or buffer[after] not in ",]"):
                    # A number cut by the chunk (`1.` of `1.5`) decodes short: wait for
                    # the separator that proves the item whole.
                    if len(buffer) - pos > MAX_ITEM_CHARS:
                        raise ValueError(f"{self.name} is not valid JSON near item {self.count}")
                    break
                self.on_item(item, self.count)
                self.count += 1
                self.state, pos = "after", end
            else:
                self._expect(False, "nothing after the array")
        self.buffer = buffer[pos:]

    def _expect(self, ok: bool, wanted: str) -> None:
        if not ok:
            raise ValueError(f"{self.name} must hold {wanted} (claim-checked items)")

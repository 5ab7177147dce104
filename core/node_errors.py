"""The failure every node raises, shared with the blob store so its errors classify alike."""


class NodeError(Exception):
    """A node failure with its retry classification; `retry_after` honours the peer."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after

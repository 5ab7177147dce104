"""Secrets out of text: URL query parameters, URL passwords, `key=value` and bearer tokens.

Used on log lines (after exceptions are formatted), span attributes and node error messages,
whatever produced the text.
"""

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"

_SECRET_NAME = (
    r"(?:token|key|sig|signature|password|passwd|pwd|secret|credential|auth|authorization|"
    r"session|sessionid|jwt|code)"
)
SECRET_QUERY = re.compile(
    rf"(?i)([?&;][^=&;#\s\"'<>]*?{_SECRET_NAME}=)[^&;#\s\"'<>]+",
)
"""A query parameter whose name ends in a secret-looking word (`api_key`, `X-Amz-Signature`,
`access_token`, `sig`...), up to the next separator."""
URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+@")
"""`scheme://user:password@host`."""
SECRET_ASSIGNMENT = re.compile(
    r"(?i)\b((?:pass(?:word|phrase)?|passwd|pwd|secret|api[_-]?key|access[_-]?token|"
    r"client[_-]?secret|private[_-]?key)\s*[=:]\s*)(?!\[redacted\])"
    r"(\"[^\"]*\"|'[^']*'|[^\s,;&#'\")]+)"
)
"""`password=...` in DSNs and messages (`host=db password=hunter2`)."""
SECRET_TEXT = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
"""An Authorization header value quoted in text."""


def scrub_text(text: str) -> str:
    """`text` with every secret-looking part replaced by [redacted]."""
    if not text:
        return text
    text = SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, text)
    text = URL_PASSWORD.sub(lambda m: m.group(1) + REDACTED + "@", text)
    text = SECRET_ASSIGNMENT.sub(lambda m: m.group(1) + REDACTED, text)
    return SECRET_TEXT.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def scrub_values(text: str, secrets: Iterable[str]) -> str:
    """`text` without any of `secrets` (known secret values, also URL-encoded), longest
    first, then `scrub_text`; values shorter than 4 characters would blank ordinary words."""
    forms = {f for s in secrets if len(s) >= 4 for f in (s, quote(s, safe=""), quote_plus(s))}
    for secret in sorted(forms, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return scrub_text(text)

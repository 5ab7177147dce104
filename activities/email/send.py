"""Email node: `email.send` over SMTP (STARTTLS, TLS or plain), with an audit row per send.

Sent once per idempotency key, across retries of the run: the Message-ID derives from the
key and the side-effect ledger answers a key already accepted (`deduplicated: true`) without
connecting. A worker killed after the server accepted but before the ledger row was written
sends once more on its retry.

The module's name does not hide the standard library's `email`: imports are absolute.
"""

import asyncio
import base64
import binascii
import hashlib
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask

from .._communications import CommunicationLog
from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from .._side_effects import SentLedger
from ..credential_hosts import require_allowed_host
from ..credential_store import CredentialStore
from ..egress import EgressPolicy
from ._smtp import classify, deliver, reply_text, target


def build(deps: NodeDependencies) -> list[object]:
    email = EmailActivities(
        deps.credentials,
        CommunicationLog(deps.engine),
        deps.blobs,
        max_attachment_bytes=deps.settings.email_max_attachment_bytes,
        egress=deps.egress,
        sent=SentLedger(deps.engine),
    )
    return [email.send]


class EmailActivities:
    """Sends mail with smtplib in a thread: its calls block."""

    def __init__(
        self,
        credentials: CredentialStore,
        log: CommunicationLog,
        blobs: BlobStore | None,
        *,
        max_attachment_bytes: int = 20 * 1024 * 1024,
        egress: EgressPolicy | None = None,
        sent: SentLedger | None = None,
    ) -> None:
        self.credentials = credentials
        self.sent = sent
        self.log = log
        self.blobs = blobs
        self.max_attachment_bytes = max_attachment_bytes
        self.egress = egress or EgressPolicy()

    @node_activity("email.send")
    async def send(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        credential = await self.credentials.load(task, "smtp")
        if credential is None:
            raise NodeError("config.credential_id is required", retryable=False)
        from_header = config.get("from") or credential.get("from_address")
        sender = _addresses(from_header, "from")
        if len(sender) != 1:
            raise NodeError("set config.from or the credential's from_address", retryable=False)
        to = _addresses(config.get("to"), "to")
        if not to:
            raise NodeError("config.to must name at least one recipient", retryable=False)
        recipients = to + [a for f in ("cc", "bcc") for a in _addresses(config.get(f), f)]
        if self.sent is not None and (done := await self.sent.already_sent(task)):
            return done
        previous = await self.log.previous_send(task)
        if previous is not None:
            return previous
        host, port = target(credential)
        require_allowed_host(credential, host)
        addresses = await self.egress.resolve(host, port)  # checked before anything is built
        message = _message(config, from_header, _message_id(task, sender[0]))
        for name, content_type, data in await self._attachments(task, config.get("attachments")):
            maintype, _, subtype = content_type.partition("/")
            message.add_attachment(
                data, maintype=maintype, subtype=subtype or "octet-stream", filename=name
            )
        timeout = float(config.get("timeout_seconds") or 30)
        try:
            refused = await with_heartbeats(
                asyncio.to_thread(
                    deliver, credential, message, sender[0], recipients, timeout, addresses
                )
            )
        except (smtplib.SMTPException, OSError) as exc:
            error = classify(exc)
            await self.log.record(
                task,
                channel="email",
                recipients=recipients,
                status="failed",
                provider_id=message["Message-ID"],
                error=str(error),
            )
            raise error from exc
        output = {
            "message_id": message["Message-ID"],
            "recipients": [r for r in recipients if r not in refused],
            "refused": {r: f"{code} {reply_text(reply)}" for r, (code, reply) in refused.items()},
        }
        if self.sent is not None:
            await self.sent.remember(task, output)
        await self.log.record(
            task,
            channel="email",
            recipients=recipients,
            status="sent",
            provider_id=message["Message-ID"],
            output=output,
        )
        return output

    async def _attachments(self, task: NodeTask, items: Any) -> list[tuple[str, str, bytes]]:
        if items is None:
            return []
        if not isinstance(items, list):
            raise NodeError("config.attachments must be a list", retryable=False)
        files, total = [], 0
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("$blob"), str):
                if self.blobs is None:
                    raise NodeError("file attachments need the blob store", retryable=False)
                # Counted as read: the reference's `size` is user-editable, never trusted.
                chunks = []
                async for chunk in await self.blobs.open(task.workspace_id, item):
                    total += len(chunk)
                    self._within_limit(total)
                    chunks.append(chunk)
                data = b"".join(chunks)
            elif isinstance(item, dict) and isinstance(item.get("content_base64"), str):
                try:
                    data = base64.b64decode(item["content_base64"], validate=True)
                except binascii.Error as exc:
                    raise NodeError(
                        f"config.attachments[{index}].content_base64 is not base64", retryable=False
                    ) from exc
                total += len(data)
                self._within_limit(total)
            else:
                raise NodeError(
                    f"config.attachments[{index}] must be a file reference or "
                    '{"name", "content_base64"}',
                    retryable=False,
                )
            name = str(item.get("name") or f"attachment-{index + 1}")
            files.append((name, str(item.get("content_type") or "application/octet-stream"), data))
        return files

    def _within_limit(self, total: int) -> None:
        if total > self.max_attachment_bytes:
            raise NodeError(
                f"the attachments are larger than {self.max_attachment_bytes} bytes together "
                "(EMAIL_MAX_ATTACHMENT_BYTES); send fewer or smaller files, or a link instead",
                retryable=False,
            )


def _addresses(value: Any, field: str) -> list[str]:
    """Bare addresses of a recipients field (a string, comma-separated, or a list)."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in items):
        raise NodeError(f"config.{field} must be an address or a list of them", retryable=False)
    parsed = getaddresses(items)
    for item in items:
        if "\r" in item or "\n" in item:
            raise NodeError(f"config.{field} must not contain line breaks", retryable=False)
    found = [address for _, address in parsed]
    bad = [a for a in found if a.count("@") != 1 or a.startswith("@") or a.endswith("@")]
    if bad or not found:
        raise NodeError(
            f"config.{field}: {', '.join(bad) or value!r} is not an email address", retryable=False
        )
    return found


def _message_id(task: NodeTask, sender: str) -> str:
    # Stable across attempts of this node in this run, so a duplicate can be recognised.
    digest = hashlib.sha256(task.idempotency_key.encode()).hexdigest()[:32]
    return f"<sluice.{digest}@{sender.rpartition('@')[2] or 'sluice.invalid'}>"


def _message(config: dict[str, Any], from_header: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    try:
        message["From"] = from_header
        message["To"] = ", ".join(_as_list(config["to"]))
        if config.get("cc"):
            message["Cc"] = ", ".join(_as_list(config["cc"]))
        if config.get("reply_to"):
            message["Reply-To"] = config["reply_to"]
        message["Subject"] = str(config.get("subject") or "")
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id
    except ValueError as exc:
        raise NodeError(f"config: a header is invalid: {exc}", retryable=False) from exc
    text, html = config.get("text"), config.get("html")
    if not isinstance(text or "", str) or not isinstance(html or "", str):
        raise NodeError("config.text and config.html must be text", retryable=False)
    if not text and not html:
        raise NodeError("config.text or config.html must hold the message", retryable=False)
    if text:
        message.set_content(text)
    if html and text:
        message.add_alternative(html, subtype="html")
    elif html:
        message.set_content(html, subtype="html")
    return message


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]

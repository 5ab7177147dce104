"""SMTP transport of the email node: one delivery per call, failures classified."""

import smtplib
import socket
import ssl
from email.message import EmailMessage
from typing import Any

from .._runtime import NodeError


def target(credential: dict[str, Any]) -> tuple[str, int]:
    """The credential's host and port (587 unless set)."""
    return str(credential["host"]).strip(), int(credential.get("port") or 587)


def deliver(
    credential: dict[str, Any],
    message: EmailMessage,
    sender: str,
    recipients: list[str],
    timeout: float,
    addresses: list[str],
) -> dict[str, tuple[int, bytes]]:
    """Send through one of `addresses` (the host's, checked by the egress policy); answer the
    refused recipients. TLS checks the certificate for the host name. Runs in a thread."""
    host, port = target(credential)
    security = credential.get("security") or "starttls"
    context = ssl.create_default_context()
    smtp: _PinnedSMTP = (
        _PinnedSMTPSSL(timeout=timeout, context=context)
        if security == "tls"
        else _PinnedSMTP(timeout=timeout)
    )
    smtp.addresses = addresses
    smtp._host = host  # what STARTTLS and TLS verify the certificate against
    try:
        code, reply = smtp.connect(host, port)
        if code != 220:
            raise smtplib.SMTPConnectError(code, reply)
        if security == "starttls":
            smtp.starttls(context=context)
        if credential.get("username"):
            smtp.login(credential["username"], credential.get("password") or "")
        refused = smtp.send_message(message, sender, recipients)
    except BaseException:
        smtp.close()
        raise
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # the server accepted the message; a failed goodbye changes nothing
    return refused


class _PinnedSMTP(smtplib.SMTP):
    """An SMTP client that dials only the checked `addresses`, never resolving the name."""

    addresses: list[str] = []

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        failure: OSError = OSError(f"no address to connect to for {host!r}")
        for address in self.addresses:
            try:
                return socket.create_connection((address, port), timeout, self.source_address)
            except OSError as exc:
                failure = exc
        raise failure


class _PinnedSMTPSSL(smtplib.SMTP_SSL, _PinnedSMTP):
    """SMTP over TLS from the first byte; its socket comes from `_PinnedSMTP`."""


def classify(exc: BaseException) -> NodeError:
    """What an SMTP failure means and whether a retry can help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        refused = "; ".join(f"{r}: {c} {reply_text(m)}" for r, (c, m) in exc.recipients.items())
        temporary = all(400 <= c < 500 for c in codes)
        return NodeError(f"every recipient was refused ({refused})", retryable=temporary)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return NodeError(
            f"the SMTP server does not support {exc}; check the credential's security",
            retryable=False,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        what = "rejected the login" if isinstance(exc, smtplib.SMTPAuthenticationError) else "said"
        temporary = 400 <= exc.smtp_code < 500
        return NodeError(
            f"the SMTP server {what}: {exc.smtp_code} {reply_text(exc.smtp_error)}"
            + ("; will retry" if temporary else ""),
            retryable=temporary,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return NodeError(
            f"the SMTP server's TLS certificate is not trusted: {exc.verify_message}",
            retryable=False,
        )
    if isinstance(exc, ssl.SSLError):
        return NodeError(
            f"TLS with the SMTP server failed ({exc.reason}); does the credential's security "
            "(starttls, tls, none) match the port?",
            retryable=False,
        )
    return NodeError(f"could not talk to the SMTP server: {exc!r}; will retry", retryable=True)


def reply_text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
